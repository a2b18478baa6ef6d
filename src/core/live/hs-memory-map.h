/* hs-memory-map.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define HS_MEMORY_MAP_FORMAT "heapscope-memory-map/1"

/* The largest snapshot read (`--max-size` changes it): about 180,000
 * mappings, almost three times the kernel's default vm.max_map_count. */
#define HS_MEMORY_MAP_DEFAULT_MAX_SIZE (G_GUINT64_CONSTANT (64) << 20)

/**
 * HsMapping:
 * One line of /proc/PID/smaps. @name is the path, or `[heap]`, `[stack]`,
 * `[vdso]`… as the kernel prints it, or `[anon]` for an anonymous mapping
 * (the kernel prints nothing). Sizes in bytes.
 */
typedef struct
{
  guint64  start;
  guint64  end;
  char     perms[5];
  guint64  offset;
  guint64  inode;
  char    *name;
  guint64  size;
  guint64  rss;
  guint64  pss;
  guint64  private_dirty;
  guint64  swap;
} HsMapping;

/* A snapshot of every mapping of one process (see SNAPSHOT-FORMAT.md). */
typedef struct _HsMemoryMap HsMemoryMap;

#define HS_TYPE_MEMORY_MAP (hs_memory_map_get_type ())
GType            hs_memory_map_get_type      (void) G_GNUC_CONST;

HsMemoryMap     *hs_memory_map_new           (int                pid,
                                              const char        *name,
                                              const char        *cmdline,
                                              gint64             wall_usec);
HsMemoryMap     *hs_memory_map_ref           (HsMemoryMap       *self);
void             hs_memory_map_unref         (HsMemoryMap       *self);
/* Copies @mapping (and its name). */
void             hs_memory_map_add           (HsMemoryMap       *self,
                                              const HsMapping   *mapping);

int              hs_memory_map_get_pid       (HsMemoryMap       *self);
const char      *hs_memory_map_get_name      (HsMemoryMap       *self);
const char      *hs_memory_map_get_cmdline   (HsMemoryMap       *self);
gint64           hs_memory_map_get_wall_usec (HsMemoryMap       *self);
guint            hs_memory_map_get_n_mappings (HsMemoryMap      *self);
const HsMapping *hs_memory_map_get_mapping   (HsMemoryMap       *self,
                                              guint              index);
/* Sum of every mapping; any out pointer may be NULL. */
void             hs_memory_map_get_totals    (HsMemoryMap       *self,
                                              guint64           *size,
                                              guint64           *rss,
                                              guint64           *pss,
                                              guint64           *private_dirty,
                                              guint64           *swap);

gboolean         hs_memory_map_save          (HsMemoryMap       *self,
                                              const char        *path,
                                              GError           **error);
char            *hs_memory_map_to_json       (HsMemoryMap       *self);
/* Errors name the file and the problem (G_IO_ERROR_INVALID_DATA). Files
 * are read under HS_MEMORY_MAP_DEFAULT_MAX_SIZE, or @max_size if not 0. */
HsMemoryMap     *hs_memory_map_load          (const char        *path,
                                              GError           **error);
HsMemoryMap     *hs_memory_map_load_file     (GFile             *file,
                                              guint64            max_size,
                                              GCancellable      *cancellable,
                                              GError           **error);
HsMemoryMap     *hs_memory_map_load_bytes    (GBytes            *bytes,
                                              const char        *display_name,
                                              GError           **error);
/* Content sniff of the first bytes of a file (HS_INPUT_SNIFF_SIZE is
 * plenty): is it a JSON object, so to be read as a snapshot? */
gboolean         hs_memory_map_sniff         (const guint8      *data,
                                              gsize              length);
/* The same on the start of @path (no full parse). */
gboolean         hs_memory_map_is_snapshot_file (const char     *path);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HsMemoryMap, hs_memory_map_unref)

G_END_DECLS
