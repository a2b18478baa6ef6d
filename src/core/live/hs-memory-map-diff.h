/* hs-memory-map-diff.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hs-memory-map.h"

G_BEGIN_DECLS

/**
 * HsMemoryMapDiffEntry:
 * Mappings are matched by key = name (path, `[heap]`, `[anon]`, `[stack]`):
 * addresses move between runs and anonymous mappings merge, split and grow
 * downwards, so per-address matching would show churn instead of growth.
 * All mappings with the same key are summed; @base_count/@new_count say
 * how many there were.
 */
typedef struct
{
  char    *key;
  guint    base_count;
  guint    new_count;
  guint64  base_size, new_size;
  guint64  base_rss, new_rss;
  guint64  base_pss, new_pss;
  guint64  base_private_dirty, new_private_dirty;
  guint64  base_swap, new_swap;
  gint64   delta_size;
  gint64   delta_rss;
  gint64   delta_pss;
  gint64   delta_private_dirty;
  gint64   delta_swap;
} HsMemoryMapDiffEntry;

typedef struct _HsMemoryMapDiff HsMemoryMapDiff;

#define HS_TYPE_MEMORY_MAP_DIFF (hs_memory_map_diff_get_type ())
GType                       hs_memory_map_diff_get_type  (void) G_GNUC_CONST;

/* Entries sorted by growth: delta RSS descending (largest growth first,
 * shrinks last), then delta size descending, then key. */
HsMemoryMapDiff            *hs_memory_map_diff_new       (HsMemoryMap     *base,
                                                          HsMemoryMap     *new_map);
HsMemoryMapDiff            *hs_memory_map_diff_ref       (HsMemoryMapDiff *self);
void                        hs_memory_map_diff_unref     (HsMemoryMapDiff *self);
guint                       hs_memory_map_diff_get_n_entries (HsMemoryMapDiff *self);
const HsMemoryMapDiffEntry *hs_memory_map_diff_get_entry (HsMemoryMapDiff *self,
                                                          guint            index);
/* "Top growers" (hs-growers.c): entries whose RSS grew, largest first. */
GPtrArray                  *hs_memory_map_diff_get_growers (HsMemoryMapDiff *self,
                                                            guint            max_n);
HsMemoryMap                *hs_memory_map_diff_get_base  (HsMemoryMapDiff *self);
HsMemoryMap                *hs_memory_map_diff_get_new   (HsMemoryMapDiff *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HsMemoryMapDiff, hs_memory_map_diff_unref)

G_END_DECLS
