/* hs-cli-profile.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "heapscope-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "hs-cli.h"
#include "hs-goroutine-growth.h"
#include "hs-profile.h"
#include "hs-profile-diff.h"
#include "hs-profile-filter.h"
#include "hs-profile-top.h"
#include "hs-units.h"

/* `top`, `info` and `diff` over pprof profiles. The tsv form is the one
 * tests compare with `go tool pprof` (fixtures/pprof-exact.sh): header
 * "name\tflat\tcum", pprof's names and order, exact integers. */

/* Names the addresses of an address-only profile (gperftools, jemalloc,
 * legacy texts) from its binaries: in --binary-path, else
 * PPROF_BINARY_PATH, as pprof. What stays unnamed is said on stderr,
 * once a mapping; the tables then show the addresses. */
static HsProfile *
symbolize (HsProfile   *profile,
           const char  *binary_path,
           GError     **error)
{
  g_auto(GStrv) search = NULL;
  const char * const *notes;

  if (profile == NULL || !hs_profile_needs_symbols (profile))
    return profile;

  search = binary_path != NULL ? g_strsplit (binary_path, G_SEARCHPATH_SEPARATOR_S, -1)
                               : hs_profile_default_binary_path ();
  if (!hs_profile_symbolize (profile, (const char * const *) search, NULL, error))
    {
      g_object_unref (profile);
      return NULL;
    }
  notes = hs_profile_get_symbol_notes (profile);
  for (guint i = 0; notes[i] != NULL; i++)
    g_printerr ("heapscope-cli: %s: %s\n", hs_profile_get_display_name (profile), notes[i]);
  return profile;
}

static HsProfile *
load (const char  *path,
      guint64      max_size,
      const char  *binary_path,
      GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);

  return symbolize (hs_profile_load_file (file, max_size, NULL, error), binary_path, error);
}

/* `diff` reads what hs_cli_diff_snapshots opened: a pipe's first bytes
 * were read to tell its kind. The same cap as hs_profile_load_file. */
static HsProfile *
load_input (HsCliDiffInputs  *inputs,
            const char       *path,
            guint64           max_size,
            const char       *binary_path,
            GError          **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = g_path_get_basename (path);

  bytes = hs_cli_diff_inputs_read (inputs, path, max_size, "max-profile-size", &local_error);
  if (bytes == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE))
        g_set_error_literal (error, HS_PROFILE_ERROR, HS_PROFILE_ERROR_TOO_LARGE, local_error->message);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return symbolize (hs_profile_load_bytes (bytes, name, max_size, error), binary_path, error);
}

/* pprof's sample filters, the same flags as `go tool pprof`. */
typedef struct
{
  char *focus;
  char *ignore;
  char *hide;
  char *show;
  char *tagfocus;
  char *tagignore;
} FilterOptions;

