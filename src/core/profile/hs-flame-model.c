/* hs-flame-model.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-flame-model"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "hs-flame-model.h"
#include "hs-profile-top-private.h"

/* The merged-stacks tree: every stack, root to leaf, with inlined frames
 * as their own levels (as pprof's flame graph shows them) and recursion
 * kept (a frame under itself). Built once into a flat array in which each
 * node's children are contiguous and sorted by name, so the widget can
 * walk it without allocating. */

/* 32 bytes: a large profile has close to a million nodes, and the flame
 * graph draws straight from them (no copy). What is the same for all
 * nodes, or only a diff has, stays in the model: a node finds it from
 * its index, as the slot before node 0 holds the model. Breadth-first,
 * each node's children follow those of the nodes before it, so where a
 * node's children begin (where a leaf's would) never decreases: the next
 * node's says how many there are (a last slot closes the list), and a
 * binary search finds the parent. Self values are not stored either:
 * they follow from the children. */
struct _HsFlameNode
{
  gint64      value;        /* inclusive, the new (or only) side */
  gint64      start;        /* the flame graph's layout, in value units */
  guint32     index;
  guint32     first_child;  /* index */
  guint32     depth;
  int         top_node;
};

G_STATIC_ASSERT (sizeof (HsFlameNode) == 32);
G_STATIC_ASSERT (sizeof (HsFlameModel *) <= sizeof (HsFlameNode));

typedef struct
{
  guint32 node;
  guint32 parent;
  guint32 depth;
  gint64  value[2];
} Tmp;

struct _HsFlameModel
{
  GObject      parent_instance;

  /* Owned */
  HsTop       *top;
  HsFlameNode *block;  /* the model's address, the nodes, a closing slot */
  HsFlameNode *nodes;
  gint64      *base;   /* a diff's base side, by index; NULL otherwise */
  guint        n_nodes;
  guint        max_depth;
  gboolean     inverted;
  gboolean     diff;
};

G_DEFINE_FINAL_TYPE (HsFlameModel, hs_flame_model, G_TYPE_OBJECT)

static void
hs_flame_model_finalize (GObject *object)
{
  HsFlameModel *self = (HsFlameModel *) object;

  g_clear_object (&self->top);
  g_clear_pointer (&self->block, g_free);
  g_clear_pointer (&self->base, g_free);

  G_OBJECT_CLASS (hs_flame_model_parent_class)->finalize (object);
}

static void
hs_flame_model_class_init (HsFlameModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hs_flame_model_finalize;
}

static void
hs_flame_model_init (HsFlameModel *self)
{
}

typedef struct
{
  Tmp   *tmp;
  HsTop *top;
} SortCtx;

static HsFlameModel *hs_flame_model_new_oriented (HsTop         *top,
                                                 gboolean       inverted,
                                                 GCancellable  *cancellable,
                                                 GError       **error);

static int
compare_children (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  const SortCtx *ctx = user_data;
  const Tmp *x = &ctx->tmp[*(const guint32 *) a];
  const Tmp *y = &ctx->tmp[*(const guint32 *) b];

  return strcmp (hs_top_get_node_name (ctx->top, x->node), hs_top_get_node_name (ctx->top, y->node));
}

HsFlameModel *
hs_flame_model_new (HsTop *top)
{
  return hs_flame_model_new_full (top, NULL, NULL);
}

HsFlameModel *
hs_flame_model_new_full (HsTop         *top,
                         GCancellable  *cancellable,
                         GError       **error)
{
  return hs_flame_model_new_oriented (top, FALSE, cancellable, error);
}

HsFlameModel *
hs_flame_model_new_inverted_full (HsTop         *top,
                                  GCancellable  *cancellable,
                                  GError       **error)
{
  return hs_flame_model_new_oriented (top, TRUE, cancellable, error);
}

/* One frame of stack @s of @in, counted from the root (@inverted: from
 * the leaf), with inlined frames as their own levels: loc_nodes list a
 * location's frames outermost first. */
