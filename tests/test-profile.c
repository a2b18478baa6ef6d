/* test-profile.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-profile"

#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>
#include <unistd.h>

#include "hs-call-tree.h"
#include "hs-flame-model.h"
#include "hs-profile.h"
#include "hs-profile-diff.h"
#include "hs-profile-private.h"
#include "hs-profile-top.h"
#include "hs-test-fixtures.h"
#include "hs-test-pprof.h"

/* GCC says __SANITIZE_ADDRESS__, clang __has_feature (address_sanitizer). */
#if defined(__SANITIZE_ADDRESS__)
# define HS_TEST_ASAN 1
#elif defined(__has_feature)
# if __has_feature (address_sanitizer)
#  define HS_TEST_ASAN 1
# endif
#endif

/* The tests that read fixtures run on tests/data (made by tests/gen) and
 * again on ../shared/fixtures when it is there (…/shared/… paths): the
 * figures they expect come from each set's own pprof oracle and
 * profsum summaries, so the same code checks both. */

#define REQUIRE_FIXTURES(set) \
  const char *dir = hs_fixtures_require (set); \
  if (dir == NULL) \
    return

/* ../shared/fixtures is a fixed capture: its figures are also pinned
 * as they were before tests/data existed. */
#define IS_SHARED(set) (GPOINTER_TO_INT (set) == HS_FIXTURES_SHARED)

#define load_fixture(rel) hs_fixtures_load (dir, (rel))
#define read_fixture(rel) hs_fixtures_read (dir, (rel))
#define fixture(rel) hs_fixtures_path (dir, (rel))

static void
test_new_destroy (gconstpointer set)
{
  REQUIRE_FIXTURES (set);
  HsProfile *profile = load_fixture ("leakycache/heap-t2.pb.gz");
  HsTop *top = hs_top_new (profile, 3, FALSE);
  HsCallTree *tree = hs_call_tree_new (top);
  HsFlameModel *flame = hs_flame_model_new (top);

  g_assert_finalize_object (flame);
  g_assert_finalize_object (tree);
  g_assert_finalize_object (top);
  g_assert_finalize_object (profile);
}

/* Rows point at the profile's strings rather than copying them: a row
 * the table still holds keeps them alive after its top and profile are
 * gone, in functions mode (borrowed names) and lines mode (built ones). */
static void
test_row_outlives_top (gconstpointer set)
{
  REQUIRE_FIXTURES (set);

  for (guint lines = 0; lines < 2; lines++)
    {
      HsProfile *profile = load_fixture ("leakycache/heap-t2.pb.gz");
      HsTop *top = hs_top_new (profile, 3, lines);
      g_autoptr(HsTopRow) row = NULL;
      g_autofree char *name = NULL;
      g_autofree char *function = NULL;
      g_autofree char *file = NULL;
      GWeakRef weak;

      g_assert_cmpuint (hs_top_get_n_rows (top), >, 0);
      row = g_list_model_get_item (G_LIST_MODEL (top), 0);
      g_assert_true (row == hs_top_get_row (top, 0));
      name = g_strdup (hs_top_row_get_name (row));
      function = g_strdup (hs_top_row_get_function_name (row));
      file = g_strdup (hs_top_row_get_file (row));
      g_assert_cmpstr (function, !=, "");
      g_weak_ref_init (&weak, profile);
      g_object_unref (profile);
      g_assert_finalize_object (top);
      g_assert_cmpstr (hs_top_row_get_name (row), ==, name);
      g_assert_cmpstr (hs_top_row_get_function_name (row), ==, function);
      g_assert_cmpstr (hs_top_row_get_file (row), ==, file);
      g_clear_object (&row);
      /* The last row gone, so is the profile. */
      g_assert_null (g_weak_ref_get (&weak));
      g_weak_ref_clear (&weak);
    }
}

static void
test_header (gconstpointer set)
{
  REQUIRE_FIXTURES (set);
  g_autoptr(HsProfile) heap = load_fixture ("leakycache/heap-t2.pb.gz");
  g_autoptr(HsProfile) allocs = load_fixture ("leakycache/allocs-t3.pb.gz");
  g_autoptr(HsProfile) raw = load_fixture ("steady/heap-t1.pb");
  g_autoptr(HsProfile) gor = load_fixture ("goroutineleak/goroutine-t2.pb.gz");
  g_autoptr(GError) error = NULL;
  guint index = 99;

  g_assert_cmpstr (hs_profile_get_display_name (heap), ==, "heap-t2.pb.gz");
  g_assert_cmpint (hs_profile_get_format (heap), ==, HS_PROFILE_FORMAT_PPROF_GZIP);
  g_assert_cmpint (hs_profile_get_format (raw), ==, HS_PROFILE_FORMAT_PPROF_RAW);
  g_assert_cmpint (hs_profile_get_kind (heap), ==, HS_PROFILE_KIND_HEAP);
  g_assert_cmpint (hs_profile_get_kind (gor), ==, HS_PROFILE_KIND_GOROUTINE);
  g_assert_cmpuint (hs_profile_get_n_sample_types (heap), ==, 4);
  g_assert_cmpstr (hs_profile_get_sample_type (heap, 3), ==, "inuse_space");
  g_assert_cmpstr (hs_profile_get_sample_unit (heap, 3), ==, "bytes");
  g_assert_cmpstr (hs_profile_get_period_type (heap), ==, "space");
  g_assert_cmpint (hs_profile_get_period (heap), ==, 524288);
  g_assert_cmpint (hs_profile_get_time_nanos (heap), >, 0);
  g_assert_cmpint (hs_profile_get_duration_nanos (heap), ==, 0);
  g_assert_cmpuint (hs_profile_get_default_sample_index (heap), ==, 3);
  g_assert_cmpuint (hs_profile_get_default_sample_index (allocs), ==, 1);
  g_assert_cmpuint (hs_profile_get_n_stacks (heap), ==,
                    hs_fixtures_summary_int (dir, "leakycache/heap-t2.pb.gz", "proto_distinct_location_id_lists"));
  g_assert_cmpint (hs_profile_get_total (heap, 3), ==,
                   hs_fixtures_summary_int (dir, "leakycache/heap-t2.pb.gz", "proto_total.inuse_space"));
  if (IS_SHARED (set))
    {
      g_assert_cmpuint (hs_profile_get_n_stacks (heap), ==, 14);
      g_assert_cmpint (hs_profile_get_total (heap, 3), ==, 22629181);
    }
  g_assert_null (hs_profile_get_comments (heap)[0]);
  g_assert_cmpstr (hs_profile_get_drop_frames (heap), ==, "");

  g_assert_true (hs_profile_resolve_sample_index (heap, NULL, &index, &error));
  g_assert_cmpuint (index, ==, 3);
  g_assert_true (hs_profile_resolve_sample_index (heap, "1", &index, &error));
  g_assert_cmpuint (index, ==, 1);
  g_assert_false (hs_profile_resolve_sample_index (heap, "goroutine", &index, &error));
  g_assert_error (error, HS_PROFILE_ERROR, HS_PROFILE_ERROR_UNKNOWN_SAMPLE_TYPE);
  g_assert_nonnull (strstr (error->message, "inuse_space"));

  g_assert_true (hs_profile_same_sample_types (heap, allocs));
  g_assert_false (hs_profile_same_sample_types (heap, gor));
}

typedef struct
{
  const char *file;
  int         code;
  const char *words;
} BadCase;

