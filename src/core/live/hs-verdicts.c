/* hs-verdicts.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-verdicts"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "hs-verdicts.h"

/* cgroup and MemAvailable are read again this often, not at every
 * reading: both change slowly, and a reading comes every second. */
#define LIMIT_REFRESH_USEC (10 * G_USEC_PER_SEC)

/* The judged metrics, in the order the bar shows them. @label, when set,
 * names what is judged when it is not the metric itself. */
static const struct
{
  const char  *id;
  HsTrendMode  mode;
  const char  *label;
  gboolean     projected;   /* towards the process's memory limit */
  const char  *unless;      /* skipped when the session has this metric */
} judged[] = {
  { "rss", HS_TREND_MODE_VALUE, NULL, TRUE, NULL },
  /* A service watched by URL alone: the RSS its /metrics reports. */
  { "go_process_rss", HS_TREND_MODE_VALUE, N_("RSS"), FALSE, "rss" },
  /* HeapAlloc falls to the live heap at each GC: its lower envelope is
   * the post-GC floor, which is what leaks. */
  { "go_heap_alloc", HS_TREND_MODE_FLOOR, N_("Go heap floor"), FALSE, NULL },
  { "go_goroutines", HS_TREND_MODE_VALUE, N_("Goroutines"), FALSE, NULL },
};

struct _HsVerdicts
{
  GObject        parent_instance;

  /* Owned, or borrowed when the session owns this (owned_by_session) */
  HsSession     *session;
  gboolean       owned_by_session;
  GArray        *verdicts;   /* of HsVerdict */
  char          *text;
  gint64         window_usec;
  HsMemoryLimit  limit;
  gint64         limit_read_usec;   /* monotonic; 0: never */
};

