/* hs-test-fixtures.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "hs-test-fixtures.h"

const char *
hs_fixtures_dir (HsFixtureSet set)
{
  const char *dir;

  if (set == HS_FIXTURES_REPO)
    {
      dir = g_getenv ("HS_TEST_DATA_DIR");
      g_assert_nonnull (dir);
      return dir;
    }
  dir = g_getenv ("HS_SHARED_FIXTURES_DIR");
  if (dir == NULL || !g_file_test (dir, G_FILE_TEST_IS_DIR))
    return NULL;
  return dir;
}

const char *
hs_fixtures_require (gconstpointer set)
{
  const char *dir = hs_fixtures_dir (GPOINTER_TO_INT (set));

  if (dir == NULL)
    g_test_skip ("no ../shared/fixtures beside the source tree (HS_SHARED_FIXTURES_DIR); "
                 "the same checks ran on tests/data");
  return dir;
}

void
hs_fixtures_add (const char    *prefix,
                 const char    *name,
                 GTestDataFunc  func)
{
  g_autofree char *repo = g_strdup_printf ("%s/%s", prefix, name);
  g_autofree char *shared = g_strdup_printf ("%s/shared/%s", prefix, name);

  g_test_add_data_func (repo, GINT_TO_POINTER (HS_FIXTURES_REPO), func);
  g_test_add_data_func (shared, GINT_TO_POINTER (HS_FIXTURES_SHARED), func);
}

char *
hs_fixtures_path (const char *dir,
                  const char *rel)
{
  return g_build_filename (dir, rel, NULL);
}

HsProfile *
hs_fixtures_load (const char *dir,
                  const char *rel)
{
  g_autofree char *path = hs_fixtures_path (dir, rel);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  HsProfile *profile = hs_profile_load_file (file, 0, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (profile);
  return profile;
}

GBytes *
hs_fixtures_read (const char *dir,
                  const char *rel)
{
  g_autofree char *path = hs_fixtures_path (dir, rel);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize len = 0;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, len);
}

static char *
read_text (const char *dir,
           const char *rel)
{
  g_autoptr(GBytes) bytes = hs_fixtures_read (dir, rel);
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  return g_strndup (data, len);
}

char *
hs_fixtures_oracle_file (const char *dir,
                         const char *stem,
                         const char *index)
{
  static const char *suffixes[] = { "top-exact.txt", "exact.tsv" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *rel = g_strdup_printf ("%s.%s.%s", stem, index, suffixes[i]);
      g_autofree char *path = hs_fixtures_path (dir, rel);

      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return g_steal_pointer (&rel);
    }
  return NULL;
}

/* pprof's -top text: the rows after the column titles, five columns and
 * then the name; exact values carry a "B" (counts too, with -unit=B). */
static void
parse_pprof_text (GStrv      lines,
                  GPtrArray *rows)
{
  gboolean in_table = FALSE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *p = lines[i];
      g_auto(GStrv) fields = NULL;
      g_autoptr(GPtrArray) cols = g_ptr_array_new ();
      g_autofree char *flat = NULL;
      g_autofree char *cum = NULL;

      if (!in_table)
        {
          in_table = strstr (p, "flat%") != NULL && strstr (p, "cum%") != NULL;
          continue;
        }
      if (*p == '\0')
        continue;
      while (*p == ' ')
        p++;
      for (guint skipped = 0; skipped < 5; skipped++)
        {
          while (*p && *p != ' ')
            p++;
          while (*p == ' ')
            p++;
        }
      fields = g_strsplit_set (lines[i], " ", -1);
      for (guint j = 0; fields[j] != NULL; j++)
        if (fields[j][0] != '\0')
          g_ptr_array_add (cols, fields[j]);
      g_assert_cmpuint (cols->len, >=, 6);
      flat = g_strdup (g_ptr_array_index (cols, 0));
      cum = g_strdup (g_ptr_array_index (cols, 3));
      if (g_str_has_suffix (flat, "B"))
        flat[strlen (flat) - 1] = '\0';
      if (g_str_has_suffix (cum, "B"))
        cum[strlen (cum) - 1] = '\0';
      g_ptr_array_add (rows, g_strdup_printf ("%s\t%s\t%s", p, flat, cum));
    }
}

GPtrArray *
hs_fixtures_oracle_rows (const char *dir,
                         const char *oracle_rel)
{
  g_autofree char *text = read_text (dir, oracle_rel);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_free);

  if (g_str_has_suffix (oracle_rel, ".tsv"))
    {
      g_assert_cmpstr (lines[0], ==, "name\tflat\tcum");
      for (guint i = 1; lines[i] != NULL; i++)
        if (lines[i][0] != '\0')
          g_ptr_array_add (rows, g_strdup (lines[i]));
    }
  else
    parse_pprof_text (lines, rows);
  return rows;
}

gint64
hs_fixtures_oracle_total (const char *dir,
                          const char *oracle_rel)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *key = NULL;

  if (g_str_has_suffix (oracle_rel, ".tsv"))
    {
      /* The TSV form has no header; make-fixtures.sh keeps pprof's
       * totals in ORACLE-TOTALS.tsv. */
      text = read_text (dir, "ORACLE-TOTALS.tsv");
      key = g_strconcat (oracle_rel, "\t", NULL);
    }
  else
    {
      text = read_text (dir, oracle_rel);
      key = g_strdup ("Showing nodes accounting for ");
    }
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *of;

      if (!g_str_has_prefix (lines[i], key))
        continue;
      if (g_str_has_suffix (oracle_rel, ".tsv"))
        return g_ascii_strtoll (lines[i] + strlen (key), NULL, 10);
      of = strstr (lines[i], "% of ");
      g_assert_nonnull (of);
      return g_ascii_strtoll (of + strlen ("% of "), NULL, 10);
    }
  g_error ("%s/%s: no pprof total", dir, oracle_rel);
  return -1;
}

gint64
hs_fixtures_oracle_flat (const char *dir,
                         const char *stem,
                         const char *index,
                         const char *function)
{
  g_autofree char *rel = hs_fixtures_oracle_file (dir, stem, index);
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *prefix = g_strconcat (function, "\t", NULL);

  g_assert_nonnull (rel);
  rows = hs_fixtures_oracle_rows (dir, rel);
  for (guint i = 0; i < rows->len; i++)
    {
      const char *row = g_ptr_array_index (rows, i);

      if (g_str_has_prefix (row, prefix))
        return g_ascii_strtoll (row + strlen (prefix), NULL, 10);
    }
  return -1;
}

gint64
hs_fixtures_summary_int (const char *dir,
                         const char *rel,
                         const char *key)
{
  g_autofree char *summary = g_strconcat (rel, ".summary.txt", NULL);
  g_autofree char *text = read_text (dir, summary);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autofree char *prefix = g_strconcat (key, " ", NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], prefix))
      return g_ascii_strtoll (lines[i] + strlen (prefix), NULL, 10);
  g_error ("%s/%s: no “%s”", dir, summary, key);
  return -1;
}
