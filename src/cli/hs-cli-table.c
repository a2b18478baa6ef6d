/* hs-cli-table.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "heapscope-cli"

#include "config.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "hs-cli-table.h"
#include "hs-units.h"

/* The one place where heapscope-cli turns figures into output, so that
 * every command escapes names the same way and writes the same four
 * formats. The escaping rules:
 *
 * - text (for people, often a terminal): every control character — C0
 *   (including TAB and newline), DEL, the C1 range and so ESC — the
 *   bidirectional overrides, and every byte that is not UTF-8 are shown
 *   instead of sent: `\t`, `\n`, `\r`, `\x1b`, `\x7f`, `\u009b`,
 *   `\u202e`, `\xff`. A terminal never receives an escape sequence from a
 *   name in a file.
 * - TSV: pprof-like backslash escapes: `\\`, `\t`, `\n`, `\r`, and `\xNN`
 *   for the other C0 controls and DEL. A name without these characters is
 *   written byte for byte, so plain names equal pprof's.
 * - CSV: RFC 4180: a field holding a comma, a double quote, CR or LF is
 *   quoted and its quotes doubled. Lines end with LF.
 * - JSON: json-glib writes every string (invalid UTF-8 is replaced by
 *   U+FFFD first, as JSON must be UTF-8). Nothing is escaped by hand.
 */

typedef struct
{
  HsCliColumn column;  /* name and title point into the strings below */
  char       *name;
  char       *title;
} Column;

typedef struct
{
  char     *key;
  JsonNode *value;
} Member;

struct _HsCliTable
{
  HsCliFormat     format;
  HsCliTextStyle  style;
  FILE           *output;
  char           *rows_key;
  GArray         *columns;     /* Column */
  GArray         *shown;       /* guint: indices into columns, in output order */
  char          **text_order;
  GArray         *members;     /* Member */
  GPtrArray      *notes;       /* char *, already escaped */
  GArray         *row;         /* HsCliCell, text owned */
  GString        *body;        /* rows not yet written (not streaming) */
  JsonArray      *json_rows;   /* rows not yet written (JSON document) */
  guint           n_rows;
  guint           in_row : 1;
  guint           streaming : 1;
  guint           started : 1;  /* notes and header written */
  guint           shown_valid : 1;
  guint           write_failed : 1;
};

static void
clear_column (gpointer data)
{
  Column *c = data;

  g_free (c->name);
  g_free (c->title);
}

static void
clear_member (gpointer data)
{
  Member *m = data;

  g_free (m->key);
  json_node_unref (m->value);
}

static void
clear_cell (gpointer data)
{
  HsCliCell *cell = data;

  g_free ((char *) cell->text);
}

/**
 * hs_cli_table_new:
 * @format: the one format this table writes
 *
 * Returns: (transfer full): an empty table; add columns, then rows, then
 *   call hs_cli_table_finish()
 */
HsCliTable *
hs_cli_table_new (HsCliFormat format)
{
  HsCliTable *self = g_new0 (HsCliTable, 1);

  self->format = format;
  self->style = HS_CLI_TEXT_ALIGNED;
  self->output = stdout;
  self->rows_key = g_strdup ("rows");
  self->columns = g_array_new (FALSE, TRUE, sizeof (Column));
  g_array_set_clear_func (self->columns, clear_column);
  self->shown = g_array_new (FALSE, FALSE, sizeof (guint));
  self->members = g_array_new (FALSE, TRUE, sizeof (Member));
  g_array_set_clear_func (self->members, clear_member);
  self->notes = g_ptr_array_new_with_free_func (g_free);
  self->row = g_array_new (FALSE, TRUE, sizeof (HsCliCell));
  g_array_set_clear_func (self->row, clear_cell);
  self->body = g_string_new (NULL);
  self->json_rows = json_array_new ();
  return self;
}

void
hs_cli_table_free (HsCliTable *self)
{
  if (self == NULL)
    return;

  g_free (self->rows_key);
  g_array_unref (self->columns);
  g_array_unref (self->shown);
  g_strfreev (self->text_order);
  g_array_unref (self->members);
  g_ptr_array_unref (self->notes);
  g_array_unref (self->row);
  g_string_free (self->body, TRUE);
  json_array_unref (self->json_rows);
  g_free (self);
}

