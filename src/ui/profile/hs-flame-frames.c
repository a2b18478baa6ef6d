/* hs-flame-frames.c: lays the core's flame model out for HsFlameGraph
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-flame-frames"

#include "config.h"

#include "hs-flame-frames.h"

/* A plain frame is as wide as its value; a diff frame covers both sides,
 * base + new, as pprof's diff flame graph does. */
static gint64
node_width (const HsFlameNode *node,
            gboolean           diff)
{
  if (diff)
    return ABS (hs_flame_node_get_base_value (node)) + ABS (hs_flame_node_get_new_value (node));
  return MAX (0, hs_flame_node_get_value (node));
}

typedef struct
{
  GArray       *frames;
  HsTop        *top;
  gboolean      diff;
  GCancellable *cancellable;
  gboolean      cancelled;
} Layout;

/* Like the core's loops, looks at the cancellable once every 4096
 * frames: a profile can have close to a million. */
#define CANCEL_EVERY 4096

static void
append_node (Layout            *layout,
             const HsFlameNode *node,
             gint64             start)
{
  HsFlameFrame frame = { 0 };
  GArray *frames = layout->frames;
  gboolean diff = layout->diff;
  gint64 child_start = start;

  if (layout->cancelled ||
      (frames->len % CANCEL_EVERY == 0 && g_cancellable_is_cancelled (layout->cancellable)))
    {
      layout->cancelled = TRUE;
      return;
    }

  frame.node = node;
  frame.start = start;
  frame.width = node_width (node, diff);
  g_array_append_val (frames, frame);

  for (guint i = 0; i < hs_flame_node_get_n_children (node); i++)
    {
      const HsFlameNode *child = hs_flame_node_get_child (node, i);

      append_node (layout, child, child_start);
      if (layout->cancelled)
        return;
      child_start += node_width (child, diff);
    }
}

/**
 * hs_flame_frames_from_model:
 * @out_total: (out): the width of the root, in value units
 * @cancellable: (nullable): stops the layout when cancelled
 *
 * Flattens @model in pre-order with each child placed after its elder
 * siblings inside its parent. Safe to call from a worker thread.
 *
 * Returns: (transfer full) (nullable): frames for
 *   hs_flame_graph_set_frames(), or %NULL with G_IO_ERROR_CANCELLED
 */
GArray *
hs_flame_frames_from_model (HsFlameModel  *model,
                            gint64        *out_total,
                            GCancellable  *cancellable,
                            GError       **error)
{
  const HsFlameNode *root = hs_flame_model_get_root (model);
  Layout layout = { 0 };

  layout.top = hs_flame_model_get_top (model);
  layout.diff = hs_top_get_is_diff (layout.top);
  layout.cancellable = cancellable;
  layout.frames = hs_flame_frames_new ();
  /* One frame per node: reserved once, not grown by doubling. */
  g_array_set_size (layout.frames, hs_flame_model_get_n_nodes (model));
  g_array_set_size (layout.frames, 0);
  if (root != NULL)
    append_node (&layout, root, 0);

  if (layout.cancelled)
    {
      g_array_unref (layout.frames);
      g_cancellable_set_error_if_cancelled (cancellable, error);
      return NULL;
    }
  *out_total = root != NULL ? node_width (root, layout.diff) : 0;
  return layout.frames;
}
