/* hs-cli-run.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "heapscope-cli"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <glib-unix.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "hs-alert-rule.h"
#include "hs-cli.h"
#include "hs-go-capture.h"
#include "hs-go-fetch.h"
#include "hs-go-source.h"
#include "hs-goroutine-growth.h"
#include "hs-input-file.h"
#include "hs-local-sampler.h"
#include "hs-output-file.h"
#include "hs-profile-diff.h"
#include "hs-session.h"
#include "hs-units.h"

/* `heapscope-cli run`: the CI gate. It runs a command, samples it and its
 * descendants through the same HsSession as `watch` and the app, checks
 * core's HsLimits at the end, and prints a summary in the manner of
 * `/usr/bin/time -v` on standard error (standard output is the
 * command's). */

#define RUN_FORMAT "heapscope-run/1"
#define RUN_DEFAULT_TOLERANCE 0.10
/* A baseline file is small: a summary of a few metrics. */
#define RUN_BASELINE_MAX_SIZE (1024 * 1024)

/* ── Limits, shared with `watch` ─────────────────────────────────────── */

void
hs_cli_limit_options_add (GOptionContext    *context,
                          HsCliLimitOptions *options)
{
  const GOptionEntry entries[] = {
    { "max-rss", 0, 0, G_OPTION_ARG_STRING, &options->max_rss,
      N_("Fail (exit 4) when the peak RSS passes SIZE (e.g. 512M, 1G)"), N_("SIZE") },
    { "max-growth", 0, 0, G_OPTION_ARG_STRING, &options->max_growth,
      N_("Fail (exit 4) when RSS grows faster than RATE over the window (e.g. 5MiB/min)"), N_("RATE") },
    { "max-goroutines", 0, 0, G_OPTION_ARG_INT, &options->max_goroutines,
      N_("Fail (exit 4) when the Go service of --url has more than N goroutines"), N_("N") },
    { NULL }
  };

  options->max_goroutines = HS_CLI_UNSET;
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
}

void
hs_cli_limit_options_clear (HsCliLimitOptions *options)
{
  g_clear_pointer (&options->max_rss, g_free);
  g_clear_pointer (&options->max_growth, g_free);
}

gboolean
hs_cli_limit_options_any (HsCliLimitOptions *options)
{
  return options->max_rss != NULL || options->max_growth != NULL ||
         options->max_goroutines != HS_CLI_UNSET;
}

gboolean
hs_cli_limit_options_apply (HsCliLimitOptions  *options,
                            HsLimits           *limits,
                            GError            **error)
{
  if (options->max_rss != NULL)
    {
      guint64 bytes;

      if (!hs_parse_size (options->max_rss, &bytes, error))
        {
          g_prefix_error (error, "--max-rss: ");
          return FALSE;
        }
      hs_limits_add (limits, HS_LIMIT_PEAK, "rss", (double) bytes, "--max-rss");
    }
  if (options->max_growth != NULL)
    {
      double per_min;

      if (!hs_parse_growth (options->max_growth, &per_min, error))
        {
          g_prefix_error (error, "--max-growth: ");
          return FALSE;
        }
      hs_limits_add (limits, HS_LIMIT_GROWTH, "rss", per_min, "--max-growth");
    }
  if (options->max_goroutines != HS_CLI_UNSET)
    {
      if (!hs_cli_check_count ("--max-goroutines", options->max_goroutines, error))
        return FALSE;
      hs_limits_add (limits, HS_LIMIT_PEAK, "go_goroutines", options->max_goroutines,
                     "--max-goroutines");
    }
  return TRUE;
}

gboolean
hs_cli_report_limits (HsLimits  *limits,
                      HsSession *session)
{
  g_autoptr(GArray) checks = NULL;
  gboolean broken = FALSE;

  checks = hs_limits_check (limits, session, &broken);
  for (guint i = 0; i < checks->len; i++)
    {
      const HsLimitCheck *check = &g_array_index (checks, HsLimitCheck, i);

      if (check->broken)
        g_printerr (_("heapscope-cli: limit broken: %s\n"), check->message);
      else if (!check->measured)
        /* A gate that could not look says so rather than pass in silence. */
        g_printerr (_("heapscope-cli: %s was not checked: %s was never measured\n"),
                    check->name, check->metric_id);
    }
  return broken;
}

/* ── --baseline and --tolerance ──────────────────────────────────────── */

