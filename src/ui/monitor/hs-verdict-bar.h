/* hs-verdict-bar.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "hs-verdicts.h"

G_BEGIN_DECLS

#define HS_TYPE_VERDICT_BAR (hs_verdict_bar_get_type ())

G_DECLARE_FINAL_TYPE (HsVerdictBar, hs_verdict_bar, HS, VERDICT_BAR, GtkWidget)

GtkWidget  *hs_verdict_bar_new          (void);
HsVerdicts *hs_verdict_bar_get_verdicts (HsVerdictBar *self);
void        hs_verdict_bar_set_verdicts (HsVerdictBar *self,
                                         HsVerdicts   *verdicts);
/* The lines shown, joined by " · " (as hs_verdicts_get_text). */
char       *hs_verdict_bar_dup_text     (HsVerdictBar *self);

/* The palette index (HsChartStyle) of a verdict's state: what the bar's
 * dot and the chart's trend line share. */
guint       hs_verdict_bar_state_color  (HsTrendState  state);

G_END_DECLS
