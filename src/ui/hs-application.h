/* hs-application.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hs-types.h"

G_BEGIN_DECLS

#define HS_TYPE_APPLICATION (hs_application_get_type ())

G_DECLARE_FINAL_TYPE (HsApplication, hs_application, HS, APPLICATION, AdwApplication)

HsApplication *hs_application_new          (void);
GSettings     *hs_application_get_settings (HsApplication *self);
GListStore    *hs_application_get_sessions (HsApplication *self);
HsAlertMonitor *hs_application_get_alert_monitor (HsApplication *self,
                                                  HsSession     *session);

G_END_DECLS
