/* hs-go-source.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-go-source"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "hs-go-fetch.h"
#include "hs-go-source.h"
#include "hs-go-text.h"

/* While the endpoint is down, tries are spaced out up to this. */
#define MAX_BACKOFF_USEC (30 * G_USEC_PER_SEC)

static const char *endpoint_paths[HS_GO_N_ENDPOINTS] = {
  [HS_GO_ENDPOINT_EXPVAR] = "/debug/vars",
  [HS_GO_ENDPOINT_GOROUTINES] = "/debug/pprof/goroutine?debug=1",
  [HS_GO_ENDPOINT_METRICS] = "/metrics",
};

/* Where each standard metric comes from: a memstats field of expvar
 * (scaled), else a /metrics sample (scaled). */
static const struct
{
  const char   *id;
  const char   *label;
  const char   *explanation;
  HsUnit        unit;
  HsMetricKind  kind;
  int           memstat;      /* HsGoMemstat, or -1 */
  double        memstat_scale;
  const char   *prom;         /* sample name, or NULL */
  double        prom_scale;
} metric_table[HS_GO_N_STANDARD_METRICS] = {
  [HS_GO_M_HEAP_ALLOC] = { "go_heap_alloc", N_("Go HeapAlloc"),
    N_("Bytes of heap objects, live or not yet swept (runtime.MemStats.HeapAlloc)"),
    HS_UNIT_BYTES, HS_METRIC_GAUGE, HS_GO_HEAP_ALLOC, 1, "go_memstats_heap_alloc_bytes", 1 },
  [HS_GO_M_HEAP_INUSE] = { "go_heap_inuse", N_("Go HeapInuse"),
    N_("Bytes of heap spans holding at least one object (HeapInuse)"),
    HS_UNIT_BYTES, HS_METRIC_GAUGE, HS_GO_HEAP_INUSE, 1, "go_memstats_heap_inuse_bytes", 1 },
  [HS_GO_M_HEAP_IDLE] = { "go_heap_idle", N_("Go HeapIdle"),
    N_("Bytes of heap spans with no object, kept or returned to the OS (HeapIdle)"),
    HS_UNIT_BYTES, HS_METRIC_GAUGE, HS_GO_HEAP_IDLE, 1, "go_memstats_heap_idle_bytes", 1 },
  [HS_GO_M_HEAP_RELEASED] = { "go_heap_released", N_("Go HeapReleased"),
    N_("Idle heap returned to the OS (HeapReleased); with MADV_FREE it can still count in RSS"),
    HS_UNIT_BYTES, HS_METRIC_GAUGE, HS_GO_HEAP_RELEASED, 1, "go_memstats_heap_released_bytes", 1 },
  [HS_GO_M_HEAP_OBJECTS] = { "go_heap_objects", N_("Go HeapObjects"),
    N_("Heap objects, live or not yet swept (HeapObjects)"),
    HS_UNIT_COUNT, HS_METRIC_GAUGE, HS_GO_HEAP_OBJECTS, 1, "go_memstats_heap_objects", 1 },
  [HS_GO_M_HEAP_SYS] = { "go_heap_sys", N_("Go HeapSys"),
    N_("Heap address space the runtime obtained from the OS, resident or not (HeapSys)"),
    HS_UNIT_BYTES, HS_METRIC_GAUGE, HS_GO_HEAP_SYS, 1, "go_memstats_heap_sys_bytes", 1 },
  [HS_GO_M_STACK_INUSE] = { "go_stack_inuse", N_("Go StackInuse"),
    N_("Bytes of goroutine stack spans (StackInuse)"),
    HS_UNIT_BYTES, HS_METRIC_GAUGE, HS_GO_STACK_INUSE, 1, "go_memstats_stack_inuse_bytes", 1 },
  [HS_GO_M_STACK_SYS] = { "go_stack_sys", N_("Go StackSys"),
    N_("Stack memory obtained from the OS, with OS thread stacks (StackSys)"),
    HS_UNIT_BYTES, HS_METRIC_GAUGE, HS_GO_STACK_SYS, 1, "go_memstats_stack_sys_bytes", 1 },
  [HS_GO_M_MSPAN_INUSE] = { "go_mspan_inuse", N_("Go MSpanInuse"),
    N_("Runtime span descriptors in use (MSpanInuse)"),
    HS_UNIT_BYTES, HS_METRIC_GAUGE, HS_GO_MSPAN_INUSE, 1, "go_memstats_mspan_inuse_bytes", 1 },
  [HS_GO_M_MCACHE_INUSE] = { "go_mcache_inuse", N_("Go MCacheInuse"),
    N_("Per-processor allocation caches in use (MCacheInuse)"),
    HS_UNIT_BYTES, HS_METRIC_GAUGE, HS_GO_MCACHE_INUSE, 1, "go_memstats_mcache_inuse_bytes", 1 },
  [HS_GO_M_BUCK_HASH_SYS] = { "go_buck_hash_sys", N_("Go BuckHashSys"),
    N_("Profiling bucket hash tables (BuckHashSys)"),
    HS_UNIT_BYTES, HS_METRIC_GAUGE, HS_GO_BUCK_HASH_SYS, 1, "go_memstats_buck_hash_sys_bytes", 1 },
  [HS_GO_M_GC_SYS] = { "go_gc_sys", N_("Go GCSys"),
    N_("Garbage collector metadata (GCSys)"),
    HS_UNIT_BYTES, HS_METRIC_GAUGE, HS_GO_GC_SYS, 1, "go_memstats_gc_sys_bytes", 1 },
  [HS_GO_M_OTHER_SYS] = { "go_other_sys", N_("Go OtherSys"),
    N_("Other off-heap runtime allocations (OtherSys)"),
    HS_UNIT_BYTES, HS_METRIC_GAUGE, HS_GO_OTHER_SYS, 1, "go_memstats_other_sys_bytes", 1 },
  [HS_GO_M_SYS] = { "go_sys", N_("Go Sys"),
    N_("All memory the runtime obtained from the OS: address space, not RSS (Sys)"),
    HS_UNIT_BYTES, HS_METRIC_GAUGE, HS_GO_SYS, 1, "go_memstats_sys_bytes", 1 },
  [HS_GO_M_NEXT_GC] = { "go_next_gc", N_("Go NextGC"),
    N_("Heap size at which the next GC cycle starts (NextGC)"),
    HS_UNIT_BYTES, HS_METRIC_GAUGE, HS_GO_NEXT_GC, 1, "go_memstats_next_gc_bytes", 1 },
  [HS_GO_M_NUM_GC] = { "go_num_gc", N_("Go NumGC"),
    N_("Completed GC cycles since the program started (NumGC)"),
    HS_UNIT_COUNT, HS_METRIC_COUNTER, HS_GO_NUM_GC, 1, "go_gc_duration_seconds_count", 1 },
  [HS_GO_M_PAUSE_TOTAL] = { "go_gc_pause_total", N_("Go PauseTotalNs"),
    N_("Stop-the-world GC pause time since the program started (PauseTotalNs)"),
    HS_UNIT_SECONDS, HS_METRIC_COUNTER, HS_GO_PAUSE_TOTAL_NS, 1e-9, "go_gc_duration_seconds_sum", 1 },
  [HS_GO_M_PAUSE_MAX] = { "go_gc_pause_max", N_("Go GC pause (longest)"),
    N_("Longest stop-the-world pause of the GC cycles since the previous reading (PauseNs)"),
    HS_UNIT_SECONDS, HS_METRIC_GAUGE, -1, 1, NULL, 1 },
  [HS_GO_M_GC_CPU] = { "go_gc_cpu", N_("Go GCCPUFraction"),
    N_("Share of the program's CPU time spent in the GC since it started (GCCPUFraction)"),
    HS_UNIT_PERCENT, HS_METRIC_GAUGE, HS_GO_GC_CPU_FRACTION, 100, "go_memstats_gc_cpu_fraction", 100 },
  [HS_GO_M_GOROUTINES] = { "go_goroutines", N_("Goroutines"),
    N_("Goroutines that exist now (goroutine profile total, or go_goroutines)"),
    HS_UNIT_COUNT, HS_METRIC_GAUGE, -1, 1, "go_goroutines", 1 },
  [HS_GO_M_THREADS] = { "go_threads", N_("Go threads"),
    N_("OS threads the Go runtime created (go_threads on /metrics)"),
    HS_UNIT_COUNT, HS_METRIC_GAUGE, -1, 1, "go_threads", 1 },
  [HS_GO_M_PROCESS_RSS] = { "go_process_rss", N_("RSS (process_resident_memory_bytes)"),
    N_("Resident memory as the service reports it on /metrics"),
    HS_UNIT_BYTES, HS_METRIC_GAUGE, -1, 1, "process_resident_memory_bytes", 1 },
};

