/* test-cli-output.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What heapscope-cli prints for hostile input, through the real binary:
 * a function or mapping name holding TAB, newline, an escape sequence, a
 * comma and quotes must parse back from TSV, CSV and JSON and never reach
 * a terminal raw; figures near G_MAXINT64 saturate instead of overflowing
 * (run it under UBSan: on a build without the fix UBSan stops the CLI);
 * odd headers (negative duration, a time before the epoch) print sanely.
 * The profiles and snapshots are written here, byte by byte. */

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <unistd.h>

#include "hs-goroutine-growth.h"
#include "hs-growers.h"
#include "hs-test-fixtures.h"
#include "hs-memory-map-diff.h"
#include "hs-profile-diff.h"
#include "hs-profile-top.h"

#define HOSTILE "main.evil\tname\nline \x1b[31mred\x1b[0m, \"q\" \\ end"
#define HUGE_HALF (G_MAXINT64 / 2 + 1)
#define MAX_TEXT "9223372036854775807"

/* Minimal protobuf writer for profile.proto */

static void
put_varint (GByteArray *b,
            guint64     v)
{
  do
    {
      guint8 byte = (v & 0x7f) | (v > 0x7f ? 0x80 : 0);

      g_byte_array_append (b, &byte, 1);
      v >>= 7;
    }
  while (v != 0);
}

static void
put_int (GByteArray *b,
         guint       field,
         gint64      v)
{
  put_varint (b, (guint64) field << 3);
  put_varint (b, (guint64) v);
}

static void
put_bytes (GByteArray   *b,
           guint         field,
           const guint8 *data,
           gsize         len)
{
  put_varint (b, ((guint64) field << 3) | 2);
  put_varint (b, len);
  g_byte_array_append (b, data, len);
}

static void
put_message (GByteArray *b,
             guint       field,
             GByteArray *sub)
{
  put_bytes (b, field, sub->data, sub->len);
  g_byte_array_set_size (sub, 0);
}

/* One single-frame sample per function: names[i] has flat values[i].
 * Strings: 0 "", 1 inuse_space, 2 bytes, 3 space, 4 file.go, 5… names. */
static char *
write_profile (const char   *dir,
               const char   *file_name,
               const char  **names,
               const gint64 *values,
               guint         n,
               gint64        time_nanos,
               gint64        duration_nanos)
{
  g_autoptr(GByteArray) b = g_byte_array_new ();
  g_autoptr(GByteArray) sub = g_byte_array_new ();
  g_autoptr(GByteArray) inner = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  static const char *fixed[] = { "", "inuse_space", "bytes", "space", "file.go" };
  char *path = g_build_filename (dir, file_name, NULL);

  put_int (sub, 1, 1);
  put_int (sub, 2, 2);
  put_message (b, 1, sub);
  for (guint i = 0; i < n; i++)
    {
      put_varint (inner, i + 1);
      put_bytes (sub, 1, inner->data, inner->len);  /* packed location_id */
      g_byte_array_set_size (inner, 0);
      put_varint (inner, (guint64) values[i]);
      put_bytes (sub, 2, inner->data, inner->len);  /* packed value */
      g_byte_array_set_size (inner, 0);
      put_message (b, 2, sub);
    }
  for (guint i = 0; i < n; i++)
    {
      put_int (inner, 1, i + 1);      /* function_id */
      put_int (inner, 2, 10 + i);     /* line */
      put_int (sub, 1, i + 1);        /* id */
      put_message (sub, 4, inner);    /* line */
      put_message (b, 4, sub);        /* location */
    }
  for (guint i = 0; i < n; i++)
    {
      put_int (sub, 1, i + 1);        /* id */
      put_int (sub, 2, 5 + i);        /* name */
      put_int (sub, 3, 5 + i);        /* system_name */
      put_int (sub, 4, 4);            /* filename */
      put_message (b, 5, sub);        /* function */
    }
  for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
    put_bytes (b, 6, (const guint8 *) fixed[i], strlen (fixed[i]));
  for (guint i = 0; i < n; i++)
    put_bytes (b, 6, (const guint8 *) names[i], strlen (names[i]));
  put_int (b, 9, time_nanos);
  put_int (b, 10, duration_nanos);
  put_int (sub, 1, 3);
  put_int (sub, 2, 2);
  put_message (b, 11, sub);           /* period_type */
  put_int (b, 12, 524288);            /* period */

  g_file_set_contents (path, (const char *) b->data, b->len, &error);
  g_assert_no_error (error);
  return path;
}

/* A heapscope-memory-map/1 snapshot whose mappings have these names and
 * RSS values. */
