/* test-symbolizer.c: naming address-only locations from real binaries
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * hs-test-symbolize-target runs for real and prints its memory map and
 * two return addresses; the symbolizer must name them from the binary's
 * DWARF with elfutils (inlined frame included), and say plainly when the
 * binary is missing or is another build, keeping the addresses. */

#include "config.h"

#include <string.h>

#include "hs-profile-private.h"
#include "hs-symbolizer.h"

typedef struct
{
  char    *exe;
  GArray  *maps;     /* Map */
  guint64  plain;
  guint64  outer;
} Target;

typedef struct
{
  guint64 start, limit, offset;
} Map;

static const char *
target_path (void)
{
  const char *path = g_getenv ("HS_TEST_SYMBOLIZE_TARGET");

  g_assert_nonnull (path);
  return path;
}

static void
target_run (Target *t)
{
  const char *argv[] = { target_path (), NULL };
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  t->maps = g_array_new (FALSE, FALSE, sizeof (Map));
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) f = g_strsplit (lines[i], " ", 5);

      if (g_strv_length (f) == 5 && g_str_equal (f[0], "MAP"))
        {
          Map m = { g_ascii_strtoull (f[1], NULL, 16), g_ascii_strtoull (f[2], NULL, 16),
                    g_ascii_strtoull (f[3], NULL, 16) };

          g_array_append_val (t->maps, m);
          g_free (t->exe);
          t->exe = g_strdup (f[4]);
        }
      else if (g_strv_length (f) == 3 && g_str_equal (f[0], "ADDR"))
        {
          /* As pprof's legacy readers do: a return address minus one
           * lands on the call instruction. */
          guint64 pc = g_ascii_strtoull (f[2], NULL, 16) - 1;

          if (g_str_equal (f[1], "plain"))
            t->plain = pc;
          else
            t->outer = pc;
        }
    }
  g_assert_nonnull (t->exe);
  g_assert_cmpuint (t->maps->len, >, 0);
  g_assert_cmpuint (t->plain, !=, 0);
  g_assert_cmpuint (t->outer, !=, 0);
}

static void
target_clear (Target *t)
{
  g_clear_pointer (&t->exe, g_free);
  g_clear_pointer (&t->maps, g_array_unref);
}

/* A profile holding the target's mappings under @file (and @build_id)
 * and its two addresses as locations 0 (plain) and 1 (outer). */
static HsProfileData *
profile_for (const Target *t,
             const char   *file,
             const char   *build_id)
{
  HsProfileData *data = hs_profile_data_new ();
  guint32 file_str;
  guint32 id_str;
  guint64 pcs[] = { t->plain, t->outer };

  hs_profile_data_add_string (data, "", 0);
  file_str = hs_profile_data_add_string (data, file, -1);
  id_str = hs_profile_data_add_string (data, build_id, -1);
  for (guint i = 0; i < t->maps->len; i++)
    {
      const Map *m = &g_array_index (t->maps, Map, i);
      HsPMapping mapping = { i + 1, m->start, m->limit, m->offset, file_str, id_str, FALSE };

      g_array_append_val (data->mappings, mapping);
    }
  for (guint i = 0; i < G_N_ELEMENTS (pcs); i++)
    {
      HsPLocation loc = { i + 1, pcs[i], HS_NO_INDEX, 0, 0 };

      g_array_append_val (data->locations, loc);
    }
  return data;
}

/* The line of the source file holding @marker. */
static gint64
marker_line (const char *marker)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "hs-test-symbolize-target.c", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (strstr (lines[i], marker) != NULL)
      return i + 1;
  g_assert_not_reached ();
}

static void
assert_frame (HsProfileData *data,
              guint          location,
              guint          frame,
              const char    *name,
              const char    *marker)
{
  const HsPLocation *loc = &g_array_index (data->locations, HsPLocation, location);
  const HsPLine *line;
  const HsPFunction *fn;

  g_assert_cmpuint (frame, <, loc->n_lines);
  line = &g_array_index (data->lines, HsPLine, loc->line_start + frame);
  fn = &g_array_index (data->functions, HsPFunction, line->function);
  g_assert_cmpstr (hs_profile_data_str (data, fn->name), ==, name);
  g_assert_true (g_str_has_suffix (hs_profile_data_str (data, fn->filename), "hs-test-symbolize-target.c"));
  g_assert_cmpint (line->line, ==, marker_line (marker));
}