typedef enum
{
  EXTRA_EXPVAR,
  EXTRA_PROM,
} ExtraKind;

typedef struct
{
  ExtraKind  kind;
  char      *key;       /* expvar id, or prom name */
  char      *labels;    /* prom label set, canonical */
} Extra;

struct _HsGoSource
{
  GObject       parent_instance;

  char         *url;
  guint         timeout_ms;
  gsize         max_size;
  SoupSession  *session;
  GListStore   *metrics;
  GArray       *extras;               /* Extra, metric index = standard + i */
  gboolean      available[HS_GO_N_ENDPOINTS];
  GBytes       *last_body[HS_GO_N_ENDPOINTS];
  HsGoExpvar   *last_expvar;
  GArray       *last_pauses;          /* HsGoPause */
  guint64       lost_pauses;
  gboolean      have_prev_num_gc;
  guint32       prev_num_gc;
  gboolean      in_flight;

  /* While every endpoint fails. */
  gint64        down_since_wall;
  gint64        next_try_mono;
  gint64        backoff_usec;

  GError       *problem;
};

static void hs_go_source_iface_init (HsSourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HsGoSource, hs_go_source, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (HS_TYPE_SOURCE, hs_go_source_iface_init))

enum {
  PROP_0,
  PROP_URL,
  PROP_TIMEOUT_MS,
  PROP_MAX_SIZE,
  PROP_PROBLEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * hs_go_url_is_insecure:
 * @url: a base URL as typed; without "://" it means http:// (as the
 *   "Watch URL…" dialog reads it)
 *
 * Whether watching @url sends the figures in clear over a network: plain
 * http:// to a host that is not loopback (127.0.0.0/8, ::1, localhost).
 * An unparsable URL is not called insecure; watching it fails on its own.
 *
 * Returns: %TRUE to warn
 */
