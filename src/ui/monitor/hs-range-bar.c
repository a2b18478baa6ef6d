/* hs-range-bar.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-range-bar"

#include "config.h"

#include "hs-range-bar.h"

/**
 * HsRangeBar:
 *
 * The visible span of a timeline as linked buttons (1 min, 10 min, 1 h,
 * All), each returning to the live edge, and "Live" while the user looks
 * back. A span the user zoomed to lights no button.
 */

#define N_RANGES 4
#define USEC_PER_SEC G_GINT64_CONSTANT (1000000)

static const gint64 spans[N_RANGES] = {
  60 * USEC_PER_SEC, 600 * USEC_PER_SEC, 3600 * USEC_PER_SEC, 0
};

struct _HsRangeBar
{
  GtkWidget        parent_instance;

  /* Template widgets */
  GtkWidget       *box;
  GtkButton       *live_button;
  GtkToggleButton *range_1m;
  GtkToggleButton *range_10m;
  GtkToggleButton *range_1h;
  GtkToggleButton *range_all;

  /* Owned */
  HsTimeline      *timeline;

  gboolean         updating;
};

G_DEFINE_FINAL_TYPE (HsRangeBar, hs_range_bar, GTK_TYPE_WIDGET)

GtkWidget *
hs_range_bar_new (void)
{
  return g_object_new (HS_TYPE_RANGE_BAR, NULL);
}

static GtkToggleButton **
get_buttons (HsRangeBar      *self,
             GtkToggleButton *buttons[N_RANGES])
{
  buttons[0] = self->range_1m;
  buttons[1] = self->range_10m;
  buttons[2] = self->range_1h;
  buttons[3] = self->range_all;
  return buttons;
}

static void
on_range_toggled (HsRangeBar      *self,
                  GtkToggleButton *button)
{
  GtkToggleButton *buttons[N_RANGES];

  if (self->updating || self->timeline == NULL || !gtk_toggle_button_get_active (button))
    return;

  get_buttons (self, buttons);
  for (guint i = 0; i < N_RANGES; i++)
    if (buttons[i] == button)
      {
        /* A range button returns to the live edge, as in System Monitor. */
        hs_timeline_set_span (self->timeline, spans[i]);
        hs_timeline_set_following (self->timeline, TRUE);
      }
}

static void
on_live_clicked (HsRangeBar *self)
{
  if (self->timeline != NULL)
    hs_timeline_set_following (self->timeline, TRUE);
}

/* Zooming and scrolling change the span; light the matching button, or
 * none when the user picked a custom window. */
static void
on_timeline_changed (HsRangeBar *self)
{
  gint64 span = hs_timeline_get_span (self->timeline);
  gboolean following = hs_timeline_get_following (self->timeline);
  GtkToggleButton *buttons[N_RANGES];

  get_buttons (self, buttons);
  self->updating = TRUE;
  for (guint i = 0; i < N_RANGES; i++)
    gtk_toggle_button_set_active (buttons[i], following && span == spans[i]);
  self->updating = FALSE;

  gtk_widget_set_visible (GTK_WIDGET (self->live_button), !following);
}

void
hs_range_bar_set_timeline (HsRangeBar *self,
                           HsTimeline *timeline)
{
  g_return_if_fail (HS_IS_RANGE_BAR (self));
  g_return_if_fail (timeline == NULL || HS_IS_TIMELINE (timeline));

  if (self->timeline != NULL)
    g_signal_handlers_disconnect_by_data (self->timeline, self);
  g_set_object (&self->timeline, timeline);
  if (timeline == NULL)
    return;
  g_signal_connect_object (timeline, "notify::span", G_CALLBACK (on_timeline_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (timeline, "notify::following", G_CALLBACK (on_timeline_changed), self,
                           G_CONNECT_SWAPPED);
}

gint64
hs_range_bar_get_span (HsRangeBar *self)
{
  GtkToggleButton *buttons[N_RANGES];

  g_return_val_if_fail (HS_IS_RANGE_BAR (self), -1);

  get_buttons (self, buttons);
  for (guint i = 0; i < N_RANGES; i++)
    if (gtk_toggle_button_get_active (buttons[i]))
      return spans[i];
  return -1;
}

void
hs_range_bar_select_span (HsRangeBar *self,
                          gint64      span)
{
  GtkToggleButton *buttons[N_RANGES];

  g_return_if_fail (HS_IS_RANGE_BAR (self));

  get_buttons (self, buttons);
  for (guint i = 0; i < N_RANGES; i++)
    if (spans[i] == span)
      gtk_toggle_button_set_active (buttons[i], TRUE);
}

/* Whether "Live" is offered (the user looks back). */
gboolean
hs_range_bar_get_live_shown (HsRangeBar *self)
{
  g_return_val_if_fail (HS_IS_RANGE_BAR (self), FALSE);

  return gtk_widget_get_visible (GTK_WIDGET (self->live_button));
}

static void
hs_range_bar_dispose (GObject *object)
{
  HsRangeBar *self = (HsRangeBar *) object;

  hs_range_bar_set_timeline (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), HS_TYPE_RANGE_BAR);

  G_OBJECT_CLASS (hs_range_bar_parent_class)->dispose (object);
}

static void
hs_range_bar_class_init (HsRangeBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hs_range_bar_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/heapscope/Heapscope/monitor/hs-range-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, HsRangeBar, box);
  gtk_widget_class_bind_template_child (widget_class, HsRangeBar, live_button);
  gtk_widget_class_bind_template_child (widget_class, HsRangeBar, range_1m);
  gtk_widget_class_bind_template_child (widget_class, HsRangeBar, range_10m);
  gtk_widget_class_bind_template_child (widget_class, HsRangeBar, range_1h);
  gtk_widget_class_bind_template_child (widget_class, HsRangeBar, range_all);
  gtk_widget_class_bind_template_callback (widget_class, on_range_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_live_clicked);
}

static void
hs_range_bar_init (HsRangeBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