static gboolean
parse_tolerance (const char  *text,
                 double      *out_fraction,
                 GError     **error)
{
  g_autofree char *number = g_strdup (text);
  char *end = NULL;
  double percent;

  if (g_str_has_suffix (number, "%"))
    number[strlen (number) - 1] = '\0';
  percent = g_ascii_strtod (number, &end);
  if (*number == '\0' || end == NULL || *end != '\0' || !isfinite (percent) ||
      percent < 0 || percent > 1e6)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--tolerance: “%s” is not a percentage (e.g. 10%%)"), text);
      return FALSE;
    }
  *out_fraction = percent / 100;
  return TRUE;
}

static JsonObject *
find_row (JsonArray  *rows,
          const char *metric_id)
{
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonNode *node = json_array_get_element (rows, i);
      JsonObject *row;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      row = json_node_get_object (node);
      if (g_strcmp0 (json_object_get_string_member_with_default (row, "metric", NULL), metric_id) == 0)
        return row;
    }
  return NULL;
}

/* A number member, or FALSE when it is absent or null (not measured). */
static gboolean
get_number (JsonObject *row,
            const char *member,
            double     *out)
{
  JsonNode *node = json_object_get_member (row, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      (json_node_get_value_type (node) != G_TYPE_DOUBLE &&
       json_node_get_value_type (node) != G_TYPE_INT64))
    return FALSE;
  *out = json_node_get_double (node);
  return isfinite (*out);
}

/* Reads the RSS figures of an earlier run's --json and turns them into
 * limits: its peak and its growth, each raised by @tolerance. */
static gboolean
add_baseline_limits (const char  *path,
                     double       tolerance,
                     HsLimits    *limits,
                     GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *name = NULL;
  g_autofree char *shown = hs_cli_escape_text (path);
  JsonNode *root;
  JsonObject *object;
  JsonNode *rows;
  JsonObject *rss;
  const char *format;
  const char *data;
  gsize size;
  double peak, growth;

  bytes = hs_input_file_read (file, RUN_BASELINE_MAX_SIZE, "--baseline", NULL, error);
  if (bytes == NULL)
    return FALSE;
  data = g_bytes_get_data (bytes, &size);
  if (!hs_input_check_json_depth (data, size, HS_INPUT_MAX_JSON_DEPTH, path, error) ||
      !json_parser_load_from_data (parser, data, (gssize) size, error))
    {
      g_prefix_error (error, _("--baseline %s: "), shown);
      return FALSE;
    }
  root = json_parser_get_root (parser);
  object = root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  format = object != NULL ? json_object_get_string_member_with_default (object, "format", NULL) : NULL;
  if (g_strcmp0 (format, RUN_FORMAT) != 0)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--baseline %s is not the --json of “heapscope-cli run” (format %s)"),
                   shown, RUN_FORMAT);
      return FALSE;
    }
  rows = json_object_get_member (object, "metrics");
  rss = rows != NULL && JSON_NODE_HOLDS_ARRAY (rows) ? find_row (json_node_get_array (rows), "rss") : NULL;
  if (rss == NULL || !get_number (rss, "peak", &peak))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--baseline %s has no peak RSS: that run made no reading"), shown);
      return FALSE;
    }

  /* TRANSLATORS: how a limit taken from --baseline is named in
   * "peak RSS 612 MiB > --baseline (+10%) 561 MiB" */
  name = g_strdup_printf (_("--baseline (+%g%%)"), tolerance * 100);
  hs_limits_add (limits, HS_LIMIT_PEAK, "rss", peak * (1 + tolerance), name);
  /* A steady baseline allows no growth the detector calls growth. */
  if (get_number (rss, "growth_per_min", &growth))
    hs_limits_add (limits, HS_LIMIT_GROWTH, "rss", MAX (growth, 0) * (1 + tolerance), name);
  return TRUE;
}

/* ── The run ─────────────────────────────────────────────────────────── */

typedef enum
{
  CAPTURE_HEAP,
  CAPTURE_GOROUTINE,
  N_CAPTURES,
} CaptureKind;

static const char * const capture_names[N_CAPTURES] = { "heap", "goroutine" };