static void
filter_options_clear (FilterOptions *o)
{
  g_clear_pointer (&o->focus, g_free);
  g_clear_pointer (&o->ignore, g_free);
  g_clear_pointer (&o->hide, g_free);
  g_clear_pointer (&o->show, g_free);
  g_clear_pointer (&o->tagfocus, g_free);
  g_clear_pointer (&o->tagignore, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FilterOptions, filter_options_clear)

static void
add_filter_entries (GOptionContext *context,
                    FilterOptions  *o)
{
  const GOptionEntry entries[] = {
    { "focus", 0, 0, G_OPTION_ARG_STRING, &o->focus, N_("Keep only samples with a frame matching REGEX (as pprof -focus)"), N_("REGEX") },
    { "ignore", 0, 0, G_OPTION_ARG_STRING, &o->ignore, N_("Drop samples with a frame matching REGEX (as pprof -ignore)"), N_("REGEX") },
    { "hide", 0, 0, G_OPTION_ARG_STRING, &o->hide, N_("Remove frames matching REGEX from the stacks (as pprof -hide)"), N_("REGEX") },
    { "show", 0, 0, G_OPTION_ARG_STRING, &o->show, N_("Keep only frames matching REGEX in the stacks (as pprof -show)"), N_("REGEX") },
    { "tagfocus", 0, 0, G_OPTION_ARG_STRING, &o->tagfocus, N_("Keep only samples with a label matching [KEY=]REGEX, or a number in a range such as bytes=1kb: (as pprof -tagfocus)"), N_("FILTER") },
    { "tagignore", 0, 0, G_OPTION_ARG_STRING, &o->tagignore, N_("Drop samples with a label matching [KEY=]REGEX, or a number in a range such as bytes=:64b (as pprof -tagignore)"), N_("FILTER") },
    { NULL }
  };
  GOptionGroup *group = g_option_group_new ("filters", _("Sample filters (as in go tool pprof):"),
                                            _("Show sample filter options"), NULL, NULL);

  g_option_group_set_translation_domain (group, GETTEXT_PACKAGE);
  g_option_group_add_entries (group, entries);
  g_option_context_add_group (context, group);
}

/* Replaces *@profile by its filtered form; adds to *@unmatched the
 * filters that matched nothing in it. */
static gboolean
apply_filters (HsProfile           **profile,
               const FilterOptions  *o,
               HsProfileFilterFlags *unmatched,
               GError              **error)
{
  HsProfileFilter filter = { o->focus, o->ignore, o->hide, o->show, o->tagfocus, o->tagignore };
  HsProfileFilterFlags flags = 0;
  HsProfile *filtered;

  filtered = hs_profile_filter (*profile, &filter, &flags, NULL, error);
  if (filtered == NULL)
    return FALSE;
  *unmatched &= flags;
  g_object_unref (*profile);
  *profile = filtered;
  return TRUE;
}

/* pprof's warnings: a filter that matched nothing (in a diff, on neither
 * side: pprof filters the merged profile). */
static void
warn_unmatched (const char           *name,
                HsProfileFilterFlags  unmatched)
{
  for (guint bit = 1; bit <= HS_PROFILE_FILTER_TAGIGNORE; bit <<= 1)
    if (unmatched & bit)
      g_printerr (_("heapscope-cli: %s: --%s matched no samples\n"), name, hs_profile_filter_flag_name (bit));
}

static double
ratio (gint64 value,
       gint64 total)
{
  return total != 0 ? fabs ((double) value / (double) total) * 100 : 0;
}

/* pprof's measurement.Percentage, of a ratio() */
static char *
percentage (double percent)
{
  char number[HS_ASCII_FORMAT_BUF_SIZE];
  gsize len;
  char *text;

  if (percent >= 99.95 && percent <= 100.05)
    return g_strdup ("100%");
  /* pprof's "%5.2f%%" and "%5.2g%%", with its "." in every locale. */
  if (percent >= 1.0)
    hs_ascii_format_fixed (number, sizeof number, percent, 2);
  else
    hs_ascii_format_general (number, sizeof number, percent, 2);
  /* "%5s%%", without printf: a report writes three per row. */
  len = strlen (number);
  text = g_malloc (MAX (len, 5) + 2);
  memset (text, ' ', 5);
  memcpy (text + (len < 5 ? 5 - len : 0), number, len);
  memcpy (text + MAX (len, 5), "%", 2);
  return text;
}

/* How a column writes values: pprof's text for @unit, in @to_unit (one
 * unit for the whole report, as pprof -top; "auto" scales each value). */
typedef struct
{
  const char *unit;
  const char *to_unit;
} ValueUnits;

static char *
format_time (gint64 nanos)
{
  if (nanos == 0)
    return g_strdup ("-");
  return hs_format_rfc3339_utc (nanos / 1000);
}

/* Text forms of top's columns: pprof's scaling and percentages. */
static char *
scaled_cell (const HsCliCell *cell,
             gpointer         user_data)
{
  const ValueUnits *units = user_data;

  return hs_format_sample_value_as (cell->integer, units->unit, units->to_unit);
}

static char *
percentage_cell (const HsCliCell *cell,
                 gpointer         user_data)
{
  return percentage (cell->number);
}

static void
add_top_columns (HsCliTable       *table,
                 const ValueUnits *units,
                 gboolean          diff)
{
  const HsCliColumn columns[] = {
    { .name = "name", .gap = 1 },
    { .name = "file", .formats = HS_CLI_FORMAT_JSON },
    { .name = "line", .kind = HS_CLI_COLUMN_INTEGER, .formats = HS_CLI_FORMAT_JSON },
    { .name = "flat", .title = "flat", .kind = HS_CLI_COLUMN_INTEGER, .width = 10,
      .text_func = scaled_cell, .user_data = (gpointer) units },
    { .name = "cum", .title = "cum", .kind = HS_CLI_COLUMN_INTEGER, .width = 10,
      .text_func = scaled_cell, .user_data = (gpointer) units },
  };
  const HsCliColumn diff_columns[] = {
    { .name = "base_flat", .kind = HS_CLI_COLUMN_INTEGER, .formats = HS_CLI_FORMAT_JSON },
    { .name = "new_flat", .kind = HS_CLI_COLUMN_INTEGER, .formats = HS_CLI_FORMAT_JSON },
    { .name = "base_cum", .kind = HS_CLI_COLUMN_INTEGER, .formats = HS_CLI_FORMAT_JSON },
    { .name = "new_cum", .kind = HS_CLI_COLUMN_INTEGER, .formats = HS_CLI_FORMAT_JSON },
  };
  /* pprof -top's percentages are for people only. */
  const HsCliColumn percent_columns[] = {
    { .name = "flat%", .title = "flat%", .kind = HS_CLI_COLUMN_PERCENT,
      .formats = HS_CLI_FORMAT_TEXT, .width = 6, .text_func = percentage_cell },
    { .name = "sum%", .title = "sum%", .kind = HS_CLI_COLUMN_PERCENT,
      .formats = HS_CLI_FORMAT_TEXT, .width = 6, .text_func = percentage_cell },
    { .name = "cum%", .title = "cum%", .kind = HS_CLI_COLUMN_PERCENT,
      .formats = HS_CLI_FORMAT_TEXT, .width = 6, .text_func = percentage_cell },
  };
  static const char * const text_order[] = { "flat", "flat%", "sum%", "cum", "cum%", "name", NULL };

  hs_cli_table_add_columns (table, columns, G_N_ELEMENTS (columns));
  if (diff)
    hs_cli_table_add_columns (table, diff_columns, G_N_ELEMENTS (diff_columns));
  hs_cli_table_add_columns (table, percent_columns, G_N_ELEMENTS (percent_columns));
  hs_cli_table_set_text_order (table, text_order);
}

static void
add_top_row (HsCliTable        *table,
             const HsTopValues *row,
             gint64             total,
             gint64             sum,
             gboolean           diff)
{
  hs_cli_table_begin_row (table);
  if (row->marker[0] != '\0')
    {
      g_autofree char *name = g_strconcat (row->name, row->marker, NULL);

      hs_cli_table_add_text (table, name);
    }
  else
    hs_cli_table_add_text (table, row->name);
  hs_cli_table_add_text (table, row->file);
  hs_cli_table_add_int (table, row->line);
  hs_cli_table_add_int (table, row->flat);
  hs_cli_table_add_int (table, row->cum);
  if (diff)
    {
      hs_cli_table_add_int (table, row->base_flat);
      hs_cli_table_add_int (table, row->new_flat);
      hs_cli_table_add_int (table, row->base_cum);
      hs_cli_table_add_int (table, row->new_cum);
    }
  hs_cli_table_add_double (table, ratio (row->flat, total));
  hs_cli_table_add_double (table, ratio (sum, total));
  hs_cli_table_add_double (table, ratio (row->cum, total));
  hs_cli_table_end_row (table);
}

/* pprof's "Active filters:" lines, in its order. */
static void
add_filter_notes (HsCliTable          *table,
                  const FilterOptions *o)
{
  const char *values[] = { o->focus, o->ignore, o->hide, o->show, o->tagfocus, o->tagignore };
  const char *names[] = { "focus", "ignore", "hide", "show", "tagfocus", "tagignore" };
  gboolean any = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      if (values[i] == NULL || values[i][0] == '\0')
        continue;
      if (!any)
        hs_cli_table_add_note (table, "Active filters:");
      any = TRUE;
      hs_cli_table_add_note (table, "   %s=%s", names[i], values[i]);
    }
}

