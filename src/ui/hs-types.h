/* hs-types.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Forward declarations so that headers need not include each other. */
typedef struct _HsApplication       HsApplication;
typedef struct _HsWindow            HsWindow;
typedef struct _HsPreferencesWindow HsPreferencesWindow;
typedef struct _HsProfilesPage      HsProfilesPage;
typedef struct _HsProcessesPage     HsProcessesPage;
typedef struct _HsSession           HsSession;
typedef struct _HsAlertMonitor      HsAlertMonitor;

G_END_DECLS
