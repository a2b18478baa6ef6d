/* test-profile-legacy.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-profile-legacy"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>

#include "hs-profile.h"
#include "hs-profile-private.h"
#include "hs-test-cli.h"
#include "hs-test-fixtures.h"

/* The legacy formats (hs-profile-legacy.c) and jemalloc's dumps
 * (hs-jemalloc-reader.c) against their oracles in tests/data/legacy (made
 * by tests/gen/make-legacy-fixtures.sh): `go tool pprof -raw` and `-top`
 * for what pprof reads, `jeprof --text` for jemalloc. Top tables are
 * checked by test-profile-oracle (the folder's *.exact.tsv). Then the
 * refusals: a file that is no profile is named for what it is. */

static char *
legacy_dir (void)
{
  return g_build_filename (hs_fixtures_dir (HS_FIXTURES_REPO), "legacy", NULL);
}

static HsProfile *
load_path (const char  *path,
           GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return hs_profile_load_file (file, 0, NULL, error);
}

static HsProfile *
load_legacy (const char *name)
{
  g_autofree char *dir = legacy_dir ();
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  HsProfile *profile = load_path (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (profile);
  return profile;
}

/* Sums of sample @t: signed over the samples that have frames (what
 * `pprof -raw` lists), and of absolute values over all (pprof -top's
 * "of N total"); and how many distinct samples with frames there are
 * (pprof merges those with equal frames and labels before it lists
 * them). */
static void
sums (HsProfile *profile,
      guint      t,
      gint64    *out_raw,
      gint64    *out_abs,
      guint     *out_framed)
{
  HsProfileData *data = hs_profile_get_data (profile);
  guint n = data->sample_types->len;
  const guint32 *offsets = (const guint32 *) (gpointer) data->stack_offsets->data;
  const guint32 *locs = (const guint32 *) (gpointer) data->stack_locs->data;
  g_autoptr(GHashTable) distinct = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  *out_raw = *out_abs = 0;
  for (guint i = 0; i < data->samples->len; i++)
    {
      const HsPSample *s = &g_array_index (data->samples, HsPSample, i);
      gint64 v = g_array_index (data->values, gint64, (gsize) i * n + t);

      *out_abs += v < 0 ? -v : v;
      if (offsets[s->stack + 1] > offsets[s->stack])
        {
          GString *key = g_string_new (NULL);

          *out_raw += v;
          for (guint32 k = offsets[s->stack]; k < offsets[s->stack + 1]; k++)
            g_string_append_printf (key, "%u ", locs[k]);
          for (guint32 k = 0; k < s->n_labels; k++)
            {
              const HsPLabel *l = &g_array_index (data->labels, HsPLabel, s->label_start + k);
              g_string_append_printf (key, "|%u=%u/%" G_GINT64_FORMAT, l->key, l->str, l->num);
            }
          g_hash_table_add (distinct, g_string_free (key, FALSE));
        }
    }
  *out_framed = g_hash_table_size (distinct);
}

static void
test_pprof_oracle (void)
{
  g_autofree char *dir = legacy_dir ();
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint checked = 0;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *stem = NULL;
      g_autofree char *summary_path = NULL;
      g_autofree char *text = NULL;
      g_auto(GStrv) lines = NULL;
      g_autoptr(HsProfile) profile = NULL;
      g_autoptr(GError) error = NULL;
      guint n_types_seen = 0;

      if (!g_str_has_suffix (name, ".summary.txt"))
        continue;
      stem = g_strndup (name, strlen (name) - strlen (".summary.txt"));
      g_test_message ("%s", stem);
      summary_path = g_build_filename (dir, name, NULL);
      g_file_get_contents (summary_path, &text, NULL, &error);
      g_assert_no_error (error);
      profile = load_legacy (stem);
      g_assert_cmpint (hs_profile_get_format (profile), !=, HS_PROFILE_FORMAT_PPROF_RAW);
      g_assert_cmpint (hs_profile_get_format (profile), !=, HS_PROFILE_FORMAT_PPROF_GZIP);

      lines = g_strsplit (text, "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        {
          g_auto(GStrv) kv = g_strsplit (lines[i], " ", 2);
          const char *key, *val;
          gint64 raw, abs_sum;
          guint framed;
          int t;

          if (g_strv_length (kv) != 2)
            continue;
          key = kv[0];
          val = kv[1];
          if (g_str_equal (key, "raw_period_type"))
            {
              g_autofree char *ptype = g_strdup_printf ("%s/%s", hs_profile_get_period_type (profile),
                                                        hs_profile_get_period_unit (profile));
              g_assert_cmpstr (ptype, ==, val);
            }
          else if (g_str_equal (key, "raw_period"))
            g_assert_cmpint (hs_profile_get_period (profile), ==, g_ascii_strtoll (val, NULL, 10));
          else if (g_str_has_prefix (key, "raw_total.") || g_str_has_prefix (key, "top_total."))
            {
              t = hs_profile_find_sample_type (profile, strchr (key, '.') + 1);
              g_assert_cmpint (t, >=, 0);
              sums (profile, t, &raw, &abs_sum, &framed);
              if (key[0] == 'r')
                g_assert_cmpint (raw, ==, g_ascii_strtoll (val, NULL, 10));
              else
                {
                  g_assert_cmpint (abs_sum, ==, g_ascii_strtoll (val, NULL, 10));
                  n_types_seen++;
                }
            }
          else if (g_str_equal (key, "raw_samples"))
            {
              sums (profile, 0, &raw, &abs_sum, &framed);
              g_assert_cmpuint (framed, ==, g_ascii_strtoull (val, NULL, 10));
            }
          else if (g_str_equal (key, "raw_locations"))
            g_assert_cmpuint (hs_profile_get_n_locations (profile), ==, g_ascii_strtoull (val, NULL, 10));
          else if (g_str_equal (key, "raw_functions"))
            g_assert_cmpuint (hs_profile_get_n_functions (profile), ==, g_ascii_strtoull (val, NULL, 10));
          else if (g_str_equal (key, "raw_mappings_real"))
            g_assert_cmpuint (hs_profile_get_n_mappings (profile), ==, g_ascii_strtoull (val, NULL, 10));
        }
      g_assert_cmpuint (n_types_seen, ==, hs_profile_get_n_sample_types (profile));
      checked++;
    }
  /* 12 hand-written texts, 3 generated CPU profiles, 4 from tcmalloc and
   * gperftools. */
  g_assert_cmpuint (checked, >=, 19);
}

