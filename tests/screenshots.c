/* screenshots.c: the live screenshots of data/screenshots/, made by the
 * real application under Xvfb (not a test: run by hand, see the README of
 * data/screenshots)
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "hs-application.h"
#include "hs-monitor-view.h"
#include "hs-processes-page.h"
#include "hs-session.h"
#include "hs-test-go-service.h"
#include "hs-test-ui.h"
#include "hs-window.h"

static const char *out_dir;
static const char *suffix;
static int status = 1;

static GSubprocess *
spawn_demo (const char *rate_kib)
{
  g_autofree char *path = hs_find_helper_program ("heapscope-demo");
  g_autofree char *rate = g_strconcat ("--rate-kib=", rate_kib, NULL);
  g_autoptr(GError) error = NULL;
  GSubprocess *child;

  child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error, path, rate,
                            "--max-mib=256", "--duration=120s", NULL);
  if (child == NULL)
    g_error ("heapscope-demo: %s", error->message);

  return child;
}

static void
shoot (GtkWidget  *widget,
       const char *name)
{
  g_autofree char *file = g_strdup_printf ("%s%s.png", name, suffix);
  g_autofree char *path = g_build_filename (out_dir, file, NULL);

  hs_test_iterate_for (300);
  if (!hs_test_render_when_drawn (widget, path))
    g_error ("could not write %s", path);
  g_print ("%s\n", path);
}

/* The monitor view's scrolled part, scrolled to its end. */
static void
scroll_to_end (GtkWidget *view)
{
  GtkScrolledWindow *scroller = GTK_SCROLLED_WINDOW (hs_test_find_widget (view, GTK_TYPE_SCROLLED_WINDOW));
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (scroller);

  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) -
                            gtk_adjustment_get_page_size (adjustment));
}

static gboolean
has_go_offer (gpointer data)
{
  return strstr (hs_monitor_view_get_go_message (data), "127.0.0.1:") != NULL;
}

/* A Go service (tests/gen/gometrics, leaking heap and goroutines): the
 * offer of its endpoints, then RSS, the Go charts and "Where is my RSS?"
 * on one timeline, in a window tall enough to hold them. */
static void
on_activate_go (GApplication *app)
{
  HsWindow *window = hs_window_new (HS_APPLICATION (app));
  GoService *svc = go_service_start ();
  HsProcessesPage *page;
  HsMonitorView *view;

  if (svc == NULL)
    g_error ("set HS_TEST_GOMETRICS to the build's tests/hs-test-gometrics");
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);

    /* These shots are of the charts; the verdict ones show captures. */
    g_settings_set_boolean (settings, "auto-capture", FALSE);
  }
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
  gtk_window_present (GTK_WINDOW (window));
  hs_test_iterate_until (hs_test_widget_is_mapped, window, 20000);
  page = HS_PROCESSES_PAGE (hs_test_find_widget (GTK_WIDGET (window), HS_TYPE_PROCESSES_PAGE));
  view = hs_processes_page_get_monitor_view (page);

  hs_processes_page_attach (page, svc->pid);
  hs_test_iterate_until (has_go_offer, view, 20000);
  hs_test_iterate_for (3000);
  shoot (GTK_WIDGET (window), "monitor-go-offer");

  hs_monitor_view_watch_go (view, hs_monitor_view_get_go_url (view));
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 1500);
  hs_test_iterate_for (25000);
  {
    HsChart *chart = hs_monitor_view_get_chart (view, 0);
    int width = gtk_widget_get_width (GTK_WIDGET (chart));

    hs_chart_set_hover (chart, width * 0.85, 60);
  }
  shoot (GTK_WIDGET (window), "monitor-go");
  scroll_to_end (GTK_WIDGET (view));
  /* The split's legend holds only what fits beside the title: the hover
   * read-out names every part. */
  {
    HsChart *chart = hs_monitor_view_get_chart (view, hs_monitor_view_get_n_charts (view) - 1);
    int width = gtk_widget_get_width (GTK_WIDGET (chart));

    hs_chart_unset_hover (hs_monitor_view_get_chart (view, 0));
    hs_chart_set_hover (chart, width * 0.7, 60);
  }
  shoot (GTK_WIDGET (window), "monitor-go-scrolled");

  status = 0;
  gtk_window_destroy (GTK_WINDOW (window));
  go_service_stop (svc);
}

/* A leaking Go service watched with its process: the verdict bar over the
 * charts, each fitted trend in its state's colour, a user's marks and the
 * automatic captures' marks, over a 30 s trend window (the service lives
 * 60 s). */
