/* test-profile-filter.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-profile-filter"

#include "config.h"

#include <string.h>

#include "hs-flame-model.h"
#include "hs-profile.h"
#include "hs-profile-diff.h"
#include "hs-profile-filter.h"
#include "hs-profile-private.h"
#include "hs-profile-top.h"
#include "hs-test-cli.h"
#include "hs-test-fixtures.h"

/* pprof's sample filters against `go tool pprof -focus/-ignore/-hide/
 * -show/-tagfocus/-tagignore` itself: each case of
 * tests/data/filters/CASES.tsv has pprof's exact top beside it
 * (tests/gen/make-filter-oracles.sh), which both hs_profile_filter() and
 * `heapscope-cli top|diff --format=tsv` must equal row for row, with
 * pprof's total (the unfiltered one) and its "matched no samples"
 * warnings. */

typedef struct
{
  char *name;
  char *profile;
  char *base;
  char *sample_index;
  gboolean lines;
  char *filters[6];   /* focus ignore hide show tagfocus tagignore; NULL unset */
} Case;

static const char * const flag_names[] = { "focus", "ignore", "hide", "show", "tagfocus", "tagignore" };
/* As pprof's warnings name them. */
static const char * const pprof_names[] = { "Focus", "Ignore", "Hide", "Show", "TagFocus", "TagIgnore" };

static void
case_free (Case *c)
{
  g_free (c->name);
  g_free (c->profile);
  g_free (c->base);
  g_free (c->sample_index);
  for (guint i = 0; i < G_N_ELEMENTS (c->filters); i++)
    g_free (c->filters[i]);
  g_free (c);
}

static char *
field (const char *text)
{
  return g_str_equal (text, "-") ? NULL : g_strdup (text);
}

static GPtrArray *
read_cases (void)
{
  g_autoptr(GBytes) bytes = hs_fixtures_read (hs_fixtures_dir (HS_FIXTURES_REPO), "filters/CASES.tsv");
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  GPtrArray *cases = g_ptr_array_new_with_free_func ((GDestroyNotify) case_free);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) f = NULL;
      Case *c;

      if (lines[i][0] == '#' || lines[i][0] == '\0')
        continue;
      f = g_strsplit (lines[i], "\t", -1);
      g_assert_cmpuint (g_strv_length (f), ==, 12);
      c = g_new0 (Case, 1);
      c->name = g_strdup (f[0]);
      c->profile = g_strdup (f[1]);
      c->base = field (f[2]);
      c->sample_index = g_strdup (f[3]);
      c->lines = g_str_equal (f[5], "lines");
      for (guint k = 0; k < 6; k++)
        c->filters[k] = field (f[6 + k]);
      g_ptr_array_add (cases, c);
    }
  return cases;
}

/* TOTALS.tsv: case, pprof's "of N total", pprof's warnings. */
static char **
read_totals_row (const char *name)
{
  g_autoptr(GBytes) bytes = hs_fixtures_read (hs_fixtures_dir (HS_FIXTURES_REPO), "filters/TOTALS.tsv");
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char **f = g_strsplit (lines[i], "\t", -1);

      if (g_strv_length (f) == 3 && g_str_equal (f[0], name))
        return f;
      g_strfreev (f);
    }
  g_error ("no TOTALS.tsv row for %s", name);
  return NULL;
}

static HsProfile *
load_filtered (const Case            *c,
               const char            *rel,
               HsProfileFilterFlags  *unmatched)
{
  g_autoptr(HsProfile) profile = hs_fixtures_load (hs_fixtures_dir (HS_FIXTURES_REPO), rel);
  g_autoptr(GError) error = NULL;
  HsProfileFilter filter = {
    c->filters[0], c->filters[1], c->filters[2], c->filters[3], c->filters[4], c->filters[5],
  };
  HsProfile *filtered = hs_profile_filter (profile, &filter, unmatched, NULL, &error);

  g_assert_no_error (error);
  g_assert_true (hs_profile_get_unfiltered (filtered) == profile);
  return filtered;
}

