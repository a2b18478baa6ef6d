/* hs-proc-source.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-proc-source"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <time.h>
#include <unistd.h>

#include "hs-proc-source.h"
#include "hs-procfs.h"

/* smaps may use at most ~2 % of one core: interval × ⌈50 × cost / interval⌉. */
#define SMAPS_BUDGET_FACTOR 50
#define SMAPS_MAX_INTERVAL_MS 60000

#define N_SINGLE_METRICS (HS_PROC_FDS + 1)
#define N_TREE_METRICS   (HS_PROC_LARGEST_RSS + 1)

struct _HsProcSource
{
  GObject            parent_instance;

  /* Owned */
  HsSampler         *sampler;
  GListStore        *metrics;
  GError            *problem;
  char              *name;

  int                pid;
  HsProcSourceFlags  flags;
  guint64            start_time;
  guint              interval_ms;
  int                largest_pid;

  /* Adaptive smaps rate, in ticks; 0 = never (refused). */
  guint              smaps_every;
  guint              ticks_since_smaps;
  guint              n_readings;
  gint64             cheap_cost_usec;

  guint              in_flight : 1;
  guint              smaps_denied : 1;
  /* A reading has shown an address space: a user process, not a kernel
   * thread, so one without memory is exiting. */
  guint              had_memory : 1;
};

static void hs_proc_source_iface_init (HsSourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HsProcSource, hs_proc_source, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (HS_TYPE_SOURCE, hs_proc_source_iface_init))

G_DEFINE_FLAGS_TYPE (HsProcSourceFlags, hs_proc_source_flags,
  G_DEFINE_ENUM_VALUE (HS_PROC_SOURCE_NONE, "none"),
  G_DEFINE_ENUM_VALUE (HS_PROC_SOURCE_DESCENDANTS, "descendants"))

