/* hs-local-sampler.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hs-sampler.h"

G_BEGIN_DECLS

/* In-process sampler: libgtop where it has the value (RSS, VSZ, shared,
 * CPU time, the process list), /proc directly where libgtop 2.40 has
 * nothing (threads, RssAnon, VmSwap, fds) or wrong figures (its per-map
 * rss/pss/swap are always 0: smaps is parsed by hs-procfs.c). */
#define HS_TYPE_LOCAL_SAMPLER (hs_local_sampler_get_type ())
G_DECLARE_FINAL_TYPE (HsLocalSampler, hs_local_sampler, HS, LOCAL_SAMPLER, HsSampler)

HsSampler *hs_local_sampler_new (void);

G_END_DECLS