typedef struct
{
  /* Borrowed */
  HsSession    *session;
  HsLimits     *limits;
  GMainLoop    *loop;
  GSubprocess  *child;
  const char   *url;
  const char   *capture_dir;
  const char   *name;         /* the command's base name, in capture names */

  /* Owned */
  GCancellable *cancellable;
  HsProfile    *first[N_CAPTURES];
  HsProfile    *last[N_CAPTURES];
  char         *last_path[N_CAPTURES];

  gint64        interval;
  gint64        capture_period;
  gint64        next_capture;  /* monotonic µs */
  guint         tick_id;
  gboolean      connecting;
  gboolean      connected;
  gboolean      capturing;
  gboolean      exited;
  gboolean      warned;
  gboolean      capture_warned[N_CAPTURES];
} Run;

static void
on_captured (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* A new file in the capture folder: never one that is there already,
 * unless it is ours (@ours, the previous "last" capture). */
static char *
capture_path (Run        *run,
              const char *profile_name,
              const char *which,
              const char *ours)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  for (guint n = 1;; n++)
    {
      g_autofree char *name = n == 1 ? g_strdup_printf ("%s-%s", run->name, which)
                                     : g_strdup_printf ("%s-%s-%u", run->name, which, n);
      g_autofree char *file = hs_go_capture_file_name (profile_name, name, now, 0);
      g_autofree char *path = g_build_filename (run->capture_dir, file, NULL);

      if (g_strcmp0 (path, ours) == 0 || !g_file_test (path, G_FILE_TEST_EXISTS))
        return g_steal_pointer (&path);
    }
}

/* Saves and reads one profile now. The loop keeps running meanwhile (the
 * session goes on sampling, the child's exit is noticed). */
