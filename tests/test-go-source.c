/* test-go-source.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The Go endpoint side of live sessions: the expvar, Prometheus and
 * goroutine-header parsers on crafted and real pages, the PauseNs ring
 * walk on simulated GC histories, and HsGoSource, discovery and the RSS
 * split against a real Go service (tests/gen/gometrics, built by meson
 * with `go build`; those tests skip when go is missing) and against local
 * sockets that hang, flood, refuse or answer 500. */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>
#include <string.h>

#include "hs-go-discover.h"
#include "hs-go-expvar.h"
#include "hs-go-fetch.h"
#include "hs-go-rss.h"
#include "hs-go-source.h"
#include "hs-go-text.h"
#include "hs-local-sampler.h"
#include "hs-session.h"
#include "hs-test-go-service.h"

/* Helpers ---------------------------------------------------------------- */

static void
store_result (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot,
             guint          timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (*slot == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (*slot);
  return *slot;
}

/* A GET with libsoup, here and now, for comparing with what a source got. */
static GBytes *
fetch_now (const char *url)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) message = soup_message_new ("GET", url);
  g_autoptr(GError) error = NULL;
  GBytes *body = soup_session_send_and_read (session, message, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (message), ==, 200);
  return body;
}

static JsonNode *
json_at (GBytes     *body,
         const char *path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gsize size;
  const char *data = g_bytes_get_data (body, &size);
  JsonNode *result;
  JsonArray *array;
  JsonNode *node;

  json_parser_load_from_data (parser, data, size, &error);
  g_assert_no_error (error);
  result = json_path_query (path, json_parser_get_root (parser), &error);
  g_assert_no_error (error);
  array = json_node_get_array (result);
  if (json_array_get_length (array) == 0)
    {
      json_node_unref (result);
      return NULL;
    }
  node = json_node_copy (json_array_get_element (array, 0));
  json_node_unref (result);
  return node;
}

static double
json_number_at (GBytes     *body,
                const char *path)
{
  g_autoptr(JsonNode) node = json_at (body, path);

  g_assert_nonnull (node);
  return json_node_get_double (node);
}

/* A Prometheus sample's value, found by plain text search: a check
 * independent of the parser. */
static gboolean
prom_line_value (GBytes     *body,
                 const char *name,
                 double     *out)
{
  g_autofree char *text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], name) && lines[i][strlen (name)] == ' ')
      {
        *out = g_ascii_strtod (lines[i] + strlen (name) + 1, NULL);
        return TRUE;
      }
  return FALSE;
}

static double
reading_value (HsReading *reading,
               guint      index)
{
  double value = NAN;

  if (!hs_reading_get_value (reading, index, &value))
    g_error ("value %u is missing (status %d)", index, hs_reading_get_status (reading, index));
  return value;
}

/* The Go service --------------------------------------------------------- */

static void
go_service_hold (GoService *svc,
                 gboolean   on)
{
  g_autofree char *url = g_strdup_printf ("%s/hold?on=%d", svc->url, on ? 1 : 0);
  g_autoptr(GBytes) body = fetch_now (url);
}


/* A local server that misbehaves ----------------------------------------- */

typedef enum
{
  SERVE_HANG,        /* accepts, reads nothing, answers nothing */
  SERVE_FLOOD,       /* 200, then bytes until the client goes away */
  SERVE_500,
  SERVE_PARTIAL,     /* 200 with a /debug/vars page lacking some fields */
  SERVE_GARBAGE,     /* 200 with malformed JSON and malformed exposition text */
  SERVE_RESET,       /* reads the request, then resets the connection */
  SERVE_METRICS,     /* only /metrics, with a sample repeated */
} ServeMode;

typedef struct
{
  GSocketService *service;
  guint           port;
  ServeMode       mode;
  gint            stop;
  gint64          sent;     /* bytes written by SERVE_FLOOD */
  gint            active;   /* handler threads still running */
} BadServer;

static void
read_request (GSocketConnection *connection,
              char              *path,
              gsize              size)
{
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  char buf[4096];
  gssize n = g_input_stream_read (in, buf, sizeof buf - 1, NULL, NULL);

  path[0] = '\0';
  if (n > 0)
    {
      buf[n] = '\0';
      sscanf (buf, "GET %1023s", path);
      (void) size;
    }
}

static gboolean
on_run (GThreadedSocketService *service,
        GSocketConnection      *connection,
        GObject                *source_object,
        BadServer              *server)
{
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  char path[1024];

  g_atomic_int_inc (&server->active);
  switch (server->mode)
    {
    case SERVE_HANG:
      while (!g_atomic_int_get (&server->stop))
        g_usleep (5000);
      break;
    case SERVE_FLOOD:
      {
        static const char head[] = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n";
        char chunk[16384];

        read_request (connection, path, sizeof path);
        /* A client that stops reading must not park this thread for ever. */
        g_socket_set_timeout (g_socket_connection_get_socket (connection), 1);
        memset (chunk, 'x', sizeof chunk);
        g_output_stream_write_all (out, head, sizeof head - 1, NULL, NULL, NULL);
        while (!g_atomic_int_get (&server->stop))
          {
            gsize written = 0;

            if (!g_output_stream_write_all (out, chunk, sizeof chunk, &written, NULL, NULL))
              break;
            server->sent += written;   /* read only once the thread is done */
          }
      }
      break;
    case SERVE_500:
      {
        static const char reply[] = "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 5\r\nConnection: close\r\n\r\noops\n";

        read_request (connection, path, sizeof path);
        g_output_stream_write_all (out, reply, sizeof reply - 1, NULL, NULL, NULL);
      }
      break;
    case SERVE_PARTIAL:
      {
        /* No HeapReleased, no ring; no other endpoint. */
        static const char vars[] = "{\"memstats\": {\"HeapAlloc\": 1000, \"HeapInuse\": 8192, \"NumGC\": 3}, \"answer\": 42}";
        g_autofree char *reply = NULL;

        read_request (connection, path, sizeof path);
        if (strcmp (path, "/debug/vars") == 0)
          reply = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n%s",
                                   strlen (vars), vars);
        else
          reply = g_strdup ("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        g_output_stream_write_all (out, reply, strlen (reply), NULL, NULL, NULL);
      }
      break;
    case SERVE_GARBAGE:
      {
        const char *body;
        g_autofree char *reply = NULL;

        read_request (connection, path, sizeof path);
        if (strcmp (path, "/debug/vars") == 0)
          body = "{\"memstats\": {\"HeapAlloc\": 1,";
        else if (strcmp (path, "/metrics") == 0)
          body = "go_goroutines{job=\"x} 3\n";
        else
          body = "<html>not a profile</html>";
        reply = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n%s",
                                 strlen (body), body);
        g_output_stream_write_all (out, reply, strlen (reply), NULL, NULL, NULL);
      }
      break;
    case SERVE_METRICS:
      {
        static const char page[] =
          "# TYPE go_memstats_heap_inuse_bytes gauge\n"
          "go_memstats_heap_inuse_bytes 4.194304e+06\n"
          "go_goroutines 17\n"
          "go_gc_duration_seconds_sum 0.5\n"
          "app_jobs{queue=\"a\"} 3\n"
          "app_jobs{queue=\"a\"} 4\n";
        g_autofree char *reply = NULL;

        read_request (connection, path, sizeof path);
        if (strcmp (path, "/metrics") == 0)
          reply = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n%s",
                                   strlen (page), page);
        else
          reply = g_strdup ("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        g_output_stream_write_all (out, reply, strlen (reply), NULL, NULL, NULL);
      }
      break;
    case SERVE_RESET:
      {
        GSocket *socket = g_socket_connection_get_socket (connection);
        struct linger linger = { 1, 0 };

        read_request (connection, path, sizeof path);
        /* SO_LINGER 0: close() sends RST instead of FIN. */
        setsockopt (g_socket_get_fd (socket), SOL_SOCKET, SO_LINGER, &linger, sizeof linger);
        g_socket_close (socket, NULL);
      }
      break;
    default:
      g_assert_not_reached ();
    }
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  g_atomic_int_dec_and_test (&server->active);
  return TRUE;
}

static BadServer *
bad_server_start (ServeMode mode)
{
  BadServer *server = g_new0 (BadServer, 1);
  g_autoptr(GError) error = NULL;

  server->mode = mode;
  server->service = g_threaded_socket_service_new (8);
  server->port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (server->service), NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (server->service, "run", G_CALLBACK (on_run), server);
  g_socket_service_start (server->service);
  return server;
}

static char *
bad_server_url (BadServer *server)
{
  return g_strdup_printf ("http://127.0.0.1:%u", server->port);
}

