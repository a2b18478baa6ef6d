/* hs-limits.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-limits"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "hs-alert-rule.h"
#include "hs-limits.h"
#include "hs-units.h"

/* The judgement is HsAlertRule's, the app's alerts' own: a limit on a
 * value, or a growth rate counted only when HsTrend calls it a rise.
 * HsLimits adds what a gate needs on top: the peak over the whole run,
 * and messages that name the option. */
typedef struct
{
  HsLimitKind  kind;
  char        *metric_id;
  double       threshold;
  char        *name;
  HsAlertRule *rule;
} HsLimit;

struct _HsLimits
{
  gint64      window_usec;
  GArray     *limits;  /* HsLimit */
  GHashTable *peaks;   /* metric id → double *: the highest value seen */
};

static void
limit_clear (HsLimit *limit)
{
  g_free (limit->metric_id);
  g_free (limit->name);
  g_clear_object (&limit->rule);
}

static void
check_clear (HsLimitCheck *check)
{
  g_free (check->message);
}

HsLimits *
hs_limits_new (gint64 window_usec)
{
  HsLimits *self = g_new0 (HsLimits, 1);

  g_return_val_if_fail (window_usec > 0, NULL);

  self->window_usec = window_usec;
  self->limits = g_array_new (FALSE, TRUE, sizeof (HsLimit));
  g_array_set_clear_func (self->limits, (GDestroyNotify) limit_clear);
  self->peaks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return self;
}

void
hs_limits_free (HsLimits *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->limits);
  g_hash_table_unref (self->peaks);
  g_free (self);
}

gint64
hs_limits_get_window (HsLimits *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->window_usec;
}

void
hs_limits_add (HsLimits    *self,
               HsLimitKind  kind,
               const char  *metric_id,
               double       threshold,
               const char  *name)
{
  HsLimit limit;

  g_return_if_fail (self != NULL && metric_id != NULL && name != NULL);

  limit = (HsLimit) {
    .kind = kind,
    .metric_id = g_strdup (metric_id),
    .threshold = threshold,
    .name = g_strdup (name),
    /* A rule with a threshold of 0 is off; a gate's 0 means "none at
     * all": any peak, any growth the trend calls a rise. */
    .rule = hs_alert_rule_new (name, metric_id,
                               kind == HS_LIMIT_PEAK ? HS_ALERT_LIMIT : HS_ALERT_GROWTH,
                               MAX (threshold, G_MINDOUBLE)),
  };
  if (kind == HS_LIMIT_GROWTH)
    hs_alert_rule_set_trend (limit.rule, self->window_usec, HS_TREND_MODE_VALUE);
  g_array_append_val (self->limits, limit);
}

guint
hs_limits_get_n (HsLimits *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->limits->len;
}

const char *
hs_limits_get_metric (HsLimits *self,
                      guint     index)
{
  g_return_val_if_fail (self != NULL && index < self->limits->len, NULL);
  return g_array_index (self->limits, HsLimit, index).metric_id;
}

void
hs_limits_observe (HsLimits  *self,
                   HsSession *session)
{
  GListModel *metrics = G_LIST_MODEL (session);

  g_return_if_fail (self != NULL && HS_IS_SESSION (session));

  for (guint i = 0; i < g_list_model_get_n_items (metrics); i++)
    {
      g_autoptr(HsSessionMetric) item = g_list_model_get_item (metrics, i);
      const char *id = hs_metric_get_id (hs_session_metric_get_metric (item));
      double *peak;
      double value;

      if (!hs_series_get_last (hs_session_metric_get_series (item), NULL, &value))
        continue;
      peak = g_hash_table_lookup (self->peaks, id);
      if (peak == NULL)
        {
          peak = g_new (double, 1);
          *peak = value;
          g_hash_table_insert (self->peaks, g_strdup (id), peak);
        }
      else if (value > *peak)
        *peak = value;
    }
}