static gboolean
print_top (HsTop               *top,
           HsCliFormat          format,
           int                  nodecount,
           HsProfile           *base,
           const FilterOptions *filters)
{
  HsProfile *profile = hs_top_get_profile (top);
  const char *unit = hs_top_get_unit (top);
  gint64 total = hs_top_get_total (top);
  guint n_rows = hs_top_get_n_rows (top);
  guint shown = n_rows;
  /* Like pprof -top: nodes whose |cum| is at most 0.5% of the total are
   * dropped from the text unless --nodecount asks for a number of nodes.
   * TSV, CSV and JSON have every node. */
  gint64 cutoff = nodecount < 0 && format == HS_CLI_FORMAT_TEXT ? (gint64) ((double) total * 0.005) : -1;
  guint dropped = 0;
  gint64 shown_flat = 0;
  gint64 min_value = 0;
  gint64 sum = 0;
  ValueUnits units = { unit, NULL };
  g_autoptr(HsCliTable) table = hs_cli_table_new (format);
  g_autoptr(GArray) kept = g_array_new (FALSE, FALSE, sizeof (HsTopValues));

  if (nodecount >= 0 && (guint) nodecount < shown)
    shown = (guint) nodecount;

  for (guint i = 0; i < shown; i++)
    {
      HsTopValues row;

      hs_top_get_values (top, i, &row);
      if (cutoff >= 0 && fabs ((double) row.cum) <= (double) cutoff)
        {
          dropped++;
          continue;
        }
      g_array_append_val (kept, row);
      /* Flat values come from the file: saturate, never wrap (hs-units.h). */
      shown_flat = hs_int64_add_saturating (shown_flat, row.flat);
      /* pprof's report unit comes from the smallest value shown. */
      {
        gint64 v = row.flat != 0 ? row.flat : row.cum;

        v = v == G_MININT64 ? G_MAXINT64 : ABS (v);
        if (v > 0 && (min_value == 0 || v < min_value))
          min_value = v;
      }
    }
  units.to_unit = hs_pprof_output_unit (unit, min_value, total);

  hs_cli_table_add_member_string (table, "file", hs_profile_get_display_name (profile));
  if (base != NULL)
    hs_cli_table_add_member_string (table, "base", hs_profile_get_display_name (base));
  hs_cli_table_add_member_string (table, "sample_type", hs_top_get_sample_type (top));
  hs_cli_table_add_member_string (table, "unit", unit);
  hs_cli_table_add_member_bool (table, "diff", base != NULL);
  hs_cli_table_add_member_int (table, "total", total);
  hs_cli_table_add_member_int (table, "nodes", n_rows);

  if (format == HS_CLI_FORMAT_TEXT)
    {
      g_autofree char *time = format_time (hs_profile_get_time_nanos (profile));
      g_autofree char *a = hs_format_sample_value_as (shown_flat, unit, units.to_unit);
      g_autofree char *p = percentage (ratio (shown_flat, total));
      g_autofree char *t = hs_format_sample_value_as (total, unit, units.to_unit);

      hs_cli_table_add_note (table, "File: %s", hs_profile_get_display_name (profile));
      if (base != NULL)
        hs_cli_table_add_note (table, "Base: %s (diff: NEW − BASE; negative values shrank)",
                               hs_profile_get_display_name (base));
      hs_cli_table_add_note (table, "Type: %s", hs_top_get_sample_type (top));
      hs_cli_table_add_note (table, "Time: %s", time);
      add_filter_notes (table, filters);
      hs_cli_table_add_note (table, "Showing nodes accounting for %s, %s of %s total%s",
                             a, g_strstrip (p), t, base ? " (base)" : "");
      if (dropped > 0)
        {
          g_autofree char *c = hs_format_sample_value_as (cutoff, unit, units.to_unit);

          hs_cli_table_add_note (table, "Dropped %u nodes (cum <= %s)", dropped, c);
        }
      if (shown < n_rows)
        hs_cli_table_add_note (table, "Showing top %u nodes out of %u", shown, n_rows);
    }

  add_top_columns (table, &units, base != NULL);
  for (guint i = 0; i < kept->len; i++)
    {
      const HsTopValues *row = &g_array_index (kept, HsTopValues, i);

      sum = hs_int64_add_saturating (sum, row->flat);
      add_top_row (table, row, total, sum, base != NULL);
    }
  return hs_cli_table_finish (table);
}

