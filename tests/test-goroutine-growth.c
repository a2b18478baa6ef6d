/* test-goroutine-growth.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A goroutine compare names the leaking function, not runtime.gopark:
 * the in-repo goleak capture (tests/data/README.md) in every form Go
 * writes it, with counts checked against go tool pprof's oracle files
 * and the independent profsum count. */

#include "config.h"

#include <string.h>

#include "hs-goroutine-growth.h"
#include "hs-test-fixtures.h"

#define DIR_REL "goroutineleak"

/* The cum column of @function in a `go tool pprof` oracle table: the
 * goroutines whose stack holds it. */
static gint64
oracle_cum (const char *rel,
            const char *function)
{
  const char *dir = hs_fixtures_dir (HS_FIXTURES_REPO);
  g_autoptr(GPtrArray) rows = hs_fixtures_oracle_rows (dir, rel);
  g_autofree char *prefix = g_strconcat (function, "\t", NULL);

  for (guint i = 0; i < rows->len; i++)
    {
      const char *row = g_ptr_array_index (rows, i);

      if (g_str_has_prefix (row, prefix))
        {
          g_auto(GStrv) fields = g_strsplit (row, "\t", -1);

          g_assert_cmpuint (g_strv_length (fields), ==, 3);
          return g_ascii_strtoll (fields[2], NULL, 10);
        }
    }
  g_error ("%s: no %s", rel, function);
  return -1;
}

static GPtrArray *
load_growth (const char *ext)
{
  const char *dir = hs_fixtures_dir (HS_FIXTURES_REPO);
  g_autofree char *rel1 = g_strdup_printf (DIR_REL "/goroutine-t1.%s", ext);
  g_autofree char *rel2 = g_strdup_printf (DIR_REL "/goroutine-t2.%s", ext);
  g_autoptr(HsProfile) base = hs_fixtures_load (dir, rel1);
  g_autoptr(HsProfile) newer = hs_fixtures_load (dir, rel2);

  g_assert_true (hs_profile_is_goroutine (base));
  g_assert_true (hs_profile_is_goroutine (newer));
  return hs_goroutine_growth_new (base, newer, 10);
}

/* Counts per site, summed over the site's stacks (sendResult has one per
 * shard label). */
static void
site_counts (GPtrArray  *stacks,
             const char *site,
             gint64     *out_base,
             gint64     *out_count,
             guint      *out_n)
{
  *out_base = *out_count = 0;
  *out_n = 0;
  for (guint i = 0; i < stacks->len; i++)
    {
      HsGoroutineStack *stack = g_ptr_array_index (stacks, i);

      if (strcmp (stack->site, site) == 0)
        {
          *out_base += stack->base;
          *out_count += stack->count;
          (*out_n)++;
        }
    }
}

static void
check_against_oracle (const char *ext)
{
  static const char * const leaks[] = { "main.awaitAck", "main.sendResult", "main.waitFirst" };
  g_autoptr(GPtrArray) stacks = load_growth (ext);
  g_autofree char *oracle1 = g_strdup_printf (DIR_REL "/goroutine-t1.%s.goroutine.exact.tsv", ext);
  g_autofree char *oracle2 = g_strdup_printf (DIR_REL "/goroutine-t2.%s.goroutine.exact.tsv", ext);
  HsGoroutineStack *top;

  g_assert_cmpuint (stacks->len, >=, 5);
  top = g_ptr_array_index (stacks, 0);
  /* Every one of these stacks is flat in runtime.gopark (pb) : the site
   * must be the program's own function. */
  g_assert_cmpstr (top->site, ==, "main.awaitAck");
  g_assert_cmpint (top->base, ==, oracle_cum (oracle1, "main.awaitAck"));
  g_assert_cmpint (top->count, ==, oracle_cum (oracle2, "main.awaitAck"));
  g_assert_cmpint (top->count, ==, 49);
  g_assert_cmpstr (top->labels, ==, "");

  for (guint i = 0; i < stacks->len; i++)
    {
      HsGoroutineStack *stack = g_ptr_array_index (stacks, i);

      g_assert_false (g_str_has_prefix (stack->site, "runtime."));
      g_assert_cmpint (stack->count, >, stack->base);
    }

  for (guint i = 0; i < G_N_ELEMENTS (leaks); i++)
    {
      gint64 base, count;
      guint n;

      site_counts (stacks, leaks[i], &base, &count, &n);
      g_assert_cmpint (base, ==, oracle_cum (oracle1, leaks[i]));
      g_assert_cmpint (count, ==, oracle_cum (oracle2, leaks[i]));
    }

  /* sendResult runs under pprof.Do with handler=report, shard=s0…s2:
   * one row per label set, labels shown sorted by key. */
  for (guint shard = 0; shard < 3; shard++)
    {
      g_autofree char *labels = g_strdup_printf ("handler=report, shard=s%u", shard);
      gboolean found = FALSE;

      for (guint i = 0; i < stacks->len; i++)
        {
          HsGoroutineStack *stack = g_ptr_array_index (stacks, i);

          if (strcmp (stack->site, "main.sendResult") == 0 && strcmp (stack->labels, labels) == 0)
            {
              g_assert_false (found);
              found = TRUE;
              g_assert_cmpint (stack->base, ==, 3);
              g_assert_cmpint (stack->count, ==, 8);
            }
        }
      g_assert_true (found);
    }
}

