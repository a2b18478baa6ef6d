/* fuzz-profile-reader.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fuzz-profile-reader"

#include "config.h"

#include <stdint.h>

#include "hs-call-tree.h"
#include "hs-flame-model.h"
#include "hs-profile.h"
#include "hs-profile-diff.h"
#include "hs-profile-top.h"

/* libFuzzer entry: any bytes through the whole reader (gzip, protobuf,
 * text forms) and, when they load, every analysis for every sample index.
 * The cap keeps a gzip bomb from turning into an out-of-memory report. */

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(HsProfile) profile = NULL;

  profile = hs_profile_load_bytes (bytes, "fuzz", 16 * 1024 * 1024, &error);
  if (profile == NULL)
    {
      g_assert (error != NULL);
      return 0;
    }

  for (guint i = 0; i < hs_profile_get_n_sample_types (profile) && i < 8; i++)
    {
      g_autoptr(HsTop) top = hs_top_new (profile, i, i % 2 == 1);
      g_autoptr(HsFlameModel) flame = hs_flame_model_new (top);
      g_autoptr(HsCallTree) tree = hs_call_tree_new (top);

      g_assert (hs_flame_node_get_value (hs_flame_model_get_root (flame)) >= G_MININT64);

      for (guint r = 0; r < hs_top_get_n_rows (top) && r < 4; r++)
        {
          g_autoptr(GArray) callers = hs_call_tree_get_callers (tree, r);
          g_autoptr(GArray) callees = hs_call_tree_get_callees (tree, r);

          g_assert (callers != NULL && callees != NULL);
        }
    }
  {
    g_autoptr(HsTop) diff = NULL;
    g_autoptr(GError) diff_error = NULL;

    diff = hs_top_new_diff (profile, profile, hs_profile_get_default_sample_index (profile), FALSE, &diff_error);
    g_assert (diff != NULL && hs_top_get_n_rows (diff) == 0);
  }
  return 0;
}