/* "Total: 2064384 B" and "Total: 304 objects", as jeprof prints them. */
static void
test_jeprof_oracle (void)
{
  const char *names[] = { "jemalloc-all.heap", "jemalloc-sampled.heap" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *dir = legacy_dir ();
      g_autofree char *oracle = g_strdup_printf ("%s/%s.jeprof.txt", dir, names[i]);
      g_autofree char *text = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(HsProfile) profile = load_legacy (names[i]);
      g_auto(GStrv) lines = NULL;
      guint found = 0;

      g_assert_cmpint (hs_profile_get_format (profile), ==, HS_PROFILE_FORMAT_JEMALLOC_HEAP);
      g_assert_cmpint (hs_profile_get_kind (profile), ==, HS_PROFILE_KIND_HEAP);
      g_file_get_contents (oracle, &text, NULL, &error);
      g_assert_no_error (error);
      lines = g_strsplit (text, "\n", -1);
      for (guint l = 0; lines[l] != NULL; l++)
        {
          gint64 v;
          char unit[16];

          if (sscanf (lines[l], "Total: %" G_GINT64_FORMAT " %15s", &v, unit) != 2)
            continue;
          if (g_str_equal (unit, "B"))
            g_assert_cmpint (hs_profile_get_total (profile, hs_profile_find_sample_type (profile, "inuse_space")), ==, v);
          else if (g_str_equal (unit, "objects"))
            g_assert_cmpint (hs_profile_get_total (profile, hs_profile_find_sample_type (profile, "inuse_objects")), ==, v);
          else
            g_assert_not_reached ();
          found++;
        }
      g_assert_cmpuint (found, ==, 2);
    }
}

/* gperftools' own reader: "Total: 1982464 B" (its default, in-use
 * space) and "Total: 136 samples". */
