/* hs-massif-chart.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "hs-massif.h"

G_BEGIN_DECLS

#define HS_TYPE_MASSIF_CHART (hs_massif_chart_get_type ())

G_DECLARE_FINAL_TYPE (HsMassifChart, hs_massif_chart, HS, MASSIF_CHART, GtkWidget)

HsMassifChart *hs_massif_chart_new               (void);
void           hs_massif_chart_set_massif        (HsMassifChart *self,
                                                  HsMassif      *massif);
/* The highlighted snapshot (a position in the massif file), or -1. */
void           hs_massif_chart_set_selected      (HsMassifChart *self,
                                                  int            position);
int            hs_massif_chart_get_selected      (HsMassifChart *self);
/* The snapshot under @x (widget coordinates): the nearest in time, or the
 * nearest with a tree when @detailed_only; -1 when there is none. */
int            hs_massif_chart_position_at       (HsMassifChart *self,
                                                  double         x,
                                                  gboolean       detailed_only);
/* What the tooltip says of the snapshot at @position. */
char          *hs_massif_chart_describe          (HsMassifChart *self,
                                                  int            position);

G_END_DECLS
