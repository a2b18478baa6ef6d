/* hs-session.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hs-proc-source.h"
#include "hs-session-mark.h"
#include "hs-session-metric.h"
#include "hs-source.h"

G_BEGIN_DECLS

typedef struct _HsGoSource HsGoSource;

#define HS_SESSION_MIN_INTERVAL_MS 100
#define HS_SESSION_MAX_INTERVAL_MS 60000

typedef enum
{
  /* Not started yet, stopped by hs_session_stop(), stopped by an error
   * (see :error), or a session reopened read-only from a file. */
  HS_SESSION_STOPPED,
  HS_SESSION_RUNNING,
  /* Every source's process is gone (or its PID was reused). Final. */
  HS_SESSION_EXITED,
  /* hs_session_close() was called: the owner is letting it go. Final. */
  HS_SESSION_CLOSED,
} HsSessionState;

GType hs_session_state_get_type (void) G_GNUC_CONST;
#define HS_TYPE_SESSION_STATE (hs_session_state_get_type ())

/**
 * HsSession:
 *
 * A recording of one or more sources, owned by the application (or by
 * `heapscope-cli watch`), not by a view: it samples whether or not
 * anything shows it. Every `interval-ms` it asks each source for a
 * reading (never stacking a read behind a slow one), appends each valid
 * value to the series of its metric and emits ::reading.
 *
 * It is a GListModel of HsSessionMetric, one per metric of each source in
 * the order the sources were added and, within one, in the source's
 * order: views and the CLI build their charts and columns from it.
 *
 * Properties:
 *  - title (string, read-write)
 *  - state (HsSessionState)
 *  - interval-ms (guint, 100..60000, read-write; bind it to GSettings)
 *  - capacity (guint, construct-only): points per series
 *  - smaps-interval-ms (guint): how often the main process source reads
 *    smaps now (0 when refused or when there is none)
 *  - error (string, nullable): why the session stopped, or what figures
 *    are missing and why while it runs (a source's problem)
 *  - pid (int): of the main (first) HsProcSource, 0 if none
 *  - first-time (gint64, wall µs of the first reading, 0 before)
 *  - end-time (gint64, wall µs when it exited or was stopped, 0 while
 *    running)
 *  - n-readings (guint)
 *  - alert-thresholds (GVariant a{sd}, nullable, read-write): this
 *    session's own alert thresholds, NULL to follow the Preferences
 *    (see HsAlertMonitor)
 *
 * Signals:
 *  - ::reading (HsSource *source, HsReading *reading): after the reading's
 *    values have been appended to the series.
 *
 * Marks: a GListModel of HsSessionMark (time, label) beside the metric
 * list (hs_session_add_mark(), hs_session_get_marks()); charts draw them
 * as a vertical-mark layer.
 *
 * Room left for saving (the open issue on recordings): a saved session
 * reopens read-only with the same metric list and series and no sources
 * (hs_session_metric_get_source() is NULL), state STOPPED, so
 * hs_session_start() does nothing. Everything a view needs already comes
 * from the list, the series and the properties above, never from a source.
 */
#define HS_TYPE_SESSION (hs_session_get_type ())
G_DECLARE_FINAL_TYPE (HsSession, hs_session, HS, SESSION, GObject)

HsSession       *hs_session_new                   (const char     *title);
HsSession       *hs_session_new_full              (const char     *title,
                                                   guint           interval_ms,
                                                   guint           capacity);

/* Adds its metrics at the end of the list. Before or while running. */
void             hs_session_add_source            (HsSession      *self,
                                                   HsSource       *source);
void             hs_session_start                 (HsSession      *self);
void             hs_session_stop                  (HsSession      *self);
/* Stops for good and cancels a reading in flight; the series stay. */
void             hs_session_close                 (HsSession      *self);

const char      *hs_session_get_title             (HsSession      *self);
void             hs_session_set_title             (HsSession      *self,
                                                   const char     *title);
HsSessionState   hs_session_get_state             (HsSession      *self);
guint            hs_session_get_interval_ms       (HsSession      *self);
void             hs_session_set_interval_ms       (HsSession      *self,
                                                   guint           interval_ms);
guint            hs_session_get_capacity          (HsSession      *self);
guint            hs_session_get_smaps_interval_ms (HsSession      *self);
const GError    *hs_session_get_error             (HsSession      *self);
int              hs_session_get_pid               (HsSession      *self);
gint64           hs_session_get_first_time        (HsSession      *self);
gint64           hs_session_get_end_time          (HsSession      *self);
guint            hs_session_get_n_readings        (HsSession      *self);

/* (transfer none) (element-type HsSource) */
GPtrArray       *hs_session_get_sources           (HsSession      *self);
/* (transfer none) (nullable): the first HsProcSource added. */
HsProcSource    *hs_session_get_proc_source       (HsSession      *self);
/* (transfer none) (nullable): the first HsGoSource added. */
HsGoSource      *hs_session_get_go_source         (HsSession      *self);
/* (transfer none) (nullable): the first metric with this id. */
HsSessionMetric *hs_session_find_metric           (HsSession      *self,
                                                   const char     *id);

/**
 * hs_session_get_uptime:
 * How long the main process had been running at the live edge: now while
 * the session runs, else at end-time (the process's age from its start
 * time, not the length of the recording). Returns: µs, or -1 when unknown
 * (no proc source, or before its first reading).
 */
gint64           hs_session_get_uptime            (HsSession      *self);

HsSessionMark   *hs_session_add_mark              (HsSession      *self,
                                                   gint64          time,
                                                   const char     *label);
/* (transfer none): HsSessionMark, in the order added. */
GListModel      *hs_session_get_marks             (HsSession      *self);

void             hs_session_set_alert_thresholds  (HsSession      *self,
                                                   GVariant       *thresholds);
GVariant        *hs_session_get_alert_thresholds  (HsSession      *self);

G_END_DECLS
