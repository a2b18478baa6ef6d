/* hs-capture-bar.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "hs-metric-picker.h"
#include "hs-session.h"

G_BEGIN_DECLS

#define HS_TYPE_CAPTURE_BAR (hs_capture_bar_get_type ())

G_DECLARE_FINAL_TYPE (HsCaptureBar, hs_capture_bar, HS, CAPTURE_BAR, GtkWidget)

GtkWidget      *hs_capture_bar_new                  (void);
void            hs_capture_bar_set_session          (HsCaptureBar *self,
                                                     HsSession    *session);
void            hs_capture_bar_capture              (HsCaptureBar *self,
                                                     const char   *kind);
guint           hs_capture_bar_get_n_captures       (HsCaptureBar *self);
const char     *hs_capture_bar_get_capture_path     (HsCaptureBar *self,
                                                     guint         i);
gboolean        hs_capture_bar_open_capture         (HsCaptureBar *self,
                                                     guint         i);
guint           hs_capture_bar_get_n_auto_captures  (HsCaptureBar *self);
gboolean        hs_capture_bar_compare_first_latest (HsCaptureBar *self);
gboolean        hs_capture_bar_get_can_capture_leaks (HsCaptureBar *self);
HsMetricPicker *hs_capture_bar_get_metric_picker    (HsCaptureBar *self);

G_END_DECLS
