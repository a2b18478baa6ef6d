/* test-massif-view.c: a massif file in the Profiles page
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A real massif file (tests/data/massif) opens in its own kind of tab:
 * the chart holds every snapshot, the peak is shown first as a profile
 * whose totals are the snapshot's tree, another snapshot can be picked,
 * and two compare. */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "hs-massif-view.h"
#include "hs-profiles-page.h"
#include "hs-test-ui.h"
#include "hs-top-table.h"

static gboolean
page_has_views (gpointer page)
{
  return !hs_profiles_page_get_opening (page);
}

static gboolean
massif_is_loaded (gpointer data)
{
  HsMassifView *view = data;

  return hs_massif_view_get_massif (view) != NULL || hs_massif_view_get_error_message (view) != NULL;
}

static gboolean
profile_is_ready (gpointer data)
{
  HsProfileView *view = hs_massif_view_get_profile_view (data);

  return view != NULL && hs_profile_view_get_state (view) == HS_PROFILE_VIEW_READY &&
         hs_top_table_get_n_visible_rows (hs_profile_view_get_top_table (view)) > 0;
}

static gboolean
compare_is_ready (gpointer data)
{
  HsCompareView *view = hs_massif_view_get_compare_view (data);

  return view != NULL && (hs_compare_view_get_ready (view) || hs_compare_view_get_error_message (view) != NULL);
}

static gboolean
chart_is_drawn (gpointer chart)
{
  /* Hit tests use the geometry of the last frame drawn. */
  return gtk_widget_get_width (chart) > 0 &&
         hs_massif_chart_position_at (chart, gtk_widget_get_width (chart), FALSE) > 0;
}

static HsMassifView *
open_massif (const char      *name,
             GtkWidget      **out_window)
{
  GtkWidget *window = gtk_window_new ();
  HsProfilesPage *page = g_object_new (HS_TYPE_PROFILES_PAGE, NULL);
  g_autofree char *path = g_build_filename (g_getenv ("HS_TEST_DATA_DIR"), "massif", name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  HsMassifView *view;

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 760);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (hs_test_iterate_until (hs_test_widget_is_mapped, page, 5000));

  hs_profiles_page_open_files (page, &file, 1);
  g_assert_true (hs_test_iterate_until (page_has_views, page, 10000));
  g_assert_cmpuint (hs_profiles_page_get_n_views (page), ==, 1);
  /* Its own kind of tab, not a profile's. */
  g_assert_null (hs_profiles_page_get_view (page, 0));
  view = hs_profiles_page_get_massif_view (page, 0);
  g_assert_nonnull (view);
  g_assert_true (hs_test_iterate_until (massif_is_loaded, view, 10000));
  g_assert_null (hs_massif_view_get_error_message (view));

  *out_window = window;
  return view;
}

