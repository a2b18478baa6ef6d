/* test-proc-source.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* HsProcSource against real processes: its metric list, its readings
 * against /proc, a process tree, and PID reuse made real with clone3()'s
 * set_tid (a new process given the PID of one that just exited). */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "hs-local-sampler.h"
#include "hs-session.h"
#include "test-sampler-common.h"

static const struct
{
  const char   *id;
  const char   *column;
  HsUnit        unit;
  gboolean      can_be_unavailable;
} expected_metrics[] = {
  { "rss",         "rss_bytes",         HS_UNIT_BYTES,   FALSE },
  { "vsz",         "vsz_bytes",         HS_UNIT_BYTES,   FALSE },
  { "heap",        "heap_bytes",        HS_UNIT_BYTES,   TRUE },
  { "anon",        "anon_bytes",        HS_UNIT_BYTES,   TRUE },
  { "shared",      "shared_bytes",      HS_UNIT_BYTES,   FALSE },
  { "swap",        "swap_bytes",        HS_UNIT_BYTES,   TRUE },
  { "threads",     "threads",           HS_UNIT_COUNT,   FALSE },
  { "cpu",         "cpu_percent",       HS_UNIT_PERCENT, TRUE },
  { "fds",         "fds",               HS_UNIT_COUNT,   TRUE },
  /* HS_PROC_SOURCE_DESCENDANTS only */
  { "processes",   "processes",         HS_UNIT_COUNT,   FALSE },
  { "largest_rss", "largest_rss_bytes", HS_UNIT_BYTES,   FALSE },
};

typedef struct
{
  HsReading *reading;
  GError    *error;
  gboolean   done;
} ReadResult;

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  ReadResult *res = user_data;

  res->reading = hs_source_read_finish (HS_SOURCE (object), result, &res->error);
  res->done = TRUE;
}

/* One reading, waited for in the main loop as a view would. */
static HsReading *
read_now (HsProcSource  *source,
          GError       **error)
{
  ReadResult res = { 0 };

  hs_source_read_async (HS_SOURCE (source), NULL, read_cb, &res);
  while (!res.done)
    g_main_context_iteration (NULL, TRUE);
  if (res.error != NULL)
    g_propagate_error (error, res.error);
  return res.reading;
}

static void
check_metrics (GListModel *metrics,
               guint       n_expected)
{
  g_assert_true (g_list_model_get_item_type (metrics) == HS_TYPE_METRIC);
  g_assert_cmpuint (g_list_model_get_n_items (metrics), ==, n_expected);
  for (guint i = 0; i < n_expected; i++)
    {
      g_autoptr(HsMetric) metric = g_list_model_get_item (metrics, i);
      g_autofree char *column = hs_metric_get_column_name (metric);

      g_assert_cmpstr (hs_metric_get_id (metric), ==, expected_metrics[i].id);
      g_assert_cmpstr (column, ==, expected_metrics[i].column);
      g_assert_cmpint (hs_metric_get_unit (metric), ==, expected_metrics[i].unit);
      g_assert_cmpint (hs_metric_get_kind (metric), ==, HS_METRIC_GAUGE);
      g_assert_cmpint (hs_metric_get_can_be_unavailable (metric), ==,
                       expected_metrics[i].can_be_unavailable);
      g_assert_cmpstr (hs_metric_get_label (metric), !=, "");
      g_assert_cmpstr (hs_metric_get_explanation (metric), !=, "");
    }
}

static void
test_new_destroy (void)
{
  g_autoptr(HsSampler) sampler = hs_local_sampler_new ();
  HsProcSource *source = hs_proc_source_new (sampler, getpid (), HS_PROC_SOURCE_NONE);

  g_assert_true (HS_IS_SOURCE (source));
  g_assert_cmpint (hs_proc_source_get_pid (source), ==, getpid ());
  g_assert_null (hs_proc_source_get_name (source));
  g_assert_cmpuint (hs_proc_source_get_start_time (source), ==, 0);
  g_assert_cmpint (hs_proc_source_get_uptime (source, g_get_real_time ()), ==, -1);
  g_assert_null (hs_source_get_problem (HS_SOURCE (source)));
  g_assert_finalize_object (source);
}

