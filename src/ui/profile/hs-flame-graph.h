/* hs-flame-graph.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/*
 * One laid-out frame. The widget draws what it is given: frames come from
 * the core's flame model, flattened in pre-order (a parent before its
 * children), with @start and @width in value units of the whole graph.
 * Strings are borrowed: a large profile has millions of frames, so they
 * point into the model, which the graph keeps alive (the "owner").
 */
typedef struct
{
  const char *name;  /* function name, borrowed from the frames' owner */
  const char *file;  /* source file, borrowed, may be NULL */
  gint64  line;      /* 0 when unknown */
  guint   depth;     /* 0 = root */
  gint64  start;     /* offset from the left edge, in value units */
  gint64  width;     /* extent, in value units (diff: base + new magnitude) */
  gint64  value;     /* the figure the tooltip shows (diff: the new value) */
  gint64  base;      /* diff mode only: the base value */
} HsFlameFrame;

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
