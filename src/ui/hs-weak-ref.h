/* hs-weak-ref.h: the way back from an async callback to its widget
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* A pending task must not keep a closed view alive: its callback gets a
 * weak reference as user data instead of the view, and finds the view
 * gone once the tab is closed. Pair every hs_weak_ref_new() with exactly
 * one hs_weak_ref_steal(). */
static inline gpointer
hs_weak_ref_new (gpointer object)
{
  GWeakRef *ref = g_new (GWeakRef, 1);

  g_weak_ref_init (ref, object);
  return ref;
}

/* Frees @ref; returns a strong reference to its object, or NULL when the
 * object has been finalized meanwhile. */
static inline gpointer
hs_weak_ref_steal (gpointer ref)
{
  gpointer object = g_weak_ref_get (ref);

  g_weak_ref_clear (ref);
  g_free (ref);
  return object;
}

G_END_DECLS
