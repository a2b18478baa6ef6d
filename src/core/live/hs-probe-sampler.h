/* hs-probe-sampler.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hs-sampler.h"

G_BEGIN_DECLS

/* Sampler that asks heapscope-probe, a libc-only child, over its stdin and
 * stdout (protocol: src/probe/PROTOCOL.md). In a Flatpak the probe runs on
 * the host through `flatpak-spawn --host --watch-bus`. Each request is a
 * blocking round trip with a timeout; use the _async calls from a UI. */
#define HS_TYPE_PROBE_SAMPLER (hs_probe_sampler_get_type ())
G_DECLARE_FINAL_TYPE (HsProbeSampler, hs_probe_sampler, HS, PROBE_SAMPLER, HsSampler)

/* Starts the probe found by hs_find_helper_program() (wrapped in
 * flatpak-spawn when sandboxed) and checks its version. Fails with
 * HS_SAMPLER_ERROR_PROBE_FAILED and a message saying why. */
HsSampler  *hs_probe_sampler_new      (GError        **error);
/* Same with an explicit argument vector (argv[0] a path), no lookup. */
HsSampler  *hs_probe_sampler_new_argv (const char * const *argv,
                                       GError        **error);
/* The process id of the running probe (0 once it has stopped). */
int         hs_probe_sampler_get_probe_pid (HsProbeSampler *self);
/* Build the argv that hs_probe_sampler_new() uses. (transfer full) */
GStrv       hs_probe_sampler_build_argv (GError       **error);

G_END_DECLS
