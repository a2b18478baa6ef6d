/* hs-profile-analysis.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "hs-call-tree.h"
#include "hs-flame-model.h"
#include "hs-profile-filter.h"
#include "hs-profile-top.h"

G_BEGIN_DECLS

/* Everything one view shows for one sample index, built off the main
 * thread from the core's models. */
typedef struct
{
  HsTop        *top;
  HsTop        *lines_top;  /* by file:line; only when asked for */
  HsCallTree   *call_tree;
  HsFlameModel *flame;      /* the flame graph and the top-down call tree */
  HsProfileFilterFlags unmatched;  /* filters that matched nothing */
} HsProfileAnalysis;

void               hs_profile_analysis_run_async  (HsProfile            *base,
                                                   HsProfile            *profile,
                                                   guint                 sample_index,
                                                   gboolean              with_lines,
                                                   gboolean              with_flame,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
/* The same over the samples that pass @filter (pprof's -focus and the
 * others, hs-profile-filter.h; NULL: all), on both sides of a diff. A
 * filter that does not compile fails with HS_PROFILE_ERROR_BAD_FILTER. */
void               hs_profile_analysis_run_filtered_async (HsProfile             *base,
                                                           HsProfile             *profile,
                                                           const HsProfileFilter *filter,
                                                           guint                  sample_index,
                                                           gboolean               with_lines,
                                                           gboolean               with_flame,
                                                           GCancellable          *cancellable,
                                                           GAsyncReadyCallback    callback,
                                                           gpointer               user_data);
HsProfileAnalysis *hs_profile_analysis_run_finish (GAsyncResult         *result,
                                                   GError              **error);
void               hs_profile_analysis_flame_async (HsTop               *top,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
void               hs_profile_analysis_free       (HsProfileAnalysis    *analysis);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HsProfileAnalysis, hs_profile_analysis_free)

G_END_DECLS
