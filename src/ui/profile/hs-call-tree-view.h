/* hs-call-tree-view.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "hs-call-tree.h"

G_BEGIN_DECLS

#define HS_TYPE_CALL_TREE_VIEW (hs_call_tree_view_get_type ())

G_DECLARE_FINAL_TYPE (HsCallTreeView, hs_call_tree_view, HS, CALL_TREE_VIEW, GtkWidget)

GtkWidget  *hs_call_tree_view_new          (void);
void        hs_call_tree_view_set_tree     (HsCallTreeView *self,
                                            HsCallTree     *tree);
gboolean    hs_call_tree_view_set_function (HsCallTreeView *self,
                                            const char     *function_name);
const char *hs_call_tree_view_get_function (HsCallTreeView *self);
GListModel *hs_call_tree_view_get_model    (HsCallTreeView *self);

G_END_DECLS
