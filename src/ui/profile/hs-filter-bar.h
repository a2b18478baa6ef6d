/* hs-filter-bar.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "hs-profile-filter.h"
#include "hs-profile-top.h"

G_BEGIN_DECLS

#define HS_TYPE_FILTER_BAR (hs_filter_bar_get_type ())

/* pprof's sample filters as entries (focus, ignore, hide, show) and a
 * Labels menu (the samples' labels, tagfocus and tagignore), with a
 * status line under them. Emits "changed" after a pause in typing, or at
 * once on Enter; the view then analyses again with hs_filter_bar_get_filter(). */
G_DECLARE_FINAL_TYPE (HsFilterBar, hs_filter_bar, HS, FILTER_BAR, GtkWidget)

GtkWidget  *hs_filter_bar_new          (void);
/* Fills @filter with the bar's strings (valid until the next change). */
void        hs_filter_bar_get_filter   (HsFilterBar            *self,
                                        HsProfileFilter        *filter);
/* Sets every entry (NULL clears them) and emits "changed" once. */
void        hs_filter_bar_set_filter   (HsFilterBar            *self,
                                        const HsProfileFilter  *filter);
/* The labels ("key=value", as hs_profile_list_labels()) the Labels
 * menu lists; choosing one focuses on it. */
void        hs_filter_bar_set_labels   (HsFilterBar            *self,
                                        const char * const     *labels);
/* The status line for an analysis over the filtered samples: what they
 * add up to of pprof's (unfiltered) total, and which filters matched
 * nothing; hidden when no filter is set. */
void        hs_filter_bar_show_result  (HsFilterBar            *self,
                                        HsTop                  *top,
                                        HsProfileFilterFlags    unmatched);
/* While an analysis with the bar's filters runs: says so (when a filter
 * is set). */
void        hs_filter_bar_show_busy    (HsFilterBar            *self);
/* A filter that does not compile: its message, marked as an error. */
void        hs_filter_bar_show_error   (HsFilterBar            *self,
                                        const GError           *error);
/* The status line, or NULL when hidden. */
const char *hs_filter_bar_get_status   (HsFilterBar            *self);

G_END_DECLS
