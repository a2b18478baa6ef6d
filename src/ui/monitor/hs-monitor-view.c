/* hs-monitor-view.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-monitor-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "hs-capture-bar.h"
#include "hs-chart-stack.h"
#include "hs-go-bar.h"
#include "hs-live-settings.h"
#include "hs-mark-button.h"
#include "hs-marks-list.h"
#include "hs-metric-values.h"
#include "hs-monitor-view.h"
#include "hs-range-bar.h"
#include "hs-units.h"
#include "hs-verdict-bar.h"
#include "hs-window.h"

#define USEC_PER_SEC G_GINT64_CONSTANT (1000000)

/**
 * HsMonitorView:
 *
 * One watched process: its title, state and actions, over its parts —
 * the figures (HsMetricValues), the Go bars (HsGoBar, HsCaptureBar), the
 * verdicts (HsVerdictBar), the charts on one timeline (HsChartStack,
 * HsRangeBar) and the marks (HsMarkButton, HsMarksList). The view only
 * presents an HsSession that the application owns: leaving or destroying
 * the view does not stop it.
 */

struct _HsMonitorView
{
  GtkWidget         parent_instance;

  /* Template widgets */
  GtkLabel         *title_label;
  GtkLabel         *subtitle_label;
  GtkLabel         *status_label;
  GtkLabel         *rate_label;
  GtkLabel         *values_time_label;
  HsMetricValues   *values;
  HsChartStack     *chart_stack;
  HsRangeBar       *range_bar;
  HsVerdictBar     *verdict_bar;
  HsMarksList      *marks_list;
  HsMarkButton     *mark_button;
  HsGoBar          *go_bar;
  HsCaptureBar     *capture_bar;

  /* Owned */
  HsSession        *session;
  HsVerdicts       *verdicts;       /* of session */
  GSettings        *settings;
  HsTimeline       *timeline;   /* shared by the charts */
  GCancellable     *cancellable;
  GtkNativeDialog  *save_dialog;
  HsMemoryMap      *unsaved_map;  /* captured, waiting for the save dialog */

  guint             capturing;

  /* "Where is my RSS?": each part's low bound, then the width of the
   * ranges (what the figures cannot pin down), kept across rebuilds. */
};

G_DEFINE_FINAL_TYPE (HsMonitorView, hs_monitor_view, GTK_TYPE_WIDGET)

static void update_actions (HsMonitorView *self);

GtkWidget *
hs_monitor_view_new (void)
{
  return g_object_new (HS_TYPE_MONITOR_VIEW, NULL);
}

HsSession *
hs_monitor_view_get_session (HsMonitorView *self)
{
  g_return_val_if_fail (HS_IS_MONITOR_VIEW (self), NULL);

  return self->session;
}

HsTimeline *
hs_monitor_view_get_timeline (HsMonitorView *self)
{
  g_return_val_if_fail (HS_IS_MONITOR_VIEW (self), NULL);

  return self->timeline;
}

guint
hs_monitor_view_get_n_charts (HsMonitorView *self)
{
  g_return_val_if_fail (HS_IS_MONITOR_VIEW (self), 0);

  return hs_chart_stack_get_n_charts (self->chart_stack);
}

/**
 * hs_monitor_view_get_chart:
 * @index: in the order the metric list's units first appear (for a
 *   process: memory, counts, CPU)
 *
 * Returns: (transfer none) (nullable)
 */
HsChart *
hs_monitor_view_get_chart (HsMonitorView *self,
                           guint          index)
{
  g_return_val_if_fail (HS_IS_MONITOR_VIEW (self), NULL);

  return hs_chart_stack_get_chart (self->chart_stack, index);
}

/* What the view says about the process's state, "" while all is well. */
const char *
hs_monitor_view_get_status (HsMonitorView *self)
{
  g_return_val_if_fail (HS_IS_MONITOR_VIEW (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->status_label)) ?
         gtk_label_get_text (self->status_label) : "";
}

/* The header's value of metric @id as shown, "" if not shown. */
const char *
hs_monitor_view_get_value_text (HsMonitorView *self,
                                const char    *id)
{
  g_return_val_if_fail (HS_IS_MONITOR_VIEW (self), NULL);

  return hs_metric_values_get_value_text (self->values, id);
}