/* Ids, units, kinds and CSV column names, in the order watch prints. */
static void
test_metric_list (void)
{
  g_autoptr(HsSampler) sampler = hs_local_sampler_new ();
  g_autoptr(HsProcSource) one = hs_proc_source_new (sampler, getpid (), HS_PROC_SOURCE_NONE);
  g_autoptr(HsProcSource) tree = hs_proc_source_new (sampler, getpid (), HS_PROC_SOURCE_DESCENDANTS);

  check_metrics (hs_source_get_metrics (HS_SOURCE (one)), HS_PROC_FDS + 1);
  check_metrics (hs_source_get_metrics (HS_SOURCE (tree)), G_N_ELEMENTS (expected_metrics));
  g_assert_cmpint (hs_source_find_metric (HS_SOURCE (one), "heap"), ==, HS_PROC_HEAP);
  g_assert_cmpint (hs_source_find_metric (HS_SOURCE (one), "largest_rss"), ==, -1);
  g_assert_cmpint (hs_source_find_metric (HS_SOURCE (tree), "largest_rss"), ==, HS_PROC_LARGEST_RSS);
  /* The same model every time: a view may keep it. */
  g_assert_true (hs_source_get_metrics (HS_SOURCE (one)) == hs_source_get_metrics (HS_SOURCE (one)));
}

/* A reading of a demo that does not grow against what /proc says. */
static void
test_reading (void)
{
  g_autoptr(HsSampler) sampler = hs_local_sampler_new ();
  g_autoptr(HsTestDemo) demo = hs_test_demo_start ("--initial-mib=16", "--rate-kib=0", NULL);
  g_autoptr(HsProcSource) source = hs_proc_source_new (sampler, demo->pid, HS_PROC_SOURCE_NONE);
  g_autoptr(HsReading) first = NULL;
  g_autoptr(HsReading) second = NULL;
  g_autoptr(GError) error = NULL;
  double rss, heap, threads, fds, cpu;

  first = read_now (source, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hs_reading_get_n_values (first), ==, HS_PROC_FDS + 1);
  g_assert_cmpint (hs_reading_get_wall_usec (first), >, 0);
  g_assert_cmpstr (hs_proc_source_get_name (source), ==, "heapscope-demo");
  g_assert_cmpuint (hs_proc_source_get_start_time (source), >, 0);

  g_assert_true (hs_reading_get_value (first, HS_PROC_RSS, &rss));
  g_assert_cmpfloat (ABS (rss - hs_test_read_status (demo->pid, "VmRSS")), <, 1024 * 1024);
  g_assert_true (hs_reading_get_value (first, HS_PROC_THREADS, &threads));
  g_assert_cmpfloat (threads, ==, hs_test_read_status (demo->pid, "Threads"));
  /* The first reading reads smaps: 16 MiB of malloc'ed, touched memory. */
  g_assert_true (hs_reading_get_value (first, HS_PROC_HEAP, &heap));
  g_assert_cmpfloat (heap, >=, 16.0 * 1024 * 1024);
  g_assert_true (hs_reading_get_value (first, HS_PROC_FDS, &fds));
  g_assert_cmpfloat (fds, >=, 3);
  /* CPU needs a previous reading: missing, and said why. */
  g_assert_false (hs_reading_get_value (first, HS_PROC_CPU, &cpu));
  g_assert_cmpint (hs_reading_get_status (first, HS_PROC_CPU), ==, HS_READING_NOT_MEASURED);

  g_usleep (100 * 1000);
  second = read_now (source, &error);
  g_assert_no_error (error);
  g_assert_true (hs_reading_get_value (second, HS_PROC_CPU, &cpu));
  g_assert_cmpfloat (cpu, >=, 0);
  g_assert_cmpint (hs_reading_get_mono_usec (second), >, hs_reading_get_mono_usec (first));

  /* Uptime from the start time: the demo started moments ago. */
  g_assert_cmpint (hs_proc_source_get_uptime (source, g_get_real_time ()), >=, 0);
  g_assert_cmpint (hs_proc_source_get_uptime (source, g_get_real_time ()), <, 30 * G_USEC_PER_SEC);
}