static void
test_google_pprof_oracle (void)
{
  g_autofree char *dir = legacy_dir ();
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint checked = 0;

  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *stem = NULL;
      g_autofree char *text = NULL;
      g_autoptr(HsProfile) profile = NULL;
      gint64 v;
      char unit[16];

      if (!g_str_has_suffix (name, ".google-pprof.txt"))
        continue;
      path = g_build_filename (dir, name, NULL);
      g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
      /* google-pprof prints nothing for a profile with no samples. */
      if (sscanf (text, "Total: %" G_GINT64_FORMAT " %15s", &v, unit) != 2)
        continue;
      stem = g_strndup (name, strlen (name) - strlen (".google-pprof.txt"));
      g_test_message ("%s", stem);
      profile = load_legacy (stem);
      if (g_str_equal (unit, "B"))
        g_assert_cmpint (hs_profile_get_total (profile, hs_profile_get_default_sample_index (profile)), ==, v);
      else if (g_str_equal (unit, "samples"))
        g_assert_cmpint (hs_profile_get_total (profile, hs_profile_find_sample_type (profile, "samples")), ==, v);
      else
        g_assert_not_reached ();
      checked++;
    }
  g_assert_cmpuint (checked, ==, 3);
}

/* The memory map becomes the mappings the symbolizer needs. */
static void
test_mappings (void)
{
  g_autoptr(HsProfile) tc = load_legacy ("tcmalloc.heap");
  g_autoptr(HsProfile) brief = load_legacy ("heap_v2-alloc.heap");
  g_autoptr(HsProfile) je = load_legacy ("jemalloc-all.heap");
  HsProfileData *data;
  const HsPMapping *m;

  /* /proc/PID/maps lines: only the executable ones, main binary first. */
  data = hs_profile_get_data (tc);
  m = &g_array_index (data->mappings, HsPMapping, 0);
  g_assert_true (g_str_has_suffix (hs_profile_data_str (data, m->filename), "/leaky"));
  g_assert_cmpuint (m->memory_start, <, m->memory_limit);
  g_assert_cmpuint (m->file_offset, ==, 0x1000);
  m = &g_array_index (data->mappings, HsPMapping, 1);
  g_assert_true (g_str_has_suffix (hs_profile_data_str (data, m->filename), "/libc.so.6"));
  for (guint i = 0; i < data->locations->len; i++)
    {
      const HsPLocation *loc = &g_array_index (data->locations, HsPLocation, i);
      const HsPMapping *lm;

      g_assert_cmpuint (loc->mapping, <, data->mappings->len);
      lm = &g_array_index (data->mappings, HsPMapping, loc->mapping);
      g_assert_cmpuint (loc->address, >=, lm->memory_start);
      g_assert_cmpuint (loc->address, <, lm->memory_limit);
    }

  /* The brief form: "0x400000-0x401000 /usr/bin/server (@0) 4f1c3e2a9b0d". */
  data = hs_profile_get_data (brief);
  g_assert_cmpuint (data->mappings->len, ==, 2);
  m = &g_array_index (data->mappings, HsPMapping, 0);
  g_assert_cmpstr (hs_profile_data_str (data, m->filename), ==, "/usr/bin/server");
  g_assert_cmpstr (hs_profile_data_str (data, m->build_id), ==, "4f1c3e2a9b0d");
  g_assert_cmpuint (m->memory_start, ==, 0x400000);
  g_assert_cmpuint (m->memory_limit, ==, 0x401000);
  m = &g_array_index (data->mappings, HsPMapping, 1);
  g_assert_cmpstr (hs_profile_data_str (data, m->filename), ==, "/lib/libtcmalloc.so.4");
  g_assert_cmpstr (hs_profile_data_str (data, m->build_id), ==, "77aa");
  g_assert_cmpuint (m->file_offset, ==, 0x1000);

  /* jemalloc's MAPPED_LIBRARIES too; and no stack starts inside
   * libjemalloc (its own backtrace frames, which jeprof removes). */
  data = hs_profile_get_data (je);
  g_assert_cmpuint (data->mappings->len, >=, 2);
  g_assert_true (g_str_has_suffix (hs_profile_data_str (data, g_array_index (data->mappings, HsPMapping, 0).filename), "/leaky"));
  for (guint i = 0; i < data->samples->len; i++)
    {
      guint32 stack = g_array_index (data->samples, HsPSample, i).stack;
      guint32 leaf = g_array_index (data->stack_locs, guint32, g_array_index (data->stack_offsets, guint32, stack));
      const HsPLocation *loc = &g_array_index (data->locations, HsPLocation, leaf);
      g_autofree char *base = NULL;

      g_assert_cmpuint (loc->mapping, <, data->mappings->len);
      base = g_path_get_basename (hs_profile_data_str (data, g_array_index (data->mappings, HsPMapping, loc->mapping).filename));
      g_assert_false (g_str_has_prefix (base, "libjemalloc"));
    }
}

