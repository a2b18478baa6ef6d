/* hs-metric.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-metric"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "hs-metric.h"

struct _HsMetric
{
  GObject       parent_instance;

  /* Owned */
  char         *id;
  char         *label;
  char         *explanation;

  HsUnit        unit;
  HsMetricKind  kind;
  gboolean      can_be_unavailable;
};

G_DEFINE_FINAL_TYPE (HsMetric, hs_metric, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (HsUnit, hs_unit,
  G_DEFINE_ENUM_VALUE (HS_UNIT_BYTES, "bytes"),
  G_DEFINE_ENUM_VALUE (HS_UNIT_COUNT, "count"),
  G_DEFINE_ENUM_VALUE (HS_UNIT_PERCENT, "percent"),
  G_DEFINE_ENUM_VALUE (HS_UNIT_SECONDS, "seconds"),
  G_DEFINE_ENUM_VALUE (HS_UNIT_BYTES_PER_SECOND, "bytes-per-second"))

G_DEFINE_ENUM_TYPE (HsMetricKind, hs_metric_kind,
  G_DEFINE_ENUM_VALUE (HS_METRIC_GAUGE, "gauge"),
  G_DEFINE_ENUM_VALUE (HS_METRIC_COUNTER, "counter"))

enum {
  PROP_0,
  PROP_ID,
  PROP_LABEL,
  PROP_EXPLANATION,
  PROP_UNIT,
  PROP_KIND,
  PROP_CAN_BE_UNAVAILABLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
hs_metric_finalize (GObject *object)
{
  HsMetric *self = HS_METRIC (object);

  g_free (self->id);
  g_free (self->label);
  g_free (self->explanation);

  G_OBJECT_CLASS (hs_metric_parent_class)->finalize (object);
}

static void
hs_metric_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  HsMetric *self = HS_METRIC (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_LABEL:
      g_value_set_string (value, hs_metric_get_label (self));
      break;
    case PROP_EXPLANATION:
      g_value_set_string (value, hs_metric_get_explanation (self));
      break;
    case PROP_UNIT:
      g_value_set_enum (value, self->unit);
      break;
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_CAN_BE_UNAVAILABLE:
      g_value_set_boolean (value, self->can_be_unavailable);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hs_metric_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  HsMetric *self = HS_METRIC (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;
    case PROP_LABEL:
      self->label = g_value_dup_string (value);
      break;
    case PROP_EXPLANATION:
      self->explanation = g_value_dup_string (value);
      break;
    case PROP_UNIT:
      self->unit = g_value_get_enum (value);
      break;
    case PROP_KIND:
      self->kind = g_value_get_enum (value);
      break;
    case PROP_CAN_BE_UNAVAILABLE:
      self->can_be_unavailable = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hs_metric_class_init (HsMetricClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = hs_metric_finalize;
  object_class->get_property = hs_metric_get_property;
  object_class->set_property = hs_metric_set_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_LABEL] = g_param_spec_string ("label", NULL, NULL, NULL, flags);
  properties[PROP_EXPLANATION] = g_param_spec_string ("explanation", NULL, NULL, NULL, flags);
  properties[PROP_UNIT] = g_param_spec_enum ("unit", NULL, NULL, HS_TYPE_UNIT,
                                             HS_UNIT_BYTES, flags);
  properties[PROP_KIND] = g_param_spec_enum ("kind", NULL, NULL, HS_TYPE_METRIC_KIND,
                                             HS_METRIC_GAUGE, flags);
  properties[PROP_CAN_BE_UNAVAILABLE] =
    g_param_spec_boolean ("can-be-unavailable", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hs_metric_init (HsMetric *self)
{
}

HsMetric *
hs_metric_new (const char   *id,
               const char   *label,
               const char   *explanation,
               HsUnit        unit,
               HsMetricKind  kind,
               gboolean      can_be_unavailable)
{
  g_return_val_if_fail (id != NULL && *id != '\0', NULL);
  g_return_val_if_fail (label != NULL, NULL);

  return g_object_new (HS_TYPE_METRIC,
                       "id", id,
                       "label", label,
                       "explanation", explanation ? explanation : "",
                       "unit", unit,
                       "kind", kind,
                       "can-be-unavailable", can_be_unavailable,
                       NULL);
}

const char *
hs_metric_get_id (HsMetric *self)
{
  g_return_val_if_fail (HS_IS_METRIC (self), NULL);
  return self->id;
}

const char *
hs_metric_get_label (HsMetric *self)
{
  g_return_val_if_fail (HS_IS_METRIC (self), NULL);
  return self->label[0] != '\0' ? _(self->label) : self->label;
}

const char *
hs_metric_get_explanation (HsMetric *self)
{
  g_return_val_if_fail (HS_IS_METRIC (self), NULL);
  /* gettext ("") would return the catalog header. */
  return self->explanation[0] != '\0' ? _(self->explanation) : self->explanation;
}

HsUnit
hs_metric_get_unit (HsMetric *self)
{
  g_return_val_if_fail (HS_IS_METRIC (self), HS_UNIT_COUNT);
  return self->unit;
}

HsMetricKind
hs_metric_get_kind (HsMetric *self)
{
  g_return_val_if_fail (HS_IS_METRIC (self), HS_METRIC_GAUGE);
  return self->kind;
}

gboolean
hs_metric_get_can_be_unavailable (HsMetric *self)
{
  g_return_val_if_fail (HS_IS_METRIC (self), FALSE);
  return self->can_be_unavailable;
}

const char *
hs_unit_get_suffix (HsUnit unit)
{
  switch (unit)
    {
    case HS_UNIT_BYTES: return "_bytes";
    case HS_UNIT_PERCENT: return "_percent";
    case HS_UNIT_SECONDS: return "_seconds";
    case HS_UNIT_BYTES_PER_SECOND: return "_bytes_per_second";
    case HS_UNIT_COUNT:
    default:
      return "";
    }
}

char *
hs_metric_get_column_name (HsMetric *self)
{
  g_return_val_if_fail (HS_IS_METRIC (self), NULL);
  return g_strconcat (self->id, hs_unit_get_suffix (self->unit), NULL);
}