static void
test_smaps_pacing (void)
{
  /* 1 ms at 1 s: every tick. 10 ms at 100 ms: every 5th (500 ms). */
  g_assert_cmpuint (hs_smaps_pacing (1000, 1000), ==, 1);
  g_assert_cmpuint (hs_smaps_pacing (100, 10000), ==, 5);
  g_assert_cmpuint (hs_smaps_pacing (100, 0), ==, 1);
  g_assert_cmpuint (hs_smaps_pacing (100, -5), ==, 1);
  /* At most 60 s worth of ticks. */
  g_assert_cmpuint (hs_smaps_pacing (100, 60 * G_USEC_PER_SEC), ==, 600);
  g_assert_cmpuint (hs_smaps_pacing (60000, 60 * G_USEC_PER_SEC), ==, 1);
}

/* The process and two demos it started: sums, count and the largest. */
static void
test_descendants (void)
{
  g_autoptr(HsSampler) sampler = hs_local_sampler_new ();
  g_autoptr(HsTestDemo) small = hs_test_demo_start ("--initial-mib=8", "--rate-kib=0", NULL);
  g_autoptr(HsTestDemo) big = hs_test_demo_start ("--initial-mib=64", "--rate-kib=0", NULL);
  g_autoptr(HsProcSource) tree = hs_proc_source_new (sampler, getpid (), HS_PROC_SOURCE_DESCENDANTS);
  g_autoptr(HsProcSource) one = hs_proc_source_new (sampler, getpid (), HS_PROC_SOURCE_NONE);
  g_autoptr(HsReading) reading = NULL;
  g_autoptr(HsReading) alone = NULL;
  g_autoptr(GError) error = NULL;
  double processes, largest, rss, rss_alone, threads;
  gint64 demos_rss = hs_test_read_status (small->pid, "VmRSS") +
                     hs_test_read_status (big->pid, "VmRSS");

  reading = read_now (tree, &error);
  g_assert_no_error (error);
  alone = read_now (one, &error);
  g_assert_no_error (error);

  g_assert_true (hs_reading_get_value (reading, HS_PROC_PROCESSES, &processes));
  g_assert_cmpfloat (processes, >=, 3);
  g_assert_true (hs_reading_get_value (reading, HS_PROC_LARGEST_RSS, &largest));
  g_assert_cmpfloat (largest, >=, 64.0 * 1024 * 1024);
  g_assert_cmpint (hs_proc_source_get_largest_pid (tree), ==, big->pid);
  g_assert_true (hs_reading_get_value (reading, HS_PROC_RSS, &rss));
  g_assert_true (hs_reading_get_value (alone, HS_PROC_RSS, &rss_alone));
  /* Both demos' RSS on top of ours. Ours moves between the two reads
   * (by megabytes under valgrind), hence 90 %: without the small demo the
   * sum would be under it. */
  g_assert_cmpfloat (rss - rss_alone, >=, 0.9 * (double) demos_rss);
  g_assert_true (hs_reading_get_value (reading, HS_PROC_THREADS, &threads));
  g_assert_cmpfloat (threads, >=, 3);
}

/* In a child: wait to be killed. If the test dies on an assertion, the
 * child dies with it and does not hold the test's stdout open. */
static void G_GNUC_NORETURN
sleep_forever (void)
{
  int null = open ("/dev/null", O_RDWR);

  prctl (PR_SET_PDEATHSIG, SIGKILL);
  dup2 (null, STDOUT_FILENO);
  dup2 (null, STDERR_FILENO);
  for (;;)
    pause ();
}

/* While a big process exits, the kernel first detaches its address space
 * and only then makes it a zombie: while the pages are freed, /proc shows
 * a running process with no memory at all. That is an exit, never a
 * reading of zero (a chart would draw a drop to 0 B). A child holding
 * 512 MiB is killed while it is read as fast as possible. */
