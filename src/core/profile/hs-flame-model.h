/* hs-flame-model.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hs-profile-top.h"

G_BEGIN_DECLS

/* A node of the merged-stacks tree (top-down: the call tree from the
 * roots, which the flame graph draws and the Call Tree view lists). Owned by its HsFlameModel; valid as
 * long as the model lives. The root is a synthetic node "root" whose value
 * is the sum of all sample values (new − base in a diff); samples with no
 * location count in the root's self value. */
typedef struct _HsFlameNode HsFlameNode;

#define HS_TYPE_FLAME_MODEL (hs_flame_model_get_type ())

G_DECLARE_FINAL_TYPE (HsFlameModel, hs_flame_model, HS, FLAME_MODEL, GObject)

HsFlameModel      *hs_flame_model_new              (HsTop             *top);
/* The same for a worker thread: NULL with G_IO_ERROR_CANCELLED soon after
 * @cancellable is cancelled. */
HsFlameModel      *hs_flame_model_new_full         (HsTop             *top,
                                                    GCancellable      *cancellable,
                                                    GError           **error);
/* The bottom-up tree (Sysprof's and heaptrack's "bottom-up", pprof's
 * inverted call tree): the same merge over every stack read from the
 * leaf, so the root's children are the functions with self value (their
 * value is pprof's flat), and each node's children are its callers.
 * Self is the value at the first level (the leaf), 0 below it. */
HsFlameModel      *hs_flame_model_new_inverted_full (HsTop            *top,
                                                    GCancellable      *cancellable,
                                                    GError           **error);
HsTop             *hs_flame_model_get_top          (HsFlameModel      *self);
gboolean           hs_flame_model_get_inverted     (HsFlameModel      *self);
const HsFlameNode *hs_flame_model_get_root         (HsFlameModel      *self);
guint              hs_flame_model_get_max_depth    (HsFlameModel      *self);
guint              hs_flame_model_get_n_nodes      (HsFlameModel      *self);
/* Breadth-first: 0 is the root, then each depth left to right. */
const HsFlameNode *hs_flame_model_get_node         (HsFlameModel      *self,
                                                    guint              index);

/* Name (the HsTop row's function name) and node index (-1 for the root). */
const char        *hs_flame_node_get_name          (const HsFlameNode *node);
int                hs_flame_node_get_top_node      (const HsFlameNode *node);
/* Inclusive value (delta in a diff) and self value. */
gint64             hs_flame_node_get_value         (const HsFlameNode *node);
gint64             hs_flame_node_get_self          (const HsFlameNode *node);
/* A diff's two sides (inclusive); base is 0 and new equals value for a
 * plain profile. For a diff flame graph the frame width is base + new. */
gint64             hs_flame_node_get_base_value    (const HsFlameNode *node);
gint64             hs_flame_node_get_new_value     (const HsFlameNode *node);
guint              hs_flame_node_get_depth         (const HsFlameNode *node);
/* Its number in hs_flame_model_get_node() (breadth-first). */
guint              hs_flame_node_get_index         (const HsFlameNode *node);
/* The flame graph's layout, in value units: a node is as wide as its
 * value (0 when negative), or in a diff as base and new together (their
 * magnitudes, as pprof's diff flame graph draws them); children lie
 * side by side inside their parent, sorted by name, from its left edge. */
gint64             hs_flame_node_get_start         (const HsFlameNode *node);
gint64             hs_flame_node_get_width         (const HsFlameNode *node);
const HsFlameNode *hs_flame_node_get_parent        (const HsFlameNode *node);
/* Children sorted by name, as flame graphs usually are. */
guint              hs_flame_node_get_n_children    (const HsFlameNode *node);
const HsFlameNode *hs_flame_node_get_child         (const HsFlameNode *node,
                                                    guint              i);

G_END_DECLS
