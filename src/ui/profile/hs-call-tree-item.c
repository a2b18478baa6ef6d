/* hs-call-tree-item.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-call-tree-item"

#include "config.h"

#include <glib/gi18n.h>

#include "hs-call-tree-item.h"
/* For hs_top_get_node_name(): in a diff, a caller whose flat and cum did
 * not change has a node but no HsTopRow, and still needs its name. */
#include "hs-profile-top-private.h"

/* Deep recursive stacks would otherwise expand without end. */
#define MAX_DEPTH 64

struct _HsCallTreeItem
{
  GObject             parent_instance;

  /* Owned */
  HsCallTree         *tree;
  HsFlameModel       *model;   /* tree nodes: owns @flame_node */
  const HsFlameNode  *flame_node;
  HsCallTreeItemKind  kind;
  guint               node;
  HsCallEdge          edge;
  guint               depth;
};

G_DEFINE_FINAL_TYPE (HsCallTreeItem, hs_call_tree_item, G_TYPE_OBJECT)

/**
 * hs_call_tree_item_new:
 * @node: the function (a node of the tree's HsTop)
 * @edge: (nullable): the edge that led here; %NULL for a heading
 */
HsCallTreeItem *
hs_call_tree_item_new (HsCallTree         *tree,
                       HsCallTreeItemKind  kind,
                       guint               node,
                       const HsCallEdge   *edge,
                       guint               depth)
{
  HsCallTreeItem *self;

  g_return_val_if_fail (HS_IS_CALL_TREE (tree), NULL);

  self = g_object_new (HS_TYPE_CALL_TREE_ITEM, NULL);
  self->tree = g_object_ref (tree);
  self->kind = kind;
  self->node = node;
  self->depth = depth;
  if (edge != NULL)
    self->edge = *edge;

  return self;
}

HsCallTreeItem *
hs_call_tree_item_new_node (HsFlameModel      *model,
                            const HsFlameNode *node)
{
  HsCallTreeItem *self;

  g_return_val_if_fail (HS_IS_FLAME_MODEL (model), NULL);
  g_return_val_if_fail (node != NULL, NULL);

  self = g_object_new (HS_TYPE_CALL_TREE_ITEM, NULL);
  self->model = g_object_ref (model);
  self->flame_node = node;
  self->kind = HS_CALL_TREE_ITEM_TREE_NODE;
  self->depth = hs_flame_node_get_depth (node);
  self->node = hs_flame_node_get_top_node (node) < 0 ? G_MAXUINT : (guint) hs_flame_node_get_top_node (node);
  return self;
}

const HsFlameNode *
hs_call_tree_item_get_flame_node (HsCallTreeItem *self)
{
  g_return_val_if_fail (HS_IS_CALL_TREE_ITEM (self), NULL);

  return self->flame_node;
}

gint64
hs_call_tree_item_get_self (HsCallTreeItem *self)
{
  g_return_val_if_fail (HS_IS_CALL_TREE_ITEM (self), 0);

  return self->flame_node != NULL ? hs_flame_node_get_self (self->flame_node) : 0;
}

HsCallTreeItemKind
hs_call_tree_item_get_kind (HsCallTreeItem *self)
{
  g_return_val_if_fail (HS_IS_CALL_TREE_ITEM (self), 0);

  return self->kind;
}

guint
hs_call_tree_item_get_node (HsCallTreeItem *self)
{
  g_return_val_if_fail (HS_IS_CALL_TREE_ITEM (self), 0);

  return self->kind == HS_CALL_TREE_ITEM_CALLER || self->kind == HS_CALL_TREE_ITEM_CALLEE ?
    self->edge.node : self->node;
}

const char *
hs_call_tree_item_get_name (HsCallTreeItem *self)
{
  HsTop *top;

  g_return_val_if_fail (HS_IS_CALL_TREE_ITEM (self), NULL);

  if (self->kind == HS_CALL_TREE_ITEM_CALLERS)
    return _("Called by");
  if (self->kind == HS_CALL_TREE_ITEM_CALLEES)
    return _("Calls");
  if (self->flame_node != NULL)
    return hs_flame_node_get_name (self->flame_node);

  top = hs_call_tree_get_top (self->tree);
  if (self->edge.node < hs_top_get_n_rows (top))
    return hs_top_row_get_name (hs_top_get_row (top, self->edge.node));
  return hs_top_get_node_name (top, self->edge.node);
}

/* Headings show the selected function's own cum, so that the edges
 * below read as shares of it. */
static HsTopRow *
heading_row (HsCallTreeItem *self)
{
  return hs_top_get_row (hs_call_tree_get_top (self->tree), self->node);
}

gint64
hs_call_tree_item_get_value (HsCallTreeItem *self)
{
  g_return_val_if_fail (HS_IS_CALL_TREE_ITEM (self), 0);

  if (self->flame_node != NULL)
    return hs_flame_node_get_value (self->flame_node);
  if (self->kind == HS_CALL_TREE_ITEM_CALLERS || self->kind == HS_CALL_TREE_ITEM_CALLEES)
    return hs_top_row_get_cum (heading_row (self));
  return self->edge.value;
}

