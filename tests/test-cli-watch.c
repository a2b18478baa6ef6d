/* test-cli-watch.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Runs the built heapscope-cli as a user would: watch, snapshot and the
 * snapshot diff, with their exit codes. */

#include "config.h"

#include <unistd.h>

#include "hs-local-sampler.h"
#include "hs-session.h"
#include "test-sampler-common.h"
#include "hs-test-cli.h"

#define CSV_HEADER "time,rss_bytes,vsz_bytes,heap_bytes,anon_bytes,shared_bytes,swap_bytes,threads,cpu_percent,fds"

static gboolean
is_uint (const char *text)
{
  if (*text == '\0')
    return FALSE;
  for (; *text != '\0'; text++)
    if (!g_ascii_isdigit (*text))
      return FALSE;
  return TRUE;
}

static void
check_csv_line (const char *line,
                gboolean    first)
{
  g_auto(GStrv) fields = g_strsplit (line, ",", -1);
  g_autoptr(GRegex) time_re = g_regex_new ("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z$", 0, 0, NULL);

  g_assert_cmpuint (g_strv_length (fields), ==, 10);
  g_assert_true (g_regex_match (time_re, fields[0], 0, NULL));
  for (guint i = 1; i <= 7; i++)
    g_assert_true (is_uint (fields[i]));
  /* CPU % needs a previous sample: empty on the first line only. */
  if (first)
    g_assert_cmpstr (fields[8], ==, "");
  else
    g_assert_nonnull (strchr (fields[8], '.'));
  g_assert_true (is_uint (fields[9]));
}

static void
check_watch (gboolean probe)
{
  g_autoptr(HsTestDemo) demo = hs_test_demo_start ("--initial-mib=20", "--rate-kib=0", "--threads=2", NULL);
  g_autofree char *pid_arg = g_strdup_printf ("--pid=%d", demo->pid);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;
  gint64 start = g_get_monotonic_time ();
  gint64 vm_rss, threads;
  guint n_lines;
  int status;

  status = hs_test_run_cli (&out, &err, "watch", pid_arg, "--interval=200ms", "--duration=1s",
                    "--format=csv", probe ? "--probe" : NULL, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, G_USEC_PER_SEC);

  vm_rss = hs_test_read_status (demo->pid, "VmRSS");
  threads = hs_test_read_status (demo->pid, "Threads");

  lines = g_strsplit (out, "\n", -1);
  n_lines = g_strv_length (lines);
  g_assert_cmpstr (lines[0], ==, CSV_HEADER);
  g_assert_cmpstr (lines[n_lines - 1], ==, "");
  /* 0, 200, …, 800 ms: five samples (four if a loaded machine made the
   * runner skip a late tick, which it does rather than bunch samples). */
  g_assert_cmpuint (n_lines - 2, >=, 4);
  g_assert_cmpuint (n_lines - 2, <=, 5);
  for (guint i = 1; i < n_lines - 1; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], ",", -1);

      check_csv_line (lines[i], i == 1);
      /* A steady process: RSS within a page of VmRSS, Threads equal. */
      g_assert_cmpint (ABS (g_ascii_strtoll (fields[1], NULL, 10) - vm_rss), <=, sysconf (_SC_PAGESIZE));
      g_assert_cmpint (g_ascii_strtoll (fields[7], NULL, 10), ==, threads);
      g_assert_cmpint (g_ascii_strtoll (fields[7], NULL, 10), ==, 3);
      g_assert_cmpint (g_ascii_strtoll (fields[3], NULL, 10), >=, 20 * 1024 * 1024);
    }
}

static void
test_watch_csv_local (void)
{
  check_watch (FALSE);
}

static void
test_watch_csv_probe (void)
{
  check_watch (TRUE);
}

