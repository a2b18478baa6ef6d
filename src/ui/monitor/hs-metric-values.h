/* hs-metric-values.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "hs-session-metric.h"

G_BEGIN_DECLS

#define HS_TYPE_METRIC_VALUES (hs_metric_values_get_type ())

G_DECLARE_FINAL_TYPE (HsMetricValues, hs_metric_values, HS, METRIC_VALUES, GtkWidget)

GtkWidget  *hs_metric_values_new            (void);
void        hs_metric_values_clear          (HsMetricValues  *self);
void        hs_metric_values_add            (HsMetricValues  *self,
                                             HsSessionMetric *metric);
void        hs_metric_values_update         (HsMetricValues  *self,
                                             gboolean         following,
                                             gboolean         have_range,
                                             gint64           begin,
                                             gint64           end);
const char *hs_metric_values_get_value_text (HsMetricValues  *self,
                                             const char      *id);
const char *hs_metric_values_get_delta_text (HsMetricValues  *self,
                                             const char      *id);

G_END_DECLS
