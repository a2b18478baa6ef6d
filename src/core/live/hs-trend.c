/* hs-trend.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hs-trend.h"
#include "hs-units.h"

#define DEFAULT_VALUE_BUCKETS 60
/* Floor buckets must be wider than one GC cycle, or a bucket holding
 * only the top of a tooth looks like a rise: 30 s in a 10 min window. */
#define DEFAULT_FLOOR_BUCKETS 20
#define MIN_TAU 0.3
#define NOISE_MADS 3.0
#define N_QUARTERS 4
/* Each quarter must rise by at least this share of what the slope says:
 * half, so that a start-up that settles (most of its rise early, each
 * quarter rising less than the one before) is not a leak once a window
 * of 4½ minutes can say leaking, while a leak's quarters rise alike. */
#define QUARTER_SHARE 0.5
#define COVERAGE 0.9

struct _HsTrend
{
  gint64      window_usec;
  HsTrendMode mode;
  double      min_relative_rise;
  double      min_rise;
  guint       n_buckets;
};

HsTrend *
hs_trend_new (gint64      window_usec,
              HsTrendMode mode)
{
  HsTrend *self;

  g_return_val_if_fail (window_usec > 0, NULL);

  self = g_new0 (HsTrend, 1);
  self->window_usec = window_usec;
  self->mode = mode;
  /* A leak must add 5 % of the level over what the window holds: a
   * steady program's RSS wanders by a percent or two over minutes (a
   * GC-like cycle of 16 MiB on 20 MiB moved its mean by ~2 %, and 1 %
   * gave 55–82 false "leaking" verdicts in 30 minutes: bench/README.md). */
  self->min_relative_rise = 0.05;
  self->min_rise = 0;
  self->n_buckets = mode == HS_TREND_MODE_FLOOR ? DEFAULT_FLOOR_BUCKETS : DEFAULT_VALUE_BUCKETS;
  return self;
}

void
hs_trend_free (HsTrend *self)
{
  g_free (self);
}

gint64
hs_trend_get_window (HsTrend *self)
{
  return self->window_usec;
}

HsTrendMode
hs_trend_get_mode (HsTrend *self)
{
  return self->mode;
}

void
hs_trend_set_min_relative_rise (HsTrend *self,
                                double   fraction)
{
  self->min_relative_rise = MAX (fraction, 0);
}

void
hs_trend_set_min_rise (HsTrend *self,
                       double   min_rise)
{
  self->min_rise = MAX (min_rise, 0);
}

