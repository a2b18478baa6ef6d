/* hs-chart.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "hs-types.h"
#include "hs-series.h"

G_BEGIN_DECLS

typedef enum
{
  HS_CHART_UNIT_BYTES,
  HS_CHART_UNIT_COUNT,
  HS_CHART_UNIT_PERCENT,
} HsChartUnit;

/* What the chart asks of a series. Times are wall-clock microseconds.
 * The chart never walks the history itself: it asks for one min/max
 * pair per pixel column, so drawing costs the same whatever the length. */
typedef struct
{
  /* FALSE when the series holds nothing yet. */
  gboolean (*get_bounds)  (gpointer  data,
                           gint64   *first_time,
                           gint64   *last_time);
  /* Fills @n_columns pairs covering [@begin, @end); NAN where a column
   * holds no sample. */
  void     (*get_columns) (gpointer  data,
                           gint64    begin,
                           gint64    end,
                           guint     n_columns,
                           double   *mins,
                           double   *maxs);
  /* The sample closest to @time, for the hover read-out. */
  gboolean (*get_nearest) (gpointer  data,
                           gint64    time,
                           gint64   *sample_time,
                           double   *value);
  /* Optional: changes whenever the data does. With it, frames that only
   * redraw (hover, theme) reuse the last columns instead of asking again. */
  guint64  (*get_generation) (gpointer data);
} HsChartSourceFuncs;

#define HS_TYPE_CHART (hs_chart_get_type ())

G_DECLARE_FINAL_TYPE (HsChart, hs_chart, HS, CHART, GtkWidget)

GtkWidget   *hs_chart_new             (const char               *title,
                                       HsChartUnit               unit);
void         hs_chart_add_series      (HsChart                  *self,
                                       const char               *label,
                                       const HsChartSourceFuncs *funcs,
                                       gpointer                  data,
                                       GDestroyNotify            destroy);
void         hs_chart_add_hs_series   (HsChart                  *self,
                                       const char               *label,
                                       HsSeries                 *series);
void         hs_chart_clear_series    (HsChart                  *self);
guint        hs_chart_get_n_series    (HsChart                  *self);
const char  *hs_chart_get_title       (HsChart                  *self);
void         hs_chart_set_title       (HsChart                  *self,
                                       const char               *title);
void         hs_chart_set_unit        (HsChart                  *self,
                                       HsChartUnit               unit);
gint64       hs_chart_get_span        (HsChart                  *self);
void         hs_chart_set_span        (HsChart                  *self,
                                       gint64                    span_usec);
gboolean     hs_chart_get_following   (HsChart                  *self);
void         hs_chart_set_following   (HsChart                  *self,
                                       gboolean                  following);
gint64       hs_chart_get_end_time    (HsChart                  *self);
void         hs_chart_set_end_time    (HsChart                  *self,
                                       gint64                    end_time);
gboolean     hs_chart_get_visible_range (HsChart                *self,
                                       gint64                   *begin,
                                       gint64                   *end);
guint        hs_chart_get_n_points    (HsChart                  *self);
void         hs_chart_set_hover       (HsChart                  *self,
                                       double                    x,
                                       double                    y);
void         hs_chart_unset_hover     (HsChart                  *self);
void         hs_chart_zoom_to_pixels  (HsChart                  *self,
                                       double                    x0,
                                       double                    x1);
void         hs_chart_scroll_by       (HsChart                  *self,
                                       double                    fraction);
void         hs_chart_draw            (HsChart                  *self,
                                       cairo_t                  *cr,
                                       int                       width,
                                       int                       height);
void         hs_chart_get_plot_area   (HsChart                  *self,
                                       int                       width,
                                       int                       height,
                                       graphene_rect_t          *area);
double       hs_chart_value_to_y      (HsChart                  *self,
                                       double                    value,
                                       int                       width,
                                       int                       height);

G_END_DECLS
