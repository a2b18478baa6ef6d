/* hs-cli-table.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <stdio.h>

#include <glib.h>

G_BEGIN_DECLS

/* The --format values; each command says which it accepts. */
typedef enum
{
  HS_CLI_FORMAT_TEXT = 1 << 0,
  HS_CLI_FORMAT_CSV  = 1 << 1,
  HS_CLI_FORMAT_TSV  = 1 << 2,
  HS_CLI_FORMAT_JSON = 1 << 3,
} HsCliFormat;

#define HS_CLI_FORMATS_ALL (HS_CLI_FORMAT_TEXT | HS_CLI_FORMAT_CSV | HS_CLI_FORMAT_TSV | HS_CLI_FORMAT_JSON)

/* What a column holds. The value is the same in every format; only its
 * written form changes:
 *
 * | kind        | value   | text (for people)     | TSV / CSV         | JSON    |
 * |-------------|---------|-----------------------|-------------------|---------|
 * | TEXT        | string  | control chars visible | escaped / quoted  | string  |
 * | INTEGER     | gint64  | 1234                  | 1234              | number  |
 * | BYTES       | gint64  | 1.21 MiB              | 1269760           | number  |
 * | BYTES_DELTA | gint64  | +1.21 MiB             | 1269760           | number  |
 * | PERCENT     | double  | 12.5%                 | 12.5              | number  |
 * | DOUBLE      | double  | 12.5                  | 12.5              | number  |
 * | SECONDS     | double  | 2.5 s                 | 2.5               | number  |
 * | BYTE_RATE   | double  | 1.50 KiB/s            | 1536.0            | number  |
 * | TIME        | µs UTC  | RFC 3339              | RFC 3339          | string  |
 *
 * A missing cell (never measured) is "n/a" in text, an empty field in
 * TSV/CSV and null in JSON: never a zero standing in for "unknown". */
typedef enum
{
  HS_CLI_COLUMN_TEXT,
  HS_CLI_COLUMN_INTEGER,
  HS_CLI_COLUMN_BYTES,
  HS_CLI_COLUMN_BYTES_DELTA,
  HS_CLI_COLUMN_PERCENT,
  HS_CLI_COLUMN_DOUBLE,
  HS_CLI_COLUMN_SECONDS,
  HS_CLI_COLUMN_BYTE_RATE,
  HS_CLI_COLUMN_TIME,
} HsCliColumnKind;

typedef struct
{
  gboolean    valid;
  gint64      integer;  /* INTEGER, BYTES, BYTES_DELTA, TIME */
  double      number;   /* PERCENT, DOUBLE, SECONDS, BYTE_RATE */
  const char *text;     /* TEXT */
} HsCliCell;

/* Replaces the kind's text form; returns a newly allocated string, which
 * the table escapes like any text cell. */
typedef char *(*HsCliTextFunc) (const HsCliCell *cell,
                                gpointer         user_data);

/**
 * HsCliColumn:
 * @name: the TSV/CSV header and the JSON key
 * @title: (nullable): the header (aligned text) or label (labelled text)
 *   for people; %NULL for none
 * @kind: what the column holds
 * @formats: the formats that show this column; 0 for every format
 * @width: in aligned text, the least width in characters: positive
 *   right-aligns, negative left-aligns, 0 does not pad
 * @gap: extra spaces before the column in aligned text
 * @digits: decimals for PERCENT, DOUBLE, SECONDS and BYTE_RATE
 * @text_func: (nullable): the text form, instead of the kind's
 * @user_data: for @text_func
 *
 * Columns are data, given at run time, so that a command can build them
 * from a list (such as a session's metrics) as easily as from a literal.
 */
typedef struct
{
  const char      *name;
  const char      *title;
  HsCliColumnKind  kind;
  HsCliFormat      formats;
  int              width;
  guint            gap;
  guint            digits;
  HsCliTextFunc    text_func;
  gpointer         user_data;
} HsCliColumn;

/* How text (not TSV/CSV/JSON) lays a row out. */
typedef enum
{
  HS_CLI_TEXT_ALIGNED,   /* a header line, then one padded row per line */
  HS_CLI_TEXT_LABELLED,  /* no header; "TITLE value" pairs joined by two spaces */
  HS_CLI_TEXT_TABBED,    /* no header; values joined by TAB, trailing missing ones left out */
} HsCliTextStyle;

typedef struct _HsCliTable HsCliTable;

HsCliTable *hs_cli_table_new              (HsCliFormat        format);
void        hs_cli_table_free             (HsCliTable        *self);
HsCliFormat hs_cli_table_get_format       (HsCliTable        *self);

void        hs_cli_table_add_column       (HsCliTable        *self,
                                           const HsCliColumn *column);
void        hs_cli_table_add_columns      (HsCliTable        *self,
                                           const HsCliColumn *columns,
                                           guint              n_columns);
/* Text only: the columns to show, by name, in this order (instead of the
 * order they were added in). */
void        hs_cli_table_set_text_order   (HsCliTable        *self,
                                           const char * const *names);
void        hs_cli_table_set_text_style   (HsCliTable        *self,
                                           HsCliTextStyle     style);
/* Default stdout. */
void        hs_cli_table_set_output       (HsCliTable        *self,
                                           FILE              *output);
/* Streaming: each row is written (and flushed) when it ends, and JSON is
 * one object per line. Otherwise the table is written by finish(), and
 * JSON is one document: the members, then the rows under @rows_key. */
void        hs_cli_table_set_streaming    (HsCliTable        *self,
                                           gboolean           streaming);
void        hs_cli_table_set_rows_key     (HsCliTable        *self,
                                           const char        *rows_key);

/* JSON only: members of the document before the rows. */
void        hs_cli_table_add_member_string (HsCliTable       *self,
                                            const char       *key,
                                            const char       *value);
void        hs_cli_table_add_member_int    (HsCliTable       *self,
                                            const char       *key,
                                            gint64            value);
void        hs_cli_table_add_member_bool   (HsCliTable       *self,
                                            const char       *key,
                                            gboolean          value);
/* Text only: a line before the table. The whole line is escaped (see
 * hs_cli_escape_text()), so names can go in as they are. */
void        hs_cli_table_add_note          (HsCliTable       *self,
                                            const char       *format,
                                            ...) G_GNUC_PRINTF (2, 3);

/* A row: one add_*() per column, in the order the columns were added,
 * including columns the format does not show. */
void        hs_cli_table_begin_row        (HsCliTable        *self);
void        hs_cli_table_add_text         (HsCliTable        *self,
                                           const char        *text);
void        hs_cli_table_add_int          (HsCliTable        *self,
                                           gint64             value);
void        hs_cli_table_add_uint         (HsCliTable        *self,
                                           guint64            value);
void        hs_cli_table_add_double       (HsCliTable        *self,
                                           double             value);
void        hs_cli_table_add_missing      (HsCliTable        *self);
void        hs_cli_table_end_row          (HsCliTable        *self);

/* Writes what is left; FALSE when the output could not be written. A
 * streaming table may call it after each row to learn that at once. */
gboolean    hs_cli_table_finish           (HsCliTable        *self);

/* The escaping rules, also for lines that are not in a table. */
char       *hs_cli_escape_text            (const char        *text);
char       *hs_cli_escape_tsv             (const char        *text);
char       *hs_cli_escape_csv             (const char        *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HsCliTable, hs_cli_table_free)

G_END_DECLS