static char *
write_snapshot (const char   *dir,
                const char   *file_name,
                const char  **names,
                const gint64 *rss,
                guint         n)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, file_name, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, "heapscope-memory-map/1");
  json_builder_set_member_name (builder, "pid");
  json_builder_add_int_value (builder, 4242);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, "victim\x1b]0;title\x07");
  json_builder_set_member_name (builder, "cmdline");
  json_builder_add_string_value (builder, "victim");
  json_builder_set_member_name (builder, "time_usec");
  json_builder_add_int_value (builder, 1795236601123456);
  json_builder_set_member_name (builder, "mappings");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, names[i]);
      json_builder_set_member_name (builder, "perms");
      json_builder_add_string_value (builder, "rw-p");
      json_builder_set_member_name (builder, "start");
      json_builder_add_string_value (builder, "0x1000");
      json_builder_set_member_name (builder, "end");
      json_builder_add_string_value (builder, "0x2000");
      json_builder_set_member_name (builder, "size");
      json_builder_add_int_value (builder, 4096);
      json_builder_set_member_name (builder, "rss");
      json_builder_add_int_value (builder, rss[i]);
      json_builder_set_member_name (builder, "pss");
      json_builder_add_int_value (builder, 0);
      json_builder_set_member_name (builder, "private_dirty");
      json_builder_add_int_value (builder, 0);
      json_builder_set_member_name (builder, "swap");
      json_builder_add_int_value (builder, 0);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_to_file (generator, path, &error);
  g_assert_no_error (error);
  return path;
}

static char *
cli_path (void)
{
  const char *root = g_getenv ("HS_BUILD_ROOT");

  g_assert_nonnull (root);
  return g_build_filename (root, "src", "cli", "heapscope-cli", NULL);
}

/* Runs heapscope-cli (under `timeout`, so that a CLI that loops forever
 * fails the test instead of hanging it); returns its exit status. */
static int
run_cli (char       **out_stdout,
         char       **out_stderr,
         const char  *first_arg,
         ...)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GSubprocess) subprocess = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cli = cli_path ();
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GBytes) err = NULL;
  g_auto(GStrv) argv = NULL;
  va_list args;

  g_strv_builder_add_many (builder, "timeout", "20", cli, NULL);
  va_start (args, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_strv_builder_add (builder, arg);
  va_end (args);
  argv = g_strv_builder_end (builder);

  subprocess = g_subprocess_newv ((const char * const *) argv,
                                  G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                                  &error);
  g_assert_no_error (error);
  /* Bytes, not UTF-8: the output is what is being checked. */
  g_subprocess_communicate (subprocess, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  *out_stdout = g_strndup (g_bytes_get_size (out) > 0 ? g_bytes_get_data (out, NULL) : "",
                           g_bytes_get_size (out));
  *out_stderr = g_strndup (g_bytes_get_size (err) > 0 ? g_bytes_get_data (err, NULL) : "",
                           g_bytes_get_size (err));
  g_assert_true (g_subprocess_get_if_exited (subprocess));
  return g_subprocess_get_exit_status (subprocess);
}

typedef struct
{
  char *dir;
  char *hostile;   /* profile: HOSTILE and two plain functions */
  char *plain;     /* profile: the same without HOSTILE */
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  const char *names[] = { HOSTILE, "main.plain", "runtime.malg" };
  const gint64 values[] = { 3000, 2000, 1000 };
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("hs-cli-output-XXXXXX", &error);
  g_assert_no_error (error);
  f->hostile = write_profile (f->dir, "hostile.pb", names, values, 3, 1, 0);
  f->plain = write_profile (f->dir, "plain.pb", names + 1, values + 1, 2, 1, 0);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->hostile);
  g_free (f->plain);
}

/* Reverses the documented TSV rule (hs-cli-table.c). */
static char *
unescape_tsv (const char *field)
{
  GString *out = g_string_new (NULL);

  for (const char *p = field; *p != '\0'; p++)
    {
      if (*p != '\\')
        {
          g_string_append_c (out, *p);
          continue;
        }
      switch (*++p)
        {
        case 't': g_string_append_c (out, '\t'); break;
        case 'n': g_string_append_c (out, '\n'); break;
        case 'r': g_string_append_c (out, '\r'); break;
        case '\\': g_string_append_c (out, '\\'); break;
        case 'x':
          {
            char hex[3] = { p[1], p[2], '\0' };

            g_assert_true (g_ascii_isxdigit (hex[0]) && g_ascii_isxdigit (hex[1]));
            g_string_append_c (out, (char) g_ascii_strtoull (hex, NULL, 16));
            p += 2;
          }
          break;
        default:
          g_error ("bad escape in “%s”", field);
        }
    }
  return g_string_free (out, FALSE);
}

/* Every line of a TSV output: n_fields fields; returns the unescaped
 * first field of each data line. */
