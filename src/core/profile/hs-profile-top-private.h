/* hs-profile-top-private.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hs-profile-private.h"
#include "hs-profile-top.h"

G_BEGIN_DECLS

/* One profile feeding an HsTop: a plain profile, or one side of a diff.
 * Node ids are the HsTop's (row i = node i; nodes whose flat and cum are
 * both zero come after the rows). */
typedef struct
{
  HsProfile     *profile;
  HsProfileData *data;
  int            sign;          /* +1, or -1 for a diff's base */
  guint32       *loc_node_off;  /* n_locations + 1 */
  guint32       *loc_nodes;     /* node ids per location, outermost first */
  gint64        *stack_value;   /* per stack: sum of the samples' values */
} HsTopInput;

guint              hs_top_get_n_inputs     (HsTop      *self);
const HsTopInput  *hs_top_get_input        (HsTop      *self,
                                            guint       i);
guint              hs_top_get_n_nodes      (HsTop      *self);
const char        *hs_top_get_node_name    (HsTop      *self,
                                            guint       node);
/* A node's file and line without making its row (hs_top_get_row()):
 * the flame layout asks for every node. */
const char        *hs_top_get_node_file    (HsTop      *self,
                                            guint       node);
gint64             hs_top_get_node_line    (HsTop      *self,
                                            guint       node);

/* @name, @function_name and @file are @owner's strings, which the row
 * keeps alive with a reference, unless @owned_name (transfer full) is
 * given: then it is the name. */
HsTopRow          *hs_top_row_new          (HsProfile  *owner,
                                            char       *owned_name,
                                            const char *name,
                                            const char *function_name,
                                            const char *file,
                                            gint64      line,
                                            guint       node,
                                            gboolean    is_diff,
                                            gint64      base_flat,
                                            gint64      base_cum,
                                            gint64      new_flat,
                                            gint64      new_cum,
                                            gint64      total);

G_END_DECLS
