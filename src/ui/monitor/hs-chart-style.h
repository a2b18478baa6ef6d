/* hs-chart-style.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define HS_TYPE_CHART_STYLE (hs_chart_style_get_type ())

G_DECLARE_FINAL_TYPE (HsChartStyle, hs_chart_style, HS, CHART_STYLE, GObject)

HsChartStyle *hs_chart_style_new            (gboolean               dark);
HsChartStyle *hs_chart_style_new_for_widget (GtkWidget             *widget);
gboolean      hs_chart_style_get_dark       (HsChartStyle          *self);
void          hs_chart_style_get_foreground (HsChartStyle          *self,
                                             GdkRGBA               *rgba);
void          hs_chart_style_get_background (HsChartStyle          *self,
                                             GdkRGBA               *rgba);
void          hs_chart_style_get_color      (HsChartStyle          *self,
                                             guint                  index,
                                             GdkRGBA               *rgba);
const PangoFontDescription *
              hs_chart_style_get_font       (HsChartStyle          *self);
void          hs_chart_style_set_source     (HsChartStyle          *self,
                                             cairo_t               *cr,
                                             const GdkRGBA         *rgba,
                                             double                 alpha);
PangoLayout  *hs_chart_style_create_layout  (HsChartStyle          *self,
                                             cairo_t               *cr,
                                             const char            *text,
                                             gboolean               bold,
                                             gboolean               small);
void          hs_chart_style_show_layout    (HsChartStyle          *self,
                                             cairo_t               *cr,
                                             PangoLayout           *layout,
                                             double                 x,
                                             double                 y);

G_END_DECLS
