/* fuzz-units.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fuzz-units"

#include "config.h"

#include <stdint.h>

#include "hs-units.h"

/* libFuzzer entry: the CLI's argument parsers (durations such as
 * --interval=1h30m) on any text. A value they accept must be one the
 * formatters can print. UBSan stops the fuzzer on any overflow. */

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(GError) error = NULL;
  gint64 usec = -1;

  if (hs_parse_duration (text, &usec, &error))
    {
      g_autofree char *printed = hs_format_duration (usec);

      g_assert (error == NULL && usec >= 0 && printed != NULL);
    }
  else
    g_assert (error != NULL);
  return 0;
}
