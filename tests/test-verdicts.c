/* test-verdicts.c: HsVerdicts over real heapscope-demo processes, one
 * growing and one steady, with a short trend window.
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "hs-local-sampler.h"
#include "hs-session.h"
#include "hs-verdicts.h"
#include "test-sampler-common.h"

#define MIB (1024.0 * 1024.0)
#define WINDOW_USEC (3 * G_USEC_PER_SEC)

static HsSession *
watch (HsSampler *sampler,
       int        pid)
{
  g_autoptr(HsProcSource) source = hs_proc_source_new (sampler, pid, HS_PROC_SOURCE_NONE);
  HsSession *session = hs_session_new_full ("demo", 100, 1000);

  hs_session_add_source (session, HS_SOURCE (source));
  return session;
}

static void
test_new_destroy (void)
{
  g_autoptr(HsSampler) sampler = hs_local_sampler_new ();
  g_autoptr(HsSession) session = watch (sampler, getpid ());
  HsVerdicts *verdicts = hs_verdicts_new (session, HS_TREND_DEFAULT_WINDOW_USEC);
  const HsVerdict *rss;
  gint64 t0, t1;
  double v0, v1;

  /* A process alone: RSS is judged, nothing Go. */
  g_assert_cmpuint (hs_verdicts_get_n_verdicts (verdicts), ==, 1);
  rss = hs_verdicts_find (verdicts, "rss");
  g_assert_true (rss == hs_verdicts_get_verdict (verdicts, 0));
  g_assert_null (hs_verdicts_find (verdicts, "go_heap_alloc"));
  g_assert_cmpint (rss->result.state, ==, HS_TREND_UNKNOWN);
  g_assert_false (hs_verdict_get_fit (rss, &t0, &v0, &t1, &v1));
  /* Warming up says how far, in words. */
  g_assert_cmpstr (hs_verdicts_get_text (verdicts), ==, "RSS: judging, 0 of 10 min");
  g_assert_cmpint (hs_verdicts_get_window (verdicts), ==, HS_TREND_DEFAULT_WINDOW_USEC);
  hs_verdicts_set_window (verdicts, 30 * G_USEC_PER_SEC);
  g_assert_cmpstr (hs_verdicts_get_text (verdicts), ==, "RSS: judging, 0 of 30 s");
  g_assert_finalize_object (verdicts);
}

/* The session's own verdicts: made once, with the window given then, and
 * gone with the session (no reference cycle). */
static void
test_for_session (void)
{
  g_autoptr(HsSampler) sampler = hs_local_sampler_new ();
  HsSession *session = watch (sampler, getpid ());
  HsVerdicts *verdicts = hs_verdicts_get_for_session (session, 30 * G_USEC_PER_SEC);

  g_object_add_weak_pointer (G_OBJECT (verdicts), (gpointer *) &verdicts);
  g_assert_true (hs_verdicts_get_for_session (session, HS_TREND_DEFAULT_WINDOW_USEC) == verdicts);
  g_assert_cmpint (hs_verdicts_get_window (verdicts), ==, 30 * G_USEC_PER_SEC);
  g_assert_true (hs_verdicts_get_session (verdicts) == session);
  g_assert_cmpstr (hs_verdicts_get_text (verdicts), ==, "RSS: judging, 0 of 30 s");
  g_assert_finalize_object (session);
  g_assert_null (verdicts);
}

