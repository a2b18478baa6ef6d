/* test-call-tree.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-call-tree"

#include "config.h"

#include <string.h>

#include "hs-flame-model.h"
#include "hs-profile.h"
#include "hs-profile-filter.h"
#include "hs-profile-top.h"
#include "hs-test-fixtures.h"

/* The top-down and bottom-up call trees against `go tool pprof -traces`:
 * the test merges pprof's own list of every sample's stack into paths
 * (root first for top-down, leaf first for bottom-up) and every node of
 * HsFlameModel's two trees must be one of those paths with the same
 * value, and every path a node. tests/gen/make-calltree-oracles.sh wrote
 * the traces; the command is on each file's first line. */

typedef struct
{
  const char *name;
  const char *profile;
  const char *sample_index;
  HsProfileFilter filter;
} Case;

static const Case cases[] = {
  { "heap-inuse", "leakycache/heap-t2.pb.gz", "inuse_space", { NULL } },
  { "heap-alloc", "leakycache-c/heap-t2.pb.gz", "alloc_space", { NULL } },
  { "goroutine", "goroutineleak/goroutine-t2.pb.gz", "goroutine", { NULL } },
  { "heap-alloc-hide", "leakycache/heap-t2.pb.gz", "alloc_space", { .hide = "runtime" } },
};

/* Adds @v to every prefix of @frames (given in order) in @paths. */
static void
add_paths (GHashTable *paths,
           GPtrArray  *frames,
           gboolean    reverse,
           gint64      v)
{
  g_autoptr(GString) key = g_string_new ("root");

  for (guint i = 0; i < frames->len; i++)
    {
      const char *frame = g_ptr_array_index (frames, reverse ? frames->len - 1 - i : i);
      gint64 *sum;

      g_string_append_c (key, ';');
      g_string_append (key, frame);
      sum = g_hash_table_lookup (paths, key->str);
      if (sum == NULL)
        {
          sum = g_new0 (gint64, 1);
          g_hash_table_insert (paths, g_strdup (key->str), sum);
        }
      *sum += v;
    }
}

/* pprof -traces: blocks between "-----------+" lines; a label line has
 * its ':' in column 11, the value line a number in the first 11 columns
 * and the leaf frame after it, then one frame a line (leaf first), an
 * inlined one marked " (inline)". */
static void
read_traces (const char *name,
             GHashTable *top_down,
             GHashTable *bottom_up,
             gint64     *out_total)
{
  g_autofree char *rel = g_strdup_printf ("calltree/%s.traces.txt", name);
  g_autoptr(GBytes) bytes = hs_fixtures_read (hs_fixtures_dir (HS_FIXTURES_REPO), rel);
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr(GPtrArray) frames = g_ptr_array_new ();
  gint64 value = 0;
  guint n_samples = 0;

  *out_total = 0;
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];

      if (g_str_has_prefix (line, "-----------+") || lines[i + 1] == NULL)
        {
          if (frames->len > 0 && value != 0)
            {
              add_paths (top_down, frames, TRUE, value);
              add_paths (bottom_up, frames, FALSE, value);
              *out_total += value;
              n_samples++;
            }
          g_ptr_array_set_size (frames, 0);
          continue;
        }
      if (strlen (line) < 14 || line[0] == '#')
        continue;
      if (line[10] == ':')
        continue;
      if (line[9] != ' ')
        {
          g_autofree char *number = g_strndup (line, 11);

          value = g_ascii_strtoll (g_strstrip (number), NULL, 10);
        }
      /* pprof marks inlined frames; the trees name functions. */
      if (g_str_has_suffix (line, " (inline)"))
        lines[i][strlen (line) - strlen (" (inline)")] = '\0';
      g_ptr_array_add (frames, (gpointer) (lines[i] + 13));
    }
  g_assert_cmpuint (n_samples, >, 2);
}

/* Every node of @model is a path of @paths with its value; returns how
 * many nodes there are, the root not counted. */
