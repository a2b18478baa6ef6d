/* hs-verdict-bar.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-verdict-bar"

#include "config.h"

#include <glib/gi18n.h>

#include "hs-verdict-bar.h"

/**
 * HsVerdictBar:
 *
 * The leak verdicts of a session over its charts, one line per judged
 * metric, as core words them (HsVerdicts): the bar only lays them out and
 * colours each by its state (steady, growing, leaking), never computes.
 */
struct _HsVerdictBar
{
  GtkWidget   parent_instance;

  /* Owned */
  HsVerdicts *verdicts;
  GtkWidget  *box;
  GPtrArray  *labels;   /* of GtkLabel, children of box */
};

G_DEFINE_FINAL_TYPE (HsVerdictBar, hs_verdict_bar, GTK_TYPE_WIDGET)

static const char *state_classes[] = { "dim-label", "success", "warning", "error" };

guint
hs_verdict_bar_state_color (HsTrendState state)
{
  switch (state)
    {
    case HS_TREND_STEADY:  return 3;   /* green */
    case HS_TREND_GROWING: return 1;   /* orange */
    case HS_TREND_LEAKING: return 4;   /* red */
    case HS_TREND_UNKNOWN:
    default:               return 8;   /* grey */
    }
}

GtkWidget *
hs_verdict_bar_new (void)
{
  return g_object_new (HS_TYPE_VERDICT_BAR, NULL);
}

HsVerdicts *
hs_verdict_bar_get_verdicts (HsVerdictBar *self)
{
  g_return_val_if_fail (HS_IS_VERDICT_BAR (self), NULL);

  return self->verdicts;
}

static void
update (HsVerdictBar *self)
{
  guint n = self->verdicts != NULL ? hs_verdicts_get_n_verdicts (self->verdicts) : 0;

  while (self->labels->len > n)
    {
      gtk_box_remove (GTK_BOX (self->box), g_ptr_array_index (self->labels, self->labels->len - 1));
      g_ptr_array_set_size (self->labels, self->labels->len - 1);
    }
  while (self->labels->len < n)
    {
      GtkWidget *label = gtk_label_new (NULL);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "numeric");
      gtk_box_append (GTK_BOX (self->box), label);
      g_ptr_array_add (self->labels, label);
    }

  for (guint i = 0; i < n; i++)
    {
      const HsVerdict *verdict = hs_verdicts_get_verdict (self->verdicts, i);
      GtkWidget *label = g_ptr_array_index (self->labels, i);
      gboolean judging = verdict->result.state == HS_TREND_UNKNOWN ||
                         (verdict->result.state == HS_TREND_STEADY && !verdict->result.covered);

      if (g_strcmp0 (gtk_label_get_text (GTK_LABEL (label)), verdict->text) != 0)
        gtk_label_set_text (GTK_LABEL (label), verdict->text);
      for (guint k = 0; k < G_N_ELEMENTS (state_classes); k++)
        gtk_widget_remove_css_class (label, state_classes[k]);
      gtk_widget_add_css_class (label, state_classes[judging ? HS_TREND_UNKNOWN : verdict->result.state]);
    }
  gtk_widget_set_visible (GTK_WIDGET (self), n > 0);
}

void
hs_verdict_bar_set_verdicts (HsVerdictBar *self,
                             HsVerdicts   *verdicts)
{
  g_return_if_fail (HS_IS_VERDICT_BAR (self));
  g_return_if_fail (verdicts == NULL || HS_IS_VERDICTS (verdicts));

  if (self->verdicts == verdicts)
    return;
  if (self->verdicts != NULL)
    g_signal_handlers_disconnect_by_data (self->verdicts, self);
  g_set_object (&self->verdicts, verdicts);
  if (verdicts != NULL)
    g_signal_connect_object (verdicts, "changed", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  update (self);
}

char *
hs_verdict_bar_dup_text (HsVerdictBar *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_val_if_fail (HS_IS_VERDICT_BAR (self), NULL);

  for (guint i = 0; i < self->labels->len; i++)
    {
      if (i > 0)
        g_string_append (text, _(" · "));
      g_string_append (text, gtk_label_get_text (g_ptr_array_index (self->labels, i)));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
hs_verdict_bar_dispose (GObject *object)
{
  HsVerdictBar *self = (HsVerdictBar *) object;

  if (self->verdicts != NULL)
    g_signal_handlers_disconnect_by_data (self->verdicts, self);
  g_clear_object (&self->verdicts);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_pointer (&self->labels, g_ptr_array_unref);

  G_OBJECT_CLASS (hs_verdict_bar_parent_class)->dispose (object);
}

static void
hs_verdict_bar_class_init (HsVerdictBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hs_verdict_bar_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "verdictbar");
}

static void
hs_verdict_bar_init (HsVerdictBar *self)
{
  self->labels = g_ptr_array_new ();
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self),
                               _("Each figure is judged over the trend window: the median slope between pairs of points, "
                                 "leaking when it rises through the whole window, not in one step. The Go heap is judged on its floor "
                                 "after each garbage collection."));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}
