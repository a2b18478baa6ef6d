/* test-flame-graph.c: HsFlameGraph over real profiles
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <stdlib.h>
#include <string.h>

#include "hs-flame-graph.h"
#include "hs-flame-model.h"
#include "hs-profile-diff.h"
#include "hs-profile-top.h"
#include "hs-test-fixtures.h"
#include "hs-test-ui.h"

#define WIDTH  800
#define HEIGHT 400
#define ROW    20

static HsProfile *
load_fixture (const char *name)
{
  g_autofree char *path = g_build_filename (hs_fixtures_dir (HS_FIXTURES_REPO), "leakycache", name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  HsProfile *profile = hs_profile_load_file (file, 0, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (profile);
  return profile;
}

/* A window holding only @graph, at a known size. */
static GtkWidget *
present_graph (HsFlameGraph *graph)
{
  GtkWidget *window = gtk_window_new ();

  gtk_widget_set_size_request (GTK_WIDGET (graph), WIDTH, HEIGHT);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (graph));
  gtk_window_set_default_size (GTK_WINDOW (window), WIDTH, HEIGHT);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (hs_test_iterate_until (hs_test_widget_is_mapped, graph, 5000));
  hs_test_iterate_for (100);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (graph)), ==, WIDTH);

  return window;
}

static int
find_frame (HsFlameGraph *graph,
            const char   *name,
            guint         depth)
{
  for (guint i = 0; i < hs_flame_graph_get_n_frames (graph); i++)
    {
      const HsFlameNode *frame = hs_flame_graph_get_frame (graph, i);

      if (hs_flame_node_get_depth (frame) == depth && g_strcmp0 (hs_flame_node_get_name (frame), name) == 0)
        return (int) i;
    }

  return -1;
}

static HsFlameGraph *
graph_for_top (HsTop *top)
{
  g_autoptr(HsFlameModel) model = hs_flame_model_new (top);
  HsFlameGraph *graph = HS_FLAME_GRAPH (hs_flame_graph_new ());

  hs_flame_graph_set_unit (graph, hs_top_get_unit (top));
  hs_flame_graph_set_model (graph, model);
  return graph;
}

static void
test_flame_graph_new_destroy (void)
{
  HsFlameGraph *graph = HS_FLAME_GRAPH (hs_flame_graph_new ());

  g_object_ref_sink (graph);
  g_assert_cmpuint (hs_flame_graph_get_n_frames (graph), ==, 0);
  g_assert_cmpint (hs_flame_graph_frame_at (graph, 10, 10), ==, -1);
  g_assert_finalize_object (graph);
}

static void
test_flame_graph_layout (void)
{
  g_autoptr(HsProfile) profile = load_fixture ("heap-t2.pb.gz");
  g_autoptr(HsTop) top = hs_top_new (profile, (guint) hs_profile_find_sample_type (profile, "inuse_space"), FALSE);
  HsFlameGraph *graph = graph_for_top (top);
  const HsFlameNode *root = hs_flame_graph_get_frame (graph, 0);

  /* The root spans the profile's total; children sit inside parents. */
  g_assert_cmpstr (hs_flame_node_get_name (root), ==, "root");
  g_assert_cmpint (hs_flame_node_get_width (root), ==, hs_profile_get_total (profile, hs_top_get_sample_index (top)));
  for (guint i = 1; i < hs_flame_graph_get_n_frames (graph); i++)
    {
      const HsFlameNode *frame = hs_flame_graph_get_frame (graph, i);

      g_assert_cmpuint (hs_flame_node_get_depth (frame), >, 0);
      g_assert_cmpint (hs_flame_node_get_start (frame), >=, 0);
      g_assert_cmpint (hs_flame_node_get_start (frame) + hs_flame_node_get_width (frame), <=, hs_flame_node_get_width (root));
    }

  g_object_ref_sink (graph);
  g_assert_finalize_object (graph);
}

/* The graph draws the model's own nodes (a large profile has close to a
 * million: no copy per frame), laid out by the model: each depth left to
 * right, children side by side from their parent's left edge, in a diff
 * as wide as base and new together. */