static void
on_activate_verdict (GApplication *app)
{
  HsWindow *window = hs_window_new (HS_APPLICATION (app));
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *captures = g_dir_make_tmp ("hs-shots-XXXXXX", NULL);
  GoService *svc = go_service_start ();
  HsProcessesPage *page;
  HsMonitorView *view;

  if (svc == NULL)
    g_error ("set HS_TEST_GOMETRICS to the build's tests/hs-test-gometrics");
  g_settings_set_uint (settings, "trend-window", 30);
  g_settings_set_uint (settings, "sample-interval", 200);
  g_settings_set_string (settings, "captures-folder", captures);
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 1250);
  gtk_window_present (GTK_WINDOW (window));
  hs_test_iterate_until (hs_test_widget_is_mapped, window, 20000);
  page = HS_PROCESSES_PAGE (hs_test_find_widget (GTK_WIDGET (window), HS_TYPE_PROCESSES_PAGE));
  view = hs_processes_page_get_monitor_view (page);

  hs_processes_page_attach (page, svc->pid);
  hs_test_iterate_until (has_go_offer, view, 20000);
  hs_monitor_view_watch_go (view, hs_monitor_view_get_go_url (view));
  hs_test_iterate_for (12000);
  hs_monitor_view_add_mark (view, "Load test");
  hs_test_iterate_for (28000);
  hs_monitor_view_add_mark (view, NULL);
  hs_test_iterate_for (4000);
  shoot (GTK_WIDGET (window), "monitor-verdict");
  /* The marks list, under the charts. */
  scroll_to_end (GTK_WIDGET (view));
  shoot (GTK_WIDGET (window), "monitor-verdict-scrolled");

  status = 0;
  gtk_window_destroy (GTK_WINDOW (window));
  go_service_stop (svc);
  g_print ("captures left in %s\n", captures);
  /* The application keeps the watched sessions; nothing more to show. */
  g_application_quit (app);
}

static void
on_activate (GApplication *app)
{
  HsWindow *window = hs_window_new (HS_APPLICATION (app));
  g_autoptr(GSubprocess) first = spawn_demo ("2048");
  g_autoptr(GSubprocess) second = spawn_demo ("512");
  HsProcessesPage *page;
  HsMonitorView *view;

  gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
  gtk_window_present (GTK_WINDOW (window));
  hs_test_iterate_until (hs_test_widget_is_mapped, window, 20000);
  page = HS_PROCESSES_PAGE (hs_test_find_widget (GTK_WIDGET (window), HS_TYPE_PROCESSES_PAGE));
  view = hs_processes_page_get_monitor_view (page);

  hs_processes_page_attach (page, atoi (g_subprocess_get_identifier (second)));
  gtk_widget_activate_action (GTK_WIDGET (page), "processes.back", NULL);
  hs_processes_page_attach (page, atoi (g_subprocess_get_identifier (first)));
  /* Some history, and a hover read-out on the memory chart. */
  hs_test_iterate_for (20000);
  {
    HsChart *chart = hs_monitor_view_get_chart (view, 0);
    int width = gtk_widget_get_width (GTK_WIDGET (chart));

    hs_chart_set_hover (chart, width * 0.85, 60);
  }
  shoot (GTK_WIDGET (window), "monitor-800x600");
  scroll_to_end (GTK_WIDGET (view));
  shoot (GTK_WIDGET (window), "monitor-800x600-scrolled");

  gtk_widget_activate_action (GTK_WIDGET (page), "processes.back", NULL);
  hs_test_iterate_for (2500);
  shoot (GTK_WIDGET (window), "watched-processes");

  /* The first process exits: the banner, and the charts keep what was
   * recorded. */
  {
    HsSession *session = NULL;
    GListModel *sessions = hs_processes_page_get_sessions (page);
    gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    for (guint i = 0; i < g_list_model_get_n_items (sessions); i++)
      {
        g_autoptr(HsSession) item = g_list_model_get_item (sessions, i);

        if (hs_session_get_pid (item) == atoi (g_subprocess_get_identifier (first)))
          session = item;
      }
    hs_processes_page_show_session (page, session);
    g_subprocess_force_exit (first);
    while (hs_session_get_state (session) != HS_SESSION_EXITED && g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, FALSE);
    shoot (GTK_WIDGET (window), "monitor-exited");
  }

  g_subprocess_force_exit (second);
  status = 0;
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(HsApplication) app = NULL;

  if (argc < 2)
    {
      g_printerr ("usage: %s OUTPUT-DIR [SUFFIX [go]]\n", argv[0]);
      return 2;
    }
  out_dir = argv[1];
  suffix = argc > 2 ? argv[2] : "";

  /* HS_LOCALEDIR: the build's catalogs, for a translated run. */
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("HS_LOCALEDIR") ? g_getenv ("HS_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = hs_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  if (argc > 3 && g_str_equal (argv[3], "go"))
    g_signal_connect (app, "activate", G_CALLBACK (on_activate_go), NULL);
  else if (argc > 3 && g_str_equal (argv[3], "verdict"))
    g_signal_connect (app, "activate", G_CALLBACK (on_activate_verdict), NULL);
  else
    g_signal_connect (app, "activate", G_CALLBACK (on_activate), NULL);
  g_application_run (G_APPLICATION (app), 0, NULL);

  return status;
}
