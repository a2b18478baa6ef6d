/* hs-call-tree.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-call-tree"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "hs-call-tree.h"
#include "hs-profile-top-private.h"

/* pprof's graph edges: for each sample, each caller→callee pair on the
 * stack (callee ≠ caller) gets the sample's value once. */

typedef struct
{
  guint32  from;
  guint32  to;
  guint32  stamp;
  gboolean all_inline;
  gint64   w[2];
} Edge;

struct _HsCallTree
{
  GObject  parent_instance;

  /* Owned */
  HsTop   *top;
  GArray  *edges;   /* Edge */
  /* Edge indexes by caller and by callee (counting sort): a row's
   * callers or callees cost their own number, not a scan of every edge,
   * which expanding rows of a 100,000-edge profile would repeat. */
  guint     n_index;   /* nodes indexed: 1 + the largest one in an edge */
  guint32  *from_start, *from_list;
  guint32  *to_start, *to_list;
};

G_DEFINE_FINAL_TYPE (HsCallTree, hs_call_tree, G_TYPE_OBJECT)

static void
hs_call_tree_finalize (GObject *object)
{
  HsCallTree *self = (HsCallTree *) object;

  g_clear_object (&self->top);
  g_clear_pointer (&self->edges, g_array_unref);
  g_clear_pointer (&self->from_start, g_free);
  g_clear_pointer (&self->from_list, g_free);
  g_clear_pointer (&self->to_start, g_free);
  g_clear_pointer (&self->to_list, g_free);

  G_OBJECT_CLASS (hs_call_tree_parent_class)->finalize (object);
}

static void
hs_call_tree_class_init (HsCallTreeClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hs_call_tree_finalize;
}

static void
hs_call_tree_init (HsCallTree *self)
{
  self->edges = g_array_new (FALSE, TRUE, sizeof (Edge));
}

static void
add_edge (HsCallTree *self,
          GHashTable *index,
          guint       k,
          guint32     from,
          guint32     to,
          gboolean    is_inline,
          gint64      v,
          guint32     stamp)
{
  gpointer key = hs_pair_key (from, to);
  gpointer found;
  Edge *e;

  if (from == to)
    return;
  found = g_hash_table_lookup (index, key);
  if (found == NULL)
    {
      Edge edge = { from, to, 0, TRUE, { 0, 0 } };

      g_array_append_val (self->edges, edge);
      found = GUINT_TO_POINTER (self->edges->len);
      g_hash_table_insert (index, key, found);
    }
  e = &g_array_index (self->edges, Edge, GPOINTER_TO_UINT (found) - 1);
  if (e->stamp == stamp)
    return;
  e->stamp = stamp;
  e->w[k] = hs_add64 (e->w[k], v);
  if (!is_inline)
    e->all_inline = FALSE;
}

/* start[node]..start[node + 1] in list: the edges whose @to_side (or
 * from side) is node, in edge order. */
static void
index_edges (HsCallTree *self,
             gboolean    to_side,
             guint32   **out_start,
             guint32   **out_list)
{
  guint n = self->n_index;
  guint32 *start = g_new0 (guint32, n + 1);
  guint32 *list = g_new (guint32, MAX (self->edges->len, 1));
  g_autofree guint32 *fill = NULL;

  for (guint i = 0; i < self->edges->len; i++)
    {
      const Edge *e = &g_array_index (self->edges, Edge, i);

      start[(to_side ? e->to : e->from) + 1]++;
    }
  for (guint i = 0; i < n; i++)
    start[i + 1] += start[i];
  fill = g_memdup2 (start, (n + 1) * sizeof (guint32));
  for (guint i = 0; i < self->edges->len; i++)
    {
      const Edge *e = &g_array_index (self->edges, Edge, i);

      list[fill[to_side ? e->to : e->from]++] = i;
    }
  *out_start = start;
  *out_list = list;
}

HsCallTree *
hs_call_tree_new (HsTop *top)
{
  return hs_call_tree_new_full (top, NULL, NULL);
}