gboolean
hs_limits_get_peak (HsLimits   *self,
                    const char *metric_id,
                    double     *out_peak)
{
  double *peak;

  g_return_val_if_fail (self != NULL && metric_id != NULL, FALSE);

  peak = g_hash_table_lookup (self->peaks, metric_id);
  if (peak == NULL)
    return FALSE;
  if (out_peak != NULL)
    *out_peak = *peak;
  return TRUE;
}

gboolean
hs_limits_get_trend (HsLimits      *self,
                     HsSession     *session,
                     const char    *metric_id,
                     HsTrendResult *out_result)
{
  g_autoptr(HsTrend) trend = NULL;
  HsSessionMetric *item;
  gint64 last = 0;

  g_return_val_if_fail (self != NULL && HS_IS_SESSION (session), FALSE);
  g_return_val_if_fail (metric_id != NULL && out_result != NULL, FALSE);

  trend = hs_trend_new (self->window_usec, HS_TREND_MODE_VALUE);
  item = hs_session_find_metric (session, metric_id);
  if (item == NULL || !hs_series_get_last (hs_session_metric_get_series (item), &last, NULL))
    {
      hs_trend_analyze_points (trend, NULL, NULL, 0, out_result);
      return FALSE;
    }
  return hs_trend_analyze (trend, hs_session_metric_get_series (item), last, out_result);
}

static char *
format_breach (const HsLimit *limit,
               HsMetric      *metric,
               double         observed)
{
  HsUnit unit = hs_metric_get_unit (metric);
  const char *label = hs_metric_get_label (metric);
  g_autofree char *seen = NULL;
  g_autofree char *allowed = NULL;

  if (limit->kind == HS_LIMIT_PEAK)
    {
      seen = hs_alert_format_level (unit, observed);
      allowed = hs_alert_format_level (unit, limit->threshold);
      /* TRANSLATORS: "peak RSS 612 MiB > --max-rss 512 MiB" */
      return g_strdup_printf (_("peak %s %s > %s %s"), label, seen, limit->name, allowed);
    }
  seen = hs_trend_format_rate (unit, observed);
  allowed = hs_trend_format_rate (unit, limit->threshold);
  /* TRANSLATORS: "RSS growth +5.00 MiB/min > --max-growth +1.00 MiB/min" */
  return g_strdup_printf (_("%s growth %s > %s %s"), label, seen, limit->name, allowed);
}

GArray *
hs_limits_check (HsLimits  *self,
                 HsSession *session,
                 gboolean  *out_broken)
{
  GArray *checks;
  gboolean any = FALSE;

  g_return_val_if_fail (self != NULL && HS_IS_SESSION (session), NULL);

  checks = g_array_sized_new (FALSE, TRUE, sizeof (HsLimitCheck), self->limits->len);
  g_array_set_clear_func (checks, (GDestroyNotify) check_clear);
  for (guint i = 0; i < self->limits->len; i++)
    {
      const HsLimit *limit = &g_array_index (self->limits, HsLimit, i);
      HsSessionMetric *item = hs_session_find_metric (session, limit->metric_id);
      HsLimitCheck check = {
        .kind = limit->kind,
        .metric_id = limit->metric_id,
        .name = limit->name,
        .threshold = limit->threshold,
      };
      double peak;

      /* Judged afresh: the rule's memory (hysteresis) is the app's. */
      hs_alert_rule_reset (limit->rule);
      if (item != NULL && limit->kind == HS_LIMIT_PEAK)
        {
          if (hs_limits_get_peak (self, limit->metric_id, &peak))
            hs_alert_rule_update_value (limit->rule, peak, TRUE);
        }
      else if (item != NULL)
        {
          HsSeries *series = hs_session_metric_get_series (item);
          gint64 last = 0;

          if (hs_series_get_last (series, &last, NULL))
            hs_alert_rule_update (limit->rule, series, last);
        }
      check.measured = hs_alert_rule_get_last_value (limit->rule, &check.observed);
      check.broken = hs_alert_rule_get_firing (limit->rule);
      if (check.broken)
        {
          check.message = format_breach (limit, hs_session_metric_get_metric (item), check.observed);
          any = TRUE;
        }
      g_array_append_val (checks, check);
    }
  if (out_broken != NULL)
    *out_broken = any;
  return checks;
}