static void
test_formats (void)
{
  static const struct { const char *file; HsProfileFormat format; HsProfileKind kind; } cases[] = {
    { "tcmalloc.heap", HS_PROFILE_FORMAT_LEGACY_HEAP, HS_PROFILE_KIND_HEAP },
    { "tcmalloc-growth.heap", HS_PROFILE_FORMAT_LEGACY_HEAP, HS_PROFILE_KIND_HEAP },
    { "heapz_v2-padded.heap", HS_PROFILE_FORMAT_LEGACY_HEAP, HS_PROFILE_KIND_HEAP },
    { "fragmentation.heap", HS_PROFILE_FORMAT_LEGACY_HEAP, HS_PROFILE_KIND_HEAP },
    { "gperftools.cpu", HS_PROFILE_FORMAT_LEGACY_CPU, HS_PROFILE_KIND_OTHER },
    { "cpu-64be.prof", HS_PROFILE_FORMAT_LEGACY_CPU, HS_PROFILE_KIND_OTHER },
    { "threadcreate.count", HS_PROFILE_FORMAT_LEGACY_COUNT, HS_PROFILE_KIND_OTHER },
    { "threadz.thread", HS_PROFILE_FORMAT_LEGACY_THREAD, HS_PROFILE_KIND_OTHER },
    { "contentionz.contention", HS_PROFILE_FORMAT_LEGACY_CONTENTION, HS_PROFILE_KIND_OTHER },
    { "mutex.contention", HS_PROFILE_FORMAT_LEGACY_CONTENTION, HS_PROFILE_KIND_OTHER },
    { "java.heap", HS_PROFILE_FORMAT_JAVA, HS_PROFILE_KIND_HEAP },
    { "java.contention", HS_PROFILE_FORMAT_JAVA, HS_PROFILE_KIND_OTHER },
    { "java.cpu", HS_PROFILE_FORMAT_LEGACY_CPU, HS_PROFILE_KIND_OTHER },
    { "jemalloc-sampled.heap", HS_PROFILE_FORMAT_JEMALLOC_HEAP, HS_PROFILE_KIND_HEAP },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(HsProfile) p = load_legacy (cases[i].file);

      g_test_message ("%s", cases[i].file);
      g_assert_cmpint (hs_profile_get_format (p), ==, cases[i].format);
      g_assert_cmpint (hs_profile_get_kind (p), ==, cases[i].kind);
    }
}

