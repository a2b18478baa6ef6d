/* hs-monitor-view.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-monitor-view"

#include "config.h"

#include <time.h>
#include <unistd.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "hs-monitor-view.h"
#include "hs-units.h"
#include "hs-window.h"

#define USEC_PER_SEC G_GINT64_CONSTANT (1000000)

/* The figures under the header: current value and change over the
 * visible window. */
static const HsSampleMetric value_metrics[] = {
  HS_METRIC_RSS, HS_METRIC_HEAP, HS_METRIC_ANON, HS_METRIC_SHARED,
  HS_METRIC_SWAP, HS_METRIC_THREADS, HS_METRIC_CPU, HS_METRIC_FDS,
};

static const HsSampleMetric memory_metrics[] = {
  HS_METRIC_RSS, HS_METRIC_HEAP, HS_METRIC_ANON, HS_METRIC_SHARED, HS_METRIC_SWAP,
};

struct _HsMonitorView
{
  GtkWidget         parent_instance;

  /* Template widgets */
  GtkLabel         *title_label;
  GtkLabel         *subtitle_label;
  GtkLabel         *status_label;
  GtkLabel         *rate_label;
  GtkBox           *values_box;
  GtkButton        *live_button;
  GtkToggleButton  *range_1m;
  GtkToggleButton  *range_10m;
  GtkToggleButton  *range_1h;
  GtkToggleButton  *range_all;
  HsChart          *memory_chart;
  HsChart          *threads_chart;
  HsChart          *cpu_chart;

  /* Owned */
  HsProcessMonitor *monitor;
  HsTimeline       *timeline;   /* shared by the charts */
  GCancellable     *cancellable;
  GtkNativeDialog  *save_dialog;
  HsMemoryMap      *unsaved_map;  /* captured, waiting for the save dialog */

  guint             capturing;

  /* Borrowed: value and change labels of value_metrics[] */
  GtkLabel         *value_labels[G_N_ELEMENTS (value_metrics)];
  GtkLabel         *delta_labels[G_N_ELEMENTS (value_metrics)];

  gboolean          updating_range;
};

G_DEFINE_FINAL_TYPE (HsMonitorView, hs_monitor_view, GTK_TYPE_WIDGET)

GtkWidget *
hs_monitor_view_new (void)
{
  return g_object_new (HS_TYPE_MONITOR_VIEW, NULL);
}

HsProcessMonitor *
hs_monitor_view_get_monitor (HsMonitorView *self)
{
  g_return_val_if_fail (HS_IS_MONITOR_VIEW (self), NULL);

  return self->monitor;
}

/**
 * hs_monitor_view_get_chart:
 * @index: 0 memory, 1 threads, 2 CPU
 */
HsChart *
hs_monitor_view_get_chart (HsMonitorView *self,
                           guint          index)
{
  g_return_val_if_fail (HS_IS_MONITOR_VIEW (self), NULL);

  switch (index)
    {
    case 0: return self->memory_chart;
    case 1: return self->threads_chart;
    case 2: return self->cpu_chart;
    default: return NULL;
    }
}

/* What the view says about the process's state, "" while all is well. */
const char *
hs_monitor_view_get_status (HsMonitorView *self)
{
  g_return_val_if_fail (HS_IS_MONITOR_VIEW (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->status_label)) ?
         gtk_label_get_text (self->status_label) : "";
}

/* The header's current value of @metric as shown, "" if not shown. */
const char *
hs_monitor_view_get_value_text (HsMonitorView *self,
                                HsSampleMetric       metric)
{
  g_return_val_if_fail (HS_IS_MONITOR_VIEW (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (value_metrics); i++)
    if (value_metrics[i] == metric)
      return gtk_label_get_text (self->value_labels[i]);

  return "";
}

static char *
format_metric (HsSampleMetric metric,
               double   value,
               gboolean delta)
{
  switch (metric)
    {
    case HS_METRIC_THREADS:
    case HS_METRIC_FDS:
      return delta ? g_strdup_printf ("%+.0f", value) : g_strdup_printf ("%.0f", value);
    case HS_METRIC_CPU:
      return delta ? g_strdup_printf ("%+.1f %%", value) : g_strdup_printf ("%.1f %%", value);
    default:
      if (delta && value > 0)
        {
          g_autofree char *text = hs_format_bytes ((gint64) value);
          return g_strconcat ("+", text, NULL);
        }
      if (delta && value == 0)
        return g_strdup ("±0");
      return hs_format_bytes ((gint64) value);
    }
}

static char *
format_clock (gint64 wall_usec)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (wall_usec / USEC_PER_SEC);

  return dt != NULL ? g_date_time_format (dt, "%H:%M:%S") : g_strdup ("?");
}

