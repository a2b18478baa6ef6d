/* test-session.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* HsSession over real heapscope-demo processes: no view attached, one or
 * two sessions at once, until the process exits. */

#include "config.h"

#include "hs-local-sampler.h"
#include "hs-probe-sampler.h"
#include "hs-session.h"
#include "test-sampler-common.h"

static const char * const proc_ids[] = {
  "rss", "vsz", "heap", "anon", "shared", "swap", "threads", "cpu", "fds",
};

static void
count_items_changed (GListModel *model,
                     guint       position,
                     guint       removed,
                     guint       added,
                     guint      *n_added)
{
  g_assert_cmpuint (removed, ==, 0);
  *n_added += added;
}

static void
test_new_destroy (void)
{
  HsSession *session = hs_session_new ("empty");

  g_assert_cmpstr (hs_session_get_title (session), ==, "empty");
  g_assert_cmpint (hs_session_get_state (session), ==, HS_SESSION_STOPPED);
  g_assert_cmpuint (hs_session_get_interval_ms (session), ==, 1000);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (session)), ==, 0);
  g_assert_cmpint (hs_session_get_pid (session), ==, 0);
  g_assert_cmpint (hs_session_get_uptime (session), ==, -1);
  g_assert_null (hs_session_get_error (session));
  /* No source: starting does nothing (what a reopened recording does). */
  hs_session_start (session);
  g_assert_cmpint (hs_session_get_state (session), ==, HS_SESSION_STOPPED);
  g_assert_finalize_object (session);
}

/* The list is the source's metrics, each with an empty series. */
static void
test_metric_list (void)
{
  g_autoptr(HsSampler) sampler = hs_local_sampler_new ();
  g_autoptr(HsProcSource) source = hs_proc_source_new (sampler, getpid (), HS_PROC_SOURCE_NONE);
  HsSession *session = hs_session_new ("me");
  guint n_changed = 0;

  g_signal_connect (session, "items-changed", G_CALLBACK (count_items_changed), &n_changed);
  hs_session_add_source (session, HS_SOURCE (source));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (session)), ==, G_N_ELEMENTS (proc_ids));
  g_assert_cmpuint (n_changed, ==, G_N_ELEMENTS (proc_ids));
  g_assert_cmpint (hs_session_get_pid (session), ==, getpid ());
  for (guint i = 0; i < G_N_ELEMENTS (proc_ids); i++)
    {
      g_autoptr(HsSessionMetric) item = g_list_model_get_item (G_LIST_MODEL (session), i);

      g_assert_cmpstr (hs_session_metric_get_id (item), ==, proc_ids[i]);
      g_assert_true (hs_session_metric_get_source (item) == HS_SOURCE (source));
      g_assert_cmpuint (hs_session_metric_get_index (item), ==, i);
      g_assert_cmpuint (hs_series_get_length (hs_session_metric_get_series (item)), ==, 0);
      g_assert_true (hs_session_find_metric (session, proc_ids[i]) == item);
    }
  g_assert_null (hs_session_find_metric (session, "nope"));
  g_assert_finalize_object (session);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *n)
{
  (*n)++;
}

/* "picked" (Add Metric…) starts FALSE and notifies only on a change. */
static void
test_metric_picked (void)
{
  g_autoptr(HsSampler) sampler = hs_local_sampler_new ();
  g_autoptr(HsProcSource) source = hs_proc_source_new (sampler, getpid (), HS_PROC_SOURCE_NONE);
  HsSession *session = hs_session_new ("me");
  g_autoptr(HsSessionMetric) item = NULL;
  gboolean picked = TRUE;
  guint n_notify = 0;

  hs_session_add_source (session, HS_SOURCE (source));
  item = g_list_model_get_item (G_LIST_MODEL (session), 0);
  g_assert_false (hs_session_metric_get_picked (item));
  g_signal_connect (item, "notify::picked", G_CALLBACK (count_notify), &n_notify);
  hs_session_metric_set_picked (item, FALSE);
  g_assert_cmpuint (n_notify, ==, 0);
  hs_session_metric_set_picked (item, TRUE);
  hs_session_metric_set_picked (item, TRUE);
  g_assert_cmpuint (n_notify, ==, 1);
  g_object_get (item, "picked", &picked, NULL);
  g_assert_true (picked);
  g_object_set (item, "picked", FALSE, NULL);
  g_assert_false (hs_session_metric_get_picked (item));
  g_assert_cmpuint (n_notify, ==, 2);
  g_signal_handlers_disconnect_by_data (item, &n_notify);
  g_clear_object (&item);
  g_assert_finalize_object (session);
}