G_DEFINE_FINAL_TYPE (HsVerdicts, hs_verdicts, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_WINDOW,
  PROP_TEXT,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
verdict_clear (gpointer data)
{
  HsVerdict *verdict = data;

  g_clear_object (&verdict->metric);
  g_clear_object (&verdict->shown);
  g_clear_pointer (&verdict->text, g_free);
}

/* The judged metrics present in the session; kept when nothing changed so
 * that views may hold on to an index. */
static void
collect_metrics (HsVerdicts *self)
{
  guint n = 0;

  for (guint k = 0; k < G_N_ELEMENTS (judged); k++)
    {
      HsSessionMetric *item = hs_session_find_metric (self->session, judged[k].id);
      HsVerdict verdict = { 0 };
      HsMetric *metric;

      if (item == NULL || (judged[k].unless != NULL &&
                           hs_session_find_metric (self->session, judged[k].unless) != NULL))
        continue;
      if (n < self->verdicts->len &&
          g_array_index (self->verdicts, HsVerdict, n).metric == item)
        {
          n++;
          continue;
        }

      metric = hs_session_metric_get_metric (item);
      verdict.metric = g_object_ref (item);
      verdict.mode = judged[k].mode;
      verdict.shown = judged[k].label == NULL ? g_object_ref (metric) :
                      hs_metric_new (hs_metric_get_id (metric), judged[k].label,
                                     hs_metric_get_explanation (metric),
                                     hs_metric_get_unit (metric), hs_metric_get_kind (metric),
                                     hs_metric_get_can_be_unavailable (metric));
      if (n < self->verdicts->len)
        g_array_remove_range (self->verdicts, n, self->verdicts->len - n);
      g_array_append_val (self->verdicts, verdict);
      n++;
    }
  if (n < self->verdicts->len)
    g_array_remove_range (self->verdicts, n, self->verdicts->len - n);
}

static gboolean
is_projected (HsVerdict *verdict)
{
  for (guint k = 0; k < G_N_ELEMENTS (judged); k++)
    if (g_str_equal (judged[k].id, hs_session_metric_get_id (verdict->metric)))
      return judged[k].projected;

  return FALSE;
}

static void
refresh_limit (HsVerdicts *self,
               double      current)
{
  gint64 now = g_get_monotonic_time ();
  int pid = hs_session_get_pid (self->session);

  if (self->limit_read_usec != 0 && now - self->limit_read_usec < LIMIT_REFRESH_USEC)
    return;
  self->limit_read_usec = now;
  if (pid <= 0)
    {
      self->limit = (HsMemoryLimit) { HS_MEMORY_LIMIT_NONE, 0 };
      return;
    }
  hs_memory_limit_find (pid, current > 0 ? (guint64) current : 0, 0, &self->limit);
}

static void
judge (HsVerdicts *self,
       HsVerdict  *verdict)
{
  g_autoptr(HsTrend) trend = hs_trend_new (self->window_usec, verdict->mode);
  HsSeries *series = hs_session_metric_get_series (verdict->metric);
  gint64 last_time = 0;
  double last_value = 0;

  g_clear_pointer (&verdict->text, g_free);
  if (hs_series_get_last (series, &last_time, &last_value))
    {
      verdict->end_usec = last_time;
      hs_trend_analyze (trend, series, last_time, &verdict->result);
    }
  else
    hs_trend_analyze_points (trend, NULL, NULL, 0, &verdict->result);

  /* While the window fills, "steady" would be a promise the data cannot
   * keep yet: say how far the judging is. Growth is said at once. */
  if (verdict->result.state == HS_TREND_UNKNOWN ||
      (verdict->result.state == HS_TREND_STEADY && !verdict->result.covered))
    {
      verdict->text = hs_trend_format_judging (verdict->shown, &verdict->result, self->window_usec);
      return;
    }

  if (is_projected (verdict))
    refresh_limit (self, last_value);
  verdict->text = hs_trend_format_verdict (verdict->shown, &verdict->result,
                                           is_projected (verdict) ? &self->limit : NULL);
}

void
hs_verdicts_update (HsVerdicts *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_if_fail (HS_IS_VERDICTS (self));

  collect_metrics (self);
  for (guint i = 0; i < self->verdicts->len; i++)
    {
      HsVerdict *verdict = &g_array_index (self->verdicts, HsVerdict, i);

      judge (self, verdict);
      if (text->len > 0)
        /* Between two verdicts on one line. */
        g_string_append (text, _(" · "));
      g_string_append (text, verdict->text);
    }

  if (g_strcmp0 (self->text, text->str) != 0)
    {
      g_free (self->text);
      self->text = g_string_free (g_steal_pointer (&text), FALSE);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
    }
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
on_reading (HsVerdicts *self)
{
  hs_verdicts_update (self);
}

HsVerdicts *
hs_verdicts_new (HsSession *session,
                 gint64     window_usec)
{
  HsVerdicts *self;

  g_return_val_if_fail (HS_IS_SESSION (session), NULL);
  g_return_val_if_fail (window_usec > 0, NULL);

  self = g_object_new (HS_TYPE_VERDICTS, "window", window_usec, NULL);
  self->session = g_object_ref (session);
  g_signal_connect_object (session, "reading", G_CALLBACK (on_reading), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "items-changed", G_CALLBACK (on_reading), self, G_CONNECT_SWAPPED);
  hs_verdicts_update (self);
  return self;
}

/**
 * hs_verdicts_get_for_session:
 * @session: a session
 * @window_usec: the window, if the verdicts are made now
 *
 * The verdicts that live as long as @session, made on first use: they
 * keep judging whether or not a view shows the session, and a view that
 * shows it again finds their state (and HsAutoCapture's past decisions
 * built on it) where it was.
 *
 * Returns: (transfer none)
 */
HsVerdicts *
hs_verdicts_get_for_session (HsSession *session,
                             gint64     window_usec)
{
  HsVerdicts *self;

  g_return_val_if_fail (HS_IS_SESSION (session), NULL);
  g_return_val_if_fail (window_usec > 0, NULL);

  self = g_object_get_data (G_OBJECT (session), "hs-verdicts");
  if (self != NULL)
    return self;

  self = g_object_new (HS_TYPE_VERDICTS, "window", window_usec, NULL);
  /* Borrowed: the session owns this, a reference back would be a cycle. */
  self->session = session;
  self->owned_by_session = TRUE;
  g_signal_connect_object (session, "reading", G_CALLBACK (on_reading), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "items-changed", G_CALLBACK (on_reading), self, G_CONNECT_SWAPPED);
  g_object_set_data_full (G_OBJECT (session), "hs-verdicts", self, g_object_unref);
  hs_verdicts_update (self);
  return self;
}

HsSession *
hs_verdicts_get_session (HsVerdicts *self)
{
  g_return_val_if_fail (HS_IS_VERDICTS (self), NULL);

  return self->session;
}

gint64
hs_verdicts_get_window (HsVerdicts *self)
{
  g_return_val_if_fail (HS_IS_VERDICTS (self), 0);

  return self->window_usec;
}

void
hs_verdicts_set_window (HsVerdicts *self,
                        gint64      window_usec)
{
  g_return_if_fail (HS_IS_VERDICTS (self));
  g_return_if_fail (window_usec > 0);

  if (self->window_usec == window_usec)
    return;
  self->window_usec = window_usec;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WINDOW]);
  if (self->session != NULL)
    hs_verdicts_update (self);
}

