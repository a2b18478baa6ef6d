/* hs-profile-builder.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hs-profile-private.h"

G_BEGIN_DECLS

/* Builds an HsProfileData for the text and legacy readers
 * (hs-profile-text.c, hs-profile-legacy.c, hs-jemalloc-reader.c): strings,
 * functions and locations are interned, the current stack is collected in
 * `locs` (leaf first) and turned into a sample by hs_builder_sample. */
typedef struct
{
  HsProfileData *data;
  GHashTable    *strings;    /* char* → index+1 */
  GHashTable    *functions;  /* "name\nfile" → index+1 */
  GHashTable    *locations;  /* key → index+1 */
  GHashTable    *addresses;  /* address (as pointer) → index+1, address-only locations */
  HsStackTable  *stacks;
  GArray        *locs;
} HsBuilder;

void           hs_builder_init      (HsBuilder     *b);
void           hs_builder_clear     (HsBuilder     *b);
HsProfileData *hs_builder_finish    (HsBuilder     *b);
guint32        hs_builder_str       (HsBuilder     *b,
                                     const char    *s);
guint32        hs_builder_function  (HsBuilder     *b,
                                     const char    *name,
                                     const char    *file);
/* A location with one line, interned by all four. */
guint32        hs_builder_location  (HsBuilder     *b,
                                     guint64        address,
                                     const char    *name,
                                     const char    *file,
                                     gint64         line);
/* A location known only by its address (no line), one per address, as
 * pprof's legacy parsers make them. */
guint32        hs_builder_address   (HsBuilder     *b,
                                     guint64        address);
/* Appends b->locs as one sample's stack, then empties b->locs. */
void           hs_builder_sample    (HsBuilder     *b,
                                     const gint64  *values,
                                     guint          n_values,
                                     GArray        *labels);
/* NULL-terminated pairs of type and unit names. */
void           hs_builder_types     (HsBuilder     *b,
                                     const char   **names);
void           hs_builder_period    (HsBuilder     *b,
                                     const char    *type,
                                     const char    *unit,
                                     gint64         period);

/* One executable entry of a memory map (hs_builder_memory_map's rules). */
typedef struct
{
  guint64  start;
  guint64  limit;
  guint64  offset;
  char    *file;
  char    *build_id;
} HsMapEntry;

/* FALSE (and nothing to clear) for a line that is no executable entry. */
gboolean       hs_map_line_parse    (const char    *line,
                                     HsMapEntry    *out);
void           hs_map_entry_clear   (HsMapEntry    *entry);

/* The memory map after a legacy profile's "MAPPED_LIBRARIES:" or "---
 * Memory map: ---" line (/proc/PID/maps lines, or the brief "start-end
 * file (@offset) buildid" form): executable entries become mappings and
 * every address-only location is given the one that holds it, by pprof's
 * rules (legacy_profile.go: ParseMemoryMapFromScanner, massageMappings,
 * remapMappingIDs), including its catch-all mapping for addresses no
 * entry holds. @lines is NULL-terminated; NULL for no map at all (the
 * catch-all mapping is still made). */
void           hs_builder_memory_map (HsBuilder    *b,
                                      char * const *lines);

/* pprof's scaleHeapSample: a heap v2 record (count, size) sampled with
 * mean interval @rate, un-sampled. */
void           hs_scale_heap_sample (gint64        count,
                                     gint64        size,
                                     gint64        rate,
                                     gint64       *out_count,
                                     gint64       *out_size);
/* Go's int64(float64), clamped where C would be undefined. */
gint64         hs_double_to_i64     (double        v);

G_END_DECLS
