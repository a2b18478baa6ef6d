/* fuzz-legacy-text.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fuzz-legacy-text"

#include "config.h"

#include <stdint.h>

#include "hs-profile-private.h"

/* libFuzzer entry: any bytes straight into the legacy text parsers (heap
 * text, goroutine debug=1 and debug=2), without the gzip and protobuf
 * sniffing in front of them that fuzz-profile-reader goes through, so
 * every mutation reaches a text parser. */

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  HsProfileFormat format = 0;
  HsProfileData *profile;

  (void) hs_profile_text_sniff (data, size);
  profile = hs_profile_text_parse (data, size, "fuzz", &format, NULL, &error);
  if (profile != NULL)
    {
      g_assert (error == NULL);
      hs_profile_data_free (profile);
    }
  return 0;
}