gint64
hs_call_tree_item_get_base (HsCallTreeItem *self)
{
  g_return_val_if_fail (HS_IS_CALL_TREE_ITEM (self), 0);

  if (self->flame_node != NULL)
    return hs_flame_node_get_base_value (self->flame_node);
  if (self->kind == HS_CALL_TREE_ITEM_CALLERS || self->kind == HS_CALL_TREE_ITEM_CALLEES)
    return hs_top_row_get_base_cum (heading_row (self));
  return self->edge.base_value;
}

gint64
hs_call_tree_item_get_new (HsCallTreeItem *self)
{
  g_return_val_if_fail (HS_IS_CALL_TREE_ITEM (self), 0);

  if (self->flame_node != NULL)
    return hs_flame_node_get_new_value (self->flame_node);
  if (self->kind == HS_CALL_TREE_ITEM_CALLERS || self->kind == HS_CALL_TREE_ITEM_CALLEES)
    return hs_top_row_get_new_cum (heading_row (self));
  return self->edge.new_value;
}

static int
compare_by_value (gconstpointer a,
                  gconstpointer b)
{
  const HsFlameNode *x = *(const HsFlameNode * const *) a;
  const HsFlameNode *y = *(const HsFlameNode * const *) b;
  gint64 vx = hs_flame_node_get_value (x), vy = hs_flame_node_get_value (y);
  guint64 ax = vx < 0 ? (guint64) 0 - (guint64) vx : (guint64) vx;
  guint64 ay = vy < 0 ? (guint64) 0 - (guint64) vy : (guint64) vy;

  if (ax != ay)
    return ax > ay ? -1 : 1;
  return g_strcmp0 (hs_flame_node_get_name (x), hs_flame_node_get_name (y));
}

/* A tree has no depth limit of its own: its nodes are the stacks' frames,
 * so expanding ends at the deepest stack. Largest first, as Sysprof and
 * heaptrack list them (the model keeps them by name, for flame graphs). */
static GListModel *
tree_node_children (HsCallTreeItem *self)
{
  guint n = hs_flame_node_get_n_children (self->flame_node);
  g_autoptr(GPtrArray) sorted = NULL;
  GListStore *store;

  if (n == 0)
    return NULL;
  sorted = g_ptr_array_sized_new (n);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (sorted, (gpointer) hs_flame_node_get_child (self->flame_node, i));
  g_ptr_array_sort (sorted, compare_by_value);

  store = g_list_store_new (HS_TYPE_CALL_TREE_ITEM);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HsCallTreeItem) child = hs_call_tree_item_new_node (self->model, g_ptr_array_index (sorted, i));

      g_list_store_append (store, child);
    }
  return G_LIST_MODEL (store);
}

/**
 * hs_call_tree_item_get_children:
 *
 * Returns: (transfer full) (nullable): the callers (or callees) one level
 *   further, or %NULL when there are none
 */
GListModel *
hs_call_tree_item_get_children (HsCallTreeItem *self)
{
  g_autoptr(GArray) edges = NULL;
  GListStore *store;
  HsCallTreeItemKind child_kind;
  guint node;

  g_return_val_if_fail (HS_IS_CALL_TREE_ITEM (self), NULL);

  if (self->flame_node != NULL)
    return tree_node_children (self);
  if (self->depth >= MAX_DEPTH)
    return NULL;

  node = hs_call_tree_item_get_node (self);
  switch (self->kind)
    {
    case HS_CALL_TREE_ITEM_CALLERS:
    case HS_CALL_TREE_ITEM_CALLER:
      edges = hs_call_tree_get_callers (self->tree, node);
      child_kind = HS_CALL_TREE_ITEM_CALLER;
      break;
    case HS_CALL_TREE_ITEM_CALLEES:
    case HS_CALL_TREE_ITEM_CALLEE:
    default:
      edges = hs_call_tree_get_callees (self->tree, node);
      child_kind = HS_CALL_TREE_ITEM_CALLEE;
      break;
    }

  if (edges == NULL || edges->len == 0)
    return NULL;

  store = g_list_store_new (HS_TYPE_CALL_TREE_ITEM);
  for (guint i = 0; i < edges->len; i++)
    {
      g_autoptr(HsCallTreeItem) child =
        hs_call_tree_item_new (self->tree, child_kind, node,
                               &g_array_index (edges, HsCallEdge, i), self->depth + 1);

      g_list_store_append (store, child);
    }

  return G_LIST_MODEL (store);
}

static void
hs_call_tree_item_finalize (GObject *object)
{
  HsCallTreeItem *self = HS_CALL_TREE_ITEM (object);

  g_clear_object (&self->tree);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (hs_call_tree_item_parent_class)->finalize (object);
}

static void
hs_call_tree_item_class_init (HsCallTreeItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hs_call_tree_item_finalize;
}

static void
hs_call_tree_item_init (HsCallTreeItem *self)
{
}
