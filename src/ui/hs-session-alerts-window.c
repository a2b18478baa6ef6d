/* hs-session-alerts-window.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-session-alerts-window"

#include "config.h"

#include "hs-alert-thresholds-group.h"
#include "hs-session.h"
#include "hs-session-alerts-window.h"

struct _HsSessionAlertsWindow
{
  AdwPreferencesWindow    parent_instance;

  /* Template widgets */
  GtkSwitch              *own_switch;
  HsAlertThresholdsGroup *group;

  /* Owned */
  HsSession              *session;
  GSettings              *settings;
};

G_DEFINE_FINAL_TYPE (HsSessionAlertsWindow, hs_session_alerts_window, ADW_TYPE_PREFERENCES_WINDOW)

/* What the rows show when the session follows the Preferences. */
static void
show_preferences (HsSessionAlertsWindow *self)
{
  g_autoptr(GVariant) thresholds = g_settings_get_value (self->settings, "alert-thresholds");

  hs_alert_thresholds_group_set_thresholds (self->group, thresholds);
}

static void
on_own_changed (HsSessionAlertsWindow *self)
{
  if (gtk_switch_get_active (self->own_switch))
    hs_session_set_alert_thresholds (self->session,
                                     hs_alert_thresholds_group_get_thresholds (self->group));
  else
    {
      hs_session_set_alert_thresholds (self->session, NULL);
      show_preferences (self);
    }
}

static void
on_thresholds_changed (HsSessionAlertsWindow *self)
{
  if (gtk_switch_get_active (self->own_switch))
    hs_session_set_alert_thresholds (self->session,
                                     hs_alert_thresholds_group_get_thresholds (self->group));
}

static void
on_settings_changed (HsSessionAlertsWindow *self)
{
  if (!gtk_switch_get_active (self->own_switch))
    show_preferences (self);
}

static void
hs_session_alerts_window_dispose (GObject *object)
{
  HsSessionAlertsWindow *self = HS_SESSION_ALERTS_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), HS_TYPE_SESSION_ALERTS_WINDOW);
  g_clear_object (&self->session);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (hs_session_alerts_window_parent_class)->dispose (object);
}

static void
hs_session_alerts_window_class_init (HsSessionAlertsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hs_session_alerts_window_dispose;

  g_type_ensure (HS_TYPE_ALERT_THRESHOLDS_GROUP);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/heapscope/Heapscope/hs-session-alerts-window.ui");
  gtk_widget_class_bind_template_child (widget_class, HsSessionAlertsWindow, own_switch);
  gtk_widget_class_bind_template_child (widget_class, HsSessionAlertsWindow, group);
}

static void
hs_session_alerts_window_init (HsSessionAlertsWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

HsSessionAlertsWindow *
hs_session_alerts_window_new (HsSession *session,
                              GSettings *settings)
{
  HsSessionAlertsWindow *self;
  GVariant *own;

  g_return_val_if_fail (HS_IS_SESSION (session), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (HS_TYPE_SESSION_ALERTS_WINDOW, NULL);
  self->session = g_object_ref (session);
  self->settings = g_object_ref (settings);

  own = hs_session_get_alert_thresholds (session);
  if (own != NULL)
    hs_alert_thresholds_group_set_thresholds (self->group, own);
  else
    show_preferences (self);
  gtk_switch_set_active (self->own_switch, own != NULL);

  g_signal_connect_object (self->own_switch, "notify::active",
                           G_CALLBACK (on_own_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->group, "notify::thresholds",
                           G_CALLBACK (on_thresholds_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::alert-thresholds",
                           G_CALLBACK (on_settings_changed), self, G_CONNECT_SWAPPED);
  return self;
}

gboolean
hs_session_alerts_window_get_own (HsSessionAlertsWindow *self)
{
  g_return_val_if_fail (HS_IS_SESSION_ALERTS_WINDOW (self), FALSE);

  return gtk_switch_get_active (self->own_switch);
}

void
hs_session_alerts_window_set_own (HsSessionAlertsWindow *self,
                                  gboolean               own)
{
  g_return_if_fail (HS_IS_SESSION_ALERTS_WINDOW (self));

  gtk_switch_set_active (self->own_switch, own);
}
