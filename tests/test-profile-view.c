/* test-profile-view.c: closing a profile or Compare tab, and Cancel, stop
 * the work behind it
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `test-profile-view --bench FILE [ROUNDS]` measures, on a real profile
 * (bigprofile), the time from closing a tab or pressing Cancel to the
 * worker thread finishing; bench/cancel.sh runs it and bench/README.md
 * keeps the figures.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "hs-compare-view.h"
#include "hs-flame-graph.h"
#include "hs-profile-view.h"
#include "hs-profiles-page.h"
#include "hs-test-pprof.h"
#include "hs-test-ui.h"

/* Opening a file tells a snapshot from a profile in a thread: its view
 * comes after the main loop has run. */
static gboolean
page_has_views (gpointer page)
{
  return !hs_profiles_page_get_opening (page);
}

/* About bigprofile's sample count: reading and analysing it takes long
 * enough that a close right after opening lands in the middle. */
#define N_SAMPLES 800000

static char *big_path;

static GtkWidget *
present_page (HsProfilesPage **out_page)
{
  GtkWidget *window = gtk_window_new ();
  HsProfilesPage *page = g_object_new (HS_TYPE_PROFILES_PAGE, NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (hs_test_iterate_until (hs_test_widget_is_mapped, page, 5000));

  *out_page = page;
  return window;
}

/* What a test watches: the view, and the objects only the workers still
 * hold once the view is gone (the file is the load task's source object;
 * the profile is in every analysis task's data). */
typedef struct
{
  HsProfileView *view;
  gboolean       file_gone;
  gboolean       profile_gone;
  gboolean       watching_profile;
} Watch;

static void
on_file_finalized (gpointer  data,
                   GObject  *where)
{
  ((Watch *) data)->file_gone = TRUE;
}

static void
on_profile_finalized (gpointer  data,
                      GObject  *where)
{
  ((Watch *) data)->profile_gone = TRUE;
}

/* Opens @path in a new tab; the page's view and the worker keep the only
 * references to its GFile. */
static HsProfileView *
open_watched (HsProfilesPage *page,
              const char     *path,
              Watch          *watch)
{
  GFile *file = g_file_new_for_path (path);
  guint n = hs_profiles_page_get_n_views (page);

  hs_profiles_page_open_files (page, &file, 1);
  g_assert_true (hs_test_iterate_until (page_has_views, page, 20000));
  g_assert_cmpuint (hs_profiles_page_get_n_views (page), ==, n + 1);
  watch->view = hs_profiles_page_get_view (page, n);
  g_object_add_weak_pointer (G_OBJECT (watch->view), (gpointer *) &watch->view);
  g_object_weak_ref (G_OBJECT (file), on_file_finalized, watch);
  g_object_unref (file);
  return watch->view;
}

static void
watch_profile (Watch *watch)
{
  HsProfile *profile = hs_profile_view_get_profile (watch->view);

  g_assert_nonnull (profile);
  g_object_weak_ref (G_OBJECT (profile), on_profile_finalized, watch);
  watch->watching_profile = TRUE;
}

static gboolean
watch_done (gpointer data)
{
  Watch *watch = data;

  return watch->view == NULL && watch->file_gone &&
         (!watch->watching_profile || watch->profile_gone);
}

static gboolean
view_has_profile (gpointer data)
{
  Watch *watch = data;

  return watch->view != NULL && hs_profile_view_get_profile (watch->view) != NULL;
}

static gboolean
view_is_ready (gpointer data)
{
  return hs_profile_view_get_state (((Watch *) data)->view) == HS_PROFILE_VIEW_READY;
}

static gboolean
view_failed (gpointer data)
{
  return hs_profile_view_get_state (((Watch *) data)->view) == HS_PROFILE_VIEW_ERROR;
}

static void
close_view (HsProfileView *view)
{
  AdwTabView *tabs = ADW_TAB_VIEW (gtk_widget_get_ancestor (GTK_WIDGET (view), ADW_TYPE_TAB_VIEW));

  adw_tab_view_close_page (tabs, adw_tab_view_get_page (tabs, GTK_WIDGET (view)));
}

/* Closing must not wait for the worker: the view goes at once (nothing
 * but the tab holds it), and the worker, cancelled, soon after. */
static void
check_closed (Watch *watch)
{
  close_view (watch->view);
  hs_test_iterate_for (20);
  g_assert_null (watch->view);
  g_assert_true (hs_test_iterate_until (watch_done, watch, 20000));
}

static void
test_close_while_loading (void)
{
  HsProfilesPage *page;
  GtkWidget *window = present_page (&page);
  Watch watch = { 0 };

  open_watched (page, big_path, &watch);
  g_assert_cmpint (hs_profile_view_get_state (watch.view), ==, HS_PROFILE_VIEW_LOADING);
  check_closed (&watch);
  g_assert_cmpuint (hs_profiles_page_get_n_views (page), ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_close_while_analysing (void)
{
  HsProfilesPage *page;
  GtkWidget *window = present_page (&page);
  Watch watch = { 0 };

  open_watched (page, big_path, &watch);
  g_assert_true (hs_test_iterate_until (view_has_profile, &watch, 20000));
  g_assert_cmpint (hs_profile_view_get_state (watch.view), ==, HS_PROFILE_VIEW_LOADING);
  watch_profile (&watch);
  check_closed (&watch);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_cancel_while_loading (void)
{
  HsProfilesPage *page;
  GtkWidget *window = present_page (&page);
  Watch watch = { 0 };

  open_watched (page, big_path, &watch);
  gtk_widget_activate_action (GTK_WIDGET (watch.view), "view.cancel", NULL);
  g_assert_true (hs_test_iterate_until (view_failed, &watch, 20000));
  g_assert_nonnull (strstr (hs_profile_view_get_error_message (watch.view), "cancelled"));
  g_assert_null (hs_profile_view_get_profile (watch.view));
  check_closed (&watch);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A Cancel once the file is read stops the analysis and says so, instead
 * of leaving "Analysing…" on screen for good. */
static void
test_cancel_while_analysing (void)
{
  HsProfilesPage *page;
  GtkWidget *window = present_page (&page);
  Watch watch = { 0 };

  open_watched (page, big_path, &watch);
  g_assert_true (hs_test_iterate_until (view_has_profile, &watch, 20000));
  g_assert_cmpint (hs_profile_view_get_state (watch.view), ==, HS_PROFILE_VIEW_LOADING);
  gtk_widget_activate_action (GTK_WIDGET (watch.view), "view.cancel", NULL);
  g_assert_true (hs_test_iterate_until (view_failed, &watch, 20000));
  g_assert_nonnull (strstr (hs_profile_view_get_error_message (watch.view), "cancelled"));
  watch_profile (&watch);
  check_closed (&watch);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
set_flag (gpointer  data,
          GObject  *where)
{
  *(gboolean *) data = TRUE;
}

static gboolean
flags_set (gpointer data)
{
  const gboolean *flags = data;

  return flags[0] && flags[1];
}

/* A Compare tab runs three analyses (base, new, diff) from the moment it
 * is made: dropping the last reference (what closing its tab does)
 * finalizes it at once and cancels all three. */
static void
test_close_compare (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GFile) file = g_file_new_for_path (big_path);
  g_autoptr(GError) error = NULL;
  HsProfile *base = hs_profile_load_file (file, 0, NULL, &error);
  HsProfile *newer = hs_profile_load_file (file, 0, NULL, &error);
  HsCompareView *compare;
  gboolean compare_gone = FALSE;
  gboolean profiles_gone[2] = { FALSE, FALSE };

  g_assert_no_error (error);
  compare = hs_compare_view_new (base, "base", newer, "new", settings);
  g_object_weak_ref (G_OBJECT (compare), set_flag, &compare_gone);
  /* The workers are what still holds the profiles once the view is gone. */
  g_object_weak_ref (G_OBJECT (base), set_flag, &profiles_gone[0]);
  g_object_weak_ref (G_OBJECT (newer), set_flag, &profiles_gone[1]);
  g_object_unref (base);
  g_object_unref (newer);

  g_object_ref_sink (compare);
  g_assert_false (hs_compare_view_get_ready (compare));
  g_object_unref (compare);
  g_assert_true (compare_gone);
  g_assert_true (hs_test_iterate_until (flags_set, profiles_gone, 20000));
}

/* ---- bench ---- */

typedef enum
{
  CLOSE_INFLATING,
  CLOSE_READING,
  CLOSE_ANALYSING,
  CLOSE_FLAME,
  CANCEL_READING,
  CANCEL_ANALYSING,
  N_PHASES
} Phase;

static const char *phase_names[N_PHASES] = {
  "close while inflating (20 ms after opening)",
  "close while reading (100 ms after opening)",
  "close while analysing (just after the read)",
  "close while building the flame graph (table shown)",
  "Cancel while reading (100 ms after opening)",
  "Cancel while analysing (just after the read)",
};

/* Milliseconds from the close or Cancel to the worker finishing, or -1
 * when it did not within 10 s; *out_close_ms is how long the close
 * itself took on the main thread (disposing the view and its models). */
static double
bench_once (const char *path,
            Phase       phase,
            double     *out_close_ms)
{
  HsProfilesPage *page;
  GtkWidget *window = present_page (&page);
  Watch watch = { 0 };
  gboolean cancel = phase == CANCEL_READING || phase == CANCEL_ANALYSING;
  gboolean finished;
  gint64 start;

  open_watched (page, path, &watch);
  if (phase == CLOSE_INFLATING)
    hs_test_iterate_for (20);
  else if (phase == CLOSE_READING || phase == CANCEL_READING)
    hs_test_iterate_for (100);
  else if (!hs_test_iterate_until (view_has_profile, &watch, 30000))
    g_error ("%s did not load", path);
  if (phase == CLOSE_FLAME && !hs_test_iterate_until (view_is_ready, &watch, 30000))
    g_error ("%s was not analysed", path);
  if (hs_profile_view_get_profile (watch.view) != NULL)
    watch_profile (&watch);

  start = g_get_monotonic_time ();
  if (cancel)
    {
      /* The view leaves its spinner when the worker reports back. */
      gtk_widget_activate_action (GTK_WIDGET (watch.view), "view.cancel", NULL);
      finished = hs_test_iterate_until (view_failed, &watch, 10000);
    }
  else
    {
      close_view (watch.view);
      *out_close_ms = (g_get_monotonic_time () - start) / 1000.0;
      finished = hs_test_iterate_until (watch_done, &watch, 10000);
    }
  if (!finished)
    {
      gtk_window_destroy (GTK_WINDOW (window));
      hs_test_iterate_until (watch_done, &watch, 30000);
      return -1;
    }

  {
    double ms = (g_get_monotonic_time () - start) / 1000.0;

    if (watch.view != NULL)
      close_view (watch.view);
    gtk_window_destroy (GTK_WINDOW (window));
    hs_test_iterate_until (watch_done, &watch, 30000);
    return ms;
  }
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static int
run_bench (const char *path,
           guint       rounds)
{
  g_print ("%s, %u rounds (median, min, max in ms; “never” = not within 10 s)\n\n", path, rounds);
  g_print ("| when | median | min | max | median of the close call itself |\n"
           "|---|---:|---:|---:|---:|\n");
  for (Phase p = 0; p < N_PHASES; p++)
    {
      g_autofree double *ms = g_new (double, rounds);
      g_autofree double *close_ms = g_new0 (double, rounds);
      g_autofree char *close_text = NULL;
      guint never = 0;

      for (guint r = 0; r < rounds; r++)
        {
          ms[r] = bench_once (path, p, &close_ms[r]);
          if (ms[r] < 0)
            {
              ms[r] = G_MAXDOUBLE;
              never++;
            }
        }
      qsort (ms, rounds, sizeof (double), compare_doubles);
      qsort (close_ms, rounds, sizeof (double), compare_doubles);
      close_text = p >= CANCEL_READING ? g_strdup ("–") : g_strdup_printf ("%.0f", close_ms[rounds / 2]);
      if (never > rounds / 2)
        g_print ("| %s | never (%u of %u) | | | %s |\n", phase_names[p], never, rounds, close_text);
      else if (never > 0)
        g_print ("| %s | %.0f | %.0f | never | %s |\n", phase_names[p], ms[rounds / 2], ms[0],
                 close_text);
      else
        g_print ("| %s | %.0f | %.0f | %.0f | %s |\n", phase_names[p], ms[rounds / 2], ms[0],
                 ms[rounds - 1], close_text);
    }
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int fd, ret;

  HS_TEST_REQUIRE_DISPLAY ();

  if (argc >= 3 && g_str_equal (argv[1], "--bench"))
    {
      gtk_init ();
      adw_init ();
      return run_bench (argv[2], argc >= 4 ? (guint) atoi (argv[3]) : 5);
    }

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  {
    g_autoptr(GBytes) bytes = g_byte_array_free_to_bytes (hs_test_pprof_big (N_SAMPLES));

    fd = g_file_open_tmp ("hs-profile-view-XXXXXX.pb", &big_path, &error);
    g_assert_no_error (error);
    close (fd);
    g_file_set_contents (big_path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
    g_assert_no_error (error);
  }

  g_test_add_func ("/profile-view/close-while-loading", test_close_while_loading);
  g_test_add_func ("/profile-view/close-while-analysing", test_close_while_analysing);
  g_test_add_func ("/profile-view/cancel-while-loading", test_cancel_while_loading);
  g_test_add_func ("/profile-view/cancel-while-analysing", test_cancel_while_analysing);
  g_test_add_func ("/profile-view/close-compare", test_close_compare);

  ret = g_test_run ();
  g_unlink (big_path);
  g_free (big_path);
  return ret;
}
