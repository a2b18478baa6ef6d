/* hs-chart-layer.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-chart-layer"

#include "config.h"

#include <math.h>

#include "hs-chart-layer.h"

/**
 * HsChartLayer:
 *
 * One thing drawn in a chart's plot: a line, a min/max band, a stacked
 * area, a threshold, a mark, a trend. The chart draws the axes, grid,
 * legend and hover read-out around its layers; each layer draws with a
 * cairo_t, the frame's geometry and a style only, so that it can render
 * to any cairo surface. Layers never walk a series point by point: they
 * ask it for one min/max pair per pixel column.
 */
typedef struct
{
  char  *label;
  guint  color;
} HsChartLayerPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (HsChartLayer, hs_chart_layer, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LABEL,
  PROP_COLOR,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

double
hs_chart_frame_x_of_time (const HsChartFrame *frame,
                          gint64              time)
{
  return frame->plot.origin.x + frame->plot.size.width *
         (double) (time - frame->begin) / (double) MAX (1, frame->end - frame->begin);
}

gint64
hs_chart_frame_time_of_x (const HsChartFrame *frame,
                          double              x)
{
  double f = (x - frame->plot.origin.x) / MAX (1.0, frame->plot.size.width);

  return frame->begin + (gint64) (f * (double) (frame->end - frame->begin));
}

double
hs_chart_frame_y_of_value (const HsChartFrame *frame,
                           double              value)
{
  if (frame->axis_max <= 0)
    return frame->plot.origin.y + frame->plot.size.height;

  return frame->plot.origin.y + frame->plot.size.height * (1.0 - value / frame->axis_max);
}

void
hs_chart_columns_fetch (HsChartColumns     *columns,
                        HsSeries           *series,
                        const HsChartFrame *frame)
{
  guint64 generation = hs_series_get_generation (series);
  guint n = frame->n_columns;

  if (columns->cached && columns->generation == generation &&
      columns->begin == frame->begin && columns->end == frame->end &&
      columns->n_columns == n)
    return;

  if (columns->n_columns != n)
    {
      columns->mins = g_renew (double, columns->mins, MAX (n, 1));
      columns->maxs = g_renew (double, columns->maxs, MAX (n, 1));
      columns->n_columns = n;
    }

  columns->n_valid = 0;
  if (n > 0)
    {
      g_autofree gboolean *valid = g_new0 (gboolean, n);

      hs_series_get_range_minmax (series, frame->begin, frame->end, n,
                                  columns->mins, columns->maxs, valid);
      for (guint c = 0; c < n; c++)
        {
          if (valid[c])
            columns->n_valid++;
          else
            columns->mins[c] = columns->maxs[c] = NAN;
        }
    }

  columns->cached = TRUE;
  columns->generation = generation;
  columns->begin = frame->begin;
  columns->end = frame->end;
}

void
hs_chart_columns_clear (HsChartColumns *columns)
{
  g_clear_pointer (&columns->mins, g_free);
  g_clear_pointer (&columns->maxs, g_free);
  columns->n_columns = 0;
  columns->cached = FALSE;
}

/* The first and last column holding a point; FALSE when none does. */
gboolean
hs_chart_columns_extent (const HsChartColumns *columns,
                         guint                *first,
                         guint                *last)
{
  gboolean any = FALSE;

  for (guint c = 0; c < columns->n_columns; c++)
    {
      if (isnan (columns->maxs[c]))
        continue;
      if (!any)
        *first = c;
      *last = c;
      any = TRUE;
    }

  return any;
}

/* Extends the current path through @values (the columns' mins or maxs),
 * one vertex per column that holds a point. Columns without a point
 * (points sparser than pixels) are bridged: the monitor samples without
 * pauses. */
void
hs_chart_columns_trace (const HsChartColumns *columns,
                        cairo_t              *cr,
                        const HsChartFrame   *frame,
                        const double         *values,
                        gboolean              backwards)
{
  double x0 = frame->plot.origin.x + 0.5;

  for (guint i = 0; i < columns->n_columns; i++)
    {
      guint c = backwards ? columns->n_columns - 1 - i : i;

      if (!isnan (values[c]))
        cairo_line_to (cr, x0 + c, hs_chart_frame_y_of_value (frame, values[c]));
    }
}

/* Layers draw inside the plot; a line at the very top or bottom keeps
 * its full width. */
void
hs_chart_frame_clip (const HsChartFrame *frame,
                     cairo_t            *cr)
{
  cairo_rectangle (cr, frame->plot.origin.x, frame->plot.origin.y - 1,
                   frame->plot.size.width, frame->plot.size.height + 2);
  cairo_clip (cr);
}

gboolean
hs_chart_series_nearest (HsSeries *series,
                         gint64    time,
                         gint64    tolerance,
                         gint64   *sample_time,
                         double   *value)
{
  gint64 first, last;

  if (!hs_series_get_time_range (series, &first, &last))
    return FALSE;
  /* Before the first point, the first is the nearest. */
  if (!hs_series_lookup (series, MAX (time, first), sample_time, value))
    return FALSE;

  /* Only points near the pointer: no value read across a gap. */
  return llabs (*sample_time - time) <= tolerance;
}

static void
hs_chart_layer_real_collect_legend (HsChartLayer *self,
                                    GArray       *entries)
{
  HsChartLayerPrivate *priv = hs_chart_layer_get_instance_private (self);
  HsChartLegendEntry entry = { priv->label, priv->color };

  if (priv->label != NULL)
    g_array_append_val (entries, entry);
}

static void
hs_chart_layer_finalize (GObject *object)
{
  HsChartLayerPrivate *priv = hs_chart_layer_get_instance_private (HS_CHART_LAYER (object));

  g_clear_pointer (&priv->label, g_free);

  G_OBJECT_CLASS (hs_chart_layer_parent_class)->finalize (object);
}

static void
hs_chart_layer_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  HsChartLayer *self = HS_CHART_LAYER (object);

  switch (prop_id)
    {
    case PROP_LABEL:
      g_value_set_string (value, hs_chart_layer_get_label (self));
      break;
    case PROP_COLOR:
      g_value_set_uint (value, hs_chart_layer_get_color (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hs_chart_layer_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  HsChartLayer *self = HS_CHART_LAYER (object);

  switch (prop_id)
    {
    case PROP_LABEL:
      hs_chart_layer_set_label (self, g_value_get_string (value));
      break;
    case PROP_COLOR:
      hs_chart_layer_set_color (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hs_chart_layer_class_init (HsChartLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hs_chart_layer_finalize;
  object_class->get_property = hs_chart_layer_get_property;
  object_class->set_property = hs_chart_layer_set_property;

  klass->collect_legend = hs_chart_layer_real_collect_legend;

  /* NULL: no legend entry and no hover value (bands, helper lines). */
  properties[PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* An index into the style's palette; 0 is the accent colour. */
  properties[PROP_COLOR] =
    g_param_spec_uint ("color", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * HsChartLayer::changed:
   *
   * What the layer draws changed: charts showing it redraw.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
hs_chart_layer_init (HsChartLayer *self)
{
}

const char *
hs_chart_layer_get_label (HsChartLayer *self)
{
  HsChartLayerPrivate *priv = hs_chart_layer_get_instance_private (self);

  g_return_val_if_fail (HS_IS_CHART_LAYER (self), NULL);

  return priv->label;
}

void
hs_chart_layer_set_label (HsChartLayer *self,
                          const char   *label)
{
  HsChartLayerPrivate *priv = hs_chart_layer_get_instance_private (self);

  g_return_if_fail (HS_IS_CHART_LAYER (self));

  if (g_strcmp0 (priv->label, label) == 0)
    return;

  g_free (priv->label);
  priv->label = g_strdup (label);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LABEL]);
  hs_chart_layer_changed (self);
}

guint
hs_chart_layer_get_color (HsChartLayer *self)
{
  HsChartLayerPrivate *priv = hs_chart_layer_get_instance_private (self);

  g_return_val_if_fail (HS_IS_CHART_LAYER (self), 0);

  return priv->color;
}

void
hs_chart_layer_set_color (HsChartLayer *self,
                          guint         color)
{
  HsChartLayerPrivate *priv = hs_chart_layer_get_instance_private (self);

  g_return_if_fail (HS_IS_CHART_LAYER (self));

  if (priv->color == color)
    return;

  priv->color = color;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLOR]);
  hs_chart_layer_changed (self);
}

void
hs_chart_layer_changed (HsChartLayer *self)
{
  g_return_if_fail (HS_IS_CHART_LAYER (self));

  g_signal_emit (self, signals[CHANGED], 0);
}

guint
hs_chart_layer_prepare (HsChartLayer       *self,
                        const HsChartFrame *frame,
                        double             *min,
                        double             *max)
{
  g_return_val_if_fail (HS_IS_CHART_LAYER (self), 0);

  if (HS_CHART_LAYER_GET_CLASS (self)->prepare == NULL)
    return 0;

  return HS_CHART_LAYER_GET_CLASS (self)->prepare (self, frame, min, max);
}

void
hs_chart_layer_draw (HsChartLayer       *self,
                     cairo_t            *cr,
                     const HsChartFrame *frame,
                     HsChartStyle       *style)
{
  g_return_if_fail (HS_IS_CHART_LAYER (self));

  if (frame->plot.size.width < 1 || frame->plot.size.height < 1)
    return;

  cairo_save (cr);
  HS_CHART_LAYER_GET_CLASS (self)->draw (self, cr, frame, style);
  cairo_restore (cr);
}

void
hs_chart_layer_collect_readouts (HsChartLayer *self,
                                 gint64        time,
                                 gint64        tolerance,
                                 GArray       *readouts)
{
  g_return_if_fail (HS_IS_CHART_LAYER (self));

  if (HS_CHART_LAYER_GET_CLASS (self)->collect_readouts != NULL)
    HS_CHART_LAYER_GET_CLASS (self)->collect_readouts (self, time, tolerance, readouts);
}

void
hs_chart_layer_collect_legend (HsChartLayer *self,
                               GArray       *entries)
{
  g_return_if_fail (HS_IS_CHART_LAYER (self));

  HS_CHART_LAYER_GET_CLASS (self)->collect_legend (self, entries);
}

void
hs_chart_layer_collect_series (HsChartLayer *self,
                               GPtrArray    *series)
{
  g_return_if_fail (HS_IS_CHART_LAYER (self));

  if (HS_CHART_LAYER_GET_CLASS (self)->collect_series != NULL)
    HS_CHART_LAYER_GET_CLASS (self)->collect_series (self, series);
}
