/* hs-band-layer.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hs-chart-layer.h"

G_BEGIN_DECLS

#define HS_TYPE_BAND_LAYER (hs_band_layer_get_type ())

G_DECLARE_FINAL_TYPE (HsBandLayer, hs_band_layer, HS, BAND_LAYER, HsChartLayer)

HsChartLayer *hs_band_layer_new        (HsSeries      *series,
                                       guint          color);

G_END_DECLS
