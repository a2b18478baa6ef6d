/* test-profile-oracle.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-profile-oracle"

#include "config.h"

#include <string.h>

#include "hs-profile.h"
#include "hs-profile-diff.h"
#include "hs-profile-top.h"
#include "hs-test-fixtures.h"

#if __has_include(<valgrind/valgrind.h>)
# include <valgrind/valgrind.h>
#else
# define RUNNING_ON_VALGRIND 0
#endif

/* Every profile and pair under a fixture set against `go tool pprof`'s
 * exact output next to it (*.top-exact.txt in ../shared/fixtures, pprof's
 * own text; *.exact.tsv in tests/data, name<TAB>flat<TAB>cum), and every
 * profile's counts and totals against the set's ORACLE-SUMMARY.tsv. The
 * file list comes from the folders, so a new fixture is checked without
 * touching this file. Each test runs on tests/data, and again on
 * ../shared/fixtures when it is there. */

static gboolean
skip_big (const char *path)
{
  /* 800k samples under memcheck take minutes; the plain and ASan runs
   * cover it. */
  return strstr (path, "bigprofile") != NULL && (RUNNING_ON_VALGRIND || g_getenv ("HS_SKIP_BIG") != NULL);
}

static HsProfile *
load (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  HsProfile *profile = hs_profile_load_file (file, 0, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (profile);
  return profile;
}

static GPtrArray *
top_rows (HsTop *top)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < hs_top_get_n_rows (top); i++)
    {
      HsTopRow *row = hs_top_get_row (top, i);

      g_ptr_array_add (rows, g_strdup_printf ("%s\t%" G_GINT64_FORMAT "\t%" G_GINT64_FORMAT,
                                              hs_top_row_get_name (row), hs_top_row_get_flat (row),
                                              hs_top_row_get_cum (row)));
    }
  return rows;
}

static void
assert_rows_equal (GPtrArray  *got,
                   GPtrArray  *want,
                   const char *what)
{
  for (guint i = 0; i < MIN (got->len, want->len); i++)
    if (!g_str_equal (g_ptr_array_index (got, i), g_ptr_array_index (want, i)))
      g_error ("%s: row %u is “%s”, pprof has “%s”", what, i,
               (char *) g_ptr_array_index (got, i), (char *) g_ptr_array_index (want, i));
  if (got->len != want->len)
    g_error ("%s: %u rows, pprof has %u", what, got->len, want->len);
}

/* Goroutine debug=1 texts hide the runtime's leading frames (gopark,
 * chanrecv…) that pprof names with the binary and we cannot. Every row we
 * can name must equal pprof's; pprof's extra rows are runtime.*; flat sums
 * are equal. */
static void
assert_rows_equal_goroutine_text (GPtrArray  *got,
                                  GPtrArray  *want,
                                  const char *what)
{
  g_autoptr(GHashTable) want_set = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) got_set = g_hash_table_new (g_str_hash, g_str_equal);
  guint matched = 0;

  for (guint i = 0; i < want->len; i++)
    g_hash_table_add (want_set, g_ptr_array_index (want, i));
  for (guint i = 0; i < got->len; i++)
    {
      const char *row = g_ptr_array_index (got, i);

      g_hash_table_add (got_set, (gpointer) row);
      if (g_str_has_prefix (row, "<runtime 0x"))
        continue;
      if (!g_hash_table_contains (want_set, row))
        g_error ("%s: our row “%s” is not in pprof's output", what, row);
      matched++;
    }
  for (guint i = 0; i < want->len; i++)
    {
      const char *row = g_ptr_array_index (want, i);

      if (!g_hash_table_contains (got_set, row) && !g_str_has_prefix (row, "runtime."))
        g_error ("%s: pprof's row “%s” is missing", what, row);
    }
  g_assert_cmpuint (matched, >, 3);
}

static const char *
oracle_suffix (const char *name)
{
  if (g_str_has_suffix (name, ".top-exact.txt"))
    return ".top-exact.txt";
  if (g_str_has_suffix (name, ".exact.tsv"))
    return ".exact.tsv";
  return NULL;
}

