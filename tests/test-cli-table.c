/* test-cli-table.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* heapscope-cli's one table renderer: columns given at run time, the
 * four formats, and the escaping rules (hs-cli-table.c). The same rules
 * through the real binary are in test-cli-output.c. */

#include "config.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <stdio.h>

#include "hs-cli-table.h"

#define HOSTILE "evil\tname\nwith \x1b[31mred\x1b[0m, \"quotes\" and \\"

static const HsCliColumn columns[] = {
  { .name = "name", .title = "name", .width = -6 },
  { .name = "bytes", .title = "bytes", .kind = HS_CLI_COLUMN_BYTES, .width = 10 },
  { .name = "count", .title = "count", .kind = HS_CLI_COLUMN_INTEGER, .width = 6 },
  { .name = "cpu", .title = "CPU", .kind = HS_CLI_COLUMN_PERCENT, .digits = 1, .width = 6 },
  { .name = "json_only", .kind = HS_CLI_COLUMN_INTEGER, .formats = HS_CLI_FORMAT_JSON },
};

/* Renders rows (name, bytes, count, cpu) into a string. */
static char *
render (HsCliFormat   format,
        gboolean      streaming,
        const char  **names,
        guint         n_names)
{
  g_autoptr(HsCliTable) table = hs_cli_table_new (format);
  char *data = NULL;
  size_t size = 0;
  FILE *output = open_memstream (&data, &size);

  g_assert_nonnull (output);
  hs_cli_table_set_output (table, output);
  hs_cli_table_set_streaming (table, streaming);
  hs_cli_table_add_member_string (table, "title", "a\x1b title");
  hs_cli_table_add_note (table, "Note: %s", "x\x1by");
  hs_cli_table_add_columns (table, columns, G_N_ELEMENTS (columns));
  for (guint i = 0; i < n_names; i++)
    {
      hs_cli_table_begin_row (table);
      hs_cli_table_add_text (table, names[i]);
      hs_cli_table_add_int (table, 1536 * (i + 1));
      if (i == 0)
        hs_cli_table_add_missing (table);
      else
        hs_cli_table_add_uint (table, G_MAXUINT64);
      hs_cli_table_add_double (table, 12.25);
      hs_cli_table_add_int (table, 7);
      hs_cli_table_end_row (table);
    }
  g_assert_true (hs_cli_table_finish (table));
  fclose (output);
  return data;
}

static void
test_text (void)
{
  const char *names[] = { "main.a", HOSTILE };
  g_autofree char *out = render (HS_CLI_FORMAT_TEXT, FALSE, names, 2);

  g_assert_cmpstr (out, ==,
                   "Note: x\\x1by\n"
                   "name        bytes  count    CPU\n"
                   "main.a   1.50 KiB    n/a  12.2%\n"
                   "evil\\tname\\nwith \\x1b[31mred\\x1b[0m, \"quotes\" and \\   3.00 KiB "
                   "9223372036854775807  12.2%\n");
}

static void
test_escape_text (void)
{
  static const struct { const char *in, *out; } cases[] = {
    { "main.plain", "main.plain" },
    { "ünïcödé 函数", "ünïcödé 函数" },
    { "a\tb\nc\rd", "a\\tb\\nc\\rd" },
    { "\x1b[2J\x07\x7f", "\\x1b[2J\\x07\\x7f" },
    { "c1 \xc2\x9b" "31m", "c1 \\u009b31m" },
    { "bad \xff\xfe utf8", "bad \\xff\\xfe utf8" },
    { "rlo \xe2\x80\xae" "gnp.exe", "rlo \\u202egnp.exe" },
    { "isolate \xe2\x81\xa6x\xe2\x81\xa9", "isolate \\u2066x\\u2069" },
    { "dash \xe2\x80\x94 ok", "dash \xe2\x80\x94 ok" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = hs_cli_escape_text (cases[i].in);

      g_assert_cmpstr (text, ==, cases[i].out);
    }
}

/* Reverses the TSV rule, as a reader of our TSV would. */
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
      p++;
      g_assert_cmpint (*p, !=, '\0');
      if (*p == 't')
        g_string_append_c (out, '\t');
      else if (*p == 'n')
        g_string_append_c (out, '\n');
      else if (*p == 'r')
        g_string_append_c (out, '\r');
      else if (*p == '\\')
        g_string_append_c (out, '\\');
      else if (*p == 'x')
        {
          char hex[3] = { p[1], p[2], '\0' };

          g_string_append_c (out, (char) g_ascii_strtoull (hex, NULL, 16));
          p += 2;
        }
      else
        g_assert_not_reached ();
    }
  return g_string_free (out, FALSE);
}