static GPtrArray *
tsv_names (const char *out,
           guint       n_fields)
{
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  guint n = g_strv_length (lines);

  g_assert_cmpuint (n, >=, 2);
  g_assert_cmpstr (lines[n - 1], ==, "");
  for (guint i = 0; i < n - 1; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], "\t", -1);

      g_assert_cmpuint (g_strv_length (fields), ==, n_fields);
      if (i > 0)
        g_ptr_array_add (names, unescape_tsv (fields[0]));
    }
  return names;
}

static gboolean
names_contain (GPtrArray  *names,
               const char *name)
{
  for (guint i = 0; i < names->len; i++)
    if (g_str_equal (g_ptr_array_index (names, i), name))
      return TRUE;
  return FALSE;
}

/* RFC 4180 records (the whole output). */
static GPtrArray *
read_csv (const char *text)
{
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  const char *p = text;

  while (*p != '\0')
    {
      GPtrArray *fields = g_ptr_array_new_with_free_func (g_free);
      gboolean more = TRUE;

      while (more)
        {
          GString *field = g_string_new (NULL);

          if (*p == '"')
            for (p++; ; p++)
              {
                g_assert_cmpint (*p, !=, '\0');
                if (*p == '"' && p[1] == '"')
                  g_string_append_c (field, '"'), p++;
                else if (*p == '"')
                  {
                    p++;
                    break;
                  }
                else
                  g_string_append_c (field, *p);
              }
          while (*p != ',' && *p != '\n' && *p != '\0')
            {
              g_assert_cmpint (*p, !=, '"');
              g_string_append_c (field, *p++);
            }
          g_ptr_array_add (fields, g_string_free (field, FALSE));
          more = *p == ',';
          if (*p != '\0')
            p++;
        }
      g_ptr_array_add (records, fields);
    }
  return records;
}

/* @separators: the control characters the format itself writes */
static void
assert_no_raw_controls_but (const char *text,
                            const char *separators)
{
  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    if (strchr (separators, *p) == NULL)
      g_assert_true (*p >= 0x20 && *p != 0x7f);
}

static void
assert_no_raw_controls (const char *text)
{
  assert_no_raw_controls_but (text, "\n");
}

static void
test_hostile_text (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;
  guint rows = 0;

  g_assert_cmpint (run_cli (&out, &err, "top", f->hostile, NULL), ==, 0);
  assert_no_raw_controls (out);
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (strstr (lines[i], "main.evil") != NULL)
      {
        g_assert_true (g_str_has_suffix (lines[i], "  main.evil\\tname\\nline \\x1b[31mred\\x1b[0m, \"q\" \\ end"));
        rows++;
      }
  g_assert_cmpuint (rows, ==, 1);
}

static void
test_hostile_tsv (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GPtrArray) names = NULL;

  g_assert_cmpint (run_cli (&out, &err, "top", "--format=tsv", f->hostile, NULL), ==, 0);
  names = tsv_names (out, 3);
  g_assert_cmpuint (names->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (names, 0), ==, HOSTILE);
  /* Plain names are written as they are. */
  g_assert_nonnull (strstr (out, "\nmain.plain\t2000\t2000\n"));
}

static void
test_hostile_csv (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GPtrArray) records = NULL;
  GPtrArray *row;

  g_assert_cmpint (run_cli (&out, &err, "top", "--format=csv", f->hostile, NULL), ==, 0);
  records = read_csv (out);
  g_assert_cmpuint (records->len, ==, 4);
  for (guint i = 0; i < records->len; i++)
    g_assert_cmpuint (((GPtrArray *) g_ptr_array_index (records, i))->len, ==, 3);
  row = g_ptr_array_index (records, 1);
  g_assert_cmpstr (g_ptr_array_index (row, 0), ==, HOSTILE);
  g_assert_cmpstr (g_ptr_array_index (row, 1), ==, "3000");
}

static void
test_hostile_json (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *rows;

  g_assert_cmpint (run_cli (&out, &err, "top", "--format=json", f->hostile, NULL), ==, 0);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  rows = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "rows");
  g_assert_cmpuint (json_array_get_length (rows), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows, 0), "name"),
                   ==, HOSTILE);
}

/* A file name is as hostile as a function name: `info` and the text
 * header of `top` show it escaped. */
static void
test_hostile_file_name (Fixture       *f,
                        gconstpointer  data)
{
  const char *names[] = { "main.a" };
  const gint64 values[] = { 1 };
  g_autofree char *path = write_profile (f->dir, "evil\tfile\x1b[2J.pb", names, values, 1, 1, 0);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *fields;

  g_assert_cmpint (run_cli (&out, &err, "info", path, NULL), ==, 0);
  assert_no_raw_controls_but (out, "\n\t");
  g_assert_true (g_str_has_prefix (out, "file\tevil\\tfile\\x1b[2J.pb\n"));
  g_assert_nonnull (strstr (out, "\ntotal.inuse_space\t1\tbytes\n"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (&out, &err, "top", path, NULL), ==, 0);
  assert_no_raw_controls (out);
  g_assert_true (g_str_has_prefix (out, "File: evil\\tfile\\x1b[2J.pb\n"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (&out, &err, "info", "--format=json", path, NULL), ==, 0);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  fields = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "fields");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (fields, 0), "value"),
                   ==, "evil\tfile\x1b[2J.pb");
}

