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

/* The overflow rule (hs-units.h): an argument that does not fit is
 * refused. Before, the terms were added without a check: signed overflow,
 * a negative total, and `watch --duration=…` ran forever. */
static void
test_parse_duration_overflow (void)
{
  static const char *bad[] = {
    "1280000000h1280000000h",
    "1280000000h1280000000h1280000000h1280000000h1280000000h",
    "1281023894h1281023894h",
    "2562047788h",
    "9223372036854775807us1us",
    "99999999999999h",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 usec = 42;

      g_assert_false (hs_parse_duration (bad[i], &usec, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      g_assert_cmpint (usec, ==, 42);
    }
}

/* A negative duration (a broken profile's duration_nanos) is written
 * with a sign; before, a GLib-CRITICAL and NULL. */
static void
test_format_duration_negative (void)
{
  static const struct { gint64 usec; const char *text; } cases[] = {
    { -1500000, "-1.5s" },
    { -1000, "-1ms" },
    { G_GINT64_CONSTANT (-3600) * G_USEC_PER_SEC, "-1h" },
  };
  g_autofree char *min = hs_format_duration (G_MININT64);
  gint64 back = 0;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = hs_format_duration (cases[i].usec);

      g_assert_cmpstr (text, ==, cases[i].text);
      /* The CLI does not take a negative duration back. */
      g_assert_false (hs_parse_duration (text, &back, NULL));
    }
  g_assert_nonnull (min);
  g_assert_true (g_str_has_prefix (min, "-2562047788h"));
}

/* Times before the epoch: the second below and a positive fraction.
 * Before, -1.5 s printed as "1969-12-31T23:59:59.-500Z". */
static void
test_rfc3339_before_epoch (void)
{
  static const struct { gint64 usec; const char *text; } cases[] = {
    { -1500000, "1969-12-31T23:59:58.500Z" },
    { -1, "1969-12-31T23:59:59.999Z" },
    { -G_USEC_PER_SEC, "1969-12-31T23:59:59.000Z" },
    { 0, "1970-01-01T00:00:00.000Z" },
    { G_MININT64, "invalid-time" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = hs_format_rfc3339_utc (cases[i].usec);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_saturating (void)
{
  g_assert_cmpint (hs_int64_add_saturating (G_MAXINT64, 1), ==, G_MAXINT64);
  g_assert_cmpint (hs_int64_add_saturating (G_MININT64, -1), ==, G_MININT64);
  g_assert_cmpint (hs_int64_add_saturating (G_MAXINT64, G_MININT64), ==, -1);
  g_assert_cmpint (hs_int64_add_saturating (40, 2), ==, 42);
  g_assert_cmpint (hs_int64_sub_saturating (G_MININT64, 1), ==, G_MININT64);
  g_assert_cmpint (hs_int64_sub_saturating (0, G_MININT64), ==, G_MAXINT64);
  g_assert_cmpint (hs_int64_sub_saturating (-2, G_MAXINT64), ==, G_MININT64);
  g_assert_cmpint (hs_int64_sub_saturating (44, 2), ==, 42);
  g_assert_cmpuint (hs_uint64_add_saturating (G_MAXUINT64, 1), ==, G_MAXUINT64);
  g_assert_cmpuint (hs_uint64_add_saturating (G_MAXINT64, G_MAXINT64), ==, G_MAXUINT64 - 1);
  g_assert_cmpint (hs_uint64_delta (0, G_MAXUINT64), ==, G_MAXINT64);
  g_assert_cmpint (hs_uint64_delta (G_MAXUINT64, 0), ==, G_MININT64);
  g_assert_cmpint (hs_uint64_delta ((guint64) G_MAXINT64 + 1, 0), ==, G_MININT64);
  g_assert_cmpint (hs_uint64_delta ((guint64) G_MAXINT64, 0), ==, -G_MAXINT64);
  g_assert_cmpint (hs_uint64_delta (10, 52), ==, 42);
  g_assert_cmpint (hs_uint64_delta (52, 10), ==, -42);
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
  g_test_add_func ("/units/parse-duration/overflow", test_parse_duration_overflow);
  g_test_add_func ("/units/format-duration/negative", test_format_duration_negative);
  g_test_add_func ("/units/rfc3339/before-epoch", test_rfc3339_before_epoch);
  g_test_add_func ("/units/saturating", test_saturating);

  return g_test_run ();
}
