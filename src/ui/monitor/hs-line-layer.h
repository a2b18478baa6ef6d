/* hs-line-layer.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hs-chart-layer.h"

G_BEGIN_DECLS

#define HS_TYPE_LINE_LAYER (hs_line_layer_get_type ())

G_DECLARE_FINAL_TYPE (HsLineLayer, hs_line_layer, HS, LINE_LAYER, HsChartLayer)

HsChartLayer *hs_line_layer_new       (HsSeries      *series,
                                      const char    *label,
                                      guint          color);
HsSeries     *hs_line_layer_get_series (HsLineLayer  *self);
void          hs_line_layer_set_fill   (HsLineLayer   *self,
                                      gboolean       fill);
gboolean      hs_line_layer_get_fill   (HsLineLayer   *self);

G_END_DECLS