HsCliFormat
hs_cli_table_get_format (HsCliTable *self)
{
  g_return_val_if_fail (self != NULL, HS_CLI_FORMAT_TEXT);

  return self->format;
}

void
hs_cli_table_add_column (HsCliTable        *self,
                         const HsCliColumn *column)
{
  Column c = { 0 };

  g_return_if_fail (self != NULL);
  g_return_if_fail (column != NULL && column->name != NULL);
  g_return_if_fail (!self->started && self->n_rows == 0 && !self->in_row);

  c.column = *column;
  c.name = g_strdup (column->name);
  c.title = g_strdup (column->title);
  c.column.name = c.name;
  c.column.title = c.title;
  g_array_append_val (self->columns, c);
  self->shown_valid = FALSE;
}

void
hs_cli_table_add_columns (HsCliTable        *self,
                          const HsCliColumn *columns,
                          guint              n_columns)
{
  for (guint i = 0; i < n_columns; i++)
    hs_cli_table_add_column (self, &columns[i]);
}

void
hs_cli_table_set_text_order (HsCliTable         *self,
                             const char * const *names)
{
  g_return_if_fail (self != NULL);

  g_strfreev (self->text_order);
  self->text_order = g_strdupv ((char **) names);
  self->shown_valid = FALSE;
}

void
hs_cli_table_set_text_style (HsCliTable     *self,
                             HsCliTextStyle  style)
{
  g_return_if_fail (self != NULL);

  self->style = style;
}

void
hs_cli_table_set_output (HsCliTable *self,
                         FILE       *output)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (output != NULL);

  self->output = output;
}

void
hs_cli_table_set_streaming (HsCliTable *self,
                            gboolean    streaming)
{
  g_return_if_fail (self != NULL);

  self->streaming = !!streaming;
}

void
hs_cli_table_set_rows_key (HsCliTable *self,
                           const char *rows_key)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (rows_key != NULL);

  g_free (self->rows_key);
  self->rows_key = g_strdup (rows_key);
}

/* JSON must be UTF-8; a name from a file need not be. */
static JsonNode *
string_node (const char *text)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  if (g_utf8_validate (text, -1, NULL))
    json_node_set_string (node, text);
  else
    {
      g_autofree char *valid = g_utf8_make_valid (text, -1);

      json_node_set_string (node, valid);
    }
  return node;
}

static void
add_member (HsCliTable *self,
            const char *key,
            JsonNode   *value)
{
  Member m = { g_strdup (key), value };

  g_array_append_val (self->members, m);
}

void
hs_cli_table_add_member_string (HsCliTable *self,
                                const char *key,
                                const char *value)
{
  g_return_if_fail (self != NULL && key != NULL);

  if (value == NULL)
    add_member (self, key, json_node_new (JSON_NODE_NULL));
  else
    add_member (self, key, string_node (value));
}

void
hs_cli_table_add_member_int (HsCliTable *self,
                             const char *key,
                             gint64      value)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  g_return_if_fail (self != NULL && key != NULL);

  json_node_set_int (node, value);
  add_member (self, key, node);
}

void
hs_cli_table_add_member_bool (HsCliTable *self,
                              const char *key,
                              gboolean    value)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  g_return_if_fail (self != NULL && key != NULL);

  json_node_set_boolean (node, value);
  add_member (self, key, node);
}

void
hs_cli_table_add_note (HsCliTable *self,
                       const char *format,
                       ...)
{
  g_autofree char *line = NULL;
  va_list args;

  g_return_if_fail (self != NULL && format != NULL);

  va_start (args, format);
  line = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (self->notes, hs_cli_escape_text (line));
}

/* Escaping */

/* Bidirectional overrides and isolates reorder what a terminal shows
 * ("Trojan Source"), so a name could look like another one. */
