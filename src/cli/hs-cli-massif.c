/* hs-cli-massif.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "heapscope-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "hs-cli.h"
#include "hs-massif.h"
#include "hs-profile-diff.h"

/* `massif FILE`: the snapshot list with ms_print's columns and numbers;
 * `massif --snapshot=N FILE`: that snapshot's allocation tree as a top
 * table; with `--base=M`, what changed from snapshot M to N. */

static int
output_error (void)
{
  g_printerr (_("heapscope-cli %s: could not write the output\n"), "massif");
  return HS_CLI_EXIT_FAILURE;
}

static const char *
tree_name (HsMassifTree tree)
{
  switch (tree)
    {
    case HS_MASSIF_TREE_DETAILED: return "detailed";
    case HS_MASSIF_TREE_PEAK: return "peak";
    case HS_MASSIF_TREE_EMPTY:
    default: return "empty";
    }
}

/* The position of massif's snapshot number @number. */
static gboolean
find_snapshot (HsMassif  *massif,
               int        number,
               guint     *out,
               GError   **error)
{
  for (guint i = 0; i < hs_massif_get_n_snapshots (massif); i++)
    if (hs_massif_get_snapshot (massif, i)->index == (guint) number)
      {
        *out = i;
        return TRUE;
      }
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               _("%s has no snapshot %d"), hs_massif_get_display_name (massif), number);
  return FALSE;
}

static gboolean
print_snapshots (HsMassif    *massif,
                 HsCliFormat  format)
{
  g_autofree char *time_title = g_strdup_printf ("time(%s)", hs_massif_get_time_unit (massif));
  const HsCliColumn columns[] = {
    { .name = "n", .title = "n", .kind = HS_CLI_COLUMN_INTEGER, .width = 3 },
    { .name = "time", .title = time_title, .kind = HS_CLI_COLUMN_INTEGER, .width = 14, .gap = 1 },
    { .name = "total_bytes", .title = "total(B)", .kind = HS_CLI_COLUMN_INTEGER, .width = 16, .gap = 1 },
    { .name = "useful_heap_bytes", .title = "useful-heap(B)", .kind = HS_CLI_COLUMN_INTEGER, .width = 16, .gap = 1 },
    { .name = "extra_heap_bytes", .title = "extra-heap(B)", .kind = HS_CLI_COLUMN_INTEGER, .width = 13, .gap = 1 },
    { .name = "stacks_bytes", .title = "stacks(B)", .kind = HS_CLI_COLUMN_INTEGER, .width = 12, .gap = 1 },
    { .name = "tree", .title = "tree", .kind = HS_CLI_COLUMN_TEXT, .width = -8, .gap = 2 },
  };
  g_autoptr(HsCliTable) table = hs_cli_table_new (format);

  hs_cli_table_set_rows_key (table, "snapshots");
  hs_cli_table_add_member_string (table, "command", hs_massif_get_command (massif));
  hs_cli_table_add_member_string (table, "time_unit", hs_massif_get_time_unit (massif));
  hs_cli_table_add_columns (table, columns, G_N_ELEMENTS (columns));
  for (guint i = 0; i < hs_massif_get_n_snapshots (massif); i++)
    {
      const HsMassifSnapshot *s = hs_massif_get_snapshot (massif, i);

      hs_cli_table_begin_row (table);
      hs_cli_table_add_int (table, s->index);
      hs_cli_table_add_int (table, s->time);
      hs_cli_table_add_int (table, hs_massif_snapshot_total (s));
      hs_cli_table_add_int (table, s->heap);
      hs_cli_table_add_int (table, s->heap_extra);
      hs_cli_table_add_int (table, s->stacks);
      hs_cli_table_add_text (table, tree_name (s->tree));
      hs_cli_table_end_row (table);
    }
  return hs_cli_table_finish (table);
}

int
hs_cli_massif (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HsMassif) massif = NULL;
  g_autoptr(HsProfile) profile = NULL;
  g_autoptr(HsProfile) base = NULL;
  g_autoptr(HsTop) top = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *format_text = NULL;
  g_autofree char *max_size_text = NULL;
  int snapshot = HS_CLI_UNSET;
  int base_snapshot = HS_CLI_UNSET;
  int nodecount = -1;
  guint64 max_size;
  HsCliFormat format;
  guint position;
  GOptionEntry entries[] = {
    { "snapshot", 0, 0, G_OPTION_ARG_INT, &snapshot, N_("Show the functions of this detailed snapshot (massif’s number)"), N_("N") },
    { "base", 0, 0, G_OPTION_ARG_INT, &base_snapshot, N_("With --snapshot: show what changed since this snapshot"), N_("M") },
    { "nodecount", 0, 0, G_OPTION_ARG_INT, &nodecount, N_("Show at most N nodes"), N_("N") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_text, N_("Output format: text, tsv, csv or json"), N_("FORMAT") },
    { "max-size", 0, 0, G_OPTION_ARG_STRING, &max_size_text, N_("Largest decompressed size to accept (default 1G)"), N_("BYTES") },
    { NULL }
  };

  context = g_option_context_new (_("FILE — a Valgrind massif file (massif.out.PID): its snapshots as ms_print lists them, or one snapshot’s functions"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error) ||
      !hs_cli_parse_format (format_text, HS_CLI_FORMATS_TABLE, &format, &error) ||
      !hs_cli_parse_max_size (max_size_text, HS_PROFILE_DEFAULT_MAX_SIZE, &max_size, &error))
    return hs_cli_usage_error ("massif", error);
  if (argc != 2)
    {
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, _("expected one massif file"));
      return hs_cli_usage_error ("massif", error);
    }
  if (base_snapshot != HS_CLI_UNSET && snapshot == HS_CLI_UNSET)
    {
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, _("--base needs --snapshot"));
      return hs_cli_usage_error ("massif", error);
    }

  file = g_file_new_for_commandline_arg (argv[1]);
  massif = hs_massif_load_file (file, max_size, NULL, &error);
  if (massif == NULL)
    return hs_cli_usage_error ("massif", error);

  if (snapshot == HS_CLI_UNSET)
    return print_snapshots (massif, format) ? HS_CLI_EXIT_OK : output_error ();

  if (!find_snapshot (massif, snapshot, &position, &error) ||
      (profile = hs_massif_get_profile (massif, position, &error)) == NULL)
    return hs_cli_usage_error ("massif", error);
  if (base_snapshot == HS_CLI_UNSET)
    top = hs_top_new (profile, 0, FALSE);
  else
    {
      if (!find_snapshot (massif, base_snapshot, &position, &error) ||
          (base = hs_massif_get_profile (massif, position, &error)) == NULL ||
          (top = hs_top_new_diff (base, profile, 0, FALSE, &error)) == NULL)
        return hs_cli_usage_error ("massif", error);
    }
  return hs_cli_print_top (top, format, nodecount, base) ? HS_CLI_EXIT_OK : output_error ();
}
