/* hs-cli-live.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "heapscope-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "hs-cli.h"
#include "hs-go-capture.h"
#include "hs-go-fetch.h"
#include "hs-output-file.h"
#include "hs-profile.h"
#include "hs-go-source.h"
#include "hs-local-sampler.h"
#include "hs-memory-map-diff.h"
#include "hs-probe-sampler.h"
#include "hs-session.h"
#include "hs-trend.h"
#include "hs-units.h"

#define WATCH_CSV_HEADER \
  "time,rss_bytes,vsz_bytes,heap_bytes,anon_bytes,shared_bytes,swap_bytes,threads,cpu_percent,fds"

static HsSampler *
make_sampler (gboolean   use_probe,
              GError   **error)
{
  if (use_probe)
    return hs_probe_sampler_new (error);
  return hs_local_sampler_new ();
}

/* The words of watch's text line for the proc source's metrics (shorter
 * than the app's labels, and kept as scripts and people know them); vsz is
 * left out of the text line. Other metrics use their label. */
static const struct
{
  const char *id;
  const char *title;
  gboolean    in_text;
} watch_titles[] = {
  { "rss", N_("RSS"), TRUE },
  { "vsz", N_("VSZ"), FALSE },
  { "heap", N_("heap"), TRUE },
  { "anon", N_("anon"), TRUE },
  { "shared", N_("shared"), TRUE },
  { "swap", N_("swap"), TRUE },
  { "threads", N_("threads"), TRUE },
  { "cpu", N_("CPU"), TRUE },
  { "fds", N_("fds"), TRUE },
  { "processes", N_("processes"), TRUE },
  /* TRANSLATORS: the RSS of the largest process of a tree */
  { "largest_rss", N_("largest"), TRUE },
};

/* The Go service's figures that watch prints, in this order after the
 * process's: the ones a leak shows in (heap, objects, goroutines) and the
 * GC pacing that explains them. The other Go metrics are the app's. */
static const HsGoMetricIndex watch_go_metrics[] = {
  HS_GO_M_HEAP_ALLOC, HS_GO_M_HEAP_INUSE, HS_GO_M_HEAP_OBJECTS,
  HS_GO_M_NEXT_GC, HS_GO_M_NUM_GC, HS_GO_M_GOROUTINES,
};

/* Whether watch prints @item: every metric of the process source, and of
 * a Go source only the standard ones above (not the service's own
 * expvars, whose names and number vary from one service to the next). */
static gboolean
watch_shows (HsSessionMetric *item)
{
  HsSource *source = hs_session_metric_get_source (item);
  guint index = hs_session_metric_get_index (item);

  if (!HS_IS_GO_SOURCE (source))
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (watch_go_metrics); i++)
    if (index == (guint) watch_go_metrics[i])
      return TRUE;
  return FALSE;
}

/* The column of a Go metric drops the "go_" of its id: the CSV already
 * says which columns are the service's by where they stand, and
 * heap_alloc_bytes is the name the Go runtime's own exporters use. */
static char *
watch_column_name (HsSessionMetric *item)
{
  HsMetric *metric = hs_session_metric_get_metric (item);
  char *name = hs_metric_get_column_name (metric);

  if (HS_IS_GO_SOURCE (hs_session_metric_get_source (item)) && g_str_has_prefix (name, "go_"))
    memmove (name, name + 3, strlen (name + 3) + 1);
  return name;
}

static HsCliColumnKind
column_kind (HsUnit unit)
{
  switch (unit)
    {
    case HS_UNIT_BYTES:
    case HS_UNIT_BYTES_PER_SECOND:
      return HS_CLI_COLUMN_BYTES;
    case HS_UNIT_PERCENT:
      return HS_CLI_COLUMN_PERCENT;
    case HS_UNIT_SECONDS:
      return HS_CLI_COLUMN_DOUBLE;
    case HS_UNIT_COUNT:
    default:
      return HS_CLI_COLUMN_INTEGER;
    }
}

/* One column per metric of the session, in the session's order, after the
 * time: the CSV header is "time," and the metrics' column names. One line
 * per reading in every format, flushed as it is written. */
static HsCliTable *
watch_table_new (HsCliFormat  format,
                 GListModel  *metrics)
{
  HsCliTable *table = hs_cli_table_new (format);
  const HsCliColumn time_column = { .name = "time", .kind = HS_CLI_COLUMN_TIME };
  guint n = g_list_model_get_n_items (metrics);

  hs_cli_table_add_column (table, &time_column);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HsSessionMetric) item = g_list_model_get_item (metrics, i);
      HsMetric *metric = hs_session_metric_get_metric (item);
      g_autofree char *name = NULL;
      HsCliColumn column;

      if (!watch_shows (item))
        continue;
      name = watch_column_name (item);
      column = (HsCliColumn) {
        .name = name,
        .title = hs_metric_get_label (metric),
        .kind = column_kind (hs_metric_get_unit (metric)),
        .digits = hs_metric_get_unit (metric) == HS_UNIT_SECONDS ? 3 : 1,
      };

      for (guint t = 0; t < G_N_ELEMENTS (watch_titles); t++)
        if (g_str_equal (watch_titles[t].id, hs_metric_get_id (metric)))
          {
            column.title = _(watch_titles[t].title);
            if (!watch_titles[t].in_text)
              column.formats = HS_CLI_FORMATS_ALL & ~HS_CLI_FORMAT_TEXT;
          }
      /* The table keeps its own copy of the strings. */
      hs_cli_table_add_column (table, &column);
    }
  hs_cli_table_set_text_style (table, HS_CLI_TEXT_LABELLED);
  hs_cli_table_set_streaming (table, TRUE);
  return table;
}

