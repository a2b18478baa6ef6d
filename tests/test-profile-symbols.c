/* test-profile-symbols.c: an address-only heap dump opened in the window
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A real tcmalloc heap dump of leaky (hs-test-producers.c) opens
 * with the program's functions named from its binary, as `heapscope-cli
 * top` names them; with the binary gone the table keeps the addresses and
 * the header says which file was missing. */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "hs-compare-view.h"
#include "hs-profile-view.h"
#include "hs-profile-top.h"
#include "hs-profiles-page.h"
#include "hs-test-fixtures.h"
#include "hs-test-producers.h"
#include "hs-test-ui.h"
#include "hs-top-table.h"

static gboolean
view_is_settled (gpointer data)
{
  HsProfileView *view = data;

  return hs_profile_view_get_state (view) == HS_PROFILE_VIEW_ERROR ||
         (hs_profile_view_get_state (view) == HS_PROFILE_VIEW_READY &&
          hs_top_table_get_n_visible_rows (hs_profile_view_get_top_table (view)) > 0);
}

/* The flat of the row named @name, or -1. */
static gint64
row_flat (HsProfileView *view,
          const char    *name)
{
  HsTopTable *table = hs_profile_view_get_top_table (view);

  for (guint i = 0; i < hs_top_table_get_n_visible_rows (table); i++)
    {
      HsTopRow *row = hs_top_table_get_visible_row (table, i);

      if (g_str_equal (hs_top_row_get_name (row), name))
        return hs_top_row_get_flat (row);
    }
  return -1;
}

static HsProfileView *
open_view (const char  *path,
           GtkWidget  **out_window)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.heapscope.Heapscope");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GtkWidget *window = gtk_window_new ();
  HsProfileView *view = hs_profile_view_new (file, settings);

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 600);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (hs_test_iterate_until (view_is_settled, view, 30000));
  g_assert_cmpint (hs_profile_view_get_state (view), ==, HS_PROFILE_VIEW_READY);
  *out_window = window;
  return view;
}

static void
test_profile_symbols_named (void)
{
  HsTestDump d = { 0 };
  GtkWidget *window = NULL;
  HsProfileView *view;

  if (!hs_test_make_tcmalloc_dump (&d))
    return;
  view = open_view (d.proto, &window);
  g_assert_cmpint (row_flat (view, "load_table"), ==, 1 << 20);
  g_assert_cmpint (row_flat (view, "make_entry"), ==, 200 * 4096);
  g_assert_cmpstr (hs_profile_view_get_symbols_text (view), ==, "");
  gtk_window_destroy (GTK_WINDOW (window));
  hs_test_dump_clear (&d);
}

static void
test_profile_symbols_binary_missing (void)
{
  HsTestDump d = { 0 };
  GtkWidget *window = NULL;
  HsProfileView *view;
  g_autofree char *moved = NULL;

  if (!hs_test_make_tcmalloc_dump (&d))
    return;
  moved = g_strconcat (d.binary, ".moved", NULL);
  g_assert_cmpint (g_rename (d.binary, moved), ==, 0);
  view = open_view (d.proto, &window);
  /* The same bytes, under addresses; and the header says why. */
  g_assert_cmpint (row_flat (view, "load_table"), ==, -1);
  g_assert_nonnull (strstr (hs_profile_view_get_symbols_text (view), d.binary));
  g_assert_nonnull (strstr (hs_profile_view_get_symbols_text (view), "binary not found"));
  gtk_window_destroy (GTK_WINDOW (window));
  hs_test_dump_clear (&d);
}

