/* hs-session-metric.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-session-metric"

#include "config.h"

#include "hs-session-metric.h"

struct _HsSessionMetric
{
  GObject          parent_instance;

  /* Owned */
  HsMetric        *metric;
  HsSeries        *series;
  HsSource        *source;

  guint            index;
  HsReadingStatus  status;
  gboolean         picked;
};

G_DEFINE_FINAL_TYPE (HsSessionMetric, hs_session_metric, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_METRIC,
  PROP_SERIES,
  PROP_SOURCE,
  PROP_INDEX,
  PROP_STATUS,
  PROP_PICKED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
hs_session_metric_dispose (GObject *object)
{
  HsSessionMetric *self = HS_SESSION_METRIC (object);

  g_clear_object (&self->source);

  G_OBJECT_CLASS (hs_session_metric_parent_class)->dispose (object);
}

static void
hs_session_metric_finalize (GObject *object)
{
  HsSessionMetric *self = HS_SESSION_METRIC (object);

  g_clear_object (&self->metric);
  g_clear_pointer (&self->series, hs_series_unref);

  G_OBJECT_CLASS (hs_session_metric_parent_class)->finalize (object);
}

static void
hs_session_metric_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  HsSessionMetric *self = HS_SESSION_METRIC (object);

  switch (prop_id)
    {
    case PROP_METRIC:
      g_value_set_object (value, self->metric);
      break;
    case PROP_SERIES:
      g_value_set_boxed (value, self->series);
      break;
    case PROP_SOURCE:
      g_value_set_object (value, self->source);
      break;
    case PROP_INDEX:
      g_value_set_uint (value, self->index);
      break;
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    case PROP_PICKED:
      g_value_set_boolean (value, self->picked);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hs_session_metric_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  HsSessionMetric *self = HS_SESSION_METRIC (object);

  switch (prop_id)
    {
    case PROP_METRIC:
      self->metric = g_value_dup_object (value);
      break;
    case PROP_SERIES:
      self->series = g_value_dup_boxed (value);
      break;
    case PROP_SOURCE:
      self->source = g_value_dup_object (value);
      break;
    case PROP_INDEX:
      self->index = g_value_get_uint (value);
      break;
    case PROP_PICKED:
      hs_session_metric_set_picked (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hs_session_metric_class_init (HsSessionMetricClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = hs_session_metric_dispose;
  object_class->finalize = hs_session_metric_finalize;
  object_class->get_property = hs_session_metric_get_property;
  object_class->set_property = hs_session_metric_set_property;

  properties[PROP_METRIC] = g_param_spec_object ("metric", NULL, NULL, HS_TYPE_METRIC, flags);
  properties[PROP_SERIES] = g_param_spec_boxed ("series", NULL, NULL, HS_TYPE_SERIES, flags);
  properties[PROP_SOURCE] = g_param_spec_object ("source", NULL, NULL, HS_TYPE_SOURCE, flags);
  properties[PROP_INDEX] = g_param_spec_uint ("index", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, HS_TYPE_READING_STATUS, HS_READING_NOT_MEASURED,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PICKED] =
    g_param_spec_boolean ("picked", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hs_session_metric_init (HsSessionMetric *self)
{
  self->status = HS_READING_NOT_MEASURED;
}

HsSessionMetric *
hs_session_metric_new (HsMetric *metric,
                       HsSeries *series,
                       HsSource *source,
                       guint     index)
{
  g_return_val_if_fail (HS_IS_METRIC (metric), NULL);
  g_return_val_if_fail (series != NULL, NULL);
  g_return_val_if_fail (source == NULL || HS_IS_SOURCE (source), NULL);

  return g_object_new (HS_TYPE_SESSION_METRIC,
                       "metric", metric,
                       "series", series,
                       "source", source,
                       "index", index,
                       NULL);
}

HsMetric *
hs_session_metric_get_metric (HsSessionMetric *self)
{
  g_return_val_if_fail (HS_IS_SESSION_METRIC (self), NULL);
  return self->metric;
}

HsSeries *
hs_session_metric_get_series (HsSessionMetric *self)
{
  g_return_val_if_fail (HS_IS_SESSION_METRIC (self), NULL);
  return self->series;
}

HsSource *
hs_session_metric_get_source (HsSessionMetric *self)
{
  g_return_val_if_fail (HS_IS_SESSION_METRIC (self), NULL);
  return self->source;
}

guint
hs_session_metric_get_index (HsSessionMetric *self)
{
  g_return_val_if_fail (HS_IS_SESSION_METRIC (self), 0);
  return self->index;
}

const char *
hs_session_metric_get_id (HsSessionMetric *self)
{
  g_return_val_if_fail (HS_IS_SESSION_METRIC (self), NULL);
  return hs_metric_get_id (self->metric);
}

HsReadingStatus
hs_session_metric_get_status (HsSessionMetric *self)
{
  g_return_val_if_fail (HS_IS_SESSION_METRIC (self), HS_READING_NOT_MEASURED);
  return self->status;
}

void
hs_session_metric_set_status (HsSessionMetric *self,
                              HsReadingStatus  status)
{
  g_return_if_fail (HS_IS_SESSION_METRIC (self));

  if (status == self->status)
    return;
  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

gboolean
hs_session_metric_get_change (HsSessionMetric *self,
                              gint64           t0_usec,
                              gint64           t1_usec,
                              HsSeriesChange  *out_change)
{
  g_return_val_if_fail (HS_IS_SESSION_METRIC (self), FALSE);
  return hs_series_get_change (self->series, t0_usec, t1_usec, out_change);
}

/* Whether the user picked this metric for charting ("Add Metric…"): a
 * program's own expvars and /metrics samples are recorded like every
 * metric but charted only when picked. Kept with the session, so a view
 * rebuilt later charts the same ones. */
gboolean
hs_session_metric_get_picked (HsSessionMetric *self)
{
  g_return_val_if_fail (HS_IS_SESSION_METRIC (self), FALSE);

  return self->picked;
}

void
hs_session_metric_set_picked (HsSessionMetric *self,
                              gboolean         picked)
{
  g_return_if_fail (HS_IS_SESSION_METRIC (self));

  picked = !!picked;
  if (self->picked == picked)
    return;
  self->picked = picked;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PICKED]);
}
