/* hs-threshold-layer.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hs-chart-layer.h"

G_BEGIN_DECLS

#define HS_TYPE_THRESHOLD_LAYER (hs_threshold_layer_get_type ())

G_DECLARE_FINAL_TYPE (HsThresholdLayer, hs_threshold_layer, HS, THRESHOLD_LAYER, HsChartLayer)

HsChartLayer *hs_threshold_layer_new       (double             value,
                                           const char        *label,
                                           guint              color);
double        hs_threshold_layer_get_value (HsThresholdLayer  *self);
void          hs_threshold_layer_set_value (HsThresholdLayer  *self,
                                           double             value);

G_END_DECLS
