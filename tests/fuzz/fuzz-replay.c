/* fuzz-replay.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdint.h>

#include <glib.h>

/* Replays every input a fuzz target ever failed on through that target's
 * own harness, in ordinary test runs (plain, ASan/UBSan, valgrind) and
 * without libFuzzer: linked with one fuzz-*.c, built as test-fuzz-TARGET,
 * reading tests/fuzz/regressions/TARGET/. bench/fuzz.sh puts new
 * crashers there. */

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
replay_file (gconstpointer user_data)
{
  const char *path = user_data;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize len = 0;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  g_assert_cmpint (LLVMFuzzerTestOneInput ((const uint8_t *) contents, len), ==, 0);
}

static void
replay_empty (void)
{
  static const uint8_t nothing[1] = { 0 };

  g_assert_cmpint (LLVMFuzzerTestOneInput (nothing, 0), ==, 0);
  g_assert_cmpint (LLVMFuzzerTestOneInput (nothing, 1), ==, 0);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) d = NULL;
  const char *name;

  g_test_init (&argc, &argv, NULL);

  dir = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "fuzz", "regressions", FUZZ_TARGET, NULL);
  g_test_add_func ("/fuzz/" FUZZ_TARGET "/empty", replay_empty);

  d = g_dir_open (dir, 0, NULL);
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    if (!g_str_has_suffix (name, ".md"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *test_path = g_strdup_printf ("/fuzz/" FUZZ_TARGET "/%s",
                                                    (char *) names->pdata[i]);

      g_test_add_data_func_full (test_path, g_build_filename (dir, names->pdata[i], NULL),
                                 replay_file, g_free);
    }

  return g_test_run ();
}