static HsProfile *
capture_one (Run         *run,
             CaptureKind  kind,
             const char  *path,
             GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  /* ?gc=1 for the heap: the in-use figures of now, not of the last GC. */
  hs_go_capture_async (run->url, capture_names[kind], kind == CAPTURE_HEAP, 0, path,
                       run->cancellable, on_captured, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return hs_go_capture_finish (result, NULL, NULL, error);
}

/* The first captures (@first) or a newer "last" one, which replaces the
 * previous last one: the folder holds two of each kind at most. */
static void
capture (Run      *run,
         gboolean  first)
{
  if (run->capturing)
    return;
  run->capturing = TRUE;
  for (guint kind = 0; kind < N_CAPTURES; kind++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(HsProfile) profile = NULL;
      g_autofree char *path = capture_path (run, capture_names[kind], first ? "first" : "last",
                                            first ? NULL : run->last_path[kind]);

      profile = capture_one (run, kind, path, &error);
      if (profile == NULL)
        {
          /* The service may be on its way out: the previous capture stays.
           * Said once per kind, not every capture period. */
          if (!run->exited && !run->capture_warned[kind] &&
              !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              g_autofree char *shown = hs_cli_escape_text (error->message);

              g_printerr (_("heapscope-cli run: could not capture the %s profile: %s\n"),
                          capture_names[kind], shown);
              run->capture_warned[kind] = TRUE;
            }
          continue;
        }
      if (first)
        {
          g_clear_object (&run->first[kind]);
          run->first[kind] = g_steal_pointer (&profile);
          continue;
        }
      if (run->last_path[kind] != NULL && g_strcmp0 (run->last_path[kind], path) != 0)
        g_unlink (run->last_path[kind]);
      g_free (run->last_path[kind]);
      run->last_path[kind] = g_steal_pointer (&path);
      g_clear_object (&run->last[kind]);
      run->last[kind] = g_steal_pointer (&profile);
    }
  run->next_capture = g_get_monotonic_time () + run->capture_period;
  run->capturing = FALSE;
}

static void
on_go_source_ready (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Run *run = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(HsGoSource) source = hs_go_source_new_finish (result, &error);

  run->connecting = FALSE;
  /* Not up yet (the command is starting): the next tick tries again. */
  if (source == NULL || run->exited)
    return;
  run->connected = TRUE;
  hs_session_add_source (run->session, HS_SOURCE (source));
  if (run->capture_dir != NULL)
    capture (run, TRUE);
}

/* Every interval while the command runs: reach its Go endpoint once it
 * listens, then refresh the last captures every capture period. */
static gboolean
on_tick (gpointer user_data)
{
  Run *run = user_data;

  if (run->exited)
    return G_SOURCE_CONTINUE;
  if (!run->connected && !run->connecting)
    {
      run->connecting = TRUE;
      hs_go_source_new_async (run->url, HS_GO_DEFAULT_TIMEOUT_MS, HS_GO_DEFAULT_MAX_SIZE,
                              run->cancellable, on_go_source_ready, run);
    }
  else if (run->connected && run->capture_dir != NULL && g_get_monotonic_time () >= run->next_capture)
    capture (run, FALSE);
  return G_SOURCE_CONTINUE;
}

/* SIGINT and SIGTERM go to the command, which decides when to stop; a
 * Go service is captured once more first, as it is about to go away. */
static void
forward_signal (Run *run,
                int  signum)
{
  if (run->exited)
    return;
  if (run->connected && run->capture_dir != NULL && !run->capturing)
    capture (run, FALSE);
  if (!run->exited)
    g_subprocess_send_signal (run->child, signum);
}

static gboolean
on_sigint (gpointer user_data)
{
  forward_signal (user_data, SIGINT);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_sigterm (gpointer user_data)
{
  forward_signal (user_data, SIGTERM);
  return G_SOURCE_CONTINUE;
}

static void
on_child_exited (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Run *run = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  run->exited = TRUE;
  g_main_loop_quit (run->loop);
}

static void
on_reading (HsSession *session,
            HsSource  *source,
            HsReading *reading,
            Run       *run)
{
  const GError *problem = hs_source_get_problem (source);

  hs_limits_observe (run->limits, session);
  if (problem != NULL && !run->warned && HS_IS_PROC_SOURCE (source))
    {
      g_printerr ("heapscope-cli run: %s\n", problem->message);
      run->warned = TRUE;
    }
}

/* ── The summary ─────────────────────────────────────────────────────── */

/* The rows of the summary, in this order, when the session has them. */
static const char * const summary_metrics[] = {
  "rss", "largest_rss", "processes", "heap", "threads", "fds", "go_goroutines",
};

/* How the command ended: a status of 130 can be an exit(130) as well as
 * a SIGINT, so ask the process, not the number. */
static char *
status_text (GSubprocess *child)
{
  if (g_subprocess_get_if_signaled (child))
    {
      int signum = g_subprocess_get_term_sig (child);

      /* TRANSLATORS: how the command ended, e.g. "killed by signal 9 (Killed)" */
      return g_strdup_printf (_("killed by signal %d (%s)"), signum, g_strsignal (signum));
    }
  /* TRANSLATORS: how the command ended, e.g. "exited with status 3" */
  return g_strdup_printf (_("exited with status %d"), g_subprocess_get_exit_status (child));
}

static HsCliTable *
summary_table_new (HsCliFormat          format,
                   Run                 *run,
                   char               **command,
                   int                  status,
                   const HsMemoryLimit *start_limit)
{
  HsCliTable *table = hs_cli_table_new (format);
  const HsCliColumn columns[] = {
    { .name = "metric", .formats = HS_CLI_FORMAT_TSV | HS_CLI_FORMAT_CSV | HS_CLI_FORMAT_JSON },
    { .name = "label", .formats = HS_CLI_FORMAT_TSV | HS_CLI_FORMAT_CSV | HS_CLI_FORMAT_JSON },
    { .name = "peak", .kind = HS_CLI_COLUMN_DOUBLE,
      .formats = HS_CLI_FORMAT_TSV | HS_CLI_FORMAT_CSV | HS_CLI_FORMAT_JSON },
    { .name = "peak_text", .title = _("peak"), .width = 10, .formats = HS_CLI_FORMAT_TEXT },
    { .name = "growth_per_min", .kind = HS_CLI_COLUMN_DOUBLE, .digits = 1,
      .formats = HS_CLI_FORMAT_TSV | HS_CLI_FORMAT_CSV | HS_CLI_FORMAT_JSON },
    { .name = "growth_text", .title = _("growth"), .width = 14, .formats = HS_CLI_FORMAT_TEXT },
    { .name = "state", .formats = HS_CLI_FORMAT_TSV | HS_CLI_FORMAT_CSV | HS_CLI_FORMAT_JSON },
    { .name = "verdict", .title = _("verdict"), .gap = 1 },
  };
  g_autofree char *joined = g_strjoinv (" ", command);
  g_autofree char *ended = status_text (run->child);
  g_autofree char *took = NULL;
  gint64 first = hs_session_get_first_time (run->session);
  gint64 end = hs_session_get_end_time (run->session);
  double peak;

  hs_cli_table_add_member_string (table, "format", RUN_FORMAT);
  hs_cli_table_add_member_string (table, "command", joined);
  hs_cli_table_add_member_int (table, "exit_status", status);
  hs_cli_table_add_member_int (table, "samples", hs_session_get_n_readings (run->session));
  hs_cli_table_add_member_int (table, "interval_usec", run->interval);
  hs_cli_table_add_member_int (table, "window_usec", hs_limits_get_window (run->limits));
  hs_cli_table_set_rows_key (table, "metrics");

  took = hs_format_duration (first > 0 && end > first ? (end - first) / 100000 * 100000 : 0);
  hs_cli_table_add_note (table, _("heapscope-cli run: “%s” %s; %u samples over %s"),
                         joined, ended, hs_session_get_n_readings (run->session), took);
  /* The figures /usr/bin/time -v prints, under the same words. */
  if (hs_limits_get_peak (run->limits, "rss", &peak))
    hs_cli_table_add_note (table, _("Maximum resident set size (kbytes): %.0f (the command and its descendants together)"),
                           peak / 1024);
  if (hs_limits_get_peak (run->limits, "largest_rss", &peak))
    hs_cli_table_add_note (table, _("Maximum resident set size of one process (kbytes): %.0f"), peak / 1024);

  hs_cli_table_add_columns (table, columns, G_N_ELEMENTS (columns));
  hs_cli_table_set_text_style (table, HS_CLI_TEXT_ALIGNED);
  for (guint i = 0; i < G_N_ELEMENTS (summary_metrics); i++)
    {
      HsSessionMetric *item = hs_session_find_metric (run->session, summary_metrics[i]);
      HsMetric *metric;
      HsTrendResult result;
      g_autofree char *verdict = NULL;
      gboolean judged;

      if (item == NULL)
        continue;
      metric = hs_session_metric_get_metric (item);
      judged = hs_limits_get_trend (run->limits, run->session, summary_metrics[i], &result);
      verdict = hs_cli_format_verdict (metric, &result, start_limit);

      hs_cli_table_begin_row (table);
      hs_cli_table_add_text (table, summary_metrics[i]);
      hs_cli_table_add_text (table, hs_metric_get_label (metric));
      if (hs_limits_get_peak (run->limits, summary_metrics[i], &peak))
        {
          g_autofree char *text = hs_alert_format_level (hs_metric_get_unit (metric), peak);

          hs_cli_table_add_double (table, peak);
          hs_cli_table_add_text (table, text);
        }
      else
        {
          hs_cli_table_add_missing (table);
          hs_cli_table_add_missing (table);
        }
      if (judged)
        {
          g_autofree char *rate = hs_trend_format_rate (hs_metric_get_unit (metric), result.slope_per_min);

          hs_cli_table_add_double (table, result.slope_per_min);
          hs_cli_table_add_text (table, rate);
        }
      else
        {
          hs_cli_table_add_missing (table);
          hs_cli_table_add_missing (table);
        }
      hs_cli_table_add_text (table, hs_trend_state_to_string (result.state));
      hs_cli_table_add_text (table, verdict);
      hs_cli_table_end_row (table);
    }
  return table;
}

static gboolean
write_json (const char *path,
            HsCliTable *table,
            GError    **error)
{
  g_autofree char *data = NULL;
  size_t length = 0;
  FILE *stream = open_memstream (&data, &length);
  gboolean ok;

  if (stream == NULL)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "%s", g_strerror (errno));
      return FALSE;
    }
  hs_cli_table_set_output (table, stream);
  ok = hs_cli_table_finish (table);
  if (fclose (stream) != 0 || !ok)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Cannot write %s"), path);
      return FALSE;
    }
  /* It holds the command line, which may carry a token: only the owner
   * reads a new file (as with captures). */
  return hs_output_file_write (path, data, length, HS_OUTPUT_FILE_PRIVATE_MODE, error);
}

