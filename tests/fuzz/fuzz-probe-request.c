/* fuzz-probe-request.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The probe's side of the protocol: the fuzz input is what the client
 * writes to heapscope-probe's stdin, served by the probe's own request
 * loop (hs_probe_serve) against the real /proc of this machine; replies
 * go to /dev/null. The probe is plain libc, like this harness. */

#define HS_PROBE_NO_MAIN 1
#include "../../src/probe/heapscope-probe.c"

#include <stdint.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static FILE *sink;
  FILE *in;

  if (sink == NULL)
    sink = fopen ("/dev/null", "w");
  if (size == 0)
    return 0;
  in = fmemopen ((void *) data, size, "r");
  if (in == NULL || sink == NULL)
    abort ();
  /* /dev/null takes every write: a write error here is a bug. */
  if (hs_probe_serve (in, sink) != 0)
    abort ();
  fclose (in);
  return 0;
}