gboolean
hs_go_url_is_insecure (const char *url)
{
  g_autofree char *full = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GInetAddress) address = NULL;
  const char *host;

  g_return_val_if_fail (url != NULL, FALSE);

  full = hs_go_url_from_text (url);
  uri = full != NULL ? g_uri_parse (full, G_URI_FLAGS_NONE, NULL) : NULL;
  if (uri == NULL || g_ascii_strcasecmp (g_uri_get_scheme (uri), "http") != 0)
    return FALSE;

  host = g_uri_get_host (uri);
  if (host == NULL || *host == '\0')
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return FALSE;

  address = g_inet_address_new_from_string (host);
  return address == NULL || !g_inet_address_get_is_loopback (address);
}

/**
 * hs_go_url_from_text:
 * @text: a Go service's URL as the user typed it
 *
 * Returns: (transfer full) (nullable): @text without surrounding blanks,
 *   "http://" put in front when it names no scheme ("localhost:6060"),
 *   NULL when it is blank
 */
char *
hs_go_url_from_text (const char *text)
{
  g_autofree char *stripped = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  stripped = g_strstrip (g_strdup (text));
  if (*stripped == '\0')
    return NULL;
  if (strstr (stripped, "://") == NULL)
    return g_strconcat ("http://", stripped, NULL);
  return g_steal_pointer (&stripped);
}

const char *
hs_go_endpoint_get_path (HsGoEndpoint endpoint)
{
  g_return_val_if_fail (endpoint < HS_GO_N_ENDPOINTS, NULL);
  return endpoint_paths[endpoint];
}

static char *
endpoint_url (const char   *base,
              HsGoEndpoint  endpoint)
{
  return g_strconcat (base, endpoint_paths[endpoint], NULL);
}

static void
extra_clear (gpointer data)
{
  Extra *extra = data;

  g_free (extra->key);
  g_free (extra->labels);
}

static void
set_problem (HsGoSource *self,
             GError     *problem)
{
  if (self->problem == NULL && problem == NULL)
    return;
  if (self->problem != NULL && problem != NULL
      && g_strcmp0 (self->problem->message, problem->message) == 0)
    {
      g_error_free (problem);
      return;
    }
  g_clear_error (&self->problem);
  self->problem = problem;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEM]);
}

/* What one reading fetched and parsed, endpoint by endpoint. */
typedef struct
{
  guint        pending;
  GBytes      *body[HS_GO_N_ENDPOINTS];
  GError      *error[HS_GO_N_ENDPOINTS];
  HsGoExpvar  *expvar;
  gint64       goroutines;
  gboolean     have_goroutines;
  GArray      *prom;                  /* HsPromSample */
  gint64       mono_usec;
  gint64       wall_usec;
} Fetched;

static void
fetched_free (gpointer data)
{
  Fetched *f = data;

  for (guint i = 0; i < HS_GO_N_ENDPOINTS; i++)
    {
      g_clear_pointer (&f->body[i], g_bytes_unref);
      g_clear_error (&f->error[i]);
    }
  g_clear_pointer (&f->expvar, hs_go_expvar_free);
  g_clear_pointer (&f->prom, g_array_unref);
  g_free (f);
}

/* Parses a body; a body that does not parse is that endpoint's error. */
static void
parse_body (Fetched      *f,
            HsGoEndpoint  endpoint,
            gsize         max_size)
{
  gsize size;
  const char *data = g_bytes_get_data (f->body[endpoint], &size);
  g_autoptr(GError) error = NULL;

  if (data == NULL)
    data = "";
  switch (endpoint)
    {
    case HS_GO_ENDPOINT_EXPVAR:
      f->expvar = hs_go_expvar_parse (data, size, max_size, &error);
      break;
    case HS_GO_ENDPOINT_GOROUTINES:
      f->have_goroutines = hs_go_parse_goroutine_total (data, size, &f->goroutines, &error);
      break;
    case HS_GO_ENDPOINT_METRICS:
      f->prom = hs_prom_parse (data, size, max_size, &error);
      break;
    case HS_GO_N_ENDPOINTS:
    default:
      g_assert_not_reached ();
    }
  if (error != NULL)
    f->error[endpoint] = g_error_new (G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                                      "Bad response from %s: %s",
                                      endpoint_paths[endpoint], error->message);
}

