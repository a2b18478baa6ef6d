/* hs-profile-legacy.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hs-profile-builder.h"

G_BEGIN_DECLS

typedef enum
{
  HS_HEAP_HEADER_NONE,
  HS_HEAP_HEADER_HEAP,
  HS_HEAP_HEADER_GROWTH,
  HS_HEAP_HEADER_FRAGMENTATION,
} HsHeapHeaderKind;

/* A "heap profile: …" first line, read as pprof's parseHeapHeader does. */
typedef struct
{
  HsHeapHeaderKind kind;
  gboolean         v2;         /* scale each record (heap, heap_v2, heapz_v2) */
  gint64           period;     /* sampling interval in bytes; 1 = all */
  gboolean         has_alloc;  /* alloc columns differ from in-use: 4 types */
} HsHeapHeader;

gboolean       hs_legacy_heap_header  (const char         *line,
                                       HsHeapHeader       *out);
/* Sample and period types for @h. */
void           hs_legacy_heap_types   (HsBuilder          *b,
                                       const HsHeapHeader *h);
/* One record's values (2 or 4, scaled) from its four numbers. */
gboolean       hs_legacy_heap_values  (const char         *cap[4],
                                       const gsize         cap_len[4],
                                       const HsHeapHeader *h,
                                       gint64             *values,
                                       gint64             *out_blocksize,
                                       GError            **error,
                                       const char         *name,
                                       guint               lineno);
/* One "i: ib [a: ab] @ 0x…" record (pprof's parseHeapSample, the pattern
 * found anywhere in @line): its values as hs_legacy_heap_values; returns
 * what follows the "@", or NULL with @error set. */
const char    *hs_legacy_heap_record  (const char         *line,
                                       const HsHeapHeader *h,
                                       gint64             *values,
                                       gint64             *out_blocksize,
                                       const char         *name,
                                       guint               lineno,
                                       GError            **error);
/* Every legacy form pprof reads but Go's symbolized texts (which
 * hs-profile-text.c reads with their names). NULL with an error when the
 * bytes are none of them. */
HsProfileData *hs_profile_legacy_parse (const guint8      *buf,
                                        gsize              len,
                                        const char        *name,
                                        HsProfileFormat   *out_format,
                                        GCancellable      *cancellable,
                                        GError           **error);

/* jemalloc's heap dump (hs-jemalloc-reader.c). */
HsProfileData *hs_jemalloc_parse       (const guint8      *buf,
                                        gsize              len,
                                        const char        *name,
                                        GCancellable      *cancellable,
                                        GError           **error);

G_END_DECLS