static gboolean
is_bidi_control (gunichar c)
{
  return (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

static gboolean
text_needs_escape (const char *text)
{
  gboolean high = FALSE;

  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    {
      if (*p < 0x20 || *p == 0x7f)
        return TRUE;
      /* C1 controls are U+0080..U+009F: 0xC2 0x80..0x9F in UTF-8; the
       * bidi controls are 0xE2 0x80 0xAA..0xAE and 0xE2 0x81 0xA6..0xA9. */
      if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
        return TRUE;
      if (*p == 0xe2 && ((p[1] == 0x80 && p[2] >= 0xaa && p[2] <= 0xae) ||
                         (p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9)))
        return TRUE;
      high |= *p >= 0x80;
    }
  return high && !g_utf8_validate (text, -1, NULL);
}

/**
 * hs_cli_escape_text:
 * @text: a name or a line, as read from a file
 *
 * Makes every control character and every byte that is not UTF-8
 * visible, so that printing @text to a terminal shows it and never
 * moves the cursor, changes colours or sends a terminal command.
 *
 * Returns: (transfer full): the escaped text, equal to @text when there
 *   was nothing to escape
 */
char *
hs_cli_escape_text (const char *text)
{
  GString *out;
  const char *p = text;
  const char *end;

  g_return_val_if_fail (text != NULL, NULL);

  if (!text_needs_escape (text))
    return g_strdup (text);

  end = text + strlen (text);
  out = g_string_sized_new (end - text + 16);
  while (p < end)
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          g_string_append_printf (out, "\\x%02x", (guchar) *p);
          p++;
          continue;
        }
      if (c == '\t')
        g_string_append (out, "\\t");
      else if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\r')
        g_string_append (out, "\\r");
      else if (c < 0x20 || c == 0x7f)
        g_string_append_printf (out, "\\x%02x", c);
      else if ((c >= 0x80 && c <= 0x9f) || is_bidi_control (c))
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
      p = g_utf8_next_char (p);
    }
  return g_string_free (out, FALSE);
}

/**
 * hs_cli_escape_tsv:
 * @text: a field
 *
 * Returns: (transfer full): @text with `\`, TAB, LF, CR and the other C0
 *   controls and DEL written as backslash escapes (`\\`, `\t`, `\n`,
 *   `\r`, `\xNN`); other bytes unchanged
 */
char *
hs_cli_escape_tsv (const char *text)
{
  GString *out;

  g_return_val_if_fail (text != NULL, NULL);

  if (strpbrk (text, "\\\x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0b\x0c\r\x0e\x0f\x10\x11\x12"
                     "\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\x7f") == NULL)
    return g_strdup (text);

  out = g_string_new (NULL);
  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    {
      if (*p == '\\')
        g_string_append (out, "\\\\");
      else if (*p == '\t')
        g_string_append (out, "\\t");
      else if (*p == '\n')
        g_string_append (out, "\\n");
      else if (*p == '\r')
        g_string_append (out, "\\r");
      else if (*p < 0x20 || *p == 0x7f)
        g_string_append_printf (out, "\\x%02x", *p);
      else
        g_string_append_c (out, (char) *p);
    }
  return g_string_free (out, FALSE);
}

/**
 * hs_cli_escape_csv:
 * @text: a field
 *
 * Returns: (transfer full): @text quoted as RFC 4180 asks when it holds a
 *   comma, a double quote, CR or LF; otherwise a copy
 */
char *
hs_cli_escape_csv (const char *text)
{
  GString *out;

  g_return_val_if_fail (text != NULL, NULL);

  if (strpbrk (text, ",\"\r\n") == NULL)
    return g_strdup (text);

  out = g_string_new ("\"");
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
  return g_string_free (out, FALSE);
}

/* Output */

static const Column *
column_at (HsCliTable *self,
           guint       i)
{
  return &g_array_index (self->columns, Column, i);
}

static void
compute_shown (HsCliTable *self)
{
  if (self->shown_valid)
    return;

  g_array_set_size (self->shown, 0);
  if (self->format == HS_CLI_FORMAT_TEXT && self->text_order != NULL)
    {
      for (guint k = 0; self->text_order[k] != NULL; k++)
        for (guint i = 0; i < self->columns->len; i++)
          if (g_str_equal (column_at (self, i)->name, self->text_order[k]))
            {
              g_array_append_val (self->shown, i);
              break;
            }
    }
  else
    {
      for (guint i = 0; i < self->columns->len; i++)
        {
          HsCliFormat formats = column_at (self, i)->column.formats;

          if (formats == 0 || (formats & self->format))
            g_array_append_val (self->shown, i);
        }
    }
  self->shown_valid = TRUE;
}

