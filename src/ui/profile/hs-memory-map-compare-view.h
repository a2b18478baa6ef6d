/* hs-memory-map-compare-view.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "hs-memory-map.h"
#include "hs-memory-map-diff.h"
#include "hs-memory-map-view.h"

G_BEGIN_DECLS

#define HS_TYPE_MEMORY_MAP_COMPARE_VIEW (hs_memory_map_compare_view_get_type ())

G_DECLARE_FINAL_TYPE (HsMemoryMapCompareView, hs_memory_map_compare_view, HS, MEMORY_MAP_COMPARE_VIEW, GtkWidget)

HsMemoryMapCompareView *hs_memory_map_compare_view_new       (HsMemoryMap            *base,
                                                              const char             *base_title,
                                                              HsMemoryMap            *newer,
                                                              const char             *new_title);
const char      *hs_memory_map_compare_view_get_title        (HsMemoryMapCompareView *self);
HsMemoryMapDiff *hs_memory_map_compare_view_get_diff         (HsMemoryMapCompareView *self);
/* The diff table's rows as shown (sorted), of HsMapRow. (transfer none) */
GListModel      *hs_memory_map_compare_view_get_rows         (HsMemoryMapCompareView *self);
/* Mappings whose RSS grew, largest first, at most 3: "[anon] ▲ +40.0 MiB". */
guint            hs_memory_map_compare_view_get_n_growers    (HsMemoryMapCompareView *self);
const char      *hs_memory_map_compare_view_get_grower       (HsMemoryMapCompareView *self,
                                                              guint                   index);
const char      *hs_memory_map_compare_view_get_growers_text (HsMemoryMapCompareView *self);
HsMemoryMapView *hs_memory_map_compare_view_get_base_view    (HsMemoryMapCompareView *self);
HsMemoryMapView *hs_memory_map_compare_view_get_new_view     (HsMemoryMapCompareView *self);
void             hs_memory_map_compare_view_swap             (HsMemoryMapCompareView *self);

G_END_DECLS
