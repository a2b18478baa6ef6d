/* hs-procfs.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Plain libc on purpose: heapscope-probe compiles this file too and links
 * nothing else (see hs-procfs.h). */

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hs-procfs.h"

long
hs_procfs_page_size (void)
{
  static long page_size;

  if (page_size == 0)
    page_size = sysconf (_SC_PAGESIZE);
  return page_size;
}

long
hs_procfs_clock_ticks (void)
{
  static long ticks;

  if (ticks == 0)
    ticks = sysconf (_SC_CLK_TCK);
  return ticks;
}

/* Reads up to @size - 1 bytes of a /proc file into @buf (NUL-terminated):
 * for files whose truncation is intended (cmdline). Returns the length or
 * a negative errno. */
static int
read_small_file (const char *path,
                 char       *buf,
                 size_t      size)
{
  size_t len = 0;
  int fd;

  fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return -errno;

  while (len + 1 < size)
    {
      ssize_t n = read (fd, buf + len, size - 1 - len);

      if (n < 0)
        {
          int saved = errno;

          if (saved == EINTR)
            continue;
          close (fd);
          return -saved;
        }
      if (n == 0)
        break;
      len += (size_t) n;
    }

  close (fd);
  buf[len] = '\0';
  return (int) len;
}

/* Reads ALL of a /proc file into a malloc()ed, NUL-terminated *@out. /proc
 * files report no size and some outgrow any fixed buffer: status is 14.6 KB
 * with 1,200 supplementary groups, and the memory lines come after the
 * Groups line. Returns the length or a negative errno (*@out NULL). */
static long
read_whole_file (const char  *path,
                 char       **out)
{
  size_t size = 4096;
  size_t len = 0;
  char *buf;
  int fd;

  *out = NULL;
  fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return -errno;
  buf = malloc (size);
  if (buf == NULL)
    {
      close (fd);
      return -ENOMEM;
    }

  for (;;)
    {
      ssize_t n;

      if (len + 1 >= size)
        {
          char *bigger = size < ((size_t) 1 << 30) ? realloc (buf, size * 2) : NULL;

          if (bigger == NULL)
            {
              free (buf);
              close (fd);
              return -ENOMEM;
            }
          buf = bigger;
          size *= 2;
        }
      n = read (fd, buf + len, size - 1 - len);
      if (n < 0)
        {
          int saved = errno;

          if (saved == EINTR)
            continue;
          free (buf);
          close (fd);
          return -saved;
        }
      if (n == 0)
        break;
      len += (size_t) n;
    }

  close (fd);
  buf[len] = '\0';
  *out = buf;
  return (long) len;
}

/* The text of /proc/PID/stat. */
static int
parse_stat (const char     *buf,
            hs_procfs_stat *out)
{
  const char *open_paren;
  const char *close_paren;
  size_t comm_len;
  int n;

  /* comm may hold spaces and parentheses: it ends at the LAST ')'. */
  open_paren = strchr (buf, '(');
  close_paren = strrchr (buf, ')');
  if (open_paren == NULL || close_paren == NULL || close_paren < open_paren)
    return -EINVAL;

  memset (out, 0, sizeof *out);
  comm_len = (size_t) (close_paren - open_paren - 1);
  if (comm_len >= sizeof out->comm)
    comm_len = sizeof out->comm - 1;
  memcpy (out->comm, open_paren + 1, comm_len);
  out->comm[comm_len] = '\0';

  /* Fields 3..24 of proc(5). */
  n = sscanf (close_paren + 1,
              " %c %d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu %*d %*d %*d %*d"
              " %ld %*d %llu %llu %lld",
              &out->state, &out->ppid, &out->utime_ticks, &out->stime_ticks,
              &out->num_threads, &out->start_ticks, &out->vsize_bytes, &out->rss_pages);
  if (n != 8)
    return -EINVAL;

  return 0;
}

int
hs_procfs_read_stat (int             pid,
                     hs_procfs_stat *out)
{
  char path[64];
  char *buf = NULL;
  int err;

  snprintf (path, sizeof path, "/proc/%d/stat", pid);
  err = (int) read_whole_file (path, &buf);
  if (err > 0)
    err = parse_stat (buf, out);
  else if (err == 0)
    err = -ESRCH;
  free (buf);
  return err;
}


