/* hs-local-sampler.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-local-sampler"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glibtop.h>
#include <glibtop/proclist.h>
#include <glibtop/procmem.h>
#include <glibtop/procstate.h>
#include <glibtop/proctime.h>

#include "hs-local-sampler.h"
#include "hs-procfs.h"
#include "hs-sampler-private.h"

/* Where each figure comes from, and why:
 *  - libgtop: RSS, VSZ, shared (glibtop_get_proc_mem), CPU time
 *    (glibtop_get_proc_time), the pid list and names.
 *  - /proc/PID/status: Threads (libgtop 2.40 has no thread count at all),
 *    RssAnon and VmSwap (not in libgtop's proc_mem).
 *  - /proc/PID/stat: state (a zombie counts as gone) and start time (to
 *    notice a reused pid), through hs-procfs.c like the probe.
 *  - /proc/PID/smaps: heap and per-mapping figures. glibtop_get_proc_map
 *    lists the mappings, but in 2.40 (and 2.41.3) every per-map rss, pss,
 *    swap and dirty figure is 0 although its flags claim otherwise.
 *  - /proc/PID/fd: open descriptors (libgtop's proc_open_files resolves
 *    every socket and costs far more than counting entries). */

struct _HsLocalSampler
{
  HsSampler parent_instance;
};

G_DEFINE_FINAL_TYPE (HsLocalSampler, hs_local_sampler, HS_TYPE_SAMPLER)

/* libgtop keeps one global server struct: all samplers share this lock. */
static GMutex gtop_lock;

static guint64
gtop_cpu_usec (const glibtop_proc_time *time)
{
  guint64 frequency = time->frequency != 0 ? time->frequency : 100;

  return (time->utime + time->stime) * G_GUINT64_CONSTANT (1000000) / frequency;
}

static GPtrArray *
hs_local_sampler_list_processes (HsSampler  *sampler,
                                 GError    **error)
{
  GPtrArray *processes = g_ptr_array_new_with_free_func ((GDestroyNotify) hs_process_info_free);
  hs_procfs_passwd *passwd = hs_procfs_passwd_load ();
  glibtop_proclist list;
  g_autofree pid_t *pids = NULL;

  g_mutex_lock (&gtop_lock);
  pids = glibtop_get_proclist (&list, GLIBTOP_KERN_PROC_ALL, 0);
  g_mutex_unlock (&gtop_lock);

  if (pids == NULL)
    {
      hs_procfs_passwd_free (passwd);
      g_ptr_array_unref (processes);
      g_set_error (error, HS_SAMPLER_ERROR, HS_SAMPLER_ERROR_FAILED,
                   _("Cannot list processes: libgtop could not read /proc"));
      return NULL;
    }

  for (guint64 i = 0; i < list.number; i++)
    {
      int pid = pids[i];
      glibtop_proc_state state;
      glibtop_proc_mem mem;
      glibtop_proc_time time;
      char cmdline[4096];
      hs_procfs_stat stat;
      hs_procfs_status status;
      HsProcessInfo *info;
      char user[64];
      int task;

      /* A process may exit while we walk the list: skip it quietly. */
      if (hs_procfs_read_stat (pid, &stat) != 0)
        continue;
      /* Memory and command line from a running thread when the main one
       * exited (a plain zombie keeps its own, empty, figures). */
      task = hs_procfs_live_task (pid, &stat);
      if (task < 0)
        task = pid;
      if (hs_procfs_read_status (task, &status) != 0)
        continue;

      g_mutex_lock (&gtop_lock);
      glibtop_get_proc_state (&state, pid);
      glibtop_get_proc_mem (&mem, task);
      glibtop_get_proc_time (&time, pid);
      g_mutex_unlock (&gtop_lock);

      if (state.flags == 0)
        continue;

      info = g_new0 (HsProcessInfo, 1);
      info->pid = pid;
      info->uid = status.uid;
      info->name = g_strndup (state.cmd, sizeof state.cmd);
      hs_procfs_sanitize (info->name);
      hs_procfs_passwd_lookup (passwd, status.uid, user, sizeof user);
      info->user = g_strdup (user);
      /* The command line through hs-procfs, as the probe reads it, so both
       * samplers show the same text (same joining and sanitizing). */
      hs_procfs_read_cmdline (task, cmdline, sizeof cmdline);
      info->cmdline = g_strdup (cmdline);
      if (mem.flags & (1 << GLIBTOP_PROC_MEM_RESIDENT))
        {
          info->rss = mem.resident;
          info->flags |= HS_SAMPLE_RSS;
        }
      info->threads = status.threads >= 0 ? (guint) status.threads : (guint) stat.num_threads;
      info->flags |= HS_SAMPLE_THREADS;
      info->cpu_time_usec = gtop_cpu_usec (&time);
      info->start_time = stat.start_ticks;
      g_ptr_array_add (processes, info);
    }

  hs_procfs_passwd_free (passwd);
  return processes;
}