typedef struct
{
  const HsTopInput *in;
  const guint32    *locs;
  guint32           li;     /* position in locs */
  guint32           j;      /* position in loc_nodes */
  guint32           end;
  gboolean          inverted;
} FrameWalk;

static gboolean
frame_walk_next (FrameWalk *w,
                 guint32    start,
                 guint32   *out_node)
{
  const HsTopInput *in = w->in;

  if (!w->inverted)
    {
      /* li counts down from the end (root) to start; j runs forward. */
      while (w->j == w->end)
        {
          guint32 loc;

          if (w->li == start)
            return FALSE;
          loc = w->locs[--w->li];
          w->j = in->loc_node_off[loc];
          w->end = in->loc_node_off[loc + 1];
        }
      *out_node = in->loc_nodes[w->j++];
      return TRUE;
    }
  /* li counts up from start (leaf); j runs backward. */
  while (w->j == w->end)
    {
      guint32 loc;

      if (w->li == start)
        return FALSE;
      loc = w->locs[w->li++];
      w->j = in->loc_node_off[loc + 1];
      w->end = in->loc_node_off[loc];
    }
  *out_node = in->loc_nodes[--w->j];
  return TRUE;
}

static HsFlameModel *
hs_flame_model_new_oriented (HsTop         *top,
                             gboolean       inverted,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autoptr(HsFlameModel) self = NULL;
  g_autoptr(GArray) tmp = g_array_new (FALSE, TRUE, sizeof (Tmp));
  /* (parent, top node) + 1 → child; a million entries on big profiles. */
  HsU64Map child_of;
  g_autofree guint32 *child_start = NULL;
  g_autofree guint32 *child_list = NULL;
  g_autofree guint32 *fill = NULL;
  g_autofree guint32 *queue = NULL;
  g_autofree guint32 *placed = NULL;
  Tmp root = { HS_NO_INDEX, HS_NO_INDEX, 0, { 0, 0 } };
  guint n, head, tail;
  SortCtx ctx;
  gboolean diff;

  g_return_val_if_fail (HS_IS_TOP (top), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  diff = hs_top_get_is_diff (top);
  self = g_object_new (HS_TYPE_FLAME_MODEL, NULL);
  self->top = g_object_ref (top);
  self->inverted = inverted;
  self->diff = diff;
  g_array_append_val (tmp, root);
  hs_u64_map_init (&child_of, 1024);

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
          guint32 cur = 0;
          FrameWalk walk;

          if (hs_cancel_check_work (cancellable, &work, offsets[s + 1] - offsets[s] + 1, error))
            {
              hs_u64_map_clear (&child_of);
              return NULL;
            }
          if (v == 0)
            continue;
          g_array_index (tmp, Tmp, 0).value[k] = hs_add64 (g_array_index (tmp, Tmp, 0).value[k], v);
          walk.in = in;
          walk.locs = locs;
          walk.inverted = inverted;
          walk.j = walk.end = 0;
          /* Root first: from the end of the list down to its start; leaf
           * first: from its start up to its end. */
          walk.li = inverted ? offsets[s] : offsets[s + 1];
          {
            guint32 node;
            guint32 stop = inverted ? offsets[s + 1] : offsets[s];

            while (frame_walk_next (&walk, stop, &node))
                {
                  guint64 key = (guint64) GPOINTER_TO_SIZE (hs_pair_key (cur, node)) + 1;
                  gboolean added;
                  guint32 *found = hs_u64_map_insert (&child_of, key, &added);
                  Tmp *t;

                  if (added)
                    {
                      Tmp child = { node, cur, g_array_index (tmp, Tmp, cur).depth + 1, { 0, 0 } };

                      *found = tmp->len;
                      g_array_append_val (tmp, child);
                    }
                  cur = *found;
                  t = &g_array_index (tmp, Tmp, cur);
                  t->value[k] = hs_add64 (t->value[k], v);
                  self->max_depth = MAX (self->max_depth, t->depth);
                }
          }
        }
    }
  hs_u64_map_clear (&child_of);

  /* Children lists by counting sort on the parent, then a breadth-first
   * layout so that siblings are contiguous. */
  n = tmp->len;
  child_start = g_new0 (guint32, n + 1);
  for (guint i = 1; i < n; i++)
    child_start[g_array_index (tmp, Tmp, i).parent + 1]++;
  for (guint i = 0; i < n; i++)
    child_start[i + 1] += child_start[i];
  fill = g_memdup2 (child_start, (n + 1) * sizeof (guint32));
  child_list = g_new (guint32, MAX (n, 1));
  for (guint i = 1; i < n; i++)
    child_list[fill[g_array_index (tmp, Tmp, i).parent]++] = i;

  ctx.tmp = (Tmp *) (gpointer) tmp->data;
  ctx.top = top;
  self->block = g_new0 (HsFlameNode, (gsize) n + 2);
  {
    HsFlameModel *model = self;

    memcpy (self->block, &model, sizeof model);
  }
  self->nodes = self->block + 1;
  self->n_nodes = n;
  self->nodes[n].first_child = n;
  if (diff)
    self->base = g_new0 (gint64, n);
  queue = g_new (guint32, n);
  placed = g_new (guint32, n);
  queue[0] = 0;
  placed[0] = 0;
  head = 0;
  tail = 1;
  while (head < tail)
    {
      guint32 t = queue[head];

      if (hs_cancel_check (cancellable, head + 1, error))
        return NULL;
      guint32 at = placed[t];
      HsFlameNode *out = &self->nodes[at];
      const Tmp *src = &ctx.tmp[t];
      guint32 nc = child_start[t + 1] - child_start[t];

      out->index = at;
      out->top_node = src->node == HS_NO_INDEX ? -1 : (int) src->node;
      out->depth = src->depth;
      out->value = src->value[0];
      if (self->base != NULL)
        self->base[at] = src->value[1];
      out->first_child = tail;
      g_qsort_with_data (child_list + child_start[t], nc, sizeof (guint32), compare_children, &ctx);
      {
        /* Children lie side by side inside their parent, by name. */
        gint64 child_start_at = out->start;

        for (guint32 c = 0; c < nc; c++)
          {
            guint32 child = child_list[child_start[t] + c];
            HsFlameNode *placed_child = &self->nodes[tail];

            placed[child] = tail;
            placed_child->index = tail;
            placed_child->start = child_start_at;
            placed_child->value = ctx.tmp[child].value[0];
            if (self->base != NULL)
              self->base[tail] = ctx.tmp[child].value[1];
            child_start_at += hs_flame_node_get_width (placed_child);
            queue[tail++] = child;
          }
      }
      head++;
    }

  return g_steal_pointer (&self);
}

