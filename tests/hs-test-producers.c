/* hs-test-producers.c: real heap dumps made at test time
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "hs-test-producers.h"

static const char *tcmalloc_paths[] = {
  "/usr/lib/x86_64-linux-gnu/libtcmalloc.so.4",
  "/usr/lib/aarch64-linux-gnu/libtcmalloc.so.4",
  "/usr/lib/libtcmalloc.so.4",
};

gboolean
hs_test_run (const char * const *argv,
     const char * const *envp,
     char              **out,
     GError            **error)
{
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, (char **) envp, G_SPAWN_SEARCH_PATH, NULL, NULL,
                     out, NULL, &status, error))
    return FALSE;
  return g_spawn_check_wait_status (status, error);
}

static int
compare_dump_names (const char **a,
                    const char **b)
{
  const char *x = strrchr (*a, '/'), *y = strrchr (*b, '/');
  /* je.PID.SEQ: skip to SEQ. */
  const char *sx = strchr (strchr (x, '.') + 1, '.') + 1;
  const char *sy = strchr (strchr (y, '.') + 1, '.') + 1;

  return (int) (g_ascii_strtoll (sx, NULL, 10) - g_ascii_strtoll (sy, NULL, 10));
}

static const char *jemalloc_paths[] = {
  "/usr/lib/x86_64-linux-gnu/libjemalloc.so.2",
  "/usr/lib/aarch64-linux-gnu/libjemalloc.so.2",
  "/usr/lib/libjemalloc.so.2",
};

/* jemalloc with profiling, dumping every 512 KiB allocated (i0, i1, …)
 * and at exit (f): the heap as it grew. */
gboolean
hs_test_make_jemalloc_dumps (HsTestDump  *d,
                             char      ***out_dumps)
{
  const char *jemalloc = NULL;
  g_autofree char *cc = g_find_program_in_path ("cc");
  g_autofree char *src = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "gen", "leaky", "leaky.c", NULL);
  g_autofree char *prefix = NULL;
  g_autofree char *conf = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) dumps = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = NULL;
  g_auto(GStrv) env = NULL;
  const char *name;

  for (guint i = 0; i < G_N_ELEMENTS (jemalloc_paths); i++)
    if (g_file_test (jemalloc_paths[i], G_FILE_TEST_EXISTS))
      jemalloc = jemalloc_paths[i];
  if (jemalloc == NULL || cc == NULL)
    {
      g_test_skip ("needs cc and libjemalloc.so.2 (libjemalloc-dev): make deps installs them");
      return FALSE;
    }

  d->dir = g_dir_make_tmp ("hs-jemalloc-XXXXXX", &error);
  g_assert_no_error (error);
  d->binary = g_build_filename (d->dir, "leaky", NULL);
  {
    const char *argv[] = { cc, "-g", "-O1", "-fno-omit-frame-pointer", "-o", d->binary, src, NULL };

    hs_test_run (argv, NULL, NULL, &error);
    g_assert_no_error (error);
  }
  prefix = g_build_filename (d->dir, "je", NULL);
  conf = g_strdup_printf ("prof:true,prof_final:true,lg_prof_sample:0,lg_prof_interval:19,prof_prefix:%s", prefix);
  env = g_get_environ ();
  env = g_environ_setenv (env, "LD_PRELOAD", jemalloc, TRUE);
  env = g_environ_setenv (env, "MALLOC_CONF", conf, TRUE);
  env = g_environ_unsetenv (env, "ASAN_OPTIONS");
  {
    const char *argv[] = { d->binary, NULL };
    g_autofree char *out = NULL;

    /* Its "kept N blocks" must not reach the test's TAP output. */
    hs_test_run (argv, (const char * const *) env, &out, &error);
    g_assert_no_error (error);
  }
  dir = g_dir_open (d->dir, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "je.") && g_str_has_suffix (name, ".heap"))
      g_ptr_array_add (dumps, g_build_filename (d->dir, name, NULL));
  /* je.PID.SEQ.KIND.heap: the sequence number orders them. */
  g_ptr_array_sort (dumps, (GCompareFunc) compare_dump_names);
  g_ptr_array_add (dumps, NULL);
  *out_dumps = (char **) g_ptr_array_free (g_steal_pointer (&dumps), FALSE);
  return TRUE;
}

