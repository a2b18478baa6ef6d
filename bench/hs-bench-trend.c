/* hs-bench-trend.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Time to detect and false alarms of the leak verdict on one real
 * process: an HsSession samples PID every INTERVAL ms for DURATION s and
 * HsTrend judges RSS over WINDOW s after every reading. Prints one line:
 *   pid first_leaking_s leaking_ticks ticks final_state slope_per_min
 * (first_leaking_s is -1 when it never said leaking). Used by
 * bench/trend.sh. */

#define G_LOG_DOMAIN "hs-bench-trend"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "hs-local-sampler.h"
#include "hs-session.h"
#include "hs-trend.h"

typedef struct
{
  HsTrend      *trend;
  gint64        started;
  double        first_leaking;
  guint         n_leaking;
  guint         n_ticks;
  HsTrendResult last;
} Bench;

static void
on_reading (HsSession *session,
            HsSource  *source,
            HsReading *reading,
            Bench     *bench)
{
  HsSeries *series = hs_session_metric_get_series (hs_session_find_metric (session, "rss"));
  gint64 last = 0;

  if (!hs_series_get_last (series, &last, NULL))
    return;
  hs_trend_analyze (bench->trend, series, last, &bench->last);
  bench->n_ticks++;
  if (bench->last.state == HS_TREND_LEAKING)
    {
      if (bench->first_leaking < 0)
        bench->first_leaking = (double) (g_get_monotonic_time () - bench->started) / G_USEC_PER_SEC;
      bench->n_leaking++;
    }
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(HsSampler) sampler = NULL;
  g_autoptr(HsProcSource) source = NULL;
  g_autoptr(HsSession) session = NULL;
  g_autoptr(HsTrend) trend = NULL;
  Bench bench = { 0 };
  gint64 end;
  int pid;

  if (argc != 5)
    {
      fprintf (stderr, "Usage: hs-bench-trend PID INTERVAL_MS WINDOW_S DURATION_S\n");
      return 2;
    }
  pid = atoi (argv[1]);
  sampler = hs_local_sampler_new ();
  source = hs_proc_source_new (sampler, pid, HS_PROC_SOURCE_NONE);
  session = hs_session_new_full ("bench", (guint) atoi (argv[2]), HS_SERIES_DEFAULT_CAPACITY);
  trend = hs_trend_new ((gint64) atoi (argv[3]) * G_USEC_PER_SEC, HS_TREND_MODE_VALUE);
  hs_session_add_source (session, HS_SOURCE (source));

  bench.trend = trend;
  bench.started = g_get_monotonic_time ();
  bench.first_leaking = -1;
  g_signal_connect (session, "reading", G_CALLBACK (on_reading), &bench);
  end = bench.started + (gint64) atoi (argv[4]) * G_USEC_PER_SEC;
  hs_session_start (session);
  while (g_get_monotonic_time () < end && hs_session_get_state (session) == HS_SESSION_RUNNING)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handlers_disconnect_by_data (session, &bench);
  hs_session_close (session);

  printf ("%d %.1f %u %u %s %.0f\n", pid, bench.first_leaking, bench.n_leaking, bench.n_ticks,
          hs_trend_state_to_string (bench.last.state), bench.last.slope_per_min);
  return 0;
}
