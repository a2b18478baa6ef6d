/* hs-processes-page.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "hs-types.h"

G_BEGIN_DECLS

#define HS_TYPE_PROCESSES_PAGE (hs_processes_page_get_type ())

G_DECLARE_FINAL_TYPE (HsProcessesPage, hs_processes_page, HS, PROCESSES_PAGE, GtkWidget)

void hs_processes_page_start_demo (HsProcessesPage *self);

G_END_DECLS
