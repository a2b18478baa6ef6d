/* hs-session-captures.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hs-session.h"

G_BEGIN_DECLS

#define HS_SESSION_CAPTURES_DEFAULT_KEPT 3

#define HS_TYPE_SESSION_CAPTURES (hs_session_captures_get_type ())

/**
 * HsSessionCaptures:
 *
 * The profiles captured from a session's Go service, by hand and
 * automatically, and the files they were saved to, oldest first. It lives
 * as long as its session (hs_session_captures_get_for_session()) and
 * catches a leak in the act whether or not a view shows the session:
 * after each of the session's verdict updates, while `auto` is on and the
 * session has a Go source, it asks HsAutoCapture whether to capture the
 * heap and the goroutines, marks the session with the reason, saves them
 * under `folder` (names with "-auto") and deletes all automatic captures
 * but the first and the newest `kept`. Captures made by hand are never
 * deleted.
 *
 * Properties:
 *  - auto (boolean, default FALSE): capture unasked
 *  - folder (string, nullable): the captures-folder setting; NULL or ""
 *    for the default (hs_go_capture_folder())
 *  - kept (guint, 1..100): automatic captures kept besides the first
 *
 * Signals:
 *  - ::added (guint index): a file was saved (hs_session_captures_get_path())
 *  - ::removed (guint index): a pruned automatic capture's file was
 *    deleted; the later files' indices shift down by one
 *  - ::failed (const char *message): a capture could not be made, in words
 */
G_DECLARE_FINAL_TYPE (HsSessionCaptures, hs_session_captures, HS, SESSION_CAPTURES, GObject)

HsSessionCaptures *hs_session_captures_get_for_session (HsSession         *session);
HsSession         *hs_session_captures_get_session     (HsSessionCaptures *self);

gboolean           hs_session_captures_get_auto        (HsSessionCaptures *self);
void               hs_session_captures_set_auto        (HsSessionCaptures *self,
                                                        gboolean           enabled);
const char        *hs_session_captures_get_folder      (HsSessionCaptures *self);
void               hs_session_captures_set_folder      (HsSessionCaptures *self,
                                                        const char        *folder);
guint              hs_session_captures_get_kept        (HsSessionCaptures *self);
void               hs_session_captures_set_kept        (HsSessionCaptures *self,
                                                        guint              kept);

/**
 * hs_session_captures_capture:
 * @kind: "heap" (after a GC), "goroutine" or "goroutineleak" (the profile
 *   and the ?debug=2 dump)
 *
 * A capture asked for by hand: saved into the folder, listed, marks the
 * session at that time, and is never deleted. Does nothing without a Go
 * source.
 */
void               hs_session_captures_capture         (HsSessionCaptures *self,
                                                        const char        *kind);

/* The files saved and not deleted, oldest first. */
guint              hs_session_captures_get_n_files     (HsSessionCaptures *self);
const char        *hs_session_captures_get_path        (HsSessionCaptures *self,
                                                        guint              index);
/* "heap", "goroutine" or "goroutineleak" */
const char        *hs_session_captures_get_kind        (HsSessionCaptures *self,
                                                        guint              index);
/* (transfer none): when the capture was asked for (local time) */
GDateTime         *hs_session_captures_get_time        (HsSessionCaptures *self,
                                                        guint              index);
gboolean           hs_session_captures_get_automatic   (HsSessionCaptures *self,
                                                        guint              index);

/* How many automatic captures were started (kept or pruned). */
guint              hs_session_captures_get_n_auto      (HsSessionCaptures *self);

/**
 * hs_session_captures_get_first_and_latest:
 * @first: (out) (transfer none): the first automatic capture's heap profile
 * @latest: (out) (transfer none): the newest one's
 *
 * Returns: whether there are two (what "Compare First → Latest" opens)
 */
gboolean           hs_session_captures_get_first_and_latest (HsSessionCaptures  *self,
                                                             const char        **first,
                                                             const char        **latest);

/* The title of a capture kind, translated: "Heap", "Goroutines". */
const char        *hs_session_captures_kind_title      (const char        *kind);

G_END_DECLS