typedef struct
{
  /* Borrowed */
  HsSession  *session;
  HsCliTable *table;
  GMainLoop  *loop;
  HsLimits   *limits;

  gint64      deadline;      /* monotonic µs; -1 = until the process exits */
  guint       duration_id;
  guint       n_rows;
  int         status;
  gboolean    warned;
  gboolean    out_of_time;   /* the duration is over: stop after a first row */
} Watch;

static void
watch_quit (Watch *watch,
            int    status)
{
  watch->status = status;
  g_main_loop_quit (watch->loop);
}

/* A value of this reading; for a figure read at a lower rate (heap) and
 * not read this time, the latest one; else a missing cell: never a zero
 * standing in for "unknown". */
static void
add_cell (HsCliTable      *table,
          HsSessionMetric *item,
          HsSource        *source,
          HsReading       *reading)
{
  guint index = hs_session_metric_get_index (item);
  double value;

  /* A metric of another source (the Go service's, on a row the process's
   * reading makes): its latest value, read at most one interval ago. */
  if (hs_session_metric_get_source (item) != source)
    {
      if (!hs_series_get_last (hs_session_metric_get_series (item), NULL, &value))
        {
          hs_cli_table_add_missing (table);
          return;
        }
    }
  else if (!hs_reading_get_value (reading, index, &value) &&
      !(hs_reading_get_status (reading, index) == HS_READING_NOT_MEASURED &&
        hs_series_get_last (hs_session_metric_get_series (item), NULL, &value)))
    {
      hs_cli_table_add_missing (table);
      return;
    }

  switch (column_kind (hs_metric_get_unit (hs_session_metric_get_metric (item))))
    {
    case HS_CLI_COLUMN_PERCENT:
    case HS_CLI_COLUMN_DOUBLE:
      hs_cli_table_add_double (table, value);
      break;
    default:
      hs_cli_table_add_int (table, (gint64) value);
      break;
    }
}

static void
on_reading (HsSession *session,
            HsSource  *source,
            HsReading *reading,
            Watch     *watch)
{
  GListModel *metrics = G_LIST_MODEL (session);
  guint n = g_list_model_get_n_items (metrics);
  const GError *problem = hs_source_get_problem (source);
  GPtrArray *sources = hs_session_get_sources (session);

  hs_limits_observe (watch->limits, session);
  /* One row per tick: each source reads on its own, so the rows follow
   * the first source (the process when there is one) and the others'
   * latest values join them. */
  if (sources->len > 0 && source != g_ptr_array_index (sources, 0))
    {
      if (problem != NULL && !watch->warned)
        {
          g_printerr ("heapscope-cli watch: %s\n", problem->message);
          watch->warned = TRUE;
        }
      return;
    }

  /* A tick that fell on the end of the duration is not printed. */
  if (watch->n_rows > 0 && watch->deadline >= 0 &&
      hs_reading_get_mono_usec (reading) >= watch->deadline)
    return;

  if (problem != NULL && !watch->warned)
    {
      g_printerr ("heapscope-cli watch: %s\n", problem->message);
      watch->warned = TRUE;
    }

  hs_cli_table_begin_row (watch->table);
  hs_cli_table_add_int (watch->table, hs_reading_get_wall_usec (reading));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HsSessionMetric) item = g_list_model_get_item (metrics, i);

      if (watch_shows (item))
        add_cell (watch->table, item, source, reading);
    }
  hs_cli_table_end_row (watch->table);
  watch->n_rows++;

  /* A reader that went away (a closed pipe) ends the watch. */
  if (!hs_cli_table_finish (watch->table))
    {
      g_printerr (_("heapscope-cli watch: could not write the output\n"));
      watch_quit (watch, HS_CLI_EXIT_FAILURE);
    }
  else if (watch->out_of_time)
    watch_quit (watch, HS_CLI_EXIT_OK);
}

static void
on_state_changed (HsSession  *session,
                  GParamSpec *pspec,
                  Watch      *watch)
{
  g_autoptr(GError) error = NULL;
  int pid = hs_session_get_pid (session);

  switch (hs_session_get_state (session))
    {
    case HS_SESSION_EXITED:
      if (watch->n_rows > 0)
        {
          g_printerr (_("heapscope-cli watch: process %d exited after %u samples\n"),
                      pid, watch->n_rows);
          watch_quit (watch, HS_CLI_EXIT_PROCESS_GONE);
          return;
        }
      g_set_error (&error, HS_SOURCE_ERROR, HS_SOURCE_ERROR_EXITED,
                   _("There is no process with PID %d"), pid);
      watch_quit (watch, hs_cli_usage_error ("watch", error));
      return;

    case HS_SESSION_STOPPED:
      /* Stopped by itself: the probe died or /proc refused the process. */
      if (hs_session_get_error (session) != NULL)
        watch_quit (watch, hs_cli_usage_error ("watch", hs_session_get_error (session)));
      return;

    case HS_SESSION_RUNNING:
    case HS_SESSION_CLOSED:
    default:
      return;
    }
}