HsCallTree *
hs_call_tree_new_full (HsTop         *top,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(HsCallTree) self = NULL;
  g_autoptr(GHashTable) index = g_hash_table_new (hs_pair_hash, g_direct_equal);
  guint32 stamp = 0;

  g_return_val_if_fail (HS_IS_TOP (top), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  self = g_object_new (HS_TYPE_CALL_TREE, NULL);
  self->top = g_object_ref (top);

  gsize work = 0;

  for (guint k = 0; k < hs_top_get_n_inputs (top); k++)
    {
      const HsTopInput *in = hs_top_get_input (top, k);
      const guint32 *offsets = (const guint32 *) (gpointer) in->data->stack_offsets->data;
      const guint32 *locs = (const guint32 *) (gpointer) in->data->stack_locs->data;
      guint n_stacks = hs_profile_data_n_stacks (in->data);

      for (guint s = 0; s < n_stacks; s++)
        {
          gint64 v = in->stack_value[s];
          guint32 parent = HS_NO_INDEX;

          if (hs_cancel_check_work (cancellable, &work, offsets[s + 1] - offsets[s] + 1, error))
            return NULL;
          if (v == 0)
            continue;
          /* A stamp per (input, stack): edges count once per stack. */
          stamp++;
          for (guint32 i = offsets[s + 1]; i > offsets[s]; i--)
            {
              guint32 li = locs[i - 1];

              for (guint32 j = in->loc_node_off[li]; j < in->loc_node_off[li + 1]; j++)
                {
                  guint32 n = in->loc_nodes[j];

                  if (parent != HS_NO_INDEX)
                    add_edge (self, index, k, parent, n, j != in->loc_node_off[li], v, stamp);
                  parent = n;
                }
            }
        }
    }
  for (guint i = 0; i < self->edges->len; i++)
    {
      const Edge *e = &g_array_index (self->edges, Edge, i);

      self->n_index = MAX (self->n_index, MAX (e->from, e->to) + 1);
    }
  index_edges (self, FALSE, &self->from_start, &self->from_list);
  index_edges (self, TRUE, &self->to_start, &self->to_list);
  return g_steal_pointer (&self);
}

HsTop *
hs_call_tree_get_top (HsCallTree *self)
{
  g_return_val_if_fail (HS_IS_CALL_TREE (self), NULL);
  return self->top;
}

static int
compare_call_edges (gconstpointer a,
                    gconstpointer b,
                    gpointer      user_data)
{
  HsTop *top = user_data;
  const HsCallEdge *x = a, *y = b;
  guint64 ax = hs_abs64 (x->value);
  guint64 ay = hs_abs64 (y->value);

  if (ax != ay)
    return ax > ay ? -1 : 1;
  return strcmp (hs_top_get_node_name (top, x->node), hs_top_get_node_name (top, y->node));
}

static GArray *
collect (HsCallTree *self,
         guint       node,
         gboolean    callers)
{
  GArray *out = g_array_new (FALSE, TRUE, sizeof (HsCallEdge));
  gboolean diff = hs_top_get_is_diff (self->top);
  const guint32 *start = callers ? self->to_start : self->from_start;
  const guint32 *list = callers ? self->to_list : self->from_list;

  if (node >= self->n_index)
    return out;
  for (guint32 i = start[node]; i < start[node + 1]; i++)
    {
      const Edge *e = &g_array_index (self->edges, Edge, list[i]);
      HsCallEdge ce;

      ce.node = callers ? e->from : e->to;
      ce.new_value = e->w[0];
      ce.base_value = diff ? e->w[1] : 0;
      ce.value = hs_sub64 (ce.new_value, ce.base_value);
      ce.inline_call = e->all_inline;
      if (ce.value == 0 && ce.new_value == 0 && ce.base_value == 0)
        continue;
      g_array_append_val (out, ce);
    }
  g_array_sort_with_data (out, compare_call_edges, self->top);
  return out;
}

GArray *
hs_call_tree_get_callers (HsCallTree *self,
                          guint       node)
{
  g_return_val_if_fail (HS_IS_CALL_TREE (self), NULL);
  return collect (self, node, TRUE);
}

GArray *
hs_call_tree_get_callees (HsCallTree *self,
                          guint       node)
{
  g_return_val_if_fail (HS_IS_CALL_TREE (self), NULL);
  return collect (self, node, FALSE);
}