enum {
  PROP_0,
  PROP_SAMPLER,
  PROP_PID,
  PROP_FLAGS,
  PROP_START_TIME,
  PROP_NAME,
  PROP_SMAPS_INTERVAL_MS,
  PROP_PROBLEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The metrics, in the order of HsProcMetricIndex. Labels reuse the
 * monitor's words; explanations say where the figure comes from. */
static const struct
{
  const char     *id;
  const char     *label;
  const char     *explanation;
  HsUnit          unit;
  HsMetricKind    kind;
  gboolean        can_be_unavailable;
  HsSampleMetric  sample_metric;
} metric_table[N_TREE_METRICS] = {
  [HS_PROC_RSS] = { "rss", N_("RSS"),
    N_("Resident memory: pages of the process in RAM (VmRSS)"),
    HS_UNIT_BYTES, HS_METRIC_GAUGE, FALSE, HS_METRIC_RSS },
  [HS_PROC_VSZ] = { "vsz", N_("Virtual"),
    N_("Address space reserved by the process, mostly not in RAM (VmSize)"),
    HS_UNIT_BYTES, HS_METRIC_GAUGE, FALSE, HS_METRIC_VSZ },
  [HS_PROC_HEAP] = { "heap", N_("Heap"),
    N_("Resident bytes of [heap] and anonymous private mappings, from smaps"),
    HS_UNIT_BYTES, HS_METRIC_GAUGE, TRUE, HS_METRIC_HEAP },
  [HS_PROC_ANON] = { "anon", N_("Anonymous"),
    N_("Resident memory not backed by a file (RssAnon)"),
    HS_UNIT_BYTES, HS_METRIC_GAUGE, TRUE, HS_METRIC_ANON },
  [HS_PROC_SHARED] = { "shared", N_("Shared"),
    N_("Resident file-backed and shared memory (RssFile + RssShmem)"),
    HS_UNIT_BYTES, HS_METRIC_GAUGE, FALSE, HS_METRIC_SHARED },
  [HS_PROC_SWAP] = { "swap", N_("Swap"),
    N_("Memory of the process moved out to swap (VmSwap)"),
    HS_UNIT_BYTES, HS_METRIC_GAUGE, TRUE, HS_METRIC_SWAP },
  [HS_PROC_THREADS] = { "threads", N_("Threads"),
    N_("Number of threads"),
    HS_UNIT_COUNT, HS_METRIC_GAUGE, FALSE, HS_METRIC_THREADS },
  [HS_PROC_CPU] = { "cpu", N_("CPU"),
    N_("CPU time used since the previous reading, as a share of one core (100 = one core busy)"),
    HS_UNIT_PERCENT, HS_METRIC_GAUGE, TRUE, HS_METRIC_CPU },
  [HS_PROC_FDS] = { "fds", N_("Open files"),
    N_("Open file descriptors (entries of /proc/PID/fd)"),
    HS_UNIT_COUNT, HS_METRIC_GAUGE, TRUE, HS_METRIC_FDS },
  [HS_PROC_PROCESSES] = { "processes", N_("Processes"),
    N_("The process and its descendants alive at this reading"),
    HS_UNIT_COUNT, HS_METRIC_GAUGE, FALSE, HS_N_METRICS },
  [HS_PROC_LARGEST_RSS] = { "largest_rss", N_("Largest process"),
    N_("RSS of the largest process among the process and its descendants"),
    HS_UNIT_BYTES, HS_METRIC_GAUGE, FALSE, HS_N_METRICS },
};

guint
hs_smaps_pacing (guint  interval_ms,
                 gint64 cost_usec)
{
  guint64 interval_usec;
  guint64 every;
  guint max_every;

  interval_ms = MAX (interval_ms, 1);
  interval_usec = (guint64) interval_ms * 1000;
  max_every = MAX (1, SMAPS_MAX_INTERVAL_MS / interval_ms);
  if (cost_usec < 0)
    cost_usec = 0;
  every = ((guint64) cost_usec * SMAPS_BUDGET_FACTOR + interval_usec - 1) / interval_usec;
  return (guint) CLAMP (every, 1, max_every);
}

static void
set_problem (HsProcSource *self,
             GError       *problem)
{
  g_clear_error (&self->problem);
  self->problem = problem;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEM]);
}

/* Reading: the blocking part runs in a GTask thread, the bookkeeping (rate,
 * identity, name) back in the caller's context before its callback. */

typedef struct
{
  /* In */
  HsSampler         *sampler;
  int                pid;
  HsProcSourceFlags  flags;
  HsSampleRequest    request;
  guint64            expected_start;
  gboolean           had_memory;
  guint              n_metrics;
  gboolean           want_name;
  gboolean           smaps_denied_before;
  /* Out */
  HsReading         *reading;
  char              *name;
  guint64            start_time;
  gint64             cost_usec;
  int                largest_pid;
  gboolean           smaps_denied;
} ReadData;

static void
read_data_free (ReadData *data)
{
  g_clear_object (&data->sampler);
  g_clear_pointer (&data->reading, hs_reading_unref);
  g_free (data->name);
  g_free (data);
}

typedef struct
{
  GArray *pids;     /* int: every pid */
  GArray *ppids;    /* int: its parent */
} PidTable;

static int
collect_pid (int   pid,
             void *user_data)
{
  PidTable *table = user_data;
  hs_procfs_stat stat;

  /* A process gone between readdir and here is simply not in the tree. */
  if (hs_procfs_read_stat (pid, &stat) == 0)
    {
      g_array_append_val (table->pids, pid);
      g_array_append_val (table->ppids, stat.ppid);
    }
  return 0;
}

/* Every descendant of @root (not @root itself), parents before children.
 * Reads the local /proc: with the probe inside a Flatpak sandbox only the
 * sandbox's processes are seen, so the tree is the root alone there. */
