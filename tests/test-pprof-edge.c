/* test-pprof-edge.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "hs-flame-model.h"
#include "hs-call-tree.h"
#include "hs-profile.h"
#include "hs-profile-diff.h"
#include "hs-profile-private.h"
#include "hs-regex.h"
#include "hs-profile-top.h"

/* Issue 12, "exactly as pprof reads protobuf": each crafted profile of
 * tests/data/pprof-edge (tests/gen/make-pprof-edge.sh) read as `go tool
 * pprof` (go1.19) reads it. VERDICTS.tsv has pprof's exit status, "of N
 * total" or refusal per file and sample type; F.IDX.exact.tsv every row
 * of its -top. A file pprof reads must give the same rows and totals
 * here, a file it refuses must be refused. */

typedef struct
{
  int    exit;
  gint64 total;
  char  *message;
} Verdict;

static char *
data_path (const char *name)
{
  return g_build_filename (g_getenv ("HS_TEST_DATA_DIR"), "pprof-edge", name, NULL);
}

static void
verdict (const char *file,
         const char *idx,
         Verdict    *out)
{
  g_autofree char *path = data_path ("VERDICTS.tsv");
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) cols = g_strsplit (lines[i], "\t", -1);

      if (g_strv_length (cols) == 5 && g_str_equal (cols[0], file) && g_str_equal (cols[1], idx))
        {
          out->exit = atoi (cols[2]);
          out->total = g_str_equal (cols[3], "-") ? 0 : g_ascii_strtoll (cols[3], NULL, 10);
          out->message = g_strdup (cols[4]);
          return;
        }
    }
  g_error ("%s/%s is not in VERDICTS.tsv", file, idx);
}

/* How Heapscope shows a Go string that is not valid UTF-8 (pprof prints
 * the raw bytes): each byte that is no part of a valid character, and
 * NUL, as \xNN. Written here independently of the reader. */
static char *
escape_go_string (const char *s,
                  gsize       len)
{
  GString *out = g_string_new (NULL);
  const char *end = s + len;

  while (s < end)
    {
      gunichar c = g_utf8_get_char_validated (s, end - s);

      if (c == (gunichar) -1 || c == (gunichar) -2 || c == 0)
        {
          g_string_append_printf (out, "\\x%02x", (guchar) *s);
          s++;
        }
      else
        {
          const char *next = g_utf8_next_char (s);

          g_string_append_len (out, s, next - s);
          s = next;
        }
    }
  return g_string_free (out, FALSE);
}

/* pprof's rows, with names as Heapscope shows them. */
static GPtrArray *
oracle_rows (const char *file,
             const char *idx)
{
  g_autofree char *name = g_strdup_printf ("%s.%s.exact.tsv", file, idx);
  g_autofree char *path = data_path (name);
  g_autofree char *text = NULL;
  gsize len;
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_free);
  const char *p, *end;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &text, &len, &error);
  g_assert_no_error (error);
  end = text + len;
  p = memchr (text, '\n', len) + 1;  /* the header */
  while (p < end)
    {
      const char *nl = memchr (p, '\n', end - p);
      const char *tab;

      if (nl == NULL)
        nl = end;
      tab = memchr (p, '\t', nl - p);
      g_assert_nonnull (tab);
      {
        g_autofree char *row_name = escape_go_string (p, tab - p);
        g_autofree char *rest = g_strndup (tab, nl - tab);

        g_ptr_array_add (rows, g_strconcat (row_name, rest, NULL));
      }
      p = nl + 1;
    }
  return rows;
}

static HsProfile *
load (const char  *file,
      GError     **error)
{
  g_autofree char *path = data_path (file);
  g_autoptr(GFile) gfile = g_file_new_for_path (path);

  return hs_profile_load_file (gfile, 0, NULL, error);
}

