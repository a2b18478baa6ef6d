/* hs-alert-thresholds-group.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-alert-thresholds-group"

#include "config.h"

#include "hs-alert-rule.h"
#include "hs-alert-thresholds-group.h"

#define N_ROWS 4

struct _HsAlertThresholdsGroup
{
  AdwPreferencesGroup  parent_instance;

  /* Template widgets, in the order of rows[] */
  GtkSpinButton       *spins[N_ROWS];

  /* Owned */
  GVariant            *thresholds;   /* a{sd} */

  gboolean             syncing;
};

enum {
  PROP_0,
  PROP_THRESHOLDS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (HsAlertThresholdsGroup, hs_alert_thresholds_group, ADW_TYPE_PREFERENCES_GROUP)

/* Each row's key and what one shown unit is in the stored unit. */
static const struct
{
  const char *key;
  const char *spin;
  double      scale;
} rows[N_ROWS] = {
  { HS_ALERT_KEY_RSS_LIMIT, "rss_limit_spin", 1024.0 * 1024.0 },
  { HS_ALERT_KEY_RSS_GROWTH, "rss_growth_spin", 1024.0 * 1024.0 },
  { HS_ALERT_KEY_GOROUTINES_LIMIT, "goroutines_limit_spin", 1 },
  { HS_ALERT_KEY_GO_HEAP_GROWTH, "go_heap_growth_spin", 1024.0 * 1024.0 },
};

static int
row_of (const char *key)
{
  for (int i = 0; i < N_ROWS; i++)
    if (g_strcmp0 (rows[i].key, key) == 0)
      return i;
  return -1;
}

/* Spins → dictionary, keeping keys no row shows. */
static void
on_spin_changed (HsAlertThresholdsGroup *self)
{
  GVariantBuilder builder;
  GVariantIter iter;
  const char *key;
  double value;

  if (self->syncing)
    return;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{sd}"));
  g_variant_iter_init (&iter, self->thresholds);
  while (g_variant_iter_next (&iter, "{&sd}", &key, &value))
    if (row_of (key) < 0)
      g_variant_builder_add (&builder, "{sd}", key, value);
  for (int i = 0; i < N_ROWS; i++)
    {
      double shown = gtk_spin_button_get_value (self->spins[i]);

      if (shown > 0)
        g_variant_builder_add (&builder, "{sd}", rows[i].key, shown * rows[i].scale);
    }

  g_clear_pointer (&self->thresholds, g_variant_unref);
  self->thresholds = g_variant_ref_sink (g_variant_builder_end (&builder));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_THRESHOLDS]);
}

static void
hs_alert_thresholds_group_finalize (GObject *object)
{
  HsAlertThresholdsGroup *self = HS_ALERT_THRESHOLDS_GROUP (object);

  g_clear_pointer (&self->thresholds, g_variant_unref);

  G_OBJECT_CLASS (hs_alert_thresholds_group_parent_class)->finalize (object);
}

static void
hs_alert_thresholds_group_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), HS_TYPE_ALERT_THRESHOLDS_GROUP);

  G_OBJECT_CLASS (hs_alert_thresholds_group_parent_class)->dispose (object);
}

static void
hs_alert_thresholds_group_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  HsAlertThresholdsGroup *self = HS_ALERT_THRESHOLDS_GROUP (object);

  switch (prop_id)
    {
    case PROP_THRESHOLDS:
      g_value_set_variant (value, self->thresholds);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hs_alert_thresholds_group_set_property (GObject      *object,
                                        guint         prop_id,
                                        const GValue *value,
                                        GParamSpec   *pspec)
{
  HsAlertThresholdsGroup *self = HS_ALERT_THRESHOLDS_GROUP (object);

  switch (prop_id)
    {
    case PROP_THRESHOLDS:
      hs_alert_thresholds_group_set_thresholds (self, g_value_get_variant (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hs_alert_thresholds_group_class_init (HsAlertThresholdsGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hs_alert_thresholds_group_dispose;
  object_class->finalize = hs_alert_thresholds_group_finalize;
  object_class->get_property = hs_alert_thresholds_group_get_property;
  object_class->set_property = hs_alert_thresholds_group_set_property;

  properties[PROP_THRESHOLDS] =
    g_param_spec_variant ("thresholds", NULL, NULL, G_VARIANT_TYPE ("a{sd}"), NULL,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/heapscope/Heapscope/hs-alert-thresholds-group.ui");
  for (int i = 0; i < N_ROWS; i++)
    gtk_widget_class_bind_template_child_full (widget_class, rows[i].spin, FALSE,
                                               G_STRUCT_OFFSET (HsAlertThresholdsGroup, spins) +
                                               i * sizeof (GtkSpinButton *));
}

static void
hs_alert_thresholds_group_init (HsAlertThresholdsGroup *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->thresholds = g_variant_ref_sink (g_variant_new_array (G_VARIANT_TYPE ("{sd}"), NULL, 0));
  for (int i = 0; i < N_ROWS; i++)
    g_signal_connect_object (self->spins[i], "value-changed",
                             G_CALLBACK (on_spin_changed), self, G_CONNECT_SWAPPED);
}

HsAlertThresholdsGroup *
hs_alert_thresholds_group_new (void)
{
  return g_object_new (HS_TYPE_ALERT_THRESHOLDS_GROUP, NULL);
}

GVariant *
hs_alert_thresholds_group_get_thresholds (HsAlertThresholdsGroup *self)
{
  g_return_val_if_fail (HS_IS_ALERT_THRESHOLDS_GROUP (self), NULL);

  return self->thresholds;
}

void
hs_alert_thresholds_group_set_thresholds (HsAlertThresholdsGroup *self,
                                          GVariant               *thresholds)
{
  g_autoptr(GVariant) sunk = NULL;

  g_return_if_fail (HS_IS_ALERT_THRESHOLDS_GROUP (self));
  g_return_if_fail (thresholds == NULL ||
                    g_variant_is_of_type (thresholds, G_VARIANT_TYPE ("a{sd}")));

  if (thresholds == NULL)
    thresholds = g_variant_new_array (G_VARIANT_TYPE ("{sd}"), NULL, 0);
  sunk = g_variant_ref_sink (thresholds);
  if (g_variant_equal (sunk, self->thresholds))
    return;

  g_clear_pointer (&self->thresholds, g_variant_unref);
  self->thresholds = g_variant_ref (sunk);

  self->syncing = TRUE;
  for (int i = 0; i < N_ROWS; i++)
    {
      double value = 0;

      if (!g_variant_lookup (sunk, rows[i].key, "d", &value) || !(value > 0))
        value = 0;
      gtk_spin_button_set_value (self->spins[i], value / rows[i].scale);
    }
  self->syncing = FALSE;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_THRESHOLDS]);
}

double
hs_alert_thresholds_group_get_value (HsAlertThresholdsGroup *self,
                                     const char             *key)
{
  int row = row_of (key);

  g_return_val_if_fail (HS_IS_ALERT_THRESHOLDS_GROUP (self), 0);
  g_return_val_if_fail (row >= 0, 0);

  return gtk_spin_button_get_value (self->spins[row]);
}

void
hs_alert_thresholds_group_set_value (HsAlertThresholdsGroup *self,
                                     const char             *key,
                                     double                  value)
{
  int row = row_of (key);

  g_return_if_fail (HS_IS_ALERT_THRESHOLDS_GROUP (self));
  g_return_if_fail (row >= 0);

  gtk_spin_button_set_value (self->spins[row], value);
}
