/* hs-profile-view.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "hs-call-tree-view.h"
#include "hs-flame-graph.h"
#include "hs-profile.h"
#include "hs-profile-filter.h"
#include "hs-top-table.h"

G_BEGIN_DECLS

typedef enum
{
  HS_PROFILE_VIEW_LOADING,
  HS_PROFILE_VIEW_ERROR,
  HS_PROFILE_VIEW_READY,
} HsProfileViewState;

#define HS_TYPE_PROFILE_VIEW (hs_profile_view_get_type ())

G_DECLARE_FINAL_TYPE (HsProfileView, hs_profile_view, HS, PROFILE_VIEW, GtkWidget)

HsProfileView      *hs_profile_view_new               (GFile         *file,
                                                       GSettings     *settings);
HsProfileView      *hs_profile_view_new_for_profile   (HsProfile     *profile,
                                                       GSettings     *settings);
/* NULL for a view of a profile without a file. */
GFile              *hs_profile_view_get_file          (HsProfileView *self);
const char         *hs_profile_view_get_title         (HsProfileView *self);
HsProfile          *hs_profile_view_get_profile       (HsProfileView *self);
HsProfileViewState  hs_profile_view_get_state         (HsProfileView *self);
double              hs_profile_view_get_load_fraction (HsProfileView *self);
const char         *hs_profile_view_get_error_message (HsProfileView *self);
const char         *hs_profile_view_get_totals_text   (HsProfileView *self);
/* TRUE when the profile has no samples and the view says so. */
gboolean            hs_profile_view_get_empty         (HsProfileView *self);
/* What the header says could not be named from the binaries ("" if all). */
const char         *hs_profile_view_get_symbols_text  (HsProfileView *self);
HsTopTable         *hs_profile_view_get_top_table     (HsProfileView *self);
HsFlameGraph       *hs_profile_view_get_flame_graph   (HsProfileView *self);
HsCallTreeView     *hs_profile_view_get_call_tree     (HsProfileView *self);
void                hs_profile_view_set_sample_index  (HsProfileView *self,
                                                       guint          index);
void                hs_profile_view_set_filter        (HsProfileView         *self,
                                                       const HsProfileFilter *filter);
const char         *hs_profile_view_get_filter_status (HsProfileView *self);
void                hs_profile_view_show_page         (HsProfileView *self,
                                                       const char    *name);

G_END_DECLS
