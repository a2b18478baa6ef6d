/* test-profiles-page.c: the Profiles page and Compare view on real profiles
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hs-call-tree-view.h"
#include "hs-compare-view.h"
#include "hs-profile-view.h"
#include "hs-profiles-page.h"
#include "hs-test-fixtures.h"
#include "hs-test-ui.h"
#include "hs-top-table.h"

/* Opening a file tells a snapshot from a profile in a thread: its view
 * comes after the main loop has run. */
static gboolean
page_has_views (gpointer page)
{
  return !hs_profiles_page_get_opening (page);
}

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

/* Opens FOLDER/BASE and FOLDER/NEWER in a new page, waits until both views
 * have settled and their Compare is ready, and returns the Compare view;
 * the caller destroys *out_window and unrefs out_files. */
static HsCompareView *
open_compare (const char       *folder,
              const char       *base,
              const char       *newer,
              GFile            *out_files[2],
              HsProfilesPage  **out_page,
              GtkWidget       **out_window)
{
  HsCompareView *compare;

  out_files[0] = fixture (folder, base);
  out_files[1] = fixture (folder, newer);
  *out_window = present_page (out_page);
  hs_profiles_page_open_files (*out_page, out_files, 2);
  g_assert_true (hs_test_iterate_until (page_has_views, *out_page, 20000));
  g_assert_cmpuint (hs_profiles_page_get_n_views (*out_page), ==, 2);
  for (guint i = 0; i < 2; i++)
    g_assert_true (hs_test_iterate_until (view_is_settled, hs_profiles_page_get_view (*out_page, i), 10000));

  compare = hs_profiles_page_compare (*out_page, 0, 1);
  g_assert_nonnull (compare);
  g_assert_true (hs_test_iterate_until (compare_is_ready, compare, 10000));
  g_assert_null (hs_compare_view_get_error_message (compare));
  return compare;
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
  g_assert_true (hs_test_iterate_until (page_has_views, page, 20000));
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
      if (g_strcmp0 (hs_flame_node_get_name (hs_flame_graph_get_frame (flame, i)), "runtime.malg") == 0)
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
  g_assert_true (hs_test_iterate_until (page_has_views, page, 20000));
  g_assert_cmpuint (hs_profiles_page_get_n_views (page), ==, 1);

  hs_test_iterate_for (600);
  png = build_path ("profiles-page.png");
  g_assert_true (hs_test_render_when_drawn (GTK_WIDGET (page), png));

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
  g_assert_true (hs_test_iterate_until (page_has_views, page, 20000));
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

static GtkWidget *hs_test_find_widget (GtkWidget *root,
                                   GType      type);

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
  g_assert_true (hs_test_iterate_until (page_has_views, page, 20000));
  view = hs_profiles_page_get_view (page, 0);
  g_assert_true (hs_test_iterate_until (view_is_settled, view, 10000));

  /* An error state in words, naming the file; no crash, no profile. */
  g_assert_cmpint (hs_profile_view_get_state (view), ==, HS_PROFILE_VIEW_ERROR);
  g_assert_null (hs_profile_view_get_profile (view));
  message = hs_profile_view_get_error_message (view);
  g_assert_nonnull (message);
  g_test_message ("error shown: %s", message);
  g_assert_nonnull (strstr (message, "bad-truncated.pb.gz"));

  /* The tab is marked as failed in the tab bar too. */
  {
    AdwTabView *tabs = ADW_TAB_VIEW (hs_test_find_widget (GTK_WIDGET (page), ADW_TYPE_TAB_VIEW));
    AdwTabPage *tab = adw_tab_view_get_page (tabs, GTK_WIDGET (view));
    GIcon *icon = adw_tab_page_get_indicator_icon (tab);

    g_assert_nonnull (icon);
    g_assert_true (G_IS_THEMED_ICON (icon));
    g_assert_cmpstr (g_themed_icon_get_names (G_THEMED_ICON (icon))[0], ==, "dialog-error-symbolic");
    g_assert_cmpstr (adw_tab_page_get_indicator_tooltip (tab), ==, message);
  }

  hs_test_iterate_for (600);
  png = build_path ("profiles-page-error.png");
  g_assert_true (hs_test_render_when_drawn (GTK_WIDGET (page), png));

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

  compare = open_compare ("leakycache", "heap-t1.pb.gz", "heap-t3.pb.gz", files, &page, &window);
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
  g_assert_true (hs_test_render_when_drawn (GTK_WIDGET (page), png));

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

typedef struct
{
  char     *paths[2];
  gint64    rescue_at;
  gboolean  done;
  gboolean  rescued;
} FifoRescue;

/* A build that opens the FIFO on the main thread would hang for ever:
 * from @rescue_at on, this connects writers (which ends an open(2)
 * waiting on a FIFO, and gives its reader an end of file) so that the
 * test fails instead. */
static gpointer
end_fifos_later (gpointer data)
{
  FifoRescue *rescue = data;

  while (!g_atomic_int_get (&rescue->done))
    {
      if (g_get_monotonic_time () >= rescue->rescue_at)
        for (guint i = 0; i < G_N_ELEMENTS (rescue->paths); i++)
          {
            int fd = open (rescue->paths[i], O_WRONLY | O_NONBLOCK | O_CLOEXEC);

            if (fd >= 0)
              {
                g_atomic_int_set (&rescue->rescued, TRUE);
                close (fd);
              }
          }
      g_usleep (10 * 1000);
    }
  return NULL;
}

static gboolean
set_flag_once (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
set_flag_weak (gpointer  data,
               GObject  *where_the_object_was)
{
  *(gboolean *) data = TRUE;
}

static gboolean
flag_is_set (gpointer data)
{
  return *(gboolean *) data;
}

static gboolean
all_flags_set (gpointer data)
{
  gboolean *flags = data;

  return flags[0] && flags[1] && flags[2] && flags[3];
}

/* Opening a FIFO with no writer (as a slow network file) never waits on
 * the main thread: open_files() returns at once, a timeout fires, the tab
 * shows its loading state, and closing it, before or after its kind is
 * known, finalizes its view and ends its worker without any writer ever
 * coming. Before, the snapshot sniff opened the FIFO on the main thread
 * and hung the app until a writer came. */
static void
test_open_fifo (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hs-profiles-fifo-XXXXXX", NULL);
  HsProfilesPage *page = g_object_ref_sink (g_object_new (HS_TYPE_PROFILES_PAGE, NULL));
  FifoRescue rescue = { { NULL } };
  AdwTabView *tabs;
  GtkWidget *child;
  GFile *files[2];
  /* view 0, view 1, file 0, file 1 finalized */
  gboolean gone[4] = { FALSE, FALSE, FALSE, FALSE };
  gboolean fired = FALSE;
  GThread *rescuer;
  gint64 start, elapsed;

  for (guint i = 0; i < 2; i++)
    {
      rescue.paths[i] = g_strdup_printf ("%s/slow-%u.pb.gz", dir, i);
      g_assert_cmpint (mkfifo (rescue.paths[i], 0600), ==, 0);
      files[i] = g_file_new_for_path (rescue.paths[i]);
    }
  start = g_get_monotonic_time ();
  rescue.rescue_at = start + 5 * G_USEC_PER_SEC;
  rescuer = g_thread_new ("end-fifos", end_fifos_later, &rescue);

  hs_profiles_page_open_files (page, files, 2);
  elapsed = g_get_monotonic_time () - start;
  g_test_message ("open_files() on two FIFOs with no writer took %.3f ms", elapsed / 1000.0);
  g_assert_cmpint (elapsed, <, G_USEC_PER_SEC);
  g_timeout_add (50, set_flag_once, &fired);
  g_assert_true (hs_test_iterate_until (flag_is_set, &fired, 10000));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);

  /* The page and the running tasks keep the only references. */
  for (guint i = 0; i < 2; i++)
    {
      g_object_weak_ref (G_OBJECT (files[i]), set_flag_weak, &gone[2 + i]);
      g_object_unref (files[i]);
    }
  g_assert_cmpuint (hs_profiles_page_get_n_views (page), ==, 2);
  tabs = ADW_TAB_VIEW (hs_test_find_widget (GTK_WIDGET (page), ADW_TYPE_TAB_VIEW));
  g_assert_nonnull (tabs);
  g_assert_cmpint (adw_tab_view_get_n_pages (tabs), ==, 2);

  /* The first tab is closed as it is, whatever it shows by now. */
  child = adw_tab_page_get_child (adw_tab_view_get_nth_page (tabs, 0));
  g_assert_true (adw_tab_page_get_loading (adw_tab_view_get_nth_page (tabs, 0)));
  g_object_weak_ref (G_OBJECT (child), set_flag_weak, &gone[0]);
  adw_tab_view_close_page (tabs, adw_tab_view_get_nth_page (tabs, 0));

  /* The second once it is a profile's view, waiting for the FIFO. */
  g_assert_true (hs_test_iterate_until (page_has_views, page, 10000));
  g_assert_cmpuint (hs_profiles_page_get_n_views (page), ==, 1);
  g_assert_nonnull (hs_profiles_page_get_view (page, 0));
  hs_test_iterate_for (200);
  g_assert_true (adw_tab_page_get_loading (adw_tab_view_get_nth_page (tabs, 0)));
  child = adw_tab_page_get_child (adw_tab_view_get_nth_page (tabs, 0));
  g_object_weak_ref (G_OBJECT (child), set_flag_weak, &gone[1]);
  adw_tab_view_close_page (tabs, adw_tab_view_get_nth_page (tabs, 0));

  g_assert_true (hs_test_iterate_until (all_flags_set, gone, 4000));
  elapsed = g_get_monotonic_time () - start;
  g_test_message ("both tabs closed, views and workers gone %.3f ms after opening", elapsed / 1000.0);
  g_assert_false (g_atomic_int_get (&rescue.rescued));
  g_assert_cmpuint (hs_profiles_page_get_n_views (page), ==, 0);

  g_atomic_int_set (&rescue.done, TRUE);
  g_thread_join (rescuer);
  g_assert_finalize_object (page);
  for (guint i = 0; i < 2; i++)
    {
      g_unlink (rescue.paths[i]);
      g_free (rescue.paths[i]);
    }
  g_rmdir (dir);
}

/* Goroutine profiles: every goroutine's flat frame is runtime.gopark, so the
 * Top Growers show core's goroutine-growth ranking instead.  main.awaitAck
 * goes 19 → 49 (cum in the fixtures' `go tool pprof` oracles,
 * goroutine-t1/t2.pb.gz.goroutine.exact.tsv). */
static void
test_compare_goroutines (void)
{
  GFile *files[2];
  g_autofree char *png = NULL;
  HsProfilesPage *page;
  HsCompareView *compare;
  GtkWidget *window;

  compare = open_compare ("goroutineleak", "goroutine-t1.pb.gz", "goroutine-t2.pb.gz", files, &page, &window);

  g_assert_cmpuint (hs_compare_view_get_n_growers (compare), >, 0);
  g_assert_cmpstr (hs_compare_view_get_grower (compare, 0), ==, "main.awaitAck");
  g_assert_cmpstr (hs_compare_view_get_grower_change (compare, 0), ==, "19 → 49");
  for (guint i = 0; i < hs_compare_view_get_n_growers (compare); i++)
    g_assert_cmpstr (hs_compare_view_get_grower (compare, i), !=, "runtime.gopark");

  /* data/screenshots/compare-goroutines.png is this render. */
  hs_test_iterate_for (600);
  png = build_path ("compare-goroutines.png");
  g_assert_true (hs_test_render_when_drawn (GTK_WIDGET (page), png));

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (files[0]);
  g_object_unref (files[1]);
}

/* Goroutine texts captured with debug=2 (tests/gen/make-waits.sh): each
 * grower shows its wait state and longest wait, the minutes Go printed
 * (profsum's text_longest_wait_minutes of the same text). */
static void
test_compare_goroutine_waits (void)
{
  const char *dir = hs_fixtures_dir (HS_FIXTURES_REPO);
  gint64 minutes = hs_fixtures_summary_int (dir, "goroutinewait/goroutine-t2.debug2.txt",
                                            "text_longest_wait_minutes.main.awaitAck");
  g_autofree char *want = g_strdup_printf ("chan receive, longest %" G_GINT64_FORMAT " min", minutes);
  GFile *files[2];
  HsProfilesPage *page;
  HsCompareView *compare;
  GtkWidget *window;
  gboolean select_seen = FALSE;

  compare = open_compare ("goroutinewait", "goroutine-t1.debug2.txt", "goroutine-t2.debug2.txt",
                          files, &page, &window);

  g_assert_cmpuint (hs_compare_view_get_n_growers (compare), >=, 3);
  g_assert_cmpstr (hs_compare_view_get_grower (compare, 0), ==, "main.awaitAck");
  g_assert_cmpstr (hs_compare_view_get_grower_wait (compare, 0), ==, want);
  for (guint i = 0; i < hs_compare_view_get_n_growers (compare); i++)
    if (g_strcmp0 (hs_compare_view_get_grower (compare, i), "main.waitFirst") == 0)
      {
        g_assert_cmpstr (hs_compare_view_get_grower_wait (compare, i), ==, "select, longest under 1 min");
        select_seen = TRUE;
      }
  g_assert_true (select_seen);

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (files[0]);
  g_object_unref (files[1]);
}

/* A deep profile's flame graph opens with its root in view, in the
 * real view (its scrolled window); data/screenshots/flame-deep.png. */
static void
test_flame_deep (void)
{
  GFile *files[1] = { fixture ("deep", "cpu.pb.gz") };
  g_autofree char *png = build_path ("flame-deep.png");
  HsProfilesPage *page;
  GtkWidget *window = present_page (&page);
  HsProfileView *view;
  HsFlameGraph *graph;
  GtkWidget *scrolled;
  graphene_rect_t root;
  double x, y;

  hs_profiles_page_open_files (page, files, 1);
  g_assert_true (hs_test_iterate_until (page_has_views, page, 20000));
  view = hs_profiles_page_get_view (page, 0);
  g_assert_true (hs_test_iterate_until (view_is_settled, view, 10000));
  hs_profile_view_show_page (view, "flame");
  graph = hs_profile_view_get_flame_graph (view);
  g_assert_true (hs_test_iterate_until (hs_test_widget_is_mapped, graph, 5000));
  hs_test_iterate_for (300);

  scrolled = gtk_widget_get_ancestor (GTK_WIDGET (graph), GTK_TYPE_SCROLLED_WINDOW);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (graph)), >, gtk_widget_get_height (scrolled));
  g_assert_true (hs_flame_graph_get_frame_area (graph, 0, &root));
  g_assert_true (gtk_widget_translate_coordinates (GTK_WIDGET (graph), scrolled, root.origin.x,
                                                   root.origin.y, &x, &y));
  g_assert_cmpfloat (y, >=, 0);
  g_assert_cmpfloat (y + root.size.height, <=, gtk_widget_get_height (scrolled));

  g_assert_true (hs_test_render_when_drawn (GTK_WIDGET (page), png));
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (files[0]);
}

