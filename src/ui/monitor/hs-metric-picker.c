/* hs-metric-picker.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-metric-picker"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "hs-go-source.h"
#include "hs-metric-picker.h"

/* "Add Metric…": the numbers a Go program publishes besides the runtime's
 * (its expvars, the other samples of its /metrics page), searchable, each
 * a check button that charts it. The session records every one of them
 * from the start; picking only marks it (hs_session_metric_set_picked),
 * so a picked metric's chart shows its whole history. A popover, not a
 * GtkWidget with a template, because a GtkMenuButton shows only a
 * GtkPopover. */
struct _HsMetricPicker
{
  GtkPopover          parent_instance;

  /* Borrowed (children) */
  GtkSearchEntry     *search;
  GtkLabel           *empty_label;

  /* Owned */
  GtkCustomFilter    *filter;
  GtkFilterListModel *offered;
  char               *needle;   /* casefolded search text */
};

G_DEFINE_FINAL_TYPE (HsMetricPicker, hs_metric_picker, GTK_TYPE_POPOVER)

enum {
  PICKED_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Offered: the Go source's extras (its standard metrics are charted
 * already), matching the search in their label. */
static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  HsMetricPicker *self = user_data;
  HsSessionMetric *metric = item;
  g_autofree char *label = NULL;

  if (!HS_IS_GO_SOURCE (hs_session_metric_get_source (metric)) ||
      hs_session_metric_get_index (metric) < HS_GO_N_STANDARD_METRICS)
    return FALSE;
  if (self->needle == NULL || *self->needle == '\0')
    return TRUE;
  label = g_utf8_casefold (hs_metric_get_label (hs_session_metric_get_metric (metric)), -1);
  return strstr (label, self->needle) != NULL;
}

static void
update_empty (HsMetricPicker *self)
{
  gboolean none = g_list_model_get_n_items (G_LIST_MODEL (self->offered)) == 0;

  gtk_label_set_text (self->empty_label,
                      self->needle != NULL && *self->needle != '\0' ?
                      _("No published number matches.") :
                      _("This service publishes no numbers besides the Go runtime’s."));
  gtk_widget_set_visible (GTK_WIDGET (self->empty_label), none);
}

static void
on_search_changed (HsMetricPicker *self)
{
  g_free (self->needle);
  self->needle = g_utf8_casefold (gtk_editable_get_text (GTK_EDITABLE (self->search)), -1);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_empty (self);
}

static void
on_check_toggled (GtkCheckButton *check,
                  HsMetricPicker *self)
{
  HsSessionMetric *metric = g_object_get_data (G_OBJECT (check), "hs-metric");

  if (metric == NULL)
    return;
  hs_session_metric_set_picked (metric, gtk_check_button_get_active (check));
  g_signal_emit (self, signals[PICKED_CHANGED], 0, metric);
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           HsMetricPicker           *self)
{
  GtkWidget *check = gtk_check_button_new ();

  g_signal_connect_object (check, "toggled", G_CALLBACK (on_check_toggled), self, 0);
  gtk_list_item_set_child (list_item, check);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          HsMetricPicker           *self)
{
  GtkCheckButton *check = GTK_CHECK_BUTTON (gtk_list_item_get_child (list_item));
  HsSessionMetric *metric = gtk_list_item_get_item (list_item);
  HsMetric *described = hs_session_metric_get_metric (metric);

  /* Set the state before the item, so that it does not count as a pick. */
  g_object_set_data (G_OBJECT (check), "hs-metric", NULL);
  gtk_check_button_set_label (check, hs_metric_get_label (described));
  gtk_check_button_set_active (check, hs_session_metric_get_picked (metric));
  gtk_widget_set_tooltip_text (GTK_WIDGET (check), _(hs_metric_get_explanation (described)));
  g_object_set_data (G_OBJECT (check), "hs-metric", metric);
}

static void
unbind_row (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            HsMetricPicker           *self)
{
  g_object_set_data (G_OBJECT (gtk_list_item_get_child (list_item)), "hs-metric", NULL);
}