/* The header's change of metric @id as shown, "" if none. */
const char *
hs_monitor_view_get_delta_text (HsMonitorView *self,
                                const char    *id)
{
  g_return_val_if_fail (HS_IS_MONITOR_VIEW (self), NULL);

  return hs_metric_values_get_delta_text (self->values, id);
}

/* When the figures are from, while the user looks back; "" at the live
 * edge. */
const char *
hs_monitor_view_get_values_time_text (HsMonitorView *self)
{
  g_return_val_if_fail (HS_IS_MONITOR_VIEW (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->values_time_label)) ?
         gtk_label_get_text (self->values_time_label) : "";
}

static char *
format_clock (gint64 wall_usec)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (wall_usec / USEC_PER_SEC);

  return dt != NULL ? g_date_time_format (dt, "%H:%M:%S") : g_strdup ("?");
}

static HsProcSource *
get_proc_source (HsMonitorView *self)
{
  return self->session != NULL ? hs_session_get_proc_source (self->session) : NULL;
}

static void
update_status (HsMonitorView *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  const GError *error;
  gboolean bad = FALSE;

  if (self->session == NULL)
    return;

  error = hs_session_get_error (self->session);

  if (hs_session_get_state (self->session) == HS_SESSION_EXITED)
    {
      g_autofree char *clock = format_clock (hs_session_get_end_time (self->session));

      g_string_append_printf (text,
                              _("The process exited at %s. Sampling has stopped; the charts keep what was recorded."),
                              clock);
    }

  if (error != NULL)
    {
      if (text->len > 0)
        g_string_append_c (text, '\n');
      if (hs_session_get_n_readings (self->session) == 0)
        g_string_append_printf (text, _("No sample could be taken: %s"), error->message);
      else
        g_string_append_printf (text, _("Some figures are missing: %s"), error->message);
      bad = TRUE;
    }

  gtk_label_set_text (self->status_label, text->str);
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), text->len > 0);
  if (bad)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
}

static void
update_rate (HsMonitorView *self)
{
  g_autofree char *interval = NULL;
  g_autofree char *text = NULL;
  guint smaps_ms;

  if (self->session == NULL)
    return;

  interval = hs_format_duration ((gint64) hs_session_get_interval_ms (self->session) * 1000);
  smaps_ms = hs_session_get_smaps_interval_ms (self->session);

  if (smaps_ms > 0)
    {
      g_autofree char *smaps = hs_format_duration ((gint64) smaps_ms * 1000);

      /* Why heap lags: the smaps family costs milliseconds on big processes. */
      text = g_strdup_printf (_("Sampled every %s; memory maps (heap) read every %s"), interval, smaps);
    }
  else
    text = g_strdup_printf (_("Sampled every %s"), interval);
  gtk_label_set_text (self->rate_label, text);
}

static void
update_subtitle (HsMonitorView *self)
{
  g_autofree char *subtitle = NULL;
  gint64 uptime;
  int pid;

  if (self->session == NULL)
    {
      gtk_label_set_text (self->subtitle_label, "");
      return;
    }

  pid = hs_session_get_pid (self->session);
  uptime = hs_session_get_uptime (self->session);
  if (pid <= 0)
    {
      /* A service watched by its URL alone: no process here to name. */
      gtk_label_set_text (self->subtitle_label, _("Go service, no local process"));
      return;
    }
  if (uptime >= 0)
    {
      g_autofree char *age = hs_format_duration (uptime / USEC_PER_SEC * USEC_PER_SEC);

      /* Translators: "PID 1234 · up 2m30s" */
      subtitle = g_strdup_printf (_("PID %d · up %s"), pid, age);
    }
  else
    subtitle = g_strdup_printf (_("PID %d"), pid);
  gtk_label_set_text (self->subtitle_label, subtitle);
}

/* Each figure at the live edge, or at the charts' right edge when the
 * user scrolled or zoomed back (and then the header says when); its
 * change over the visible window says over how long. */
static void
update_values (HsMonitorView *self)
{
  gint64 begin = 0, end = 0;
  gboolean have_range, following;

  have_range = hs_timeline_get_visible_range (self->timeline, &begin, &end);
  following = hs_timeline_get_following (self->timeline);

  if (have_range && !following)
    {
      g_autofree char *clock = format_clock (end);
      g_autofree char *text = g_strdup_printf (_("Figures at %s, the right edge of the charts"), clock);

      gtk_label_set_text (self->values_time_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->values_time_label), have_range && !following);
  hs_metric_values_update (self->values, following, have_range, begin, end);
}

