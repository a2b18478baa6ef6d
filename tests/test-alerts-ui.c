/* test-alerts-ui.c: alerts end to end, through the application
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>

#include <adwaita.h>

#include "hs-alert-monitor.h"
#include "hs-alert-thresholds-group.h"
#include "hs-application.h"
#include "hs-preferences-window.h"
#include "hs-processes-page.h"
#include "hs-session-alerts-window.h"
#include "hs-session.h"
#include "hs-test-ui.h"
#include "hs-window.h"

#define MIB (1024.0 * 1024.0)

/* The application runs on a private session bus (GTestDBus), and this
 * test owns org.freedesktop.Notifications on it with a small GDBus
 * server that records the Notify calls: GLib's freedesktop notification
 * backend reaches it the way it reaches a desktop's notification daemon. */

static HsApplication *app;

typedef struct
{
  GDBusConnection *connection;
  guint            registration;
  guint            owner;
  gboolean         acquired;
  guint            n_notify;
  guint32          last_id;
  char            *summary;
  char            *body;
  GStrv            actions;
} NotificationServer;

static const char notifications_xml[] =
  "<node>"
  "  <interface name='org.freedesktop.Notifications'>"
  "    <method name='Notify'>"
  "      <arg type='s' direction='in'/><arg type='u' direction='in'/>"
  "      <arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "      <arg type='s' direction='in'/><arg type='as' direction='in'/>"
  "      <arg type='a{sv}' direction='in'/><arg type='i' direction='in'/>"
  "      <arg type='u' direction='out'/>"
  "    </method>"
  "    <method name='CloseNotification'><arg type='u' direction='in'/></method>"
  "    <method name='GetCapabilities'><arg type='as' direction='out'/></method>"
  "    <method name='GetServerInformation'>"
  "      <arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "      <arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "    </method>"
  "    <signal name='ActionInvoked'><arg type='u'/><arg type='s'/></signal>"
  "    <signal name='NotificationClosed'><arg type='u'/><arg type='u'/></signal>"
  "  </interface>"
  "</node>";

static void
server_method_call (GDBusConnection       *connection,
                    const char            *sender,
                    const char            *object_path,
                    const char            *interface_name,
                    const char            *method_name,
                    GVariant              *parameters,
                    GDBusMethodInvocation *invocation,
                    gpointer               user_data)
{
  NotificationServer *server = user_data;

  if (g_str_equal (method_name, "Notify"))
    {
      g_clear_pointer (&server->summary, g_free);
      g_clear_pointer (&server->body, g_free);
      g_clear_pointer (&server->actions, g_strfreev);
      g_variant_get (parameters, "(&su&sss^as@a{sv}i)", NULL, NULL, NULL,
                     &server->summary, &server->body, &server->actions, NULL, NULL);
      server->n_notify++;
      server->last_id = 100 + server->n_notify;
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", server->last_id));
    }
  else if (g_str_equal (method_name, "GetCapabilities"))
    {
      const char *caps[] = { "actions", "body", NULL };

      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(^as)", caps));
    }
  else if (g_str_equal (method_name, "GetServerInformation"))
    g_dbus_method_invocation_return_value (invocation,
                                           g_variant_new ("(ssss)", "test", "heapscope", "1", "1.2"));
  else
    g_dbus_method_invocation_return_value (invocation, NULL);
}

static void
on_name_acquired (GDBusConnection *connection,
                  const char      *name,
                  gpointer         user_data)
{
  ((NotificationServer *) user_data)->acquired = TRUE;
}

static gboolean
server_acquired (gpointer data)
{
  return ((NotificationServer *) data)->acquired;
}

static NotificationServer *
notification_server_start (void)
{
  static const GDBusInterfaceVTable vtable = { server_method_call, NULL, NULL, { 0 } };
  NotificationServer *server = g_new0 (NotificationServer, 1);
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (notifications_xml, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, &error);

  g_assert_no_error (error);
  /* Its own connection, as a separate daemon would have. */
  server->connection =
    g_dbus_connection_new_for_address_sync (address,
                                            G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                            G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                            NULL, NULL, &error);
  g_assert_no_error (error);
  server->registration =
    g_dbus_connection_register_object (server->connection, "/org/freedesktop/Notifications",
                                       info->interfaces[0], &vtable, server, NULL, &error);
  g_assert_no_error (error);
  server->owner = g_bus_own_name_on_connection (server->connection, "org.freedesktop.Notifications",
                                                G_BUS_NAME_OWNER_FLAGS_NONE,
                                                on_name_acquired, NULL, server, NULL);
  g_assert_true (hs_test_iterate_until (server_acquired, server, 10000));
  return server;
}

