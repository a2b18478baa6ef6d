/* test-memory-map-view.c: memory-map snapshots in the UI, on a real process
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
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hs-local-sampler.h"
#include "hs-map-row.h"
#include "hs-memory-map-compare-view.h"
#include "hs-memory-map-diff.h"
#include "hs-memory-map-view.h"
#include "hs-monitor-view.h"
#include "hs-session.h"
#include "hs-profiles-page.h"
#include "hs-test-fixtures.h"
#include "hs-test-ui.h"
#include "test-sampler-common.h"

/* Opening a file tells a snapshot from a profile in a thread: its view
 * comes after the main loop has run. */
static gboolean
page_has_views (gpointer page)
{
  return !hs_profiles_page_get_opening (page);
}

/* A small snapshot with known figures, for the cases that need no process. */
static HsMemoryMap *
make_map (guint64 anon_rss)
{
  HsMemoryMap *map = hs_memory_map_new (4242, "fake", "fake --flag", 1795236601123456);
  HsMapping heap = { 0x1000, 0x3000, "rw-p", 0, 0, (char *) "[heap]", 0x2000, 0x1000, 0x1000, 0x1000, 0 };
  HsMapping anon = { 0x10000, 0x10000 + 64 * 1024 * 1024, "rw-p", 0, 0, (char *) "[anon]",
                     64 * 1024 * 1024, anon_rss, anon_rss, anon_rss, 0 };
  HsMapping lib = { 0x20000000, 0x20010000, "r-xp", 0, 77, (char *) "/usr/lib/libc.so.6",
                    0x10000, 0x8000, 0x2000, 0, 0 };

  hs_memory_map_add (map, &heap);
  hs_memory_map_add (map, &anon);
  hs_memory_map_add (map, &lib);

  return map;
}

static void
test_new_destroy (void)
{
  g_autoptr(HsMemoryMap) a = make_map (1024 * 1024);
  g_autoptr(HsMemoryMap) b = make_map (41 * 1024 * 1024);
  HsMemoryMapView *view;
  HsMemoryMapCompareView *compare;
  HsMonitorView *monitor_view;
  HsMapRow *row;

  view = hs_memory_map_view_new_for_map (a, NULL);
  g_object_ref_sink (view);
  g_assert_false (hs_memory_map_view_get_loading (view));
  g_assert_true (hs_memory_map_view_get_memory_map (view) == a);
  g_assert_cmpuint (g_list_model_get_n_items (hs_memory_map_view_get_rows (view)), ==, 3);
  /* RSS descending by default: the 1 MiB anonymous mapping first. */
  row = g_list_model_get_item (hs_memory_map_view_get_rows (view), 0);
  g_assert_cmpstr (hs_map_row_get_name (row), ==, "[anon]");
  g_assert_cmpint (hs_map_row_get_value (row, HS_MAP_COLUMN_RSS), ==, 1024 * 1024);
  g_object_unref (row);
  g_assert_nonnull (strstr (hs_memory_map_view_get_totals_text (view), "3 mappings"));
  hs_memory_map_view_set_search_text (view, "LIBC");
  g_assert_cmpuint (g_list_model_get_n_items (hs_memory_map_view_get_rows (view)), ==, 1);
  g_assert_finalize_object (view);

  compare = hs_memory_map_compare_view_new (a, "a.json", b, "b.json");
  g_object_ref_sink (compare);
  g_assert_cmpstr (hs_memory_map_compare_view_get_title (compare), ==, "a.json → b.json");
  g_assert_cmpuint (hs_memory_map_compare_view_get_n_growers (compare), ==, 1);
  g_assert_cmpstr (hs_memory_map_compare_view_get_grower (compare, 0), ==, "[anon] ▲ +40.0 MiB");
  g_assert_nonnull (strstr (hs_memory_map_compare_view_get_growers_text (compare), "[anon] ▲ +40.0 MiB"));
  hs_memory_map_compare_view_swap (compare);
  g_assert_cmpstr (hs_memory_map_compare_view_get_title (compare), ==, "b.json → a.json");
  g_assert_cmpuint (hs_memory_map_compare_view_get_n_growers (compare), ==, 0);
  g_assert_finalize_object (compare);

  monitor_view = HS_MONITOR_VIEW (hs_monitor_view_new ());
  g_object_ref_sink (monitor_view);
  g_assert_finalize_object (monitor_view);

  {
    g_autofree char *zero = hs_map_format_delta (0);
    g_autofree char *shrink = hs_map_format_delta (-1024 * 1024);

    g_assert_cmpstr (zero, ==, "±0");
    g_assert_cmpstr (shrink, ==, "▼ −1.00 MiB");
  }
}