/* Error messages quote names too (a path, a command): escaped. */
static void
test_hostile_errors (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (f->dir, "gone\x1b[2J\x07.pb", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run_cli (&out, &err, "top", missing, NULL), ==, 2);
  assert_no_raw_controls (err);
  g_assert_nonnull (strstr (err, "gone\\x1b[2J\\x07.pb"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (&out, &err, "to\x1bp", NULL), ==, 2);
  assert_no_raw_controls (err);
  g_assert_nonnull (strstr (err, "to\\x1bp"));
}

/* diff with the hostile profile as NEW: the name parses back from TSV and
 * the text has no raw control character. */
static void
test_hostile_diff (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GPtrArray) names = NULL;

  g_assert_cmpint (run_cli (&out, &err, "diff", "--format=tsv", f->plain, f->hostile, NULL), ==, 0);
  names = tsv_names (out, 3);
  g_assert_true (names_contain (names, HOSTILE));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (&out, &err, "diff", f->plain, f->hostile, NULL), ==, 0);
  assert_no_raw_controls (out);
  g_assert_nonnull (strstr (out, "main.evil\\tname\\nline \\x1b[31m"));
}

static void
test_hostile_snapshot_diff (Fixture       *f,
                            gconstpointer  data)
{
  const char *names[] = { HOSTILE, "[heap]" };
  const gint64 base_rss[] = { 4096, 4096 };
  const gint64 new_rss[] = { 8192, 4096 };
  g_autofree char *a = write_snapshot (f->dir, "a.json", names, base_rss, 2);
  g_autofree char *b = write_snapshot (f->dir, "b.json", names, new_rss, 2);
  static const char *formats[] = { "--format=text", "--format=tsv", "--format=csv", "--format=json" };

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;

      g_assert_cmpint (run_cli (&out, &err, "diff", formats[i], a, b, NULL), ==, 0);
      if (i == 0)
        {
          assert_no_raw_controls (out);
          g_assert_nonnull (strstr (out, "victim\\x1b]0;title\\x07"));
          g_assert_nonnull (strstr (out, "  main.evil\\tname\\nline \\x1b[31mred"));
        }
      else if (i == 1)
        {
          g_autoptr(GPtrArray) tsv = tsv_names (out, 16);

          g_assert_cmpstr (g_ptr_array_index (tsv, 0), ==, HOSTILE);
        }
      else if (i == 2)
        {
          g_autoptr(GPtrArray) records = read_csv (out);

          g_assert_cmpuint (records->len, ==, 3);
          g_assert_cmpstr (g_ptr_array_index ((GPtrArray *) g_ptr_array_index (records, 1), 0), ==, HOSTILE);
        }
      else
        {
          g_autoptr(JsonParser) parser = json_parser_new ();
          g_autoptr(GError) error = NULL;
          JsonArray *mappings;

          json_parser_load_from_data (parser, out, -1, &error);
          g_assert_no_error (error);
          mappings = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                                   "mappings");
          g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (mappings, 0), "name"),
                           ==, HOSTILE);
        }
    }
}

/* Flat values whose sum passes G_MAXINT64: the text's running sums and
 * the profile's total saturate (hs-units.h); before, the sums were signed
 * overflow (UBSan stops the CLI) and the total wrapped negative. */