/* What pprof refuses, refused with the line. */
static void
test_malformed (void)
{
  static const struct { const char *text; int code; const char *message; } cases[] = {
    { "heap profile: 1: 10 [1: 10] @ heap_v2/524288\n0: 10 [1: 10] @ 0x1\n", HS_PROFILE_ERROR_CORRUPT,
      "p: line 2: inuse count is 0 but its bytes are 10" },
    { "heap profile: 1: 10 [1: 10] @ heap_v2/524288\nnonsense\n", HS_PROFILE_ERROR_CORRUPT,
      "p: line 2: expected “count: bytes [count: bytes] @ addresses”" },
    { "heap profile: 1: 10 [1: 10] @ heap_v3/524288\n", HS_PROFILE_ERROR_UNRECOGNIZED,
      "p: not a heap profile Heapscope can read: its first line is no profile header Heapscope knows" },
    { "threadcreate profile: total 1\n1 @ 0x1 x\n", HS_PROFILE_ERROR_CORRUPT,
      "p: line 2: expected “count @ 0x… 0x…”" },
    { "--- contention:\ncycles/second=1\nwhat\n", HS_PROFILE_ERROR_CORRUPT,
      "p: line 3: expected “delay count @ addresses”" },
    /* A thread profile must end in a memory map or "---" line. */
    { "--- Thread 1 (name: a/1) stack: ---\n0x1 0x2\n", HS_PROFILE_ERROR_UNRECOGNIZED,
      "p: not a heap profile Heapscope can read: its first line is no profile header Heapscope knows" },
    { "--- heapz 1 ---\nformat = java\n 10 1 @ 0x1\n", HS_PROFILE_ERROR_CORRUPT,
      "p: the Java profile has no “resolution” line, so its values have no type" },
    { "--- heapz 1 ---\nformat = java\nresolution = bytes\n 10 0 @ 0x1\n", HS_PROFILE_ERROR_CORRUPT,
      "p: line 4: the object count is 0" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (cases[i].text, strlen (cases[i].text));
      g_autoptr(GError) error = NULL;
      g_autoptr(HsProfile) p = hs_profile_load_bytes (bytes, "p", 0, &error);

      g_test_message ("%s", cases[i].text);
      g_assert_null (p);
      g_assert_error (error, HS_PROFILE_ERROR, cases[i].code);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
}

/* Go's symbolized heap text with a record that has no frames (an older
 * runtime writes them): read, as pprof does, and the record counts. */
static void
test_go_text_empty_stack (void)
{
  const char *text =
    "heap profile: 3: 352 [4: 360] @ heap/2\n"
    "1: 288 [2: 296] @\n"
    "\n"
    "2: 64 [2: 64] @ 0x401001\n"
    "#\t0x401000\tmain.grow+0x0\t/src/main.go:3\n";
  g_autoptr(GBytes) bytes = g_bytes_new_static (text, strlen (text));
  g_autoptr(GError) error = NULL;
  g_autoptr(HsProfile) p = hs_profile_load_bytes (bytes, "old.txt", 0, &error);

  g_assert_no_error (error);
  g_assert_cmpint (hs_profile_get_format (p), ==, HS_PROFILE_FORMAT_LEGACY_HEAP_TEXT);
  g_assert_cmpuint (hs_profile_get_n_samples (p), ==, 2);
  /* Rate 2/2 = 1: no scaling. */
  g_assert_cmpint (hs_profile_get_total (p, hs_profile_find_sample_type (p, "inuse_space")), ==, 352);
  g_assert_cmpint (hs_profile_get_total (p, hs_profile_find_sample_type (p, "alloc_objects")), ==, 4);
}

/* pprof reads count and Java figures with strconv.ParseInt(s, 0, 64): a
 * leading 0 is octal. The figures are `go tool pprof -raw`'s on the same
 * texts (go1.19). */
static void
test_octal_figures (void)
{
  const char *count = "threadcreate profile: total 3\n010 @ 0x1\n";
  const char *java = "--- heapz 1 ---\nformat = java\nresolution = bytes\n 0100 010 @ 0x1\n0x1 a.b (A.java:1)\n";
  g_autoptr(GBytes) cb = g_bytes_new_static (count, strlen (count));
  g_autoptr(GBytes) jb = g_bytes_new_static (java, strlen (java));
  g_autoptr(GError) error = NULL;
  g_autoptr(HsProfile) c = hs_profile_load_bytes (cb, "c", 0, &error);
  g_autoptr(HsProfile) j = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (hs_profile_get_total (c, 0), ==, 8);
  j = hs_profile_load_bytes (jb, "j", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (hs_profile_get_total (j, hs_profile_find_sample_type (j, "inuse_objects")), ==, 524292);
  g_assert_cmpint (hs_profile_get_total (j, hs_profile_find_sample_type (j, "inuse_space")), ==, 4194336);
}

/* A minimal 1×1 PNG, as ImageMagick writes it. */
static const guint8 png[] = {
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
  0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
  0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0xf8, 0xcf, 0xc0, 0xf0,
  0x1f, 0x00, 0x05, 0x00, 0x01, 0xff, 0x89, 0x99, 0x3d, 0x1d, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
  0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
};

static void
assert_refused (GBytes     *bytes,
                const char *name,
                int         code,
                const char *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsProfile) p = hs_profile_load_bytes (bytes, name, 0, &error);

  g_assert_null (p);
  g_assert_error (error, HS_PROFILE_ERROR, code);
  g_assert_cmpstr (error->message, ==, message);
}

static void
test_refusals (void)
{
  g_autoptr(GBytes) png_bytes = g_bytes_new_static (png, sizeof png);
  g_autoptr(GBytes) elf = NULL;
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize len = 0;
  static const struct { const char *text; const char *message; } texts[] = {
    { "{\"heap\": [1, 2, 3]}\n", "f: not a heap profile Heapscope can read: it looks like JSON" },
    { "Hello, this is a README file that is much longer than forty bytes.\n",
      "f: not a heap profile Heapscope can read: it looks like plain text starting with “Hello, this is a README file that is muc…”" },
    { "<!DOCTYPE html>\n<html></html>\n", "f: not a heap profile Heapscope can read: it looks like an HTML page" },
    { "{\"format\": \"heapscope-memory-map/1\", \"mappings\": []}\n",
      "f: not a heap profile Heapscope can read: it looks like a Heapscope memory-map snapshot, which opens as a snapshot, not a profile" },
    /* What pprof's Java parser was refused as before: "field 5 has wire type 5". */
    { "--- heapz 2 ---\n", "f: not a heap profile Heapscope can read: its first line is no profile header Heapscope knows" },
  };

  assert_refused (png_bytes, "shot.png", HS_PROFILE_ERROR_UNRECOGNIZED,
                  "shot.png: not a heap profile Heapscope can read: it looks like a PNG image");

  /* This test program itself: a real ELF binary. */
  g_file_get_contents ("/proc/self/exe", &contents, &len, &error);
  g_assert_no_error (error);
  elf = g_bytes_new_take (contents, len);
  assert_refused (elf, "app", HS_PROFILE_ERROR_UNRECOGNIZED,
                  "app: not a heap profile Heapscope can read: it looks like an ELF binary (a program or a library, not a profile it wrote)");

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GBytes) b = g_bytes_new_static (texts[i].text, strlen (texts[i].text));

      assert_refused (b, "f", HS_PROFILE_ERROR_UNRECOGNIZED, texts[i].message);
    }

  {
    g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);

    assert_refused (empty, "e", HS_PROFILE_ERROR_EMPTY, "e: the file is empty");
  }
  {
    /* Binary data that is no protobuf either: named by its bytes. */
    static const guint8 junk[] = { 0xff, 0xfe, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07 };
    g_autoptr(GBytes) b = g_bytes_new_static (junk, sizeof junk);

    assert_refused (b, "j", HS_PROFILE_ERROR_UNRECOGNIZED,
                    "j: not a heap profile Heapscope can read: it looks like binary data starting with the bytes ff fe 00 01 02 03 04 05");
  }
}

