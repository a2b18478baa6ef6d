/* test-units.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>

#include "hs-units.h"

static void
test_parse_duration_valid (void)
{
  static const struct { const char *text; gint64 usec; } cases[] = {
    { "500ms", 500 * 1000 },
    { "3s", 3 * G_USEC_PER_SEC },
    { "10m", G_GINT64_CONSTANT (600) * G_USEC_PER_SEC },
    { "1h", G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC },
    { "1h30m", G_GINT64_CONSTANT (5400) * G_USEC_PER_SEC },
    { "1.5s", 1500 * 1000 },
    { "100ms", 100 * 1000 },
    { "250us", 250 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 usec = -1;

      g_assert_true (hs_parse_duration (cases[i].text, &usec, &error));
      g_assert_no_error (error);
      g_assert_cmpint (usec, ==, cases[i].usec);
    }
}

static void
test_parse_duration_invalid (void)
{
  static const char *bad[] = { "", "5", "s", "-1s", "3 s", "10x", "1h-", "ms", "nan s",
                               "99999999999999h" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 usec = 42;

      g_assert_false (hs_parse_duration (bad[i], &usec, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      g_assert_cmpint (usec, ==, 42);
    }
}

static void
test_format_duration_round_trip (void)
{
  static const gint64 values[] = { 0, 500 * 1000, G_USEC_PER_SEC, G_GINT64_CONSTANT (90) * G_USEC_PER_SEC,
                                   G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC, G_GINT64_CONSTANT (3723) * G_USEC_PER_SEC };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autofree char *text = hs_format_duration (values[i]);
      gint64 back = -1;

      g_assert_true (hs_parse_duration (text, &back, NULL));
      g_assert_cmpint (back, ==, values[i]);
    }
}

static void
test_format_bytes (void)
{
  static const struct { gint64 bytes; const char *text; } cases[] = {
    { 0, "0 B" },
    { 1023, "1023 B" },
    { 1024, "1.00 KiB" },
    { 1536, "1.50 KiB" },
    { 10 * 1024 * 1024, "10.0 MiB" },
    { 512 * 1024 * 1024, "512 MiB" },
    { G_GINT64_CONSTANT (3) * 1024 * 1024 * 1024, "3.00 GiB" },
    { -2048, "−2.00 KiB" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = hs_format_bytes (cases[i].bytes);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_rfc3339 (void)
{
  g_autofree char *text = hs_format_rfc3339_utc (G_GINT64_CONSTANT (1795318692345678));

  g_assert_cmpstr (text, ==, "2026-11-22T03:38:12.345Z");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/units/parse-duration/valid", test_parse_duration_valid);
  g_test_add_func ("/units/parse-duration/invalid", test_parse_duration_invalid);
  g_test_add_func ("/units/format-duration/round-trip", test_format_duration_round_trip);
  g_test_add_func ("/units/format-bytes", test_format_bytes);
  g_test_add_func ("/units/rfc3339", test_rfc3339);

  return g_test_run ();
}