static void
update_title (HsMonitorView *self)
{
  HsProcSource *source = get_proc_source (self);
  const char *name = source != NULL ? hs_proc_source_get_name (source) : NULL;

  if (name == NULL || *name == '\0')
    name = self->session != NULL ? hs_session_get_title (self->session) : NULL;
  gtk_label_set_text (self->title_label, name && *name ? name : _("Waiting for the first sample…"));
}

static void
update_actions (HsMonitorView *self)
{
  gboolean can_capture = get_proc_source (self) != NULL &&
                         hs_session_get_state (self->session) == HS_SESSION_RUNNING &&
                         self->capturing == 0 && self->save_dialog == NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "monitor.capture-map", can_capture);
}

static void
on_maps_read (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HsMonitorView *self = g_task_get_source_object (task);
  GError *error = NULL;
  HsMemoryMap *map;

  map = hs_sampler_read_maps_finish (HS_SAMPLER (source), result, &error);
  self->capturing--;
  update_actions (self);

  if (map == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, map, (GDestroyNotify) hs_memory_map_unref);
}

/**
 * hs_monitor_view_capture_map_async:
 *
 * Reads every mapping of the shown process (/proc/PID/smaps) through the
 * session's sampler, in a worker thread.
 */
void
hs_monitor_view_capture_map_async (HsMonitorView       *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (HS_IS_MONITOR_VIEW (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hs_monitor_view_capture_map_async);

  if (self->session == NULL || hs_session_get_proc_source (self->session) == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                               _("No process is attached"));
      return;
    }
  if (hs_session_get_state (self->session) == HS_SESSION_EXITED)
    {
      g_task_return_new_error (task, HS_SAMPLER_ERROR, HS_SAMPLER_ERROR_PROCESS_GONE,
                               _("The process has exited"));
      return;
    }

  self->capturing++;
  update_actions (self);
  hs_sampler_read_maps_async (hs_proc_source_get_sampler (hs_session_get_proc_source (self->session)),
                              hs_session_get_pid (self->session),
                              cancellable, on_maps_read, g_steal_pointer (&task));
}