static void
test_bad_inputs (gconstpointer set)
{
  REQUIRE_FIXTURES (set);
  /* mkbad made bad-strindex from steady/heap-t1.pb.gz by pointing the
   * first function's name at string len(table) + 1000. */
  gint64 n_strings = hs_fixtures_summary_int (dir, "steady/heap-t1.pb.gz", "proto_strings");
  g_autofree char *strindex_words =
    g_strdup_printf ("function 1 refers to string %" G_GINT64_FORMAT " but the string table has %"
                     G_GINT64_FORMAT " entries", n_strings + 1000, n_strings);
  const BadCase cases[] = {
    { "bad/bad-truncated.pb.gz", HS_PROFILE_ERROR_TRUNCATED, "truncated" },
    { "bad/bad-random-gzip.pb.gz", -1, NULL },
    { "bad/bad-empty.pb.gz", HS_PROFILE_ERROR_EMPTY, "empty" },
    { "bad/bad-strindex.pb.gz", HS_PROFILE_ERROR_CORRUPT, strindex_words },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = fixture (cases[i].file);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GError) error = NULL;
      g_autoptr(HsProfile) profile = hs_profile_load_file (file, 0, NULL, &error);
      g_autofree char *base = g_path_get_basename (path);

      g_test_message ("%s: %s", cases[i].file, error ? error->message : "(loaded)");
      g_assert_null (profile);
      g_assert_nonnull (error);
      g_assert_true (error->domain == HS_PROFILE_ERROR);
      if (cases[i].code >= 0)
        g_assert_cmpint (error->code, ==, cases[i].code);
      g_assert_true (g_str_has_prefix (error->message, base));
      if (cases[i].words)
        g_assert_nonnull (strstr (error->message, cases[i].words));
    }

  /* pprof accepts a profile without samples: total 0, no node. It is
   * steady/heap-t1.pb.gz with every sample removed. */
  {
    g_autoptr(HsProfile) empty = load_fixture ("bad/bad-nosamples.pb.gz");
    g_autoptr(HsTop) top = hs_top_new (empty, hs_profile_get_default_sample_index (empty), FALSE);

    g_assert_cmpuint (hs_profile_get_n_samples (empty), ==, 0);
    g_assert_cmpuint (hs_profile_get_n_locations (empty), ==,
                      hs_fixtures_summary_int (dir, "steady/heap-t1.pb.gz", "proto_locations"));
    g_assert_cmpuint (hs_profile_get_n_functions (empty), ==,
                      hs_fixtures_summary_int (dir, "steady/heap-t1.pb.gz", "proto_functions"));
    if (IS_SHARED (set))
      {
        g_assert_cmpuint (hs_profile_get_n_locations (empty), ==, 27);
        g_assert_cmpuint (hs_profile_get_n_functions (empty), ==, 20);
        g_assert_cmpstr (strindex_words, ==, "function 1 refers to string 1043 but the string table has 43 entries");
      }
    g_assert_cmpint (hs_top_get_total (top), ==, 0);
    g_assert_cmpuint (hs_top_get_n_rows (top), ==, 0);
  }

  /* Missing file: a GIO error that names it. */
  {
    g_autoptr(GFile) file = g_file_new_for_path ("/nonexistent/heap.pb.gz");
    g_autoptr(GError) error = NULL;

    g_assert_null (hs_profile_load_file (file, 0, NULL, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
    g_assert_nonnull (strstr (error->message, "/nonexistent/heap.pb.gz"));
  }
}

/* Every prefix of a small profile, raw and gzipped: never a crash, and a
 * gzip prefix is always an error. */
static void
test_truncation_sweep (gconstpointer set)
{
  REQUIRE_FIXTURES (set);
  g_autoptr(GBytes) raw = read_fixture ("steady/heap-t1.pb");
  g_autoptr(GBytes) gz = read_fixture ("steady/heap-t1.pb.gz");
  gsize len;
  guint loaded = 0;

  g_bytes_get_data (raw, &len);
  for (gsize n = 0; n < len; n++)
    {
      g_autoptr(GBytes) prefix = g_bytes_new_from_bytes (raw, 0, n);
      g_autoptr(GError) error = NULL;
      g_autoptr(HsProfile) profile = hs_profile_load_bytes (prefix, "prefix.pb", 0, &error);

      g_assert_true ((profile == NULL) != (error == NULL));
      if (profile != NULL)
        loaded++;
    }
  /* The string table comes last, so no strict prefix is a valid profile. */
  g_assert_cmpuint (loaded, ==, 0);

  g_bytes_get_data (gz, &len);
  for (gsize n = 0; n < len; n++)
    {
      g_autoptr(GBytes) prefix = g_bytes_new_from_bytes (gz, 0, n);
      g_autoptr(GError) error = NULL;
      g_autoptr(HsProfile) profile = hs_profile_load_bytes (prefix, "prefix.pb.gz", 0, &error);

      g_assert_null (profile);
      g_assert_nonnull (error);
    }
}

/* A gzip bomb: 64 MiB of zeros compress to ~64 KiB; a 1 MiB cap refuses
 * it without inflating it all. */
static void
test_decompression_cap (void)
{
  g_autoptr(GZlibCompressor) comp = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 9);
  gsize zeros_len = 64 * 1024 * 1024;
  g_autofree guint8 *zeros = g_malloc0 (zeros_len);
  g_autofree guint8 *out = g_malloc (zeros_len / 100);
  gsize read = 0, written = 0;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bomb = NULL;
  g_autoptr(HsProfile) profile = NULL;
  GConverterResult res;

  res = g_converter_convert (G_CONVERTER (comp), zeros, zeros_len, out, zeros_len / 100,
                             G_CONVERTER_INPUT_AT_END, &read, &written, &error);
  g_assert_no_error (error);
  g_assert_cmpint (res, ==, G_CONVERTER_FINISHED);
  g_assert_cmpuint (read, ==, zeros_len);
  bomb = g_bytes_new (out, written);

  profile = hs_profile_load_bytes (bomb, "bomb.pb.gz", 1024 * 1024, &error);
  g_assert_null (profile);
  g_assert_error (error, HS_PROFILE_ERROR, HS_PROFILE_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "bomb.pb.gz"));
  g_clear_error (&error);

  /* An uncompressed file above the cap too. */
  {
    g_autoptr(GBytes) big = g_bytes_new_static (zeros, 2 * 1024 * 1024);

    g_assert_null (hs_profile_load_bytes (big, "big.pb", 1024 * 1024, &error));
    g_assert_error (error, HS_PROFILE_ERROR, HS_PROFILE_ERROR_TOO_LARGE);
  }
}

static gint64
flat_of (HsTop      *top,
         const char *name)
{
  int i = hs_top_find_row (top, name);

  return i < 0 ? -1 : hs_top_row_get_flat (hs_top_get_row (top, i));
}

/* The legacy heap text scaled as pprof does equals the binary profile of
 * the same GC cycle, names from the "#" lines. */
static void
test_legacy_heap_text (gconstpointer set)
{
  REQUIRE_FIXTURES (set);
  g_autoptr(HsProfile) text = load_fixture ("leakycache/heap-t2.debug1.txt");
  g_autoptr(HsProfile) bin = load_fixture ("leakycache/heap-t2.pb.gz");

  g_assert_cmpint (hs_profile_get_format (text), ==, HS_PROFILE_FORMAT_LEGACY_HEAP_TEXT);
  g_assert_true (hs_profile_same_sample_types (text, bin));
  for (guint i = 0; i < 4; i++)
    g_assert_cmpint (hs_profile_get_total (text, i), ==, hs_profile_get_total (bin, i));
  g_assert_cmpint (hs_profile_get_period (text), ==, 524288);
  {
    g_autoptr(HsTop) top = hs_top_new (text, 3, FALSE);
    gint64 oracle = hs_fixtures_oracle_flat (dir, "leakycache/heap-t2.debug1.txt", "inuse_space", "main.makeValue");

    g_assert_cmpint (oracle, >, 0);
    g_assert_cmpint (flat_of (top, "main.makeValue"), ==, oracle);
    if (IS_SHARED (set))
      g_assert_cmpint (flat_of (top, "main.makeValue"), ==, 21579885);
  }
}