static void
write_text (HsCliTable *self,
            const char *text)
{
  if (fputs (text, self->output) == EOF)
    self->write_failed = TRUE;
}

static void
pad (GString    *line,
     const char *text,
     int         width)
{
  static const char spaces[] = "                                ";
  /* No width (the name column): nothing to count. */
  glong missing = width != 0 ? ABS (width) - g_utf8_strlen (text, -1) : 0;

  for (glong left = width > 0 ? missing : 0; left > 0; left -= sizeof spaces - 1)
    g_string_append_len (line, spaces, MIN (left, (glong) sizeof spaces - 1));
  g_string_append (line, text);
  for (glong left = width < 0 ? missing : 0; left > 0; left -= sizeof spaces - 1)
    g_string_append_len (line, spaces, MIN (left, (glong) sizeof spaces - 1));
}

static void
append_separator (GString           *line,
                  const HsCliColumn *column,
                  gboolean           first)
{
  if (!first)
    g_string_append_c (line, ' ');
  for (guint i = 0; i < column->gap; i++)
    g_string_append_c (line, ' ');
}

/* The aligned header, or an empty string when no column has a title. */
static char *
text_header (HsCliTable *self)
{
  g_autoptr(GString) line = g_string_new (NULL);
  gboolean any = FALSE;

  for (guint k = 0; k < self->shown->len; k++)
    {
      const HsCliColumn *column = &column_at (self, g_array_index (self->shown, guint, k))->column;
      g_autofree char *title = hs_cli_escape_text (column->title ? column->title : "");

      any |= column->title != NULL;
      append_separator (line, column, k == 0);
      pad (line, title, column->width);
    }
  if (!any)
    return g_strdup ("");
  while (line->len > 0 && line->str[line->len - 1] == ' ')
    g_string_truncate (line, line->len - 1);
  g_string_append_c (line, '\n');
  return g_string_free (g_steal_pointer (&line), FALSE);
}

static char *
machine_header (HsCliTable *self)
{
  g_autoptr(GString) line = g_string_new (NULL);

  for (guint k = 0; k < self->shown->len; k++)
    {
      const char *name = column_at (self, g_array_index (self->shown, guint, k))->name;
      g_autofree char *field = self->format == HS_CLI_FORMAT_CSV ? hs_cli_escape_csv (name)
                                                                 : hs_cli_escape_tsv (name);

      if (k > 0)
        g_string_append_c (line, self->format == HS_CLI_FORMAT_CSV ? ',' : '\t');
      g_string_append (line, field);
    }
  g_string_append_c (line, '\n');
  return g_string_free (g_steal_pointer (&line), FALSE);
}

/* Notes and the header, once, before the first row. */
static void
start (HsCliTable *self)
{
  g_autofree char *header = NULL;

  if (self->started)
    return;
  self->started = TRUE;
  compute_shown (self);

  switch (self->format)
    {
    case HS_CLI_FORMAT_TEXT:
      for (guint i = 0; i < self->notes->len; i++)
        {
          write_text (self, g_ptr_array_index (self->notes, i));
          write_text (self, "\n");
        }
      if (self->style == HS_CLI_TEXT_ALIGNED)
        header = text_header (self);
      break;
    case HS_CLI_FORMAT_TSV:
    case HS_CLI_FORMAT_CSV:
      header = machine_header (self);
      break;
    case HS_CLI_FORMAT_JSON:
    default:
      break;
    }
  if (header != NULL)
    write_text (self, header);
}

/* The kind's form for machines (TSV/CSV), before escaping. */
static char *
machine_value (const HsCliColumn *column,
               const HsCliCell   *cell)
{
  /* %.Nf of a large double has hundreds of digits (DBL_MAX has 309):
   * G_ASCII_DTOSTR_BUF_SIZE would cut the number short. */
  char buf[512];
  char format[16];

  if (!cell->valid)
    return g_strdup ("");
  switch (column->kind)
    {
    case HS_CLI_COLUMN_TEXT:
      return g_strdup (cell->text);
    case HS_CLI_COLUMN_PERCENT:
    case HS_CLI_COLUMN_DOUBLE:
    case HS_CLI_COLUMN_SECONDS:
    case HS_CLI_COLUMN_BYTE_RATE:
      if (!isfinite (cell->number))
        return g_strdup ("");
      g_snprintf (format, sizeof format, "%%.%uf", MIN (column->digits, 17));
      return g_strdup (g_ascii_formatd (buf, sizeof buf, format, cell->number));
    case HS_CLI_COLUMN_TIME:
      return hs_format_rfc3339_utc (cell->integer);
    case HS_CLI_COLUMN_INTEGER:
    case HS_CLI_COLUMN_BYTES:
    case HS_CLI_COLUMN_BYTES_DELTA:
    default:
      return g_strdup_printf ("%" G_GINT64_FORMAT, cell->integer);
    }
}

