/* hs-filter-bar.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-filter-bar"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "hs-filter-bar.h"
#include "hs-flame-graph.h"

/* How long typing may pause before the filters apply: each change is a
 * new analysis in a worker. */
#define CHANGE_DELAY_MS 400

struct _HsFilterBar
{
  GtkWidget      parent_instance;

  /* Template widgets */
  GtkWidget     *box;
  GtkEntry      *focus_entry;
  GtkEntry      *ignore_entry;
  GtkEntry      *hide_entry;
  GtkEntry      *show_entry;
  GtkEntry      *tagfocus_entry;
  GtkEntry      *tagignore_entry;
  GtkMenuButton *labels_button;
  GtkLabel      *labels_caption;
  GtkWidget     *labels_scroller;
  GtkListBox    *labels_list;
  GtkLabel      *status;

  /* Owned */
  guint          timeout;
};

G_DEFINE_FINAL_TYPE (HsFilterBar, hs_filter_bar, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

GtkWidget *
hs_filter_bar_new (void)
{
  return g_object_new (HS_TYPE_FILTER_BAR, NULL);
}

static void
emit_changed (HsFilterBar *self)
{
  g_clear_handle_id (&self->timeout, g_source_remove);
  g_signal_emit (self, signals[CHANGED], 0);
}

static gboolean
timeout_cb (gpointer user_data)
{
  HsFilterBar *self = user_data;

  self->timeout = 0;
  emit_changed (self);
  return G_SOURCE_REMOVE;
}

static void
on_entry_changed (HsFilterBar *self)
{
  g_clear_handle_id (&self->timeout, g_source_remove);
  self->timeout = g_timeout_add (CHANGE_DELAY_MS, timeout_cb, self);
}

static void
on_entry_activate (HsFilterBar *self)
{
  emit_changed (self);
}

static void
on_label_activated (HsFilterBar   *self,
                    GtkListBoxRow *row)
{
  const char *label = gtk_label_get_text (GTK_LABEL (gtk_list_box_row_get_child (row)));
  const char *eq = strchr (label, '=');
  g_autofree char *key = NULL;
  g_autofree char *value = NULL;
  g_autofree char *filter = NULL;

  if (eq == NULL)
    return;
  key = g_strndup (label, eq - label);
  value = g_regex_escape_string (eq + 1, -1);
  filter = g_strdup_printf ("%s=^%s$", key, value);
  gtk_editable_set_text (GTK_EDITABLE (self->tagfocus_entry), filter);
  emit_changed (self);
}

void
hs_filter_bar_get_filter (HsFilterBar     *self,
                          HsProfileFilter *filter)
{
  g_return_if_fail (HS_IS_FILTER_BAR (self));
  g_return_if_fail (filter != NULL);

  filter->focus = gtk_editable_get_text (GTK_EDITABLE (self->focus_entry));
  filter->ignore = gtk_editable_get_text (GTK_EDITABLE (self->ignore_entry));
  filter->hide = gtk_editable_get_text (GTK_EDITABLE (self->hide_entry));
  filter->show = gtk_editable_get_text (GTK_EDITABLE (self->show_entry));
  filter->tagfocus = gtk_editable_get_text (GTK_EDITABLE (self->tagfocus_entry));
  filter->tagignore = gtk_editable_get_text (GTK_EDITABLE (self->tagignore_entry));
}

void
hs_filter_bar_set_filter (HsFilterBar           *self,
                          const HsProfileFilter *filter)
{
  HsProfileFilter none = { NULL };

  g_return_if_fail (HS_IS_FILTER_BAR (self));

  if (filter == NULL)
    filter = &none;
  gtk_editable_set_text (GTK_EDITABLE (self->focus_entry), filter->focus ? filter->focus : "");
  gtk_editable_set_text (GTK_EDITABLE (self->ignore_entry), filter->ignore ? filter->ignore : "");
  gtk_editable_set_text (GTK_EDITABLE (self->hide_entry), filter->hide ? filter->hide : "");
  gtk_editable_set_text (GTK_EDITABLE (self->show_entry), filter->show ? filter->show : "");
  gtk_editable_set_text (GTK_EDITABLE (self->tagfocus_entry), filter->tagfocus ? filter->tagfocus : "");
  gtk_editable_set_text (GTK_EDITABLE (self->tagignore_entry), filter->tagignore ? filter->tagignore : "");
  emit_changed (self);
}

void
hs_filter_bar_set_labels (HsFilterBar        *self,
                          const char * const *labels)
{
  guint n = labels != NULL ? g_strv_length ((char **) labels) : 0;
  GtkWidget *child;

  g_return_if_fail (HS_IS_FILTER_BAR (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->labels_list))) != NULL)
    gtk_list_box_remove (self->labels_list, child);
  for (guint i = 0; i < n; i++)
    {
      GtkWidget *label = gtk_label_new (labels[i]);

      gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
      gtk_widget_set_tooltip_text (label, labels[i]);
      gtk_widget_set_margin_start (label, 6);
      gtk_widget_set_margin_end (label, 6);
      gtk_widget_set_margin_top (label, 3);
      gtk_widget_set_margin_bottom (label, 3);
      gtk_list_box_append (self->labels_list, label);
    }
  gtk_widget_set_visible (self->labels_scroller, n > 0);
  if (n > 0)
    gtk_label_set_text (self->labels_caption,
                        g_dngettext (GETTEXT_PACKAGE, "The samples carry this label; click it to focus on it:",
                                     "The samples carry these labels; click one to focus on it:", n));
  else
    gtk_label_set_text (self->labels_caption, _("The samples of this profile carry no labels."));
}

