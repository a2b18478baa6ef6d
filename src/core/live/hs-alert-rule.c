/* hs-alert-rule.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-alert-rule"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "hs-alert-rule.h"
#include "hs-units.h"

struct _HsAlertRule
{
  GObject      parent_instance;

  /* Owned */
  char        *key;
  char        *metric_id;
  HsTrend     *trend;       /* growth rules only */

  HsAlertKind  kind;
  double       threshold;
  double       hysteresis;
  double       last_value;
  gboolean     has_last_value;
  gboolean     firing;
};

G_DEFINE_FINAL_TYPE (HsAlertRule, hs_alert_rule, G_TYPE_OBJECT)

/* What each key of a thresholds dictionary watches. */
static const struct
{
  const char  *key;
  const char  *metric_id;
  HsAlertKind  kind;
  HsTrendMode  mode;
} standard_rules[] = {
  { HS_ALERT_KEY_RSS_LIMIT, "rss", HS_ALERT_LIMIT, HS_TREND_MODE_VALUE },
  { HS_ALERT_KEY_RSS_GROWTH, "rss", HS_ALERT_GROWTH, HS_TREND_MODE_VALUE },
  { HS_ALERT_KEY_GOROUTINES_LIMIT, "go_goroutines", HS_ALERT_LIMIT, HS_TREND_MODE_VALUE },
  /* The heap saw-tooths with each GC: judge its floor. */
  { HS_ALERT_KEY_GO_HEAP_GROWTH, "go_heap_alloc", HS_ALERT_GROWTH, HS_TREND_MODE_FLOOR },
};

static void
hs_alert_rule_finalize (GObject *object)
{
  HsAlertRule *self = HS_ALERT_RULE (object);

  g_free (self->key);
  g_free (self->metric_id);
  g_clear_pointer (&self->trend, hs_trend_free);

  G_OBJECT_CLASS (hs_alert_rule_parent_class)->finalize (object);
}

static void
hs_alert_rule_class_init (HsAlertRuleClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hs_alert_rule_finalize;
}

static void
hs_alert_rule_init (HsAlertRule *self)
{
  self->hysteresis = HS_ALERT_DEFAULT_HYSTERESIS;
}

HsAlertRule *
hs_alert_rule_new (const char  *key,
                   const char  *metric_id,
                   HsAlertKind  kind,
                   double       threshold)
{
  HsAlertRule *self;

  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (metric_id != NULL, NULL);

  self = g_object_new (HS_TYPE_ALERT_RULE, NULL);
  self->key = g_strdup (key);
  self->metric_id = g_strdup (metric_id);
  self->kind = kind;
  self->threshold = threshold;
  if (kind == HS_ALERT_GROWTH)
    self->trend = hs_trend_new (HS_TREND_DEFAULT_WINDOW_USEC, HS_TREND_MODE_VALUE);
  return self;
}

void
hs_alert_rule_set_trend (HsAlertRule *self,
                         gint64       window_usec,
                         HsTrendMode  mode)
{
  g_return_if_fail (HS_IS_ALERT_RULE (self));
  g_return_if_fail (self->kind == HS_ALERT_GROWTH);
  g_return_if_fail (window_usec > 0);

  g_clear_pointer (&self->trend, hs_trend_free);
  self->trend = hs_trend_new (window_usec, mode);
}

void
hs_alert_rule_set_hysteresis (HsAlertRule *self,
                              double       fraction)
{
  g_return_if_fail (HS_IS_ALERT_RULE (self));
  g_return_if_fail (fraction >= 0 && fraction < 1);

  self->hysteresis = fraction;
}

const char *
hs_alert_rule_get_key (HsAlertRule *self)
{
  g_return_val_if_fail (HS_IS_ALERT_RULE (self), NULL);

  return self->key;
}

const char *
hs_alert_rule_get_metric_id (HsAlertRule *self)
{
  g_return_val_if_fail (HS_IS_ALERT_RULE (self), NULL);

  return self->metric_id;
}

HsAlertKind
hs_alert_rule_get_kind (HsAlertRule *self)
{
  g_return_val_if_fail (HS_IS_ALERT_RULE (self), HS_ALERT_LIMIT);

  return self->kind;
}