int
hs_procfs_read_live_stat (int             pid,
                          hs_procfs_stat *out)
{
  int err = hs_procfs_read_stat (pid, out);

  if (err == 0 && hs_procfs_live_task (pid, out) < 0)
    return -ESRCH;
  return err;
}

int
hs_procfs_live_task (int                   pid,
                     const hs_procfs_stat *stat)
{
  char path[64];
  struct dirent *entry;
  DIR *dir;
  int found = -ESRCH;

  if (stat->state != 'Z' && stat->state != 'X')
    return pid;
  /* A zombie main thread still counts itself: only more than one thread
   * means that another one may be running. */
  if (stat->num_threads <= 1)
    return -ESRCH;

  snprintf (path, sizeof path, "/proc/%d/task", pid);
  dir = opendir (path);
  if (dir == NULL)
    return -errno;
  while (found < 0 && (entry = readdir (dir)) != NULL)
    {
      char *end = NULL;
      long tid = strtol (entry->d_name, &end, 10);
      hs_procfs_stat thread;

      if (end == entry->d_name || *end != '\0' || tid <= 0 || tid == pid || tid > 0x3fffffff)
        continue;
      /* /proc/TID is the thread's own view of the process: its state,
       * and the memory, command line and descriptors it shares. */
      if (hs_procfs_read_stat ((int) tid, &thread) == 0 &&
          thread.state != 'Z' && thread.state != 'X')
        found = (int) tid;
    }
  closedir (dir);
  return found;
}

int
hs_procfs_read_statm (int              pid,
                      hs_procfs_statm *out)
{
  char path[64];
  char *buf = NULL;
  long len;
  int err = 0;

  snprintf (path, sizeof path, "/proc/%d/statm", pid);
  len = read_whole_file (path, &buf);
  if (len <= 0)
    err = len < 0 ? (int) len : -ESRCH;
  else
    {
      memset (out, 0, sizeof *out);
      if (sscanf (buf, "%llu %llu %llu", &out->size_pages, &out->resident_pages,
                  &out->shared_pages) != 3)
        err = -EINVAL;
    }
  free (buf);
  return err;
}

/* "   1234 kB" → 1234 × 1024 */
static long long
parse_kb (const char *value)
{
  char *end = NULL;
  long long kb;

  kb = strtoll (value, &end, 10);
  if (end == value)
    return -1;
  return kb * 1024;
}

int
hs_procfs_read_status (int               pid,
                       hs_procfs_status *out)
{
  char path[64];
  char *buf = NULL;
  char *line;
  char *saveptr = NULL;
  int have_uid = 0;
  long len;

  snprintf (path, sizeof path, "/proc/%d/status", pid);
  len = read_whole_file (path, &buf);
  if (len <= 0)
    {
      free (buf);
      return len < 0 ? (int) len : -ESRCH;
    }

  out->uid = 0;
  out->vm_rss = out->vm_size = out->rss_anon = out->rss_file = -1;
  out->rss_shmem = out->vm_swap = -1;
  out->threads = -1;

  for (line = strtok_r (buf, "\n", &saveptr);
       line != NULL;
       line = strtok_r (NULL, "\n", &saveptr))
    {
      char *colon = strchr (line, ':');
      const char *value;

      if (colon == NULL)
        continue;
      *colon = '\0';
      value = colon + 1;

      if (strcmp (line, "Uid") == 0)
        {
          out->uid = (unsigned int) strtoul (value, NULL, 10);
          have_uid = 1;
        }
      else if (strcmp (line, "VmRSS") == 0)
        out->vm_rss = parse_kb (value);
      else if (strcmp (line, "VmSize") == 0)
        out->vm_size = parse_kb (value);
      else if (strcmp (line, "RssAnon") == 0)
        out->rss_anon = parse_kb (value);
      else if (strcmp (line, "RssFile") == 0)
        out->rss_file = parse_kb (value);
      else if (strcmp (line, "RssShmem") == 0)
        out->rss_shmem = parse_kb (value);
      else if (strcmp (line, "VmSwap") == 0)
        out->vm_swap = parse_kb (value);
      else if (strcmp (line, "Threads") == 0)
        out->threads = strtol (value, NULL, 10);
    }

  free (buf);
  return have_uid ? 0 : -EINVAL;
}

