/* hs-live-settings.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-live-settings"

#include "config.h"

#include "hs-go-source.h"
#include "hs-live-settings.h"
#include "hs-session-captures.h"
#include "hs-verdicts.h"

static gboolean
seconds_to_usec (GValue   *value,
                 GVariant *variant,
                 gpointer  user_data)
{
  g_value_set_int64 (value, (gint64) g_variant_get_uint32 (variant) * G_USEC_PER_SEC);
  return TRUE;
}

/**
 * hs_live_settings_bind_session:
 *
 * Makes @session's verdicts follow the trend-window setting and its
 * captures the auto-capture, captures-folder and auto-captures-kept
 * settings, from now on and whether or not a view shows it. Once per
 * session: later calls do nothing.
 */
void
hs_live_settings_bind_session (GSettings *settings,
                               HsSession *session)
{
  HsVerdicts *verdicts;
  HsSessionCaptures *captures;

  g_return_if_fail (G_IS_SETTINGS (settings));
  g_return_if_fail (HS_IS_SESSION (session));

  if (g_object_get_data (G_OBJECT (session), "hs-live-settings-bound") != NULL)
    return;
  g_object_set_data (G_OBJECT (session), "hs-live-settings-bound", GINT_TO_POINTER (TRUE));

  verdicts = hs_verdicts_get_for_session (session, HS_TREND_DEFAULT_WINDOW_USEC);
  g_settings_bind_with_mapping (settings, "trend-window", verdicts, "window", G_SETTINGS_BIND_GET,
                                seconds_to_usec, NULL, NULL, NULL);
  captures = hs_session_captures_get_for_session (session);
  g_settings_bind (settings, "captures-folder", captures, "folder", G_SETTINGS_BIND_GET);
  g_settings_bind (settings, "auto-captures-kept", captures, "kept", G_SETTINGS_BIND_GET);
  g_settings_bind (settings, "auto-capture", captures, "auto", G_SETTINGS_BIND_GET);
}

/**
 * hs_live_settings_new_go_source_async:
 *
 * hs_go_source_new_async() on @url with the go-timeout and
 * go-max-response settings; finish with hs_go_source_new_finish().
 */
void
hs_live_settings_new_go_source_async (GSettings           *settings,
                                      const char          *url,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (G_IS_SETTINGS (settings));
  g_return_if_fail (url != NULL);

  hs_go_source_new_async (url, g_settings_get_uint (settings, "go-timeout"),
                          g_settings_get_uint64 (settings, "go-max-response"),
                          cancellable, callback, user_data);
}
