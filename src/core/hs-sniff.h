/* hs-sniff.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "hs-input-file.h"

G_BEGIN_DECLS

/* What a file is, from its first bytes (hs-sniff.c). */
typedef enum
{
  HS_INPUT_EMPTY,
  HS_INPUT_GZIP,           /* compressed: a profile's reader inflates it first */
  HS_INPUT_SNAPSHOT,       /* a JSON object: a memory-map snapshot, or refused as one */
  HS_INPUT_PPROF,          /* starts like profile.proto */
  HS_INPUT_GO_TEXT,        /* Go's symbolized texts (hs-profile-text.c) */
  HS_INPUT_LEGACY,         /* pprof's other legacy forms (hs-profile-legacy.c) */
  HS_INPUT_JEMALLOC,       /* jemalloc's heap_v2 dump (hs-jemalloc-reader.c) */
  HS_INPUT_MASSIF,         /* valgrind massif's output (hs-massif.c) */
  HS_INPUT_UNKNOWN_BINARY, /* no known form; worth a try as protobuf */
  HS_INPUT_OTHER,          /* a known kind of file that is no profile */
} HsInputKind;

/* @out_what (may be NULL) gets what the file looks like, for a refusal
 * ("a PNG image", "plain text starting with “…”"), for every kind but the
 * profiles a reader takes. */
HsInputKind hs_input_sniff            (const guint8 *buf,
                                       gsize         len,
                                       char        **out_what);
/* The gperftools binary CPU profile's header (words 0, 3, 0 or 1 for
 * Java, period, 0), in any of pprof's four word forms. */
gboolean    hs_input_sniff_legacy_cpu (const guint8 *buf,
                                       gsize         len,
                                       guint        *out_width,
                                       gboolean     *out_big,
                                       gboolean     *out_java);

G_END_DECLS