static gboolean
prom_value (GArray     *prom,
            const char *name,
            double     *out)
{
  const HsPromSample *sample;

  if (prom == NULL || name == NULL)
    return FALSE;
  sample = hs_prom_find (prom, name, "");
  if (sample == NULL || !isfinite (sample->value))
    return FALSE;
  *out = sample->value;
  return TRUE;
}

/* Is this /metrics sample one of the standard metrics already? */
static gboolean
prom_is_standard (const HsPromSample *sample)
{
  if (sample->labels[0] != '\0')
    return FALSE;
  for (guint i = 0; i < HS_GO_N_STANDARD_METRICS; i++)
    if (g_strcmp0 (metric_table[i].prom, sample->name) == 0)
      return TRUE;
  return FALSE;
}

static HsReading *
make_reading (HsGoSource *self,
              Fetched    *f)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->metrics));
  HsReading *reading = hs_reading_new (n, f->mono_usec, f->wall_usec);

  for (guint i = 0; i < HS_GO_N_STANDARD_METRICS; i++)
    {
      double value;
      gboolean tried = FALSE;

      if (metric_table[i].memstat >= 0 && self->available[HS_GO_ENDPOINT_EXPVAR])
        {
          tried = TRUE;
          if (f->expvar != NULL && hs_go_expvar_get (f->expvar, metric_table[i].memstat, &value))
            {
              hs_reading_set_value (reading, i, value * metric_table[i].memstat_scale);
              continue;
            }
        }
      if (i == HS_GO_M_GOROUTINES && self->available[HS_GO_ENDPOINT_GOROUTINES])
        {
          tried = TRUE;
          if (f->have_goroutines)
            {
              hs_reading_set_value (reading, i, (double) f->goroutines);
              continue;
            }
        }
      if (metric_table[i].prom != NULL && self->available[HS_GO_ENDPOINT_METRICS])
        {
          tried = TRUE;
          if (prom_value (f->prom, metric_table[i].prom, &value))
            {
              hs_reading_set_value (reading, i, value * metric_table[i].prom_scale);
              continue;
            }
        }
      if (i == HS_GO_M_PAUSE_MAX && self->available[HS_GO_ENDPOINT_EXPVAR])
        tried = TRUE;   /* set below */
      /* An endpoint that could have said it failed this time: not
       * measured. None of them serves it: not applicable. */
      hs_reading_set_missing (reading, i, tried ? HS_READING_NOT_MEASURED : HS_READING_NOT_APPLICABLE);
    }

  /* Per-GC pauses from the ring, each cycle once. */
  g_array_set_size (self->last_pauses, 0);
  if (f->expvar != NULL && f->expvar->has_pause_ring)
    {
      double num_gc;

      if (hs_go_expvar_get (f->expvar, HS_GO_NUM_GC, &num_gc) && num_gc >= 0 && num_gc <= G_MAXUINT32)
        {
          if (self->have_prev_num_gc)
            {
              guint64 longest = 0;

              self->lost_pauses += hs_go_pauses_between (self->prev_num_gc, (guint32) num_gc,
                                                         f->expvar->pause_ns, f->expvar->pause_end,
                                                         self->last_pauses);
              for (guint i = 0; i < self->last_pauses->len; i++)
                longest = MAX (longest, g_array_index (self->last_pauses, HsGoPause, i).pause_ns);
              /* No cycle ended: no pause, a true zero. */
              hs_reading_set_value (reading, HS_GO_M_PAUSE_MAX, longest / 1e9);
            }
          self->prev_num_gc = (guint32) num_gc;
          self->have_prev_num_gc = TRUE;
        }
    }

  for (guint i = 0; i < self->extras->len; i++)
    {
      Extra *extra = &g_array_index (self->extras, Extra, i);
      guint index = HS_GO_N_STANDARD_METRICS + i;
      gboolean found = FALSE;

      if (extra->kind == EXTRA_EXPVAR && f->expvar != NULL)
        for (guint j = 0; j < f->expvar->extras->len && !found; j++)
          {
            HsGoExtra *e = &g_array_index (f->expvar->extras, HsGoExtra, j);

            if (strcmp (e->id, extra->key) == 0)
              {
                hs_reading_set_value (reading, index, e->value);
                found = TRUE;
              }
          }
      else if (extra->kind == EXTRA_PROM && f->prom != NULL)
        {
          const HsPromSample *sample = hs_prom_find (f->prom, extra->key, extra->labels);

          if (sample != NULL && isfinite (sample->value))
            {
              hs_reading_set_value (reading, index, sample->value);
              found = TRUE;
            }
        }
      if (!found)
        hs_reading_set_missing (reading, index, HS_READING_NOT_MEASURED);
    }

  return reading;
}