static void
notification_server_stop (NotificationServer *server)
{
  g_bus_unown_name (server->owner);
  g_dbus_connection_unregister_object (server->connection, server->registration);
  g_dbus_connection_close_sync (server->connection, NULL, NULL);
  g_object_unref (server->connection);
  g_free (server->summary);
  g_free (server->body);
  g_strfreev (server->actions);
  g_free (server);
}

static gboolean
server_notified (gpointer data)
{
  return ((NotificationServer *) data)->n_notify > 0;
}

static gboolean
find_action_button (GtkWidget  *root,
                    const char *action_name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_BUTTON (child) &&
          g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (child)), action_name) == 0 &&
          gtk_widget_is_visible (child))
        return TRUE;
      if (find_action_button (child, action_name))
        return TRUE;
    }
  return FALSE;
}

static GtkWidget *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type))
        return window;
    }
  return NULL;
}

typedef struct
{
  HsWindow        *window;
  HsProcessesPage *page;
  HsSession       *session;
} Shown;

static gboolean
session_is_shown (gpointer data)
{
  Shown *shown = data;

  return g_strcmp0 (hs_window_get_page_name (shown->window), "processes") == 0 &&
         hs_processes_page_get_session (shown->page) == shown->session &&
         g_strcmp0 (hs_processes_page_get_visible_view (shown->page), "monitor") == 0;
}

static gint64
read_rss (int pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/statm", pid);
  g_autofree char *contents = NULL;
  g_auto(GStrv) fields = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  fields = g_strsplit (contents, " ", -1);
  return g_ascii_strtoll (fields[1], NULL, 10) * sysconf (_SC_PAGESIZE);
}

/* heapscope-demo leaks 8 MiB/s under a real session of the Processes
 * page; the RSS limit in the settings is 6 MiB above where it starts. The
 * crossing sends one notification through D-Bus naming the metric and the
 * value, marks the session's timeline, and the notification's default
 * action brings the session forward from another page. */
