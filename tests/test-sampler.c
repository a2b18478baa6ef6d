/* test-sampler.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <unistd.h>

#include "hs-local-sampler.h"
#include "hs-probe-sampler.h"
#include "test-sampler-common.h"

static HsSampler *
new_sampler (gboolean probe)
{
  g_autoptr(GError) error = NULL;
  HsSampler *sampler;

  sampler = probe ? hs_probe_sampler_new (&error) : hs_local_sampler_new ();
  g_assert_no_error (error);
  g_assert_nonnull (sampler);
  return sampler;
}

static void
test_new_destroy (void)
{
  HsSampler *local = hs_local_sampler_new ();
  HsSampler *probe = new_sampler (TRUE);

  g_assert_cmpint (hs_probe_sampler_get_probe_pid (HS_PROBE_SAMPLER (probe)), >, 0);
  g_assert_finalize_object (local);
  g_assert_finalize_object (probe);
}

/* The figures must equal /proc/PID/status read at the same moment: read
 * status before and after the sample; when both agree the process was
 * steady over the sample, and the sample must match within a page. */
static void
check_against_status (gboolean probe)
{
  g_autoptr(HsSampler) sampler = new_sampler (probe);
  g_autoptr(HsTestDemo) demo = hs_test_demo_start ("--initial-mib=24", "--rate-kib=0",
                                                   "--threads=3", NULL);
  long page = sysconf (_SC_PAGESIZE);
  gboolean checked = FALSE;

  for (guint attempt = 0; attempt < 20 && !checked; attempt++)
    {
      g_autoptr(GError) error = NULL;
      gint64 rss_before, rss_after, threads_before, threads_after;
      HsSample sample;

      rss_before = hs_test_read_status (demo->pid, "VmRSS");
      threads_before = hs_test_read_status (demo->pid, "Threads");
      g_assert_true (hs_sampler_sample (sampler, demo->pid,
                                        HS_SAMPLE_REQUEST_SMAPS | HS_SAMPLE_REQUEST_FDS,
                                        &sample, &error));
      g_assert_no_error (error);
      rss_after = hs_test_read_status (demo->pid, "VmRSS");
      threads_after = hs_test_read_status (demo->pid, "Threads");

      if (rss_before != rss_after || threads_before != threads_after)
        continue;

      g_assert_true (sample.flags & HS_SAMPLE_RSS);
      g_assert_true (sample.flags & HS_SAMPLE_THREADS);
      g_assert_cmpint (ABS ((gint64) sample.rss - rss_after), <=, page);
      g_assert_cmpint (sample.threads, ==, threads_after);
      /* 1 main + 3 workers */
      g_assert_cmpint (sample.threads, ==, 4);
      /* The demo set 24 MiB of anonymous memory, all touched. */
      g_assert_true (sample.flags & HS_SAMPLE_HEAP);
      g_assert_true (sample.flags & HS_SAMPLE_ANON);
      g_assert_cmpuint (sample.heap, >=, 24 * 1024 * 1024);
      g_assert_cmpuint (sample.anon, >=, 24 * 1024 * 1024);
      g_assert_cmpuint (sample.heap, <=, sample.rss);
      g_assert_cmpint (ABS ((gint64) sample.anon - hs_test_read_status (demo->pid, "RssAnon")), <=, page);
      g_assert_cmpuint (sample.vsz, ==, (guint64) hs_test_read_status (demo->pid, "VmSize"));
      g_assert_true (sample.flags & HS_SAMPLE_FDS);
      g_assert_cmpint (sample.fds, >=, 3);
      g_assert_cmpint (sample.mono_usec, >, 0);
      g_assert_cmpint (sample.wall_usec, >, 0);
      checked = TRUE;
    }

  g_assert_true (checked);
}

static void
test_local_matches_status (void)
{
  check_against_status (FALSE);
}

static void
test_probe_matches_status (void)
{
  check_against_status (TRUE);
}