gboolean
hs_test_make_tcmalloc_dump (HsTestDump *d)
{
  return hs_test_make_tcmalloc_dump_of (d, "leaky.c");
}

gboolean
hs_test_make_tcmalloc_dump_of (HsTestDump *d,
                               const char *source)
{
  const char *tcmalloc = NULL;
  gboolean cxx = g_str_has_suffix (source, ".cc");
  g_autofree char *cc = g_find_program_in_path (cxx ? "c++" : "cc");
  g_autofree char *go = g_find_program_in_path ("go");
  g_autofree char *src = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "gen", "leaky", source, NULL);
  g_autofree char *prefix = NULL;
  g_autofree char *preload = NULL;
  g_autofree char *heapprofile = NULL;
  g_autofree char *proto = NULL;
  g_autofree char *gocache = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) env = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (tcmalloc_paths); i++)
    if (g_file_test (tcmalloc_paths[i], G_FILE_TEST_EXISTS))
      tcmalloc = tcmalloc_paths[i];
  if (tcmalloc == NULL || cc == NULL || go == NULL)
    {
      g_test_skip ("needs cc and c++, go (golang-go) and libtcmalloc.so.4 (libgoogle-perftools4): make deps installs them");
      return FALSE;
    }

  d->dir = g_dir_make_tmp ("hs-symbolize-XXXXXX", &error);
  g_assert_no_error (error);
  d->binary = g_build_filename (d->dir, cxx ? "leaky-cxx" : "leaky", NULL);
  {
    const char *argv[] = { cc, "-g", "-O1", "-fno-optimize-sibling-calls", "-o", d->binary, src, NULL };

    hs_test_run (argv, NULL, NULL, &error);
    g_assert_no_error (error);
  }

  /* The producer writes PREFIX.0001.heap when the program exits. */
  prefix = g_build_filename (d->dir, "prof", NULL);
  env = g_get_environ ();
  env = g_environ_setenv (env, "LD_PRELOAD", tcmalloc, TRUE);
  env = g_environ_setenv (env, "HEAPPROFILE", prefix, TRUE);
  /* The test may itself run under ASan or valgrind: the child must not. */
  env = g_environ_unsetenv (env, "ASAN_OPTIONS");
  {
    const char *argv[] = { d->binary, NULL };
    g_autofree char *out = NULL;

    /* Its "kept N blocks" must not reach the test's TAP output. */
    hs_test_run (argv, (const char * const *) env, &out, &error);
    g_assert_no_error (error);
  }
  d->dump = g_strconcat (prefix, ".0001.heap", NULL);
  g_assert_true (g_file_test (d->dump, G_FILE_TEST_IS_REGULAR));

  g_strfreev (env);
  env = g_get_environ ();
  gocache = g_build_filename (d->dir, "go-cache", NULL);
  env = g_environ_setenv (env, "GOCACHE", gocache, TRUE);
  env = g_environ_setenv (env, "GOFLAGS", "-mod=mod", TRUE);
  env = g_environ_setenv (env, "GOPROXY", "off", TRUE);
  d->proto = g_build_filename (d->dir, "prof.pb.gz", NULL);
  {
    g_autofree char *output = g_strconcat ("-output=", d->proto, NULL);
    const char *argv[] = { go, "tool", "pprof", "-proto", "-symbolize=none", output, d->dump, NULL };

    hs_test_run (argv, (const char * const *) env, NULL, &error);
    g_assert_no_error (error);
  }
  return TRUE;
}

void
hs_test_dump_clear (HsTestDump *d)
{
  if (d->dir != NULL)
    {
      const char *rm[] = { "rm", "-rf", d->dir, NULL };

      /* go's cache is a tree; the rest are files of ours. */
      g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
    }
  g_clear_pointer (&d->dir, g_free);
  g_clear_pointer (&d->binary, g_free);
  g_clear_pointer (&d->dump, g_free);
  g_clear_pointer (&d->proto, g_free);
}

