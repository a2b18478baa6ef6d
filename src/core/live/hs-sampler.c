/* hs-sampler.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-sampler"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "hs-local-sampler.h"
#include "hs-probe-sampler.h"
#include "hs-sampler.h"
#include "hs-sampler-private.h"

#include <errno.h>

typedef struct
{
  guint64 start_time;
  guint64 cpu_time_usec;
  gint64  mono_usec;
} CpuMark;

typedef struct
{
  /* Subclasses need not be thread-safe: one call at a time. */
  GMutex      lock;
  /* pid → CpuMark, from the previous sample / listing. */
  GHashTable *sample_marks;
  GHashTable *list_marks;
} HsSamplerPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (HsSampler, hs_sampler, G_TYPE_OBJECT)

G_DEFINE_QUARK (hs-sampler-error-quark, hs_sampler_error)

G_DEFINE_BOXED_TYPE (HsProcessInfo, hs_process_info, hs_process_info_copy, hs_process_info_free)

HsProcessInfo *
hs_process_info_copy (const HsProcessInfo *info)
{
  HsProcessInfo *copy;

  g_return_val_if_fail (info != NULL, NULL);

  copy = g_memdup2 (info, sizeof *info);
  copy->name = g_strdup (info->name);
  copy->user = g_strdup (info->user);
  copy->cmdline = g_strdup (info->cmdline);
  return copy;
}

void
hs_process_info_free (HsProcessInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->name);
  g_free (info->user);
  g_free (info->cmdline);
  g_free (info);
}

static void
hs_sampler_finalize (GObject *object)
{
  HsSampler *self = HS_SAMPLER (object);
  HsSamplerPrivate *priv = hs_sampler_get_instance_private (self);

  g_clear_pointer (&priv->sample_marks, g_hash_table_unref);
  g_clear_pointer (&priv->list_marks, g_hash_table_unref);
  g_mutex_clear (&priv->lock);

  G_OBJECT_CLASS (hs_sampler_parent_class)->finalize (object);
}

static void
hs_sampler_class_init (HsSamplerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hs_sampler_finalize;
}

static void
hs_sampler_init (HsSampler *self)
{
  HsSamplerPrivate *priv = hs_sampler_get_instance_private (self);

  g_mutex_init (&priv->lock);
  priv->sample_marks = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  priv->list_marks = g_hash_table_new_full (NULL, NULL, NULL, g_free);
}

/* CPU % = CPU time used / wall time elapsed since the previous reading of
 * the same process (same start time, so a reused pid does not count). */
static gboolean
compute_cpu (GHashTable *marks,
             int         pid,
             guint64     start_time,
             guint64     cpu_time_usec,
             gint64      mono_usec,
             double     *out_percent)
{
  CpuMark *mark = g_hash_table_lookup (marks, GINT_TO_POINTER (pid));
  gboolean valid = FALSE;

  if (mark != NULL && mark->start_time == start_time &&
      mono_usec > mark->mono_usec && cpu_time_usec >= mark->cpu_time_usec)
    {
      *out_percent = 100.0 * (double) (cpu_time_usec - mark->cpu_time_usec) /
                     (double) (mono_usec - mark->mono_usec);
      valid = TRUE;
    }

  if (mark == NULL)
    {
      mark = g_new0 (CpuMark, 1);
      g_hash_table_insert (marks, GINT_TO_POINTER (pid), mark);
    }
  mark->start_time = start_time;
  mark->cpu_time_usec = cpu_time_usec;
  mark->mono_usec = mono_usec;
  return valid;
}

static int
compare_pid (gconstpointer a,
             gconstpointer b)
{
  const HsProcessInfo *pa = *(HsProcessInfo * const *) a;
  const HsProcessInfo *pb = *(HsProcessInfo * const *) b;

  return (pa->pid > pb->pid) - (pa->pid < pb->pid);
}

