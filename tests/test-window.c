/* test-window.c: the application window as a user first sees it
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>

#include <adwaita.h>

#include "hs-application.h"
#include "hs-session.h"
#include "hs-processes-page.h"
#include "hs-profiles-page.h"
#include "hs-test-ui.h"
#include "hs-window.h"

static HsApplication *app;

/* Counts the windows a user sees (the hidden shortcuts window is not one). */
static guint
count_visible_toplevels (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n_visible = 0;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (gtk_widget_get_visible (window))
        n_visible++;
    }

  return n_visible;
}

static void
destroy_all_toplevels (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  while (g_list_model_get_n_items (toplevels) > 0)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, 0);

      gtk_window_destroy (window);
    }
}

static gboolean
window_count_is (gpointer data)
{
  return count_visible_toplevels () == GPOINTER_TO_UINT (data);
}

static HsWindow *
present_new_window (void)
{
  HsWindow *window = hs_window_new (app);

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (hs_test_iterate_until (hs_test_widget_is_mapped, window, 20000));

  return window;
}

static void
test_window_new_destroy (void)
{
  HsWindow *window = hs_window_new (app);

  g_object_ref_sink (window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

static GtkWidget *
find_descendant (GtkWidget *root,
                 GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        return child;
      if ((found = find_descendant (child, type)) != NULL)
        return found;
    }

  return NULL;
}

static void
test_window_pages (void)
{
  HsWindow *window = present_new_window ();

  g_assert_nonnull (find_descendant (GTK_WIDGET (window), HS_TYPE_PROCESSES_PAGE));
  g_assert_nonnull (find_descendant (GTK_WIDGET (window), HS_TYPE_PROFILES_PAGE));
  g_assert_nonnull (find_descendant (GTK_WIDGET (window), ADW_TYPE_VIEW_SWITCHER_TITLE));

  g_assert_cmpstr (hs_window_get_page_name (window), ==, "processes");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "profiles"));
  g_assert_cmpstr (hs_window_get_page_name (window), ==, "profiles");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "processes"));
  g_assert_cmpstr (hs_window_get_page_name (window), ==, "processes");

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_true (hs_test_iterate_until (window_count_is, GUINT_TO_POINTER (0), 20000));
}

static gboolean
has_readings (gpointer data)
{
  gpointer *args = data;

  return hs_session_get_n_readings (args[0]) >= GPOINTER_TO_UINT (args[1]);
}

/* Sessions are the application's: a watched process keeps sampling after
 * its window is gone, until the user (or the application) closes it. */
static void
test_window_sessions_outlive_window (void)
{
  g_autofree char *demo_path = hs_find_helper_program ("heapscope-demo");
  g_autoptr(GSubprocess) demo = NULL;
  g_autoptr(HsSession) session = NULL;
  g_autoptr(GError) error = NULL;
  GListStore *sessions = hs_application_get_sessions (app);
  HsWindow *window = present_new_window ();
  HsProcessesPage *page = HS_PROCESSES_PAGE (find_descendant (GTK_WIDGET (window), HS_TYPE_PROCESSES_PAGE));
  gpointer args[2];

  g_assert_nonnull (demo_path);
  demo = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error, demo_path,
                           "--threads=0", "--max-mib=32", "--duration=60s", NULL);
  g_assert_no_error (error);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (sessions)), ==, 0);
  hs_processes_page_attach (page, atoi (g_subprocess_get_identifier (demo)));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (sessions)), ==, 1);
  session = g_list_model_get_item (G_LIST_MODEL (sessions), 0);
  g_assert_true (session == hs_processes_page_get_session (page));
  g_assert_true (hs_processes_page_get_sessions (page) == G_LIST_MODEL (sessions));

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_true (hs_test_iterate_until (window_count_is, GUINT_TO_POINTER (0), 20000));

  args[0] = session;
  args[1] = GUINT_TO_POINTER (hs_session_get_n_readings (session) + 2);
  g_assert_true (hs_test_iterate_until (has_readings, args, 20000));
  g_assert_cmpint (hs_session_get_state (session), ==, HS_SESSION_RUNNING);

  hs_session_close (session);
  g_list_store_remove_all (sessions);
  g_subprocess_force_exit (demo);
  g_subprocess_wait (demo, NULL, NULL);
}

static void
test_window_remembers_size (void)
{
  GSettings *settings = hs_application_get_settings (app);
  HsWindow *window;
  int width, height;

  g_settings_set (settings, "window-size", "(ii)", 900, 640);
  g_settings_set_boolean (settings, "window-maximized", FALSE);

  window = present_new_window ();
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 900);
  g_assert_cmpint (height, ==, 640);

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_close (GTK_WINDOW (window));
  g_assert_true (hs_test_iterate_until (window_count_is, GUINT_TO_POINTER (0), 20000));

  g_settings_get (settings, "window-size", "(ii)", &width, &height);
  g_assert_cmpint (width, ==, 1000);
  g_assert_cmpint (height, ==, 700);
}

static void
test_window_preferences_and_about (void)
{
  GSettings *settings = hs_application_get_settings (app);

  present_new_window ();
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  g_assert_true (hs_test_iterate_until (window_count_is, GUINT_TO_POINTER (2), 20000));

  /* The preferences window writes through to GSettings. */
  g_settings_set_uint (settings, "sample-interval", 250);
  g_assert_cmpuint (g_settings_get_uint (settings, "sample-interval"), ==, 250);
  g_settings_reset (settings, "sample-interval");

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  g_assert_true (hs_test_iterate_until (window_count_is, GUINT_TO_POINTER (3), 20000));

  destroy_all_toplevels ();
  g_assert_true (hs_test_iterate_until (window_count_is, GUINT_TO_POINTER (0), 20000));
}

static void
on_activate (GApplication *application,
             int          *status)
{
  /* Keep the application alive while the tests open and close windows. */
  g_application_hold (application);
  *status = g_test_run ();
  destroy_all_toplevels ();
  g_application_release (application);
  g_application_quit (application);
}

int
main (int    argc,
      char **argv)
{
  int status = 1;

  HS_TEST_REQUIRE_DISPLAY ();

  g_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/window/new-destroy", test_window_new_destroy);
  g_test_add_func ("/window/pages", test_window_pages);
  g_test_add_func ("/window/remembers-size", test_window_remembers_size);
  g_test_add_func ("/window/sessions-outlive-window", test_window_sessions_outlive_window);
  g_test_add_func ("/window/preferences-and-about", test_window_preferences_and_about);

  app = hs_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_OPEN);
  g_signal_connect (app, "activate", G_CALLBACK (on_activate), &status);
  g_application_run (G_APPLICATION (app), 0, NULL);
  g_clear_object (&app);

  return status;
}
