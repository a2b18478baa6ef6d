/* hs-timeline.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "hs-series.h"

G_BEGIN_DECLS

/* The narrowest window a zoom can reach. */
#define HS_TIMELINE_MIN_SPAN (10 * G_USEC_PER_SEC)

#define HS_TYPE_TIMELINE (hs_timeline_get_type ())

G_DECLARE_FINAL_TYPE (HsTimeline, hs_timeline, HS, TIMELINE, GObject)

HsTimeline *hs_timeline_new                (void);
void        hs_timeline_add_series         (HsTimeline *self,
                                            HsSeries   *series);
void        hs_timeline_remove_series      (HsTimeline *self,
                                            HsSeries   *series);
void        hs_timeline_data_changed       (HsTimeline *self);
gboolean    hs_timeline_get_data_range     (HsTimeline *self,
                                            gint64     *first,
                                            gint64     *last);
gint64      hs_timeline_get_span           (HsTimeline *self);
void        hs_timeline_set_span           (HsTimeline *self,
                                            gint64      span_usec);
gboolean    hs_timeline_get_following      (HsTimeline *self);
void        hs_timeline_set_following      (HsTimeline *self,
                                            gboolean    following);
gint64      hs_timeline_get_end_time       (HsTimeline *self);
void        hs_timeline_set_end_time       (HsTimeline *self,
                                            gint64      end_time);
gboolean    hs_timeline_get_visible_range  (HsTimeline *self,
                                            gint64     *begin,
                                            gint64     *end);
void        hs_timeline_show_range         (HsTimeline *self,
                                            gint64      begin,
                                            gint64      end);
void        hs_timeline_scroll_by          (HsTimeline *self,
                                            double      fraction);
gboolean    hs_timeline_get_selection      (HsTimeline *self,
                                            gint64     *begin,
                                            gint64     *end);
void        hs_timeline_set_selection      (HsTimeline *self,
                                            gint64      begin,
                                            gint64      end);
void        hs_timeline_clear_selection    (HsTimeline *self);

G_END_DECLS
