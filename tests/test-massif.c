/* test-massif.c: Valgrind massif files, with ms_print's numbers
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The files in tests/data/massif are real (tests/gen/massif/make-massif.sh
 * ran massif on a program of ours) and each has ms_print's output beside
 * it: every snapshot's figures, which snapshots are detailed and which is
 * the peak, and each detailed tree must be what ms_print printed. One
 * more test runs massif itself, now, and asks ms_print. */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "hs-massif.h"
#include "hs-profile-diff.h"
#include "hs-profile-top.h"

/* What ms_print printed for one file. */
typedef struct
{
  GArray     *rows;       /* Row, in order */
  GHashTable *detailed;   /* snapshot number → "peak" or "detailed" */
  GHashTable *roots;      /* snapshot number → root bytes (gint64*) */
  GHashTable *leaves;     /* "N\nfunction" → summed depth-1 bytes (gint64*) */
} Oracle;

typedef struct
{
  gint64 n, time, total, heap, extra, stacks;
} Row;

static gint64
commified (const char *s)
{
  g_autoptr(GString) digits = g_string_new (NULL);

  for (; *s; s++)
    if (g_ascii_isdigit (*s))
      g_string_append_c (digits, *s);
  return g_ascii_strtoll (digits->str, NULL, 10);
}

static void
add_to (GHashTable *table,
        char       *key,
        gint64      bytes)
{
  gint64 *v = g_hash_table_lookup (table, key);

  if (v == NULL)
    {
      v = g_new0 (gint64, 1);
      g_hash_table_insert (table, key, v);
    }
  else
    g_free (key);
  *v += bytes;
}

/* A tree line's function: "0x…: NAME (file:line)" or massif's
 * "in N places, … below massif's threshold". */
static char *
tree_function (const char *details)
{
  const char *colon, *open;

  if (strstr (details, "below massif's threshold") != NULL)
    return g_strdup ("(below massif’s threshold)");
  colon = strstr (details, ": ");
  if (colon == NULL)
    return g_strdup (details);
  open = g_strrstr (colon, " (");
  return open != NULL ? g_strndup (colon + 2, open - colon - 2) : g_strdup (colon + 2);
}

static void
oracle_read (Oracle     *o,
             const char *path)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GRegex) row_re = g_regex_new ("^\\s*(\\d+)\\s+([\\d,]+)\\s+([\\d,]+)\\s+([\\d,]+)\\s+([\\d,]+)\\s+([\\d,]+)\\s*$", 0, 0, NULL);
  g_autoptr(GRegex) node_re = g_regex_new ("^([ |]*)(->)?\\d+\\.\\d+% \\(([\\d,]+)B\\) (.*)$", 0, 0, NULL);
  gint64 last_n = -1;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  o->rows = g_array_new (FALSE, FALSE, sizeof (Row));
  o->detailed = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  o->roots = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  o->leaves = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(GMatchInfo) m = NULL;
      g_autoptr(GMatchInfo) mn = NULL;

      if (g_str_has_prefix (lines[i], " Detailed snapshots: ["))
        {
          g_autofree char *inside = g_strndup (lines[i] + 22, strlen (lines[i]) - 23);
          g_auto(GStrv) items = g_strsplit (inside, ", ", -1);

          for (guint j = 0; items[j] != NULL; j++)
            g_hash_table_insert (o->detailed, g_memdup2 (&(gint64) { g_ascii_strtoll (items[j], NULL, 10) }, sizeof (gint64)),
                                 g_strdup (strstr (items[j], "(peak)") ? "peak" : "detailed"));
        }
      else if (g_regex_match (row_re, lines[i], 0, &m))
        {
          Row r;
          char *f[6];

          for (guint k = 0; k < 6; k++)
            f[k] = g_match_info_fetch (m, k + 1);
          r = (Row) { commified (f[0]), commified (f[1]), commified (f[2]), commified (f[3]),
                      commified (f[4]), commified (f[5]) };
          for (guint k = 0; k < 6; k++)
            g_free (f[k]);
          g_array_append_val (o->rows, r);
          last_n = r.n;
        }
      else if (g_regex_match (node_re, lines[i], 0, &mn))
        {
          g_autofree char *prefix = g_match_info_fetch (mn, 1);
          g_autofree char *arrow = g_match_info_fetch (mn, 2);
          g_autofree char *bytes = g_match_info_fetch (mn, 3);
          g_autofree char *details = g_match_info_fetch (mn, 4);

          g_assert_cmpint (last_n, >=, 0);
          if (*arrow == '\0')
            /* The root: "(heap allocation functions) malloc/new/…". */
            g_hash_table_insert (o->roots, g_memdup2 (&last_n, sizeof last_n),
                                 g_memdup2 (&(gint64) { commified (bytes) }, sizeof (gint64)));
          else if (*prefix == '\0')
            {
              g_autofree char *fn = tree_function (details);

              add_to (o->leaves, g_strdup_printf ("%" G_GINT64_FORMAT "\n%s", last_n, fn), commified (bytes));
            }
        }
    }
  g_assert_cmpuint (o->rows->len, >, 0);
}