static void
test_overflow_top (Fixture       *f,
                   gconstpointer  data)
{
  const char *names[] = { "main.big", "main.bigger", "main.small" };
  const gint64 values[] = { HUGE_HALF, HUGE_HALF + 1, 1 };
  g_autofree char *path = write_profile (f->dir, "huge.pb", names, values, 3, 1, 0);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run_cli (&out, &err, "top", path, NULL), ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_assert_nonnull (strstr (out, "main.big"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (&out, &err, "info", path, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "total.inuse_space\t" MAX_TEXT "\tbytes\n"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (&out, &err, "top", "--format=json", path, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "\"total\" : " MAX_TEXT));
}

/* RSS sums above G_MAXINT64: before, the delta was a signed overflow and
 * the sums wrapped; now they saturate. */
static void
test_overflow_snapshot_diff (Fixture       *f,
                             gconstpointer  data)
{
  const char *base_names[] = { "[anon]" };
  const gint64 base_rss[] = { G_MAXINT64 };
  const char *new_names[] = { "[anon]", "[anon]", "[heap]", "[heap]", "[heap]" };
  const gint64 new_rss[] = { G_MAXINT64, G_MAXINT64, G_MAXINT64, G_MAXINT64, G_MAXINT64 };
  g_autofree char *a = write_snapshot (f->dir, "huge-a.json", base_names, base_rss, 1);
  g_autofree char *b = write_snapshot (f->dir, "huge-b.json", new_names, new_rss, 5);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_cmpint (run_cli (&out, &err, "diff", "--format=tsv", a, b, NULL), ==, 0);
  g_assert_cmpstr (err, ==, "");
  lines = g_strsplit (out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  for (guint i = 1; i <= 2; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], "\t", -1);

      /* name, base_rss, new_rss, delta_rss */
      g_assert_cmpstr (fields[2], ==, MAX_TEXT);
      g_assert_cmpstr (fields[3], ==, MAX_TEXT);
    }
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (&out, &err, "diff", a, b, NULL), ==, 0);
  g_assert_cmpstr (err, ==, "");
}

/* A duration argument that overflows is refused, quickly. */
static void
test_overflow_duration (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *pid = g_strdup_printf ("--pid=%d", getpid ());
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run_cli (&out, &err, "watch", pid, "--interval=100ms",
                            "--duration=1280000000h1280000000h1280000000h1280000000h", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "too long"));
  g_assert_cmpstr (out, ==, "");
}

/* A negative duration and a time 1.5 s before the epoch. Before, the
 * first was a GLib-CRITICAL (fatal under G_DEBUG) and "duration (null)",
 * the second "1969-12-31T23:59:59.-500Z". */