static gboolean
map_view_settled (gpointer data)
{
  return !hs_memory_map_view_get_loading (data);
}

static GtkWidget *
present (GtkWidget *child)
{
  GtkWidget *window = gtk_window_new ();

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  gtk_window_set_child (GTK_WINDOW (window), child);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (hs_test_iterate_until (hs_test_widget_is_mapped, child, 5000));

  return window;
}

static HsMemoryMap *
read_maps (HsSampler *sampler,
           int        pid)
{
  g_autoptr(GError) error = NULL;
  HsMemoryMap *map = hs_sampler_read_maps (sampler, pid, &error);

  g_assert_no_error (error);
  g_assert_nonnull (map);
  return map;
}

/* Two real snapshots of a growing heapscope-demo, saved, opened on the
 * Profiles page and compared: the anonymous memory must head the diff
 * with the core's figure. */
static void
test_compare_real_snapshots (void)
{
  g_autoptr(HsTestDemo) demo = hs_test_demo_start ("--rate-kib=20000", "--threads=0", NULL);
  g_autoptr(HsSampler) sampler = hs_local_sampler_new ();
  g_autoptr(HsMemoryMap) before = NULL;
  g_autoptr(HsMemoryMap) after = NULL;
  g_autoptr(HsMemoryMap) loaded_before = NULL;
  g_autoptr(HsMemoryMap) loaded_after = NULL;
  g_autoptr(HsMemoryMapDiff) diff = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("hs-test-map-XXXXXX", NULL);
  g_autofree char *path_a = g_build_filename (dir, "before.json", NULL);
  g_autofree char *path_b = g_build_filename (dir, "after.json", NULL);
  g_autofree char *fixture_path = g_build_filename (hs_fixtures_dir (HS_FIXTURES_REPO), "leakycache", "heap-t1.pb.gz", NULL);
  const HsMemoryMapDiffEntry *top;
  HsMemoryMapCompareView *compare;
  HsProfilesPage *page;
  HsMapRow *row;
  GFile *files[3];
  GtkWidget *window;
  g_autofree char *expected_grower = NULL;
  g_autofree char *delta_text = NULL;

  before = read_maps (sampler, demo->pid);
  hs_test_iterate_for (1500);
  after = read_maps (sampler, demo->pid);
  g_assert_true (hs_memory_map_save (before, path_a, &error));
  g_assert_no_error (error);
  g_assert_true (hs_memory_map_save (after, path_b, &error));
  g_assert_no_error (error);

  /* The oracle: the core's diff of the files as saved. */
  loaded_before = hs_memory_map_load (path_a, &error);
  g_assert_no_error (error);
  loaded_after = hs_memory_map_load (path_b, &error);
  g_assert_no_error (error);
  diff = hs_memory_map_diff_new (loaded_before, loaded_after);
  g_assert_cmpuint (hs_memory_map_diff_get_n_entries (diff), >, 0);
  top = hs_memory_map_diff_get_entry (diff, 0);
  g_assert_true (g_str_equal (top->key, "[anon]") || g_str_equal (top->key, "[heap]"));
  /* 1.5 s at 20000 KiB/s: far more than 10 MiB, whatever the timing. */
  g_assert_cmpint (top->delta_rss, >, 10 * 1024 * 1024);

  page = g_object_new (HS_TYPE_PROFILES_PAGE, NULL);
  window = present (GTK_WIDGET (page));
  files[0] = g_file_new_for_path (path_a);
  files[1] = g_file_new_for_path (path_b);
  files[2] = g_file_new_for_path (fixture_path);
  hs_profiles_page_open_files (page, files, 3);
  g_assert_true (hs_test_iterate_until (page_has_views, page, 20000));
  g_assert_cmpuint (hs_profiles_page_get_n_views (page), ==, 3);
  g_assert_nonnull (hs_profiles_page_get_memory_map_view (page, 0));
  g_assert_nonnull (hs_profiles_page_get_memory_map_view (page, 1));
  g_assert_null (hs_profiles_page_get_memory_map_view (page, 2));
  g_assert_null (hs_profiles_page_get_view (page, 0));
  g_assert_nonnull (hs_profiles_page_get_view (page, 2));
  for (guint i = 0; i < 2; i++)
    {
      HsMemoryMapView *view = hs_profiles_page_get_memory_map_view (page, i);

      g_assert_true (hs_test_iterate_until (map_view_settled, view, 10000));
      g_assert_null (hs_memory_map_view_get_error_message (view));
      g_assert_cmpuint (hs_memory_map_get_n_mappings (hs_memory_map_view_get_memory_map (view)), ==,
                        hs_memory_map_get_n_mappings (i == 0 ? before : after));
    }
  g_assert_cmpstr (hs_memory_map_view_get_title (hs_profiles_page_get_memory_map_view (page, 1)), ==, "after.json");

  /* A snapshot and a Go profile cannot be compared: words, no crash. */
  g_assert_null (hs_profiles_page_compare_memory_maps (page, 0, 2, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "memory-map snapshot"));
  g_clear_error (&error);
  g_assert_null (hs_profiles_page_compare (page, 0, 2));

  compare = hs_profiles_page_compare_memory_maps (page, 0, 1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (compare);
  g_assert_cmpstr (hs_memory_map_compare_view_get_title (compare), ==, "before.json → after.json");
  hs_test_iterate_for (200);

  row = g_list_model_get_item (hs_memory_map_compare_view_get_rows (compare), 0);
  g_assert_cmpstr (hs_map_row_get_name (row), ==, top->key);
  g_assert_cmpint (hs_map_row_get_value (row, HS_MAP_COLUMN_DELTA_RSS), ==, top->delta_rss);
  g_assert_cmpint (hs_map_row_get_value (row, HS_MAP_COLUMN_DELTA_SIZE), ==, top->delta_size);
  g_assert_cmpint (hs_map_row_get_value (row, HS_MAP_COLUMN_DELTA_PRIVATE_DIRTY), ==, top->delta_private_dirty);
  g_assert_cmpint (hs_map_row_get_value (row, HS_MAP_COLUMN_BASE_RSS), ==, (gint64) top->base_rss);
  g_assert_cmpint (hs_map_row_get_value (row, HS_MAP_COLUMN_NEW_RSS), ==, (gint64) top->new_rss);
  g_object_unref (row);

  delta_text = hs_map_format_delta (top->delta_rss);
  g_assert_true (g_str_has_prefix (delta_text, "▲ +"));
  expected_grower = g_strdup_printf ("%s %s", top->key, delta_text);
  g_assert_cmpuint (hs_memory_map_compare_view_get_n_growers (compare), >, 0);
  g_assert_cmpstr (hs_memory_map_compare_view_get_grower (compare, 0), ==, expected_grower);
  g_assert_nonnull (hs_memory_map_compare_view_get_base_view (compare));
  g_assert_true (hs_memory_map_view_get_memory_map (hs_memory_map_compare_view_get_new_view (compare)) ==
                 hs_memory_map_view_get_memory_map (hs_profiles_page_get_memory_map_view (page, 1)));

  /* Swapped, the growth reads as a shrink of the same size. */
  hs_memory_map_compare_view_swap (compare);
  g_assert_cmpstr (hs_memory_map_compare_view_get_title (compare), ==, "after.json → before.json");
  {
    GListModel *rows = hs_memory_map_compare_view_get_rows (compare);
    gboolean found = FALSE;

    for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
      {
        g_autoptr(HsMapRow) r = g_list_model_get_item (rows, i);

        if (g_str_equal (hs_map_row_get_name (r), top->key))
          {
            g_assert_cmpint (hs_map_row_get_value (r, HS_MAP_COLUMN_DELTA_RSS), ==, -top->delta_rss);
            found = TRUE;
          }
      }
    g_assert_true (found);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    g_object_unref (files[i]);
  g_unlink (path_a);
  g_unlink (path_b);
  g_rmdir (dir);
}

/* A file that starts like a snapshot but is cut short: the tab says so in
 * words, naming the file; nothing crashes. */
static void
test_bad_snapshot (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hs-test-badmap-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "cut.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  HsMemoryMapView *view;

  g_file_set_contents (path, "{\n  \"format\" : \"heapscope-memory-map/1\",\n  \"pid\" : 12,\n  \"mappings\" : [ {", -1, &error);
  g_assert_no_error (error);
  g_assert_true (hs_memory_map_is_snapshot_file (path));

  view = hs_memory_map_view_new (file);
  g_object_ref_sink (view);
  g_assert_true (hs_memory_map_view_get_loading (view));
  g_assert_cmpstr (hs_memory_map_view_get_title (view), ==, "cut.json");
  g_assert_true (hs_test_iterate_until (map_view_settled, view, 10000));
  g_assert_null (hs_memory_map_view_get_memory_map (view));
  g_assert_nonnull (hs_memory_map_view_get_error_message (view));
  g_assert_nonnull (strstr (hs_memory_map_view_get_error_message (view), "cut.json"));
  g_assert_finalize_object (view);

  g_unlink (path);
  g_rmdir (dir);
}

/* The snapshot tab's loader, on two inputs that broke it: a snapshot with
 * its keys sorted ("format" after 4 KiB) opens as a snapshot, and JSON
 * nested 100,000 deep is refused in words instead of overflowing the
 * stack inside json-glib. */
static void
test_sorted_and_deep (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hs-test-sorted-XXXXXX", NULL);
  g_autofree char *sorted = g_build_filename (dir, "sorted.json", NULL);
  g_autofree char *deep = g_build_filename (dir, "deep.json", NULL);
  g_autofree char *cmdline = g_strnfill (5000, 'c');
  g_autofree char *sorted_text = NULL;
  g_autoptr(GString) deep_text = g_string_new (NULL);
  g_autoptr(GFile) sorted_file = g_file_new_for_path (sorted);
  g_autoptr(GFile) deep_file = g_file_new_for_path (deep);
  HsMemoryMapView *view;

  sorted_text = g_strdup_printf ("{\"cmdline\": \"%s\", \"format\": \"" HS_MEMORY_MAP_FORMAT "\", "
                                 "\"mappings\": [{\"end\": \"0x2000\", \"name\": \"[heap]\", "
                                 "\"perms\": \"rw-p\", \"private_dirty\": 4096, \"pss\": 4096, "
                                 "\"rss\": 4096, \"size\": 4096, \"start\": \"0x1000\", \"swap\": 0}], "
                                 "\"pid\": 12}", cmdline);
  g_assert_true (g_file_set_contents (sorted, sorted_text, -1, NULL));
  g_assert_true (hs_memory_map_is_snapshot_file (sorted));
  view = hs_memory_map_view_new (sorted_file);
  g_object_ref_sink (view);
  g_assert_true (hs_test_iterate_until (map_view_settled, view, 10000));
  g_assert_null (hs_memory_map_view_get_error_message (view));
  g_assert_nonnull (hs_memory_map_view_get_memory_map (view));
  g_assert_cmpuint (hs_memory_map_get_n_mappings (hs_memory_map_view_get_memory_map (view)), ==, 1);
  g_assert_finalize_object (view);

  for (guint i = 0; i < 100000; i++)
    g_string_append (deep_text, "{\"a\":");
  g_string_append_c (deep_text, '1');
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep_text, '}');
  g_assert_true (g_file_set_contents (deep, deep_text->str, (gssize) deep_text->len, NULL));
  g_assert_true (hs_memory_map_is_snapshot_file (deep));
  view = hs_memory_map_view_new (deep_file);
  g_object_ref_sink (view);
  g_assert_true (hs_test_iterate_until (map_view_settled, view, 10000));
  g_assert_null (hs_memory_map_view_get_memory_map (view));
  g_assert_nonnull (strstr (hs_memory_map_view_get_error_message (view), "64"));
  g_assert_finalize_object (view);

  g_unlink (sorted);
  g_unlink (deep);
  g_rmdir (dir);
}

typedef struct
{
  HsMemoryMap *map;
  GError      *error;
  gboolean     done;
} CaptureResult;

static void
on_captured (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  CaptureResult *r = user_data;

  r->map = hs_monitor_view_capture_map_finish (HS_MONITOR_VIEW (source), result, &r->error);
  r->done = TRUE;
}

static gboolean
capture_done (gpointer data)
{
  return ((CaptureResult *) data)->done;
}

static gboolean
session_exited (gpointer data)
{
  return hs_session_get_state (data) == HS_SESSION_EXITED;
}

static gboolean
action_enabled (GtkWidget  *widget,
                const char *name)
{
  GtkWidget *button = gtk_button_new ();
  gboolean enabled;

  /* A button sensitive to the action tells whether it is enabled. */
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), name);
  gtk_widget_set_parent (button, widget);
  enabled = gtk_widget_get_sensitive (button);
  gtk_widget_unparent (button);

  return enabled;
}

