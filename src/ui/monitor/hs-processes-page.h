/* hs-processes-page.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "hs-monitor-view.h"
#include "hs-types.h"

G_BEGIN_DECLS

#define HS_TYPE_PROCESSES_PAGE (hs_processes_page_get_type ())

G_DECLARE_FINAL_TYPE (HsProcessesPage, hs_processes_page, HS, PROCESSES_PAGE, GtkWidget)

void              hs_processes_page_start_demo       (HsProcessesPage *self);
void              hs_processes_page_attach           (HsProcessesPage *self,
                                                      int              pid);
void              hs_processes_page_watch_url        (HsProcessesPage *self,
                                                      const char      *url);
const char       *hs_processes_page_get_watch_url_error (HsProcessesPage *self);
GListModel       *hs_processes_page_get_model        (HsProcessesPage *self);
HsMonitorView    *hs_processes_page_get_monitor_view (HsProcessesPage *self);
HsSession        *hs_processes_page_get_session      (HsProcessesPage *self);
GListModel       *hs_processes_page_get_sessions     (HsProcessesPage *self);
void              hs_processes_page_show_session     (HsProcessesPage *self,
                                                      HsSession       *session);
void              hs_processes_page_close_session    (HsProcessesPage *self,
                                                      HsSession       *session);
guint             hs_processes_page_get_n_refreshes  (HsProcessesPage *self);
void              hs_processes_page_set_search_text  (HsProcessesPage *self,
                                                      const char      *text);
const char       *hs_processes_page_get_visible_view (HsProcessesPage *self);
void              hs_processes_page_apply_listing    (HsProcessesPage *self,
                                                      GPtrArray       *infos);

G_END_DECLS
