/* hs-window.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hs-types.h"

G_BEGIN_DECLS

#define HS_TYPE_WINDOW (hs_window_get_type ())

G_DECLARE_FINAL_TYPE (HsWindow, hs_window, HS, WINDOW, AdwApplicationWindow)

HsWindow   *hs_window_new            (HsApplication  *application);
void        hs_window_open_files     (HsWindow       *self,
                                      GFile         **files,
                                      int             n_files);
void        hs_window_open_files_in_background
                                     (HsWindow       *self,
                                      GFile         **files,
                                      int             n_files);
void        hs_window_compare_files  (HsWindow       *self,
                                      GFile          *base,
                                      GFile          *newer);
void        hs_window_start_demo     (HsWindow       *self);
void        hs_window_show_session   (HsWindow       *self,
                                      HsSession      *session);
void        hs_window_show_page      (HsWindow       *self,
                                      const char     *name);
const char *hs_window_get_page_name  (HsWindow       *self);
void        hs_window_add_toast      (HsWindow       *self,
                                      const char     *message);
void        hs_window_add_toast_for  (GtkWidget      *widget,
                                      const char     *message);

G_END_DECLS
