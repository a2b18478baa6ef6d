/* hs-trend-layer.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-trend-layer"

#include "config.h"

#include "hs-trend-layer.h"

/**
 * HsTrendLayer:
 *
 * A dashed straight segment from (t0, v0) to (t1, v1): a fitted trend
 * that core computed, drawn over the data it was fitted to. Nothing is
 * drawn until a segment is set.
 */
struct _HsTrendLayer
{
  HsChartLayer parent_instance;

  gboolean     has_segment;
  gint64       t0;
  gint64       t1;
  double       v0;
  double       v1;
};

G_DEFINE_FINAL_TYPE (HsTrendLayer, hs_trend_layer, HS_TYPE_CHART_LAYER)

HsChartLayer *
hs_trend_layer_new (const char *label,
                    guint       color)
{
  return g_object_new (HS_TYPE_TREND_LAYER, "label", label, "color", color, NULL);
}

void
hs_trend_layer_set_segment (HsTrendLayer *self,
                            gint64        t0,
                            double        v0,
                            gint64        t1,
                            double        v1)
{
  g_return_if_fail (HS_IS_TREND_LAYER (self));

  self->has_segment = TRUE;
  self->t0 = t0;
  self->v0 = v0;
  self->t1 = t1;
  self->v1 = v1;
  hs_chart_layer_changed (HS_CHART_LAYER (self));
}

gboolean
hs_trend_layer_get_segment (HsTrendLayer *self,
                            gint64       *t0,
                            double       *v0,
                            gint64       *t1,
                            double       *v1)
{
  g_return_val_if_fail (HS_IS_TREND_LAYER (self), FALSE);

  if (t0 != NULL)
    *t0 = self->t0;
  if (v0 != NULL)
    *v0 = self->v0;
  if (t1 != NULL)
    *t1 = self->t1;
  if (v1 != NULL)
    *v1 = self->v1;

  return self->has_segment;
}

static guint
hs_trend_layer_prepare (HsChartLayer       *layer,
                        const HsChartFrame *frame,
                        double             *min,
                        double             *max)
{
  HsTrendLayer *self = HS_TREND_LAYER (layer);

  /* Only the part inside the window counts for the axis. */
  if (self->has_segment && self->t1 > self->t0 &&
      self->t1 >= frame->begin && self->t0 <= frame->end)
    {
      double span = (double) (self->t1 - self->t0);
      gint64 a = MAX (self->t0, frame->begin), b = MIN (self->t1, frame->end);
      double va = self->v0 + (self->v1 - self->v0) * (double) (a - self->t0) / span;
      double vb = self->v0 + (self->v1 - self->v0) * (double) (b - self->t0) / span;

      *min = MIN (*min, MIN (va, vb));
      *max = MAX (*max, MAX (va, vb));
    }

  return 0;
}

static void
hs_trend_layer_draw (HsChartLayer       *layer,
                     cairo_t            *cr,
                     const HsChartFrame *frame,
                     HsChartStyle       *style)
{
  HsTrendLayer *self = HS_TREND_LAYER (layer);
  static const double dash[] = { 4, 3 };
  GdkRGBA color;

  if (!self->has_segment)
    return;

  hs_chart_style_get_color (style, hs_chart_layer_get_color (layer), &color);
  hs_chart_frame_clip (frame, cr);
  cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
  cairo_set_line_width (cr, 2);
  hs_chart_style_set_source (style, cr, &color, 1);
  cairo_move_to (cr, hs_chart_frame_x_of_time (frame, self->t0),
                 hs_chart_frame_y_of_value (frame, self->v0));
  cairo_line_to (cr, hs_chart_frame_x_of_time (frame, self->t1),
                 hs_chart_frame_y_of_value (frame, self->v1));
  cairo_stroke (cr);
}

static void
hs_trend_layer_class_init (HsTrendLayerClass *klass)
{
  HsChartLayerClass *layer_class = HS_CHART_LAYER_CLASS (klass);

  layer_class->prepare = hs_trend_layer_prepare;
  layer_class->draw = hs_trend_layer_draw;
}

static void
hs_trend_layer_init (HsTrendLayer *self)
{
}
