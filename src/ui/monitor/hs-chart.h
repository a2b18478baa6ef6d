/* hs-chart.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "hs-types.h"
#include "hs-chart-axis.h"
#include "hs-chart-layer.h"
#include "hs-chart-style.h"
#include "hs-series.h"
#include "hs-timeline.h"

G_BEGIN_DECLS

#define HS_TYPE_CHART (hs_chart_get_type ())

G_DECLARE_FINAL_TYPE (HsChart, hs_chart, HS, CHART, GtkWidget)

GtkWidget    *hs_chart_new               (const char      *title,
                                          HsChartUnit      unit);
void          hs_chart_add_layer         (HsChart         *self,
                                          HsChartLayer    *layer);
void          hs_chart_add_series        (HsChart         *self,
                                          const char      *label,
                                          HsSeries        *series);
void          hs_chart_clear_layers      (HsChart         *self);
guint         hs_chart_get_n_layers      (HsChart         *self);
HsChartLayer *hs_chart_get_layer         (HsChart         *self,
                                          guint            index);
const char   *hs_chart_get_title         (HsChart         *self);
void          hs_chart_set_title         (HsChart         *self,
                                          const char      *title);
HsChartUnit   hs_chart_get_unit          (HsChart         *self);
void          hs_chart_set_unit          (HsChart         *self,
                                          HsChartUnit      unit);
HsTimeline   *hs_chart_get_timeline      (HsChart         *self);
void          hs_chart_set_timeline      (HsChart         *self,
                                          HsTimeline      *timeline);
HsChartStyle *hs_chart_get_style         (HsChart         *self);
gboolean      hs_chart_get_visible_range (HsChart         *self,
                                          gint64          *begin,
                                          gint64          *end);
guint         hs_chart_get_n_points      (HsChart         *self);
void          hs_chart_set_hover         (HsChart         *self,
                                          double           x,
                                          double           y);
void          hs_chart_unset_hover       (HsChart         *self);
void          hs_chart_zoom_to_pixels    (HsChart         *self,
                                          double           x0,
                                          double           x1);
void          hs_chart_draw              (HsChart         *self,
                                          cairo_t         *cr,
                                          int              width,
                                          int              height);
void          hs_chart_render            (HsChart         *self,
                                          cairo_t         *cr,
                                          int              width,
                                          int              height,
                                          HsChartStyle    *style);
void          hs_chart_get_plot_area     (HsChart         *self,
                                          int              width,
                                          int              height,
                                          graphene_rect_t *area);
double        hs_chart_value_to_y        (HsChart         *self,
                                          double           value,
                                          int              width,
                                          int              height);

G_END_DECLS