static GBytes *
gzip_bytes (GBytes *in)
{
  g_autoptr(GZlibCompressor) z = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, -1);
  g_autoptr(GInputStream) mem = g_memory_input_stream_new_from_bytes (in);
  g_autoptr(GInputStream) conv = g_converter_input_stream_new (mem, G_CONVERTER (z));
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_output_stream_splice (out, conv, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &error);
  g_assert_no_error (error);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

/* A gzip inside a gzip: inflated once, then named. */
static void
test_refusal_double_gzip (void)
{
  g_autoptr(GBytes) text = g_bytes_new_static ("heap profile: 1: 1 [1: 1] @ heapprofile\n", 40);
  g_autoptr(GBytes) once = gzip_bytes (text);
  g_autoptr(GBytes) twice = gzip_bytes (once);
  g_autoptr(GError) error = NULL;
  g_autoptr(HsProfile) ok = hs_profile_load_bytes (once, "once.gz", 0, &error);

  g_assert_no_error (error);
  g_assert_cmpint (hs_profile_get_format (ok), ==, HS_PROFILE_FORMAT_LEGACY_HEAP);
  assert_refused (twice, "twice.gz", HS_PROFILE_ERROR_UNRECOGNIZED,
                  "twice.gz: not a heap profile Heapscope can read: it looks like a gzip file inside a gzip file");
}

/* heapscope-cli top: exit 2 and the same words on stderr. */
static void
test_cli_refusal (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hs-legacy-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "shot.png", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_file_set_contents (path, (const char *) png, sizeof png, &error);
  g_assert_no_error (error);
  status = hs_test_run_cli (&out, &err, "top", path, NULL);
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (err, "shot.png: not a heap profile Heapscope can read: it looks like a PNG image"));
  g_assert_null (strstr (err, "wire type"));
  g_unlink (path);
  g_rmdir (dir);

  /* And a legacy profile it reads: exit 0, pprof's row. */
  {
    g_autofree char *ldir = legacy_dir ();
    g_autofree char *heap = g_build_filename (ldir, "tcmalloc.heap", NULL);
    g_autofree char *out2 = NULL;
    g_autofree char *err2 = NULL;

    status = hs_test_run_cli (&out2, &err2, "top", "--format=tsv", heap, NULL);
    g_assert_cmpint (status, ==, 0);
    g_assert_nonnull (strstr (out2, "[leaky]\t"));
  }
}

/* ---- real producers at test time, named by the symbolizer ---- */

static gboolean
run_child (const char * const *argv,
           const char * const *envp,
           char              **out)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *discard = NULL;
  int status = 0;

  /* The child's output never reaches ours: it would break TAP. */
  if (!g_spawn_sync (NULL, (char **) argv, (char **) envp, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, out != NULL ? out : &discard, NULL, &status, &error))
    return FALSE;
  return g_spawn_check_wait_status (status, NULL);
}