static void
on_reading (HsSession *session,
            HsSource  *source,
            HsReading *reading,
            guint     *n_signals)
{
  double rss;

  g_assert_true (HS_IS_PROC_SOURCE (source));
  g_assert_true (hs_reading_get_value (reading, HS_PROC_RSS, &rss));
  g_assert_cmpfloat (rss, >, 0);
  (*n_signals)++;
}

static void
run_until_state (HsSession      *session,
                 HsSessionState  state)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (hs_session_get_state (session) != state)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static HsSession *
watch (HsSampler *sampler,
       int        pid)
{
  g_autoptr(HsProcSource) source = hs_proc_source_new (sampler, pid, HS_PROC_SOURCE_NONE);
  HsSession *session = hs_session_new_full ("demo", 100, 1000);

  hs_session_add_source (session, HS_SOURCE (source));
  return session;
}

/* Nothing but the main loop holds on: the session samples the growing
 * demo at 100 ms on its own until the process exits, then keeps its
 * series, its end time and the process's uptime at exit. */
static void
test_samples_without_view (void)
{
  g_autoptr(HsSampler) sampler = hs_local_sampler_new ();
  g_autoptr(HsTestDemo) demo = hs_test_demo_start ("--initial-mib=4", "--rate-kib=4096",
                                                   "--duration=1500ms", NULL);
  g_autoptr(HsSession) session = watch (sampler, demo->pid);
  HsSessionMetric *rss, *heap, *threads;
  HsSeriesChange change;
  guint n_signals = 0;
  gint64 uptime, first, last;

  g_signal_connect (session, "reading", G_CALLBACK (on_reading), &n_signals);
  hs_session_start (session);
  g_assert_cmpint (hs_session_get_state (session), ==, HS_SESSION_RUNNING);
  run_until_state (session, HS_SESSION_EXITED);

  g_assert_cmpuint (n_signals, ==, hs_session_get_n_readings (session));
  /* 1.5 s at 100 ms: about 15 readings; a loaded machine may give fewer. */
  g_assert_cmpuint (n_signals, >=, 5);
  g_assert_cmpstr (hs_proc_source_get_name (hs_session_get_proc_source (session)), ==,
                   "heapscope-demo");
  g_assert_cmpint (hs_session_get_end_time (session), >=, hs_session_get_first_time (session));
  g_assert_cmpint (hs_session_get_first_time (session), >, 0);

  rss = hs_session_find_metric (session, "rss");
  heap = hs_session_find_metric (session, "heap");
  threads = hs_session_find_metric (session, "threads");
  g_assert_cmpuint (hs_series_get_length (hs_session_metric_get_series (rss)), ==, n_signals);
  g_assert_cmpuint (hs_series_get_length (hs_session_metric_get_series (threads)), ==, n_signals);
  g_assert_cmpuint (hs_series_get_length (hs_session_metric_get_series (heap)), >=, 1);
  g_assert_cmpuint (hs_series_get_length (hs_session_metric_get_series (heap)), <=, n_signals);

  /* The demo grows by 4 MiB/s: RSS rose over the whole recording. */
  g_assert_true (hs_series_get_time_range (hs_session_metric_get_series (rss), &first, &last));
  g_assert_true (hs_session_metric_get_change (rss, first, last, &change));
  g_assert_cmpint (change.first_time_usec, ==, first);
  g_assert_cmpint (change.last_time_usec, ==, last);
  g_assert_cmpfloat (change.change, >, 1024 * 1024);

  /* The demo ran about 1.5 s (plus its start): uptime is frozen at exit. */
  uptime = hs_session_get_uptime (session);
  g_assert_cmpint (uptime, >=, 1 * G_USEC_PER_SEC);
  g_assert_cmpint (uptime, <, 10 * G_USEC_PER_SEC);
  g_usleep (200 * 1000);
  g_assert_cmpint (ABS (hs_session_get_uptime (session) - uptime), <, 50 * 1000);

  /* Exited is final. */
  hs_session_start (session);
  g_assert_cmpint (hs_session_get_state (session), ==, HS_SESSION_EXITED);
}