/* The process's age from its start time (clock ticks after boot, as the
 * kernel stamps it) against CLOCK_BOOTTIME: no /proc parsing here. */
static gint64
process_uptime (const HsSample *sample,
                gint64          at_wall)
{
  struct timespec ts;
  long hz = sysconf (_SC_CLK_TCK);
  gint64 boot_now, started;

  if (hz <= 0 || clock_gettime (CLOCK_BOOTTIME, &ts) != 0)
    return -1;

  boot_now = (gint64) ts.tv_sec * USEC_PER_SEC + ts.tv_nsec / 1000;
  /* Move "now" back to the moment the process stopped, when it did. */
  boot_now -= MAX (0, g_get_real_time () - at_wall);
  started = (gint64) (sample->start_time * USEC_PER_SEC / (guint64) hz);

  return boot_now > started ? boot_now - started : -1;
}

static void
update_status (HsMonitorView *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  const GError *error = NULL;
  gboolean bad = FALSE;

  if (self->monitor == NULL)
    return;

  error = hs_process_monitor_get_error (self->monitor);

  if (hs_process_monitor_get_exited (self->monitor))
    {
      g_autofree char *clock = format_clock (hs_process_monitor_get_exit_time (self->monitor));

      g_string_append_printf (text,
                              _("The process exited at %s. Sampling has stopped; the charts keep what was recorded."),
                              clock);
    }

  if (error != NULL)
    {
      if (text->len > 0)
        g_string_append_c (text, '\n');
      if (hs_process_monitor_get_n_samples (self->monitor) == 0)
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
  g_autofree char *smaps = NULL;
  g_autofree char *text = NULL;
  guint smaps_ms;

  if (self->monitor == NULL)
    return;

  interval = hs_format_duration ((gint64) hs_process_monitor_get_interval_ms (self->monitor) * 1000);
  smaps_ms = hs_process_monitor_get_smaps_interval_ms (self->monitor);
  smaps = hs_format_duration ((gint64) smaps_ms * 1000);

  /* Why heap lags: the smaps family costs milliseconds on big processes. */
  text = g_strdup_printf (_("Sampled every %s; memory maps (heap) read every %s"), interval, smaps);
  gtk_label_set_text (self->rate_label, text);
}

static void
update_values (HsMonitorView *self)
{
  HsSample sample;
  gint64 begin = 0, end = 0;
  gboolean have_range;

  if (self->monitor == NULL || !hs_process_monitor_get_last_sample (self->monitor, &sample))
    {
      for (guint i = 0; i < G_N_ELEMENTS (value_metrics); i++)
        {
          gtk_label_set_text (self->value_labels[i], "—");
          gtk_label_set_text (self->delta_labels[i], "");
        }
      return;
    }

  have_range = hs_timeline_get_visible_range (self->timeline, &begin, &end);

  for (guint i = 0; i < G_N_ELEMENTS (value_metrics); i++)
    {
      HsSampleMetric metric = value_metrics[i];
      HsSeries *series = hs_process_monitor_get_series (self->monitor, metric);
      g_autofree char *value_text = NULL;
      g_autofree char *delta_text = NULL;
      double last, first;
      gint64 t;

      if (!hs_series_get_last (series, &t, &last))
        {
          /* Never a zero standing in for "unknown". */
          gtk_label_set_text (self->value_labels[i], _("unavailable"));
          gtk_label_set_text (self->delta_labels[i], "");
          continue;
        }

      if (have_range && hs_series_lookup (series, end, &t, &last) &&
          (hs_series_lookup (series, begin, &t, &first) ||
           hs_series_get_point (series, 0, &t, &first)))
        delta_text = format_metric (metric, last - first, TRUE);

      value_text = format_metric (metric, last, FALSE);
      gtk_label_set_text (self->value_labels[i], value_text);
      gtk_label_set_text (self->delta_labels[i], delta_text ? delta_text : "");
    }

  {
    g_autofree char *subtitle = NULL;
    g_autofree char *age = NULL;
    gint64 at = hs_process_monitor_get_exited (self->monitor) ?
                hs_process_monitor_get_exit_time (self->monitor) : g_get_real_time ();
    gint64 uptime = process_uptime (&sample, at);

    if (uptime >= 0)
      {
        age = hs_format_duration (uptime / USEC_PER_SEC * USEC_PER_SEC);
        /* Translators: "PID 1234 · up 2m30s" */
        subtitle = g_strdup_printf (_("PID %d · up %s"), hs_process_monitor_get_pid (self->monitor), age);
      }
    else
      subtitle = g_strdup_printf (_("PID %d"), hs_process_monitor_get_pid (self->monitor));
    gtk_label_set_text (self->subtitle_label, subtitle);
  }
}

static void
update_title (HsMonitorView *self)
{
  const char *name = self->monitor ? hs_process_monitor_get_name (self->monitor) : NULL;

  gtk_label_set_text (self->title_label, name ? name : _("Waiting for the first sample…"));
}

static void
update_actions (HsMonitorView *self)
{
  gboolean can_capture = self->monitor != NULL &&
                         !hs_process_monitor_get_exited (self->monitor) &&
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
 * Reads every mapping of the attached process (/proc/PID/smaps) through
 * the monitor's sampler, in a worker thread.
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

  if (self->monitor == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                               _("No process is attached"));
      return;
    }
  if (hs_process_monitor_get_exited (self->monitor))
    {
      g_task_return_new_error (task, HS_SAMPLER_ERROR, HS_SAMPLER_ERROR_PROCESS_GONE,
                               _("The process has exited"));
      return;
    }

  self->capturing++;
  update_actions (self);
  hs_sampler_read_maps_async (hs_process_monitor_get_sampler (self->monitor),
                              hs_process_monitor_get_pid (self->monitor),
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
on_sample (HsMonitorView *self)
{
  update_values (self);
  hs_timeline_data_changed (self->timeline);
}

static void
on_monitor_notify (HsMonitorView *self)
{
  update_title (self);
  update_status (self);
  update_rate (self);
  update_values (self);
  update_actions (self);
}

static void
on_range_toggled (HsMonitorView   *self,
                  GtkToggleButton *button)
{
  gint64 span;

  if (self->updating_range || !gtk_toggle_button_get_active (button))
    return;

  if (button == self->range_1m)
    span = 60 * USEC_PER_SEC;
  else if (button == self->range_10m)
    span = 600 * USEC_PER_SEC;
  else if (button == self->range_1h)
    span = 3600 * USEC_PER_SEC;
  else
    span = 0;

  /* A range button returns to the live edge, as in System Monitor. */
  hs_timeline_set_span (self->timeline, span);
  hs_timeline_set_following (self->timeline, TRUE);
}

static void
on_live_clicked (HsMonitorView *self)
{
  hs_timeline_set_following (self->timeline, TRUE);
}

/* Zooming and scrolling change the span; light the matching button, or
 * none when the user picked a custom window. */
static void
on_chart_view_changed (HsMonitorView *self)
{
  gint64 span = hs_timeline_get_span (self->timeline);
  GtkToggleButton *buttons[] = { self->range_1m, self->range_10m, self->range_1h, self->range_all };
  gint64 spans[] = { 60 * USEC_PER_SEC, 600 * USEC_PER_SEC, 3600 * USEC_PER_SEC, 0 };
  gboolean following = hs_timeline_get_following (self->timeline);

  self->updating_range = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    gtk_toggle_button_set_active (buttons[i], following && span == spans[i]);
  self->updating_range = FALSE;

  gtk_widget_set_visible (GTK_WIDGET (self->live_button), !following);
  update_values (self);
}

static void
clear_monitor (HsMonitorView *self)
{
  if (self->monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->monitor, self);
  g_clear_object (&self->monitor);

  hs_chart_clear_layers (self->memory_chart);
  hs_chart_clear_layers (self->threads_chart);
  hs_chart_clear_layers (self->cpu_chart);
  update_actions (self);
}

/**
 * hs_monitor_view_set_monitor:
 * @monitor: (nullable): the process to show; the view keeps a reference
 *
 * Shows @monitor's series in the charts. The view does not start or stop
 * sampling; whoever made the monitor does.
 */
void
hs_monitor_view_set_monitor (HsMonitorView    *self,
                             HsProcessMonitor *monitor)
{
  g_return_if_fail (HS_IS_MONITOR_VIEW (self));
  g_return_if_fail (monitor == NULL || HS_IS_PROCESS_MONITOR (monitor));

  if (self->monitor == monitor)
    return;

  clear_monitor (self);

  if (monitor == NULL)
    return;

  self->monitor = g_object_ref (monitor);

  for (guint i = 0; i < G_N_ELEMENTS (memory_metrics); i++)
    hs_chart_add_series (self->memory_chart,
                            hs_sample_metric_get_label (memory_metrics[i]),
                            hs_process_monitor_get_series (monitor, memory_metrics[i]));
  hs_chart_add_series (self->threads_chart, hs_sample_metric_get_label (HS_METRIC_THREADS),
                          hs_process_monitor_get_series (monitor, HS_METRIC_THREADS));
  hs_chart_add_series (self->threads_chart, hs_sample_metric_get_label (HS_METRIC_FDS),
                          hs_process_monitor_get_series (monitor, HS_METRIC_FDS));
  hs_chart_add_series (self->cpu_chart, hs_sample_metric_get_label (HS_METRIC_CPU),
                          hs_process_monitor_get_series (monitor, HS_METRIC_CPU));

  g_signal_connect_object (monitor, "sample", G_CALLBACK (on_sample), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (monitor, "notify", G_CALLBACK (on_monitor_notify), self, G_CONNECT_SWAPPED);

  hs_timeline_set_following (self->timeline, TRUE);
  on_monitor_notify (self);
}

static void
build_value_cells (HsMonitorView *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (value_metrics); i++)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
      GtkWidget *caption = gtk_label_new (hs_sample_metric_get_label (value_metrics[i]));
      GtkWidget *value = gtk_label_new ("—");
      GtkWidget *delta = gtk_label_new ("");

      gtk_label_set_xalign (GTK_LABEL (caption), 0);
      gtk_label_set_xalign (GTK_LABEL (value), 0);
      gtk_label_set_xalign (GTK_LABEL (delta), 0);
      gtk_widget_add_css_class (caption, "caption");
      gtk_widget_add_css_class (caption, "dim-label");
      gtk_widget_add_css_class (value, "heading");
      gtk_widget_add_css_class (value, "numeric");
      gtk_widget_add_css_class (delta, "caption");
      gtk_widget_add_css_class (delta, "numeric");
      gtk_widget_set_tooltip_text (delta, _("Change over the visible time window"));

      gtk_box_append (GTK_BOX (box), caption);
      gtk_box_append (GTK_BOX (box), value);
      gtk_box_append (GTK_BOX (box), delta);
      gtk_box_append (self->values_box, box);

      self->value_labels[i] = GTK_LABEL (value);
      self->delta_labels[i] = GTK_LABEL (delta);
    }
}

static void
hs_monitor_view_dispose (GObject *object)
{
  HsMonitorView *self = (HsMonitorView *) object;

  if (self->memory_chart != NULL)
    clear_monitor (self);
  if (self->timeline != NULL)
    g_signal_handlers_disconnect_by_data (self->timeline, self);
  g_clear_object (&self->timeline);
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

  g_type_ensure (HS_TYPE_CHART);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/heapscope/Heapscope/monitor/hs-monitor-view.ui");
  gtk_widget_class_bind_template_child (widget_class, HsMonitorView, title_label);
  gtk_widget_class_bind_template_child (widget_class, HsMonitorView, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, HsMonitorView, status_label);
  gtk_widget_class_bind_template_child (widget_class, HsMonitorView, rate_label);
  gtk_widget_class_bind_template_child (widget_class, HsMonitorView, values_box);
  gtk_widget_class_bind_template_child (widget_class, HsMonitorView, live_button);
  gtk_widget_class_bind_template_child (widget_class, HsMonitorView, range_1m);
  gtk_widget_class_bind_template_child (widget_class, HsMonitorView, range_10m);
  gtk_widget_class_bind_template_child (widget_class, HsMonitorView, range_1h);
  gtk_widget_class_bind_template_child (widget_class, HsMonitorView, range_all);
  gtk_widget_class_bind_template_child (widget_class, HsMonitorView, memory_chart);
  gtk_widget_class_bind_template_child (widget_class, HsMonitorView, threads_chart);
  gtk_widget_class_bind_template_child (widget_class, HsMonitorView, cpu_chart);
  gtk_widget_class_bind_template_callback (widget_class, on_range_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_live_clicked);

  gtk_widget_class_install_action (widget_class, "monitor.capture-map", NULL, capture_map_action);
}

static void
hs_monitor_view_init (HsMonitorView *self)
{
  HsChart *charts[3];

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  update_actions (self);

  hs_chart_set_unit (self->memory_chart, HS_CHART_UNIT_BYTES);
  hs_chart_set_unit (self->threads_chart, HS_CHART_UNIT_COUNT);
  hs_chart_set_unit (self->cpu_chart, HS_CHART_UNIT_PERCENT);

  /* The stacked charts show one timeline: zoom one, all follow. */
  self->timeline = hs_timeline_new ();
  charts[0] = self->memory_chart;
  charts[1] = self->threads_chart;
  charts[2] = self->cpu_chart;
  for (guint i = 0; i < G_N_ELEMENTS (charts); i++)
    hs_chart_set_timeline (charts[i], self->timeline);

  g_signal_connect_object (self->timeline, "notify::span",
                           G_CALLBACK (on_chart_view_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->timeline, "notify::following",
                           G_CALLBACK (on_chart_view_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->timeline, "notify::end-time",
                           G_CALLBACK (on_chart_view_changed), self, G_CONNECT_SWAPPED);

  build_value_cells (self);
  update_values (self);
}