static void
test_tsv (void)
{
  const char *names[] = { "main.a", HOSTILE };
  g_autofree char *out = render (HS_CLI_FORMAT_TSV, FALSE, names, 2);
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);

  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_cmpstr (lines[0], ==, "name\tbytes\tcount\tcpu");
  g_assert_cmpstr (lines[1], ==, "main.a\t1536\t\t12.2");
  g_assert_cmpstr (lines[3], ==, "");
  {
    g_auto(GStrv) fields = g_strsplit (lines[2], "\t", -1);
    g_autofree char *name = NULL;

    g_assert_cmpuint (g_strv_length (fields), ==, 4);
    name = unescape_tsv (fields[0]);
    g_assert_cmpstr (name, ==, HOSTILE);
    g_assert_cmpstr (fields[2], ==, "9223372036854775807");
  }
}

/* A minimal RFC 4180 reader: fields of one record starting at *p. */
static GPtrArray *
read_csv_record (const char **p)
{
  GPtrArray *fields = g_ptr_array_new_with_free_func (g_free);
  GString *field = g_string_new (NULL);

  for (;;)
    {
      if (**p == '"')
        {
          for ((*p)++; ; (*p)++)
            {
              g_assert_cmpint (**p, !=, '\0');
              if (**p == '"' && (*p)[1] == '"')
                g_string_append_c (field, '"'), (*p)++;
              else if (**p == '"')
                {
                  (*p)++;
                  break;
                }
              else
                g_string_append_c (field, **p);
            }
        }
      while (**p != ',' && **p != '\n' && **p != '\0')
        g_string_append_c (field, *(*p)++);
      g_ptr_array_add (fields, g_string_free (field, FALSE));
      field = g_string_new (NULL);
      if (**p == ',')
        {
          (*p)++;
          continue;
        }
      if (**p == '\n')
        (*p)++;
      break;
    }
  g_string_free (field, TRUE);
  return fields;
}

static void
test_csv (void)
{
  const char *names[] = { "main.a", HOSTILE };
  g_autofree char *out = render (HS_CLI_FORMAT_CSV, TRUE, names, 2);
  const char *p = out;
  g_autoptr(GPtrArray) header = read_csv_record (&p);
  g_autoptr(GPtrArray) first = read_csv_record (&p);
  g_autoptr(GPtrArray) second = read_csv_record (&p);

  g_assert_cmpuint (header->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index (header, 3), ==, "cpu");
  g_assert_cmpstr (g_ptr_array_index (first, 0), ==, "main.a");
  g_assert_cmpstr (g_ptr_array_index (first, 2), ==, "");
  g_assert_cmpuint (second->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index (second, 0), ==, HOSTILE);
  g_assert_cmpstr (g_ptr_array_index (second, 1), ==, "3072");
  g_assert_cmpstr (p, ==, "");
  /* Plain fields are not quoted. */
  g_assert_true (g_str_has_prefix (out, "name,bytes,count,cpu\nmain.a,1536,,12.2\n"));
}

static void
test_json_document (void)
{
  const char *names[] = { "main.a", HOSTILE, "bad \xff utf8" };
  g_autofree char *out = render (HS_CLI_FORMAT_JSON, FALSE, names, 3);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonArray *rows;
  JsonObject *row;

  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "title"), ==, "a\x1b title");
  rows = json_object_get_array_member (root, "rows");
  g_assert_cmpuint (json_array_get_length (rows), ==, 3);
  row = json_array_get_object_element (rows, 0);
  g_assert_true (json_object_get_null_member (row, "count"));
  g_assert_cmpint (json_object_get_int_member (row, "bytes"), ==, 1536);
  g_assert_cmpfloat (json_object_get_double_member (row, "cpu"), ==, 12.25);
  g_assert_cmpint (json_object_get_int_member (row, "json_only"), ==, 7);
  row = json_array_get_object_element (rows, 1);
  g_assert_cmpstr (json_object_get_string_member (row, "name"), ==, HOSTILE);
  row = json_array_get_object_element (rows, 2);
  g_assert_cmpstr (json_object_get_string_member (row, "name"), ==, "bad \xef\xbf\xbd utf8");
}

