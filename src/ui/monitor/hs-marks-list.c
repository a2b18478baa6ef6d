/* hs-marks-list.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-marks-list"

#include "config.h"

#include <glib/gi18n.h>

#include "hs-marks-list.h"
#include "hs-session-mark.h"

/**
 * HsMarksList:
 *
 * A session's marks (the user's, captures') with their time, as a list:
 * selecting one zooms the session's timeline from it to the next mark (or
 * to the newest data), selecting two (Ctrl+click) zooms to between them.
 * The Live button of the view returns to following the newest samples.
 */
struct _HsMarksList
{
  GtkWidget   parent_instance;

  /* Owned */
  GtkWidget  *box;
  GtkListBox *list;
  GListModel *marks;
  HsTimeline *timeline;
};

G_DEFINE_FINAL_TYPE (HsMarksList, hs_marks_list, GTK_TYPE_WIDGET)

GtkWidget *
hs_marks_list_new (void)
{
  return g_object_new (HS_TYPE_MARKS_LIST, NULL);
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  HsSessionMark *mark = item;
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (hs_session_mark_get_time (mark) / G_USEC_PER_SEC);
  g_autofree char *clock = dt != NULL ? g_date_time_format (dt, "%H:%M:%S") : g_strdup ("?");
  g_autofree char *text = g_strdup_printf ("%s  %s", clock, hs_session_mark_get_label (mark));
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, "numeric");
  gtk_widget_set_margin_start (label, 6);
  gtk_widget_set_margin_end (label, 6);
  gtk_widget_set_margin_top (label, 3);
  gtk_widget_set_margin_bottom (label, 3);
  return label;
}

static gint64
mark_time (HsMarksList *self,
           guint        index)
{
  g_autoptr(HsSessionMark) mark = g_list_model_get_item (self->marks, index);

  return hs_session_mark_get_time (mark);
}

static void
on_selection_changed (HsMarksList *self)
{
  g_autoptr(GList) rows = gtk_list_box_get_selected_rows (self->list);
  guint n = g_list_length (rows);
  gint64 begin, end, first = 0, last = 0;
  int a, b;

  if (self->timeline == NULL || self->marks == NULL || n == 0 || n > 2)
    return;

  a = gtk_list_box_row_get_index (rows->data);
  b = n == 2 ? gtk_list_box_row_get_index (rows->next->data) : a + 1;
  begin = mark_time (self, a);
  if (b < (int) g_list_model_get_n_items (self->marks))
    end = mark_time (self, b);
  else if (hs_timeline_get_data_range (self->timeline, &first, &last))
    end = MAX (last, begin);   /* the newest mark: up to the newest data */
  else
    return;
  if (end < begin)
    {
      gint64 swap = begin;

      begin = end;
      end = swap;
    }
  hs_timeline_show_range (self->timeline, begin, MAX (end, begin + 1));
}

static void
update_visible (HsMarksList *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self), self->marks != NULL && g_list_model_get_n_items (self->marks) > 0);
}

void
hs_marks_list_set_model (HsMarksList *self,
                         GListModel  *marks,
                         HsTimeline  *timeline)
{
  g_return_if_fail (HS_IS_MARKS_LIST (self));
  g_return_if_fail (marks == NULL || G_IS_LIST_MODEL (marks));

  if (self->marks != NULL)
    g_signal_handlers_disconnect_by_data (self->marks, self);
  g_set_object (&self->marks, marks);
  g_set_object (&self->timeline, timeline);
  gtk_list_box_bind_model (self->list, marks, create_row, NULL, NULL);
  if (marks != NULL)
    g_signal_connect_object (marks, "items-changed", G_CALLBACK (update_visible), self, G_CONNECT_SWAPPED);
  update_visible (self);
}

guint
hs_marks_list_get_n_rows (HsMarksList *self)
{
  guint n = 0;

  g_return_val_if_fail (HS_IS_MARKS_LIST (self), 0);

  while (gtk_list_box_get_row_at_index (self->list, n) != NULL)
    n++;
  return n;
}

const char *
hs_marks_list_get_row_text (HsMarksList *self,
                            guint        index)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (HS_IS_MARKS_LIST (self), NULL);

  row = gtk_list_box_get_row_at_index (self->list, index);
  return row != NULL ? gtk_label_get_text (GTK_LABEL (gtk_list_box_row_get_child (row))) : NULL;
}

void
hs_marks_list_select (HsMarksList *self,
                      guint        first,
                      int          second)
{
  GtkListBoxRow *row;

  g_return_if_fail (HS_IS_MARKS_LIST (self));

  gtk_list_box_unselect_all (self->list);
  if (second >= 0 && (row = gtk_list_box_get_row_at_index (self->list, second)) != NULL)
    gtk_list_box_select_row (self->list, row);
  if ((row = gtk_list_box_get_row_at_index (self->list, first)) != NULL)
    gtk_list_box_select_row (self->list, row);
}

static void
hs_marks_list_dispose (GObject *object)
{
  HsMarksList *self = (HsMarksList *) object;

  if (self->list != NULL)
    gtk_list_box_bind_model (self->list, NULL, NULL, NULL, NULL);
  if (self->marks != NULL)
    g_signal_handlers_disconnect_by_data (self->marks, self);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  self->list = NULL;
  g_clear_object (&self->marks);
  g_clear_object (&self->timeline);

  G_OBJECT_CLASS (hs_marks_list_parent_class)->dispose (object);
}

static void
hs_marks_list_class_init (HsMarksListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hs_marks_list_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
hs_marks_list_init (HsMarksList *self)
{
  GtkWidget *heading;

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  heading = gtk_label_new (_("Marks"));
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "heading");
  gtk_widget_set_tooltip_text (heading, _("Click a mark to zoom from it to the next; Ctrl+click a second one to zoom to between the two"));
  gtk_box_append (GTK_BOX (self->box), heading);

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_MULTIPLE);
  gtk_list_box_set_activate_on_single_click (self->list, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->list));
  g_signal_connect_object (self->list, "selected-rows-changed", G_CALLBACK (on_selection_changed),
                           self, G_CONNECT_SWAPPED);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}