static GArray *
list_descendants (int root)
{
  PidTable table = { g_array_new (FALSE, FALSE, sizeof (int)),
                     g_array_new (FALSE, FALSE, sizeof (int)) };
  GArray *result = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GHashTable) in_tree = g_hash_table_new (NULL, NULL);

  hs_procfs_list_pids (collect_pid, &table);
  g_hash_table_add (in_tree, GINT_TO_POINTER (root));

  /* Repeat until no new child is found: pids are not ordered by parent. */
  for (gboolean grew = TRUE; grew;)
    {
      grew = FALSE;
      for (guint i = 0; i < table.pids->len; i++)
        {
          int pid = g_array_index (table.pids, int, i);
          int ppid = g_array_index (table.ppids, int, i);

          if (!g_hash_table_contains (in_tree, GINT_TO_POINTER (pid)) &&
              g_hash_table_contains (in_tree, GINT_TO_POINTER (ppid)))
            {
              g_hash_table_add (in_tree, GINT_TO_POINTER (pid));
              g_array_append_val (result, pid);
              grew = TRUE;
            }
        }
    }

  g_array_unref (table.pids);
  g_array_unref (table.ppids);
  return result;
}

static HsReadingStatus
why_missing (const HsSample    *sample,
             HsProcMetricIndex  index,
             HsSampleRequest    request)
{
  switch (index)
    {
    case HS_PROC_HEAP:
      if (sample->flags & HS_SAMPLE_SMAPS_DENIED)
        return HS_READING_PERMISSION_DENIED;
      return HS_READING_NOT_MEASURED;
    case HS_PROC_FDS:
      /* Asked for and not there: /proc/PID/fd is the owner's only. */
      return (request & HS_SAMPLE_REQUEST_FDS) ? HS_READING_PERMISSION_DENIED
                                              : HS_READING_NOT_MEASURED;
    case HS_PROC_CPU:
      return HS_READING_NOT_MEASURED;
    default:
      /* Kernel threads have no Vm* lines. */
      return HS_READING_NOT_APPLICABLE;
    }
}

/* Sum over the tree: a figure is valid when every process has it, except
 * CPU, which a process seen for the first time cannot have yet: it counts
 * as long as the root has it. Also finds the largest process by RSS. */
static HsReading *
make_reading (ReadData *data,
              GArray   *samples,
              GArray   *pids)
{
  guint64 largest = 0;

  const HsSample *root = &g_array_index (samples, HsSample, 0);
  HsReading *reading = hs_reading_new (data->n_metrics, root->mono_usec, root->wall_usec);

  for (guint m = 0; m < N_SINGLE_METRICS; m++)
    {
      HsReadingStatus status = HS_READING_VALID;
      double sum = 0;

      for (guint i = 0; i < samples->len && status == HS_READING_VALID; i++)
        {
          const HsSample *sample = &g_array_index (samples, HsSample, i);
          double value;

          if (hs_sample_get_value (sample, metric_table[m].sample_metric, &value))
            sum += value;
          else if (m != HS_PROC_CPU || i == 0)
            status = why_missing (sample, m, data->request);
        }

      if (status == HS_READING_VALID)
        hs_reading_set_value (reading, m, sum);
      else if (m == HS_PROC_HEAP && data->smaps_denied_before)
        hs_reading_set_missing (reading, m, HS_READING_PERMISSION_DENIED);
      else
        hs_reading_set_missing (reading, m, status);
    }

  data->largest_pid = data->pid;
  for (guint i = 0; i < samples->len; i++)
    if (g_array_index (samples, HsSample, i).rss > largest)
      {
        largest = g_array_index (samples, HsSample, i).rss;
        data->largest_pid = g_array_index (pids, int, i);
      }

  if (data->n_metrics == N_TREE_METRICS)
    {
      hs_reading_set_value (reading, HS_PROC_PROCESSES, samples->len);
      hs_reading_set_value (reading, HS_PROC_LARGEST_RSS, (double) largest);
    }

  return reading;
}

