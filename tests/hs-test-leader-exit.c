/* hs-test-leader-exit.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A test helper: a process whose main thread calls pthread_exit() while a
 * worker thread runs on. The kernel then shows the main thread (whose id
 * is the pid) as a zombie with "Threads: 2", and /proc/PID/statm, smaps,
 * cmdline and fd as empty, although the process lives and holds memory.
 *
 *   hs-test-leader-exit READY_FILE MIB SECONDS
 *
 * The worker touches MIB MiB of anonymous memory, writes READY_FILE once
 * the main thread has exited, sleeps SECONDS and returns, which ends the
 * process. It dies with its parent (the test). */

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

static const char *ready_file;
static size_t size;
static unsigned int seconds;
static pthread_t main_thread;

static void *
worker (void *data)
{
  char *memory = malloc (size);
  FILE *ready;

  if (memory == NULL)
    exit (1);
  memset (memory, 0x5a, size);

  /* Only once the main thread is gone is the process in the state under test. */
  pthread_join (main_thread, NULL);
  ready = fopen (ready_file, "w");
  if (ready == NULL)
    exit (1);
  fclose (ready);

  sleep (seconds);
  /* Keep the memory alive until the end. */
  return memory[size - 1] == 0x5a ? NULL : memory;
}

int
main (int    argc,
      char **argv)
{
  pthread_t thread;

  if (argc != 4)
    {
      fprintf (stderr, "usage: hs-test-leader-exit READY_FILE MIB SECONDS\n");
      return 2;
    }
  prctl (PR_SET_PDEATHSIG, SIGKILL);
  ready_file = argv[1];
  size = (size_t) atoi (argv[2]) * 1024 * 1024;
  seconds = (unsigned int) atoi (argv[3]);
  main_thread = pthread_self ();

  if (size == 0 || pthread_create (&thread, NULL, worker, NULL) != 0)
    return 1;
  pthread_exit (NULL);
}
