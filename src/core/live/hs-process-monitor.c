/* hs-process-monitor.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-process-monitor"

#include "config.h"

#include <string.h>

#include "hs-process-monitor.h"

struct _HsProcessMonitor
{
  GObject       parent_instance;

  /* Owned */
  HsSampler    *sampler;
  HsProcSource *source;
  HsSession    *session;
  GError       *error;

  int           pid;
  guint         capacity;
  guint         interval_ms;
  guint         n_samples;
  HsSample      last_sample;

  guint         exited : 1;
};

G_DEFINE_FINAL_TYPE (HsProcessMonitor, hs_process_monitor, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SAMPLER,
  PROP_PID,
  PROP_CAPACITY,
  PROP_INTERVAL_MS,
  PROP_SMAPS_INTERVAL_MS,
  PROP_RUNNING,
  PROP_EXITED,
  PROP_EXIT_TIME,
  PROP_NAME,
  PROP_ERROR,
  PROP_N_SAMPLES,
  N_PROPS
};

enum {
  SIGNAL_SAMPLE,
  SIGNAL_EXITED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Where each HsProcSource value goes in an HsSample. */
static const struct
{
  HsSampleFlags flag;
  gsize         offset;
  gboolean      is_double;
} sample_fields[] = {
  [HS_PROC_RSS] = { HS_SAMPLE_RSS, G_STRUCT_OFFSET (HsSample, rss) },
  [HS_PROC_VSZ] = { HS_SAMPLE_VSZ, G_STRUCT_OFFSET (HsSample, vsz) },
  [HS_PROC_HEAP] = { HS_SAMPLE_HEAP, G_STRUCT_OFFSET (HsSample, heap) },
  [HS_PROC_ANON] = { HS_SAMPLE_ANON, G_STRUCT_OFFSET (HsSample, anon) },
  [HS_PROC_SHARED] = { HS_SAMPLE_SHARED, G_STRUCT_OFFSET (HsSample, shared) },
  [HS_PROC_SWAP] = { HS_SAMPLE_SWAP, G_STRUCT_OFFSET (HsSample, swap) },
  [HS_PROC_THREADS] = { HS_SAMPLE_THREADS, 0 },
  [HS_PROC_CPU] = { HS_SAMPLE_CPU, 0, TRUE },
  [HS_PROC_FDS] = { HS_SAMPLE_FDS, 0 },
};

/* The old struct from a reading, for the ::sample signal's users. */
static void
sample_from_reading (HsProcessMonitor *self,
                     HsReading        *reading,
                     HsSample         *sample)
{
  memset (sample, 0, sizeof *sample);
  sample->mono_usec = hs_reading_get_mono_usec (reading);
  sample->wall_usec = hs_reading_get_wall_usec (reading);
  sample->start_time = hs_proc_source_get_start_time (self->source);

  for (guint i = 0; i < G_N_ELEMENTS (sample_fields); i++)
    {
      double value;

      if (!hs_reading_get_value (reading, i, &value))
        {
          if (i == HS_PROC_HEAP &&
              hs_reading_get_status (reading, i) == HS_READING_PERMISSION_DENIED)
            sample->flags |= HS_SAMPLE_SMAPS_DENIED;
          continue;
        }
      sample->flags |= sample_fields[i].flag;
      if (i == HS_PROC_THREADS)
        sample->threads = (guint) value;
      else if (i == HS_PROC_CPU)
        sample->cpu_percent = value;
      else if (i == HS_PROC_FDS)
        sample->fds = (int) value;
      else
        G_STRUCT_MEMBER (guint64, sample, sample_fields[i].offset) = (guint64) value;
    }
}

static void
on_reading (HsSession        *session,
            HsSource         *source,
            HsReading        *reading,
            HsProcessMonitor *self)
{
  sample_from_reading (self, reading, &self->last_sample);
  self->n_samples++;
  g_signal_emit (self, signals[SIGNAL_SAMPLE], 0, &self->last_sample);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SAMPLES]);
}