static char *
signed_scaled_cell (const HsCliCell *cell,
                    gpointer         user_data)
{
  g_autofree char *text = scaled_cell (cell, user_data);

  return cell->integer > 0 ? g_strconcat ("+", text, NULL) : g_steal_pointer (&text);
}

/* The Compare view's "top growers", from the same core ranking
 * (hs_top_get_growers() over the diff by file:line). */
gboolean
hs_cli_print_growers (HsTop       *lines_top,
                      HsCliFormat  format,
                      guint        max_n,
                      gboolean     section,
                      FILE        *output)
{
  const char *unit = hs_top_get_unit (lines_top);
  /* Growers are not a pprof report: each value is scaled alone. */
  ValueUnits units = { unit, "auto" };
  g_autoptr(GPtrArray) growers = hs_top_get_growers (lines_top, max_n);
  g_autoptr(HsCliTable) table = hs_cli_table_new (format);
  int name_width = (int) strlen ("function");
  HsCliColumn columns[] = {
    { .name = "function", .title = "function", .gap = 1 },
    { .name = "file", .formats = HS_CLI_FORMAT_TSV | HS_CLI_FORMAT_CSV | HS_CLI_FORMAT_JSON },
    { .name = "line", .kind = HS_CLI_COLUMN_INTEGER,
      .formats = HS_CLI_FORMAT_TSV | HS_CLI_FORMAT_CSV | HS_CLI_FORMAT_JSON },
    { .name = "delta", .title = "grew", .kind = HS_CLI_COLUMN_INTEGER, .width = 10,
      .text_func = signed_scaled_cell, .user_data = &units },
    { .name = "base_flat", .title = "base", .kind = HS_CLI_COLUMN_INTEGER, .width = 10,
      .text_func = scaled_cell, .user_data = &units },
    { .name = "new_flat", .title = "new", .kind = HS_CLI_COLUMN_INTEGER, .width = 10,
      .text_func = scaled_cell, .user_data = &units },
    { .name = "where", .title = "file:line", .formats = HS_CLI_FORMAT_TEXT },
  };
  static const char * const text_order[] = { "delta", "base_flat", "new_flat", "function", "where", NULL };

  /* Names left-aligned to the longest, so that file:line lines up. */
  for (guint i = 0; i < growers->len; i++)
    {
      g_autofree char *name = hs_cli_escape_text (hs_top_row_get_function_name (g_ptr_array_index (growers, i)));

      name_width = MAX (name_width, (int) MIN (g_utf8_strlen (name, -1), 80));
    }
  columns[0].width = -name_width;

  hs_cli_table_add_member_string (table, "sample_type", hs_top_get_sample_type (lines_top));
  hs_cli_table_add_member_string (table, "unit", unit);
  hs_cli_table_set_output (table, output);
  hs_cli_table_set_rows_key (table, "growers");
  if (section)
    hs_cli_table_add_note (table, "%s", "");
  hs_cli_table_add_note (table, "Top growers (NEW − BASE by file:line, the likely leak sites):");
  hs_cli_table_add_columns (table, columns, G_N_ELEMENTS (columns));
  hs_cli_table_set_text_order (table, text_order);
  for (guint i = 0; i < growers->len; i++)
    {
      HsTopRow *row = g_ptr_array_index (growers, i);
      const char *file = hs_top_row_get_file (row);
      g_autofree char *where = file != NULL && *file != '\0' ?
        g_strdup_printf ("%s:%" G_GINT64_FORMAT, file, hs_top_row_get_line (row)) : g_strdup ("");

      hs_cli_table_begin_row (table);
      hs_cli_table_add_text (table, hs_top_row_get_function_name (row));
      hs_cli_table_add_text (table, file);
      hs_cli_table_add_int (table, hs_top_row_get_line (row));
      hs_cli_table_add_int (table, hs_top_row_get_flat (row));
      hs_cli_table_add_int (table, hs_top_row_get_base_flat (row));
      hs_cli_table_add_int (table, hs_top_row_get_new_flat (row));
      hs_cli_table_add_text (table, where);
      hs_cli_table_end_row (table);
    }
  return hs_cli_table_finish (table);
}

