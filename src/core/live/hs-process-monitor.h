/* hs-process-monitor.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hs-sampler.h"
#include "hs-series.h"
#include "hs-session.h"

G_BEGIN_DECLS

#define HS_PROCESS_MONITOR_MIN_INTERVAL_MS 100
#define HS_PROCESS_MONITOR_MAX_INTERVAL_MS 60000

/**
 * HsProcessMonitor:
 *
 * The pre-session API for one process, kept (as a thin wrapper over an
 * HsSession with one HsProcSource) until the monitor view has moved to
 * HsSession; new code uses HsSession directly. The session ticks, paces
 * smaps (see hs_smaps_pacing()) and checks the process identity; this
 * object only turns its readings back into HsSample structs and keeps
 * the old property names. Series are the session's, found by metric id.
 *
 * Properties (all read-only but interval-ms):
 *  - sampler (HsSampler, construct-only), pid (int, construct-only)
 *  - interval-ms (guint, 100..60000; bind it to GSettings sample-interval)
 *  - smaps-interval-ms (guint): how often heap is measured now
 *  - running (gboolean): sampling is under way
 *  - exited (gboolean), exit-time (gint64 wall µs, 0 until exited)
 *  - name (string, comm of the process, NULL until the first sample)
 *  - error (string, nullable): a human message when something is missing,
 *    e.g. smaps denied for another user's process; samples go on without
 *    the heap figure. hs_process_monitor_get_error() gives the GError.
 *  - n-samples (guint)
 *
 * Signals:
 *  - ::sample (HsSample *sample): after each sample has been appended
 *  - ::exited (): once, when the process is gone (sampling has stopped;
 *    the series stay)
 */
#define HS_TYPE_PROCESS_MONITOR (hs_process_monitor_get_type ())
G_DECLARE_FINAL_TYPE (HsProcessMonitor, hs_process_monitor, HS, PROCESS_MONITOR, GObject)

HsProcessMonitor *hs_process_monitor_new                (HsSampler        *sampler,
                                                         int               pid);
HsProcessMonitor *hs_process_monitor_new_full           (HsSampler        *sampler,
                                                         int               pid,
                                                         guint             interval_ms,
                                                         guint             capacity);
void              hs_process_monitor_start              (HsProcessMonitor *self);
void              hs_process_monitor_stop               (HsProcessMonitor *self);

HsSampler        *hs_process_monitor_get_sampler        (HsProcessMonitor *self);
int               hs_process_monitor_get_pid            (HsProcessMonitor *self);
const char       *hs_process_monitor_get_name           (HsProcessMonitor *self);
guint             hs_process_monitor_get_interval_ms    (HsProcessMonitor *self);
void              hs_process_monitor_set_interval_ms    (HsProcessMonitor *self,
                                                         guint             interval_ms);
guint             hs_process_monitor_get_smaps_interval_ms (HsProcessMonitor *self);
gboolean          hs_process_monitor_get_running        (HsProcessMonitor *self);
gboolean          hs_process_monitor_get_exited         (HsProcessMonitor *self);
gint64            hs_process_monitor_get_exit_time      (HsProcessMonitor *self);
const GError     *hs_process_monitor_get_error          (HsProcessMonitor *self);
guint             hs_process_monitor_get_n_samples      (HsProcessMonitor *self);
/* Wall time (µs) of the first sample; 0 before it. */
gint64            hs_process_monitor_get_first_time     (HsProcessMonitor *self);
/* FALSE before the first sample. */
gboolean          hs_process_monitor_get_last_sample    (HsProcessMonitor *self,
                                                         HsSample         *out_sample);
/* (transfer none): lives as long as the monitor, also after exit. */
HsSeries         *hs_process_monitor_get_series         (HsProcessMonitor *self,
                                                         HsSampleMetric    metric);
/* (transfer none): the session underneath, for code moving to HsSession. */
HsSession        *hs_process_monitor_get_session        (HsProcessMonitor *self);

G_END_DECLS