/* Returns how many bytes a flood wrote in all. */
static gint64
bad_server_stop (BadServer *server)
{
  gint64 sent;

  g_atomic_int_set (&server->stop, 1);
  g_socket_service_stop (server->service);
  g_socket_listener_close (G_SOCKET_LISTENER (server->service));
  /* Its handler threads may outlive the service object: wait for them. */
  g_object_unref (server->service);
  while (g_atomic_int_get (&server->active) > 0)
    g_usleep (1000);
  sent = server->sent;
  g_free (server);
  return sent;
}

/* Parsers ---------------------------------------------------------------- */

static void
test_expvar_fixture (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("HS_TEST_DATA_DIR"), "leakycache", "vars-t1.json", NULL);
  g_autofree char *text = NULL;
  gsize size;
  g_autoptr(GError) error = NULL;
  g_autoptr(HsGoExpvar) expvar = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_file_get_contents (path, &text, &size, &error);
  g_assert_no_error (error);
  bytes = g_bytes_new (text, size);
  expvar = hs_go_expvar_parse (text, size, size, &error);
  g_assert_no_error (error);

  /* Every field against json-glib read independently. */
  for (guint i = 0; i < HS_GO_N_MEMSTATS; i++)
    {
      g_autofree char *jpath = g_strdup_printf ("$.memstats.%s", hs_go_memstat_name (i));
      double value;

      g_assert_true (hs_go_expvar_get (expvar, i, &value));
      g_assert_cmpfloat (value, ==, json_number_at (bytes, jpath));
    }
  g_assert_true (expvar->has_pause_ring);
  for (guint i = 0; i < HS_GO_PAUSE_RING; i++)
    {
      g_autofree char *jpath = g_strdup_printf ("$.memstats.PauseNs[%u]", i);

      g_assert_cmpfloat ((double) expvar->pause_ns[i], ==, json_number_at (bytes, jpath));
    }
  /* The program's own vars, and the memstats fields not charted. */
  for (guint i = 0; i < expvar->extras->len; i++)
    {
      HsGoExtra *extra = &g_array_index (expvar->extras, HsGoExtra, i);
      g_autofree char *jpath = g_strdup_printf ("$.%s", extra->id);

      g_assert_cmpfloat (extra->value, ==, json_number_at (bytes, jpath));
    }
  g_assert_nonnull (expvar->extras);
  {
    gboolean seen_sessions = FALSE, seen_total_alloc = FALSE;

    for (guint i = 0; i < expvar->extras->len; i++)
      {
        const char *id = g_array_index (expvar->extras, HsGoExtra, i).id;

        seen_sessions |= strcmp (id, "sessions") == 0;
        seen_total_alloc |= strcmp (id, "memstats.TotalAlloc") == 0;
        g_assert_false (g_str_has_prefix (id, "cmdline"));
        g_assert_cmpstr (id, !=, "program");    /* a string */
      }
    g_assert_true (seen_sessions && seen_total_alloc);
  }
}

static void
test_expvar_crafted (void)
{
  static const char page[] =
    "{\"a\": {\"b\": {\"c\": 1.5, \"s\": \"x\"}}, \"list\": [1, 2], \"t\": true,"
    " \"memstats\": {\"HeapAlloc\": 5, \"TotalAlloc\": 7, \"PauseNs\": [1, 2]}, \"big\": 1e300}";
  g_autoptr(GError) error = NULL;
  g_autoptr(HsGoExpvar) expvar = hs_go_expvar_parse (page, strlen (page), 4096, &error);
  double value = -1;

  g_assert_no_error (error);
  g_assert_true (hs_go_expvar_get (expvar, HS_GO_HEAP_ALLOC, &value));
  g_assert_cmpfloat (value, ==, 5);
  /* Missing is missing, not zero. */
  value = -1;
  g_assert_false (hs_go_expvar_get (expvar, HS_GO_HEAP_INUSE, &value));
  g_assert_cmpfloat (value, ==, -1);
  /* A ring that is not 256 long is no ring. */
  g_assert_false (expvar->has_pause_ring);
  g_assert_cmpuint (expvar->extras->len, ==, 3);
  g_assert_cmpstr (g_array_index (expvar->extras, HsGoExtra, 0).id, ==, "a.b.c");
  g_assert_cmpfloat (g_array_index (expvar->extras, HsGoExtra, 0).value, ==, 1.5);
  g_assert_cmpstr (g_array_index (expvar->extras, HsGoExtra, 1).id, ==, "memstats.TotalAlloc");
  g_assert_cmpstr (g_array_index (expvar->extras, HsGoExtra, 2).id, ==, "big");
}

static void
test_expvar_refused (void)
{
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  HsGoExpvar *expvar;

  for (int i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  expvar = hs_go_expvar_parse (deep->str, deep->len, G_MAXSIZE, &error);
  g_assert_null (expvar);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "nested more than 64 levels deep"));
  g_clear_error (&error);

  /* Brackets inside strings do not count. */
  g_string_assign (deep, "{\"k\": \"");
  for (int i = 0; i < 1000; i++)
    g_string_append (deep, "[{");
  g_string_append (deep, "\"}");
  expvar = hs_go_expvar_parse (deep->str, deep->len, G_MAXSIZE, &error);
  g_assert_no_error (error);
  hs_go_expvar_free (expvar);

  expvar = hs_go_expvar_parse ("{}", 2, 1, &error);
  g_assert_null (expvar);
  g_assert_nonnull (strstr (error->message, "larger than the limit"));
  g_clear_error (&error);

  expvar = hs_go_expvar_parse ("{\"memstats\": ", 13, 100, &error);
  g_assert_null (expvar);
  g_assert_nonnull (strstr (error->message, "malformed"));
  g_clear_error (&error);

  expvar = hs_go_expvar_parse ("[1]", 3, 100, &error);
  g_assert_null (expvar);
  g_assert_nonnull (strstr (error->message, "not an object"));
}

/* A Go runtime in miniature: GC k (1-based) writes its pause at slot
 * (k + 255) % 256, as runtime/mgc.go does. */
typedef struct
{
  guint32 num_gc;
  guint64 ring[HS_GO_PAUSE_RING];
  guint64 end[HS_GO_PAUSE_RING];
} FakeRuntime;

static guint64
pause_of (guint32 gc)
{
  return 1000 + (guint64) gc * 7;
}

static void
fake_gc (FakeRuntime *rt)
{
  rt->num_gc++;
  rt->ring[(rt->num_gc + 255) % 256] = pause_of (rt->num_gc);
  rt->end[(rt->num_gc + 255) % 256] = rt->num_gc;
}

static void
test_pauses_crafted (void)
{
  FakeRuntime rt = { 0 };
  g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (HsGoPause));

  for (int i = 0; i < 3; i++)
    fake_gc (&rt);
  g_assert_cmpuint (hs_go_pauses_between (0, 3, rt.ring, rt.end, out), ==, 0);
  g_assert_cmpuint (out->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_assert_cmpuint (g_array_index (out, HsGoPause, i).gc, ==, i + 1);
      g_assert_cmpuint (g_array_index (out, HsGoPause, i).pause_ns, ==, pause_of (i + 1));
    }

  /* Across the ring's end: GCs 251..260 are at slots 250..255, 0..3. */
  while (rt.num_gc < 260)
    fake_gc (&rt);
  g_array_set_size (out, 0);
  g_assert_cmpuint (hs_go_pauses_between (250, 260, rt.ring, rt.end, out), ==, 0);
  g_assert_cmpuint (out->len, ==, 10);
  for (guint i = 0; i < 10; i++)
    g_assert_cmpuint (g_array_index (out, HsGoPause, i).pause_ns, ==, pause_of (251 + i));

  /* More than 256 since: 44 lost, the last 256 exact. */
  while (rt.num_gc < 560)
    fake_gc (&rt);
  g_array_set_size (out, 0);
  g_assert_cmpuint (hs_go_pauses_between (260, 560, rt.ring, rt.end, out), ==, 44);
  g_assert_cmpuint (out->len, ==, 256);
  g_assert_cmpuint (g_array_index (out, HsGoPause, 0).gc, ==, 305);
  for (guint i = 0; i < 256; i++)
    g_assert_cmpuint (g_array_index (out, HsGoPause, i).pause_ns, ==, pause_of (305 + i));

  /* Nothing new, or a counter that went down (a restarted service). */
  g_array_set_size (out, 0);
  g_assert_cmpuint (hs_go_pauses_between (560, 560, rt.ring, rt.end, out), ==, 0);
  g_assert_cmpuint (hs_go_pauses_between (600, 560, rt.ring, rt.end, out), ==, 0);
  g_assert_cmpuint (out->len, ==, 0);

  /* NumGC (a uint32) wrapping. */
  rt.num_gc = G_MAXUINT32 - 2;
  for (int i = 0; i < 5; i++)
    fake_gc (&rt);
  g_assert_cmpuint (rt.num_gc, ==, 2);
  g_assert_cmpuint (hs_go_pauses_between (G_MAXUINT32 - 2, 2, rt.ring, rt.end, out), ==, 0);
  g_assert_cmpuint (out->len, ==, 5);
  for (guint i = 0; i < 5; i++)
    g_assert_cmpuint (g_array_index (out, HsGoPause, i).pause_ns, ==, pause_of ((guint32) (G_MAXUINT32 - 1 + i)));
}

