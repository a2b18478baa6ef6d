/* hs-chart-stack.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "hs-chart.h"
#include "hs-session.h"
#include "hs-timeline.h"
#include "hs-verdicts.h"

G_BEGIN_DECLS

#define HS_TYPE_CHART_STACK (hs_chart_stack_get_type ())

G_DECLARE_FINAL_TYPE (HsChartStack, hs_chart_stack, HS, CHART_STACK, GtkWidget)

GtkWidget  *hs_chart_stack_new          (void);
void        hs_chart_stack_set_session  (HsChartStack    *self,
                                         HsSession       *session,
                                         HsVerdicts      *verdicts,
                                         HsTimeline      *timeline);
void        hs_chart_stack_rebuild      (HsChartStack    *self);
guint       hs_chart_stack_get_n_charts (HsChartStack    *self);
HsChart    *hs_chart_stack_get_chart    (HsChartStack    *self,
                                         guint            index);
const char *hs_chart_stack_get_rss_note (HsChartStack    *self);

gboolean    hs_chart_stack_shows_metric (HsSession       *session,
                                         HsSessionMetric *item);

G_END_DECLS