static void
set_source_error (GError **error,
                  GError  *sampler_error)
{
  int code = HS_SOURCE_ERROR_FAILED;

  if (g_error_matches (sampler_error, HS_SAMPLER_ERROR, HS_SAMPLER_ERROR_PROCESS_GONE))
    code = HS_SOURCE_ERROR_EXITED;
  else if (g_error_matches (sampler_error, HS_SAMPLER_ERROR, HS_SAMPLER_ERROR_PERMISSION_DENIED))
    code = HS_SOURCE_ERROR_PERMISSION;
  g_set_error_literal (error, HS_SOURCE_ERROR, code, sampler_error->message);
}

static void
read_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ReadData *data = task_data;
  g_autoptr(GArray) samples = g_array_new (FALSE, TRUE, sizeof (HsSample));
  g_autoptr(GArray) pids = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GError) error = NULL;
  gint64 started = g_get_monotonic_time ();
  HsSample root = { 0 };

  if (!hs_sampler_sample (data->sampler, data->pid, data->request, &root, &error))
    {
      GError *task_error = NULL;

      set_source_error (&task_error, error);
      g_task_return_error (task, task_error);
      return;
    }

  /* The identity check: same PID, different start = another process. */
  if (data->expected_start != 0 && root.start_time != data->expected_start)
    {
      g_task_return_new_error (task, HS_SOURCE_ERROR, HS_SOURCE_ERROR_EXITED,
                               _("Process %d has exited; its PID now belongs to another process"),
                               data->pid);
      return;
    }
  /* An exiting process loses its address space before it becomes a
   * zombie; for a big one that lasts tens of milliseconds, in which /proc
   * shows a running process with no memory. It has exited: a reading of 0
   * would draw a drop to nothing. (Kernel threads never had memory.) */
  if (data->had_memory && (!(root.flags & HS_SAMPLE_VSZ) || root.vsz == 0))
    {
      g_task_return_new_error (task, HS_SOURCE_ERROR, HS_SOURCE_ERROR_EXITED,
                               _("Process %d has exited"), data->pid);
      return;
    }
  data->start_time = root.start_time;
  g_array_append_val (samples, root);
  g_array_append_val (pids, data->pid);

  if (data->want_name)
    {
      g_autoptr(HsProcessInfo) info = hs_sampler_get_info (data->sampler, data->pid, NULL);

      if (info != NULL)
        data->name = g_strdup (info->name);
    }

  if (data->flags & HS_PROC_SOURCE_DESCENDANTS)
    {
      g_autoptr(GArray) descendants = list_descendants (data->pid);

      for (guint i = 0; i < descendants->len; i++)
        {
          int pid = g_array_index (descendants, int, i);
          HsSample sample = { 0 };

          if (g_cancellable_is_cancelled (cancellable))
            break;
          /* Gone or refused since the listing: not part of this reading. */
          if (hs_sampler_sample (data->sampler, pid, data->request, &sample, NULL))
            {
              g_array_append_val (samples, sample);
              g_array_append_val (pids, pid);
            }
        }
    }

  for (guint i = 0; i < samples->len; i++)
    if (g_array_index (samples, HsSample, i).flags & HS_SAMPLE_SMAPS_DENIED)
      data->smaps_denied = TRUE;

  data->cost_usec = g_get_monotonic_time () - started;
  data->reading = make_reading (data, samples, pids);
  g_task_return_boolean (task, TRUE);
}

static void
update_smaps_rate (HsProcSource *self,
                   gint64        smaps_cost_usec)
{
  guint every = hs_smaps_pacing (self->interval_ms, smaps_cost_usec);

  if (every != self->smaps_every)
    {
      self->smaps_every = every;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SMAPS_INTERVAL_MS]);
    }
}

