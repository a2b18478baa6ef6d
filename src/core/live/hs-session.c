/* hs-session.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-session"

#include "config.h"

#include "hs-go-source.h"
#include "hs-session.h"

typedef struct
{
  /* Owned */
  HsSource *source;

  guint     first_item;   /* its first metric's position in the list */
  guint     n_metrics;
  gboolean  in_flight;
  gboolean  ended;
} Entry;

struct _HsSession
{
  GObject         parent_instance;

  /* Owned */
  char           *title;
  GPtrArray      *entries;    /* Entry */
  GPtrArray      *sources;    /* HsSource, same order */
  GPtrArray      *items;      /* HsSessionMetric */
  GCancellable   *cancellable;
  GError         *error;
  GListStore     *marks;      /* HsSessionMark, in the order added */
  GVariant       *alert_thresholds;  /* a{sd}, nullable */

  /* Borrowed: an entry's source */
  HsProcSource   *proc_source;

  HsSessionState  state;
  guint           interval_ms;
  guint           capacity;
  guint           timeout_id;
  guint           n_readings;
  gint64          first_time;
  gint64          end_time;
};

static void hs_session_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HsSession, hs_session, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, hs_session_list_model_init))

G_DEFINE_ENUM_TYPE (HsSessionState, hs_session_state,
  G_DEFINE_ENUM_VALUE (HS_SESSION_STOPPED, "stopped"),
  G_DEFINE_ENUM_VALUE (HS_SESSION_RUNNING, "running"),
  G_DEFINE_ENUM_VALUE (HS_SESSION_EXITED, "exited"),
  G_DEFINE_ENUM_VALUE (HS_SESSION_CLOSED, "closed"))

enum {
  PROP_0,
  PROP_TITLE,
  PROP_STATE,
  PROP_INTERVAL_MS,
  PROP_CAPACITY,
  PROP_SMAPS_INTERVAL_MS,
  PROP_ERROR,
  PROP_PID,
  PROP_FIRST_TIME,
  PROP_END_TIME,
  PROP_N_READINGS,
  PROP_ALERT_THRESHOLDS,
  N_PROPS
};

enum {
  SIGNAL_READING,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void tick (HsSession *self);

static void
entry_free (Entry *entry)
{
  g_clear_object (&entry->source);
  g_free (entry);
}

static GType
hs_session_get_item_type (GListModel *model)
{
  return HS_TYPE_SESSION_METRIC;
}

static guint
hs_session_get_n_items (GListModel *model)
{
  return HS_SESSION (model)->items->len;
}

static gpointer
hs_session_get_item (GListModel *model,
                     guint       position)
{
  HsSession *self = HS_SESSION (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
hs_session_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = hs_session_get_item_type;
  iface->get_n_items = hs_session_get_n_items;
  iface->get_item = hs_session_get_item;
}

static void
set_state (HsSession      *self,
           HsSessionState  state)
{
  if (self->state == state)
    return;

  self->state = state;
  if (state != HS_SESSION_RUNNING && self->end_time == 0 && self->first_time != 0)
    {
      self->end_time = g_get_real_time ();
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_END_TIME]);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/* The session's own error (why it stopped) wins over a source's problem. */
static void
set_error (HsSession    *self,
           const GError *error)
{
  if (self->error == NULL && error == NULL)
    return;
  if (self->error != NULL && error != NULL &&
      g_error_matches (self->error, error->domain, error->code) &&
      g_strcmp0 (self->error->message, error->message) == 0)
    return;

  g_clear_error (&self->error);
  if (error != NULL)
    self->error = g_error_copy (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static void
on_problem_changed (HsSource   *source,
                    GParamSpec *pspec,
                    HsSession  *self)
{
  const GError *problem = hs_source_get_problem (source);

  if (problem != NULL)
    set_error (self, problem);
}

static void
on_smaps_interval_changed (HsSession *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SMAPS_INTERVAL_MS]);
}

static gboolean
on_timeout (gpointer user_data)
{
  tick (user_data);
  return G_SOURCE_CONTINUE;
}

static void
schedule (HsSession *self)
{
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->state == HS_SESSION_RUNNING)
    self->timeout_id = g_timeout_add (self->interval_ms, on_timeout, self);
}

static gboolean
all_ended (HsSession *self)
{
  for (guint i = 0; i < self->entries->len; i++)
    if (!((Entry *) g_ptr_array_index (self->entries, i))->ended)
      return FALSE;
  return TRUE;
}

/* Stops ticking when no source has anything more to give. */
static void
check_ended (HsSession *self,
             gboolean   exited)
{
  if (!all_ended (self))
    return;

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  set_state (self, exited ? HS_SESSION_EXITED : HS_SESSION_STOPPED);
}

typedef struct
{
  HsSession *self;
  Entry     *entry;
} ReadData;

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  ReadData *data = user_data;
  g_autoptr(HsSession) self = data->self;
  Entry *entry = data->entry;
  g_autoptr(HsReading) reading = NULL;
  g_autoptr(GError) error = NULL;
  gint64 wall;

