/* hs-test-fixtures.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "hs-profile.h"

G_BEGIN_DECLS

/* Two sets of real Go profiles with the `go tool pprof` oracle beside
 * them, in the same layout (leakycache/, goroutineleak/, steady/, bad/…):
 * the project's own in tests/data/ (always there; tests/gen makes it) and
 * ../shared/fixtures, which a test also checks when it is there. */
typedef enum
{
  HS_FIXTURES_REPO,
  HS_FIXTURES_SHARED,
} HsFixtureSet;

/* The folder of @set, or NULL when the shared set is not there. */
const char *hs_fixtures_dir           (HsFixtureSet   set);
/* For a test registered with hs_fixtures_add: its folder, or NULL after
 * g_test_skip() with a message saying what is missing. */
const char *hs_fixtures_require       (gconstpointer  set);
/* Registers @func as PREFIX/NAME on the repository set and as
 * PREFIX/shared/NAME on the shared set. */
void        hs_fixtures_add           (const char    *prefix,
                                       const char    *name,
                                       GTestDataFunc  func);

char       *hs_fixtures_path          (const char    *dir,
                                       const char    *rel);
HsProfile  *hs_fixtures_load          (const char    *dir,
                                       const char    *rel);
GBytes     *hs_fixtures_read          (const char    *dir,
                                       const char    *rel);

/* The oracle of profile STEM (e.g. "leakycache/heap-t2.pb.gz" or
 * "leakycache/heap-t3.diff-heap-t1") at sample type @index: the path of
 * pprof's exact output (`*.top-exact.txt`, pprof's own text, or
 * `*.exact.tsv`, name<TAB>flat<TAB>cum), relative to @dir; NULL if the set
 * has neither. */
char       *hs_fixtures_oracle_file   (const char    *dir,
                                       const char    *stem,
                                       const char    *index);
/* Its rows as "name\tflat\tcum" strings, in pprof's order. */
GPtrArray  *hs_fixtures_oracle_rows   (const char    *dir,
                                       const char    *oracle_rel);
/* pprof's "of N total" for that output. */
gint64      hs_fixtures_oracle_total  (const char    *dir,
                                       const char    *oracle_rel);
/* pprof's flat of @function at @index of @stem; -1 when it has no row. */
gint64      hs_fixtures_oracle_flat   (const char    *dir,
                                       const char    *stem,
                                       const char    *index,
                                       const char    *function);
/* "KEY VALUE" from REL.summary.txt (profsum, pprof -raw and text counts). */
gint64      hs_fixtures_summary_int   (const char    *dir,
                                       const char    *rel,
                                       const char    *key);

G_END_DECLS