/* Both implementations, same steady process, same numbers. */
static void
test_local_equals_probe (void)
{
  g_autoptr(HsSampler) local = new_sampler (FALSE);
  g_autoptr(HsSampler) probe = new_sampler (TRUE);
  g_autoptr(HsTestDemo) demo = hs_test_demo_start ("--initial-mib=16", "--rate-kib=0", NULL);
  HsSampleRequest request = HS_SAMPLE_REQUEST_SMAPS | HS_SAMPLE_REQUEST_FDS;
  long page = sysconf (_SC_PAGESIZE);
  gboolean compared = FALSE;

  for (guint attempt = 0; attempt < 20 && !compared; attempt++)
    {
      g_autoptr(GError) error = NULL;
      HsSample a, b, c;

      g_assert_true (hs_sampler_sample (local, demo->pid, request, &a, &error));
      g_assert_true (hs_sampler_sample (probe, demo->pid, request, &b, &error));
      g_assert_true (hs_sampler_sample (local, demo->pid, request, &c, &error));
      g_assert_no_error (error);

      /* Steady across the probe's sample? */
      if (a.rss != c.rss || a.heap != c.heap || a.anon != c.anon)
        continue;

      g_assert_cmphex (a.flags & ~HS_SAMPLE_CPU, ==, b.flags & ~HS_SAMPLE_CPU);
      g_assert_cmpuint (a.rss, ==, b.rss);
      g_assert_cmpuint (a.vsz, ==, b.vsz);
      g_assert_cmpint (ABS ((gint64) a.shared - (gint64) b.shared), <=, page);
      g_assert_cmpuint (a.anon, ==, b.anon);
      g_assert_cmpuint (a.heap, ==, b.heap);
      g_assert_cmpuint (a.swap, ==, b.swap);
      g_assert_cmpuint (a.threads, ==, b.threads);
      g_assert_cmpint (a.fds, ==, b.fds);
      g_assert_cmpuint (a.start_time, ==, b.start_time);
      /* CPU time in clock ticks: the two read it a few µs apart. */
      g_assert_cmpuint (b.cpu_time_usec, >=, a.cpu_time_usec);
      g_assert_cmpuint (c.cpu_time_usec, >=, b.cpu_time_usec);
      compared = TRUE;
    }
  g_assert_true (compared);

  /* Memory maps too. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(HsMemoryMap) ml = hs_sampler_read_maps (local, demo->pid, &error);
    g_autoptr(HsMemoryMap) mp = hs_sampler_read_maps (probe, demo->pid, &error);
    guint64 rss_l, rss_p;

    g_assert_no_error (error);
    g_assert_cmpuint (hs_memory_map_get_n_mappings (ml), ==, hs_memory_map_get_n_mappings (mp));
    g_assert_cmpstr (hs_memory_map_get_name (ml), ==, "heapscope-demo");
    g_assert_cmpstr (hs_memory_map_get_name (mp), ==, "heapscope-demo");
    g_assert_cmpstr (hs_memory_map_get_cmdline (ml), ==, hs_memory_map_get_cmdline (mp));
    for (guint i = 0; i < hs_memory_map_get_n_mappings (ml); i++)
      {
        const HsMapping *l = hs_memory_map_get_mapping (ml, i);
        const HsMapping *p = hs_memory_map_get_mapping (mp, i);

        g_assert_cmpuint (l->start, ==, p->start);
        g_assert_cmpuint (l->end, ==, p->end);
        g_assert_cmpstr (l->perms, ==, p->perms);
        g_assert_cmpstr (l->name, ==, p->name);
      }
    hs_memory_map_get_totals (ml, NULL, &rss_l, NULL, NULL, NULL);
    hs_memory_map_get_totals (mp, NULL, &rss_p, NULL, NULL, NULL);
    g_assert_cmpint (ABS ((gint64) rss_l - (gint64) rss_p), <=, 16 * page);
  }
}

static void
check_list (gboolean probe)
{
  g_autoptr(HsSampler) sampler = new_sampler (probe);
  g_autoptr(HsTestDemo) demo = hs_test_demo_start ("--initial-mib=8", "--rate-kib=0", "--threads=2", NULL);
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) second = NULL;
  g_autoptr(GError) error = NULL;
  gboolean found = FALSE;

  first = hs_sampler_list_processes (sampler, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (first->len, >, 1);
  g_usleep (100 * 1000);
  second = hs_sampler_list_processes (sampler, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < second->len; i++)
    {
      HsProcessInfo *info = g_ptr_array_index (second, i);

      if (i > 0)
        g_assert_cmpint (((HsProcessInfo *) g_ptr_array_index (second, i - 1))->pid, <, info->pid);
      if (info->pid != demo->pid)
        continue;
      found = TRUE;
      g_assert_cmpstr (info->name, ==, "heapscope-demo");
      g_assert_cmpuint (info->uid, ==, getuid ());
      g_assert_nonnull (info->user);
      g_assert_true (strstr (info->cmdline, "--initial-mib=8") != NULL);
      g_assert_cmpuint (info->threads, ==, 3);
      g_assert_cmpuint (info->rss, >=, 8 * 1024 * 1024);
      /* Second listing: CPU % is known. */
      g_assert_true (info->flags & HS_SAMPLE_CPU);
      g_assert_cmpfloat (info->cpu_percent, >=, 0);
    }
  g_assert_true (found);
}

