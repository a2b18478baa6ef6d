/* hs-alert-monitor.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-alert-monitor"

#include "config.h"

#include "hs-alert-monitor.h"

struct _HsAlertMonitor
{
  GObject    parent_instance;

  /* Owned */
  HsSession *session;
  GVariant  *thresholds;   /* a{sd}, nullable: the defaults */
  GPtrArray *rules;        /* HsAlertRule */

  gint64     trend_window_usec;
  guint      n_alerts;
};

enum {
  SIGNAL_ALERT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (HsAlertMonitor, hs_alert_monitor, G_TYPE_OBJECT)

static gboolean
same_rule (HsAlertRule *a,
           HsAlertRule *b)
{
  return g_str_equal (hs_alert_rule_get_key (a), hs_alert_rule_get_key (b)) &&
         hs_alert_rule_get_threshold (a) == hs_alert_rule_get_threshold (b);
}

/* Rebuilds the rules from the thresholds in force, keeping the state of
 * those that did not change. */
static void
rebuild_rules (HsAlertMonitor *self)
{
  GVariant *thresholds = hs_session_get_alert_thresholds (self->session);
  g_autoptr(GPtrArray) rules = NULL;

  if (thresholds == NULL)
    thresholds = self->thresholds;
  rules = hs_alert_rules_new_from_thresholds (thresholds);

  for (guint i = 0; i < rules->len; i++)
    {
      HsAlertRule *rule = g_ptr_array_index (rules, i);

      if (hs_alert_rule_get_kind (rule) == HS_ALERT_GROWTH)
        hs_alert_rule_set_trend (rule, self->trend_window_usec,
                                 hs_alert_rule_get_trend_mode (rule));

      for (guint j = 0; self->rules != NULL && j < self->rules->len; j++)
        {
          HsAlertRule *old = g_ptr_array_index (self->rules, j);

          if (same_rule (old, rule))
            {
              g_ptr_array_index (rules, i) = g_object_ref (old);
              g_object_unref (rule);
              break;
            }
        }
    }

  g_clear_pointer (&self->rules, g_ptr_array_unref);
  self->rules = g_steal_pointer (&rules);
}

static void
on_reading (HsSession      *session,
            HsSource       *source,
            HsReading      *reading,
            HsAlertMonitor *self)
{
  gint64 time = hs_reading_get_wall_usec (reading);
  /* A handler may change the rules: walk a copy. */
  g_autoptr(GPtrArray) rules = g_ptr_array_new_full (self->rules->len, g_object_unref);

  for (guint i = 0; i < self->rules->len; i++)
    g_ptr_array_add (rules, g_object_ref (g_ptr_array_index (self->rules, i)));

  for (guint i = 0; i < rules->len; i++)
    {
      HsAlertRule *rule = g_ptr_array_index (rules, i);
      HsSessionMetric *item = hs_session_find_metric (session, hs_alert_rule_get_metric_id (rule));
      g_autofree char *label = NULL;
      HsSessionMark *mark;

      /* Only the metrics this reading brought have news. */
      if (item == NULL || hs_session_metric_get_source (item) != source)
        continue;

      if (hs_alert_rule_update (rule, hs_session_metric_get_series (item), time) !=
          HS_ALERT_EDGE_CROSSED)
        continue;

      label = hs_alert_rule_describe (rule, hs_session_metric_get_metric (item));
      mark = hs_session_add_mark (session, time, label);
      self->n_alerts++;
      g_debug ("%s: %s", hs_session_get_title (session), label);
      g_signal_emit (self, signals[SIGNAL_ALERT], 0, rule, item, mark);
    }
}

static void
hs_alert_monitor_dispose (GObject *object)
{
  HsAlertMonitor *self = HS_ALERT_MONITOR (object);

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (hs_alert_monitor_parent_class)->dispose (object);
}

static void
hs_alert_monitor_finalize (GObject *object)
{
  HsAlertMonitor *self = HS_ALERT_MONITOR (object);

  g_clear_pointer (&self->thresholds, g_variant_unref);
  g_clear_pointer (&self->rules, g_ptr_array_unref);

  G_OBJECT_CLASS (hs_alert_monitor_parent_class)->finalize (object);
}

static void
hs_alert_monitor_class_init (HsAlertMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hs_alert_monitor_dispose;
  object_class->finalize = hs_alert_monitor_finalize;

  signals[SIGNAL_ALERT] =
    g_signal_new ("alert", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                  HS_TYPE_ALERT_RULE, HS_TYPE_SESSION_METRIC, HS_TYPE_SESSION_MARK);
}

static void
hs_alert_monitor_init (HsAlertMonitor *self)
{
  self->trend_window_usec = HS_TREND_DEFAULT_WINDOW_USEC;
  self->rules = g_ptr_array_new_with_free_func (g_object_unref);
}

HsAlertMonitor *
hs_alert_monitor_new (HsSession *session)
{
  HsAlertMonitor *self;

  g_return_val_if_fail (HS_IS_SESSION (session), NULL);

  self = g_object_new (HS_TYPE_ALERT_MONITOR, NULL);
  self->session = g_object_ref (session);
  g_signal_connect (session, "reading", G_CALLBACK (on_reading), self);
  g_signal_connect_swapped (session, "notify::alert-thresholds",
                            G_CALLBACK (rebuild_rules), self);
  rebuild_rules (self);
  return self;
}

HsSession *
hs_alert_monitor_get_session (HsAlertMonitor *self)
{
  g_return_val_if_fail (HS_IS_ALERT_MONITOR (self), NULL);

  return self->session;
}

void
hs_alert_monitor_set_thresholds (HsAlertMonitor *self,
                                 GVariant       *thresholds)
{
  g_return_if_fail (HS_IS_ALERT_MONITOR (self));
  g_return_if_fail (thresholds == NULL ||
                    g_variant_is_of_type (thresholds, G_VARIANT_TYPE ("a{sd}")));

  if (thresholds != NULL)
    g_variant_ref_sink (thresholds);
  g_clear_pointer (&self->thresholds, g_variant_unref);
  self->thresholds = thresholds;
  rebuild_rules (self);
}

void
hs_alert_monitor_set_trend_window (HsAlertMonitor *self,
                                   gint64          window_usec)
{
  g_return_if_fail (HS_IS_ALERT_MONITOR (self));
  g_return_if_fail (window_usec > 0);

  if (self->trend_window_usec == window_usec)
    return;

  self->trend_window_usec = window_usec;
  /* A rule judged over another window is another rule. */
  g_ptr_array_set_size (self->rules, 0);
  rebuild_rules (self);
}

GPtrArray *
hs_alert_monitor_get_rules (HsAlertMonitor *self)
{
  g_return_val_if_fail (HS_IS_ALERT_MONITOR (self), NULL);

  return self->rules;
}

guint
hs_alert_monitor_get_n_alerts (HsAlertMonitor *self)
{
  g_return_val_if_fail (HS_IS_ALERT_MONITOR (self), 0);

  return self->n_alerts;
}
