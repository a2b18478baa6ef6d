/* hs-call-tree.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hs-profile-top.h"

G_BEGIN_DECLS

/* One caller or callee edge of a node: pprof's edge weight, i.e. the sum of
 * the samples whose stack has the call (counted once per sample). */
typedef struct
{
  guint  node;        /* the other end: node (= row) index in the HsTop */
  gint64 value;       /* delta in a diff */
  gint64 base_value;  /* 0 unless a diff */
  gint64 new_value;
  gboolean inline_call;
} HsCallEdge;

#define HS_TYPE_CALL_TREE (hs_call_tree_get_type ())

G_DECLARE_FINAL_TYPE (HsCallTree, hs_call_tree, HS, CALL_TREE, GObject)

/* Computes every caller→callee edge of @top's graph (one pass over the
 * stacks). */
HsCallTree *hs_call_tree_new          (HsTop      *top);
/* The same for a worker thread: NULL with G_IO_ERROR_CANCELLED soon after
 * @cancellable is cancelled. */
HsCallTree *hs_call_tree_new_full     (HsTop         *top,
                                       GCancellable  *cancellable,
                                       GError       **error);
HsTop      *hs_call_tree_get_top      (HsCallTree *self);
/* Arrays of HsCallEdge sorted by |value| desc then name; transfer full. */
GArray     *hs_call_tree_get_callers  (HsCallTree *self,
                                       guint       node);
GArray     *hs_call_tree_get_callees  (HsCallTree *self,
                                       guint       node);

G_END_DECLS