/* Two sessions at once, each with its own process, series and end. */
static void
test_two_sessions (void)
{
  g_autoptr(HsSampler) sampler = hs_local_sampler_new ();
  g_autoptr(HsTestDemo) small = hs_test_demo_start ("--initial-mib=2", "--rate-kib=0",
                                                    "--duration=1s", NULL);
  g_autoptr(HsTestDemo) big = hs_test_demo_start ("--initial-mib=48", "--rate-kib=0", NULL);
  g_autoptr(HsSession) a = watch (sampler, small->pid);
  g_autoptr(HsSession) b = watch (sampler, big->pid);
  HsSeries *rss_a, *rss_b;
  double last_a, last_b;
  guint n_b_at_exit;

  hs_session_start (a);
  hs_session_start (b);
  run_until_state (a, HS_SESSION_EXITED);
  g_assert_cmpint (hs_session_get_state (b), ==, HS_SESSION_RUNNING);
  n_b_at_exit = hs_session_get_n_readings (b);
  g_assert_cmpuint (n_b_at_exit, >=, 2);

  /* b goes on after a has ended. */
  while (hs_session_get_n_readings (b) < n_b_at_exit + 3)
    g_main_context_iteration (NULL, TRUE);

  rss_a = hs_session_metric_get_series (hs_session_find_metric (a, "rss"));
  rss_b = hs_session_metric_get_series (hs_session_find_metric (b, "rss"));
  g_assert_true (hs_series_get_last (rss_a, NULL, &last_a));
  g_assert_true (hs_series_get_last (rss_b, NULL, &last_b));
  g_assert_cmpfloat (last_b - last_a, >, 40.0 * 1024 * 1024);

  hs_session_close (b);
  g_assert_cmpint (hs_session_get_state (b), ==, HS_SESSION_CLOSED);
  g_assert_cmpint (hs_session_get_end_time (b), >, 0);
  /* Closed means no more readings, even one already in flight. */
  n_b_at_exit = hs_session_get_n_readings (b);
  for (int i = 0; i < 5; i++)
    {
      g_usleep (50 * 1000);
      while (g_main_context_iteration (NULL, FALSE));
    }
  g_assert_cmpuint (hs_session_get_n_readings (b), ==, n_b_at_exit);
}

/* Stop, then start again: the same series go on. */
static void
test_stop_restart (void)
{
  g_autoptr(HsSampler) sampler = hs_local_sampler_new ();
  g_autoptr(HsTestDemo) demo = hs_test_demo_start ("--initial-mib=2", "--rate-kib=0", NULL);
  g_autoptr(HsSession) session = watch (sampler, demo->pid);
  guint n;

  hs_session_start (session);
  while (hs_session_get_n_readings (session) < 2)
    g_main_context_iteration (NULL, TRUE);
  hs_session_stop (session);
  g_assert_cmpint (hs_session_get_state (session), ==, HS_SESSION_STOPPED);
  n = hs_session_get_n_readings (session);
  hs_session_start (session);
  g_assert_cmpint (hs_session_get_state (session), ==, HS_SESSION_RUNNING);
  while (hs_session_get_n_readings (session) < n + 2)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (hs_series_get_length (hs_session_metric_get_series (
                      hs_session_find_metric (session, "rss"))), ==,
                    hs_session_get_n_readings (session));
  hs_session_close (session);
}

/* Stop and start again while a reading hangs (the probe is stopped):
 * the session must not start a second read of the same source on top of
 * it, and goes on once the probe answers. */
static void
test_restart_during_read (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsSampler) sampler = hs_probe_sampler_new (&error);
  g_autoptr(HsSession) session = NULL;
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  int probe;

  g_assert_no_error (error);
  probe = hs_probe_sampler_get_probe_pid (HS_PROBE_SAMPLER (sampler));
  session = watch (sampler, getpid ());

  g_assert_cmpint (kill (probe, SIGSTOP), ==, 0);
  hs_session_start (session);
  /* Several ticks, all behind the one read in flight. */
  for (int i = 0; i < 4; i++)
    {
      g_usleep (100 * 1000);
      while (g_main_context_iteration (NULL, FALSE));
    }
  hs_session_stop (session);
  hs_session_start (session);
  for (int i = 0; i < 3; i++)
    {
      g_usleep (100 * 1000);
      while (g_main_context_iteration (NULL, FALSE));
    }
  g_assert_cmpint (kill (probe, SIGCONT), ==, 0);

  while (hs_session_get_n_readings (session) < 3)
    {
      g_assert_null (hs_session_get_error (session));
      g_assert_cmpint (hs_session_get_state (session), ==, HS_SESSION_RUNNING);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (10 * 1000);
      while (g_main_context_iteration (NULL, FALSE));
    }
  hs_session_close (session);
}