/* Returns: (transfer full): the snapshot */
HsMemoryMap *
hs_monitor_view_capture_map_finish (HsMonitorView  *self,
                                    GAsyncResult   *result,
                                    GError        **error)
{
  g_return_val_if_fail (HS_IS_MONITOR_VIEW (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * hs_monitor_view_suggest_map_filename:
 *
 * Returns: (transfer full): "NAME-PID-YYYYmmdd-HHMMSS.json" in local time,
 *   so that files of one process sort by capture time
 */
char *
hs_monitor_view_suggest_map_filename (HsMemoryMap *map)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *stamp = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (map != NULL, NULL);

  dt = g_date_time_new_from_unix_local (hs_memory_map_get_wall_usec (map) / G_USEC_PER_SEC);
  stamp = dt != NULL ? g_date_time_format (dt, "%Y%m%d-%H%M%S") : g_strdup ("unknown");
  name = g_strdup (hs_memory_map_get_name (map) != NULL && *hs_memory_map_get_name (map) ?
                   hs_memory_map_get_name (map) : "process");
  /* comm may hold a slash or spaces; keep the name one path component. */
  g_strdelimit (name, "/ \t\n", '_');

  return g_strdup_printf ("%s-%d-%s.json", name, hs_memory_map_get_pid (map), stamp);
}

/**
 * hs_monitor_view_save_map:
 *
 * Saves @map to @file and, when the view is in a window, opens it on the
 * Profiles page, where two snapshots can be compared.
 */
gboolean
hs_monitor_view_save_map (HsMonitorView  *self,
                          HsMemoryMap    *map,
                          GFile          *file,
                          GError        **error)
{
  g_autofree char *path = NULL;
  GtkRoot *root;

  g_return_val_if_fail (HS_IS_MONITOR_VIEW (self), FALSE);
  g_return_val_if_fail (map != NULL, FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("Cannot save to “%s”: only local files are supported"), uri);
      return FALSE;
    }

  if (!hs_memory_map_save (map, path, error))
    return FALSE;

  /* Stay here: a second capture usually follows before comparing. */
  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (HS_IS_WINDOW (root))
    {
      g_autofree char *basename = g_file_get_basename (file);
      g_autofree char *message = NULL;

      hs_window_open_files_in_background (HS_WINDOW (root), &file, 1);
      message = g_strdup_printf (_("Saved “%s”; it is open on the Profiles page"), basename);
      hs_window_add_toast_for (GTK_WIDGET (self), message);
    }

  return TRUE;
}

static void
on_save_response (GtkNativeDialog *dialog,
                  int              response,
                  HsMonitorView   *self)
{
  g_autoptr(HsMemoryMap) map = g_steal_pointer (&self->unsaved_map);

  if (response == GTK_RESPONSE_ACCEPT && map != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autoptr(GError) error = NULL;

      if (file != NULL && !hs_monitor_view_save_map (self, map, file, &error))
        {
          g_autofree char *message = g_strdup_printf (_("The memory map could not be saved: %s"),
                                                      error->message);
          hs_window_add_toast_for (GTK_WIDGET (self), message);
        }
    }

  g_clear_object (&self->save_dialog);
  update_actions (self);
}

static void
on_capture_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  HsMonitorView *self = HS_MONITOR_VIEW (source);
  g_autoptr(HsMemoryMap) map = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  GtkFileChooserNative *chooser;
  GtkFileFilter *filter;
  GtkRoot *root;

  map = hs_monitor_view_capture_map_finish (self, result, &error);
  if (map == NULL)
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      message = g_strdup_printf (_("The memory map could not be captured: %s"), error->message);
      hs_window_add_toast_for (GTK_WIDGET (self), message);
      return;
    }

  root = gtk_widget_get_root (GTK_WIDGET (self));
  chooser = gtk_file_chooser_native_new (_("Save Memory Map"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  name = hs_monitor_view_suggest_map_filename (map);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);

  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("Memory-Map Snapshots"));
  gtk_file_filter_add_pattern (filter, "*.json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_object_unref (filter);

  self->unsaved_map = g_steal_pointer (&map);
  self->save_dialog = GTK_NATIVE_DIALOG (chooser);
  g_signal_connect (chooser, "response", G_CALLBACK (on_save_response), self);
  update_actions (self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
capture_map_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  HsMonitorView *self = HS_MONITOR_VIEW (widget);

  hs_monitor_view_capture_map_async (self, self->cancellable, on_capture_done, NULL);
}

static void
on_reading (HsMonitorView *self)
{
  update_values (self);
  update_subtitle (self);
  hs_timeline_data_changed (self->timeline);
}

static void
on_session_notify (HsMonitorView *self)
{
  update_title (self);
  update_subtitle (self);
  update_status (self);
  update_rate (self);
  update_values (self);
  update_actions (self);
}

static void
on_timeline_changed (HsMonitorView *self)
{
  update_values (self);
}

static void
clear_session (HsMonitorView *self)
{
  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->session, self);
    }
  hs_verdict_bar_set_verdicts (self->verdict_bar, NULL);
  hs_marks_list_set_model (self->marks_list, NULL, NULL);
  g_clear_object (&self->verdicts);
  g_clear_object (&self->session);
  hs_go_bar_set_session (self->go_bar, NULL);
  hs_capture_bar_set_session (self->capture_bar, NULL);
  hs_mark_button_set_session (self->mark_button, NULL);

  hs_chart_stack_set_session (self->chart_stack, NULL, NULL, NULL);
  hs_metric_values_clear (self->values);
  update_actions (self);
}

static void
build_value_cells (HsMonitorView *self)
{
  GListModel *model = G_LIST_MODEL (self->session);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(HsSessionMetric) item = g_list_model_get_item (model, i);

      if (hs_chart_stack_shows_metric (self->session, item))
        hs_metric_values_add (self->values, item);
    }
}

/**
 * hs_monitor_view_watch_go:
 * @url: the base of a Go service's endpoints ("http://127.0.0.1:6060";
 *   "host:port" means http)
 *
 * Probes @url and, when a Go endpoint answers, adds an HsGoSource to the
 * shown session, so the Go charts join the process's on one timeline.
 * Failures are said in words in the view (hs_monitor_view_get_go_message).
 */