/* The top growers between the first and the last captures, as `diff`
 * prints them: the likely leak sites of the heap, then the goroutine
 * stacks that grew. */
static void
print_capture_growth (Run *run)
{
  g_autoptr(GError) error = NULL;

  if (run->first[CAPTURE_HEAP] != NULL && run->last[CAPTURE_HEAP] != NULL)
    {
      g_autoptr(HsTop) top = NULL;
      guint index = 0;

      if (hs_profile_diff_check (run->first[CAPTURE_HEAP], run->last[CAPTURE_HEAP], &error) &&
          hs_profile_resolve_sample_index (run->last[CAPTURE_HEAP], NULL, &index, &error))
        top = hs_top_new_diff (run->first[CAPTURE_HEAP], run->last[CAPTURE_HEAP], index, TRUE, &error);
      if (top != NULL)
        hs_cli_print_growers (top, HS_CLI_FORMAT_TEXT, HS_CLI_N_GROWERS, TRUE, stderr);
      else
        g_printerr (_("heapscope-cli run: cannot compare the heap captures: %s\n"), error->message);
    }
  else if (run->capture_dir != NULL)
    g_printerr (_("heapscope-cli run: no top growers: the service was not captured twice "
                  "(it answered too late or exited too soon)\n"));

  if (run->first[CAPTURE_GOROUTINE] != NULL && run->last[CAPTURE_GOROUTINE] != NULL &&
      hs_profile_is_goroutine (run->last[CAPTURE_GOROUTINE]))
    hs_cli_print_goroutine_growth (run->first[CAPTURE_GOROUTINE], run->last[CAPTURE_GOROUTINE],
                                   HS_CLI_FORMAT_TEXT, HS_CLI_N_GROWERS, TRUE, stderr);
}

