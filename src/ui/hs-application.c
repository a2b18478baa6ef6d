/* hs-application.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-application"

#include "config.h"

#include <glib/gi18n.h>

#include "hs-alert-monitor.h"
#include "hs-application.h"
#include "hs-session.h"
#include "hs-preferences-window.h"
#include "hs-window.h"

struct _HsApplication
{
  AdwApplication  parent_instance;

  /* Owned */
  GSettings      *settings;
  GListStore     *sessions;    /* of HsSession: watched processes */
  GHashTable     *alerts;      /* HsSession → SessionAlerts */
  guint           last_serial;
  gboolean        start_demo;
};

/* A watched session's alert monitor, and the number its notifications'
 * action names it by (an action target cannot hold a pointer). */
typedef struct
{
  HsAlertMonitor *monitor;
  guint           serial;
} SessionAlerts;

static void
session_alerts_free (SessionAlerts *alerts)
{
  g_clear_object (&alerts->monitor);
  g_free (alerts);
}

G_DEFINE_FINAL_TYPE (HsApplication, hs_application, ADW_TYPE_APPLICATION)

HsApplication *
hs_application_new (void)
{
  return g_object_new (HS_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/io/github/heapscope/Heapscope",
                       NULL);
}

/**
 * hs_application_get_settings:
 *
 * Returns: (transfer none): the application's #GSettings
 */
GSettings *
hs_application_get_settings (HsApplication *self)
{
  g_return_val_if_fail (HS_IS_APPLICATION (self), NULL);

  if (self->settings == NULL)
    self->settings = g_settings_new (APP_ID);

  return self->settings;
}

/* The main window, made if there is none. Not simply the active window:
 * that can be Preferences. */
static HsWindow *
hs_application_get_main_window (HsApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (HS_IS_WINDOW (l->data))
      return HS_WINDOW (l->data);

  return hs_window_new (self);
}

static void
hs_application_activate (GApplication *app)
{
  HsApplication *self = HS_APPLICATION (app);
  HsWindow *window = hs_application_get_main_window (self);

  gtk_window_present (GTK_WINDOW (window));

  if (self->start_demo)
    {
      self->start_demo = FALSE;
      hs_window_start_demo (window);
    }
}

static void
hs_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  HsApplication *self = HS_APPLICATION (app);
  HsWindow *window = hs_application_get_main_window (self);

  hs_window_open_files (window, files, n_files);
  gtk_window_present (GTK_WINDOW (window));
}

static int
hs_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  HsApplication *self = HS_APPLICATION (app);

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("heapscope %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (g_variant_dict_contains (options, "demo"))
    self->start_demo = TRUE;

  return -1;
}

static void
hs_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *prefs_accels[] = { "<Control>comma", NULL };
  static const char *open_accels[] = { "<Control>o", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };

  G_APPLICATION_CLASS (hs_application_parent_class)->startup (app);

  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences", prefs_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.open", open_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "window.close", close_accels);
}

static void
on_alert (HsAlertMonitor  *monitor,
          HsAlertRule     *rule,
          HsSessionMetric *item,
          HsSessionMark   *mark,
          HsApplication   *self)
{
  HsSession *session = hs_alert_monitor_get_session (monitor);
  SessionAlerts *alerts = g_hash_table_lookup (self->alerts, session);
  HsMetric *metric = hs_session_metric_get_metric (item);
  g_autofree char *what = hs_alert_rule_describe (rule, metric);
  g_autofree char *reading = hs_alert_rule_format_reading (rule, metric);
  g_autofree char *title = NULL;
  g_autofree char *id = NULL;
  g_autoptr(GNotification) notification = NULL;

  g_return_if_fail (alerts != NULL);

  /* TRANSLATORS: a notification's title: "heapscope-demo: RSS above 8.00 MiB" */
  title = g_strdup_printf (_("%s: %s"), hs_session_get_title (session), what);
  notification = g_notification_new (title);
  g_notification_set_body (notification, reading);
  g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_HIGH);
  g_notification_set_default_action_and_target (notification, "app.show-session",
                                                "u", alerts->serial);
  /* One per session and rule: a new crossing replaces the old one. */
  id = g_strdup_printf ("alert-%u-%s", alerts->serial, hs_alert_rule_get_key (rule));
  g_application_send_notification (G_APPLICATION (self), id, notification);
}

static void
update_alert_thresholds (HsApplication *self)
{
  g_autoptr(GVariant) thresholds = g_settings_get_value (hs_application_get_settings (self),
                                                         "alert-thresholds");
  GHashTableIter iter;
  SessionAlerts *alerts;

  g_hash_table_iter_init (&iter, self->alerts);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &alerts))
    hs_alert_monitor_set_thresholds (alerts->monitor, thresholds);
}

/* Every watched session gets a monitor, and loses it when it leaves. */
static void
sync_alert_monitors (HsApplication *self)
{
  GListModel *model = G_LIST_MODEL (self->sessions);
  g_autoptr(GHashTable) present = g_hash_table_new (NULL, NULL);
  g_autoptr(GVariant) thresholds = NULL;
  GHashTableIter iter;
  HsSession *session;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(HsSession) item = g_list_model_get_item (model, i);
      SessionAlerts *alerts;

      g_hash_table_add (present, item);
      if (g_hash_table_contains (self->alerts, item))
        continue;

      if (thresholds == NULL)
        thresholds = g_settings_get_value (hs_application_get_settings (self), "alert-thresholds");
      alerts = g_new0 (SessionAlerts, 1);
      alerts->monitor = hs_alert_monitor_new (item);
      alerts->serial = ++self->last_serial;
      hs_alert_monitor_set_thresholds (alerts->monitor, thresholds);
      g_signal_connect_object (alerts->monitor, "alert", G_CALLBACK (on_alert), self, 0);
      g_hash_table_insert (self->alerts, g_object_ref (item), alerts);
    }

  g_hash_table_iter_init (&iter, self->alerts);
  while (g_hash_table_iter_next (&iter, (gpointer *) &session, NULL))
    if (!g_hash_table_contains (present, session))
      g_hash_table_iter_remove (&iter);
}

