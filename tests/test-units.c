/* test-units.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <math.h>

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

/* Capture times in the window are local (profiles were in UTC while
 * memory maps were local); TZ=UTC makes "local" known here. */
static void
test_local_time (void)
{
  g_autofree char *text = NULL;

  g_setenv ("TZ", "UTC", TRUE);
  text = hs_format_local_time (G_GINT64_CONSTANT (1795318692345678));
  g_assert_cmpstr (text, ==, "2026-11-22 03:38:12");
}

/* go tool pprof's labels (measurement.ScaledLabel with "auto"), as
 * pprof 1.19's vendored source computes them; the CLI test checks the
 * same code against pprof's own output on real profiles. */
static void
test_sample_value_pprof (void)
{
  static const struct { gint64 value; const char *unit; const char *text; } cases[] = {
    { 1280000000, "nanoseconds", "1.28s" },
    { 10000000, "nanoseconds", "10ms" },
    { 1500, "nanoseconds", "1.50us" },
    { 999, "nanoseconds", "999ns" },
    { G_GINT64_CONSTANT (5400000000000), "nanoseconds", "1.50hrs" },
    { 350, "milliseconds", "350ms" },
    { 0, "nanoseconds", "0" },
    { 1536, "bytes", "1.50kB" },
    { 512, "bytes", "512B" },
    { -2048, "bytes", "-2kB" },
    { G_GINT64_CONSTANT (3) << 30, "bytes", "3GB" },
    { 12345, "count", "12345" },
    { 7, "goroutine", "7" },
    { 7, NULL, "7" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = hs_format_sample_value (cases[i].value, cases[i].unit, HS_UNIT_STYLE_PPROF);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

/* pprof -top writes a whole report in one unit, chosen from the smallest
 * value shown (report.selectOutputUnit). */
static void
test_pprof_output_unit (void)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  /* leakycache heap-t1: smallest 512.12kB of 3.01MB → everything in kB */
  g_assert_cmpstr (hs_pprof_output_unit ("bytes", 524416, 3152253), ==, "kB");
  a = hs_format_sample_value_as (1579018, "bytes", "kB");
  g_assert_cmpstr (a, ==, "1542.01kB");
  /* 10 ms of 400 ms: "ms"; 10 ms of 2 s: "s", so 10 ms is "0.01s" */
  g_assert_cmpstr (hs_pprof_output_unit ("nanoseconds", 10000000, 400000000), ==, "ms");
  g_assert_cmpstr (hs_pprof_output_unit ("nanoseconds", 10000000, 2000000000), ==, "s");
  b = hs_format_sample_value_as (10000000, "nanoseconds", "s");
  g_assert_cmpstr (b, ==, "0.01s");
  /* 1 kB of 100 MB: a hundred times the smallest sets the unit */
  g_assert_cmpstr (hs_pprof_output_unit ("bytes", 1024, 100 << 20), ==, "kB");
  g_assert_cmpstr (hs_pprof_output_unit ("bytes", 20 << 10, 100 << 20), ==, "MB");
  g_assert_cmpstr (hs_pprof_output_unit ("count", 1, 100), ==, "count");
  /* A unit pprof does not know is written after the number in a report */
  {
    g_autofree char *c = hs_format_sample_value_as (7, "goroutine", hs_pprof_output_unit ("goroutine", 7, 7));

    g_assert_cmpstr (c, ==, "7goroutine");
  }
}

static void
test_sample_value_human (void)
{
  static const struct { gint64 value; const char *unit; const char *text; } cases[] = {
    { 1280000000, "nanoseconds", "1.28 s" },
    { 10000000, "nanoseconds", "10.0 ms" },
    { 350000000, "nanoseconds", "350 ms" },
    { 1500, "nanoseconds", "1.50 µs" },
    { -20000000, "nanoseconds", "−20.0 ms" },
    { 0, "nanoseconds", "0 s" },
    { 1536, "bytes", "1.50 KiB" },
    { -2048, "bytes", "−2.00 KiB" },
    { 2, "kilobytes", "2.00 KiB" },
    { 12345, "count", "12345" },  /* the C locale groups nothing */
    { -5, "count", "−5" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = hs_format_sample_value (cases[i].value, cases[i].unit, HS_UNIT_STYLE_HUMAN);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

/* Digit grouping as localeconv() describes it (the test machine may have
 * no locale but C, so the separators are given). */
static void
test_count_grouped (void)
{
  static const struct { gint64 value; const char *sep; const char *grouping; const char *text; } cases[] = {
    { 1234567, ",", "\3", "1,234,567" },
    { 123456, ",", "\3", "123,456" },
    { 999, ",", "\3", "999" },
    { 0, ",", "\3", "0" },
    { -1234567, "\u202f", "\3", "−1\u202f234\u202f567" },
    { 1234567, ",", "\3\2", "12,34,567" },
    { 1234567, ".", "", "1234567" },
    { 1234567, "", "\3", "1234567" },
    { G_MININT64, ",", "\3", "−9,223,372,036,854,775,808" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = hs_format_count_grouped (cases[i].value, cases[i].sep, cases[i].grouping);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

/* The one size syntax (--max-size, --max-rss) and the growth rates of
 * --max-growth, against figures worked out by hand. */
static void
test_parse_size (void)
{
  static const struct { const char *text; guint64 bytes; } good[] = {
    { "0", 0 }, { "1048576", 1048576 }, { "64M", 64 << 20 }, { "5MiB", 5 << 20 },
    { "1G", G_GUINT64_CONSTANT (1) << 30 }, { "2k", 2048 }, { "3KiB", 3072 },
    { "1T", G_GUINT64_CONSTANT (1) << 40 },
    { "9223372036854775807", G_MAXINT64 },
  };
  static const char * const bad[] = {
    "", "M", "-1", "1.5M", "12X", "5 M", "1MB", "9223372036854775808", "8388608T",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      guint64 bytes = 1;

      g_assert_true (hs_parse_size (good[i].text, &bytes, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (bytes, ==, good[i].bytes);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      guint64 bytes = 7;

      g_assert_false (hs_parse_size (bad[i], &bytes, &error));
      g_assert_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
      g_assert_nonnull (strstr (error->message, bad[i]));
      g_assert_cmpuint (bytes, ==, 7);
    }
}

static void
test_parse_growth (void)
{
  static const struct { const char *text; double per_min; } good[] = {
    { "5MiB/min", 5.0 * 1024 * 1024 }, { "1K/s", 60.0 * 1024 }, { "60M/h", 1024.0 * 1024 },
    { "0/min", 0 }, { "512/m", 512 },
  };
  static const char * const bad[] = { "5M", "5M/", "5M/day", "/min", "x/min", "5M/min/s", "-1K/s" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      double per_min = -1;

      g_assert_true (hs_parse_growth (good[i].text, &per_min, &error));
      g_assert_no_error (error);
      g_assert_cmpfloat_with_epsilon (per_min, good[i].per_min, 1e-6);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      double per_min = -1;

      g_assert_false (hs_parse_growth (bad[i], &per_min, &error));
      g_assert_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
      g_assert_cmpfloat (per_min, ==, -1);
    }
}

/* The fast formatters write what printf writes, to the byte: ties
 * (0.125, 2.675, 1.005 are not what they look like in binary), carries
 * (9.995, 0.0996), signs and zeros, and random values of the
 * magnitudes a report has. */
static void
check_against_printf (double value)
{
  char fast[HS_ASCII_FORMAT_BUF_SIZE];
  char slow[HS_ASCII_FORMAT_BUF_SIZE];
  char format[8];

  for (guint d = 0; d <= 4; d++)
    {
      g_snprintf (format, sizeof format, "%%.%uf", d);
      g_ascii_formatd (slow, sizeof slow, format, value);
      hs_ascii_format_fixed (fast, sizeof fast, value, d);
      if (!g_str_equal (fast, slow))
        g_error ("%%.%uf of %.17g: %s, printf %s", d, value, fast, slow);
    }
  for (guint p = 1; p <= 4; p++)
    {
      g_snprintf (format, sizeof format, "%%.%ug", p);
      g_ascii_formatd (slow, sizeof slow, format, value);
      hs_ascii_format_general (fast, sizeof fast, value, p);
      if (!g_str_equal (fast, slow))
        g_error ("%%.%ug of %.17g: %s, printf %s", p, value, fast, slow);
    }
}

static void
test_ascii_format_matches_printf (void)
{
  static const double cases[] = {
    0.0, -0.0, 0.5, 1.5, 2.5, -2.5, 0.125, 0.375, 2.675, 1.005, 1.015, 9.995, 99.995, 0.0996,
    0.00996, 0.099999, 0.1, 1.0, 10.0, 100.0, 1e-4, 9.9999e-5, 1e-5, 123456.785, 1e9, 999999999.5,
    1e12, 1e15, 4503599627370495.5, 1e300, -1e300, 5e-324, 0.045, 0.0045, 99.95, 99.949999,
    33.333333333333336, 66.666666666666671, 0.0049999999999999, -0.004, -0.005, 1.0 / 3.0, 9.96e-5, 9.96e-6, 9.95e-6, 9.949e-6, 1e-5, 1e-20,
    1.5e-20, 9.99e-21, 1e-22, 2.5e-7, 1.25e-8, 5.3e-5,
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (13);
  char buf[HS_ASCII_FORMAT_BUF_SIZE];

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    check_against_printf (cases[i]);
  check_against_printf (INFINITY);
  check_against_printf (-INFINITY);
  check_against_printf (NAN);
  for (guint i = 0; i < 100000; i++)
    {
      /* Magnitudes from 1e-22 to 1e10, and values with few decimals,
       * where ties live. */
      double v = pow (10.0, g_rand_double_range (rand, -22.0, 10.0));

      if (i % 4 == 1)
        v = (double) g_rand_int_range (rand, 0, 2000000) / 1000.0;
      if (i % 4 == 2)
        v = (double) g_rand_int_range (rand, 0, 2000000) / 8.0 / 1000.0;
      if (i % 2 == 1)
        v = -v;
      check_against_printf (v);
    }
  g_assert_cmpstr (hs_ascii_format_fixed (buf, sizeof buf, 2.675, 2), ==, "2.67");
  g_assert_cmpstr (hs_ascii_format_fixed (buf, sizeof buf, 0.125, 2), ==, "0.12");
  g_assert_cmpstr (hs_ascii_format_general (buf, sizeof buf, 0.0996, 2), ==, "0.1");
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
  g_test_add_func ("/units/sample-value/pprof", test_sample_value_pprof);
  g_test_add_func ("/units/sample-value/pprof-output-unit", test_pprof_output_unit);
  g_test_add_func ("/units/sample-value/human", test_sample_value_human);
  g_test_add_func ("/units/count-grouped", test_count_grouped);
  g_test_add_func ("/units/local-time", test_local_time);
  g_test_add_func ("/units/parse-size", test_parse_size);
  g_test_add_func ("/units/parse-growth", test_parse_growth);
  g_test_add_func ("/units/ascii-format-matches-printf", test_ascii_format_matches_printf);

  return g_test_run ();
}
