/* test-series.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "hs-series.h"

/* Brute force: walk every point held once, with a column cursor (the
 * points are sorted), and the same column boundaries as the contract. */
static gint64
column_start (gint64 t0,
              gint64 t1,
              guint  n_columns,
              guint  c)
{
  if (c == 0)
    return t0;
  if (c >= n_columns)
    return t1;
  return t0 + (gint64) ((double) (t1 - t0) * (double) c / (double) n_columns);
}

static void
brute_minmax (HsSeries *series,
              gint64    t0,
              gint64    t1,
              guint     n_columns,
              double   *out_min,
              double   *out_max,
              gboolean *out_valid)
{
  guint c = 0;

  for (guint i = 0; i < n_columns; i++)
    {
      out_valid[i] = FALSE;
      out_min[i] = INFINITY;
      out_max[i] = -INFINITY;
    }

  for (guint i = 0; i < hs_series_get_length (series); i++)
    {
      gint64 t;
      double v;

      hs_series_get_point (series, i, &t, &v);
      if (t < t0 || t >= t1)
        continue;
      while (c + 1 < n_columns && t >= column_start (t0, t1, n_columns, c + 1))
        c++;
      out_valid[c] = TRUE;
      out_min[c] = MIN (out_min[c], v);
      out_max[c] = MAX (out_max[c], v);
    }
}

static void
check_against_brute (HsSeries *series,
                     gint64    t0,
                     gint64    t1,
                     guint     n_columns)
{
  g_autofree double *mn = g_new (double, n_columns);
  g_autofree double *mx = g_new (double, n_columns);
  g_autofree gboolean *valid = g_new (gboolean, n_columns);
  g_autofree double *bmn = g_new (double, n_columns);
  g_autofree double *bmx = g_new (double, n_columns);
  g_autofree gboolean *bvalid = g_new (gboolean, n_columns);

  hs_series_get_range_minmax (series, t0, t1, n_columns, mn, mx, valid);
  brute_minmax (series, t0, t1, n_columns, bmn, bmx, bvalid);
  for (guint c = 0; c < n_columns; c++)
    {
      g_assert_cmpint (valid[c], ==, bvalid[c]);
      if (!valid[c])
        continue;
      g_assert_cmpfloat (mn[c], ==, bmn[c]);
      g_assert_cmpfloat (mx[c], ==, bmx[c]);
    }
}

static void
test_new_destroy (void)
{
  HsSeries *series = hs_series_new (100);

  g_assert_cmpuint (hs_series_get_capacity (series), ==, 100);
  g_assert_cmpuint (hs_series_get_length (series), ==, 0);
  g_assert_false (hs_series_get_last (series, NULL, NULL));
  g_assert_false (hs_series_get_time_range (series, NULL, NULL));
  hs_series_unref (series);
}

/* Random data, ring wrapped several times, many ranges and widths. */
static void
test_decimation_matches_brute_force (void)
{
  static const guint capacities[] = { 1, 7, 33, 600, 5000 };
  GRand *rand = g_rand_new_with_seed (42);

  for (guint k = 0; k < G_N_ELEMENTS (capacities); k++)
    {
      g_autoptr(HsSeries) series = hs_series_new (capacities[k]);
      guint n_points = capacities[k] * 3 + 11;
      gint64 t = 1000000;

      for (guint i = 0; i < n_points; i++)
        {
          /* Irregular steps, sometimes equal times. */
          t += g_rand_int_range (rand, 0, 3) * 500000;
          hs_series_append (series, t, g_rand_double_range (rand, -1e6, 1e9));

          if (i % (n_points / 7 + 1) == 0 || i == n_points - 1)
            {
              gint64 first, last;

              g_assert_true (hs_series_get_time_range (series, &first, &last));
              for (guint r = 0; r < 6; r++)
                {
                  gint64 a = first - 2000000 + g_rand_int_range (rand, 0, (gint32) MIN (last - first + 4000000, G_MAXINT32 - 1));
                  gint64 b = a + 1 + g_rand_int_range (rand, 0, (gint32) MIN (last - first + 4000000, G_MAXINT32 - 1));
                  guint columns = (guint) g_rand_int_range (rand, 1, 700);

                  check_against_brute (series, a, b, columns);
                }
              check_against_brute (series, first, last + 1, 1);
              check_against_brute (series, first, last + 1, 1000);
            }
        }
      g_assert_cmpuint (hs_series_get_length (series), ==, capacities[k]);
    }

  g_rand_free (rand);
}