/* Rows and totals of both sample types equal pprof's. */
static HsProfile *
assert_like_pprof (const char *file)
{
  const char *types[] = { "inuse_objects", "inuse_space" };
  g_autoptr(GError) error = NULL;
  g_autoptr(HsProfile) profile = load (file, &error);

  g_assert_no_error (error);
  g_assert_nonnull (profile);
  for (guint t = 0; t < G_N_ELEMENTS (types); t++)
    {
      Verdict v = { 0, };
      g_autoptr(GPtrArray) want = NULL;
      g_autoptr(HsTop) top = NULL;
      guint index;

      verdict (file, types[t], &v);
      g_assert_cmpint (v.exit, ==, 0);
      g_assert_true (hs_profile_resolve_sample_index (profile, types[t], &index, &error));
      g_assert_no_error (error);
      top = hs_top_new (profile, index, FALSE);
      want = oracle_rows (file, types[t]);
      for (guint i = 0; i < hs_top_get_n_rows (top); i++)
        {
          HsTopRow *row = hs_top_get_row (top, i);
          g_auto(GStrv) lines = g_strsplit (hs_top_row_get_name (row), "\n", -1);
          g_autofree char *name = g_strjoinv ("\\n", lines);
          g_autofree char *got = NULL;

          /* The oracle writes a newline in a name as \n (make-pprof-edge.sh). */
          got = g_strdup_printf ("%s\t%" G_GINT64_FORMAT "\t%" G_GINT64_FORMAT,
                                 name, hs_top_row_get_flat (row), hs_top_row_get_cum (row));

          g_test_message ("%s %s row %u: %s", file, types[t], i, got);
          g_assert_cmpuint (i, <, want->len);
          g_assert_cmpstr (got, ==, g_ptr_array_index (want, i));
        }
      g_assert_cmpuint (hs_top_get_n_rows (top), ==, want->len);
      g_assert_cmpint (hs_top_get_total (top), ==, v.total);
      g_assert_cmpint (hs_profile_get_total (profile, index), ==, v.total);
      {
        /* The other views build on the same model without trouble. */
        g_autoptr(HsFlameModel) flame = hs_flame_model_new (top);
        g_autoptr(HsCallTree) tree = hs_call_tree_new (top);
      }
      g_free (v.message);
    }
  return g_steal_pointer (&profile);
}

/* pprof refuses the file; so do we, saying @words. */
static void
assert_refused_like_pprof (const char *file,
                           const char *words)
{
  Verdict v = { 0, };
  g_autoptr(GError) error = NULL;
  g_autoptr(HsProfile) profile = load (file, &error);

  verdict (file, "inuse_space", &v);
  g_assert_cmpint (v.exit, !=, 0);
  g_test_message ("pprof: %s; Heapscope: %s", v.message, error ? error->message : "(read)");
  g_assert_null (profile);
  g_assert_error (error, HS_PROFILE_ERROR, HS_PROFILE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, words));
  g_free (v.message);
}

/* go tool pprof -proto -diff_base=diff-a diff-b: the base's samples are
 * negated and labelled pprof::base=true. pprof's total is the base's
 * (computeTotal: the |values| of the labelled samples), not, as the issue
 * said, the unlabelled ones'; the rows are NEW − BASE. */
static void
test_diff_base_saved (void)
{
  g_autoptr(HsProfile) profile = assert_like_pprof ("diffbase.pb.gz");
  g_autoptr(HsProfile) a = assert_like_pprof ("diff-a.pb.gz");
  g_autoptr(HsProfile) b = assert_like_pprof ("diff-b.pb.gz");
  g_autoptr(GError) error = NULL;
  g_autoptr(HsTop) diff = NULL;
  g_autoptr(HsTop) saved = NULL;

  /* The saved diff reads as the diff Heapscope computes itself. */
  diff = hs_top_new_diff (a, b, 1, FALSE, &error);
  g_assert_no_error (error);
  saved = hs_top_new (profile, 1, FALSE);
  g_assert_cmpint (hs_top_get_total (saved), ==, hs_top_get_total (diff));
  g_assert_cmpuint (hs_top_get_n_rows (saved), ==, hs_top_get_n_rows (diff));
  for (guint i = 0; i < hs_top_get_n_rows (saved); i++)
    {
      g_assert_cmpstr (hs_top_row_get_name (hs_top_get_row (saved, i)), ==,
                       hs_top_row_get_name (hs_top_get_row (diff, i)));
      g_assert_cmpint (hs_top_row_get_flat (hs_top_get_row (saved, i)), ==,
                       hs_top_row_get_flat (hs_top_get_row (diff, i)));
    }
}

/* Samples with one stack and the same labels are merged before the
 * total (profile.Merge in every load): +100 and −100 count 0, not 200;
 * the same stack with other labels stays apart. */
static void
test_cancelling_samples (void)
{
  g_autoptr(HsProfile) profile = assert_like_pprof ("cancel.pb.gz");

  /* Every sample is kept (the flame graph and call tree sum them). */
  g_assert_cmpuint (hs_profile_get_n_samples (profile), ==, 10);
}

