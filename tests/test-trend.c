/* test-trend.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The leak detector: Theil–Sen on hand-checked series, synthetic shapes
 * that must not be called leaks (a step, a warm-up, a GC sawtooth), ones
 * that must (a noisy line, a sawtooth whose floor rises), the projection
 * to a limit, the cgroup limit of this very process, and real
 * heapscope-demo processes watched by an HsSession. */

#include "config.h"

#include <math.h>

#include "hs-local-sampler.h"
#include "hs-memory-limit.h"
#include "hs-session.h"
#include "hs-trend.h"
#include "test-sampler-common.h"

#define MIB (1024.0 * 1024.0)
#define SEC G_GINT64_CONSTANT (1000000)

static void
test_theil_sen_exact (void)
{
  const double x[] = { 0, 1, 2, 3, 4 };
  const double line_outlier[] = { 0, 1, 2, 3, 100 };
  const double mixed[] = { 3, 1, 4, 1, 5 };
  const double tied_x[] = { 1, 1, 1 };
  double slope, intercept, tau;

  /* Slopes: six of 1, then 25, 33, 49, 97: the median is 1; y − x is
   * 0, 0, 0, 0, 96: the intercept is 0. The outlier moves neither. */
  g_assert_true (hs_theil_sen (x, line_outlier, 5, &slope, &intercept, &tau));
  g_assert_cmpfloat (slope, ==, 1);
  g_assert_cmpfloat (intercept, ==, 0);
  g_assert_cmpfloat (tau, ==, 1);

  /* Slopes sorted: −3, −2, −2/3, 0, ½, ½, ½, 4/3, 3, 4: median ½;
   * y − x/2 = 3, ½, 3, −½, 3: median 3; 6 concordant, 3 discordant, one
   * tie: tau = 3/10. */
  g_assert_true (hs_theil_sen (x, mixed, 5, &slope, &intercept, &tau));
  g_assert_cmpfloat (slope, ==, 0.5);
  g_assert_cmpfloat (intercept, ==, 3);
  g_assert_cmpfloat_with_epsilon (tau, 0.3, 1e-12);

  /* No two distinct x: no slope. */
  g_assert_false (hs_theil_sen (tied_x, mixed, 3, &slope, &intercept, &tau));
  g_assert_false (hs_theil_sen (x, mixed, 1, &slope, &intercept, &tau));
}

typedef double (*ShapeFunc) (double seconds);

/* @duration seconds of one point a second, plus Gaussian noise of
 * @noise (fixed seed: the same series every run). */
static HsTrendResult
analyze_shape (HsTrendMode mode,
               gint64      window_usec,
               guint       duration,
               ShapeFunc   shape,
               double      noise)
{
  g_autoptr(HsTrend) trend = hs_trend_new (window_usec, mode);
  g_autoptr(HsSeries) series = hs_series_new (4096);
  GRand *rand = g_rand_new_with_seed (42);
  HsTrendResult result;
  gint64 base = 1700000000 * SEC;

  for (guint s = 0; s <= duration; s++)
    {
      /* Box–Muller */
      double u1 = g_rand_double_range (rand, 1e-12, 1), u2 = g_rand_double (rand);
      double gauss = sqrt (-2 * log (u1)) * cos (2 * G_PI * u2);

      hs_series_append (series, base + s * SEC, shape (s) + noise * gauss);
    }
  g_rand_free (rand);
  hs_trend_analyze (trend, series, base + duration * SEC, &result);
  return result;
}

static double step_at;

static double
step (double t)
{
  return 100 * MIB + (t >= step_at ? 20 * MIB : 0);
}

/* One jump anywhere in the window is never a leak, and a settled one
 * is steady. */
static void
test_step_is_not_leak (void)
{
  const double positions[] = { 60, 150, 300, 450, 540 };

  for (guint i = 0; i < G_N_ELEMENTS (positions); i++)
    {
      HsTrendResult result;

      step_at = positions[i];
      result = analyze_shape (HS_TREND_MODE_VALUE, HS_TREND_DEFAULT_WINDOW_USEC, 600, step, 0.2 * MIB);
      g_test_message ("step at %.0f s: %s, %.3g MiB/min, tau %.2f", step_at,
                      hs_trend_state_to_string (result.state), result.slope_per_min / MIB, result.tau);
      g_assert_cmpint (result.state, !=, HS_TREND_LEAKING);
      if (step_at <= 300)
        g_assert_cmpint (result.state, ==, HS_TREND_STEADY);
    }
}

