/* hs-test-producers.h: real heap dumps made at test time
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* tests/gen/leaky/leaky.c compiled with the system's cc and run under tcmalloc's
 * heap profiler (Debian's libgoogle-perftools): @dump is its text, with
 * return addresses and the memory map; @proto the same written by
 * `go tool pprof -proto -symbolize=none`, an address-only protobuf. */
typedef struct
{
  char *dir;
  char *binary;
  char *dump;
  char *proto;
} HsTestDump;

/* FALSE, after g_test_skip() saying why, when a producer is missing. */
gboolean hs_test_make_tcmalloc_dump (HsTestDump          *d);
/* The same with another program of tests/gen/leaky/ (a .cc is compiled
 * with c++). */
gboolean hs_test_make_tcmalloc_dump_of (HsTestDump       *d,
                                        const char       *source);
/* tests/gen/leaky/leaky.c under jemalloc's profiler, dumping as it grows
 * and at exit: @out_dumps gets the dumps' paths in order (NULL-ended). */
gboolean hs_test_make_jemalloc_dumps (HsTestDump        *d,
                                      char            ***out_dumps);
void     hs_test_dump_clear         (HsTestDump          *d);
/* Runs @argv (searched in PATH) to its end; FALSE with @error on failure. */
gboolean hs_test_run                (const char * const  *argv,
                                     const char * const  *envp,
                                     char               **out,
                                     GError             **error);

G_END_DECLS