static void
test_symbolize_names_and_inlined_frames (void)
{
  Target t = { 0 };
  g_autoptr(HsProfileData) data = NULL;
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  target_run (&t);
  data = profile_for (&t, t.exe, "");
  g_assert_true (hs_symbolize_data_needed (data));

  g_assert_true (hs_symbolize_data (data, NULL, notes, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (notes->len, ==, 0);
  g_assert_false (hs_symbolize_data_needed (data));

  /* A plain call: one frame, at the call's line. */
  g_assert_cmpuint (g_array_index (data->locations, HsPLocation, 0).n_lines, ==, 1);
  assert_frame (data, 0, 0, "hs_target_plain", "LINE-PLAIN");

  /* An inlined call: the inlined function first, at its own line, then
   * the function it was inlined into, at the call site. */
  g_assert_cmpuint (g_array_index (data->locations, HsPLocation, 1).n_lines, ==, 2);
  assert_frame (data, 1, 0, "hs_target_inlined_leaf", "LINE-INLINED");
  assert_frame (data, 1, 1, "hs_target_outer", "LINE-CALL-SITE");

  /* The locations now point at the mapping they fell in (the text
   * segment), which says it has names. */
  {
    guint32 mi = g_array_index (data->locations, HsPLocation, 0).mapping;

    g_assert_cmpuint (mi, <, data->mappings->len);
    g_assert_true (g_array_index (data->mappings, HsPMapping, mi).has_functions);
  }
  target_clear (&t);
}

static void
test_symbolize_missing_binary_keeps_addresses (void)
{
  Target t = { 0 };
  g_autoptr(HsProfileData) data = NULL;
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  target_run (&t);
  data = profile_for (&t, "/nonexistent/heapscope/hs-test-symbolize-target", "");

  g_assert_true (hs_symbolize_data (data, NULL, notes, NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < data->locations->len; i++)
    g_assert_cmpuint (g_array_index (data->locations, HsPLocation, i).n_lines, ==, 0);
  g_assert_cmpuint (data->functions->len, ==, 0);

  /* One note for the one mapping that was used, naming the file, the
   * reason and how many addresses stay unnamed. */
  g_assert_cmpuint (notes->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (notes, 0), "/nonexistent/heapscope/hs-test-symbolize-target"));
  g_assert_nonnull (strstr (g_ptr_array_index (notes, 0), "not found"));
  g_assert_nonnull (strstr (g_ptr_array_index (notes, 0), "2 addresses"));
  target_clear (&t);
}

static void
test_symbolize_search_path (void)
{
  Target t = { 0 };
  g_autoptr(HsProfileData) data = NULL;
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  const char *search[3] = { "/nonexistent/heapscope-a", NULL, NULL };

  target_run (&t);
  /* The profile was made on another machine, where the binary lived
   * elsewhere: found by its base name in a search directory, as with
   * pprof's PPROF_BINARY_PATH. */
  dir = g_path_get_dirname (t.exe);
  search[1] = dir;
  data = profile_for (&t, "/srv/elsewhere/bin/hs-test-symbolize-target", "");

  g_assert_true (hs_symbolize_data (data, search, notes, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (notes->len, ==, 0);
  assert_frame (data, 0, 0, "hs_target_plain", "LINE-PLAIN");
  target_clear (&t);
}

static void
test_symbolize_build_id_mismatch (void)
{
  Target t = { 0 };
  g_autoptr(HsProfileData) data = NULL;
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  target_run (&t);
  /* The right path but another build: a wrong name is worse than none. */
  data = profile_for (&t, t.exe, "00112233445566778899aabbccddeeff00112233");

  g_assert_true (hs_symbolize_data (data, NULL, notes, NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < data->locations->len; i++)
    g_assert_cmpuint (g_array_index (data->locations, HsPLocation, i).n_lines, ==, 0);
  g_assert_cmpuint (notes->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (notes, 0), "build ID"));
  g_assert_nonnull (strstr (g_ptr_array_index (notes, 0), "00112233445566778899aabbccddeeff00112233"));
  target_clear (&t);
}

static void
test_symbolize_cancelled (void)
{
  Target t = { 0 };
  g_autoptr(HsProfileData) data = NULL;
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  target_run (&t);
  data = profile_for (&t, t.exe, "");
  g_cancellable_cancel (cancellable);
  g_assert_false (hs_symbolize_data (data, NULL, notes, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  target_clear (&t);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/symbolizer/names-and-inlined-frames", test_symbolize_names_and_inlined_frames);
  g_test_add_func ("/symbolizer/missing-binary-keeps-addresses", test_symbolize_missing_binary_keeps_addresses);
  g_test_add_func ("/symbolizer/search-path", test_symbolize_search_path);
  g_test_add_func ("/symbolizer/build-id-mismatch", test_symbolize_build_id_mismatch);
  g_test_add_func ("/symbolizer/cancelled", test_symbolize_cancelled);

  return g_test_run ();
}
