/* test-auto-capture.c: when a Go service's profiles are captured without
 * being asked (HsAutoCapture), and which automatic captures are kept.
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "hs-auto-capture.h"

#define MIB (1024.0 * 1024.0)
#define SEC G_USEC_PER_SEC

static const char * const ids[] = { "rss", "go_heap_alloc", "go_goroutines" };

static HsAutoCaptureReason
decide (HsAutoCapture *policy,
        HsTrendState   rss,
        HsTrendState   heap,
        HsTrendState   goroutines,
        double         floor,
        gint64         now,
        const char   **metric)
{
  HsTrendState states[] = { rss, heap, goroutines };

  return hs_auto_capture_decide (policy, ids, states, G_N_ELEMENTS (states), floor, now, metric);
}

static void
test_new_destroy (void)
{
  HsAutoCapture *policy = hs_auto_capture_new ();

  hs_auto_capture_free (policy);
  hs_auto_capture_free (NULL);
}

/* The first call captures (the baseline), whatever the verdicts say;
 * steady verdicts and a flat floor then never do. */
static void
test_start_then_quiet (void)
{
  g_autoptr(HsAutoCapture) policy = hs_auto_capture_new ();
  const char *metric = "unset";

  g_assert_cmpint (decide (policy, HS_TREND_UNKNOWN, HS_TREND_UNKNOWN, HS_TREND_UNKNOWN, NAN, 0, &metric),
                   ==, HS_AUTO_CAPTURE_START);
  g_assert_null (metric);
  for (gint64 t = 1; t < 600; t++)
    g_assert_cmpint (decide (policy, HS_TREND_STEADY, HS_TREND_STEADY, HS_TREND_STEADY,
                             100 * MIB + (t % 7) * MIB, t * SEC, NULL), ==, HS_AUTO_CAPTURE_NONE);
}

/* Turning growing, then leaking, each captures once; staying leaking
 * does not; a turn inside the gap waits for its end. */
static void
test_turns (void)
{
  g_autoptr(HsAutoCapture) policy = hs_auto_capture_new ();
  const char *metric = NULL;

  hs_auto_capture_set_min_gap (policy, 30 * SEC);
  g_assert_cmpint (decide (policy, HS_TREND_STEADY, HS_TREND_STEADY, HS_TREND_STEADY, NAN, 0, NULL),
                   ==, HS_AUTO_CAPTURE_START);

  g_assert_cmpint (decide (policy, HS_TREND_STEADY, HS_TREND_STEADY, HS_TREND_GROWING, NAN, 60 * SEC, &metric),
                   ==, HS_AUTO_CAPTURE_TURNED);
  g_assert_cmpstr (metric, ==, "go_goroutines");
  g_assert_cmpint (decide (policy, HS_TREND_STEADY, HS_TREND_STEADY, HS_TREND_GROWING, NAN, 61 * SEC, NULL),
                   ==, HS_AUTO_CAPTURE_NONE);

  /* Leaking 10 s later: inside the gap, so it waits... */
  g_assert_cmpint (decide (policy, HS_TREND_STEADY, HS_TREND_STEADY, HS_TREND_LEAKING, NAN, 70 * SEC, NULL),
                   ==, HS_AUTO_CAPTURE_NONE);
  g_assert_cmpint (decide (policy, HS_TREND_STEADY, HS_TREND_STEADY, HS_TREND_LEAKING, NAN, 89 * SEC, NULL),
                   ==, HS_AUTO_CAPTURE_NONE);
  /* ...and is taken when the gap ends, naming the metric. */
  metric = NULL;
  g_assert_cmpint (decide (policy, HS_TREND_STEADY, HS_TREND_STEADY, HS_TREND_LEAKING, NAN, 90 * SEC, &metric),
                   ==, HS_AUTO_CAPTURE_TURNED);
  g_assert_cmpstr (metric, ==, "go_goroutines");
  for (gint64 t = 91; t < 300; t++)
    g_assert_cmpint (decide (policy, HS_TREND_STEADY, HS_TREND_STEADY, HS_TREND_LEAKING, NAN, t * SEC, NULL),
                     ==, HS_AUTO_CAPTURE_NONE);

  /* Back to steady is no reason; growing again is. */
  g_assert_cmpint (decide (policy, HS_TREND_STEADY, HS_TREND_STEADY, HS_TREND_STEADY, NAN, 300 * SEC, NULL),
                   ==, HS_AUTO_CAPTURE_NONE);
  g_assert_cmpint (decide (policy, HS_TREND_GROWING, HS_TREND_STEADY, HS_TREND_STEADY, NAN, 301 * SEC, &metric),
                   ==, HS_AUTO_CAPTURE_TURNED);
  g_assert_cmpstr (metric, ==, "rss");
}