static void
check_top_file (const char *dir,
                const char *name)
{
  g_autofree char *oracle_path = g_build_filename (dir, name, NULL);
  g_autofree char *stem = g_strndup (name, strlen (name) - strlen (oracle_suffix (name)));
  const char *dot = strrchr (stem, '.');
  g_autofree char *index_name = g_strdup (dot + 1);
  g_autofree char *profile_name = g_strndup (stem, dot - stem);
  g_autoptr(HsProfile) profile = NULL;
  g_autoptr(HsProfile) base = NULL;
  g_autoptr(HsTop) top = NULL;
  g_autoptr(GPtrArray) want = NULL;
  g_autoptr(GPtrArray) got = NULL;
  g_autoptr(GError) error = NULL;
  const char *diff = strstr (profile_name, ".diff-");
  guint index;

  if (diff != NULL)
    {
      /* B.diff-A.IDX: B and A share B's extension. */
      g_autofree char *newer = g_strndup (profile_name, diff - profile_name);
      g_autofree char *base_name = g_strconcat (diff + strlen (".diff-"), ".pb.gz", NULL);
      g_autofree char *newer_name = g_strconcat (newer, ".pb.gz", NULL);
      g_autofree char *base_path = g_build_filename (dir, base_name, NULL);
      g_autofree char *newer_path = g_build_filename (dir, newer_name, NULL);

      base = load (base_path);
      profile = load (newer_path);
      g_assert_true (hs_profile_resolve_sample_index (profile, index_name, &index, &error));
      g_assert_no_error (error);
      top = hs_top_new_diff (base, profile, index, FALSE, &error);
      g_assert_no_error (error);
    }
  else
    {
      g_autofree char *path = g_build_filename (dir, profile_name, NULL);

      profile = load (path);
      g_assert_true (hs_profile_resolve_sample_index (profile, index_name, &index, &error));
      g_assert_no_error (error);
      top = hs_top_new (profile, index, FALSE);
    }

  want = hs_fixtures_oracle_rows (dir, name);
  got = top_rows (top);
  if (strstr (name, "goroutine") != NULL && strstr (name, ".debug1.txt") != NULL)
    assert_rows_equal_goroutine_text (got, want, oracle_path);
  else
    assert_rows_equal (got, want, oracle_path);
}

static guint
check_folder (const char *root,
              const char *sub,
              gboolean    diffs)
{
  g_autofree char *dir = g_build_filename (root, sub, NULL);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;
  guint n = 0;

  if (d == NULL)
    return 0;
  while ((name = g_dir_read_name (d)) != NULL)
    if (oracle_suffix (name) != NULL && (strstr (name, ".diff-") != NULL) == diffs)
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc) g_ascii_strcasecmp);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, g_ptr_array_index (names, i), NULL);

      if (skip_big (path))
        continue;
      g_test_message ("%s", path);
      check_top_file (dir, g_ptr_array_index (names, i));
      n++;
    }
  return n;
}

static const char *folders[] = { "leakycache", "leakycache-c", "goroutineleak", "steady", "bigprofile", "hostile", "legacy", NULL };

/* How many oracle files and summary rows each set has at least, so that
 * a folder that went missing fails instead of checking nothing:
 * tests/data has 106 profile oracles (4 of them the hostile shapes of
 * tests/gen/make-hostile.sh, 44 the legacy formats of
 * tests/gen/make-legacy-fixtures.sh), 33 diff oracles and 19 summary rows;
 * ../shared/fixtures has more (4 sample types × ~20 profiles). */
static const struct {
  guint top, diff, summary;
} minimum[] = {
  [HS_FIXTURES_REPO] = { 106, 33, 19 },
  [HS_FIXTURES_SHARED] = { 60, 20, 18 },
};

static void
test_oracle_top (gconstpointer set)
{
  const char *dir = hs_fixtures_require (set);
  guint n = 0;

  if (dir == NULL)
    return;
  for (guint i = 0; folders[i] != NULL; i++)
    n += check_folder (dir, folders[i], FALSE);
  g_assert_cmpuint (n, >=, minimum[GPOINTER_TO_INT (set)].top);
}

