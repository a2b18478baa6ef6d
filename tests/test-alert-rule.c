/* test-alert-rule.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "hs-alert-monitor.h"
#include "hs-alert-rule.h"
#include "hs-local-sampler.h"
#include "test-sampler-common.h"

#define MIB (1024.0 * 1024.0)
#define SEC G_USEC_PER_SEC

static void
test_new_destroy (void)
{
  HsAlertRule *rule = hs_alert_rule_new ("rss-limit", "rss", HS_ALERT_LIMIT, 8 * MIB);

  g_assert_cmpstr (hs_alert_rule_get_key (rule), ==, "rss-limit");
  g_assert_cmpstr (hs_alert_rule_get_metric_id (rule), ==, "rss");
  g_assert_cmpint (hs_alert_rule_get_kind (rule), ==, HS_ALERT_LIMIT);
  g_assert_cmpfloat (hs_alert_rule_get_threshold (rule), ==, 8 * MIB);
  g_assert_false (hs_alert_rule_get_firing (rule));
  g_assert_false (hs_alert_rule_get_last_value (rule, NULL));
  g_assert_finalize_object (rule);
}

/* Fires once on the way up, not again while over, not when it dips
 * inside the hysteresis band; re-arms under threshold × 0.9. */
static void
test_limit_edges (void)
{
  g_autoptr(HsAlertRule) rule = hs_alert_rule_new ("rss-limit", "rss", HS_ALERT_LIMIT, 100);
  double value;

  g_assert_cmpint (hs_alert_rule_update_value (rule, 50, FALSE), ==, HS_ALERT_EDGE_NONE);
  g_assert_cmpint (hs_alert_rule_update_value (rule, 99.9, FALSE), ==, HS_ALERT_EDGE_NONE);
  /* At the threshold counts as crossed (a limit reached). */
  g_assert_cmpint (hs_alert_rule_update_value (rule, 100, FALSE), ==, HS_ALERT_EDGE_CROSSED);
  g_assert_true (hs_alert_rule_get_firing (rule));
  g_assert_cmpint (hs_alert_rule_update_value (rule, 150, FALSE), ==, HS_ALERT_EDGE_NONE);
  g_assert_cmpint (hs_alert_rule_update_value (rule, 95, FALSE), ==, HS_ALERT_EDGE_NONE);
  g_assert_cmpint (hs_alert_rule_update_value (rule, 101, FALSE), ==, HS_ALERT_EDGE_NONE);
  g_assert_cmpint (hs_alert_rule_update_value (rule, 90, FALSE), ==, HS_ALERT_EDGE_NONE);
  g_assert_cmpint (hs_alert_rule_update_value (rule, 89.9, FALSE), ==, HS_ALERT_EDGE_CLEARED);
  g_assert_false (hs_alert_rule_get_firing (rule));
  g_assert_cmpint (hs_alert_rule_update_value (rule, 99, FALSE), ==, HS_ALERT_EDGE_NONE);
  g_assert_cmpint (hs_alert_rule_update_value (rule, 120, FALSE), ==, HS_ALERT_EDGE_CROSSED);
  g_assert_true (hs_alert_rule_get_last_value (rule, &value));
  g_assert_cmpfloat (value, ==, 120);

  /* NaN says nothing. */
  g_assert_cmpint (hs_alert_rule_update_value (rule, NAN, FALSE), ==, HS_ALERT_EDGE_NONE);
  g_assert_true (hs_alert_rule_get_firing (rule));

  /* A wider band. */
  hs_alert_rule_reset (rule);
  hs_alert_rule_set_hysteresis (rule, 0.5);
  g_assert_cmpint (hs_alert_rule_update_value (rule, 100, FALSE), ==, HS_ALERT_EDGE_CROSSED);
  g_assert_cmpint (hs_alert_rule_update_value (rule, 60, FALSE), ==, HS_ALERT_EDGE_NONE);
  g_assert_cmpint (hs_alert_rule_update_value (rule, 49, FALSE), ==, HS_ALERT_EDGE_CLEARED);

  /* A threshold of 0 is off. */
  {
    g_autoptr(HsAlertRule) off = hs_alert_rule_new ("rss-limit", "rss", HS_ALERT_LIMIT, 0);

    g_assert_cmpint (hs_alert_rule_update_value (off, 1e12, FALSE), ==, HS_ALERT_EDGE_NONE);
  }
}