static void
test_list_local (void)
{
  check_list (FALSE);
}

static void
test_list_probe (void)
{
  check_list (TRUE);
}

/* PID 1 is not ours: the cheap figures come, heap is marked denied (not
 * zero), and a memory map fails with a message saying what and why. */
static void
check_not_ours (gboolean probe)
{
  g_autoptr(HsSampler) sampler = NULL;
  g_autoptr(HsMemoryMap) map = NULL;
  g_autoptr(GError) error = NULL;
  HsSample sample;

  if (!hs_test_pid1_smaps_denied ())
    {
      g_test_skip ("PID 1's smaps is readable here: no process to be refused");
      return;
    }

  sampler = new_sampler (probe);
  g_assert_true (hs_sampler_sample (sampler, 1, HS_SAMPLE_REQUEST_SMAPS, &sample, &error));
  g_assert_no_error (error);
  g_assert_true (sample.flags & HS_SAMPLE_RSS);
  g_assert_true (sample.flags & HS_SAMPLE_SMAPS_DENIED);
  g_assert_false (sample.flags & HS_SAMPLE_HEAP);

  map = hs_sampler_read_maps (sampler, 1, &error);
  g_assert_null (map);
  g_assert_error (error, HS_SAMPLER_ERROR, HS_SAMPLER_ERROR_PERMISSION_DENIED);
  g_assert_nonnull (strstr (error->message, "/proc/1/smaps"));
  g_assert_nonnull (strstr (error->message, "permission denied"));
}

static void
test_not_ours_local (void)
{
  check_not_ours (FALSE);
}

static void
test_not_ours_probe (void)
{
  check_not_ours (TRUE);
}

