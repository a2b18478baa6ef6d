/* hs-application.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-application"

#include "config.h"

#include <glib/gi18n.h>

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
  gboolean        start_demo;
};

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

static HsWindow *
hs_application_get_main_window (HsApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (hs_window_new (self));

  return HS_WINDOW (window);
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
    self->sessions = g_list_store_new (HS_TYPE_SESSION);

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