/* The kind's form for people, before escaping. */
static char *
human_value (const HsCliColumn *column,
             const HsCliCell   *cell)
{
  gboolean is_double = column->kind == HS_CLI_COLUMN_PERCENT || column->kind == HS_CLI_COLUMN_DOUBLE ||
                       column->kind == HS_CLI_COLUMN_SECONDS || column->kind == HS_CLI_COLUMN_BYTE_RATE;

  if (!cell->valid || (is_double && !isfinite (cell->number)))
    return g_strdup ("n/a");
  if (column->text_func != NULL)
    return column->text_func (cell, column->user_data);
  switch (column->kind)
    {
    case HS_CLI_COLUMN_BYTES:
      return hs_format_bytes (cell->integer);
    case HS_CLI_COLUMN_BYTES_DELTA:
      {
        g_autofree char *text = hs_format_bytes (cell->integer);

        return cell->integer > 0 ? g_strconcat ("+", text, NULL) : g_steal_pointer (&text);
      }
    case HS_CLI_COLUMN_PERCENT:
      {
        g_autofree char *number = machine_value (column, cell);

        return *number != '\0' ? g_strconcat (number, "%", NULL) : g_strdup ("n/a");
      }
    case HS_CLI_COLUMN_SECONDS:
      {
        g_autofree char *number = machine_value (column, cell);

        return *number != '\0' ? g_strconcat (number, " s", NULL) : g_strdup ("n/a");
      }
    case HS_CLI_COLUMN_BYTE_RATE:
      {
        g_autofree char *bytes = NULL;

        /* Saturate: a rate from a file can be anything, a cast must not be UB. */
        if (!isfinite (cell->number))
          return g_strdup ("n/a");
        bytes = hs_format_bytes (cell->number >= 0x1p63 ? G_MAXINT64 :
                                 cell->number <= -0x1p63 ? G_MININT64 : (gint64) cell->number);
        return g_strconcat (bytes, "/s", NULL);
      }
    case HS_CLI_COLUMN_TEXT:
    case HS_CLI_COLUMN_INTEGER:
    case HS_CLI_COLUMN_DOUBLE:
    case HS_CLI_COLUMN_TIME:
    default:
      return machine_value (column, cell);
    }
}

/* json-glib 1.6 writes the shortest form of a double and appends ".0"
 * when it has no decimal point, so 1e30 becomes "1e+30.0" and 1e-05
 * "1e-05.0": not JSON. One unit in the last place towards zero gives a
 * form with a decimal point ("9.9999999999999996e+29"), which is the same
 * number to any reader that parses it as a double. */
static double
json_safe_double (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  const char *text = g_ascii_dtostr (buf, sizeof buf, value);

  if (strchr (text, 'e') != NULL && strchr (text, '.') == NULL)
    return nextafter (value, 0.0);
  return value;
}

static JsonNode *
json_value (const HsCliColumn *column,
            const HsCliCell   *cell)
{
  JsonNode *node;

  if (!cell->valid)
    return json_node_new (JSON_NODE_NULL);
  switch (column->kind)
    {
    case HS_CLI_COLUMN_TEXT:
      return string_node (cell->text);
    case HS_CLI_COLUMN_TIME:
      {
        g_autofree char *time = hs_format_rfc3339_utc (cell->integer);

        return string_node (time);
      }
    case HS_CLI_COLUMN_PERCENT:
    case HS_CLI_COLUMN_DOUBLE:
    case HS_CLI_COLUMN_SECONDS:
    case HS_CLI_COLUMN_BYTE_RATE:
      /* JSON has no NaN or infinity. */
      if (!isfinite (cell->number))
        return json_node_new (JSON_NODE_NULL);
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_double (node, json_safe_double (cell->number));
      return node;
    case HS_CLI_COLUMN_INTEGER:
    case HS_CLI_COLUMN_BYTES:
    case HS_CLI_COLUMN_BYTES_DELTA:
    default:
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_int (node, cell->integer);
      return node;
    }
}

