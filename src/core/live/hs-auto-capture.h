/* hs-auto-capture.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hs-trend.h"

G_BEGIN_DECLS

/* The Go heap floor must rise this much since the last capture to take
 * another one, without a verdict changing. */
#define HS_AUTO_CAPTURE_DEFAULT_FLOOR_STEP (32.0 * 1024 * 1024)
/* Never two automatic captures closer than this: a verdict that flaps
 * between growing and steady must not fill the disk. */
#define HS_AUTO_CAPTURE_DEFAULT_MIN_GAP_USEC (30 * G_USEC_PER_SEC)

typedef enum
{
  HS_AUTO_CAPTURE_NONE,
  /* The session's first capture. */
  HS_AUTO_CAPTURE_START,
  /* A verdict turned growing or leaking (see @out_metric). */
  HS_AUTO_CAPTURE_TURNED,
  /* The Go heap floor rose by the step since the last capture. */
  HS_AUTO_CAPTURE_FLOOR_ROSE,
} HsAutoCaptureReason;

/**
 * HsAutoCapture:
 *
 * When to capture a Go service's heap (and goroutine) profiles without
 * being asked, so that the profiles before and during a leak exist when
 * the user looks: at the start, each time a verdict turns to growing or
 * leaking, and each time the Go heap floor has risen by a step since the
 * last capture; never closer together than a minimum gap (a trigger
 * inside the gap waits for its end). Pure: it is told the verdicts and
 * the time, decides, and remembers what it decided.
 *
 * Which captures to keep is hs_auto_capture_keeps().
 */
typedef struct _HsAutoCapture HsAutoCapture;

HsAutoCapture      *hs_auto_capture_new          (void);
void                hs_auto_capture_free         (HsAutoCapture  *self);
void                hs_auto_capture_set_floor_step (HsAutoCapture *self,
                                                  double          bytes);
void                hs_auto_capture_set_min_gap  (HsAutoCapture  *self,
                                                  gint64          usec);

/**
 * hs_auto_capture_decide:
 * @ids: (array length=n): the judged metrics' ids
 * @states: (array length=n): their verdicts now
 * @heap_floor: the Go heap floor now (bytes), or NAN when unknown
 * @now_usec: monotonic time
 * @out_metric: (out) (optional) (transfer none): with
 *   HS_AUTO_CAPTURE_TURNED, the id of the metric that turned
 *
 * Returns: why to capture now, or HS_AUTO_CAPTURE_NONE. A reason given is
 * taken as a capture made at @now_usec with @heap_floor.
 */
HsAutoCaptureReason hs_auto_capture_decide       (HsAutoCapture       *self,
                                                  const char * const  *ids,
                                                  const HsTrendState  *states,
                                                  guint                n,
                                                  double               heap_floor,
                                                  gint64               now_usec,
                                                  const char         **out_metric);

/**
 * hs_auto_capture_keeps:
 * @index: of an automatic capture, oldest first
 * @n: automatic captures made
 * @n_newest: how many of the newest to keep
 *
 * Returns: whether capture @index is kept: the first always (the
 * baseline a comparison needs), and the newest @n_newest.
 */
gboolean            hs_auto_capture_keeps        (guint           index,
                                                  guint           n,
                                                  guint           n_newest);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HsAutoCapture, hs_auto_capture_free)

G_END_DECLS