static char *
signed_count_cell (const HsCliCell *cell,
                   gpointer         user_data)
{
  return g_strdup_printf (cell->integer > 0 ? "+%" G_GINT64_FORMAT : "%" G_GINT64_FORMAT, cell->integer);
}

/* Core's words ("47 min", "under 1 min"); TSV/CSV/JSON keep the
 * integer, 0 meaning that Go printed no minutes (under one). */
static char *
wait_cell (const HsCliCell *cell,
           gpointer         user_data)
{
  HsGoroutineStack stack = { .wait_minutes = cell->integer };

  return hs_goroutine_stack_format_wait (&stack);
}

/* For goroutine profiles: the stacks that grew, each named by its first
 * frame outside the runtime (hs-goroutine-growth.c says why a flat
 * ranking names runtime.gopark instead). */
gboolean
hs_cli_print_goroutine_growth (HsProfile   *base,
                               HsProfile   *newer,
                               HsCliFormat  format,
                               guint        max_n,
                               gboolean     section,
                               FILE        *output)
{
  g_autoptr(GPtrArray) stacks = hs_goroutine_growth_new (base, newer, max_n);
  g_autoptr(HsCliTable) table = hs_cli_table_new (format);
  int site_width = (int) strlen ("site");
  int state_width = (int) strlen ("state");
  HsCliColumn columns[] = {
    { .name = "site", .title = "site", .gap = 1 },
    { .name = "delta", .title = "grew", .kind = HS_CLI_COLUMN_INTEGER, .width = 6,
      .text_func = signed_count_cell },
    { .name = "base", .title = "base", .kind = HS_CLI_COLUMN_INTEGER, .width = 6 },
    { .name = "new", .title = "new", .kind = HS_CLI_COLUMN_INTEGER, .width = 6 },
    { .name = "state", .title = "state" },
    { .name = "wait_minutes", .title = "longest wait", .kind = HS_CLI_COLUMN_INTEGER, .width = 12,
      .text_func = wait_cell },
    { .name = "labels", .title = "labels" },
    { .name = "stack", .formats = HS_CLI_FORMAT_TSV | HS_CLI_FORMAT_CSV | HS_CLI_FORMAT_JSON },
  };
  static const char * const text_order[] = { "delta", "base", "new", "site", "state", "wait_minutes", "labels", NULL };
  /* Without a debug=2 text nothing says how goroutines wait: the text
   * table leaves those columns out rather than print a column of n/a. */
  static const char * const text_order_no_waits[] = { "delta", "base", "new", "site", "labels", NULL };
  gboolean waits = FALSE;

  for (guint i = 0; i < stacks->len; i++)
    {
      HsGoroutineStack *stack = g_ptr_array_index (stacks, i);
      g_autofree char *site = hs_cli_escape_text (stack->site);

      site_width = MAX (site_width, (int) MIN (g_utf8_strlen (site, -1), 80));
      waits |= stack->wait_minutes != HS_GOROUTINE_WAIT_UNKNOWN;
      state_width = MAX (state_width, (int) MIN (g_utf8_strlen (stack->state, -1), 40));
    }
  columns[0].width = -site_width;
  columns[4].width = -state_width;

  hs_cli_table_set_output (table, output);
  hs_cli_table_set_rows_key (table, "goroutines");
  if (section)
    hs_cli_table_add_note (table, "%s", "");
  hs_cli_table_add_note (table, "Goroutine growth (NEW − BASE by stack, named by its first frame outside the runtime):");
  hs_cli_table_add_columns (table, columns, G_N_ELEMENTS (columns));
  hs_cli_table_set_text_order (table, waits ? text_order : text_order_no_waits);
  for (guint i = 0; i < stacks->len; i++)
    {
      HsGoroutineStack *stack = g_ptr_array_index (stacks, i);

      hs_cli_table_begin_row (table);
      hs_cli_table_add_text (table, stack->site);
      hs_cli_table_add_int (table, stack->count - stack->base);
      hs_cli_table_add_int (table, stack->base);
      hs_cli_table_add_int (table, stack->count);
      hs_cli_table_add_text (table, stack->state);
      if (stack->wait_minutes == HS_GOROUTINE_WAIT_UNKNOWN)
        hs_cli_table_add_missing (table);
      else
        hs_cli_table_add_int (table, stack->wait_minutes);
      hs_cli_table_add_text (table, stack->labels);
      hs_cli_table_add_text (table, stack->stack);
      hs_cli_table_end_row (table);
    }
  return hs_cli_table_finish (table);
}

