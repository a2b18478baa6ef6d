/* test-cli-go.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* heapscope-cli watch --url and capture, run as a user would, against the
 * real Go service of the tests (tests/gen/gometrics). */

#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>

#include "hs-go-fetch.h"
#include "hs-profile.h"
#include "hs-test-go-service.h"
#include "hs-test-cli.h"

#define PROC_COLUMNS \
  "rss_bytes,vsz_bytes,heap_bytes,anon_bytes,shared_bytes,swap_bytes,threads,cpu_percent,fds"
#define GO_COLUMNS \
  "heap_alloc_bytes,heap_inuse_bytes,heap_objects,next_gc_bytes,num_gc,goroutines"

static void
on_fetched (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GBytes *
fetch (const char *url)
{
  g_autoptr(SoupSession) soup = hs_go_soup_session_new (HS_GO_DEFAULT_TIMEOUT_MS);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GBytes *body;

  hs_go_fetch_async (soup, url, HS_GO_DEFAULT_MAX_SIZE, HS_GO_DEFAULT_TIMEOUT_MS, NULL,
                     on_fetched, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  body = hs_go_fetch_finish (result, &error);
  g_assert_no_error (error);
  return body;
}

typedef struct
{
  gint64 heap_alloc, heap_inuse, heap_objects, next_gc, num_gc, goroutines;
} GoVars;

/* What /debug/vars serves now, read by the test itself. */
static void
read_vars (GoService *svc,
           GoVars    *vars)
{
  g_autofree char *url = g_strconcat (svc->url, "/debug/vars", NULL);
  g_autoptr(GBytes) body = fetch (url);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root, *memstats;

  json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), (gssize) g_bytes_get_size (body), &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  memstats = json_object_get_object_member (root, "memstats");
  vars->heap_alloc = json_object_get_int_member (memstats, "HeapAlloc");
  vars->heap_inuse = json_object_get_int_member (memstats, "HeapInuse");
  vars->heap_objects = json_object_get_int_member (memstats, "HeapObjects");
  vars->next_gc = json_object_get_int_member (memstats, "NextGC");
  vars->num_gc = json_object_get_int_member (memstats, "NumGC");
  vars->goroutines = json_object_get_int_member (root, "goroutines");
}

static void
hold (GoService *svc,
      gboolean   on)
{
  g_autofree char *url = g_strdup_printf ("%s/hold?on=%d", svc->url, on ? 1 : 0);
  g_autoptr(GBytes) body = fetch (url);
}

static gint64
parse_int (const char *text)
{
  guint64 value = 0;
  g_autoptr(GError) error = NULL;

  /* Exact integers: no unit, no decimal point. */
  g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT64, &value, &error);
  g_assert_no_error (error);
  return (gint64) value;
}

/* The last row's Go columns, starting at field @first, against what
 * /debug/vars served just before and just after the watch, the workload
 * held: no GC cycle ran meanwhile (NumGC and NextGC equal), so HeapAlloc
 * and HeapObjects only grew (the HTTP answers allocate). */
static void
check_go_fields (char         **fields,
                 guint          first,
                 const GoVars  *before,
                 const GoVars  *after)
{
  gint64 heap_alloc = parse_int (fields[first]);
  gint64 heap_inuse = parse_int (fields[first + 1]);
  gint64 heap_objects = parse_int (fields[first + 2]);
  gint64 next_gc = parse_int (fields[first + 3]);
  gint64 num_gc = parse_int (fields[first + 4]);
  gint64 goroutines = parse_int (fields[first + 5]);

  if (before->num_gc != after->num_gc)
    {
      g_test_incomplete ("a GC cycle ran while the service was held");
      return;
    }
  g_assert_cmpint (num_gc, ==, after->num_gc);
  g_assert_cmpint (next_gc, ==, after->next_gc);
  g_assert_cmpint (heap_alloc, >=, before->heap_alloc);
  g_assert_cmpint (heap_alloc, <=, after->heap_alloc);
  g_assert_cmpint (heap_objects, >=, before->heap_objects);
  g_assert_cmpint (heap_objects, <=, after->heap_objects);
  g_assert_cmpint (heap_inuse, >=, before->heap_inuse - 1024 * 1024);
  g_assert_cmpint (heap_inuse, <=, after->heap_inuse + 1024 * 1024);
  /* The HTTP server's own goroutines come and go with the requests. */
  g_assert_cmpint (goroutines, >=, before->goroutines - 5);
  g_assert_cmpint (goroutines, <=, after->goroutines + 5);
}