static void
finish_read (GTask *task)
{
  HsGoSource *self = g_task_get_source_object (task);
  Fetched *f = g_task_get_task_data (task);
  GError *first_error = NULL;
  guint n_tried = 0, n_failed = 0;
  HsReading *reading;

  self->in_flight = FALSE;

  for (guint i = 0; i < HS_GO_N_ENDPOINTS; i++)
    {
      if (!self->available[i])
        continue;
      n_tried++;
      if (f->error[i] != NULL && g_error_matches (f->error[i], G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&f->error[i]));
          g_object_unref (task);
          return;
        }
      if (f->error[i] != NULL)
        {
          n_failed++;
          if (first_error == NULL)
            first_error = f->error[i];
        }
    }

  for (guint i = 0; i < HS_GO_N_ENDPOINTS; i++)
    if (f->body[i] != NULL && f->error[i] == NULL)
      {
        g_clear_pointer (&self->last_body[i], g_bytes_unref);
        self->last_body[i] = g_bytes_ref (f->body[i]);
      }
  if (n_tried > 0 && n_failed == n_tried)
    {
      g_autofree char *since = NULL;
      g_autoptr(GDateTime) when = NULL;

      if (self->down_since_wall == 0)
        {
          self->down_since_wall = f->wall_usec;
          self->backoff_usec = G_USEC_PER_SEC;
        }
      else
        self->backoff_usec = MIN (self->backoff_usec * 2, MAX_BACKOFF_USEC);
      self->next_try_mono = g_get_monotonic_time () + self->backoff_usec;
      when = g_date_time_new_from_unix_local (self->down_since_wall / G_USEC_PER_SEC);
      since = g_date_time_format (when, "%H:%M:%S");
      /* It answers, but nothing usable, or it does not answer at all. */
      set_problem (self, g_error_new (G_IO_ERROR, first_error->code,
                                      g_error_matches (first_error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA)
                                      ? "%s gives bad responses since %s: %s"
                                      : "%s unreachable since %s: %s",
                                      self->url, since, first_error->message));
    }
  else
    {
      self->down_since_wall = 0;
      self->backoff_usec = 0;
      set_problem (self, first_error != NULL ? g_error_copy (first_error) : NULL);
    }

  reading = make_reading (self, f);
  if (f->expvar != NULL)
    {
      g_clear_pointer (&self->last_expvar, hs_go_expvar_free);
      self->last_expvar = g_steal_pointer (&f->expvar);
    }
  g_task_return_pointer (task, reading, (GDestroyNotify) hs_reading_unref);
  g_object_unref (task);
}

typedef struct
{
  GTask        *task;
  HsGoEndpoint  endpoint;
} FetchOne;

static void
on_fetched (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  FetchOne *one = user_data;
  GTask *task = one->task;
  HsGoSource *self = g_task_get_source_object (task);
  Fetched *f = g_task_get_task_data (task);
  HsGoEndpoint endpoint = one->endpoint;

  g_free (one);
  f->body[endpoint] = hs_go_fetch_finish (result, &f->error[endpoint]);
  if (f->body[endpoint] != NULL)
    parse_body (f, endpoint, self->max_size);
  if (--f->pending == 0)
    finish_read (task);
}

static void
hs_go_source_read_async (HsSource            *source,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  HsGoSource *self = HS_GO_SOURCE (source);
  GTask *task;
  Fetched *f;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hs_go_source_read_async);

  if (self->in_flight)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               "A reading of %s is already under way", self->url);
      g_object_unref (task);
      return;
    }

  f = g_new0 (Fetched, 1);
  f->mono_usec = g_get_monotonic_time ();
  f->wall_usec = g_get_real_time ();
  g_task_set_task_data (task, f, fetched_free);

  /* Down: no fetch until the back-off has passed; the values are simply
   * not measured on this tick. */
  if (self->down_since_wall != 0 && f->mono_usec < self->next_try_mono)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->metrics));

      g_task_return_pointer (task, hs_reading_new (n, f->mono_usec, f->wall_usec),
                             (GDestroyNotify) hs_reading_unref);
      g_object_unref (task);
      return;
    }

  self->in_flight = TRUE;
  f->pending = 1;   /* held until every fetch has started */
  for (guint i = 0; i < HS_GO_N_ENDPOINTS; i++)
    {
      g_autofree char *url = NULL;
      FetchOne *one;

      if (!self->available[i])
        continue;
      url = endpoint_url (self->url, i);
      one = g_new0 (FetchOne, 1);
      one->task = task;
      one->endpoint = i;
      f->pending++;
      hs_go_fetch_async (self->session, url, self->max_size, self->timeout_ms,
                         cancellable, on_fetched, one);
    }
  if (--f->pending == 0)
    finish_read (task);
}

