/* hs-capture-bar.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-capture-bar"

#include "config.h"

#include <glib/gi18n.h>

#include "hs-capture-bar.h"
#include "hs-go-discover.h"
#include "hs-go-source.h"
#include "hs-session-captures.h"
#include "hs-weak-ref.h"
#include "hs-window.h"

/**
 * HsCaptureBar:
 *
 * The monitor view's Go captures: buttons that capture the heap and the
 * goroutines (and the leaked ones, when the service serves them), "Add
 * Metric…", "Compare First → Latest", and the list of the session's
 * captures (HsSessionCaptures: the session makes them, by hand or
 * unasked; this only asks and shows). Shown while the session has a Go
 * source.
 */

struct _HsCaptureBar
{
  GtkWidget          parent_instance;

  /* Template widgets */
  GtkWidget         *box;
  GtkWidget         *leak_button;    /* shown when the service serves goroutineleak */
  HsMetricPicker    *metric_picker;
  GtkWidget         *compare_button;
  GtkListBox        *capture_list;

  /* Owned */
  HsSession         *session;
  HsSessionCaptures *captures;        /* of session */
  char              *leak_probed_url; /* the Go source asked about goroutineleak */
  GCancellable      *cancellable;
};

G_DEFINE_FINAL_TYPE (HsCaptureBar, hs_capture_bar, GTK_TYPE_WIDGET)

GtkWidget *
hs_capture_bar_new (void)
{
  return g_object_new (HS_TYPE_CAPTURE_BAR, NULL);
}

static void
update_compare_button (HsCaptureBar *self)
{
  const char *first, *latest;

  gtk_widget_set_sensitive (self->compare_button,
                            self->captures != NULL &&
                            hs_session_captures_get_first_and_latest (self->captures, &first, &latest));
}

static void
add_capture_row (HsCaptureBar *self,
                 guint         index)
{
  const char *path = hs_session_captures_get_path (self->captures, index);
  g_autofree char *time_text = g_date_time_format (hs_session_captures_get_time (self->captures, index), "%X");
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *text = NULL;
  GtkWidget *label;

  text = g_strdup_printf ("%s  %s  %s", time_text,
                          hs_session_captures_kind_title (hs_session_captures_get_kind (self->captures, index)),
                          base);
  label = gtk_label_new (text);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_set_tooltip_text (label, path);
  gtk_list_box_append (self->capture_list, label);
  gtk_widget_set_visible (GTK_WIDGET (self->capture_list), TRUE);
}

static void
on_capture_added (HsCaptureBar *self,
                  guint         index)
{
  add_capture_row (self, index);
  update_compare_button (self);
}

static void
on_capture_removed (HsCaptureBar *self,
                    guint         index)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->capture_list, index);

  if (row != NULL)
    gtk_list_box_remove (self->capture_list, GTK_WIDGET (row));
  gtk_widget_set_visible (GTK_WIDGET (self->capture_list),
                          hs_session_captures_get_n_files (self->captures) > 0);
  update_compare_button (self);
}

static void
on_capture_failed (HsCaptureBar *self,
                   const char   *message)
{
  hs_window_add_toast_for (GTK_WIDGET (self), message);
}

