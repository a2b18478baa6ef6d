/* hs-symbolizer.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hs-profile-private.h"

G_BEGIN_DECLS

/* Names the address-only locations of @data (gperftools, jemalloc and
 * legacy texts carry return addresses and a memory map, no names) from
 * the ELF files of their mappings, with elfutils' libdwfl: the function,
 * its file and line, and inlined frames innermost first, as pprof shows
 * them.
 *
 * Each mapping's file is looked up as pprof does (PPROF_BINARY_PATH):
 * for each directory of @search_path, DIR/BUILD-ID/BASENAME, DIR/BASENAME
 * and DIR/FULL-PATH, then the mapping's own path. A file whose build ID
 * differs from the mapping's is never used: a wrong name is worse than an
 * address. Every mapping that could not be used adds one sentence to
 * @notes (translated, for the user: which file, why, how many addresses
 * stay unnamed). Returns FALSE only when cancelled. */
gboolean hs_symbolize_data        (HsProfileData       *data,
                                   const char * const  *search_path,
                                   GPtrArray           *notes,
                                   GCancellable        *cancellable,
                                   GError             **error);

/* TRUE when some location of @data has an address and a mapping with a
 * file but no name yet. */
gboolean hs_symbolize_data_needed (HsProfileData       *data);

G_END_DECLS
