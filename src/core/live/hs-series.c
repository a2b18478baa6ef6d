/* hs-series.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-series"

#include "config.h"

#include <math.h>

#include "hs-series.h"

/* A min/max pyramid over the ring's physical slots: level k holds, for each
 * block of 16^k slots, the minimum and maximum of its values. A range
 * query scans at most 2 × 15 entries per level plus the (≤ 32-entry) top,
 * so it costs the same for 600 points as for 86,400. Appending updates one
 * block per level (16 entries each). */
#define FANOUT_BITS 4
#define FANOUT (1u << FANOUT_BITS)
#define MAX_LEVELS 8

struct _HsSeries
{
  gatomicrefcount  ref_count;
  guint            capacity;
  guint            length;
  guint            head;          /* physical slot of the next append */
  guint64          generation;
  gint64          *times;
  double          *values;
  guint            n_levels;      /* levels above the raw values */
  guint            level_size[MAX_LEVELS];
  double          *level_min[MAX_LEVELS];
  double          *level_max[MAX_LEVELS];
};

G_DEFINE_BOXED_TYPE (HsSeries, hs_series, hs_series_ref, hs_series_unref)

HsSeries *
hs_series_new (guint capacity)
{
  HsSeries *self;
  guint size;

  g_return_val_if_fail (capacity > 0, NULL);

  self = g_new0 (HsSeries, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->capacity = capacity;
  self->times = g_new0 (gint64, capacity);
  self->values = g_new0 (double, capacity);

  size = capacity;
  while (size > 2 * FANOUT && self->n_levels < MAX_LEVELS)
    {
      guint k = self->n_levels;

      size = (size + FANOUT - 1) / FANOUT;
      self->level_size[k] = size;
      self->level_min[k] = g_new0 (double, size);
      self->level_max[k] = g_new0 (double, size);
      self->n_levels++;
    }

  return self;
}

HsSeries *
hs_series_ref (HsSeries *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
hs_series_unref (HsSeries *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  for (guint k = 0; k < self->n_levels; k++)
    {
      g_free (self->level_min[k]);
      g_free (self->level_max[k]);
    }
  g_free (self->times);
  g_free (self->values);
  g_free (self);
}

gsize
hs_series_get_state_size (HsSeries *self)
{
  gsize size;

  g_return_val_if_fail (self != NULL, 0);

  size = sizeof *self + (gsize) self->capacity * (sizeof (gint64) + sizeof (double));
  for (guint k = 0; k < self->n_levels; k++)
    size += (gsize) self->level_size[k] * 2 * sizeof (double);
  return size;
}

guint
hs_series_get_capacity (HsSeries *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->capacity;
}

guint
hs_series_get_length (HsSeries *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->length;
}

guint64
hs_series_get_generation (HsSeries *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->generation;
}

/* Physical slot of logical index @i (0 = oldest). */
static inline guint
phys (HsSeries *self,
      guint     i)
{
  guint start = self->length < self->capacity ? 0 : self->head;
  guint p = start + i;

  return p >= self->capacity ? p - self->capacity : p;
}

/* Recomputes the block covering slot @p at each level. Slots not yet
 * written (before the ring first fills) are left out. */
static void
update_pyramid (HsSeries *self,
                guint     p)
{
  guint filled = self->length;  /* valid slots are [0, filled) until full */
  guint child_span = 1;         /* raw slots covered by one child entry */

  for (guint k = 0; k < self->n_levels; k++)
    {
      guint block = p >> (FANOUT_BITS * (k + 1));
      guint first = block * FANOUT;
      guint child_size = k == 0 ? self->capacity : self->level_size[k - 1];
      const double *cmin = k == 0 ? self->values : self->level_min[k - 1];
      const double *cmax = k == 0 ? self->values : self->level_max[k - 1];
      double mn = INFINITY, mx = -INFINITY;

      for (guint c = first; c < first + FANOUT && c < child_size; c++)
        {
          if ((guint64) c * child_span >= filled)
            break;
          mn = MIN (mn, cmin[c]);
          mx = MAX (mx, cmax[c]);
        }
      self->level_min[k][block] = mn;
      self->level_max[k][block] = mx;
      child_span *= FANOUT;
    }
}

void
hs_series_append (HsSeries *self,
                  gint64    time_usec,
                  double    value)
{
  guint p;

  g_return_if_fail (self != NULL);

  /* Times never go backwards (a wall-clock step must not break the
   * binary searches): an older point is stored at the newest time. */
  if (self->length > 0)
    {
      guint last = self->head == 0 ? self->capacity - 1 : self->head - 1;

      if (time_usec < self->times[last])
        time_usec = self->times[last];
    }

  p = self->head;
  self->times[p] = time_usec;
  self->values[p] = value;
  self->head = p + 1 == self->capacity ? 0 : p + 1;
  if (self->length < self->capacity)
    self->length++;
  self->generation++;

  update_pyramid (self, p);
}

void
hs_series_clear (HsSeries *self)
{
  g_return_if_fail (self != NULL);

  self->length = 0;
  self->head = 0;
  self->generation++;
}

gboolean
hs_series_get_point (HsSeries *self,
                     guint     index,
                     gint64   *out_time_usec,
                     double   *out_value)
{
  guint p;

  g_return_val_if_fail (self != NULL, FALSE);

  if (index >= self->length)
    return FALSE;
  p = phys (self, index);
  if (out_time_usec != NULL)
    *out_time_usec = self->times[p];
  if (out_value != NULL)
    *out_value = self->values[p];
  return TRUE;
}

gboolean
hs_series_get_last (HsSeries *self,
                    gint64   *out_time_usec,
                    double   *out_value)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (self->length == 0)
    return FALSE;
  return hs_series_get_point (self, self->length - 1, out_time_usec, out_value);
}

gboolean
hs_series_get_time_range (HsSeries *self,
                          gint64   *out_first_usec,
                          gint64   *out_last_usec)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (self->length == 0)
    return FALSE;
  hs_series_get_point (self, 0, out_first_usec, NULL);
  hs_series_get_point (self, self->length - 1, out_last_usec, NULL);
  return TRUE;
}