static void
loaded (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* Reads @path as the profile view does: one worker loads and names, with
 * its progress. */
static HsProfile *
load_named (const char     *path,
            HsLoadProgress *progress)
{
  static const char * const no_search[] = { NULL };
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  HsProfile *profile;

  hs_profile_load_file_symbolized_async (file, 0, progress, no_search, NULL, loaded, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  profile = hs_profile_load_file_finish (result, &error);
  g_assert_no_error (error);
  return profile;
}

/* The view loads and names in one task: its progress says when the file
 * is read and the naming has begun, and only for a profile that needs it. */
static void
test_profile_symbols_one_worker (void)
{
  HsTestDump d = { 0 };
  g_autoptr(HsLoadProgress) progress = hs_load_progress_new ();
  g_autoptr(HsLoadProgress) plain_progress = hs_load_progress_new ();
  g_autoptr(HsProfile) profile = NULL;
  g_autoptr(HsProfile) plain = NULL;
  g_autofree char *plain_path = g_build_filename (hs_fixtures_dir (HS_FIXTURES_REPO), "leakycache",
                                                  "heap-t2.pb.gz", NULL);
  g_autoptr(HsTop) top = NULL;

  plain = load_named (plain_path, plain_progress);
  g_assert_false (hs_profile_needs_symbols (plain));
  g_assert_false (hs_load_progress_get_naming (plain_progress));
  g_assert_cmpfloat (hs_load_progress_get_fraction (plain_progress), ==, 1.0);

  if (!hs_test_make_tcmalloc_dump (&d))
    return;
  g_assert_false (hs_load_progress_get_naming (progress));
  profile = load_named (d.proto, progress);
  g_assert_true (hs_load_progress_get_naming (progress));
  g_assert_cmpfloat (hs_load_progress_get_fraction (progress), ==, 1.0);
  /* Named from the binary beside it (the default search finds it). */
  top = hs_top_new (profile, hs_profile_get_default_sample_index (profile), FALSE);
  g_assert_cmpint (hs_top_find_row (top, "load_table"), >=, 0);
  hs_test_dump_clear (&d);
}

static gboolean
page_has_views (gpointer page)
{
  return !hs_profiles_page_get_opening (page);
}

static gboolean
compare_is_ready (gpointer page)
{
  HsCompareView *compare = hs_profiles_page_get_last_compare (page);

  return compare != NULL &&
         (hs_compare_view_get_ready (compare) || hs_compare_view_get_error_message (compare) != NULL);
}

/* Two jemalloc dumps of the same run, the first (after 512 KiB) and the
 * last (at exit), compared in the window: named from the binary, the
 * growers are the program's own functions, load_table's 1 MiB first.
 * data/screenshots/compare-jemalloc.png is this render. */
static void
test_profile_symbols_jemalloc_compare (void)
{
  HsTestDump d = { 0 };
  g_auto(GStrv) dumps = NULL;
  g_autoptr(GFile) first = NULL;
  g_autoptr(GFile) last = NULL;
  g_autofree char *png = NULL;
  GtkWidget *window;
  HsProfilesPage *page;
  HsCompareView *compare;
  guint n;

  if (!hs_test_make_jemalloc_dumps (&d, &dumps))
    return;
  n = g_strv_length (dumps);
  g_assert_cmpuint (n, >=, 2);
  first = g_file_new_for_path (dumps[0]);
  last = g_file_new_for_path (dumps[n - 1]);

  window = gtk_window_new ();
  page = g_object_new (HS_TYPE_PROFILES_PAGE, NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
  gtk_window_present (GTK_WINDOW (window));
  hs_profiles_page_open_files (page, (GFile *[]) { first, last }, 2);
  g_assert_true (hs_test_iterate_until (page_has_views, page, 20000));
  hs_profiles_page_compare_files (page, first, last);
  g_assert_true (hs_test_iterate_until (compare_is_ready, page, 30000));
  compare = hs_profiles_page_get_last_compare (page);
  g_assert_null (hs_compare_view_get_error_message (compare));
  g_assert_cmpuint (hs_compare_view_get_n_growers (compare), >, 0);
  g_assert_cmpstr (hs_compare_view_get_grower (compare, 0), ==, "load_table");

  png = g_test_build_filename (G_TEST_BUILT, "compare-jemalloc.png", NULL);
  hs_test_iterate_for (600);
  g_assert_true (hs_test_render_when_drawn (GTK_WIDGET (page), png));

  gtk_window_destroy (GTK_WINDOW (window));
  hs_test_dump_clear (&d);
}

int
main (int    argc,
      char **argv)
{
  HS_TEST_REQUIRE_DISPLAY ();

  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

  g_test_add_func ("/profile-symbols/named", test_profile_symbols_named);
  g_test_add_func ("/profile-symbols/one-worker", test_profile_symbols_one_worker);
  g_test_add_func ("/profile-symbols/binary-missing", test_profile_symbols_binary_missing);
  g_test_add_func ("/profile-symbols/jemalloc-compare", test_profile_symbols_jemalloc_compare);

  return g_test_run ();
}
