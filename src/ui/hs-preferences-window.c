/* hs-preferences-window.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "hs-alert-thresholds-group.h"
#include "hs-preferences-window.h"

struct _HsPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* Template widgets */
  GtkSpinButton        *sample_interval_spin;
  GtkSpinButton        *history_hours_spin;
  GtkSpinButton        *max_profile_size_spin;
  GtkSwitch            *flame_root_top_switch;
  AdwEntryRow          *captures_folder_row;
  HsAlertThresholdsGroup *alerts_group;

  /* Owned */
  GSettings            *settings;
};

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (HsPreferencesWindow, hs_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

HsPreferencesWindow *
hs_preferences_window_new (GSettings *settings)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (HS_TYPE_PREFERENCES_WINDOW,
                       "settings", settings,
                       NULL);
}

/* The schema stores exact units (milliseconds, seconds, bytes); the
 * window shows the units people think in. */
static gboolean
get_scaled (GValue   *value,
            GVariant *variant,
            gpointer  user_data)
{
  double scale = *(const double *) user_data;

  if (g_variant_is_of_type (variant, G_VARIANT_TYPE_UINT32))
    g_value_set_double (value, g_variant_get_uint32 (variant) / scale);
  else if (g_variant_is_of_type (variant, G_VARIANT_TYPE_UINT64))
    g_value_set_double (value, (double) g_variant_get_uint64 (variant) / scale);
  else
    g_value_set_double (value, g_variant_get_double (variant) / scale);

  return TRUE;
}

static GVariant *
set_scaled_uint32 (const GValue       *value,
                   const GVariantType *expected_type,
                   gpointer            user_data)
{
  double scale = *(const double *) user_data;

  return g_variant_new_uint32 ((guint32) (g_value_get_double (value) * scale + 0.5));
}

static GVariant *
set_scaled_uint64 (const GValue       *value,
                   const GVariantType *expected_type,
                   gpointer            user_data)
{
  double scale = *(const double *) user_data;

  return g_variant_new_uint64 ((guint64) (g_value_get_double (value) * scale + 0.5));
}

static const double ms_per_second = 1000.0;
static const double seconds_per_hour = 3600.0;
static const double bytes_per_mib = 1024.0 * 1024.0;

/* The thresholds are one a{sd} key: the group edits the dictionary. */
static void
on_alert_thresholds_setting_changed (HsPreferencesWindow *self)
{
  g_autoptr(GVariant) thresholds = g_settings_get_value (self->settings, "alert-thresholds");

  hs_alert_thresholds_group_set_thresholds (self->alerts_group, thresholds);
}

static void
on_alert_thresholds_edited (HsPreferencesWindow *self)
{
  g_settings_set_value (self->settings, "alert-thresholds",
                        hs_alert_thresholds_group_get_thresholds (self->alerts_group));
}

static void
hs_preferences_window_constructed (GObject *object)
{
  HsPreferencesWindow *self = HS_PREFERENCES_WINDOW (object);

  G_OBJECT_CLASS (hs_preferences_window_parent_class)->constructed (object);

  g_settings_bind_with_mapping (self->settings, "sample-interval",
                                gtk_spin_button_get_adjustment (self->sample_interval_spin), "value",
                                G_SETTINGS_BIND_DEFAULT,
                                get_scaled, set_scaled_uint32, (gpointer) &ms_per_second, NULL);
  g_settings_bind_with_mapping (self->settings, "history-length",
                                gtk_spin_button_get_adjustment (self->history_hours_spin), "value",
                                G_SETTINGS_BIND_DEFAULT,
                                get_scaled, set_scaled_uint32, (gpointer) &seconds_per_hour, NULL);
  g_settings_bind_with_mapping (self->settings, "max-profile-size",
                                gtk_spin_button_get_adjustment (self->max_profile_size_spin), "value",
                                G_SETTINGS_BIND_DEFAULT,
                                get_scaled, set_scaled_uint64, (gpointer) &bytes_per_mib, NULL);
  g_settings_bind (self->settings, "captures-folder",
                   self->captures_folder_row, "text",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "flame-root-at-top",
                   self->flame_root_top_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);

  on_alert_thresholds_setting_changed (self);
  g_signal_connect_object (self->settings, "changed::alert-thresholds",
                           G_CALLBACK (on_alert_thresholds_setting_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->alerts_group, "notify::thresholds",
                           G_CALLBACK (on_alert_thresholds_edited), self, G_CONNECT_SWAPPED);
}

static void
hs_preferences_window_dispose (GObject *object)
{
  HsPreferencesWindow *self = HS_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), HS_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (hs_preferences_window_parent_class)->dispose (object);
}

static void
hs_preferences_window_finalize (GObject *object)
{
  HsPreferencesWindow *self = HS_PREFERENCES_WINDOW (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (hs_preferences_window_parent_class)->finalize (object);
}

static void
hs_preferences_window_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  HsPreferencesWindow *self = HS_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hs_preferences_window_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  HsPreferencesWindow *self = HS_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hs_preferences_window_class_init (HsPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = hs_preferences_window_constructed;
  object_class->dispose = hs_preferences_window_dispose;
  object_class->finalize = hs_preferences_window_finalize;
  object_class->get_property = hs_preferences_window_get_property;
  object_class->set_property = hs_preferences_window_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (HS_TYPE_ALERT_THRESHOLDS_GROUP);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/heapscope/Heapscope/hs-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, HsPreferencesWindow, sample_interval_spin);
  gtk_widget_class_bind_template_child (widget_class, HsPreferencesWindow, history_hours_spin);
  gtk_widget_class_bind_template_child (widget_class, HsPreferencesWindow, max_profile_size_spin);
  gtk_widget_class_bind_template_child (widget_class, HsPreferencesWindow, flame_root_top_switch);
  gtk_widget_class_bind_template_child (widget_class, HsPreferencesWindow, captures_folder_row);
  gtk_widget_class_bind_template_child (widget_class, HsPreferencesWindow, alerts_group);
}

static void
hs_preferences_window_init (HsPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
