/* hs-process-monitor.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-process-monitor"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "hs-process-monitor.h"

/* smaps may use at most ~2 % of one core: interval × ⌈50 × cost / interval⌉. */
#define SMAPS_BUDGET_FACTOR 50

struct _HsProcessMonitor
{
  GObject       parent_instance;

  /* Owned */
  HsSampler    *sampler;
  GCancellable *cancellable;
  HsSeries     *series[HS_N_METRICS];
  GError       *error;
  char         *name;

  int           pid;
  guint         capacity;
  guint         interval_ms;
  guint         timeout_id;
  guint         n_samples;
  gint64        first_time;
  gint64        exit_time;
  HsSample      last_sample;

  /* Adaptive smaps rate, in ticks; 0 = never (denied). */
  guint         smaps_every;
  guint         ticks_since_smaps;
  gint64        cheap_cost_usec;

  guint         in_flight : 1;
  guint         running : 1;
  guint         exited : 1;
  guint         smaps_denied : 1;
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

static void tick (HsProcessMonitor *self);

static void
set_error (HsProcessMonitor *self,
           const GError     *error)
{
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
set_running (HsProcessMonitor *self,
             gboolean          running)
{
  running = !!running;
  if (self->running == running)
    return;
  self->running = running;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static gboolean
on_timeout (gpointer user_data)
{
  tick (user_data);
  return G_SOURCE_CONTINUE;
}

static void
schedule (HsProcessMonitor *self)
{
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->running)
    self->timeout_id = g_timeout_add (self->interval_ms, on_timeout, self);
}

static void
mark_exited (HsProcessMonitor *self)
{
  if (self->exited)
    return;

  self->exited = TRUE;
  self->exit_time = g_get_real_time ();
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  set_running (self, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXIT_TIME]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXITED]);
  g_signal_emit (self, signals[SIGNAL_EXITED], 0);
}

static void
update_smaps_rate (HsProcessMonitor *self,
                   gint64            smaps_cost_usec)
{
  guint64 interval_usec = (guint64) self->interval_ms * 1000;
  guint64 every;
  guint max_every = MAX (1, HS_PROCESS_MONITOR_MAX_INTERVAL_MS / self->interval_ms);

  if (smaps_cost_usec < 0)
    smaps_cost_usec = 0;
  every = ((guint64) smaps_cost_usec * SMAPS_BUDGET_FACTOR + interval_usec - 1) / interval_usec;
  every = CLAMP (every, 1, max_every);
  if (every != self->smaps_every)
    {
      self->smaps_every = (guint) every;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SMAPS_INTERVAL_MS]);
    }
}

typedef struct
{
  HsProcessMonitor *self;
  gint64            started;
  gboolean          with_smaps;
} TickData;

static void
sample_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  TickData *data = user_data;
  g_autoptr(HsProcessMonitor) self = data->self;
  g_autoptr(GError) error = NULL;
  gint64 cost = g_get_monotonic_time () - data->started;
  gboolean with_smaps = data->with_smaps;
  HsSample sample;

  g_free (data);
  self->in_flight = FALSE;

  if (!hs_sampler_sample_finish (HS_SAMPLER (object), result, &sample, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      if (g_error_matches (error, HS_SAMPLER_ERROR, HS_SAMPLER_ERROR_PROCESS_GONE))
        {
          mark_exited (self);
          return;
        }
      /* The probe died or /proc refused even the cheap files: nothing more
       * will come, say why and stop. */
      set_error (self, error);
      g_clear_handle_id (&self->timeout_id, g_source_remove);
      set_running (self, FALSE);
      return;
    }

  if (!self->running)
    return;

  if (with_smaps)
    {
      if (sample.flags & HS_SAMPLE_SMAPS_DENIED)
        {
          g_autoptr(GError) denied = NULL;

          denied = g_error_new (HS_SAMPLER_ERROR, HS_SAMPLER_ERROR_PERMISSION_DENIED,
                                _("Heap figures are not available: the kernel refused "
                                  "/proc/%d/smaps. A process’s memory map is shown only to "
                                  "its owner or to root with ptrace access; RSS, threads and "
                                  "the other figures are still measured."),
                                self->pid);
          self->smaps_denied = TRUE;
          self->smaps_every = 0;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SMAPS_INTERVAL_MS]);
          set_error (self, denied);
        }
      else
        update_smaps_rate (self, cost - self->cheap_cost_usec);
    }
  else
    {
      /* Running average of the cheap round trip, to isolate smaps' cost. */
      self->cheap_cost_usec = self->cheap_cost_usec == 0 ? cost
                              : (self->cheap_cost_usec * 7 + cost) / 8;
    }

  if (self->n_samples == 0)
    self->first_time = sample.wall_usec;
  self->last_sample = sample;
  self->n_samples++;

  for (guint m = 0; m < HS_N_METRICS; m++)
    {
      double value;

      if (hs_sample_get_value (&sample, m, &value))
        hs_series_append (self->series[m], sample.wall_usec, value);
    }

  g_signal_emit (self, signals[SIGNAL_SAMPLE], 0, &sample);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SAMPLES]);
}