static void
test_negative_counts (void)
{
  g_autoptr(HsProfile) profile = assert_like_pprof ("negative.pb.gz");
}

/* Go strings are bytes: pprof keeps "main.caf\xe9", "main.caf\xff" and
 * "main.caf\u00fffd" apart (three rows); Heapscope made all three the
 * same U+FFFD name and merged them into one row. */
static void
test_invalid_utf8_names (void)
{
  g_autoptr(HsProfile) profile = assert_like_pprof ("utf8-names.pb.gz");
  g_autoptr(HsTop) top = hs_top_new (profile, 1, FALSE);

  g_assert_cmpint (hs_top_find_row (top, "main.caf\\xe9"), >=, 0);
  g_assert_cmpint (hs_top_find_row (top, "main.caf\\xff"), >=, 0);
  g_assert_cmpint (hs_top_find_row (top, "main.caf\xef\xbf\xbd"), >=, 0);
  g_assert_cmpint (hs_top_find_row (top, "main.nul\\x00byte"), >=, 0);
}

/* drop_frames/keep_frames as Go's regexp (RE2) reads them. */
static void
test_drop_frames_dollar (void)
{
  /* $ is the end of the text in RE2; PCRE also matches before a final
   * newline, and dropped "main.drop\n". */
  g_autoptr(HsProfile) profile = assert_like_pprof ("drop-dollar.pb.gz");
}

static void
test_drop_frames_re2_refuses (void)
{
  /* Patterns RE2 refuses (look-ahead, a back-reference, a repeat count
   * over 1000), one invalid in both, and a valid drop_frames with such a
   * keep_frames: pprof ignores both patterns (RemoveUninteresting's
   * error is dropped), PCRE applied the first three and Heapscope
   * refused the file on the fourth. */
  const char *files[] = { "drop-lookahead.pb.gz", "drop-backref.pb.gz", "drop-repeat.pb.gz",
                          "drop-invalid.pb.gz", "drop-keep-invalid.pb.gz" };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autoptr(HsProfile) profile = assert_like_pprof (files[i]);
    }
  {
    /* {0,1000} is RE2's largest repeat: applied. */
    g_autoptr(HsProfile) profile = assert_like_pprof ("drop-repeat-1000.pb.gz");
  }
}

static void
test_drop_frames_names (void)
{
  /* simplifyFunc: the name up to its first '(' that does not begin
   * "(anonymous namespace)" or end "operator()"; a name starting with '('
   * becomes "", which the pattern's empty alternative matches. */
  g_autoptr(HsProfile) profile = assert_like_pprof ("drop-names.pb.gz");
}

static void
test_drop_frames_ascii_classes (void)
{
  /* \w and \d are ASCII in RE2: "main.café" and "main.n٣" stay. */
  g_autoptr(HsProfile) profile = assert_like_pprof ("drop-ascii-classes.pb.gz");
}

static void
test_drop_frames_bad_utf8 (void)
{
  /* Go's regexp reads a byte that is not UTF-8 as U+FFFD, and NUL as a
   * character: `.` matches each (not the four characters \xNN Heapscope
   * shows). */
  g_autoptr(HsProfile) profile = assert_like_pprof ("drop-bad-utf8.pb.gz");
}

/* A Go-quoted string of re2-verdicts.tsv (strconv.Quote: the patterns
 * and names there need only \\ \" \n \r \t \v). */
static char *
unquote (const char *quoted)
{
  g_autofree char *inner = NULL;
  gsize len = strlen (quoted);

  g_assert_cmpuint (len, >=, 2);
  g_assert_true (quoted[0] == '"' && quoted[len - 1] == '"');
  inner = g_strndup (quoted + 1, len - 2);
  return g_strcompress (inner);
}

/* hs_regex_new (anchored, as drop_frames) against Go's regexp on patterns
 * where RE2 and PCRE disagree (re2-verdicts.tsv, from tests/gen/pprofedge): the same
 * compile verdict, and the same whole-name match on every name. */