static void
note_smaps_denied (HsProcSource *self)
{
  if (self->smaps_denied)
    return;

  self->smaps_denied = TRUE;
  self->smaps_every = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SMAPS_INTERVAL_MS]);
  set_problem (self,
               g_error_new (HS_SOURCE_ERROR, HS_SOURCE_ERROR_PERMISSION,
                            _("Heap figures are not available: the kernel refused "
                              "/proc/%d/smaps. A process’s memory map is shown only to "
                              "its owner or to root with ptrace access; RSS, threads and "
                              "the other figures are still measured."),
                            self->pid));
}

/* Back in the caller's context: learn from the reading, then hand it on. */
static void
read_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  HsProcSource *self = HS_PROC_SOURCE (object);
  g_autoptr(GTask) outer = user_data;
  ReadData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  gboolean with_smaps = (data->request & HS_SAMPLE_REQUEST_SMAPS) != 0;

  self->in_flight = FALSE;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (outer, g_steal_pointer (&error));
      return;
    }

  if (self->start_time == 0)
    {
      self->start_time = data->start_time;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_START_TIME]);
    }
  if (data->name != NULL && g_strcmp0 (data->name, self->name) != 0)
    {
      g_free (self->name);
      self->name = g_strdup (data->name);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
    }
  self->largest_pid = data->largest_pid;
  {
    double vsz;

    if (hs_reading_get_value (data->reading, HS_PROC_VSZ, &vsz) && vsz > 0)
      self->had_memory = TRUE;
  }

  if (with_smaps)
    {
      if (data->smaps_denied)
        note_smaps_denied (self);
      else
        update_smaps_rate (self, data->cost_usec - self->cheap_cost_usec);
    }
  else
    {
      /* Running average of the cheap round trip, to isolate smaps' cost. */
      self->cheap_cost_usec = self->cheap_cost_usec == 0 ? data->cost_usec
                              : (self->cheap_cost_usec * 7 + data->cost_usec) / 8;
    }
  self->n_readings++;

  g_task_return_pointer (outer, g_steal_pointer (&data->reading),
                         (GDestroyNotify) hs_reading_unref);
}

static void
hs_proc_source_read_async (HsSource            *source,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  HsProcSource *self = HS_PROC_SOURCE (source);
  g_autoptr(GTask) inner = NULL;
  GTask *outer;
  ReadData *data;

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, hs_proc_source_read_async);

  if (self->in_flight)
    {
      g_task_return_new_error (outer, G_IO_ERROR, G_IO_ERROR_PENDING,
                               "A reading of process %d is already under way", self->pid);
      g_object_unref (outer);
      return;
    }

  data = g_new0 (ReadData, 1);
  data->sampler = g_object_ref (self->sampler);
  data->pid = self->pid;
  data->flags = self->flags;
  data->request = HS_SAMPLE_REQUEST_FDS;
  data->expected_start = self->start_time;
  data->had_memory = self->had_memory;
  data->n_metrics = g_list_model_get_n_items (G_LIST_MODEL (self->metrics));
  data->want_name = self->name == NULL;
  data->smaps_denied_before = self->smaps_denied;

  if (!self->smaps_denied &&
      (self->n_readings == 0 || ++self->ticks_since_smaps >= self->smaps_every))
    {
      data->request |= HS_SAMPLE_REQUEST_SMAPS;
      self->ticks_since_smaps = 0;
    }

  self->in_flight = TRUE;
  inner = g_task_new (self, cancellable, read_done, outer);
  g_task_set_source_tag (inner, read_thread);
  g_task_set_task_data (inner, data, (GDestroyNotify) read_data_free);
  g_task_run_in_thread (inner, read_thread);
}

static HsReading *
hs_proc_source_read_finish (HsSource      *source,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, source), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static GListModel *
hs_proc_source_get_metrics (HsSource *source)
{
  return G_LIST_MODEL (HS_PROC_SOURCE (source)->metrics);
}