static gboolean
hs_local_sampler_sample (HsSampler        *sampler,
                         int               pid,
                         HsSampleRequest   request,
                         HsSample         *sample,
                         GError          **error)
{
  hs_procfs_stat stat;
  hs_procfs_status status;
  glibtop_proc_mem mem;
  glibtop_proc_time time;
  int task;
  int err;

  if ((err = hs_procfs_read_live_stat (pid, &stat)) != 0)
    {
      _hs_sampler_set_errno_error (error, err, pid, "stat");
      return FALSE;
    }
  /* Whose /proc files hold the memory: see hs_procfs_live_task(). */
  task = hs_procfs_live_task (pid, &stat);
  if (task < 0)
    {
      _hs_sampler_set_errno_error (error, -ESRCH, pid, "stat");
      return FALSE;
    }

  g_mutex_lock (&gtop_lock);
  glibtop_get_proc_mem (&mem, task);
  glibtop_get_proc_time (&time, pid);
  g_mutex_unlock (&gtop_lock);

  /* libgtop reports a vanished pid with flags = 0. */
  if (mem.flags == 0 || time.flags == 0)
    {
      _hs_sampler_set_errno_error (error, -ESRCH, pid, "statm");
      return FALSE;
    }

  if ((err = hs_procfs_read_status (task, &status)) != 0)
    {
      _hs_sampler_set_errno_error (error, err, pid, "status");
      return FALSE;
    }

  sample->rss = mem.resident;
  sample->vsz = mem.vsize;
  sample->shared = mem.share;
  sample->flags |= HS_SAMPLE_RSS | HS_SAMPLE_VSZ | HS_SAMPLE_SHARED;
  sample->cpu_time_usec = gtop_cpu_usec (&time);
  sample->start_time = stat.start_ticks;
  sample->threads = status.threads >= 0 ? (guint) status.threads : (guint) stat.num_threads;
  sample->flags |= HS_SAMPLE_THREADS;
  /* Kernel threads have no memory lines: no value rather than zero. */
  if (status.rss_anon >= 0)
    {
      sample->anon = (guint64) status.rss_anon;
      sample->flags |= HS_SAMPLE_ANON;
    }
  if (status.vm_swap >= 0)
    {
      sample->swap = (guint64) status.vm_swap;
      sample->flags |= HS_SAMPLE_SWAP;
    }

  if (request & HS_SAMPLE_REQUEST_FDS)
    {
      int fds = hs_procfs_count_fds (task);

      if (fds >= 0)
        {
          sample->fds = fds;
          sample->flags |= HS_SAMPLE_FDS;
        }
    }

  if (request & HS_SAMPLE_REQUEST_SMAPS)
    {
      hs_procfs_smaps_totals totals;

      err = hs_procfs_read_smaps_totals (task, &totals);
      if (err == -EACCES || err == -EPERM)
        sample->flags |= HS_SAMPLE_SMAPS_DENIED;
      else if (err == 0 && (totals.n_mappings > 0 || hs_procfs_read_live_stat (pid, &stat) == 0))
        {
          sample->heap = totals.heap;
          sample->flags |= HS_SAMPLE_HEAP;
        }
    }

  return TRUE;
}