/* debug=2: against the independent awk count of the same text. */
static void
test_goroutine_debug2 (gconstpointer set)
{
  REQUIRE_FIXTURES (set);
  static const char *files[] = {
    "leakycache/goroutine-t2.debug2.txt",
    "goroutineleak/goroutine-t1.debug2.txt",
    "goroutineleak/goroutine-t2.debug2.txt",
  };

  for (guint f = 0; f < G_N_ELEMENTS (files); f++)
    {
      g_autoptr(HsProfile) profile = load_fixture (files[f]);
      g_autoptr(HsTop) top = hs_top_new (profile, 0, FALSE);
      g_autofree char *summary_rel = g_strconcat (files[f], ".summary.txt", NULL);
      g_autoptr(GBytes) summary = read_fixture (summary_rel);
      g_auto(GStrv) lines = g_strsplit (g_bytes_get_data (summary, NULL), "\n", -1);
      guint checked = 0;

      g_assert_cmpint (hs_profile_get_format (profile), ==, HS_PROFILE_FORMAT_GOROUTINE_DEBUG2);
      for (guint i = 0; lines[i] != NULL; i++)
        {
          char *sp = strrchr (lines[i], ' ');

          if (sp == NULL)
            continue;
          if (g_str_has_prefix (lines[i], "text_goroutines "))
            {
              g_assert_cmpint (hs_profile_get_total (profile, 0), ==, g_ascii_strtoll (sp + 1, NULL, 10));
              checked++;
            }
          else if (g_str_has_prefix (lines[i], "text_innermost."))
            {
              g_autofree char *fn = g_strndup (lines[i] + strlen ("text_innermost."),
                                               sp - lines[i] - strlen ("text_innermost."));
              g_assert_cmpint (flat_of (top, fn), ==, g_ascii_strtoll (sp + 1, NULL, 10));
              checked++;
            }
        }
      g_assert_cmpuint (checked, >=, 3);
    }
}

/* Labels from pprof.Do survive, in the binary and the debug=1 text. */
static void
test_goroutine_labels (gconstpointer set)
{
  REQUIRE_FIXTURES (set);
  g_autoptr(HsProfile) text = load_fixture ("goroutineleak/goroutine-t2.debug1.txt");
  g_autoptr(HsProfile) bin = load_fixture ("goroutineleak/goroutine-t2.pb.gz");
  g_autoptr(HsTop) top = hs_top_new (text, 0, FALSE);

  g_assert_cmpint (hs_profile_get_format (text), ==, HS_PROFILE_FORMAT_GOROUTINE_DEBUG1);
  g_autofree char *oracle = hs_fixtures_oracle_file (dir, "goroutineleak/goroutine-t2.debug1.txt", "goroutine");

  /* The text and the binary were fetched one after the other: their
   * totals may differ by a goroutine or two; each equals its own oracle. */
  g_assert_nonnull (oracle);
  g_assert_cmpint (hs_profile_get_total (text, 0), ==, hs_fixtures_oracle_total (dir, oracle));
  g_assert_cmpint (hs_profile_get_total (bin, 0), ==,
                   hs_fixtures_summary_int (dir, "goroutineleak/goroutine-t2.pb.gz", "proto_total.goroutine"));
  if (IS_SHARED (set))
    {
      g_assert_cmpint (hs_profile_get_total (text, 0), ==, 310);
      g_assert_cmpint (hs_profile_get_total (bin, 0), ==, 307);
    }
  g_assert_cmpint (flat_of (top, "runtime.goexit"), >=, 0);
}

static void
check_flame_node (const HsFlameNode *node,
                  gint64            *self_by_node,
                  guint              n_nodes)
{
  gint64 sum = hs_flame_node_get_self (node);

  for (guint i = 0; i < hs_flame_node_get_n_children (node); i++)
    {
      const HsFlameNode *child = hs_flame_node_get_child (node, i);

      g_assert_true (hs_flame_node_get_parent (child) == node);
      g_assert_cmpuint (hs_flame_node_get_depth (child), ==, hs_flame_node_get_depth (node) + 1);
      if (i > 0)
        g_assert_cmpint (strcmp (hs_flame_node_get_name (hs_flame_node_get_child (node, i - 1)),
                                 hs_flame_node_get_name (child)), <, 0);
      sum += hs_flame_node_get_value (child);
      check_flame_node (child, self_by_node, n_nodes);
    }
  g_assert_cmpint (sum, ==, hs_flame_node_get_value (node));
  g_assert_cmpint (hs_flame_node_get_value (node), ==,
                   hs_flame_node_get_new_value (node) - hs_flame_node_get_base_value (node));
  if (hs_flame_node_get_top_node (node) >= 0)
    {
      g_assert_cmpint (hs_flame_node_get_top_node (node), <, (int) n_nodes);
      self_by_node[hs_flame_node_get_top_node (node)] += hs_flame_node_get_self (node);
    }
}

/* The flame tree's self values add up to the top table's flat values, and
 * every frame's value is the sum of its children and its self. */
static void
check_flame (HsTop *top)
{
  g_autoptr(HsFlameModel) flame = hs_flame_model_new (top);
  const HsFlameNode *root = hs_flame_model_get_root (flame);
  /* Top node ids: rows first, then nodes whose flat and cum are both 0. */
  guint n = 1 << 16;
  g_autofree gint64 *self_by_node = g_new0 (gint64, n);

  g_assert_cmpstr (hs_flame_node_get_name (root), ==, "root");
  g_assert_cmpint (hs_flame_node_get_top_node (root), ==, -1);
  check_flame_node (root, self_by_node, n);
  for (guint i = 0; i < hs_top_get_n_rows (top); i++)
    g_assert_cmpint (self_by_node[i], ==, hs_top_row_get_flat (hs_top_get_row (top, i)));
  if (!hs_top_get_is_diff (top))
    g_assert_cmpint (hs_flame_node_get_value (root), ==,
                     hs_profile_get_total (hs_top_get_profile (top), hs_top_get_sample_index (top)));
}

static void
test_flame_and_call_tree (gconstpointer set)
{
  REQUIRE_FIXTURES (set);
  g_autoptr(HsProfile) t1 = load_fixture ("leakycache/heap-t1.pb.gz");
  g_autoptr(HsProfile) t3 = load_fixture ("leakycache/heap-t3.pb.gz");
  g_autoptr(HsProfile) gor = load_fixture ("goroutineleak/goroutine-t2.pb.gz");
  g_autoptr(HsTop) top = hs_top_new (t3, 3, FALSE);
  g_autoptr(HsTop) diff = NULL;
  g_autoptr(HsTop) gtop = hs_top_new (gor, 0, FALSE);
  g_autoptr(HsTop) lines = hs_top_new (t3, 3, TRUE);
  g_autoptr(HsCallTree) tree = hs_call_tree_new (top);
  g_autoptr(GArray) callees = NULL;
  g_autoptr(GArray) callers = NULL;
  g_autoptr(GError) error = NULL;
  int store;
  gboolean found = FALSE;

  diff = hs_top_new_diff (t1, t3, 3, FALSE, &error);
  g_assert_no_error (error);
  check_flame (top);
  check_flame (diff);
  check_flame (gtop);
  check_flame (lines);

  store = hs_top_find_row (top, "main.cacheStore");
  g_assert_cmpint (store, >=, 0);
  callees = hs_call_tree_get_callees (tree, store);
  callers = hs_call_tree_get_callers (tree, store);
  g_assert_cmpuint (callers->len, ==, 1);
  g_assert_cmpstr (hs_top_row_get_name (hs_top_get_row (top, g_array_index (callers, HsCallEdge, 0).node)), ==,
                   "main.loop");
  g_assert_cmpint (g_array_index (callers, HsCallEdge, 0).value, ==,
                   hs_top_row_get_cum (hs_top_get_row (top, store)));
  for (guint i = 0; i < callees->len; i++)
    {
      HsCallEdge *e = &g_array_index (callees, HsCallEdge, i);

      if (g_str_equal (hs_top_row_get_name (hs_top_get_row (top, e->node)), "main.makeValue"))
        {
          g_assert_cmpint (e->value, ==, hs_top_row_get_cum (hs_top_get_row (top, e->node)));
          found = TRUE;
        }
    }
  g_assert_true (found);

  /* Diff rows carry both sides. */
  {
    HsTopRow *row = hs_top_get_row (diff, 0);

    g_assert_true (hs_top_row_get_is_diff (row));
    g_assert_cmpstr (hs_top_row_get_name (row), ==, "main.makeValue");
    g_assert_cmpint (hs_top_row_get_flat (row), ==, hs_top_row_get_new_flat (row) - hs_top_row_get_base_flat (row));
    g_assert_cmpint (hs_top_get_total (diff), ==, hs_profile_get_total (t1, 3));
  }

  /* Lines mode names carry file:line. */
  g_assert_nonnull (strstr (hs_top_row_get_name (hs_top_get_row (lines, 0)), "main.go:"));
  g_assert_cmpint (hs_top_row_get_line (hs_top_get_row (lines, 0)), >, 0);

  /* A function row points at a line too (File:Line showed none): Go 1.19
   * writes no start_line, so the lowest line sampled in the function,
   * the lowest of its rows in lines mode. */
  {
    gint64 lowest = G_MAXINT64;

    for (guint i = 0; i < hs_top_get_n_rows (lines); i++)
      {
        HsTopRow *row = hs_top_get_row (lines, i);

        if (g_str_equal (hs_top_row_get_function_name (row), "main.cacheStore"))
          lowest = MIN (lowest, hs_top_row_get_line (row));
      }
    g_assert_cmpint (lowest, <, G_MAXINT64);
    g_assert_cmpint (hs_top_row_get_line (hs_top_get_row (top, store)), ==, lowest);
  }

  /* Different sample types cannot be compared. */
  g_assert_null (hs_top_new_diff (t1, gor, 0, FALSE, &error));
  g_assert_error (error, HS_PROFILE_ERROR, HS_PROFILE_ERROR_INCOMPATIBLE);
}

