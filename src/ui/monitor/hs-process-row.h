/* hs-process-row.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "hs-sampler.h"

G_BEGIN_DECLS

#define HS_TYPE_PROCESS_ROW (hs_process_row_get_type ())

G_DECLARE_FINAL_TYPE (HsProcessRow, hs_process_row, HS, PROCESS_ROW, GObject)

HsProcessRow *hs_process_row_new             (const HsProcessInfo *info,
                                              guint                own_uid);
void          hs_process_row_update          (HsProcessRow        *self,
                                              const HsProcessInfo *info);
int           hs_process_row_get_pid         (HsProcessRow        *self);
guint64       hs_process_row_get_start_time  (HsProcessRow        *self);
const char   *hs_process_row_get_name        (HsProcessRow        *self);
const char   *hs_process_row_get_cmdline     (HsProcessRow        *self);
const char   *hs_process_row_get_user        (HsProcessRow        *self);
guint64       hs_process_row_get_rss         (HsProcessRow        *self);
gboolean      hs_process_row_get_readable    (HsProcessRow        *self);
gboolean      hs_process_row_get_watched     (HsProcessRow        *self);
void          hs_process_row_set_watched     (HsProcessRow        *self,
                                              gboolean             watched);
gboolean      hs_process_row_matches         (HsProcessRow        *self,
                                              const char          *needle);

G_END_DECLS
