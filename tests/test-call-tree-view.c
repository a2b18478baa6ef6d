/* test-call-tree-view.c: the Call Tree's top-down and bottom-up modes and
 * the filter bar of the Profile view, against core's models
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "hs-call-tree-item.h"
#include "hs-call-tree-view.h"
#include "hs-compare-view.h"
#include "hs-flame-graph.h"
#include "hs-flame-model.h"
#include "hs-profile-diff.h"
#include "hs-profile-filter.h"
#include "hs-profile-view.h"
#include "hs-test-fixtures.h"
#include "hs-test-ui.h"

static GFile *
fixture (const char *rel)
{
  g_autofree char *path = hs_fixtures_path (hs_fixtures_dir (HS_FIXTURES_REPO), rel);

  return g_file_new_for_path (path);
}

typedef struct
{
  HsProfileView *view;
  HsTop         *old_top;
} Wait;

/* An analysis landed (a new HsTop in the table) and the trees after it. */
static gboolean
trees_are_ready (gpointer data)
{
  Wait *wait = data;
  HsTop *top = hs_top_table_get_top (hs_profile_view_get_top_table (wait->view));

  if (hs_profile_view_get_state (wait->view) == HS_PROFILE_VIEW_ERROR)
    return TRUE;
  return top != NULL && top != wait->old_top &&
         hs_call_tree_view_get_tree_model (hs_profile_view_get_call_tree (wait->view),
                                           HS_CALL_TREE_MODE_TOP_DOWN) != NULL;
}

static HsProfileView *
open_view (GtkWidget  **out_window,
           const char  *rel)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GFile) file = fixture (rel);
  GtkWidget *window = gtk_window_new ();
  HsProfileView *view = hs_profile_view_new (file, settings);
  Wait wait = { view, NULL };

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (hs_test_iterate_until (trees_are_ready, &wait, 20000));
  g_assert_cmpint (hs_profile_view_get_state (view), ==, HS_PROFILE_VIEW_READY);
  *out_window = window;
  return view;
}

/* The first level of @mode's rows as shown, in order. */
static GPtrArray *
first_level (HsCallTreeView *tree,
             HsCallTreeMode  mode)
{
  GListModel *model = hs_call_tree_view_get_tree_model (tree, mode);
  GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);

  g_assert_nonnull (model);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (model, i);

      if (gtk_tree_list_row_get_depth (row) == 0)
        g_ptr_array_add (items, gtk_tree_list_row_get_item (row));
    }
  return items;
}

/* The view's first level is core's: the root's children of the model
 * built here from the same profile, largest first, with their values. */
static void
assert_level_equals_core (GPtrArray         *items,
                          const HsFlameNode *root)
{
  gint64 sum = 0;

  g_assert_cmpuint (items->len, ==, hs_flame_node_get_n_children (root));
  g_assert_cmpuint (items->len, >, 0);
  for (guint i = 0; i < items->len; i++)
    {
      HsCallTreeItem *item = g_ptr_array_index (items, i);
      const HsFlameNode *node = NULL;

      for (guint j = 0; j < hs_flame_node_get_n_children (root); j++)
        if (g_str_equal (hs_flame_node_get_name (hs_flame_node_get_child (root, j)),
                         hs_call_tree_item_get_name (item)))
          node = hs_flame_node_get_child (root, j);
      g_assert_nonnull (node);
      g_assert_cmpint (hs_call_tree_item_get_value (item), ==, hs_flame_node_get_value (node));
      g_assert_cmpint (hs_call_tree_item_get_self (item), ==, hs_flame_node_get_self (node));
      if (i > 0)
        g_assert_cmpint (hs_call_tree_item_get_value (g_ptr_array_index (items, i - 1)), >=,
                         hs_call_tree_item_get_value (item));
      sum += hs_call_tree_item_get_value (item);
    }
  g_assert_cmpint (sum, ==, hs_flame_node_get_value (root) - hs_flame_node_get_self (root));
}

