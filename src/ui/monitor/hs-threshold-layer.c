/* hs-threshold-layer.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-threshold-layer"

#include "config.h"

#include <math.h>

#include "hs-threshold-layer.h"

/**
 * HsThresholdLayer:
 *
 * A dashed horizontal line at a value (a limit, an alert level), with its
 * label above the line's right end. The value axis always reaches it.
 */
struct _HsThresholdLayer
{
  HsChartLayer parent_instance;

  double       value;
};

G_DEFINE_FINAL_TYPE (HsThresholdLayer, hs_threshold_layer, HS_TYPE_CHART_LAYER)

HsChartLayer *
hs_threshold_layer_new (double      value,
                        const char *label,
                        guint       color)
{
  HsThresholdLayer *self = g_object_new (HS_TYPE_THRESHOLD_LAYER,
                                         "label", label, "color", color, NULL);

  self->value = value;

  return HS_CHART_LAYER (self);
}

double
hs_threshold_layer_get_value (HsThresholdLayer *self)
{
  g_return_val_if_fail (HS_IS_THRESHOLD_LAYER (self), 0);

  return self->value;
}

void
hs_threshold_layer_set_value (HsThresholdLayer *self,
                              double            value)
{
  g_return_if_fail (HS_IS_THRESHOLD_LAYER (self));

  if (self->value == value)
    return;
  self->value = value;
  hs_chart_layer_changed (HS_CHART_LAYER (self));
}

static guint
hs_threshold_layer_prepare (HsChartLayer       *layer,
                            const HsChartFrame *frame,
                            double             *min,
                            double             *max)
{
  HsThresholdLayer *self = HS_THRESHOLD_LAYER (layer);

  *min = MIN (*min, self->value);
  *max = MAX (*max, self->value);

  return 0;
}

static void
hs_threshold_layer_draw (HsChartLayer       *layer,
                         cairo_t            *cr,
                         const HsChartFrame *frame,
                         HsChartStyle       *style)
{
  HsThresholdLayer *self = HS_THRESHOLD_LAYER (layer);
  const char *label = hs_chart_layer_get_label (layer);
  double y = floor (hs_chart_frame_y_of_value (frame, self->value)) + 0.5;
  double right = frame->plot.origin.x + frame->plot.size.width;
  static const double dash[] = { 6, 4 };
  GdkRGBA color;

  hs_chart_style_get_color (style, hs_chart_layer_get_color (layer), &color);
  hs_chart_frame_clip (frame, cr);
  cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
  cairo_set_line_width (cr, 1.5);
  hs_chart_style_set_source (style, cr, &color, 1);
  cairo_move_to (cr, frame->plot.origin.x, y);
  cairo_line_to (cr, right, y);
  cairo_stroke (cr);

  if (label != NULL)
    {
      g_autoptr(PangoLayout) layout = hs_chart_style_create_layout (style, cr, label, FALSE, TRUE);
      int tw, th;

      pango_layout_get_pixel_size (layout, &tw, &th);
      hs_chart_style_show_layout (style, cr, layout, right - tw - 4,
                                  MAX (y - th - 1, frame->plot.origin.y));
    }
}

static void
hs_threshold_layer_class_init (HsThresholdLayerClass *klass)
{
  HsChartLayerClass *layer_class = HS_CHART_LAYER_CLASS (klass);

  layer_class->prepare = hs_threshold_layer_prepare;
  layer_class->draw = hs_threshold_layer_draw;
}

static void
hs_threshold_layer_init (HsThresholdLayer *self)
{
}