static void
run_until (HsVerdicts   *verdicts,
           HsTrendState  state,
           gboolean      covered)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  for (;;)
    {
      const HsVerdict *rss = hs_verdicts_find (verdicts, "rss");

      if (rss->result.state == state && (!covered || rss->result.covered))
        return;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static void
count_changed (HsVerdicts *verdicts,
               guint      *n)
{
  (*n)++;
}

/* 4 MiB/s kept: leaking within the 3 s window once it is covered, at
 * about the demo's rate, projected to this machine's limit. */
static void
test_leaking (void)
{
  g_autoptr(HsSampler) sampler = hs_local_sampler_new ();
  g_autoptr(HsTestDemo) demo = hs_test_demo_start ("--initial-mib=4", "--rate-kib=4096",
                                                   "--duration=20s", NULL);
  g_autoptr(HsSession) session = watch (sampler, demo->pid);
  g_autoptr(HsVerdicts) verdicts = hs_verdicts_new (session, WINDOW_USEC);
  const HsVerdict *rss;
  gint64 t0, t1;
  double v0, v1, per_min;
  guint n_changed = 0;

  g_signal_connect (verdicts, "changed", G_CALLBACK (count_changed), &n_changed);
  hs_session_start (session);
  run_until (verdicts, HS_TREND_LEAKING, TRUE);
  g_signal_handlers_disconnect_by_data (verdicts, &n_changed);
  hs_session_stop (session);

  rss = hs_verdicts_find (verdicts, "rss");
  g_test_message ("%s (after %u readings)", hs_verdicts_get_text (verdicts),
                  hs_session_get_n_readings (session));
  g_assert_cmpuint (n_changed, >=, hs_session_get_n_readings (session));
  g_assert_true (g_str_has_prefix (hs_verdicts_get_text (verdicts), "RSS: leaking, +"));
  g_assert_cmpstr (hs_verdicts_get_text (verdicts), ==, rss->text);
  /* Projected to cgroup or MemAvailable: ", 1.23 GiB in ~9 min". */
  g_assert_nonnull (strstr (rss->text, " in "));
  per_min = rss->result.slope_per_min / MIB;
  g_assert_cmpfloat (per_min, >, 0.5 * 240);
  g_assert_cmpfloat (per_min, <, 2 * 240);

  /* The fitted line spans the window's points and rises at the slope. */
  g_assert_true (hs_verdict_get_fit (rss, &t0, &v0, &t1, &v1));
  g_assert_cmpint (t1, ==, rss->end_usec);
  g_assert_cmpint (t1 - t0, ==, rss->result.span_usec);
  g_assert_cmpint (t1 - t0, >=, WINDOW_USEC * 9 / 10);
  g_assert_cmpfloat (v1, >, v0);
  g_assert_cmpfloat (fabs ((v1 - v0) / ((double) (t1 - t0) / (60.0 * G_USEC_PER_SEC)) -
                           rss->result.slope_per_min), <, 1);
}

/* Nothing kept: "steady" once the window is covered, "judging" before. */
static void
test_steady (void)
{
  g_autoptr(HsSampler) sampler = hs_local_sampler_new ();
  g_autoptr(HsTestDemo) demo = hs_test_demo_start ("--initial-mib=20", "--rate-kib=0",
                                                   "--duration=20s", NULL);
  g_autoptr(HsSession) session = watch (sampler, demo->pid);
  g_autoptr(HsVerdicts) verdicts = hs_verdicts_new (session, WINDOW_USEC);
  gboolean judging_seen = FALSE;
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  hs_session_start (session);
  while (!hs_verdicts_find (verdicts, "rss")->result.covered)
    {
      const HsVerdict *rss = hs_verdicts_find (verdicts, "rss");

      g_assert_cmpint (rss->result.state, !=, HS_TREND_LEAKING);
      if (rss->result.state != HS_TREND_GROWING)
        {
          g_assert_true (g_str_has_prefix (rss->text, "RSS: judging, "));
          g_assert_true (g_str_has_suffix (rss->text, " of 3 s"));
          judging_seen = TRUE;
        }
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  hs_session_stop (session);
  g_assert_true (judging_seen);
  g_test_message ("%s", hs_verdicts_get_text (verdicts));
  g_assert_cmpstr (hs_verdicts_get_text (verdicts), ==, "RSS: steady");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/verdicts/new-destroy", test_new_destroy);
  g_test_add_func ("/verdicts/for-session", test_for_session);
  g_test_add_func ("/verdicts/leaking", test_leaking);
  g_test_add_func ("/verdicts/steady", test_steady);

  return g_test_run ();
}