static void
hs_proc_source_set_tick_interval (HsSource *source,
                                  guint     interval_ms)
{
  HsProcSource *self = HS_PROC_SOURCE (source);

  interval_ms = MAX (interval_ms, 1);
  if (interval_ms == self->interval_ms)
    return;
  self->interval_ms = interval_ms;
  /* Re-measure at the new pace from the next reading on. */
  if (!self->smaps_denied)
    self->ticks_since_smaps = self->smaps_every;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SMAPS_INTERVAL_MS]);
}

static const char *
hs_proc_source_get_name_iface (HsSource *source)
{
  return HS_PROC_SOURCE (source)->name;
}

static const GError *
hs_proc_source_get_problem (HsSource *source)
{
  return HS_PROC_SOURCE (source)->problem;
}

static void
hs_proc_source_iface_init (HsSourceInterface *iface)
{
  iface->get_metrics = hs_proc_source_get_metrics;
  iface->read_async = hs_proc_source_read_async;
  iface->read_finish = hs_proc_source_read_finish;
  iface->set_tick_interval = hs_proc_source_set_tick_interval;
  iface->get_name = hs_proc_source_get_name_iface;
  iface->get_problem = hs_proc_source_get_problem;
}

static void
hs_proc_source_constructed (GObject *object)
{
  HsProcSource *self = HS_PROC_SOURCE (object);
  guint n = (self->flags & HS_PROC_SOURCE_DESCENDANTS) ? N_TREE_METRICS : N_SINGLE_METRICS;

  G_OBJECT_CLASS (hs_proc_source_parent_class)->constructed (object);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HsMetric) metric = hs_metric_new (metric_table[i].id,
                                                  metric_table[i].label,
                                                  metric_table[i].explanation,
                                                  metric_table[i].unit,
                                                  metric_table[i].kind,
                                                  metric_table[i].can_be_unavailable);
      g_list_store_append (self->metrics, metric);
    }
}

static void
hs_proc_source_dispose (GObject *object)
{
  HsProcSource *self = HS_PROC_SOURCE (object);

  g_clear_object (&self->sampler);

  G_OBJECT_CLASS (hs_proc_source_parent_class)->dispose (object);
}

static void
hs_proc_source_finalize (GObject *object)
{
  HsProcSource *self = HS_PROC_SOURCE (object);

  g_clear_object (&self->metrics);
  g_clear_error (&self->problem);
  g_free (self->name);

  G_OBJECT_CLASS (hs_proc_source_parent_class)->finalize (object);
}

