/* fuzz-go-text.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fuzz-go-text"

#include "config.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "hs-go-text.h"

/* libFuzzer entry: any bytes as a Prometheus /metrics page, parsed whole
 * and again fed in chunks cut where the input's bytes say: both must
 * agree exactly (the parser is streaming-safe), and as the first line of
 * a goroutine profile. */

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *text = (const char *) data;
  g_autoptr(GError) whole_error = NULL;
  g_autoptr(GError) chunk_error = NULL;
  g_autoptr(GArray) whole = hs_prom_parse (text, size, 1 << 20, &whole_error);
  g_autoptr(HsPromParser) parser = hs_prom_parser_new (1 << 20);
  gboolean ok = TRUE;
  gint64 total = -1;
  g_autoptr(GError) goroutine_error = NULL;

  g_assert ((whole == NULL) == (whole_error != NULL));

  for (gsize pos = 0; pos < size && ok;)
    {
      gsize step = 1 + (data[pos] % 97);

      step = MIN (step, size - pos);
      ok = hs_prom_parser_feed (parser, text + pos, step, &chunk_error);
      pos += step;
    }
  if (ok)
    ok = hs_prom_parser_finish (parser, &chunk_error);

  g_assert_cmpint (ok, ==, whole != NULL);
  if (ok)
    {
      GArray *chunked = hs_prom_parser_get_samples (parser);

      g_assert_cmpuint (chunked->len, ==, whole->len);
      for (guint i = 0; i < whole->len; i++)
        {
          HsPromSample *a = &g_array_index (whole, HsPromSample, i);
          HsPromSample *b = &g_array_index (chunked, HsPromSample, i);

          g_assert_cmpstr (a->name, ==, b->name);
          g_assert_cmpstr (a->labels, ==, b->labels);
          g_assert_cmpstr (a->family, ==, b->family);
          g_assert (a->value == b->value || (isnan (a->value) && isnan (b->value)));
          g_assert (hs_prom_find (whole, a->name, a->labels) != NULL);
        }
    }
  else
    g_assert_cmpstr (whole_error->message, ==, chunk_error->message);

  if (hs_go_parse_goroutine_total (text, size, &total, &goroutine_error))
    g_assert (total >= 0 && goroutine_error == NULL);
  else
    g_assert (goroutine_error != NULL);
  return 0;
}