static guint
check_node (const HsFlameNode *node,
            GString           *key,
            GHashTable        *paths,
            const char        *what)
{
  guint n = 0;

  for (guint i = 0; i < hs_flame_node_get_n_children (node); i++)
    {
      const HsFlameNode *child = hs_flame_node_get_child (node, i);
      gsize len = key->len;
      gint64 *want;

      g_string_append_c (key, ';');
      g_string_append (key, hs_flame_node_get_name (child));
      want = g_hash_table_lookup (paths, key->str);
      if (want == NULL)
        g_error ("%s: our path %s is not in pprof's traces", what, key->str);
      if (*want != hs_flame_node_get_value (child))
        g_error ("%s: %s is %" G_GINT64_FORMAT ", pprof's traces sum to %" G_GINT64_FORMAT,
                 what, key->str, hs_flame_node_get_value (child), *want);
      n += 1 + check_node (child, key, paths, what);
      g_string_truncate (key, len);
    }
  return n;
}

static void
test_traces (gconstpointer data)
{
  const Case *c = data;
  g_autoptr(GHashTable) top_down = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) bottom_up = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(HsProfile) profile = hs_fixtures_load (hs_fixtures_dir (HS_FIXTURES_REPO), c->profile);
  g_autoptr(HsProfile) filtered = NULL;
  g_autoptr(HsTop) top = NULL;
  g_autoptr(HsFlameModel) down = NULL;
  g_autoptr(HsFlameModel) up = NULL;
  g_autoptr(GString) key = g_string_new ("root");
  g_autoptr(GError) error = NULL;
  const HsFlameNode *root;
  gint64 total;
  guint index;

  read_traces (c->name, top_down, bottom_up, &total);
  filtered = hs_profile_filter (profile, &c->filter, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (hs_profile_resolve_sample_index (filtered, c->sample_index, &index, &error));
  top = hs_top_new (filtered, index, FALSE);
  down = hs_flame_model_new (top);
  up = hs_flame_model_new_inverted_full (top, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (hs_flame_model_get_inverted (down));
  g_assert_true (hs_flame_model_get_inverted (up));

  /* pprof -traces leaves out samples with no frame (a goroutine that
   * has not run yet); the trees count them in the root's self. */
  root = hs_flame_model_get_root (down);
  g_assert_cmpint (hs_flame_node_get_value (root) - hs_flame_node_get_self (root), ==, total);
  g_assert_cmpuint (check_node (root, key, top_down, "top-down"), ==, g_hash_table_size (top_down));

  root = hs_flame_model_get_root (up);
  g_assert_cmpint (hs_flame_node_get_value (root) - hs_flame_node_get_self (root), ==, total);
  g_assert_cmpuint (check_node (root, key, bottom_up, "bottom-up"), ==, g_hash_table_size (bottom_up));

  /* Bottom-up, the first level is pprof's flat of each function with a
   * flat, and its self is the same. */
  for (guint i = 0; i < hs_top_get_n_rows (top); i++)
    {
      HsTopRow *row = hs_top_get_row (top, i);
      gint64 flat = 0;

      for (guint j = 0; j < hs_flame_node_get_n_children (root); j++)
        {
          const HsFlameNode *leaf = hs_flame_node_get_child (root, j);

          if (g_str_equal (hs_flame_node_get_name (leaf), hs_top_row_get_function_name (row)))
            {
              g_assert_cmpint (hs_flame_node_get_self (leaf), ==, hs_flame_node_get_value (leaf));
              flat += hs_flame_node_get_value (leaf);
            }
        }
      g_assert_cmpint (flat, ==, hs_top_row_get_flat (row));
    }
}

static void
test_cancel (void)
{
  g_autoptr(HsProfile) profile = hs_fixtures_load (hs_fixtures_dir (HS_FIXTURES_REPO), "leakycache/heap-t2.pb.gz");
  g_autoptr(HsTop) top = hs_top_new (profile, 0, FALSE);
  g_autoptr(GCancellable) dead = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (dead);
  g_assert_null (hs_flame_model_new_inverted_full (top, dead, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/call-tree/traces/%s", cases[i].name);

      g_test_add_data_func (path, &cases[i], test_traces);
    }
  g_test_add_func ("/call-tree/cancel", test_cancel);

  return g_test_run ();
}