static int
output_error (const char *command)
{
  g_printerr (_("heapscope-cli %s: could not write the output\n"), command);
  return HS_CLI_EXIT_FAILURE;
}

int
hs_cli_top (int    argc,
            char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HsProfile) profile = NULL;
  g_autoptr(HsTop) top = NULL;
  g_autofree char *sample_index = NULL;
  g_autofree char *format_text = NULL;
  int nodecount = -1;
  gboolean lines = FALSE;
  g_autofree char *max_size_text = NULL;
  g_autofree char *binary_path = NULL;
  guint64 max_size;
  HsCliFormat format;
  guint index;
  g_auto(FilterOptions) filters = { NULL };
  HsProfileFilterFlags unmatched = ~0;
  GOptionEntry entries[] = {
    { "sample-index", 0, 0, G_OPTION_ARG_STRING, &sample_index, N_("Sample type to show (default: the profile’s default)"), N_("NAME") },
    { "nodecount", 0, 0, G_OPTION_ARG_INT, &nodecount, N_("Show at most N nodes"), N_("N") },
    { "lines", 0, 0, G_OPTION_ARG_NONE, &lines, N_("Aggregate by file:line instead of by function"), NULL },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_text, N_("Output format: text, tsv, csv or json"), N_("FORMAT") },
    { "max-size", 0, 0, G_OPTION_ARG_STRING, &max_size_text, N_("Largest decompressed size to accept (default 1G)"), N_("BYTES") },
    { "binary-path", 0, 0, G_OPTION_ARG_STRING, &binary_path, N_("Where to look for the binaries of an address-only profile, directories separated by “:” (default: $PPROF_BINARY_PATH)"), N_("DIRS") },
    { NULL }
  };

  context = g_option_context_new (_("FILE — the functions of a pprof profile, like “go tool pprof -top”"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  add_filter_entries (context, &filters);
  if (!g_option_context_parse (context, &argc, &argv, &error) ||
      !hs_cli_parse_format (format_text, HS_CLI_FORMATS_TABLE, &format, &error) ||
      !hs_cli_parse_max_size (max_size_text, HS_PROFILE_DEFAULT_MAX_SIZE, &max_size, &error))
    return hs_cli_usage_error ("top", error);
  if (argc != 2)
    {
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, _("expected one profile file"));
      return hs_cli_usage_error ("top", error);
    }

  profile = load (argv[1], max_size, binary_path, &error);
  if (profile == NULL || !hs_profile_resolve_sample_index (profile, sample_index, &index, &error) ||
      !apply_filters (&profile, &filters, &unmatched, &error))
    return hs_cli_usage_error ("top", error);
  warn_unmatched (hs_profile_get_display_name (profile), unmatched);

  top = hs_top_new (profile, index, lines);
  if (!print_top (top, format, nodecount, NULL, &filters))
    return output_error ("top");
  return HS_CLI_EXIT_OK;
}

static void
add_field (HsCliTable *table,
           const char *field,
           const char *value,
           const char *unit)
{
  hs_cli_table_begin_row (table);
  hs_cli_table_add_text (table, field);
  hs_cli_table_add_text (table, value);
  hs_cli_table_add_text (table, unit);
  hs_cli_table_end_row (table);
}

static void
add_int_field (HsCliTable *table,
               const char *field,
               gint64      value,
               const char *unit)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, value);

  add_field (table, field, text, unit);
}