static void
run_clear (Run *run)
{
  g_clear_object (&run->cancellable);
  for (guint kind = 0; kind < N_CAPTURES; kind++)
    {
      g_clear_object (&run->first[kind]);
      g_clear_object (&run->last[kind]);
      g_clear_pointer (&run->last_path[kind], g_free);
    }
}

/* Everything after the first "--" is the command; without one, the first
 * argument that is not an option starts it. */
static char **
split_command (int    *argc,
               char **argv)
{
  for (int i = 1; i < *argc; i++)
    if (g_str_equal (argv[i], "--"))
      {
        char **command = g_strdupv (argv + i + 1);

        *argc = i;
        return command;
      }
  return NULL;
}

static int
run_status (GSubprocess *child)
{
  if (g_subprocess_get_if_signaled (child))
    return 128 + g_subprocess_get_term_sig (child);
  return g_subprocess_get_exit_status (child);
}

static int
run_usage_error (GError *error)
{
  return hs_cli_usage_error ("run", error);
}

typedef struct
{
  char              *interval_text;
  char              *window_text;
  char              *url;
  char              *capture_dir;
  char              *baseline;
  char              *json_path;
  char              *tolerance_text;
  HsCliLimitOptions  limits;
  gint64             interval;
  gint64             window;
  double             tolerance;
} RunOptions;

static void
run_options_clear (RunOptions *options)
{
  g_free (options->interval_text);
  g_free (options->window_text);
  g_free (options->url);
  g_free (options->capture_dir);
  g_free (options->baseline);
  g_free (options->json_path);
  g_free (options->tolerance_text);
  hs_cli_limit_options_clear (&options->limits);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RunOptions, run_options_clear)

/* Everything that can be wrong before the command starts. Returns: the
 * limits to check, or NULL with @error set. */
static HsLimits *
run_options_check (RunOptions  *options,
                   GError     **error)
{
  g_autoptr(HsLimits) limits = NULL;

  if (!hs_cli_parse_sampling (options->interval_text, options->window_text,
                              &options->interval, &options->window, error))
    return NULL;
  if (options->url != NULL && !hs_cli_check_go_url (options->url, error))
    return NULL;
  if (options->url == NULL &&
      (options->capture_dir != NULL || options->limits.max_goroutines != HS_CLI_UNSET))
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("--capture-dir and --max-goroutines need the Go endpoint: give --url=URL"));
      return NULL;
    }
  if (options->tolerance_text != NULL && options->baseline == NULL)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("--tolerance applies to --baseline: give --baseline=FILE"));
      return NULL;
    }
  if (options->tolerance_text != NULL && !parse_tolerance (options->tolerance_text, &options->tolerance, error))
    return NULL;

  limits = hs_limits_new (options->window);
  if (!hs_cli_limit_options_apply (&options->limits, limits, error))
    return NULL;
  if (options->baseline != NULL &&
      !add_baseline_limits (options->baseline, options->tolerance, limits, error))
    return NULL;
  if (options->capture_dir != NULL && g_mkdir_with_parents (options->capture_dir, 0700) != 0)
    {
      int saved_errno = errno;
      g_autofree char *shown = hs_cli_escape_text (options->capture_dir);

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Cannot create the folder %s: %s"), shown, g_strerror (saved_errno));
      return NULL;
    }
  return g_steal_pointer (&limits);
}

