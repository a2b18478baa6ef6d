/* hs-range-bar.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "hs-timeline.h"

G_BEGIN_DECLS

#define HS_TYPE_RANGE_BAR (hs_range_bar_get_type ())

G_DECLARE_FINAL_TYPE (HsRangeBar, hs_range_bar, HS, RANGE_BAR, GtkWidget)

GtkWidget  *hs_range_bar_new          (void);
void        hs_range_bar_set_timeline (HsRangeBar *self,
                                       HsTimeline *timeline);
/* The span of the lit button (0: All), -1 when none is lit. */
gint64      hs_range_bar_get_span     (HsRangeBar *self);
/* As if the button of @span (60 s, 10 min, 1 h or 0: All) was clicked. */
void        hs_range_bar_select_span  (HsRangeBar *self,
                                       gint64      span);
gboolean    hs_range_bar_get_live_shown (HsRangeBar *self);

G_END_DECLS
