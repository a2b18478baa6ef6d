/* test-sampler-monitor.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "hs-local-sampler.h"
#include "hs-probe-sampler.h"
#include "hs-process-monitor.h"
#include "test-sampler-common.h"

static void
test_new_destroy (void)
{
  g_autoptr(HsSampler) sampler = hs_local_sampler_new ();
  HsProcessMonitor *monitor = hs_process_monitor_new (sampler, 1);

  g_assert_cmpint (hs_process_monitor_get_pid (monitor), ==, 1);
  g_assert_cmpuint (hs_process_monitor_get_interval_ms (monitor), ==, 1000);
  g_assert_false (hs_process_monitor_get_running (monitor));
  g_assert_false (hs_process_monitor_get_exited (monitor));
  g_assert_cmpuint (hs_process_monitor_get_n_samples (monitor), ==, 0);
  g_assert_false (hs_process_monitor_get_last_sample (monitor, NULL));
  g_assert_null (hs_process_monitor_get_error (monitor));
  for (guint m = 0; m < HS_N_METRICS; m++)
    g_assert_cmpuint (hs_series_get_length (hs_process_monitor_get_series (monitor, m)), ==, 0);
  g_assert_finalize_object (monitor);
}

static void
on_sample (HsProcessMonitor *monitor,
           HsSample         *sample,
           guint            *n_signals)
{
  g_assert_true (sample->flags & HS_SAMPLE_RSS);
  (*n_signals)++;
}

static void
on_exited (HsProcessMonitor *monitor,
           gboolean         *exited)
{
  *exited = TRUE;
}

/* Sample the demo at 100 ms, then let it exit: sampling stops, the
 * series stay, the exit time is set. */
static void
test_sample_until_exit (void)
{
  g_autoptr(HsSampler) sampler = hs_local_sampler_new ();
  g_autoptr(HsTestDemo) demo = hs_test_demo_start ("--initial-mib=4", "--rate-kib=4096",
                                                   "--duration=1500ms", NULL);
  g_autoptr(HsProcessMonitor) monitor = hs_process_monitor_new_full (sampler, demo->pid, 100, 1000);
  HsSeries *rss, *heap, *threads;
  gboolean exited = FALSE;
  guint n_signals = 0;
  HsSample last;
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  double first_rss, last_rss;

  g_signal_connect (monitor, "sample", G_CALLBACK (on_sample), &n_signals);
  g_signal_connect (monitor, "exited", G_CALLBACK (on_exited), &exited);
  hs_process_monitor_start (monitor);
  g_assert_true (hs_process_monitor_get_running (monitor));
  /* The name comes from a worker thread. */
  while (hs_process_monitor_get_name (monitor) == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_cmpstr (hs_process_monitor_get_name (monitor), ==, "heapscope-demo");

  while (!exited)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }

  g_assert_false (hs_process_monitor_get_running (monitor));
  g_assert_true (hs_process_monitor_get_exited (monitor));
  g_assert_cmpint (hs_process_monitor_get_exit_time (monitor), >=,
                   hs_process_monitor_get_first_time (monitor));
  g_assert_cmpuint (n_signals, ==, hs_process_monitor_get_n_samples (monitor));
  g_assert_cmpuint (n_signals, >=, 5);
  g_assert_true (hs_process_monitor_get_last_sample (monitor, &last));
  g_assert_null (hs_process_monitor_get_error (monitor));
  /* A small process: smaps every tick at 100 ms is well within budget,
   * but whatever it is, it is a multiple of the interval. */
  g_assert_cmpuint (hs_process_monitor_get_smaps_interval_ms (monitor) % 100, ==, 0);
  g_assert_cmpuint (hs_process_monitor_get_smaps_interval_ms (monitor), >=, 100);

  rss = hs_process_monitor_get_series (monitor, HS_METRIC_RSS);
  heap = hs_process_monitor_get_series (monitor, HS_METRIC_HEAP);
  threads = hs_process_monitor_get_series (monitor, HS_METRIC_THREADS);
  g_assert_cmpuint (hs_series_get_length (rss), ==, n_signals);
  g_assert_cmpuint (hs_series_get_length (heap), >=, 1);
  g_assert_cmpuint (hs_series_get_length (heap), <=, n_signals);
  g_assert_true (hs_series_lookup (threads, G_MAXINT64, NULL, NULL));

  /* It leaked 4 MiB/s: the RSS series grew. */
  hs_series_get_point (rss, 0, NULL, &first_rss);
  hs_series_get_last (rss, NULL, &last_rss);
  g_assert_cmpfloat (last_rss, >, first_rss + 2 * 1024 * 1024);

  /* Starting again after exit does nothing. */
  hs_process_monitor_start (monitor);
  g_assert_false (hs_process_monitor_get_running (monitor));
}