int
hs_procfs_count_fds (int pid)
{
  char path[64];
  struct dirent *entry;
  DIR *dir;
  int count = 0;

  snprintf (path, sizeof path, "/proc/%d/fd", pid);
  dir = opendir (path);
  if (dir == NULL)
    return -errno;

  errno = 0;
  while ((entry = readdir (dir)) != NULL)
    {
      if (entry->d_name[0] != '.')
        count++;
    }
  if (errno != 0)
    {
      int saved = errno;

      closedir (dir);
      return -saved;
    }

  closedir (dir);
  return count;
}

void
hs_procfs_sanitize (char *text)
{
  for (; *text != '\0'; text++)
    {
      if ((unsigned char) *text < 0x20 || *text == 0x7f)
        *text = '?';
    }
}

int
hs_procfs_read_cmdline (int     pid,
                        char   *buf,
                        size_t  size)
{
  char path[64];
  int len;

  if (size == 0)
    return -EINVAL;

  snprintf (path, sizeof path, "/proc/%d/cmdline", pid);
  len = read_small_file (path, buf, size);
  if (len < 0)
    {
      buf[0] = '\0';
      return len;
    }

  /* Arguments are NUL-separated, with a trailing NUL. */
  while (len > 0 && buf[len - 1] == '\0')
    len--;
  buf[len] = '\0';
  for (int i = 0; i < len; i++)
    {
      if (buf[i] == '\0')
        buf[i] = ' ';
    }
  hs_procfs_sanitize (buf);

  return 0;
}

/* A smaps header: "start-end perms offset dev inode [path]". */
static int
parse_smaps_header (char              *line,
                    hs_procfs_mapping *mapping)
{
  int consumed = 0;
  const char *path;
  size_t path_len;

  memset (mapping, 0, sizeof *mapping);
  if (sscanf (line, "%llx-%llx %4s %llx %*s %llu %n",
              &mapping->start, &mapping->end, mapping->perms,
              &mapping->offset, &mapping->inode, &consumed) < 5)
    return -EINVAL;

  path = line + consumed;
  while (*path == ' ' || *path == '\t')
    path++;
  path_len = strlen (path);
  while (path_len > 0 && (path[path_len - 1] == '\n' || path[path_len - 1] == ' '))
    path_len--;
  if (path_len >= sizeof mapping->path)
    path_len = sizeof mapping->path - 1;
  memcpy (mapping->path, path, path_len);
  mapping->path[path_len] = '\0';
  hs_procfs_sanitize (mapping->path);

  mapping->size = mapping->end - mapping->start;
  return 0;
}

int
hs_procfs_read_smaps (int                     pid,
                      hs_procfs_mapping_func  func,
                      void                   *user_data)
{
  char path[64];
  hs_procfs_mapping mapping;
  char *line = NULL;
  size_t line_size = 0;
  int have_mapping = 0;
  int stopped = 0;
  FILE *file;
  ssize_t n;

  snprintf (path, sizeof path, "/proc/%d/smaps", pid);
  file = fopen (path, "re");
  if (file == NULL)
    return -errno;

  errno = 0;
  while ((n = getline (&line, &line_size, file)) >= 0)
    {
      char *first_space = strchr (line, ' ');
      int is_field = first_space != NULL && first_space > line && first_space[-1] == ':';

      if (!is_field)
        {
          /* A new mapping starts: hand over the previous one. */
          if (have_mapping && func (&mapping, user_data) != 0)
            {
              stopped = 1;
              have_mapping = 0;
              break;
            }
          have_mapping = parse_smaps_header (line, &mapping) == 0;
          continue;
        }

      if (!have_mapping)
        continue;

      *first_space = '\0';
      if (strcmp (line, "Rss:") == 0)
        mapping.rss = (unsigned long long) parse_kb (first_space + 1);
      else if (strcmp (line, "Pss:") == 0)
        mapping.pss = (unsigned long long) parse_kb (first_space + 1);
      else if (strcmp (line, "Private_Dirty:") == 0)
        mapping.private_dirty = (unsigned long long) parse_kb (first_space + 1);
      else if (strcmp (line, "Swap:") == 0)
        mapping.swap = (unsigned long long) parse_kb (first_space + 1);
      else if (strcmp (line, "Anonymous:") == 0)
        mapping.anonymous = (unsigned long long) parse_kb (first_space + 1);
      else if (strcmp (line, "LazyFree:") == 0)
        mapping.lazy_free = (unsigned long long) parse_kb (first_space + 1);
    }

  if (!stopped && ferror (file))
    {
      /* The kernel refuses smaps at read time (ptrace access check), not
       * at open time: this is where EACCES shows up. */
      int saved = errno != 0 ? errno : EIO;

      free (line);
      fclose (file);
      return -saved;
    }

  if (have_mapping)
    func (&mapping, user_data);

  free (line);
  fclose (file);
  return 0;
}

