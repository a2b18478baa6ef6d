/* hs-massif-view.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "hs-compare-view.h"
#include "hs-massif-chart.h"
#include "hs-massif.h"
#include "hs-profile-view.h"

G_BEGIN_DECLS

#define HS_TYPE_MASSIF_VIEW (hs_massif_view_get_type ())

G_DECLARE_FINAL_TYPE (HsMassifView, hs_massif_view, HS, MASSIF_VIEW, GtkWidget)

/* A Valgrind massif file: the heap over time as a chart, and the snapshot
 * picked on it (the peak first) as a profile, or compared with another. */
HsMassifView  *hs_massif_view_new                (GFile        *file,
                                                  GSettings    *settings);
GFile         *hs_massif_view_get_file           (HsMassifView *self);
const char    *hs_massif_view_get_title          (HsMassifView *self);
/* NULL while loading or after an error. */
HsMassif      *hs_massif_view_get_massif         (HsMassifView *self);
const char    *hs_massif_view_get_error_message  (HsMassifView *self);
HsMassifChart *hs_massif_view_get_chart          (HsMassifView *self);
/* Shows the snapshot at @position (one with a tree) as a profile. */
void           hs_massif_view_show_snapshot      (HsMassifView *self,
                                                  guint         position);
/* Compares the shown snapshot with the one at @base_position. */
void           hs_massif_view_compare_with       (HsMassifView *self,
                                                  guint         base_position);
/* The position shown, or -1. */
int            hs_massif_view_get_shown          (HsMassifView *self);
/* The profile view or compare view below the chart, or NULL. */
HsProfileView *hs_massif_view_get_profile_view   (HsMassifView *self);
HsCompareView *hs_massif_view_get_compare_view   (HsMassifView *self);

G_END_DECLS
