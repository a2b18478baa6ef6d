/* hs-chart-axis.h: value units, round tick steps and labels of a chart's axes
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "hs-metric.h"

G_BEGIN_DECLS

typedef enum
{
  HS_CHART_UNIT_BYTES,
  HS_CHART_UNIT_COUNT,
  HS_CHART_UNIT_PERCENT,
  HS_CHART_UNIT_SECONDS,
  HS_CHART_UNIT_BYTES_PER_SECOND,
} HsChartUnit;

/* The scale a metric of @unit is drawn and labelled on. */
HsChartUnit hs_chart_unit_for_metric_unit (HsUnit unit);

double  hs_chart_axis_nice_step    (HsChartUnit unit,
                                    double      raw);
double  hs_chart_axis_floor_value  (HsChartUnit unit);
char   *hs_chart_axis_format_tick  (HsChartUnit unit,
                                    double      value,
                                    double      step);
char   *hs_chart_axis_format_value (HsChartUnit unit,
                                    double      value);
gint64  hs_chart_axis_time_step    (gint64      span_usec,
                                    double      width,
                                    double      min_gap);
char   *hs_chart_axis_format_clock (gint64      wall_usec,
                                    gboolean    seconds);

G_END_DECLS