GPtrArray *
hs_sampler_list_processes (HsSampler  *self,
                           GError    **error)
{
  HsSamplerPrivate *priv = hs_sampler_get_instance_private (self);
  g_autoptr(GHashTable) old_marks = NULL;
  GPtrArray *processes;
  gint64 now;

  g_return_val_if_fail (HS_IS_SAMPLER (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  g_mutex_lock (&priv->lock);
  now = g_get_monotonic_time ();
  processes = HS_SAMPLER_GET_CLASS (self)->list_processes (self, error);
  if (processes != NULL)
    {
      /* Keep marks only for processes still there, so the table does not
       * grow with every pid ever seen. */
      old_marks = g_steal_pointer (&priv->list_marks);
      priv->list_marks = g_hash_table_new_full (NULL, NULL, NULL, g_free);
      for (guint i = 0; i < processes->len; i++)
        {
          HsProcessInfo *info = g_ptr_array_index (processes, i);
          gpointer key = GINT_TO_POINTER (info->pid);
          gpointer mark = NULL;

          if (g_hash_table_steal_extended (old_marks, key, NULL, &mark))
            g_hash_table_insert (priv->list_marks, key, mark);
          if (compute_cpu (priv->list_marks, info->pid, info->start_time,
                           info->cpu_time_usec, now, &info->cpu_percent))
            info->flags |= HS_SAMPLE_CPU;
        }
      g_ptr_array_sort (processes, compare_pid);
    }
  g_mutex_unlock (&priv->lock);

  return processes;
}

/* A PID the kernel could never have: refused before asking any backend. */
static gboolean
check_pid (int      pid,
           GError **error)
{
  if (pid > 0)
    return TRUE;

  g_set_error (error, HS_SAMPLER_ERROR, HS_SAMPLER_ERROR_FAILED,
               _("Invalid process id %d"), pid);
  return FALSE;
}

gboolean
hs_sampler_sample (HsSampler        *self,
                   int               pid,
                   HsSampleRequest   request,
                   HsSample         *out_sample,
                   GError          **error)
{
  HsSamplerPrivate *priv = hs_sampler_get_instance_private (self);
  HsSample sample = { 0 };
  gboolean ret;

  g_return_val_if_fail (HS_IS_SAMPLER (self), FALSE);
  g_return_val_if_fail (out_sample != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_pid (pid, error))
    return FALSE;

  g_mutex_lock (&priv->lock);
  sample.mono_usec = g_get_monotonic_time ();
  sample.wall_usec = g_get_real_time ();
  ret = HS_SAMPLER_GET_CLASS (self)->sample (self, pid, request, &sample, error);
  if (ret)
    {
      if (compute_cpu (priv->sample_marks, pid, sample.start_time,
                       sample.cpu_time_usec, sample.mono_usec, &sample.cpu_percent))
        sample.flags |= HS_SAMPLE_CPU;
      *out_sample = sample;
    }
  else
    g_hash_table_remove (priv->sample_marks, GINT_TO_POINTER (pid));
  g_mutex_unlock (&priv->lock);

  return ret;
}

HsProcessInfo *
hs_sampler_get_info (HsSampler  *self,
                     int         pid,
                     GError    **error)
{
  HsSamplerPrivate *priv = hs_sampler_get_instance_private (self);
  HsProcessInfo *info;

  g_return_val_if_fail (HS_IS_SAMPLER (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_pid (pid, error))
    return NULL;

  g_mutex_lock (&priv->lock);
  info = HS_SAMPLER_GET_CLASS (self)->get_info (self, pid, error);
  g_mutex_unlock (&priv->lock);

  return info;
}

HsMemoryMap *
hs_sampler_read_maps (HsSampler  *self,
                      int         pid,
                      GError    **error)
{
  HsSamplerPrivate *priv = hs_sampler_get_instance_private (self);
  HsMemoryMap *map;

  g_return_val_if_fail (HS_IS_SAMPLER (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_pid (pid, error))
    return NULL;

  g_mutex_lock (&priv->lock);
  map = HS_SAMPLER_GET_CLASS (self)->read_maps (self, pid, error);
  g_mutex_unlock (&priv->lock);

  return map;
}

/* Async wrappers: the blocking call in a GTask thread. */

typedef struct
{
  int             pid;
  HsSampleRequest request;
} TaskData;

static void
list_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *processes = hs_sampler_list_processes (source_object, &error);

  if (processes == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, processes, (GDestroyNotify) g_ptr_array_unref);
}

void
hs_sampler_list_processes_async (HsSampler           *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (HS_IS_SAMPLER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hs_sampler_list_processes_async);
  g_task_run_in_thread (task, list_thread);
}

GPtrArray *
hs_sampler_list_processes_finish (HsSampler     *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
sample_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  TaskData *data = task_data;
  GError *error = NULL;
  HsSample sample;

  if (hs_sampler_sample (source_object, data->pid, data->request, &sample, &error))
    g_task_return_pointer (task, hs_sample_copy (&sample), (GDestroyNotify) hs_sample_free);
  else
    g_task_return_error (task, error);
}

void
hs_sampler_sample_async (HsSampler           *self,
                         int                  pid,
                         HsSampleRequest      request,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  TaskData *data;

  g_return_if_fail (HS_IS_SAMPLER (self));

  data = g_new0 (TaskData, 1);
  data->pid = pid;
  data->request = request;
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hs_sampler_sample_async);
  g_task_set_task_data (task, data, g_free);
  g_task_run_in_thread (task, sample_thread);
}

gboolean
hs_sampler_sample_finish (HsSampler     *self,
                          GAsyncResult  *result,
                          HsSample      *out_sample,
                          GError       **error)
{
  g_autoptr(HsSample) sample = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  sample = g_task_propagate_pointer (G_TASK (result), error);
  if (sample == NULL)
    return FALSE;
  if (out_sample != NULL)
    *out_sample = *sample;
  return TRUE;
}

static void
maps_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  TaskData *data = task_data;
  GError *error = NULL;
  HsMemoryMap *map = hs_sampler_read_maps (source_object, data->pid, &error);

  if (map == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, map, (GDestroyNotify) hs_memory_map_unref);
}

void
hs_sampler_read_maps_async (HsSampler           *self,
                            int                  pid,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  TaskData *data;

  g_return_if_fail (HS_IS_SAMPLER (self));

  data = g_new0 (TaskData, 1);
  data->pid = pid;
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hs_sampler_read_maps_async);
  g_task_set_task_data (task, data, g_free);
  g_task_run_in_thread (task, maps_thread);
}

