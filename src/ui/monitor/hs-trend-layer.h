/* hs-trend-layer.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hs-chart-layer.h"

G_BEGIN_DECLS

#define HS_TYPE_TREND_LAYER (hs_trend_layer_get_type ())

G_DECLARE_FINAL_TYPE (HsTrendLayer, hs_trend_layer, HS, TREND_LAYER, HsChartLayer)

HsChartLayer *hs_trend_layer_new         (const char   *label,
                                         guint         color);
void          hs_trend_layer_set_segment (HsTrendLayer *self,
                                         gint64        t0,
                                         double        v0,
                                         gint64        t1,
                                         double        v1);
gboolean      hs_trend_layer_get_segment (HsTrendLayer *self,
                                         gint64       *t0,
                                         double       *v0,
                                         gint64       *t1,
                                         double       *v1);

G_END_DECLS
