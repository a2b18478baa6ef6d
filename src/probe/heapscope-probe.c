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
/* Longest request line accepted, newline included. Real requests are
 * below 40 bytes; a longer line is refused without being kept or echoed. */
#define PROBE_MAX_REQUEST 1024

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "0"
#endif

/* Where replies go: stdout, or another stream for the fuzz harness. */
static FILE *reply;

int hs_probe_serve (FILE *in, FILE *out);

static unsigned long long
ticks_to_usec (unsigned long long ticks)
{
  return ticks * 1000000ULL / (unsigned long long) hs_procfs_clock_ticks ();
}

/* @file is the file of /proc/PID that failed ("stat", "smaps"…): a
 * "denied" reply names it first, for the client's message. */
static void
reply_error (int         err,
             int         pid,
             const char *file)
{
  if (err == -ENOENT || err == -ESRCH)
    fprintf (reply, "err gone process %d has exited\n", pid);
  else if (err == -EACCES || err == -EPERM)
    fprintf (reply, "err denied /proc/%d/%s: %s\n", pid, file, strerror (-err));
  else
    fprintf (reply, "err failed /proc/%d/%s: %s\n", pid, file, strerror (-err));
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
  int task;

  /* A process may vanish between readdir and here: just skip it. */
  if (hs_procfs_read_stat (pid, &stat) != 0)
    return 0;
  /* Memory and command line from a running thread when the main one
   * exited (a plain zombie keeps its own, empty, figures). */
  task = hs_procfs_live_task (pid, &stat);
  if (task < 0)
    task = pid;
  if (hs_procfs_read_status (task, &status) != 0)
    return 0;
  if (hs_procfs_read_statm (task, &statm) != 0)
    memset (&statm, 0, sizeof statm);
  hs_procfs_read_cmdline (task, state->cmdline, 4096);
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
      fprintf (reply, "err failed out of memory\n");
      return;
    }

  state.passwd = hs_procfs_passwd_load ();
  state.cmdline = malloc (4096);
  if (state.cmdline == NULL)
    {
      fclose (mem);
      free (out);
      hs_procfs_passwd_free (state.passwd);
      fprintf (reply, "err failed out of memory\n");
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
  fprintf (reply, "ok %d\n", n_lines);
  fwrite (out, 1, out_size, reply);

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
  int task;
  int err;

  if (!parse_pid (args, &pid))
    {
      fprintf (reply, "err invalid usage: sample PID [smaps] [fds]\n");
      return;
    }

  if ((err = hs_procfs_read_live_stat (pid, &stat)) != 0 ||
      (err = task = hs_procfs_live_task (pid, &stat)) < 0)
    {
      reply_error (err, pid, "stat");
      return;
    }
  /* The memory of a process whose main thread exited is read through a
   * running thread: see hs_procfs_live_task(). */
  if ((err = hs_procfs_read_statm (task, &statm)) != 0)
    {
      reply_error (err, pid, "statm");
      return;
    }
  if ((err = hs_procfs_read_status (task, &status)) != 0)
    {
      reply_error (err, pid, "status");
      return;
    }

  fprintf (reply, "ok rss=%llu vsz=%llu shared=%llu threads=%ld cpu_usec=%llu start=%llu",
          statm.resident_pages * page, statm.size_pages * page,
          statm.shared_pages * page,
          status.threads >= 0 ? status.threads : stat.num_threads,
          ticks_to_usec (stat.utime_ticks + stat.stime_ticks), stat.start_ticks);
  /* Kernel threads have no memory lines: leave the keys out, not zero. */
  if (status.rss_anon >= 0)
    fprintf (reply, " anon=%lld", status.rss_anon);
  if (status.vm_swap >= 0)
    fprintf (reply, " swap=%lld", status.vm_swap);

  if (want_fds)
    {
      int fds = hs_procfs_count_fds (task);

      if (fds >= 0)
        fprintf (reply, " fds=%d", fds);
    }

  if (want_smaps)
    {
      hs_procfs_smaps_totals totals;

      err = hs_procfs_read_smaps_totals (task, &totals);
      if (err == -EACCES || err == -EPERM)
        fprintf (reply, " smaps=denied");
      else if (err != 0)
        fprintf (reply, " smaps=failed");
      else if (totals.n_mappings == 0 && hs_procfs_read_live_stat (pid, &stat) != 0)
        fprintf (reply, " smaps=gone");
      else
        fprintf (reply, " smaps=ok heap=%llu", totals.heap);
    }
  fprintf (reply, "\n");
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
  int task;
  int err;

  if (!parse_pid (args, &pid))
    {
      fprintf (reply, "err invalid usage: info PID\n");
      return;
    }
  if ((err = hs_procfs_read_live_stat (pid, &stat)) != 0 ||
      (err = task = hs_procfs_live_task (pid, &stat)) < 0)
    {
      reply_error (err, pid, "stat");
      return;
    }
  if ((err = hs_procfs_read_status (task, &status)) != 0)
    {
      reply_error (err, pid, "status");
      return;
    }
  hs_procfs_read_cmdline (task, cmdline, sizeof cmdline);
  passwd = hs_procfs_passwd_load ();
  hs_procfs_passwd_lookup (passwd, status.uid, user, sizeof user);
  hs_procfs_passwd_free (passwd);
  hs_procfs_sanitize (stat.comm);
  fprintf (reply, "ok %u\t%s\t%s\t%s\n", status.uid, user, stat.comm, cmdline);
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
  int task;
  int err;

  if (!parse_pid (args, &pid))
    {
      fprintf (reply, "err invalid usage: maps PID\n");
      return;
    }
  if ((err = hs_procfs_read_live_stat (pid, &stat)) != 0 ||
      (err = task = hs_procfs_live_task (pid, &stat)) < 0)
    {
      reply_error (err, pid, "stat");
      return;
    }

  mem = open_memstream (&out, &out_size);
  if (mem == NULL)
    {
      fprintf (reply, "err failed out of memory\n");
      return;
    }
  err = hs_procfs_read_smaps (task, print_mapping, mem);
  fclose (mem);

  if (err == 0 && out_size == 0 && hs_procfs_read_live_stat (pid, &stat) != 0)
    err = -ESRCH;
  if (err != 0)
    {
      reply_error (err, pid, "smaps");
      free (out);
      return;
    }

  for (size_t i = 0; i < out_size; i++)
    {
      if (out[i] == '\n')
        n_lines++;
    }
  fprintf (reply, "ok %d\n", n_lines);
  fwrite (out, 1, out_size, reply);
  free (out);
}