static void
hs_metric_picker_dispose (GObject *object)
{
  HsMetricPicker *self = HS_METRIC_PICKER (object);

  g_clear_object (&self->offered);
  g_clear_object (&self->filter);

  G_OBJECT_CLASS (hs_metric_picker_parent_class)->dispose (object);
}

static void
hs_metric_picker_finalize (GObject *object)
{
  HsMetricPicker *self = HS_METRIC_PICKER (object);

  g_free (self->needle);

  G_OBJECT_CLASS (hs_metric_picker_parent_class)->finalize (object);
}

static void
hs_metric_picker_class_init (HsMetricPickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hs_metric_picker_dispose;
  object_class->finalize = hs_metric_picker_finalize;

  /**
   * HsMetricPicker::picked-changed:
   * @metric: the HsSessionMetric the user picked or dropped
   */
  signals[PICKED_CHANGED] =
    g_signal_new ("picked-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, HS_TYPE_SESSION_METRIC);
}

static void
hs_metric_picker_init (HsMetricPicker *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkWidget *list;

  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->offered = gtk_filter_list_model_new (NULL, GTK_FILTER (g_object_ref (self->filter)));
  g_signal_connect_object (self->offered, "items-changed", G_CALLBACK (update_empty), self,
                           G_CONNECT_SWAPPED);

  self->search = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  /* The property: its setter is GTK 4.10. */
  g_object_set (self->search, "placeholder-text", _("Search published numbers"), NULL);
  g_signal_connect_object (self->search, "search-changed", G_CALLBACK (on_search_changed), self,
                           G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->search));

  g_signal_connect_object (factory, "setup", G_CALLBACK (setup_row), self, 0);
  g_signal_connect_object (factory, "bind", G_CALLBACK (bind_row), self, 0);
  g_signal_connect_object (factory, "unbind", G_CALLBACK (unbind_row), self, 0);
  list = gtk_list_view_new (GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->offered)))),
                            factory);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 320);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_min_content_width (GTK_SCROLLED_WINDOW (scrolled), 320);
  gtk_box_append (GTK_BOX (box), scrolled);

  self->empty_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->empty_label, TRUE);
  gtk_label_set_max_width_chars (self->empty_label, 40);
  gtk_widget_add_css_class (GTK_WIDGET (self->empty_label), "dim-label");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->empty_label));

  gtk_popover_set_child (GTK_POPOVER (self), box);
  update_empty (self);
}

GtkWidget *
hs_metric_picker_new (void)
{
  return g_object_new (HS_TYPE_METRIC_PICKER, NULL);
}

/* The session whose metrics are offered; NULL offers none. */
void
hs_metric_picker_set_session (HsMetricPicker *self,
                              HsSession      *session)
{
  g_return_if_fail (HS_IS_METRIC_PICKER (self));
  g_return_if_fail (session == NULL || HS_IS_SESSION (session));

  gtk_filter_list_model_set_model (self->offered, session != NULL ? G_LIST_MODEL (session) : NULL);
  update_empty (self);
}

void
hs_metric_picker_set_search (HsMetricPicker *self,
                             const char     *text)
{
  g_return_if_fail (HS_IS_METRIC_PICKER (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search), text != NULL ? text : "");
  /* search-changed comes after a delay; a caller wants the list now. */
  on_search_changed (self);
}

guint
hs_metric_picker_get_n_offered (HsMetricPicker *self)
{
  g_return_val_if_fail (HS_IS_METRIC_PICKER (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->offered));
}

/* Returns: (transfer none) */
HsSessionMetric *
hs_metric_picker_get_offered (HsMetricPicker *self,
                              guint           index)
{
  g_autoptr(HsSessionMetric) metric = NULL;

  g_return_val_if_fail (HS_IS_METRIC_PICKER (self), NULL);
  g_return_val_if_fail (index < hs_metric_picker_get_n_offered (self), NULL);

  metric = g_list_model_get_item (G_LIST_MODEL (self->offered), index);
  /* The session holds it. */
  return metric;
}
