/* hs-stacked-layer.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hs-chart-layer.h"

G_BEGIN_DECLS

#define HS_TYPE_STACKED_LAYER (hs_stacked_layer_get_type ())

G_DECLARE_FINAL_TYPE (HsStackedLayer, hs_stacked_layer, HS, STACKED_LAYER, HsChartLayer)

HsChartLayer *hs_stacked_layer_new       (void);
void          hs_stacked_layer_add_series (HsStackedLayer *self,
                                          HsSeries       *series,
                                          const char     *label,
                                          guint           color);
guint         hs_stacked_layer_get_n_series (HsStackedLayer *self);

G_END_DECLS
