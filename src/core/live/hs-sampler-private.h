/* hs-sampler-private.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hs-sampler.h"

G_BEGIN_DECLS

/* Turns a negative errno from hs-procfs into the GError both samplers give,
 * so the local and the probe sampler word their errors alike. @file is the
 * /proc file, e.g. "smaps". */
void   _hs_sampler_set_errno_error (GError     **error,
                                    int          neg_errno,
                                    int          pid,
                                    const char  *file);
/* "[anon]" for an anonymous mapping, the path otherwise. */
const char *_hs_mapping_display_name (const char *path);

G_END_DECLS