/* Readings at random moments of a random GC history: every pause is seen
 * exactly once or counted as lost, never twice. */
static void
test_pauses_history (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (1234);
  FakeRuntime rt = { 0 };
  g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (HsGoPause));
  guint32 prev = 0;
  guint64 seen = 0, lost = 0, expected_sum = 0, seen_sum = 0, lost_sum = 0;

  for (int reading = 0; reading < 2000; reading++)
    {
      /* Mostly a few GCs between readings; sometimes none, sometimes a
       * burst past the ring. */
      guint n = g_rand_int_range (rand, 0, 100) < 5 ? g_rand_int_range (rand, 257, 700)
                                                     : g_rand_int_range (rand, 0, 6);

      for (guint i = 0; i < n; i++)
        {
          fake_gc (&rt);
          expected_sum += pause_of (rt.num_gc);
        }
      g_array_set_size (out, 0);
      {
        guint l = hs_go_pauses_between (prev, rt.num_gc, rt.ring, rt.end, out);

        lost += l;
        for (guint i = 0; i < l; i++)
          lost_sum += pause_of (prev + 1 + i);
      }
      for (guint i = 0; i < out->len; i++)
        {
          HsGoPause *p = &g_array_index (out, HsGoPause, i);

          g_assert_cmpuint (p->pause_ns, ==, pause_of (p->gc));
          g_assert_cmpuint (p->end_ns, ==, p->gc);
          seen_sum += p->pause_ns;
        }
      seen += out->len;
      prev = rt.num_gc;
    }
  g_assert_cmpuint (seen + lost, ==, rt.num_gc);
  g_assert_cmpuint (seen_sum + lost_sum, ==, expected_sum);
  g_assert_cmpuint (lost, >, 0);
}

static void
test_prom_crafted (void)
{
  static const char text[] =
    "# HELP rpc_seconds RPC latency.\n"
    "# TYPE rpc_seconds summary\n"
    "rpc_seconds{quantile=\"0.5\"} 0.25\n"
    "rpc_seconds_sum 17.5 1700000000000\n"
    "rpc_seconds_count 70\n"
    "# TYPE req_total counter\n"
    "req_total{path=\"/a \\\"b\\\"\",code=\"200\"} 3\r\n"
    "req_total{ code = \"500\" , } +Inf\n"
    "   \n"
    "# just a comment\n"
    "# TYPE lat histogram\n"
    "lat_bucket{le=\"+Inf\"} 9\n"
    "lat_sum 1e-3\n"
    "lat_count 9\n"
    "temp NaN\n"
    "neg -Inf\n"
    "colon:name 2.5e3";
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) samples = hs_prom_parse (text, strlen (text), 1 << 20, &error);
  const HsPromSample *s;

  g_assert_no_error (error);
  g_assert_cmpuint (samples->len, ==, 11);

  s = hs_prom_find (samples, "rpc_seconds", "{quantile=\"0.5\"}");
  g_assert_nonnull (s);
  g_assert_cmpint (s->type, ==, HS_PROM_SUMMARY);
  s = hs_prom_find (samples, "rpc_seconds_sum", "");
  g_assert_cmpstr (s->family, ==, "rpc_seconds");
  g_assert_cmpint (s->type, ==, HS_PROM_SUMMARY);
  g_assert_true (s->has_timestamp);
  g_assert_cmpint (s->timestamp_ms, ==, G_GINT64_CONSTANT (1700000000000));
  g_assert_cmpfloat (s->value, ==, 17.5);

  /* Labels sorted and escaped again the same way. */
  s = hs_prom_find (samples, "req_total", "{code=\"200\",path=\"/a \\\"b\\\"\"}");
  g_assert_nonnull (s);
  g_assert_cmpint (s->type, ==, HS_PROM_COUNTER);
  g_assert_cmpfloat (s->value, ==, 3);
  s = hs_prom_find (samples, "req_total", "{code=\"500\"}");
  g_assert_true (isinf (s->value) && s->value > 0);

  s = hs_prom_find (samples, "lat_bucket", "{le=\"+Inf\"}");
  g_assert_cmpstr (s->family, ==, "lat");
  g_assert_cmpint (s->type, ==, HS_PROM_HISTOGRAM);
  g_assert_cmpfloat (hs_prom_find (samples, "lat_sum", "")->value, ==, 1e-3);
  g_assert_true (isnan (hs_prom_find (samples, "temp", "")->value));
  g_assert_cmpint (hs_prom_find (samples, "temp", "")->type, ==, HS_PROM_UNTYPED);
  g_assert_true (isinf (hs_prom_find (samples, "neg", "")->value));
  /* The last line has no newline. */
  g_assert_cmpfloat (hs_prom_find (samples, "colon:name", "")->value, ==, 2500);
}

static void
test_prom_errors (void)
{
  static const struct { const char *text; const char *message; } cases[] = {
    { "a 1\nb{x=\"\\q\"} 1\n", "line 2: bad escape in the value of label x" },
    { "a\n", "line 1: expected a value after a" },
    { "a 1 2 3\n", "line 1: the timestamp of a is not an integer" },
    { "a one\n", "line 1: the value of a is not a number" },
    { "a{x=\"1\",x=\"2\"} 1\n", "line 1: label x appears twice" },
    { "# TYPE a thing\n", "line 1: unknown type for a" },
    { "a{x=\"1} 1\n", "line 1: unterminated value of label x" },
    { "9a 1\n", "line 1: expected a metric name" },
    { "a{x=1} 1\n", "line 1: expected a quoted value for label x" },
    { "a 0x1p3\n", "line 1: the value of a is not a number" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) samples = hs_prom_parse (cases[i].text, strlen (cases[i].text), 1 << 20, &error);

      g_assert_null (samples);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
      if (strstr (error->message, cases[i].message) == NULL)
        g_error ("case %u: %s", i, error->message);
    }

  /* The caps: total size, line length. */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *line = g_strnfill (HS_PROM_MAX_LINE + 10, 'a');
    g_autoptr(HsPromParser) parser = hs_prom_parser_new (1000);

    g_assert_false (hs_prom_parser_feed (parser, line, 1001, &error));
    g_assert_nonnull (strstr (error->message, "larger than the limit of 1000 bytes"));
    g_clear_error (&error);
    g_assert_null (hs_prom_parse (line, strlen (line), G_MAXSIZE, &error));
    g_assert_nonnull (strstr (error->message, "longer than"));
  }
}

/* A real page parses the same whatever the chunks it arrives in. */
static void
test_prom_chunked (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "fuzz", "regressions", "go-text",
                                            "seed-gometrics-metrics.txt", NULL);
  g_autofree char *text = NULL;
  gsize size;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) whole = NULL;

  g_file_get_contents (path, &text, &size, &error);
  g_assert_no_error (error);
  whole = hs_prom_parse (text, size, size, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (whole->len, >, 25);
  {
    g_autoptr(GBytes) bytes = g_bytes_new (text, size);
    double value;

    g_assert_true (prom_line_value (bytes, "go_memstats_heap_inuse_bytes", &value));
    g_assert_cmpfloat (hs_prom_find (whole, "go_memstats_heap_inuse_bytes", "")->value, ==, value);
  }
  for (gsize cut = 0; cut <= size; cut += 7)
    {
      g_autoptr(HsPromParser) parser = hs_prom_parser_new (size);
      GArray *chunked;

      g_assert_true (hs_prom_parser_feed (parser, text, cut, &error));
      g_assert_true (hs_prom_parser_feed (parser, text + cut, size - cut, &error));
      g_assert_true (hs_prom_parser_finish (parser, &error));
      g_assert_no_error (error);
      chunked = hs_prom_parser_get_samples (parser);
      g_assert_cmpuint (chunked->len, ==, whole->len);
      for (guint i = 0; i < whole->len; i++)
        {
          g_assert_cmpstr (g_array_index (chunked, HsPromSample, i).labels, ==,
                           g_array_index (whole, HsPromSample, i).labels);
          double a = g_array_index (chunked, HsPromSample, i).value;
          double b = g_array_index (whole, HsPromSample, i).value;

          g_assert_true (a == b || (isnan (a) && isnan (b)));
        }
    }
}