static void
check_layout (HsFlameModel *model,
              HsFlameGraph *graph)
{
  gboolean diff = hs_top_get_is_diff (hs_flame_model_get_top (model));

  g_assert_cmpuint (hs_flame_graph_get_n_frames (graph), ==, hs_flame_model_get_n_nodes (model));
  for (guint i = 0; i < hs_flame_model_get_n_nodes (model); i++)
    {
      const HsFlameNode *node = hs_flame_model_get_node (model, i);
      gint64 at = hs_flame_node_get_start (node);

      g_assert_true (hs_flame_graph_get_frame (graph, i) == node);
      if (diff)
        g_assert_cmpint (hs_flame_node_get_width (node), ==,
                         ABS (hs_flame_node_get_base_value (node)) + ABS (hs_flame_node_get_new_value (node)));
      else
        g_assert_cmpint (hs_flame_node_get_width (node), ==, MAX (0, hs_flame_node_get_value (node)));
      if (i > 0)
        {
          const HsFlameNode *before = hs_flame_model_get_node (model, i - 1);

          g_assert_cmpuint (hs_flame_node_get_depth (before), <=, hs_flame_node_get_depth (node));
          if (hs_flame_node_get_depth (before) == hs_flame_node_get_depth (node))
            g_assert_cmpint (hs_flame_node_get_start (before) + hs_flame_node_get_width (before), <=,
                             hs_flame_node_get_start (node));
        }
      for (guint c = 0; c < hs_flame_node_get_n_children (node); c++)
        {
          const HsFlameNode *child = hs_flame_node_get_child (node, c);

          g_assert_true (hs_flame_node_get_parent (child) == node);
          g_assert_cmpint (hs_flame_node_get_start (child), ==, at);
          at += hs_flame_node_get_width (child);
        }
      g_assert_cmpint (at, <=, hs_flame_node_get_start (node) + hs_flame_node_get_width (node));
    }
  g_assert_null (hs_flame_node_get_parent (hs_flame_model_get_root (model)));
}

/* Self values are not stored but derived: each sample ends in exactly
 * one node, top-down at its leaf, bottom-up at the first level (or at
 * the root when it has no frame), so the selves add up to the root. */
static void
check_selves (HsFlameModel *model)
{
  const HsFlameNode *root = hs_flame_model_get_root (model);
  gint64 sum = 0;

  for (guint i = 0; i < hs_flame_model_get_n_nodes (model); i++)
    {
      const HsFlameNode *node = hs_flame_model_get_node (model, i);

      sum += hs_flame_node_get_self (node);
      if (hs_flame_model_get_inverted (model) && hs_flame_node_get_depth (node) > 1)
        g_assert_cmpint (hs_flame_node_get_self (node), ==, 0);
    }
  g_assert_cmpint (sum, ==, hs_flame_node_get_value (root));
}

static void
test_flame_graph_frames_are_nodes (void)
{
  g_autoptr(HsProfile) base = load_fixture ("heap-t1.pb.gz");
  g_autoptr(HsProfile) newer = load_fixture ("heap-t2.pb.gz");
  guint index = (guint) hs_profile_find_sample_type (newer, "inuse_space");
  g_autoptr(HsTop) top = hs_top_new (newer, index, FALSE);
  g_autoptr(HsTop) diff = hs_top_new_diff (base, newer, index, FALSE, NULL);
  HsTop *tops[] = { top, diff };

  /* Both sides of the diff reach the root. */
  {
    g_autoptr(HsFlameModel) model = hs_flame_model_new (diff);
    const HsFlameNode *root = hs_flame_model_get_root (model);

    g_assert_cmpint (hs_flame_node_get_base_value (root), ==, hs_profile_get_total (base, index));
    g_assert_cmpint (hs_flame_node_get_new_value (root), ==, hs_profile_get_total (newer, index));
  }

  for (guint t = 0; t < G_N_ELEMENTS (tops); t++)
    {
      g_autoptr(HsFlameModel) model = hs_flame_model_new (tops[t]);
      HsFlameGraph *graph = HS_FLAME_GRAPH (hs_flame_graph_new ());

      g_object_ref_sink (graph);
      hs_flame_graph_set_model (graph, model);
      g_assert_cmpuint (hs_flame_model_get_n_nodes (model), >, 3);
      check_layout (model, graph);
      check_selves (model);
      g_assert_finalize_object (graph);
      {
        g_autoptr(HsFlameModel) up = hs_flame_model_new_inverted_full (tops[t], NULL, NULL);

        check_selves (up);
      }
    }
}