static void
test_watch_json_and_text (void)
{
  g_autoptr(HsTestDemo) demo = hs_test_demo_start ("--rate-kib=0", NULL);
  g_autofree char *pid_arg = g_strdup_printf ("--pid=%d", demo->pid);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_cmpint (hs_test_run_cli (&out, &err, "watch", pid_arg, "--interval=100ms", "--duration=250ms",
                            "--format=json", NULL), ==, 0);
  lines = g_strsplit (out, "\n", -1);
  /* Samples at 0, 100 and 200 ms (and the empty string after the last \n). */
  g_assert_cmpuint (g_strv_length (lines), >=, 3);
  g_assert_cmpuint (g_strv_length (lines), <=, 4);
  g_assert_true (g_str_has_prefix (lines[0], "{\"time\":\""));
  g_assert_nonnull (strstr (lines[0], "\"cpu_percent\":null"));
  g_assert_nonnull (strstr (lines[1], "\"rss_bytes\":"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (hs_test_run_cli (&out, &err, "watch", pid_arg, "--interval=100ms", "--duration=100ms", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "RSS "));
  g_assert_nonnull (strstr (out, "threads 4"));
}

/* The process exits before the duration: exit 3, with what it saw. */
static void
test_watch_process_exits (void)
{
  g_autoptr(HsTestDemo) demo = hs_test_demo_start ("--duration=700ms", NULL);
  g_autofree char *pid_arg = g_strdup_printf ("--pid=%d", demo->pid);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_cmpint (hs_test_run_cli (&out, &err, "watch", pid_arg, "--interval=100ms", "--duration=20s",
                            "--format=csv", NULL), ==, 3);
  lines = g_strsplit (out, "\n", -1);
  g_assert_cmpstr (lines[0], ==, CSV_HEADER);
  g_assert_cmpuint (g_strv_length (lines), >=, 3);
  check_csv_line (lines[1], TRUE);
  g_assert_nonnull (strstr (err, "exited"));
}

static void
test_watch_bad_arguments (void)
{
  g_autofree char *self_pid = g_strdup_printf ("--pid=%d", getpid ());
  static const char *bad[][4] = {
    { "watch", NULL },
    { "watch", "--pid=abc", NULL },
    { "watch", "SELF", "--interval=5", NULL },
    { "watch", "SELF", "--interval=10ms", NULL },
    { "watch", "SELF", "--duration=soon", NULL },
    { "watch", "SELF", "--format=xml", NULL },
    { "watch", "SELF", "extra", NULL },
    { "watch", "--pid=999999999", NULL },
    { "snapshot", "SELF", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      const char *args[4] = { NULL };

      for (guint j = 0; j < 3 && bad[i][j] != NULL; j++)
        args[j] = g_str_equal (bad[i][j], "SELF") ? self_pid : bad[i][j];
      g_assert_cmpint (hs_test_run_cli (&out, &err, args[0], args[1], args[2], args[3], NULL), ==, 2);
      g_assert_true (g_str_has_prefix (err, "heapscope-cli "));
      g_assert_cmpstr (out, ==, "");
    }
}

/* PID 1 is not ours: the figures are printed, heap is left empty (never
 * 0), and stderr says why. */
static void
test_watch_not_ours (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) fields = NULL;

  if (!hs_test_pid1_smaps_denied ())
    {
      g_test_skip ("PID 1's smaps is readable here");
      return;
    }

  g_assert_cmpint (hs_test_run_cli (&out, &err, "watch", "--pid=1", "--interval=100ms", "--duration=100ms",
                            "--format=csv", NULL), ==, 0);
  lines = g_strsplit (out, "\n", -1);
  fields = g_strsplit (lines[1], ",", -1);
  g_assert_cmpuint (g_strv_length (fields), ==, 10);
  g_assert_true (is_uint (fields[1]));
  g_assert_cmpstr (fields[3], ==, "");
  g_assert_nonnull (strstr (err, "/proc/1/smaps"));

  /* A snapshot of it fails with the reason. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (hs_test_run_cli (&out, &err, "snapshot", "--pid=1", "-o", "/dev/null", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "permission denied"));
}

/* snapshot twice while the demo leaks, then `diff` on the two files:
 * [anon] grew most and comes first. */
static void
test_snapshot_diff (void)
{
  g_autoptr(HsTestDemo) demo = hs_test_demo_start ("--initial-mib=4", "--rate-kib=65536", "--max-mib=400", NULL);
  g_autofree char *pid_arg = g_strdup_printf ("--pid=%d", demo->pid);
  g_autofree char *a = g_build_filename (demo->dir, "a.json", NULL);
  g_autofree char *b = g_build_filename (demo->dir, "b.json", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) fields = NULL;

  g_assert_cmpint (hs_test_run_cli (&out, &err, "snapshot", pid_arg, "-o", a, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "heapscope-demo"));
  g_usleep (1500 * 1000);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (hs_test_run_cli (&out, &err, "snapshot", pid_arg, "--probe", "-o", b, NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (hs_test_run_cli (&out, &err, "diff", "--format=tsv", a, b, NULL), ==, 0);
  lines = g_strsplit (out, "\n", -1);
  g_assert_true (g_str_has_prefix (lines[0], "name\tbase_rss\tnew_rss\tdelta_rss\t"));
  fields = g_strsplit (lines[1], "\t", -1);
  g_assert_cmpstr (fields[0], ==, "[anon]");
  g_assert_cmpint (g_ascii_strtoll (fields[3], NULL, 10), >, 48 * 1024 * 1024);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (hs_test_run_cli (&out, &err, "diff", a, b, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "[anon]"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Snapshots have no sample index. */
  g_assert_cmpint (hs_test_run_cli (&out, &err, "diff", "--sample-index=inuse_space", a, b, NULL), ==, 2);

  g_unlink (a);
  g_unlink (b);
}

/* "time," then the column names of the session's metrics, in its order:
 * what watch must print as its CSV header. */
static char *
session_csv_header (int               pid,
                    HsProcSourceFlags flags)
{
  g_autoptr(HsSampler) sampler = hs_local_sampler_new ();
  g_autoptr(HsProcSource) source = hs_proc_source_new (sampler, pid, flags);
  g_autoptr(HsSession) session = hs_session_new (NULL);
  g_autoptr(GString) header = g_string_new ("time");

  hs_session_add_source (session, HS_SOURCE (source));
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (session)); i++)
    {
      g_autoptr(HsSessionMetric) item = g_list_model_get_item (G_LIST_MODEL (session), i);
      g_autofree char *name = hs_metric_get_column_name (hs_session_metric_get_metric (item));

      g_string_append_printf (header, ",%s", name);
    }
  return g_string_free (g_steal_pointer (&header), FALSE);
}

/* watch's columns come from the session's metric list; today's columns
 * stay first, and --descendants adds the tree's two after them. */
static void
test_watch_columns_from_metrics (void)
{
  g_autoptr(HsTestDemo) demo = hs_test_demo_start ("--rate-kib=0", NULL);
  g_autofree char *pid_arg = g_strdup_printf ("--pid=%d", demo->pid);
  g_autofree char *self_arg = g_strdup_printf ("--pid=%d", getpid ());
  g_autofree char *single = session_csv_header (demo->pid, HS_PROC_SOURCE_NONE);
  g_autofree char *tree = session_csv_header (getpid (), HS_PROC_SOURCE_DESCENDANTS);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) fields = NULL;

  g_assert_cmpstr (single, ==, CSV_HEADER);
  g_assert_true (g_str_has_prefix (tree, CSV_HEADER ","));

  g_assert_cmpint (hs_test_run_cli (&out, &err, "watch", pid_arg, "--interval=100ms", "--duration=100ms",
                            "--format=csv", NULL), ==, 0);
  lines = g_strsplit (out, "\n", -1);
  g_assert_cmpstr (lines[0], ==, single);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&lines, g_strfreev);

  /* The test, the demo and heapscope-cli itself: three processes at least. */
  g_assert_cmpint (hs_test_run_cli (&out, &err, "watch", self_arg, "--descendants", "--interval=100ms",
                            "--duration=100ms", "--format=csv", NULL), ==, 0);
  lines = g_strsplit (out, "\n", -1);
  g_assert_cmpstr (lines[0], ==, tree);
  fields = g_strsplit (lines[1], ",", -1);
  g_assert_cmpuint (g_strv_length (fields), ==, 12);
  g_assert_cmpint (g_ascii_strtoll (fields[10], NULL, 10), >=, 3);
  g_assert_cmpint (g_ascii_strtoll (fields[11], NULL, 10), >, 0);
}

/* The leak gate through the real binary: a demo leaking 2 MiB/s fails
 * (status 1) with a "leaking" verdict; a steady one passes with
 * "steady"; an unknown metric is a usage error. */
static void
test_watch_fail_on_leak (void)
{
  g_autoptr(HsTestDemo) leaking = hs_test_demo_start ("--initial-mib=4", "--rate-kib=2048",
                                                      "--max-mib=400", "--threads=1", NULL);
  g_autoptr(HsTestDemo) steady = hs_test_demo_start ("--initial-mib=20", "--rate-kib=0",
                                                     "--threads=1", NULL);
  g_autofree char *leaking_pid = g_strdup_printf ("--pid=%d", leaking->pid);
  g_autofree char *steady_pid = g_strdup_printf ("--pid=%d", steady->pid);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *err2 = NULL;
  g_autofree char *out3 = NULL;
  g_autofree char *err3 = NULL;
  int status;

  status = hs_test_run_cli (&out, &err, "watch", leaking_pid, "--interval=200ms", "--duration=7s",
                    "--window=5s", "--fail-on-leak", "--format=csv", NULL);
  g_test_message ("leaking: %s", err);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, "heapscope-cli watch: RSS: leaking, +"));
  g_assert_nonnull (strstr (err, "MiB/min for "));
  /* Standard output stays the table alone. */
  g_assert_true (g_str_has_prefix (out, CSV_HEADER "\n"));
  g_assert_null (strstr (out, "leaking"));

  status = hs_test_run_cli (&out2, &err2, "watch", steady_pid, "--interval=200ms", "--duration=7s",
                    "--window=5s", "--fail-on-leak=rss,heap", "--format=csv", NULL);
  g_test_message ("steady: %s", err2);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (err2, "heapscope-cli watch: RSS: steady\n"));
  g_assert_nonnull (strstr (err2, "heapscope-cli watch: Heap: steady\n"));

  status = hs_test_run_cli (&out3, &err3, "watch", steady_pid, "--fail-on-leak=rss,nope", NULL);
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (err3, "“nope”"));
}