static void
test_goroutine_total (void)
{
  static const char good[] = "goroutine profile: total 1234\n5 @ 0x1\n";
  g_autoptr(GError) error = NULL;
  gint64 total = -1;

  g_assert_true (hs_go_parse_goroutine_total (good, strlen (good), &total, &error));
  g_assert_cmpint (total, ==, 1234);
  /* Cut right after the number: still fine. */
  g_assert_true (hs_go_parse_goroutine_total (good, 29, &total, &error));
  g_assert_cmpint (total, ==, 1234);
  g_assert_false (hs_go_parse_goroutine_total ("goroutine profile: total \n", 26, &total, &error));
  g_clear_error (&error);
  g_assert_false (hs_go_parse_goroutine_total ("goroutine profile: total 12x\n", 29, &total, &error));
  g_clear_error (&error);
  g_assert_false (hs_go_parse_goroutine_total ("<html>", 6, &total, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
}

static void
test_proc_net_tcp (void)
{
  static const char text[] =
    "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
    "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 111 1 0 100 0 0 10 0\n"
    "   1: 00000000:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 222 1 0 100 0 0 10 0\n"
    "   2: 0100007F:1F91 0100007F:A000 01 00000000:00000000 00:00000000 00000000  1000        0 111 1 0 100 0 0 10 0\n"
    "   3: 0B00000A:0051 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 333 1 0 100 0 0 10 0\n"
    "   4: 0100007F:0052 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 999 1 0 100 0 0 10 0\n";
  static const char text6[] =
    "  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
    "   0: 00000000000000000000000000000000:1F92 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 444 1\n";
  g_autoptr(GHashTable) inodes = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (HsListenPort));
  static gint64 mine[] = { 111, 222, 333, 444 };

  for (guint i = 0; i < G_N_ELEMENTS (mine); i++)
    g_hash_table_add (inodes, &mine[i]);
  hs_go_parse_proc_net_tcp (text, FALSE, inodes, out);
  hs_go_parse_proc_net_tcp (text6, TRUE, inodes, out);
  /* 8080 on loopback, 80 on any, 81 on 10.0.0.11; not the established
   * row, not another process's socket; 8082 on [::]. */
  g_assert_cmpuint (out->len, ==, 4);
  g_assert_cmpuint (g_array_index (out, HsListenPort, 0).port, ==, 8080);
  g_assert_cmpstr (g_array_index (out, HsListenPort, 0).host, ==, "127.0.0.1");
  g_assert_cmpuint (g_array_index (out, HsListenPort, 1).port, ==, 80);
  g_assert_cmpstr (g_array_index (out, HsListenPort, 1).host, ==, "127.0.0.1");
  g_assert_cmpuint (g_array_index (out, HsListenPort, 2).port, ==, 81);
  g_assert_cmpstr (g_array_index (out, HsListenPort, 2).host, ==, "10.0.0.11");
  g_assert_cmpuint (g_array_index (out, HsListenPort, 3).port, ==, 8082);
  g_assert_cmpstr (g_array_index (out, HsListenPort, 3).host, ==, "127.0.0.1");
  for (guint i = 0; i < out->len; i++)
    g_free (g_array_index (out, HsListenPort, i).host);
}

static void
test_rss_split_crafted (void)
{
  static const char page[] =
    "{\"memstats\": {\"HeapInuse\": 4000, \"HeapIdle\": 3000, \"HeapReleased\": 1000,"
    " \"StackInuse\": 100, \"StackSys\": 200, \"MSpanInuse\": 10, \"MSpanSys\": 20,"
    " \"MCacheInuse\": 5, \"MCacheSys\": 10, \"BuckHashSys\": 30, \"GCSys\": 300, \"OtherSys\": 40}}";
  g_autoptr(HsGoExpvar) expvar = hs_go_expvar_parse (page, strlen (page), 4096, NULL);
  HsGoSmapsTotals smaps = { .rss = 20000, .anonymous = 15000, .lazy_free = 0, .has_lazy_free = TRUE };
  HsGoRssSplit split;
  g_autoptr(GError) error = NULL;

  g_assert_true (hs_go_rss_split (expvar, &smaps, &split, &error));
  g_assert_cmpuint (split.parts[HS_GO_RSS_FILES].low, ==, 5000);
  g_assert_cmpuint (split.parts[HS_GO_RSS_HEAP_INUSE].low, ==, 4000);
  g_assert_cmpuint (split.parts[HS_GO_RSS_HEAP_IDLE].low, ==, 2000);
  /* LazyFree 0 on a kernel that reports it: released is not resident. */
  g_assert_cmpuint (split.parts[HS_GO_RSS_HEAP_RELEASED].high, ==, 0);
  g_assert_cmpuint (split.parts[HS_GO_RSS_STACKS].low, ==, 100);
  g_assert_cmpuint (split.parts[HS_GO_RSS_STACKS].high, ==, 200);
  g_assert_cmpuint (split.parts[HS_GO_RSS_RUNTIME].low, ==, 15);
  g_assert_cmpuint (split.parts[HS_GO_RSS_RUNTIME].high, ==, 60);
  g_assert_cmpuint (split.parts[HS_GO_RSS_GC_OTHER].high, ==, 340);
  /* 15000 anonymous - Go's 6115..6600. */
  g_assert_cmpuint (split.parts[HS_GO_RSS_NOT_GO].low, ==, 15000 - 6600);
  g_assert_cmpuint (split.parts[HS_GO_RSS_NOT_GO].high, ==, 15000 - 6115);
  g_assert_null (split.notes);
  hs_go_rss_split_clear (&split);

  /* MADV_FREE: 600 lazily freed bytes are resident, some may be Go's. */
  smaps.lazy_free = 600;
  g_assert_true (hs_go_rss_split (expvar, &smaps, &split, &error));
  g_assert_cmpuint (split.parts[HS_GO_RSS_HEAP_RELEASED].low, ==, 0);
  g_assert_cmpuint (split.parts[HS_GO_RSS_HEAP_RELEASED].high, ==, 600);
  g_assert_nonnull (strstr (split.notes, "MADV_FREE"));
  hs_go_rss_split_clear (&split);

  /* No LazyFree from this kernel: released could be anything up to 1000. */
  smaps.has_lazy_free = FALSE;
  smaps.lazy_free = 0;
  g_assert_true (hs_go_rss_split (expvar, &smaps, &split, &error));
  g_assert_cmpuint (split.parts[HS_GO_RSS_HEAP_RELEASED].high, ==, 1000);
  g_assert_nonnull (strstr (split.notes, "LazyFree"));
  hs_go_rss_split_clear (&split);

  /* The runtime claims more than is resident (swapped out). */
  smaps.anonymous = 5000;
  g_assert_true (hs_go_rss_split (expvar, &smaps, &split, &error));
  g_assert_cmpuint (split.parts[HS_GO_RSS_NOT_GO].low, ==, 0);
  g_assert_cmpuint (split.parts[HS_GO_RSS_NOT_GO].high, ==, 0);
  g_assert_nonnull (strstr (split.notes, "swapped out"));
  hs_go_rss_split_clear (&split);

  /* C's brk heap is never Go's: a floor for the rest. */
  smaps.anonymous = 15000;
  smaps.brk_heap = 8000;
  g_assert_true (hs_go_rss_split (expvar, &smaps, &split, &error));
  g_assert_cmpuint (split.parts[HS_GO_RSS_NOT_GO].low, ==, 8000);
  g_assert_cmpuint (split.parts[HS_GO_RSS_NOT_GO].high, ==, 15000 - 6115);
  hs_go_rss_split_clear (&split);

  /* Absurd figures (fuzzer, tests/fuzz/regressions/go-expvar/crash-065ba6ff…):
   * clamped, no undefined double-to-integer cast, nothing above RSS. */
  {
    static const char huge[] =
      "{\"memstats\": {\"HeapInuse\": 4.58778e+36, \"HeapIdle\": 1e300, \"HeapReleased\": 0,"
      " \"StackInuse\": 1e30, \"StackSys\": 1e30, \"MSpanInuse\": 1e30, \"MSpanSys\": 1e30,"
      " \"MCacheInuse\": 1e30, \"MCacheSys\": 1e30, \"BuckHashSys\": 1e30, \"GCSys\": 1e30, \"OtherSys\": 1e30}}";
    g_autoptr(HsGoExpvar) absurd = hs_go_expvar_parse (huge, strlen (huge), 4096, NULL);

    smaps.brk_heap = 0;
    g_assert_true (hs_go_rss_split (absurd, &smaps, &split, &error));
    for (guint i = 0; i < HS_GO_RSS_N_PARTS; i++)
      g_assert_cmpuint (split.parts[i].high, <=, smaps.rss);
    g_assert_cmpuint (split.parts[HS_GO_RSS_HEAP_INUSE].low, ==, smaps.rss);
    g_assert_cmpuint (split.parts[HS_GO_RSS_NOT_GO].high, ==, 0);
    g_assert_nonnull (strstr (split.notes, "more than the anonymous RSS"));
    hs_go_rss_split_clear (&split);
  }

  /* A page without the fields. */
  {
    g_autoptr(HsGoExpvar) empty = hs_go_expvar_parse ("{}", 2, 10, NULL);

    g_assert_false (hs_go_rss_split (empty, &smaps, &split, &error));
    g_assert_nonnull (strstr (error->message, "memstats.HeapInuse"));
  }
}

/* Against misbehaving endpoints ------------------------------------------ */

static void
test_fetch_hang (void)
{
  BadServer *server = bad_server_start (SERVE_HANG);
  g_autofree char *url = bad_server_url (server);
  g_autofree char *vars = g_strconcat (url, "/debug/vars", NULL);
  g_autoptr(SoupSession) session = hs_go_soup_session_new (300);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  gint64 start = g_get_monotonic_time ();

  hs_go_fetch_async (session, vars, 1 << 20, 300, NULL, store_result, &result);
  body = hs_go_fetch_finish (wait_result (&result, 5000), &error);
  g_assert_null (body);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_nonnull (strstr (error->message, "did not answer within 0.3 s"));
  g_test_message ("hang: %s after %" G_GINT64_FORMAT " ms", error->message,
                  (g_get_monotonic_time () - start) / 1000);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 3 * G_USEC_PER_SEC);
  g_clear_error (&error);

  /* Through a source: a reading still comes, with nothing measured and
   * the problem saying why and since when. */
  {
    g_autoptr(HsGoSource) source = hs_go_source_new (url);
    g_autoptr(GAsyncResult) r = NULL;
    g_autoptr(HsReading) reading = NULL;
    const GError *problem;

    hs_go_source_set_timeout_ms (source, 200);
    hs_source_read_async (HS_SOURCE (source), NULL, store_result, &r);
    reading = hs_source_read_finish (HS_SOURCE (source), wait_result (&r, 5000), &error);
    g_assert_no_error (error);
    for (guint i = 0; i < hs_reading_get_n_values (reading); i++)
      g_assert_cmpint (hs_reading_get_status (reading, i), ==, HS_READING_NOT_MEASURED);
    problem = hs_source_get_problem (HS_SOURCE (source));
    g_assert_nonnull (problem);
    g_assert_nonnull (strstr (problem->message, "unreachable since"));
    g_assert_nonnull (strstr (problem->message, "did not answer within"));
    g_test_message ("problem: %s", problem->message);

    /* Down: the next tick backs off instead of waiting out another
     * timeout. */
    {
      g_autoptr(GAsyncResult) r2 = NULL;
      g_autoptr(HsReading) again = NULL;
      gint64 t0 = g_get_monotonic_time ();

      hs_source_read_async (HS_SOURCE (source), NULL, store_result, &r2);
      again = hs_source_read_finish (HS_SOURCE (source), wait_result (&r2, 5000), &error);
      g_assert_no_error (error);
      g_assert_cmpint (g_get_monotonic_time () - t0, <, 150 * 1000);
      g_assert_cmpint (hs_reading_get_status (again, HS_GO_M_HEAP_INUSE), ==, HS_READING_NOT_MEASURED);
      g_assert_true (hs_source_get_problem (HS_SOURCE (source)) == problem);
    }
  }
  bad_server_stop (server);
}

