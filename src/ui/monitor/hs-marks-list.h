/* hs-marks-list.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "hs-timeline.h"

G_BEGIN_DECLS

#define HS_TYPE_MARKS_LIST (hs_marks_list_get_type ())

G_DECLARE_FINAL_TYPE (HsMarksList, hs_marks_list, HS, MARKS_LIST, GtkWidget)

GtkWidget *hs_marks_list_new       (void);
/* @marks: (nullable): a GListModel of HsSessionMark; @timeline: what a
 * selection zooms */
void       hs_marks_list_set_model (HsMarksList *self,
                                    GListModel  *marks,
                                    HsTimeline  *timeline);
guint      hs_marks_list_get_n_rows (HsMarksList *self);
/* "12:03:04  Mark 1", as the row shows it. */
const char *hs_marks_list_get_row_text (HsMarksList *self,
                                        guint        index);
/* Selects rows @first and @second (or @first alone with @second < 0),
 * which zooms as a click would. */
void       hs_marks_list_select    (HsMarksList *self,
                                    guint        first,
                                    int          second);

G_END_DECLS