static gboolean
bottom_up_is_ready (gpointer tree)
{
  return hs_call_tree_view_get_tree_model (tree, HS_CALL_TREE_MODE_BOTTOM_UP) != NULL;
}

static void
test_new_destroy (void)
{
  GtkWidget *tree = hs_call_tree_view_new ();

  g_object_ref_sink (tree);
  g_assert_cmpint (hs_call_tree_view_get_mode (HS_CALL_TREE_VIEW (tree)), ==, HS_CALL_TREE_MODE_CALLERS);
  g_assert_null (hs_call_tree_view_get_tree_model (HS_CALL_TREE_VIEW (tree), HS_CALL_TREE_MODE_TOP_DOWN));
  hs_call_tree_view_set_mode (HS_CALL_TREE_VIEW (tree), HS_CALL_TREE_MODE_BOTTOM_UP);
  g_assert_cmpint (hs_call_tree_view_get_mode (HS_CALL_TREE_VIEW (tree)), ==, HS_CALL_TREE_MODE_BOTTOM_UP);
  g_assert_finalize_object (tree);
}

static void
test_top_down_and_bottom_up (void)
{
  g_autoptr(HsProfile) profile = hs_fixtures_load (hs_fixtures_dir (HS_FIXTURES_REPO), "leakycache/heap-t2.pb.gz");
  g_autoptr(HsTop) top = NULL;
  g_autoptr(HsFlameModel) down = NULL;
  g_autoptr(HsFlameModel) up = NULL;
  g_autoptr(GPtrArray) items = NULL;
  GtkWidget *window;
  HsProfileView *view = open_view (&window, "leakycache/heap-t2.pb.gz");
  HsCallTreeView *tree = hs_profile_view_get_call_tree (view);
  GListModel *rows;

  top = hs_top_new (profile, hs_profile_get_default_sample_index (profile), FALSE);
  down = hs_flame_model_new (top);
  up = hs_flame_model_new_inverted_full (top, NULL, NULL);

  /* The Profile view opens the call tree from the roots. */
  g_assert_cmpint (hs_call_tree_view_get_mode (tree), ==, HS_CALL_TREE_MODE_TOP_DOWN);
  items = first_level (tree, HS_CALL_TREE_MODE_TOP_DOWN);
  assert_level_equals_core (items, hs_flame_model_get_root (down));
  g_clear_pointer (&items, g_ptr_array_unref);

  /* The heaviest path is open: the second row is the first's largest
   * child. */
  rows = hs_call_tree_view_get_tree_model (tree, HS_CALL_TREE_MODE_TOP_DOWN);
  {
    g_autoptr(GtkTreeListRow) second = g_list_model_get_item (rows, 1);

    g_assert_cmpuint (gtk_tree_list_row_get_depth (second), ==, 1);
  }

  /* The bottom-up tree is built the first time it is shown. */
  g_assert_null (hs_call_tree_view_get_tree_model (tree, HS_CALL_TREE_MODE_BOTTOM_UP));
  hs_call_tree_view_set_mode (tree, HS_CALL_TREE_MODE_BOTTOM_UP);
  g_assert_true (hs_test_iterate_until (bottom_up_is_ready, tree, 20000));
  items = first_level (tree, HS_CALL_TREE_MODE_BOTTOM_UP);
  assert_level_equals_core (items, hs_flame_model_get_root (up));
  /* …whose values are pprof's flat: main.makeValue first, as in Top. */
  g_assert_cmpstr (hs_call_tree_item_get_name (g_ptr_array_index (items, 0)), ==,
                   hs_top_row_get_function_name (hs_top_get_row (top, 0)));
  g_assert_cmpint (hs_call_tree_item_get_value (g_ptr_array_index (items, 0)), ==,
                   hs_top_row_get_flat (hs_top_get_row (top, 0)));

  /* data/screenshots/call-tree-top-down.png is this picture. */
  {
    g_autofree char *png = g_build_filename (g_getenv ("HS_BUILD_ROOT"), "tests", "call-tree-top-down.png", NULL);

    hs_call_tree_view_set_mode (tree, HS_CALL_TREE_MODE_TOP_DOWN);
    hs_profile_view_show_page (view, "calltree");
    /* Past the state stack's crossfade. */
    hs_test_iterate_for (800);
    g_assert_true (hs_test_render_when_drawn (GTK_WIDGET (view), png));
  }

  hs_call_tree_view_set_mode (tree, HS_CALL_TREE_MODE_CALLERS);
  g_assert_cmpuint (g_list_model_get_n_items (hs_call_tree_view_get_model (tree)), >, 2);
  hs_test_iterate_for (50);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The filter bar acts on samples: the table, the trees and the status
 * line follow pprof's numbers. */
static void
test_filters (void)
{
  g_autoptr(HsProfile) profile = hs_fixtures_load (hs_fixtures_dir (HS_FIXTURES_REPO), "leakycache/heap-t2.pb.gz");
  HsProfileFilter filter = { .focus = "main\\.cacheStore", .hide = "^runtime\\." };
  g_autoptr(HsProfile) filtered = hs_profile_filter (profile, &filter, NULL, NULL, NULL);
  guint index = hs_profile_get_default_sample_index (profile);
  g_autoptr(HsTop) top = hs_top_new (filtered, index, FALSE);
  g_autoptr(HsFlameModel) down = hs_flame_model_new (top);
  g_autoptr(GPtrArray) items = NULL;
  GtkWidget *window;
  HsProfileView *view = open_view (&window, "leakycache/heap-t2.pb.gz");
  HsTopTable *table = hs_profile_view_get_top_table (view);
  Wait wait = { view, hs_top_table_get_top (table) };
  HsTop *shown;
  g_autofree char *percent = NULL;

  g_assert_null (hs_profile_view_get_filter_status (view));
  hs_profile_view_set_filter (view, &filter);
  g_assert_true (hs_test_iterate_until (trees_are_ready, &wait, 20000));

  shown = hs_top_table_get_top (table);
  g_assert_cmpuint (hs_top_get_n_rows (shown), ==, hs_top_get_n_rows (top));
  for (guint i = 0; i < hs_top_get_n_rows (top); i++)
    {
      g_assert_cmpstr (hs_top_row_get_name (hs_top_get_row (shown, i)), ==, hs_top_row_get_name (hs_top_get_row (top, i)));
      g_assert_cmpint (hs_top_row_get_flat (hs_top_get_row (shown, i)), ==, hs_top_row_get_flat (hs_top_get_row (top, i)));
      g_assert_cmpint (hs_top_row_get_cum (hs_top_get_row (shown, i)), ==, hs_top_row_get_cum (hs_top_get_row (top, i)));
    }
  /* pprof's total stays the unfiltered one. */
  g_assert_cmpint (hs_top_get_total (shown), ==, hs_profile_get_total (profile, index));
  items = first_level (hs_profile_view_get_call_tree (view), HS_CALL_TREE_MODE_TOP_DOWN);
  assert_level_equals_core (items, hs_flame_model_get_root (down));
  percent = g_strdup_printf ("%.1f%%", 100.0 * (double) hs_top_get_flat_sum (top) / (double) hs_top_get_total (top));
  g_assert_nonnull (hs_profile_view_get_filter_status (view));
  g_assert_nonnull (strstr (hs_profile_view_get_filter_status (view), percent));

  /* A half-typed expression keeps the last good analysis and says why. */
  wait.old_top = shown;
  hs_profile_view_set_filter (view, &(HsProfileFilter) { .focus = "main.(" });
  g_assert_false (hs_test_iterate_until (trees_are_ready, &wait, 500));
  g_assert_cmpint (hs_profile_view_get_state (view), ==, HS_PROFILE_VIEW_READY);
  g_assert_true (hs_top_table_get_top (table) == shown);
  g_assert_nonnull (strstr (hs_profile_view_get_filter_status (view), "not a valid regular expression"));

  /* Clearing the filters brings every sample back. */
  hs_profile_view_set_filter (view, NULL);
  g_assert_true (hs_test_iterate_until (trees_are_ready, &wait, 20000));
  g_assert_null (hs_profile_view_get_filter_status (view));
  g_assert_cmpint (hs_top_get_flat_sum (hs_top_table_get_top (table)), ==, hs_profile_get_total (profile, index));
  hs_test_iterate_for (50);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A goroutine profile's labels are listed, and focusing on one filters
 * the samples as pprof -tagfocus does. */
static void
test_labels (void)
{
  g_autoptr(HsProfile) profile = hs_fixtures_load (hs_fixtures_dir (HS_FIXTURES_REPO), "goroutineleak/goroutine-t2.pb.gz");
  g_autoptr(HsProfile) filtered = hs_profile_filter (profile, &(HsProfileFilter) { .tagfocus = "shard=^s1$" },
                                                     NULL, NULL, NULL);
  GtkWidget *window;
  HsProfileView *view = open_view (&window, "goroutineleak/goroutine-t2.pb.gz");
  HsTopTable *table = hs_profile_view_get_top_table (view);
  Wait wait = { view, hs_top_table_get_top (table) };
  GtkWidget *list = NULL;
  GtkListBoxRow *row = NULL;

  /* Find the labels list in the view and click "shard=s1". */
  for (GtkWidget *w = gtk_widget_get_first_child (GTK_WIDGET (view)); w != NULL;)
    {
      if (GTK_IS_LIST_BOX (w))
        {
          list = w;
          break;
        }
      /* Depth first; a menu button's popover is its child. */
      if (gtk_widget_get_first_child (w) != NULL)
        w = gtk_widget_get_first_child (w);
      else
        {
          while (w != NULL && gtk_widget_get_next_sibling (w) == NULL)
            w = gtk_widget_get_parent (w);
          if (w != NULL)
            w = gtk_widget_get_next_sibling (w);
        }
    }
  g_assert_nonnull (list);
  for (int i = 0; (row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), i)) != NULL; i++)
    if (g_str_equal (gtk_label_get_text (GTK_LABEL (gtk_list_box_row_get_child (row))), "shard=s1"))
      break;
  g_assert_nonnull (row);
  g_signal_emit_by_name (list, "row-activated", row);
  g_assert_true (hs_test_iterate_until (trees_are_ready, &wait, 20000));
  g_assert_cmpint (hs_top_get_flat_sum (hs_top_table_get_top (table)), ==, hs_profile_get_total (filtered, 0));
  g_assert_cmpint (hs_profile_get_total (filtered, 0), <, hs_profile_get_total (profile, 0));
  hs_test_iterate_for (50);

  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct
{
  HsCompareView *compare;
  HsTop         *old_top;
} CompareWait;

static gboolean
compare_has_new_diff (gpointer data)
{
  CompareWait *wait = data;
  HsTop *top = hs_top_table_get_top (hs_compare_view_get_diff_table (wait->compare));

  return hs_compare_view_get_error_message (wait->compare) != NULL ||
         (hs_compare_view_get_ready (wait->compare) && top != NULL && top != wait->old_top);
}

/* The Compare view's filter bar filters both profiles, as pprof's
 * -diff_base with -focus: its diff is core's diff of the filtered
 * profiles, row for row. */
static void
test_compare_filters (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  const char *dir = hs_fixtures_dir (HS_FIXTURES_REPO);
  g_autoptr(HsProfile) base = hs_fixtures_load (dir, "leakycache/heap-t1.pb.gz");
  g_autoptr(HsProfile) newer = hs_fixtures_load (dir, "leakycache/heap-t3.pb.gz");
  HsProfileFilter filter = { .focus = "cacheStore", .hide = "^main\\.loop$" };
  g_autoptr(HsProfile) fbase = hs_profile_filter (base, &filter, NULL, NULL, NULL);
  g_autoptr(HsProfile) fnewer = hs_profile_filter (newer, &filter, NULL, NULL, NULL);
  g_autoptr(HsTop) want = NULL;
  GtkWidget *window = gtk_window_new ();
  HsCompareView *compare = hs_compare_view_new (base, "t1", newer, "t3", settings);
  CompareWait wait = { compare, NULL };
  HsTop *shown;

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (compare));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (hs_test_iterate_until (compare_has_new_diff, &wait, 20000));
  g_assert_null (hs_compare_view_get_error_message (compare));

  wait.old_top = hs_top_table_get_top (hs_compare_view_get_diff_table (compare));
  want = hs_top_new_diff (fbase, fnewer, hs_top_get_sample_index (wait.old_top), FALSE, NULL);
  hs_filter_bar_set_filter (hs_compare_view_get_filter_bar (compare), &filter);
  g_assert_true (hs_test_iterate_until (compare_has_new_diff, &wait, 20000));
  shown = hs_top_table_get_top (hs_compare_view_get_diff_table (compare));
  g_assert_cmpuint (hs_top_get_n_rows (shown), ==, hs_top_get_n_rows (want));
  g_assert_cmpuint (hs_top_get_n_rows (shown), >, 0);
  for (guint i = 0; i < hs_top_get_n_rows (want); i++)
    {
      g_assert_cmpstr (hs_top_row_get_name (hs_top_get_row (shown, i)), ==, hs_top_row_get_name (hs_top_get_row (want, i)));
      g_assert_cmpint (hs_top_row_get_flat (hs_top_get_row (shown, i)), ==, hs_top_row_get_flat (hs_top_get_row (want, i)));
      g_assert_cmpstr (hs_top_row_get_name (hs_top_get_row (shown, i)), !=, "main.loop");
    }
  g_assert_nonnull (hs_filter_bar_get_status (hs_compare_view_get_filter_bar (compare)));
  hs_test_iterate_for (50);

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
flame_is_ready (gpointer view)
{
  return hs_flame_graph_get_n_frames (hs_profile_view_get_flame_graph (view)) > 0;
}

static gboolean
rows_are_shown (gpointer column_view)
{
  GtkSelectionModel *model = gtk_column_view_get_model (column_view);

  return model != NULL && g_list_model_get_n_items (G_LIST_MODEL (model)) > 0;
}

/* The Call Tree page makes its rows when it is first shown: hidden
 * behind the Top page it held ~60,000 rows of bigprofile (5.5 MB) that
 * nobody looked at. Shown, the tree is there, from the roots. */
static void
test_rows_when_shown (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GFile) file = fixture ("leakycache/heap-t2.pb.gz");
  GtkWidget *window = gtk_window_new ();
  HsProfileView *view = hs_profile_view_new (file, settings);
  HsCallTreeView *tree = hs_profile_view_get_call_tree (view);
  GtkColumnView *columns = GTK_COLUMN_VIEW (hs_test_find_widget (GTK_WIDGET (tree), GTK_TYPE_COLUMN_VIEW));

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (hs_test_iterate_until (flame_is_ready, view, 20000));
  hs_test_iterate_for (100);

  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (tree)));
  g_assert_cmpint (hs_call_tree_view_get_mode (tree), ==, HS_CALL_TREE_MODE_TOP_DOWN);
  g_assert_null (gtk_column_view_get_model (columns));

  hs_profile_view_show_page (view, "calltree");
  g_assert_true (hs_test_iterate_until (rows_are_shown, columns, 5000));
  g_assert_true (gtk_single_selection_get_model (GTK_SINGLE_SELECTION (gtk_column_view_get_model (columns))) ==
                 hs_call_tree_view_get_tree_model (tree, HS_CALL_TREE_MODE_TOP_DOWN));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  HS_TEST_REQUIRE_DISPLAY ();

  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

  g_test_add_func ("/call-tree-view/new-destroy", test_new_destroy);
  g_test_add_func ("/call-tree-view/top-down-and-bottom-up", test_top_down_and_bottom_up);
  g_test_add_func ("/call-tree-view/filters", test_filters);
  g_test_add_func ("/call-tree-view/rows-when-shown", test_rows_when_shown);
  g_test_add_func ("/call-tree-view/labels", test_labels);
  g_test_add_func ("/call-tree-view/compare-filters", test_compare_filters);

  return g_test_run ();
}