/* --fail-on-leak[=METRIC,...]: without a list, RSS. */
static char *fail_on_leak_list;

static gboolean
parse_fail_on_leak (const char  *option_name,
                    const char  *value,
                    gpointer     data,
                    GError     **error)
{
  if (value != NULL && *value == '\0')
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--fail-on-leak needs metric names, as in --fail-on-leak=rss,heap"));
      return FALSE;
    }
  g_free (fail_on_leak_list);
  fail_on_leak_list = g_strdup (value != NULL ? value : "rss");
  return TRUE;
}

/**
 * hs_cli_format_verdict:
 * @start_limit: the limit found when the process started (its cgroup is
 *   gone once it exits)
 *
 * Core's verdict text, projected to @start_limit; `watch` and `run` print
 * it the same way.
 */
char *
hs_cli_format_verdict (HsMetric            *metric,
                       const HsTrendResult *result,
                       const HsMemoryLimit *start_limit)
{
  HsMemoryLimit limit = *start_limit;

  /* The machine's free memory counts on top of what the process holds. */
  if (limit.kind == HS_MEMORY_LIMIT_AVAILABLE)
    limit.bytes += (guint64) MAX (result->last_value, 0);
  return hs_trend_format_verdict (metric, result, &limit);
}

/* At the end of a watch: the verdict of each metric named in @gated (or
 * of every gauge with @gated NULL) over the last @window, on standard
 * error. Returns: TRUE when a metric of @gated is leaking. */
static gboolean
print_verdicts (HsSession           *session,
                gint64               window,
                const char * const  *gated,
                const HsMemoryLimit *start_limit)
{
  GListModel *metrics = G_LIST_MODEL (session);
  g_autoptr(HsTrend) trend = hs_trend_new (window, HS_TREND_MODE_VALUE);
  gboolean leaking = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (metrics); i++)
    {
      g_autoptr(HsSessionMetric) item = g_list_model_get_item (metrics, i);
      HsMetric *metric = hs_session_metric_get_metric (item);
      HsSeries *series = hs_session_metric_get_series (item);
      g_autofree char *verdict = NULL;
      HsTrendResult result;
      gint64 last = 0;

      /* Without a list, the gauges of the printed columns. */
      if (gated != NULL ? !g_strv_contains (gated, hs_metric_get_id (metric))
                        : hs_metric_get_kind (metric) != HS_METRIC_GAUGE || !watch_shows (item))
        continue;
      if (hs_series_get_last (series, &last, NULL))
        hs_trend_analyze (trend, series, last, &result);
      else
        hs_trend_analyze_points (trend, NULL, NULL, 0, &result);
      verdict = hs_cli_format_verdict (metric, &result, start_limit);
      g_printerr ("heapscope-cli watch: %s\n", verdict);
      if (gated != NULL && result.state == HS_TREND_LEAKING)
        leaking = TRUE;
    }
  return leaking;
}

static gboolean
on_duration_over (gpointer user_data)
{
  Watch *watch = user_data;

  watch->duration_id = 0;
  if (watch->n_rows > 0)
    watch_quit (watch, HS_CLI_EXIT_OK);
  else
    watch->out_of_time = TRUE;
  return G_SOURCE_REMOVE;
}

static void
on_go_source_ready (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* Only http and https: the fetch code speaks HTTP, and a "file:" or
 * "ftp:" URL would fail later with a less clear message. */
gboolean
hs_cli_check_go_url (const char  *url,
                     GError     **error)
{
  g_autofree char *scheme = g_uri_parse_scheme (url);

  if (scheme == NULL || (g_ascii_strcasecmp (scheme, "http") != 0 &&
                         g_ascii_strcasecmp (scheme, "https") != 0))
    {
      g_autofree char *shown = hs_cli_escape_text (url);

      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("“%s” is not an http:// or https:// URL"), shown);
      return FALSE;
    }
  return TRUE;
}

/* The Go source of --url, once one of its endpoints answered: the same
 * check the app makes before it shows a session. */
static HsGoSource *
make_go_source (const char  *url,
                GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  if (!hs_cli_check_go_url (url, error))
    return NULL;
  hs_go_source_new_async (url, HS_GO_DEFAULT_TIMEOUT_MS, HS_GO_DEFAULT_MAX_SIZE, NULL,
                          on_go_source_ready, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return hs_go_source_new_finish (result, error);
}

/**
 * hs_cli_parse_sampling:
 * @interval_text: (nullable): --interval; %NULL keeps *@interval
 * @window_text: (nullable): --window; %NULL keeps *@window
 *
 * The sampling options `watch` and `run` share: an interval from 100 ms
 * to 60 s, and a trend window that holds at least HS_TREND_MIN_POINTS
 * samples of it.
 */
gboolean
hs_cli_parse_sampling (const char  *interval_text,
                       const char  *window_text,
                       gint64      *interval,
                       gint64      *window,
                       GError     **error)
{
  if (interval_text != NULL && !hs_parse_duration (interval_text, interval, error))
    return FALSE;
  if (*interval < 100 * 1000 || *interval > 60 * G_USEC_PER_SEC)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("The interval must be between 100ms and 60s, not %s"), interval_text);
      return FALSE;
    }
  if (window_text != NULL && !hs_parse_duration (window_text, window, error))
    return FALSE;
  if (*window < *interval * HS_TREND_MIN_POINTS)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("The window must hold at least %d samples: %s is too short for an interval of %s"),
                   HS_TREND_MIN_POINTS, window_text, interval_text != NULL ? interval_text : "1s");
      return FALSE;
    }
  return TRUE;
}