static void
test_pb (void)
{
  g_autoptr(GPtrArray) stacks = NULL;
  HsGoroutineStack *top;

  check_against_oracle ("pb.gz");
  stacks = load_growth ("pb.gz");
  top = g_ptr_array_index (stacks, 0);
  /* The whole stack is kept, runtime frames first (innermost first). */
  g_assert_cmpstr (top->stack, ==, "runtime.gopark ← runtime.chanrecv ← runtime.chanrecv1 ← main.awaitAck");
}

static void
test_debug1 (void)
{
  check_against_oracle ("debug1.txt");
}

/* debug=2 has no labels but a wait state per goroutine, which the reader
 * keeps as a "state" label; counts are profsum's (text_innermost). */
static void
test_debug2 (void)
{
  const char *dir = hs_fixtures_dir (HS_FIXTURES_REPO);
  static const struct { const char *site; const char *state; } leaks[] = {
    { "main.awaitAck", "state=chan receive" },
    { "main.sendResult", "state=chan send" },
    { "main.waitFirst", "state=select" },
  };
  g_autoptr(GPtrArray) stacks = load_growth ("debug2.txt");
  HsGoroutineStack *top = g_ptr_array_index (stacks, 0);

  g_assert_cmpstr (top->site, ==, "main.awaitAck");
  for (guint i = 0; i < G_N_ELEMENTS (leaks); i++)
    {
      g_autofree char *key = g_strconcat ("text_innermost.", leaks[i].site, NULL);
      gint64 base, count;
      guint n;

      site_counts (stacks, leaks[i].site, &base, &count, &n);
      g_assert_cmpuint (n, ==, 1);
      g_assert_cmpint (base, ==, hs_fixtures_summary_int (dir, DIR_REL "/goroutine-t1.debug2.txt", key));
      g_assert_cmpint (count, ==, hs_fixtures_summary_int (dir, DIR_REL "/goroutine-t2.debug2.txt", key));
      for (guint j = 0; j < stacks->len; j++)
        {
          HsGoroutineStack *stack = g_ptr_array_index (stacks, j);

          if (strcmp (stack->site, leaks[i].site) == 0)
            g_assert_cmpstr (stack->labels, ==, leaks[i].state);
        }
    }
}

/* Real innermost-first stacks of parked goroutines, from these captures. */
static void
test_site (void)
{
  static const char * const chan[] = { "runtime.gopark", "runtime.chanrecv", "runtime.chanrecv1", "main.awaitAck", "runtime.goexit" };
  static const char * const poll[] = { "internal/poll.runtime_pollWait", "internal/poll.(*pollDesc).wait",
                                       "internal/poll.(*FD).Accept", "net.(*netFD).accept" };
  static const char * const cond[] = { "sync.runtime_notifyListWait", "sync.(*Cond).Wait", "main.worker" };
  static const char * const prof[] = { "runtime/pprof.writeGoroutineStacks", "runtime/pprof.writeGoroutine" };
  static const char * const text[] = { "<runtime 0x43b255>", "<runtime 0x40708b>", "main.sendResult" };
  static const char * const only[] = { "runtime.gopark", "runtime.forcegchelper" };

  g_assert_cmpstr (hs_goroutine_frame_site (chan, G_N_ELEMENTS (chan)), ==, "main.awaitAck");
  g_assert_cmpstr (hs_goroutine_frame_site (poll, G_N_ELEMENTS (poll)), ==, "net.(*netFD).accept");
  g_assert_cmpstr (hs_goroutine_frame_site (cond, G_N_ELEMENTS (cond)), ==, "sync.(*Cond).Wait");
  g_assert_cmpstr (hs_goroutine_frame_site (prof, G_N_ELEMENTS (prof)), ==, "runtime/pprof.writeGoroutineStacks");
  g_assert_cmpstr (hs_goroutine_frame_site (text, G_N_ELEMENTS (text)), ==, "main.sendResult");
  g_assert_cmpstr (hs_goroutine_frame_site (only, G_N_ELEMENTS (only)), ==, "runtime.gopark");
  g_assert_cmpstr (hs_goroutine_frame_site (NULL, 0), ==, "");
}

/* A heap profile is not a goroutine profile. */
static void
test_not_goroutine (void)
{
  g_autoptr(HsProfile) heap = hs_fixtures_load (hs_fixtures_dir (HS_FIXTURES_REPO), DIR_REL "/heap-t1.pb.gz");

  g_assert_false (hs_profile_is_goroutine (heap));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/goroutine-growth/site", test_site);
  g_test_add_func ("/goroutine-growth/pb", test_pb);
  g_test_add_func ("/goroutine-growth/debug1", test_debug1);
  g_test_add_func ("/goroutine-growth/debug2", test_debug2);
  g_test_add_func ("/goroutine-growth/not-goroutine", test_not_goroutine);
  return g_test_run ();
}
