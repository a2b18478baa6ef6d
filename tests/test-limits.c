/* test-limits.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "hs-limits.h"
#include "hs-local-sampler.h"
#include "hs-session.h"
#include "test-sampler-common.h"

/* The CI gate's limits (HsLimits) over a real session of this very
 * process: its RSS is what the test makes it. */

#define BIG (48 * 1024 * 1024)

static void
on_reading (HsSession *session,
            HsSource  *source,
            HsReading *reading,
            HsLimits  *limits)
{
  hs_limits_observe (limits, session);
}

static void
sample_until (HsSession *session,
              guint      n_readings)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (hs_session_get_n_readings (session) < n_readings)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static HsSession *
session_of_self (guint capacity)
{
  g_autoptr(HsSampler) sampler = hs_local_sampler_new ();
  g_autoptr(HsProcSource) source = hs_proc_source_new (sampler, getpid (), HS_PROC_SOURCE_NONE);
  HsSession *session = hs_session_new_full ("limits", 100, capacity);

  hs_session_add_source (session, HS_SOURCE (source));
  return session;
}

static void
test_new_free (void)
{
  g_autoptr(HsLimits) limits = hs_limits_new (10 * G_USEC_PER_SEC);

  g_assert_cmpint (hs_limits_get_window (limits), ==, 10 * G_USEC_PER_SEC);
  g_assert_cmpuint (hs_limits_get_n (limits), ==, 0);
  g_assert_false (hs_limits_get_peak (limits, "rss", NULL));
  hs_limits_add (limits, HS_LIMIT_PEAK, "rss", 1, "--max-rss");
  g_assert_cmpuint (hs_limits_get_n (limits), ==, 1);
  g_assert_cmpstr (hs_limits_get_metric (limits, 0), ==, "rss");
}

/* The peak is the run's, not the series': 48 MiB held for a few readings
 * then freed, and more readings than the series holds. The series no
 * longer has the peak; the limit still sees it. RSS fell, so no growth
 * limit breaks; a metric the session does not have is not measured,
 * never silently passed as zero. */