int
hs_cli_info (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HsProfile) profile = NULL;
  g_autoptr(HsCliTable) table = NULL;
  g_autofree char *time = NULL;
  g_autofree char *duration = NULL;
  g_autofree char *period_type = NULL;
  g_autofree char *format_text = NULL;
  g_autofree char *max_size_text = NULL;
  g_autofree char *binary_path = NULL;
  guint64 max_size;
  const char * const *comments;
  HsCliFormat format;
  static const HsCliColumn columns[] = {
    { .name = "field" },
    { .name = "value" },
    { .name = "unit" },
  };
  GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_text, N_("Output format: text, tsv, csv or json"), N_("FORMAT") },
    { "max-size", 0, 0, G_OPTION_ARG_STRING, &max_size_text, N_("Largest decompressed size to accept (default 1G)"), N_("BYTES") },
    { "binary-path", 0, 0, G_OPTION_ARG_STRING, &binary_path, N_("Where to look for the binaries of an address-only profile, directories separated by “:” (default: $PPROF_BINARY_PATH)"), N_("DIRS") },
    { NULL }
  };

  context = g_option_context_new (_("FILE — header, counts and totals of a profile"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error) ||
      !hs_cli_parse_format (format_text, HS_CLI_FORMATS_TABLE, &format, &error) ||
      !hs_cli_parse_max_size (max_size_text, HS_PROFILE_DEFAULT_MAX_SIZE, &max_size, &error))
    return hs_cli_usage_error ("info", error);
  if (argc != 2)
    {
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, _("expected one profile file"));
      return hs_cli_usage_error ("info", error);
    }
  profile = load (argv[1], max_size, binary_path, &error);
  if (profile == NULL)
    return hs_cli_usage_error ("info", error);

  time = format_time (hs_profile_get_time_nanos (profile));
  duration = hs_format_duration (hs_profile_get_duration_nanos (profile) / 1000);
  period_type = g_strdup_printf ("%s/%s", hs_profile_get_period_type (profile),
                                 hs_profile_get_period_unit (profile));

  /* One row per field; the text is "field<TAB>value[<TAB>unit]". */
  table = hs_cli_table_new (format);
  hs_cli_table_set_text_style (table, HS_CLI_TEXT_TABBED);
  hs_cli_table_set_rows_key (table, "fields");
  hs_cli_table_add_columns (table, columns, G_N_ELEMENTS (columns));
  add_field (table, "file", hs_profile_get_display_name (profile), NULL);
  add_field (table, "format", hs_profile_format_to_string (hs_profile_get_format (profile)), NULL);
  add_field (table, "kind", (const char *[]) { "heap", "goroutine", "other" }[hs_profile_get_kind (profile)], NULL);
  add_field (table, "time", time, NULL);
  add_field (table, "duration", duration, NULL);
  add_field (table, "period_type", period_type, NULL);
  add_int_field (table, "period", hs_profile_get_period (profile), NULL);
  add_field (table, "default_sample_type",
             hs_profile_get_sample_type (profile, hs_profile_get_default_sample_index (profile)), NULL);
  add_int_field (table, "samples", hs_profile_get_n_samples (profile), NULL);
  add_int_field (table, "locations", hs_profile_get_n_locations (profile), NULL);
  add_int_field (table, "functions", hs_profile_get_n_functions (profile), NULL);
  add_int_field (table, "mappings", hs_profile_get_n_mappings (profile), NULL);
  add_int_field (table, "strings", hs_profile_get_n_strings (profile), NULL);
  if (hs_profile_get_drop_frames (profile)[0])
    add_field (table, "drop_frames", hs_profile_get_drop_frames (profile), NULL);
  if (hs_profile_get_keep_frames (profile)[0])
    add_field (table, "keep_frames", hs_profile_get_keep_frames (profile), NULL);
  comments = hs_profile_get_comments (profile);
  for (guint i = 0; comments[i] != NULL; i++)
    add_field (table, "comment", comments[i], NULL);
  for (guint i = 0; i < hs_profile_get_n_sample_types (profile); i++)
    {
      g_autofree char *field = g_strdup_printf ("total.%s", hs_profile_get_sample_type (profile, i));

      add_int_field (table, field, hs_profile_get_total (profile, i), hs_profile_get_sample_unit (profile, i));
    }
  if (!hs_cli_table_finish (table))
    return output_error ("info");
  return HS_CLI_EXIT_OK;
}