static double
warm_up (double t)
{
  return t < 120 ? 50 * MIB + 50 * MIB * t / 120 : 100 * MIB;
}

/* A start-up that settles: RSS creeping up 3 MiB over its first minutes
 * (allocator arenas, caches; time constant 90 s), most of it early. */
static double
settling (double t)
{
  return 28 * MIB + 3 * MIB * (1 - exp (-t / 90));
}

/* Judged every 10 s from the first moment a 10-minute window may say
 * leaking (4½ minutes of points) to 10 minutes: never leaking. With each
 * quarter asked to rise a quarter of the slope (not half), this said
 * leaking from 270 s. */
static void
test_settling_start_is_not_leak (void)
{
  for (guint end = 270; end <= 600; end += 10)
    {
      HsTrendResult result = analyze_shape (HS_TREND_MODE_VALUE, HS_TREND_DEFAULT_WINDOW_USEC,
                                            end, settling, 0.05 * MIB);

      g_test_message ("settling at %u s: %s, rise %.2f MiB", end,
                      hs_trend_state_to_string (result.state), result.rise / MIB);
      g_assert_cmpint (result.state, !=, HS_TREND_LEAKING);
    }
}

static void
test_warm_up_is_steady (void)
{
  HsTrendResult result = analyze_shape (HS_TREND_MODE_VALUE, HS_TREND_DEFAULT_WINDOW_USEC,
                                        600, warm_up, 0.3 * MIB);

  g_assert_cmpint (result.state, ==, HS_TREND_STEADY);
}

static double
line (double t)
{
  return 100 * MIB + 2 * MIB * t / 60;
}

static void
test_noisy_line_is_leak (void)
{
  HsTrendResult result;

  /* 2 MiB/min under noise of 1 MiB (σ): leaking, slope within 5 %. */
  result = analyze_shape (HS_TREND_MODE_VALUE, HS_TREND_DEFAULT_WINDOW_USEC, 600, line, 1 * MIB);
  g_assert_cmpint (result.state, ==, HS_TREND_LEAKING);
  g_assert_cmpfloat (fabs (result.slope_per_min - 2 * MIB), <, 0.05 * 2 * MIB);
  g_assert_true (result.covered);
  g_assert_true (result.consistent);
  g_assert_cmpfloat (result.tau, >, 0.3);
  g_assert_cmpuint (result.n_points, ==, 601);
  /* Decimated to the bucket count, whatever the window holds. */
  g_assert_cmpuint (result.n_fitted, ==, 60);

  /* The same after 3 minutes: rising, but the window is not covered. */
  result = analyze_shape (HS_TREND_MODE_VALUE, HS_TREND_DEFAULT_WINDOW_USEC, 180, line, 1 * MIB);
  g_assert_cmpint (result.state, ==, HS_TREND_GROWING);
  g_assert_false (result.covered);

  /* After 4½ minutes of growth the default 10-minute window says
   * leaking: a leak is named within 5 minutes of its start. */
  result = analyze_shape (HS_TREND_MODE_VALUE, HS_TREND_DEFAULT_WINDOW_USEC, 271, line, 1 * MIB);
  g_assert_cmpint (result.state, ==, HS_TREND_LEAKING);
  g_assert_true (result.covered);
  result = analyze_shape (HS_TREND_MODE_VALUE, HS_TREND_DEFAULT_WINDOW_USEC, 260, line, 1 * MIB);
  g_assert_cmpint (result.state, ==, HS_TREND_GROWING);

  /* Pure noise around a level: steady. */
  step_at = 1e9;
  result = analyze_shape (HS_TREND_MODE_VALUE, HS_TREND_DEFAULT_WINDOW_USEC, 600, step, 1 * MIB);
  g_assert_cmpint (result.state, ==, HS_TREND_STEADY);
}

static double floor_slope_per_min;

/* A Go heap: from its floor up by 40 MiB over 37 s, then GC. */
static double
sawtooth (double t)
{
  return 50 * MIB + floor_slope_per_min * t / 60 + 40 * MIB * fmod (t, 37) / 37;
}