void
hs_trend_set_n_buckets (HsTrend *self,
                        guint    n_buckets)
{
  self->n_buckets = CLAMP (n_buckets, N_QUARTERS * 2, 200);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Sorts @values in place. */
static double
median_of (double *values,
           guint   n)
{
  qsort (values, n, sizeof *values, compare_doubles);
  if (n % 2 == 1)
    return values[n / 2];
  return (values[n / 2 - 1] + values[n / 2]) / 2;
}

gboolean
hs_theil_sen (const double *x,
              const double *y,
              guint         n,
              double       *out_slope,
              double       *out_intercept,
              double       *out_tau)
{
  g_autofree double *slopes = NULL;
  g_autofree double *offsets = NULL;
  guint n_slopes = 0;
  gint64 concordant = 0, discordant = 0;
  double slope;

  if (n < 2)
    return FALSE;

  slopes = g_new (double, (gsize) n * (n - 1) / 2);
  for (guint i = 0; i < n; i++)
    for (guint j = i + 1; j < n; j++)
      {
        double dx = x[j] - x[i], dy = y[j] - y[i];

        if (dx == 0)
          continue;
        slopes[n_slopes++] = dy / dx;
        if (dx * dy > 0)
          concordant++;
        else if (dx * dy < 0)
          discordant++;
      }
  if (n_slopes == 0)
    return FALSE;

  slope = median_of (slopes, n_slopes);
  offsets = g_new (double, n);
  for (guint i = 0; i < n; i++)
    offsets[i] = y[i] - slope * x[i];

  *out_slope = slope;
  *out_intercept = median_of (offsets, n);
  /* tau-a over the pairs with distinct x. */
  *out_tau = (double) (concordant - discordant) / (double) n_slopes;
  return TRUE;
}

/* Reduces the points to at most n_buckets (always, in floor mode):
 * each bucket's median (value mode) or minimum (floor mode), at the time
 * of that point. Returns how many. */
static guint
reduce_points (HsTrend      *self,
               const gint64 *times,
               const double *values,
               guint         n,
               gint64        start_usec,
               double       *out_x,
               double       *out_y,
               gint64        end_usec)
{
  g_autofree double *scratch = NULL;
  gint64 width;
  guint n_out = 0;
  guint i = 0;

  if (self->mode == HS_TREND_MODE_VALUE && n <= self->n_buckets)
    {
      for (i = 0; i < n; i++)
        {
          out_x[i] = (double) (times[i] - end_usec) / (60.0 * G_USEC_PER_SEC);
          out_y[i] = values[i];
        }
      return n;
    }

  /* Value buckets cut the span the points cover, not the whole window:
   * 61 points over the first minute of a 10-minute window would fill 6
   * buckets of 10 s, fewer than a fit needs, where 60 points had been
   * enough. Floor buckets keep the window's width, which must stay wider
   * than a GC cycle. */
  if (self->mode == HS_TREND_MODE_VALUE)
    start_usec = MAX (start_usec, times[0]);
  width = end_usec - start_usec;

  scratch = g_new (double, n);
  for (guint b = 0; b < self->n_buckets && i < n; b++)
    {
      gint64 bucket_end = start_usec + (gint64) ((double) width * (b + 1) / self->n_buckets);
      guint first = i, count;

      while (i < n && (times[i] < bucket_end || b + 1 == self->n_buckets))
        i++;
      count = i - first;
      if (count == 0)
        continue;

      if (self->mode == HS_TREND_MODE_FLOOR)
        {
          guint lowest = first;

          for (guint k = first + 1; k < i; k++)
            if (values[k] < values[lowest])
              lowest = k;
          out_x[n_out] = (double) (times[lowest] - end_usec) / (60.0 * G_USEC_PER_SEC);
          out_y[n_out] = values[lowest];
        }
      else
        {
          memcpy (scratch, values + first, count * sizeof *scratch);
          out_x[n_out] = (double) (times[first + count / 2] - end_usec) / (60.0 * G_USEC_PER_SEC);
          out_y[n_out] = median_of (scratch, count);
        }
      n_out++;
    }
  return n_out;
}

gboolean
hs_trend_analyze_points (HsTrend       *self,
                         const gint64  *times_usec,
                         const double  *values,
                         guint          n_points,
                         HsTrendResult *out_result)
{
  g_autofree double *x = NULL;
  g_autofree double *y = NULL;
  g_autofree double *scratch = NULL;
  double slope, intercept, tau, level, threshold, span_min;
  double quarter[N_QUARTERS];
  gboolean above, last_rising;
  gint64 end_usec, start_usec;
  guint first = 0, n, m;

  g_return_val_if_fail (out_result != NULL, FALSE);

  memset (out_result, 0, sizeof *out_result);
  out_result->state = HS_TREND_UNKNOWN;
  if (n_points == 0)
    return FALSE;

  end_usec = times_usec[n_points - 1];
  start_usec = end_usec - self->window_usec;
  while (first < n_points && times_usec[first] < start_usec)
    first++;
  n = n_points - first;
  out_result->n_points = n;
  out_result->last_value = values[n_points - 1];
  out_result->value_at_end = values[n_points - 1];
  out_result->span_usec = end_usec - times_usec[first];
  if (n < HS_TREND_MIN_POINTS)
    return FALSE;

  x = g_new (double, n);
  y = g_new (double, n);
  m = reduce_points (self, times_usec + first, values + first, n, start_usec, x, y, end_usec);
  out_result->n_fitted = m;
  if (m < N_QUARTERS * 2 || !hs_theil_sen (x, y, m, &slope, &intercept, &tau))
    return FALSE;

  scratch = g_new (double, m);
  for (guint i = 0; i < m; i++)
    scratch[i] = fabs (y[i] - (intercept + slope * x[i]));
  out_result->residual_mad = median_of (scratch, m);
  memcpy (scratch, y, m * sizeof *scratch);
  level = fabs (median_of (scratch, m));

  span_min = (double) out_result->span_usec / (60.0 * G_USEC_PER_SEC);
  out_result->slope_per_min = slope;
  out_result->value_at_end = intercept;
  out_result->tau = tau;
  out_result->rise = slope * span_min;
  /* Sustained: the points span 90 % of the window, or HS_TREND_SUSTAINED_USEC
   * when the window is longer, so that a 10-minute window still says
   * "leaking" within 5 minutes of a leak's start; the fit keeps using
   * all the window holds. */
  out_result->covered = out_result->span_usec >= MIN ((gint64) (COVERAGE * (double) self->window_usec),
                                                       HS_TREND_SUSTAINED_USEC);

  /* The level of each quarter of the span: its fitted points' median. */
  {
    double x0 = x[0], width = (x[m - 1] - x[0]) / N_QUARTERS;
    guint k = 0;

    out_result->consistent = width > 0 && slope > 0;
    last_rising = out_result->consistent;
    for (guint q = 0; q < N_QUARTERS; q++)
      {
        guint from = k;

        while (k < m && (x[k] < x0 + width * (q + 1) || q + 1 == N_QUARTERS))
          k++;
        if (k == from)
          {
            out_result->consistent = last_rising = FALSE;
            quarter[q] = 0;
            continue;
          }
        memcpy (scratch, y + from, (k - from) * sizeof *scratch);
        quarter[q] = median_of (scratch, k - from);
      }
    for (guint q = 1; q < N_QUARTERS && width > 0; q++)
      {
        gboolean rose = quarter[q] - quarter[q - 1] >= QUARTER_SHARE * slope * width;

        if (!rose)
          out_result->consistent = FALSE;
        if (q + 1 == N_QUARTERS)
          last_rising = last_rising && rose;
      }
  }

  threshold = MAX (self->min_relative_rise * level, NOISE_MADS * out_result->residual_mad);
  threshold = MAX (threshold, self->min_rise);
  above = slope > 0 && out_result->rise > threshold && tau >= MIN_TAU;

  if (above && out_result->covered && out_result->consistent)
    out_result->state = HS_TREND_LEAKING;
  else if (above && last_rising)
    out_result->state = HS_TREND_GROWING;
  else
    out_result->state = HS_TREND_STEADY;
  return TRUE;
}

/* The first index whose time is >= @t (binary search: times never go
 * backwards in a series). */
static guint
series_lower_bound (HsSeries *series,
                    gint64    t)
{
  guint lo = 0, hi = hs_series_get_length (series);

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      gint64 time = 0;

      hs_series_get_point (series, mid, &time, NULL);
      if (time < t)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

gboolean
hs_trend_analyze (HsTrend       *self,
                  HsSeries      *series,
                  gint64         end_usec,
                  HsTrendResult *out_result)
{
  g_autofree gint64 *times = NULL;
  g_autofree double *values = NULL;
  guint first, last, n;

  g_return_val_if_fail (series != NULL, FALSE);

  first = series_lower_bound (series, end_usec - self->window_usec);
  last = series_lower_bound (series, end_usec + 1);
  n = last > first ? last - first : 0;
  times = g_new (gint64, MAX (n, 1));
  values = g_new (double, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    hs_series_get_point (series, first + i, &times[i], &values[i]);
  return hs_trend_analyze_points (self, times, values, n, out_result);
}

double
hs_trend_minutes_to_limit (double current,
                           double slope_per_min,
                           double limit)
{
  if (!(slope_per_min > 0) || current >= limit)
    return -1;
  return (limit - current) / slope_per_min;
}

const char *
hs_trend_state_to_string (HsTrendState state)
{
  switch (state)
    {
    case HS_TREND_STEADY:
      return "steady";
    case HS_TREND_GROWING:
      return "growing";
    case HS_TREND_LEAKING:
      return "leaking";
    case HS_TREND_UNKNOWN:
    default:
      return "unknown";
    }
}

char *
hs_trend_format_rate (HsUnit unit,
                      double per_min)
{
  g_autofree char *amount = NULL;

  switch (unit)
    {
    case HS_UNIT_BYTES:
    case HS_UNIT_BYTES_PER_SECOND:
      amount = hs_format_bytes ((gint64) fabs (per_min));
      break;
    case HS_UNIT_PERCENT:
      amount = g_strdup_printf ("%.2g%%", fabs (per_min));
      break;
    case HS_UNIT_SECONDS:
      amount = g_strdup_printf ("%.3g s", fabs (per_min));
      break;
    case HS_UNIT_COUNT:
    default:
      /* "1140", not "1.14e+03": a person reads whole counts. */
      amount = fabs (per_min) >= 100 ? g_strdup_printf ("%.0f", fabs (per_min)) :
                                       g_strdup_printf ("%.3g", fabs (per_min));
      break;
    }
  /* TRANSLATORS: a growth rate, e.g. "+2.10 MiB/min" or "+40/min" */
  return g_strdup_printf (_("%s%s/min"), per_min < 0 ? "−" : "+", amount);
}

static char *
format_minutes (double minutes)
{
  if (minutes < 1)
    return g_strdup (_("under a minute"));
  if (minutes < 120)
    /* TRANSLATORS: an estimated time to a limit, in minutes */
    return g_strdup_printf (_("~%.0f min"), minutes);
  if (minutes < 48 * 60)
    return g_strdup_printf (_("~%.0f h"), minutes / 60);
  return g_strdup_printf (_("~%.0f days"), minutes / (24 * 60));
}

char *
hs_trend_format_verdict (HsMetric            *metric,
                         const HsTrendResult *result,
                         const HsMemoryLimit *limit)
{
  const char *label = hs_metric_get_label (metric);
  g_autofree char *rate = NULL;
  g_autofree char *span = NULL;
  GString *text;

  switch (result->state)
    {
    case HS_TREND_UNKNOWN:
      /* TRANSLATORS: a metric's verdict, e.g. "RSS: not enough data yet" */
      return g_strdup_printf (_("%s: not enough data yet"), label);
    case HS_TREND_STEADY:
      return g_strdup_printf (_("%s: steady"), label);
    case HS_TREND_GROWING:
    case HS_TREND_LEAKING:
    default:
      break;
    }

  rate = hs_trend_format_rate (hs_metric_get_unit (metric), result->slope_per_min);
  /* Whole seconds: "12m", "3m20s", not "3m20.4s". */
  span = hs_format_duration (result->span_usec / G_USEC_PER_SEC * G_USEC_PER_SEC);
  text = g_string_new (NULL);
  if (result->state == HS_TREND_LEAKING)
    /* TRANSLATORS: "RSS: leaking, +2.10 MiB/min for 12m" */
    g_string_append_printf (text, _("%s: leaking, %s for %s"), label, rate, span);
  else
    /* TRANSLATORS: "RSS: growing, +2.10 MiB/min for 3m" */
    g_string_append_printf (text, _("%s: growing, %s for %s"), label, rate, span);

  if (limit != NULL && limit->kind != HS_MEMORY_LIMIT_NONE &&
      hs_metric_get_unit (metric) == HS_UNIT_BYTES)
    {
      double minutes = hs_trend_minutes_to_limit (result->last_value, result->slope_per_min,
                                                  (double) limit->bytes);

      if (minutes >= 0)
        {
          g_autofree char *size = hs_format_bytes ((gint64) MIN (limit->bytes, (guint64) G_MAXINT64));
          g_autofree char *when = format_minutes (minutes);

          /* TRANSLATORS: appended to a verdict: ", 2.00 GiB in ~43 min" */
          g_string_append_printf (text, _(", %s in %s"), size, when);
        }
    }
  return g_string_free (text, FALSE);
}

char *
hs_trend_format_judging (HsMetric            *metric,
                         const HsTrendResult *result,
                         gint64               window_usec)
{
  const char *label = hs_metric_get_label (metric);
  gint64 span = MAX (result->span_usec, 0);

  if (window_usec >= 2 * 60 * G_USEC_PER_SEC)
    /* TRANSLATORS: the trend window is filling: "RSS: judging, 2 of 10 min" */
    return g_strdup_printf (_("%s: judging, %u of %u min"), label,
                            (guint) (span / (60 * G_USEC_PER_SEC)),
                            (guint) (window_usec / (60 * G_USEC_PER_SEC)));

  /* TRANSLATORS: the trend window is filling: "RSS: judging, 4 of 10 s" */
  return g_strdup_printf (_("%s: judging, %u of %u s"), label,
                          (guint) (span / G_USEC_PER_SEC), (guint) (window_usec / G_USEC_PER_SEC));
}