void
hs_filter_bar_show_result (HsFilterBar          *self,
                           HsTop                *top,
                           HsProfileFilterFlags  unmatched)
{
  HsProfileFilter filter;
  const char *unit;
  gint64 total, shown;
  g_autofree char *shown_text = NULL;
  g_autofree char *total_text = NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_if_fail (HS_IS_FILTER_BAR (self));
  g_return_if_fail (HS_IS_TOP (top));

  hs_filter_bar_get_filter (self, &filter);
  gtk_widget_remove_css_class (GTK_WIDGET (self->status), "error");
  if (hs_profile_filter_is_empty (&filter))
    {
      gtk_widget_set_visible (GTK_WIDGET (self->status), FALSE);
      return;
    }

  /* pprof's "Showing nodes accounting for X, Y% of Z total": the total
   * is the unfiltered one. In a diff, the sum of the changes. */
  unit = hs_top_get_unit (top);
  total = hs_top_get_total (top);
  shown = hs_top_get_flat_sum (top);
  shown_text = hs_flame_format_value (unit, shown);
  total_text = hs_flame_format_value (unit, total);
  /* Translators: pprof's "Showing nodes accounting for X, Y% of Z total"
   * after a filter: the first %s is a value, %.1f a percentage, the last
   * %s the unfiltered total */
  g_string_append_printf (text, _("Filtered: the samples shown add up to %s, %.1f%% of %s"),
                          shown_text, total != 0 ? 100.0 * (double) shown / (double) total : 0.0, total_text);
  for (guint bit = 1; bit <= HS_PROFILE_FILTER_TAGIGNORE; bit <<= 1)
    if (unmatched & bit)
      {
        g_string_append (text, " · ");
        /* Translators: %s is a filter's name as pprof spells it: focus,
         * ignore, hide, show, tagfocus or tagignore */
        g_string_append_printf (text, _("%s matched nothing"), hs_profile_filter_flag_name (bit));
      }
  gtk_label_set_text (self->status, text->str);
  gtk_widget_set_visible (GTK_WIDGET (self->status), TRUE);
}

void
hs_filter_bar_show_busy (HsFilterBar *self)
{
  HsProfileFilter filter;

  g_return_if_fail (HS_IS_FILTER_BAR (self));

  hs_filter_bar_get_filter (self, &filter);
  if (hs_profile_filter_is_empty (&filter))
    return;
  gtk_widget_remove_css_class (GTK_WIDGET (self->status), "error");
  gtk_label_set_text (self->status, _("Applying the filters…"));
  gtk_widget_set_visible (GTK_WIDGET (self->status), TRUE);
}

void
hs_filter_bar_show_error (HsFilterBar  *self,
                          const GError *error)
{
  g_return_if_fail (HS_IS_FILTER_BAR (self));
  g_return_if_fail (error != NULL);

  gtk_label_set_text (self->status, error->message);
  gtk_widget_add_css_class (GTK_WIDGET (self->status), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->status), TRUE);
}

const char *
hs_filter_bar_get_status (HsFilterBar *self)
{
  g_return_val_if_fail (HS_IS_FILTER_BAR (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->status)))
    return NULL;
  return gtk_label_get_text (self->status);
}

static void
hs_filter_bar_dispose (GObject *object)
{
  HsFilterBar *self = HS_FILTER_BAR (object);

  g_clear_handle_id (&self->timeout, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (object), HS_TYPE_FILTER_BAR);

  G_OBJECT_CLASS (hs_filter_bar_parent_class)->dispose (object);
}

static void
hs_filter_bar_class_init (HsFilterBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hs_filter_bar_dispose;

  /**
   * HsFilterBar::changed:
   *
   * The filters changed: analyse again with hs_filter_bar_get_filter().
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/heapscope/Heapscope/profile/hs-filter-bar.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "filterbar");
  gtk_widget_class_bind_template_child (widget_class, HsFilterBar, box);
  gtk_widget_class_bind_template_child (widget_class, HsFilterBar, focus_entry);
  gtk_widget_class_bind_template_child (widget_class, HsFilterBar, ignore_entry);
  gtk_widget_class_bind_template_child (widget_class, HsFilterBar, hide_entry);
  gtk_widget_class_bind_template_child (widget_class, HsFilterBar, show_entry);
  gtk_widget_class_bind_template_child (widget_class, HsFilterBar, tagfocus_entry);
  gtk_widget_class_bind_template_child (widget_class, HsFilterBar, tagignore_entry);
  gtk_widget_class_bind_template_child (widget_class, HsFilterBar, labels_button);
  gtk_widget_class_bind_template_child (widget_class, HsFilterBar, labels_caption);
  gtk_widget_class_bind_template_child (widget_class, HsFilterBar, labels_scroller);
  gtk_widget_class_bind_template_child (widget_class, HsFilterBar, labels_list);
  gtk_widget_class_bind_template_child (widget_class, HsFilterBar, status);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_label_activated);
}

static void
hs_filter_bar_init (HsFilterBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  hs_filter_bar_set_labels (self, NULL);
}
