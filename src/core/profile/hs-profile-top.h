/* hs-profile-top.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "hs-profile.h"
#include "hs-top-row.h"

G_BEGIN_DECLS

#define HS_TYPE_TOP (hs_top_get_type ())

/* The nodes of `go tool pprof -top` for one sample index: a GListModel of
 * HsTopRow in pprof's order (|flat| desc, then name, then |cum| desc), with
 * every node whose flat or cum is non-zero (no nodefraction trimming).
 * Immutable once built; also the source of HsCallTree and HsFlameModel. */
G_DECLARE_FINAL_TYPE (HsTop, hs_top, HS, TOP, GObject)

/* @lines: aggregate by function and file:line (pprof -lines) instead of by
 * function. */
HsTop      *hs_top_new                (HsProfile  *profile,
                                       guint       sample_index,
                                       gboolean    lines);
/* The same for a worker thread: NULL with G_IO_ERROR_CANCELLED soon after
 * @cancellable is cancelled. */
HsTop      *hs_top_new_full           (HsProfile     *profile,
                                       guint          sample_index,
                                       gboolean       lines,
                                       GCancellable  *cancellable,
                                       GError       **error);
/* See hs-profile-diff.h for hs_top_new_diff(). */

HsProfile  *hs_top_get_profile        (HsTop      *self);
/* NULL unless a diff. */
HsProfile  *hs_top_get_base_profile   (HsTop      *self);
gboolean    hs_top_get_is_diff        (HsTop      *self);
gboolean    hs_top_get_lines          (HsTop      *self);
guint       hs_top_get_sample_index   (HsTop      *self);
const char *hs_top_get_sample_type    (HsTop      *self);
const char *hs_top_get_unit           (HsTop      *self);

/* pprof's "of N total": the index total; in a diff the base total (the sum
 * of |value| of all samples when the base total is 0). */
gint64      hs_top_get_total          (HsTop      *self);
/* Sum of flat over all rows ("Showing nodes accounting for"). */
gint64      hs_top_get_flat_sum       (HsTop      *self);

guint       hs_top_get_n_rows         (HsTop      *self);
/* transfer none; rows are in pprof's order and row i has node index i. */
HsTopRow   *hs_top_get_row            (HsTop      *self,
                                       guint       position);
/* A row's figures without making its HsTopRow: a report of 20,000 rows
 * needs no objects. The strings are the top's, valid while it lives;
 * flat and cum are NEW − BASE in a diff, as hs_top_row_get_flat(). */
typedef struct
{
  const char *name;       /* the printable name without its marker */
  const char *marker;     /* "", " (inline)" or " (partial-inline)" */
  const char *file;
  gint64      line;
  gint64      flat;
  gint64      cum;
  gint64      base_flat;
  gint64      base_cum;
  gint64      new_flat;
  gint64      new_cum;
} HsTopValues;

void        hs_top_get_values         (HsTop       *self,
                                       guint        position,
                                       HsTopValues *values);
/* "Top growers" (hs-growers.c): rows whose flat grew, largest first. */
GPtrArray  *hs_top_get_growers        (HsTop      *self,
                                       guint       max_n);
/* -1 if no row has this exact printable name (without inline marker). */
int         hs_top_find_row           (HsTop      *self,
                                       const char *function_name);

G_END_DECLS