static void
test_oracle (gconstpointer data)
{
  const Case *c = data;
  g_autofree char *oracle = g_strdup_printf ("filters/%s.exact.tsv", c->name);
  g_autoptr(GPtrArray) want = hs_fixtures_oracle_rows (hs_fixtures_dir (HS_FIXTURES_REPO), oracle);
  g_auto(GStrv) totals = read_totals_row (c->name);
  g_autoptr(HsProfile) newer = NULL;
  g_autoptr(HsProfile) base = NULL;
  g_autoptr(HsTop) top = NULL;
  g_autoptr(GError) error = NULL;
  HsProfileFilterFlags unmatched = 0, base_unmatched = 0;
  guint index;

  newer = load_filtered (c, c->profile, &unmatched);
  g_assert_true (hs_profile_resolve_sample_index (newer, c->sample_index, &index, &error));
  if (c->base != NULL)
    {
      base = load_filtered (c, c->base, &base_unmatched);
      top = hs_top_new_diff (base, newer, index, c->lines, &error);
      g_assert_no_error (error);
      /* pprof filters the merged profile: a filter matched when it
       * matched either side. */
      unmatched &= base_unmatched;
    }
  else
    top = hs_top_new (newer, index, c->lines);

  g_assert_cmpuint (hs_top_get_n_rows (top), ==, want->len);
  for (guint i = 0; i < want->len; i++)
    {
      HsTopRow *row = hs_top_get_row (top, i);
      g_autofree char *got = g_strdup_printf ("%s\t%" G_GINT64_FORMAT "\t%" G_GINT64_FORMAT,
                                              hs_top_row_get_name (row), hs_top_row_get_flat (row),
                                              hs_top_row_get_cum (row));

      g_assert_cmpstr (got, ==, g_ptr_array_index (want, i));
    }
  /* pprof's total is taken before filtering. */
  g_assert_cmpint (hs_top_get_total (top), ==, g_ascii_strtoll (totals[1], NULL, 10));

  /* The warnings pprof printed, and no others ("Focus …" is also the end
   * of "TagFocus …": compare whole words). */
  for (guint k = 0; k < G_N_ELEMENTS (flag_names); k++)
    {
      g_autofree char *warning = g_strdup_printf (" %s expression matched no samples", pprof_names[k]);
      g_autofree char *warnings = g_strconcat (" ", totals[2], NULL);

      g_assert_cmpint (strstr (warnings, warning) != NULL, ==, (unmatched & (1 << k)) != 0);
    }
}

