/* hs-sample.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Which fields of an HsSample hold a measured value. A field whose flag is
 * clear was not measured (never a zero standing in for "unknown"). */
typedef enum
{
  HS_SAMPLE_RSS     = 1 << 0,
  HS_SAMPLE_VSZ     = 1 << 1,
  HS_SAMPLE_SHARED  = 1 << 2,
  HS_SAMPLE_ANON    = 1 << 3,
  HS_SAMPLE_SWAP    = 1 << 4,
  HS_SAMPLE_THREADS = 1 << 5,
  /* Needs a previous sample of the same process: the first one has none. */
  HS_SAMPLE_CPU     = 1 << 6,
  /* /proc/PID/fd is readable only by the owner (or root). */
  HS_SAMPLE_FDS     = 1 << 7,
  /* From /proc/PID/smaps, read at a lower, adaptive rate (costly on big
   * processes); see HsSession:smaps-interval-ms. */
  HS_SAMPLE_HEAP    = 1 << 8,
  /* smaps was asked for but the kernel refused it (other user's process,
   * or ptrace restrictions): heap is unknown, not zero. */
  HS_SAMPLE_SMAPS_DENIED = 1 << 16,
} HsSampleFlags;

#define HS_SAMPLE_CHEAP_FIELDS (HS_SAMPLE_RSS | HS_SAMPLE_VSZ | HS_SAMPLE_SHARED | \
                                HS_SAMPLE_ANON | HS_SAMPLE_SWAP | HS_SAMPLE_THREADS)

/**
 * HsSample:
 * @mono_usec: g_get_monotonic_time() when the files were read
 * @wall_usec: g_get_real_time() at the same moment
 * @rss: resident set size in bytes (VmRSS; statm resident × page size)
 * @vsz: virtual size in bytes (VmSize)
 * @shared: file-backed resident bytes, shared memory included
 *   (RssFile + RssShmem = statm shared × page size)
 * @anon: anonymous resident bytes (RssAnon of /proc/PID/status)
 * @heap: resident bytes of the `[heap]` mapping plus every anonymous
 *   private mapping (no path, “p” in the permissions, not `[stack]`),
 *   summed from the Rss: lines of /proc/PID/smaps. That is where malloc
 *   puts memory: brk arena, mmap()ed chunks and thread arenas; thread
 *   stacks made by pthread are anonymous mappings too and are counted
 *   (the kernel does not tell them apart). Valid only with HS_SAMPLE_HEAP.
 * @swap: swapped-out bytes (VmSwap)
 * @cpu_time_usec: user + system CPU time of the process so far
 * @start_time: process start in clock ticks since boot (to notice a reused PID)
 * @threads: number of threads (Threads: of /proc/PID/status)
 * @cpu_percent: CPU use since the previous sample of the same process,
 *   100 = one core busy
 * @fds: number of open file descriptors
 * @flags: which of the fields above are valid
 *
 * One reading of one process. A plain struct: copy it by value.
 */
typedef struct
{
  gint64        mono_usec;
  gint64        wall_usec;
  guint64       rss;
  guint64       vsz;
  guint64       shared;
  guint64       anon;
  guint64       heap;
  guint64       swap;
  guint64       cpu_time_usec;
  guint64       start_time;
  guint         threads;
  double        cpu_percent;
  int           fds;
  HsSampleFlags flags;
} HsSample;

#define HS_TYPE_SAMPLE (hs_sample_get_type ())

GType     hs_sample_get_type (void) G_GNUC_CONST;
HsSample *hs_sample_copy     (const HsSample *sample);
void      hs_sample_free     (HsSample       *sample);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HsSample, hs_sample_free)

/* Selects one field of an HsSample: how HsProcSource maps a backend's
 * reading onto its metrics. The metrics themselves are HsMetric objects
 * (hs-metric.h) listed by an HsSource; this is not a list of metrics. */
typedef enum
{
  HS_METRIC_RSS,
  HS_METRIC_VSZ,
  HS_METRIC_SHARED,
  HS_METRIC_ANON,
  HS_METRIC_HEAP,
  HS_METRIC_SWAP,
  HS_METRIC_THREADS,
  HS_METRIC_CPU,
  HS_METRIC_FDS,
  HS_N_METRICS
} HsSampleMetric;

/* Returns FALSE when the sample has no value for @metric. */
gboolean       hs_sample_get_value (const HsSample *sample,
                                    HsSampleMetric  metric,
                                    double         *out_value);

G_END_DECLS
