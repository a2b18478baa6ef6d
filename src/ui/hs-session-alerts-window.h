/* hs-session-alerts-window.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hs-types.h"

G_BEGIN_DECLS

#define HS_TYPE_SESSION_ALERTS_WINDOW (hs_session_alerts_window_get_type ())

/**
 * HsSessionAlertsWindow:
 *
 * A watched process's own alert thresholds: a switch ("own thresholds")
 * and the same rows as Preferences. Off, the rows show the Preferences'
 * thresholds and the session has none (it follows them); on, what the
 * rows say is the session's HsSession:alert-thresholds, which lives with
 * the session and not in the settings.
 */
G_DECLARE_FINAL_TYPE (HsSessionAlertsWindow, hs_session_alerts_window,
                      HS, SESSION_ALERTS_WINDOW, AdwPreferencesWindow)

HsSessionAlertsWindow *hs_session_alerts_window_new     (HsSession             *session,
                                                         GSettings             *settings);
gboolean               hs_session_alerts_window_get_own (HsSessionAlertsWindow *self);
void                   hs_session_alerts_window_set_own (HsSessionAlertsWindow *self,
                                                         gboolean               own);

G_END_DECLS