static void
test_peak_outlives_series (void)
{
  g_autoptr(HsSession) session = session_of_self (16);
  g_autoptr(HsLimits) limits = hs_limits_new (2 * G_USEC_PER_SEC);
  g_autoptr(GArray) checks = NULL;
  const HsLimitCheck *check;
  HsSeries *rss = hs_session_metric_get_series (hs_session_find_metric (session, "rss"));
  double peak, before, series_min, series_max;
  gboolean broken = FALSE;
  volatile char *big;

  hs_limits_add (limits, HS_LIMIT_PEAK, "rss", 32.0 * 1024 * 1024, "--max-rss");
  /* Far above what ASan's quarantine or valgrind add to this process's
   * RSS while it samples, far below the 48 MiB the window saw go. */
  hs_limits_add (limits, HS_LIMIT_GROWTH, "rss", 100.0 * 1024 * 1024, "--max-growth");
  hs_limits_add (limits, HS_LIMIT_PEAK, "go_goroutines", 10, "--max-goroutines");
  g_signal_connect (session, "reading", G_CALLBACK (on_reading), limits);
  hs_session_start (session);
  sample_until (session, 2);
  g_assert_true (hs_series_get_last (rss, NULL, &before));

  /* Above the mmap threshold: freed back to the system at once. */
  /* mmap, not malloc: ASan and valgrind keep freed blocks in quarantine,
   * and RSS would not fall. One write per page, through volatile: at -O2
   * a memset of memory that is unmapped unread is removed altogether. */
  big = mmap (NULL, BIG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  g_assert_true (big != MAP_FAILED);
  for (gsize i = 0; i < BIG; i += 4096)
    big[i] = 1;
  sample_until (session, 6);
  g_assert_cmpint (munmap ((void *) big, BIG), ==, 0);
  sample_until (session, 24);
  hs_session_close (session);

  g_assert_true (hs_limits_get_peak (limits, "rss", &peak));
  g_assert_cmpfloat (peak, >=, before + 0.9 * BIG);
  g_assert_cmpuint (hs_series_get_length (rss), ==, 16);
  g_assert_true (hs_series_get_minmax (rss, 0, G_MAXINT64, &series_min, &series_max));
  g_assert_cmpfloat (series_max, <, peak - 0.5 * BIG);

  checks = hs_limits_check (limits, session, &broken);
  g_assert_true (broken);
  g_assert_cmpuint (checks->len, ==, 3);

  check = &g_array_index (checks, HsLimitCheck, 0);
  g_assert_true (check->measured);
  g_assert_true (check->broken);
  g_assert_cmpfloat (check->observed, ==, peak);
  g_assert_true (g_str_has_prefix (check->message, "peak RSS "));
  g_assert_true (g_str_has_suffix (check->message, " > --max-rss 32.0 MiB"));

  check = &g_array_index (checks, HsLimitCheck, 1);
  g_assert_true (check->measured);
  g_assert_false (check->broken);
  g_assert_null (check->message);

  check = &g_array_index (checks, HsLimitCheck, 2);
  g_assert_false (check->measured);
  g_assert_false (check->broken);
}

/* Under every limit: nothing broken, and the figures are still given. */
static void
test_within_limits (void)
{
  g_autoptr(HsSession) session = session_of_self (64);
  g_autoptr(HsLimits) limits = hs_limits_new (G_USEC_PER_SEC);
  g_autoptr(GArray) checks = NULL;
  gboolean broken = TRUE;

  hs_limits_add (limits, HS_LIMIT_PEAK, "rss", (double) G_MAXINT64, "--max-rss");
  hs_limits_add (limits, HS_LIMIT_PEAK, "threads", 10000, "--max-threads");
  g_signal_connect (session, "reading", G_CALLBACK (on_reading), limits);
  hs_session_start (session);
  sample_until (session, 3);
  hs_session_close (session);

  checks = hs_limits_check (limits, session, &broken);
  g_assert_false (broken);
  for (guint i = 0; i < checks->len; i++)
    {
      const HsLimitCheck *check = &g_array_index (checks, HsLimitCheck, i);

      g_assert_true (check->measured);
      g_assert_false (check->broken);
      g_assert_cmpfloat (check->observed, >, 0);
    }
}

/* A gate's 0 is "none at all" (an alert rule's 0 is "off"): any peak
 * breaks it; a growth of 0 breaks only on a rise the trend calls one,
 * which a steady demo with one thread does not make. */
static void
test_zero_means_none (void)
{
  g_autoptr(HsTestDemo) demo = hs_test_demo_start ("--rate-kib=0", "--threads=0", NULL);
  g_autoptr(HsSampler) sampler = hs_local_sampler_new ();
  g_autoptr(HsProcSource) source = hs_proc_source_new (sampler, demo->pid, HS_PROC_SOURCE_NONE);
  g_autoptr(HsSession) session = hs_session_new_full ("limits", 100, 64);
  g_autoptr(HsLimits) limits = hs_limits_new (G_USEC_PER_SEC);
  g_autoptr(GArray) checks = NULL;
  gboolean broken = FALSE;

  hs_session_add_source (session, HS_SOURCE (source));
  hs_limits_add (limits, HS_LIMIT_PEAK, "threads", 0, "--max-threads");
  hs_limits_add (limits, HS_LIMIT_GROWTH, "threads", 0, "--max-thread-growth");
  g_signal_connect (session, "reading", G_CALLBACK (on_reading), limits);
  hs_session_start (session);
  sample_until (session, 12);
  hs_session_close (session);

  checks = hs_limits_check (limits, session, &broken);
  g_assert_true (broken);
  g_assert_true (g_array_index (checks, HsLimitCheck, 0).broken);
  g_assert_cmpstr (g_array_index (checks, HsLimitCheck, 0).message, ==, "peak Threads 1 > --max-threads 0");
  g_assert_true (g_array_index (checks, HsLimitCheck, 1).measured);
  g_assert_false (g_array_index (checks, HsLimitCheck, 1).broken);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/limits/new-free", test_new_free);
  g_test_add_func ("/limits/peak-outlives-series", test_peak_outlives_series);
  g_test_add_func ("/limits/within-limits", test_within_limits);
  g_test_add_func ("/limits/zero-means-none", test_zero_means_none);

  return g_test_run ();
}
