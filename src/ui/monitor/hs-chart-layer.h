/* hs-chart-layer.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "hs-chart-style.h"
#include "hs-series.h"

G_BEGIN_DECLS

/**
 * HsChartFrame:
 * @plot: where the data goes, in the drawing's coordinates
 * @begin: wall-clock time at the left edge of @plot, microseconds
 * @end: wall-clock time at the right edge
 * @n_columns: one per pixel column of @plot
 * @axis_max: the value at the top of @plot (the bottom is 0)
 *
 * One frame's geometry, the same for every layer of a chart.
 */
typedef struct
{
  graphene_rect_t plot;
  gint64          begin;
  gint64          end;
  guint           n_columns;
  double          axis_max;
} HsChartFrame;

double  hs_chart_frame_x_of_time  (const HsChartFrame *frame,
                                   gint64              time);
gint64  hs_chart_frame_time_of_x  (const HsChartFrame *frame,
                                   double              x);
double  hs_chart_frame_y_of_value (const HsChartFrame *frame,
                                   double              value);

/**
 * HsChartColumns:
 *
 * A series' per-column minimum and maximum for one frame (NAN where a
 * column holds no point), fetched from the series' decimation pyramid and
 * kept while neither the series nor the frame changes, so that frames
 * which only redraw (hover, theme) do not ask again.
 */
typedef struct
{
  double  *mins;
  double  *maxs;
  guint    n_columns;
  guint    n_valid;
  gboolean cached;
  guint64  generation;
  gint64   begin;
  gint64   end;
} HsChartColumns;

void    hs_chart_columns_fetch    (HsChartColumns     *columns,
                                   HsSeries           *series,
                                   const HsChartFrame *frame);
void    hs_chart_columns_clear    (HsChartColumns     *columns);
gboolean hs_chart_columns_extent  (const HsChartColumns *columns,
                                   guint              *first,
                                   guint              *last);
void    hs_chart_columns_trace    (const HsChartColumns *columns,
                                   cairo_t            *cr,
                                   const HsChartFrame *frame,
                                   const double       *values,
                                   gboolean            backwards);
void    hs_chart_frame_clip       (const HsChartFrame *frame,
                                   cairo_t            *cr);

/* One value under the pointer, for the hover read-out. */
typedef struct
{
  const char *label;
  guint       color;
  gint64      time;
  double      value;
} HsChartReadout;

/* One legend entry. */
typedef struct
{
  const char *label;
  guint       color;
} HsChartLegendEntry;

#define HS_TYPE_CHART_LAYER (hs_chart_layer_get_type ())

G_DECLARE_DERIVABLE_TYPE (HsChartLayer, hs_chart_layer, HS, CHART_LAYER, GObject)

struct _HsChartLayerClass
{
  GObjectClass parent_class;

  /* Fetches the data for @frame (whose axis_max is not known yet) and
   * widens [*min, *max] with the values it will draw; returns how many
   * points it holds in the window. */
  guint    (*prepare)         (HsChartLayer       *self,
                               const HsChartFrame *frame,
                               double             *min,
                               double             *max);
  void     (*draw)            (HsChartLayer       *self,
                               cairo_t            *cr,
                               const HsChartFrame *frame,
                               HsChartStyle       *style);
  /* Adds HsChartReadout values for the point nearest @time, within
   * @tolerance microseconds. */
  void     (*collect_readouts) (HsChartLayer      *self,
                               gint64              time,
                               gint64              tolerance,
                               GArray             *readouts);
  /* Adds HsChartLegendEntry items; the default is the layer's label. */
  void     (*collect_legend)  (HsChartLayer       *self,
                               GArray             *entries);
  /* Adds the series the layer draws (borrowed), so the timeline knows
   * where history begins and ends. */
  void     (*collect_series)  (HsChartLayer       *self,
                               GPtrArray          *series);
};

const char *hs_chart_layer_get_label     (HsChartLayer       *self);
void        hs_chart_layer_set_label     (HsChartLayer       *self,
                                          const char         *label);
guint       hs_chart_layer_get_color     (HsChartLayer       *self);
void        hs_chart_layer_set_color     (HsChartLayer       *self,
                                          guint               color);
void        hs_chart_layer_changed       (HsChartLayer       *self);

guint       hs_chart_layer_prepare       (HsChartLayer       *self,
                                          const HsChartFrame *frame,
                                          double             *min,
                                          double             *max);
void        hs_chart_layer_draw          (HsChartLayer       *self,
                                          cairo_t            *cr,
                                          const HsChartFrame *frame,
                                          HsChartStyle       *style);
void        hs_chart_layer_collect_readouts (HsChartLayer    *self,
                                          gint64              time,
                                          gint64              tolerance,
                                          GArray             *readouts);
void        hs_chart_layer_collect_legend (HsChartLayer      *self,
                                          GArray             *entries);
void        hs_chart_layer_collect_series (HsChartLayer      *self,
                                          GPtrArray          *series);

/* For layers over one series: the nearest point within @tolerance. */
gboolean    hs_chart_series_nearest      (HsSeries           *series,
                                          gint64              time,
                                          gint64              tolerance,
                                          gint64             *sample_time,
                                          double             *value);

G_END_DECLS