int
hs_cli_watch (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HsSampler) sampler = NULL;
  g_autoptr(HsProcSource) source = NULL;
  g_autoptr(HsGoSource) go_source = NULL;
  g_autofree char *url = NULL;
  g_autoptr(HsSession) session = NULL;
  g_autoptr(HsCliTable) table = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *interval_text = NULL;
  g_autofree char *duration_text = NULL;
  g_autofree char *format_text = NULL;
  g_autofree char *description = NULL;
  g_autofree char *window_text = NULL;
  g_auto(GStrv) gated = NULL;
  g_auto(HsCliLimitOptions) limit_options = { NULL };
  g_autoptr(HsLimits) limits = NULL;
  gboolean leaking = FALSE;
  gboolean use_probe = FALSE;
  gboolean descendants = FALSE;
  HsCliFormat format;
  gint64 interval = G_USEC_PER_SEC;
  gint64 duration = -1;
  gint64 window = HS_TREND_DEFAULT_WINDOW_USEC;
  HsMemoryLimit limit = { HS_MEMORY_LIMIT_NONE, 0 };
  guint capacity;
  Watch watch = { 0 };
  int pid = 0;
  const GOptionEntry entries[] = {
    { "pid", 'p', 0, G_OPTION_ARG_INT, &pid, N_("Process to watch"), N_("PID") },
    { "url", 0, 0, G_OPTION_ARG_STRING, &url,
      N_("Go service to watch too, or alone (its /debug/vars, /metrics, goroutine profile)"),
      N_("URL") },
    { "interval", 'i', 0, G_OPTION_ARG_STRING, &interval_text,
      N_("Time between samples, 100ms to 60s (default 1s)"), N_("DURATION") },
    { "duration", 'd', 0, G_OPTION_ARG_STRING, &duration_text,
      N_("Stop after this long (default: until the process exits)"), N_("DURATION") },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_text,
      N_("Output format: text, csv, tsv or json (one object per line)"), N_("FORMAT") },
    { "descendants", 0, 0, G_OPTION_ARG_NONE, &descendants,
      N_("Count the process and all its descendants together"), NULL },
    { "probe", 0, 0, G_OPTION_ARG_NONE, &use_probe,
      N_("Sample through heapscope-probe instead of in-process"), NULL },
    { "window", 'w', 0, G_OPTION_ARG_STRING, &window_text,
      N_("Judge the trend over the last DURATION (default 10m) and print a verdict per metric at the end"),
      N_("DURATION") },
    { "fail-on-leak", 0, G_OPTION_FLAG_OPTIONAL_ARG, G_OPTION_ARG_CALLBACK, parse_fail_on_leak,
      N_("Exit with status 1 when one of these metrics (default rss) is leaking at the end"),
      N_("METRIC,…") },
    { NULL }
  };

  g_clear_pointer (&fail_on_leak_list, g_free);
  context = g_option_context_new (_("— print a process’s memory figures over time"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  hs_cli_limit_options_add (context, &limit_options);
  description = g_strconcat (
    _("Durations are written like 500ms, 3s, 10m or 1h.\n"
      "CSV columns: " WATCH_CSV_HEADER "\n"
      "Heap = resident bytes of [heap] plus anonymous private mappings (from smaps);\n"
      "a field that could not be measured is left empty.\n"
      "Exit status: 0 duration reached, 1 a metric of --fail-on-leak is leaking,\n"
      "2 bad arguments or unreadable process, 3 the process exited first,\n"
      "4 a limit was broken."),
    "\n",
    _("With --window or --fail-on-leak, the verdicts (steady, growing, leaking) are\n"
      "printed on standard error at the end; see “How the leak verdict works” in the\n"
      "README for the method and its thresholds."),
    "\n",
    _("--max-rss, --max-growth and --max-goroutines are checked at the end (after\n"
      "--duration or when the process exits) as “heapscope-cli run” checks them:\n"
      "the peak over the whole watch, the growth over the window; a broken limit is\n"
      "named on standard error and the exit status is 4."),
    "\n",
    _("smaps (heap) is read at an adaptive rate, at most about 2 percent of a core, as in\n"
      "the app; between two reads the latest heap figure is repeated.\n"
      "With --descendants every figure is the sum over the process and its\n"
      "descendants, and two columns follow: processes,largest_rss_bytes."),
    NULL);
  g_option_context_set_description (context, description);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return hs_cli_usage_error ("watch", error);

  if (argc > 1)
    {
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   _("Unexpected argument “%s”"), argv[1]);
      return hs_cli_usage_error ("watch", error);
    }
  if (pid <= 0 && url == NULL)
    {
      g_set_error_literal (&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("Give the process to watch with --pid=PID or a Go service with --url=URL"));
      return hs_cli_usage_error ("watch", error);
    }
  if (!hs_cli_parse_format (format_text, HS_CLI_FORMATS_STREAM, &format, &error))
    return hs_cli_usage_error ("watch", error);
  if (!hs_cli_parse_sampling (interval_text, window_text, &interval, &window, &error))
    return hs_cli_usage_error ("watch", error);
  if (duration_text != NULL && !hs_parse_duration (duration_text, &duration, &error))
    return hs_cli_usage_error ("watch", error);
  if (fail_on_leak_list != NULL)
    gated = g_strsplit (fail_on_leak_list, ",", -1);
  g_clear_pointer (&fail_on_leak_list, g_free);
  limits = hs_limits_new (window);
  if (!hs_cli_limit_options_apply (&limit_options, limits, &error))
    return hs_cli_usage_error ("watch", error);
  if (limit_options.max_goroutines != HS_CLI_UNSET && url == NULL)
    {
      g_set_error_literal (&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("--max-goroutines needs the Go service: give --url=URL"));
      return hs_cli_usage_error ("watch", error);
    }

  if (url != NULL)
    {
      go_source = make_go_source (url, &error);
      if (go_source == NULL)
        return hs_cli_usage_error ("watch", error);
    }

  /* The same session as the app's: its tick schedule, its smaps pacing,
   * its identity check. Without a verdict the series are not needed
   * beyond the last point; with one, they hold the window. */
  capacity = 16;
  if (window_text != NULL || gated != NULL || hs_limits_get_n (limits) > 0)
    capacity = (guint) MIN (window / interval + 16, HS_SERIES_DEFAULT_CAPACITY);
  session = hs_session_new_full (NULL, (guint) (interval / 1000), capacity);
  if (pid > 0)
    {
      sampler = make_sampler (use_probe, &error);
      if (sampler == NULL)
        return hs_cli_usage_error ("watch", error);
      source = hs_proc_source_new (sampler, pid,
                                   descendants ? HS_PROC_SOURCE_DESCENDANTS : HS_PROC_SOURCE_NONE);
      hs_session_add_source (session, HS_SOURCE (source));
    }
  if (go_source != NULL)
    hs_session_add_source (session, HS_SOURCE (go_source));
  for (guint i = 0; gated != NULL && gated[i] != NULL; i++)
    if (hs_session_find_metric (session, gated[i]) == NULL)
      {
        g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                     _("Unknown metric “%s” in --fail-on-leak"), gated[i]);
        return hs_cli_usage_error ("watch", error);
      }
  /* Read now: once the process has exited its cgroup is gone. */
  if (pid > 0)
    hs_memory_limit_find (pid, 0, 0, &limit);
  table = watch_table_new (format, G_LIST_MODEL (session));
  loop = g_main_loop_new (NULL, FALSE);

  watch.session = session;
  watch.table = table;
  watch.loop = loop;
  watch.limits = limits;
  watch.status = HS_CLI_EXIT_OK;
  watch.deadline = duration >= 0 ? g_get_monotonic_time () + duration : -1;
  g_signal_connect (session, "reading", G_CALLBACK (on_reading), &watch);
  g_signal_connect (session, "notify::state", G_CALLBACK (on_state_changed), &watch);
  if (duration >= 0)
    watch.duration_id = g_timeout_add ((guint) MIN (duration / 1000, G_MAXUINT),
                                       on_duration_over, &watch);

  hs_session_start (session);
  g_main_loop_run (loop);

  g_clear_handle_id (&watch.duration_id, g_source_remove);
  g_signal_handlers_disconnect_by_data (session, &watch);
  hs_session_close (session);
  /* A verdict means something only over readings that were made: not
   * after a usage error or a write failure. */
  /* Verdicts and limits mean something only over readings that were
   * made: not after a usage error or a write failure. */
  if (watch.n_rows == 0 ||
      (watch.status != HS_CLI_EXIT_OK && watch.status != HS_CLI_EXIT_PROCESS_GONE))
    return watch.status;
  if (window_text != NULL || gated != NULL)
    leaking = print_verdicts (session, window, (const char * const *) gated, &limit);
  /* Last, where a CI log is read; a broken limit outranks a leak verdict. */
  if (hs_limits_get_n (limits) > 0 && hs_cli_report_limits (limits, session))
    return HS_CLI_EXIT_LIMIT;
  return leaking ? HS_CLI_EXIT_FAILURE : watch.status;
}