/* Samples the command until it exits: its process tree from the start,
 * its Go endpoint once it answers. */
static void
run_until_exit (Run *run)
{
  guint sigint_id, sigterm_id;

  g_signal_connect (run->session, "reading", G_CALLBACK (on_reading), run);
  g_subprocess_wait_async (run->child, NULL, on_child_exited, run);
  sigint_id = g_unix_signal_add (SIGINT, on_sigint, run);
  sigterm_id = g_unix_signal_add (SIGTERM, on_sigterm, run);
  if (run->url != NULL)
    {
      run->tick_id = g_timeout_add ((guint) (run->interval / 1000), on_tick, run);
      on_tick (run);
    }

  hs_session_start (run->session);
  g_main_loop_run (run->loop);

  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  g_clear_handle_id (&run->tick_id, g_source_remove);
  g_cancellable_cancel (run->cancellable);
  while (run->connecting)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handlers_disconnect_by_data (run->session, run);
  hs_session_close (run->session);
}

/* The summary, the growers, and last (where a CI log is read) what
 * failed; then --json. Returns: the exit status. */
static int
run_report (Run                 *run,
            char               **command,
            const char          *json_path,
            const HsMemoryLimit *start_limit)
{
  g_autoptr(HsCliTable) text_table = NULL;
  g_autoptr(HsCliTable) json_table = NULL;
  g_autoptr(GError) error = NULL;
  int status = run_status (run->child);
  gboolean broken;

  text_table = summary_table_new (HS_CLI_FORMAT_TEXT, run, command, status, start_limit);
  hs_cli_table_set_output (text_table, stderr);
  hs_cli_table_finish (text_table);
  print_capture_growth (run);
  broken = hs_cli_report_limits (run->limits, run->session);
  if (json_path == NULL)
    return broken ? HS_CLI_EXIT_LIMIT : status;

  json_table = summary_table_new (HS_CLI_FORMAT_JSON, run, command, status, start_limit);
  hs_cli_table_add_member_bool (json_table, "limit_broken", broken);
  if (!write_json (json_path, json_table, &error))
    {
      g_autofree char *shown = hs_cli_escape_text (error->message);

      g_printerr ("heapscope-cli run: %s\n", shown);
      return HS_CLI_EXIT_USAGE;
    }
  return broken ? HS_CLI_EXIT_LIMIT : status;
}