static void
test_flame_graph_hit_testing (void)
{
  g_autoptr(HsProfile) profile = load_fixture ("heap-t2.pb.gz");
  g_autoptr(HsTop) top = hs_top_new (profile, (guint) hs_profile_find_sample_type (profile, "inuse_space"), FALSE);
  HsFlameGraph *graph = graph_for_top (top);
  GtkWidget *window = present_graph (graph);
  const HsFlameNode *root = hs_flame_graph_get_frame (graph, 0);
  const HsFlameNode *frame;
  g_autofree char *tooltip = NULL;
  g_autofree char *png = NULL;
  graphene_rect_t area;
  int make_value, cache_store, hit;
  double x, y;

  /* leakycache: main.loop → main.cacheStore → main.makeValue. */
  cache_store = find_frame (graph, "main.cacheStore", 2);
  make_value = find_frame (graph, "main.makeValue", 3);
  g_assert_cmpint (cache_store, >, 0);
  g_assert_cmpint (make_value, >, 0);
  frame = hs_flame_graph_get_frame (graph, make_value);

  /* The point where main.makeValue must be drawn, from the data alone:
   * root at the bottom, ROW pixels a level. */
  x = ((double) hs_flame_node_get_start (frame) + hs_flame_node_get_width (frame) / 2.0) / (double) hs_flame_node_get_width (root) * WIDTH;
  y = HEIGHT - (hs_flame_node_get_depth (frame) + 0.5) * ROW;
  hit = hs_flame_graph_frame_at (graph, x, y);
  g_assert_cmpint (hit, ==, make_value);
  g_assert_cmpstr (hs_flame_node_get_name (hs_flame_graph_get_frame (graph, hit)), ==, "main.makeValue");

  /* Bottom row is the root, anywhere across. */
  g_assert_cmpint (hs_flame_graph_frame_at (graph, 1, HEIGHT - 1), ==, 0);
  g_assert_cmpint (hs_flame_graph_frame_at (graph, WIDTH - 1, HEIGHT - 1), ==, 0);
  /* Above the deepest frame is nothing. */
  g_assert_cmpint (hs_flame_graph_frame_at (graph, x, 1), ==, -1);

  tooltip = hs_flame_graph_describe_frame (graph, make_value);
  g_assert_nonnull (strstr (tooltip, "main.makeValue"));
  g_assert_nonnull (strstr (tooltip, "% of total"));
  /* The file, read through the model's top (frames do not copy it). */
  g_assert_nonnull (strstr (tooltip, ".go"));

  /* Zooming into main.cacheStore makes it span the width. */
  hs_flame_graph_zoom_to (graph, cache_store);
  g_assert_true (hs_flame_graph_get_frame_area (graph, cache_store, &area));
  g_assert_cmpfloat (area.origin.x, ==, 0);
  g_assert_cmpfloat (area.size.width, ==, WIDTH);
  g_assert_true (hs_flame_graph_get_frame_area (graph, make_value, &area));
  g_assert_cmpfloat (area.size.width, <=, WIDTH);
  g_assert_cmpint (hs_flame_graph_frame_at (graph, area.origin.x + area.size.width / 2,
                                            area.origin.y + ROW / 2), ==, make_value);
  hs_test_iterate_for (100);
  png = g_build_filename (g_getenv ("HS_BUILD_ROOT"), "tests", "flame-graph-zoomed.png", NULL);
  g_assert_true (hs_test_render_when_drawn (GTK_WIDGET (graph), png));

  /* Escape (the reset action) zooms back out. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (graph), "flame.reset", NULL));
  g_assert_cmpint (hs_flame_graph_get_zoom (graph), ==, -1);

  /* Root at the top flips the rows. */
  hs_flame_graph_set_root_at_top (graph, TRUE);
  g_assert_cmpint (hs_flame_graph_frame_at (graph, x, (hs_flame_node_get_depth (frame) + 0.5) * ROW), ==, make_value);
  g_assert_cmpint (hs_flame_graph_frame_at (graph, 1, 1), ==, 0);

  /* Search highlights by substring. */
  hs_flame_graph_set_search (graph, "makevalue");
  g_assert_cmpuint (hs_flame_graph_get_n_matches (graph), >=, 1);
  hs_flame_graph_set_search (graph, "no-such-function");
  g_assert_cmpuint (hs_flame_graph_get_n_matches (graph), ==, 0);
  hs_flame_graph_set_search (graph, NULL);

  g_clear_pointer (&png, g_free);
  hs_test_iterate_for (100);
  png = g_build_filename (g_getenv ("HS_BUILD_ROOT"), "tests", "flame-graph.png", NULL);
  g_assert_true (hs_test_render_when_drawn (GTK_WIDGET (graph), png));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_flame_graph_diff (void)
{
  g_autoptr(HsProfile) base = load_fixture ("heap-t1.pb.gz");
  g_autoptr(HsProfile) newer = load_fixture ("heap-t3.pb.gz");
  g_autoptr(GError) error = NULL;
  guint index = (guint) hs_profile_find_sample_type (newer, "inuse_space");
  g_autoptr(HsTop) top = hs_top_new_diff (base, newer, index, FALSE, &error);
  HsFlameGraph *graph;
  GtkWidget *window;
  const HsFlameNode *root, *frame;
  g_autofree char *tooltip = NULL;
  g_autofree char *png = NULL;
  int make_value;

  g_assert_no_error (error);
  graph = graph_for_top (top);
  window = present_graph (graph);

  /* A diff frame covers both sides: base + new. */
  root = hs_flame_graph_get_frame (graph, 0);
  g_assert_cmpint (hs_flame_node_get_base_value (root), ==, hs_profile_get_total (base, index));
  g_assert_cmpint (hs_flame_node_get_new_value (root), ==, hs_profile_get_total (newer, index));
  g_assert_cmpint (hs_flame_node_get_width (root), ==, hs_flame_node_get_base_value (root) + hs_flame_node_get_new_value (root));

  make_value = find_frame (graph, "main.makeValue", 3);
  g_assert_cmpint (make_value, >, 0);
  frame = hs_flame_graph_get_frame (graph, make_value);
  g_assert_cmpint (hs_flame_node_get_new_value (frame), >, hs_flame_node_get_base_value (frame));
  tooltip = hs_flame_graph_describe_frame (graph, make_value);
  g_assert_nonnull (strstr (tooltip, "→"));
  g_assert_nonnull (strstr (tooltip, "▲"));

  hs_test_iterate_for (100);
  png = g_build_filename (g_getenv ("HS_BUILD_ROOT"), "tests", "flame-graph-diff.png", NULL);
  g_assert_true (hs_test_render_when_drawn (GTK_WIDGET (graph), png));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The graph in a scrolled window, as the profile view has it. */
static GtkWidget *
present_scrolled (HsFlameGraph *graph)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (graph));
  gtk_window_set_child (GTK_WINDOW (window), scrolled);
  gtk_window_set_default_size (GTK_WINDOW (window), WIDTH, HEIGHT);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (hs_test_iterate_until (hs_test_widget_is_mapped, graph, 5000));
  return window;
}

