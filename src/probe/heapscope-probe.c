/* heapscope-probe.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A host-side helper that reads /proc for Heapscope and answers on stdout.
 * It links nothing but libc, so it runs on any host a Flatpak lands on.
 * The protocol is in PROTOCOL.md; this program exits when stdin closes. */

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hs-procfs.h"

#define PROBE_PROTOCOL_VERSION 1

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "0"
#endif

static unsigned long long
ticks_to_usec (unsigned long long ticks)
{
  return ticks * 1000000ULL / (unsigned long long) hs_procfs_clock_ticks ();
}

static void
reply_error (int         err,
             int         pid,
             const char *what)
{
  if (err == -ENOENT || err == -ESRCH)
    printf ("err gone process %d has exited\n", pid);
  else if (err == -EACCES || err == -EPERM)
    printf ("err denied %s of process %d: %s\n", what, pid, strerror (-err));
  else
    printf ("err failed %s of process %d: %s\n", what, pid, strerror (-err));
}

static int
parse_pid (const char *text,
           int        *out_pid)
{
  char *end = NULL;
  long pid;

  if (text == NULL)
    return 0;
  errno = 0;
  pid = strtol (text, &end, 10);
  if (errno != 0 || end == text || (*end != '\0' && *end != ' ') || pid <= 0 || pid > 0x3fffffff)
    return 0;
  *out_pid = (int) pid;
  return 1;
}

typedef struct
{
  hs_procfs_passwd *passwd;
  char             *cmdline;
  FILE             *out;
} ListState;

static int
list_one (int   pid,
          void *user_data)
{
  ListState *state = user_data;
  hs_procfs_stat stat;
  hs_procfs_statm statm;
  hs_procfs_status status;
  char user[64];

  /* A process may vanish between readdir and here: just skip it. */
  if (hs_procfs_read_stat (pid, &stat) != 0 ||
      hs_procfs_read_status (pid, &status) != 0)
    return 0;
  if (hs_procfs_read_statm (pid, &statm) != 0)
    memset (&statm, 0, sizeof statm);
  hs_procfs_read_cmdline (pid, state->cmdline, 4096);
  hs_procfs_passwd_lookup (state->passwd, status.uid, user, sizeof user);
  hs_procfs_sanitize (stat.comm);

  fprintf (state->out, "%d\t%u\t%s\t%llu\t%ld\t%llu\t%llu\t%c\t%s\t%s\n",
          pid, status.uid, user,
          statm.resident_pages * (unsigned long long) hs_procfs_page_size (),
          status.threads >= 0 ? status.threads : stat.num_threads,
          ticks_to_usec (stat.utime_ticks + stat.stime_ticks),
          stat.start_ticks, stat.state, stat.comm, state->cmdline);
  return 0;
}

static void
handle_list (void)
{
  ListState state;
  char *out = NULL;
  size_t out_size = 0;
  FILE *mem;
  int n_lines = 0;

  /* Rows go to a memory stream first so the count can lead the reply. */
  mem = open_memstream (&out, &out_size);
  if (mem == NULL)
    {
      printf ("err failed out of memory\n");
      return;
    }

  state.passwd = hs_procfs_passwd_load ();
  state.cmdline = malloc (4096);
  if (state.cmdline == NULL)
    {
      fclose (mem);
      free (out);
      hs_procfs_passwd_free (state.passwd);
      printf ("err failed out of memory\n");
      return;
    }

  state.out = mem;
  hs_procfs_list_pids (list_one, &state);
  fclose (mem);

  for (size_t i = 0; i < out_size; i++)
    {
      if (out[i] == '\n')
        n_lines++;
    }
  printf ("ok %d\n", n_lines);
  fwrite (out, 1, out_size, stdout);

  free (out);
  free (state.cmdline);
  hs_procfs_passwd_free (state.passwd);
}

static void
handle_sample (const char *args)
{
  hs_procfs_stat stat;
  hs_procfs_statm statm;
  hs_procfs_status status;
  long long page = hs_procfs_page_size ();
  int want_smaps = args != NULL && strstr (args, " smaps") != NULL;
  int want_fds = args != NULL && strstr (args, " fds") != NULL;
  int pid = 0;
  int err;

  if (!parse_pid (args, &pid))
    {
      printf ("err invalid usage: sample PID [smaps] [fds]\n");
      return;
    }

  if ((err = hs_procfs_read_live_stat (pid, &stat)) != 0 ||
      (err = hs_procfs_read_statm (pid, &statm)) != 0 ||
      (err = hs_procfs_read_status (pid, &status)) != 0)
    {
      reply_error (err, pid, "/proc/PID/stat");
      return;
    }

  printf ("ok rss=%llu vsz=%llu shared=%llu threads=%ld cpu_usec=%llu start=%llu",
          statm.resident_pages * page, statm.size_pages * page,
          statm.shared_pages * page,
          status.threads >= 0 ? status.threads : stat.num_threads,
          ticks_to_usec (stat.utime_ticks + stat.stime_ticks), stat.start_ticks);
  /* Kernel threads have no memory lines: leave the keys out, not zero. */
  if (status.rss_anon >= 0)
    printf (" anon=%lld", status.rss_anon);
  if (status.vm_swap >= 0)
    printf (" swap=%lld", status.vm_swap);

  if (want_fds)
    {
      int fds = hs_procfs_count_fds (pid);

      if (fds >= 0)
        printf (" fds=%d", fds);
    }

  if (want_smaps)
    {
      hs_procfs_smaps_totals totals;

      err = hs_procfs_read_smaps_totals (pid, &totals);
      if (err == -EACCES || err == -EPERM)
        printf (" smaps=denied");
      else if (err != 0)
        printf (" smaps=failed");
      else if (totals.n_mappings == 0 && hs_procfs_read_live_stat (pid, &stat) != 0)
        printf (" smaps=gone");
      else
        printf (" smaps=ok heap=%llu", totals.heap);
    }
  printf ("\n");
}