  g_free (data);
  entry->in_flight = FALSE;

  reading = hs_source_read_finish (HS_SOURCE (object), result, &error);
  if (reading == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      entry->ended = TRUE;
      /* Gone, or its PID was reused: the state says it, not the error. */
      if (g_error_matches (error, HS_SOURCE_ERROR, HS_SOURCE_ERROR_EXITED))
        check_ended (self, TRUE);
      else
        {
          set_error (self, error);
          check_ended (self, FALSE);
        }
      return;
    }

  if (self->state != HS_SESSION_RUNNING)
    return;

  wall = hs_reading_get_wall_usec (reading);
  g_return_if_fail (hs_reading_get_n_values (reading) == entry->n_metrics);

  for (guint i = 0; i < entry->n_metrics; i++)
    {
      HsSessionMetric *item = g_ptr_array_index (self->items, entry->first_item + i);
      double value;

      if (hs_reading_get_value (reading, i, &value))
        hs_series_append (hs_session_metric_get_series (item), wall, value);
      hs_session_metric_set_status (item, hs_reading_get_status (reading, i));
    }

  if (self->n_readings == 0)
    {
      self->first_time = wall;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIRST_TIME]);
      if (entry->source == HS_SOURCE (self->proc_source))
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PID]);
    }
  self->n_readings++;

  g_signal_emit (self, signals[SIGNAL_READING], 0, entry->source, reading);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_READINGS]);
}

static void
tick (HsSession *self)
{
  if (self->state != HS_SESSION_RUNNING)
    return;

  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);
      ReadData *data;

      /* Never stack a read behind a slow one. */
      if (entry->in_flight || entry->ended)
        continue;

      data = g_new0 (ReadData, 1);
      data->self = g_object_ref (self);
      data->entry = entry;
      entry->in_flight = TRUE;
      hs_source_read_async (entry->source, self->cancellable, read_cb, data);
    }
}

static void
hs_session_dispose (GObject *object)
{
  HsSession *self = HS_SESSION (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);

      g_signal_handlers_disconnect_by_data (entry->source, self);
    }

  G_OBJECT_CLASS (hs_session_parent_class)->dispose (object);
}

static void
hs_session_finalize (GObject *object)
{
  HsSession *self = HS_SESSION (object);

  g_ptr_array_unref (self->items);
  g_ptr_array_unref (self->sources);
  g_ptr_array_unref (self->entries);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->marks);
  g_clear_pointer (&self->alert_thresholds, g_variant_unref);
  g_clear_error (&self->error);
  g_free (self->title);

  G_OBJECT_CLASS (hs_session_parent_class)->finalize (object);
}

