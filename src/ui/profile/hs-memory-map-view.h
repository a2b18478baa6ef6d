/* hs-memory-map-view.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "hs-memory-map.h"

G_BEGIN_DECLS

#define HS_TYPE_MEMORY_MAP_VIEW (hs_memory_map_view_get_type ())

G_DECLARE_FINAL_TYPE (HsMemoryMapView, hs_memory_map_view, HS, MEMORY_MAP_VIEW, GtkWidget)

HsMemoryMapView *hs_memory_map_view_new            (GFile           *file);
HsMemoryMapView *hs_memory_map_view_new_for_map    (HsMemoryMap     *map,
                                                    GFile           *file);
GFile           *hs_memory_map_view_get_file       (HsMemoryMapView *self);
const char      *hs_memory_map_view_get_title      (HsMemoryMapView *self);
gboolean         hs_memory_map_view_get_loading    (HsMemoryMapView *self);
HsMemoryMap     *hs_memory_map_view_get_memory_map (HsMemoryMapView *self);
const char      *hs_memory_map_view_get_error_message (HsMemoryMapView *self);
const char      *hs_memory_map_view_get_totals_text (HsMemoryMapView *self);
/* The rows as shown (filtered and sorted), of HsMapRow. (transfer none) */
GListModel      *hs_memory_map_view_get_rows       (HsMemoryMapView *self);
void             hs_memory_map_view_set_search_text (HsMemoryMapView *self,
                                                    const char      *text);

G_END_DECLS
