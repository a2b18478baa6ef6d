/* hs-goroutine-growth.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hs-profile.h"

G_BEGIN_DECLS

/* One unique goroutine stack (with its labels) and how many goroutines
 * sat on it in the base and the new profile. */
typedef struct
{
  char   *site;    /* first frame that is not the runtime's, e.g. "main.awaitAck" */
  char   *stack;   /* every frame name, innermost first, joined by " ← " */
  char   *labels;  /* pprof labels "key=value, …" sorted by key; "" when none */
  gint64  base;
  gint64  count;
  /* From a goroutine ?debug=2 text (the newer profile's, else the
   * base's): the wait states of the stack's goroutines ("chan receive";
   * several joined by ", "), "" when the profiles do not say, and the
   * longest wait in minutes ("[chan receive, 47 minutes]"): 0 when Go
   * printed none (under a minute), HS_GOROUTINE_WAIT_UNKNOWN when neither
   * profile is a debug=2 text. */
  char   *state;
  gint64  wait_minutes;
} HsGoroutineStack;

#define HS_GOROUTINE_WAIT_UNKNOWN ((gint64) -1)

void        hs_goroutine_stack_free      (HsGoroutineStack *stack);

gboolean    hs_profile_is_goroutine      (HsProfile        *self);

char       *hs_goroutine_stack_format_wait (const HsGoroutineStack *stack);

const char *hs_goroutine_frame_site      (const char * const *frames,
                                          guint               n_frames);

GPtrArray  *hs_goroutine_growth_new      (HsProfile        *base,
                                          HsProfile        *newer,
                                          guint             max_n);

G_END_DECLS
