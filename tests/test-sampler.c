/* test-sampler.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <grp.h>
#include <sys/wait.h>
#include <unistd.h>

#include "hs-local-sampler.h"
#include "hs-probe-sampler.h"
#include "hs-sampler-private.h"
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

  /* Memory maps too, read while the map holds still: the demo's threads
   * can still be mapping their stacks and arenas (a CI run saw 39
   * mappings locally and 41 through the probe a moment later), so, as
   * for the samples above, local, probe, local again, until the two
   * local reads agree. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(HsMemoryMap) ml = NULL;
    g_autoptr(HsMemoryMap) mp = NULL;
    guint64 rss_l, rss_p;

    for (guint attempt = 0; attempt < 100; attempt++)
      {
        g_autoptr(HsMemoryMap) again = NULL;

        g_clear_object (&ml);
        g_clear_object (&mp);
        ml = hs_sampler_read_maps (local, demo->pid, &error);
        g_assert_no_error (error);
        mp = hs_sampler_read_maps (probe, demo->pid, &error);
        g_assert_no_error (error);
        again = hs_sampler_read_maps (local, demo->pid, &error);
        g_assert_no_error (error);
        if (hs_memory_map_get_n_mappings (ml) == hs_memory_map_get_n_mappings (again))
          break;
        g_usleep (20 * 1000);
      }
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

/* The state letter of /proc/PID/stat (after the command name). */
static char
read_state (int pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", pid);
  g_autofree char *contents = NULL;
  const char *paren;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return '\0';
  paren = strrchr (contents, ')');
  return paren != NULL && paren[1] == ' ' ? paren[2] : '\0';
}

static void
leader_setup (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/* A process whose main thread called pthread_exit() while a worker runs:
 * its main thread shows as a zombie ("Z", "Threads: 2") and its own
 * statm, smaps, cmdline and fd are empty, but it lives and holds 24 MiB.
 * It must be watched like any other, with the worker's figures (read
 * here from /proc/PID/task/TID, independently of hs-procfs). */
static void
check_leader_exited (gboolean probe)
{
  g_autoptr(HsSampler) sampler = new_sampler (probe);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GSubprocess) subprocess = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) tasks = NULL;
  g_autoptr(HsProcessInfo) info = NULL;
  g_autoptr(HsMemoryMap) map = NULL;
  g_autoptr(GPtrArray) processes = NULL;
  g_autofree char *helper = g_test_build_filename (G_TEST_BUILT, "hs-test-leader-exit", NULL);
  g_autofree char *dir = g_dir_make_tmp ("hs-test-leader-XXXXXX", NULL);
  g_autofree char *ready = g_build_filename (dir, "ready", NULL);
  g_autofree char *tasks_path = NULL;
  const char *name;
  long page = sysconf (_SC_PAGESIZE);
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  gboolean checked = FALSE;
  gboolean listed = FALSE;
  int worker = 0;
  int pid;

  g_subprocess_launcher_set_child_setup (launcher, leader_setup, NULL, NULL);
  subprocess = g_subprocess_launcher_spawn (launcher, &error, helper, ready, "24", "60", NULL);
  g_assert_no_error (error);
  pid = atoi (g_subprocess_get_identifier (subprocess));
  while (!g_file_test (ready, G_FILE_TEST_EXISTS))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (10 * 1000);
    }
  g_assert_cmpint (read_state (pid), ==, 'Z');
  g_assert_cmpint (hs_test_read_status (pid, "Threads"), ==, 2);

  tasks_path = g_strdup_printf ("/proc/%d/task", pid);
  tasks = g_dir_open (tasks_path, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (tasks)) != NULL)
    if (atoi (name) != pid)
      worker = atoi (name);
  g_assert_cmpint (worker, >, 0);

  for (guint attempt = 0; attempt < 20 && !checked; attempt++)
    {
      gint64 rss = hs_test_read_status (worker, "VmRSS");
      gint64 anon = hs_test_read_status (worker, "RssAnon");
      HsSample sample;

      g_assert_true (hs_sampler_sample (sampler, pid, HS_SAMPLE_REQUEST_SMAPS | HS_SAMPLE_REQUEST_FDS,
                                        &sample, &error));
      g_assert_no_error (error);
      if (rss != hs_test_read_status (worker, "VmRSS") || anon != hs_test_read_status (worker, "RssAnon"))
        continue;

      g_assert_true (sample.flags & HS_SAMPLE_RSS);
      g_assert_cmpint (ABS ((gint64) sample.rss - rss), <=, page);
      g_assert_cmpuint (sample.rss, >=, 24 * 1024 * 1024);
      g_assert_true (sample.flags & HS_SAMPLE_ANON);
      g_assert_cmpint (ABS ((gint64) sample.anon - anon), <=, page);
      g_assert_true (sample.flags & HS_SAMPLE_SWAP);
      g_assert_cmpuint (sample.swap, ==, (guint64) hs_test_read_status (worker, "VmSwap"));
      g_assert_cmpuint (sample.vsz, ==, (guint64) hs_test_read_status (worker, "VmSize"));
      g_assert_true (sample.flags & HS_SAMPLE_THREADS);
      g_assert_cmpuint (sample.threads, ==, 2);
      g_assert_true (sample.flags & HS_SAMPLE_HEAP);
      g_assert_cmpuint (sample.heap, >=, 24 * 1024 * 1024);
      g_assert_true (sample.flags & HS_SAMPLE_FDS);
      g_assert_cmpint (sample.fds, >=, 3);
      checked = TRUE;
    }
  g_assert_true (checked);

  info = hs_sampler_get_info (sampler, pid, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (info->name, ==, "hs-test-leader-");
  g_assert_nonnull (strstr (info->cmdline, "hs-test-leader-exit"));

  map = hs_sampler_read_maps (sampler, pid, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hs_memory_map_get_n_mappings (map), >, 5);
  g_assert_nonnull (strstr (hs_memory_map_get_cmdline (map), "hs-test-leader-exit"));

  processes = hs_sampler_list_processes (sampler, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < processes->len; i++)
    {
      HsProcessInfo *row = g_ptr_array_index (processes, i);

      if (row->pid != pid)
        continue;
      listed = TRUE;
      g_assert_cmpuint (row->rss, >=, 24 * 1024 * 1024);
      g_assert_cmpuint (row->threads, ==, 2);
      g_assert_nonnull (strstr (row->cmdline, "hs-test-leader-exit"));
    }
  g_assert_true (listed);

  g_subprocess_force_exit (subprocess);
  g_subprocess_wait (subprocess, NULL, NULL);
  g_unlink (ready);
  g_rmdir (dir);
}