/* Reads one request line into @buf (at most @size - 1 bytes, no newline,
 * NUL-terminated). A longer line is not kept: the rest of it is read and
 * dropped up to its newline and *@too_long is set, so the next request is
 * read from its start. Returns the length, or -1 at end of input with
 * nothing read. */
static long
read_request (FILE   *in,
              char   *buf,
              size_t  size,
              int    *too_long)
{
  size_t len = 0;
  int any = 0;
  int c;

  *too_long = 0;
  while ((c = getc (in)) != EOF)
    {
      any = 1;
      if (c == '\n')
        break;
      if (len + 1 < size)
        buf[len++] = (char) c;
      else
        *too_long = 1;
    }
  buf[len] = '\0';
  if (!any)
    return -1;
  return (long) len;
}

/* Flushes the replies; 0 when every byte so far reached the reader. A
 * failed fwrite() empties the buffer, so fflush() alone can report
 * success after a lost reply: the stream's error flag is what says so. */
static int
reply_flush (void)
{
  if (fflush (reply) != 0 || ferror (reply))
    return -1;
  return 0;
}

/* The request loop, reading @in and answering on @out until end of input
 * or "quit". Returns the exit status: 0, or 1 when a reply could not be
 * written (the reader is gone: nobody would read another). */
int
hs_probe_serve (FILE *in,
                FILE *out)
{
  char line[PROBE_MAX_REQUEST];
  int greeted = 0;
  int too_long;
  long len;

  reply = out;
  while ((len = read_request (in, line, sizeof line, &too_long)) >= 0)
    {
      char *args;

      if (too_long)
        {
          fprintf (reply, "err invalid request longer than %d bytes\n", PROBE_MAX_REQUEST - 1);
          if (reply_flush () != 0)
            return 1;
          continue;
        }

      while (len > 0 && line[len - 1] == '\r')
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
            fprintf (reply, "err version this probe speaks protocol %d, not %d\n",
                     PROBE_PROTOCOL_VERSION, version);
          else
            {
              greeted = 1;
              fprintf (reply, "ok heapscope-probe %d %s\n", PROBE_PROTOCOL_VERSION, PACKAGE_VERSION);
            }
        }
      else if (strcmp (line, "quit") == 0)
        {
          fprintf (reply, "ok bye\n");
          return reply_flush () != 0;
        }
      else if (!greeted)
        fprintf (reply, "err invalid say “hello %d” first\n", PROBE_PROTOCOL_VERSION);
      else if (strcmp (line, "list") == 0)
        handle_list ();
      else if (strcmp (line, "sample") == 0)
        handle_sample (args);
      else if (strcmp (line, "info") == 0)
        handle_info (args);
      else if (strcmp (line, "maps") == 0)
        handle_maps (args);
      else
        {
          /* The name is short (the line is capped) but may hold control
           * characters, which must not break the framing. */
          hs_procfs_sanitize (line);
          fprintf (reply, "err invalid unknown request “%s”\n", line);
        }

      if (reply_flush () != 0)
        return 1;
    }

  return reply_flush () != 0;
}

#ifndef HS_PROBE_NO_MAIN
int
main (int    argc,
      char **argv)
{
  int status;

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

  /* A dead reader must end us through write errors (EPIPE), not a signal,
   * so that the exit is ours and says why. */
  signal (SIGPIPE, SIG_IGN);

  status = hs_probe_serve (stdin, stdout);
  if (status != 0)
    fprintf (stderr, "heapscope-probe: cannot write a reply (%s); exiting\n",
             errno != 0 ? strerror (errno) : "write error");
  return status;
}
#endif