static HsReading *
hs_go_source_read_finish (HsSource      *source,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, source), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static GListModel *
hs_go_source_get_metrics (HsSource *source)
{
  return G_LIST_MODEL (HS_GO_SOURCE (source)->metrics);
}

static const char *
hs_go_source_get_name_iface (HsSource *source)
{
  return HS_GO_SOURCE (source)->url;
}

static const GError *
hs_go_source_get_problem (HsSource *source)
{
  return HS_GO_SOURCE (source)->problem;
}

static void
hs_go_source_iface_init (HsSourceInterface *iface)
{
  iface->get_metrics = hs_go_source_get_metrics;
  iface->read_async = hs_go_source_read_async;
  iface->read_finish = hs_go_source_read_finish;
  iface->get_name = hs_go_source_get_name_iface;
  iface->get_problem = hs_go_source_get_problem;
}

static void
hs_go_source_constructed (GObject *object)
{
  HsGoSource *self = HS_GO_SOURCE (object);
  gsize len;

  G_OBJECT_CLASS (hs_go_source_parent_class)->constructed (object);

  /* The base: "http://host:port", whatever the user pasted after it. */
  for (guint i = 0; i < HS_GO_N_ENDPOINTS; i++)
    if (g_str_has_suffix (self->url, endpoint_paths[i]))
      self->url[strlen (self->url) - strlen (endpoint_paths[i])] = '\0';
  if (g_str_has_suffix (self->url, "/debug/pprof/"))
    self->url[strlen (self->url) - strlen ("/debug/pprof/")] = '\0';
  len = strlen (self->url);
  while (len > 0 && self->url[len - 1] == '/')
    self->url[--len] = '\0';

  self->session = hs_go_soup_session_new (self->timeout_ms);
  for (guint i = 0; i < HS_GO_N_STANDARD_METRICS; i++)
    {
      g_autoptr(HsMetric) metric = hs_metric_new (metric_table[i].id,
                                                  metric_table[i].label,
                                                  metric_table[i].explanation,
                                                  metric_table[i].unit,
                                                  metric_table[i].kind,
                                                  TRUE);
      g_list_store_append (self->metrics, metric);
    }
  for (guint i = 0; i < HS_GO_N_ENDPOINTS; i++)
    self->available[i] = TRUE;
}

static void
hs_go_source_dispose (GObject *object)
{
  HsGoSource *self = HS_GO_SOURCE (object);

  g_clear_object (&self->session);

  G_OBJECT_CLASS (hs_go_source_parent_class)->dispose (object);
}

static void
hs_go_source_finalize (GObject *object)
{
  HsGoSource *self = HS_GO_SOURCE (object);

  g_clear_object (&self->metrics);
  g_clear_pointer (&self->extras, g_array_unref);
  for (guint i = 0; i < HS_GO_N_ENDPOINTS; i++)
    g_clear_pointer (&self->last_body[i], g_bytes_unref);
  g_clear_pointer (&self->last_expvar, hs_go_expvar_free);
  g_clear_pointer (&self->last_pauses, g_array_unref);
  g_clear_error (&self->problem);
  g_free (self->url);

  G_OBJECT_CLASS (hs_go_source_parent_class)->finalize (object);
}