/* The GListModel the UI binds to. */
static void
test_list_model (gconstpointer set)
{
  REQUIRE_FIXTURES (set);
  g_autoptr(HsProfile) profile = load_fixture ("leakycache/heap-t2.pb.gz");
  g_autofree char *oracle = hs_fixtures_oracle_file (dir, "leakycache/heap-t2.pb.gz", "inuse_space");
  g_autoptr(GPtrArray) rows = hs_fixtures_oracle_rows (dir, oracle);
  g_auto(GStrv) first = g_strsplit (g_ptr_array_index (rows, 0), "\t", -1);
  gint64 first_flat = g_ascii_strtoll (first[1], NULL, 10);
  gint64 total = hs_fixtures_summary_int (dir, "leakycache/heap-t2.pb.gz", "proto_total.inuse_space");
  g_autoptr(HsTop) top = hs_top_new (profile, 3, FALSE);
  g_autoptr(HsTopRow) row = NULL;
  g_autofree char *name = NULL;
  gint64 flat = 0;
  double fraction = 0;

  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (top)) == HS_TYPE_TOP_ROW);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (top)), ==, rows->len);
  row = g_list_model_get_item (G_LIST_MODEL (top), 0);
  g_object_get (row, "name", &name, "flat", &flat, "flat-fraction", &fraction, NULL);
  g_assert_cmpstr (name, ==, "main.makeValue");
  g_assert_cmpstr (name, ==, first[0]);
  g_assert_cmpint (flat, ==, first_flat);
  g_assert_cmpfloat_with_epsilon (fraction, (double) first_flat / (double) total, 1e-12);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (top), rows->len));
  if (IS_SHARED (set))
    {
      g_assert_cmpuint (rows->len, ==, 15);
      g_assert_cmpint (flat, ==, 21579885);
      g_assert_cmpint (total, ==, 22629181);
    }
}

static void
async_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  HsProfile **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = hs_profile_load_file_finish (result, &error);
  g_assert_no_error (error);
}

static void
test_async (gconstpointer set)
{
  REQUIRE_FIXTURES (set);
  g_autofree char *path = fixture ("leakycache-c/heap-t3.pb.gz");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(HsProfile) profile = NULL;

  hs_profile_load_file_async (file, 0, NULL, async_done, &profile);
  while (profile == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (hs_profile_get_total (profile, 3), ==,
                   hs_fixtures_summary_int (dir, "leakycache-c/heap-t3.pb.gz", "proto_total.inuse_space"));
  if (IS_SHARED (set))
    g_assert_cmpint (hs_profile_get_total (profile, 3), ==, 20699140);
  g_assert_true (hs_profile_get_file (profile) == file);
}

/* Inputs the fuzzer once crashed or hung on: must load or fail cleanly. */
static void
test_fuzz_regressions (void)
{
  g_autofree char *dir = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "fuzz", "regressions", "profile-reader", NULL);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    {
      g_test_skip ("no regression folder");
      return;
    }
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize len;
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(HsProfile) profile = NULL;

      if (g_str_has_suffix (name, ".md"))
        continue;
      g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
      bytes = g_bytes_new (contents, len);
      profile = hs_profile_load_bytes (bytes, name, 64 * 1024 * 1024, &error);
      g_assert_true ((profile == NULL) != (error == NULL));
      if (profile != NULL)
        for (guint i = 0; i < hs_profile_get_n_sample_types (profile); i++)
          {
            g_autoptr(HsTop) top = hs_top_new (profile, i, i % 2);
            g_autoptr(HsFlameModel) flame = hs_flame_model_new (top);
            g_autoptr(HsCallTree) tree = hs_call_tree_new (top);
          }
    }
}

/* Cancellation: a load is run in a thread and cancelled after a tenth of
 * the time a full load of the same file took. */
typedef struct
{
  GFile        *file;
  GCancellable *cancellable;
  HsProfile    *profile;
  GError       *error;
  gint64        done_usec;
} LoadJob;

static gpointer
load_job_thread (gpointer data)
{
  LoadJob *job = data;

  job->profile = hs_profile_load_file (job->file, 0, job->cancellable, &job->error);
  job->done_usec = g_get_monotonic_time ();
  return NULL;
}

static GFile *
write_tmp (const char *template,
           GBytes     *bytes)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  int fd = g_file_open_tmp (template, &path, &error);

  g_assert_no_error (error);
  close (fd);
  g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

static void
check_cancel_midway (GFile *file,
                     guint  n_samples)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(HsProfile) full = NULL;
  LoadJob job = { file, cancellable, NULL, NULL, 0 };
  GThread *thread;
  gint64 start, full_usec, cancel_at;

  start = g_get_monotonic_time ();
  full = hs_profile_load_file (file, 0, NULL, &error);
  full_usec = g_get_monotonic_time () - start;
  g_assert_no_error (error);
  g_assert_cmpuint (hs_profile_get_n_samples (full), ==, n_samples);
  g_clear_object (&full);

  start = g_get_monotonic_time ();
  thread = g_thread_new ("load", load_job_thread, &job);
  g_usleep (full_usec / 10);
  cancel_at = g_get_monotonic_time ();
  g_cancellable_cancel (cancellable);
  g_thread_join (thread);

  g_test_message ("full load %.1f ms; cancelled after %.1f ms, returned %.1f ms later",
                  full_usec / 1000.0, (cancel_at - start) / 1000.0,
                  (job.done_usec - cancel_at) / 1000.0);
  if (job.done_usec <= cancel_at)
    {
      /* The worker ran to the end before this thread woke up to cancel
       * (valgrind runs one thread at a time): nothing to judge here. */
      g_clear_object (&job.profile);
      g_clear_error (&job.error);
      g_test_skip ("the load finished before it could be cancelled");
      return;
    }
  g_assert_null (job.profile);
  g_assert_error (job.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&job.error);
  /* Not a timing test (bench/README.md has the figures): only that the
   * reader stopped instead of parsing to the end. */
  g_assert_cmpint (job.done_usec - start, <, full_usec);
}

/* A bigprofile-sized pprof parse stops when cancelled. */
static void
test_cancel_pprof (void)
{
  const guint n = 800000;
  g_autoptr(GBytes) bytes = g_byte_array_free_to_bytes (hs_test_pprof_big (n));
  g_autoptr(GFile) file = write_tmp ("hs-cancel-XXXXXX.pb", bytes);

  check_cancel_midway (file, n);
  g_file_delete (file, NULL, NULL);
}