static void
oracle_clear (Oracle *o)
{
  g_clear_pointer (&o->rows, g_array_unref);
  g_clear_pointer (&o->detailed, g_hash_table_unref);
  g_clear_pointer (&o->roots, g_hash_table_unref);
  g_clear_pointer (&o->leaves, g_hash_table_unref);
}

/* Every figure of @massif against ms_print's output at @oracle_path. */
static void
assert_like_ms_print (HsMassif   *massif,
                      const char *oracle_path)
{
  Oracle o = { 0 };
  guint n_trees = 0;

  oracle_read (&o, oracle_path);

  /* ms_print prints each snapshot once, with the rows repeated before
   * no tree: the rows are the snapshots, in order. */
  g_assert_cmpuint (o.rows->len, ==, hs_massif_get_n_snapshots (massif));
  for (guint i = 0; i < o.rows->len; i++)
    {
      const Row *r = &g_array_index (o.rows, Row, i);
      const HsMassifSnapshot *s = hs_massif_get_snapshot (massif, i);
      const char *kind = g_hash_table_lookup (o.detailed, &r->n);

      g_assert_cmpint (s->index, ==, r->n);
      g_assert_cmpint (s->time, ==, r->time);
      g_assert_cmpint (hs_massif_snapshot_total (s), ==, r->total);
      g_assert_cmpint (s->heap, ==, r->heap);
      g_assert_cmpint (s->heap_extra, ==, r->extra);
      g_assert_cmpint (s->stacks, ==, r->stacks);
      g_assert_cmpint (s->tree, ==, kind == NULL ? HS_MASSIF_TREE_EMPTY :
                                    g_str_equal (kind, "peak") ? HS_MASSIF_TREE_PEAK : HS_MASSIF_TREE_DETAILED);

      if (s->tree != HS_MASSIF_TREE_EMPTY)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(HsProfile) profile = hs_massif_get_profile (massif, i, &error);
          g_autoptr(HsTop) top = NULL;
          gint64 *root = g_hash_table_lookup (o.roots, &r->n);

          g_assert_no_error (error);
          g_assert_nonnull (root);
          /* The tree's root is the heap the snapshot's tree covers. */
          g_assert_cmpint (hs_profile_get_total (profile, 0), ==, *root);

          /* A function's flat is what the tree's first level (the frames
           * that called the allocator) holds under its name. */
          top = hs_top_new (profile, 0, FALSE);
          for (guint k = 0; k < hs_top_get_n_rows (top); k++)
            {
              HsTopRow *row = hs_top_get_row (top, k);
              g_autofree char *key = g_strdup_printf ("%u\n%s", s->index, hs_top_row_get_name (row));
              gint64 *leaf = g_hash_table_lookup (o.leaves, key);

              g_assert_cmpint (hs_top_row_get_flat (row), ==, leaf != NULL ? *leaf : 0);
            }
          n_trees++;
        }
    }
  g_assert_cmpuint (n_trees, ==, g_hash_table_size (o.detailed));
  oracle_clear (&o);
}