/* The list shows the shown session's captures, which it keeps. */
static void
set_captures (HsCaptureBar      *self,
              HsSessionCaptures *captures)
{
  GtkWidget *child;

  if (self->captures != NULL)
    g_signal_handlers_disconnect_by_data (self->captures, self);
  g_set_object (&self->captures, captures);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->capture_list))) != NULL)
    gtk_list_box_remove (self->capture_list, child);
  gtk_widget_set_visible (GTK_WIDGET (self->capture_list), FALSE);
  if (captures != NULL)
    {
      for (guint i = 0; i < hs_session_captures_get_n_files (captures); i++)
        add_capture_row (self, i);
      g_signal_connect_object (captures, "added", G_CALLBACK (on_capture_added), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (captures, "removed", G_CALLBACK (on_capture_removed), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (captures, "failed", G_CALLBACK (on_capture_failed), self, G_CONNECT_SWAPPED);
    }
  update_compare_button (self);
}

/**
 * hs_capture_bar_capture:
 * @kind: "heap" (after a GC), "goroutine" or "goroutineleak" (the profile
 *   and the ?debug=2 dump)
 *
 * Saves a profile of the session's Go service into the captures folder,
 * lists it and marks the session's charts at that time.
 */
void
hs_capture_bar_capture (HsCaptureBar *self,
                        const char   *kind)
{
  g_return_if_fail (HS_IS_CAPTURE_BAR (self));

  if (self->captures != NULL)
    hs_session_captures_capture (self->captures, kind);
}

/* How many automatic captures were started (kept or pruned). */
guint
hs_capture_bar_get_n_auto_captures (HsCaptureBar *self)
{
  g_return_val_if_fail (HS_IS_CAPTURE_BAR (self), 0);

  return self->captures != NULL ? hs_session_captures_get_n_auto (self->captures) : 0;
}

/**
 * hs_capture_bar_compare_first_latest:
 *
 * "Compare First → Latest": opens the Compare view of the window on the
 * heap profiles of the first and the newest automatic captures.
 *
 * Returns: FALSE when there are not two yet, or no window to open them in
 */
gboolean
hs_capture_bar_compare_first_latest (HsCaptureBar *self)
{
  g_autoptr(GFile) first_file = NULL;
  g_autoptr(GFile) latest_file = NULL;
  const char *first, *latest;
  GtkRoot *root;

  g_return_val_if_fail (HS_IS_CAPTURE_BAR (self), FALSE);

  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (self->captures == NULL || !HS_IS_WINDOW (root) ||
      !hs_session_captures_get_first_and_latest (self->captures, &first, &latest))
    return FALSE;
  first_file = g_file_new_for_path (first);
  latest_file = g_file_new_for_path (latest);
  hs_window_compare_files (HS_WINDOW (root), first_file, latest_file);
  return TRUE;
}

guint
hs_capture_bar_get_n_captures (HsCaptureBar *self)
{
  g_return_val_if_fail (HS_IS_CAPTURE_BAR (self), 0);

  return self->captures != NULL ? hs_session_captures_get_n_files (self->captures) : 0;
}

const char *
hs_capture_bar_get_capture_path (HsCaptureBar *self,
                                 guint         i)
{
  g_return_val_if_fail (HS_IS_CAPTURE_BAR (self), NULL);
  g_return_val_if_fail (i < hs_capture_bar_get_n_captures (self), NULL);

  return hs_session_captures_get_path (self->captures, i);
}

/* One click on a listed capture opens it on the Profiles page. */
gboolean
hs_capture_bar_open_capture (HsCaptureBar *self,
                             guint         i)
{
  g_autoptr(GFile) file = NULL;
  GtkRoot *root;

  g_return_val_if_fail (HS_IS_CAPTURE_BAR (self), FALSE);

  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (i >= hs_capture_bar_get_n_captures (self) || !HS_IS_WINDOW (root))
    return FALSE;
  file = g_file_new_for_path (hs_session_captures_get_path (self->captures, i));
  hs_window_open_files (HS_WINDOW (root), &file, 1);
  return TRUE;
}

static void
on_row_activated (HsCaptureBar  *self,
                  GtkListBoxRow *row)
{
  hs_capture_bar_open_capture (self, gtk_list_box_row_get_index (row));
}

static void
on_compare_clicked (HsCaptureBar *self)
{
  hs_capture_bar_compare_first_latest (self);
}

static void
on_heap_clicked (HsCaptureBar *self)
{
  hs_capture_bar_capture (self, "heap");
}

static void
on_goroutines_clicked (HsCaptureBar *self)
{
  hs_capture_bar_capture (self, "goroutine");
}

static void
on_leaks_clicked (HsCaptureBar *self)
{
  hs_capture_bar_capture (self, "goroutineleak");
}

typedef struct
{
  gpointer  bar;  /* hs_weak_ref */
  char     *url;
} LeakProbe;

static void
on_leak_probed (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  LeakProbe *probe = user_data;
  g_autoptr(HsCaptureBar) self = hs_weak_ref_steal (probe->bar);
  gboolean serves = hs_go_probe_goroutineleak_finish (result, NULL);

  /* An answer about a source the bar no longer shows is dropped. */
  if (self != NULL && g_strcmp0 (probe->url, self->leak_probed_url) == 0)
    gtk_widget_set_visible (self->leak_button, serves);
  g_free (probe->url);
  g_free (probe);
}

/* "Capture Leaked Goroutines" is offered only when the service answers
 * /debug/pprof/goroutineleak (Go 1.26 with the experiment, Go 1.27):
 * asked once per Go source. */
static void
probe_goroutineleak (HsCaptureBar *self)
{
  HsGoSource *source = self->session != NULL ? hs_session_get_go_source (self->session) : NULL;
  const char *url = source != NULL ? hs_go_source_get_url (source) : NULL;

  if (g_strcmp0 (url, self->leak_probed_url) == 0)
    return;
  g_free (self->leak_probed_url);
  self->leak_probed_url = g_strdup (url);
  gtk_widget_set_visible (self->leak_button, FALSE);
  if (url != NULL)
    {
      LeakProbe *probe = g_new0 (LeakProbe, 1);

      probe->bar = hs_weak_ref_new (self);
      probe->url = g_strdup (url);
      hs_go_probe_goroutineleak_async (url, hs_go_source_get_timeout_ms (source), self->cancellable,
                                       on_leak_probed, probe);
    }
}

static void
update (HsCaptureBar *self)
{
  probe_goroutineleak (self);
  gtk_widget_set_visible (GTK_WIDGET (self),
                          self->session != NULL && hs_session_get_go_source (self->session) != NULL);
}

/* Returns: (transfer none): the "Add Metric…" popover */
HsMetricPicker *
hs_capture_bar_get_metric_picker (HsCaptureBar *self)
{
  g_return_val_if_fail (HS_IS_CAPTURE_BAR (self), NULL);

  return self->metric_picker;
}

/* Whether "Capture Leaked Goroutines" is offered. */
gboolean
hs_capture_bar_get_can_capture_leaks (HsCaptureBar *self)
{
  g_return_val_if_fail (HS_IS_CAPTURE_BAR (self), FALSE);

  return gtk_widget_get_visible (self->leak_button);
}

/**
 * hs_capture_bar_set_session:
 * @session: (nullable)
 *
 * Shows @session's captures and offers its Go service's.
 */
void
hs_capture_bar_set_session (HsCaptureBar *self,
                            HsSession    *session)
{
  g_return_if_fail (HS_IS_CAPTURE_BAR (self));
  g_return_if_fail (session == NULL || HS_IS_SESSION (session));

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  hs_metric_picker_set_session (self->metric_picker, session);
  set_captures (self, session != NULL ? hs_session_captures_get_for_session (session) : NULL);
  if (session != NULL)
    {
      g_signal_connect_object (session, "notify::state", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "items-changed", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
    }
  update (self);
}

static void
hs_capture_bar_dispose (GObject *object)
{
  HsCaptureBar *self = (HsCaptureBar *) object;

  g_cancellable_cancel (self->cancellable);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  if (self->captures != NULL)
    g_signal_handlers_disconnect_by_data (self->captures, self);
  g_clear_object (&self->captures);
  gtk_widget_dispose_template (GTK_WIDGET (object), HS_TYPE_CAPTURE_BAR);

  G_OBJECT_CLASS (hs_capture_bar_parent_class)->dispose (object);
}

static void
hs_capture_bar_finalize (GObject *object)
{
  HsCaptureBar *self = (HsCaptureBar *) object;

  g_clear_object (&self->cancellable);
  g_free (self->leak_probed_url);

  G_OBJECT_CLASS (hs_capture_bar_parent_class)->finalize (object);
}

static void
hs_capture_bar_class_init (HsCaptureBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hs_capture_bar_dispose;
  object_class->finalize = hs_capture_bar_finalize;

  g_type_ensure (HS_TYPE_METRIC_PICKER);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/heapscope/Heapscope/monitor/hs-capture-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, HsCaptureBar, box);
  gtk_widget_class_bind_template_child (widget_class, HsCaptureBar, leak_button);
  gtk_widget_class_bind_template_child (widget_class, HsCaptureBar, metric_picker);
  gtk_widget_class_bind_template_child (widget_class, HsCaptureBar, compare_button);
  gtk_widget_class_bind_template_child (widget_class, HsCaptureBar, capture_list);
  gtk_widget_class_bind_template_callback (widget_class, on_heap_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_goroutines_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_leaks_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_compare_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
}

static void
hs_capture_bar_init (HsCaptureBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
}
