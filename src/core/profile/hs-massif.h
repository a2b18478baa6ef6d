/* hs-massif.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "hs-profile.h"

G_BEGIN_DECLS

/* Valgrind massif's output (massif.out.PID): the heap over time, one
 * snapshot at a time, some of them with the allocation tree ("detailed",
 * and the "peak"). The figures are ms_print's: total = useful heap +
 * extra heap (allocator overhead) + stacks. */

typedef enum
{
  HS_MASSIF_TREE_EMPTY,
  HS_MASSIF_TREE_DETAILED,
  HS_MASSIF_TREE_PEAK,
} HsMassifTree;

typedef struct
{
  guint        index;      /* massif's snapshot number */
  gint64       time;       /* in the file's time unit */
  gint64       heap;       /* mem_heap_B: what the program asked for */
  gint64       heap_extra; /* mem_heap_extra_B: allocator overhead */
  gint64       stacks;     /* mem_stacks_B (with --stacks=yes) */
  HsMassifTree tree;
} HsMassifSnapshot;

#define HS_TYPE_MASSIF (hs_massif_get_type ())
G_DECLARE_FINAL_TYPE (HsMassif, hs_massif, HS, MASSIF, GObject)

/* TRUE when @buf starts as massif's output does ("desc:"). */
gboolean                hs_massif_sniff              (const guint8  *buf,
                                                      gsize          len);
HsMassif               *hs_massif_parse              (const guint8  *buf,
                                                      gsize          len,
                                                      const char    *name,
                                                      GCancellable  *cancellable,
                                                      GError       **error);
HsMassif               *hs_massif_load_file          (GFile         *file,
                                                      guint64        max_size,
                                                      GCancellable  *cancellable,
                                                      GError       **error);

const char             *hs_massif_get_display_name   (HsMassif      *self);
const char             *hs_massif_get_command        (HsMassif      *self);
const char             *hs_massif_get_description    (HsMassif      *self);
/* "i" (instructions), "ms" or "B" (bytes allocated), as --time-unit. */
const char             *hs_massif_get_time_unit      (HsMassif      *self);
guint                   hs_massif_get_n_snapshots    (HsMassif      *self);
const HsMassifSnapshot *hs_massif_get_snapshot       (HsMassif      *self,
                                                      guint          position);
/* heap + heap_extra + stacks, as ms_print's "total(B)". */
gint64                  hs_massif_snapshot_total     (const HsMassifSnapshot *snapshot);
/* The position of the peak snapshot with a tree, else of the detailed
 * snapshot with the largest total; -1 when no snapshot has a tree. */
int                     hs_massif_get_default_position (HsMassif    *self);
/* The position of the snapshot with the largest total (ms_print's peak). */
int                     hs_massif_get_max_position   (HsMassif      *self);

/* The allocation tree of the snapshot at @position as a profile (sample
 * type inuse_space/bytes): each tree node's own bytes (its size less its
 * children's) is one sample whose stack is the path to it, so top, call
 * tree, flame graph and Compare work on it as on any heap profile. Fails
 * for a snapshot without a tree. */
HsProfile              *hs_massif_get_profile        (HsMassif      *self,
                                                      guint          position,
                                                      GError       **error);

G_END_DECLS