HsTop *
hs_flame_model_get_top (HsFlameModel *self)
{
  g_return_val_if_fail (HS_IS_FLAME_MODEL (self), NULL);
  return self->top;
}

gboolean
hs_flame_model_get_inverted (HsFlameModel *self)
{
  g_return_val_if_fail (HS_IS_FLAME_MODEL (self), FALSE);
  return self->inverted;
}

const HsFlameNode *
hs_flame_model_get_root (HsFlameModel *self)
{
  g_return_val_if_fail (HS_IS_FLAME_MODEL (self), NULL);
  return &self->nodes[0];
}

guint
hs_flame_model_get_max_depth (HsFlameModel *self)
{
  g_return_val_if_fail (HS_IS_FLAME_MODEL (self), 0);
  return self->max_depth;
}

guint
hs_flame_model_get_n_nodes (HsFlameModel *self)
{
  g_return_val_if_fail (HS_IS_FLAME_MODEL (self), 0);
  return self->n_nodes;
}

/* The model a node belongs to: the slot before node 0 holds it. */
static inline HsFlameModel *
node_model (const HsFlameNode *node)
{
  HsFlameModel *model;

  memcpy (&model, node - node->index - 1, sizeof model);
  return model;
}

/* Side 0 is new (or the only one), 1 a diff's base. */
static inline gint64
node_side (const HsFlameNode *node,
           guint              k)
{
  const gint64 *base;

  if (k == 0)
    return node->value;
  base = node_model (node)->base;
  return base != NULL ? base[node->index] : 0;
}

