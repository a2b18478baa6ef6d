/* heapscope-demo.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A tiny workload to watch: it allocates and touches memory at a steady
 * rate (a leak you can see), with a few busy threads. `heapscope --demo`
 * attaches to it, and the tests use it as a process whose memory they set.
 * Plain libc + pthreads so its memory map stays small and readable. */

#include <errno.h>
#include <malloc.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Above glibc's mmap threshold, so each chunk is an anonymous mapping (the
 * kernel merges neighbours into one growing [anon] region). */
#define CHUNK_BYTES (256 * 1024)

static volatile sig_atomic_t stop_requested;

static void
on_signal (int signum)
{
  stop_requested = 1;
}

static double
now_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

/* "500ms", "3s", "10m", "1h" or a bare number of seconds. */
static int
parse_duration (const char *text,
                double     *out_seconds)
{
  char *end = NULL;
  double value;

  errno = 0;
  value = strtod (text, &end);
  if (errno != 0 || end == text || value < 0)
    return 0;
  if (strcmp (end, "ms") == 0)
    value /= 1000;
  else if (strcmp (end, "s") == 0 || *end == '\0')
    ;
  else if (strcmp (end, "m") == 0)
    value *= 60;
  else if (strcmp (end, "h") == 0)
    value *= 3600;
  else
    return 0;
  *out_seconds = value;
  return 1;
}

static int
parse_size (const char         *text,
            unsigned long long *out)
{
  char *end = NULL;
  unsigned long long value;

  errno = 0;
  value = strtoull (text, &end, 10);
  if (errno != 0 || end == text || *end != '\0' || text[0] == '-')
    return 0;
  *out = value;
  return 1;
}

typedef struct
{
  char   **chunks;
  size_t   n_chunks;
  size_t   allocated;
} Chunks;

static int
grow (Chunks             *chunks,
      unsigned long long  bytes)
{
  while (bytes > 0)
    {
      size_t size = bytes < CHUNK_BYTES ? (size_t) bytes : CHUNK_BYTES;
      char *chunk;

      if (chunks->n_chunks == chunks->allocated)
        {
          size_t new_size = chunks->allocated ? chunks->allocated * 2 : 1024;
          char **list = realloc (chunks->chunks, new_size * sizeof *list);

          if (list == NULL)
            return 0;
          chunks->chunks = list;
          chunks->allocated = new_size;
        }
      chunk = malloc (size);
      if (chunk == NULL)
        return 0;
      /* Touch every byte so the pages become resident, not just reserved. */
      memset (chunk, 0xa5, size);
      chunks->chunks[chunks->n_chunks++] = chunk;
      bytes -= size;
    }
  return 1;
}

static void *
worker (void *data)
{
  unsigned char *buffer = malloc (64 * 1024);
  unsigned long spins = 0;

  if (buffer == NULL)
    return NULL;
  memset (buffer, 0, 64 * 1024);
  /* A little CPU every 50 ms so the CPU chart shows something. */
  while (!stop_requested)
    {
      struct timespec pause = { 0, 50 * 1000 * 1000 };

      for (int round = 0; round < 20; round++)
        for (size_t i = 0; i < 64 * 1024; i += 64)
          buffer[i] = (unsigned char) (buffer[i] + spins++);
      nanosleep (&pause, NULL);
    }
  free (buffer);
  return NULL;
}

static void
usage (FILE *stream)
{
  fprintf (stream,
           "Usage: heapscope-demo [OPTION…]\n"
           "Allocate and touch memory at a steady rate, with a few threads.\n\n"
           "  --rate-kib=N       grow by N KiB per second (default 1024)\n"
           "  --initial-mib=N    allocate N MiB at start, before the ready file (default 0)\n"
           "  --max-mib=N        stop growing at N MiB in total (default 512)\n"
           "  --interval=DUR     allocate every DUR (default 100ms)\n"
           "  --threads=N        extra busy threads (default 3)\n"
           "  --sawtooth-mib=N   also allocate up to N MiB more and free it all, over and\n"
           "                     over, like a garbage collector's cycle (default 0)\n"
           "  --sawtooth-period=DUR  the length of one such cycle (default 20s)\n"
           "  --duration=DUR     exit after DUR (default: run until killed)\n"
           "  --ready-file=PATH  write our pid to PATH once started\n");
}