typedef struct
{
  HsFlameGraph *graph;
  int           index;
} FrameWait;

/* Whether frame @index's row lies inside the scrolled window's visible
 * area (not just inside the graph, which is taller). */
static gboolean
frame_is_visible (gpointer data)
{
  FrameWait *wait = data;
  GtkWidget *scrolled = gtk_widget_get_ancestor (GTK_WIDGET (wait->graph), GTK_TYPE_SCROLLED_WINDOW);
  graphene_rect_t area;
  double x, top, bottom;

  if (!hs_flame_graph_get_frame_area (wait->graph, (guint) wait->index, &area))
    return FALSE;
  if (!gtk_widget_translate_coordinates (GTK_WIDGET (wait->graph), scrolled, area.origin.x,
                                         area.origin.y, &x, &top))
    return FALSE;
  bottom = top + area.size.height;
  return top >= 0 && bottom <= gtk_widget_get_height (scrolled);
}

static HsFlameGraph *
graph_for_file (const char  *rel,
                HsTop      **out_top)
{
  g_autoptr(HsProfile) profile = hs_fixtures_load (hs_fixtures_dir (HS_FIXTURES_REPO), rel);

  *out_top = hs_top_new (profile, hs_profile_get_default_sample_index (profile), FALSE);
  return graph_for_top (*out_top);
}

