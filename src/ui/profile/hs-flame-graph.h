/* hs-flame-graph.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "hs-flame-model.h"

G_BEGIN_DECLS

/*
 * One laid-out frame. The widget draws what it is given: frames come from
 * the core's flame model, flattened in pre-order (a parent before its
 * children), with @start and @width in value units of the whole graph.
 * Everything else (name, depth, values) is read from the model's node
 * through the accessors below, not copied: a large profile has close to
 * a million frames, so a frame is the 24 bytes the layout adds. The graph
 * keeps the model alive (the "owner").
 */
typedef struct
{
  const HsFlameNode *node;   /* the owner model's node */
  gint64             start;  /* offset from the left edge, in value units */
  gint64             width;  /* extent, in value units (diff: base + new magnitude) */
} HsFlameFrame;

/* The function's name; depth (0 = root); the figure the tooltip shows
 * (a diff's new value); a diff's base value (0 otherwise). */
static inline const char *
hs_flame_frame_get_name (const HsFlameFrame *frame)
{
  return hs_flame_node_get_name (frame->node);
}

static inline guint
hs_flame_frame_get_depth (const HsFlameFrame *frame)
{
  return hs_flame_node_get_depth (frame->node);
}

static inline gint64
hs_flame_frame_get_value (const HsFlameFrame *frame)
{
  return hs_flame_node_get_new_value (frame->node);
}

static inline gint64
hs_flame_frame_get_base (const HsFlameFrame *frame)
{
  return hs_flame_node_get_base_value (frame->node);
}

#define HS_TYPE_FLAME_GRAPH (hs_flame_graph_get_type ())

G_DECLARE_FINAL_TYPE (HsFlameGraph, hs_flame_graph, HS, FLAME_GRAPH, GtkWidget)

GtkWidget          *hs_flame_graph_new              (void);
void                hs_flame_graph_set_frames       (HsFlameGraph       *self,
                                                     GArray             *frames,
                                                     gint64              total,
                                                     gboolean            diff,
                                                     GObject            *owner);
guint               hs_flame_graph_get_n_frames     (HsFlameGraph       *self);
const HsFlameFrame *hs_flame_graph_get_frame        (HsFlameGraph       *self,
                                                     guint               index);
void                hs_flame_graph_set_unit         (HsFlameGraph       *self,
                                                     const char         *unit);
void                hs_flame_graph_set_root_at_top  (HsFlameGraph       *self,
                                                     gboolean            root_at_top);
gboolean            hs_flame_graph_get_root_at_top  (HsFlameGraph       *self);
void                hs_flame_graph_set_search       (HsFlameGraph       *self,
                                                     const char         *search);
guint               hs_flame_graph_get_n_matches    (HsFlameGraph       *self);
void                hs_flame_graph_zoom_to          (HsFlameGraph       *self,
                                                     int                 index);
int                 hs_flame_graph_get_zoom         (HsFlameGraph       *self);
void                hs_flame_graph_reset_zoom       (HsFlameGraph       *self);
int                 hs_flame_graph_frame_at         (HsFlameGraph       *self,
                                                     double              x,
                                                     double              y);
gboolean            hs_flame_graph_get_frame_area   (HsFlameGraph       *self,
                                                     guint               index,
                                                     graphene_rect_t    *area);
char               *hs_flame_graph_describe_frame   (HsFlameGraph       *self,
                                                     guint               index);
GArray             *hs_flame_frames_new             (void);
char               *hs_flame_format_value           (const char         *unit,
                                                     gint64              value);

G_END_DECLS
