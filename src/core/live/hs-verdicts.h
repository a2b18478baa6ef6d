/* hs-verdicts.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hs-session.h"
#include "hs-trend.h"

G_BEGIN_DECLS

/**
 * HsVerdict:
 * @metric: (not nullable): the session's metric judged (borrowed)
 * @shown: the metric as the verdict names it ("Go heap floor" for the Go
 *   heap judged in floor mode) (borrowed)
 * @mode: value or floor
 * @result: the latest analysis
 * @end_usec: the end of the window analysed (the series' newest time)
 * @text: the line to show, translated: "RSS: leaking, +2.10 MiB/min for
 *   12m, 2.00 GiB in ~43 min", or while the window is not covered yet
 *   "RSS: judging, 2 of 10 min"
 */
typedef struct
{
  HsSessionMetric *metric;
  HsMetric        *shown;
  HsTrendMode      mode;
  HsTrendResult    result;
  gint64           end_usec;
  char            *text;
} HsVerdict;

#define HS_TYPE_VERDICTS (hs_verdicts_get_type ())

/**
 * HsVerdicts:
 *
 * The leak verdicts of one session, one per judged metric present in it:
 * RSS (the process's, or the one a Go service's /metrics reports when
 * there is no process), the Go heap judged on its post-GC floor (the
 * lower envelope of HeapAlloc, so the GC sawtooth is never a leak) and
 * the goroutine count. Recomputed after each of the session's readings
 * (::changed follows); RSS is projected to the process's memory limit
 * (hs_memory_limit_find, read again every 10 s).
 *
 * The window, the views and the auto-capture policy all read the same
 * verdicts: nothing else calls HsTrend on a session.
 *
 * Properties: window (gint64 µs, read-write), text (string: the lines
 * joined by " · ").
 */
G_DECLARE_FINAL_TYPE (HsVerdicts, hs_verdicts, HS, VERDICTS, GObject)

HsVerdicts      *hs_verdicts_new        (HsSession   *session,
                                         gint64       window_usec);
HsVerdicts      *hs_verdicts_get_for_session (HsSession *session,
                                              gint64     window_usec);
HsSession       *hs_verdicts_get_session (HsVerdicts *self);
gint64           hs_verdicts_get_window (HsVerdicts  *self);
void             hs_verdicts_set_window (HsVerdicts  *self,
                                         gint64       window_usec);
/* Recomputes now (the session's readings do it already). */
void             hs_verdicts_update     (HsVerdicts  *self);
guint            hs_verdicts_get_n_verdicts (HsVerdicts *self);
/* (transfer none) */
const HsVerdict *hs_verdicts_get_verdict (HsVerdicts *self,
                                          guint       index);
/* (transfer none) (nullable): the verdict on the session metric @id. */
const HsVerdict *hs_verdicts_find       (HsVerdicts  *self,
                                         const char  *id);
/* The lines joined by " · ", "" when nothing is judged. */
const char      *hs_verdicts_get_text   (HsVerdicts  *self);

/**
 * hs_verdict_get_fit:
 * The fitted line over the window: from the window's oldest point to its
 * end. Returns: FALSE when there is no fit (state UNKNOWN).
 */
gboolean         hs_verdict_get_fit     (const HsVerdict *verdict,
                                         gint64          *t0,
                                         double          *v0,
                                         gint64          *t1,
                                         double          *v1);

G_END_DECLS