guint
hs_verdicts_get_n_verdicts (HsVerdicts *self)
{
  g_return_val_if_fail (HS_IS_VERDICTS (self), 0);

  return self->verdicts->len;
}

const HsVerdict *
hs_verdicts_get_verdict (HsVerdicts *self,
                         guint       index)
{
  g_return_val_if_fail (HS_IS_VERDICTS (self), NULL);
  g_return_val_if_fail (index < self->verdicts->len, NULL);

  return &g_array_index (self->verdicts, HsVerdict, index);
}

const HsVerdict *
hs_verdicts_find (HsVerdicts *self,
                  const char *id)
{
  g_return_val_if_fail (HS_IS_VERDICTS (self), NULL);

  for (guint i = 0; i < self->verdicts->len; i++)
    {
      HsVerdict *verdict = &g_array_index (self->verdicts, HsVerdict, i);

      if (g_strcmp0 (hs_session_metric_get_id (verdict->metric), id) == 0)
        return verdict;
    }

  return NULL;
}

const char *
hs_verdicts_get_text (HsVerdicts *self)
{
  g_return_val_if_fail (HS_IS_VERDICTS (self), NULL);

  return self->text != NULL ? self->text : "";
}

gboolean
hs_verdict_get_fit (const HsVerdict *verdict,
                    gint64          *t0,
                    double          *v0,
                    gint64          *t1,
                    double          *v1)
{
  const HsTrendResult *result;

  g_return_val_if_fail (verdict != NULL, FALSE);

  result = &verdict->result;
  if (result->state == HS_TREND_UNKNOWN || result->n_fitted == 0)
    return FALSE;

  /* The fit's x is minutes before the window's end, its intercept the
   * value there. */
  *t1 = verdict->end_usec;
  *v1 = result->value_at_end;
  *t0 = verdict->end_usec - result->span_usec;
  *v0 = result->value_at_end - result->slope_per_min * (double) result->span_usec / (60.0 * G_USEC_PER_SEC);
  return TRUE;
}

static void
hs_verdicts_dispose (GObject *object)
{
  HsVerdicts *self = (HsVerdicts *) object;

  if (self->session != NULL && !self->owned_by_session)
    {
      g_signal_handlers_disconnect_by_data (self->session, self);
      g_clear_object (&self->session);
    }
  /* Owned by the session: it is being finalized, its handlers are gone. */
  self->session = NULL;
  if (self->verdicts != NULL)
    g_array_set_size (self->verdicts, 0);

  G_OBJECT_CLASS (hs_verdicts_parent_class)->dispose (object);
}

static void
hs_verdicts_finalize (GObject *object)
{
  HsVerdicts *self = (HsVerdicts *) object;

  g_clear_pointer (&self->verdicts, g_array_unref);
  g_free (self->text);

  G_OBJECT_CLASS (hs_verdicts_parent_class)->finalize (object);
}

static void
hs_verdicts_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  HsVerdicts *self = HS_VERDICTS (object);

  switch (prop_id)
    {
    case PROP_WINDOW:
      g_value_set_int64 (value, self->window_usec);
      break;
    case PROP_TEXT:
      g_value_set_string (value, hs_verdicts_get_text (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hs_verdicts_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  HsVerdicts *self = HS_VERDICTS (object);

  switch (prop_id)
    {
    case PROP_WINDOW:
      hs_verdicts_set_window (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hs_verdicts_class_init (HsVerdictsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hs_verdicts_dispose;
  object_class->finalize = hs_verdicts_finalize;
  object_class->get_property = hs_verdicts_get_property;
  object_class->set_property = hs_verdicts_set_property;

  properties[PROP_WINDOW] =
    g_param_spec_int64 ("window", NULL, NULL, 1, G_MAXINT64, HS_TREND_DEFAULT_WINDOW_USEC,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, "",
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* After every recomputation, whether or not the text changed (the fit
   * moves with each reading). */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
hs_verdicts_init (HsVerdicts *self)
{
  self->verdicts = g_array_new (FALSE, TRUE, sizeof (HsVerdict));
  g_array_set_clear_func (self->verdicts, verdict_clear);
  self->window_usec = HS_TREND_DEFAULT_WINDOW_USEC;
  self->text = g_strdup ("");
}
