/* hs-monitor-view.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "hs-chart.h"
#include "hs-marks-list.h"
#include "hs-metric-picker.h"
#include "hs-session.h"
#include "hs-types.h"
#include "hs-verdicts.h"

G_BEGIN_DECLS

#define HS_TYPE_MONITOR_VIEW (hs_monitor_view_get_type ())

G_DECLARE_FINAL_TYPE (HsMonitorView, hs_monitor_view, HS, MONITOR_VIEW, GtkWidget)

GtkWidget   *hs_monitor_view_new                  (void);
HsSession   *hs_monitor_view_get_session          (HsMonitorView *self);
void         hs_monitor_view_set_session          (HsMonitorView *self,
                                                   HsSession     *session);
HsTimeline  *hs_monitor_view_get_timeline         (HsMonitorView *self);
guint        hs_monitor_view_get_n_charts         (HsMonitorView *self);
HsChart     *hs_monitor_view_get_chart            (HsMonitorView *self,
                                                   guint          index);
const char  *hs_monitor_view_get_status           (HsMonitorView *self);
const char  *hs_monitor_view_get_value_text       (HsMonitorView *self,
                                                   const char    *id);
const char  *hs_monitor_view_get_delta_text       (HsMonitorView *self,
                                                   const char    *id);
const char  *hs_monitor_view_get_values_time_text (HsMonitorView *self);

/* Memory-map snapshots of the attached process (monitor.capture-map). */
void              hs_monitor_view_capture_map_async  (HsMonitorView       *self,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
HsMemoryMap      *hs_monitor_view_capture_map_finish (HsMonitorView       *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);
gboolean          hs_monitor_view_save_map           (HsMonitorView       *self,
                                                      HsMemoryMap         *map,
                                                      GFile               *file,
                                                      GError             **error);
char             *hs_monitor_view_suggest_map_filename (HsMemoryMap       *map);

void         hs_monitor_view_watch_go        (HsMonitorView *self,
                                              const char    *url);
const char  *hs_monitor_view_get_go_message  (HsMonitorView *self);
const char  *hs_monitor_view_get_go_url      (HsMonitorView *self);
void         hs_monitor_view_set_go_url      (HsMonitorView *self,
                                              const char    *url);
const char  *hs_monitor_view_get_go_warning  (HsMonitorView *self);
const char  *hs_monitor_view_get_rss_note    (HsMonitorView *self);

void         hs_monitor_view_capture          (HsMonitorView *self,
                                               const char    *kind);
guint        hs_monitor_view_get_n_captures   (HsMonitorView *self);
gboolean     hs_monitor_view_get_can_capture_leaks (HsMonitorView *self);
gboolean     hs_monitor_view_get_go_collapsed (HsMonitorView *self);
HsMetricPicker *hs_monitor_view_get_metric_picker (HsMonitorView *self);
const char  *hs_monitor_view_get_capture_path (HsMonitorView *self,
                                               guint          i);
gboolean     hs_monitor_view_open_capture     (HsMonitorView *self,
                                               guint          i);
guint        hs_monitor_view_get_n_auto_captures (HsMonitorView *self);
gboolean     hs_monitor_view_compare_first_latest (HsMonitorView *self);

HsVerdicts  *hs_monitor_view_get_verdicts     (HsMonitorView *self);
char        *hs_monitor_view_dup_verdict_text (HsMonitorView *self);

HsSessionMark *hs_monitor_view_add_mark          (HsMonitorView *self,
                                                 const char    *label);
char          *hs_monitor_view_suggest_mark_label (HsMonitorView *self);
HsMarksList   *hs_monitor_view_get_marks_list   (HsMonitorView *self);
const char    *hs_monitor_view_get_mark_entry_text (HsMonitorView *self);

G_END_DECLS
