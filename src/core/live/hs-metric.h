/* hs-metric.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* What a value counts. The CLI derives its column names from it
 * (hs_metric_get_column_name()), so keep the list short and stable. */
typedef enum
{
  HS_UNIT_BYTES,
  HS_UNIT_COUNT,
  HS_UNIT_PERCENT,
  HS_UNIT_SECONDS,
  HS_UNIT_BYTES_PER_SECOND,
} HsUnit;

/* A gauge is a level (RSS); a counter only grows (CPU seconds, bytes
 * allocated) and is usually shown as a rate. */
typedef enum
{
  HS_METRIC_GAUGE,
  HS_METRIC_COUNTER,
} HsMetricKind;

GType hs_unit_get_type        (void) G_GNUC_CONST;
GType hs_metric_kind_get_type (void) G_GNUC_CONST;
#define HS_TYPE_UNIT        (hs_unit_get_type ())
#define HS_TYPE_METRIC_KIND (hs_metric_kind_get_type ())

/**
 * HsMetric:
 *
 * The immutable description of one figure a source measures: no values.
 * @id is stable and machine-readable ("rss", "heap", "largest_rss"): CSV
 * columns, saved sessions and settings refer to it. @label and
 * @explanation are given untranslated (marked with N_() by the source);
 * the getters return them translated in the heapscope domain.
 *
 * Properties (construct-only): id, label, explanation, unit, kind,
 * can-be-unavailable.
 */
#define HS_TYPE_METRIC (hs_metric_get_type ())
G_DECLARE_FINAL_TYPE (HsMetric, hs_metric, HS, METRIC, GObject)

HsMetric     *hs_metric_new                    (const char   *id,
                                                const char   *label,
                                                const char   *explanation,
                                                HsUnit        unit,
                                                HsMetricKind  kind,
                                                gboolean      can_be_unavailable);

const char   *hs_metric_get_id                 (HsMetric     *self);
/* Translated. */
const char   *hs_metric_get_label              (HsMetric     *self);
/* Translated; one line, for a tooltip. */
const char   *hs_metric_get_explanation        (HsMetric     *self);
HsUnit        hs_metric_get_unit               (HsMetric     *self);
HsMetricKind  hs_metric_get_kind               (HsMetric     *self);
/* TRUE when a reading may lack this value for a reason that is not an
 * error (heap when smaps is refused, CPU before a second reading). */
gboolean      hs_metric_get_can_be_unavailable (HsMetric     *self);

/* "rss_bytes", "cpu_percent", "threads": the id plus the unit's suffix
 * ("" for counts). (transfer full) */
char         *hs_metric_get_column_name        (HsMetric     *self);
/* "_bytes", "_percent", "_seconds", "_bytes_per_second", "". */
const char   *hs_unit_get_suffix               (HsUnit        unit);

G_END_DECLS
