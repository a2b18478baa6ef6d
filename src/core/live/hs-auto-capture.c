/* hs-auto-capture.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "hs-auto-capture.h"

struct _HsAutoCapture
{
  GHashTable *states;          /* id → last HsTrendState seen */
  double      floor_step;
  gint64      min_gap_usec;
  gboolean    captured;        /* at least once */
  gint64      last_usec;
  double      last_floor;      /* NAN when unknown at the last capture */
  /* A trigger that came inside the gap, and its metric. */
  HsAutoCaptureReason pending;
  char       *pending_metric;
  char       *metric;          /* what the last TURNED named */
};

HsAutoCapture *
hs_auto_capture_new (void)
{
  HsAutoCapture *self = g_new0 (HsAutoCapture, 1);

  self->states = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->floor_step = HS_AUTO_CAPTURE_DEFAULT_FLOOR_STEP;
  self->min_gap_usec = HS_AUTO_CAPTURE_DEFAULT_MIN_GAP_USEC;
  self->last_floor = NAN;
  return self;
}

void
hs_auto_capture_free (HsAutoCapture *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->states);
  g_free (self->pending_metric);
  g_free (self->metric);
  g_free (self);
}

void
hs_auto_capture_set_floor_step (HsAutoCapture *self,
                                double         bytes)
{
  self->floor_step = bytes > 0 ? bytes : HS_AUTO_CAPTURE_DEFAULT_FLOOR_STEP;
}

void
hs_auto_capture_set_min_gap (HsAutoCapture *self,
                             gint64         usec)
{
  self->min_gap_usec = MAX (usec, 0);
}

static gboolean
is_rising (HsTrendState state)
{
  return state == HS_TREND_GROWING || state == HS_TREND_LEAKING;
}

HsAutoCaptureReason
hs_auto_capture_decide (HsAutoCapture       *self,
                        const char * const  *ids,
                        const HsTrendState  *states,
                        guint                n,
                        double               heap_floor,
                        gint64               now_usec,
                        const char         **out_metric)
{
  HsAutoCaptureReason reason = HS_AUTO_CAPTURE_NONE;
  const char *turned = NULL;

  g_return_val_if_fail (self != NULL, HS_AUTO_CAPTURE_NONE);
  g_return_val_if_fail (n == 0 || (ids != NULL && states != NULL), HS_AUTO_CAPTURE_NONE);

  /* Turning: growing from steady or unknown, or leaking from anything
   * else. Every state is remembered, whatever is decided. */
  for (guint i = 0; i < n; i++)
    {
      gpointer old = NULL;
      HsTrendState before = HS_TREND_UNKNOWN;

      if (g_hash_table_lookup_extended (self->states, ids[i], NULL, &old))
        before = GPOINTER_TO_INT (old);
      if (turned == NULL && states[i] != before && is_rising (states[i]) &&
          (states[i] == HS_TREND_LEAKING || !is_rising (before)))
        turned = ids[i];
      g_hash_table_insert (self->states, g_strdup (ids[i]), GINT_TO_POINTER (states[i]));
    }

  /* Unknown at the last capture: the first floor known is the base. */
  if (self->captured && isnan (self->last_floor))
    self->last_floor = heap_floor;

  if (!self->captured)
    reason = HS_AUTO_CAPTURE_START;
  else if (turned != NULL)
    reason = HS_AUTO_CAPTURE_TURNED;
  else if (!isnan (heap_floor) && !isnan (self->last_floor) &&
           heap_floor - self->last_floor >= self->floor_step)
    reason = HS_AUTO_CAPTURE_FLOOR_ROSE;

  if (reason == HS_AUTO_CAPTURE_TURNED)
    {
      g_free (self->pending_metric);
      self->pending_metric = g_strdup (turned);
    }
  /* The strongest trigger waits, a turn over a floor step. */
  if (reason != HS_AUTO_CAPTURE_NONE &&
      (self->pending == HS_AUTO_CAPTURE_NONE || reason == HS_AUTO_CAPTURE_TURNED))
    self->pending = reason;

  if (self->pending == HS_AUTO_CAPTURE_NONE ||
      (self->captured && now_usec - self->last_usec < self->min_gap_usec))
    return HS_AUTO_CAPTURE_NONE;

  reason = self->pending;
  self->pending = HS_AUTO_CAPTURE_NONE;
  self->captured = TRUE;
  self->last_usec = now_usec;
  /* Unknown at the start: the first known floor becomes the base. */
  self->last_floor = heap_floor;
  g_free (self->metric);
  self->metric = reason == HS_AUTO_CAPTURE_TURNED ? g_steal_pointer (&self->pending_metric) : NULL;
  g_clear_pointer (&self->pending_metric, g_free);
  if (out_metric != NULL)
    *out_metric = self->metric;
  return reason;
}

gboolean
hs_auto_capture_keeps (guint index,
                       guint n,
                       guint n_newest)
{
  return index == 0 || index + n_newest >= n;
}
