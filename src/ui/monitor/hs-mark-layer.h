/* hs-mark-layer.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hs-chart-layer.h"

G_BEGIN_DECLS

#define HS_TYPE_MARK_LAYER (hs_mark_layer_get_type ())

G_DECLARE_FINAL_TYPE (HsMarkLayer, hs_mark_layer, HS, MARK_LAYER, HsChartLayer)

HsChartLayer *hs_mark_layer_new      (gint64        time,
                                     const char   *label,
                                     guint         color);
gint64        hs_mark_layer_get_time (HsMarkLayer  *self);
void          hs_mark_layer_set_row  (HsMarkLayer  *self,
                                     guint         row);

G_END_DECLS