double
hs_alert_rule_get_threshold (HsAlertRule *self)
{
  g_return_val_if_fail (HS_IS_ALERT_RULE (self), 0);

  return self->threshold;
}

HsTrendMode
hs_alert_rule_get_trend_mode (HsAlertRule *self)
{
  g_return_val_if_fail (HS_IS_ALERT_RULE (self), HS_TREND_MODE_VALUE);

  return self->trend != NULL ? hs_trend_get_mode (self->trend) : HS_TREND_MODE_VALUE;
}

gboolean
hs_alert_rule_get_firing (HsAlertRule *self)
{
  g_return_val_if_fail (HS_IS_ALERT_RULE (self), FALSE);

  return self->firing;
}

gboolean
hs_alert_rule_get_last_value (HsAlertRule *self,
                              double      *out_value)
{
  g_return_val_if_fail (HS_IS_ALERT_RULE (self), FALSE);

  if (out_value != NULL)
    *out_value = self->has_last_value ? self->last_value : 0;
  return self->has_last_value;
}

void
hs_alert_rule_reset (HsAlertRule *self)
{
  g_return_if_fail (HS_IS_ALERT_RULE (self));

  self->firing = FALSE;
  self->has_last_value = FALSE;
  self->last_value = 0;
}

HsAlertEdge
hs_alert_rule_update_value (HsAlertRule *self,
                            double       value,
                            gboolean     rising)
{
  double rearm;

  g_return_val_if_fail (HS_IS_ALERT_RULE (self), HS_ALERT_EDGE_NONE);

  if (isnan (value))
    return HS_ALERT_EDGE_NONE;

  self->last_value = value;
  self->has_last_value = TRUE;

  if (self->threshold <= 0)
    return HS_ALERT_EDGE_NONE;

  /* A limit rule's figure is its own evidence; a slope counts only when
   * the trend calls it a rise (above the noise, not one step). */
  if (self->kind == HS_ALERT_LIMIT)
    rising = TRUE;

  if (!self->firing)
    {
      if (rising && value >= self->threshold)
        {
          self->firing = TRUE;
          return HS_ALERT_EDGE_CROSSED;
        }
      return HS_ALERT_EDGE_NONE;
    }

  rearm = self->threshold * (1 - self->hysteresis);
  if (!rising || value < rearm)
    {
      self->firing = FALSE;
      return HS_ALERT_EDGE_CLEARED;
    }
  return HS_ALERT_EDGE_NONE;
}

HsAlertEdge
hs_alert_rule_update (HsAlertRule *self,
                      HsSeries    *series,
                      gint64       end_usec)
{
  HsTrendResult result;
  double value;

  g_return_val_if_fail (HS_IS_ALERT_RULE (self), HS_ALERT_EDGE_NONE);
  g_return_val_if_fail (series != NULL, HS_ALERT_EDGE_NONE);

  if (self->kind == HS_ALERT_LIMIT)
    {
      if (!hs_series_get_last (series, NULL, &value))
        return HS_ALERT_EDGE_NONE;
      return hs_alert_rule_update_value (self, value, TRUE);
    }

  /* Too few points says nothing either way: keep the state. */
  if (!hs_trend_analyze (self->trend, series, end_usec, &result) ||
      result.state == HS_TREND_UNKNOWN)
    return HS_ALERT_EDGE_NONE;

  return hs_alert_rule_update_value (self, result.slope_per_min,
                                     result.state == HS_TREND_GROWING ||
                                     result.state == HS_TREND_LEAKING);
}

/* A level in the metric's unit: "8.00 MiB", "1000", "12.5%". The CI
 * gate's messages (hs-limits.c) show levels this way too. */