static HsFlameGraph *
deep_graph (HsTop **out_top)
{
  return graph_for_file ("deep/cpu.pb.gz", out_top);
}

/* A deep profile opens with its root in view. Before, the graph opened
 * scrolled to its top: with the root at the bottom (the default) only
 * the tips of the deepest stacks showed, the root was 900 px below. */
static void
test_flame_graph_opens_at_root (void)
{
  g_autoptr(HsTop) top = NULL;
  HsFlameGraph *graph = deep_graph (&top);
  GtkWidget *window = present_scrolled (graph);
  FrameWait root = { graph, 0 };

  g_assert_false (hs_flame_graph_get_root_at_top (graph));
  /* deep enough not to fit: the test means something */
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (graph)), >, 2 * HEIGHT);
  g_assert_cmpuint (hs_flame_node_get_depth (hs_flame_graph_get_frame (graph, 0)), ==, 0);
  g_assert_true (hs_test_iterate_until (frame_is_visible, &root, 5000));
  hs_test_iterate_for (100);
  g_assert_true (frame_is_visible (&root));
  /* Only the rows in view are drawn, those scrolled to: the root's. */
  {
    GtkSnapshot *snapshot = gtk_snapshot_new ();
    g_autoptr(GskRenderNode) node = NULL;
    graphene_rect_t drawn, area;

    GTK_WIDGET_GET_CLASS (graph)->snapshot (GTK_WIDGET (graph), snapshot);
    node = gtk_snapshot_free_to_node (snapshot);
    g_assert_nonnull (node);
    gsk_render_node_get_bounds (node, &drawn);
    g_assert_true (hs_flame_graph_get_frame_area (graph, 0, &area));
    g_assert_true (graphene_rect_contains_rect (&drawn, &area));
    g_assert_cmpfloat (drawn.size.height, <=, HEIGHT + 1);
  }

  /* Scrolled to the top, what is drawn is the top band. (The graph also
   * asks to be drawn again when the adjustment moves; this passes without
   * that too, so GTK may already redraw a scrolled child here.) */
  {
    GtkWidget *scrolled = gtk_widget_get_ancestor (GTK_WIDGET (graph), GTK_TYPE_SCROLLED_WINDOW);
    g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (GTK_WIDGET (graph));
    GtkSnapshot *snapshot;
    g_autoptr(GskRenderNode) node = NULL;
    graphene_rect_t drawn;

    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled)), 0);
    hs_test_iterate_for (200);
    snapshot = gtk_snapshot_new ();
    gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (GTK_WIDGET (graph)),
                            gtk_widget_get_height (GTK_WIDGET (graph)));
    node = gtk_snapshot_free_to_node (snapshot);
    g_assert_nonnull (node);
    gsk_render_node_get_bounds (node, &drawn);
    g_assert_cmpfloat (drawn.origin.y, <=, 1.0);
  }

  /* Turned over (icicle), the root is at the top and stays in view. */
  hs_flame_graph_set_root_at_top (graph, TRUE);
  g_assert_true (hs_test_iterate_until (frame_is_visible, &root, 5000));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Zooming to a frame out of view scrolls it in; zooming out brings
 * the root back. */