/* The same through heapscope-cli, whose TSV is pprof's rows exactly. */
static void
test_cli (gconstpointer data)
{
  const Case *c = data;
  const char *dir = hs_fixtures_dir (HS_FIXTURES_REPO);
  g_autofree char *oracle = g_strdup_printf ("filters/%s.exact.tsv", c->name);
  g_autoptr(GBytes) want = hs_fixtures_read (dir, oracle);
  g_autofree char *profile = hs_fixtures_path (dir, c->profile);
  g_autofree char *base = c->base ? hs_fixtures_path (dir, c->base) : NULL;
  g_autofree char *sample_index = g_strdup_printf ("--sample-index=%s", c->sample_index);
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  for (guint k = 0; k < G_N_ELEMENTS (flag_names); k++)
    if (c->filters[k] != NULL)
      g_ptr_array_add (args, g_strdup_printf ("--%s=%s", flag_names[k], c->filters[k]));
  while (args->len < 6)
    g_ptr_array_add (args, g_strdup ("--format=tsv"));
  status = hs_test_run_cli (&out, &err, c->base ? "diff" : "top", "--format=tsv", sample_index,
                            c->lines ? "--lines" : "--format=tsv",
                            g_ptr_array_index (args, 0), g_ptr_array_index (args, 1),
                            g_ptr_array_index (args, 2), g_ptr_array_index (args, 3),
                            g_ptr_array_index (args, 4), g_ptr_array_index (args, 5),
                            c->base ? base : profile, c->base ? profile : NULL, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (out, ==, g_bytes_get_data (want, NULL));

  /* pprof's warnings, one for one (in a diff, on neither side). */
  {
    g_auto(GStrv) totals = read_totals_row (c->name);

    for (guint k = 0; k < G_N_ELEMENTS (flag_names); k++)
      {
        g_autofree char *pprof = g_strdup_printf (" %s expression matched no samples", pprof_names[k]);
        g_autofree char *warnings = g_strconcat (" ", totals[2], NULL);
        g_autofree char *ours = g_strdup_printf (": --%s matched no samples", flag_names[k]);

        g_assert_cmpint (strstr (warnings, pprof) != NULL, ==, strstr (err, ours) != NULL);
      }
  }
}

static void
test_bad_filters (void)
{
  g_autoptr(HsProfile) profile = hs_fixtures_load (hs_fixtures_dir (HS_FIXTURES_REPO), "goroutineleak/goroutine-t2.pb.gz");
  g_autoptr(GError) error = NULL;
  g_autoptr(HsProfile) same = NULL;
  HsProfile *filtered;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *path = hs_fixtures_path (hs_fixtures_dir (HS_FIXTURES_REPO), "goroutineleak/goroutine-t2.pb.gz");

  filtered = hs_profile_filter (profile, &(HsProfileFilter) { .focus = "main.(" }, NULL, NULL, &error);
  g_assert_null (filtered);
  g_assert_error (error, HS_PROFILE_ERROR, HS_PROFILE_ERROR_BAD_FILTER);
  g_assert_nonnull (strstr (error->message, "focus: “main.(” is not a valid regular expression"));
  g_clear_error (&error);

  /* A numeric range whose number does not fit in 64 bits (pprof
   * panics). */
  filtered = hs_profile_filter (profile, &(HsProfileFilter) { .tagfocus = "bytes=99999999999999999999kb:" },
                                NULL, NULL, &error);
  g_assert_null (filtered);
  g_assert_error (error, HS_PROFILE_ERROR, HS_PROFILE_ERROR_BAD_FILTER);
  g_assert_nonnull (strstr (error->message, "out of range"));
  g_clear_error (&error);

  /* "s0" has a digit but is an expression, as in pprof. */
  filtered = hs_profile_filter (profile, &(HsProfileFilter) { .tagfocus = "shard=s0" }, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (hs_profile_get_total (filtered, 0), >, 0);
  g_assert_cmpint (hs_profile_get_total (filtered, 0), <, hs_profile_get_total (profile, 0));
  g_assert_finalize_object (filtered);

  /* An empty filter is the profile itself. */
  same = hs_profile_filter (profile, &(HsProfileFilter) { .focus = "", .hide = NULL }, NULL, NULL, &error);
  g_assert_true (same == profile);
  g_assert_false (hs_profile_is_filtered (same));

  g_assert_cmpint (hs_test_run_cli (&out, &err, "top", "--focus=(", path, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "not a valid regular expression"));
}

/* A filtered profile shares its source's tables, outlives nothing it
 * needs, and every analysis (here the flame model) sees only its
 * samples. */
static void
test_shares_and_flame (void)
{
  g_autoptr(HsProfile) profile = hs_fixtures_load (hs_fixtures_dir (HS_FIXTURES_REPO), "leakycache/heap-t2.pb.gz");
  g_autoptr(GError) error = NULL;
  HsProfile *filtered;
  HsTop *top;
  HsFlameModel *flame;
  int idx = hs_profile_find_sample_type (profile, "alloc_space");

  filtered = hs_profile_filter (profile, &(HsProfileFilter) { .focus = "serveRequest", .hide = "^runtime\\." },
                                NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (hs_profile_get_data (filtered)->strings == hs_profile_get_data (profile)->strings);
  g_assert_true (hs_profile_get_data (filtered)->functions == hs_profile_get_data (profile)->functions);
  g_assert_cmpint (hs_profile_get_total (filtered, idx), <, hs_profile_get_total (profile, idx));

  top = hs_top_new (filtered, idx, FALSE);
  flame = hs_flame_model_new (top);
  g_assert_cmpint (hs_flame_node_get_value (hs_flame_model_get_root (flame)), ==,
                   hs_profile_get_total (filtered, idx));
  g_assert_cmpint (hs_top_get_total (top), ==, hs_profile_get_total (profile, idx));
  for (guint i = 0; i < hs_top_get_n_rows (top); i++)
    g_assert_false (g_str_has_prefix (hs_top_row_get_name (hs_top_get_row (top, i)), "runtime."));
  g_assert_finalize_object (flame);
  g_assert_finalize_object (top);
  g_assert_finalize_object (filtered);
}

/* The text form has pprof's header lines for filters (pprof printed,
 * for these flags: "Active filters:", one indented line per flag, then
 * "Showing nodes accounting for 6.53MB, 81.31% of 8.03MB total"). */
static void
test_cli_text (void)
{
  g_autofree char *path = hs_fixtures_path (hs_fixtures_dir (HS_FIXTURES_REPO), "leakycache/heap-t2.pb.gz");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (hs_test_run_cli (&out, &err, "top", "--focus=cacheStore", "--hide=runtime",
                                    "--tagfocus=bytes=4kb", path, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Active filters:\n   focus=cacheStore\n   hide=runtime\n   tagfocus=bytes=4kb\n"
                                 "Showing nodes accounting for 6.53MB, 81.31% of 8.03MB total\n"));
}

static void
test_labels (void)
{
  g_autoptr(HsProfile) profile = hs_fixtures_load (hs_fixtures_dir (HS_FIXTURES_REPO), "goroutineleak/goroutine-t2.pb.gz");
  g_autoptr(HsProfile) heap = hs_fixtures_load (hs_fixtures_dir (HS_FIXTURES_REPO), "leakycache/heap-t2.pb.gz");
  g_auto(GStrv) labels = hs_profile_list_labels (profile);
  g_auto(GStrv) none = hs_profile_list_labels (heap);

  g_assert_true (g_strv_contains ((const char * const *) labels, "handler=report"));
  g_assert_true (g_strv_contains ((const char * const *) labels, "shard=s0"));
  g_assert_true (g_strv_contains ((const char * const *) labels, "shard=s2"));
  g_assert_cmpuint (g_strv_length (labels), ==, 4);
  g_assert_cmpuint (g_strv_length (none), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GPtrArray) cases = NULL;

  g_test_init (&argc, &argv, NULL);

  cases = read_cases ();
  for (guint i = 0; i < cases->len; i++)
    {
      Case *c = g_ptr_array_index (cases, i);
      g_autofree char *path = g_strdup_printf ("/profile-filter/oracle/%s", c->name);
      g_autofree char *cli = g_strdup_printf ("/profile-filter/cli/%s", c->name);

      g_test_add_data_func (path, c, test_oracle);
      g_test_add_data_func (cli, c, test_cli);
    }
  g_test_add_func ("/profile-filter/bad-filters", test_bad_filters);
  g_test_add_func ("/profile-filter/shares-and-flame", test_shares_and_flame);
  g_test_add_func ("/profile-filter/labels", test_labels);
  g_test_add_func ("/profile-filter/cli-text", test_cli_text);

  return g_test_run ();
}