char *
hs_alert_format_level (HsUnit unit,
                       double value)
{
  switch (unit)
    {
    case HS_UNIT_BYTES:
      return hs_format_bytes ((gint64) CLAMP (value, (double) G_MININT64, (double) G_MAXINT64));
    case HS_UNIT_BYTES_PER_SECOND:
      {
        g_autofree char *bytes = hs_format_bytes ((gint64) CLAMP (value, (double) G_MININT64,
                                                                  (double) G_MAXINT64));
        /* TRANSLATORS: a transfer rate, e.g. "2.00 MiB/s" */
        return g_strdup_printf (_("%s/s"), bytes);
      }
    case HS_UNIT_PERCENT:
      return g_strdup_printf ("%.1f%%", value);
    case HS_UNIT_SECONDS:
      return g_strdup_printf ("%.3g s", value);
    case HS_UNIT_COUNT:
    default:
      return g_strdup_printf ("%.0f", value);
    }
}

static char *
format_figure (HsAlertRule *self,
               HsUnit       unit,
               double       value)
{
  if (self->kind == HS_ALERT_GROWTH)
    return hs_trend_format_rate (unit, value);
  return hs_alert_format_level (unit, value);
}

char *
hs_alert_rule_describe (HsAlertRule *self,
                        HsMetric    *metric)
{
  g_autofree char *threshold = NULL;

  g_return_val_if_fail (HS_IS_ALERT_RULE (self), NULL);
  g_return_val_if_fail (HS_IS_METRIC (metric), NULL);

  threshold = format_figure (self, hs_metric_get_unit (metric), self->threshold);
  if (self->kind == HS_ALERT_GROWTH)
    {
      if (hs_alert_rule_get_trend_mode (self) == HS_TREND_MODE_FLOOR)
        /* TRANSLATORS: an alert, e.g. "Go HeapAlloc floor growing faster than +1.00 MiB/min" */
        return g_strdup_printf (_("%s floor growing faster than %s"),
                                hs_metric_get_label (metric), threshold);
      /* TRANSLATORS: an alert, e.g. "RSS growing faster than +1.00 MiB/min" */
      return g_strdup_printf (_("%s growing faster than %s"),
                              hs_metric_get_label (metric), threshold);
    }
  /* TRANSLATORS: an alert, e.g. "RSS above 8.00 MiB" */
  return g_strdup_printf (_("%s above %s"), hs_metric_get_label (metric), threshold);
}

char *
hs_alert_rule_format_reading (HsAlertRule *self,
                              HsMetric    *metric)
{
  HsUnit unit;
  g_autofree char *value = NULL;
  g_autofree char *threshold = NULL;

  g_return_val_if_fail (HS_IS_ALERT_RULE (self), NULL);
  g_return_val_if_fail (HS_IS_METRIC (metric), NULL);

  unit = hs_metric_get_unit (metric);
  value = format_figure (self, unit, self->last_value);
  threshold = format_figure (self, unit, self->threshold);
  if (self->kind == HS_ALERT_GROWTH)
    /* TRANSLATORS: "RSS grows +2.10 MiB/min (threshold +1.00 MiB/min)" */
    return g_strdup_printf (_("%s grows %s (threshold %s)"),
                            hs_metric_get_label (metric), value, threshold);
  /* TRANSLATORS: "RSS is 12.0 MiB (threshold 8.00 MiB)" */
  return g_strdup_printf (_("%s is %s (threshold %s)"),
                          hs_metric_get_label (metric), value, threshold);
}

GPtrArray *
hs_alert_rules_new_from_thresholds (GVariant *thresholds)
{
  GPtrArray *rules = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (thresholds == NULL ||
                        g_variant_is_of_type (thresholds, G_VARIANT_TYPE ("a{sd}")), rules);

  if (thresholds == NULL)
    return rules;

  for (guint i = 0; i < G_N_ELEMENTS (standard_rules); i++)
    {
      double threshold;
      HsAlertRule *rule;

      if (!g_variant_lookup (thresholds, standard_rules[i].key, "d", &threshold) ||
          !(threshold > 0) || !isfinite (threshold))
        continue;

      rule = hs_alert_rule_new (standard_rules[i].key, standard_rules[i].metric_id,
                                standard_rules[i].kind, threshold);
      if (standard_rules[i].kind == HS_ALERT_GROWTH)
        hs_alert_rule_set_trend (rule, HS_TREND_DEFAULT_WINDOW_USEC, standard_rules[i].mode);
      g_ptr_array_add (rules, rule);
    }
  return rules;
}
