/* hs-call-tree-view.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "hs-call-tree.h"
#include "hs-flame-model.h"

G_BEGIN_DECLS

/* What the view lists: the call tree from the roots, the bottom-up tree
 * (each function with self value, then its callers), or the callers and
 * callees of one function. */
typedef enum
{
  HS_CALL_TREE_MODE_CALLERS,
  HS_CALL_TREE_MODE_TOP_DOWN,
  HS_CALL_TREE_MODE_BOTTOM_UP,
} HsCallTreeMode;

#define HS_TYPE_CALL_TREE_VIEW (hs_call_tree_view_get_type ())

G_DECLARE_FINAL_TYPE (HsCallTreeView, hs_call_tree_view, HS, CALL_TREE_VIEW, GtkWidget)

GtkWidget  *hs_call_tree_view_new          (void);
void        hs_call_tree_view_set_tree     (HsCallTreeView *self,
                                            HsCallTree     *tree);
gboolean    hs_call_tree_view_set_function (HsCallTreeView *self,
                                            const char     *function_name);
const char *hs_call_tree_view_get_function (HsCallTreeView *self);
/* The callers-and-callees rows (GtkTreeListRow of HsCallTreeItem). */
GListModel *hs_call_tree_view_get_model    (HsCallTreeView *self);

/* The top-down tree (the flame model of the tree's HsTop), or NULL while
 * it is being built; until it is set the tree modes show a placeholder.
 * The bottom-up tree is built from it in a worker the first time the
 * Bottom Up mode is shown (it is as large as the top-down one). */
void        hs_call_tree_view_set_trees    (HsCallTreeView *self,
                                            HsFlameModel   *top_down);
void        hs_call_tree_view_set_mode     (HsCallTreeView *self,
                                            HsCallTreeMode  mode);
HsCallTreeMode hs_call_tree_view_get_mode  (HsCallTreeView *self);
/* The rows of a tree mode as shown (GtkTreeListRow of HsCallTreeItem;
 * the first level is the roots' or the leaves' functions), or NULL
 * before its tree is built. */
GListModel *hs_call_tree_view_get_tree_model (HsCallTreeView *self,
                                              HsCallTreeMode  mode);

G_END_DECLS