static void
test_exit_is_not_zero (void)
{
  const gsize size = 512 * 1024 * 1024;
  g_autoptr(HsSampler) sampler = hs_local_sampler_new ();
  g_autoptr(HsProcSource) source = NULL;
  g_autoptr(GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  guint n = 0, n_after_kill = 0;
  int ready[2];
  char byte;
  pid_t child;

  g_assert_cmpint (pipe (ready), ==, 0);
  child = fork ();
  g_assert_cmpint (child, >=, 0);
  if (child == 0)
    {
      char *memory = mmap (NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

      if (memory == MAP_FAILED)
        _exit (1);
      memset (memory, 1, size);
      if (write (ready[1], "r", 1) != 1)
        _exit (1);
      sleep_forever ();
    }
  close (ready[1]);
  g_assert_cmpint (read (ready[0], &byte, 1), ==, 1);
  close (ready[0]);

  source = hs_proc_source_new (sampler, child, HS_PROC_SOURCE_NONE);
  for (;;)
    {
      g_autoptr(HsReading) reading = read_now (source, &error);
      double rss;

      if (reading == NULL)
        break;
      g_assert_true (hs_reading_get_value (reading, HS_PROC_RSS, &rss));
      g_assert_cmpfloat (rss, >, size / 2);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      if (++n == 3)
        g_assert_cmpint (kill (child, SIGKILL), ==, 0);
      else if (n > 3)
        n_after_kill++;
    }
  g_assert_error (error, HS_SOURCE_ERROR, HS_SOURCE_ERROR_EXITED);
  g_test_message ("%u readings after the kill", n_after_kill);
  g_assert_cmpint (waitpid (child, NULL, 0), ==, child);
}

/* A start time that is not the process's: refused at once as "exited". */
static void
test_wrong_start_time (void)
{
  g_autoptr(HsSampler) sampler = hs_local_sampler_new ();
  g_autoptr(HsProcSource) probe = hs_proc_source_new (sampler, getpid (), HS_PROC_SOURCE_NONE);
  g_autoptr(HsProcSource) source = hs_proc_source_new (sampler, getpid (), HS_PROC_SOURCE_NONE);
  g_autoptr(HsReading) reading = NULL;
  g_autoptr(GError) error = NULL;

  reading = read_now (probe, &error);
  g_assert_no_error (error);
  g_clear_pointer (&reading, hs_reading_unref);

  hs_proc_source_set_start_time (source, hs_proc_source_get_start_time (probe) + 1);
  reading = read_now (source, &error);
  g_assert_error (error, HS_SOURCE_ERROR, HS_SOURCE_ERROR_EXITED);
  g_assert_null (reading);
  g_clear_error (&error);

  hs_proc_source_set_start_time (source, hs_proc_source_get_start_time (probe));
  reading = read_now (source, &error);
  g_assert_no_error (error);
}

static pid_t
fork_sleeper (void)
{
  pid_t pid = fork ();

  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    sleep_forever ();
  return pid;
}

/* A new process with the PID @pid just had: clone3() with set_tid (root,
 * Linux >= 5.5), or, where clone3 is missing (valgrind does not implement
 * it), the older way: set the PID namespace's last PID to @pid - 1 and
 * fork, again if another process took @pid first. -1 with errno set when
 * neither works. */
static pid_t
clone_with_pid (pid_t pid)
{
  struct clone_args args = { 0 };
  pid_t tid = pid;
  long child;

  args.exit_signal = SIGCHLD;
  args.set_tid = (guint64) (guintptr) &tid;
  args.set_tid_size = 1;
  child = syscall (SYS_clone3, &args, sizeof args);
  if (child == 0)
    sleep_forever ();
  if (child >= 0 || errno != ENOSYS)
    return (pid_t) child;

  for (int attempt = 0; attempt < 50; attempt++)
    {
      g_autofree char *last = g_strdup_printf ("%d", pid - 1);
      int fd = open ("/proc/sys/kernel/ns_last_pid", O_WRONLY);
      gssize written = fd >= 0 ? write (fd, last, strlen (last)) : -1;
      pid_t other;

      if (fd >= 0)
        close (fd);
      if (written < 0)
        return -1;
      other = fork_sleeper ();
      if (other == pid)
        return other;
      /* The machine is busy: someone else forked in between. */
      kill (other, SIGKILL);
      waitpid (other, NULL, 0);
    }
  errno = EAGAIN;
  return -1;
}

static void
kill_and_reap (pid_t pid)
{
  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
  g_assert_cmpint (waitpid (pid, NULL, 0), ==, pid);
}

/* Stops the first process, gives its PID to a second one, and reads
 * again: the source must refuse, and a session must end as exited with
 * only the first process's points, while the second one is alive. */
static void
test_pid_reuse (void)
{
  g_autoptr(HsSampler) sampler = hs_local_sampler_new ();
  g_autoptr(HsProcSource) source = NULL;
  g_autoptr(HsSession) session = NULL;
  g_autoptr(HsReading) reading = NULL;
  g_autoptr(GError) error = NULL;
  HsSeries *rss;
  guint n_before;
  pid_t first, second;
  gint64 deadline;

  first = fork_sleeper ();
  source = hs_proc_source_new (sampler, first, HS_PROC_SOURCE_NONE);
  session = hs_session_new_full ("reuse", 100, 100);
  hs_session_add_source (session, HS_SOURCE (source));
  hs_session_start (session);
  while (hs_session_get_n_readings (session) < 2)
    g_main_context_iteration (NULL, TRUE);
  /* Paused, so that the swap happens between two readings. */
  hs_session_stop (session);
  n_before = hs_session_get_n_readings (session);
  rss = hs_session_metric_get_series (hs_session_find_metric (session, "rss"));
  g_assert_cmpuint (hs_series_get_length (rss), ==, n_before);

  kill_and_reap (first);
  /* Start times count clock ticks (10 ms): make them differ for sure. */
  g_usleep (50 * 1000);
  second = clone_with_pid (first);
  if (second < 0)
    {
      int saved = errno;

      g_test_skip_printf ("Cannot give a new process PID %d (clone3 set_tid, ns_last_pid): %s",
                          first, g_strerror (saved));
      return;
    }
  g_assert_cmpint (second, ==, first);

  /* A source that has never read takes whatever has the PID now... */
  {
    g_autoptr(HsProcSource) fresh = hs_proc_source_new (sampler, first, HS_PROC_SOURCE_NONE);
    g_autoptr(HsReading) other = read_now (fresh, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (hs_proc_source_get_start_time (fresh), >,
                      hs_proc_source_get_start_time (source));
  }

  /* ...but one that knows the first process refuses the second. */
  hs_session_start (session);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (hs_session_get_state (session) == HS_SESSION_RUNNING)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_cmpint (hs_session_get_state (session), ==, HS_SESSION_EXITED);
  g_assert_cmpuint (hs_session_get_n_readings (session), ==, n_before);
  g_assert_cmpuint (hs_series_get_length (rss), ==, n_before);

  reading = read_now (source, &error);
  g_assert_error (error, HS_SOURCE_ERROR, HS_SOURCE_ERROR_EXITED);
  g_assert_nonnull (strstr (error->message, "another process"));
  g_assert_null (reading);

  /* The second process was alive the whole time. */
  g_assert_cmpint (kill (second, 0), ==, 0);
  kill_and_reap (second);
}

/* PID 1's smaps is refused here even to root: heap says so, the other
 * figures go on, and smaps is not asked for again. */
static void
test_smaps_denied (void)
{
  g_autoptr(HsSampler) sampler = hs_local_sampler_new ();
  g_autoptr(HsProcSource) source = hs_proc_source_new (sampler, 1, HS_PROC_SOURCE_NONE);
  g_autoptr(HsReading) first = NULL;
  g_autoptr(HsReading) second = NULL;
  g_autoptr(GError) error = NULL;

  if (!hs_test_pid1_smaps_denied ())
    {
      g_test_skip ("PID 1's smaps is readable here");
      return;
    }

  first = read_now (source, &error);
  g_assert_no_error (error);
  g_assert_true (hs_reading_get_value (first, HS_PROC_RSS, NULL));
  g_assert_cmpint (hs_reading_get_status (first, HS_PROC_HEAP), ==, HS_READING_PERMISSION_DENIED);
  g_assert_error (hs_source_get_problem (HS_SOURCE (source)), HS_SOURCE_ERROR,
                  HS_SOURCE_ERROR_PERMISSION);
  g_assert_cmpuint (hs_proc_source_get_smaps_interval_ms (source), ==, 0);

  second = read_now (source, &error);
  g_assert_no_error (error);
  g_assert_cmpint (hs_reading_get_status (second, HS_PROC_HEAP), ==, HS_READING_PERMISSION_DENIED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/proc-source/new-destroy", test_new_destroy);
  g_test_add_func ("/proc-source/metric-list", test_metric_list);
  g_test_add_func ("/proc-source/reading", test_reading);
  g_test_add_func ("/proc-source/smaps-pacing", test_smaps_pacing);
  g_test_add_func ("/proc-source/descendants", test_descendants);
  g_test_add_func ("/proc-source/wrong-start-time", test_wrong_start_time);
  g_test_add_func ("/proc-source/exit-is-not-zero", test_exit_is_not_zero);
  g_test_add_func ("/proc-source/pid-reuse", test_pid_reuse);
  g_test_add_func ("/proc-source/smaps-denied", test_smaps_denied);

  return g_test_run ();
}