int
hs_procfs_mapping_is_heap (const hs_procfs_mapping *mapping)
{
  if (strcmp (mapping->path, "[heap]") == 0)
    return 1;
  return mapping->path[0] == '\0' && mapping->perms[3] == 'p';
}

static int
add_to_totals (const hs_procfs_mapping *mapping,
               void                    *user_data)
{
  hs_procfs_smaps_totals *totals = user_data;

  totals->n_mappings++;
  totals->rss += mapping->rss;
  totals->pss += mapping->pss;
  totals->swap += mapping->swap;
  if (hs_procfs_mapping_is_heap (mapping))
    totals->heap += mapping->rss;
  return 0;
}

int
hs_procfs_read_smaps_totals (int                     pid,
                        hs_procfs_smaps_totals *out)
{
  memset (out, 0, sizeof *out);
  return hs_procfs_read_smaps (pid, add_to_totals, out);
}

int
hs_procfs_list_pids (int  (*func) (int pid, void *user_data),
                     void  *user_data)
{
  struct dirent *entry;
  DIR *dir;

  dir = opendir ("/proc");
  if (dir == NULL)
    return -errno;

  while ((entry = readdir (dir)) != NULL)
    {
      char *end = NULL;
      long pid;

      if (!isdigit ((unsigned char) entry->d_name[0]))
        continue;
      pid = strtol (entry->d_name, &end, 10);
      if (*end != '\0' || pid <= 0)
        continue;
      if (func ((int) pid, user_data) != 0)
        break;
    }

  closedir (dir);
  return 0;
}

struct hs_procfs_passwd
{
  size_t        n_entries;
  unsigned int *uids;
  char        **names;
};

hs_procfs_passwd *
hs_procfs_passwd_load (void)
{
  hs_procfs_passwd *table;
  char *line = NULL;
  size_t line_size = 0;
  size_t allocated = 0;
  FILE *file;

  table = calloc (1, sizeof *table);
  if (table == NULL)
    return NULL;

  file = fopen ("/etc/passwd", "re");
  if (file == NULL)
    return table;

  while (getline (&line, &line_size, file) >= 0)
    {
      char *name = line;
      char *colon1 = strchr (line, ':');
      char *colon2 = colon1 ? strchr (colon1 + 1, ':') : NULL;
      char *end = NULL;
      unsigned long uid;

      if (colon2 == NULL || line[0] == '#')
        continue;
      *colon1 = '\0';
      uid = strtoul (colon2 + 1, &end, 10);
      if (end == colon2 + 1 || *end != ':')
        continue;

      if (table->n_entries == allocated)
        {
          size_t new_size = allocated ? allocated * 2 : 64;
          unsigned int *uids = realloc (table->uids, new_size * sizeof *uids);
          char **names;

          if (uids == NULL)
            break;
          table->uids = uids;
          names = realloc (table->names, new_size * sizeof *names);
          if (names == NULL)
            break;
          table->names = names;
          allocated = new_size;
        }
      table->names[table->n_entries] = strdup (name);
      if (table->names[table->n_entries] == NULL)
        break;
      table->uids[table->n_entries] = (unsigned int) uid;
      table->n_entries++;
    }

  free (line);
  fclose (file);
  return table;
}

void
hs_procfs_passwd_lookup (hs_procfs_passwd *table,
                         unsigned int      uid,
                         char             *buf,
                         size_t            size)
{
  /* The first entry wins, as getpwuid() does. */
  for (size_t i = 0; table != NULL && i < table->n_entries; i++)
    {
      if (table->uids[i] == uid)
        {
          snprintf (buf, size, "%s", table->names[i]);
          hs_procfs_sanitize (buf);
          return;
        }
    }
  snprintf (buf, size, "%u", uid);
}

void
hs_procfs_passwd_free (hs_procfs_passwd *table)
{
  if (table == NULL)
    return;
  for (size_t i = 0; i < table->n_entries; i++)
    free (table->names[i]);
  free (table->names);
  free (table->uids);
  free (table);
}
