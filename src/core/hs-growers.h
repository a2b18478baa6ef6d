/* hs-growers.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One candidate for "top growers": something with a name that changed by
 * @delta between a base and a new capture. @item is the caller's. */
typedef struct
{
  gpointer    item;
  const char *name;
  gint64      delta;
} HsGrower;

void hs_growers_rank (GArray *growers,
                      guint   max_n);

G_END_DECLS