int
main (int    argc,
      char **argv)
{
  unsigned long long rate_kib = 1024, initial_mib = 0, max_mib = 512, n_threads = 3;
  unsigned long long sawtooth_mib = 0, sawtooth_grown = 0;
  double interval = 0.1, duration = -1, start, sawtooth_period = 20;
  Chunks sawtooth = { NULL, 0, 0 };
  const char *ready_file = NULL;
  unsigned long long grown = 0, limit;
  Chunks chunks = { NULL, 0, 0 };
  pthread_t *threads;
  struct sigaction action;

  for (int i = 1; i < argc; i++)
    {
      const char *arg = argv[i];
      const char *value = strchr (arg, '=');
      int ok = value != NULL;

      if (strcmp (arg, "--help") == 0)
        {
          usage (stdout);
          return 0;
        }
      if (ok)
        value++;
      if (ok && strncmp (arg, "--rate-kib=", 11) == 0)
        ok = parse_size (value, &rate_kib);
      else if (ok && strncmp (arg, "--initial-mib=", 14) == 0)
        ok = parse_size (value, &initial_mib);
      else if (ok && strncmp (arg, "--max-mib=", 10) == 0)
        ok = parse_size (value, &max_mib);
      else if (ok && strncmp (arg, "--threads=", 10) == 0)
        ok = parse_size (value, &n_threads) && n_threads <= 64;
      else if (ok && strncmp (arg, "--interval=", 11) == 0)
        ok = parse_duration (value, &interval) && interval >= 0.001;
      else if (ok && strncmp (arg, "--sawtooth-mib=", 15) == 0)
        ok = parse_size (value, &sawtooth_mib);
      else if (ok && strncmp (arg, "--sawtooth-period=", 18) == 0)
        ok = parse_duration (value, &sawtooth_period) && sawtooth_period >= 0.1;
      else if (ok && strncmp (arg, "--duration=", 11) == 0)
        ok = parse_duration (value, &duration);
      else if (ok && strncmp (arg, "--ready-file=", 13) == 0)
        ready_file = value;
      else
        ok = 0;

      if (!ok)
        {
          fprintf (stderr, "heapscope-demo: bad argument “%s”\n", arg);
          usage (stderr);
          return 2;
        }
    }

  /* A fixed mmap threshold: every chunk is its own mapping, and freeing
   * one gives its pages back (glibc would otherwise raise the threshold
   * after the first free and keep later chunks in the heap). */
  mallopt (M_MMAP_THRESHOLD, CHUNK_BYTES / 2);

  memset (&action, 0, sizeof action);
  action.sa_handler = on_signal;
  sigaction (SIGTERM, &action, NULL);
  sigaction (SIGINT, &action, NULL);

  limit = max_mib * 1024 * 1024;
  if (initial_mib * 1024 * 1024 > limit)
    limit = initial_mib * 1024 * 1024;
  if (!grow (&chunks, initial_mib * 1024 * 1024))
    {
      fprintf (stderr, "heapscope-demo: out of memory\n");
      return 1;
    }
  grown = initial_mib * 1024 * 1024;

  threads = calloc (n_threads ? n_threads : 1, sizeof *threads);
  for (unsigned long long i = 0; threads != NULL && i < n_threads; i++)
    pthread_create (&threads[i], NULL, worker, NULL);

  if (ready_file != NULL)
    {
      /* Write then rename, so a reader never sees a half-written file. */
      char tmp[4096];
      FILE *file;

      snprintf (tmp, sizeof tmp, "%s.tmp", ready_file);
      file = fopen (tmp, "w");
      if (file == NULL || fprintf (file, "%d\n", (int) getpid ()) < 0 ||
          fclose (file) != 0 || rename (tmp, ready_file) != 0)
        {
          fprintf (stderr, "heapscope-demo: cannot write %s: %s\n", ready_file, strerror (errno));
          stop_requested = 1;
        }
    }

  start = now_seconds ();
  while (!stop_requested)
    {
      double elapsed = now_seconds () - start;
      unsigned long long target;
      struct timespec pause;

      if (duration >= 0 && elapsed >= duration)
        break;

      /* Allocate what the rate asks for by now, so sleep jitter does not
       * change the average. */
      target = initial_mib * 1024 * 1024 + (unsigned long long) (elapsed * (double) rate_kib * 1024);
      if (target > limit)
        target = limit;
      if (target > grown)
        {
          if (!grow (&chunks, target - grown))
            break;
          grown = target;
        }

      /* The sawtooth: fill up to the cycle's share, then free it all
       * when a new cycle starts; big chunks go straight back to the
       * kernel, so RSS drops as a Go heap does after a GC. */
      if (sawtooth_mib > 0)
        {
          double phase = fmod (elapsed, sawtooth_period) / sawtooth_period;
          unsigned long long want = (unsigned long long) (phase * (double) sawtooth_mib * 1024 * 1024);

          if (want < sawtooth_grown)
            {
              for (size_t i = 0; i < sawtooth.n_chunks; i++)
                free (sawtooth.chunks[i]);
              sawtooth.n_chunks = 0;
              sawtooth_grown = 0;
            }
          if (want > sawtooth_grown && grow (&sawtooth, want - sawtooth_grown))
            sawtooth_grown = want;
        }

      pause.tv_sec = (time_t) interval;
      pause.tv_nsec = (long) ((interval - (double) pause.tv_sec) * 1e9);
      nanosleep (&pause, NULL);
    }

  stop_requested = 1;
  for (unsigned long long i = 0; threads != NULL && i < n_threads; i++)
    pthread_join (threads[i], NULL);
  free (threads);
  for (size_t i = 0; i < chunks.n_chunks; i++)
    free (chunks.chunks[i]);
  free (chunks.chunks);
  for (size_t i = 0; i < sawtooth.n_chunks; i++)
    free (sawtooth.chunks[i]);
  free (sawtooth.chunks);
  return 0;
}