static void
hs_proc_source_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  HsProcSource *self = HS_PROC_SOURCE (object);

  switch (prop_id)
    {
    case PROP_SAMPLER:
      g_value_set_object (value, self->sampler);
      break;
    case PROP_PID:
      g_value_set_int (value, self->pid);
      break;
    case PROP_FLAGS:
      g_value_set_flags (value, self->flags);
      break;
    case PROP_START_TIME:
      g_value_set_uint64 (value, self->start_time);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_SMAPS_INTERVAL_MS:
      g_value_set_uint (value, hs_proc_source_get_smaps_interval_ms (self));
      break;
    case PROP_PROBLEM:
      g_value_set_boxed (value, self->problem);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hs_proc_source_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  HsProcSource *self = HS_PROC_SOURCE (object);

  switch (prop_id)
    {
    case PROP_SAMPLER:
      self->sampler = g_value_dup_object (value);
      break;
    case PROP_PID:
      self->pid = g_value_get_int (value);
      break;
    case PROP_FLAGS:
      self->flags = g_value_get_flags (value);
      break;
    case PROP_START_TIME:
      hs_proc_source_set_start_time (self, g_value_get_uint64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hs_proc_source_class_init (HsProcSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = hs_proc_source_constructed;
  object_class->dispose = hs_proc_source_dispose;
  object_class->finalize = hs_proc_source_finalize;
  object_class->get_property = hs_proc_source_get_property;
  object_class->set_property = hs_proc_source_set_property;

  properties[PROP_SAMPLER] =
    g_param_spec_object ("sampler", NULL, NULL, HS_TYPE_SAMPLER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PID] =
    g_param_spec_int ("pid", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FLAGS] =
    g_param_spec_flags ("flags", NULL, NULL, HS_TYPE_PROC_SOURCE_FLAGS, HS_PROC_SOURCE_NONE,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_START_TIME] =
    g_param_spec_uint64 ("start-time", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SMAPS_INTERVAL_MS] =
    g_param_spec_uint ("smaps-interval-ms", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, PROP_PROBLEM, properties);
  g_object_class_override_property (object_class, PROP_PROBLEM, "problem");
  properties[PROP_PROBLEM] = g_object_class_find_property (object_class, "problem");
}

static void
hs_proc_source_init (HsProcSource *self)
{
  self->metrics = g_list_store_new (HS_TYPE_METRIC);
  self->interval_ms = 1000;
  self->smaps_every = 1;
}

HsProcSource *
hs_proc_source_new (HsSampler         *sampler,
                    int                pid,
                    HsProcSourceFlags  flags)
{
  g_return_val_if_fail (HS_IS_SAMPLER (sampler), NULL);
  g_return_val_if_fail (pid > 0, NULL);

  return g_object_new (HS_TYPE_PROC_SOURCE,
                       "sampler", sampler,
                       "pid", pid,
                       "flags", flags,
                       NULL);
}

HsSampler *
hs_proc_source_get_sampler (HsProcSource *self)
{
  g_return_val_if_fail (HS_IS_PROC_SOURCE (self), NULL);
  return self->sampler;
}

int
hs_proc_source_get_pid (HsProcSource *self)
{
  g_return_val_if_fail (HS_IS_PROC_SOURCE (self), 0);
  return self->pid;
}

HsProcSourceFlags
hs_proc_source_get_flags (HsProcSource *self)
{
  g_return_val_if_fail (HS_IS_PROC_SOURCE (self), 0);
  return self->flags;
}

const char *
hs_proc_source_get_name (HsProcSource *self)
{
  g_return_val_if_fail (HS_IS_PROC_SOURCE (self), NULL);
  return self->name;
}

guint64
hs_proc_source_get_start_time (HsProcSource *self)
{
  g_return_val_if_fail (HS_IS_PROC_SOURCE (self), 0);
  return self->start_time;
}

void
hs_proc_source_set_start_time (HsProcSource *self,
                               guint64       start_time)
{
  g_return_if_fail (HS_IS_PROC_SOURCE (self));
  g_return_if_fail (self->n_readings == 0);

  if (start_time == self->start_time)
    return;
  self->start_time = start_time;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_START_TIME]);
}

guint
hs_proc_source_get_smaps_interval_ms (HsProcSource *self)
{
  g_return_val_if_fail (HS_IS_PROC_SOURCE (self), 0);
  return self->smaps_every * self->interval_ms;
}

int
hs_proc_source_get_largest_pid (HsProcSource *self)
{
  g_return_val_if_fail (HS_IS_PROC_SOURCE (self), 0);
  return self->largest_pid;
}

gint64
hs_proc_source_get_uptime (HsProcSource *self,
                           gint64        at_wall_usec)
{
  struct timespec ts;
  long hz = hs_procfs_clock_ticks ();
  gint64 boot_now, started;

  g_return_val_if_fail (HS_IS_PROC_SOURCE (self), -1);

  if (self->start_time == 0 || hz <= 0 || clock_gettime (CLOCK_BOOTTIME, &ts) != 0)
    return -1;

  boot_now = (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
  /* Move "now" back to @at_wall_usec (the moment the process stopped). */
  boot_now -= MAX (0, g_get_real_time () - at_wall_usec);
  started = (gint64) (self->start_time * G_USEC_PER_SEC / (guint64) hz);

  return boot_now > started ? boot_now - started : -1;
}