/* First logical index >= @lo whose time is >= @t (length when none).
 * Gallops from @lo first: consecutive chart columns search forward a
 * little at a time, so a column costs O(log points-per-column). */
static guint
lower_bound (HsSeries *self,
             gint64    t,
             guint     lo)
{
  guint hi = self->length;
  guint step = 1;

  while (lo + step < hi && self->times[phys (self, lo + step)] < t)
    {
      lo += step;
      step *= 2;
    }
  if (lo + step < hi)
    hi = lo + step + 1;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (self->times[phys (self, mid)] < t)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

gboolean
hs_series_lookup (HsSeries *self,
                  gint64    time_usec,
                  gint64   *out_time_usec,
                  double   *out_value)
{
  guint i;

  g_return_val_if_fail (self != NULL, FALSE);

  /* Last point with time <= time_usec. */
  if (time_usec == G_MAXINT64)
    i = self->length;
  else
    i = lower_bound (self, time_usec + 1, 0);
  if (i == 0)
    return FALSE;
  return hs_series_get_point (self, i - 1, out_time_usec, out_value);
}

gboolean
hs_series_get_change (HsSeries       *self,
                      gint64          t0_usec,
                      gint64          t1_usec,
                      HsSeriesChange *out_change)
{
  HsSeriesChange change = { 0 };
  guint first, end;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (out_change != NULL, FALSE);

  if (t1_usec >= t0_usec)
    {
      first = lower_bound (self, t0_usec, 0);
      end = t1_usec == G_MAXINT64 ? self->length : lower_bound (self, t1_usec + 1, first);
      if (end > first)
        {
          change.n_points = end - first;
          hs_series_get_point (self, first, &change.first_time_usec, &change.first);
          hs_series_get_point (self, end - 1, &change.last_time_usec, &change.last);
          change.valid = change.last_time_usec > change.first_time_usec;
          if (change.valid)
            change.change = change.last - change.first;
        }
    }

  *out_change = change;
  return change.valid;
}

static void
scan (const double *vmin,
      const double *vmax,
      guint         a,
      guint         b,
      double       *mn,
      double       *mx)
{
  for (guint i = a; i < b; i++)
    {
      if (vmin[i] < *mn)
        *mn = vmin[i];
      if (vmax[i] > *mx)
        *mx = vmax[i];
    }
}

/* Min/max over entries [a, b) of @level (0 = raw values). */
static void
range_minmax (HsSeries *self,
              guint     level,
              guint     a,
              guint     b,
              double   *mn,
              double   *mx)
{
  const double *vmin = level == 0 ? self->values : self->level_min[level - 1];
  const double *vmax = level == 0 ? self->values : self->level_max[level - 1];
  guint a_up, b_down;

  if (level == self->n_levels || b - a <= 2 * FANOUT)
    {
      scan (vmin, vmax, a, b, mn, mx);
      return;
    }

  a_up = (a + FANOUT - 1) & ~(FANOUT - 1);
  b_down = b & ~(FANOUT - 1);
  if (a_up >= b_down)
    {
      scan (vmin, vmax, a, b, mn, mx);
      return;
    }

  scan (vmin, vmax, a, a_up, mn, mx);
  scan (vmin, vmax, b_down, b, mn, mx);
  range_minmax (self, level + 1, a_up >> FANOUT_BITS, b_down >> FANOUT_BITS, mn, mx);
}

/* Min/max over logical indices [i0, i1), split into physical ranges. */
static void
logical_minmax (HsSeries *self,
                guint     i0,
                guint     i1,
                double   *mn,
                double   *mx)
{
  guint p0, n = i1 - i0;

  *mn = INFINITY;
  *mx = -INFINITY;
  if (n == 0)
    return;

  p0 = phys (self, i0);
  if (p0 + n <= self->capacity)
    range_minmax (self, 0, p0, p0 + n, mn, mx);
  else
    {
      range_minmax (self, 0, p0, self->capacity, mn, mx);
      range_minmax (self, 0, 0, p0 + n - self->capacity, mn, mx);
    }
}

gboolean
hs_series_get_minmax (HsSeries *self,
                      gint64    t0_usec,
                      gint64    t1_usec,
                      double   *out_min,
                      double   *out_max)
{
  guint i0, i1;
  double mn, mx;

  g_return_val_if_fail (self != NULL, FALSE);

  if (self->length == 0 || t1_usec <= t0_usec)
    return FALSE;
  i0 = lower_bound (self, t0_usec, 0);
  i1 = lower_bound (self, t1_usec, i0);
  if (i1 <= i0)
    return FALSE;

  logical_minmax (self, i0, i1, &mn, &mx);
  if (out_min != NULL)
    *out_min = mn;
  if (out_max != NULL)
    *out_max = mx;
  return TRUE;
}

gboolean
hs_series_get_range_minmax (HsSeries *self,
                            gint64    t0_usec,
                            gint64    t1_usec,
                            guint     n_columns,
                            double   *out_min,
                            double   *out_max,
                            gboolean *out_valid)
{
  gboolean any = FALSE;
  double span;
  guint i0;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (n_columns == 0 || (out_min != NULL && out_max != NULL && out_valid != NULL), FALSE);

  if (n_columns == 0)
    return FALSE;

  if (self->length == 0 || t1_usec <= t0_usec)
    {
      for (guint c = 0; c < n_columns; c++)
        {
          out_valid[c] = FALSE;
          out_min[c] = out_max[c] = 0;
        }
      return FALSE;
    }

  span = (double) (t1_usec - t0_usec);
  i0 = lower_bound (self, t0_usec, 0);
  for (guint c = 0; c < n_columns; c++)
    {
      gint64 tc1 = c + 1 == n_columns ? t1_usec
                                      : t0_usec + (gint64) (span * (double) (c + 1) / (double) n_columns);
      guint i1 = lower_bound (self, tc1, i0);

      if (i1 > i0)
        {
          logical_minmax (self, i0, i1, &out_min[c], &out_max[c]);
          out_valid[c] = TRUE;
          any = TRUE;
        }
      else
        {
          out_valid[c] = FALSE;
          out_min[c] = out_max[c] = 0;
        }
      i0 = i1;
    }

  return any;
}
