/* hs-test-symbolize-target.c: a real program for test-symbolizer.
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Prints its own executable's lines of /proc/self/maps ("MAP start limit
 * offset path") and two return addresses, as a heap profiler would record
 * them ("ADDR name hex"): one in hs_target_plain (a normal call) and one
 * in hs_target_inlined_leaf, inlined into hs_target_outer. The test then
 * names them from this binary's DWARF. Built with -g -O2 so inlining is
 * real; the markers keep the lines where the test expects them. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static volatile int hs_target_sink;

void *hs_target_plain (void);
void *hs_target_outer (void);

__attribute__((noinline)) static void *
hs_target_where (void)
{
  return __builtin_return_address (0);
}

__attribute__((noinline)) void *
hs_target_plain (void)
{
  void *p = hs_target_where (); /* LINE-PLAIN */
  hs_target_sink++;
  return p;
}

static inline __attribute__((always_inline)) void *
hs_target_inlined_leaf (void)
{
  void *p = hs_target_where (); /* LINE-INLINED */
  hs_target_sink++;
  return p;
}

__attribute__((noinline)) void *
hs_target_outer (void)
{
  void *p = hs_target_inlined_leaf (); /* LINE-CALL-SITE */
  hs_target_sink++;
  return p;
}

int
main (void)
{
  char exe[4096];
  char line[8192];
  ssize_t n = readlink ("/proc/self/exe", exe, sizeof exe - 1);
  FILE *maps;

  if (n <= 0)
    return 1;
  exe[n] = '\0';

  maps = fopen ("/proc/self/maps", "r");
  if (maps == NULL)
    return 1;
  while (fgets (line, sizeof line, maps) != NULL)
    {
      unsigned long long start, limit, offset;
      char path[4096] = "";

      if (sscanf (line, "%llx-%llx %*s %llx %*s %*s %4095s", &start, &limit, &offset, path) == 4 &&
          strcmp (path, exe) == 0)
        printf ("MAP %llx %llx %llx %s\n", start, limit, offset, path);
    }
  fclose (maps);

  printf ("ADDR plain %p\n", hs_target_plain ());
  printf ("ADDR outer %p\n", hs_target_outer ());
  return 0;
}