static void
hs_go_source_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  HsGoSource *self = HS_GO_SOURCE (object);

  switch (prop_id)
    {
    case PROP_URL:
      g_value_set_string (value, self->url);
      break;
    case PROP_TIMEOUT_MS:
      g_value_set_uint (value, self->timeout_ms);
      break;
    case PROP_MAX_SIZE:
      g_value_set_uint64 (value, self->max_size);
      break;
    case PROP_PROBLEM:
      g_value_set_boxed (value, self->problem);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hs_go_source_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  HsGoSource *self = HS_GO_SOURCE (object);

  switch (prop_id)
    {
    case PROP_URL:
      self->url = g_value_dup_string (value);
      break;
    case PROP_TIMEOUT_MS:
      hs_go_source_set_timeout_ms (self, g_value_get_uint (value));
      break;
    case PROP_MAX_SIZE:
      hs_go_source_set_max_size (self, g_value_get_uint64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hs_go_source_class_init (HsGoSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = hs_go_source_constructed;
  object_class->dispose = hs_go_source_dispose;
  object_class->finalize = hs_go_source_finalize;
  object_class->get_property = hs_go_source_get_property;
  object_class->set_property = hs_go_source_set_property;

  properties[PROP_URL] =
    g_param_spec_string ("url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIMEOUT_MS] =
    g_param_spec_uint ("timeout-ms", NULL, NULL, 1, 3600 * 1000, HS_GO_DEFAULT_TIMEOUT_MS,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX_SIZE] =
    g_param_spec_uint64 ("max-size", NULL, NULL, 1, G_MAXSIZE, HS_GO_DEFAULT_MAX_SIZE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, PROP_PROBLEM, properties);
  g_object_class_override_property (object_class, PROP_PROBLEM, "problem");
  properties[PROP_PROBLEM] = g_object_class_find_property (object_class, "problem");
}

static void
hs_go_source_init (HsGoSource *self)
{
  self->metrics = g_list_store_new (HS_TYPE_METRIC);
  self->extras = g_array_new (FALSE, FALSE, sizeof (Extra));
  g_array_set_clear_func (self->extras, extra_clear);
  self->last_pauses = g_array_new (FALSE, FALSE, sizeof (HsGoPause));
  self->timeout_ms = HS_GO_DEFAULT_TIMEOUT_MS;
  self->max_size = HS_GO_DEFAULT_MAX_SIZE;
}

HsGoSource *
hs_go_source_new (const char *url)
{
  g_return_val_if_fail (url != NULL, NULL);

  return g_object_new (HS_TYPE_GO_SOURCE, "url", url, NULL);
}

const char *
hs_go_source_get_url (HsGoSource *self)
{
  g_return_val_if_fail (HS_IS_GO_SOURCE (self), NULL);
  return self->url;
}

guint
hs_go_source_get_timeout_ms (HsGoSource *self)
{
  g_return_val_if_fail (HS_IS_GO_SOURCE (self), 0);
  return self->timeout_ms;
}

void
hs_go_source_set_timeout_ms (HsGoSource *self,
                             guint       timeout_ms)
{
  g_return_if_fail (HS_IS_GO_SOURCE (self));
  g_return_if_fail (timeout_ms > 0);

  if (self->timeout_ms == timeout_ms)
    return;
  self->timeout_ms = timeout_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT_MS]);
}

gsize
hs_go_source_get_max_size (HsGoSource *self)
{
  g_return_val_if_fail (HS_IS_GO_SOURCE (self), 0);
  return self->max_size;
}

void
hs_go_source_set_max_size (HsGoSource *self,
                           gsize       max_size)
{
  g_return_if_fail (HS_IS_GO_SOURCE (self));
  g_return_if_fail (max_size > 0);

  if (self->max_size == max_size)
    return;
  self->max_size = max_size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_SIZE]);
}

gboolean
hs_go_source_has_endpoint (HsGoSource   *self,
                           HsGoEndpoint  endpoint)
{
  g_return_val_if_fail (HS_IS_GO_SOURCE (self), FALSE);
  g_return_val_if_fail (endpoint < HS_GO_N_ENDPOINTS, FALSE);
  return self->available[endpoint];
}

GBytes *
hs_go_source_get_last_body (HsGoSource   *self,
                            HsGoEndpoint  endpoint)
{
  g_return_val_if_fail (HS_IS_GO_SOURCE (self), NULL);
  g_return_val_if_fail (endpoint < HS_GO_N_ENDPOINTS, NULL);
  return self->last_body[endpoint];
}

const HsGoExpvar *
hs_go_source_get_last_expvar (HsGoSource *self)
{
  g_return_val_if_fail (HS_IS_GO_SOURCE (self), NULL);
  return self->last_expvar;
}

GArray *
hs_go_source_get_last_pauses (HsGoSource *self)
{
  g_return_val_if_fail (HS_IS_GO_SOURCE (self), NULL);
  return self->last_pauses;
}

guint64
hs_go_source_get_lost_pauses (HsGoSource *self)
{
  g_return_val_if_fail (HS_IS_GO_SOURCE (self), 0);
  return self->lost_pauses;
}

/* Probing: one fetch of each endpoint decides which are fetched later
 * and which extras are offered. */

typedef struct
{
  HsGoSource *source;
  Fetched    *fetched;
  guint       pending;
} Probe;

static void
probe_free (gpointer data)
{
  Probe *probe = data;

  g_clear_object (&probe->source);
  g_clear_pointer (&probe->fetched, fetched_free);
  g_free (probe);
}

static void
add_extra_metric (HsGoSource *self,
                  ExtraKind   kind,
                  const char *key,
                  const char *labels,
                  const char *id,
                  const char *label,
                  const char *explanation,
                  HsUnit      unit,
                  HsMetricKind metric_kind)
{
  g_autoptr(HsMetric) metric = NULL;
  Extra extra;

  /* A page may repeat a sample: ids stay unique (CSV columns, settings). */
  if (hs_source_find_metric (HS_SOURCE (self), id) >= 0)
    return;
  metric = hs_metric_new (id, label, explanation, unit, metric_kind, TRUE);
  extra = (Extra) { kind, g_strdup (key), g_strdup (labels) };
  g_array_append_val (self->extras, extra);
  g_list_store_append (self->metrics, metric);
}

