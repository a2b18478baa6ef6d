/* massif-prog.c: the program behind tests/data/massif (make-massif.sh).
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Grows its heap through two call paths, frees part of it (so massif has
 * a peak that is not the end), then grows again a little, with a deep
 * recursion in between for --stacks=yes. Every allocation is made through
 * named functions so that the trees name them. */

#include <stdlib.h>
#include <string.h>

void *volatile massif_kept[256];

__attribute__((noinline)) static void *
make_buffer (size_t size)
{
  void *p = malloc (size);

  memset (p, 7, size);
  return p;
}

__attribute__((noinline)) static void
cache_store (int i)
{
  massif_kept[i] = make_buffer (64 * 1024);
}

__attribute__((noinline)) static void
session_open (int i)
{
  massif_kept[128 + i] = make_buffer (200 * 1024);
}

__attribute__((noinline)) static int
recurse (int depth)
{
  volatile char frame[4096];

  frame[0] = (char) depth;
  return depth == 0 ? frame[0] : recurse (depth - 1) + frame[0];
}

int
main (void)
{
  for (int i = 0; i < 40; i++)
    {
      cache_store (i);
      if (i % 4 == 0)
        session_open (i / 4);
    }
  recurse (64);
  /* Closing sessions makes the peak. */
  for (int i = 0; i < 10; i++)
    {
      free (massif_kept[128 + i]);
      massif_kept[128 + i] = NULL;
    }
  for (int i = 40; i < 60; i++)
    cache_store (i);
  return 0;
}
