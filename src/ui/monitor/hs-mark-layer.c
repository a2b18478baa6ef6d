/* hs-mark-layer.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-mark-layer"

#include "config.h"

#include <math.h>

#include "hs-mark-layer.h"

/**
 * HsMarkLayer:
 *
 * A vertical line at a moment (a capture, a deploy, an alert), with its
 * label at the top. Outside the visible window it draws nothing.
 */
struct _HsMarkLayer
{
  HsChartLayer parent_instance;

  gint64       time;
  guint        row;
};

G_DEFINE_FINAL_TYPE (HsMarkLayer, hs_mark_layer, HS_TYPE_CHART_LAYER)

HsChartLayer *
hs_mark_layer_new (gint64      time,
                   const char *label,
                   guint       color)
{
  HsMarkLayer *self = g_object_new (HS_TYPE_MARK_LAYER, "label", label, "color", color, NULL);

  self->time = time;

  return HS_CHART_LAYER (self);
}

/* Which line of text the label takes at the top of the plot: marks close
 * in time take turns, so that their labels do not overprint. */
void
hs_mark_layer_set_row (HsMarkLayer *self,
                       guint        row)
{
  g_return_if_fail (HS_IS_MARK_LAYER (self));

  if (self->row == row)
    return;
  self->row = row;
  hs_chart_layer_changed (HS_CHART_LAYER (self));
}

gint64
hs_mark_layer_get_time (HsMarkLayer *self)
{
  g_return_val_if_fail (HS_IS_MARK_LAYER (self), 0);

  return self->time;
}

static void
hs_mark_layer_draw (HsChartLayer       *layer,
                    cairo_t            *cr,
                    const HsChartFrame *frame,
                    HsChartStyle       *style)
{
  HsMarkLayer *self = HS_MARK_LAYER (layer);
  const char *label = hs_chart_layer_get_label (layer);
  double x;
  GdkRGBA color;

  if (self->time < frame->begin || self->time > frame->end)
    return;

  x = floor (hs_chart_frame_x_of_time (frame, self->time)) + 0.5;
  hs_chart_style_get_color (style, hs_chart_layer_get_color (layer), &color);
  hs_chart_frame_clip (frame, cr);
  cairo_set_line_width (cr, 1.5);
  hs_chart_style_set_source (style, cr, &color, 1);
  cairo_move_to (cr, x, frame->plot.origin.y);
  cairo_line_to (cr, x, frame->plot.origin.y + frame->plot.size.height);
  cairo_stroke (cr);

  if (label != NULL)
    {
      g_autoptr(PangoLayout) layout = hs_chart_style_create_layout (style, cr, label, FALSE, TRUE);
      int tw, th;
      double right = frame->plot.origin.x + frame->plot.size.width;

      pango_layout_get_pixel_size (layout, &tw, &th);
      /* Right of the line, or left of it near the right edge. */
      hs_chart_style_show_layout (style, cr, layout,
                                  x + 4 + tw <= right ? x + 4 : x - 4 - tw,
                                  frame->plot.origin.y + 2 + self->row * (th + 1));
    }
}

/* A mark names itself at the top of its line: in the legend, a session
 * with a few marks would push the series' own names out. */
static void
hs_mark_layer_collect_legend (HsChartLayer *layer,
                              GArray       *entries)
{
}

static void
hs_mark_layer_class_init (HsMarkLayerClass *klass)
{
  HS_CHART_LAYER_CLASS (klass)->draw = hs_mark_layer_draw;
  HS_CHART_LAYER_CLASS (klass)->collect_legend = hs_mark_layer_collect_legend;
}

static void
hs_mark_layer_init (HsMarkLayer *self)
{
}
