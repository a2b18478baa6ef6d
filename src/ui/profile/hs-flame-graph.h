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
 * The widget draws a flame model's nodes as they are: a frame is a node
 * (hs-flame-model.h: name, depth, values, and the layout's start and
 * width in value units), numbered as the model numbers them (0 is the
 * root, then each depth left to right). A large profile has close to a
 * million nodes: nothing is copied per frame. The graph keeps the model
 * alive.
 */
#define HS_TYPE_FLAME_GRAPH (hs_flame_graph_get_type ())

G_DECLARE_FINAL_TYPE (HsFlameGraph, hs_flame_graph, HS, FLAME_GRAPH, GtkWidget)

GtkWidget          *hs_flame_graph_new              (void);
void                hs_flame_graph_set_model        (HsFlameGraph       *self,
                                                     HsFlameModel       *model);
guint               hs_flame_graph_get_n_frames     (HsFlameGraph       *self);
const HsFlameNode  *hs_flame_graph_get_frame        (HsFlameGraph       *self,
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
/* For tests: frames the last hs_flame_graph_frame_at() looked at. */
guint               hs_flame_graph_get_n_probes     (HsFlameGraph       *self);
gboolean            hs_flame_graph_get_frame_area   (HsFlameGraph       *self,
                                                     guint               index,
                                                     graphene_rect_t    *area);
char               *hs_flame_graph_describe_frame   (HsFlameGraph       *self,
                                                     guint               index);
char               *hs_flame_format_value           (const char         *unit,
                                                     gint64              value);

G_END_DECLS
