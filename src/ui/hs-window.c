/* hs-window.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-window"

#include "config.h"

#include <glib/gi18n.h>

#include "hs-application.h"
#include "hs-processes-page.h"
#include "hs-profiles-page.h"
#include "hs-window.h"

struct _HsWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwViewStack         *view_stack;
  HsProcessesPage      *processes_page;
  HsProfilesPage       *profiles_page;
};

G_DEFINE_FINAL_TYPE (HsWindow, hs_window, ADW_TYPE_APPLICATION_WINDOW)

static void hs_window_restore_state (HsWindow *self);

HsWindow *
hs_window_new (HsApplication *application)
{
  HsWindow *self = g_object_new (HS_TYPE_WINDOW,
                                 "application", application,
                                 NULL);

  /* "application" is not a construct property: restore here, once set. */
  hs_window_restore_state (self);

  return self;
}

/**
 * hs_window_open_files:
 *
 * Opens @files as profiles on the Profiles page and shows that page.
 */
void
hs_window_open_files (HsWindow  *self,
                      GFile    **files,
                      int        n_files)
{
  g_return_if_fail (HS_IS_WINDOW (self));

  if (n_files <= 0)
    return;

  hs_window_show_page (self, "profiles");
  hs_profiles_page_open_files (self->profiles_page, files, n_files);
}

/**
 * hs_window_compare_files:
 *
 * Shows the Profiles page with a Compare tab on @base → @newer.
 */
void
hs_window_compare_files (HsWindow *self,
                         GFile    *base,
                         GFile    *newer)
{
  g_return_if_fail (HS_IS_WINDOW (self));

  hs_window_show_page (self, "profiles");
  hs_profiles_page_compare_files (self->profiles_page, base, newer);
}

/**
 * hs_window_open_files_in_background:
 *
 * Opens @files on the Profiles page without leaving the current page, as
 * when a memory map is captured: the user usually wants a second capture
 * of the same process before comparing.
 */
void
hs_window_open_files_in_background (HsWindow  *self,
                                    GFile    **files,
                                    int        n_files)
{
  g_return_if_fail (HS_IS_WINDOW (self));

  if (n_files > 0)
    hs_profiles_page_open_files (self->profiles_page, files, n_files);
}

/**
 * hs_window_start_demo:
 *
 * Starts the bundled demo workload and attaches the Processes page to it.
 */
void
hs_window_start_demo (HsWindow *self)
{
  g_return_if_fail (HS_IS_WINDOW (self));

  hs_window_show_page (self, "processes");
  hs_processes_page_start_demo (self->processes_page);
}

/**
 * hs_window_show_session:
 *
 * Brings @session forward: the Processes page, showing its monitor view
 * (what an alert's notification does when clicked).
 */
void
hs_window_show_session (HsWindow  *self,
                        HsSession *session)
{
  g_return_if_fail (HS_IS_WINDOW (self));
  g_return_if_fail (HS_IS_SESSION (session));

  hs_window_show_page (self, "processes");
  hs_processes_page_show_session (self->processes_page, session);
}

void
hs_window_show_page (HsWindow   *self,
                     const char *name)
{
  g_return_if_fail (HS_IS_WINDOW (self));

  adw_view_stack_set_visible_child_name (self->view_stack, name);
}

const char *
hs_window_get_page_name (HsWindow *self)
{
  g_return_val_if_fail (HS_IS_WINDOW (self), NULL);

  return adw_view_stack_get_visible_child_name (self->view_stack);
}

/**
 * hs_window_add_toast:
 * @message: plain text, not markup
 */
void
hs_window_add_toast (HsWindow   *self,
                     const char *message)
{
  g_autofree char *escaped = NULL;

  g_return_if_fail (HS_IS_WINDOW (self));

  /* A toast's title is markup (libadwaita 1.2), and messages quote paths. */
  escaped = g_markup_escape_text (message, -1);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (escaped));
}

/**
 * hs_window_add_toast_for:
 * @widget: a widget, usually inside an #HsWindow
 * @message: plain text, not markup
 *
 * Shows @message as a toast of @widget's window; a widget outside one
 * (as in tests) logs it instead.
 */
void
hs_window_add_toast_for (GtkWidget  *widget,
                         const char *message)
{
  GtkRoot *root;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  root = gtk_widget_get_root (widget);
  if (HS_IS_WINDOW (root))
    hs_window_add_toast (HS_WINDOW (root), message);
  else
    g_message ("%s", message);
}

static GSettings *
hs_window_get_settings (HsWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  return app != NULL ? hs_application_get_settings (HS_APPLICATION (app)) : NULL;
}

static gboolean
hs_window_close_request (GtkWindow *window)
{
  HsWindow *self = HS_WINDOW (window);
  GSettings *settings = hs_window_get_settings (self);
  int width, height;

  /* Only the unmaximized size is worth remembering. */
  if (settings != NULL)
    {
      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_boolean (settings, "window-maximized", gtk_window_is_maximized (window));
      if (!gtk_window_is_maximized (window))
        g_settings_set (settings, "window-size", "(ii)", width, height);
    }

  return GTK_WINDOW_CLASS (hs_window_parent_class)->close_request (window);
}

static void
hs_window_open_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  HsWindow *self = HS_WINDOW (widget);

  hs_window_show_page (self, "profiles");
  hs_profiles_page_choose_files (self->profiles_page);
}

static void
hs_window_show_page_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  hs_window_show_page (HS_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
hs_window_restore_state (HsWindow *self)
{
  GSettings *settings;
  int width, height;

  settings = hs_window_get_settings (self);
  if (settings == NULL)
    return;

  g_settings_get (settings, "window-size", "(ii)", &width, &height);
  gtk_window_set_default_size (GTK_WINDOW (self), width, height);
  if (g_settings_get_boolean (settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static void
hs_window_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), HS_TYPE_WINDOW);

  G_OBJECT_CLASS (hs_window_parent_class)->dispose (object);
}

static void
hs_window_class_init (HsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = hs_window_dispose;

  window_class->close_request = hs_window_close_request;

  g_type_ensure (HS_TYPE_PROCESSES_PAGE);
  g_type_ensure (HS_TYPE_PROFILES_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/heapscope/Heapscope/hs-window.ui");
  gtk_widget_class_bind_template_child (widget_class, HsWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, HsWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, HsWindow, processes_page);
  gtk_widget_class_bind_template_child (widget_class, HsWindow, profiles_page);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, hs_window_open_action);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", hs_window_show_page_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_ALT_MASK,
                                       "win.show-page", "s", "processes");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_ALT_MASK,
                                       "win.show-page", "s", "profiles");
}

static void
hs_window_init (HsWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Development builds look different, as GNOME apps do. */
  if (g_str_has_suffix (APP_ID, ".Devel"))
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
}