/* Appends the row to @line: the body itself when not streaming, so that
 * a table of 20,000 rows makes no string per row. */
static void
append_text_line (HsCliTable *self,
                  GString    *line)
{
  gsize start = line->len;
  gsize tabbed_len = start;

  for (guint k = 0; k < self->shown->len; k++)
    {
      guint i = g_array_index (self->shown, guint, k);
      const HsCliColumn *column = &column_at (self, i)->column;
      g_autofree char *raw = human_value (column, &g_array_index (self->row, HsCliCell, i));
      /* Most values need no escaping: no copy for them (a top table
       * writes tens of thousands). */
      g_autofree char *escaped = text_needs_escape (raw) ? hs_cli_escape_text (raw) : NULL;
      const char *value = escaped != NULL ? escaped : raw;

      if (self->style == HS_CLI_TEXT_TABBED)
        {
          /* Escaped as text, so a TAB in a value cannot add a field. */
          if (k > 0)
            g_string_append_c (line, '\t');
          if (g_array_index (self->row, HsCliCell, i).valid)
            {
              g_string_append (line, value);
              tabbed_len = line->len;
            }
        }
      else if (self->style == HS_CLI_TEXT_LABELLED)
        {
          if (k > 0)
            g_string_append (line, "  ");
          if (column->title != NULL)
            {
              g_autofree char *title = hs_cli_escape_text (column->title);

              g_string_append_printf (line, "%s ", title);
            }
          g_string_append (line, value);
        }
      else
        {
          append_separator (line, column, k == 0);
          pad (line, value, column->width);
        }
    }
  if (self->style == HS_CLI_TEXT_ALIGNED)
    while (line->len > start && line->str[line->len - 1] == ' ')
      g_string_truncate (line, line->len - 1);
  if (self->style == HS_CLI_TEXT_TABBED)
    g_string_truncate (line, tabbed_len);
  g_string_append_c (line, '\n');
}

static void
append_machine_line (HsCliTable *self,
                     GString    *line)
{

  for (guint k = 0; k < self->shown->len; k++)
    {
      guint i = g_array_index (self->shown, guint, k);
      const HsCliColumn *column = &column_at (self, i)->column;
      g_autofree char *raw = machine_value (column, &g_array_index (self->row, HsCliCell, i));
      g_autofree char *field = self->format == HS_CLI_FORMAT_CSV ? hs_cli_escape_csv (raw)
                                                                 : hs_cli_escape_tsv (raw);

      if (k > 0)
        g_string_append_c (line, self->format == HS_CLI_FORMAT_CSV ? ',' : '\t');
      g_string_append (line, field);
    }
  g_string_append_c (line, '\n');
}

static JsonObject *
json_row (HsCliTable *self)
{
  JsonObject *object = json_object_new ();

  for (guint k = 0; k < self->shown->len; k++)
    {
      guint i = g_array_index (self->shown, guint, k);
      const HsCliColumn *column = &column_at (self, i)->column;

      json_object_set_member (object, column->name,
                              json_value (column, &g_array_index (self->row, HsCliCell, i)));
    }
  return object;
}

void
hs_cli_table_begin_row (HsCliTable *self)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (!self->in_row);

  g_array_set_size (self->row, 0);
  self->in_row = TRUE;
}

static HsCliCell *
next_cell (HsCliTable *self)
{
  g_return_val_if_fail (self->in_row, NULL);
  g_return_val_if_fail (self->row->len < self->columns->len, NULL);

  g_array_set_size (self->row, self->row->len + 1);
  return &g_array_index (self->row, HsCliCell, self->row->len - 1);
}

void
hs_cli_table_add_text (HsCliTable *self,
                       const char *text)
{
  HsCliCell *cell;

  g_return_if_fail (self != NULL);

  if ((cell = next_cell (self)) == NULL)
    return;
  cell->valid = text != NULL;
  cell->text = g_strdup (text);
}