/* The flat (or with @cum, the cum) of @name in `heapscope-cli top
 * --format=tsv` output, or in jeprof's/google-pprof's --text output
 * ("flat flat% sum% cum cum% name"), or -1. */
static gint64
column_of (const char *text,
           const char *name,
           gboolean    tsv,
           gboolean    cum)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) f = tsv ? g_strsplit (lines[i], "\t", -1) : g_strsplit_set (g_strstrip (lines[i]), " ", -1);
      guint n = 0;

      if (!tsv)
        {
          /* Collapse the runs of spaces. */
          for (guint j = 0; f[j] != NULL; j++)
            if (f[j][0] != '\0')
              {
                char *t = f[n];
                f[n] = f[j];
                f[j] = t;
                n++;
              }
          if (n == 6 && g_str_equal (f[5], name))
            return g_ascii_strtoll (f[cum ? 3 : 0], NULL, 10);
          continue;
        }
      if (g_strv_length (f) >= 3 && g_str_equal (f[0], name))
        return g_ascii_strtoll (f[cum ? 2 : 1], NULL, 10);
    }
  return -1;
}

static gint64
flat_of (const char *text,
         const char *name,
         gboolean    tsv)
{
  return column_of (text, name, tsv, FALSE);
}

/* tests/gen/leaky/leaky.c, built now with the system's cc (no
 * sanitizer: the producer's malloc must be the only one), run under
 * tcmalloc's heap profiler and under jemalloc with profiling; both dumps
 * read directly, symbolized from the binary, and their top rows for the
 * program's functions equal what the program holds and what
 * google-pprof and jeprof say. Then a CPU profile of it, against
 * google-pprof. */
