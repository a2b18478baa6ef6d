/* fuzz-units.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fuzz-units"

#include "config.h"

#include <stdint.h>

#include "hs-input-file.h"
#include "hs-units.h"

/* libFuzzer entry: the CLI's argument parsers (durations such as
 * --interval=1h30m, sizes such as --max-size=64M, growth rates such as
 * --max-growth=5MiB/min) on any text. A value
 * they accept must be within the documented bound and one the formatters
 * can print; an argument that does not fit must be refused, and UBSan
 * stops the fuzzer on any overflow on the way. */

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(GError) error = NULL;
  gint64 usec = -1;
  guint64 bytes = 0;
  double per_min = -1;

  if (hs_parse_duration (text, &usec, &error))
    {
      g_autofree char *printed = hs_format_duration (usec);

      g_assert (error == NULL && usec >= 0 && usec <= HS_DURATION_MAX && printed != NULL);
    }
  else
    g_assert (error != NULL);
  g_clear_error (&error);

  if (hs_input_parse_limit (text, &bytes, &error))
    {
      g_autofree char *printed = hs_format_bytes ((gint64) bytes);

      g_assert (error == NULL && bytes > 0 && bytes <= G_MAXINT64 && printed != NULL);
    }
  else
    g_assert (error != NULL);
  g_clear_error (&error);

  /* At most 2^63 − 1 bytes a second, 60 times that a minute: finite. */
  if (hs_parse_growth (text, &per_min, &error))
    g_assert (error == NULL && per_min >= 0 && per_min <= 60.0 * (double) G_MAXINT64);
  else
    g_assert (error != NULL && per_min == -1);
  return 0;
}
