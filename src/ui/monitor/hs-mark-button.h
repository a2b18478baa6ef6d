/* hs-mark-button.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "hs-session.h"

G_BEGIN_DECLS

#define HS_TYPE_MARK_BUTTON (hs_mark_button_get_type ())

G_DECLARE_FINAL_TYPE (HsMarkButton, hs_mark_button, HS, MARK_BUTTON, GtkWidget)

GtkWidget     *hs_mark_button_new                (void);
void           hs_mark_button_set_session        (HsMarkButton *self,
                                                  HsSession    *session);
HsSessionMark *hs_mark_button_add_mark           (HsMarkButton *self,
                                                  const char   *label);
char          *hs_mark_button_suggest_label      (HsMarkButton *self);
void           hs_mark_button_popup              (HsMarkButton *self);
const char    *hs_mark_button_get_entry_text     (HsMarkButton *self);

G_END_DECLS