/* 24 h at 1 Hz fits, and memory does not change as it fills and wraps. */
static void
test_constant_memory (void)
{
  g_autoptr(HsSeries) series = hs_series_new (HS_SERIES_DEFAULT_CAPACITY);
  gsize empty = hs_series_get_state_size (series);
  gint64 first, last;
  double mn, mx;

  g_assert_cmpuint (hs_series_get_capacity (series), >=, 24 * 3600);
  /* ≈ 17.1 bytes per point, as documented. */
  g_assert_cmpuint (empty, <, (gsize) HS_SERIES_DEFAULT_CAPACITY * 18);
  g_assert_cmpuint (empty, >, (gsize) HS_SERIES_DEFAULT_CAPACITY * 16);

  for (guint i = 0; i < 2 * HS_SERIES_DEFAULT_CAPACITY + 5; i++)
    hs_series_append (series, (gint64) i * G_USEC_PER_SEC, i);

  g_assert_cmpuint (hs_series_get_state_size (series), ==, empty);
  g_assert_cmpuint (hs_series_get_length (series), ==, HS_SERIES_DEFAULT_CAPACITY);
  g_assert_true (hs_series_get_time_range (series, &first, &last));
  g_assert_cmpint (first, ==, (gint64) (HS_SERIES_DEFAULT_CAPACITY + 5) * G_USEC_PER_SEC);
  g_assert_cmpint (last, ==, (gint64) (2 * HS_SERIES_DEFAULT_CAPACITY + 4) * G_USEC_PER_SEC);
  g_assert_true (hs_series_get_minmax (series, first, last + 1, &mn, &mx));
  g_assert_cmpfloat (mn, ==, HS_SERIES_DEFAULT_CAPACITY + 5);
  g_assert_cmpfloat (mx, ==, 2 * HS_SERIES_DEFAULT_CAPACITY + 4);
  check_against_brute (series, first, last + 1, 997);
}

static void
test_lookup_and_clamp (void)
{
  g_autoptr(HsSeries) series = hs_series_new (16);
  guint64 generation = hs_series_get_generation (series);
  gint64 t;
  double v;

  hs_series_append (series, 1000, 1);
  hs_series_append (series, 2000, 2);
  /* A wall-clock step back: stored at the newest time. */
  hs_series_append (series, 1500, 3);
  g_assert_cmpuint (hs_series_get_generation (series), >, generation);
  g_assert_true (hs_series_get_point (series, 2, &t, &v));
  g_assert_cmpint (t, ==, 2000);
  g_assert_cmpfloat (v, ==, 3);

  g_assert_false (hs_series_lookup (series, 999, &t, &v));
  g_assert_true (hs_series_lookup (series, 1000, &t, &v));
  g_assert_cmpfloat (v, ==, 1);
  g_assert_true (hs_series_lookup (series, 1999, &t, &v));
  g_assert_cmpint (t, ==, 1000);
  g_assert_true (hs_series_lookup (series, 5000, &t, &v));
  g_assert_cmpfloat (v, ==, 3);

  hs_series_clear (series);
  g_assert_cmpuint (hs_series_get_length (series), ==, 0);
  g_assert_false (hs_series_lookup (series, 5000, &t, &v));
}

/* The change over a window against a walk over every point, on a ring
 * that has wrapped, for windows inside, across and outside the data. */
