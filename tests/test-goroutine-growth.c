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

/* debug=2 has no pprof labels but a wait state per goroutine, which the
 * ranking shows as the stack's state (never as a label); counts are
 * profsum's (text_innermost). Nobody here waited a minute: the longest
 * wait is "under 1 min" (0), not unknown. */
static void
test_debug2 (void)
{
  const char *dir = hs_fixtures_dir (HS_FIXTURES_REPO);
  static const struct { const char *site; const char *state; } leaks[] = {
    { "main.awaitAck", "chan receive" },
    { "main.sendResult", "chan send" },
    { "main.waitFirst", "select" },
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
            {
              g_autofree char *wait = hs_goroutine_stack_format_wait (stack);

              g_assert_cmpstr (stack->labels, ==, "");
              g_assert_cmpstr (stack->state, ==, leaks[i].state);
              g_assert_cmpint (stack->wait_minutes, ==, 0);
              g_assert_cmpstr (wait, ==, "under 1 min");
            }
        }
    }
}

/* The real debug=2 captures of tests/gen/make-waits.sh, where Go printed
 * ", 1 minutes" for the goroutines parked before its forced GCs: each
 * stack's longest wait is profsum's (text_longest_wait_minutes, the
 * largest minutes over the goroutines whose innermost frame is the site),
 * or under a minute where profsum saw none. */
static void
test_waits_captured (void)
{
  const char *dir = hs_fixtures_dir (HS_FIXTURES_REPO);
  static const char * const sites[] = { "main.awaitAck", "main.sendResult", "main.waitFirst" };
  g_autoptr(HsProfile) base = hs_fixtures_load (dir, "goroutinewait/goroutine-t1.debug2.txt");
  g_autoptr(HsProfile) newer = hs_fixtures_load (dir, "goroutinewait/goroutine-t2.debug2.txt");
  g_autoptr(GPtrArray) stacks = hs_goroutine_growth_new (base, newer, 10);
  g_autofree char *summary_rel = g_strdup ("goroutinewait/goroutine-t2.debug2.txt.summary.txt");
  g_autoptr(GBytes) summary = hs_fixtures_read (dir, summary_rel);
  gboolean any_minutes = FALSE;

  g_assert_cmpuint (stacks->len, >=, 3);
  for (guint i = 0; i < G_N_ELEMENTS (sites); i++)
    {
      g_autofree char *inner = g_strconcat ("text_innermost.", sites[i], NULL);
      g_autofree char *key = g_strconcat ("text_longest_wait_minutes.", sites[i], " ", NULL);
      const char *line = strstr (g_bytes_get_data (summary, NULL), key);
      gint64 want = line != NULL ? g_ascii_strtoll (line + strlen (key), NULL, 10) : 0;
      gint64 base_n, count;
      guint n;

      site_counts (stacks, sites[i], &base_n, &count, &n);
      g_assert_cmpuint (n, ==, 1);
      g_assert_cmpint (count, ==, hs_fixtures_summary_int (dir, "goroutinewait/goroutine-t2.debug2.txt", inner));
      for (guint j = 0; j < stacks->len; j++)
        {
          HsGoroutineStack *stack = g_ptr_array_index (stacks, j);

          if (strcmp (stack->site, sites[i]) == 0)
            {
              g_test_message ("%s: %s, longest wait %" G_GINT64_FORMAT " min", sites[i],
                              stack->state, stack->wait_minutes);
              g_assert_cmpint (stack->wait_minutes, ==, want);
            }
        }
      any_minutes |= want > 0;
    }
  /* The capture is only useful if Go printed minutes somewhere. */
  g_assert_true (any_minutes);
}

/* The reader on the forms Go prints between the brackets (copied from
 * real go1.19 output; the last two forms from runtime/traceback.go):
 * the state is the first part, the wait the "N minutes" part, whatever
 * follows. A binary base (no waits) keeps the newer text's figures. */
static const char wait_text[] =
  "goroutine 23 [chan receive, 1 minutes]:\n"
  "main.awaitAck({0xc0000d6000, 0x400, 0x400})\n"
  "\thsgen/goleak/main.go:45 +0x45\n"
  "created by main.handle\n"
  "\thsgen/goleak/main.go:72 +0xd9\n"
  "\n"
  "goroutine 61 [chan receive, 47 minutes]:\n"
  "main.awaitAck({0xc000200000, 0x400, 0x400})\n"
  "\thsgen/goleak/main.go:45 +0x45\n"
  "created by main.handle\n"
  "\thsgen/goleak/main.go:72 +0xd9\n"
  "\n"
  "goroutine 62 [chan receive (nil chan), 1440 minutes, locked to thread]:\n"
  "main.awaitAck({0xc000200000, 0x400, 0x400})\n"
  "\thsgen/goleak/main.go:45 +0x45\n"
  "\n"
  "goroutine 70 [select]:\n"
  "main.waitFirst({0xc000300000, 0x400, 0x400}, 0x0?, 0x0?)\n"
  "\thsgen/goleak/main.go:55 +0x7c\n"
  "\n"
  "goroutine 71 [select, 2 minutes]:\n"
  "main.waitFirst({0xc000300000, 0x400, 0x400}, 0x0?, 0x0?)\n"
  "\thsgen/goleak/main.go:55 +0x7c\n"
  "\n"
  "goroutine 72 [chan send, 99999999999999999999 minutes]:\n"
  "main.sendResult({0xc000400000, 0x400, 0x400})\n"
  "\thsgen/goleak/main.go:50 +0x2c\n";

