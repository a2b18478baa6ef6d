/* fuzz-snapshot.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fuzz-snapshot"

#include "config.h"

#include <stdint.h>

#include "hs-memory-map.h"
#include "hs-memory-map-diff.h"

/* libFuzzer entry: any bytes through the memory-map snapshot loader (the
 * JSON that `heapscope-cli snapshot` writes and diff and the Compare view
 * read). A snapshot that loads must survive everything done with one:
 * totals, a diff against itself (all deltas zero) and a save/load round
 * trip that gives the same mappings. */

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(HsMemoryMap) map = NULL;
  g_autoptr(HsMemoryMap) again = NULL;
  g_autoptr(HsMemoryMapDiff) diff = NULL;
  g_autoptr(GBytes) json_bytes = NULL;
  char *json;
  guint64 size_total, rss, pss, dirty, swap;

  map = hs_memory_map_load_bytes (bytes, "fuzz", &error);
  if (map == NULL)
    {
      g_assert (error != NULL);
      return 0;
    }

  hs_memory_map_get_totals (map, &size_total, &rss, &pss, &dirty, &swap);
  diff = hs_memory_map_diff_new (map, map);
  for (guint i = 0; i < hs_memory_map_diff_get_n_entries (diff); i++)
    {
      const HsMemoryMapDiffEntry *entry = hs_memory_map_diff_get_entry (diff, i);

      g_assert (entry->delta_size == 0 && entry->delta_rss == 0 && entry->delta_swap == 0);
    }

  json = hs_memory_map_to_json (map);
  json_bytes = g_bytes_new_take (json, strlen (json));
  again = hs_memory_map_load_bytes (json_bytes, "fuzz-again", &error);
  g_assert_no_error (error);
  g_assert (hs_memory_map_get_n_mappings (again) == hs_memory_map_get_n_mappings (map));
  return 0;
}