static void
on_fetched (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static const char * const capture_profiles[] = { "heap", "goroutine", "goroutineleak", "allocs", NULL };

int
hs_cli_capture (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(HsProfile) profile = NULL;
  g_autoptr(GString) types = g_string_new (NULL);
  g_autofree char *url = NULL;
  g_autofree char *full = NULL;
  g_autofree char *output = NULL;
  g_autofree char *profile_name = NULL;
  g_autofree char *size_text = NULL;
  g_autofree char *shown_url = NULL;
  g_autofree char *shown_output = NULL;
  g_autofree char *shown_types = NULL;
  gboolean gc = FALSE;
  gsize size = 0;
  int debug = 0;
  const GOptionEntry entries[] = {
    { "url", 0, 0, G_OPTION_ARG_STRING, &url, N_("Base URL of the Go service"), N_("URL") },
    { "profile", 0, 0, G_OPTION_ARG_STRING, &profile_name,
      N_("heap (default), goroutine, goroutineleak or allocs"), N_("NAME") },
    { "gc", 0, 0, G_OPTION_ARG_NONE, &gc, N_("Run a GC first (heap): ?gc=1"), NULL },
    { "debug", 0, 0, G_OPTION_ARG_INT, &debug,
      N_("Ask for the text form: ?debug=N (2 is the goroutine dump)"), N_("N") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("File to write, or “-” for standard output"), N_("FILE") },
    { NULL }
  };

  context = g_option_context_new (_("— save a profile of a Go service (/debug/pprof/NAME)"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return hs_cli_usage_error ("capture", error);
  if (argc > 1)
    {
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   _("Unexpected argument “%s”"), argv[1]);
      return hs_cli_usage_error ("capture", error);
    }
  if (url == NULL || output == NULL)
    {
      g_set_error_literal (&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("Give the Go service with --url=URL and the file with -o FILE"));
      return hs_cli_usage_error ("capture", error);
    }
  if (profile_name == NULL)
    profile_name = g_strdup ("heap");
  if (!g_strv_contains (capture_profiles, profile_name))
    {
      g_autofree char *shown = hs_cli_escape_text (profile_name);

      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("Unknown profile “%s”: heap, goroutine, goroutineleak or allocs"), shown);
      return hs_cli_usage_error ("capture", error);
    }
  if (debug < 0)
    {
      g_set_error_literal (&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("--debug must be 0 or more"));
      return hs_cli_usage_error ("capture", error);
    }
  if (!hs_cli_check_go_url (url, &error))
    return hs_cli_usage_error ("capture", error);

  /* The same fetch, check and save as the app's capture buttons. */
  hs_go_capture_async (url, profile_name, gc, debug, output, NULL, on_fetched, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  profile = hs_go_capture_finish (result, &full, &size, &error);
  if (profile == NULL)
    return hs_cli_usage_error ("capture", error);

  for (guint i = 0; i < hs_profile_get_n_sample_types (profile); i++)
    g_string_append_printf (types, "%s%s", i > 0 ? "," : "", hs_profile_get_sample_type (profile, i));
  size_text = hs_format_bytes ((gint64) size);
  shown_url = hs_cli_escape_text (full);
  shown_output = hs_cli_escape_text (output);
  shown_types = hs_cli_escape_text (types->str);
  /* With "-" the profile itself is on stdout: keep the summary apart. */
  (g_str_equal (output, "-") ? g_printerr : g_print)
    (_("Saved %s (%s, %u samples, sample types %s) from %s to %s\n"),
     profile_name, size_text, hs_profile_get_n_samples (profile), shown_types, shown_url, shown_output);
  return HS_CLI_EXIT_OK;
}

int
hs_cli_snapshot (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HsSampler) sampler = NULL;
  g_autoptr(HsMemoryMap) map = NULL;
  g_autofree char *output = NULL;
  g_autofree char *rss_text = NULL;
  g_autofree char *name = NULL;
  g_autofree char *shown_output = NULL;
  gboolean use_probe = FALSE;
  guint64 rss = 0, pss = 0;
  int pid = 0;
  const GOptionEntry entries[] = {
    { "pid", 'p', 0, G_OPTION_ARG_INT, &pid, N_("Process to capture"), N_("PID") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("File to write, or “-” for standard output"), N_("FILE") },
    { "probe", 0, 0, G_OPTION_ARG_NONE, &use_probe,
      N_("Read through heapscope-probe instead of in-process"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("— save a process’s memory map (every mapping of smaps)"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    _("The file is JSON, format “heapscope-memory-map/1”; compare two with\n"
      "“heapscope-cli diff BASE.json NEW.json”."));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return hs_cli_usage_error ("snapshot", error);
  if (argc > 1)
    {
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   _("Unexpected argument “%s”"), argv[1]);
      return hs_cli_usage_error ("snapshot", error);
    }
  if (pid <= 0 || output == NULL)
    {
      g_set_error_literal (&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("Give the process with --pid=PID and the file with -o FILE"));
      return hs_cli_usage_error ("snapshot", error);
    }

  sampler = make_sampler (use_probe, &error);
  if (sampler == NULL)
    return hs_cli_usage_error ("snapshot", error);

  map = hs_sampler_read_maps (sampler, pid, &error);
  if (map == NULL || !hs_memory_map_save (map, output, &error))
    return hs_cli_usage_error ("snapshot", error);

  hs_memory_map_get_totals (map, NULL, &rss, &pss, NULL, NULL);
  rss_text = hs_format_bytes ((gint64) rss);
  /* The process names itself (comm): show it, never send it raw. With "-"
   * the snapshot itself is on stdout: keep the summary apart. */
  name = hs_cli_escape_text (hs_memory_map_get_name (map));
  shown_output = hs_cli_escape_text (output);
  (g_str_equal (output, "-") ? g_printerr : g_print)
    (_("Saved %u mappings of %s (PID %d, RSS %s) to %s\n"),
     hs_memory_map_get_n_mappings (map), name, pid, rss_text, shown_output);
  return HS_CLI_EXIT_OK;
}

static void
add_snapshot_diff_columns (HsCliTable *table)
{
  const HsCliColumn columns[] = {
    { .name = "name", .title = _("mapping"), .gap = 1 },
    { .name = "base_count", .kind = HS_CLI_COLUMN_INTEGER, .formats = HS_CLI_FORMAT_JSON },
    { .name = "new_count", .kind = HS_CLI_COLUMN_INTEGER, .formats = HS_CLI_FORMAT_JSON },
    { .name = "base_rss", .kind = HS_CLI_COLUMN_BYTES },
    { .name = "new_rss", .title = _("new RSS"), .kind = HS_CLI_COLUMN_BYTES, .width = 12 },
    { .name = "delta_rss", .title = _("Δ RSS"), .kind = HS_CLI_COLUMN_BYTES_DELTA, .width = 12 },
    { .name = "base_size", .kind = HS_CLI_COLUMN_BYTES },
    { .name = "new_size", .kind = HS_CLI_COLUMN_BYTES },
    { .name = "delta_size", .title = _("Δ size"), .kind = HS_CLI_COLUMN_BYTES_DELTA, .width = 12 },
    { .name = "base_pss", .kind = HS_CLI_COLUMN_BYTES },
    { .name = "new_pss", .kind = HS_CLI_COLUMN_BYTES },
    { .name = "delta_pss", .kind = HS_CLI_COLUMN_BYTES_DELTA },
    { .name = "base_private_dirty", .kind = HS_CLI_COLUMN_BYTES },
    { .name = "new_private_dirty", .kind = HS_CLI_COLUMN_BYTES },
    { .name = "delta_private_dirty", .title = _("Δ dirty"), .kind = HS_CLI_COLUMN_BYTES_DELTA, .width = 12 },
    { .name = "base_swap", .kind = HS_CLI_COLUMN_BYTES },
    { .name = "new_swap", .kind = HS_CLI_COLUMN_BYTES },
    { .name = "delta_swap", .kind = HS_CLI_COLUMN_BYTES_DELTA },
  };
  static const char * const text_order[] = { "delta_rss", "new_rss", "delta_size",
                                              "delta_private_dirty", "name", NULL };

  hs_cli_table_add_columns (table, columns, G_N_ELEMENTS (columns));
  hs_cli_table_set_text_order (table, text_order);
}

static void
add_snapshot_diff_row (HsCliTable                 *table,
                       const HsMemoryMapDiffEntry *e)
{
  hs_cli_table_begin_row (table);
  hs_cli_table_add_text (table, e->key);
  hs_cli_table_add_int (table, e->base_count);
  hs_cli_table_add_int (table, e->new_count);
  hs_cli_table_add_uint (table, e->base_rss);
  hs_cli_table_add_uint (table, e->new_rss);
  hs_cli_table_add_int (table, e->delta_rss);
  hs_cli_table_add_uint (table, e->base_size);
  hs_cli_table_add_uint (table, e->new_size);
  hs_cli_table_add_int (table, e->delta_size);
  hs_cli_table_add_uint (table, e->base_pss);
  hs_cli_table_add_uint (table, e->new_pss);
  hs_cli_table_add_int (table, e->delta_pss);
  hs_cli_table_add_uint (table, e->base_private_dirty);
  hs_cli_table_add_uint (table, e->new_private_dirty);
  hs_cli_table_add_int (table, e->delta_private_dirty);
  hs_cli_table_add_uint (table, e->base_swap);
  hs_cli_table_add_uint (table, e->new_swap);
  hs_cli_table_add_int (table, e->delta_swap);
  hs_cli_table_end_row (table);
}

static HsMemoryMap *
load_snapshot (HsCliDiffInputs  *inputs,
               const char       *path,
               guint64           max_size,
               GError          **error)
{
  g_autoptr(GBytes) bytes = hs_cli_diff_inputs_read (inputs, path, max_size, "--max-size", error);

  if (bytes == NULL)
    return NULL;
  return hs_memory_map_load_bytes (bytes, path, error);
}

static int
diff_snapshots (int               argc,
                char            **argv,
                HsCliDiffInputs  *inputs)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HsMemoryMap) base = NULL;
  g_autoptr(HsMemoryMap) new_map = NULL;
  g_autoptr(HsMemoryMapDiff) diff = NULL;
  g_autoptr(HsCliTable) table = NULL;
  g_autofree char *format_text = NULL;
  g_autofree char *sample_index = NULL;
  g_autofree char *max_size_text = NULL;
  guint64 max_size;
  g_autoptr(GPtrArray) growers = NULL;
  HsCliFormat format;
  int nodecount = -1;
  int n_growers = HS_CLI_UNSET;
  guint n_entries;
  const GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_text,
      N_("Output format: text, tsv, csv or json"), N_("FORMAT") },
    { "nodecount", 'n', 0, G_OPTION_ARG_INT, &nodecount,
      N_("Show only the first N mappings"), N_("N") },
    { "growers", 0, 0, G_OPTION_ARG_INT, &n_growers,
      N_("Show only the N top growers (by RSS), as the Compare view ranks them"), N_("N") },
    { "sample-index", 0, 0, G_OPTION_ARG_STRING, &sample_index, NULL, NULL },
    { "max-size", 0, 0, G_OPTION_ARG_STRING, &max_size_text,
      N_("Largest snapshot to read (default 64M)"), N_("BYTES") },
    { NULL }
  };

  context = g_option_context_new (_("BASE.json NEW.json — compare two memory-map snapshots"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error) ||
      !hs_cli_check_count ("--growers", n_growers, &error))
    return hs_cli_usage_error ("diff", error);
  if (argc != 3)
    {
      g_set_error_literal (&error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           _("Give exactly two snapshots: BASE NEW"));
      return hs_cli_usage_error ("diff", error);
    }
  if (sample_index != NULL)
    {
      g_set_error_literal (&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("Memory-map snapshots have no sample index"));
      return hs_cli_usage_error ("diff", error);
    }
  if (!hs_cli_parse_format (format_text, HS_CLI_FORMATS_TABLE, &format, &error) ||
      !hs_cli_parse_max_size (max_size_text, HS_MEMORY_MAP_DEFAULT_MAX_SIZE, &max_size, &error))
    return hs_cli_usage_error ("diff", error);

  base = load_snapshot (inputs, argv[1], max_size, &error);
  if (base == NULL)
    return hs_cli_usage_error ("diff", error);
  new_map = load_snapshot (inputs, argv[2], max_size, &error);
  if (new_map == NULL)
    return hs_cli_usage_error ("diff", error);

  diff = hs_memory_map_diff_new (base, new_map);
  n_entries = hs_memory_map_diff_get_n_entries (diff);
  if (nodecount >= 0 && (guint) nodecount < n_entries)
    n_entries = (guint) nodecount;
  if (n_growers != HS_CLI_UNSET)
    {
      growers = hs_memory_map_diff_get_growers (diff, (guint) n_growers);
      n_entries = growers->len;
    }

  table = hs_cli_table_new (format);
  hs_cli_table_add_member_string (table, "format", "heapscope-memory-map-diff/1");
  hs_cli_table_set_rows_key (table, "mappings");
  if (format == HS_CLI_FORMAT_TEXT)
    {
      g_autofree char *base_time = hs_format_rfc3339_utc (hs_memory_map_get_wall_usec (base));
      g_autofree char *new_time = hs_format_rfc3339_utc (hs_memory_map_get_wall_usec (new_map));

      hs_cli_table_add_note (table, _("Base: %s (PID %d) at %s"),
                             hs_memory_map_get_name (base), hs_memory_map_get_pid (base), base_time);
      hs_cli_table_add_note (table, _("New:  %s (PID %d) at %s"),
                             hs_memory_map_get_name (new_map), hs_memory_map_get_pid (new_map), new_time);
      hs_cli_table_add_note (table, "%s", _("Mappings grouped by name, sorted by RSS growth (+ grew, - shrank):"));
    }
  add_snapshot_diff_columns (table);
  for (guint i = 0; i < n_entries; i++)
    add_snapshot_diff_row (table, growers != NULL ? g_ptr_array_index (growers, i)
                                                  : hs_memory_map_diff_get_entry (diff, i));

  if (!hs_cli_table_finish (table))
    {
      g_printerr (_("heapscope-cli %s: could not write the output\n"), "diff");
      return HS_CLI_EXIT_FAILURE;
    }
  return HS_CLI_EXIT_OK;
}

