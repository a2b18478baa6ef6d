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
#include "hs-profile-top.h"

G_BEGIN_DECLS

/* Everything one view shows for one sample index, built off the main
 * thread from the core's models. */
typedef struct
{
  HsTop        *top;
  HsTop        *lines_top;  /* by file:line; only when asked for */
  HsCallTree   *call_tree;
  HsFlameModel *flame;
  GArray       *frames;     /* HsFlameFrame, laid out for HsFlameGraph;
                             * the strings belong to @flame */
  gint64        frames_total;
} HsProfileAnalysis;

void               hs_profile_analysis_run_async  (HsProfile            *base,
                                                   HsProfile            *profile,
                                                   guint                 sample_index,
                                                   gboolean              with_lines,
                                                   gboolean              with_flame,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
HsProfileAnalysis *hs_profile_analysis_run_finish (GAsyncResult         *result,
                                                   GError              **error);
void               hs_profile_analysis_flame_async (HsTop               *top,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
void               hs_profile_analysis_free       (HsProfileAnalysis    *analysis);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HsProfileAnalysis, hs_profile_analysis_free)

G_END_DECLS
