/* hs-memory-map-diff.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-memory-map-diff"

#include "config.h"

#include <string.h>

#include "hs-growers.h"
#include "hs-memory-map-diff.h"
#include "hs-units.h"

struct _HsMemoryMapDiff
{
  gatomicrefcount  ref_count;
  HsMemoryMap     *base;
  HsMemoryMap     *new_map;
  GArray          *entries;  /* HsMemoryMapDiffEntry, keys owned */
};

G_DEFINE_BOXED_TYPE (HsMemoryMapDiff, hs_memory_map_diff,
                     hs_memory_map_diff_ref, hs_memory_map_diff_unref)

static void
clear_entry (gpointer data)
{
  HsMemoryMapDiffEntry *entry = data;

  g_free (entry->key);
}

static HsMemoryMapDiffEntry *
entry_for (GHashTable *index,
           GArray     *entries,
           const char *key)
{
  gpointer position;
  HsMemoryMapDiffEntry entry = { 0 };

  if (g_hash_table_lookup_extended (index, key, NULL, &position))
    return &g_array_index (entries, HsMemoryMapDiffEntry, GPOINTER_TO_UINT (position));

  entry.key = g_strdup (key);
  g_array_append_val (entries, entry);
  g_hash_table_insert (index, entry.key, GUINT_TO_POINTER (entries->len - 1));
  return &g_array_index (entries, HsMemoryMapDiffEntry, entries->len - 1);
}

static int
compare_growth (gconstpointer a,
                gconstpointer b)
{
  const HsMemoryMapDiffEntry *ea = a;
  const HsMemoryMapDiffEntry *eb = b;

  if (ea->delta_rss != eb->delta_rss)
    return ea->delta_rss > eb->delta_rss ? -1 : 1;
  if (ea->delta_size != eb->delta_size)
    return ea->delta_size > eb->delta_size ? -1 : 1;
  return strcmp (ea->key, eb->key);
}

HsMemoryMapDiff *
hs_memory_map_diff_new (HsMemoryMap *base,
                        HsMemoryMap *new_map)
{
  g_autoptr(GHashTable) index = NULL;
  HsMemoryMapDiff *self;

  g_return_val_if_fail (base != NULL, NULL);
  g_return_val_if_fail (new_map != NULL, NULL);

  self = g_new0 (HsMemoryMapDiff, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->base = hs_memory_map_ref (base);
  self->new_map = hs_memory_map_ref (new_map);
  self->entries = g_array_new (FALSE, TRUE, sizeof (HsMemoryMapDiffEntry));
  g_array_set_clear_func (self->entries, clear_entry);

  /* Keys point into entries' own strings; the array may move but the
   * strings do not. */
  index = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < hs_memory_map_get_n_mappings (base); i++)
    {
      const HsMapping *m = hs_memory_map_get_mapping (base, i);
      HsMemoryMapDiffEntry *e = entry_for (index, self->entries, m->name);

      e->base_count++;
      e->base_size = hs_uint64_add_saturating (e->base_size, m->size);
      e->base_rss = hs_uint64_add_saturating (e->base_rss, m->rss);
      e->base_pss = hs_uint64_add_saturating (e->base_pss, m->pss);
      e->base_private_dirty = hs_uint64_add_saturating (e->base_private_dirty, m->private_dirty);
      e->base_swap = hs_uint64_add_saturating (e->base_swap, m->swap);
    }
  for (guint i = 0; i < hs_memory_map_get_n_mappings (new_map); i++)
    {
      const HsMapping *m = hs_memory_map_get_mapping (new_map, i);
      HsMemoryMapDiffEntry *e = entry_for (index, self->entries, m->name);

      e->new_count++;
      e->new_size = hs_uint64_add_saturating (e->new_size, m->size);
      e->new_rss = hs_uint64_add_saturating (e->new_rss, m->rss);
      e->new_pss = hs_uint64_add_saturating (e->new_pss, m->pss);
      e->new_private_dirty = hs_uint64_add_saturating (e->new_private_dirty, m->private_dirty);
      e->new_swap = hs_uint64_add_saturating (e->new_swap, m->swap);
    }

  /* Sizes come from a file: sums and deltas saturate (hs-units.h). */
  for (guint i = 0; i < self->entries->len; i++)
    {
      HsMemoryMapDiffEntry *e = &g_array_index (self->entries, HsMemoryMapDiffEntry, i);

      e->delta_size = hs_uint64_delta (e->base_size, e->new_size);
      e->delta_rss = hs_uint64_delta (e->base_rss, e->new_rss);
      e->delta_pss = hs_uint64_delta (e->base_pss, e->new_pss);
      e->delta_private_dirty = hs_uint64_delta (e->base_private_dirty, e->new_private_dirty);
      e->delta_swap = hs_uint64_delta (e->base_swap, e->new_swap);
    }

  g_array_sort (self->entries, compare_growth);
  return self;
}

HsMemoryMapDiff *
hs_memory_map_diff_ref (HsMemoryMapDiff *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
hs_memory_map_diff_unref (HsMemoryMapDiff *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_array_unref (self->entries);
  hs_memory_map_unref (self->base);
  hs_memory_map_unref (self->new_map);
  g_free (self);
}

guint
hs_memory_map_diff_get_n_entries (HsMemoryMapDiff *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->entries->len;
}

const HsMemoryMapDiffEntry *
hs_memory_map_diff_get_entry (HsMemoryMapDiff *self,
                              guint            index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->entries->len, NULL);
  return &g_array_index (self->entries, HsMemoryMapDiffEntry, index);
}

/**
 * hs_memory_map_diff_get_growers:
 * @self: a diff
 * @max_n: how many to return
 *
 * The entries whose RSS grew, ranked by hs_growers_rank(): largest
 * growth first, then by name.
 *
 * Returns: (transfer container) (element-type HsMemoryMapDiffEntry): at
 *   most @max_n entries, owned by @self
 */
GPtrArray *
hs_memory_map_diff_get_growers (HsMemoryMapDiff *self,
                                guint            max_n)
{
  g_autoptr(GArray) growers = g_array_new (FALSE, FALSE, sizeof (HsGrower));
  GPtrArray *entries;

  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->entries->len; i++)
    {
      HsMemoryMapDiffEntry *e = &g_array_index (self->entries, HsMemoryMapDiffEntry, i);
      HsGrower grower = { e, e->key, e->delta_rss };

      g_array_append_val (growers, grower);
    }
  hs_growers_rank (growers, max_n);

  entries = g_ptr_array_sized_new (growers->len);
  for (guint i = 0; i < growers->len; i++)
    g_ptr_array_add (entries, g_array_index (growers, HsGrower, i).item);
  return entries;
}

HsMemoryMap *
hs_memory_map_diff_get_base (HsMemoryMapDiff *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->base;
}

HsMemoryMap *
hs_memory_map_diff_get_new (HsMemoryMapDiff *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->new_map;
}
