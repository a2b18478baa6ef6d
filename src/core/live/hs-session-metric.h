/* hs-session-metric.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hs-metric.h"
#include "hs-series.h"
#include "hs-source.h"

G_BEGIN_DECLS

/**
 * HsSessionMetric:
 *
 * One item of an HsSession's list: a metric, the series of its values and
 * the source that measures it (NULL in a session reopened from a file).
 * The metric and series never change; status is the latest reading's
 * verdict on this value (HS_READING_VALID, or why it is missing), so a view
 * can say "unavailable" and why instead of showing an old number.
 *
 * Properties: metric, series, source, index (construct-only); status
 * (read-only, notifies); picked (the user chose to chart it, notifies).
 */
#define HS_TYPE_SESSION_METRIC (hs_session_metric_get_type ())
G_DECLARE_FINAL_TYPE (HsSessionMetric, hs_session_metric, HS, SESSION_METRIC, GObject)

HsSessionMetric *hs_session_metric_new        (HsMetric        *metric,
                                               HsSeries        *series,
                                               HsSource        *source,
                                               guint            index);

HsMetric        *hs_session_metric_get_metric (HsSessionMetric *self);
HsSeries        *hs_session_metric_get_series (HsSessionMetric *self);
/* (nullable) */
HsSource        *hs_session_metric_get_source (HsSessionMetric *self);
/* Position of the value in the source's readings. */
guint            hs_session_metric_get_index  (HsSessionMetric *self);
/* Shortcut for hs_metric_get_id (hs_session_metric_get_metric (self)). */
const char      *hs_session_metric_get_id     (HsSessionMetric *self);
HsReadingStatus  hs_session_metric_get_status (HsSessionMetric *self);
void             hs_session_metric_set_status (HsSessionMetric *self,
                                               HsReadingStatus  status);
gboolean         hs_session_metric_get_picked (HsSessionMetric *self);
void             hs_session_metric_set_picked (HsSessionMetric *self,
                                               gboolean         picked);
/* The change of this metric over [t0, t1]: see hs_series_get_change(). */
gboolean         hs_session_metric_get_change (HsSessionMetric *self,
                                               gint64           t0_usec,
                                               gint64           t1_usec,
                                               HsSeriesChange  *out_change);

G_END_DECLS