static void
test_sawtooth_floor (void)
{
  HsTrendResult result;

  floor_slope_per_min = 0;
  result = analyze_shape (HS_TREND_MODE_FLOOR, HS_TREND_DEFAULT_WINDOW_USEC, 900, sawtooth, 0.1 * MIB);
  g_test_message ("flat floor: %s, %.3g MiB/min", hs_trend_state_to_string (result.state),
                  result.slope_per_min / MIB);
  g_assert_cmpint (result.state, ==, HS_TREND_STEADY);
  g_assert_cmpuint (result.n_fitted, ==, 20);

  floor_slope_per_min = 1 * MIB;
  result = analyze_shape (HS_TREND_MODE_FLOOR, HS_TREND_DEFAULT_WINDOW_USEC, 900, sawtooth, 0.1 * MIB);
  g_test_message ("rising floor: %s, %.3g MiB/min", hs_trend_state_to_string (result.state),
                  result.slope_per_min / MIB);
  g_assert_cmpint (result.state, ==, HS_TREND_LEAKING);
  g_assert_cmpfloat (fabs (result.slope_per_min - 1 * MIB), <, 0.1 * MIB);
}

static double
steep_line (double t)
{
  return 100 * MIB + 10 * MIB * t / 60;
}

/* More points never make less of a verdict: a line sampled every second
 * for 45 s to 2 min of a 10-minute window is growing all along (from
 * 45 s its rise is above 5 % of the level). With 61–80 points the value
 * buckets (a 60th of the window each) held 6 or 7 of them: "not enough
 * data yet" after 1 min, though 45 s had been enough (heapscope-cli
 * run's bench found it). */
static void
test_short_span_is_judged (void)
{
  for (guint duration = 45; duration <= 120; duration += 5)
    {
      HsTrendResult result = analyze_shape (HS_TREND_MODE_VALUE, HS_TREND_DEFAULT_WINDOW_USEC,
                                            duration, steep_line, 0.1 * MIB);

      g_test_message ("%u s: %s, %u points, %u fitted", duration,
                      hs_trend_state_to_string (result.state), result.n_points, result.n_fitted);
      g_assert_cmpuint (result.n_fitted, >=, HS_TREND_MIN_POINTS);
      g_assert_cmpint (result.state, ==, HS_TREND_GROWING);
      g_assert_cmpfloat_with_epsilon (result.slope_per_min, 10 * MIB, 0.5 * MIB);
    }
}

static void
test_too_few_points (void)
{
  g_autoptr(HsTrend) trend = hs_trend_new (HS_TREND_DEFAULT_WINDOW_USEC, HS_TREND_MODE_VALUE);
  g_autoptr(HsSeries) series = hs_series_new (16);
  HsTrendResult result;

  g_assert_false (hs_trend_analyze (trend, series, 0, &result));
  g_assert_cmpint (result.state, ==, HS_TREND_UNKNOWN);
  for (guint i = 0; i < 5; i++)
    hs_series_append (series, i * SEC, i * MIB);
  g_assert_false (hs_trend_analyze (trend, series, 5 * SEC, &result));
  g_assert_cmpint (result.state, ==, HS_TREND_UNKNOWN);
  g_assert_cmpuint (result.n_points, ==, 5);
}

static void
test_time_to_limit (void)
{
  g_autoptr(HsMetric) rss = hs_metric_new ("rss", "RSS", "", HS_UNIT_BYTES, HS_METRIC_GAUGE, FALSE);
  g_autoptr(HsMetric) threads = hs_metric_new ("threads", "Threads", "", HS_UNIT_COUNT,
                                               HS_METRIC_GAUGE, FALSE);
  HsMemoryLimit limit = { HS_MEMORY_LIMIT_USER, 2ULL << 30 };
  HsTrendResult result = { 0 };
  g_autofree char *text = NULL;
  g_autofree char *steady = NULL;
  g_autofree char *count = NULL;

  /* 86 MiB left at 2 MiB/min: 43 minutes. */
  g_assert_cmpfloat (hs_trend_minutes_to_limit (1962 * MIB, 2 * MIB, 2048 * MIB), ==, 43);
  g_assert_cmpfloat (hs_trend_minutes_to_limit (100, 0, 200), ==, -1);
  g_assert_cmpfloat (hs_trend_minutes_to_limit (100, -1, 200), ==, -1);
  g_assert_cmpfloat (hs_trend_minutes_to_limit (300, 1, 200), ==, -1);

  result.state = HS_TREND_LEAKING;
  result.slope_per_min = 2 * MIB;
  result.span_usec = 12 * 60 * SEC + 300 * 1000;
  result.last_value = 1962 * MIB;
  text = hs_trend_format_verdict (rss, &result, &limit);
  g_assert_cmpstr (text, ==, "RSS: leaking, +2.00 MiB/min for 12m, 2.00 GiB in ~43 min");

  result.state = HS_TREND_GROWING;
  result.slope_per_min = 40;
  count = hs_trend_format_verdict (threads, &result, &limit);
  g_assert_cmpstr (count, ==, "Threads: growing, +40/min for 12m");
  g_clear_pointer (&count, g_free);
  /* Whole counts, never an exponent. */
  result.slope_per_min = 1140.4;
  count = hs_trend_format_verdict (threads, &result, &limit);
  g_assert_cmpstr (count, ==, "Threads: growing, +1140/min for 12m");

  result.state = HS_TREND_STEADY;
  steady = hs_trend_format_verdict (rss, &result, &limit);
  g_assert_cmpstr (steady, ==, "RSS: steady");
}