int
hs_cli_diff (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HsProfile) base = NULL;
  g_autoptr(HsProfile) newer = NULL;
  g_autoptr(HsTop) top = NULL;
  g_autoptr(HsTop) lines_top = NULL;
  g_autofree char *sample_index = NULL;
  g_autofree char *format_text = NULL;
  int nodecount = -1;
  int growers = HS_CLI_UNSET;
  int goroutines = HS_CLI_UNSET;
  gboolean lines = FALSE;
  g_autofree char *max_size_text = NULL;
  g_autofree char *binary_path = NULL;
  guint64 max_size;
  HsCliFormat format;
  guint index;
  int status;
  g_auto(HsCliDiffInputs) inputs = { { NULL } };
  g_auto(FilterOptions) filters = { NULL };
  HsProfileFilterFlags unmatched = ~0;
  GOptionEntry entries[] = {
    { "sample-index", 0, 0, G_OPTION_ARG_STRING, &sample_index, N_("Sample type to compare (default: the profile’s default)"), N_("NAME") },
    { "nodecount", 0, 0, G_OPTION_ARG_INT, &nodecount, N_("Show at most N nodes"), N_("N") },
    { "lines", 0, 0, G_OPTION_ARG_NONE, &lines, N_("Aggregate by file:line instead of by function"), NULL },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_text, N_("Output format: text, tsv, csv or json"), N_("FORMAT") },
    { "growers", 0, 0, G_OPTION_ARG_INT, &growers,
      N_("Print only the N top growers (by file:line), as the Compare view ranks them"), N_("N") },
    { "goroutines", 0, 0, G_OPTION_ARG_INT, &goroutines,
      N_("Goroutine profiles: print only the N goroutine stacks that grew most, each named by its first frame outside the runtime"), N_("N") },
    { "max-size", 0, 0, G_OPTION_ARG_STRING, &max_size_text, N_("Largest decompressed size to accept (default 1G)"), N_("BYTES") },
    { "binary-path", 0, 0, G_OPTION_ARG_STRING, &binary_path, N_("Where to look for the binaries of an address-only profile, directories separated by “:” (default: $PPROF_BINARY_PATH)"), N_("DIRS") },
    { NULL }
  };

  if (hs_cli_diff_snapshots (argc, argv, &inputs, &status))
    return status;

  context = g_option_context_new (_("BASE NEW — what changed from BASE to NEW, like “go tool pprof -top -diff_base=BASE NEW”"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  add_filter_entries (context, &filters);
  g_option_context_set_summary (context,
                                _("Values are NEW − BASE: a negative flat or cum means less in NEW. "
                                  "Functions are matched by name, so profiles of different builds compare."));
  if (!g_option_context_parse (context, &argc, &argv, &error) ||
      !hs_cli_parse_format (format_text, HS_CLI_FORMATS_TABLE, &format, &error) ||
      !hs_cli_check_count ("--growers", growers, &error) ||
      !hs_cli_check_count ("--goroutines", goroutines, &error) ||
      !hs_cli_parse_max_size (max_size_text, HS_PROFILE_DEFAULT_MAX_SIZE, &max_size, &error))
    return hs_cli_usage_error ("diff", error);
  if (argc != 3)
    {
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, _("expected two profile files: BASE NEW"));
      return hs_cli_usage_error ("diff", error);
    }

  base = load_input (&inputs, argv[1], max_size, binary_path, &error);
  if (base == NULL)
    return hs_cli_usage_error ("diff", error);
  newer = load_input (&inputs, argv[2], max_size, binary_path, &error);
  if (newer == NULL ||
      !hs_profile_diff_check (base, newer, &error) ||
      !hs_profile_resolve_sample_index (newer, sample_index, &index, &error) ||
      !apply_filters (&base, &filters, &unmatched, &error) ||
      !apply_filters (&newer, &filters, &unmatched, &error))
    return hs_cli_usage_error ("diff", error);
  warn_unmatched (hs_profile_get_display_name (newer), unmatched);

  if (goroutines != HS_CLI_UNSET)
    {
      if (!hs_profile_is_goroutine (newer))
        {
          g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                       _("--goroutines needs goroutine profiles; “%s” is not one"), argv[2]);
          return hs_cli_usage_error ("diff", error);
        }
      return hs_cli_print_goroutine_growth (base, newer, format, (guint) goroutines, FALSE, stdout) ?
             HS_CLI_EXIT_OK : output_error ("diff");
    }
  if (growers != HS_CLI_UNSET || format == HS_CLI_FORMAT_TEXT)
    {
      lines_top = hs_top_new_diff (base, newer, index, TRUE, &error);
      if (lines_top == NULL)
        return hs_cli_usage_error ("diff", error);
    }
  if (growers != HS_CLI_UNSET)
    return hs_cli_print_growers (lines_top, format, (guint) growers, FALSE, stdout) ? HS_CLI_EXIT_OK : output_error ("diff");

  top = hs_top_new_diff (base, newer, index, lines, &error);
  if (top == NULL)
    return hs_cli_usage_error ("diff", error);
  if (!print_top (top, format, nodecount, base, &filters))
    return output_error ("diff");
  /* Text ends with the summary the Compare view opens with. */
  /* For goroutines the file:line growers would name runtime.gopark, where
   * every parked goroutine's flat frame is: the stacks tell the leak. */
  if (format == HS_CLI_FORMAT_TEXT && hs_profile_is_goroutine (newer))
    {
      if (!hs_cli_print_goroutine_growth (base, newer, format, HS_CLI_N_GROWERS, TRUE, stdout))
        return output_error ("diff");
    }
  else if (format == HS_CLI_FORMAT_TEXT && !hs_cli_print_growers (lines_top, format, HS_CLI_N_GROWERS, TRUE, stdout))
    return output_error ("diff");
  return HS_CLI_EXIT_OK;
}

gboolean
hs_cli_print_top (HsTop       *top,
                  HsCliFormat  format,
                  int          nodecount,
                  HsProfile   *base)
{
  static const FilterOptions no_filters = { NULL };

  return print_top (top, format, nodecount, base, &no_filters);
}