static void
test_notification (void)
{
  g_autofree char *demo_path = hs_find_helper_program ("heapscope-demo");
  g_autoptr(GSubprocess) demo = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HsSession) session = NULL;
  g_autoptr(HsSessionMark) mark = NULL;
  g_autofree char *thresholds = NULL;
  GListStore *sessions = hs_application_get_sessions (app);
  GSettings *settings = hs_application_get_settings (app);
  NotificationServer *server = notification_server_start ();
  HsWindow *window = hs_window_new (app);
  HsProcessesPage *page;
  HsAlertMonitor *monitor;
  Shown shown;
  int pid;
  double limit;

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (hs_test_iterate_until (hs_test_widget_is_mapped, window, 20000));
  page = HS_PROCESSES_PAGE (hs_test_find_widget (GTK_WIDGET (window), HS_TYPE_PROCESSES_PAGE));

  g_assert_nonnull (demo_path);
  demo = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error, demo_path,
                           "--threads=0", "--initial-mib=4", "--rate-kib=8192",
                           "--interval=50ms", "--max-mib=48", "--duration=60s", NULL);
  g_assert_no_error (error);
  pid = atoi (g_subprocess_get_identifier (demo));
  /* Let it make its first allocation, then set the limit over it. */
  g_usleep (200 * 1000);
  limit = read_rss (pid) + 6 * MIB;
  thresholds = g_strdup_printf ("{'rss-limit': %.1f, 'goroutines-limit': 0.0}", limit);
  g_settings_set_value (settings, "alert-thresholds", g_variant_new_parsed (thresholds));

  g_assert_true (hs_test_iterate_until (hs_test_processes_page_is_ready, page, 30000));
  hs_processes_page_attach (page, pid);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (sessions)), ==, 1);
  session = g_list_model_get_item (G_LIST_MODEL (sessions), 0);
  monitor = hs_application_get_alert_monitor (app, session);
  g_assert_nonnull (monitor);
  g_assert_cmpuint (hs_alert_monitor_get_rules (monitor)->len, ==, 1);
  hs_session_set_interval_ms (session, 100);

  /* The user looks elsewhere. */
  hs_window_show_page (window, "profiles");

  g_assert_true (hs_test_iterate_until (server_notified, server, 30000));
  g_test_message ("notification: “%s” / “%s”", server->summary, server->body);
  /* Title: the session and the rule; body: the metric and its value. */
  g_assert_nonnull (strstr (server->summary, hs_session_get_title (session)));
  g_assert_nonnull (strstr (server->summary, "RSS above "));
  g_assert_true (g_str_has_prefix (server->body, "RSS is "));
  g_assert_nonnull (strstr (server->body, " MiB (threshold "));
  {
    /* The value is the one measured, at or over the limit. */
    double shown_mib = g_ascii_strtod (server->body + strlen ("RSS is "), NULL);

    g_assert_cmpfloat (shown_mib * MIB, >=, limit - 0.05 * MIB);
  }
  g_assert_true (g_strv_contains ((const char * const *) server->actions, "default"));

  /* The timeline has its mark, at the crossing. */
  g_assert_cmpuint (g_list_model_get_n_items (hs_session_get_marks (session)), ==, 1);
  mark = g_list_model_get_item (hs_session_get_marks (session), 0);
  g_assert_true (g_str_has_prefix (hs_session_mark_get_label (mark), "RSS above "));
  g_assert_cmpint (hs_session_mark_get_time (mark), >=, hs_session_get_first_time (session));

  /* Still one notification a few readings later: edge-triggered. */
  {
    gint64 until = g_get_monotonic_time () + 600 * 1000;

    while (g_get_monotonic_time () < until)
      g_main_context_iteration (NULL, FALSE);
    g_assert_cmpuint (server->n_notify, ==, 1);
  }

  /* The user clicks it: the daemon says so with ActionInvoked. */
  g_assert_cmpstr (hs_window_get_page_name (window), ==, "profiles");
  g_dbus_connection_emit_signal (server->connection, NULL, "/org/freedesktop/Notifications",
                                 "org.freedesktop.Notifications", "ActionInvoked",
                                 g_variant_new ("(us)", server->last_id, "default"), &error);
  g_assert_no_error (error);
  shown = (Shown) { window, page, session };
  g_assert_true (hs_test_iterate_until (session_is_shown, &shown, 10000));

  /* Preferences edited while it runs: the monitor follows. */
  g_settings_set_value (settings, "alert-thresholds",
                        g_variant_new_parsed ("{'goroutines-limit': 5000.0}"));
  g_assert_cmpuint (hs_alert_monitor_get_rules (monitor)->len, ==, 1);
  g_assert_cmpstr (hs_alert_rule_get_key (g_ptr_array_index (hs_alert_monitor_get_rules (monitor), 0)),
                   ==, "goroutines-limit");

  /* The monitor view's header opens the session's own thresholds. */
  g_assert_true (find_action_button (GTK_WIDGET (page), "processes.session-alerts"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "processes.session-alerts", NULL));
  {
    GtkWidget *dialog = find_toplevel (HS_TYPE_SESSION_ALERTS_WINDOW);

    g_assert_nonnull (dialog);
    g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
    hs_session_alerts_window_set_own (HS_SESSION_ALERTS_WINDOW (dialog), TRUE);
    g_assert_nonnull (hs_session_get_alert_thresholds (session));
    /* Its own thresholds now win over the Preferences. */
    hs_alert_thresholds_group_set_value (HS_ALERT_THRESHOLDS_GROUP (hs_test_find_widget (dialog, HS_TYPE_ALERT_THRESHOLDS_GROUP)),
                                         "rss-limit", 4096);
    g_settings_set_value (settings, "alert-thresholds",
                          g_variant_new_parsed ("{'goroutines-limit': 10.0}"));
    g_assert_cmpuint (hs_alert_monitor_get_rules (monitor)->len, ==, 2);
    g_assert_cmpstr (hs_alert_rule_get_key (g_ptr_array_index (hs_alert_monitor_get_rules (monitor), 0)),
                     ==, "rss-limit");
    g_assert_cmpfloat (hs_alert_rule_get_threshold (g_ptr_array_index (hs_alert_monitor_get_rules (monitor), 0)),
                       ==, 4096 * MIB);
    gtk_window_destroy (GTK_WINDOW (dialog));
  }

  hs_processes_page_close_session (page, session);
  g_assert_null (hs_application_get_alert_monitor (app, session));
  g_settings_reset (settings, "alert-thresholds");
  gtk_window_destroy (GTK_WINDOW (window));
  g_subprocess_force_exit (demo);
  g_subprocess_wait (demo, NULL, NULL);
  notification_server_stop (server);
}

/* The Preferences' Alerts group writes the settings key in the units the
 * schema stores (bytes), and reads it back. */