static void
tick (HsProcessMonitor *self)
{
  HsSampleRequest request = HS_SAMPLE_REQUEST_FDS;
  TickData *data;

  /* Never stack requests behind a slow one. */
  if (self->in_flight || !self->running)
    return;

  if (!self->smaps_denied &&
      (self->n_samples == 0 || ++self->ticks_since_smaps >= self->smaps_every))
    {
      request |= HS_SAMPLE_REQUEST_SMAPS;
      self->ticks_since_smaps = 0;
    }

  data = g_new0 (TickData, 1);
  data->self = g_object_ref (self);
  data->started = g_get_monotonic_time ();
  data->with_smaps = (request & HS_SAMPLE_REQUEST_SMAPS) != 0;
  self->in_flight = TRUE;
  hs_sampler_sample_async (self->sampler, self->pid, request, self->cancellable,
                           sample_cb, data);
}

static void
hs_process_monitor_constructed (GObject *object)
{
  HsProcessMonitor *self = HS_PROCESS_MONITOR (object);

  G_OBJECT_CLASS (hs_process_monitor_parent_class)->constructed (object);

  for (guint m = 0; m < HS_N_METRICS; m++)
    self->series[m] = hs_series_new (self->capacity);
}

static void
hs_process_monitor_dispose (GObject *object)
{
  HsProcessMonitor *self = HS_PROCESS_MONITOR (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_object (&self->sampler);

  G_OBJECT_CLASS (hs_process_monitor_parent_class)->dispose (object);
}

static void
hs_process_monitor_finalize (GObject *object)
{
  HsProcessMonitor *self = HS_PROCESS_MONITOR (object);

  for (guint m = 0; m < HS_N_METRICS; m++)
    g_clear_pointer (&self->series[m], hs_series_unref);
  g_clear_object (&self->cancellable);
  g_clear_error (&self->error);
  g_free (self->name);

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
      g_value_set_boolean (value, self->running);
      break;
    case PROP_EXITED:
      g_value_set_boolean (value, self->exited);
      break;
    case PROP_EXIT_TIME:
      g_value_set_int64 (value, self->exit_time);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
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
  self->cancellable = g_cancellable_new ();
  self->capacity = HS_SERIES_DEFAULT_CAPACITY;
  self->interval_ms = 1000;
  self->smaps_every = 1;
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

static void
info_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(HsProcessMonitor) self = user_data;
  g_autoptr(HsProcessInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  info = hs_sampler_get_info_finish (HS_SAMPLER (object), result, &error);
  if (info == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->exited)
        return;
      if (g_error_matches (error, HS_SAMPLER_ERROR, HS_SAMPLER_ERROR_PROCESS_GONE))
        {
          mark_exited (self);
          return;
        }
      set_error (self, error);
      g_clear_handle_id (&self->timeout_id, g_source_remove);
      set_running (self, FALSE);
      return;
    }

  if (self->name == NULL)
    {
      self->name = g_strdup (info->name);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
    }
}

void
hs_process_monitor_start (HsProcessMonitor *self)
{
  g_return_if_fail (HS_IS_PROCESS_MONITOR (self));

  if (self->running || self->exited)
    return;

  /* The name comes from a worker thread, as the samples do: a probe round
   * trip, or a wait for the sampler's lock behind a process listing or a
   * slow smaps read, must not stall the main loop. It follows as
   * notify::name. */
  if (self->name == NULL)
    hs_sampler_get_info_async (self->sampler, self->pid, self->cancellable,
                               info_cb, g_object_ref (self));

  set_running (self, TRUE);
  schedule (self);
  tick (self);
}

void
hs_process_monitor_stop (HsProcessMonitor *self)
{
  g_return_if_fail (HS_IS_PROCESS_MONITOR (self));

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  set_running (self, FALSE);
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
  return self->name;
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
  schedule (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INTERVAL_MS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SMAPS_INTERVAL_MS]);
}

guint
hs_process_monitor_get_smaps_interval_ms (HsProcessMonitor *self)
{
  g_return_val_if_fail (HS_IS_PROCESS_MONITOR (self), 0);
  return self->smaps_every * self->interval_ms;
}

gboolean
hs_process_monitor_get_running (HsProcessMonitor *self)
{
  g_return_val_if_fail (HS_IS_PROCESS_MONITOR (self), FALSE);
  return self->running;
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
  return self->exit_time;
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
  return self->first_time;
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
                               HsSampleMetric          metric)
{
  g_return_val_if_fail (HS_IS_PROCESS_MONITOR (self), NULL);
  g_return_val_if_fail (metric < HS_N_METRICS, NULL);
  return self->series[metric];
}
