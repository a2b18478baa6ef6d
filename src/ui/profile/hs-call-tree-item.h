/* hs-call-tree-item.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "hs-call-tree.h"
#include "hs-flame-model.h"

G_BEGIN_DECLS

typedef enum
{
  HS_CALL_TREE_ITEM_CALLERS,  /* heading: "Called by" */
  HS_CALL_TREE_ITEM_CALLEES,  /* heading: "Calls" */
  HS_CALL_TREE_ITEM_CALLER,   /* expands to its own callers */
  HS_CALL_TREE_ITEM_CALLEE,   /* expands to its own callees */
  HS_CALL_TREE_ITEM_TREE_NODE,/* a node of a top-down or bottom-up tree */
} HsCallTreeItemKind;

#define HS_TYPE_CALL_TREE_ITEM (hs_call_tree_item_get_type ())

G_DECLARE_FINAL_TYPE (HsCallTreeItem, hs_call_tree_item, HS, CALL_TREE_ITEM, GObject)

HsCallTreeItem     *hs_call_tree_item_new          (HsCallTree         *tree,
                                                    HsCallTreeItemKind  kind,
                                                    guint               node,
                                                    const HsCallEdge   *edge,
                                                    guint               depth);
/* A node of @model's tree (top-down, or bottom-up when inverted); its
 * children are the node's, largest |value| first. */
HsCallTreeItem     *hs_call_tree_item_new_node     (HsFlameModel       *model,
                                                    const HsFlameNode  *node);
/* NULL unless a tree node. */
const HsFlameNode  *hs_call_tree_item_get_flame_node (HsCallTreeItem   *self);
/* Self value of a tree node; 0 for the other kinds. */
gint64              hs_call_tree_item_get_self     (HsCallTreeItem     *self);
HsCallTreeItemKind  hs_call_tree_item_get_kind     (HsCallTreeItem     *self);
guint               hs_call_tree_item_get_node     (HsCallTreeItem     *self);
const char         *hs_call_tree_item_get_name     (HsCallTreeItem     *self);
gint64              hs_call_tree_item_get_value    (HsCallTreeItem     *self);
gint64              hs_call_tree_item_get_base     (HsCallTreeItem     *self);
gint64              hs_call_tree_item_get_new      (HsCallTreeItem     *self);
GListModel         *hs_call_tree_item_get_children (HsCallTreeItem     *self);

G_END_DECLS
