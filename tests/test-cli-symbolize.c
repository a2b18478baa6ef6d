/* test-cli-symbolize.c: a real gperftools heap dump, named from its binary
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * tests/gen/leaky/leaky.c is compiled with the system's cc and run under
 * tcmalloc's heap profiler (Debian's libgoogle-perftools), which writes
 * return addresses and the memory map, no names. `go tool pprof -proto
 * -symbolize=none` turns that dump into an address-only protobuf; the
 * symbolizer must name the program's functions from its DWARF, with the
 * bytes pprof gives them, and say so when the binary is gone. */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "hs-test-cli.h"

#include "hs-test-producers.h"

/* The flat of @name in `top --format=tsv` output, or -1. */
static gint64
tsv_flat (const char *tsv,
          const char *name)
{
  g_auto(GStrv) lines = g_strsplit (tsv, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) f = g_strsplit (lines[i], "\t", -1);

      if (g_strv_length (f) >= 3 && g_str_equal (f[0], name))
        return g_ascii_strtoll (f[1], NULL, 10);
    }
  return -1;
}

static void
test_tcmalloc_dump_is_named (void)
{
  HsTestDump d = { 0 };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  if (!hs_test_make_tcmalloc_dump (&d))
    return;

  g_assert_cmpint (hs_test_run_cli (&out, &err, "top", "--format=tsv", "--sample-index=inuse_space",
                                    d.proto, NULL), ==, 0);
  /* What the program holds at exit, exactly (tcmalloc samples every
   * allocation this large). */
  g_assert_cmpint (tsv_flat (out, "load_table"), ==, 1 << 20);
  g_assert_cmpint (tsv_flat (out, "make_entry"), ==, 200 * 4096);
  g_assert_null (strstr (err, "unnamed"));

  /* And what pprof says of the tcmalloc file itself, naming with
   * binutils' addr2line from the same binary. */
  {
    g_autofree char *go = g_find_program_in_path ("go");
    g_autofree char *pprof = NULL;
    g_autofree char *gocache = g_build_filename (d.dir, "go-cache", NULL);
    g_auto(GStrv) env = g_environ_setenv (g_get_environ (), "GOCACHE", gocache, TRUE);
    g_autoptr(GError) error = NULL;
    const char *argv[] = { go, "tool", "pprof", "-top", "-unit=B", "-nodecount=1000000",
                           "-sample_index=inuse_space", d.binary, d.dump, NULL };
    const char *names[] = { "load_table", "make_entry", "make_buffer", "main" };

    hs_test_run (argv, (const char * const *) env, &pprof, &error);
    g_assert_no_error (error);
    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      {
        g_autofree char *want = g_strdup_printf ("%" G_GINT64_FORMAT "B", tsv_flat (out, names[i]));
        g_auto(GStrv) lines = g_strsplit (pprof, "\n", -1);
        gboolean seen = FALSE;

        for (guint j = 0; lines[j] != NULL; j++)
          if (g_str_has_suffix (lines[j], names[i]))
            {
              g_assert_true (g_str_has_prefix (g_strstrip (lines[j]), want));
              seen = TRUE;
            }
        g_assert_true (seen);
      }
  }
  hs_test_dump_clear (&d);
}