void
hs_cli_table_add_int (HsCliTable *self,
                      gint64      value)
{
  HsCliCell *cell;

  g_return_if_fail (self != NULL);

  if ((cell = next_cell (self)) == NULL)
    return;
  cell->valid = TRUE;
  cell->integer = value;
  cell->number = (double) value;
}

/* Saturates: a count above G_MAXINT64 (only a hostile file has one) is
 * written as G_MAXINT64, the most JSON readers and gint64 can hold. */
void
hs_cli_table_add_uint (HsCliTable *self,
                       guint64     value)
{
  hs_cli_table_add_int (self, (gint64) MIN (value, (guint64) G_MAXINT64));
}

void
hs_cli_table_add_double (HsCliTable *self,
                         double      value)
{
  HsCliCell *cell;

  g_return_if_fail (self != NULL);

  if ((cell = next_cell (self)) == NULL)
    return;
  cell->valid = TRUE;
  cell->number = value;
}

void
hs_cli_table_add_missing (HsCliTable *self)
{
  g_return_if_fail (self != NULL);

  next_cell (self);
}

void
hs_cli_table_end_row (HsCliTable *self)
{
  g_autoptr(GString) streamed = NULL;
  g_autofree char *line = NULL;

  g_return_if_fail (self != NULL);
  g_return_if_fail (self->in_row);

  self->in_row = FALSE;
  g_return_if_fail (self->row->len == self->columns->len);

  compute_shown (self);
  if (self->streaming)
    start (self);

  switch (self->format)
    {
    case HS_CLI_FORMAT_TEXT:
    case HS_CLI_FORMAT_TSV:
    case HS_CLI_FORMAT_CSV:
      streamed = self->streaming ? g_string_new (NULL) : NULL;
      if (self->format == HS_CLI_FORMAT_TEXT)
        append_text_line (self, self->streaming ? streamed : self->body);
      else
        append_machine_line (self, self->streaming ? streamed : self->body);
      if (streamed != NULL)
        line = g_string_free (g_steal_pointer (&streamed), FALSE);
      break;
    case HS_CLI_FORMAT_JSON:
    default:
      if (self->streaming)
        {
          g_autoptr(JsonGenerator) generator = json_generator_new ();
          g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
          g_autofree char *json = NULL;

          json_node_take_object (root, json_row (self));
          json_generator_set_root (generator, root);
          json = json_generator_to_data (generator, NULL);
          line = g_strconcat (json, "\n", NULL);
        }
      else
        json_array_add_object_element (self->json_rows, json_row (self));
      break;
    }

  if (line != NULL && self->streaming)
    {
      write_text (self, line);
      if (fflush (self->output) != 0)
        self->write_failed = TRUE;
    }
  g_array_set_size (self->row, 0);
  self->n_rows++;
}

static void
write_json_document (HsCliTable *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;
  JsonNode *rows = json_node_new (JSON_NODE_ARRAY);

  json_node_set_array (rows, self->json_rows);
  json_builder_begin_object (builder);
  for (guint i = 0; i < self->members->len; i++)
    {
      Member *m = &g_array_index (self->members, Member, i);

      json_builder_set_member_name (builder, m->key);
      json_builder_add_value (builder, json_node_copy (m->value));
    }
  json_builder_set_member_name (builder, self->rows_key);
  json_builder_add_value (builder, rows);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json = json_generator_to_data (generator, NULL);
  write_text (self, json);
  write_text (self, "\n");
}

/**
 * hs_cli_table_finish:
 * @self: a table
 *
 * Writes the header (if no row has written it yet), the rows kept back
 * and, for a JSON document, the document; then flushes.
 *
 * Returns: %FALSE when the output could not be written (a closed pipe,
 *   a full disk), so that the command can fail instead of exiting 0
 */
gboolean
hs_cli_table_finish (HsCliTable *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (!self->in_row, FALSE);

  if (!self->streaming)
    {
      start (self);
      if (self->format == HS_CLI_FORMAT_JSON)
        write_json_document (self);
      else
        write_text (self, self->body->str);
      g_string_truncate (self->body, 0);
    }
  if (fflush (self->output) != 0 || ferror (self->output))
    self->write_failed = TRUE;
  return !self->write_failed;
}
