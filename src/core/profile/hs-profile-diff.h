/* hs-profile-diff.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hs-profile.h"
#include "hs-profile-top.h"

G_BEGIN_DECLS

/* `go tool pprof -top -diff_base=BASE NEW`: the base samples are negated
 * and merged with the new ones, so each row's flat/cum is new − base, rows
 * whose flat and cum are both 0 are dropped, the order is by |flat|, and
 * fractions are relative to the base total. Profiles from different builds
 * are matched by function name (and file:line in lines mode), never by
 * address. Fails with HS_PROFILE_ERROR_INCOMPATIBLE when the sample types
 * differ. Rows carry the base and new sides as well. */
HsTop    *hs_top_new_diff               (HsProfile  *base,
                                         HsProfile  *newer,
                                         guint       sample_index,
                                         gboolean    lines,
                                         GError    **error);
/* The same, cancellable (see hs_top_new_full()). */
HsTop    *hs_top_new_diff_full          (HsProfile     *base,
                                         HsProfile     *newer,
                                         guint          sample_index,
                                         gboolean       lines,
                                         GCancellable  *cancellable,
                                         GError       **error);

gboolean  hs_profile_diff_check         (HsProfile  *base,
                                         HsProfile  *newer,
                                         GError    **error);

G_END_DECLS
