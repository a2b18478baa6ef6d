/* test-session-process.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "hs-local-sampler.h"
#include "hs-probe-sampler.h"
#include "hs-session.h"
#include "test-sampler-common.h"

/* A session of one real process, end to end: the sampling that the
 * monitor view and `heapscope-cli watch` show. */

static HsSession *
session_for (HsSampler *sampler,
             int        pid,
             guint      interval_ms,
             guint      capacity)
{
  g_autoptr(HsProcSource) source = hs_proc_source_new (sampler, pid, HS_PROC_SOURCE_NONE);
  HsSession *session = hs_session_new_full ("test", interval_ms, capacity);

  hs_session_add_source (session, HS_SOURCE (source));
  return session;
}

static HsSeries *
series_of (HsSession  *session,
           const char *id)
{
  HsSessionMetric *item = hs_session_find_metric (session, id);

  g_assert_nonnull (item);
  return hs_session_metric_get_series (item);
}

static void
on_reading (HsSession *session,
            HsSource  *source,
            HsReading *reading,
            guint     *n_signals)
{
  (*n_signals)++;
}

/* Sample the demo at 100 ms, then let it exit: sampling stops, the
 * series stay, the end time is set. */
static void
test_sample_until_exit (void)
{
  g_autoptr(HsSampler) sampler = hs_local_sampler_new ();
  g_autoptr(HsTestDemo) demo = hs_test_demo_start ("--initial-mib=4", "--rate-kib=4096",
                                                   "--duration=1500ms", NULL);
  g_autoptr(HsSession) session = session_for (sampler, demo->pid, 100, 1000);
  HsProcSource *source = hs_session_get_proc_source (session);
  HsSeries *rss, *heap, *threads;
  guint n_signals = 0;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  double first_rss, last_rss;

  g_signal_connect (session, "reading", G_CALLBACK (on_reading), &n_signals);
  hs_session_start (session);
  g_assert_cmpint (hs_session_get_state (session), ==, HS_SESSION_RUNNING);

  while (hs_session_get_state (session) == HS_SESSION_RUNNING)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }

  g_assert_cmpint (hs_session_get_state (session), ==, HS_SESSION_EXITED);
  g_assert_cmpstr (hs_proc_source_get_name (source), ==, "heapscope-demo");
  g_assert_cmpint (hs_session_get_end_time (session), >=, hs_session_get_first_time (session));
  g_assert_cmpuint (n_signals, ==, hs_session_get_n_readings (session));
  g_assert_cmpuint (n_signals, >=, 5);
  /* smaps is paced in whole ticks. */
  g_assert_cmpuint (hs_session_get_smaps_interval_ms (session) % 100, ==, 0);
  g_assert_cmpuint (hs_session_get_smaps_interval_ms (session), >=, 100);

  rss = series_of (session, "rss");
  heap = series_of (session, "heap");
  threads = series_of (session, "threads");
  g_assert_cmpuint (hs_series_get_length (rss), ==, n_signals);
  g_assert_cmpuint (hs_series_get_length (heap), >=, 1);
  g_assert_cmpuint (hs_series_get_length (heap), <=, n_signals);
  g_assert_true (hs_series_lookup (threads, G_MAXINT64, NULL, NULL));

  /* It leaked 4 MiB/s: the RSS series grew. */
  hs_series_get_point (rss, 0, NULL, &first_rss);
  hs_series_get_last (rss, NULL, &last_rss);
  g_assert_cmpfloat (last_rss, >, first_rss + 2 * 1024 * 1024);

  /* Starting again after the exit does nothing. */
  hs_session_start (session);
  g_assert_cmpint (hs_session_get_state (session), ==, HS_SESSION_EXITED);
}

static gpointer
resume_later (gpointer data)
{
  g_usleep (5 * G_USEC_PER_SEC);
  kill (GPOINTER_TO_INT (data), SIGCONT);
  return NULL;
}

/* Nothing that can block runs on the main thread: with the probe stopped
 * (a round trip never returns), start() still returns at once, and the
 * name and readings follow once the probe answers again. */
static void
test_start_does_not_block (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsSampler) sampler = hs_probe_sampler_new (&error);
  g_autoptr(HsSession) session = NULL;
  HsProcSource *source;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  GThread *resumer;
  gint64 start, elapsed;
  int probe;

  g_assert_no_error (error);
  probe = hs_probe_sampler_get_probe_pid (HS_PROBE_SAMPLER (sampler));
  g_assert_cmpint (probe, >, 0);
  session = session_for (sampler, getpid (), 100, 100);
  source = hs_session_get_proc_source (session);

  g_assert_cmpint (kill (probe, SIGSTOP), ==, 0);
  /* Resumed after 5 s whatever happens, so a blocking start() ends too. */
  resumer = g_thread_new ("resume", resume_later, GINT_TO_POINTER (probe));
  start = g_get_monotonic_time ();
  hs_session_start (session);
  elapsed = g_get_monotonic_time () - start;
  g_test_message ("start() took %.3f ms with the probe stopped", elapsed / 1000.0);
  g_assert_cmpint (elapsed, <, 2 * G_USEC_PER_SEC);
  g_assert_cmpint (hs_session_get_state (session), ==, HS_SESSION_RUNNING);
  g_assert_cmpuint (hs_session_get_n_readings (session), ==, 0);

  g_thread_join (resumer);
  while (hs_proc_source_get_name (source) == NULL || hs_session_get_n_readings (session) == 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  {
    g_autofree char *comm = NULL;

    /* Our own name as the kernel has it (valgrind renames us). */
    g_assert_true (g_file_get_contents ("/proc/self/comm", &comm, NULL, NULL));
    g_strchomp (comm);
    g_assert_cmpstr (hs_proc_source_get_name (source), ==, comm);
  }
  hs_session_stop (session);
}

static void
test_interval (void)
{
  g_autoptr(HsSampler) sampler = hs_local_sampler_new ();
  g_autoptr(HsSession) session = session_for (sampler, 1, 1000, 100);

  g_assert_cmpuint (hs_session_get_interval_ms (session), ==, 1000);
  hs_session_set_interval_ms (session, 5);
  g_assert_cmpuint (hs_session_get_interval_ms (session), ==, HS_SESSION_MIN_INTERVAL_MS);
  hs_session_set_interval_ms (session, 10 * 60 * 1000);
  g_assert_cmpuint (hs_session_get_interval_ms (session), ==, HS_SESSION_MAX_INTERVAL_MS);
  g_object_set (session, "interval-ms", 2000, NULL);
  g_assert_cmpuint (hs_session_get_interval_ms (session), ==, 2000);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/session-process/interval", test_interval);
  g_test_add_func ("/session-process/sample-until-exit", test_sample_until_exit);
  g_test_add_func ("/session-process/start-does-not-block", test_start_does_not_block);

  return g_test_run ();
}