static int
n_compare_tabs (HsProfilesPage *page)
{
  AdwTabView *tabs = ADW_TAB_VIEW (hs_test_find_widget (GTK_WIDGET (page), ADW_TYPE_TAB_VIEW));
  int n = 0;

  for (int i = 0; i < adw_tab_view_get_n_pages (tabs); i++)
    if (HS_IS_COMPARE_VIEW (adw_tab_page_get_child (adw_tab_view_get_nth_page (tabs, i))))
      n++;
  return n;
}

/* The Compare picker: the profile looked at is "new" (before, the first
 * two opened were preselected), files of the same name are told apart,
 * a profile that cannot be compared is offered disabled with the reason
 * in words (before, a goroutine profile was accepted against a heap
 * profile and failed with a raw error), a pair already open is shown
 * again rather than duplicated, and a Top Growers row selects its
 * function in every pane. */
static void
test_compare_picker (void)
{
  GFile *files[4] = {
    fixture ("leakycache", "heap-t1.pb.gz"),
    fixture ("leakycache", "heap-t3.pb.gz"),
    fixture ("leakycache-c", "heap-t1.pb.gz"),
    fixture ("goroutineleak", "goroutine-t2.pb.gz"),
  };
  HsProfilesPage *page;
  GtkWidget *window = present_page (&page);
  AdwTabView *tabs;
  HsCompareView *compare, *again;
  g_autofree char *name0 = NULL;
  g_autofree char *name2 = NULL;
  const char *reason;
  const char *grower;

  hs_profiles_page_open_files (page, files, 4);
  g_assert_true (hs_test_iterate_until (page_has_views, page, 20000));
  g_assert_cmpuint (hs_profiles_page_get_n_views (page), ==, 4);
  for (guint i = 0; i < 4; i++)
    g_assert_true (hs_test_iterate_until (view_is_settled, hs_profiles_page_get_view (page, i), 10000));

  /* Looking at heap-t3 (the second tab): it is "new", the base is the
   * one opened before it. */
  tabs = ADW_TAB_VIEW (hs_test_find_widget (GTK_WIDGET (page), ADW_TYPE_TAB_VIEW));
  adw_tab_view_set_selected_page (tabs, adw_tab_view_get_page (tabs, GTK_WIDGET (hs_profiles_page_get_view (page, 1))));
  hs_profiles_page_popup_compare (page);
  hs_test_iterate_for (200);
  g_assert_cmpuint (hs_profiles_page_get_compare_new (page), ==, 1);
  g_assert_cmpint (hs_profiles_page_get_compare_base (page), ==, 0);

  /* Two heap-t1.pb.gz, told apart by folder. */
  name0 = hs_profiles_page_describe_view (page, 0);
  name2 = hs_profiles_page_describe_view (page, 2);
  g_assert_true (g_str_has_prefix (name0, "heap-t1.pb.gz — leakycache ·"));
  g_assert_true (g_str_has_prefix (name2, "heap-t1.pb.gz — leakycache-c ·"));

  /* The goroutine profile is offered, disabled, with the reason. */
  g_assert_null (hs_profiles_page_get_compare_reason (page, 0));
  g_assert_null (hs_profiles_page_get_compare_reason (page, 2));
  reason = hs_profiles_page_get_compare_reason (page, 3);
  g_assert_nonnull (reason);
  g_assert_nonnull (strstr (reason, "goroutine profile"));
  g_assert_false (hs_profiles_page_set_compare_base (page, 3));
  g_assert_true (hs_profiles_page_set_compare_base (page, 2));
  g_assert_true (hs_profiles_page_set_compare_base (page, 0));

  /* For data/screenshots/compare-picker.png: the popover alone (it is
   * its own surface, not in the window's snapshot). */
  {
    g_autofree char *png = build_path ("compare-picker.png");
    GtkWidget *popover = NULL;

    for (GtkWidget *w = hs_test_find_widget (GTK_WIDGET (page), GTK_TYPE_LIST_BOX); w != NULL; w = gtk_widget_get_parent (w))
      if (GTK_IS_POPOVER (w))
        {
          popover = w;
          break;
        }
    /* the first list box may be the recent files': find the picker's */
    if (popover == NULL || hs_test_find_widget (popover, GTK_TYPE_DROP_DOWN) == NULL)
      {
        GtkWidget *button = hs_test_find_widget (GTK_WIDGET (page), GTK_TYPE_MENU_BUTTON);

        popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)));
      }
    g_assert_nonnull (popover);
    g_assert_nonnull (hs_test_find_widget (popover, GTK_TYPE_DROP_DOWN));
    /* nothing clipped: the popover is as tall as its content wants at
     * its width (a wrapping label once made it 13 px short) */
    {
      int min = 0;

      gtk_widget_measure (popover, GTK_ORIENTATION_VERTICAL, gtk_widget_get_width (popover), &min, NULL, NULL, NULL);
      g_assert_cmpint (gtk_widget_get_height (popover), >=, min);
    }
    g_assert_true (hs_test_render_when_drawn (popover, png));
  }

  /* Compare, then the same pair again: one tab, shown again. */
  gtk_widget_activate_action (GTK_WIDGET (page), "profiles.compare", NULL);
  g_assert_cmpint (n_compare_tabs (page), ==, 1);
  compare = HS_COMPARE_VIEW (adw_tab_page_get_child (adw_tab_view_get_selected_page (tabs)));
  g_assert_true (hs_test_iterate_until (compare_is_ready, compare, 10000));
  g_assert_null (hs_compare_view_get_error_message (compare));
  adw_tab_view_set_selected_page (tabs, adw_tab_view_get_page (tabs, GTK_WIDGET (hs_profiles_page_get_view (page, 1))));
  again = hs_profiles_page_compare (page, 0, 1);
  g_assert_true (again == compare);
  g_assert_cmpint (n_compare_tabs (page), ==, 1);
  g_assert_true (adw_tab_page_get_child (adw_tab_view_get_selected_page (tabs)) == GTK_WIDGET (compare));

  /* A Top Growers row shows its function in every pane. */
  g_assert_cmpuint (hs_compare_view_get_n_growers (compare), >, 0);
  grower = hs_compare_view_get_grower (compare, 0);
  hs_compare_view_select_grower (compare, 0);
  g_assert_cmpstr (hs_top_table_get_selected_function (hs_compare_view_get_diff_table (compare)), ==, grower);
  g_assert_cmpstr (hs_top_table_get_selected_function (hs_compare_view_get_base_table (compare)), ==, grower);
  g_assert_cmpstr (hs_top_table_get_selected_function (hs_compare_view_get_new_table (compare)), ==, grower);
  g_assert_cmpint (hs_flame_graph_get_zoom (hs_compare_view_get_flame_graph (compare)), >=, 0);

  gtk_window_destroy (GTK_WINDOW (window));
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    g_object_unref (files[i]);
}