static void
hs_session_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  HsSession *self = HS_SESSION (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_INTERVAL_MS:
      g_value_set_uint (value, self->interval_ms);
      break;
    case PROP_CAPACITY:
      g_value_set_uint (value, self->capacity);
      break;
    case PROP_SMAPS_INTERVAL_MS:
      g_value_set_uint (value, hs_session_get_smaps_interval_ms (self));
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error ? self->error->message : NULL);
      break;
    case PROP_PID:
      g_value_set_int (value, hs_session_get_pid (self));
      break;
    case PROP_FIRST_TIME:
      g_value_set_int64 (value, self->first_time);
      break;
    case PROP_END_TIME:
      g_value_set_int64 (value, self->end_time);
      break;
    case PROP_N_READINGS:
      g_value_set_uint (value, self->n_readings);
      break;
    case PROP_ALERT_THRESHOLDS:
      g_value_set_variant (value, self->alert_thresholds);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hs_session_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  HsSession *self = HS_SESSION (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      hs_session_set_title (self, g_value_get_string (value));
      break;
    case PROP_INTERVAL_MS:
      hs_session_set_interval_ms (self, g_value_get_uint (value));
      break;
    case PROP_CAPACITY:
      self->capacity = g_value_get_uint (value);
      break;
    case PROP_ALERT_THRESHOLDS:
      hs_session_set_alert_thresholds (self, g_value_get_variant (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hs_session_class_init (HsSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = hs_session_dispose;
  object_class->finalize = hs_session_finalize;
  object_class->get_property = hs_session_get_property;
  object_class->set_property = hs_session_set_property;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, HS_TYPE_SESSION_STATE, HS_SESSION_STOPPED, ro);
  properties[PROP_INTERVAL_MS] =
    g_param_spec_uint ("interval-ms", NULL, NULL,
                       HS_SESSION_MIN_INTERVAL_MS, HS_SESSION_MAX_INTERVAL_MS, 1000,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAPACITY] =
    g_param_spec_uint ("capacity", NULL, NULL, 16, G_MAXUINT / 2, HS_SERIES_DEFAULT_CAPACITY,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SMAPS_INTERVAL_MS] =
    g_param_spec_uint ("smaps-interval-ms", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_ERROR] = g_param_spec_string ("error", NULL, NULL, NULL, ro);
  properties[PROP_PID] = g_param_spec_int ("pid", NULL, NULL, 0, G_MAXINT, 0, ro);
  properties[PROP_FIRST_TIME] =
    g_param_spec_int64 ("first-time", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_END_TIME] =
    g_param_spec_int64 ("end-time", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_N_READINGS] =
    g_param_spec_uint ("n-readings", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_ALERT_THRESHOLDS] =
    g_param_spec_variant ("alert-thresholds", NULL, NULL, G_VARIANT_TYPE ("a{sd}"), NULL,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_READING] =
    g_signal_new ("reading", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                  HS_TYPE_SOURCE, HS_TYPE_READING | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
hs_session_init (HsSession *self)
{
  self->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  self->sources = g_ptr_array_new_with_free_func (g_object_unref);
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->cancellable = g_cancellable_new ();
  self->marks = g_list_store_new (HS_TYPE_SESSION_MARK);
  self->capacity = HS_SERIES_DEFAULT_CAPACITY;
  self->interval_ms = 1000;
  self->state = HS_SESSION_STOPPED;
}

HsSession *
hs_session_new (const char *title)
{
  return hs_session_new_full (title, 1000, HS_SERIES_DEFAULT_CAPACITY);
}

HsSession *
hs_session_new_full (const char *title,
                     guint       interval_ms,
                     guint       capacity)
{
  return g_object_new (HS_TYPE_SESSION,
                       "title", title,
                       "interval-ms", CLAMP (interval_ms, HS_SESSION_MIN_INTERVAL_MS,
                                             HS_SESSION_MAX_INTERVAL_MS),
                       "capacity", MAX (capacity, 16),
                       NULL);
}

void
hs_session_add_source (HsSession *self,
                       HsSource  *source)
{
  GListModel *metrics;
  Entry *entry;

  g_return_if_fail (HS_IS_SESSION (self));
  g_return_if_fail (HS_IS_SOURCE (source));
  g_return_if_fail (self->state != HS_SESSION_CLOSED);

  metrics = hs_source_get_metrics (source);
  entry = g_new0 (Entry, 1);
  entry->source = g_object_ref (source);
  entry->first_item = self->items->len;
  entry->n_metrics = g_list_model_get_n_items (metrics);
  g_ptr_array_add (self->entries, entry);
  g_ptr_array_add (self->sources, g_object_ref (source));

  for (guint i = 0; i < entry->n_metrics; i++)
    {
      g_autoptr(HsMetric) metric = g_list_model_get_item (metrics, i);
      g_autoptr(HsSeries) series = hs_series_new (self->capacity);

      g_ptr_array_add (self->items, hs_session_metric_new (metric, series, source, i));
    }

  hs_source_set_tick_interval (source, self->interval_ms);
  g_signal_connect_object (source, "notify::problem",
                           G_CALLBACK (on_problem_changed), self, 0);
  if (self->proc_source == NULL && HS_IS_PROC_SOURCE (source))
    {
      self->proc_source = HS_PROC_SOURCE (source);
      g_signal_connect_object (source, "notify::smaps-interval-ms",
                               G_CALLBACK (on_smaps_interval_changed), self, G_CONNECT_SWAPPED);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PID]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SMAPS_INTERVAL_MS]);
    }

  g_list_model_items_changed (G_LIST_MODEL (self), entry->first_item, 0, entry->n_metrics);

  /* Joins a running session at its next tick. */
}

void
hs_session_start (HsSession *self)
{
  g_return_if_fail (HS_IS_SESSION (self));

  /* Exited and closed are final; a read-only session has no source. */
  if (self->state != HS_SESSION_STOPPED || self->entries->len == 0)
    return;
  if (g_cancellable_is_cancelled (self->cancellable))
    {
      g_clear_object (&self->cancellable);
      self->cancellable = g_cancellable_new ();
    }
  if (all_ended (self))
    return;

  self->end_time = 0;
  set_state (self, HS_SESSION_RUNNING);
  schedule (self);
  tick (self);
}

static void
halt (HsSession      *self,
      HsSessionState  state)
{
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  /* A reading in flight is dropped, not appended after the stop. Its
   * entry stays in flight until the source answers (cancelled), so that a
   * quick restart never starts a second read of the same source. */
  g_cancellable_cancel (self->cancellable);
  set_state (self, state);
}

void
hs_session_stop (HsSession *self)
{
  g_return_if_fail (HS_IS_SESSION (self));

  if (self->state == HS_SESSION_RUNNING)
    halt (self, HS_SESSION_STOPPED);
}

void
hs_session_close (HsSession *self)
{
  g_return_if_fail (HS_IS_SESSION (self));

  halt (self, HS_SESSION_CLOSED);
}

const char *
hs_session_get_title (HsSession *self)
{
  g_return_val_if_fail (HS_IS_SESSION (self), NULL);
  return self->title;
}

void
hs_session_set_title (HsSession  *self,
                      const char *title)
{
  g_return_if_fail (HS_IS_SESSION (self));

  if (g_strcmp0 (title, self->title) == 0)
    return;
  g_free (self->title);
  self->title = g_strdup (title);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

HsSessionState
hs_session_get_state (HsSession *self)
{
  g_return_val_if_fail (HS_IS_SESSION (self), HS_SESSION_STOPPED);
  return self->state;
}

guint
hs_session_get_interval_ms (HsSession *self)
{
  g_return_val_if_fail (HS_IS_SESSION (self), 0);
  return self->interval_ms;
}

void
hs_session_set_interval_ms (HsSession *self,
                            guint      interval_ms)
{
  g_return_if_fail (HS_IS_SESSION (self));

  interval_ms = CLAMP (interval_ms, HS_SESSION_MIN_INTERVAL_MS, HS_SESSION_MAX_INTERVAL_MS);
  if (interval_ms == self->interval_ms)
    return;

  self->interval_ms = interval_ms;
  for (guint i = 0; i < self->entries->len; i++)
    hs_source_set_tick_interval (((Entry *) g_ptr_array_index (self->entries, i))->source,
                                 interval_ms);
  schedule (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INTERVAL_MS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SMAPS_INTERVAL_MS]);
}

guint
hs_session_get_capacity (HsSession *self)
{
  g_return_val_if_fail (HS_IS_SESSION (self), 0);
  return self->capacity;
}

guint
hs_session_get_smaps_interval_ms (HsSession *self)
{
  g_return_val_if_fail (HS_IS_SESSION (self), 0);

  if (self->proc_source == NULL)
    return 0;
  return hs_proc_source_get_smaps_interval_ms (self->proc_source);
}

const GError *
hs_session_get_error (HsSession *self)
{
  g_return_val_if_fail (HS_IS_SESSION (self), NULL);
  return self->error;
}

int
hs_session_get_pid (HsSession *self)
{
  g_return_val_if_fail (HS_IS_SESSION (self), 0);
  return self->proc_source ? hs_proc_source_get_pid (self->proc_source) : 0;
}

gint64
hs_session_get_first_time (HsSession *self)
{
  g_return_val_if_fail (HS_IS_SESSION (self), 0);
  return self->first_time;
}

gint64
hs_session_get_end_time (HsSession *self)
{
  g_return_val_if_fail (HS_IS_SESSION (self), 0);
  return self->end_time;
}

guint
hs_session_get_n_readings (HsSession *self)
{
  g_return_val_if_fail (HS_IS_SESSION (self), 0);
  return self->n_readings;
}

GPtrArray *
hs_session_get_sources (HsSession *self)
{
  g_return_val_if_fail (HS_IS_SESSION (self), NULL);
  return self->sources;
}

HsProcSource *
hs_session_get_proc_source (HsSession *self)
{
  g_return_val_if_fail (HS_IS_SESSION (self), NULL);
  return self->proc_source;
}

HsGoSource *
hs_session_get_go_source (HsSession *self)
{
  g_return_val_if_fail (HS_IS_SESSION (self), NULL);

  for (guint i = 0; i < self->sources->len; i++)
    if (HS_IS_GO_SOURCE (g_ptr_array_index (self->sources, i)))
      return g_ptr_array_index (self->sources, i);
  return NULL;
}

HsSessionMetric *
hs_session_find_metric (HsSession  *self,
                        const char *id)
{
  g_return_val_if_fail (HS_IS_SESSION (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; i < self->items->len; i++)
    {
      HsSessionMetric *item = g_ptr_array_index (self->items, i);

      if (g_strcmp0 (hs_session_metric_get_id (item), id) == 0)
        return item;
    }
  return NULL;
}

gint64
hs_session_get_uptime (HsSession *self)
{
  g_return_val_if_fail (HS_IS_SESSION (self), -1);

  if (self->proc_source == NULL)
    return -1;
  return hs_proc_source_get_uptime (self->proc_source,
                                    self->state == HS_SESSION_RUNNING || self->end_time == 0 ?
                                    g_get_real_time () : self->end_time);
}

/**
 * hs_session_add_mark:
 * Remembers a moment of the session (@time: wall-clock µs, as readings)
 * with a short @label, for the charts to draw; marks-model says so.
 * Returns: (transfer none): the mark.
 */
HsSessionMark *
hs_session_add_mark (HsSession  *self,
                     gint64      time,
                     const char *label)
{
  g_autoptr(HsSessionMark) mark = NULL;

  g_return_val_if_fail (HS_IS_SESSION (self), NULL);

  mark = hs_session_mark_new (time, label);
  g_list_store_append (self->marks, mark);
  return mark;
}

GListModel *
hs_session_get_marks (HsSession *self)
{
  g_return_val_if_fail (HS_IS_SESSION (self), NULL);

  return G_LIST_MODEL (self->marks);
}

/**
 * hs_session_set_alert_thresholds:
 * @thresholds: (nullable): a{sd} as hs_alert_rules_new_from_thresholds()
 *   reads it, or NULL to follow the application's thresholds
 *
 * This session's own alert thresholds. They live with the session (not
 * in the settings): they end with it.
 */
void
hs_session_set_alert_thresholds (HsSession *self,
                                 GVariant  *thresholds)
{
  g_return_if_fail (HS_IS_SESSION (self));
  g_return_if_fail (thresholds == NULL ||
                    g_variant_is_of_type (thresholds, G_VARIANT_TYPE ("a{sd}")));

  if (self->alert_thresholds == thresholds ||
      (self->alert_thresholds != NULL && thresholds != NULL &&
       g_variant_equal (self->alert_thresholds, thresholds)))
    {
      /* Still sink a floating reference that is not kept. */
      if (thresholds != NULL)
        g_variant_unref (g_variant_ref_sink (thresholds));
      return;
    }

  g_clear_pointer (&self->alert_thresholds, g_variant_unref);
  if (thresholds != NULL)
    self->alert_thresholds = g_variant_ref_sink (thresholds);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ALERT_THRESHOLDS]);
}

/* (transfer none) (nullable): a{sd}, or NULL when the session follows
 * the application's thresholds. */
GVariant *
hs_session_get_alert_thresholds (HsSession *self)
{
  g_return_val_if_fail (HS_IS_SESSION (self), NULL);

  return self->alert_thresholds;
}
