/* hs-procfs.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Plain libc /proc readers, compiled into the core library AND into
 * heapscope-probe (which links nothing but libc), so both samplers parse
 * the kernel's text the same way. No GLib types here on purpose.
 *
 * Every function returns 0 on success or a negative errno: -ENOENT/-ESRCH
 * when the process is gone, -EACCES/-EPERM when the kernel refuses. */

#pragma once

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct
{
  char               comm[64];
  char               state;          /* 'R', 'S', … 'Z' for a zombie */
  int                ppid;
  unsigned long long utime_ticks;
  unsigned long long stime_ticks;
  long               num_threads;
  unsigned long long start_ticks;    /* since boot */
  unsigned long long vsize_bytes;
  long long          rss_pages;
} hs_procfs_stat;

typedef struct
{
  unsigned long long size_pages;
  unsigned long long resident_pages;
  unsigned long long shared_pages;   /* RssFile + RssShmem */
} hs_procfs_statm;

/* Fields of /proc/PID/status, in bytes (the kernel prints kB). A field the
 * kernel did not print (kernel threads have no Vm* lines) stays at -1. */
typedef struct
{
  unsigned int uid;                  /* real uid */
  long long    vm_rss;
  long long    vm_size;
  long long    rss_anon;
  long long    rss_file;
  long long    rss_shmem;
  long long    vm_swap;
  long         threads;
} hs_procfs_status;

/* One mapping of /proc/PID/smaps; sizes in bytes. */
typedef struct
{
  unsigned long long start;
  unsigned long long end;
  char               perms[5];
  unsigned long long offset;
  unsigned long long inode;
  char               path[4096];     /* "" for an anonymous mapping */
  unsigned long long size;
  unsigned long long rss;
  unsigned long long pss;
  unsigned long long private_dirty;
  unsigned long long swap;
  unsigned long long anonymous;
  unsigned long long lazy_free;      /* MADV_FREE pages still in Rss */
} hs_procfs_mapping;

typedef int (*hs_procfs_mapping_func) (const hs_procfs_mapping *mapping,
                                       void                    *user_data);

/* Totals over smaps that the sampler needs, in bytes. */
typedef struct
{
  unsigned long long heap;           /* see HsSample:heap for the definition */
  unsigned long long rss;
  unsigned long long pss;
  unsigned long long swap;
  unsigned long long n_mappings;
} hs_procfs_smaps_totals;

long               hs_procfs_page_size    (void);
long               hs_procfs_clock_ticks  (void);

int  hs_procfs_read_stat    (int pid, hs_procfs_stat   *out);
/* As hs_procfs_read_stat(), but a zombie is -ESRCH: it has released its
 * memory, so for a memory sampler it is gone. A process whose main thread
 * exited (pthread_exit) while others run is NOT gone, although its main
 * thread shows as a zombie: see hs_procfs_live_task(). */
int  hs_procfs_read_live_stat (int pid, hs_procfs_stat *out);
/* The pid whose /proc files show the memory, command line and descriptors
 * of process @pid, given @stat read from /proc/@pid/stat: @pid itself, or
 * when its main thread has exited while other threads run (the kernel
 * then shows /proc/@pid/statm as zeros, status without its memory lines,
 * smaps, cmdline and fd empty) the id of a running thread, whose
 * /proc/TID has them all. -ESRCH when no thread runs. */
int  hs_procfs_live_task    (int pid, const hs_procfs_stat *stat);
int  hs_procfs_read_statm   (int pid, hs_procfs_statm  *out);
int  hs_procfs_read_status  (int pid, hs_procfs_status *out);
/* Number of entries of /proc/PID/fd (result >= 0) or a negative errno. */
int  hs_procfs_count_fds    (int pid);
/* Arguments joined by single spaces, control characters replaced by '?';
 * "" for kernel threads. Truncated to fit @size. */
int  hs_procfs_read_cmdline (int pid, char *buf, size_t size);
/* Calls @func for each mapping; stops early when it returns non-zero. */
int  hs_procfs_read_smaps   (int pid, hs_procfs_mapping_func func, void *user_data);
int  hs_procfs_read_smaps_totals (int pid, hs_procfs_smaps_totals *out);
/* Is this mapping counted in "heap"? [heap], or anonymous and private. */
int  hs_procfs_mapping_is_heap (const hs_procfs_mapping *mapping);

/* Calls @func for every numeric entry of /proc (a pid); stops early when it
 * returns non-zero. */
int  hs_procfs_list_pids    (int (*func) (int pid, void *user_data), void *user_data);

/* User names from /etc/passwd, read once per table. */
typedef struct hs_procfs_passwd hs_procfs_passwd;
hs_procfs_passwd *hs_procfs_passwd_load (void);
/* Writes the name of @uid, or the number when it has none. */
void              hs_procfs_passwd_lookup (hs_procfs_passwd *table,
                                           unsigned int      uid,
                                           char             *buf,
                                           size_t            size);
void              hs_procfs_passwd_free (hs_procfs_passwd *table);

/* Replaces every byte < 0x20 (tab, newline…) by '?', in place, so a name
 * can travel in a tab-separated line. */
void hs_procfs_sanitize (char *text);

#ifdef __cplusplus
}
#endif
