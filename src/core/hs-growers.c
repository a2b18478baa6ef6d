/* hs-growers.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-growers"

#include "config.h"

#include <string.h>

#include "hs-growers.h"

static int
compare_growers (gconstpointer a,
                 gconstpointer b)
{
  const HsGrower *ga = a;
  const HsGrower *gb = b;

  if (ga->delta != gb->delta)
    return ga->delta > gb->delta ? -1 : 1;
  return g_strcmp0 (ga->name, gb->name);
}

/**
 * hs_growers_rank:
 * @growers: (element-type HsGrower): the candidates
 * @max_n: how many to keep
 *
 * The one definition of "top growers", the summary a leak hunter reads
 * first in a comparison (the Compare views, `heapscope-cli diff`): what
 * grew (delta > 0; a shrink or no change is never a grower), the largest
 * growth first, equal growth by name so that the order is stable; at
 * most @max_n of them. Sorts and trims @growers in place.
 */
void
hs_growers_rank (GArray *growers,
                 guint   max_n)
{
  guint kept = 0;

  g_return_if_fail (growers != NULL);
  g_return_if_fail (g_array_get_element_size (growers) == sizeof (HsGrower));

  for (guint i = 0; i < growers->len; i++)
    if (g_array_index (growers, HsGrower, i).delta > 0)
      g_array_index (growers, HsGrower, kept++) = g_array_index (growers, HsGrower, i);
  g_array_set_size (growers, kept);
  g_array_sort (growers, compare_growers);
  if (growers->len > max_n)
    g_array_set_size (growers, max_n);
}