static void
probe_finish (GTask *task)
{
  Probe *probe = g_task_get_task_data (task);
  HsGoSource *self = probe->source;
  Fetched *f = probe->fetched;
  g_autoptr(GString) why = g_string_new (NULL);
  gboolean any = FALSE;

  for (guint i = 0; i < HS_GO_N_ENDPOINTS; i++)
    {
      if (g_error_matches (f->error[i], G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&f->error[i]));
          g_object_unref (task);
          return;
        }
      self->available[i] = f->error[i] == NULL;
      any |= self->available[i];
      if (f->error[i] != NULL)
        g_string_append_printf (why, "%s%s", why->len > 0 ? "; " : "", f->error[i]->message);
    }
  if (!any)
    {
      g_task_return_new_error (task, G_IO_ERROR, f->error[0]->code,
                               "No Go runtime endpoint answers at %s: %s", self->url, why->str);
      g_object_unref (task);
      return;
    }

  if (f->expvar != NULL)
    for (guint i = 0; i < f->expvar->extras->len; i++)
      {
        HsGoExtra *e = &g_array_index (f->expvar->extras, HsGoExtra, i);
        g_autofree char *id = g_strconcat ("expvar.", e->id, NULL);
        g_autofree char *label = g_strdup_printf ("%s (expvar)", e->id);

        add_extra_metric (self, EXTRA_EXPVAR, e->id, NULL, id, label,
                          N_("A value the program publishes at /debug/vars"),
                          HS_UNIT_COUNT, HS_METRIC_GAUGE);
      }
  if (f->prom != NULL)
    for (guint i = 0; i < f->prom->len && self->extras->len < 4 * HS_GO_EXPVAR_MAX_EXTRAS; i++)
      {
        HsPromSample *s = &g_array_index (f->prom, HsPromSample, i);
        g_autofree char *id = NULL;
        g_autofree char *label = NULL;
        gboolean counter;
        HsUnit unit = HS_UNIT_COUNT;

        if (prom_is_standard (s) && self->available[HS_GO_ENDPOINT_METRICS])
          continue;
        id = g_strconcat ("metrics.", s->name, s->labels, NULL);
        label = g_strconcat (s->name, s->labels, NULL);
        counter = s->type == HS_PROM_COUNTER
                  || ((s->type == HS_PROM_SUMMARY || s->type == HS_PROM_HISTOGRAM)
                      && strcmp (s->name, s->family) != 0);
        if (g_str_has_suffix (s->family, "_bytes"))
          unit = HS_UNIT_BYTES;
        else if (g_str_has_suffix (s->family, "_seconds") && !g_str_has_suffix (s->name, "_count")
                 && !g_str_has_suffix (s->name, "_bucket"))
          unit = HS_UNIT_SECONDS;
        if (g_str_has_suffix (s->name, "_count") || g_str_has_suffix (s->name, "_bucket"))
          unit = HS_UNIT_COUNT;
        add_extra_metric (self, EXTRA_PROM, s->name, s->labels, id, label,
                          counter ? N_("A counter the program publishes at /metrics")
                                  : N_("A gauge the program publishes at /metrics"),
                          unit, counter ? HS_METRIC_COUNTER : HS_METRIC_GAUGE);
      }

  g_task_return_pointer (task, g_object_ref (self), g_object_unref);
  g_object_unref (task);
}

typedef struct
{
  GTask        *task;
  HsGoEndpoint  endpoint;
} ProbeOne;

static void
on_probed (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  ProbeOne *one = user_data;
  GTask *task = one->task;
  Probe *probe = g_task_get_task_data (task);
  Fetched *f = probe->fetched;
  HsGoEndpoint endpoint = one->endpoint;

  g_free (one);
  f->body[endpoint] = hs_go_fetch_finish (result, &f->error[endpoint]);
  if (f->body[endpoint] != NULL)
    parse_body (f, endpoint, probe->source->max_size);
  if (--probe->pending == 0)
    probe_finish (task);
}

void
hs_go_source_new_async (const char          *url,
                        guint                timeout_ms,
                        gsize                max_size,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GTask *task;
  Probe *probe;

  g_return_if_fail (url != NULL);

  probe = g_new0 (Probe, 1);
  probe->source = g_object_new (HS_TYPE_GO_SOURCE, "url", url,
                                "timeout-ms", timeout_ms > 0 ? timeout_ms : HS_GO_DEFAULT_TIMEOUT_MS,
                                "max-size", (guint64) (max_size > 0 ? max_size : HS_GO_DEFAULT_MAX_SIZE),
                                NULL);
  probe->fetched = g_new0 (Fetched, 1);
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, hs_go_source_new_async);
  g_task_set_task_data (task, probe, probe_free);

  probe->pending = HS_GO_N_ENDPOINTS;
  for (guint i = 0; i < HS_GO_N_ENDPOINTS; i++)
    {
      g_autofree char *full = endpoint_url (probe->source->url, i);
      ProbeOne *one = g_new0 (ProbeOne, 1);

      one->task = task;
      one->endpoint = i;
      hs_go_fetch_async (probe->source->session, full, probe->source->max_size,
                         probe->source->timeout_ms, cancellable, on_probed, one);
    }
}

HsGoSource *
hs_go_source_new_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == hs_go_source_new_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