static int
add_mapping (const hs_procfs_mapping *m,
             void                    *user_data)
{
  HsMemoryMap *map = user_data;
  HsMapping mapping = {
    .start = m->start,
    .end = m->end,
    .offset = m->offset,
    .inode = m->inode,
    .name = (char *) _hs_mapping_display_name (m->path),
    .size = m->size,
    .rss = m->rss,
    .pss = m->pss,
    .private_dirty = m->private_dirty,
    .swap = m->swap,
  };

  g_strlcpy (mapping.perms, m->perms, sizeof mapping.perms);
  hs_memory_map_add (map, &mapping);
  return 0;
}

static HsMemoryMap *
hs_local_sampler_read_maps (HsSampler  *sampler,
                            int         pid,
                            GError    **error)
{
  g_autoptr(HsMemoryMap) map = NULL;
  hs_procfs_stat stat;
  char cmdline[4096];
  int task;
  int err;

  if ((err = hs_procfs_read_live_stat (pid, &stat)) != 0 ||
      (err = task = hs_procfs_live_task (pid, &stat)) < 0)
    {
      _hs_sampler_set_errno_error (error, err, pid, "stat");
      return NULL;
    }
  hs_procfs_read_cmdline (task, cmdline, sizeof cmdline);
  hs_procfs_sanitize (stat.comm);

  map = hs_memory_map_new (pid, stat.comm, cmdline, g_get_real_time ());
  err = hs_procfs_read_smaps (task, add_mapping, map);
  if (err == 0 && hs_memory_map_get_n_mappings (map) == 0 && hs_procfs_read_live_stat (pid, &stat) != 0)
    err = -ESRCH;
  if (err != 0)
    {
      _hs_sampler_set_errno_error (error, err, pid, "smaps");
      return NULL;
    }

  return g_steal_pointer (&map);
}

static HsProcessInfo *
hs_local_sampler_get_info (HsSampler  *sampler,
                           int         pid,
                           GError    **error)
{
  hs_procfs_passwd *passwd;
  hs_procfs_stat stat;
  hs_procfs_status status;
  HsProcessInfo *info;
  char cmdline[4096];
  char user[64];
  int task;
  int err;

  if ((err = hs_procfs_read_live_stat (pid, &stat)) != 0 ||
      (err = task = hs_procfs_live_task (pid, &stat)) < 0)
    {
      _hs_sampler_set_errno_error (error, err, pid, "stat");
      return NULL;
    }
  if ((err = hs_procfs_read_status (task, &status)) != 0)
    {
      _hs_sampler_set_errno_error (error, err, pid, "status");
      return NULL;
    }
  hs_procfs_read_cmdline (task, cmdline, sizeof cmdline);
  passwd = hs_procfs_passwd_load ();
  hs_procfs_passwd_lookup (passwd, status.uid, user, sizeof user);
  hs_procfs_passwd_free (passwd);
  hs_procfs_sanitize (stat.comm);

  info = g_new0 (HsProcessInfo, 1);
  info->pid = pid;
  info->uid = status.uid;
  info->name = g_strdup (stat.comm);
  info->user = g_strdup (user);
  info->cmdline = g_strdup (cmdline);
  info->start_time = stat.start_ticks;
  return info;
}

static void
hs_local_sampler_class_init (HsLocalSamplerClass *klass)
{
  HsSamplerClass *sampler_class = HS_SAMPLER_CLASS (klass);

  sampler_class->list_processes = hs_local_sampler_list_processes;
  sampler_class->sample = hs_local_sampler_sample;
  sampler_class->read_maps = hs_local_sampler_read_maps;
  sampler_class->get_info = hs_local_sampler_get_info;

  g_mutex_lock (&gtop_lock);
  glibtop_init ();
  g_mutex_unlock (&gtop_lock);
}

static void
hs_local_sampler_init (HsLocalSampler *self)
{
}

HsSampler *
hs_local_sampler_new (void)
{
  return g_object_new (HS_TYPE_LOCAL_SAMPLER, NULL);
}