static void
test_flame_graph_zoom_in_view (void)
{
  g_autoptr(HsTop) top = NULL;
  HsFlameGraph *graph = deep_graph (&top);
  GtkWidget *window = present_scrolled (graph);
  FrameWait wait = { graph, -1 };
  guint deepest = 0;

  wait.index = 0;
  g_assert_true (hs_test_iterate_until (frame_is_visible, &wait, 5000));
  for (guint i = 0; i < hs_flame_graph_get_n_frames (graph); i++)
    if (hs_flame_node_get_depth (hs_flame_graph_get_frame (graph, i)) > hs_flame_node_get_depth (hs_flame_graph_get_frame (graph, deepest)))
      deepest = i;
  wait.index = (int) deepest;
  g_assert_false (frame_is_visible (&wait));

  hs_flame_graph_zoom_to (graph, (int) deepest);
  g_assert_true (hs_test_iterate_until (frame_is_visible, &wait, 5000));

  hs_flame_graph_reset_zoom (graph);
  wait.index = 0;
  g_assert_true (hs_test_iterate_until (frame_is_visible, &wait, 5000));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Frames too narrow to label are merged in the drawing but each is
 * still found under the pointer (before, those under half a pixel were
 * neither drawn nor hoverable). The PNG is written for a look. */
static void
test_flame_graph_narrow_frames (void)
{
  g_autoptr(HsTop) top = NULL;
  /* 2,000 functions under 8 dispatchers: thousands of thin frames */
  HsFlameGraph *graph = graph_for_file ("hostile/manyfuncs.pb.gz", &top);
  GtkWidget *window = present_scrolled (graph);
  guint n_narrow = 0;

  for (guint i = 0; i < hs_flame_graph_get_n_frames (graph); i++)
    {
      const HsFlameNode *frame = hs_flame_graph_get_frame (graph, i);
      graphene_rect_t area;

      if (hs_flame_node_get_width (frame) <= 0)
        continue;
      g_assert_true (hs_flame_graph_get_frame_area (graph, i, &area));
      /* 36 px: below it a frame has no label (MIN_LABEL_PX) */
      if (area.size.width >= 36.0)
        continue;
      n_narrow++;
      /* the frame under its own middle is itself; one under a pixel may
       * share its pixel with a neighbour of the same depth */
      {
        int hit = hs_flame_graph_frame_at (graph, area.origin.x + area.size.width / 2,
                                           area.origin.y + area.size.height / 2);

        g_assert_cmpint (hit, >=, 0);
        if (area.size.width >= 1.0)
          g_assert_cmpint (hit, ==, (int) i);
        else
          g_assert_cmpuint (hs_flame_node_get_depth (hs_flame_graph_get_frame (graph, hit)), ==, hs_flame_node_get_depth (frame));
      }
    }
  g_test_message ("%u of %u frames too narrow to label", n_narrow, hs_flame_graph_get_n_frames (graph));
  g_assert_cmpuint (n_narrow, >, 100);
  {
    g_autofree char *png = g_build_filename (g_getenv ("HS_BUILD_ROOT"), "tests", "flame-graph-narrow.png", NULL);

    g_assert_true (hs_test_render_when_drawn (GTK_WIDGET (graph), png));
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Every frame's drawn area (or none: width -1), for the walk below. */
static graphene_rect_t *
frame_areas (HsFlameGraph *graph)
{
  guint n = hs_flame_graph_get_n_frames (graph);
  graphene_rect_t *areas = g_new (graphene_rect_t, n);

  for (guint i = 0; i < n; i++)
    if (!hs_flame_graph_get_frame_area (graph, i, &areas[i]))
      graphene_rect_init (&areas[i], 0, 0, -1, -1);
  return areas;
}

/* The frame under (@x, @y) found the slow sure way: the first frame
 * whose drawn area holds the point (what hit-testing did before). */
static int
frame_at_by_walk (const graphene_rect_t *areas,
                  guint                  n,
                  double                 x,
                  double                 y)
{
  for (guint i = 0; i < n; i++)
    if (x >= areas[i].origin.x && x < areas[i].origin.x + areas[i].size.width &&
        y >= areas[i].origin.y && y < areas[i].origin.y + areas[i].size.height)
      return (int) i;
  return -1;
}

/* Hit-testing bisects a row instead of walking every frame: it finds
 * what the walk finds for random points, root at the bottom or the top,
 * zoomed or not, and looks at a few dozen frames, not thousands. */
static void
test_flame_graph_hit_test_bisects (void)
{
  g_autoptr(HsTop) top = NULL;
  HsFlameGraph *graph = graph_for_file ("hostile/manyfuncs.pb.gz", &top);
  GtkWidget *window = present_scrolled (graph);
  g_autoptr(GRand) rand = g_rand_new_with_seed (13);
  guint n = hs_flame_graph_get_n_frames (graph);
  int zoom = -1;
  guint max_probes = 0, n_hits = 0;

  g_assert_cmpuint (n, >, 1000);
  /* the frame below the top with the most children, to zoom to */
  for (guint i = 0, most = 0; i < n; i++)
    {
      const HsFlameNode *frame = hs_flame_graph_get_frame (graph, i);

      if (hs_flame_node_get_depth (frame) >= 2 && hs_flame_node_get_n_children (frame) > most)
        {
          zoom = (int) i;
          most = hs_flame_node_get_n_children (frame);
        }
    }
  g_assert_cmpint (zoom, >=, 0);
  g_test_message ("zoom to depth %u, %u children", hs_flame_node_get_depth (hs_flame_graph_get_frame (graph, zoom)),
                  hs_flame_node_get_n_children (hs_flame_graph_get_frame (graph, zoom)));

  for (guint pass = 0; pass < 4; pass++)
    {
      g_autofree graphene_rect_t *areas = NULL;
      int width, height;

      hs_flame_graph_set_root_at_top (graph, pass % 2 == 1);
      hs_flame_graph_zoom_to (graph, pass >= 2 ? zoom : -1);
      hs_test_iterate_for (50);
      width = gtk_widget_get_width (GTK_WIDGET (graph));
      height = gtk_widget_get_height (GTK_WIDGET (graph));
      areas = frame_areas (graph);
      for (guint k = 0; k < 1000; k++)
        {
          double x = g_rand_double_range (rand, -4.0, width + 4.0);
          double y = g_rand_double_range (rand, -4.0, height + 4.0);
          int hit = hs_flame_graph_frame_at (graph, x, y);

          g_assert_cmpint (hit, ==, frame_at_by_walk (areas, n, x, y));
          max_probes = MAX (max_probes, hs_flame_graph_get_n_probes (graph));
          n_hits += hit >= 0;
        }
    }
  g_test_message ("%u frames, %u hits, at most %u looked at", n, n_hits, max_probes);
  g_assert_cmpuint (n_hits, >, 500);
  /* a walk looks at every frame of a row (hundreds here) */
  g_assert_cmpuint (max_probes, <, 64);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The search is matched once per function, not per frame: the count of
 * frames found is what matching every frame's name gives. */
static void
test_flame_graph_search_counts_frames (void)
{
  g_autoptr(HsTop) top = NULL;
  HsFlameGraph *graph = graph_for_file ("hostile/manyfuncs.pb.gz", &top);
  const char *searches[] = { "TYPE2", "dispatch", "pkg01.", "root", "no-such-function" };

  g_object_ref_sink (graph);
  for (guint k = 0; k < G_N_ELEMENTS (searches); k++)
    {
      g_autofree char *needle = g_utf8_casefold (searches[k], -1);
      guint expected = 0;

      for (guint i = 0; i < hs_flame_graph_get_n_frames (graph); i++)
        {
          g_autofree char *name = g_utf8_casefold (hs_flame_node_get_name (hs_flame_graph_get_frame (graph, i)), -1);

          expected += strstr (name, needle) != NULL;
        }
      hs_flame_graph_set_search (graph, searches[k]);
      g_test_message ("“%s”: %u frames", searches[k], expected);
      g_assert_cmpuint (hs_flame_graph_get_n_matches (graph), ==, expected);
    }
  g_assert_cmpuint (hs_flame_graph_get_n_matches (graph), ==, 0);
  hs_flame_graph_set_search (graph, NULL);
  g_assert_cmpuint (hs_flame_graph_get_n_matches (graph), ==, 0);
  g_object_unref (graph);
}

/* ---- bench ---- */

/* `test-flame-graph --bench FILE [MOVES]`: the graph of FILE in a
 * 1280×800 window; times MOVES pointer positions (hit-testing, as a
 * pointer move or a tooltip does) and a few snapshots (the draw path). */
static int
run_bench (const char *path,
           guint       moves)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(HsProfile) profile = hs_profile_load_file (file, 0, NULL, &error);
  g_autoptr(HsTop) top = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (13);
  HsFlameGraph *graph;
  GtkWidget *window;
  int width, height, hits = 0;
  gint64 start;
  double move_us, snapshot_ms[5];

  if (profile == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  top = hs_top_new (profile, hs_profile_get_default_sample_index (profile), FALSE);
  graph = graph_for_top (top);
  window = gtk_window_new ();
  {
    GtkWidget *scrolled = gtk_scrolled_window_new ();

    gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (graph));
    gtk_window_set_child (GTK_WINDOW (window), scrolled);
  }
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  hs_test_iterate_until (hs_test_widget_is_mapped, graph, 10000);
  hs_test_iterate_for (500);
  width = gtk_widget_get_width (GTK_WIDGET (graph));
  height = gtk_widget_get_height (GTK_WIDGET (graph));

  start = g_get_monotonic_time ();
  for (guint k = 0; k < moves; k++)
    hits += hs_flame_graph_frame_at (graph, g_rand_double_range (rand, 0, width),
                                     g_rand_double_range (rand, 0, height)) >= 0;
  move_us = (double) (g_get_monotonic_time () - start) / MAX (moves, 1);

  for (guint r = 0; r < G_N_ELEMENTS (snapshot_ms); r++)
    {
      GtkSnapshot *snapshot = gtk_snapshot_new ();
      GskRenderNode *node;

      start = g_get_monotonic_time ();
      GTK_WIDGET_GET_CLASS (graph)->snapshot (GTK_WIDGET (graph), snapshot);
      node = gtk_snapshot_free_to_node (snapshot);
      snapshot_ms[r] = (g_get_monotonic_time () - start) / 1000.0;
      g_clear_pointer (&node, gsk_render_node_unref);
    }
  {
    const char *keys[] = { "m", "ma", "mai", "main", "main.", "" };
    double search_ms;

    start = g_get_monotonic_time ();
    for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
      hs_flame_graph_set_search (graph, keys[k]);
    search_ms = (g_get_monotonic_time () - start) / 1000.0 / G_N_ELEMENTS (keys);
    g_print ("search: %.2f ms per key typed\n", search_ms);
  }
  g_print ("%s: %u frames, %u rows, graph %d×%d px\n", path, hs_flame_graph_get_n_frames (graph),
           hs_flame_node_get_depth (hs_flame_graph_get_frame (graph, hs_flame_graph_get_n_frames (graph) - 1)) + 1,
           width, height);
  g_print ("hit-test: %.2f µs per pointer move (%u moves, %d on a frame)\n", move_us, moves, hits);
  g_print ("snapshot (ms):");
  for (guint r = 0; r < G_N_ELEMENTS (snapshot_ms); r++)
    g_print (" %.1f", snapshot_ms[r]);
  g_print ("\n");

  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}

int
main (int    argc,
      char **argv)
{
  HS_TEST_REQUIRE_DISPLAY ();

  if (argc >= 3 && g_str_equal (argv[1], "--bench"))
    {
      gtk_init ();
      adw_init ();
      return run_bench (argv[2], argc >= 4 ? (guint) atoi (argv[3]) : 2000);
    }

  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

  g_test_add_func ("/flame-graph/new-destroy", test_flame_graph_new_destroy);
  g_test_add_func ("/flame-graph/layout", test_flame_graph_layout);
  g_test_add_func ("/flame-graph/frames-are-nodes", test_flame_graph_frames_are_nodes);
  g_test_add_func ("/flame-graph/hit-testing", test_flame_graph_hit_testing);
  g_test_add_func ("/flame-graph/opens-at-root", test_flame_graph_opens_at_root);
  g_test_add_func ("/flame-graph/zoom-in-view", test_flame_graph_zoom_in_view);
  g_test_add_func ("/flame-graph/narrow-frames", test_flame_graph_narrow_frames);
  g_test_add_func ("/flame-graph/hit-test-bisects", test_flame_graph_hit_test_bisects);
  g_test_add_func ("/flame-graph/search-counts-frames", test_flame_graph_search_counts_frames);
  g_test_add_func ("/flame-graph/diff", test_flame_graph_diff);

  return g_test_run ();
}