/* PID 1's smaps is refused here: the session says why (its error is the
 * source's problem), keeps running, and the heap item says "refused"
 * while RSS goes on. */
static void
test_problem_of_source (void)
{
  g_autoptr(HsSampler) sampler = hs_local_sampler_new ();
  g_autoptr(HsSession) session = NULL;
  HsSessionMetric *heap, *rss;

  if (!hs_test_pid1_smaps_denied ())
    {
      g_test_skip ("PID 1's smaps is readable here");
      return;
    }

  session = watch (sampler, 1);
  hs_session_start (session);
  while (hs_session_get_n_readings (session) < 2)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpint (hs_session_get_state (session), ==, HS_SESSION_RUNNING);
  g_assert_error (hs_session_get_error (session), HS_SOURCE_ERROR, HS_SOURCE_ERROR_PERMISSION);
  g_assert_nonnull (strstr (hs_session_get_error (session)->message, "/proc/1/smaps"));
  g_assert_cmpuint (hs_session_get_smaps_interval_ms (session), ==, 0);
  heap = hs_session_find_metric (session, "heap");
  rss = hs_session_find_metric (session, "rss");
  g_assert_cmpint (hs_session_metric_get_status (heap), ==, HS_READING_PERMISSION_DENIED);
  g_assert_cmpint (hs_session_metric_get_status (rss), ==, HS_READING_VALID);
  g_assert_cmpuint (hs_series_get_length (hs_session_metric_get_series (heap)), ==, 0);
  g_assert_cmpuint (hs_series_get_length (hs_session_metric_get_series (rss)), ==, 2);
  hs_session_close (session);
}

static void
on_marks_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    user_data)
{
  guint *n_added = user_data;

  g_assert_cmpuint (removed, ==, 0);
  *n_added += added;
}

static void
test_marks (void)
{
  g_autoptr(HsSession) session = hs_session_new ("marks");
  GListModel *marks = hs_session_get_marks (session);
  g_autoptr(HsSessionMark) first = NULL;
  g_autoptr(HsSessionMark) second = NULL;
  HsSessionMark *added;
  guint n_added = 0;

  g_assert_true (g_list_model_get_item_type (marks) == HS_TYPE_SESSION_MARK);
  g_assert_cmpuint (g_list_model_get_n_items (marks), ==, 0);
  g_signal_connect (marks, "items-changed", G_CALLBACK (on_marks_changed), &n_added);

  added = hs_session_add_mark (session, 1000000, "heap");
  g_assert_cmpint (hs_session_mark_get_time (added), ==, 1000000);
  hs_session_add_mark (session, 3000000, NULL);
  g_assert_cmpuint (n_added, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (marks), ==, 2);

  first = g_list_model_get_item (marks, 0);
  second = g_list_model_get_item (marks, 1);
  g_assert_true (first == added);
  g_assert_cmpstr (hs_session_mark_get_label (first), ==, "heap");
  g_assert_cmpint (hs_session_mark_get_time (second), ==, 3000000);
  g_assert_cmpstr (hs_session_mark_get_label (second), ==, "");
  g_signal_handlers_disconnect_by_data (marks, &n_added);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/session/new-destroy", test_new_destroy);
  g_test_add_func ("/session/metric-list", test_metric_list);
  g_test_add_func ("/session/metric-picked", test_metric_picked);
  g_test_add_func ("/session/samples-without-view", test_samples_without_view);
  g_test_add_func ("/session/two-sessions", test_two_sessions);
  g_test_add_func ("/session/stop-restart", test_stop_restart);
  g_test_add_func ("/session/restart-during-read", test_restart_during_read);
  g_test_add_func ("/session/problem-of-source", test_problem_of_source);
  g_test_add_func ("/session/marks", test_marks);

  return g_test_run ();
}
