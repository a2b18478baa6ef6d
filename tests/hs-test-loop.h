/* hs-test-loop.h: running the main context in tests, core and UI alike
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* HS_TEST_TIMEOUT_FACTOR (1 when unset): how much slower this run is. */
static inline guint
hs_test_timeout_factor (void)
{
  const char *factor_text = g_getenv ("HS_TEST_TIMEOUT_FACTOR");
  guint64 factor = factor_text != NULL ? g_ascii_strtoull (factor_text, NULL, 10) : 1;

  return (guint) CLAMP (factor, 1, 100);
}

/* Runs the main context until @condition holds or @timeout_ms passes.
 * The timeouts are upper bounds for a machine running nothing else;
 * HS_TEST_TIMEOUT_FACTOR stretches them where everything is slower by
 * design (the Makefile sets it for the ASan/UBSan run). */
static inline gboolean
hs_test_iterate_until (gboolean (*condition) (gpointer),
                       gpointer   data,
                       guint      timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000 * hs_test_timeout_factor ();

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }

  return TRUE;
}

/* Lets pending work (layout, drawing, idles, callbacks) run. */
static inline void
hs_test_iterate_for (guint ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

G_END_DECLS