void
hs_monitor_view_watch_go (HsMonitorView *self,
                          const char    *url)
{
  g_return_if_fail (HS_IS_MONITOR_VIEW (self));

  hs_go_bar_watch (self->go_bar, url);
}

/* What the Go endpoint bar says: searching, found at, or why not. */
const char *
hs_monitor_view_get_go_message (HsMonitorView *self)
{
  g_return_val_if_fail (HS_IS_MONITOR_VIEW (self), NULL);

  return hs_go_bar_get_message (self->go_bar);
}

/* The URL the bar offers (found or typed), "" if none. */
const char *
hs_monitor_view_get_go_url (HsMonitorView *self)
{
  g_return_val_if_fail (HS_IS_MONITOR_VIEW (self), NULL);

  return hs_go_bar_get_url (self->go_bar);
}

/* Whether the Go bar is shrunk to "not a Go service" and a button. */
gboolean
hs_monitor_view_get_go_collapsed (HsMonitorView *self)
{
  g_return_val_if_fail (HS_IS_MONITOR_VIEW (self), FALSE);

  return hs_go_bar_get_collapsed (self->go_bar);
}

/* What "Where is my RSS?" says below its chart, "" without the chart. */
const char *
hs_monitor_view_get_rss_note (HsMonitorView *self)
{
  g_return_val_if_fail (HS_IS_MONITOR_VIEW (self), NULL);

  return hs_chart_stack_get_rss_note (self->chart_stack);
}

/* The plain-http warning under the URL, "" when not shown. */
const char *
hs_monitor_view_get_go_warning (HsMonitorView *self)
{
  g_return_val_if_fail (HS_IS_MONITOR_VIEW (self), NULL);

  return hs_go_bar_get_warning (self->go_bar);
}

/* As if typed into the Go bar's URL entry. */
void
hs_monitor_view_set_go_url (HsMonitorView *self,
                            const char    *url)
{
  g_return_if_fail (HS_IS_MONITOR_VIEW (self));

  hs_go_bar_set_url (self->go_bar, url);
}

static void
on_session_items_changed (HsMonitorView *self)
{
  hs_chart_stack_rebuild (self->chart_stack);
  hs_metric_values_clear (self->values);
  build_value_cells (self);
  on_session_notify (self);
}

void
hs_monitor_view_capture (HsMonitorView *self,
                         const char    *kind)
{
  g_return_if_fail (HS_IS_MONITOR_VIEW (self));

  hs_capture_bar_capture (self->capture_bar, kind);
}

/* How many automatic captures were started (kept or pruned). */
guint
hs_monitor_view_get_n_auto_captures (HsMonitorView *self)
{
  g_return_val_if_fail (HS_IS_MONITOR_VIEW (self), 0);

  return hs_capture_bar_get_n_auto_captures (self->capture_bar);
}

/**
 * hs_monitor_view_compare_first_latest:
 *
 * "Compare First → Latest": opens the Compare view of the window on the
 * heap profiles of the first and the newest automatic captures.
 *
 * Returns: FALSE when there are not two yet, or no window to open them in
 */
gboolean
hs_monitor_view_compare_first_latest (HsMonitorView *self)
{
  g_return_val_if_fail (HS_IS_MONITOR_VIEW (self), FALSE);

  return hs_capture_bar_compare_first_latest (self->capture_bar);
}

/* One click on a listed capture opens it on the Profiles page. */
gboolean
hs_monitor_view_open_capture (HsMonitorView *self,
                              guint          i)
{
  g_return_val_if_fail (HS_IS_MONITOR_VIEW (self), FALSE);

  return hs_capture_bar_open_capture (self->capture_bar, i);
}

guint
hs_monitor_view_get_n_captures (HsMonitorView *self)
{
  g_return_val_if_fail (HS_IS_MONITOR_VIEW (self), 0);

  return hs_capture_bar_get_n_captures (self->capture_bar);
}

const char *
hs_monitor_view_get_capture_path (HsMonitorView *self,
                                  guint          i)
{
  g_return_val_if_fail (HS_IS_MONITOR_VIEW (self), NULL);

  return hs_capture_bar_get_capture_path (self->capture_bar, i);
}

