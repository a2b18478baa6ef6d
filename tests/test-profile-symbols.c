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

#include "hs-profile-view.h"
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

int
main (int    argc,
      char **argv)
{
  HS_TEST_REQUIRE_DISPLAY ();

  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

  g_test_add_func ("/profile-symbols/named", test_profile_symbols_named);
  g_test_add_func ("/profile-symbols/binary-missing", test_profile_symbols_binary_missing);

  return g_test_run ();
}