static gboolean
cancel_now (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

/* A session closing cancels a reading stuck on a hanging endpoint at
 * once, not at the timeout. */
static void
test_source_cancel (void)
{
  BadServer *server = bad_server_start (SERVE_HANG);
  g_autofree char *url = bad_server_url (server);
  g_autoptr(HsGoSource) source = hs_go_source_new (url);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) r = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HsReading) reading = NULL;
  gint64 start = g_get_monotonic_time ();
  gint64 took;

  g_timeout_add (50, cancel_now, cancellable);
  hs_source_read_async (HS_SOURCE (source), cancellable, store_result, &r);
  reading = hs_source_read_finish (HS_SOURCE (source), wait_result (&r, 10000), &error);
  took = g_get_monotonic_time () - start;
  g_assert_null (reading);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_test_message ("cancelled after %" G_GINT64_FORMAT " ms (timeout %u ms)", took / 1000,
                  hs_go_source_get_timeout_ms (source));
  g_assert_cmpint (took, <, 2 * G_USEC_PER_SEC);
  /* Cancelling is not a problem of the endpoint. */
  g_assert_null (hs_source_get_problem (HS_SOURCE (source)));
  bad_server_stop (server);
}

static void
test_fetch_flood (void)
{
  BadServer *server = bad_server_start (SERVE_FLOOD);
  g_autofree char *url = bad_server_url (server);
  g_autofree char *metrics = g_strconcat (url, "/metrics", NULL);
  g_autoptr(SoupSession) session = hs_go_soup_session_new (5000);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  const gsize cap = 1 << 20;

  hs_go_fetch_async (session, metrics, cap, 5000, NULL, store_result, &result);
  body = hs_go_fetch_finish (wait_result (&result, 10000), &error);
  g_assert_null (body);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "sent more than 1048576 bytes"));
  g_clear_object (&session);    /* closes the connection */
  {
    gint64 sent = bad_server_stop (server);

    /* The client stopped reading at the cap: the server could only fill
     * the socket buffers past it, not send on for ever. */
    g_test_message ("flood: the server got %" G_GINT64_FORMAT " bytes out before the client stopped", sent);
    g_assert_cmpint (sent, <, 64 * (gint64) cap);
  }
}

static void
test_fetch_refused_500 (void)
{
  g_autoptr(SoupSession) session = hs_go_soup_session_new (2000);
  g_autoptr(GError) error = NULL;
  guint port;
  g_autofree char *url = NULL;

  /* A port that was just free and is closed again. */
  {
    g_autoptr(GSocketListener) listener = g_socket_listener_new ();

    port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
    g_assert_no_error (error);
    g_socket_listener_close (listener);
  }
  url = g_strdup_printf ("http://127.0.0.1:%u/debug/vars", port);
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GBytes) body = NULL;

    hs_go_fetch_async (session, url, 1024, 2000, NULL, store_result, &result);
    body = hs_go_fetch_finish (wait_result (&result, 5000), &error);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
    g_assert_nonnull (strstr (error->message, "Nothing listens at"));
    g_clear_error (&error);
  }
  {
    BadServer *server = bad_server_start (SERVE_500);
    g_autofree char *base = bad_server_url (server);
    g_autofree char *vars = g_strconcat (base, "/debug/vars", NULL);
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GBytes) body = NULL;

    hs_go_fetch_async (session, vars, 1024, 2000, NULL, store_result, &result);
    body = hs_go_fetch_finish (wait_result (&result, 5000), &error);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
    g_assert_nonnull (strstr (error->message, "answered 500 Internal Server Error"));
    g_clear_error (&error);
    bad_server_stop (server);
  }
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GBytes) body = NULL;

    hs_go_fetch_async (session, "ftp://127.0.0.1/x", 1024, 2000, NULL, store_result, &result);
    body = hs_go_fetch_finish (wait_result (&result, 5000), &error);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  }
}

