/* hs-bench-live.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Cost of one sample, in CPU µs, for each way Heapscope can take it, side
 * by side with `ps -o rss=,nlwp= -p PID` on the same process; and the cost
 * of one chart query (min/max per column) over 600 and 86,400 points.
 * Prints Markdown rows. Used by bench/live.sh. */

#define G_LOG_DOMAIN "hs-bench-live"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "hs-local-sampler.h"
#include "hs-probe-sampler.h"
#include "hs-procfs.h"
#include "hs-series.h"

static double
tv_usec (const struct timeval *tv)
{
  return (double) tv->tv_sec * 1e6 + (double) tv->tv_usec;
}

static double
self_cpu_usec (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return tv_usec (&usage.ru_utime) + tv_usec (&usage.ru_stime);
}

static double
children_cpu_usec (void)
{
  struct rusage usage;

  getrusage (RUSAGE_CHILDREN, &usage);
  return tv_usec (&usage.ru_utime) + tv_usec (&usage.ru_stime);
}

/* CPU time of another process (the probe), from /proc/PID/stat. */
static double
other_cpu_usec (int pid)
{
  hs_procfs_stat stat;

  if (hs_procfs_read_stat (pid, &stat) != 0)
    return 0;
  return (double) (stat.utime_ticks + stat.stime_ticks) * 1e6 / (double) hs_procfs_clock_ticks ();
}

static void
bench_sampler (const char      *label,
               HsSampler       *sampler,
               int              pid,
               HsSampleRequest  request,
               guint            n)
{
  int probe_pid = HS_IS_PROBE_SAMPLER (sampler)
    ? hs_probe_sampler_get_probe_pid (HS_PROBE_SAMPLER (sampler)) : 0;
  double cpu0 = self_cpu_usec (), other0 = probe_pid ? other_cpu_usec (probe_pid) : 0;
  gint64 wall0 = g_get_monotonic_time ();
  double cpu, other;
  HsSample sample;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;

      if (!hs_sampler_sample (sampler, pid, request, &sample, &error))
        g_error ("%s", error->message);
    }

  cpu = self_cpu_usec () - cpu0;
  other = probe_pid ? other_cpu_usec (probe_pid) - other0 : 0;
  printf ("| %s | %.1f | %.1f | %.1f |\n", label, (cpu + other) / n,
          (double) (g_get_monotonic_time () - wall0) / n, other / n);
}

static void
bench_ps (int   pid,
          guint n)
{
  char pid_text[32];
  double cpu0 = children_cpu_usec ();
  gint64 wall0 = g_get_monotonic_time ();

  snprintf (pid_text, sizeof pid_text, "%d", pid);
  /* The child would inherit unflushed rows and print them again. */
  fflush (stdout);
  for (guint i = 0; i < n; i++)
    {
      pid_t child = fork ();
      int status;

      if (child == 0)
        {
          if (freopen ("/dev/null", "w", stdout) == NULL)
            _exit (127);
          execlp ("ps", "ps", "-o", "rss=,nlwp=", "-p", pid_text, (char *) NULL);
          _exit (127);
        }
      waitpid (child, &status, 0);
      if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
        g_error ("ps failed");
    }
  printf ("| `ps -o rss=,nlwp= -p PID` (fork + exec, RSS + threads only) | %.1f | %.1f | %.1f |\n",
          (children_cpu_usec () - cpu0) / n, (double) (g_get_monotonic_time () - wall0) / n,
          (children_cpu_usec () - cpu0) / n);
}

static double
bench_series (guint n_points,
              guint n_queries)
{
  g_autoptr(HsSeries) series = hs_series_new (HS_SERIES_DEFAULT_CAPACITY);
  double mn[1000], mx[1000];
  gboolean valid[1000];
  double best = INFINITY;

  for (guint i = 0; i < n_points; i++)
    hs_series_append (series, (gint64) i * G_USEC_PER_SEC, sin (i / 30.0) * 1e6 + i);

  for (guint round = 0; round < 5; round++)
    {
      gint64 t0 = g_get_monotonic_time ();

      for (guint q = 0; q < n_queries; q++)
        hs_series_get_range_minmax (series, 0, (gint64) n_points * G_USEC_PER_SEC, 1000,
                                    mn, mx, valid);
      best = MIN (best, (double) (g_get_monotonic_time () - t0) / n_queries);
    }
  return best;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(HsSampler) local = NULL;
  g_autoptr(HsSampler) probe = NULL;
  g_autoptr(GError) error = NULL;
  guint n = argc > 2 ? (guint) atoi (argv[2]) : 2000;
  int pid;

  if (argc < 2)
    {
      fprintf (stderr, "usage: hs-bench-live PID [ITERATIONS]\n");
      return 2;
    }
  pid = atoi (argv[1]);

  local = hs_local_sampler_new ();
  probe = hs_probe_sampler_new (&error);
  if (probe == NULL)
    g_error ("%s", error->message);

  printf ("Sample cost on PID %d, mean of %u calls (CPU = this process + the probe, or + ps).\n\n", pid, n);
  printf ("| way | CPU µs/sample | wall µs/sample | of which probe/ps CPU µs |\n");
  printf ("|---|---:|---:|---:|\n");
  bench_sampler ("local, cheap files (libgtop proc_mem/proc_time + stat + status)", local, pid,
                 HS_SAMPLE_REQUEST_CHEAP, n);
  bench_sampler ("local, cheap + fd count", local, pid, HS_SAMPLE_REQUEST_FDS, n);
  bench_sampler ("local, cheap + fds + smaps (heap)", local, pid,
                 HS_SAMPLE_REQUEST_FDS | HS_SAMPLE_REQUEST_SMAPS, n);
  bench_sampler ("probe, cheap files (round trip over pipes)", probe, pid, HS_SAMPLE_REQUEST_CHEAP, n);
  bench_sampler ("probe, cheap + fds + smaps (heap)", probe, pid,
                 HS_SAMPLE_REQUEST_FDS | HS_SAMPLE_REQUEST_SMAPS, n);
  bench_ps (pid, MIN (n, 500));

  printf ("\nChart query: min/max for 1000 pixel columns over the whole series (best of 5 rounds).\n\n");
  printf ("| points in series | µs per query |\n|---:|---:|\n");
  printf ("| 600 | %.1f |\n", bench_series (600, 2000));
  printf ("| 86,400 | %.1f |\n", bench_series (HS_SERIES_DEFAULT_CAPACITY, 2000));

  return 0;
}