/**
 * hs_application_get_alert_monitor:
 *
 * Returns: (transfer none) (nullable): the monitor of a watched @session
 */
HsAlertMonitor *
hs_application_get_alert_monitor (HsApplication *self,
                                  HsSession     *session)
{
  SessionAlerts *alerts;

  g_return_val_if_fail (HS_IS_APPLICATION (self), NULL);
  g_return_val_if_fail (HS_IS_SESSION (session), NULL);

  alerts = g_hash_table_lookup (self->alerts, session);
  return alerts != NULL ? alerts->monitor : NULL;
}

/**
 * hs_application_get_sessions:
 *
 * The watched processes: sessions live here, not in a page, so that one
 * keeps sampling while the window shows something else. Whoever shows a
 * session closes it and removes it when the user closes it.
 *
 * Returns: (transfer none): a store of HsSession
 */
GListStore *
hs_application_get_sessions (HsApplication *self)
{
  g_return_val_if_fail (HS_IS_APPLICATION (self), NULL);

  if (self->sessions == NULL)
    {
      self->sessions = g_list_store_new (HS_TYPE_SESSION);
      /* Alerts watch what the application watches, whichever page shows it. */
      g_signal_connect_object (self->sessions, "items-changed",
                               G_CALLBACK (sync_alert_monitors), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (hs_application_get_settings (self), "changed::alert-thresholds",
                               G_CALLBACK (update_alert_thresholds), self, G_CONNECT_SWAPPED);
    }

  return self->sessions;
}

static void
hs_application_dispose (GObject *object)
{
  HsApplication *self = HS_APPLICATION (object);

  /* Sampling stops with the application, not with any window or page. */
  if (self->sessions != NULL)
    {
      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->sessions)); i++)
        {
          g_autoptr(HsSession) session = g_list_model_get_item (G_LIST_MODEL (self->sessions), i);

          hs_session_close (session);
        }
    }
  g_clear_object (&self->sessions);
  g_clear_pointer (&self->alerts, g_hash_table_unref);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (hs_application_parent_class)->dispose (object);
}

static void
hs_application_class_init (HsApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = hs_application_dispose;

  app_class->activate = hs_application_activate;
  app_class->open = hs_application_open;
  app_class->startup = hs_application_startup;
  app_class->handle_local_options = hs_application_handle_local_options;
}

static void
hs_application_about_action (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  static const char *developers[] = { "The Heapscope Authors", NULL };
  HsApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  adw_show_about_window (window,
                         "application-name", _("Heapscope"),
                         "application-icon", APP_ID,
                         "developer-name", _("The Heapscope Authors"),
                         "version", PACKAGE_VERSION,
                         "comments", _("Find memory and goroutine leaks: watch a process, "
                                       "read heap profiles, compare before and after."),
                         "website", "https://github.com/heapscope/heapscope",
                         "issue-url", "https://github.com/heapscope/heapscope/issues",
                         "developers", developers,
                         /* Translators: put your names here, one per line */
                         "translator-credits", _("translator-credits"),
                         "copyright", "© 2026 The Heapscope Authors",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         NULL);
}

static void
hs_application_preferences_action (GSimpleAction *action,
                                   GVariant      *parameter,
                                   gpointer       user_data)
{
  HsApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  HsPreferencesWindow *prefs = hs_preferences_window_new (hs_application_get_settings (self));

  gtk_window_set_transient_for (GTK_WINDOW (prefs), parent);
  gtk_window_set_application (GTK_WINDOW (prefs), GTK_APPLICATION (self));
  gtk_window_present (GTK_WINDOW (prefs));
}

/* An alert's notification was clicked: bring its session forward (or
 * just the window, when the session was closed since). */
static void
hs_application_show_session_action (GSimpleAction *action,
                                    GVariant      *parameter,
                                    gpointer       user_data)
{
  HsApplication *self = user_data;
  guint serial = g_variant_get_uint32 (parameter);
  HsWindow *window = hs_application_get_main_window (self);
  GHashTableIter iter;
  HsSession *session;
  SessionAlerts *alerts;

  g_hash_table_iter_init (&iter, self->alerts);
  while (g_hash_table_iter_next (&iter, (gpointer *) &session, (gpointer *) &alerts))
    if (alerts->serial == serial)
      {
        hs_window_show_session (window, session);
        break;
      }
  gtk_window_present (GTK_WINDOW (window));
}

static void
hs_application_quit_action (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "quit", hs_application_quit_action },
  { "about", hs_application_about_action },
  { "preferences", hs_application_preferences_action },
  { "show-session", hs_application_show_session_action, "u" },
};

static void
hs_application_init (HsApplication *self)
{
  static const GOptionEntry options[] = {
    { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Start the bundled demo workload and attach to it"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Print the version and exit"), NULL },
    { NULL }
  };

  self->alerts = g_hash_table_new_full (NULL, NULL, g_object_unref,
                                       (GDestroyNotify) session_alerts_free);

  g_application_add_main_option_entries (G_APPLICATION (self), options);
  g_application_set_option_context_parameter_string (G_APPLICATION (self),
                                                     _("[PROFILE…]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Open Go heap and goroutine profiles, or watch "
                                              "a process’s memory live."));

  g_action_map_add_action_entries (G_ACTION_MAP (self),
                                   app_actions, G_N_ELEMENTS (app_actions),
                                   self);
}
