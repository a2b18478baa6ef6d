/* hs-session-mark.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define HS_TYPE_SESSION_MARK (hs_session_mark_get_type ())

/* A moment of a session worth a line on its charts (a capture, ...):
 * immutable. */
G_DECLARE_FINAL_TYPE (HsSessionMark, hs_session_mark, HS, SESSION_MARK, GObject)

HsSessionMark *hs_session_mark_new       (gint64         time,
                                          const char    *label);
/* Wall-clock µs, as the session's readings. */
gint64         hs_session_mark_get_time  (HsSessionMark *self);
const char    *hs_session_mark_get_label (HsSessionMark *self);

G_END_DECLS