static void
test_json_stream (void)
{
  const char *names[] = { "main.a", HOSTILE };
  g_autofree char *out = render (HS_CLI_FORMAT_JSON, TRUE, names, 2);
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);

  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;

      json_parser_load_from_data (parser, lines[i], -1, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)), "name"),
                       ==, names[i]);
    }
}

/* Columns are data: a table built from a list known only at run time. */
static void
test_run_time_columns (void)
{
  g_autoptr(HsCliTable) table = hs_cli_table_new (HS_CLI_FORMAT_TEXT);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  char *data = NULL;
  size_t size = 0;
  FILE *output = open_memstream (&data, &size);
  g_autofree char *out = NULL;

  for (guint i = 0; i < 3; i++)
    {
      HsCliColumn column = { .kind = HS_CLI_COLUMN_INTEGER };

      g_ptr_array_add (names, g_strdup_printf ("metric%u", i));
      column.name = g_ptr_array_index (names, i);
      column.title = column.name;
      hs_cli_table_add_column (table, &column);
    }
  /* The table copied the names. */
  g_ptr_array_set_size (names, 0);
  hs_cli_table_set_output (table, output);
  hs_cli_table_set_text_style (table, HS_CLI_TEXT_LABELLED);
  hs_cli_table_begin_row (table);
  for (guint i = 0; i < 3; i++)
    hs_cli_table_add_int (table, i * 10);
  hs_cli_table_end_row (table);
  g_assert_true (hs_cli_table_finish (table));
  fclose (output);
  out = data;
  g_assert_cmpstr (out, ==, "metric0 0  metric1 10  metric2 20\n");
}

/* info's text: values joined by TAB, each escaped so that a TAB in a
 * value cannot add a field; trailing missing values left out. */
static void
test_tabbed (void)
{
  static const HsCliColumn fields[] = { { .name = "field" }, { .name = "value" }, { .name = "unit" } };
  g_autoptr(HsCliTable) table = hs_cli_table_new (HS_CLI_FORMAT_TEXT);
  char *data = NULL;
  size_t size = 0;
  FILE *output = open_memstream (&data, &size);
  g_autofree char *out = NULL;

  hs_cli_table_set_output (table, output);
  hs_cli_table_set_text_style (table, HS_CLI_TEXT_TABBED);
  hs_cli_table_add_columns (table, fields, G_N_ELEMENTS (fields));
  hs_cli_table_begin_row (table);
  hs_cli_table_add_text (table, "file");
  hs_cli_table_add_text (table, "a\tb.pb");
  hs_cli_table_add_missing (table);
  hs_cli_table_end_row (table);
  hs_cli_table_begin_row (table);
  hs_cli_table_add_text (table, "total.inuse_space");
  hs_cli_table_add_text (table, "42");
  hs_cli_table_add_text (table, "bytes");
  hs_cli_table_end_row (table);
  g_assert_true (hs_cli_table_finish (table));
  fclose (output);
  out = data;
  g_assert_cmpstr (out, ==, "file\ta\\tb.pb\ntotal.inuse_space\t42\tbytes\n");
}

/* The kinds a live metric can have (seconds, bytes/s), and a value that
 * is not finite: missing everywhere rather than "nan". */