static void
test_change_matches_brute_force (void)
{
  g_autoptr(HsSeries) series = hs_series_new (64);
  GRand *rand = g_rand_new_with_seed (8);
  HsSeriesChange change;

  /* 100 points 10 µs apart into 64 slots: 36..99 remain, t = 360..990. */
  for (int i = 0; i < 100; i++)
    hs_series_append (series, i * 10, g_rand_double_range (rand, -50, 50));

  for (int k = 0; k < 2000; k++)
    {
      gint64 t0 = g_rand_int_range (rand, 0, 1100);
      gint64 t1 = g_rand_int_range (rand, 0, 1100);
      gint64 first_t = 0, last_t = 0;
      double first = 0, last = 0;
      guint n = 0;

      for (guint i = 0; i < hs_series_get_length (series); i++)
        {
          gint64 t;
          double v;

          hs_series_get_point (series, i, &t, &v);
          if (t < t0 || t > t1)
            continue;
          if (n++ == 0)
            first_t = t, first = v;
          last_t = t, last = v;
        }

      g_assert_cmpint (hs_series_get_change (series, t0, t1, &change), ==, n >= 2);
      g_assert_cmpuint (change.n_points, ==, n);
      g_assert_cmpint (change.valid, ==, n >= 2);
      if (n > 0)
        {
          g_assert_cmpint (change.first_time_usec, ==, first_t);
          g_assert_cmpint (change.last_time_usec, ==, last_t);
          g_assert_cmpfloat (change.first, ==, first);
          g_assert_cmpfloat (change.last, ==, last);
        }
      g_assert_cmpfloat (change.change, ==, n >= 2 ? last - first : 0);
    }

  /* Both ends are included; one point says nothing; G_MAXINT64 is open. */
  g_assert_true (hs_series_get_change (series, 360, 370, &change));
  g_assert_cmpuint (change.n_points, ==, 2);
  g_assert_false (hs_series_get_change (series, 365, 375, &change));
  g_assert_cmpuint (change.n_points, ==, 1);
  g_assert_cmpfloat (change.change, ==, 0);
  g_assert_true (hs_series_get_change (series, G_MININT64, G_MAXINT64, &change));
  g_assert_cmpuint (change.n_points, ==, 64);
  g_assert_cmpint (change.first_time_usec, ==, 360);
  g_assert_cmpint (change.last_time_usec, ==, 990);

  hs_series_clear (series);
  g_assert_false (hs_series_get_change (series, G_MININT64, G_MAXINT64, &change));
  g_assert_cmpuint (change.n_points, ==, 0);
  g_rand_free (rand);
}

/* The work per query must not grow with history: time one full-range
 * query over 86,400 points against one over 600 (generous bound, so a
 * busy CI machine does not fail it). */
static void
test_query_cost_independent_of_length (void)
{
  g_autoptr(HsSeries) small = hs_series_new (HS_SERIES_DEFAULT_CAPACITY);
  g_autoptr(HsSeries) large = hs_series_new (HS_SERIES_DEFAULT_CAPACITY);
  double mn[800], mx[800];
  gboolean valid[800];
  gint64 t_small = G_MAXINT64, t_large = G_MAXINT64;

  for (guint i = 0; i < 600; i++)
    hs_series_append (small, (gint64) i * G_USEC_PER_SEC, sin (i / 10.0));
  for (guint i = 0; i < HS_SERIES_DEFAULT_CAPACITY; i++)
    hs_series_append (large, (gint64) i * G_USEC_PER_SEC, sin (i / 10.0));

  for (guint round = 0; round < 5; round++)
    {
      gint64 start = g_get_monotonic_time ();

      for (guint r = 0; r < 20; r++)
        hs_series_get_range_minmax (small, 0, 600 * G_USEC_PER_SEC, 800, mn, mx, valid);
      t_small = MIN (t_small, g_get_monotonic_time () - start);

      start = g_get_monotonic_time ();
      for (guint r = 0; r < 20; r++)
        hs_series_get_range_minmax (large, 0, (gint64) HS_SERIES_DEFAULT_CAPACITY * G_USEC_PER_SEC,
                                    800, mn, mx, valid);
      t_large = MIN (t_large, g_get_monotonic_time () - start);
    }

  g_test_message ("800 columns: 600 points %" G_GINT64_FORMAT " µs/20, 86400 points %"
                  G_GINT64_FORMAT " µs/20", t_small, t_large);
  /* A linear scan would be 144× slower; the pyramid is ~6×; allow 25×
   * for a loaded machine (and valgrind). */
  g_assert_cmpint (t_large, <, MAX (t_small, 200) * 25);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/series/new-destroy", test_new_destroy);
  g_test_add_func ("/series/decimation-matches-brute-force", test_decimation_matches_brute_force);
  g_test_add_func ("/series/constant-memory", test_constant_memory);
  g_test_add_func ("/series/lookup-and-clamp", test_lookup_and_clamp);
  g_test_add_func ("/series/change-matches-brute-force", test_change_matches_brute_force);
  g_test_add_func ("/series/query-cost", test_query_cost_independent_of_length);

  return g_test_run ();
}