static void
test_odd_headers (Fixture       *f,
                  gconstpointer  data)
{
  const char *names[] = { "main.a" };
  const gint64 values[] = { 1 };
  g_autofree char *path = write_profile (f->dir, "odd.pb", names, values, 1,
                                         G_GINT64_CONSTANT (-1500000000),
                                         G_GINT64_CONSTANT (-1500000000));
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run_cli (&out, &err, "info", path, NULL), ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_assert_nonnull (strstr (out, "\ntime\t1969-12-31T23:59:58.500Z\n"));
  g_assert_nonnull (strstr (out, "\nduration\t-1.5s\n"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (&out, &err, "top", path, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "\nTime: 1969-12-31T23:59:58.500Z\n"));
}

/* The one ranking of "top growers" (hs-growers.c). */
static void
test_growers_rank (void)
{
  g_autoptr(GArray) growers = g_array_new (FALSE, FALSE, sizeof (HsGrower));
  const HsGrower candidates[] = {
    { NULL, "shrank", -5 }, { NULL, "b", 10 }, { NULL, "same", 0 }, { NULL, "a", 10 },
    { NULL, "most", 99 }, { NULL, "least", 1 },
  };

  g_array_append_vals (growers, candidates, G_N_ELEMENTS (candidates));
  hs_growers_rank (growers, 3);
  g_assert_cmpuint (growers->len, ==, 3);
  g_assert_cmpstr (g_array_index (growers, HsGrower, 0).name, ==, "most");
  g_assert_cmpstr (g_array_index (growers, HsGrower, 1).name, ==, "a");
  g_assert_cmpstr (g_array_index (growers, HsGrower, 2).name, ==, "b");
  hs_growers_rank (growers, 10);
  g_assert_cmpuint (growers->len, ==, 3);
  hs_growers_rank (growers, 0);
  g_assert_cmpuint (growers->len, ==, 0);
}

/* `diff --growers=N` prints what hs_top_get_growers() ranks, on a real
 * pair of Go heap profiles (the leak: main.makeValue grows), for every
 * sample type; the text's growers section names the same functions. */
static void
test_growers_profile (gconstpointer set)
{
  const char *dir = hs_fixtures_require (set);
  g_autofree char *base_path = NULL;
  g_autofree char *new_path = NULL;
  g_autoptr(HsProfile) base = NULL;
  g_autoptr(HsProfile) newer = NULL;

  if (dir == NULL)
    return;
  base_path = hs_fixtures_path (dir, "leakycache/heap-t1.pb.gz");
  new_path = hs_fixtures_path (dir, "leakycache/heap-t3.pb.gz");
  base = hs_fixtures_load (dir, "leakycache/heap-t1.pb.gz");
  newer = hs_fixtures_load (dir, "leakycache/heap-t3.pb.gz");

  for (guint index = 0; index < hs_profile_get_n_sample_types (newer); index++)
    {
      const char *type = hs_profile_get_sample_type (newer, index);
      g_autofree char *index_arg = g_strdup_printf ("--sample-index=%s", type);
      g_autoptr(GError) error = NULL;
      g_autoptr(HsTop) lines_top = hs_top_new_diff (base, newer, index, TRUE, &error);
      g_autoptr(GPtrArray) growers = NULL;
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      g_auto(GStrv) lines = NULL;

      g_assert_no_error (error);
      growers = hs_top_get_growers (lines_top, 5);
      g_assert_cmpuint (growers->len, >, 0);

      g_assert_cmpint (run_cli (&out, &err, "diff", "--growers=5", "--format=tsv", index_arg,
                                base_path, new_path, NULL), ==, 0);
      lines = g_strsplit (out, "\n", -1);
      g_assert_cmpstr (lines[0], ==, "function\tfile\tline\tdelta\tbase_flat\tnew_flat");
      g_assert_cmpuint (g_strv_length (lines), ==, growers->len + 2);
      for (guint i = 0; i < growers->len; i++)
        {
          HsTopRow *row = g_ptr_array_index (growers, i);
          g_autofree char *want = g_strdup_printf ("%s\t%s\t%" G_GINT64_FORMAT "\t%" G_GINT64_FORMAT
                                                   "\t%" G_GINT64_FORMAT "\t%" G_GINT64_FORMAT,
                                                   hs_top_row_get_function_name (row),
                                                   hs_top_row_get_file (row),
                                                   hs_top_row_get_line (row),
                                                   hs_top_row_get_flat (row),
                                                   hs_top_row_get_base_flat (row),
                                                   hs_top_row_get_new_flat (row));

          g_assert_cmpstr (lines[i + 1], ==, want);
          g_assert_cmpint (hs_top_row_get_flat (row), >, 0);
        }
      if (g_str_equal (type, "inuse_space"))
        g_assert_cmpstr (hs_top_row_get_function_name (g_ptr_array_index (growers, 0)), ==,
                         "main.makeValue");

      /* The text ends with the same growers, in the same order. */
      g_clear_pointer (&out, g_free);
      g_clear_pointer (&err, g_free);
      g_assert_cmpint (run_cli (&out, &err, "diff", index_arg, base_path, new_path, NULL), ==, 0);
      {
        const char *section = strstr (out, "\nTop growers");
        const char *p;

        g_assert_nonnull (section);
        p = section;
        for (guint i = 0; i < growers->len; i++)
          {
            HsTopRow *row = g_ptr_array_index (growers, i);
            g_autofree char *where = g_strdup_printf ("%s:%" G_GINT64_FORMAT "\n",
                                                      hs_top_row_get_file (row),
                                                      hs_top_row_get_line (row));

            p = strstr (p, hs_top_row_get_function_name (row));
            g_assert_nonnull (p);
            p = strstr (p, where);
            g_assert_nonnull (p);
          }
      }
    }
}

/* The same for memory-map snapshots: `diff --growers=N` prints what
 * hs_memory_map_diff_get_growers() ranks. */
static void
test_growers_snapshot (Fixture       *f,
                       gconstpointer  data)
{
  const char *names[] = { "[heap]", "[anon]", "/usr/lib/libc.so.6", "[stack]", "b", "a" };
  const gint64 base_rss[] = { 4096, 8192, 65536, 8192, 0, 0 };
  const gint64 new_rss[] = { 12288, 4096 * 1024, 65536, 4096, 4096, 4096 };
  g_autofree char *a = write_snapshot (f->dir, "grow-a.json", names, base_rss, 6);
  g_autofree char *b = write_snapshot (f->dir, "grow-b.json", names, new_rss, 6);
  g_autoptr(HsMemoryMap) base = NULL;
  g_autoptr(HsMemoryMap) newer = NULL;
  g_autoptr(HsMemoryMapDiff) diff = NULL;
  g_autoptr(GPtrArray) growers = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;

  base = hs_memory_map_load (a, &error);
  g_assert_no_error (error);
  newer = hs_memory_map_load (b, &error);
  g_assert_no_error (error);
  diff = hs_memory_map_diff_new (base, newer);
  growers = hs_memory_map_diff_get_growers (diff, 4);
  g_assert_cmpuint (growers->len, ==, 4);

  g_assert_cmpint (run_cli (&out, &err, "diff", "--growers=4", "--format=tsv", a, b, NULL), ==, 0);
  lines = g_strsplit (out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, growers->len + 2);
  for (guint i = 0; i < growers->len; i++)
    {
      const HsMemoryMapDiffEntry *e = g_ptr_array_index (growers, i);
      g_auto(GStrv) fields = g_strsplit (lines[i + 1], "\t", -1);

      g_assert_cmpstr (fields[0], ==, e->key);
      g_assert_cmpint (g_ascii_strtoll (fields[3], NULL, 10), ==, e->delta_rss);
    }
  /* Largest growth first; equal growth by name; shrinks and no change
   * are never growers. */
  g_assert_cmpstr (((const HsMemoryMapDiffEntry *) g_ptr_array_index (growers, 0))->key, ==, "[anon]");
  g_assert_cmpstr (((const HsMemoryMapDiffEntry *) g_ptr_array_index (growers, 1))->key, ==, "[heap]");
  g_assert_cmpstr (((const HsMemoryMapDiffEntry *) g_ptr_array_index (growers, 2))->key, ==, "a");
  g_assert_cmpstr (((const HsMemoryMapDiffEntry *) g_ptr_array_index (growers, 3))->key, ==, "b");

  /* A count below 0 is refused, not taken for "all" or "none". */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (&out, &err, "diff", "--growers=-1", a, b, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--growers"));
}

/* A goroutine compare through the real binary: `diff --goroutines=N`
 * prints what hs_goroutine_growth_new() ranks (the leaking function
 * first, not runtime.gopark, labels shown), the text ends with the same
 * section, and `diff --format=tsv` stays pprof's table. */
static void
test_goroutines (void)
{
  const char *dir = hs_fixtures_dir (HS_FIXTURES_REPO);
  g_autofree char *base_path = hs_fixtures_path (dir, "goroutineleak/goroutine-t1.pb.gz");
  g_autofree char *new_path = hs_fixtures_path (dir, "goroutineleak/goroutine-t2.pb.gz");
  g_autoptr(HsProfile) base = hs_fixtures_load (dir, "goroutineleak/goroutine-t1.pb.gz");
  g_autoptr(HsProfile) newer = hs_fixtures_load (dir, "goroutineleak/goroutine-t2.pb.gz");
  g_autoptr(GPtrArray) stacks = hs_goroutine_growth_new (base, newer, 10);
  g_autoptr(GBytes) oracle = hs_fixtures_read (dir, "goroutineleak/goroutine-t2.diff-goroutine-t1.goroutine.exact.tsv");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;
  const char *section;

  g_assert_cmpuint (stacks->len, ==, 5);
  g_assert_cmpint (run_cli (&out, &err, "diff", "--goroutines=10", "--format=tsv", base_path, new_path, NULL), ==, 0);
  lines = g_strsplit (out, "\n", -1);
  g_assert_cmpstr (lines[0], ==, "site\tdelta\tbase\tnew\tstate\twait_minutes\tlabels\tstack");
  g_assert_cmpuint (g_strv_length (lines), ==, stacks->len + 2);
  for (guint i = 0; i < stacks->len; i++)
    {
      HsGoroutineStack *stack = g_ptr_array_index (stacks, i);
      /* Binary profiles do not say how goroutines wait: no state, and
       * the wait is missing (an empty field), not zero. */
      g_autofree char *want = g_strdup_printf ("%s\t%" G_GINT64_FORMAT "\t%" G_GINT64_FORMAT
                                               "\t%" G_GINT64_FORMAT "\t\t\t%s\t%s",
                                               stack->site, stack->count - stack->base,
                                               stack->base, stack->count, stack->labels, stack->stack);

      g_assert_cmpstr (lines[i + 1], ==, want);
    }
  /* pprof: 19 → 49 goroutines in main.awaitAck (the oracle's cum). */
  g_assert_true (g_str_has_prefix (lines[1], "main.awaitAck\t30\t19\t49\t\t\t\t"));
  g_assert_nonnull (strstr (out, "main.sendResult\t5\t3\t8\t\t\thandler=report, shard=s1\t"));

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (&out, &err, "diff", base_path, new_path, NULL), ==, 0);
  section = strstr (out, "\nGoroutine growth");
  g_assert_nonnull (section);
  g_assert_nonnull (strstr (section, "   +30     19     49  main.awaitAck\n"));
  g_assert_nonnull (strstr (section, "main.sendResult handler=report, shard=s0\n"));
  /* The file:line growers would say runtime.gopark: not printed. */
  g_assert_null (strstr (out, "Top growers"));

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (&out, &err, "diff", "--format=tsv", base_path, new_path, NULL), ==, 0);
  g_assert_cmpstr (out, ==, g_bytes_get_data (oracle, NULL));

  /* A heap profile has no goroutine stacks: a usage error, not a table. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&base_path, g_free);
  g_clear_pointer (&new_path, g_free);
  base_path = hs_fixtures_path (dir, "goroutineleak/heap-t1.pb.gz");
  new_path = hs_fixtures_path (dir, "goroutineleak/heap-t2.pb.gz");
  g_assert_cmpint (run_cli (&out, &err, "diff", "--goroutines=3", base_path, new_path, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--goroutines"));
}

/* Goroutine texts captured with debug=2 (tests/gen/make-waits.sh): the
 * diff prints each stack's wait state and longest wait, the figure
 * profsum read from the same text (text_longest_wait_minutes). */
static void
test_goroutines_waits (void)
{
  const char *dir = hs_fixtures_dir (HS_FIXTURES_REPO);
  g_autofree char *base_path = hs_fixtures_path (dir, "goroutinewait/goroutine-t1.debug2.txt");
  g_autofree char *new_path = hs_fixtures_path (dir, "goroutinewait/goroutine-t2.debug2.txt");
  gint64 minutes = hs_fixtures_summary_int (dir, "goroutinewait/goroutine-t2.debug2.txt",
                                            "text_longest_wait_minutes.main.awaitAck");
  gint64 count = hs_fixtures_summary_int (dir, "goroutinewait/goroutine-t2.debug2.txt",
                                          "text_innermost.main.awaitAck");
  gint64 base = hs_fixtures_summary_int (dir, "goroutinewait/goroutine-t1.debug2.txt",
                                         "text_innermost.main.awaitAck");
  g_autofree char *want = g_strdup_printf ("main.awaitAck\t%" G_GINT64_FORMAT "\t%" G_GINT64_FORMAT
                                           "\t%" G_GINT64_FORMAT "\tchan receive\t%" G_GINT64_FORMAT "\t\t",
                                           count - base, base, count, minutes);
  g_autofree char *want_text = g_strdup_printf ("main.awaitAck   chan receive        %" G_GINT64_FORMAT " min", minutes);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_cmpint (minutes, >=, 1);
  g_assert_cmpint (run_cli (&out, &err, "diff", "--goroutines=10", "--format=tsv", base_path, new_path, NULL), ==, 0);
  lines = g_strsplit (out, "\n", -1);
  g_assert_true (g_str_has_prefix (lines[1], want));
  /* waitFirst's goroutines all started after the forced GCs: Go printed
   * no minutes, which is 0 (under one), not a missing field. */
  g_assert_nonnull (strstr (out, "\tselect\t0\t\t"));

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (&out, &err, "diff", "--goroutines=10", base_path, new_path, NULL), ==, 0);
  g_test_message ("%s", out);
  g_assert_nonnull (strstr (out, "longest wait"));
  g_assert_nonnull (strstr (out, want_text));
  g_assert_nonnull (strstr (out, "under 1 min"));
}

