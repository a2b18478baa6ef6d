/* hs-test-leaky.c: a C program that holds known amounts of heap in named
 * functions, for the real dump producers (tcmalloc's HEAPPROFILE, jemalloc's
 * prof) in the tests. test-cli-symbolize compiles it at test time with the
 * system's cc, without sanitizers, so the producer's malloc is the only one.
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Held at exit: hs_leaky_one_mib 10 × 1 MiB, hs_leaky_three_mib 4 × 3 MiB. */

#include <stdlib.h>
#include <string.h>

void hs_leaky_one_mib (int i);
void hs_leaky_three_mib (int i);
extern void *volatile hs_leaky_kept[64];

/* Exported and volatile: the compiler may not drop the allocations. */
void *volatile hs_leaky_kept[64];

__attribute__((noinline)) void
hs_leaky_one_mib (int i)
{
  hs_leaky_kept[i] = malloc (1 << 20);
  memset (hs_leaky_kept[i], 1, 1 << 20);
}

__attribute__((noinline)) void
hs_leaky_three_mib (int i)
{
  hs_leaky_kept[32 + i] = malloc (3 << 20);
  memset (hs_leaky_kept[32 + i], 1, 3 << 20);
}

int
main (void)
{
  for (int i = 0; i < 10; i++)
    hs_leaky_one_mib (i);
  for (int i = 0; i < 4; i++)
    hs_leaky_three_mib (i);
  return 0;
}