/* The limit of this test process's own cgroup, checked against the file
 * read here by hand. */
static void
test_cgroup_limit (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *proc = NULL;
  g_autofree char *expected_path = NULL;
  g_auto(GStrv) lines = NULL;
  guint64 bytes = 0, available = 0;
  HsMemoryLimit limit;
  gboolean has;

  has = hs_memory_limit_read_cgroup (getpid (), &bytes, &path, &error);
  g_assert_no_error (error);

  /* Which file should be read: the v1 memory controller's, else v2's. */
  g_assert_true (g_file_get_contents ("/proc/self/cgroup", &proc, NULL, NULL));
  lines = g_strsplit (proc, "\n", -1);
  for (guint i = 0; lines[i] != NULL && expected_path == NULL; i++)
    {
      g_auto(GStrv) f = g_strsplit (lines[i], ":", 3);

      if (g_strv_length (f) == 3 && g_str_equal (f[1], "memory"))
        expected_path = g_build_filename ("/sys/fs/cgroup/memory", f[2], "memory.limit_in_bytes", NULL);
    }
  for (guint i = 0; lines[i] != NULL && expected_path == NULL; i++)
    if (g_str_has_prefix (lines[i], "0::"))
      {
        expected_path = g_build_filename ("/sys/fs/cgroup", lines[i] + 3, "memory.max", NULL);
        if (!g_file_test (expected_path, G_FILE_TEST_EXISTS))
          {
            g_free (expected_path);
            expected_path = g_build_filename ("/sys/fs/cgroup/unified", lines[i] + 3, "memory.max", NULL);
          }
      }
  g_test_message ("cgroup limit file: %s (expected %s), limit %s %" G_GUINT64_FORMAT,
                  path, expected_path, has ? "yes" : "none", bytes);

  if (expected_path != NULL && g_file_test (expected_path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *text = NULL;

      g_assert_cmpstr (path, ==, expected_path);
      g_assert_true (g_file_get_contents (expected_path, &text, NULL, NULL));
      g_strstrip (text);
      if (has)
        g_assert_cmpuint (bytes, ==, g_ascii_strtoull (text, NULL, 10));
      else
        g_assert_true (g_str_equal (text, "max") ||
                       g_ascii_strtoull (text, NULL, 10) >= (G_GUINT64_CONSTANT (1) << 62));
    }
  else
    g_assert_false (has);

  /* A user limit wins; else the cgroup's; else MemAvailable + current. */
  hs_memory_limit_find (getpid (), 1000, 5ULL << 30, &limit);
  g_assert_cmpint (limit.kind, ==, HS_MEMORY_LIMIT_USER);
  g_assert_cmpuint (limit.bytes, ==, 5ULL << 30);
  hs_memory_limit_find (getpid (), 1000, 0, &limit);
  if (has)
    {
      g_assert_cmpint (limit.kind, ==, HS_MEMORY_LIMIT_CGROUP);
      g_assert_cmpuint (limit.bytes, ==, bytes);
    }
  else
    {
      g_assert_true (hs_memory_limit_read_available (&available));
      g_assert_cmpint (limit.kind, ==, HS_MEMORY_LIMIT_AVAILABLE);
      /* MemAvailable moves between the two reads; within 256 MiB. */
      g_assert_cmpfloat (fabs ((double) limit.bytes - (double) (available + 1000)), <, 256 * MIB);
    }

  /* A process that does not exist: an error that names the file. */
  g_assert_false (hs_memory_limit_read_cgroup (G_MAXINT, &bytes, NULL, &error));
  g_assert_nonnull (error);
}

typedef struct
{
  HsTrend *trend;
  gint64   started;
  gint64   first_leaking;   /* µs after start, -1 never */
  guint    n_leaking;
  HsTrendState last;
} Watched;

static void
on_reading (HsSession *session,
            HsSource  *source,
            HsReading *reading,
            Watched   *watched)
{
  HsSessionMetric *rss = hs_session_find_metric (session, "rss");
  HsSeries *series = hs_session_metric_get_series (rss);
  HsTrendResult result;
  gint64 last = 0;

  g_assert_true (hs_series_get_last (series, &last, NULL));
  hs_trend_analyze (watched->trend, series, last, &result);
  watched->last = result.state;
  if (result.state == HS_TREND_LEAKING)
    {
      if (watched->first_leaking < 0)
        watched->first_leaking = g_get_monotonic_time () - watched->started;
      watched->n_leaking++;
    }
}

/* Two real demos for 26 s, sampled every 200 ms, judged over a 20 s
 * window: the one that leaks 1 MiB/s turns leaking once the window is
 * covered; the steady one never does. */
static void
test_real_demo (void)
{
  g_autoptr(HsSampler) sampler = hs_local_sampler_new ();
  g_autoptr(HsTestDemo) leaking = hs_test_demo_start ("--initial-mib=8", "--rate-kib=1024",
                                                      "--max-mib=400", "--threads=1", NULL);
  g_autoptr(HsTestDemo) steady = hs_test_demo_start ("--initial-mib=20", "--rate-kib=0",
                                                     "--threads=1", NULL);
  g_autoptr(HsProcSource) leaking_source = hs_proc_source_new (sampler, leaking->pid, HS_PROC_SOURCE_NONE);
  g_autoptr(HsProcSource) steady_source = hs_proc_source_new (sampler, steady->pid, HS_PROC_SOURCE_NONE);
  g_autoptr(HsSession) leaking_session = hs_session_new_full ("leaking", 200, 1000);
  g_autoptr(HsSession) steady_session = hs_session_new_full ("steady", 200, 1000);
  g_autoptr(HsTrend) leaking_trend = hs_trend_new (20 * SEC, HS_TREND_MODE_VALUE);
  g_autoptr(HsTrend) steady_trend = hs_trend_new (20 * SEC, HS_TREND_MODE_VALUE);
  Watched a = { leaking_trend, g_get_monotonic_time (), -1, 0, HS_TREND_UNKNOWN };
  Watched b = { steady_trend, g_get_monotonic_time (), -1, 0, HS_TREND_UNKNOWN };
  gint64 end = g_get_monotonic_time () + 26 * SEC;

  hs_session_add_source (leaking_session, HS_SOURCE (leaking_source));
  hs_session_add_source (steady_session, HS_SOURCE (steady_source));
  g_signal_connect (leaking_session, "reading", G_CALLBACK (on_reading), &a);
  g_signal_connect (steady_session, "reading", G_CALLBACK (on_reading), &b);
  hs_session_start (leaking_session);
  hs_session_start (steady_session);
  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  hs_session_close (leaking_session);
  hs_session_close (steady_session);

  g_test_message ("leaking demo: first leaking after %.1f s, last state %s",
                  a.first_leaking / 1e6, hs_trend_state_to_string (a.last));
  g_test_message ("steady demo: %u leaking verdicts, last state %s",
                  b.n_leaking, hs_trend_state_to_string (b.last));
  /* Not before the window is covered (90 % of 20 s after the first
   * reading), and by the end. */
  g_assert_cmpint (a.first_leaking, >=, 18 * SEC);
  g_assert_cmpint (a.last, ==, HS_TREND_LEAKING);
  g_assert_cmpuint (b.n_leaking, ==, 0);
  g_assert_cmpint (b.last, ==, HS_TREND_STEADY);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/trend/theil-sen-exact", test_theil_sen_exact);
  g_test_add_func ("/trend/step-is-not-leak", test_step_is_not_leak);
  g_test_add_func ("/trend/warm-up-is-steady", test_warm_up_is_steady);
  g_test_add_func ("/trend/settling-start-is-not-leak", test_settling_start_is_not_leak);
  g_test_add_func ("/trend/noisy-line-is-leak", test_noisy_line_is_leak);
  g_test_add_func ("/trend/sawtooth-floor", test_sawtooth_floor);
  g_test_add_func ("/trend/too-few-points", test_too_few_points);
  g_test_add_func ("/trend/short-span-is-judged", test_short_span_is_judged);
  g_test_add_func ("/trend/time-to-limit", test_time_to_limit);
  g_test_add_func ("/trend/cgroup-limit", test_cgroup_limit);
  g_test_add_func ("/trend/real-demo", test_real_demo);

  return g_test_run ();
}