/* And while inflating it: gzip is most of the first tenth of a load. */
static void
test_cancel_gzip (void)
{
  const guint n = 800000;
  g_autoptr(GBytes) raw = g_byte_array_free_to_bytes (hs_test_pprof_big (n));
  g_autoptr(GZlibCompressor) gzip = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 1);
  g_autoptr(GOutputStream) mem = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) out = g_converter_output_stream_new (mem, G_CONVERTER (gzip));
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) packed = NULL;
  g_autoptr(GFile) file = NULL;

  g_output_stream_write_all (out, g_bytes_get_data (raw, NULL), g_bytes_get_size (raw), NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (out, NULL, &error);
  g_assert_no_error (error);
  packed = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (mem));
  file = write_tmp ("hs-cancel-XXXXXX.pb.gz", packed);

  check_cancel_midway (file, n);
  g_file_delete (file, NULL, NULL);
}

/* So does a large goroutine dump (debug=2 text). */
static void
test_cancel_text (void)
{
  const guint n = 200000;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GFile) file = NULL;

#ifdef HS_TEST_ASAN
  /* ASan's strstr interceptor measures the whole rest of the string on
   * every call, which makes g_strsplit() quadratic on a 25 MB dump. */
  g_test_skip ("too slow under AddressSanitizer");
  return;
#endif

  for (guint i = 0; i < n; i++)
    g_string_append_printf (text,
                            "goroutine %u [chan receive]:\n"
                            "main.worker%u(0xc000010000)\n\t/src/main.go:%u +0x1d\n"
                            "created by main.main\n\t/src/main.go:9 +0x2\n\n",
                            i + 1, i % 97, 10 + i % 13);
  bytes = g_bytes_new (text->str, text->len);
  file = write_tmp ("hs-cancel-XXXXXX.txt", bytes);

  check_cancel_midway (file, n);
  g_file_delete (file, NULL, NULL);
}

/* Every analysis fails with CANCELLED on a cancelled cancellable and
 * works on one that is not. */