static void
handle_info (const char *args)
{
  hs_procfs_passwd *passwd;
  hs_procfs_stat stat;
  hs_procfs_status status;
  char cmdline[4096];
  char user[64];
  int pid = 0;
  int err;

  if (!parse_pid (args, &pid))
    {
      printf ("err invalid usage: info PID\n");
      return;
    }
  if ((err = hs_procfs_read_live_stat (pid, &stat)) != 0 ||
      (err = hs_procfs_read_status (pid, &status)) != 0)
    {
      reply_error (err, pid, "/proc/PID/stat");
      return;
    }
  hs_procfs_read_cmdline (pid, cmdline, sizeof cmdline);
  passwd = hs_procfs_passwd_load ();
  hs_procfs_passwd_lookup (passwd, status.uid, user, sizeof user);
  hs_procfs_passwd_free (passwd);
  hs_procfs_sanitize (stat.comm);
  printf ("ok %u\t%s\t%s\t%s\n", status.uid, user, stat.comm, cmdline);
}

static int
print_mapping (const hs_procfs_mapping *m,
               void                    *user_data)
{
  FILE *out = user_data;

  fprintf (out, "%llx %llx %s %llx %llu %llu %llu %llu %llu %llu\t%s\n",
           m->start, m->end, m->perms, m->offset, m->inode, m->size, m->rss,
           m->pss, m->private_dirty, m->swap, m->path);
  return 0;
}

static void
handle_maps (const char *args)
{
  hs_procfs_stat stat;
  char *out = NULL;
  size_t out_size = 0;
  FILE *mem;
  int n_lines = 0;
  int pid = 0;
  int err;

  if (!parse_pid (args, &pid))
    {
      printf ("err invalid usage: maps PID\n");
      return;
    }
  if ((err = hs_procfs_read_live_stat (pid, &stat)) != 0)
    {
      reply_error (err, pid, "/proc/PID/stat");
      return;
    }

  mem = open_memstream (&out, &out_size);
  if (mem == NULL)
    {
      printf ("err failed out of memory\n");
      return;
    }
  err = hs_procfs_read_smaps (pid, print_mapping, mem);
  fclose (mem);

  if (err == 0 && out_size == 0 && hs_procfs_read_live_stat (pid, &stat) != 0)
    err = -ESRCH;
  if (err != 0)
    {
      reply_error (err, pid, "/proc/PID/smaps");
      free (out);
      return;
    }

  for (size_t i = 0; i < out_size; i++)
    {
      if (out[i] == '\n')
        n_lines++;
    }
  printf ("ok %d\n", n_lines);
  fwrite (out, 1, out_size, stdout);
  free (out);
}

int
main (int    argc,
      char **argv)
{
  char *line = NULL;
  size_t line_size = 0;
  int greeted = 0;
  ssize_t len;

  if (argc > 1 && strcmp (argv[1], "--version") == 0)
    {
      printf ("heapscope-probe %s (protocol %d)\n", PACKAGE_VERSION, PROBE_PROTOCOL_VERSION);
      return 0;
    }
  if (argc > 1)
    {
      fprintf (stderr,
               "heapscope-probe: takes no arguments; it is started by Heapscope and\n"
               "speaks a line protocol on stdin/stdout (see PROTOCOL.md).\n");
      return 2;
    }

  /* A dead reader must end us through write errors, not a signal. */
  signal (SIGPIPE, SIG_IGN);

  while ((len = getline (&line, &line_size, stdin)) >= 0)
    {
      char *args;

      while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
        line[--len] = '\0';
      if (len == 0)
        continue;

      args = strchr (line, ' ');
      if (args != NULL)
        *args++ = '\0';

      if (strcmp (line, "hello") == 0)
        {
          int version = args != NULL ? atoi (args) : 0;

          if (version != PROBE_PROTOCOL_VERSION)
            printf ("err version this probe speaks protocol %d, not %d\n",
                    PROBE_PROTOCOL_VERSION, version);
          else
            {
              greeted = 1;
              printf ("ok heapscope-probe %d %s\n", PROBE_PROTOCOL_VERSION, PACKAGE_VERSION);
            }
        }
      else if (strcmp (line, "quit") == 0)
        {
          printf ("ok bye\n");
          fflush (stdout);
          break;
        }
      else if (!greeted)
        printf ("err invalid say “hello %d” first\n", PROBE_PROTOCOL_VERSION);
      else if (strcmp (line, "list") == 0)
        handle_list ();
      else if (strcmp (line, "sample") == 0)
        handle_sample (args);
      else if (strcmp (line, "info") == 0)
        handle_info (args);
      else if (strcmp (line, "maps") == 0)
        handle_maps (args);
      else
        printf ("err invalid unknown request “%s”\n", line);

      if (fflush (stdout) != 0)
        break;
    }

  free (line);
  return 0;
}