/* The leaking process exits before the duration: still judged, still 1
 * rather than 3 (the gate is what a CI job asks about). */
static void
test_watch_fail_on_leak_exit (void)
{
  g_autoptr(HsTestDemo) demo = hs_test_demo_start ("--initial-mib=4", "--rate-kib=2048",
                                                   "--max-mib=400", "--threads=1",
                                                   "--duration=7s", NULL);
  g_autofree char *pid_arg = g_strdup_printf ("--pid=%d", demo->pid);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  status = hs_test_run_cli (&out, &err, "watch", pid_arg, "--interval=200ms", "--window=5s",
                    "--fail-on-leak", "--format=csv", NULL);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, "exited after"));
  g_assert_nonnull (strstr (err, "RSS: leaking"));
}

/* watch takes run's limits: a demo leaking 4 MiB/s watched for 2 s
 * passes --max-rss and --max-growth (exit 4, each named after the
 * verdicts); a steady one passes them (exit 0); --max-goroutines needs a
 * Go service. */
static void
test_watch_limits (void)
{
  g_autoptr(HsTestDemo) leaking = hs_test_demo_start ("--rate-kib=4096", "--max-mib=400",
                                                      "--threads=0", NULL);
  g_autoptr(HsTestDemo) steady = hs_test_demo_start ("--initial-mib=8", "--rate-kib=0",
                                                     "--threads=0", NULL);
  g_autofree char *leaking_pid = g_strdup_printf ("--pid=%d", leaking->pid);
  g_autofree char *steady_pid = g_strdup_printf ("--pid=%d", steady->pid);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *err2 = NULL;
  g_autofree char *out3 = NULL;
  g_autofree char *err3 = NULL;
  const char *broken;
  int status;

  status = hs_test_run_cli (&out, &err, "watch", leaking_pid, "--interval=100ms", "--duration=2s",
                            "--window=1s", "--max-rss=4M", "--max-growth=10MiB/min", "--format=csv", NULL);
  g_test_message ("leaking: %s", err);
  g_assert_cmpint (status, ==, 4);
  g_assert_true (g_str_has_prefix (out, CSV_HEADER "\n"));
  g_assert_nonnull (strstr (err, "heapscope-cli watch: RSS: leaking, +"));
  broken = strstr (err, "heapscope-cli: limit broken: peak RSS ");
  g_assert_nonnull (broken);
  g_assert_true (broken > strstr (err, "RSS: leaking"));
  g_assert_nonnull (strstr (broken, " > --max-rss 4.00 MiB\n"));
  g_assert_nonnull (strstr (broken, "heapscope-cli: limit broken: RSS growth +"));

  status = hs_test_run_cli (&out2, &err2, "watch", steady_pid, "--interval=100ms", "--duration=1200ms",
                            "--window=1s", "--max-rss=64M", "--max-growth=10MiB/min", "--format=csv", NULL);
  g_test_message ("steady: %s", err2);
  g_assert_cmpint (status, ==, 0);
  g_assert_null (strstr (err2, "limit broken"));

  status = hs_test_run_cli (&out3, &err3, "watch", steady_pid, "--max-goroutines=5", NULL);
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (err3, "--max-goroutines needs the Go service"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/watch/csv/local", test_watch_csv_local);
  g_test_add_func ("/cli/watch/csv/probe", test_watch_csv_probe);
  g_test_add_func ("/cli/watch/json-and-text", test_watch_json_and_text);
  g_test_add_func ("/cli/watch/process-exits", test_watch_process_exits);
  g_test_add_func ("/cli/watch/columns-from-metrics", test_watch_columns_from_metrics);
  g_test_add_func ("/cli/watch/bad-arguments", test_watch_bad_arguments);
  g_test_add_func ("/cli/watch/not-ours", test_watch_not_ours);
  g_test_add_func ("/cli/snapshot-diff", test_snapshot_diff);

  g_test_add_func ("/cli/watch/fail-on-leak", test_watch_fail_on_leak);
  g_test_add_func ("/cli/watch/fail-on-leak-exit", test_watch_fail_on_leak_exit);
  g_test_add_func ("/cli/watch/limits", test_watch_limits);

  return g_test_run ();
}