static void
test_cancel_analyses (gconstpointer set)
{
  REQUIRE_FIXTURES (set);
  g_autoptr(HsProfile) profile = load_fixture ("leakycache/heap-t2.pb.gz");
  g_autoptr(GCancellable) live = g_cancellable_new ();
  g_autoptr(GCancellable) dead = g_cancellable_new ();
  g_autoptr(HsTop) top = NULL;
  g_autoptr(HsTop) diff = NULL;
  g_autoptr(HsCallTree) tree = NULL;
  g_autoptr(HsFlameModel) flame = NULL;
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (dead);

  g_assert_null (hs_top_new_full (profile, 3, FALSE, dead, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_null (hs_top_new_diff_full (profile, profile, 3, TRUE, dead, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  top = hs_top_new_full (profile, 3, FALSE, live, &error);
  g_assert_no_error (error);
  diff = hs_top_new_diff_full (profile, profile, 3, FALSE, live, &error);
  g_assert_no_error (error);
  {
    g_autoptr(HsTop) plain = hs_top_new (profile, 3, FALSE);

    g_assert_cmpuint (hs_top_get_n_rows (top), >, 0);
    g_assert_cmpuint (hs_top_get_n_rows (top), ==, hs_top_get_n_rows (plain));
  }

  g_assert_null (hs_call_tree_new_full (top, dead, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_null (hs_flame_model_new_full (top, dead, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  tree = hs_call_tree_new_full (top, live, &error);
  g_assert_no_error (error);
  flame = hs_flame_model_new_full (top, live, &error);
  g_assert_no_error (error);
  g_assert_cmpint (hs_flame_node_get_value (hs_flame_model_get_root (flame)), ==, hs_top_get_total (top));
}

static GByteArray *
pb_profile_base (gboolean drop)
{
  GByteArray *b = g_byte_array_new ();
  GByteArray *vt = g_byte_array_new ();
  static const char *strings[] = { "", "samples", "count", "main", "helper",
                                   "runtime.mallocgc", "runtime\\.mallocgc" };

  pb_uint (vt, 1, 1);
  pb_uint (vt, 2, 2);
  pb_msg (b, 1, vt);
  pb_msg (b, 5, pb_function (1, 3));
  pb_msg (b, 5, pb_function (2, 4));
  pb_msg (b, 5, pb_function (3, 5));
  pb_msg (b, 4, pb_location (1, (guint64[]) { 1 }, 1));
  pb_msg (b, 4, pb_location (2, (guint64[]) { 2 }, 1));
  pb_msg (b, 4, pb_location (3, (guint64[]) { 3 }, 1));
  pb_msg (b, 4, pb_location (4, (guint64[]) { 3, 2 }, 2));
  pb_msg (b, 2, pb_sample ((guint64[]) { 3, 2, 1 }, 3, 10));
  pb_msg (b, 2, pb_sample ((guint64[]) { 4, 1 }, 2, 5));
  pb_msg (b, 2, pb_sample ((guint64[]) { 3 }, 1, 7));
  if (drop)
    pb_uint (b, 7, 6);
  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    pb_str (b, strings[i]);
  return b;
}

static HsProfile *
load_pb (GByteArray  *b,
         GError     **error)
{
  g_autoptr(GBytes) bytes = g_byte_array_free_to_bytes (b);

  return hs_profile_load_bytes (bytes, "made.pb", 0, error);
}

static char *
tsv_of (HsProfile *profile)
{
  g_autoptr(HsTop) top = hs_top_new (profile, 0, FALSE);
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < hs_top_get_n_rows (top); i++)
    {
      HsTopRow *row = hs_top_get_row (top, i);

      g_string_append_printf (s, "%s %" G_GINT64_FORMAT " %" G_GINT64_FORMAT ";", hs_top_row_get_name (row),
                              hs_top_row_get_flat (row), hs_top_row_get_cum (row));
    }
  return g_string_free (s, FALSE);
}

/* drop_frames as pprof applies it, and inlined frames marked. */
static void
test_drop_frames_and_inline (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsProfile) plain = load_pb (pb_profile_base (FALSE), &error);
  g_autoptr(HsProfile) dropped = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  g_assert_no_error (error);
  a = tsv_of (plain);
  /* helper→mallocgc is inlined in location 4 but a real call in location
   * 3: pprof's edge is inline only if every occurrence is, so no marker
   * (the fixtures' oracles cover " (inline)"). */
  g_assert_cmpstr (a, ==, "runtime.mallocgc 22 22;helper 0 15;main 0 15;");

  dropped = load_pb (pb_profile_base (TRUE), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hs_profile_get_drop_frames (dropped), ==, "runtime\\.mallocgc");
  b = tsv_of (dropped);
  /* Pruned below the user frames; a stack of runtime frames only stays. */
  g_assert_cmpstr (b, ==, "helper 15 15;runtime.mallocgc 7 7;main 0 15;");
}

static int
hs_test_cmp_u32 (const guint32 *a,
                 const guint32 *b)
{
  return *a < *b ? -1 : *a > *b;
}

/* Ids of the form k << 32 and (from << 32 | to) pairs once shared one
 * hash (GLib's g_direct_hash and 2.74's g_int64_hash keep the low 32
 * bits): 250,000 such ids took minutes to read. Rather than time it,
 * check what makes it fast: every table keyed by ids uses hs_hash64,
 * which gives such keys distinct hashes that spread over GLib's buckets
 * (GLib 2.74 puts a hash h in bucket (h × 11) mod a prime near the
 * table's size). */
static void
test_id_hash_spreads (void)
{
  const guint n = 250000;
  const guint n_buckets = 262139;  /* GLib's prime for 2^18 slots */
  g_autofree guint32 *hashes = g_new (guint32, 3 * n);
  g_autofree guint16 *load = g_new0 (guint16, n_buckets);
  guint distinct = 1, max_load = 0;

  for (guint k = 1; k <= n; k++)
    {
      guint64 id = (guint64) k << 32;

      hashes[k - 1] = hs_hash64 (id);
      hashes[n + k - 1] = hs_pair_hash (hs_pair_key (k, 7));
      hashes[2 * n + k - 1] = hs_pair_hash (hs_pair_key (7, k));
    }
  for (guint i = 0; i < n; i++)
    {
      guint b = (guint) (((guint64) hashes[i] * 11) % n_buckets);

      max_load = MAX (max_load, ++load[b]);
    }
  /* A uniform hash puts at most about 8 of 250,000 keys in one of
   * 262,139 buckets; the old hash put all of them in one. */
  g_assert_cmpuint (max_load, <=, 12);

  /* HsU64Map (the reader's id map) takes the low bits: 2^19 slots for
   * 250,000 ids. */
  {
    g_autofree guint16 *slots = g_new0 (guint16, 1 << 19);

    max_load = 0;
    for (guint i = 0; i < n; i++)
      max_load = MAX (max_load, ++slots[hashes[i] & ((1 << 19) - 1)]);
    g_assert_cmpuint (max_load, <=, 12);
  }

  /* Distinct hashes: a 32-bit hash of 750,000 keys has about 65 chance
   * collisions. */
  qsort (hashes, 3 * n, sizeof (guint32), (int (*) (const void *, const void *)) hs_test_cmp_u32);
  for (guint i = 1; i < 3 * n; i++)
    distinct += hashes[i] != hashes[i - 1];
  g_assert_cmpuint (distinct, >=, 3 * n - 200);
}

/* drop_frames runs once per distinct function name, not once per
 * location. tests/data/hostile/dropframes.pb.gz (made by
 * tests/gen/make-hostile.sh) has 20 names main.w0NN_a…a, each in 5
 * locations, that `main\.w[0-9]+_(a|a)*b|runtime\..*` fails on only after
 * 2^29 tries in a backtracking engine (RE2 takes time linear in the name),
 * and 4 runtime.* names it matches; test-profile-oracle checks its
 * figures against pprof. */
static void
test_drop_frames_once_per_name (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("HS_TEST_DATA_DIR"), "hostile", "dropframes.pb.gz", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(HsProfile) profile = hs_profile_load_file (file, 0, NULL, &error);
  HsProfileData *data;

  g_assert_no_error (error);
  data = hs_profile_get_data (profile);
  g_assert_cmpuint (hs_profile_get_n_locations (profile), ==, 20 * 5 + 4);
  g_assert_cmpuint (data->n_frame_matches, ==, 20 + 4);
}

/* Two functions with one name (pprof matches names without their
 * "(...)" suffix) are matched once; a keep_frames pattern that
 * backtracks exponentially is still answered, as Go's regexp answers it. */
static void
test_drop_frames_name_cache (void)
{
  g_autoptr(GError) error = NULL;
  GByteArray *b = g_byte_array_new ();
  GByteArray *vt = g_byte_array_new ();
  g_autoptr(HsProfile) profile = NULL;
  g_autofree char *tsv = NULL;
  const char *strings[] = { "", "samples", "count", "main", "runtime.x(int)", "runtime.x(string)",
                            "runtime.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "runtime.y",
                            "runtime\\..*", "runtime\\.(a|a)*b|x", NULL };

  pb_uint (vt, 1, 1);
  pb_uint (vt, 2, 2);
  pb_msg (b, 1, vt);
  for (guint f = 1; f <= 5; f++)
    {
      pb_msg (b, 5, pb_function (f, f + 2));
      pb_msg (b, 4, pb_location (f, (guint64[]) { f }, 1));
    }
  /* main → runtime.x(int) → runtime.y; main → runtime.x(string) →
   * runtime.y; main → runtime.aaa…a → runtime.y (leaf first). */
  pb_msg (b, 2, pb_sample ((guint64[]) { 5, 2, 1 }, 3, 1));
  pb_msg (b, 2, pb_sample ((guint64[]) { 5, 3, 1 }, 3, 2));
  pb_msg (b, 2, pb_sample ((guint64[]) { 5, 4, 1 }, 3, 4));
  for (guint i = 0; strings[i] != NULL; i++)
    pb_str (b, strings[i]);
  pb_uint (b, 7, 8);
  pb_uint (b, 8, 9);
  profile = load_pb (b, &error);
  g_assert_no_error (error);
  /* Five functions, four names: runtime.x(int) and runtime.x(string)
   * are both runtime.x. */
  g_assert_cmpuint (hs_profile_get_data (profile)->n_frame_matches, ==, 4);
  tsv = tsv_of (profile);
  /* runtime.x goes with its callee; keep_frames does not match
   * runtime.aaa…a, so it goes too, and main holds everything, as in
   * pprof. (With PCRE and a budget per match, runtime.aaa…a stayed:
   * "runtime.aaa…a 4 4;main 3 7;".) */
  g_assert_cmpstr (tsv, ==, "main 7 7;");
}

/* Callers and callees come from an index by node (a row's own edges, not
 * a scan of all of them on every expanded row): on the many-functions
 * shape, every call a node makes is a call its callee receives, with the
 * same value, and no edge is lost or doubled. */
static void
test_call_tree_index (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("HS_TEST_DATA_DIR"), "hostile", "manyfuncs.pb.gz", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(HsProfile) profile = hs_profile_load_file (file, 0, NULL, &error);
  g_autoptr(HsTop) top = NULL;
  g_autoptr(HsCallTree) tree = NULL;
  guint n_callee_edges = 0, n_caller_edges = 0;

  g_assert_no_error (error);
  top = hs_top_new (profile, 1, FALSE);
  tree = hs_call_tree_new (top);
  for (guint n = 0; n < hs_top_get_n_rows (top); n++)
    {
      g_autoptr(GArray) callees = hs_call_tree_get_callees (tree, n);
      g_autoptr(GArray) callers = hs_call_tree_get_callers (tree, n);

      n_callee_edges += callees->len;
      n_caller_edges += callers->len;
      for (guint i = 0; i < callees->len; i++)
        {
          const HsCallEdge *e = &g_array_index (callees, HsCallEdge, i);
          g_autoptr(GArray) back = hs_call_tree_get_callers (tree, e->node);
          gboolean found = FALSE;

          for (guint j = 0; j < back->len && !found; j++)
            found = g_array_index (back, HsCallEdge, j).node == n &&
                    g_array_index (back, HsCallEdge, j).value == e->value;
          g_assert_true (found);
        }
    }
  g_assert_cmpuint (n_callee_edges, ==, n_caller_edges);
  /* 100 stacks of 20–400 frames (a random walk through 2,000
   * functions): thousands of calls. */
  g_assert_cmpuint (n_callee_edges, >, 2000);
}

/* The string table is copied into one block, except entries that are not
 * UTF-8 or hold a NUL: those are escaped one by one (\xNN), and every name
 * still lands at its own index. */
static void
test_string_table (void)
{
  GByteArray *b = pb_profile_base (FALSE);
  static const char nul_name[] = "nul\0name";
  g_autoptr(GError) error = NULL;
  g_autoptr(HsProfile) profile = NULL;
  g_autofree char *tsv = NULL;

  pb_msg (b, 5, pb_function (4, 7));
  pb_msg (b, 5, pb_function (5, 8));
  pb_msg (b, 5, pb_function (6, 9));
  pb_msg (b, 4, pb_location (5, (guint64[]) { 4 }, 1));
  pb_msg (b, 4, pb_location (6, (guint64[]) { 5 }, 1));
  pb_msg (b, 4, pb_location (7, (guint64[]) { 6 }, 1));
  pb_msg (b, 2, pb_sample ((guint64[]) { 5 }, 1, 3));
  pb_msg (b, 2, pb_sample ((guint64[]) { 6 }, 1, 2));
  pb_msg (b, 2, pb_sample ((guint64[]) { 7 }, 1, 1));
  pb_str (b, "bad\xffname");
  /* pb_str stops at a NUL: this entry is written by hand. */
  pb_varint (b, (6 << 3) | 2);
  pb_varint (b, sizeof nul_name - 1);
  g_byte_array_append (b, (const guint8 *) nul_name, sizeof nul_name - 1);
  pb_str (b, "after");

  profile = load_pb (b, &error);
  g_assert_no_error (error);
  tsv = tsv_of (profile);
  g_test_message ("%s", tsv);
  g_assert_nonnull (strstr (tsv, "bad\\xffname 3 3;"));
  g_assert_nonnull (strstr (tsv, "nul\\x00name 2 2;"));
  g_assert_nonnull (strstr (tsv, "after 1 1;"));
  g_assert_nonnull (strstr (tsv, "runtime.mallocgc "));
}

/* Hostile references get a message naming the problem. */
static void
test_bad_references (void)
{
  struct {
    const char *words;
    int         code;
  } cases[] = {
    { "location 77 refers to missing function 9", HS_PROFILE_ERROR_CORRUPT },
    { "sample 4 refers to missing location 99", HS_PROFILE_ERROR_CORRUPT },
    { "sample 4 has 2 values but the profile has 1 sample types", HS_PROFILE_ERROR_CORRUPT },
    { "a location has the reserved id 0", HS_PROFILE_ERROR_CORRUPT },
    { "two functions have the id 2", HS_PROFILE_ERROR_CORRUPT },
    { "truncated at byte", HS_PROFILE_ERROR_TRUNCATED },
    /* The same with ids too large for a direct table (the hashed map). */
    { "two functions have the id 8589934592", HS_PROFILE_ERROR_CORRUPT },
    { "location 77 refers to missing function 38654705664", HS_PROFILE_ERROR_CORRUPT },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GByteArray *b = pb_profile_base (FALSE);
      g_autoptr(GError) error = NULL;
      g_autoptr(HsProfile) profile = NULL;

      switch (i)
        {
        case 0: pb_msg (b, 4, pb_location (77, (guint64[]) { 9 }, 1)); break;
        case 1: pb_msg (b, 2, pb_sample ((guint64[]) { 99 }, 1, 1)); break;
        case 2:
          {
            GByteArray *m = pb_sample ((guint64[]) { 1 }, 1, 1);
            pb_uint (m, 2, 5);
            pb_msg (b, 2, m);
          }
          break;
        case 3: pb_msg (b, 4, pb_location (0, (guint64[]) { 1 }, 1)); break;
        case 4: pb_msg (b, 5, pb_function (2, 4)); break;
        case 5:
          /* A message that claims more bytes than the file has. */
          pb_varint (b, (4 << 3) | 2);
          pb_varint (b, 1000);
          break;
        case 6:
          pb_msg (b, 5, pb_function (G_GUINT64_CONSTANT (2) << 32, 4));
          pb_msg (b, 5, pb_function (G_GUINT64_CONSTANT (2) << 32, 4));
          break;
        case 7:
          pb_msg (b, 5, pb_function (G_GUINT64_CONSTANT (3) << 32, 4));
          pb_msg (b, 4, pb_location (77, (guint64[]) { G_GUINT64_CONSTANT (9) << 32 }, 1));
          break;
        }
      profile = load_pb (b, &error);
      g_test_message ("%s", error ? error->message : "(loaded)");
      g_assert_null (profile);
      g_assert_error (error, HS_PROFILE_ERROR, cases[i].code);
      g_assert_true (g_str_has_prefix (error->message, "made.pb: "));
      g_assert_nonnull (strstr (error->message, cases[i].words));
    }
}

/* The CLI as a user runs it. */
static char *
run_cli (const char * const *args,
         int                *out_status,
         char              **out_err)
{
  g_autofree char *cli = g_build_filename (g_getenv ("HS_BUILD_ROOT"), "src", "cli", "heapscope-cli", NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int wait_status;

  g_ptr_array_add (argv, cli);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &out, out_err, &wait_status, &error);
  g_assert_no_error (error);
  *out_status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
  return out;
}

static void
test_cli (gconstpointer set)
{
  REQUIRE_FIXTURES (set);
  g_autofree char *oracle = hs_fixtures_oracle_file (dir, "leakycache/heap-t2.pb.gz", "inuse_space");
  g_autoptr(GPtrArray) rows = hs_fixtures_oracle_rows (dir, oracle);
  g_autofree char *top2 = g_strdup_printf ("name\tflat\tcum\n%s\n%s\n", (char *) g_ptr_array_index (rows, 0),
                                           (char *) g_ptr_array_index (rows, 1));
  g_autofree char *total_line =
    g_strdup_printf ("total.inuse_space\t%" G_GINT64_FORMAT "\tbytes\n",
                     hs_fixtures_summary_int (dir, "leakycache/heap-t2.pb.gz", "proto_total.inuse_space"));
  g_autofree char *samples_line =
    g_strdup_printf ("samples\t%" G_GINT64_FORMAT "\n",
                     hs_fixtures_summary_int (dir, "leakycache/heap-t2.pb.gz", "proto_samples"));
  gint64 want_total = hs_fixtures_summary_int (dir, "leakycache/heap-t2.pb.gz", "proto_total.inuse_space");
  g_autofree char *heap = fixture ("leakycache/heap-t2.pb.gz");
  g_autofree char *heap1 = fixture ("leakycache/heap-t1.pb.gz");
  g_autofree char *gor = fixture ("leakycache/goroutine-t2.pb.gz");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  out = run_cli ((const char *[]) { "top", "--format=tsv", "--nodecount=2", heap, NULL }, &status, &err);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (out, ==, top2);
  if (IS_SHARED (set))
    g_assert_cmpstr (out, ==, "name\tflat\tcum\nmain.makeValue\t21579885\t21579885\nruntime.allocm\t524800\t524800\n");
  g_assert_true (g_str_has_prefix (out, "name\tflat\tcum\nmain.makeValue\t"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  out = run_cli ((const char *[]) { "top", heap, NULL }, &status, &err);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "Showing nodes accounting for"));
  g_assert_nonnull (strstr (out, "      flat  flat%   sum%        cum   cum%\n"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  out = run_cli ((const char *[]) { "top", "--format=json", heap, NULL }, &status, &err);
  g_assert_cmpint (status, ==, 0);
  {
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonObject *root;

    g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
    root = json_node_get_object (json_parser_get_root (parser));
    g_assert_cmpint (json_object_get_int_member (root, "total"), ==, want_total);
    if (IS_SHARED (set))
      g_assert_cmpint (json_object_get_int_member (root, "total"), ==, 22629181);
  }
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  out = run_cli ((const char *[]) { "top", "--sample-index=nope", heap, NULL }, &status, &err);
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (err, "nope"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  out = run_cli ((const char *[]) { "top", "/nonexistent.pb.gz", NULL }, &status, &err);
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (err, "/nonexistent.pb.gz"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  out = run_cli ((const char *[]) { "info", heap, NULL }, &status, &err);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, total_line));
  g_assert_nonnull (strstr (out, samples_line));
  if (IS_SHARED (set))
    {
      g_assert_nonnull (strstr (out, "total.inuse_space\t22629181\tbytes\n"));
      g_assert_nonnull (strstr (out, "samples\t36\n"));
    }
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  out = run_cli ((const char *[]) { "diff", "--format=tsv", heap1, heap, NULL }, &status, &err);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_str_has_prefix (out, "name\tflat\tcum\nmain.makeValue\t"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  out = run_cli ((const char *[]) { "diff", heap, gor, NULL }, &status, &err);
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (err, "sample types differ"));
}

typedef struct
{
  GFile          *file;
  HsLoadProgress *progress;
  HsProfile      *profile;
  gint            done;
} ProgressLoad;

static gpointer
progress_load_thread (gpointer data)
{
  ProgressLoad *load = data;
  g_autoptr(GError) error = NULL;

  load->profile = hs_profile_load_file_full (load->file, 0, load->progress, NULL, &error);
  g_assert_no_error (error);
  g_atomic_int_set (&load->done, 1);
  return NULL;
}

/* A load reports how much of its input it has consumed, as it goes
 * (the window shows "Reading… 42 %"; before, only a spinner for a minute
 * on a large profile): never backwards, strictly between 0 and 1 while
 * decoding, 1 at the end. */
static void
test_load_progress (void)
{
  g_autoptr(GBytes) bytes = g_byte_array_free_to_bytes (hs_test_pprof_big (300000));
  g_autoptr(GFileIOStream) io = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HsLoadProgress) progress = hs_load_progress_new ();
  ProgressLoad load = { NULL, progress, NULL, 0 };
  GThread *thread;
  double last = 0.0;
  guint n_middle = 0;

  load.file = g_file_new_tmp ("hs-progress-XXXXXX.pb", &io, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_replace_contents (load.file, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                          NULL, FALSE, G_FILE_CREATE_NONE, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (hs_load_progress_get_fraction (progress), ==, 0.0);

  thread = g_thread_new ("load", progress_load_thread, &load);
  while (!g_atomic_int_get (&load.done))
    {
      double now = hs_load_progress_get_fraction (progress);

      g_assert_cmpfloat (now, >=, last);
      if (now > 0.1 && now < 1.0 && now != last)
        n_middle++;
      last = now;
      g_usleep (100);
    }
  g_thread_join (thread);
  g_test_message ("%u distinct values seen while decoding", n_middle);
  g_assert_cmpuint (n_middle, >, 0);
  g_assert_nonnull (load.profile);
  g_assert_cmpfloat (hs_load_progress_get_fraction (progress), ==, 1.0);

  g_file_delete (load.file, NULL, NULL);
  g_object_unref (load.file);
  g_object_unref (load.profile);
}

/* Deep stacks stop when cancelled: a profile of a few stacks of 100,000
 * frames (deep recursion) is millions of frames of work in the top, the
 * flame model and the call tree, and each used to look at its cancellable
 * once per 4,096 stacks, that is never here: a closed tab's worker ran
 * to its end (1.7 s on bench's deeprecursion shape). A worker cancelled
 * once it has started must report G_IO_ERROR_CANCELLED instead of a
 * result: the call tree returned its result; the top and the flame model
 * said "cancelled", but only once their walk had ended, which this test
 * cannot see. (Nothing is timed: only which of the two comes back.) */
typedef enum { DEEP_TOP, DEEP_FLAME, DEEP_CALL_TREE } DeepStep;

typedef struct
{
  DeepStep      step;
  HsProfile    *profile;
  HsTop        *top;           /* built already, for the flame model and call tree */
  GCancellable *cancellable;
  gint          started;
  gpointer      result;
  GError       *error;
} DeepCancel;

static gpointer
deep_cancel_worker (gpointer data)
{
  DeepCancel *d = data;

  g_atomic_int_set (&d->started, 1);
  switch (d->step)
    {
    case DEEP_TOP:
      d->result = hs_top_new_full (d->profile, 0, FALSE, d->cancellable, &d->error);
      break;
    case DEEP_FLAME:
      d->result = hs_flame_model_new_full (d->top, d->cancellable, &d->error);
      break;
    case DEEP_CALL_TREE:
    default:
      d->result = hs_call_tree_new_full (d->top, d->cancellable, &d->error);
      break;
    }
  return NULL;
}

static void
test_cancel_deep_stacks (void)
{
  /* 100,000 functions, each at its own depth, under a leaf of each
   * stack's own: 4.8 million frames, nodes that do not fit the CPU's
   * caches, a flame graph of 100,048 nodes. */
  enum { N_STACKS = 48, DEPTH = 100000 };
  GByteArray *b = g_byte_array_new ();
  GByteArray *vt = g_byte_array_new ();
  g_autofree guint64 *locs = g_new (guint64, DEPTH + 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(HsProfile) profile = NULL;
  g_autoptr(HsTop) top = NULL;

  pb_uint (vt, 1, 1);
  pb_uint (vt, 2, 2);
  pb_msg (b, 1, vt);
  for (guint f = 1; f <= DEPTH + N_STACKS; f++)
    {
      /* String f + 2 is the name "fN" (strings 0-2: "", samples, count). */
      pb_msg (b, 5, pb_function (f, f + 2));
      pb_msg (b, 4, pb_location (f, (guint64[]) { f }, 1));
    }
  for (guint s = 0; s < N_STACKS; s++)
    {
      locs[0] = DEPTH + 1 + s;
      for (guint i = 1; i <= DEPTH; i++)
        locs[i] = i;
      pb_msg (b, 2, pb_sample (locs, DEPTH + 1, 1));
    }
  pb_str (b, "");
  pb_str (b, "samples");
  pb_str (b, "count");
  for (guint f = 1; f <= DEPTH + N_STACKS; f++)
    {
      g_autofree char *name = g_strdup_printf ("f%u", f);

      pb_str (b, name);
    }
  profile = load_pb (b, &error);
  g_assert_no_error (error);
  top = hs_top_new (profile, 0, FALSE);
  g_assert_cmpint (hs_top_get_total (top), ==, N_STACKS);

  for (DeepStep step = DEEP_TOP; step <= DEEP_CALL_TREE; step++)
    {
      DeepCancel d = { step, profile, top, g_cancellable_new (), 0, NULL, NULL };
      GThread *thread = g_thread_new ("deep-cancel", deep_cancel_worker, &d);

      while (!g_atomic_int_get (&d.started))
        g_usleep (100);
      /* Into the work: it takes tens of milliseconds or more. */
      g_usleep (2 * 1000);
      g_cancellable_cancel (d.cancellable);
      g_thread_join (thread);
      if (d.result != NULL)
        g_error ("step %d finished instead of stopping when cancelled", step);
      g_assert_error (d.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_clear_error (&d.error);
      g_object_unref (d.cancellable);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  hs_fixtures_add ("/profile", "new-destroy", test_new_destroy);
  hs_fixtures_add ("/profile", "row-outlives-top", test_row_outlives_top);
  hs_fixtures_add ("/profile", "header", test_header);
  hs_fixtures_add ("/profile", "bad-inputs", test_bad_inputs);
  hs_fixtures_add ("/profile", "truncation-sweep", test_truncation_sweep);
  g_test_add_func ("/profile/cancel-deep-stacks", test_cancel_deep_stacks);
  g_test_add_func ("/profile/decompression-cap", test_decompression_cap);
  hs_fixtures_add ("/profile", "legacy-heap-text", test_legacy_heap_text);
  hs_fixtures_add ("/profile", "goroutine-debug2", test_goroutine_debug2);
  hs_fixtures_add ("/profile", "goroutine-labels", test_goroutine_labels);
  hs_fixtures_add ("/profile", "flame-and-call-tree", test_flame_and_call_tree);
  hs_fixtures_add ("/profile", "list-model", test_list_model);
  hs_fixtures_add ("/profile", "async", test_async);
  g_test_add_func ("/profile/fuzz-regressions", test_fuzz_regressions);
  g_test_add_func ("/profile/drop-frames-and-inline", test_drop_frames_and_inline);
  g_test_add_func ("/profile/bad-references", test_bad_references);
  g_test_add_func ("/profile/string-table", test_string_table);
  g_test_add_func ("/profile/load-progress", test_load_progress);
  g_test_add_func ("/profile/id-hash-spreads", test_id_hash_spreads);
  g_test_add_func ("/profile/call-tree-index", test_call_tree_index);
  g_test_add_func ("/profile/drop-frames-once-per-name", test_drop_frames_once_per_name);
  g_test_add_func ("/profile/drop-frames-name-cache", test_drop_frames_name_cache);
  hs_fixtures_add ("/profile", "cli", test_cli);
  g_test_add_func ("/profile/cancel-pprof", test_cancel_pprof);
  g_test_add_func ("/profile/cancel-gzip", test_cancel_gzip);
  g_test_add_func ("/profile/cancel-text", test_cancel_text);
  hs_fixtures_add ("/profile", "cancel-analyses", test_cancel_analyses);

  return g_test_run ();
}