/* `top` text is pprof -top's from the "Showing nodes" line on: one unit
 * for the report, chosen as pprof chooses it, and CPU time in ms/s.
 * Before, a CPU profile printed raw nanoseconds (400000000) and a heap
 * profile scaled each value alone (1.51MB where pprof says 1542.01kB).
 * The oracles are `go tool pprof -top FILE` (tests/data/README.md). */
static void
test_pprof_text (void)
{
  static const char *files[] = { "deep/cpu.pb.gz", "leakycache/heap-t1.pb.gz" };
  const char *dir = hs_fixtures_dir (HS_FIXTURES_REPO);

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = hs_fixtures_path (dir, files[i]);
      g_autofree char *oracle_rel = g_strconcat (files[i], ".top.txt", NULL);
      g_autoptr(GBytes) oracle = hs_fixtures_read (dir, oracle_rel);
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      const char *want;
      const char *got;

      g_assert_cmpint (run_cli (&out, &err, "top", path, NULL), ==, 0);
      want = strstr (g_bytes_get_data (oracle, NULL), "Showing nodes");
      got = strstr (out, "Showing nodes");
      g_assert_nonnull (want);
      g_assert_nonnull (got);
      g_assert_cmpstr (got, ==, want);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli-output/growers/rank", test_growers_rank);
  g_test_add_func ("/cli-output/goroutines", test_goroutines);
  g_test_add_func ("/cli-output/goroutines/waits", test_goroutines_waits);
  g_test_add_func ("/cli-output/pprof-text", test_pprof_text);
  hs_fixtures_add ("/cli-output/growers", "profile", test_growers_profile);
#define ADD(path, func) \
  g_test_add ("/cli-output/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("hostile/text", test_hostile_text);
  ADD ("hostile/tsv", test_hostile_tsv);
  ADD ("hostile/csv", test_hostile_csv);
  ADD ("hostile/json", test_hostile_json);
  ADD ("hostile/diff", test_hostile_diff);
  ADD ("hostile/file-name", test_hostile_file_name);
  ADD ("hostile/errors", test_hostile_errors);
  ADD ("hostile/snapshot-diff", test_hostile_snapshot_diff);
  ADD ("overflow/top", test_overflow_top);
  ADD ("overflow/snapshot-diff", test_overflow_snapshot_diff);
  ADD ("overflow/duration", test_overflow_duration);
  ADD ("odd-headers", test_odd_headers);
  ADD ("growers/snapshot", test_growers_snapshot);
#undef ADD

  return g_test_run ();
}