static void
test_kinds (void)
{
  static const HsCliColumn kinds[] = {
    { .name = "uptime", .title = "up", .kind = HS_CLI_COLUMN_SECONDS, .digits = 1 },
    { .name = "rate", .title = "rate", .kind = HS_CLI_COLUMN_BYTE_RATE, .digits = 0 },
    { .name = "delta", .title = "Δ", .kind = HS_CLI_COLUMN_BYTES_DELTA },
    { .name = "odd", .title = "odd", .kind = HS_CLI_COLUMN_DOUBLE, .digits = 2 },
  };
  static const HsCliFormat formats[] = { HS_CLI_FORMAT_TEXT, HS_CLI_FORMAT_CSV, HS_CLI_FORMAT_JSON };
  static const char *expected[] = {
    "up 2.5 s  rate 1.50 KiB/s  Δ +2.00 KiB  odd n/a\nup 0.0 s  rate 8192 PiB/s  Δ −1.00 KiB  odd 0.50\n",
    "uptime,rate,delta,odd\n2.5,1536,2048,\n0.0,1000000000000000019884624838656,-1024,0.50\n",
    NULL,  /* parsed below */
  };

  for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
    {
      g_autoptr(HsCliTable) table = hs_cli_table_new (formats[f]);
      char *data = NULL;
      size_t size = 0;
      FILE *output = open_memstream (&data, &size);
      g_autofree char *out = NULL;

      hs_cli_table_set_output (table, output);
      hs_cli_table_set_streaming (table, TRUE);
      hs_cli_table_set_text_style (table, HS_CLI_TEXT_LABELLED);
      hs_cli_table_add_columns (table, kinds, G_N_ELEMENTS (kinds));
      hs_cli_table_begin_row (table);
      hs_cli_table_add_double (table, 2.5);
      hs_cli_table_add_double (table, 1536);
      hs_cli_table_add_int (table, 2048);
      hs_cli_table_add_double (table, NAN);
      hs_cli_table_end_row (table);
      hs_cli_table_begin_row (table);
      hs_cli_table_add_double (table, 1e-05);
      hs_cli_table_add_double (table, 1e30);
      hs_cli_table_add_int (table, -1024);
      hs_cli_table_add_double (table, 0.5);
      hs_cli_table_end_row (table);
      g_assert_true (hs_cli_table_finish (table));
      fclose (output);
      out = data;
      if (expected[f] != NULL)
        g_assert_cmpstr (out, ==, expected[f]);
      else
        {
          /* json-glib 1.6 alone would write "1e+30.0" and "1e-05.0". */
          g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
          g_autoptr(JsonParser) parser = json_parser_new ();
          g_autoptr(GError) error = NULL;
          JsonObject *row;

          g_assert_cmpuint (g_strv_length (lines), ==, 3);
          json_parser_load_from_data (parser, lines[1], -1, &error);
          g_assert_no_error (error);
          row = json_node_get_object (json_parser_get_root (parser));
          g_assert_cmpfloat_with_epsilon (json_object_get_double_member (row, "rate") / 1e30, 1.0, 1e-15);
          g_assert_cmpfloat_with_epsilon (json_object_get_double_member (row, "uptime") / 1e-05, 1.0, 1e-15);
          g_assert_cmpint (json_object_get_int_member (row, "delta"), ==, -1024);
          g_assert_true (g_str_has_prefix (lines[0], "{\"uptime\":2.5,\"rate\":1536.0,"));
        }
    }
}

/* A write that fails is reported, so that a command does not exit 0. */
static void
test_write_error (void)
{
  g_autoptr(HsCliTable) table = hs_cli_table_new (HS_CLI_FORMAT_TSV);
  FILE *full = fopen ("/dev/full", "w");

  if (full == NULL)
    {
      g_test_skip ("no /dev/full");
      return;
    }
  hs_cli_table_set_output (table, full);
  hs_cli_table_add_columns (table, columns, G_N_ELEMENTS (columns));
  g_assert_false (hs_cli_table_finish (table));
  fclose (full);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli-table/text", test_text);
  g_test_add_func ("/cli-table/escape-text", test_escape_text);
  g_test_add_func ("/cli-table/tsv", test_tsv);
  g_test_add_func ("/cli-table/csv", test_csv);
  g_test_add_func ("/cli-table/json-document", test_json_document);
  g_test_add_func ("/cli-table/json-stream", test_json_stream);
  g_test_add_func ("/cli-table/run-time-columns", test_run_time_columns);
  g_test_add_func ("/cli-table/tabbed", test_tabbed);
  g_test_add_func ("/cli-table/kinds", test_kinds);
  g_test_add_func ("/cli-table/write-error", test_write_error);

  return g_test_run ();
}