/* Returns: (transfer none): the "Add Metric…" popover */
HsMetricPicker *
hs_monitor_view_get_metric_picker (HsMonitorView *self)
{
  g_return_val_if_fail (HS_IS_MONITOR_VIEW (self), NULL);

  return hs_capture_bar_get_metric_picker (self->capture_bar);
}

/* Whether "Capture Leaked Goroutines" is offered. */
gboolean
hs_monitor_view_get_can_capture_leaks (HsMonitorView *self)
{
  g_return_val_if_fail (HS_IS_MONITOR_VIEW (self), FALSE);

  return hs_capture_bar_get_can_capture_leaks (self->capture_bar);
}

/* The session's verdicts, as the bar shows them; NULL without a session. */
HsVerdicts *
hs_monitor_view_get_verdicts (HsMonitorView *self)
{
  g_return_val_if_fail (HS_IS_MONITOR_VIEW (self), NULL);

  return self->verdicts;
}

/* The verdict bar's lines joined by " · ", "" when hidden. */
char *
hs_monitor_view_dup_verdict_text (HsMonitorView *self)
{
  g_return_val_if_fail (HS_IS_MONITOR_VIEW (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->verdict_bar)))
    return g_strdup ("");
  return hs_verdict_bar_dup_text (self->verdict_bar);
}

/**
 * hs_monitor_view_add_mark:
 * @label: (nullable): the mark's name; NULL or blank: "Mark N"
 *
 * Marks the session at the current time: a line on each of its charts
 * and a row in the marks list.
 *
 * Returns: (transfer none) (nullable): the mark, NULL without a session
 */
HsSessionMark *
hs_monitor_view_add_mark (HsMonitorView *self,
                          const char    *label)
{
  g_return_val_if_fail (HS_IS_MONITOR_VIEW (self), NULL);

  return hs_mark_button_add_mark (self->mark_button, label);
}

/* "Mark N", N one more than the session's marks. */
char *
hs_monitor_view_suggest_mark_label (HsMonitorView *self)
{
  g_return_val_if_fail (HS_IS_MONITOR_VIEW (self), NULL);

  return hs_mark_button_suggest_label (self->mark_button);
}

HsMarksList *
hs_monitor_view_get_marks_list (HsMonitorView *self)
{
  g_return_val_if_fail (HS_IS_MONITOR_VIEW (self), NULL);

  return self->marks_list;
}

/* The name the Add Mark popover offers, "" while it is closed. */
const char *
hs_monitor_view_get_mark_entry_text (HsMonitorView *self)
{
  g_return_val_if_fail (HS_IS_MONITOR_VIEW (self), NULL);

  return hs_mark_button_get_entry_text (self->mark_button);
}

static void
add_mark_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  hs_mark_button_popup (HS_MONITOR_VIEW (widget)->mark_button);
}

/**
 * hs_monitor_view_set_session:
 * @session: (nullable): the session to show; the view keeps a reference
 *
 * Shows @session's figures and charts. The view never starts, stops or
 * closes the session: the application owns it.
 */
void
hs_monitor_view_set_session (HsMonitorView *self,
                             HsSession     *session)
{
  g_return_if_fail (HS_IS_MONITOR_VIEW (self));
  g_return_if_fail (session == NULL || HS_IS_SESSION (session));

  if (self->session == session)
    return;

  clear_session (self);
  /* Each session opens at the live edge, a minute wide. */
  hs_timeline_set_span (self->timeline, 60 * USEC_PER_SEC);
  hs_timeline_set_following (self->timeline, TRUE);
  hs_timeline_clear_selection (self->timeline);

  if (session == NULL)
    return;

  self->session = g_object_ref (session);
  /* The session's own: they judge (and its captures capture) on while
   * other sessions are shown, following the settings. */
  hs_live_settings_bind_session (self->settings, session);
  self->verdicts = g_object_ref (hs_verdicts_get_for_session (session, HS_TREND_DEFAULT_WINDOW_USEC));
  hs_chart_stack_set_session (self->chart_stack, session, self->verdicts, self->timeline);
  build_value_cells (self);
  hs_verdict_bar_set_verdicts (self->verdict_bar, self->verdicts);
  hs_marks_list_set_model (self->marks_list, hs_session_get_marks (session), self->timeline);

  g_signal_connect_object (session, "reading", G_CALLBACK (on_reading), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify", G_CALLBACK (on_session_notify), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "items-changed", G_CALLBACK (on_session_items_changed), self,
                           G_CONNECT_SWAPPED);

  hs_go_bar_set_session (self->go_bar, session);
  hs_capture_bar_set_session (self->capture_bar, session);
  hs_mark_button_set_session (self->mark_button, session);
  on_session_notify (self);
}