HsMemoryMap *
hs_sampler_read_maps_finish (HsSampler     *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
hs_running_in_flatpak (char **out_app_path)
{
  g_autoptr(GKeyFile) key_file = NULL;

  if (!g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS))
    return FALSE;

  if (out_app_path != NULL)
    {
      key_file = g_key_file_new ();
      *out_app_path = NULL;
      if (g_key_file_load_from_file (key_file, "/.flatpak-info", G_KEY_FILE_NONE, NULL))
        *out_app_path = g_key_file_get_string (key_file, "Instance", "app-path", NULL);
    }
  return TRUE;
}

char *
hs_find_helper_program (const char *name)
{
  const char *env;
  g_autofree char *installed = NULL;

  g_return_val_if_fail (name != NULL, NULL);

  env = g_getenv ("HEAPSCOPE_LIBEXECDIR");
  if (env != NULL && *env != '\0')
    {
      g_auto(GStrv) dirs = g_strsplit (env, ":", -1);

      for (guint i = 0; dirs[i] != NULL; i++)
        {
          g_autofree char *path = NULL;

          if (dirs[i][0] == '\0')
            continue;
          path = g_build_filename (dirs[i], name, NULL);
          if (g_file_test (path, G_FILE_TEST_IS_EXECUTABLE) &&
              !g_file_test (path, G_FILE_TEST_IS_DIR))
            {
              if (!g_path_is_absolute (path))
                {
                  g_autofree char *cwd = g_get_current_dir ();
                  return g_build_filename (cwd, path, NULL);
                }
              return g_steal_pointer (&path);
            }
        }
    }

  installed = g_build_filename (LIBEXECDIR, name, NULL);
  if (g_file_test (installed, G_FILE_TEST_IS_EXECUTABLE))
    return g_steal_pointer (&installed);

  return NULL;
}

HsSampler *
hs_sampler_new_default (GError **error)
{
  /* HEAPSCOPE_SAMPLER=probe takes the sandbox's path outside it: tests
   * and anyone debugging the probe need it on a plain host. */
  if (hs_running_in_flatpak (NULL) || g_strcmp0 (g_getenv ("HEAPSCOPE_SAMPLER"), "probe") == 0)
    return hs_probe_sampler_new (error);
  return hs_local_sampler_new ();
}

static void
new_default_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  GError *error = NULL;
  HsSampler *sampler = hs_sampler_new_default (&error);

  if (sampler == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, sampler, g_object_unref);
}

void
hs_sampler_new_default_async (GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, hs_sampler_new_default_async);
  /* Once @cancellable is cancelled, _finish says so and a sampler made
   * meanwhile is dropped with the task. */
  g_task_run_in_thread (task, new_default_thread);
}

HsSampler *
hs_sampler_new_default_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == hs_sampler_new_default_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
_hs_sampler_set_errno_error (GError     **error,
                             int          neg_errno,
                             int          pid,
                             const char  *file)
{
  switch (-neg_errno)
    {
    case ENOENT:
    case ESRCH:
      g_set_error (error, HS_SAMPLER_ERROR, HS_SAMPLER_ERROR_PROCESS_GONE,
                   _("Process %d has exited"), pid);
      break;

    case EACCES:
    case EPERM:
      /* Name the file that was refused, and explain that refusal: the
       * memory map needs ptrace access, the other files are refused
       * when /proc hides other users' processes. */
      if (g_str_equal (file, "smaps"))
        g_set_error (error, HS_SAMPLER_ERROR, HS_SAMPLER_ERROR_PERMISSION_DENIED,
                     _("Cannot read /proc/%d/%s: permission denied. The kernel shows a "
                       "process’s memory map (heap, PSS and per-mapping figures) only to "
                       "a caller allowed to trace it: the same user, or root, and even "
                       "root can be refused (e.g. for PID 1 in a container)."),
                     pid, file);
      else
        g_set_error (error, HS_SAMPLER_ERROR, HS_SAMPLER_ERROR_PERMISSION_DENIED,
                     _("Cannot read /proc/%d/%s: permission denied. This system hides "
                       "other users’ processes (for example /proc mounted with hidepid), "
                       "so this process cannot be watched."),
                     pid, file);
      break;

    default:
      g_set_error (error, HS_SAMPLER_ERROR, HS_SAMPLER_ERROR_FAILED,
                   _("Cannot read /proc/%d/%s: %s"), pid, file, g_strerror (-neg_errno));
      break;
    }
}

const char *
_hs_mapping_display_name (const char *path)
{
  return path == NULL || path[0] == '\0' ? "[anon]" : path;
}
