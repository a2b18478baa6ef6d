/* test-profiles-page.c: the Profiles page and Compare view on real profiles
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <stdlib.h>
#include <string.h>

#include "hs-call-tree-view.h"
#include "hs-compare-view.h"
#include "hs-profile-view.h"
#include "hs-profiles-page.h"
#include "hs-test-fixtures.h"
#include "hs-test-ui.h"
#include "hs-top-table.h"

/* The project's own fixtures (tests/data); test-profile also checks the
 * reader on ../shared/fixtures when it is there. */
static GFile *
fixture (const char *dir,
         const char *name)
{
  g_autofree char *path = g_build_filename (hs_fixtures_dir (HS_FIXTURES_REPO), dir, name, NULL);

  return g_file_new_for_path (path);
}

/* The oracle's exact figures for leakycache/@name at sample type @index:
 * the flat of @function and pprof's total. */
static void
read_oracle (const char *name,
             const char *index,
             const char *function,
             gint64     *out_flat,
             gint64     *out_total)
{
  const char *dir = hs_fixtures_dir (HS_FIXTURES_REPO);
  g_autofree char *stem = g_build_filename ("leakycache", name, NULL);
  g_autofree char *oracle = hs_fixtures_oracle_file (dir, stem, index);

  g_assert_nonnull (oracle);
  *out_flat = hs_fixtures_oracle_flat (dir, stem, index, function);
  *out_total = hs_fixtures_oracle_total (dir, oracle);
  g_assert_cmpint (*out_flat, >=, 0);
  g_assert_cmpint (*out_total, >, 0);
}

static GtkWidget *
present_page (HsProfilesPage **out_page)
{
  GtkWidget *window = gtk_window_new ();
  HsProfilesPage *page = g_object_new (HS_TYPE_PROFILES_PAGE, NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (hs_test_iterate_until (hs_test_widget_is_mapped, page, 5000));

  *out_page = page;
  return window;
}

static gboolean
view_is_settled (gpointer data)
{
  HsProfileView *view = data;

  switch (hs_profile_view_get_state (view))
    {
    case HS_PROFILE_VIEW_ERROR:
      return TRUE;
    case HS_PROFILE_VIEW_READY:
      /* The flame graph is built after the table. */
      return hs_top_table_get_n_visible_rows (hs_profile_view_get_top_table (view)) > 0 &&
             hs_flame_graph_get_n_frames (hs_profile_view_get_flame_graph (view)) > 0;
    case HS_PROFILE_VIEW_LOADING:
    default:
      return FALSE;
    }
}

static gboolean
compare_is_ready (gpointer data)
{
  return hs_compare_view_get_ready (data) || hs_compare_view_get_error_message (data) != NULL;
}

static char *
build_path (const char *name)
{
  return g_build_filename (g_getenv ("HS_BUILD_ROOT"), "tests", name, NULL);
}

static void
reset_settings (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  g_settings_reset (settings, "recent-files");
  g_settings_reset (settings, "flame-root-at-top");
}

static void
test_new_destroy_page (void)
{
  HsProfilesPage *page = g_object_new (HS_TYPE_PROFILES_PAGE, NULL);

  g_object_ref_sink (page);
  g_assert_cmpuint (hs_profiles_page_get_n_views (page), ==, 0);
  g_assert_finalize_object (page);
}

static void
test_new_destroy_widgets (void)
{
  GtkWidget *table = hs_top_table_new ();
  GtkWidget *tree = hs_call_tree_view_new ();

  g_object_ref_sink (table);
  g_assert_cmpuint (hs_top_table_get_n_visible_rows (HS_TOP_TABLE (table)), ==, 0);
  g_assert_null (hs_top_table_get_selected_function (HS_TOP_TABLE (table)));
  g_assert_finalize_object (table);

  g_object_ref_sink (tree);
  g_assert_null (hs_call_tree_view_get_function (HS_CALL_TREE_VIEW (tree)));
  g_assert_finalize_object (tree);
}

static void
test_new_destroy_views (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GFile) t1 = fixture ("leakycache", "heap-t1.pb.gz");
  g_autoptr(GFile) t3 = fixture ("leakycache", "heap-t3.pb.gz");
  g_autoptr(HsProfile) base = hs_profile_load_file (t1, 0, NULL, NULL);
  g_autoptr(HsProfile) newer = hs_profile_load_file (t3, 0, NULL, NULL);
  HsProfileView *view;
  HsCompareView *compare;

  /* The worker threads hold the views until they report back. */
  view = hs_profile_view_new (t1, settings);
  g_object_ref_sink (view);
  g_assert_true (hs_test_iterate_until (view_is_settled, view, 10000));
  g_assert_cmpint (hs_profile_view_get_state (view), ==, HS_PROFILE_VIEW_READY);
  hs_test_iterate_for (50);
  g_assert_finalize_object (view);

  g_assert_nonnull (base);
  g_assert_nonnull (newer);
  compare = hs_compare_view_new (base, "t1", newer, "t3", settings);
  g_object_ref_sink (compare);
  g_assert_true (hs_test_iterate_until (compare_is_ready, compare, 10000));
  hs_test_iterate_for (50);
  g_assert_finalize_object (compare);
}

