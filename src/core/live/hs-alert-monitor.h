/* hs-alert-monitor.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hs-alert-rule.h"
#include "hs-session.h"

G_BEGIN_DECLS

/**
 * HsAlertMonitor:
 *
 * Watches one HsSession against alert rules: after each reading it
 * updates the rules of the metrics that reading brought, and when one
 * crosses it adds a mark to the session's timeline (labelled with
 * hs_alert_rule_describe()) and emits ::alert. Whoever owns it (the
 * application) turns ::alert into a desktop notification; the mark needs
 * no one.
 *
 * The rules come from the session's own thresholds
 * (HsSession:alert-thresholds) when it has them, else from the defaults
 * given with hs_alert_monitor_set_thresholds() (the Preferences). When
 * they change, a rule whose threshold did not change keeps its state, so
 * an unrelated edit does not fire it again.
 *
 * Signals:
 *  - ::alert (HsAlertRule *rule, HsSessionMetric *metric,
 *    HsSessionMark *mark): a rule crossed; hs_alert_rule_format_reading()
 *    says by how much.
 */
#define HS_TYPE_ALERT_MONITOR (hs_alert_monitor_get_type ())
G_DECLARE_FINAL_TYPE (HsAlertMonitor, hs_alert_monitor, HS, ALERT_MONITOR, GObject)

HsAlertMonitor *hs_alert_monitor_new               (HsSession      *session);
HsSession      *hs_alert_monitor_get_session       (HsAlertMonitor *self);
/* @thresholds: (nullable): a{sd}; the defaults when the session has none. */
void            hs_alert_monitor_set_thresholds    (HsAlertMonitor *self,
                                                    GVariant       *thresholds);
/* The window over which growth rules judge (default 10 min). */
void            hs_alert_monitor_set_trend_window  (HsAlertMonitor *self,
                                                    gint64          window_usec);
/* (transfer none) (element-type HsAlertRule): the rules in force. */
GPtrArray      *hs_alert_monitor_get_rules         (HsAlertMonitor *self);
guint           hs_alert_monitor_get_n_alerts      (HsAlertMonitor *self);

G_END_DECLS
