/* hs-band-layer.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-band-layer"

#include "config.h"

#include <math.h>

#include "hs-band-layer.h"

/**
 * HsBandLayer:
 *
 * Where a pixel column holds several points of a series, the band between
 * their minimum and maximum: a spike inside a column still shows. One
 * polygon, not a zigzag line, so the cost does not depend on how noisy
 * the data is. Drawn under the series' line.
 */
struct _HsBandLayer
{
  HsChartLayer   parent_instance;

  /* Owned */
  HsSeries      *series;
  HsChartColumns columns;
};

G_DEFINE_FINAL_TYPE (HsBandLayer, hs_band_layer, HS_TYPE_CHART_LAYER)

HsChartLayer *
hs_band_layer_new (HsSeries *series,
                   guint     color)
{
  HsBandLayer *self;

  g_return_val_if_fail (series != NULL, NULL);

  self = g_object_new (HS_TYPE_BAND_LAYER, "color", color, NULL);
  self->series = hs_series_ref (series);

  return HS_CHART_LAYER (self);
}

static guint
hs_band_layer_prepare (HsChartLayer       *layer,
                       const HsChartFrame *frame,
                       double             *min,
                       double             *max)
{
  HsBandLayer *self = HS_BAND_LAYER (layer);

  hs_chart_columns_fetch (&self->columns, self->series, frame);
  for (guint c = 0; c < self->columns.n_columns; c++)
    if (!isnan (self->columns.maxs[c]))
      {
        *min = MIN (*min, self->columns.mins[c]);
        *max = MAX (*max, self->columns.maxs[c]);
      }

  /* The line layer over the same series counts the points. */
  return 0;
}

static void
hs_band_layer_draw (HsChartLayer       *layer,
                    cairo_t            *cr,
                    const HsChartFrame *frame,
                    HsChartStyle       *style)
{
  HsBandLayer *self = HS_BAND_LAYER (layer);
  const HsChartColumns *columns = &self->columns;
  gboolean has_band = FALSE;
  guint first, last;
  GdkRGBA color;

  if (!columns->cached || columns->n_columns != frame->n_columns ||
      !hs_chart_columns_extent (columns, &first, &last))
    return;

  for (guint c = first; c <= last && !has_band; c++)
    if (!isnan (columns->maxs[c]))
      has_band = hs_chart_frame_y_of_value (frame, columns->mins[c]) -
                 hs_chart_frame_y_of_value (frame, columns->maxs[c]) >= 2.0;
  if (!has_band)
    return;

  hs_chart_style_get_color (style, hs_chart_layer_get_color (layer), &color);
  hs_chart_frame_clip (frame, cr);
  cairo_move_to (cr, frame->plot.origin.x + first + 0.5,
                 hs_chart_frame_y_of_value (frame, columns->maxs[first]));
  hs_chart_columns_trace (columns, cr, frame, columns->maxs, FALSE);
  hs_chart_columns_trace (columns, cr, frame, columns->mins, TRUE);
  cairo_close_path (cr);
  hs_chart_style_set_source (style, cr, &color, 0.55);
  cairo_fill (cr);
}

static void
hs_band_layer_collect_series (HsChartLayer *layer,
                              GPtrArray    *series)
{
  g_ptr_array_add (series, HS_BAND_LAYER (layer)->series);
}

static void
hs_band_layer_finalize (GObject *object)
{
  HsBandLayer *self = (HsBandLayer *) object;

  g_clear_pointer (&self->series, hs_series_unref);
  hs_chart_columns_clear (&self->columns);

  G_OBJECT_CLASS (hs_band_layer_parent_class)->finalize (object);
}

static void
hs_band_layer_class_init (HsBandLayerClass *klass)
{
  HsChartLayerClass *layer_class = HS_CHART_LAYER_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = hs_band_layer_finalize;
  layer_class->prepare = hs_band_layer_prepare;
  layer_class->draw = hs_band_layer_draw;
  layer_class->collect_series = hs_band_layer_collect_series;
}

static void
hs_band_layer_init (HsBandLayer *self)
{
}