static void
test_preferences (void)
{
  GSettings *settings = hs_application_get_settings (app);
  HsPreferencesWindow *prefs = hs_preferences_window_new (settings);
  HsAlertThresholdsGroup *group;
  g_autoptr(GVariant) value = NULL;
  double threshold = 0;

  g_object_ref_sink (prefs);
  group = HS_ALERT_THRESHOLDS_GROUP (hs_test_find_widget (GTK_WIDGET (prefs),
                                                      HS_TYPE_ALERT_THRESHOLDS_GROUP));
  g_assert_nonnull (group);

  hs_alert_thresholds_group_set_value (group, "rss-limit", 512);        /* MiB */
  hs_alert_thresholds_group_set_value (group, "goroutines-limit", 10000);
  value = g_settings_get_value (settings, "alert-thresholds");
  g_assert_true (g_variant_lookup (value, "rss-limit", "d", &threshold));
  g_assert_cmpfloat (threshold, ==, 512 * MIB);
  g_assert_true (g_variant_lookup (value, "goroutines-limit", "d", &threshold));
  g_assert_cmpfloat (threshold, ==, 10000);
  g_clear_pointer (&value, g_variant_unref);

  g_settings_set_value (settings, "alert-thresholds",
                        g_variant_new_parsed ("{'rss-growth': 3145728.0}"));
  g_assert_cmpfloat (hs_alert_thresholds_group_get_value (group, "rss-growth"), ==, 3);
  g_assert_cmpfloat (hs_alert_thresholds_group_get_value (group, "rss-limit"), ==, 0);

  g_settings_reset (settings, "alert-thresholds");
  gtk_window_destroy (GTK_WINDOW (prefs));
  g_assert_finalize_object (prefs);
}

/* A session's own thresholds: the window starts from the Preferences,
 * and what it sets lives on the session, not in the settings. */
static void
test_session_window (void)
{
  GSettings *settings = hs_application_get_settings (app);
  g_autoptr(HsSession) session = hs_session_new ("test");
  HsSessionAlertsWindow *dialog;
  HsAlertThresholdsGroup *group;
  GVariant *own;
  double threshold = 0;

  g_settings_set_value (settings, "alert-thresholds",
                        g_variant_new_parsed ("{'rss-limit': 1073741824.0}"));
  dialog = hs_session_alerts_window_new (session, settings);
  g_object_ref_sink (dialog);
  group = HS_ALERT_THRESHOLDS_GROUP (hs_test_find_widget (GTK_WIDGET (dialog),
                                                      HS_TYPE_ALERT_THRESHOLDS_GROUP));
  g_assert_nonnull (group);
  g_assert_null (hs_session_get_alert_thresholds (session));
  g_assert_false (hs_session_alerts_window_get_own (dialog));
  g_assert_cmpfloat (hs_alert_thresholds_group_get_value (group, "rss-limit"), ==, 1024);

  hs_session_alerts_window_set_own (dialog, TRUE);
  hs_alert_thresholds_group_set_value (group, "rss-limit", 64);
  own = hs_session_get_alert_thresholds (session);
  g_assert_nonnull (own);
  g_assert_true (g_variant_lookup (own, "rss-limit", "d", &threshold));
  g_assert_cmpfloat (threshold, ==, 64 * MIB);
  {
    g_autoptr(GVariant) global = g_settings_get_value (settings, "alert-thresholds");

    g_assert_true (g_variant_lookup (global, "rss-limit", "d", &threshold));
    g_assert_cmpfloat (threshold, ==, 1024 * MIB);
  }

  /* Off again: the session follows the Preferences. */
  hs_session_alerts_window_set_own (dialog, FALSE);
  g_assert_null (hs_session_get_alert_thresholds (session));

  g_settings_reset (settings, "alert-thresholds");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_finalize_object (dialog);
}

static void
destroy_all_toplevels (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  /* The hidden shortcuts windows too: they hold the application. */
  while (g_list_model_get_n_items (toplevels) > 0)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, 0);

      gtk_window_destroy (window);
    }
}

static void
on_activate (GApplication *application,
             int          *status)
{
  /* The tests make the windows they need: not the main window that
   * activating the application presents. */
  g_signal_stop_emission_by_name (application, "activate");
  g_application_hold (application);
  *status = g_test_run ();
  destroy_all_toplevels ();
  g_application_release (application);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GTestDBus) bus = NULL;
  int status = 1;

  HS_TEST_REQUIRE_DISPLAY ();

  g_test_init (&argc, &argv, NULL);
  adw_init ();

  /* GLib's freedesktop backend, whatever the machine prefers. */
  g_setenv ("GNOTIFICATION_BACKEND", "freedesktop", TRUE);
  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bus);

  g_test_add_func ("/alerts-ui/notification", test_notification);
  g_test_add_func ("/alerts-ui/preferences", test_preferences);
  g_test_add_func ("/alerts-ui/session-window", test_session_window);

  app = hs_application_new ();
  g_signal_connect (app, "activate", G_CALLBACK (on_activate), &status);
  g_application_run (G_APPLICATION (app), 0, NULL);
  g_assert_finalize_object (app);
  app = NULL;

  /* Waits until the application's bus connection is gone. */
  g_test_dbus_down (bus);
  return status;
}