static void
test_tcmalloc_dump_binary_missing (void)
{
  HsTestDump d = { 0 };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *moved_dir = NULL;
  g_autofree char *moved = NULL;
  g_autofree char *search = NULL;

  if (!hs_test_make_tcmalloc_dump (&d))
    return;

  /* tcmalloc's own text this time, read directly. The binary is gone
   * from where it ran: addresses are kept, the reason is said, the
   * numbers do not change. */
  moved_dir = g_build_filename (d.dir, "elsewhere", NULL);
  g_assert_cmpint (g_mkdir (moved_dir, 0700), ==, 0);
  moved = g_build_filename (moved_dir, "leaky", NULL);
  g_assert_cmpint (g_rename (d.binary, moved), ==, 0);

  g_assert_cmpint (hs_test_run_cli (&out, &err, "top", "--format=tsv", "--sample-index=inuse_space",
                                    d.dump, NULL), ==, 0);
  g_assert_cmpint (tsv_flat (out, "load_table"), ==, -1);
  g_assert_nonnull (strstr (err, d.binary));
  g_assert_nonnull (strstr (err, "binary not found"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Told where it is now, as with PPROF_BINARY_PATH: named again. */
  search = g_strconcat ("--binary-path=", moved_dir, NULL);
  g_assert_cmpint (hs_test_run_cli (&out, &err, "top", "--format=tsv", "--sample-index=inuse_space",
                                    search, d.dump, NULL), ==, 0);
  g_assert_cmpint (tsv_flat (out, "load_table"), ==, 1 << 20);
  g_assert_cmpint (tsv_flat (out, "make_entry"), ==, 200 * 4096);
  hs_test_dump_clear (&d);
}

static gint
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Rows "name flat cum" of google-pprof --text --show_bytes, sorted. */
static char *
google_pprof_rows (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) f = g_strsplit_set (g_strstrip (lines[i]), " ", -1);
      g_autoptr(GPtrArray) words = g_ptr_array_new ();
      g_autoptr(GString) name = g_string_new (NULL);

      for (guint j = 0; f[j] != NULL; j++)
        if (f[j][0] != '\0')
          g_ptr_array_add (words, f[j]);
      /* flat flat% sum% cum cum% name…; the "Total:" line has two words. */
      if (words->len < 6 || !g_ascii_isdigit (((char *) words->pdata[0])[0]))
        continue;
      for (guint j = 5; j < words->len; j++)
        g_string_append_printf (name, "%s%s", j > 5 ? " " : "", (char *) words->pdata[j]);
      g_ptr_array_add (rows, g_strdup_printf ("%s %s %s", name->str, (char *) words->pdata[0],
                                              (char *) words->pdata[3]));
    }
  g_ptr_array_sort (rows, compare_strings);
  for (guint i = 0; i < rows->len; i++)
    g_string_append_printf (out, "%s\n", (char *) rows->pdata[i]);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Rows "name flat cum" of heapscope-cli top --format=tsv, sorted. */
static char *
heapscope_rows (const char *tsv)
{
  g_auto(GStrv) lines = g_strsplit (tsv, "\n", -1);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) f = g_strsplit (lines[i], "\t", -1);

      if (g_strv_length (f) >= 3)
        g_ptr_array_add (rows, g_strdup_printf ("%s %s %s", f[0], f[1], f[2]));
    }
  g_ptr_array_sort (rows, compare_strings);
  for (guint i = 0; i < rows->len; i++)
    g_string_append_printf (out, "%s\n", (char *) rows->pdata[i]);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* A C++ program's dump is named as google-pprof, the producer's own
 * tool, names it: demangled, without arguments and template arguments
 * ("store::Log::Put", not DWARF's "Put", which two classes share, nor
 * the symbol table's "_ZN5store3Log3PutEi"), with every frame of the
 * standard library's inline chains (std::vector::push_back →
 * emplace_back → _M_realloc_insert → _Vector_base::_M_allocate →
 * allocator_traits::allocate → __new_allocator::allocate), and the
 * same bytes in every row. */
static void
test_cxx_dump_named_as_google_pprof (void)
{
  HsTestDump d = { 0 };
  g_autofree char *google_pprof = g_find_program_in_path ("google-pprof");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *text = NULL;
  g_autofree char *want = NULL;
  g_autofree char *got = NULL;
  g_autoptr(GError) error = NULL;

  if (google_pprof == NULL)
    {
      g_test_skip ("needs google-pprof (google-perftools): make deps installs it");
      return;
    }
  if (!hs_test_make_tcmalloc_dump_of (&d, "leaky-cxx.cc"))
    return;

  {
    const char *argv[] = { google_pprof, "--text", "--show_bytes", "--nodecount=1000000",
                           d.binary, d.dump, NULL };

    hs_test_run (argv, NULL, &text, &error);
    g_assert_no_error (error);
  }
  g_assert_cmpint (hs_test_run_cli (&out, &err, "top", "--format=tsv", "--sample-index=inuse_space",
                                    d.dump, NULL), ==, 0);
  want = google_pprof_rows (text);
  got = heapscope_rows (out);
  g_test_message ("google-pprof:\n%s", want);
  g_assert_nonnull (strstr (want, "store::Log::Put "));
  g_assert_nonnull (strstr (want, "std::vector::push_back (inline) "));
  g_assert_cmpstr (got, ==, want);
  hs_test_dump_clear (&d);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli-symbolize/tcmalloc-dump-is-named", test_tcmalloc_dump_is_named);
  g_test_add_func ("/cli-symbolize/tcmalloc-dump-binary-missing", test_tcmalloc_dump_binary_missing);
  g_test_add_func ("/cli-symbolize/cxx-dump-named-as-google-pprof", test_cxx_dump_named_as_google_pprof);

  return g_test_run ();
}