int
hs_cli_run (int    argc,
            char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) command = NULL;
  g_auto(RunOptions) options = {
    .interval = G_USEC_PER_SEC,
    .window = HS_TREND_DEFAULT_WINDOW_USEC,
    .tolerance = RUN_DEFAULT_TOLERANCE,
  };
  g_autoptr(HsLimits) limits = NULL;
  g_autoptr(HsSampler) sampler = NULL;
  g_autoptr(HsProcSource) source = NULL;
  g_autoptr(HsSession) session = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *name = NULL;
  g_autofree char *description = NULL;
  HsMemoryLimit start_limit = { HS_MEMORY_LIMIT_NONE, 0 };
  const char *identifier;
  int status;
  int pid;
  Run run = { 0 };
  const GOptionEntry entries[] = {
    { "interval", 'i', 0, G_OPTION_ARG_STRING, &options.interval_text,
      N_("Time between samples, 100ms to 60s (default 1s)"), N_("DURATION") },
    { "window", 'w', 0, G_OPTION_ARG_STRING, &options.window_text,
      N_("Judge the trend over the last DURATION (default 10m)"), N_("DURATION") },
    { "url", 0, 0, G_OPTION_ARG_STRING, &options.url,
      N_("The command’s Go endpoint (net/http/pprof, expvar): goroutines, and captures with --capture-dir"),
      N_("URL") },
    { "capture-dir", 0, 0, G_OPTION_ARG_FILENAME, &options.capture_dir,
      N_("Save heap and goroutine profiles of --url here at the start and the end, and print the top growers"),
      N_("DIR") },
    { "json", 0, 0, G_OPTION_ARG_FILENAME, &options.json_path,
      N_("Write the summary as JSON to FILE (the input of --baseline)"), N_("FILE") },
    { "baseline", 0, 0, G_OPTION_ARG_FILENAME, &options.baseline,
      N_("Fail (exit 4) when peak RSS or RSS growth exceed those of this earlier --json by the tolerance"),
      N_("FILE") },
    { "tolerance", 0, 0, G_OPTION_ARG_STRING, &options.tolerance_text,
      N_("How much more than --baseline passes (default 10%)"), N_("PERCENT") },
    { NULL }
  };

  command = split_command (&argc, argv);
  context = g_option_context_new (_("-- COMMAND [ARG…] — run a command and gate on its memory"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  hs_cli_limit_options_add (context, &options.limits);
  /* Without "--", the command's own options are not ours. */
  if (command == NULL)
    g_option_context_set_strict_posix (context, TRUE);
  description = g_strconcat (
    _("Runs COMMAND with its standard input and output, samples it and all its\n"
      "descendants (RSS is the sum over the tree; largest_rss the biggest one)\n"
      "until it exits, and prints a summary on standard error: the peaks, as\n"
      "“/usr/bin/time -v” names them, and each metric’s growth and verdict over the\n"
      "last window (see “How the leak verdict works” in the README).\n"
      "SIGINT and SIGTERM are passed to COMMAND.\n"
      "Sizes are written like 512M or 1G; rates like 5MiB/min; durations like 500ms or 10m.\n"
      "--max-growth counts only growth the detector judges growing or leaking.\n"
      "With --url and --capture-dir, the service is captured when it first answers,\n"
      "then every quarter window (1s to 1m) and when a signal is passed on; the\n"
      "summary ends with the top growers between the first and the last capture.\n"
      "Exit status: COMMAND’s own (128+N after signal N) when no limit was broken,\n"
      "4 when one was (each is named on standard error), 2 on bad arguments\n"
      "(or when --json cannot be written), 127 when COMMAND cannot be started."),
    NULL);
  g_option_context_set_description (context, description);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return run_usage_error (error);
  if (command == NULL)
    command = g_strdupv (argv + 1);
  else if (argc > 1)
    {
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   _("Unexpected argument “%s” before “--”"), argv[1]);
      return run_usage_error (error);
    }
  if (command[0] == NULL)
    {
      g_set_error_literal (&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("Give the command to run after “--”, as in: heapscope-cli run -- make check"));
      return run_usage_error (error);
    }
  limits = run_options_check (&options, &error);
  if (limits == NULL)
    return run_usage_error (error);

  child = g_subprocess_newv ((const char * const *) command, G_SUBPROCESS_FLAGS_NONE, &error);
  if (child == NULL)
    {
      g_autofree char *shown = hs_cli_escape_text (error->message);

      g_printerr (_("heapscope-cli run: cannot run the command: %s\n"), shown);
      return 127;
    }
  /* GLib reaps the child in its worker thread, after which the
   * identifier is NULL: a command that is over already has nothing left
   * to sample (the summary says 0 samples). */
  identifier = g_subprocess_get_identifier (child);
  pid = identifier != NULL ? atoi (identifier) : 0;

  /* The same session as `watch` and the app: the tick, smaps pacing and
   * the PID identity check; the series hold the trend's window. */
  session = hs_session_new_full (NULL, (guint) (options.interval / 1000),
                                 (guint) MIN (options.window / options.interval + 16,
                                              HS_SERIES_DEFAULT_CAPACITY));
  if (pid > 0)
    {
      sampler = hs_local_sampler_new ();
      source = hs_proc_source_new (sampler, pid, HS_PROC_SOURCE_DESCENDANTS);
      hs_session_add_source (session, HS_SOURCE (source));
      /* Read now: once the command has exited its cgroup may be gone. */
      hs_memory_limit_find (pid, 0, 0, &start_limit);
    }
  loop = g_main_loop_new (NULL, FALSE);
  name = g_path_get_basename (command[0]);

  run.session = session;
  run.limits = limits;
  run.loop = loop;
  run.child = child;
  run.url = options.url;
  run.capture_dir = options.capture_dir;
  run.name = name;
  run.cancellable = g_cancellable_new ();
  run.interval = options.interval;
  run.capture_period = CLAMP (options.window / 4, G_USEC_PER_SEC, 60 * G_USEC_PER_SEC);
  run_until_exit (&run);
  status = run_report (&run, command, options.json_path, &start_limit);
  run_clear (&run);
  return status;
}
