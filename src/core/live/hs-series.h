/* hs-series.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Default capacity: 24 h at 1 Hz. */
#define HS_SERIES_DEFAULT_CAPACITY 86400

/**
 * HsSeries:
 *
 * A fixed-capacity ring of (time, value) points of one metric: once full,
 * the oldest point is dropped, so memory never grows. State per point:
 * 8 bytes of time + 8 bytes of value + a min/max pyramid of 16-point
 * blocks (16 bytes per 16 points at the first level, 1/16 of that at each
 * level above) ≈ 17.1 bytes/point: 1.48 MB for 86,400 points.
 * hs_series_get_state_size() gives the exact figure.
 *
 * Times are in microseconds (wall clock in HsSession) and never go
 * backwards: a point older than the newest one is stored at the newest
 * time (a wall-clock step back must not break the binary searches).
 */
typedef struct _HsSeries HsSeries;

#define HS_TYPE_SERIES (hs_series_get_type ())
GType     hs_series_get_type      (void) G_GNUC_CONST;

HsSeries *hs_series_new           (guint      capacity);
HsSeries *hs_series_ref           (HsSeries  *self);
void      hs_series_unref         (HsSeries  *self);

void      hs_series_append        (HsSeries  *self,
                                   gint64     time_usec,
                                   double     value);
void      hs_series_clear         (HsSeries  *self);

guint     hs_series_get_capacity  (HsSeries  *self);
guint     hs_series_get_length    (HsSeries  *self);
/* Bytes held by the series: constant for a given capacity. */
gsize     hs_series_get_state_size (HsSeries *self);
/* Incremented on every append/clear, so a chart can cache. */
guint64   hs_series_get_generation (HsSeries *self);

/* @index 0 is the oldest point still held. */
gboolean  hs_series_get_point     (HsSeries  *self,
                                   guint      index,
                                   gint64    *out_time_usec,
                                   double    *out_value);
gboolean  hs_series_get_last      (HsSeries  *self,
                                   gint64    *out_time_usec,
                                   double    *out_value);
gboolean  hs_series_get_time_range (HsSeries *self,
                                    gint64   *out_first_usec,
                                    gint64   *out_last_usec);
/* The last point at or before @time_usec (for a hover read-out);
 * FALSE when there is none. */
gboolean  hs_series_lookup        (HsSeries  *self,
                                   gint64     time_usec,
                                   gint64    *out_time_usec,
                                   double    *out_value);
/* Minimum and maximum of the points with t0 <= time < t1. */
gboolean  hs_series_get_minmax    (HsSeries  *self,
                                   gint64     t0_usec,
                                   gint64     t1_usec,
                                   double    *out_min,
                                   double    *out_max);
/**
 * hs_series_get_range_minmax:
 * Splits [t0, t1) into @n_columns equal slices and writes, per slice, the
 * minimum and maximum of its points and whether it has any. Costs
 * O(n_columns × (log n + 16 × levels)), independent of how much history the
 * range covers: a chart asks for one pair per pixel column.
 * Returns: TRUE when at least one column has a point.
 */
gboolean  hs_series_get_range_minmax (HsSeries *self,
                                      gint64    t0_usec,
                                      gint64    t1_usec,
                                      guint     n_columns,
                                      double   *out_min,
                                      double   *out_max,
                                      gboolean *out_valid);

/**
 * HsSeriesChange:
 * @first_time_usec, @first: the first point with t0 <= time <= t1
 * @last_time_usec, @last: the last such point
 * @change: @last - @first
 * @n_points: how many points the window holds
 * @valid: TRUE when the window holds two points at different times, so
 *   that @change says something; with one point or none it is FALSE and
 *   @change is 0 (a view shows no change rather than "±0")
 *
 * The change of a series over a time window: what the monitor's header
 * shows under each figure. First and last are points inside the window,
 * never one before it, so the span is exactly last_time - first_time.
 */
typedef struct
{
  gint64   first_time_usec;
  gint64   last_time_usec;
  double   first;
  double   last;
  double   change;
  guint    n_points;
  gboolean valid;
} HsSeriesChange;

/* Fills @out_change for [t0, t1] (both ends included). Returns its valid. */
gboolean  hs_series_get_change    (HsSeries       *self,
                                   gint64          t0_usec,
                                   gint64          t1_usec,
                                   HsSeriesChange *out_change);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HsSeries, hs_series_unref)

G_END_DECLS