static void
on_state_changed (HsProcessMonitor *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  if (hs_session_get_state (self->session) == HS_SESSION_EXITED && !self->exited)
    {
      self->exited = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXIT_TIME]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXITED]);
      g_signal_emit (self, signals[SIGNAL_EXITED], 0);
    }
}

/* The monitor's callers expect HS_SAMPLER_ERROR codes. */
static void
on_error_changed (HsProcessMonitor *self)
{
  const GError *error = hs_session_get_error (self->session);

  g_clear_error (&self->error);
  if (error != NULL)
    {
      int code = HS_SAMPLER_ERROR_FAILED;

      if (g_error_matches (error, HS_SOURCE_ERROR, HS_SOURCE_ERROR_PERMISSION))
        code = HS_SAMPLER_ERROR_PERMISSION_DENIED;
      else if (g_error_matches (error, HS_SOURCE_ERROR, HS_SOURCE_ERROR_EXITED))
        code = HS_SAMPLER_ERROR_PROCESS_GONE;
      self->error = g_error_new_literal (HS_SAMPLER_ERROR, code, error->message);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static void
on_smaps_interval_changed (HsProcessMonitor *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SMAPS_INTERVAL_MS]);
}

static void
on_name_changed (HsProcessMonitor *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

static void
hs_process_monitor_constructed (GObject *object)
{
  HsProcessMonitor *self = HS_PROCESS_MONITOR (object);

  G_OBJECT_CLASS (hs_process_monitor_parent_class)->constructed (object);

  self->source = hs_proc_source_new (self->sampler, self->pid, HS_PROC_SOURCE_NONE);
  self->session = hs_session_new_full (NULL, self->interval_ms, self->capacity);
  hs_session_add_source (self->session, HS_SOURCE (self->source));

  g_signal_connect_object (self->session, "reading", G_CALLBACK (on_reading), self, 0);
  g_signal_connect_object (self->session, "notify::state",
                           G_CALLBACK (on_state_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::error",
                           G_CALLBACK (on_error_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::smaps-interval-ms",
                           G_CALLBACK (on_smaps_interval_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->source, "notify::name",
                           G_CALLBACK (on_name_changed), self, G_CONNECT_SWAPPED);
}

static void
hs_process_monitor_dispose (GObject *object)
{
  HsProcessMonitor *self = HS_PROCESS_MONITOR (object);

  if (self->session != NULL)
    hs_session_close (self->session);
  g_clear_object (&self->session);
  g_clear_object (&self->source);
  g_clear_object (&self->sampler);

  G_OBJECT_CLASS (hs_process_monitor_parent_class)->dispose (object);
}

static void
hs_process_monitor_finalize (GObject *object)
{
  HsProcessMonitor *self = HS_PROCESS_MONITOR (object);

  g_clear_error (&self->error);

  G_OBJECT_CLASS (hs_process_monitor_parent_class)->finalize (object);
}

static void
hs_process_monitor_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  HsProcessMonitor *self = HS_PROCESS_MONITOR (object);

  switch (prop_id)
    {
    case PROP_SAMPLER:
      g_value_set_object (value, self->sampler);
      break;
    case PROP_PID:
      g_value_set_int (value, self->pid);
      break;
    case PROP_CAPACITY:
      g_value_set_uint (value, self->capacity);
      break;
    case PROP_INTERVAL_MS:
      g_value_set_uint (value, self->interval_ms);
      break;
    case PROP_SMAPS_INTERVAL_MS:
      g_value_set_uint (value, hs_process_monitor_get_smaps_interval_ms (self));
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, hs_process_monitor_get_running (self));
      break;
    case PROP_EXITED:
      g_value_set_boolean (value, self->exited);
      break;
    case PROP_EXIT_TIME:
      g_value_set_int64 (value, hs_process_monitor_get_exit_time (self));
      break;
    case PROP_NAME:
      g_value_set_string (value, hs_process_monitor_get_name (self));
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error ? self->error->message : NULL);
      break;
    case PROP_N_SAMPLES:
      g_value_set_uint (value, self->n_samples);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hs_process_monitor_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  HsProcessMonitor *self = HS_PROCESS_MONITOR (object);

  switch (prop_id)
    {
    case PROP_SAMPLER:
      self->sampler = g_value_dup_object (value);
      break;
    case PROP_PID:
      self->pid = g_value_get_int (value);
      break;
    case PROP_CAPACITY:
      self->capacity = g_value_get_uint (value);
      break;
    case PROP_INTERVAL_MS:
      hs_process_monitor_set_interval_ms (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hs_process_monitor_class_init (HsProcessMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = hs_process_monitor_constructed;
  object_class->dispose = hs_process_monitor_dispose;
  object_class->finalize = hs_process_monitor_finalize;
  object_class->get_property = hs_process_monitor_get_property;
  object_class->set_property = hs_process_monitor_set_property;

  properties[PROP_SAMPLER] =
    g_param_spec_object ("sampler", NULL, NULL, HS_TYPE_SAMPLER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PID] =
    g_param_spec_int ("pid", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAPACITY] =
    g_param_spec_uint ("capacity", NULL, NULL, 16, G_MAXUINT / 2, HS_SERIES_DEFAULT_CAPACITY,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_INTERVAL_MS] =
    g_param_spec_uint ("interval-ms", NULL, NULL,
                       HS_PROCESS_MONITOR_MIN_INTERVAL_MS, HS_PROCESS_MONITOR_MAX_INTERVAL_MS, 1000,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY |
                       G_PARAM_STATIC_STRINGS);
  properties[PROP_SMAPS_INTERVAL_MS] =
    g_param_spec_uint ("smaps-interval-ms", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EXITED] =
    g_param_spec_boolean ("exited", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EXIT_TIME] =
    g_param_spec_int64 ("exit-time", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_SAMPLES] =
    g_param_spec_uint ("n-samples", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_SAMPLE] =
    g_signal_new ("sample", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                  HS_TYPE_SAMPLE | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[SIGNAL_EXITED] =
    g_signal_new ("exited", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
hs_process_monitor_init (HsProcessMonitor *self)
{
  self->capacity = HS_SERIES_DEFAULT_CAPACITY;
  self->interval_ms = 1000;
}

HsProcessMonitor *
hs_process_monitor_new (HsSampler *sampler,
                        int        pid)
{
  return hs_process_monitor_new_full (sampler, pid, 1000, HS_SERIES_DEFAULT_CAPACITY);
}

HsProcessMonitor *
hs_process_monitor_new_full (HsSampler *sampler,
                             int        pid,
                             guint      interval_ms,
                             guint      capacity)
{
  g_return_val_if_fail (HS_IS_SAMPLER (sampler), NULL);
  g_return_val_if_fail (pid > 0, NULL);

  return g_object_new (HS_TYPE_PROCESS_MONITOR,
                       "sampler", sampler,
                       "pid", pid,
                       "interval-ms", CLAMP (interval_ms, HS_PROCESS_MONITOR_MIN_INTERVAL_MS,
                                             HS_PROCESS_MONITOR_MAX_INTERVAL_MS),
                       "capacity", MAX (capacity, 16),
                       NULL);
}

void
hs_process_monitor_start (HsProcessMonitor *self)
{
  g_return_if_fail (HS_IS_PROCESS_MONITOR (self));

  /* Nothing blocks here: the name comes with the first reading, from the
   * source's worker thread, as notify::name. */
  hs_session_start (self->session);
}

void
hs_process_monitor_stop (HsProcessMonitor *self)
{
  g_return_if_fail (HS_IS_PROCESS_MONITOR (self));

  hs_session_stop (self->session);
}

HsSession *
hs_process_monitor_get_session (HsProcessMonitor *self)
{
  g_return_val_if_fail (HS_IS_PROCESS_MONITOR (self), NULL);
  return self->session;
}

HsSampler *
hs_process_monitor_get_sampler (HsProcessMonitor *self)
{
  g_return_val_if_fail (HS_IS_PROCESS_MONITOR (self), NULL);
  return self->sampler;
}

int
hs_process_monitor_get_pid (HsProcessMonitor *self)
{
  g_return_val_if_fail (HS_IS_PROCESS_MONITOR (self), 0);
  return self->pid;
}

const char *
hs_process_monitor_get_name (HsProcessMonitor *self)
{
  g_return_val_if_fail (HS_IS_PROCESS_MONITOR (self), NULL);
  return self->source ? hs_proc_source_get_name (self->source) : NULL;
}

guint
hs_process_monitor_get_interval_ms (HsProcessMonitor *self)
{
  g_return_val_if_fail (HS_IS_PROCESS_MONITOR (self), 0);
  return self->interval_ms;
}

void
hs_process_monitor_set_interval_ms (HsProcessMonitor *self,
                                    guint             interval_ms)
{
  g_return_if_fail (HS_IS_PROCESS_MONITOR (self));

  interval_ms = CLAMP (interval_ms, HS_PROCESS_MONITOR_MIN_INTERVAL_MS,
                       HS_PROCESS_MONITOR_MAX_INTERVAL_MS);
  if (interval_ms == self->interval_ms)
    return;

  self->interval_ms = interval_ms;
  /* NULL while the construct property is set: constructed() passes it on. */
  if (self->session != NULL)
    hs_session_set_interval_ms (self->session, interval_ms);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INTERVAL_MS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SMAPS_INTERVAL_MS]);
}

guint
hs_process_monitor_get_smaps_interval_ms (HsProcessMonitor *self)
{
  g_return_val_if_fail (HS_IS_PROCESS_MONITOR (self), 0);
  return self->session ? hs_session_get_smaps_interval_ms (self->session) : 0;
}

gboolean
hs_process_monitor_get_running (HsProcessMonitor *self)
{
  g_return_val_if_fail (HS_IS_PROCESS_MONITOR (self), FALSE);
  return self->session != NULL && hs_session_get_state (self->session) == HS_SESSION_RUNNING;
}

gboolean
hs_process_monitor_get_exited (HsProcessMonitor *self)
{
  g_return_val_if_fail (HS_IS_PROCESS_MONITOR (self), FALSE);
  return self->exited;
}

gint64
hs_process_monitor_get_exit_time (HsProcessMonitor *self)
{
  g_return_val_if_fail (HS_IS_PROCESS_MONITOR (self), 0);
  return self->exited ? hs_session_get_end_time (self->session) : 0;
}

const GError *
hs_process_monitor_get_error (HsProcessMonitor *self)
{
  g_return_val_if_fail (HS_IS_PROCESS_MONITOR (self), NULL);
  return self->error;
}

guint
hs_process_monitor_get_n_samples (HsProcessMonitor *self)
{
  g_return_val_if_fail (HS_IS_PROCESS_MONITOR (self), 0);
  return self->n_samples;
}

gint64
hs_process_monitor_get_first_time (HsProcessMonitor *self)
{
  g_return_val_if_fail (HS_IS_PROCESS_MONITOR (self), 0);
  return self->session ? hs_session_get_first_time (self->session) : 0;
}

gboolean
hs_process_monitor_get_last_sample (HsProcessMonitor *self,
                                    HsSample         *out_sample)
{
  g_return_val_if_fail (HS_IS_PROCESS_MONITOR (self), FALSE);

  if (self->n_samples == 0)
    return FALSE;
  if (out_sample != NULL)
    *out_sample = self->last_sample;
  return TRUE;
}

HsSeries *
hs_process_monitor_get_series (HsProcessMonitor *self,
                               HsSampleMetric    metric)
{
  HsSessionMetric *item;

  g_return_val_if_fail (HS_IS_PROCESS_MONITOR (self), NULL);
  g_return_val_if_fail (metric < HS_N_METRICS, NULL);

  /* The old enum's ids are the proc source's. */
  item = hs_session_find_metric (self->session, hs_sample_metric_get_id (metric));
  g_return_val_if_fail (item != NULL, NULL);
  return hs_session_metric_get_series (item);
}