static void
test_leader_exited_local (void)
{
  check_leader_exited (FALSE);
}

static void
test_leader_exited_probe (void)
{
  check_leader_exited (TRUE);
}

/* A real zombie (exited, not yet waited for) stays gone: only a zombie
 * main thread with running threads counts as alive. */
static void
check_zombie (gboolean probe)
{
  g_autoptr(HsSampler) sampler = new_sampler (probe);
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "/bin/true", NULL };
  HsSample sample;
  GPid pid = 0;

  /* Not reaped until waitpid() below: a zombie meanwhile. */
  g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid, &error);
  g_assert_no_error (error);
  while (read_state (pid) != 'Z')
    g_usleep (1000);

  g_assert_false (hs_sampler_sample (sampler, pid, HS_SAMPLE_REQUEST_SMAPS, &sample, &error));
  g_assert_error (error, HS_SAMPLER_ERROR, HS_SAMPLER_ERROR_PROCESS_GONE);
  g_assert_cmpint (waitpid (pid, NULL, 0), ==, pid);
}

static void
test_zombie_local (void)
{
  check_zombie (FALSE);
}

static void
test_zombie_probe (void)
{
  check_zombie (TRUE);
}

/* 1,200 supplementary groups make /proc/PID/status 14.6 KB, with the
 * memory lines after the Groups line. */
static void
many_groups_setup (gpointer user_data)
{
  gid_t groups[1200];

  for (guint i = 0; i < G_N_ELEMENTS (groups); i++)
    groups[i] = 100000 + i;
  if (setgroups (G_N_ELEMENTS (groups), groups) != 0)
    _exit (99);
}

