/* hs-compare-view.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "hs-filter-bar.h"
#include "hs-flame-graph.h"
#include "hs-profile.h"
#include "hs-top-table.h"

G_BEGIN_DECLS

#define HS_TYPE_COMPARE_VIEW (hs_compare_view_get_type ())

G_DECLARE_FINAL_TYPE (HsCompareView, hs_compare_view, HS, COMPARE_VIEW, GtkWidget)

HsCompareView *hs_compare_view_new               (HsProfile     *base,
                                                  const char    *base_title,
                                                  HsProfile     *newer,
                                                  const char    *new_title,
                                                  GSettings     *settings);
const char    *hs_compare_view_get_title         (HsCompareView *self);
gboolean       hs_compare_view_get_ready         (HsCompareView *self);
const char    *hs_compare_view_get_error_message (HsCompareView *self);
guint          hs_compare_view_get_n_growers     (HsCompareView *self);
const char    *hs_compare_view_get_grower        (HsCompareView *self,
                                                  guint          index);
const char    *hs_compare_view_get_grower_change (HsCompareView *self,
                                                  guint          index);
const char    *hs_compare_view_get_grower_wait   (HsCompareView *self,
                                                  guint          index);
HsTopTable    *hs_compare_view_get_diff_table    (HsCompareView *self);
HsTopTable    *hs_compare_view_get_base_table    (HsCompareView *self);
HsTopTable    *hs_compare_view_get_new_table     (HsCompareView *self);
HsFlameGraph  *hs_compare_view_get_flame_graph   (HsCompareView *self);
/* The filter bar (pprof's filters on both profiles). */
HsFilterBar   *hs_compare_view_get_filter_bar    (HsCompareView *self);
void           hs_compare_view_swap              (HsCompareView *self);
void           hs_compare_view_select_grower     (HsCompareView *self,
                                                  guint          index);
HsProfile     *hs_compare_view_get_base_profile  (HsCompareView *self);
HsProfile     *hs_compare_view_get_new_profile   (HsCompareView *self);
void           hs_compare_view_show_page         (HsCompareView *self,
                                                  const char    *name);

G_END_DECLS
