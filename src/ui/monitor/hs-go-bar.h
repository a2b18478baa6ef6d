/* hs-go-bar.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "hs-session.h"

G_BEGIN_DECLS

#define HS_TYPE_GO_BAR (hs_go_bar_get_type ())

G_DECLARE_FINAL_TYPE (HsGoBar, hs_go_bar, HS, GO_BAR, GtkWidget)

GtkWidget  *hs_go_bar_new           (void);
void        hs_go_bar_set_session   (HsGoBar    *self,
                                     HsSession  *session);
void        hs_go_bar_watch         (HsGoBar    *self,
                                     const char *url);
const char *hs_go_bar_get_message   (HsGoBar    *self);
const char *hs_go_bar_get_url       (HsGoBar    *self);
void        hs_go_bar_set_url       (HsGoBar    *self,
                                     const char *url);
const char *hs_go_bar_get_warning   (HsGoBar    *self);
gboolean    hs_go_bar_get_collapsed (HsGoBar    *self);

G_END_DECLS