/* A service that serves only part: the rest is unavailable, never 0. */
static void
test_source_partial (void)
{
  BadServer *server = bad_server_start (SERVE_PARTIAL);
  g_autofree char *url = bad_server_url (server);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) r = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HsGoSource) source = NULL;
  g_autoptr(HsReading) reading = NULL;
  int answer;

  hs_go_source_new_async (url, 2000, 0, NULL, store_result, &result);
  source = hs_go_source_new_finish (wait_result (&result, 5000), &error);
  g_assert_no_error (error);
  g_assert_true (hs_go_source_has_endpoint (source, HS_GO_ENDPOINT_EXPVAR));
  g_assert_false (hs_go_source_has_endpoint (source, HS_GO_ENDPOINT_METRICS));
  g_assert_false (hs_go_source_has_endpoint (source, HS_GO_ENDPOINT_GOROUTINES));
  answer = hs_source_find_metric (HS_SOURCE (source), "expvar.answer");
  g_assert_cmpint (answer, ==, HS_GO_N_STANDARD_METRICS);

  hs_source_read_async (HS_SOURCE (source), NULL, store_result, &r);
  reading = hs_source_read_finish (HS_SOURCE (source), wait_result (&r, 5000), &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (reading_value (reading, HS_GO_M_HEAP_INUSE), ==, 8192);
  g_assert_cmpfloat (reading_value (reading, answer), ==, 42);
  /* In expvar's list but not on this page: not measured. */
  g_assert_cmpint (hs_reading_get_status (reading, HS_GO_M_HEAP_RELEASED), ==, HS_READING_NOT_MEASURED);
  /* No endpoint serves them at all. */
  g_assert_cmpint (hs_reading_get_status (reading, HS_GO_M_THREADS), ==, HS_READING_NOT_APPLICABLE);
  g_assert_cmpint (hs_reading_get_status (reading, HS_GO_M_GOROUTINES), ==, HS_READING_NOT_APPLICABLE);
  /* First reading: no previous NumGC to count pauses from. */
  g_assert_cmpint (hs_reading_get_status (reading, HS_GO_M_PAUSE_MAX), ==, HS_READING_NOT_MEASURED);
  g_assert_null (hs_source_get_problem (HS_SOURCE (source)));
  bad_server_stop (server);
}

/* Only /metrics: memstats and goroutines come from it; a repeated sample
 * is offered once. */
static void
test_source_metrics_only (void)
{
  BadServer *server = bad_server_start (SERVE_METRICS);
  g_autofree char *url = bad_server_url (server);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) r = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HsGoSource) source = NULL;
  g_autoptr(HsReading) reading = NULL;
  GListModel *metrics;
  guint n_jobs = 0;

  hs_go_source_new_async (url, 2000, 0, NULL, store_result, &result);
  source = hs_go_source_new_finish (wait_result (&result, 5000), &error);
  g_assert_no_error (error);
  metrics = hs_source_get_metrics (HS_SOURCE (source));
  for (guint i = 0; i < g_list_model_get_n_items (metrics); i++)
    {
      g_autoptr(HsMetric) metric = g_list_model_get_item (metrics, i);

      n_jobs += g_strcmp0 (hs_metric_get_id (metric), "metrics.app_jobs{queue=\"a\"}") == 0;
    }
  g_assert_cmpuint (n_jobs, ==, 1);

  hs_source_read_async (HS_SOURCE (source), NULL, store_result, &r);
  reading = hs_source_read_finish (HS_SOURCE (source), wait_result (&r, 5000), &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (reading_value (reading, HS_GO_M_HEAP_INUSE), ==, 4194304);
  g_assert_cmpfloat (reading_value (reading, HS_GO_M_GOROUTINES), ==, 17);
  g_assert_cmpfloat (reading_value (reading, HS_GO_M_PAUSE_TOTAL), ==, 0.5);
  /* Served by no endpoint here. */
  g_assert_cmpint (hs_reading_get_status (reading, HS_GO_M_HEAP_RELEASED), ==, HS_READING_NOT_MEASURED);
  g_assert_cmpint (hs_reading_get_status (reading, HS_GO_M_PAUSE_MAX), ==, HS_READING_NOT_APPLICABLE);
  /* The first of the repeated lines. */
  g_assert_cmpfloat (reading_value (reading, hs_source_find_metric (HS_SOURCE (source), "metrics.app_jobs{queue=\"a\"}")),
                     ==, 3);
  bad_server_stop (server);
}

/* Malformed answers and a reset: a reading with nothing measured and a
 * problem that names the endpoint and what was wrong; no crash. */
static void
test_source_bad_answers (void)
{
  static const ServeMode modes[] = { SERVE_GARBAGE, SERVE_RESET };

  for (guint m = 0; m < G_N_ELEMENTS (modes); m++)
    {
      BadServer *server = bad_server_start (modes[m]);
      g_autofree char *url = bad_server_url (server);
      g_autoptr(HsGoSource) source = hs_go_source_new (url);
      g_autoptr(GAsyncResult) r = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(HsReading) reading = NULL;
      const GError *problem;

      hs_go_source_set_timeout_ms (source, 2000);
      hs_source_read_async (HS_SOURCE (source), NULL, store_result, &r);
      reading = hs_source_read_finish (HS_SOURCE (source), wait_result (&r, 5000), &error);
      g_assert_no_error (error);
      for (guint i = 0; i < hs_reading_get_n_values (reading); i++)
        g_assert_false (hs_reading_get_value (reading, i, NULL));
      problem = hs_source_get_problem (HS_SOURCE (source));
      g_assert_nonnull (problem);
      g_test_message ("%s", problem->message);
      g_assert_nonnull (strstr (problem->message, modes[m] == SERVE_GARBAGE ? "gives bad responses since"
                                                                             : "unreachable since"));
      if (modes[m] == SERVE_GARBAGE)
        g_assert_nonnull (strstr (problem->message, "Bad response from /debug/vars: Not an expvar page: the JSON is malformed"));
      bad_server_stop (server);
    }
}

/* Against the real Go service -------------------------------------------- */

static HsGoSource *
probe_source (const char *url)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  HsGoSource *source;

  hs_go_source_new_async (url, 5000, 0, NULL, store_result, &result);
  source = hs_go_source_new_finish (wait_result (&result, 10000), &error);
  g_assert_no_error (error);
  return source;
}

static HsReading *
read_source (HsGoSource *source)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  HsReading *reading;

  hs_source_read_async (HS_SOURCE (source), NULL, store_result, &result);
  reading = hs_source_read_finish (HS_SOURCE (source), wait_result (&result, 10000), &error);
  g_assert_no_error (error);
  return reading;
}

