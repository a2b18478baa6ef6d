/* hs-trend.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hs-memory-limit.h"
#include "hs-metric.h"
#include "hs-series.h"

G_BEGIN_DECLS

#define HS_TREND_DEFAULT_WINDOW_USEC (10 * 60 * G_USEC_PER_SEC)
/* The longest growth "leaking" asks for: 4½ minutes of points (or 90 %
 * of a shorter window). */
#define HS_TREND_SUSTAINED_USEC ((gint64) 270 * G_USEC_PER_SEC)

typedef enum
{
  /* Fewer than HS_TREND_MIN_POINTS points in the window. */
  HS_TREND_UNKNOWN,
  HS_TREND_STEADY,
  /* Rising now, but not (yet) sustained over a covered window. */
  HS_TREND_GROWING,
  /* Sustained growth over the whole window. */
  HS_TREND_LEAKING,
} HsTrendState;

typedef enum
{
  /* Judge the values themselves. */
  HS_TREND_MODE_VALUE,
  /* Judge the lower envelope (the minimum per bucket): for a sawtooth
   * such as a Go heap under GC, whose floor is what leaks. */
  HS_TREND_MODE_FLOOR,
} HsTrendMode;

#define HS_TREND_MIN_POINTS 8

/**
 * HsTrendResult:
 * @state: the verdict
 * @slope_per_min: Theil–Sen slope, units per minute
 * @value_at_end: the fitted line at the end of the window
 * @last_value: the newest point in the window
 * @tau: Kendall's tau of the pairs fitted (−1..1): how consistently the
 *   figure moves one way
 * @residual_mad: median absolute residual around the fitted line
 * @rise: @slope_per_min × @span_usec, the growth the fit says over the
 *   points held
 * @span_usec: newest − oldest point's time in the window
 * @n_points: points of the series in the window
 * @n_fitted: points the fit used (bucket medians or minimums when the
 *   window holds more than HsTrend's bucket count)
 * @covered: the points span at least 90 % of the window, or
 *   HS_TREND_SUSTAINED_USEC when that is shorter
 * @consistent: every sub-window's level rose over the one before
 */
typedef struct
{
  HsTrendState state;
  double       slope_per_min;
  double       value_at_end;
  double       last_value;
  double       tau;
  double       residual_mad;
  double       rise;
  gint64       span_usec;
  guint        n_points;
  guint        n_fitted;
  gboolean     covered;
  gboolean     consistent;
} HsTrendResult;

/**
 * HsTrend:
 *
 * The leak detector of one metric series: over a sliding window (default
 * 10 min), a robust growth rate (the Theil–Sen slope: the median of the
 * slopes between pairs of points, which one outlier or one step cannot
 * drag) with its fit, and a state. See README.md "How the leak verdict
 * works" for the thresholds and what they were measured against.
 *
 * The window is cut into at most @n_buckets buckets (default 60); with
 * more points than that, each bucket is reduced to its median (value
 * mode) or its minimum (floor mode), so one fit costs at most
 * 60 × 59 / 2 = 1,770 pairs however long the window.
 *
 * LEAKING needs all of: the points cover 90 % of the window (so a
 * start-up is not judged on its first minute); the rise over the window
 * is above the noise threshold (1 % of the level, 3 × the residual
 * spread, and the absolute minimum if one is set); Kendall's tau ≥ 0.3;
 * and the window's four quarters each sit higher than the one before (by
 * at least a quarter of what the slope predicts), so one step or a
 * warm-up that flattens is not a leak. GROWING is the same rise in a
 * window that is not covered yet or not consistent, while the last
 * quarter still rises.
 */
typedef struct _HsTrend HsTrend;

HsTrend     *hs_trend_new               (gint64          window_usec,
                                         HsTrendMode     mode);
void         hs_trend_free              (HsTrend        *self);

gint64       hs_trend_get_window        (HsTrend        *self);
HsTrendMode  hs_trend_get_mode          (HsTrend        *self);
/* Relative noise threshold (default 0.01 = 1 % of the level). */
void         hs_trend_set_min_relative_rise (HsTrend    *self,
                                             double      fraction);
/* Absolute noise threshold in the metric's unit (default 0). */
void         hs_trend_set_min_rise      (HsTrend        *self,
                                         double          min_rise);
void         hs_trend_set_n_buckets     (HsTrend        *self,
                                         guint           n_buckets);

/* Judges the points of @series in [@end_usec − window, @end_usec].
 * Returns: FALSE (state UNKNOWN) with too few points. */
gboolean     hs_trend_analyze           (HsTrend        *self,
                                         HsSeries       *series,
                                         gint64          end_usec,
                                         HsTrendResult  *out_result);
/* The same over plain arrays (times in µs, increasing). */
gboolean     hs_trend_analyze_points    (HsTrend        *self,
                                         const gint64   *times_usec,
                                         const double   *values,
                                         guint           n_points,
                                         HsTrendResult  *out_result);

/**
 * hs_theil_sen:
 * The exact Theil–Sen estimator over all pairs with distinct x: the
 * median slope, the median of y − slope × x as intercept, and Kendall's
 * tau. Returns: FALSE with fewer than two distinct x.
 */
gboolean     hs_theil_sen               (const double   *x,
                                         const double   *y,
                                         guint           n,
                                         double         *out_slope,
                                         double         *out_intercept,
                                         double         *out_tau);

/**
 * hs_trend_minutes_to_limit:
 * At @slope_per_min from @current, when @limit is reached.
 * Returns: minutes, or -1 when never (not rising, or already past it).
 */
double       hs_trend_minutes_to_limit  (double          current,
                                         double          slope_per_min,
                                         double          limit);

const char  *hs_trend_state_to_string   (HsTrendState    state);

/* "+2.10 MiB/min", "−40/min": a slope as verdicts and alerts show it.
 * Translated. (transfer full) */
char        *hs_trend_format_rate       (HsUnit          unit,
                                         double          per_min);

/**
 * hs_trend_format_verdict:
 * @metric: whose label and unit the text uses
 * @result: an analysis
 * @limit: (nullable): where a growing byte figure is projected to
 *
 * "RSS: leaking, +2.1 MiB/min for 12m, 2 GiB in ~43 min", "Threads:
 * steady", "Go heap floor: growing, +40/min for 3m". Translated.
 * (transfer full)
 */
char        *hs_trend_format_verdict    (HsMetric            *metric,
                                         const HsTrendResult *result,
                                         const HsMemoryLimit *limit);

/**
 * hs_trend_format_judging:
 * @metric: whose label the text uses
 * @result: an analysis whose window is not covered yet
 * @window_usec: the trend window
 *
 * "RSS: judging, 2 of 10 min": what a view says while the window fills,
 * instead of a verdict the data cannot support yet. Translated.
 * (transfer full)
 */
char        *hs_trend_format_judging    (HsMetric            *metric,
                                         const HsTrendResult *result,
                                         gint64               window_usec);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HsTrend, hs_trend_free)

G_END_DECLS
