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
  char   *labels;  /* "key=value, …" in the profile's order; "" when none */
  gint64  base;
  gint64  count;
} HsGoroutineStack;

void        hs_goroutine_stack_free      (HsGoroutineStack *stack);

gboolean    hs_profile_is_goroutine      (HsProfile        *self);

const char *hs_goroutine_frame_site      (const char * const *frames,
                                          guint               n_frames);

GPtrArray  *hs_goroutine_growth_new      (HsProfile        *base,
                                          HsProfile        *newer,
                                          guint             max_n);

G_END_DECLS
