/* hs-go-rss-history.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hs-go-rss.h"
#include "hs-series.h"
#include "hs-session.h"

G_BEGIN_DECLS

/* How often smaps is read: the whole file costs milliseconds on a big
 * process, as the heap figure's pacing does. */
#define HS_GO_RSS_HISTORY_INTERVAL_USEC (5 * G_USEC_PER_SEC)

#define HS_TYPE_GO_RSS_HISTORY (hs_go_rss_history_get_type ())

/**
 * HsGoRssHistory:
 *
 * "Where is my RSS?" over time for a session with a process and a Go
 * source: when updated after a reading (and at most every
 * HS_GO_RSS_HISTORY_INTERVAL_USEC) it reads the process's smaps totals in
 * a thread, splits RSS with the Go source's newest expvar page
 * (hs_go_rss_split) and appends each part's low bound, and the ranges'
 * total width (the "open range"), to one series each. ::split follows
 * each attempt; hs_go_rss_history_get_note() says what the split leaves
 * open, or why there is none.
 */
G_DECLARE_FINAL_TYPE (HsGoRssHistory, hs_go_rss_history, HS, GO_RSS_HISTORY, GObject)

HsGoRssHistory *hs_go_rss_history_new        (HsSession      *session);
void            hs_go_rss_history_update     (HsGoRssHistory *self);
/* @part: an HsGoRssPart, or HS_GO_RSS_N_PARTS for the open range.
 * (transfer none) */
HsSeries       *hs_go_rss_history_get_series (HsGoRssHistory *self,
                                              guint           part);
/* (nullable): NULL before the first split */
const char     *hs_go_rss_history_get_note   (HsGoRssHistory *self);

G_END_DECLS