static void
test_producers_named (void)
{
  static const char *tcmalloc = "/usr/lib/x86_64-linux-gnu/libtcmalloc.so.4";
  static const char *jemalloc = "/usr/lib/x86_64-linux-gnu/libjemalloc.so.2";
  static const char *profiler = "/usr/lib/x86_64-linux-gnu/libprofiler.so.0";
  static const struct { const char *name; gint64 flat; } held[] = {
    { "load_table", 1 << 20 }, { "make_entry", 200 * 4096 }, { "make_buffer", 100 * 1024 },
  };
  g_autofree char *cc = g_find_program_in_path ("cc");
  g_autofree char *jeprof = g_find_program_in_path ("jeprof");
  g_autofree char *gpprof = g_find_program_in_path ("google-pprof");
  g_autofree char *src = g_test_build_filename (G_TEST_DIST, "gen", "leaky", "leaky.c", NULL);
  g_autofree char *dir = NULL;
  g_autofree char *binary = NULL;
  g_autoptr(GError) error = NULL;

  if (cc == NULL || jeprof == NULL || gpprof == NULL ||
      !g_file_test (tcmalloc, G_FILE_TEST_EXISTS) || !g_file_test (jemalloc, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("needs cc, libtcmalloc.so.4, google-pprof (google-perftools), libjemalloc.so.2 and jeprof (libjemalloc-dev): make deps installs them");
      return;
    }
  dir = g_dir_make_tmp ("hs-legacy-producers-XXXXXX", &error);
  g_assert_no_error (error);
  binary = g_build_filename (dir, "leaky", NULL);
  {
    const char *argv[] = { cc, "-g", "-O1", "-fno-omit-frame-pointer", "-o", binary, src, NULL };

    g_assert_true (run_child (argv, NULL, NULL));
  }

  for (guint producer = 0; producer < 2; producer++)
    {
      g_auto(GStrv) env = g_environ_unsetenv (g_get_environ (), "ASAN_OPTIONS");
      g_autofree char *prefix = g_build_filename (dir, producer == 0 ? "tc" : "je", NULL);
      g_autofree char *conf = g_strdup_printf ("prof:true,prof_final:true,lg_prof_sample:0,prof_prefix:%s", prefix);
      g_autofree char *dump = NULL;
      g_autofree char *ours = NULL;
      g_autofree char *err = NULL;
      g_autofree char *theirs = NULL;
      const char *name;
      g_autoptr(GDir) d = NULL;

      env = g_environ_setenv (env, "LD_PRELOAD", producer == 0 ? tcmalloc : jemalloc, TRUE);
      if (producer == 0)
        env = g_environ_setenv (env, "HEAPPROFILE", prefix, TRUE);
      else
        env = g_environ_setenv (env, "MALLOC_CONF", conf, TRUE);
      {
        const char *argv[] = { binary, NULL };

        g_assert_true (run_child (argv, (const char * const *) env, NULL));
      }
      d = g_dir_open (dir, 0, NULL);
      while ((name = g_dir_read_name (d)) != NULL)
        if (g_str_has_prefix (name, producer == 0 ? "tc." : "je.") && g_str_has_suffix (name, ".heap"))
          dump = g_build_filename (dir, name, NULL);
      g_assert_nonnull (dump);
      g_test_message ("%s", dump);

      g_assert_cmpint (hs_test_run_cli (&ours, &err, "top", "--format=tsv", dump, NULL), ==, 0);
      {
        g_auto(GStrv) genv = g_environ_unsetenv (g_get_environ (), "LD_PRELOAD");
        const char *argv[] = { producer == 0 ? gpprof : jeprof, "--text", "--show_bytes", binary, dump, NULL };

        g_assert_true (run_child (argv, (const char * const *) genv, &theirs));
      }
      for (guint i = 0; i < G_N_ELEMENTS (held); i++)
        {
          g_assert_cmpint (flat_of (ours, held[i].name, TRUE), ==, held[i].flat);
          g_assert_cmpint (flat_of (theirs, held[i].name, FALSE), ==, held[i].flat);
        }
    }
  /* gperftools' CPU profiler on the same binary (preloaded: nothing
   * links it): the samples differ run to run, but on one file our top
   * and google-pprof's agree, frame removal and leaf rules included. */
  if (g_file_test (profiler, G_FILE_TEST_EXISTS))
    {
      g_auto(GStrv) env = g_environ_unsetenv (g_get_environ (), "ASAN_OPTIONS");
      g_autofree char *cpu = g_build_filename (dir, "cpu.prof", NULL);
      g_autofree char *ours = NULL;
      g_autofree char *err = NULL;
      g_autofree char *theirs = NULL;
      static const char *names[] = { "hash_block", "checksum_all", "compress_all", "main" };

      env = g_environ_setenv (env, "LD_PRELOAD", profiler, TRUE);
      env = g_environ_setenv (env, "CPUPROFILE", cpu, TRUE);
      env = g_environ_setenv (env, "CPUPROFILE_FREQUENCY", "1000", TRUE);
      {
        const char *argv[] = { binary, "3", NULL };

        g_assert_true (run_child (argv, (const char * const *) env, NULL));
      }
      g_assert_cmpint (hs_test_run_cli (&ours, &err, "top", "--format=tsv", "--sample-index=samples", cpu, NULL), ==, 0);
      {
        const char *argv[] = { gpprof, "--text", binary, cpu, NULL };

        g_assert_true (run_child (argv, NULL, &theirs));
      }
      g_assert_cmpint (column_of (theirs, "hash_block", FALSE, FALSE), >, 0);
      for (guint i = 0; i < G_N_ELEMENTS (names); i++)
        for (int c = 0; c < 2; c++)
          g_assert_cmpint (column_of (ours, names[i], TRUE, c), ==, column_of (theirs, names[i], FALSE, c));
    }
  {
    const char *rm[] = { "rm", "-rf", dir, NULL };

    run_child (rm, NULL, NULL);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/profile-legacy/pprof-oracle", test_pprof_oracle);
  g_test_add_func ("/profile-legacy/jeprof-oracle", test_jeprof_oracle);
  g_test_add_func ("/profile-legacy/google-pprof-oracle", test_google_pprof_oracle);
  g_test_add_func ("/profile-legacy/mappings", test_mappings);
  g_test_add_func ("/profile-legacy/formats", test_formats);
  g_test_add_func ("/profile-legacy/malformed", test_malformed);
  g_test_add_func ("/profile-legacy/go-text-empty-stack", test_go_text_empty_stack);
  g_test_add_func ("/profile-legacy/octal-figures", test_octal_figures);
  g_test_add_func ("/profile-legacy/refusals", test_refusals);
  g_test_add_func ("/profile-legacy/refusal-double-gzip", test_refusal_double_gzip);
  g_test_add_func ("/profile-legacy/cli-refusal", test_cli_refusal);
  g_test_add_func ("/profile-legacy/producers-named", test_producers_named);
  return g_test_run ();
}