/* The monitor view's capture on a live demo: a map of that process, saved
 * and reopened on the Profiles page; refused in words once it exited. */
static void
test_monitor_capture (void)
{
  g_autoptr(HsTestDemo) demo = hs_test_demo_start ("--rate-kib=4000", "--threads=0", NULL);
  g_autoptr(HsSampler) sampler = hs_local_sampler_new ();
  g_autoptr(HsProcSource) source = hs_proc_source_new (sampler, demo->pid, HS_PROC_SOURCE_NONE);
  g_autoptr(HsSession) session = hs_session_new_full ("heapscope-demo", 200, 600);
  g_autofree char *dir = g_dir_make_tmp ("hs-test-capture-XXXXXX", NULL);
  g_autofree char *suggested = NULL;
  g_autofree char *path = NULL;
  g_autofree char *prefix = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  CaptureResult r = { 0 };
  HsMonitorView *view = HS_MONITOR_VIEW (hs_monitor_view_new ());
  HsProfilesPage *page;
  HsMemoryMapView *map_view;
  GtkWidget *window, *page_window;
  gboolean anon = FALSE;

  window = present (GTK_WIDGET (view));
  g_assert_false (action_enabled (GTK_WIDGET (view), "monitor.capture-map"));
  hs_session_add_source (session, HS_SOURCE (source));
  hs_monitor_view_set_session (view, session);
  hs_session_start (session);
  g_assert_true (action_enabled (GTK_WIDGET (view), "monitor.capture-map"));

  hs_monitor_view_capture_map_async (view, NULL, on_captured, &r);
  g_assert_true (hs_test_iterate_until (capture_done, &r, 10000));
  g_assert_no_error (r.error);
  g_assert_nonnull (r.map);
  g_assert_cmpint (hs_memory_map_get_pid (r.map), ==, demo->pid);
  g_assert_cmpstr (hs_memory_map_get_name (r.map), ==, "heapscope-demo");
  for (guint i = 0; i < hs_memory_map_get_n_mappings (r.map); i++)
    {
      const HsMapping *m = hs_memory_map_get_mapping (r.map, i);

      anon |= g_str_equal (m->name, "[anon]") || g_str_equal (m->name, "[heap]");
    }
  g_assert_true (anon);

  suggested = hs_monitor_view_suggest_map_filename (r.map);
  prefix = g_strdup_printf ("heapscope-demo-%d-", demo->pid);
  g_assert_true (g_str_has_prefix (suggested, prefix));
  g_assert_true (g_str_has_suffix (suggested, ".json"));
  g_assert_cmpuint (strlen (suggested), ==, strlen (prefix) + strlen ("YYYYmmdd-HHMMSS.json"));

  path = g_build_filename (dir, suggested, NULL);
  file = g_file_new_for_path (path);
  g_assert_true (hs_monitor_view_save_map (view, r.map, file, &error));
  g_assert_no_error (error);
  g_assert_true (hs_memory_map_is_snapshot_file (path));

  page = g_object_new (HS_TYPE_PROFILES_PAGE, NULL);
  page_window = present (GTK_WIDGET (page));
  hs_profiles_page_open_files (page, &file, 1);
  g_assert_true (hs_test_iterate_until (page_has_views, page, 20000));
  map_view = hs_profiles_page_get_memory_map_view (page, 0);
  g_assert_nonnull (map_view);
  g_assert_true (hs_test_iterate_until (map_view_settled, map_view, 10000));
  g_assert_cmpuint (hs_memory_map_get_n_mappings (hs_memory_map_view_get_memory_map (map_view)), ==,
                    hs_memory_map_get_n_mappings (r.map));
  g_assert_cmpuint (g_list_model_get_n_items (hs_memory_map_view_get_rows (map_view)), ==,
                    hs_memory_map_get_n_mappings (r.map));
  gtk_window_destroy (GTK_WINDOW (page_window));

  /* Gone: the action greys out and a capture says why. */
  g_subprocess_send_signal (demo->subprocess, SIGKILL);
  g_assert_true (hs_test_iterate_until (session_exited, session, 10000));
  g_assert_false (action_enabled (GTK_WIDGET (view), "monitor.capture-map"));
  g_clear_pointer (&r.map, hs_memory_map_unref);
  r.done = FALSE;
  hs_monitor_view_capture_map_async (view, NULL, on_captured, &r);
  g_assert_true (hs_test_iterate_until (capture_done, &r, 10000));
  g_assert_null (r.map);
  g_assert_error (r.error, HS_SAMPLER_ERROR, HS_SAMPLER_ERROR_PROCESS_GONE);
  g_assert_cmpstr (r.error->message, !=, "");
  g_clear_error (&r.error);

  hs_session_close (session);
  gtk_window_destroy (GTK_WINDOW (window));
  g_unlink (path);
  g_rmdir (dir);
}

