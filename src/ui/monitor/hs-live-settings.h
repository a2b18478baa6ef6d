/* hs-live-settings.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "hs-session.h"

G_BEGIN_DECLS

/* The one place where a live session's parts are made to follow the
 * settings: the core objects only take values. */

void hs_live_settings_bind_session        (GSettings           *settings,
                                           HsSession           *session);
void hs_live_settings_new_go_source_async (GSettings           *settings,
                                           const char          *url,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);

G_END_DECLS