static HsMassif *
load_fixture (const char *name)
{
  g_autofree char *path = g_build_filename (g_getenv ("HS_TEST_DATA_DIR"), "massif", name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  HsMassif *massif = hs_massif_load_file (file, 0, NULL, &error);

  g_assert_no_error (error);
  return massif;
}

static void
test_massif_fixture (gconstpointer data)
{
  const char *name = data;
  g_autoptr(HsMassif) massif = load_fixture (name);
  g_autofree char *oracle = g_strdup_printf ("%s/massif/%s.ms_print.txt", g_getenv ("HS_TEST_DATA_DIR"), name);

  assert_like_ms_print (massif, oracle);
}

static void
test_massif_header_and_peak (void)
{
  g_autoptr(HsMassif) massif = load_fixture ("massif.out.stacks");
  int peak = hs_massif_get_default_position (massif);

  g_assert_cmpstr (hs_massif_get_command (massif), ==, "./massif-prog");
  g_assert_cmpstr (hs_massif_get_time_unit (massif), ==, "B");
  g_assert_nonnull (strstr (hs_massif_get_description (massif), "--stacks=yes"));
  g_assert_cmpint (peak, >=, 0);
  g_assert_cmpint (hs_massif_get_snapshot (massif, peak)->tree, ==, HS_MASSIF_TREE_PEAK);
  /* The program frees ten 200 KiB sessions after its peak. */
  g_assert_cmpint (hs_massif_snapshot_total (hs_massif_get_snapshot (massif, peak)), >,
                   hs_massif_snapshot_total (hs_massif_get_snapshot (massif, hs_massif_get_n_snapshots (massif) - 1)));
}

/* As a profile (top, the Profiles page), a massif file is its peak. */
static void
test_massif_opens_as_profile (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("HS_TEST_DATA_DIR"), "massif", "massif.out.default", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(HsProfile) profile = hs_profile_load_file (file, 0, NULL, &error);
  g_autoptr(HsMassif) massif = load_fixture ("massif.out.default");
  int peak = hs_massif_get_default_position (massif);

  g_assert_no_error (error);
  g_assert_cmpint (hs_profile_get_format (profile), ==, HS_PROFILE_FORMAT_MASSIF);

  /* The profile loader hands any "desc:" file to the massif reader,
   * whose refusals say what is wrong with it as a massif file. */
  {
    static const char text[] = "desc: --time-unit=B\ncmd: ./leaky\ntime_unit: B\n";
    g_autoptr(GBytes) bytes = g_bytes_new_static (text, sizeof text - 1);
    g_autoptr(GError) local_error = NULL;
    g_autoptr(HsProfile) none = hs_profile_load_bytes (bytes, "f", 0, &local_error);

    g_assert_null (none);
    g_assert_cmpstr (local_error->message, ==, "f: a massif file with no snapshots");
  }
  g_assert_cmpint (hs_profile_get_kind (profile), ==, HS_PROFILE_KIND_HEAP);
  g_assert_cmpint (hs_profile_get_total (profile, 0), ==, hs_massif_get_snapshot (massif, peak)->heap);
}

/* Two snapshots compare like two heap profiles: what the program holds
 * more at the peak than at the first detailed snapshot. */
static void
test_massif_snapshots_compare (void)
{
  g_autoptr(HsMassif) massif = load_fixture ("massif.out.default");
  g_autoptr(HsProfile) first = NULL;
  g_autoptr(HsProfile) peak = NULL;
  g_autoptr(HsTop) diff = NULL;
  g_autoptr(GError) error = NULL;
  int first_pos = -1;

  for (guint i = 0; i < hs_massif_get_n_snapshots (massif) && first_pos < 0; i++)
    if (hs_massif_get_snapshot (massif, i)->tree != HS_MASSIF_TREE_EMPTY)
      first_pos = i;
  first = hs_massif_get_profile (massif, first_pos, &error);
  g_assert_no_error (error);
  peak = hs_massif_get_profile (massif, hs_massif_get_default_position (massif), &error);
  g_assert_no_error (error);
  diff = hs_top_new_diff (first, peak, 0, FALSE, &error);
  g_assert_no_error (error);
  {
    gint64 sum = 0;

    /* Each function's flat is new − base: together, what the heap grew. */
    for (guint k = 0; k < hs_top_get_n_rows (diff); k++)
      sum += hs_top_row_get_flat (hs_top_get_row (diff, k));
    g_assert_cmpint (sum, ==, hs_profile_get_total (peak, 0) - hs_profile_get_total (first, 0));
    g_assert_cmpint (sum, >, 0);
  }
}

typedef struct
{
  const char *text;
  const char *message;
} Bad;

static const Bad bad_files[] = {
  { "desc: x\ntime_unit: i\n", "line 2: missing the “cmd:” line" },
  { "desc: x\ncmd: ./a\n", "missing the “time_unit:” line" },
  { "desc: x\ncmd: ./a\ntime_unit: s\n", "line 3: the time unit is none of massif’s" },
  { "desc: x\ncmd: ./a\ntime_unit: i\n", "no snapshots" },
  { "desc: x\ncmd: ./a\ntime_unit: i\nsnapshot=0\ntime=0\nmem_heap_B=x\n", "line 6: “mem_heap_B” is not a whole number" },
  { "desc: x\ncmd: ./a\ntime_unit: i\nsnapshot=0\ntime=0\nmem_heap_B=10\nmem_heap_extra_B=0\nmem_stacks_B=0\nheap_tree=odd\n",
    "line 9: expected “empty”, “detailed” or “peak”" },
  /* A tree cut short: the root says it has two children. */
  { "desc: x\ncmd: ./a\ntime_unit: i\nsnapshot=0\ntime=0\nmem_heap_B=10\nmem_heap_extra_B=0\nmem_stacks_B=0\nheap_tree=detailed\n"
    "n2: 10 (heap allocation functions)\n n0: 4 0x1: f (a.c:1)\n", "expected a tree node line, got the end of the file" },
  /* Where ms_print stops (is_significant_XPt dies): a node larger than
   * the snapshot. */
  { "desc: x\ncmd: ./a\ntime_unit: i\nsnapshot=0\ntime=0\nmem_heap_B=10\nmem_heap_extra_B=0\nmem_stacks_B=0\nheap_tree=detailed\n"
    "n1: 10 (heap allocation functions)\n n0: 11 0x1: f (a.c:1)\n", "line 11: a tree node holds more bytes than its snapshot’s total" },
  { "desc: x\ncmd: ./a\ntime_unit: i\nsnapshot=0\ntime=0\nmem_heap_B=10\nmem_heap_extra_B=0\nmem_stacks_B=0\nheap_tree=detailed\n"
    "n99999999999999999999: 10 x\n", "expected a tree node line" },
};

static void
test_massif_bad_files (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_files); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(HsMassif) massif = hs_massif_parse ((const guint8 *) bad_files[i].text, strlen (bad_files[i].text),
                                                    "bad.massif", NULL, &error);

      g_test_message ("bad file %u: %s", i, error ? error->message : "(read)");
      g_assert_null (massif);
      g_assert_nonnull (error);
      g_assert_true (g_str_has_prefix (error->message, "bad.massif: "));
      g_assert_nonnull (strstr (error->message, bad_files[i].message));
    }
}