/* The same edges through a series: the newest point is judged. */
static void
test_limit_series (void)
{
  g_autoptr(HsAlertRule) rule = hs_alert_rule_new ("goroutines-limit", "go_goroutines",
                                                   HS_ALERT_LIMIT, 1000);
  g_autoptr(HsSeries) series = hs_series_new (64);
  guint crossed = 0, cleared = 0;
  const double values[] = { 10, 500, 999, 1000, 1200, 950, 1100, 800, 1001 };

  g_assert_cmpint (hs_alert_rule_update (rule, series, 0), ==, HS_ALERT_EDGE_NONE);
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      HsAlertEdge edge;

      hs_series_append (series, i * SEC, values[i]);
      edge = hs_alert_rule_update (rule, series, i * SEC);
      crossed += edge == HS_ALERT_EDGE_CROSSED;
      cleared += edge == HS_ALERT_EDGE_CLEARED;
    }
  /* Up at 1000, down at 800, up again at 1001. */
  g_assert_cmpuint (crossed, ==, 2);
  g_assert_cmpuint (cleared, ==, 1);
}

/* A slope under the threshold, or one the trend does not call a rise,
 * never fires; hysteresis holds on the slope too. */
static void
test_growth_edges (void)
{
  g_autoptr(HsAlertRule) rule = hs_alert_rule_new ("rss-growth", "rss", HS_ALERT_GROWTH, MIB);

  g_assert_cmpint (hs_alert_rule_update_value (rule, 5 * MIB, FALSE), ==, HS_ALERT_EDGE_NONE);
  g_assert_cmpint (hs_alert_rule_update_value (rule, 0.5 * MIB, TRUE), ==, HS_ALERT_EDGE_NONE);
  g_assert_cmpint (hs_alert_rule_update_value (rule, 2 * MIB, TRUE), ==, HS_ALERT_EDGE_CROSSED);
  g_assert_cmpint (hs_alert_rule_update_value (rule, 0.95 * MIB, TRUE), ==, HS_ALERT_EDGE_NONE);
  g_assert_cmpint (hs_alert_rule_update_value (rule, 0.85 * MIB, TRUE), ==, HS_ALERT_EDGE_CLEARED);
  g_assert_cmpint (hs_alert_rule_update_value (rule, 3 * MIB, TRUE), ==, HS_ALERT_EDGE_CROSSED);
  /* The trend turned steady: cleared whatever the slope. */
  g_assert_cmpint (hs_alert_rule_update_value (rule, 3 * MIB, FALSE), ==, HS_ALERT_EDGE_CLEARED);
}

typedef struct
{
  guint  crossed;
  guint  cleared;
  gint64 first_crossed_usec;
} Edges;

static void
feed (HsAlertRule *rule,
      HsSeries    *series,
      gint64       t,
      double       value,
      Edges       *edges)
{
  HsAlertEdge edge;

  hs_series_append (series, t, value);
  edge = hs_alert_rule_update (rule, series, t);
  if (edge == HS_ALERT_EDGE_CROSSED && edges->crossed++ == 0)
    edges->first_crossed_usec = t;
  edges->cleared += edge == HS_ALERT_EDGE_CLEARED;
}

/* Growth over HsTrend: 1 MiB/min for a minute fires a 0.5 MiB/min rule
 * once, a flat minute after it clears it; a 2 MiB/min rule never fires. */