static void
check_watch (gboolean with_pid)
{
  GoService *svc = go_service_start ();
  g_autofree char *url_arg = NULL;
  g_autofree char *pid_arg = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) fields = NULL;
  GoVars before, after;
  guint n_lines;
  int status;

  if (svc == NULL)
    return;
  url_arg = g_strdup_printf ("--url=%s", svc->url);
  pid_arg = g_strdup_printf ("--pid=%d", svc->pid);
  hold (svc, TRUE);
  read_vars (svc, &before);
  status = hs_test_run_cli (&out, &err, "watch", url_arg, "--interval=300ms", "--duration=1s",
                    "--format=csv", with_pid ? pid_arg : NULL, NULL);
  read_vars (svc, &after);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (err, ==, "");

  lines = g_strsplit (out, "\n", -1);
  n_lines = g_strv_length (lines);
  g_assert_cmpstr (lines[0], ==, with_pid ? "time," PROC_COLUMNS "," GO_COLUMNS : "time," GO_COLUMNS);
  g_assert_cmpuint (n_lines, >=, 4);
  g_assert_cmpstr (lines[n_lines - 1], ==, "");
  fields = g_strsplit (lines[n_lines - 2], ",", -1);
  g_assert_cmpuint (g_strv_length (fields), ==, with_pid ? 16 : 7);
  check_go_fields (fields, with_pid ? 10 : 1, &before, &after);
  if (with_pid)
    g_assert_cmpint (parse_int (fields[1]), >, 0);

  hold (svc, FALSE);
  go_service_stop (svc);
}

static void
test_watch_url (void)
{
  check_watch (FALSE);
}

static void
test_watch_url_pid (void)
{
  check_watch (TRUE);
}

/* A verdict is given for each gauge printed, not for the Go metrics
 * that have no column. */
static void
test_watch_url_verdicts (void)
{
  GoService *svc = go_service_start ();
  g_autofree char *url_arg = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  if (svc == NULL)
    return;
  url_arg = g_strdup_printf ("--url=%s", svc->url);
  status = hs_test_run_cli (&out, &err, "watch", url_arg, "--interval=100ms", "--duration=1s",
                    "--window=1s", "--format=csv", NULL);
  g_test_message ("%s", err);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (err, "heapscope-cli watch: Go HeapAlloc: "));
  g_assert_nonnull (strstr (err, "heapscope-cli watch: Goroutines: "));
  g_assert_null (strstr (err, "HeapIdle"));
  g_assert_null (strstr (err, "Go threads"));
  go_service_stop (svc);
}

static char *
capture (GoService   *svc,
         const char  *path,
         const char  *profile_arg,
         char       **out_err,
         int         *out_status)
{
  g_autofree char *url_arg = g_strdup_printf ("--url=%s/debug/vars", svc->url);
  char *out = NULL;

  /* A pasted endpoint URL stands for its service, as in the app. */

  *out_status = hs_test_run_cli (&out, out_err, "capture", url_arg, "-o", path, profile_arg, NULL);
  return out;
}