static void
test_re2_verdicts (void)
{
  g_autofree char *path = data_path ("re2-verdicts.tsv");
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) compiled = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                          (GDestroyNotify) hs_regex_free);
  guint n_refused = 0, n_matches = 0;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      g_auto(GStrv) cols = g_strsplit (lines[i], "\t", -1);
      g_autofree char *pattern = NULL;
      g_autoptr(GError) rx_error = NULL;
      HsRegex *rx;

      g_assert_cmpuint (g_strv_length (cols), ==, 4);
      pattern = unquote (cols[0]);
      if (g_str_equal (cols[1], "0"))
        {
          g_autoptr(HsRegex) refused = hs_regex_new (pattern, TRUE, &rx_error);

          if (refused != NULL)
            g_error ("Go's regexp refuses “%s”, Heapscope compiled it as “%s”", pattern,
                     hs_regex_get_pattern (refused));
          g_test_message ("refused “%s”: %s", pattern, rx_error->message);
          n_refused++;
          continue;
        }
      rx = g_hash_table_lookup (compiled, pattern);
      if (rx == NULL)
        {
          rx = hs_regex_new (pattern, TRUE, &rx_error);
          if (rx == NULL)
            g_error ("Go's regexp compiles “%s”, Heapscope refuses it: %s", pattern, rx_error->message);
          g_hash_table_insert (compiled, g_strdup (pattern), rx);
        }
      {
        g_autofree char *name = unquote (cols[2]);
        gboolean want = g_str_equal (cols[3], "1");

        if (hs_regex_match (rx, name, -1) != want)
          g_error ("“%s” %s “%s” in Go, not in Heapscope (as “%s”)", pattern,
                   want ? "matches" : "does not match", name, hs_regex_get_pattern (rx));
        n_matches++;
      }
    }
  g_assert_cmpuint (n_refused, >=, 30);
  g_assert_cmpuint (n_matches, >=, 1000);
}

/* Wire forms pprof reads and Heapscope refused. */
static void
test_packed_empty (void)
{
  g_autoptr(HsProfile) profile = assert_like_pprof ("packed-empty.pb.gz");
}

static void
test_field_number_0 (void)
{
  g_autoptr(HsProfile) profile = assert_like_pprof ("field0.pb.gz");
}

static void
test_missing_mapping (void)
{
  g_autoptr(HsProfile) profile = assert_like_pprof ("missing-mapping.pb.gz");
}

static void
test_many_lines (void)
{
  g_autoptr(HsProfile) profile = assert_like_pprof ("many-lines.pb.gz");
}

/* Wire forms pprof refuses and Heapscope read. */
static void
test_line_function_0 (void)
{
  assert_refused_like_pprof ("line-function-0.pb.gz", "location 1 has a line with no function");
}

static void
test_trailing_bytes (void)
{
  assert_refused_like_pprof ("trailing-junk.pb.gz", "after the end of the gzip data");
  assert_refused_like_pprof ("trailing-zeros.pb.gz", "after the end of the gzip data");
}

/* Two gzipped profiles one after the other: Go's gzip reader joins the
 * members, and pprof refuses the second time_nanos. */
static void
test_concatenated (void)
{
  assert_refused_like_pprof ("concat.pb.gz", "two profiles one after the other");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pprof-edge/diff-base-saved", test_diff_base_saved);
  g_test_add_func ("/pprof-edge/cancelling-samples", test_cancelling_samples);
  g_test_add_func ("/pprof-edge/negative-counts", test_negative_counts);
  g_test_add_func ("/pprof-edge/invalid-utf8-names", test_invalid_utf8_names);
  g_test_add_func ("/pprof-edge/drop-frames-dollar", test_drop_frames_dollar);
  g_test_add_func ("/pprof-edge/drop-frames-re2-refuses", test_drop_frames_re2_refuses);
  g_test_add_func ("/pprof-edge/drop-frames-names", test_drop_frames_names);
  g_test_add_func ("/pprof-edge/drop-frames-ascii-classes", test_drop_frames_ascii_classes);
  g_test_add_func ("/pprof-edge/drop-frames-bad-utf8", test_drop_frames_bad_utf8);
  g_test_add_func ("/pprof-edge/re2-verdicts", test_re2_verdicts);
  g_test_add_func ("/pprof-edge/packed-empty", test_packed_empty);
  g_test_add_func ("/pprof-edge/field-number-0", test_field_number_0);
  g_test_add_func ("/pprof-edge/missing-mapping", test_missing_mapping);
  g_test_add_func ("/pprof-edge/many-lines", test_many_lines);
  g_test_add_func ("/pprof-edge/line-function-0", test_line_function_0);
  g_test_add_func ("/pprof-edge/trailing-bytes", test_trailing_bytes);
  g_test_add_func ("/pprof-edge/concatenated", test_concatenated);

  return g_test_run ();
}