/* What ms_print reads, we read: comments anywhere, blank lines, any
 * indentation (the counts give the tree its shape). */
static void
test_massif_comments_and_indentation (void)
{
  static const char text[] =
    "desc: (none)\n\n# a comment\ncmd: ./a # trailing\ntime_unit: ms\n"
    "#-----------\nsnapshot=0\n#-----------\ntime=5\nmem_heap_B=10\nmem_heap_extra_B=2\nmem_stacks_B=0\nheap_tree=peak\n"
    "n2: 10 (heap allocation functions) malloc/new/new[], --alloc-fns, etc.\n"
    "n1: 6 0x10: f (a.c:1)\n      n0: 6 0x20: main (a.c:9)\n n0: 4 0x30: std::vector<int>::push_back(int const&) (stl_vector.h:1187)\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(HsMassif) massif = hs_massif_parse ((const guint8 *) text, strlen (text), "ok.massif", NULL, &error);
  g_autoptr(HsProfile) profile = NULL;
  g_autoptr(HsTop) top = NULL;
  gboolean seen_cxx = FALSE;

  g_assert_no_error (error);
  g_assert_cmpstr (hs_massif_get_command (massif), ==, "./a");
  g_assert_cmpint (hs_massif_snapshot_total (hs_massif_get_snapshot (massif, 0)), ==, 12);
  profile = hs_massif_get_profile (massif, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (hs_profile_get_total (profile, 0), ==, 10);
  top = hs_top_new (profile, 0, FALSE);
  for (guint k = 0; k < hs_top_get_n_rows (top); k++)
    {
      HsTopRow *row = hs_top_get_row (top, k);

      if (g_str_equal (hs_top_row_get_name (row), "std::vector<int>::push_back(int const&)"))
        {
          g_assert_cmpint (hs_top_row_get_flat (row), ==, 4);
          seen_cxx = TRUE;
        }
      if (g_str_equal (hs_top_row_get_name (row), "main"))
        g_assert_cmpint (hs_top_row_get_cum (row), ==, 6);
    }
  g_assert_true (seen_cxx);
}

/* Massif run now, on a program of ours, and ms_print asked now. */
static void
test_massif_live (void)
{
  g_autofree char *valgrind = g_find_program_in_path ("valgrind");
  g_autofree char *ms_print = g_find_program_in_path ("ms_print");
  g_autofree char *cc = g_find_program_in_path ("cc");
  g_autofree char *src = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "gen", "massif", "massif-prog.c", NULL);
  g_autofree char *dir = NULL;
  g_autofree char *prog = NULL;
  g_autofree char *out = NULL;
  g_autofree char *out_arg = NULL;
  g_autofree char *printed = NULL;
  g_autofree char *oracle = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(HsMassif) massif = NULL;
  int status = 0;

  if (valgrind == NULL || ms_print == NULL || cc == NULL)
    {
      g_test_skip ("needs cc and valgrind (with ms_print): make deps installs them");
      return;
    }
  dir = g_dir_make_tmp ("hs-massif-XXXXXX", &error);
  g_assert_no_error (error);
  prog = g_build_filename (dir, "massif-prog", NULL);
  out = g_build_filename (dir, "massif.out", NULL);
  oracle = g_build_filename (dir, "massif.out.ms_print.txt", NULL);
  out_arg = g_strconcat ("--massif-out-file=", out, NULL);
  {
    const char *argv[] = { cc, "-g", "-O1", "-fno-inline", "-o", prog, src, NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, 0, NULL, NULL, NULL, NULL, &status, &error);
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }
  {
    const char *argv[] = { valgrind, "-q", "--tool=massif", "--detailed-freq=3", out_arg, prog, NULL };

    g_spawn_sync (dir, (char **) argv, NULL, 0, NULL, NULL, NULL, NULL, &status, &error);
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }
  {
    const char *argv[] = { ms_print, "--threshold=0", out, NULL };

    g_spawn_sync (dir, (char **) argv, NULL, 0, NULL, NULL, &printed, NULL, &status, &error);
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    g_assert_true (g_file_set_contents (oracle, printed, -1, NULL));
  }

  file = g_file_new_for_path (out);
  massif = hs_massif_load_file (file, 0, NULL, &error);
  g_assert_no_error (error);
  assert_like_ms_print (massif, oracle);

  g_unlink (oracle);
  g_unlink (out);
  g_unlink (prog);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_data_func ("/massif/like-ms-print/default", "massif.out.default", test_massif_fixture);
  g_test_add_data_func ("/massif/like-ms-print/stacks", "massif.out.stacks", test_massif_fixture);
  g_test_add_data_func ("/massif/like-ms-print/threshold", "massif.out.threshold", test_massif_fixture);
  g_test_add_func ("/massif/header-and-peak", test_massif_header_and_peak);
  g_test_add_func ("/massif/opens-as-profile", test_massif_opens_as_profile);
  g_test_add_func ("/massif/snapshots-compare", test_massif_snapshots_compare);
  g_test_add_func ("/massif/bad-files", test_massif_bad_files);
  g_test_add_func ("/massif/comments-and-indentation", test_massif_comments_and_indentation);
  g_test_add_func ("/massif/live", test_massif_live);

  return g_test_run ();
}
