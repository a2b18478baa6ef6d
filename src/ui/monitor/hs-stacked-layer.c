/* hs-stacked-layer.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-stacked-layer"

#include "config.h"

#include <math.h>

#include "hs-stacked-layer.h"

/**
 * HsStackedLayer:
 *
 * Several series of one unit stacked as areas, first at the bottom: the
 * parts of a whole (e.g. heap, other anonymous memory, file-backed
 * memory). A column where a series has no point stacks nothing for it.
 */
typedef struct
{
  HsSeries      *series;
  char          *label;
  guint          color;
  HsChartColumns columns;
} Part;

struct _HsStackedLayer
{
  HsChartLayer parent_instance;

  /* Owned */
  GArray      *parts;   /* of Part */
  double      *tops;    /* n_parts × n_columns cumulative maxima, NAN where empty */
  guint        n_columns;
};

G_DEFINE_FINAL_TYPE (HsStackedLayer, hs_stacked_layer, HS_TYPE_CHART_LAYER)

static void
part_clear (gpointer data)
{
  Part *part = data;

  g_clear_pointer (&part->series, hs_series_unref);
  g_clear_pointer (&part->label, g_free);
  hs_chart_columns_clear (&part->columns);
}

HsChartLayer *
hs_stacked_layer_new (void)
{
  return g_object_new (HS_TYPE_STACKED_LAYER, NULL);
}

void
hs_stacked_layer_add_series (HsStackedLayer *self,
                             HsSeries       *series,
                             const char     *label,
                             guint           color)
{
  Part part = { 0 };

  g_return_if_fail (HS_IS_STACKED_LAYER (self));
  g_return_if_fail (series != NULL);

  part.series = hs_series_ref (series);
  part.label = g_strdup (label);
  part.color = color;
  g_array_append_val (self->parts, part);
  hs_chart_layer_changed (HS_CHART_LAYER (self));
}

guint
hs_stacked_layer_get_n_series (HsStackedLayer *self)
{
  g_return_val_if_fail (HS_IS_STACKED_LAYER (self), 0);

  return self->parts->len;
}

static guint
hs_stacked_layer_prepare (HsChartLayer       *layer,
                          const HsChartFrame *frame,
                          double             *min,
                          double             *max)
{
  HsStackedLayer *self = HS_STACKED_LAYER (layer);
  guint n = frame->n_columns, n_points = 0;

  self->tops = g_renew (double, self->tops, MAX ((gsize) n * self->parts->len, 1));
  self->n_columns = n;

  for (guint p = 0; p < self->parts->len; p++)
    {
      Part *part = &g_array_index (self->parts, Part, p);
      double *tops = self->tops + (gsize) p * n;
      const double *below = p > 0 ? self->tops + (gsize) (p - 1) * n : NULL;

      hs_chart_columns_fetch (&part->columns, part->series, frame);
      n_points += part->columns.n_valid;
      for (guint c = 0; c < n; c++)
        {
          double base = below != NULL && !isnan (below[c]) ? below[c] : 0;
          double v = part->columns.maxs[c];

          if (isnan (v))
            tops[c] = below != NULL ? below[c] : NAN;
          else
            tops[c] = base + v;
          if (!isnan (tops[c]))
            {
              *min = MIN (*min, 0);
              *max = MAX (*max, tops[c]);
            }
        }
    }

  return n_points;
}