static void
test_growth_trend (void)
{
  g_autoptr(HsAlertRule) low = hs_alert_rule_new ("rss-growth", "rss", HS_ALERT_GROWTH, 0.5 * MIB);
  g_autoptr(HsAlertRule) high = hs_alert_rule_new ("rss-growth", "rss", HS_ALERT_GROWTH, 2 * MIB);
  g_autoptr(HsSeries) series = hs_series_new (1024);
  Edges low_edges = { 0 }, high_edges = { 0 };
  double value = 10 * MIB;
  double slope;

  hs_alert_rule_set_trend (low, 60 * SEC, HS_TREND_MODE_VALUE);
  hs_alert_rule_set_trend (high, 60 * SEC, HS_TREND_MODE_VALUE);

  for (int s = 0; s < 60; s++)
    {
      /* ±4 KiB of noise: the trend must see through it. */
      value = 10 * MIB + s * MIB / 60 + ((s * 7919) % 9 - 4) * 1024.0;
      hs_series_append (series, s * SEC, value);
      low_edges.crossed += hs_alert_rule_update (low, series, s * SEC) == HS_ALERT_EDGE_CROSSED;
      high_edges.crossed += hs_alert_rule_update (high, series, s * SEC) == HS_ALERT_EDGE_CROSSED;
    }
  g_assert_cmpuint (low_edges.crossed, ==, 1);
  g_assert_cmpuint (high_edges.crossed, ==, 0);
  g_assert_true (hs_alert_rule_get_firing (low));
  g_assert_true (hs_alert_rule_get_last_value (low, &slope));
  g_assert_cmpfloat_with_epsilon (slope, MIB, 0.05 * MIB);

  /* The leak stops: within the next window the rule re-arms, once. */
  for (int s = 60; s < 130; s++)
    feed (low, series, s * SEC, 11 * MIB, &low_edges);
  g_assert_cmpuint (low_edges.cleared, ==, 1);
  g_assert_cmpuint (low_edges.crossed, ==, 1);
  g_assert_false (hs_alert_rule_get_firing (low));
}

/* One step up is not growth: the Theil–Sen slope over the window is
 * positive, but the trend (last quarter flat) is steady. */
static void
test_growth_step (void)
{
  g_autoptr(HsAlertRule) rule = hs_alert_rule_new ("rss-growth", "rss", HS_ALERT_GROWTH, 0.1 * MIB);
  g_autoptr(HsSeries) series = hs_series_new (1024);
  Edges edges = { 0 };

  hs_alert_rule_set_trend (rule, 60 * SEC, HS_TREND_MODE_VALUE);
  /* Let the window fill with the flat level first. */
  for (int s = 0; s < 60; s++)
    feed (rule, series, s * SEC, 10 * MIB, &edges);
  for (int s = 60; s < 180; s++)
    feed (rule, series, s * SEC, 14 * MIB, &edges);
  g_assert_cmpuint (edges.crossed, ==, 0);
}

/* A Go heap under GC: teeth of 20 MiB every 10 s on a flat 10 MiB floor
 * never fire a floor growth rule; the same teeth on a floor rising
 * 1 MiB/min do. */
static void
sawtooth (double       floor_per_min,
          Edges       *edges)
{
  g_autoptr(HsAlertRule) rule = hs_alert_rule_new ("go-heap-growth", "go_heap_alloc",
                                                   HS_ALERT_GROWTH, 0.25 * MIB);
  g_autoptr(HsSeries) series = hs_series_new (2048);

  hs_alert_rule_set_trend (rule, 600 * SEC, HS_TREND_MODE_FLOOR);
  g_assert_cmpint (hs_alert_rule_get_trend_mode (rule), ==, HS_TREND_MODE_FLOOR);
  for (int s = 0; s < 900; s++)
    {
      double floor = 10 * MIB + floor_per_min * s / 60.0;

      feed (rule, series, s * SEC, floor + 2 * MIB * (s % 10), edges);
    }
}

static void
test_growth_floor (void)
{
  Edges flat = { 0 }, rising = { 0 };

  sawtooth (0, &flat);
  g_assert_cmpuint (flat.crossed, ==, 0);

  sawtooth (MIB, &rising);
  g_assert_cmpuint (rising.crossed, ==, 1);
  g_test_message ("rising floor flagged after %" G_GINT64_FORMAT " s",
                  rising.first_crossed_usec / SEC);
}