static void
test_massif_view_opens_at_peak (void)
{
  GtkWidget *window = NULL;
  HsMassifView *view = open_massif ("massif.out.stacks", &window);
  HsMassif *massif = hs_massif_view_get_massif (view);
  int peak = hs_massif_get_default_position (massif);
  HsProfileView *profile_view;
  g_autofree char *described = NULL;

  g_assert_cmpuint (hs_massif_get_n_snapshots (massif), >, 10);
  g_assert_cmpint (hs_massif_get_snapshot (massif, peak)->tree, ==, HS_MASSIF_TREE_PEAK);
  g_assert_true (hs_test_iterate_until (profile_is_ready, view, 10000));
  g_assert_cmpint (hs_massif_view_get_shown (view), ==, peak);
  g_assert_cmpint (hs_massif_chart_get_selected (hs_massif_view_get_chart (view)), ==, peak);

  /* The profile below is the peak's tree: its total is the useful heap. */
  profile_view = hs_massif_view_get_profile_view (view);
  g_assert_cmpint (hs_profile_get_total (hs_profile_view_get_profile (profile_view), 0), ==,
                   hs_massif_get_snapshot (massif, peak)->heap);

  /* The chart's hover text says the snapshot's figures as ms_print does. */
  described = hs_massif_chart_describe (hs_massif_view_get_chart (view), peak);
  g_assert_nonnull (strstr (described, "peak"));
  {
    g_autofree char *total = g_strdup_printf ("Snapshot %u", hs_massif_get_snapshot (massif, peak)->index);

    g_assert_true (g_str_has_prefix (described, total));
  }

  /* data/screenshots/massif.png is this render. */
  {
    g_autofree char *png = g_test_build_filename (G_TEST_BUILT, "massif.png", NULL);

    hs_test_iterate_for (600);
    g_assert_true (hs_test_render_when_drawn (gtk_window_get_child (GTK_WINDOW (window)), png));
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_massif_view_picks_and_compares (void)
{
  GtkWidget *window = NULL;
  HsMassifView *view = open_massif ("massif.out.default", &window);
  HsMassif *massif = hs_massif_view_get_massif (view);
  int peak = hs_massif_get_default_position (massif);
  int first = -1;
  HsCompareView *compare;

  g_assert_true (hs_test_iterate_until (profile_is_ready, view, 10000));
  for (guint i = 0; i < hs_massif_get_n_snapshots (massif) && first < 0; i++)
    if (hs_massif_get_snapshot (massif, i)->tree != HS_MASSIF_TREE_EMPTY)
      first = i;
  g_assert_cmpint (first, >=, 0);
  g_assert_cmpint (first, !=, peak);

  /* A click on the chart picks the nearest snapshot with a tree. */
  {
    HsMassifChart *chart = hs_massif_view_get_chart (view);
    int at = -1;

    g_assert_true (hs_test_iterate_until (chart_is_drawn, chart, 5000));
    for (int x = 0; x < gtk_widget_get_width (GTK_WIDGET (chart)) && at != first; x++)
      at = hs_massif_chart_position_at (chart, x, TRUE);
    g_assert_cmpint (at, ==, first);
  }

  hs_massif_view_show_snapshot (view, first);
  g_assert_true (hs_test_iterate_until (profile_is_ready, view, 10000));
  g_assert_cmpint (hs_profile_get_total (hs_profile_view_get_profile (hs_massif_view_get_profile_view (view)), 0), ==,
                   hs_massif_get_snapshot (massif, first)->heap);

  /* Peak against the first: what grew between the two. */
  hs_massif_view_show_snapshot (view, peak);
  hs_massif_view_compare_with (view, first);
  compare = hs_massif_view_get_compare_view (view);
  g_assert_nonnull (compare);
  g_assert_true (hs_test_iterate_until (compare_is_ready, view, 10000));
  g_assert_null (hs_compare_view_get_error_message (compare));
  g_assert_cmpuint (hs_compare_view_get_n_growers (compare), >, 0);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_massif_view_bad_file (void)
{
  GtkWidget *window = gtk_window_new ();
  HsProfilesPage *page = g_object_new (HS_TYPE_PROFILES_PAGE, NULL);
  g_autofree char *dir = g_dir_make_tmp ("hs-massif-view-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "massif.out.1", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  HsMassifView *view;

  /* A massif file whose time unit no massif writes. */
  g_assert_true (g_file_set_contents (path, "desc: x\ncmd: ./a\ntime_unit: s\n", -1, NULL));
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
  gtk_window_present (GTK_WINDOW (window));
  hs_profiles_page_open_files (page, &file, 1);
  g_assert_true (hs_test_iterate_until (page_has_views, page, 10000));
  view = hs_profiles_page_get_massif_view (page, 0);
  g_assert_nonnull (view);
  g_assert_true (hs_test_iterate_until (massif_is_loaded, view, 10000));
  g_assert_nonnull (strstr (hs_massif_view_get_error_message (view), "line 3"));

  gtk_window_destroy (GTK_WINDOW (window));
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  HS_TEST_REQUIRE_DISPLAY ();

  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

  g_test_add_func ("/massif-view/opens-at-peak", test_massif_view_opens_at_peak);
  g_test_add_func ("/massif-view/picks-and-compares", test_massif_view_picks_and_compares);
  g_test_add_func ("/massif-view/bad-file", test_massif_view_bad_file);

  return g_test_run ();
}
