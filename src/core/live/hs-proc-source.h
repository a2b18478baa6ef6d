/* hs-proc-source.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hs-sampler.h"
#include "hs-source.h"

G_BEGIN_DECLS

typedef enum
{
  HS_PROC_SOURCE_NONE        = 0,
  /* The process and all its descendants: every figure is the sum over the
   * tree, plus "processes" (how many) and "largest_rss" (the biggest one),
   * for a CI gate on a test runner and what it spawns. */
  HS_PROC_SOURCE_DESCENDANTS = 1 << 0,
} HsProcSourceFlags;

GType hs_proc_source_flags_get_type (void) G_GNUC_CONST;
#define HS_TYPE_PROC_SOURCE_FLAGS (hs_proc_source_flags_get_type ())

/* Position of each metric in hs_source_get_metrics() of an HsProcSource.
 * The first nine are in the order of `heapscope-cli watch`'s CSV columns;
 * the last two exist only with HS_PROC_SOURCE_DESCENDANTS. */
typedef enum
{
  HS_PROC_RSS,
  HS_PROC_VSZ,
  HS_PROC_HEAP,
  HS_PROC_ANON,
  HS_PROC_SHARED,
  HS_PROC_SWAP,
  HS_PROC_THREADS,
  HS_PROC_CPU,
  HS_PROC_FDS,
  HS_PROC_PROCESSES,
  HS_PROC_LARGEST_RSS,
} HsProcMetricIndex;

/**
 * HsProcSource:
 *
 * An HsSource over an HsSampler (local libgtop + /proc, or heapscope-probe):
 * the /proc figures of one process, or of a process and its descendants.
 *
 * Identity: the process start time (clock ticks after boot) is taken from
 * the `start-time` property when the caller knows it (the process list
 * does), else from the first reading, and compared on every reading: when
 * the PID now belongs to another process the read fails with
 * HS_SOURCE_ERROR_EXITED, so two processes are never spliced into one
 * series.
 *
 * smaps (the heap figure) is read at a lower, adaptive rate so that it
 * costs at most about 2 % of one core: the tick interval times
 * ⌈50 × cost / interval⌉, at least one tick and at most 60 s (see
 * hs_smaps_pacing()). On the other ticks heap is HS_READING_NOT_MEASURED.
 *
 * Properties: sampler, pid, flags (construct-only); start-time (guint64,
 * 0 = unknown until the first reading); name (comm, NULL until the first
 * reading); smaps-interval-ms (read-only, 0 when smaps is refused);
 * problem (GError, read-only: what is missing and why, e.g. smaps refused).
 */
#define HS_TYPE_PROC_SOURCE (hs_proc_source_get_type ())
G_DECLARE_FINAL_TYPE (HsProcSource, hs_proc_source, HS, PROC_SOURCE, GObject)

HsProcSource      *hs_proc_source_new                   (HsSampler         *sampler,
                                                         int                pid,
                                                         HsProcSourceFlags  flags);

HsSampler         *hs_proc_source_get_sampler           (HsProcSource      *self);
int                hs_proc_source_get_pid               (HsProcSource      *self);
HsProcSourceFlags  hs_proc_source_get_flags             (HsProcSource      *self);
const char        *hs_proc_source_get_name              (HsProcSource      *self);
guint64            hs_proc_source_get_start_time        (HsProcSource      *self);
/* Only before the first reading: the start time the process must have. */
void               hs_proc_source_set_start_time        (HsProcSource      *self,
                                                         guint64            start_time);
guint              hs_proc_source_get_smaps_interval_ms (HsProcSource      *self);
/* PID of the largest process (by RSS) of the last reading. */
int                hs_proc_source_get_largest_pid       (HsProcSource      *self);

/**
 * hs_proc_source_get_uptime:
 * @at_wall_usec: a wall-clock time (g_get_real_time()), e.g. now or the
 *   moment the process exited
 *
 * How long the process had been running at @at_wall_usec, from its start
 * time against CLOCK_BOOTTIME (not against the first reading: the process
 * may be days old). Returns: µs, or -1 before the start time is known.
 */
gint64             hs_proc_source_get_uptime            (HsProcSource      *self,
                                                         gint64             at_wall_usec);

/**
 * hs_smaps_pacing:
 * How many ticks of @interval_ms apart smaps should be read when one read
 * costs @cost_usec: ⌈50 × cost / interval⌉ (≈ 2 % of one core), between 1
 * and 60 s worth of ticks. HsProcSource and HsSession share it.
 */
guint              hs_smaps_pacing                      (guint              interval_ms,
                                                         gint64             cost_usec);

G_END_DECLS