static void
test_capture_heap (void)
{
  GoService *svc = go_service_start ();
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(HsProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  gboolean has_inuse = FALSE;
  GStatBuf st;
  int status;

  if (svc == NULL)
    return;
  dir = g_dir_make_tmp ("hs-cli-go-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "heap.pb.gz", NULL);
  out = capture (svc, path, "--gc", &err, &status);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_assert_true (g_str_has_prefix (out, "Saved heap ("));
  g_assert_nonnull (strstr (out, "/debug/pprof/heap?gc=1 to "));
  g_assert_nonnull (strstr (out, "inuse_space"));

  file = g_file_new_for_path (path);
  profile = hs_profile_load_file (file, HS_PROFILE_DEFAULT_MAX_SIZE, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < hs_profile_get_n_sample_types (profile); i++)
    has_inuse |= g_str_equal (hs_profile_get_sample_type (profile, i), "inuse_space");
  g_assert_true (has_inuse);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  g_unlink (path);
  g_rmdir (dir);
  go_service_stop (svc);
}

static void
test_capture_goroutine (void)
{
  GoService *svc = go_service_start ();
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *err2 = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(HsProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf st;
  int status;

  if (svc == NULL)
    return;
  dir = g_dir_make_tmp ("hs-cli-go-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "goroutine.pb.gz", NULL);
  /* An existing file keeps its mode: 0600 stays 0600. */
  g_assert_true (g_file_set_contents (path, "old", -1, NULL));
  g_assert_cmpint (g_chmod (path, 0600), ==, 0);
  out = capture (svc, path, "--profile=goroutine", &err, &status);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_str_has_prefix (out, "Saved goroutine ("));
  file = g_file_new_for_path (path);
  profile = hs_profile_load_file (file, HS_PROFILE_DEFAULT_MAX_SIZE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hs_profile_get_sample_type (profile, 0), ==, "goroutine");
  g_assert_cmpuint (hs_profile_get_n_samples (profile), >, 0);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* The debug=2 text dump to standard output; the summary on stderr. */
  {
    g_autofree char *url_arg = g_strdup_printf ("--url=%s", svc->url);

    status = hs_test_run_cli (&out2, &err2, "capture", url_arg, "--profile=goroutine", "--debug=2", "-o", "-", NULL);
  }
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_str_has_prefix (out2, "goroutine "));
  g_assert_nonnull (strstr (err2, "goroutine?debug=2 to -"));

  g_unlink (path);
  g_rmdir (dir);
  go_service_stop (svc);
}

/* --profile=goroutineleak against gometrics -goroutineleak (a real
 * handler standing in for Go 1.26's, serving the goroutine profile at
 * that path): a real profile saved; against a service without it, a 404
 * that says which Go serves it, and nothing written. */
static void
test_capture_goroutineleak (void)
{
  GoService *svc = go_service_start_with ("-goroutineleak");
  GoService *plain = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(HsProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (svc == NULL)
    return;
  dir = g_dir_make_tmp ("hs-cli-go-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "leaks.pb.gz", NULL);
  out = capture (svc, path, "--profile=goroutineleak", &err, &status);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_str_has_prefix (out, "Saved goroutineleak ("));
  g_assert_nonnull (strstr (out, "/debug/pprof/goroutineleak to "));
  file = g_file_new_for_path (path);
  profile = hs_profile_load_file (file, HS_PROFILE_DEFAULT_MAX_SIZE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (hs_profile_get_kind (profile), ==, HS_PROFILE_KIND_GOROUTINE);
  g_assert_cmpuint (hs_profile_get_n_samples (profile), >, 0);
  g_unlink (path);

  plain = go_service_start ();
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  out = capture (plain, path, "--profile=goroutineleak", &err, &status);
  g_assert_cmpint (status, ==, 2);
  g_assert_cmpstr (out, ==, "");
  g_test_message ("%s", err);
  g_assert_nonnull (strstr (err, "does not serve the leaked-goroutine profile (Go 1.26"));
  g_assert_nonnull (strstr (err, "404"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  g_rmdir (dir);
  go_service_stop (plain);
  go_service_stop (svc);
}

typedef struct
{
  const char *command;
  char       *url;
  const char *message;
} RefusedCase;

static void
test_refused (void)
{
  GoService *svc = go_service_start ();
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  RefusedCase cases[4];

  if (svc == NULL)
    return;
  dir = g_dir_make_tmp ("hs-cli-go-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "out", NULL);
  /* Nothing listens on port 1; ftp is not http; /metrics?x= makes the
   * service answer its text page, which is no profile. */
  cases[0] = (RefusedCase) { "watch", g_strdup ("--url=http://127.0.0.1:1"), "connection refused" };
  cases[1] = (RefusedCase) { "capture", g_strdup ("--url=http://127.0.0.1:1"), "connection refused" };
  cases[2] = (RefusedCase) { "capture", g_strdup ("--url=ftp://127.0.0.1/"), "is not an http:// or https:// URL" };
  cases[3] = (RefusedCase) { "capture", g_strdup_printf ("--url=%s/metrics?x=", svc->url),
                                   "did not answer with a profile: " };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      int status = hs_test_run_cli (&out, &err, cases[i].command, cases[i].url, "-o", path, NULL);

      if (g_str_equal (cases[i].command, "watch"))
        {
          g_clear_pointer (&out, g_free);
          g_clear_pointer (&err, g_free);
          status = hs_test_run_cli (&out, &err, "watch", cases[i].url, NULL);
        }
      g_test_message ("%s %s: %d %s", cases[i].command, cases[i].url, status, err);
      g_assert_cmpint (status, ==, 2);
      g_assert_cmpstr (out, ==, "");
      g_assert_true (g_str_has_prefix (err, "heapscope-cli "));
      g_assert_nonnull (strstr (err, cases[i].message));
      g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
      g_free (cases[i].url);
    }
  g_rmdir (dir);
  go_service_stop (svc);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/go/watch-url", test_watch_url);
  g_test_add_func ("/cli/go/watch-url-pid", test_watch_url_pid);
  g_test_add_func ("/cli/go/watch-url-verdicts", test_watch_url_verdicts);
  g_test_add_func ("/cli/go/capture-heap", test_capture_heap);
  g_test_add_func ("/cli/go/capture-goroutine", test_capture_goroutine);
  g_test_add_func ("/cli/go/capture-goroutineleak", test_capture_goroutineleak);
  g_test_add_func ("/cli/go/refused", test_refused);
  return g_test_run ();
}
