/* fuzz-massif.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fuzz-massif"

#include "config.h"

#include <stdint.h>

#include "hs-massif.h"
#include "hs-profile-top.h"

/* libFuzzer entry: any bytes into the massif reader, and every snapshot
 * it accepts turned into a profile and a top table, the path the Massif
 * view and `heapscope-cli massif --snapshot` take. */

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsMassif) massif = NULL;

  (void) hs_massif_sniff (data, size);
  massif = hs_massif_parse (data, size, "fuzz", NULL, &error);
  if (massif == NULL)
    {
      g_assert (error != NULL);
      return 0;
    }
  (void) hs_massif_get_default_position (massif);
  (void) hs_massif_get_max_position (massif);
  for (guint i = 0; i < hs_massif_get_n_snapshots (massif) && i < 64; i++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(HsProfile) profile = hs_massif_get_profile (massif, i, &local_error);

      if (profile != NULL)
        {
          g_autoptr(HsTop) top = hs_top_new (profile, 0, FALSE);

          (void) hs_top_get_n_rows (top);
        }
    }
  return 0;
}