static void
test_live_values (void)
{
  GoService *svc = go_service_start ();
  g_autoptr(HsGoSource) source = NULL;
  g_autoptr(HsReading) first = NULL;
  g_autoptr(HsReading) reading = NULL;
  GListModel *metrics;
  GBytes *vars, *goroutines, *prom;
  double value;
  gint64 total;

  if (svc == NULL)
    return;
  source = probe_source (svc->url);
  for (guint i = 0; i < HS_GO_N_ENDPOINTS; i++)
    g_assert_true (hs_go_source_has_endpoint (source, i));

  /* Labels and explanations are exact and present for every metric. */
  metrics = hs_source_get_metrics (HS_SOURCE (source));
  g_assert_cmpuint (g_list_model_get_n_items (metrics), >, HS_GO_N_STANDARD_METRICS);
  {
    g_autoptr(HsMetric) inuse = g_list_model_get_item (metrics, HS_GO_M_HEAP_INUSE);

    g_assert_cmpstr (hs_metric_get_id (inuse), ==, "go_heap_inuse");
    g_assert_cmpstr (hs_metric_get_label (inuse), ==, "Go HeapInuse");
    g_assert_cmpint (hs_metric_get_unit (inuse), ==, HS_UNIT_BYTES);
  }
  {
    g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

    /* Ids are unique: they name CSV columns. */
    for (guint i = 0; i < g_list_model_get_n_items (metrics); i++)
      {
        g_autoptr(HsMetric) metric = g_list_model_get_item (metrics, i);

        g_assert_true (g_hash_table_add (ids, g_strdup (hs_metric_get_id (metric))));
      }
  }
  for (guint i = 0; i < g_list_model_get_n_items (metrics); i++)
    {
      g_autoptr(HsMetric) metric = g_list_model_get_item (metrics, i);

      g_assert_cmpstr (hs_metric_get_explanation (metric), !=, "");
      g_assert_null (strchr (hs_metric_get_explanation (metric), '\n'));
    }
  g_assert_cmpint (hs_source_find_metric (HS_SOURCE (source), "expvar.cache.hits"), >, 0);
  g_assert_cmpint (hs_source_find_metric (HS_SOURCE (source), "expvar.ticks"), >, 0);
  g_assert_cmpint (hs_source_find_metric (HS_SOURCE (source),
                                          "metrics.go_gc_duration_seconds{quantile=\"0.5\"}"), >, 0);
  g_assert_cmpint (hs_source_find_metric (HS_SOURCE (source), "metrics.hs_tick_seconds_bucket{le=\"+Inf\"}"), >, 0);

  first = read_source (source);
  /* Let the workload run, then freeze it and read. */
  g_usleep (300 * 1000);
  go_service_hold (svc, TRUE);
  reading = read_source (source);

  vars = hs_go_source_get_last_body (source, HS_GO_ENDPOINT_EXPVAR);
  goroutines = hs_go_source_get_last_body (source, HS_GO_ENDPOINT_GOROUTINES);
  prom = hs_go_source_get_last_body (source, HS_GO_ENDPOINT_METRICS);
  g_assert_nonnull (vars);
  g_assert_nonnull (goroutines);
  g_assert_nonnull (prom);

  /* What the reading says is what the service served, read by other means. */
  g_assert_cmpfloat (reading_value (reading, HS_GO_M_HEAP_ALLOC), ==, json_number_at (vars, "$.memstats.HeapAlloc"));
  g_assert_cmpfloat (reading_value (reading, HS_GO_M_HEAP_INUSE), ==, json_number_at (vars, "$.memstats.HeapInuse"));
  g_assert_cmpfloat (reading_value (reading, HS_GO_M_HEAP_IDLE), ==, json_number_at (vars, "$.memstats.HeapIdle"));
  g_assert_cmpfloat (reading_value (reading, HS_GO_M_HEAP_RELEASED), ==, json_number_at (vars, "$.memstats.HeapReleased"));
  g_assert_cmpfloat (reading_value (reading, HS_GO_M_HEAP_OBJECTS), ==, json_number_at (vars, "$.memstats.HeapObjects"));
  g_assert_cmpfloat (reading_value (reading, HS_GO_M_SYS), ==, json_number_at (vars, "$.memstats.Sys"));
  g_assert_cmpfloat (reading_value (reading, HS_GO_M_NEXT_GC), ==, json_number_at (vars, "$.memstats.NextGC"));
  g_assert_cmpfloat (reading_value (reading, HS_GO_M_NUM_GC), ==, json_number_at (vars, "$.memstats.NumGC"));
  g_assert_cmpfloat (reading_value (reading, HS_GO_M_PAUSE_TOTAL), ==,
                     json_number_at (vars, "$.memstats.PauseTotalNs") * 1e-9);
  g_assert_cmpfloat (reading_value (reading, HS_GO_M_GC_CPU), ==,
                     json_number_at (vars, "$.memstats.GCCPUFraction") * 100);
  {
    /* A body is not NUL-terminated. */
    g_autofree char *text = g_strndup (g_bytes_get_data (goroutines, NULL), g_bytes_get_size (goroutines));

    g_assert_cmpint (sscanf (text, "goroutine profile: total %" G_GINT64_FORMAT, &total), ==, 1);
  }
  g_assert_cmpfloat (reading_value (reading, HS_GO_M_GOROUTINES), ==, total);
  g_assert_true (prom_line_value (prom, "go_threads", &value));
  g_assert_cmpfloat (reading_value (reading, HS_GO_M_THREADS), ==, value);
  g_assert_true (prom_line_value (prom, "process_resident_memory_bytes", &value));
  g_assert_cmpfloat (reading_value (reading, HS_GO_M_PROCESS_RSS), ==, value);
  g_assert_cmpfloat (reading_value (reading, hs_source_find_metric (HS_SOURCE (source), "metrics.hs_ticks_total")),
                     ==, json_number_at (vars, "$.ticks"));

  /* Held: the program's counters stand still, so a fetch of our own now
   * must agree with the reading exactly. */
  {
    g_autofree char *url = g_strconcat (svc->url, "/debug/vars", NULL);
    g_autoptr(GBytes) now = fetch_now (url);

    g_assert_cmpfloat (reading_value (reading, hs_source_find_metric (HS_SOURCE (source), "expvar.ticks")),
                       ==, json_number_at (now, "$.ticks"));
    g_assert_cmpfloat (reading_value (reading, hs_source_find_metric (HS_SOURCE (source), "expvar.cache.hits")),
                       ==, json_number_at (now, "$.cache.hits"));
    g_assert_cmpfloat (reading_value (reading, hs_source_find_metric (HS_SOURCE (source), "expvar.goroutines_started")),
                       ==, json_number_at (now, "$.goroutines_started"));
  }

  /* The pauses since the first reading, from the ring, each GC once. */
  {
    GArray *pauses = hs_go_source_get_last_pauses (source);
    double gc_then = reading_value (first, HS_GO_M_NUM_GC);
    double gc_now = reading_value (reading, HS_GO_M_NUM_GC);
    guint64 longest = 0;

    g_assert_cmpuint (pauses->len + hs_go_source_get_lost_pauses (source), ==, (guint) (gc_now - gc_then));
    for (guint i = 0; i < pauses->len; i++)
      {
        HsGoPause *p = &g_array_index (pauses, HsGoPause, i);
        g_autofree char *path = g_strdup_printf ("$.memstats.PauseNs[%u]", (p->gc + 255) % 256);

        g_assert_cmpfloat ((double) p->pause_ns, ==, json_number_at (vars, path));
        longest = MAX (longest, p->pause_ns);
      }
    g_assert_cmpfloat (reading_value (reading, HS_GO_M_PAUSE_MAX), ==, longest / 1e9);
    g_test_message ("%u GC cycles between the readings, longest pause %" G_GUINT64_FORMAT " ns",
                    pauses->len, longest);
    g_assert_cmpuint (pauses->len, >, 0);
  }

  /* Goroutines grow while it runs. */
  go_service_hold (svc, FALSE);
  g_usleep (300 * 1000);
  {
    g_autoptr(HsReading) later = read_source (source);

    g_assert_cmpfloat (reading_value (later, HS_GO_M_GOROUTINES), >, reading_value (reading, HS_GO_M_GOROUTINES));
  }
  go_service_stop (svc);
}

static void
discover_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
test_live_discover (void)
{
  GoService *svc = go_service_start ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) found = NULL;
  gboolean seen = FALSE;

  if (svc == NULL)
    return;
  hs_go_discover_async (svc->pid, 3000, NULL, discover_cb, &result);
  found = hs_go_discover_finish (wait_result (&result, 10000), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < found->len; i++)
    {
      HsGoEndpointInfo *info = &g_array_index (found, HsGoEndpointInfo, i);

      g_test_message ("%s: vars %d pprof %d metrics %d", info->base_url, info->expvar, info->pprof, info->metrics);
      if (info->port == svc->port)
        {
          g_assert_cmpstr (info->base_url, ==, svc->url);
          g_assert_true (info->expvar && info->pprof && info->metrics);
          /* go1.19 has no /debug/pprof/goroutineleak: 404, not offered. */
          g_assert_false (info->goroutineleak);
          seen = TRUE;
        }
    }
  g_assert_true (seen);
  g_assert_cmpuint (found->len, ==, 1);

  /* Ourselves: no listening socket, nothing found, no error. */
  g_clear_object (&result);
  g_clear_pointer (&found, g_array_unref);
  hs_go_discover_async (getpid (), 3000, NULL, discover_cb, &result);
  found = hs_go_discover_finish (wait_result (&result, 10000), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 0);
  go_service_stop (svc);
}

/* A service serving /debug/pprof/goroutineleak (gometrics
 * -goroutineleak: a real handler standing in for Go 1.26's, which go1.19
 * cannot run) is found to serve it, by discovery and by the lone probe;
 * the plain service is not. */
static void
test_live_discover_goroutineleak (void)
{
  GoService *svc = go_service_start_with ("-goroutineleak");
  GoService *plain = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) found = NULL;
  HsGoEndpointInfo *info;

  if (svc == NULL)
    return;
  hs_go_discover_async (svc->pid, 3000, NULL, discover_cb, &result);
  found = hs_go_discover_finish (wait_result (&result, 10000), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  info = &g_array_index (found, HsGoEndpointInfo, 0);
  g_assert_true (info->expvar && info->pprof && info->metrics && info->goroutineleak);

  g_clear_object (&result);
  hs_go_probe_goroutineleak_async (svc->url, 3000, NULL, discover_cb, &result);
  g_assert_true (hs_go_probe_goroutineleak_finish (wait_result (&result, 10000), &error));
  g_assert_no_error (error);

  plain = go_service_start ();
  g_clear_object (&result);
  hs_go_probe_goroutineleak_async (plain->url, 3000, NULL, discover_cb, &result);
  g_assert_false (hs_go_probe_goroutineleak_finish (wait_result (&result, 10000), &error));
  g_assert_no_error (error);
  /* Nobody there: not offered either, and no error to show. */
  g_clear_object (&result);
  hs_go_probe_goroutineleak_async ("http://127.0.0.1:1", 3000, NULL, discover_cb, &result);
  g_assert_false (hs_go_probe_goroutineleak_finish (wait_result (&result, 10000), &error));
  g_assert_no_error (error);

  go_service_stop (plain);
  go_service_stop (svc);
}