const char *
hs_flame_node_get_name (const HsFlameNode *node)
{
  if (node->top_node < 0)
    return "root";
  return hs_top_get_node_name (node_model (node)->top, (guint) node->top_node);
}

int
hs_flame_node_get_top_node (const HsFlameNode *node)
{
  return node->top_node;
}

gint64
hs_flame_node_get_value (const HsFlameNode *node)
{
  return hs_sub64 (node_side (node, 0), node_side (node, 1));
}

/* Every sample through a node ends there or goes on to exactly one
 * child, so a node's own value is what its children do not take.
 * Bottom-up, that is the first level (the leaf) and the root's samples
 * with no frame; a caller further up has none. */
static gint64
node_self (const HsFlameNode *node,
           guint              k)
{
  gint64 self = node_side (node, k);
  const HsFlameNode *child = node - node->index + node->first_child;
  guint n = hs_flame_node_get_n_children (node);

  if (node->depth > 0 && node_model (node)->inverted)
    return node->depth == 1 ? self : 0;
  for (guint i = 0; i < n; i++)
    self = hs_sub64 (self, node_side (child + i, k));
  return self;
}

gint64
hs_flame_node_get_self (const HsFlameNode *node)
{
  return hs_sub64 (node_self (node, 0), node_self (node, 1));
}

gint64
hs_flame_node_get_start (const HsFlameNode *node)
{
  return node->start;
}

gint64
hs_flame_node_get_width (const HsFlameNode *node)
{
  if (node_model (node)->diff)
    return ABS (node_side (node, 1)) + ABS (node->value);
  return MAX (0, hs_flame_node_get_value (node));
}

gint64
hs_flame_node_get_base_value (const HsFlameNode *node)
{
  return node_side (node, 1);
}

gint64
hs_flame_node_get_new_value (const HsFlameNode *node)
{
  return node->value;
}

guint
hs_flame_node_get_depth (const HsFlameNode *node)
{
  return node->depth;
}

guint
hs_flame_node_get_index (const HsFlameNode *node)
{
  return node->index;
}

const HsFlameNode *
hs_flame_node_get_parent (const HsFlameNode *node)
{
  const HsFlameNode *nodes = node - node->index;
  guint lo = 0, hi = node->index;

  if (node->depth == 0)
    return NULL;
  /* The last node whose children begin at or before this one. */
  while (hi - lo > 1)
    {
      guint mid = lo + (hi - lo) / 2;

      if (nodes[mid].first_child <= node->index)
        lo = mid;
      else
        hi = mid;
    }
  return &nodes[lo];
}

guint
hs_flame_node_get_n_children (const HsFlameNode *node)
{
  return node[1].first_child - node->first_child;
}

const HsFlameNode *
hs_flame_node_get_child (const HsFlameNode *node,
                         guint              i)
{
  g_return_val_if_fail (i < hs_flame_node_get_n_children (node), NULL);
  return node - node->index + node->first_child + i;
}

/**
 * hs_flame_model_get_node:
 *
 * Nodes are numbered breadth-first: the root is 0, and each depth's
 * nodes follow the previous depth's, left to right as the flame graph
 * lays them out.
 */
const HsFlameNode *
hs_flame_model_get_node (HsFlameModel *self,
                         guint         index)
{
  g_return_val_if_fail (HS_IS_FLAME_MODEL (self), NULL);
  g_return_val_if_fail (index < self->n_nodes, NULL);
  return &self->nodes[index];
}
