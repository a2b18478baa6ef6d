/* hs-metric-picker.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "hs-session.h"

G_BEGIN_DECLS

#define HS_TYPE_METRIC_PICKER (hs_metric_picker_get_type ())
G_DECLARE_FINAL_TYPE (HsMetricPicker, hs_metric_picker, HS, METRIC_PICKER, GtkPopover)

GtkWidget  *hs_metric_picker_new               (void);
void        hs_metric_picker_set_session       (HsMetricPicker *self,
                                                HsSession      *session);
/* As if typed into the search entry. */
void        hs_metric_picker_set_search        (HsMetricPicker *self,
                                                const char     *text);
/* The metrics offered (after the search), in the session's order. */
guint       hs_metric_picker_get_n_offered     (HsMetricPicker *self);
HsSessionMetric *hs_metric_picker_get_offered  (HsMetricPicker *self,
                                                guint           index);

G_END_DECLS
