/* fuzz-go-expvar.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fuzz-go-expvar"

#include "config.h"

#include <stdint.h>
#include <string.h>

#include "hs-go-expvar.h"
#include "hs-go-rss.h"

/* libFuzzer entry: any bytes as a Go service's /debug/vars page, then the
 * PauseNs ring walk and the RSS split on what was parsed. A page either
 * parses or fails with a GError; the ring walk yields each GC at most
 * once, in order, and never more than 256. */

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsGoExpvar) expvar = hs_go_expvar_parse ((const char *) data, size, 1 << 20, &error);
  g_autoptr(GArray) pauses = g_array_new (FALSE, FALSE, sizeof (HsGoPause));
  guint32 prev = 0, num = 0;
  double num_gc;
  HsGoSmapsTotals smaps = { 0 };
  HsGoRssSplit split;
  guint lost;

  if (expvar == NULL)
    {
      g_assert (error != NULL);
      return 0;
    }
  g_assert (error == NULL);

  /* The previous NumGC from the input's first bytes: any pair. */
  if (size >= 4)
    memcpy (&prev, data, 4);
  if (hs_go_expvar_get (expvar, HS_GO_NUM_GC, &num_gc) && num_gc >= 0 && num_gc <= G_MAXUINT32)
    num = (guint32) num_gc;
  lost = hs_go_pauses_between (prev, num, expvar->pause_ns, expvar->pause_end, pauses);
  g_assert_cmpuint (pauses->len, <=, HS_GO_PAUSE_RING);
  for (guint i = 1; i < pauses->len; i++)
    g_assert_cmpuint (g_array_index (pauses, HsGoPause, i).gc, ==,
                      g_array_index (pauses, HsGoPause, i - 1).gc + 1);
  if (pauses->len > 0)
    {
      g_assert_cmpuint (g_array_index (pauses, HsGoPause, pauses->len - 1).gc, ==, num);
      g_assert_cmpuint ((guint32) (num - prev), ==, pauses->len + lost);
    }

  smaps.rss = size * 4096;
  smaps.anonymous = size * 1024;
  smaps.lazy_free = size;
  smaps.has_lazy_free = size % 2;
  if (hs_go_rss_split (expvar, &smaps, &split, NULL))
    {
      for (guint i = 0; i < HS_GO_RSS_N_PARTS; i++)
        g_assert (split.parts[i].low <= split.parts[i].high && split.parts[i].high <= split.rss);
      hs_go_rss_split_clear (&split);
    }
  return 0;
}