static void
on_notify_error (GObject    *object,
                 GParamSpec *pspec,
                 gboolean   *changed)
{
  *changed = TRUE;
}

/* PID 1's smaps is refused: the monitor says so and keeps sampling the
 * rest; heap is never filled with zeros. */
static void
test_not_ours (void)
{
  g_autoptr(HsSampler) sampler = hs_local_sampler_new ();
  g_autoptr(HsProcessMonitor) monitor = NULL;
  gboolean changed = FALSE;
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  if (!hs_test_pid1_smaps_denied ())
    {
      g_test_skip ("PID 1's smaps is readable here");
      return;
    }

  monitor = hs_process_monitor_new_full (sampler, 1, 100, 100);
  g_signal_connect (monitor, "notify::error", G_CALLBACK (on_notify_error), &changed);
  hs_process_monitor_start (monitor);
  while (hs_process_monitor_get_n_samples (monitor) < 3)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  hs_process_monitor_stop (monitor);

  g_assert_true (changed);
  g_assert_error (hs_process_monitor_get_error (monitor), HS_SAMPLER_ERROR,
                  HS_SAMPLER_ERROR_PERMISSION_DENIED);
  g_assert_nonnull (strstr (hs_process_monitor_get_error (monitor)->message, "/proc/1/smaps"));
  g_assert_cmpuint (hs_process_monitor_get_smaps_interval_ms (monitor), ==, 0);
  g_assert_cmpuint (hs_series_get_length (hs_process_monitor_get_series (monitor, HS_METRIC_HEAP)), ==, 0);
  g_assert_cmpuint (hs_series_get_length (hs_process_monitor_get_series (monitor, HS_METRIC_RSS)), >=, 3);
  g_assert_false (hs_process_monitor_get_running (monitor));
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
 * name follows once the probe answers again. Before, start() asked for
 * the name in place and hung until the probe was resumed. */
static void
test_start_does_not_block (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsSampler) sampler = hs_probe_sampler_new (&error);
  g_autoptr(HsProcessMonitor) monitor = NULL;
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  GThread *resumer;
  gint64 start, elapsed;
  int probe;

  g_assert_no_error (error);
  probe = hs_probe_sampler_get_probe_pid (HS_PROBE_SAMPLER (sampler));
  g_assert_cmpint (probe, >, 0);
  monitor = hs_process_monitor_new_full (sampler, getpid (), 100, 100);

  g_assert_cmpint (kill (probe, SIGSTOP), ==, 0);
  /* Resumed after 5 s whatever happens, so a blocking start() ends too. */
  resumer = g_thread_new ("resume", resume_later, GINT_TO_POINTER (probe));
  start = g_get_monotonic_time ();
  hs_process_monitor_start (monitor);
  elapsed = g_get_monotonic_time () - start;
  g_test_message ("start() took %.3f ms with the probe stopped", elapsed / 1000.0);
  g_assert_cmpint (elapsed, <, 2 * G_USEC_PER_SEC);
  g_assert_true (hs_process_monitor_get_running (monitor));
  g_assert_null (hs_process_monitor_get_name (monitor));

  g_thread_join (resumer);
  while (hs_process_monitor_get_name (monitor) == NULL || hs_process_monitor_get_n_samples (monitor) == 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  {
    g_autofree char *comm = NULL;

    /* Our own name as the kernel has it (valgrind renames us). */
    g_assert_true (g_file_get_contents ("/proc/self/comm", &comm, NULL, NULL));
    g_strchomp (comm);
    g_assert_cmpstr (hs_process_monitor_get_name (monitor), ==, comm);
  }
  hs_process_monitor_stop (monitor);
}

static void
test_interval (void)
{
  g_autoptr(HsSampler) sampler = hs_local_sampler_new ();
  g_autoptr(HsProcessMonitor) monitor = hs_process_monitor_new (sampler, 1);

  hs_process_monitor_set_interval_ms (monitor, 5);
  g_assert_cmpuint (hs_process_monitor_get_interval_ms (monitor), ==, 100);
  hs_process_monitor_set_interval_ms (monitor, 10 * 60 * 1000);
  g_assert_cmpuint (hs_process_monitor_get_interval_ms (monitor), ==, 60000);
  g_object_set (monitor, "interval-ms", 2000, NULL);
  g_assert_cmpuint (hs_process_monitor_get_interval_ms (monitor), ==, 2000);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/monitor/new-destroy", test_new_destroy);
  g_test_add_func ("/monitor/interval", test_interval);
  g_test_add_func ("/monitor/sample-until-exit", test_sample_until_exit);
  g_test_add_func ("/monitor/not-ours", test_not_ours);
  g_test_add_func ("/monitor/start-does-not-block", test_start_does_not_block);

  return g_test_run ();
}