static void
test_from_thresholds (void)
{
  g_autoptr(GVariant) thresholds = g_variant_ref_sink (
    g_variant_new_parsed ("{'rss-limit': 8388608.0, 'rss-growth': 0.0, "
                          "'goroutines-limit': 1000.0, 'go-heap-growth': 1048576.0, "
                          "'from-the-future': 5.0}"));
  g_autoptr(GPtrArray) rules = hs_alert_rules_new_from_thresholds (thresholds);
  g_autoptr(GPtrArray) none = hs_alert_rules_new_from_thresholds (NULL);
  g_autoptr(HsMetric) rss = hs_metric_new ("rss", "RSS", "", HS_UNIT_BYTES, HS_METRIC_GAUGE, FALSE);
  g_autoptr(HsMetric) goroutines = hs_metric_new ("go_goroutines", "Goroutines", "",
                                                  HS_UNIT_COUNT, HS_METRIC_GAUGE, FALSE);
  g_autoptr(HsMetric) heap = hs_metric_new ("go_heap_alloc", "Go HeapAlloc", "",
                                            HS_UNIT_BYTES, HS_METRIC_GAUGE, FALSE);
  HsAlertRule *rule;
  g_autofree char *text = NULL;

  g_assert_cmpuint (none->len, ==, 0);
  /* rss-growth is off (0), the unknown key is ignored. */
  g_assert_cmpuint (rules->len, ==, 3);

  rule = g_ptr_array_index (rules, 0);
  g_assert_cmpstr (hs_alert_rule_get_metric_id (rule), ==, "rss");
  g_assert_cmpint (hs_alert_rule_get_kind (rule), ==, HS_ALERT_LIMIT);
  text = hs_alert_rule_describe (rule, rss);
  g_assert_cmpstr (text, ==, "RSS above 8.00 MiB");
  g_clear_pointer (&text, g_free);
  hs_alert_rule_update_value (rule, 12 * MIB, TRUE);
  text = hs_alert_rule_format_reading (rule, rss);
  g_assert_cmpstr (text, ==, "RSS is 12.0 MiB (threshold 8.00 MiB)");
  g_clear_pointer (&text, g_free);

  rule = g_ptr_array_index (rules, 1);
  g_assert_cmpstr (hs_alert_rule_get_metric_id (rule), ==, "go_goroutines");
  text = hs_alert_rule_describe (rule, goroutines);
  g_assert_cmpstr (text, ==, "Goroutines above 1000");
  g_clear_pointer (&text, g_free);

  rule = g_ptr_array_index (rules, 2);
  g_assert_cmpstr (hs_alert_rule_get_metric_id (rule), ==, "go_heap_alloc");
  g_assert_cmpint (hs_alert_rule_get_kind (rule), ==, HS_ALERT_GROWTH);
  g_assert_cmpint (hs_alert_rule_get_trend_mode (rule), ==, HS_TREND_MODE_FLOOR);
  text = hs_alert_rule_describe (rule, heap);
  g_assert_cmpstr (text, ==, "Go HeapAlloc floor growing faster than +1.00 MiB/min");
  g_clear_pointer (&text, g_free);
  hs_alert_rule_update_value (rule, 2.5 * MIB, TRUE);
  text = hs_alert_rule_format_reading (rule, heap);
  g_assert_cmpstr (text, ==, "Go HeapAlloc grows +2.50 MiB/min (threshold +1.00 MiB/min)");
}

/* The monitor over a real session of heapscope-demo leaking 8 MiB/s: an
 * RSS limit a few MiB above where it starts crosses within a second or
 * two, once, with one mark on the session's timeline at the reading's
 * time. The session's own thresholds win over the defaults. */
typedef struct
{
  guint          n_alerts;
  HsSessionMark *mark;
  char          *text;
} AlertData;

static void
on_alert (HsAlertMonitor  *monitor,
          HsAlertRule     *rule,
          HsSessionMetric *metric,
          HsSessionMark   *mark,
          AlertData       *data)
{
  data->n_alerts++;
  data->mark = mark;
  g_free (data->text);
  data->text = hs_alert_rule_format_reading (rule, hs_session_metric_get_metric (metric));
}