static void
test_oracle_diff (gconstpointer set)
{
  const char *dir = hs_fixtures_require (set);
  guint n = 0;

  if (dir == NULL)
    return;
  for (guint i = 0; folders[i] != NULL; i++)
    n += check_folder (dir, folders[i], TRUE);
  g_assert_cmpuint (n, >=, minimum[GPOINTER_TO_INT (set)].diff);
}

/* ORACLE-SUMMARY.tsv: header fields, proto counts, totals. */
static void
test_oracle_summary (gconstpointer set)
{
  const char *dir = hs_fixtures_require (set);
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  guint checked = 0;

  if (dir == NULL)
    return;
  path = g_build_filename (dir, "ORACLE-SUMMARY.tsv", NULL);
  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) cols = g_strsplit (lines[i], "\t", -1);
      g_autofree char *file = NULL;
      g_autoptr(HsProfile) profile = NULL;
      g_auto(GStrv) totals = NULL;
      g_autofree char *ptype = NULL;
      gboolean text_form;

      if (g_strv_length (cols) < 15)
        continue;
      file = g_build_filename (dir, cols[0], NULL);
      if (skip_big (file))
        continue;
      g_test_message ("%s", file);
      profile = load (file);
      text_form = g_str_equal (cols[1], "text");

      ptype = g_strdup_printf ("%s/%s", hs_profile_get_period_type (profile), hs_profile_get_period_unit (profile));
      g_assert_cmpstr (ptype, ==, cols[2]);
      g_assert_cmpint (hs_profile_get_period (profile), ==, g_ascii_strtoll (cols[3], NULL, 10));
      if (!text_form)
        {
          g_assert_cmpint (hs_profile_get_format (profile), ==,
                           g_str_equal (cols[1], "true") ? HS_PROFILE_FORMAT_PPROF_GZIP : HS_PROFILE_FORMAT_PPROF_RAW);
          if (!g_str_equal (cols[4], "\"\""))
            {
              g_autofree char *dflt = g_strndup (cols[4] + 1, strlen (cols[4]) - 2);
              g_assert_cmpstr (hs_profile_get_sample_type (profile, hs_profile_get_default_sample_index (profile)), ==, dflt);
            }
          else
            g_assert_cmpuint (hs_profile_get_default_sample_index (profile), ==,
                              hs_profile_get_n_sample_types (profile) - 1);
          g_assert_cmpuint (hs_profile_get_n_samples (profile), ==, g_ascii_strtoull (cols[5], NULL, 10));
          g_assert_cmpuint (hs_profile_get_n_locations (profile), ==, g_ascii_strtoull (cols[6], NULL, 10));
          g_assert_cmpuint (hs_profile_get_n_functions (profile), ==, g_ascii_strtoull (cols[7], NULL, 10));
          g_assert_cmpuint (hs_profile_get_n_mappings (profile), ==, g_ascii_strtoull (cols[8], NULL, 10));
          g_assert_cmpuint (hs_profile_get_n_strings (profile), ==, g_ascii_strtoull (cols[9], NULL, 10));
        }

      /* "inuse_space=123" or "goroutine=4(raw:3)": the first figure is the
       * proto total, which is pprof's "of N total". */
      totals = g_strsplit (cols[14], " ", -1);
      g_assert_cmpuint (g_strv_length (totals), ==, hs_profile_get_n_sample_types (profile));
      for (guint t = 0; totals[t] != NULL; t++)
        {
          char *eq = strchr (totals[t], '=');
          g_autofree char *type = g_strndup (totals[t], eq - totals[t]);
          int idx = hs_profile_find_sample_type (profile, type);

          g_assert_cmpint (idx, >=, 0);
          g_assert_cmpint (hs_profile_get_total (profile, idx), ==, g_ascii_strtoll (eq + 1, NULL, 10));
        }
      checked++;
    }
  g_assert_cmpuint (checked, >=, minimum[GPOINTER_TO_INT (set)].summary);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  hs_fixtures_add ("/profile-oracle", "top", test_oracle_top);
  hs_fixtures_add ("/profile-oracle", "diff", test_oracle_diff);
  hs_fixtures_add ("/profile-oracle", "summary", test_oracle_summary);

  return g_test_run ();
}
