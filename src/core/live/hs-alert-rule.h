/* hs-alert-rule.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hs-metric.h"
#include "hs-series.h"
#include "hs-trend.h"

G_BEGIN_DECLS

typedef enum
{
  /* The newest value is at or above the threshold. */
  HS_ALERT_LIMIT,
  /* HsTrend says the figure rises (growing or leaking) and its
   * Theil–Sen slope is at or above the threshold, per minute. */
  HS_ALERT_GROWTH,
} HsAlertKind;

typedef enum
{
  HS_ALERT_EDGE_NONE,
  /* Was under, is now over: the one moment an alert is sent. */
  HS_ALERT_EDGE_CROSSED,
  /* Was over, is now back under the re-arm level. */
  HS_ALERT_EDGE_CLEARED,
} HsAlertEdge;

/* Back under threshold × (1 − this) before the rule fires again. */
#define HS_ALERT_DEFAULT_HYSTERESIS 0.1

/* The keys of a thresholds dictionary (GVariant a{sd}: key → threshold in
 * the metric's unit, per minute for growth; missing or ≤ 0 is off). The
 * settings key "alert-thresholds" and a session's own thresholds use it. */
#define HS_ALERT_KEY_RSS_LIMIT        "rss-limit"
#define HS_ALERT_KEY_RSS_GROWTH       "rss-growth"
#define HS_ALERT_KEY_GOROUTINES_LIMIT "goroutines-limit"
#define HS_ALERT_KEY_GO_HEAP_GROWTH   "go-heap-growth"

/**
 * HsAlertRule:
 *
 * One threshold on one metric, edge-triggered: hs_alert_rule_update()
 * says CROSSED once when the figure goes over, then nothing while it stays
 * over, and CLEARED when it is back under threshold × (1 − hysteresis), so
 * a figure hovering at the threshold does not fire on every reading.
 *
 * A growth rule judges the series with an HsTrend (the one slope of the
 * leak verdict, in value or floor mode): it fires when the trend's state
 * is growing or leaking and the slope is at or above the threshold, and
 * clears when the trend is steady or the slope falls under the re-arm
 * level. With too few points (state unknown) it keeps its state.
 */
#define HS_TYPE_ALERT_RULE (hs_alert_rule_get_type ())
G_DECLARE_FINAL_TYPE (HsAlertRule, hs_alert_rule, HS, ALERT_RULE, GObject)

HsAlertRule *hs_alert_rule_new              (const char   *key,
                                             const char   *metric_id,
                                             HsAlertKind   kind,
                                             double        threshold);
/* Growth rules only: the trend's window and mode (default: 10 min,
 * value). */
void         hs_alert_rule_set_trend        (HsAlertRule  *self,
                                             gint64        window_usec,
                                             HsTrendMode   mode);
void         hs_alert_rule_set_hysteresis   (HsAlertRule  *self,
                                             double        fraction);

const char  *hs_alert_rule_get_key          (HsAlertRule  *self);
const char  *hs_alert_rule_get_metric_id    (HsAlertRule  *self);
HsAlertKind  hs_alert_rule_get_kind         (HsAlertRule  *self);
double       hs_alert_rule_get_threshold    (HsAlertRule  *self);
HsTrendMode  hs_alert_rule_get_trend_mode   (HsAlertRule  *self);
gboolean     hs_alert_rule_get_firing       (HsAlertRule  *self);
/* The figure judged last: the value (limit) or the slope per minute
 * (growth). FALSE before the first judgement. */
gboolean     hs_alert_rule_get_last_value   (HsAlertRule  *self,
                                             double       *out_value);

/* Judges the newest point of @series (limit), or the series over the
 * trend window ending at @end_usec (growth). */
HsAlertEdge  hs_alert_rule_update           (HsAlertRule  *self,
                                             HsSeries     *series,
                                             gint64        end_usec);
/* The edge logic alone, for a figure already computed (a limit rule's
 * value; a growth rule's slope, with @rising saying the trend is growing
 * or leaking). */
HsAlertEdge  hs_alert_rule_update_value     (HsAlertRule  *self,
                                             double        value,
                                             gboolean      rising);
/* Forgets the state (firing, last value): the next crossing fires. */
void         hs_alert_rule_reset            (HsAlertRule  *self);

/* "RSS above 8.00 MiB", "RSS growing faster than +1.00 MiB/min".
 * Translated. (transfer full) */
char        *hs_alert_rule_describe         (HsAlertRule  *self,
                                             HsMetric     *metric);
/* "RSS is 12.0 MiB (threshold 8.00 MiB)", "RSS grows +2.10 MiB/min
 * (threshold +1.00 MiB/min)", with the last value judged. Translated.
 * (transfer full) */
char        *hs_alert_rule_format_reading   (HsAlertRule  *self,
                                             HsMetric     *metric);

/* A level in @unit: "8.00 MiB", "1000", "12.5%". (transfer full) */
char        *hs_alert_format_level          (HsUnit        unit,
                                             double        value);

/**
 * hs_alert_rules_new_from_thresholds:
 * @thresholds: (nullable): a{sd}, keys HS_ALERT_KEY_*; unknown keys are
 *   ignored (a newer version's settings), values ≤ 0 are off
 *
 * The rules of a thresholds dictionary: RSS limit and growth on "rss",
 * goroutines on "go_goroutines", Go heap growth on the floor of
 * "go_heap_alloc" (floor mode, so the GC sawtooth is not growth).
 * Returns: (transfer full) (element-type HsAlertRule): in key order
 */
GPtrArray   *hs_alert_rules_new_from_thresholds (GVariant *thresholds);

G_END_DECLS
