/* hs-map-row.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "hs-memory-map.h"
#include "hs-memory-map-diff.h"

G_BEGIN_DECLS

/* The columns the memory-map tables can show. */
typedef enum
{
  HS_MAP_COLUMN_NAME,
  HS_MAP_COLUMN_PERMS,
  HS_MAP_COLUMN_SIZE,
  HS_MAP_COLUMN_RSS,
  HS_MAP_COLUMN_PSS,
  HS_MAP_COLUMN_PRIVATE_DIRTY,
  HS_MAP_COLUMN_SWAP,
  HS_MAP_COLUMN_BASE_RSS,
  HS_MAP_COLUMN_NEW_RSS,
  HS_MAP_COLUMN_DELTA_RSS,
  HS_MAP_COLUMN_DELTA_SIZE,
  HS_MAP_COLUMN_DELTA_PRIVATE_DIRTY,
  HS_MAP_N_COLUMNS
} HsMapColumn;

/**
 * HsMapRow:
 * One row of a memory-map table: a mapping of a snapshot, or an entry of
 * a diff (mappings grouped by name). Immutable.
 */
#define HS_TYPE_MAP_ROW (hs_map_row_get_type ())

G_DECLARE_FINAL_TYPE (HsMapRow, hs_map_row, HS, MAP_ROW, GObject)

HsMapRow   *hs_map_row_new_for_mapping (const HsMapping            *mapping);
HsMapRow   *hs_map_row_new_for_entry   (const HsMemoryMapDiffEntry *entry);
const char *hs_map_row_get_name        (HsMapRow                   *self);
const char *hs_map_row_get_perms       (HsMapRow                   *self);
/* Bytes (signed for the deltas); 0 for NAME and PERMS. */
gint64      hs_map_row_get_value       (HsMapRow                   *self,
                                        HsMapColumn                 column);
/* What a cell shows: bytes in binary units; deltas with ▲/▼ so that the
 * direction does not rest on colour alone. (transfer full) */
char       *hs_map_row_format          (HsMapRow                   *self,
                                        HsMapColumn                 column);
/* "▲ +40.0 MiB", "▼ −1.00 MiB", "±0". (transfer full) */
char       *hs_map_format_delta        (gint64                      delta);

/* Builds the columns of @view (one per entry of @columns) over @model,
 * each sortable, and wraps @model in a GtkSortListModel bound to the
 * view's sorter, initially by @sort_column descending. Returns the sort
 * model (transfer none: owned by the view's selection). */
GtkSortListModel *hs_map_row_setup_column_view (GtkColumnView     *view,
                                                GListModel        *model,
                                                const HsMapColumn *columns,
                                                guint              n_columns,
                                                HsMapColumn        sort_column);

G_END_DECLS
