/* test-top-table.c: HsTopTable over a real profile
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "hs-profile-top.h"
#include "hs-test-fixtures.h"
#include "hs-test-ui.h"
#include "hs-top-table.h"
#include "hs-units.h"

static HsTop *
load_top (const char *rel)
{
  g_autoptr(HsProfile) profile = hs_fixtures_load (hs_fixtures_dir (HS_FIXTURES_REPO), rel);

  return hs_top_new (profile, hs_profile_get_default_sample_index (profile), FALSE);
}

/* The first GtkLabel under @widget showing @text, or NULL. */
static GtkLabel *
find_label (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return GTK_LABEL (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = find_label (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

typedef struct
{
  GtkWidget  *root;
  const char *text;
} LabelWait;

static gboolean
label_is_there (gpointer data)
{
  LabelWait *wait = data;

  return find_label (wait->root, wait->text) != NULL;
}

static void
test_new_destroy (void)
{
  GtkWidget *table = g_object_ref_sink (hs_top_table_new ());

  g_assert_finalize_object (table);
}

/* Names are cut in the middle (keeping the package and the method) and
 * the tooltip has the whole name; numbers follow the unit with the
 * exact figure in the tooltip; File:Line has a line in function mode. */
static void
test_names_and_units (void)
{
  g_autoptr(HsTop) top = load_top ("leakycache/heap-t1.pb.gz");
  GtkWidget *window = gtk_window_new ();
  GtkWidget *table = hs_top_table_new ();
  HsTopRow *first = hs_top_get_row (top, 0);
  g_autofree char *where = g_strdup_printf ("%s:%" G_GINT64_FORMAT, hs_top_row_get_file (first),
                                            hs_top_row_get_line (first));
  g_autofree char *flat = hs_format_sample_value (hs_top_row_get_flat (first), "bytes", HS_UNIT_STYLE_HUMAN);
  g_autofree char *exact = g_strdup_printf ("%" G_GINT64_FORMAT " bytes", hs_top_row_get_flat (first));
  LabelWait wait = { table, hs_top_row_get_name (first) };
  GtkLabel *label;

  hs_top_table_set_top (HS_TOP_TABLE (table), top);
  gtk_window_set_child (GTK_WINDOW (window), table);
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 500);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (hs_test_iterate_until (label_is_there, &wait, 5000));

  label = find_label (table, hs_top_row_get_name (first));
  g_assert_cmpint (gtk_label_get_ellipsize (label), ==, PANGO_ELLIPSIZE_MIDDLE);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (label)), ==, hs_top_row_get_name (first));

  g_assert_cmpint (hs_top_row_get_line (first), >, 0);
  g_assert_nonnull (find_label (table, where));

  label = find_label (table, flat);
  g_assert_nonnull (label);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (label)), ==, exact);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A CPU profile's values are times, not raw nanoseconds. */
static void
test_cpu_units (void)
{
  g_autoptr(HsTop) top = load_top ("deep/cpu.pb.gz");
  GtkWidget *window = gtk_window_new ();
  GtkWidget *table = hs_top_table_new ();
  g_autofree char *total = hs_format_sample_value (hs_top_get_total (top), "nanoseconds", HS_UNIT_STYLE_HUMAN);
  LabelWait wait = { table, total };

  g_assert_cmpstr (hs_top_get_unit (top), ==, "nanoseconds");
  g_assert_true (g_str_has_suffix (total, " ms") || g_str_has_suffix (total, " s"));
  hs_top_table_set_top (HS_TOP_TABLE (table), top);
  gtk_window_set_child (GTK_WINDOW (window), table);
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 500);
  gtk_window_present (GTK_WINDOW (window));
  /* main.spin's cum is the whole profile */
  g_assert_true (hs_test_iterate_until (label_is_there, &wait, 5000));

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

  g_test_add_func ("/top-table/new-destroy", test_new_destroy);
  g_test_add_func ("/top-table/names-and-units", test_names_and_units);
  g_test_add_func ("/top-table/cpu-units", test_cpu_units);

  return g_test_run ();
}