/* The floor rising by the step since the last capture captures, measured
 * from each capture's floor, not the first one's. */
static void
test_floor_step (void)
{
  g_autoptr(HsAutoCapture) policy = hs_auto_capture_new ();
  guint n_captures = 0;

  hs_auto_capture_set_floor_step (policy, 10 * MIB);
  hs_auto_capture_set_min_gap (policy, 0);
  /* Unknown at the start: the first known floor is the base. */
  g_assert_cmpint (decide (policy, HS_TREND_STEADY, HS_TREND_UNKNOWN, HS_TREND_STEADY, NAN, 0, NULL),
                   ==, HS_AUTO_CAPTURE_START);
  g_assert_cmpint (decide (policy, HS_TREND_STEADY, HS_TREND_STEADY, HS_TREND_STEADY, 50 * MIB, SEC, NULL),
                   ==, HS_AUTO_CAPTURE_NONE);
  g_assert_cmpint (decide (policy, HS_TREND_STEADY, HS_TREND_STEADY, HS_TREND_STEADY, 59.9 * MIB, 2 * SEC, NULL),
                   ==, HS_AUTO_CAPTURE_NONE);
  g_assert_cmpint (decide (policy, HS_TREND_STEADY, HS_TREND_STEADY, HS_TREND_STEADY, 60 * MIB, 3 * SEC, NULL),
                   ==, HS_AUTO_CAPTURE_FLOOR_ROSE);
  /* A floor that rises 1 MiB a second: one capture per 10 MiB. */
  for (gint64 t = 4; t <= 63; t++)
    n_captures += decide (policy, HS_TREND_STEADY, HS_TREND_STEADY, HS_TREND_STEADY,
                          (double) (60 + t - 3) * MIB, t * SEC, NULL) == HS_AUTO_CAPTURE_FLOOR_ROSE;
  g_assert_cmpuint (n_captures, ==, 6);
}

/* The first and the newest N, never more. */
static void
test_keeps (void)
{
  guint kept = 0;

  g_assert_true (hs_auto_capture_keeps (0, 1, 3));
  for (guint i = 0; i < 4; i++)
    g_assert_true (hs_auto_capture_keeps (i, 4, 3));
  g_assert_true (hs_auto_capture_keeps (0, 10, 3));
  for (guint i = 1; i < 7; i++)
    g_assert_false (hs_auto_capture_keeps (i, 10, 3));
  for (guint i = 7; i < 10; i++)
    g_assert_true (hs_auto_capture_keeps (i, 10, 3));
  for (guint i = 0; i < 100; i++)
    kept += hs_auto_capture_keeps (i, 100, 1);
  g_assert_cmpuint (kept, ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/auto-capture/new-destroy", test_new_destroy);
  g_test_add_func ("/auto-capture/start-then-quiet", test_start_then_quiet);
  g_test_add_func ("/auto-capture/turns", test_turns);
  g_test_add_func ("/auto-capture/floor-step", test_floor_step);
  g_test_add_func ("/auto-capture/keeps", test_keeps);

  return g_test_run ();
}