static void
test_monitor_session (void)
{
  g_autoptr(HsSampler) sampler = hs_local_sampler_new ();
  g_autoptr(HsTestDemo) demo = hs_test_demo_start ("--initial-mib=4", "--rate-kib=8192",
                                                   "--interval=50ms", "--threads=0",
                                                   "--max-mib=64", NULL);
  g_autoptr(HsProcSource) source = hs_proc_source_new (sampler, demo->pid, HS_PROC_SOURCE_NONE);
  g_autoptr(HsSession) session = hs_session_new_full ("demo", 100, 1000);
  HsAlertMonitor *monitor;
  gint64 start_rss = hs_test_read_status (demo->pid, "VmRSS");
  double limit = start_rss + 8 * MIB;
  gint64 deadline = g_get_monotonic_time () + 30 * SEC;
  AlertData data = { 0 };
  g_autofree char *defaults_text = g_strdup_printf ("{'rss-limit': %f}", 1e15);
  g_autofree char *own_text = g_strdup_printf ("{'rss-limit': %f}", limit);
  HsSessionMark *mark;
  gint64 mark_time;
  double value;

  g_assert_cmpint (start_rss, >, 0);
  hs_session_add_source (session, HS_SOURCE (source));
  monitor = hs_alert_monitor_new (session);
  g_signal_connect (monitor, "alert", G_CALLBACK (on_alert), &data);

  /* Defaults no process reaches, then the session's own limit. */
  hs_alert_monitor_set_thresholds (monitor, g_variant_new_parsed (defaults_text));
  g_assert_cmpuint (hs_alert_monitor_get_rules (monitor)->len, ==, 1);
  g_assert_cmpfloat (hs_alert_rule_get_threshold (g_ptr_array_index (hs_alert_monitor_get_rules (monitor), 0)),
                     ==, 1e15);
  hs_session_set_alert_thresholds (session, g_variant_new_parsed (own_text));
  g_assert_cmpfloat (hs_alert_rule_get_threshold (g_ptr_array_index (hs_alert_monitor_get_rules (monitor), 0)),
                     ==, limit);

  hs_session_start (session);
  while (data.n_alerts == 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  /* It keeps growing to 64 MiB: still one alert, edge-triggered. */
  for (guint n = hs_session_get_n_readings (session); hs_session_get_n_readings (session) < n + 10;)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  hs_session_stop (session);

  g_assert_cmpuint (data.n_alerts, ==, 1);
  g_assert_cmpuint (hs_alert_monitor_get_n_alerts (monitor), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (hs_session_get_marks (session)), ==, 1);
  mark = g_list_model_get_item (hs_session_get_marks (session), 0);
  g_assert_true (mark == data.mark);
  mark_time = hs_session_mark_get_time (mark);
  g_assert_true (g_str_has_prefix (hs_session_mark_get_label (mark), "RSS above "));
  /* The mark sits on the reading that crossed: RSS there is over the
   * limit, and the reading before it was under. */
  g_assert_true (hs_series_lookup (hs_session_metric_get_series (hs_session_find_metric (session, "rss")),
                                   mark_time, NULL, &value));
  g_assert_cmpfloat (value, >=, limit);
  g_assert_true (hs_series_lookup (hs_session_metric_get_series (hs_session_find_metric (session, "rss")),
                                   mark_time - 1, NULL, &value));
  g_assert_cmpfloat (value, <, limit);
  g_assert_true (g_str_has_prefix (data.text, "RSS is "));
  g_test_message ("%s; %s", hs_session_mark_get_label (mark), data.text);
  g_object_unref (mark);

  /* Back to the defaults: the rule changed, so it starts unarmed. */
  hs_session_set_alert_thresholds (session, NULL);
  g_assert_cmpfloat (hs_alert_rule_get_threshold (g_ptr_array_index (hs_alert_monitor_get_rules (monitor), 0)),
                     ==, 1e15);
  g_assert_false (hs_alert_rule_get_firing (g_ptr_array_index (hs_alert_monitor_get_rules (monitor), 0)));

  g_free (data.text);
  g_assert_finalize_object (monitor);
}

static void
count_alert (HsAlertMonitor  *monitor,
             HsAlertRule     *rule,
             HsSessionMetric *metric,
             HsSessionMark   *mark,
             guint           *n_alerts)
{
  (*n_alerts)++;
}

/* Growth through the monitor on real processes, judged by HsTrend over a
 * 3 s window at 100 ms: a demo leaking 4 MiB/s (240 MiB/min) crosses a
 * 60 MiB/min rule, a steady one (no growth after its start) never does. */
static void
test_monitor_growth (void)
{
  g_autoptr(HsSampler) sampler = hs_local_sampler_new ();
  g_autoptr(HsTestDemo) leaking = hs_test_demo_start ("--initial-mib=4", "--rate-kib=4096",
                                                      "--interval=50ms", "--threads=0",
                                                      "--max-mib=256", NULL);
  g_autoptr(HsTestDemo) steady = hs_test_demo_start ("--initial-mib=16", "--rate-kib=0",
                                                     "--threads=0", NULL);
  g_autoptr(HsProcSource) leaking_source = hs_proc_source_new (sampler, leaking->pid, HS_PROC_SOURCE_NONE);
  g_autoptr(HsProcSource) steady_source = hs_proc_source_new (sampler, steady->pid, HS_PROC_SOURCE_NONE);
  g_autoptr(HsSession) leaking_session = hs_session_new_full ("leaking", 100, 1000);
  g_autoptr(HsSession) steady_session = hs_session_new_full ("steady", 100, 1000);
  g_autoptr(HsAlertMonitor) leaking_monitor = NULL;
  g_autoptr(HsAlertMonitor) steady_monitor = NULL;
  g_autofree char *thresholds = g_strdup_printf ("{'rss-growth': %f}", 60 * MIB);
  guint n_leaking = 0, n_steady = 0;
  gint64 start = g_get_monotonic_time ();
  gint64 deadline = start + 30 * SEC;
  double slope = 0;

  hs_session_add_source (leaking_session, HS_SOURCE (leaking_source));
  hs_session_add_source (steady_session, HS_SOURCE (steady_source));
  leaking_monitor = hs_alert_monitor_new (leaking_session);
  steady_monitor = hs_alert_monitor_new (steady_session);
  hs_alert_monitor_set_trend_window (leaking_monitor, 3 * SEC);
  hs_alert_monitor_set_trend_window (steady_monitor, 3 * SEC);
  hs_alert_monitor_set_thresholds (leaking_monitor, g_variant_new_parsed (thresholds));
  hs_alert_monitor_set_thresholds (steady_monitor, g_variant_new_parsed (thresholds));
  g_signal_connect (leaking_monitor, "alert", G_CALLBACK (count_alert), &n_leaking);
  g_signal_connect (steady_monitor, "alert", G_CALLBACK (count_alert), &n_steady);

  hs_session_start (leaking_session);
  hs_session_start (steady_session);
  while (n_leaking == 0 || hs_session_get_n_readings (steady_session) < 40)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  hs_session_stop (leaking_session);
  hs_session_stop (steady_session);

  g_assert_cmpuint (n_leaking, ==, 1);
  g_assert_cmpuint (n_steady, ==, 0);
  g_assert_true (hs_alert_rule_get_last_value (g_ptr_array_index (hs_alert_monitor_get_rules (leaking_monitor), 0),
                                               &slope));
  g_test_message ("leaking demo: growth alert after %.1f s, slope %.0f MiB/min (true 240)",
                  (g_get_monotonic_time () - start) / 1e6, slope / MIB);
  g_assert_cmpuint (g_list_model_get_n_items (hs_session_get_marks (steady_session)), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (hs_session_get_marks (leaking_session)), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/alert-rule/new-destroy", test_new_destroy);
  g_test_add_func ("/alert-rule/limit-edges", test_limit_edges);
  g_test_add_func ("/alert-rule/limit-series", test_limit_series);
  g_test_add_func ("/alert-rule/growth-edges", test_growth_edges);
  g_test_add_func ("/alert-rule/growth-trend", test_growth_trend);
  g_test_add_func ("/alert-rule/growth-step", test_growth_step);
  g_test_add_func ("/alert-rule/growth-floor", test_growth_floor);
  g_test_add_func ("/alert-rule/from-thresholds", test_from_thresholds);
  g_test_add_func ("/alert-rule/monitor-session", test_monitor_session);
  g_test_add_func ("/alert-rule/monitor-growth", test_monitor_growth);

  return g_test_run ();
}