static void
test_waits_text (void)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (wait_text, sizeof wait_text - 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(HsProfile) text = hs_profile_load_bytes (bytes, "waits.txt", 0, &error);
  g_autoptr(HsProfile) binary = NULL;
  g_autoptr(GPtrArray) stacks = NULL;
  guint seen = 0;

  g_assert_no_error (error);
  g_assert_cmpint (hs_profile_get_format (text), ==, HS_PROFILE_FORMAT_GOROUTINE_DEBUG2);
  /* Against a binary base (the goleak capture: its stacks hold the
   * runtime frames the text hides, so none meets the text's): every
   * stack of the text grew from 0. Stacks only in the binary profile
   * are unknown, never "under 1 min". */
  binary = hs_fixtures_load (hs_fixtures_dir (HS_FIXTURES_REPO), DIR_REL "/goroutine-t1.pb.gz");
  stacks = hs_goroutine_growth_new (binary, text, 100);
  for (guint i = 0; i < stacks->len; i++)
    {
      HsGoroutineStack *stack = g_ptr_array_index (stacks, i);
      g_autofree char *wait = hs_goroutine_stack_format_wait (stack);

      g_assert_cmpstr (stack->labels, ==, "");
      g_assert_cmpint (stack->base, ==, 0);
      if (strcmp (stack->site, "main.awaitAck") == 0)
        {
          /* The reader drops "created by" (not on the goroutine's
           * stack), so goroutine 62, without one, shares the stack. */
          g_assert_cmpint (stack->count, ==, 3);
          g_assert_cmpstr (stack->state, ==, "chan receive, chan receive (nil chan)");
          g_assert_cmpint (stack->wait_minutes, ==, 1440);
          g_assert_cmpstr (wait, ==, "1440 min");
        }
      else if (strcmp (stack->site, "main.waitFirst") == 0)
        {
          g_assert_cmpint (stack->count, ==, 2);
          g_assert_cmpstr (stack->state, ==, "select");
          g_assert_cmpint (stack->wait_minutes, ==, 2);
        }
      else if (strcmp (stack->site, "main.sendResult") == 0)
        {
          /* Minutes beyond gint64 are not a number we can trust: dropped. */
          g_assert_cmpstr (stack->state, ==, "chan send");
          g_assert_cmpint (stack->wait_minutes, ==, 0);
          g_assert_cmpstr (wait, ==, "under 1 min");
        }
      else
        g_assert_not_reached ();
      seen++;
    }
  g_assert_cmpuint (seen, ==, 3);

  g_clear_pointer (&stacks, g_ptr_array_unref);
  stacks = hs_goroutine_growth_new (text, binary, 100);
  g_assert_cmpuint (stacks->len, >, 0);
  for (guint i = 0; i < stacks->len; i++)
    {
      HsGoroutineStack *stack = g_ptr_array_index (stacks, i);
      g_autofree char *wait = hs_goroutine_stack_format_wait (stack);

      g_assert_cmpstr (stack->state, ==, "");
      g_assert_cmpint (stack->wait_minutes, ==, HS_GOROUTINE_WAIT_UNKNOWN);
      g_assert_cmpstr (wait, ==, "");
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

/* Go 1.26's /debug/pprof/goroutineleak?debug=1 is printCountProfile's
 * text, headed "goroutineleak profile: total N" (go1.19, here, cannot
 * serve one): made from the real goleak debug=1 capture by renaming its
 * header. It reads as a goroutine profile whose sample type is
 * "goroutineleak", with the capture's counts, and ranks by stack. */
static void
test_leak_text (void)
{
  const char *dir = hs_fixtures_dir (HS_FIXTURES_REPO);
  g_autoptr(GBytes) real = hs_fixtures_read (dir, DIR_REL "/goroutine-t2.debug1.txt");
  g_autofree char *text = g_strndup (g_bytes_get_data (real, NULL), g_bytes_get_size (real));
  g_autofree char *renamed = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HsProfile) leak = NULL;
  g_autoptr(HsProfile) original = NULL;
  g_autoptr(HsProfile) base = NULL;
  g_autoptr(GPtrArray) stacks = NULL;

  g_assert_true (g_str_has_prefix (text, "goroutine profile: total "));
  renamed = g_strconcat ("goroutineleak", text + strlen ("goroutine"), NULL);
  bytes = g_bytes_new_take (renamed, strlen (renamed));
  renamed = NULL;
  leak = hs_profile_load_bytes (bytes, "goroutineleak.txt", 0, &error);
  g_assert_no_error (error);
  original = hs_fixtures_load (dir, DIR_REL "/goroutine-t2.debug1.txt");
  g_assert_cmpint (hs_profile_get_format (leak), ==, HS_PROFILE_FORMAT_GOROUTINE_DEBUG1);
  g_assert_cmpint (hs_profile_get_kind (leak), ==, HS_PROFILE_KIND_GOROUTINE);
  g_assert_cmpstr (hs_profile_get_sample_type (leak, 0), ==, "goroutineleak");
  g_assert_true (hs_profile_is_goroutine (leak));
  g_assert_cmpint (hs_profile_get_total (leak, 0), ==, hs_profile_get_total (original, 0));

  base = hs_fixtures_load (dir, DIR_REL "/goroutine-t1.debug1.txt");
  stacks = hs_goroutine_growth_new (base, leak, 10);
  g_assert_cmpuint (stacks->len, >, 0);
  g_assert_cmpstr (((HsGoroutineStack *) g_ptr_array_index (stacks, 0))->site, ==, "main.awaitAck");
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
  g_test_add_func ("/goroutine-growth/waits/captured", test_waits_captured);
  g_test_add_func ("/goroutine-growth/waits/text", test_waits_text);
  g_test_add_func ("/goroutine-growth/leak-text", test_leak_text);
  g_test_add_func ("/goroutine-growth/not-goroutine", test_not_goroutine);
  return g_test_run ();
}
