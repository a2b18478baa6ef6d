/* hs-limits.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hs-session.h"
#include "hs-trend.h"

G_BEGIN_DECLS

typedef enum
{
  /* The highest value the metric reached while it was watched. */
  HS_LIMIT_PEAK,
  /* Its growth rate (Theil–Sen slope over the trend window, units per
   * minute), counted only while the verdict is growing or leaking. */
  HS_LIMIT_GROWTH,
} HsLimitKind;

/**
 * HsLimitCheck:
 * @kind: what is limited
 * @metric_id: the metric's id ("rss", "go_goroutines")
 * @name: how the limit was set, for messages ("--max-rss")
 * @threshold: the limit: a value, or units per minute
 * @observed: the peak, or the slope per minute
 * @measured: FALSE when the metric never had a value: the limit was not
 *   checked (a CI gate says so instead of passing in silence)
 * @broken: @observed reached @threshold (a growth only while HsTrend
 *   judges the figure growing or leaking)
 * @message: (nullable): when broken, e.g. "peak RSS 612 MiB > --max-rss
 *   512 MiB" or "RSS growth +5.00 MiB/min > --max-growth +1.00 MiB/min"
 */
typedef struct
{
  HsLimitKind   kind;
  const char   *metric_id;
  const char   *name;
  double        threshold;
  double        observed;
  gboolean      measured;
  gboolean      broken;
  char         *message;
} HsLimitCheck;

/**
 * HsLimits:
 *
 * The limits of a CI gate (`heapscope-cli run`, `watch --max-rss …`),
 * judged by the app's alert rules (HsAlertRule), so a gate and an alert
 * never disagree on what crosses a threshold: a peak limit against the
 * highest value seen over the whole recording (tracked reading by
 * reading, so it holds however long the run and whatever the series'
 * capacity), a growth limit against the trend of the last window, and
 * only when HsTrend judges the figure growing or leaking (above its noise
 * threshold and rising consistently), so that a start-up that levels off
 * or GC noise breaks no growth limit.
 *
 * Peaks are kept for every metric of the session, limited or not, for
 * the summary ("Maximum resident set size").
 */
typedef struct _HsLimits HsLimits;

HsLimits     *hs_limits_new        (gint64          window_usec);
void          hs_limits_free       (HsLimits       *self);

gint64        hs_limits_get_window (HsLimits       *self);
void          hs_limits_add        (HsLimits       *self,
                                    HsLimitKind     kind,
                                    const char     *metric_id,
                                    double          threshold,
                                    const char     *name);
guint         hs_limits_get_n      (HsLimits       *self);
/* The metric id of limit @index. */
const char   *hs_limits_get_metric (HsLimits       *self,
                                    guint           index);

/* After each reading of @session: updates the peaks. */
void          hs_limits_observe    (HsLimits       *self,
                                    HsSession      *session);
/* The highest value of @metric_id observed; FALSE when none was. */
gboolean      hs_limits_get_peak   (HsLimits       *self,
                                    const char     *metric_id,
                                    double         *out_peak);
/* The trend of @metric_id over the window, ending at its last point. */
gboolean      hs_limits_get_trend  (HsLimits       *self,
                                    HsSession      *session,
                                    const char     *metric_id,
                                    HsTrendResult  *out_result);

/**
 * hs_limits_check:
 * Checks every limit against @session as it is now.
 * Returns: (transfer full) (element-type HsLimitCheck): one per limit, in
 *   the order added; *@out_broken tells whether any is broken.
 */
GArray       *hs_limits_check      (HsLimits       *self,
                                    HsSession      *session,
                                    gboolean       *out_broken);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HsLimits, hs_limits_free)

G_END_DECLS