static void
check_gone (gboolean probe)
{
  g_autoptr(HsSampler) sampler = new_sampler (probe);
  g_autoptr(HsTestDemo) demo = hs_test_demo_start ("--duration=100ms", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(HsMemoryMap) map = NULL;
  HsSample sample;
  int pid = demo->pid;

  hs_test_demo_wait (demo);
  g_assert_false (hs_sampler_sample (sampler, pid, HS_SAMPLE_REQUEST_SMAPS, &sample, &error));
  g_assert_error (error, HS_SAMPLER_ERROR, HS_SAMPLER_ERROR_PROCESS_GONE);
  g_clear_error (&error);

  map = hs_sampler_read_maps (sampler, pid, &error);
  g_assert_null (map);
  g_assert_error (error, HS_SAMPLER_ERROR, HS_SAMPLER_ERROR_PROCESS_GONE);
  g_clear_error (&error);

  g_assert_false (hs_sampler_sample (sampler, -5, 0, &sample, &error));
  g_assert_error (error, HS_SAMPLER_ERROR, HS_SAMPLER_ERROR_FAILED);
}

static void
test_gone_local (void)
{
  check_gone (FALSE);
}

static void
test_gone_probe (void)
{
  check_gone (TRUE);
}

static void
test_probe_fails_to_start (void)
{
  const char *missing[] = { "/nonexistent/heapscope-probe", NULL };
  const char *mute[] = { "/bin/true", NULL };
  g_autoptr(GError) error = NULL;
  HsSampler *sampler;

  sampler = hs_probe_sampler_new_argv (missing, &error);
  g_assert_null (sampler);
  g_assert_error (error, HS_SAMPLER_ERROR, HS_SAMPLER_ERROR_PROBE_FAILED);
  g_assert_nonnull (strstr (error->message, "/nonexistent/heapscope-probe"));
  g_clear_error (&error);

  /* Starts, but exits without the handshake. */
  sampler = hs_probe_sampler_new_argv (mute, &error);
  g_assert_null (sampler);
  g_assert_error (error, HS_SAMPLER_ERROR, HS_SAMPLER_ERROR_PROBE_FAILED);
}

/* The probe dies mid-session: the next request fails with a reason (no
 * SIGPIPE killing us), and so do the ones after it. */
static void
test_probe_dies (void)
{
  g_autoptr(HsSampler) sampler = new_sampler (TRUE);
  g_autoptr(GError) error = NULL;
  int probe_pid = hs_probe_sampler_get_probe_pid (HS_PROBE_SAMPLER (sampler));
  HsSample sample;

  g_assert_true (hs_sampler_sample (sampler, getpid (), 0, &sample, &error));
  g_assert_no_error (error);

  g_assert_cmpint (kill (probe_pid, SIGKILL), ==, 0);
  /* Until the kernel has torn it down, a write may still succeed. */
  while (hs_test_read_status (probe_pid, "VmRSS") > 0)
    g_usleep (1000);

  for (guint i = 0; i < 2; i++)
    {
      g_assert_false (hs_sampler_sample (sampler, getpid (), 0, &sample, &error));
      g_assert_error (error, HS_SAMPLER_ERROR, HS_SAMPLER_ERROR_PROBE_FAILED);
      g_assert_nonnull (strstr (error->message, "heapscope-probe"));
      g_clear_error (&error);
    }
  g_assert_cmpint (hs_probe_sampler_get_probe_pid (HS_PROBE_SAMPLER (sampler)), ==, 0);
}

static void
test_find_helper (void)
{
  g_autofree char *probe = hs_find_helper_program ("heapscope-probe");
  g_autofree char *missing = hs_find_helper_program ("no-such-helper");

  g_assert_nonnull (probe);
  g_assert_true (g_path_is_absolute (probe));
  g_assert_true (g_file_test (probe, G_FILE_TEST_IS_EXECUTABLE));
  g_assert_null (missing);
}

static void
sample_ready (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  HsSample *out = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (hs_sampler_sample_finish (HS_SAMPLER (object), result, out, &error));
  g_assert_no_error (error);
}

static void
test_async (void)
{
  g_autoptr(HsSampler) sampler = new_sampler (TRUE);
  HsSample sample = { 0 };

  hs_sampler_sample_async (sampler, getpid (), HS_SAMPLE_REQUEST_SMAPS, NULL, sample_ready, &sample);
  while (sample.mono_usec == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (sample.flags & HS_SAMPLE_HEAP);
  g_assert_cmpuint (sample.rss, >, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sampler/new-destroy", test_new_destroy);
  g_test_add_func ("/sampler/find-helper", test_find_helper);
  g_test_add_func ("/sampler/local/matches-status", test_local_matches_status);
  g_test_add_func ("/sampler/probe/matches-status", test_probe_matches_status);
  g_test_add_func ("/sampler/local-equals-probe", test_local_equals_probe);
  g_test_add_func ("/sampler/local/list", test_list_local);
  g_test_add_func ("/sampler/probe/list", test_list_probe);
  g_test_add_func ("/sampler/local/not-ours", test_not_ours_local);
  g_test_add_func ("/sampler/probe/not-ours", test_not_ours_probe);
  g_test_add_func ("/sampler/local/gone", test_gone_local);
  g_test_add_func ("/sampler/probe/gone", test_gone_probe);
  g_test_add_func ("/sampler/probe/fails-to-start", test_probe_fails_to_start);
  g_test_add_func ("/sampler/probe/dies", test_probe_dies);
  g_test_add_func ("/sampler/async", test_async);

  return g_test_run ();
}
