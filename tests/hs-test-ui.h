/* hs-test-ui.h: helpers shared by the UI tests
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "hs-test-loop.h"
#include "hs-processes-page.h"

G_BEGIN_DECLS

/* Without a display there is nothing to test: TAP's skip-all, exit 0. */
#define HS_TEST_REQUIRE_DISPLAY()                                   \
  G_STMT_START {                                                    \
    if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL) \
      {                                                             \
        g_print ("1..0 # SKIP no display\n");                       \
        return 0;                                                   \
      }                                                             \
  } G_STMT_END

/* Gives a Go service's endpoints the app's own timeout (the "go-timeout"
 * setting, 5 s), stretched as the test's: under ASan on a loaded machine
 * a test service answers later, and "unreachable" is not what such a test
 * is about. Call after g_test_init (the settings are in memory). */
static inline void
hs_test_scale_go_timeout (void)
{
  GSettings *settings = g_settings_new ("io.github.heapscope.Heapscope");

  g_settings_set_uint (settings, "go-timeout", 5000 * hs_test_timeout_factor ());
  g_object_unref (settings);
}

/* The Processes page makes its sampler in a thread: attach once it has. */
static inline gboolean
hs_test_processes_page_is_ready (gpointer page)
{
  return g_strcmp0 (hs_processes_page_get_visible_view (page), "loading") != 0;
}

static inline gboolean
hs_test_widget_is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (GTK_WIDGET (widget)) &&
         gtk_widget_get_width (GTK_WIDGET (widget)) > 0;
}

/* The first widget of @type in the tree of @root, @root included, depth
 * first; NULL when there is none. */
static inline GtkWidget *
hs_test_find_widget (GtkWidget *root,
                     GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = hs_test_find_widget (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Renders @widget to a PNG, as a screenshot of it alone would. */
static inline gboolean
hs_test_render_widget_to_png (GtkWidget  *widget,
                              const char *path)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    return FALSE;
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  return gdk_texture_save_to_png (texture, path);
}

typedef struct
{
  GtkWidget  *widget;
  const char *path;
} HsTestRender;

static inline gboolean
hs_test_render_done (gpointer data)
{
  HsTestRender *r = data;

  return hs_test_render_widget_to_png (r->widget, r->path);
}

/* Renders @widget to @path once it has been drawn (a slow run may take a
 * while to lay out and draw the first frame). */
static inline gboolean
hs_test_render_when_drawn (GtkWidget  *widget,
                           const char *path)
{
  HsTestRender r = { widget, path };

  return hs_test_iterate_until (hs_test_render_done, &r, 5000);
}

G_END_DECLS