/* Called by `heapscope-cli diff` (hs-cli-profile.c) before it parses
 * profiles: two memory-map snapshots are recognized by their content, not
 * by their name. Takes over when either positional argument is one. */
gboolean
hs_cli_diff_snapshots (int               argc,
                       char            **argv,
                       HsCliDiffInputs  *inputs,
                       int              *out_status)
{
  /* Every option of `diff` that takes a separate value, so that the value
   * is not mistaken for a file. */
  static const char * const with_value[] = { "-f", "--format", "-n", "--nodecount", "--sample-index",
                                             "--max-size", "--growers" };
  const char *positional[2] = { NULL, NULL };
  guint n_positional = 0;

  for (int i = 1; i < argc; i++)
    {
      const char *arg = argv[i];
      gboolean takes_value = FALSE;

      if (g_str_equal (arg, "--"))
        {
          for (i++; i < argc && n_positional < 2; i++)
            positional[n_positional++] = argv[i];
          break;
        }
      if (arg[0] == '-' && arg[1] != '\0')
        {
          for (guint j = 0; j < G_N_ELEMENTS (with_value); j++)
            takes_value |= g_str_equal (arg, with_value[j]);
          if (takes_value)
            i++;
          continue;
        }
      if (n_positional < 2)
        positional[n_positional++] = arg;
    }

  inputs->paths[0] = positional[0];
  inputs->paths[1] = positional[1];
  if (!hs_cli_diff_inputs_open (inputs))
    return FALSE;

  *out_status = diff_snapshots (argc, argv, inputs);
  return TRUE;
}