static void
hs_monitor_view_dispose (GObject *object)
{
  HsMonitorView *self = (HsMonitorView *) object;

  if (self->chart_stack != NULL)
    clear_session (self);
  if (self->timeline != NULL)
    g_signal_handlers_disconnect_by_data (self->timeline, self);
  g_clear_object (&self->timeline);
  g_clear_object (&self->settings);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->save_dialog != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->save_dialog, self);
      gtk_native_dialog_destroy (self->save_dialog);
      g_clear_object (&self->save_dialog);
    }
  g_clear_pointer (&self->unsaved_map, hs_memory_map_unref);

  gtk_widget_dispose_template (GTK_WIDGET (object), HS_TYPE_MONITOR_VIEW);
  /* The root box has no id, so the template does not unparent it. */
  {
    GtkWidget *child;

    while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
      gtk_widget_unparent (child);
  }

  G_OBJECT_CLASS (hs_monitor_view_parent_class)->dispose (object);
}

static void
hs_monitor_view_class_init (HsMonitorViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hs_monitor_view_dispose;

  g_type_ensure (HS_TYPE_VERDICT_BAR);
  g_type_ensure (HS_TYPE_MARKS_LIST);
  g_type_ensure (HS_TYPE_CHART_STACK);
  g_type_ensure (HS_TYPE_GO_BAR);
  g_type_ensure (HS_TYPE_MARK_BUTTON);
  g_type_ensure (HS_TYPE_METRIC_VALUES);
  g_type_ensure (HS_TYPE_RANGE_BAR);
  g_type_ensure (HS_TYPE_CAPTURE_BAR);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/heapscope/Heapscope/monitor/hs-monitor-view.ui");
  gtk_widget_class_bind_template_child (widget_class, HsMonitorView, title_label);
  gtk_widget_class_bind_template_child (widget_class, HsMonitorView, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, HsMonitorView, status_label);
  gtk_widget_class_bind_template_child (widget_class, HsMonitorView, rate_label);
  gtk_widget_class_bind_template_child (widget_class, HsMonitorView, values_time_label);
  gtk_widget_class_bind_template_child (widget_class, HsMonitorView, values);
  gtk_widget_class_bind_template_child (widget_class, HsMonitorView, chart_stack);
  gtk_widget_class_bind_template_child (widget_class, HsMonitorView, verdict_bar);
  gtk_widget_class_bind_template_child (widget_class, HsMonitorView, marks_list);
  gtk_widget_class_bind_template_child (widget_class, HsMonitorView, go_bar);
  gtk_widget_class_bind_template_child (widget_class, HsMonitorView, range_bar);
  gtk_widget_class_bind_template_child (widget_class, HsMonitorView, capture_bar);
  gtk_widget_class_bind_template_child (widget_class, HsMonitorView, mark_button);

  gtk_widget_class_install_action (widget_class, "monitor.capture-map", NULL, capture_map_action);
  gtk_widget_class_install_action (widget_class, "monitor.add-mark", NULL, add_mark_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_m, GDK_CONTROL_MASK, "monitor.add-mark", NULL);
}

static void
hs_monitor_view_init (HsMonitorView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->timeline = hs_timeline_new ();
  hs_range_bar_set_timeline (self->range_bar, self->timeline);
  self->settings = g_settings_new (APP_ID);
  g_signal_connect_object (hs_capture_bar_get_metric_picker (self->capture_bar), "picked-changed",
                           G_CALLBACK (on_session_items_changed), self, G_CONNECT_SWAPPED);
  update_actions (self);

  g_signal_connect_object (self->timeline, "notify::span",
                           G_CALLBACK (on_timeline_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->timeline, "notify::following",
                           G_CALLBACK (on_timeline_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->timeline, "notify::end-time",
                           G_CALLBACK (on_timeline_changed), self, G_CONNECT_SWAPPED);
}
