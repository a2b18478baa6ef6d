/* fuzz-legacy-formats.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fuzz-legacy-formats"

#include "config.h"

#include <stdint.h>

#include "hs-profile-legacy.h"
#include "hs-sniff.h"

/* libFuzzer entry: any bytes into the readers of pprof's other legacy
 * forms (hs-profile-legacy.c: heap, growth, CPU binary, count, thread,
 * contention, Java; their memory maps) and of jemalloc's dumps
 * (hs-jemalloc-reader.c), and through the sniff that picks a reader and
 * names what a refused file looks like. Every parser sees every input:
 * each must return data or an error, never both, never crash. */

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
check (HsProfileData *profile,
       GError        *error)
{
  g_assert ((profile == NULL) != (error == NULL));
  if (profile != NULL)
    {
      /* Every reference the analyses follow without checking. */
      guint n_stacks = hs_profile_data_n_stacks (profile);

      for (guint i = 0; i < profile->samples->len; i++)
        g_assert (g_array_index (profile->samples, HsPSample, i).stack < n_stacks);
      for (guint i = 0; i < profile->stack_locs->len; i++)
        g_assert (g_array_index (profile->stack_locs, guint32, i) < profile->locations->len);
      for (guint i = 0; i < profile->locations->len; i++)
        {
          const HsPLocation *loc = &g_array_index (profile->locations, HsPLocation, i);

          g_assert (loc->mapping == HS_NO_INDEX || loc->mapping < profile->mappings->len);
          g_assert (loc->line_start + loc->n_lines <= profile->lines->len);
        }
      g_assert (profile->values->len == profile->samples->len * profile->sample_types->len);
      hs_profile_data_free (profile);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  HsProfileFormat format = 0;
  g_autofree char *what = NULL;
  GError *error = NULL;
  HsProfileData *profile;

  (void) hs_input_sniff (data, size, &what);

  profile = hs_profile_legacy_parse (data, size, "fuzz", &format, NULL, &error);
  check (profile, error);
  g_clear_error (&error);

  profile = hs_jemalloc_parse (data, size, "fuzz", NULL, &error);
  check (profile, error);
  g_clear_error (&error);
  return 0;
}