static void
test_live_session (void)
{
  GoService *svc = go_service_start ();
  g_autoptr(HsSampler) sampler = NULL;
  g_autoptr(HsProcSource) proc = NULL;
  g_autoptr(HsGoSource) go = NULL;
  g_autoptr(HsSession) session = NULL;
  HsSessionMetric *rss, *inuse, *goroutines;

  if (svc == NULL)
    return;
  sampler = hs_local_sampler_new ();
  proc = hs_proc_source_new (sampler, svc->pid, HS_PROC_SOURCE_NONE);
  go = probe_source (svc->url);
  session = hs_session_new_full ("go", 200, 100);
  hs_session_add_source (session, HS_SOURCE (proc));
  hs_session_add_source (session, HS_SOURCE (go));

  /* Both lists, in the order the sources were added. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (session)), ==,
                    g_list_model_get_n_items (hs_source_get_metrics (HS_SOURCE (proc)))
                    + g_list_model_get_n_items (hs_source_get_metrics (HS_SOURCE (go))));
  rss = hs_session_find_metric (session, "rss");
  inuse = hs_session_find_metric (session, "go_heap_inuse");
  goroutines = hs_session_find_metric (session, "go_goroutines");
  g_assert_nonnull (rss);
  g_assert_nonnull (inuse);
  g_assert_nonnull (goroutines);
  g_assert_true (hs_session_metric_get_source (inuse) == HS_SOURCE (go));

  hs_session_start (session);
  {
    gint64 deadline = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;

    while ((hs_series_get_length (hs_session_metric_get_series (inuse)) < 3
            || hs_series_get_length (hs_session_metric_get_series (rss)) < 3)
           && g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, TRUE);
  }
  g_assert_cmpuint (hs_series_get_length (hs_session_metric_get_series (inuse)), >=, 3);
  g_assert_cmpuint (hs_series_get_length (hs_session_metric_get_series (rss)), >=, 3);
  g_assert_cmpuint (hs_series_get_length (hs_session_metric_get_series (goroutines)), >=, 3);
  g_assert_null (hs_session_get_error (session));
  hs_session_close (session);
  go_service_stop (svc);
}

static void
test_live_rss_split (void)
{
  GoService *svc = go_service_start ();
  g_autoptr(HsGoSource) source = NULL;
  g_autoptr(HsReading) reading = NULL;
  g_autoptr(GError) error = NULL;
  HsGoSmapsTotals smaps;
  HsGoRssSplit split;
  const HsGoExpvar *expvar;
  guint64 sum_low = 0, sum_high = 0;

  if (svc == NULL)
    return;
  g_usleep (500 * 1000);
  go_service_hold (svc, TRUE);
  source = hs_go_source_new (svc->url);
  reading = read_source (source);
  g_assert_true (hs_go_smaps_totals_read (svc->pid, &smaps, &error));
  g_assert_no_error (error);
  expvar = hs_go_source_get_last_expvar (source);
  g_assert_nonnull (expvar);
  g_assert_true (hs_go_rss_split (expvar, &smaps, &split, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (split.rss, ==, smaps.rss);
  g_assert_cmpfloat ((double) split.parts[HS_GO_RSS_HEAP_INUSE].low, ==, json_number_at (hs_go_source_get_last_body (source, HS_GO_ENDPOINT_EXPVAR), "$.memstats.HeapInuse"));
  g_assert_cmpuint (split.parts[HS_GO_RSS_FILES].low, ==, smaps.rss - smaps.anonymous);
  for (guint i = 0; i < HS_GO_RSS_N_PARTS; i++)
    {
      g_test_message ("%-34s %10" G_GUINT64_FORMAT " .. %10" G_GUINT64_FORMAT,
                      hs_go_rss_part_get_label (i), split.parts[i].low, split.parts[i].high);
      g_assert_cmpuint (split.parts[i].low, <=, split.parts[i].high);
      sum_low += split.parts[i].low;
      sum_high += split.parts[i].high;
    }
  g_test_message ("RSS %" G_GUINT64_FORMAT " anon %" G_GUINT64_FORMAT " lazyfree %" G_GUINT64_FORMAT " (%s)",
                  smaps.rss, smaps.anonymous, smaps.lazy_free, split.notes ? split.notes : "no notes");
  /* The parts bracket the RSS: the lows make at most the RSS, unless
   * the runtime counts more than is resident (pages it holds but never
   * touched, or swapped out: the two readings are a moment apart and a
   * slow run sees it), which the split must then say in its notes… */
  if (sum_low > smaps.rss && (split.notes == NULL || strstr (split.notes, "never touched") == NULL))
    /* …or the brk heap, which the rest's low figure takes whole, holds
     * some of what the runtime counts too. */
    g_assert_cmpuint (sum_low - smaps.rss, <=, smaps.brk_heap);
  g_assert_cmpuint (split.parts[HS_GO_RSS_NOT_GO].high, <=, smaps.anonymous);
  /* A pure-Go program: what the runtime does not know is small next to
   * its heap (no cgo here; the rest is the C-free runtime's own mmaps). */
  g_assert_cmpuint (split.parts[HS_GO_RSS_NOT_GO].low, <, smaps.anonymous / 2);
  hs_go_rss_split_clear (&split);
  go_service_stop (svc);
}

/* Plain http to another machine puts the figures on the network in clear;
 * loopback and https do not. */
static void
test_url_is_insecure (void)
{
  const char *insecure[] = {
    "http://10.0.0.1:6060", "HTTP://192.168.1.5:6060/debug/vars", "http://example.org",
    "10.0.0.1:6060", "http://[fe80::1]:6060", "http://128.0.0.1:6060",
    "http://localhost.example.org:6060",
  };
  const char *safe[] = {
    "http://127.0.0.1:6060", "http://127.1.2.3:6060", "http://[::1]:6060",
    "http://localhost:6060", "http://LOCALHOST", "127.0.0.1:6060", " http://127.0.0.1:6060 ",
    "https://example.org", "https://10.0.0.1:6060", "", "http://",
  };

  for (guint i = 0; i < G_N_ELEMENTS (insecure); i++)
    {
      g_test_message ("%s", insecure[i]);
      g_assert_true (hs_go_url_is_insecure (insecure[i]));
    }
  for (guint i = 0; i < G_N_ELEMENTS (safe); i++)
    {
      g_test_message ("%s", safe[i]);
      g_assert_false (hs_go_url_is_insecure (safe[i]));
    }
}

/* What the user typed, as the "Watch URL…" dialog and the monitor
 * view's Go bar read it. */
static void
test_url_from_text (void)
{
  const char *cases[][2] = {
    { "localhost:6060", "http://localhost:6060" },
    { "  127.0.0.1:6060\n", "http://127.0.0.1:6060" },
    { "https://example.org/", "https://example.org/" },
    { " http://[::1]:6060 ", "http://[::1]:6060" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *url = hs_go_url_from_text (cases[i][0]);

      g_assert_cmpstr (url, ==, cases[i][1]);
    }
  g_assert_null (hs_go_url_from_text (""));
  g_assert_null (hs_go_url_from_text (" \t\n"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/go/expvar/fixture", test_expvar_fixture);
  g_test_add_func ("/go/expvar/crafted", test_expvar_crafted);
  g_test_add_func ("/go/expvar/refused", test_expvar_refused);
  g_test_add_func ("/go/pauses/crafted", test_pauses_crafted);
  g_test_add_func ("/go/pauses/history", test_pauses_history);
  g_test_add_func ("/go/prom/crafted", test_prom_crafted);
  g_test_add_func ("/go/prom/errors", test_prom_errors);
  g_test_add_func ("/go/prom/chunked", test_prom_chunked);
  g_test_add_func ("/go/goroutine-total", test_goroutine_total);
  g_test_add_func ("/go/discover/proc-net-tcp", test_proc_net_tcp);
  g_test_add_func ("/go/rss-split/crafted", test_rss_split_crafted);
  g_test_add_func ("/go/fetch/hang", test_fetch_hang);
  g_test_add_func ("/go/fetch/flood", test_fetch_flood);
  g_test_add_func ("/go/fetch/refused-500", test_fetch_refused_500);
  g_test_add_func ("/go/source/partial", test_source_partial);
  g_test_add_func ("/go/source/cancel", test_source_cancel);
  g_test_add_func ("/go/source/bad-answers", test_source_bad_answers);
  g_test_add_func ("/go/source/metrics-only", test_source_metrics_only);
  g_test_add_func ("/go/live/values", test_live_values);
  g_test_add_func ("/go/url-is-insecure", test_url_is_insecure);
  g_test_add_func ("/go/url-from-text", test_url_from_text);
  g_test_add_func ("/go/live/discover", test_live_discover);
  g_test_add_func ("/go/live/discover-goroutineleak", test_live_discover_goroutineleak);
  g_test_add_func ("/go/live/session", test_live_session);
  g_test_add_func ("/go/live/rss-split", test_live_rss_split);

  return g_test_run ();
}
