/* hs-line-layer.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-line-layer"

#include "config.h"

#include <math.h>

#include "hs-line-layer.h"

/**
 * HsLineLayer:
 *
 * A series as a line through each column's maximum, optionally over a
 * faint area down to zero (for the total, e.g. RSS: stacked tints of
 * several series turn to mud). One point alone is a dot.
 */
struct _HsLineLayer
{
  HsChartLayer   parent_instance;

  /* Owned */
  HsSeries      *series;
  HsChartColumns columns;

  gboolean       fill;
};

G_DEFINE_FINAL_TYPE (HsLineLayer, hs_line_layer, HS_TYPE_CHART_LAYER)

HsChartLayer *
hs_line_layer_new (HsSeries   *series,
                   const char *label,
                   guint       color)
{
  HsLineLayer *self;

  g_return_val_if_fail (series != NULL, NULL);

  self = g_object_new (HS_TYPE_LINE_LAYER, "label", label, "color", color, NULL);
  self->series = hs_series_ref (series);

  return HS_CHART_LAYER (self);
}

HsSeries *
hs_line_layer_get_series (HsLineLayer *self)
{
  g_return_val_if_fail (HS_IS_LINE_LAYER (self), NULL);

  return self->series;
}

void
hs_line_layer_set_fill (HsLineLayer *self,
                        gboolean     fill)
{
  g_return_if_fail (HS_IS_LINE_LAYER (self));

  if (self->fill == !!fill)
    return;
  self->fill = !!fill;
  hs_chart_layer_changed (HS_CHART_LAYER (self));
}

gboolean
hs_line_layer_get_fill (HsLineLayer *self)
{
  g_return_val_if_fail (HS_IS_LINE_LAYER (self), FALSE);

  return self->fill;
}

static guint
hs_line_layer_prepare (HsChartLayer       *layer,
                       const HsChartFrame *frame,
                       double             *min,
                       double             *max)
{
  HsLineLayer *self = HS_LINE_LAYER (layer);

  hs_chart_columns_fetch (&self->columns, self->series, frame);
  for (guint c = 0; c < self->columns.n_columns; c++)
    if (!isnan (self->columns.maxs[c]))
      {
        *min = MIN (*min, self->columns.mins[c]);
        *max = MAX (*max, self->columns.maxs[c]);
      }

  return self->columns.n_valid;
}

static void
hs_line_layer_draw (HsChartLayer       *layer,
                    cairo_t            *cr,
                    const HsChartFrame *frame,
                    HsChartStyle       *style)
{
  HsLineLayer *self = HS_LINE_LAYER (layer);
  const HsChartColumns *columns = &self->columns;
  double x0 = frame->plot.origin.x + 0.5;
  double bottom = frame->plot.origin.y + frame->plot.size.height;
  guint first, last;
  GdkRGBA color;

  if (!columns->cached || columns->n_columns != frame->n_columns ||
      !hs_chart_columns_extent (columns, &first, &last))
    return;

  hs_chart_style_get_color (style, hs_chart_layer_get_color (layer), &color);
  hs_chart_frame_clip (frame, cr);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);

  if (self->fill)
    {
      cairo_move_to (cr, x0 + first, bottom);
      hs_chart_columns_trace (columns, cr, frame, columns->maxs, FALSE);
      cairo_line_to (cr, x0 + last, bottom);
      cairo_close_path (cr);
      hs_chart_style_set_source (style, cr, &color, 0.12);
      cairo_fill (cr);
    }

  cairo_move_to (cr, x0 + first, hs_chart_frame_y_of_value (frame, columns->maxs[first]));
  hs_chart_columns_trace (columns, cr, frame, columns->maxs, FALSE);
  hs_chart_style_set_source (style, cr, &color, 1);
  cairo_set_line_width (cr, 1.5);
  cairo_stroke (cr);

  /* One point alone is a dot, not an invisible zero-length line. */
  if (columns->n_valid == 1)
    {
      cairo_arc (cr, x0 + first, hs_chart_frame_y_of_value (frame, columns->maxs[first]),
                 2.5, 0, 2 * G_PI);
      cairo_fill (cr);
    }
}

static void
hs_line_layer_collect_readouts (HsChartLayer *layer,
                                gint64        time,
                                gint64        tolerance,
                                GArray       *readouts)
{
  HsLineLayer *self = HS_LINE_LAYER (layer);
  HsChartReadout readout = { hs_chart_layer_get_label (layer), hs_chart_layer_get_color (layer) };

  if (readout.label == NULL)
    return;
  if (hs_chart_series_nearest (self->series, time, tolerance, &readout.time, &readout.value))
    g_array_append_val (readouts, readout);
}

static void
hs_line_layer_collect_series (HsChartLayer *layer,
                              GPtrArray    *series)
{
  g_ptr_array_add (series, HS_LINE_LAYER (layer)->series);
}

static void
hs_line_layer_finalize (GObject *object)
{
  HsLineLayer *self = (HsLineLayer *) object;

  g_clear_pointer (&self->series, hs_series_unref);
  hs_chart_columns_clear (&self->columns);

  G_OBJECT_CLASS (hs_line_layer_parent_class)->finalize (object);
}

static void
hs_line_layer_class_init (HsLineLayerClass *klass)
{
  HsChartLayerClass *layer_class = HS_CHART_LAYER_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = hs_line_layer_finalize;
  layer_class->prepare = hs_line_layer_prepare;
  layer_class->draw = hs_line_layer_draw;
  layer_class->collect_readouts = hs_line_layer_collect_readouts;
  layer_class->collect_series = hs_line_layer_collect_series;
}

static void
hs_line_layer_init (HsLineLayer *self)
{
}