static gboolean
view_is_ready (gpointer data)
{
  return hs_profile_view_get_state (data) != HS_PROFILE_VIEW_LOADING;
}

/* A profile with no samples is read (pprof reads it too) and the view
 * says there is nothing to show, with its header and zero totals. */
static void
test_empty_profile (void)
{
  g_autoptr(GFile) file = fixture ("bad", "bad-nosamples.pb.gz");
  HsProfilesPage *page;
  HsProfileView *view;
  GtkWidget *window;

  window = present_page (&page);
  hs_profiles_page_open_files (page, &file, 1);
  g_assert_true (hs_test_iterate_until (page_has_views, page, 20000));
  view = hs_profiles_page_get_view (page, 0);
  g_assert_true (hs_test_iterate_until (view_is_ready, view, 10000));
  g_assert_cmpint (hs_profile_view_get_state (view), ==, HS_PROFILE_VIEW_READY);
  g_assert_true (hs_profile_view_get_empty (view));
  g_assert_nonnull (strstr (hs_profile_view_get_totals_text (view), "inuse_space 0"));

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

  g_test_add_func ("/profiles-page/new-destroy", test_new_destroy_page);
  g_test_add_func ("/profiles-page/new-destroy-widgets", test_new_destroy_widgets);
  g_test_add_func ("/profiles-page/new-destroy-views", test_new_destroy_views);
  g_test_add_func ("/profiles-page/initial-state", test_initial_state);
  g_test_add_func ("/profiles-page/open-fixture", test_open_fixture);
  g_test_add_func ("/profiles-page/sample-index", test_sample_index);
  g_test_add_func ("/profiles-page/bad-fixture", test_bad_fixture);
  g_test_add_func ("/profiles-page/compare", test_compare);
  g_test_add_func ("/profiles-page/compare-goroutines", test_compare_goroutines);
  g_test_add_func ("/profiles-page/compare-goroutine-waits", test_compare_goroutine_waits);
  g_test_add_func ("/profiles-page/compare-picker", test_compare_picker);
  g_test_add_func ("/profiles-page/flame-deep", test_flame_deep);
  g_test_add_func ("/profiles-page/open-fifo", test_open_fifo);
  g_test_add_func ("/profiles-page/empty-profile", test_empty_profile);

  return g_test_run ();
}
