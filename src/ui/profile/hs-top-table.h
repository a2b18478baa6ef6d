/* hs-top-table.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "hs-profile-top.h"

G_BEGIN_DECLS

#define HS_TYPE_TOP_TABLE (hs_top_table_get_type ())

G_DECLARE_FINAL_TYPE (HsTopTable, hs_top_table, HS, TOP_TABLE, GtkWidget)

GtkWidget  *hs_top_table_new                   (void);
void        hs_top_table_set_top               (HsTopTable   *self,
                                                HsTop        *top);
HsTop      *hs_top_table_get_top               (HsTopTable   *self);
void        hs_top_table_set_search            (HsTopTable   *self,
                                                const char   *search);
guint       hs_top_table_get_n_visible_rows    (HsTopTable   *self);
HsTopRow   *hs_top_table_get_visible_row       (HsTopTable   *self,
                                                guint         position);
const char *hs_top_table_get_selected_function (HsTopTable   *self);
gboolean    hs_top_table_select_function       (HsTopTable   *self,
                                                const char   *function_name);
const char *hs_top_table_get_sort_column       (HsTopTable   *self,
                                                GtkSortType  *order);
void        hs_top_table_sort_by               (HsTopTable   *self,
                                                const char   *column_id,
                                                GtkSortType   order);

G_END_DECLS
