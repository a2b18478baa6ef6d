/* hs-top-row.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define HS_TYPE_TOP_ROW (hs_top_row_get_type ())

G_DECLARE_FINAL_TYPE (HsTopRow, hs_top_row, HS, TOP_ROW, GObject)

/* One node of a top table, immutable. Properties (all read-only):
 * "name" (pprof's printable name plus " (inline)" / " (partial-inline)"),
 * "function-name" (without marker or file:line), "file", "line" (0 unless
 * lines mode), "node" (index in its HsTop), "flat", "cum" (gint64; the delta
 * in a diff), "flat-fraction", "cum-fraction" (of the HsTop total; may be
 * negative or above 1 in a diff), "is-diff", "base-flat", "base-cum",
 * "new-flat", "new-cum" (a diff's two sides; for a plain profile base is 0
 * and new equals flat/cum). */
const char *hs_top_row_get_name          (HsTopRow *self);
const char *hs_top_row_get_function_name (HsTopRow *self);
const char *hs_top_row_get_file          (HsTopRow *self);
gint64      hs_top_row_get_line          (HsTopRow *self);
guint       hs_top_row_get_node          (HsTopRow *self);
gint64      hs_top_row_get_flat          (HsTopRow *self);
gint64      hs_top_row_get_cum           (HsTopRow *self);
double      hs_top_row_get_flat_fraction (HsTopRow *self);
double      hs_top_row_get_cum_fraction  (HsTopRow *self);
gboolean    hs_top_row_get_is_diff       (HsTopRow *self);
gint64      hs_top_row_get_base_flat     (HsTopRow *self);
gint64      hs_top_row_get_base_cum      (HsTopRow *self);
gint64      hs_top_row_get_new_flat      (HsTopRow *self);
gint64      hs_top_row_get_new_cum       (HsTopRow *self);

G_END_DECLS
