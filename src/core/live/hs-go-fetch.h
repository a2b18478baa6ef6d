/* hs-go-fetch.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

#define HS_GO_DEFAULT_TIMEOUT_MS 5000
#define HS_GO_DEFAULT_MAX_SIZE   (256u * 1024 * 1024)

/**
 * hs_go_fetch_async:
 * GETs @url with @session and reads the whole body, never blocking: the
 * request fails when no complete answer came within @timeout_ms (a server
 * that accepts and never answers, or sends one byte a second), when the
 * answer is not 200, or as soon as more than @max_size bytes arrived (the
 * rest is never read). Errors (G_IO_ERROR) say what happened in words:
 * TIMED_OUT, CONNECTION_REFUSED, NOT_FOUND (404), MESSAGE_TOO_LARGE,
 * FAILED (other status, reset), CANCELLED.
 */
void    hs_go_fetch_async  (SoupSession         *session,
                            const char          *url,
                            gsize                max_size,
                            guint                timeout_ms,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data);
GBytes *hs_go_fetch_finish (GAsyncResult        *result,
                            GError             **error);

/* A session for Go endpoints: no proxy resolver surprises, a user agent,
 * and no idle connection kept past the timeout. */
SoupSession *hs_go_soup_session_new (guint timeout_ms);

G_END_DECLS