static void
check_many_groups (gboolean probe)
{
  g_autoptr(HsSampler) sampler = NULL;
  g_autoptr(HsTestDemo) demo = NULL;
  g_autofree char *status_path = NULL;
  g_autofree char *status = NULL;
  gboolean checked = FALSE;
  gsize status_len = 0;

  if (geteuid () != 0)
    {
      g_test_skip ("setting 1,200 supplementary groups needs root");
      return;
    }
  hs_test_demo_extra_setup = many_groups_setup;
  demo = hs_test_demo_start ("--initial-mib=8", "--rate-kib=0", NULL);
  hs_test_demo_extra_setup = NULL;
  sampler = new_sampler (probe);

  status_path = g_strdup_printf ("/proc/%d/status", demo->pid);
  g_assert_true (g_file_get_contents (status_path, &status, &status_len, NULL));
  g_assert_cmpuint (status_len, >, 8192);

  for (guint attempt = 0; attempt < 20 && !checked; attempt++)
    {
      g_autoptr(GError) error = NULL;
      gint64 anon = hs_test_read_status (demo->pid, "RssAnon");
      gint64 swap = hs_test_read_status (demo->pid, "VmSwap");
      HsSample sample;

      g_assert_cmpint (anon, >=, 8 * 1024 * 1024);
      g_assert_cmpint (swap, >=, 0);
      g_assert_true (hs_sampler_sample (sampler, demo->pid, 0, &sample, &error));
      g_assert_no_error (error);
      if (anon != hs_test_read_status (demo->pid, "RssAnon") ||
          swap != hs_test_read_status (demo->pid, "VmSwap"))
        continue;

      g_assert_true (sample.flags & HS_SAMPLE_ANON);
      g_assert_true (sample.flags & HS_SAMPLE_SWAP);
      g_assert_cmpuint (sample.anon, ==, (guint64) anon);
      g_assert_cmpuint (sample.swap, ==, (guint64) swap);
      checked = TRUE;
    }
  g_assert_true (checked);
}

static void
test_many_groups_local (void)
{
  check_many_groups (FALSE);
}

static void
test_many_groups_probe (void)
{
  check_many_groups (TRUE);
}

/* A refused file is named in the message, and only the memory map's
 * refusal is explained as a ptrace matter. As root nothing here refuses
 * /proc/PID/stat (that takes /proc mounted with hidepid), so the message
 * is checked where it is made, and the probe's "err denied" reply is
 * spoken by a scripted probe. */
static void
test_denied_names_file (void)
{
  const char *script =
    "read request; echo 'ok heapscope-probe 1 0'; "
    "read request; echo 'err denied /proc/42/status: Permission denied'; "
    "read request; echo 'err denied /proc/42/smaps: Permission denied'; "
    "read request";
  const char *argv[] = { "/bin/sh", "-c", script, NULL };
  g_autoptr(HsSampler) sampler = NULL;
  g_autoptr(HsMemoryMap) map = NULL;
  g_autoptr(GError) error = NULL;
  HsSample sample;

  _hs_sampler_set_errno_error (&error, -EACCES, 42, "stat");
  g_assert_error (error, HS_SAMPLER_ERROR, HS_SAMPLER_ERROR_PERMISSION_DENIED);
  g_assert_nonnull (strstr (error->message, "/proc/42/stat:"));
  g_assert_null (strstr (error->message, "memory map"));
  g_clear_error (&error);

  _hs_sampler_set_errno_error (&error, -EPERM, 42, "smaps");
  g_assert_nonnull (strstr (error->message, "/proc/42/smaps:"));
  g_assert_nonnull (strstr (error->message, "memory map"));
  g_clear_error (&error);

  sampler = hs_probe_sampler_new_argv (argv, &error);
  g_assert_no_error (error);
  g_assert_false (hs_sampler_sample (sampler, 42, 0, &sample, &error));
  g_assert_error (error, HS_SAMPLER_ERROR, HS_SAMPLER_ERROR_PERMISSION_DENIED);
  g_assert_nonnull (strstr (error->message, "/proc/42/status:"));
  g_assert_null (strstr (error->message, "memory map"));
  g_clear_error (&error);

  /* read_maps sends "info" first and the reply to it names smaps: the
   * file the reply names wins over the one the request is about. */
  map = hs_sampler_read_maps (sampler, 42, &error);
  g_assert_null (map);
  g_assert_error (error, HS_SAMPLER_ERROR, HS_SAMPLER_ERROR_PERMISSION_DENIED);
  g_assert_nonnull (strstr (error->message, "/proc/42/smaps:"));
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
  g_test_add_func ("/sampler/local/leader-exited", test_leader_exited_local);
  g_test_add_func ("/sampler/probe/leader-exited", test_leader_exited_probe);
  g_test_add_func ("/sampler/local/zombie", test_zombie_local);
  g_test_add_func ("/sampler/probe/zombie", test_zombie_probe);
  g_test_add_func ("/sampler/local/many-groups", test_many_groups_local);
  g_test_add_func ("/sampler/probe/many-groups", test_many_groups_probe);
  g_test_add_func ("/sampler/probe/denied-names-file", test_denied_names_file);

  return g_test_run ();
}