static void
hs_stacked_layer_draw (HsChartLayer       *layer,
                       cairo_t            *cr,
                       const HsChartFrame *frame,
                       HsChartStyle       *style)
{
  HsStackedLayer *self = HS_STACKED_LAYER (layer);
  guint n = self->n_columns;
  double x0 = frame->plot.origin.x + 0.5;

  if (n != frame->n_columns || self->tops == NULL)
    return;

  hs_chart_frame_clip (frame, cr);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);

  for (guint p = 0; p < self->parts->len; p++)
    {
      Part *part = &g_array_index (self->parts, Part, p);
      const double *tops = self->tops + (gsize) p * n;
      const double *below = p > 0 ? self->tops + (gsize) (p - 1) * n : NULL;
      gboolean started = FALSE;
      GdkRGBA color;

      hs_chart_style_get_color (style, part->color, &color);

      /* The upper edge left to right, then the lower edge back. */
      for (guint c = 0; c < n; c++)
        {
          if (isnan (tops[c]))
            continue;
          if (!started)
            cairo_move_to (cr, x0 + c, hs_chart_frame_y_of_value (frame, tops[c]));
          else
            cairo_line_to (cr, x0 + c, hs_chart_frame_y_of_value (frame, tops[c]));
          started = TRUE;
        }
      if (!started)
        continue;
      for (guint i = 0; i < n; i++)
        {
          guint c = n - 1 - i;
          double b;

          if (isnan (tops[c]))
            continue;
          b = below != NULL && !isnan (below[c]) ? below[c] : 0;
          cairo_line_to (cr, x0 + c, hs_chart_frame_y_of_value (frame, b));
        }
      cairo_close_path (cr);
      hs_chart_style_set_source (style, cr, &color, 0.45);
      cairo_fill (cr);

      started = FALSE;
      for (guint c = 0; c < n; c++)
        {
          if (isnan (tops[c]))
            continue;
          if (!started)
            cairo_move_to (cr, x0 + c, hs_chart_frame_y_of_value (frame, tops[c]));
          else
            cairo_line_to (cr, x0 + c, hs_chart_frame_y_of_value (frame, tops[c]));
          started = TRUE;
        }
      hs_chart_style_set_source (style, cr, &color, 1);
      cairo_set_line_width (cr, 1);
      cairo_stroke (cr);
    }
}

static void
hs_stacked_layer_collect_readouts (HsChartLayer *layer,
                                   gint64        time,
                                   gint64        tolerance,
                                   GArray       *readouts)
{
  HsStackedLayer *self = HS_STACKED_LAYER (layer);

  /* Each part's own value, not the stacked height: that is what a
   * person reads a part for. */
  for (guint p = 0; p < self->parts->len; p++)
    {
      Part *part = &g_array_index (self->parts, Part, p);
      HsChartReadout readout = { part->label, part->color };

      if (part->label != NULL &&
          hs_chart_series_nearest (part->series, time, tolerance, &readout.time, &readout.value))
        g_array_append_val (readouts, readout);
    }
}

static void
hs_stacked_layer_collect_legend (HsChartLayer *layer,
                                 GArray       *entries)
{
  HsStackedLayer *self = HS_STACKED_LAYER (layer);

  for (guint p = 0; p < self->parts->len; p++)
    {
      Part *part = &g_array_index (self->parts, Part, p);
      HsChartLegendEntry entry = { part->label, part->color };

      if (part->label != NULL)
        g_array_append_val (entries, entry);
    }
}

static void
hs_stacked_layer_collect_series (HsChartLayer *layer,
                                 GPtrArray    *series)
{
  HsStackedLayer *self = HS_STACKED_LAYER (layer);

  for (guint p = 0; p < self->parts->len; p++)
    g_ptr_array_add (series, g_array_index (self->parts, Part, p).series);
}

static void
hs_stacked_layer_finalize (GObject *object)
{
  HsStackedLayer *self = (HsStackedLayer *) object;

  g_clear_pointer (&self->parts, g_array_unref);
  g_clear_pointer (&self->tops, g_free);

  G_OBJECT_CLASS (hs_stacked_layer_parent_class)->finalize (object);
}

static void
hs_stacked_layer_class_init (HsStackedLayerClass *klass)
{
  HsChartLayerClass *layer_class = HS_CHART_LAYER_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = hs_stacked_layer_finalize;
  layer_class->prepare = hs_stacked_layer_prepare;
  layer_class->draw = hs_stacked_layer_draw;
  layer_class->collect_readouts = hs_stacked_layer_collect_readouts;
  layer_class->collect_legend = hs_stacked_layer_collect_legend;
  layer_class->collect_series = hs_stacked_layer_collect_series;
}

static void
hs_stacked_layer_init (HsStackedLayer *self)
{
  self->parts = g_array_new (FALSE, TRUE, sizeof (Part));
  g_array_set_clear_func (self->parts, part_clear);
}