static void
test_initial_state (void)
{
  HsProfilesPage *page;
  GtkWidget *window;

  reset_settings ();
  window = present_page (&page);

  g_assert_cmpuint (hs_profiles_page_get_n_views (page), ==, 0);
  /* Nothing to compare yet. */
  g_assert_null (hs_profiles_page_compare (page, 0, 1));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_open_fixture (void)
{
  g_autoptr(GFile) file = fixture ("leakycache", "heap-t2.pb.gz");
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_auto(GStrv) recent = NULL;
  g_autofree char *uri = g_file_get_uri (file);
  g_autofree char *total_text = NULL;
  g_autofree char *png = NULL;
  g_autoptr(HsTopRow) first = NULL;
  HsProfilesPage *page;
  HsProfileView *view;
  HsTopTable *table;
  GtkWidget *window;
  gint64 oracle_flat, oracle_total;

  reset_settings ();
  read_oracle ("heap-t2.pb.gz", "inuse_space", "main.makeValue", &oracle_flat, &oracle_total);

  window = present_page (&page);
  hs_profiles_page_open_files (page, &file, 1);
  g_assert_cmpuint (hs_profiles_page_get_n_views (page), ==, 1);
  view = hs_profiles_page_get_view (page, 0);
  g_assert_true (hs_test_iterate_until (view_is_settled, view, 10000));
  g_assert_cmpint (hs_profile_view_get_state (view), ==, HS_PROFILE_VIEW_READY);
  g_assert_cmpstr (hs_profile_view_get_title (view), ==, "heap-t2.pb.gz");

  /* The header names every sample type with its exact total. */
  g_assert_nonnull (strstr (hs_profile_view_get_totals_text (view), "inuse_space"));
  total_text = g_strdup_printf ("(%" G_GINT64_FORMAT " B)", oracle_total);
  g_assert_nonnull (strstr (hs_profile_view_get_totals_text (view), total_text));

  /* The default sample index of a heap profile is inuse_space, and its
   * first row is pprof's first row, with pprof's flat. */
  table = hs_profile_view_get_top_table (view);
  first = hs_top_table_get_visible_row (table, 0);
  g_assert_cmpstr (hs_top_row_get_function_name (first), ==, "main.makeValue");
  g_assert_cmpint (hs_top_row_get_flat (first), ==, oracle_flat);
  g_assert_cmpstr (hs_top_get_sample_type (hs_top_table_get_top (table)), ==, "inuse_space");
  /* …and it is selected, so the call tree shows it. */
  g_assert_cmpstr (hs_top_table_get_selected_function (table), ==, "main.makeValue");
  g_assert_cmpstr (hs_call_tree_view_get_function (hs_profile_view_get_call_tree (view)), ==,
                   "main.makeValue");
  g_assert_cmpuint (g_list_model_get_n_items (hs_call_tree_view_get_model (hs_profile_view_get_call_tree (view))), >, 2);

  /* The flame graph got the same profile; a frame clicked there becomes
   * the function shown in the table and the call tree. */
  {
    HsFlameGraph *flame = hs_profile_view_get_flame_graph (view);
    int malg = -1;

    g_assert_cmpuint (hs_flame_graph_get_n_frames (flame), >, 3);
    for (guint i = 0; i < hs_flame_graph_get_n_frames (flame) && malg < 0; i++)
      if (g_strcmp0 (hs_flame_graph_get_frame (flame, i)->name, "runtime.malg") == 0)
        malg = (int) i;
    g_assert_cmpint (malg, >, 0);
    g_signal_emit_by_name (flame, "frame-activated", malg);
    g_assert_cmpstr (hs_top_table_get_selected_function (table), ==, "runtime.malg");
    g_assert_cmpstr (hs_call_tree_view_get_function (hs_profile_view_get_call_tree (view)), ==,
                     "runtime.malg");
    g_assert_true (hs_top_table_select_function (table, "main.makeValue"));
  }

  /* Search filters the table. */
  hs_top_table_set_search (table, "MAKEVALUE");
  g_assert_cmpuint (hs_top_table_get_n_visible_rows (table), ==, 1);
  hs_top_table_set_search (table, NULL);
  g_assert_true (hs_top_table_set_focus_ignore (table, "^main\\.", "makeValue", NULL));
  for (guint i = 0; i < hs_top_table_get_n_visible_rows (table); i++)
    {
      g_autoptr(HsTopRow) row = hs_top_table_get_visible_row (table, i);

      g_assert_true (g_str_has_prefix (hs_top_row_get_name (row), "main."));
      g_assert_null (strstr (hs_top_row_get_name (row), "makeValue"));
    }
  g_assert_false (hs_top_table_set_focus_ignore (table, "(unclosed", NULL, NULL));
  g_assert_true (hs_top_table_set_focus_ignore (table, NULL, NULL, NULL));

  /* Sorting by name: the table says what it sorts by. */
  hs_top_table_sort_by (table, "name", GTK_SORT_ASCENDING);
  {
    GtkSortType order = GTK_SORT_DESCENDING;

    g_assert_cmpstr (hs_top_table_get_sort_column (table, &order), ==, "name");
    g_assert_cmpint (order, ==, GTK_SORT_ASCENDING);
  }
  hs_top_table_sort_by (table, "flat", GTK_SORT_DESCENDING);
  {
    GtkSortType order = GTK_SORT_ASCENDING;

    g_assert_cmpstr (hs_top_table_get_sort_column (table, &order), ==, "flat");
    g_assert_cmpint (order, ==, GTK_SORT_DESCENDING);
  }

  /* It is remembered as a recent file. */
  recent = g_settings_get_strv (settings, "recent-files");
  g_assert_cmpstr (recent[0], ==, uri);

  /* Opening it again shows the same tab. */
  hs_profiles_page_open_files (page, &file, 1);
  g_assert_cmpuint (hs_profiles_page_get_n_views (page), ==, 1);

  hs_test_iterate_for (600);
  png = build_path ("profiles-page.png");
  g_assert_true (hs_test_render_widget_to_png (GTK_WIDGET (page), png));

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
table_shows_alloc_space (gpointer data)
{
  HsTop *top = hs_top_table_get_top (data);

  return top != NULL && g_strcmp0 (hs_top_get_sample_type (top), "alloc_space") == 0;
}

static void
test_sample_index (void)
{
  g_autoptr(GFile) file = fixture ("leakycache", "heap-t2.pb.gz");
  g_autoptr(HsTopRow) first = NULL;
  HsProfilesPage *page;
  HsProfileView *view;
  HsTopTable *table;
  GtkWidget *window;
  gint64 oracle_flat, oracle_total;
  int index;

  read_oracle ("heap-t2.pb.gz", "alloc_space", "main.makeValue", &oracle_flat, &oracle_total);

  window = present_page (&page);
  hs_profiles_page_open_files (page, &file, 1);
  view = hs_profiles_page_get_view (page, 0);
  g_assert_true (hs_test_iterate_until (view_is_settled, view, 10000));

  table = hs_profile_view_get_top_table (view);
  index = hs_profile_find_sample_type (hs_profile_view_get_profile (view), "alloc_space");
  g_assert_cmpint (index, >=, 0);
  hs_profile_view_set_sample_index (view, (guint) index);
  g_assert_true (hs_test_iterate_until (table_shows_alloc_space, table, 10000));

  for (guint i = 0; i < hs_top_table_get_n_visible_rows (table); i++)
    {
      g_autoptr(HsTopRow) row = hs_top_table_get_visible_row (table, i);

      if (g_strcmp0 (hs_top_row_get_function_name (row), "main.makeValue") == 0)
        g_assert_cmpint (hs_top_row_get_flat (row), ==, oracle_flat);
    }
  g_assert_cmpint (hs_top_get_total (hs_top_table_get_top (table)), ==, oracle_total);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_bad_fixture (void)
{
  g_autoptr(GFile) file = fixture ("bad", "bad-truncated.pb.gz");
  g_autofree char *png = NULL;
  HsProfilesPage *page;
  HsProfileView *view;
  GtkWidget *window;
  const char *message;

  window = present_page (&page);
  hs_profiles_page_open_files (page, &file, 1);
  view = hs_profiles_page_get_view (page, 0);
  g_assert_true (hs_test_iterate_until (view_is_settled, view, 10000));

  /* An error state in words, naming the file; no crash, no profile. */
  g_assert_cmpint (hs_profile_view_get_state (view), ==, HS_PROFILE_VIEW_ERROR);
  g_assert_null (hs_profile_view_get_profile (view));
  message = hs_profile_view_get_error_message (view);
  g_assert_nonnull (message);
  g_test_message ("error shown: %s", message);
  g_assert_nonnull (strstr (message, "bad-truncated.pb.gz"));

  hs_test_iterate_for (600);
  png = build_path ("profiles-page-error.png");
  g_assert_true (hs_test_render_widget_to_png (GTK_WIDGET (page), png));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_compare (void)
{
  GFile *files[2];
  g_autofree char *png = NULL;
  HsProfilesPage *page;
  HsCompareView *compare;
  HsTopTable *base_table, *new_table, *diff_table;
  g_autoptr(HsTopRow) top_diff = NULL;
  GtkWidget *window;

  files[0] = fixture ("leakycache", "heap-t1.pb.gz");
  files[1] = fixture ("leakycache", "heap-t3.pb.gz");
  window = present_page (&page);
  hs_profiles_page_open_files (page, files, 2);
  g_assert_cmpuint (hs_profiles_page_get_n_views (page), ==, 2);
  for (guint i = 0; i < 2; i++)
    g_assert_true (hs_test_iterate_until (view_is_settled, hs_profiles_page_get_view (page, i), 10000));

  compare = hs_profiles_page_compare (page, 0, 1);
  g_assert_nonnull (compare);
  g_assert_true (hs_test_iterate_until (compare_is_ready, compare, 10000));
  g_assert_null (hs_compare_view_get_error_message (compare));
  g_assert_cmpstr (hs_compare_view_get_title (compare), ==, "heap-t1.pb.gz → heap-t3.pb.gz");

  /* The leak: main.makeValue grew most. */
  g_assert_cmpuint (hs_compare_view_get_n_growers (compare), >, 0);
  g_assert_cmpstr (hs_compare_view_get_grower (compare, 0), ==, "main.makeValue");

  /* The diff table opens sorted by growth. */
  diff_table = hs_compare_view_get_diff_table (compare);
  top_diff = hs_top_table_get_visible_row (diff_table, 0);
  g_assert_cmpstr (hs_top_row_get_function_name (top_diff), ==, "main.makeValue");
  g_assert_cmpint (hs_top_row_get_flat (top_diff), ==,
                   hs_top_row_get_new_flat (top_diff) - hs_top_row_get_base_flat (top_diff));
  g_assert_cmpint (hs_top_row_get_flat (top_diff), >, 0);

  /* The side-by-side panes follow each other. */
  base_table = hs_compare_view_get_base_table (compare);
  new_table = hs_compare_view_get_new_table (compare);
  g_assert_true (hs_top_table_select_function (base_table, "main.loop"));
  g_assert_cmpstr (hs_top_table_get_selected_function (new_table), ==, "main.loop");
  hs_top_table_sort_by (base_table, "cum", GTK_SORT_DESCENDING);
  {
    GtkSortType order = GTK_SORT_ASCENDING;

    g_assert_cmpstr (hs_top_table_get_sort_column (new_table, &order), ==, "cum");
    g_assert_cmpint (order, ==, GTK_SORT_DESCENDING);
  }

  hs_test_iterate_for (600);
  png = build_path ("compare-view.png");
  g_assert_true (hs_test_render_widget_to_png (GTK_WIDGET (page), png));

  /* Swapped, the leak is a shrink and no longer the top grower. */
  hs_compare_view_swap (compare);
  g_assert_true (hs_test_iterate_until (compare_is_ready, compare, 10000));
  g_assert_cmpstr (hs_compare_view_get_title (compare), ==, "heap-t3.pb.gz → heap-t1.pb.gz");
  for (guint i = 0; i < hs_compare_view_get_n_growers (compare); i++)
    g_assert_cmpstr (hs_compare_view_get_grower (compare, i), !=, "main.makeValue");

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (files[0]);
  g_object_unref (files[1]);
}

int
main (int    argc,
      char **argv)
{
  HS_TEST_REQUIRE_DISPLAY ();

  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

  g_test_add_func ("/profiles-page/new-destroy", test_new_destroy_page);
  g_test_add_func ("/profiles-page/new-destroy-widgets", test_new_destroy_widgets);
  g_test_add_func ("/profiles-page/new-destroy-views", test_new_destroy_views);
  g_test_add_func ("/profiles-page/initial-state", test_initial_state);
  g_test_add_func ("/profiles-page/open-fixture", test_open_fixture);
  g_test_add_func ("/profiles-page/sample-index", test_sample_index);
  g_test_add_func ("/profiles-page/bad-fixture", test_bad_fixture);
  g_test_add_func ("/profiles-page/compare", test_compare);

  return g_test_run ();
}