static void
set_flag (gpointer  data,
          GObject  *where)
{
  *(gboolean *) data = TRUE;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

/* A snapshot that is slow to come (a FIFO with no writer yet: the worker
 * blocks opening it): dropping the view, as closing its tab does,
 * finalizes it at once; the worker ends when the FIFO does. Before, the
 * load task held the view as its source object until the read was over. */
static void
test_close_while_loading (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hs-map-fifo-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "slow.json", NULL);
  GFile *file = g_file_new_for_path (path);
  HsMemoryMapView *view;
  gboolean view_gone = FALSE, file_gone = FALSE;
  gint64 deadline;
  int fd = -1;

  g_assert_cmpint (mkfifo (path, 0600), ==, 0);
  view = hs_memory_map_view_new (file);
  g_object_ref_sink (view);
  g_object_weak_ref (G_OBJECT (view), set_flag, &view_gone);
  /* The task's data holds the file until the worker reports back. */
  g_object_weak_ref (G_OBJECT (file), set_flag, &file_gone);
  g_object_unref (file);
  g_assert_true (hs_memory_map_view_get_loading (view));

  g_object_unref (view);
  g_assert_true (view_gone);
  g_assert_false (file_gone);

  /* End the FIFO once the worker has opened it for reading (unless it
   * saw the cancellation before it got there, and is done already). */
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (!file_gone && (fd = open (path, O_WRONLY | O_NONBLOCK)) < 0)
    {
      g_assert_cmpint (errno, ==, ENXIO);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  if (fd >= 0)
    close (fd);
  g_assert_true (hs_test_iterate_until (flag_set, &file_gone, 10000));

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

  g_test_add_func ("/memory-map-view/new-destroy", test_new_destroy);
  g_test_add_func ("/memory-map-view/bad-snapshot", test_bad_snapshot);
  g_test_add_func ("/memory-map-view/sorted-and-deep", test_sorted_and_deep);
  g_test_add_func ("/memory-map-view/close-while-loading", test_close_while_loading);
  g_test_add_func ("/memory-map-view/compare-real-snapshots", test_compare_real_snapshots);
  g_test_add_func ("/memory-map-view/monitor-capture", test_monitor_capture);

  return g_test_run ();
}
