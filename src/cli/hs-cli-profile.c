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
#include "hs-profile.h"
#include "hs-profile-diff.h"
#include "hs-profile-top.h"
#include "hs-units.h"

/* `top`, `info` and `diff` over pprof profiles. The tsv form is the one
 * tests compare with `go tool pprof` (fixtures/pprof-exact.sh): header
 * "name\tflat\tcum", pprof's names and order, exact integers. */

static HsProfile *
load (const char  *path,
      gint64       max_size,
      GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);

  return hs_profile_load_file (file, (guint64) MAX (max_size, 0), NULL, error);
}

/* pprof's measurement.Percentage. */
static char *
percentage (gint64 value,
            gint64 total)
{
  double ratio = 0;

  if (total != 0)
    ratio = fabs ((double) value / (double) total) * 100;
  if (ratio >= 99.95 && ratio <= 100.05)
    return g_strdup ("  100%");
  if (ratio >= 1.0)
    return g_strdup_printf ("%5.2f%%", ratio);
  return g_strdup_printf ("%5.2g%%", ratio);
}

/* Close to pprof's unit scaling: bytes in B/kB/MB/GB/TB (powers of 1024),
 * everything else as a plain integer. */
static char *
scaled (gint64      value,
        const char *unit)
{
  static const char *names[] = { "B", "kB", "MB", "GB", "TB", "PB" };
  double v = (double) value;
  guint i = 0;
  g_autofree char *num = NULL;

  if (value == 0)
    return g_strdup ("0");
  if (g_strcmp0 (unit, "bytes") != 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT, value);
  while (fabs (v) >= 1024 && i < G_N_ELEMENTS (names) - 1)
    {
      v /= 1024;
      i++;
    }
  if (i == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT "B", value);
  num = g_strdup_printf ("%.2f", v);
  if (g_str_has_suffix (num, ".00"))
    num[strlen (num) - 3] = '\0';
  return g_strdup_printf ("%s%s", num, names[i]);
}

static void
json_string (GString    *out,
             const char *s)
{
  g_string_append_c (out, '"');
  for (const char *p = s; *p; p++)
    {
      guchar c = (guchar) *p;

      if (c == '"' || c == '\\')
        g_string_append_printf (out, "\\%c", c);
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, (char) c);
    }
  g_string_append_c (out, '"');
}

static char *
format_time (gint64 nanos)
{
  if (nanos == 0)
    return g_strdup ("-");
  return hs_format_rfc3339_utc (nanos / 1000);
}

static void
print_top (HsTop        *top,
           HsCliFormat  format,
           int           nodecount,
           HsProfile    *base)
{
  HsProfile *profile = hs_top_get_profile (top);
  const char *unit = hs_top_get_unit (top);
  gint64 total = hs_top_get_total (top);
  guint n_rows = hs_top_get_n_rows (top);
  guint shown = n_rows;
  g_autoptr(GString) out = g_string_new (NULL);

  if (nodecount >= 0 && (guint) nodecount < shown)
    shown = (guint) nodecount;

  if (format == HS_CLI_FORMAT_TSV)
    {
      g_string_append (out, "name\tflat\tcum\n");
      for (guint i = 0; i < shown; i++)
        {
          HsTopRow *row = hs_top_get_row (top, i);

          g_string_append_printf (out, "%s\t%" G_GINT64_FORMAT "\t%" G_GINT64_FORMAT "\n",
                                  hs_top_row_get_name (row), hs_top_row_get_flat (row),
                                  hs_top_row_get_cum (row));
        }
    }
  else if (format == HS_CLI_FORMAT_JSON)
    {
      g_string_append (out, "{\n  \"file\": ");
      json_string (out, hs_profile_get_display_name (profile));
      if (base != NULL)
        {
          g_string_append (out, ",\n  \"base\": ");
          json_string (out, hs_profile_get_display_name (base));
        }
      g_string_append (out, ",\n  \"sample_type\": ");
      json_string (out, hs_top_get_sample_type (top));
      g_string_append (out, ",\n  \"unit\": ");
      json_string (out, unit);
      g_string_append_printf (out, ",\n  \"diff\": %s,\n  \"total\": %" G_GINT64_FORMAT
                              ",\n  \"nodes\": %u,\n  \"rows\": [",
                              base ? "true" : "false", total, n_rows);
      for (guint i = 0; i < shown; i++)
        {
          HsTopRow *row = hs_top_get_row (top, i);

          g_string_append (out, i ? ",\n    {\"name\": " : "\n    {\"name\": ");
          json_string (out, hs_top_row_get_name (row));
          g_string_append (out, ", \"file\": ");
          json_string (out, hs_top_row_get_file (row));
          g_string_append_printf (out, ", \"line\": %" G_GINT64_FORMAT
                                  ", \"flat\": %" G_GINT64_FORMAT ", \"cum\": %" G_GINT64_FORMAT,
                                  hs_top_row_get_line (row), hs_top_row_get_flat (row), hs_top_row_get_cum (row));
          if (base != NULL)
            g_string_append_printf (out, ", \"base_flat\": %" G_GINT64_FORMAT ", \"new_flat\": %" G_GINT64_FORMAT
                                    ", \"base_cum\": %" G_GINT64_FORMAT ", \"new_cum\": %" G_GINT64_FORMAT,
                                    hs_top_row_get_base_flat (row), hs_top_row_get_new_flat (row),
                                    hs_top_row_get_base_cum (row), hs_top_row_get_new_cum (row));
          g_string_append (out, "}");
        }
      g_string_append (out, "\n  ]\n}\n");
    }
  else
    {
      /* Like pprof -top: nodes whose |cum| is at most 0.5% of the total
       * are dropped unless --nodecount asks for a number of nodes. */
      gint64 cutoff = nodecount < 0 ? (gint64) ((double) total * 0.005) : -1;
      guint dropped = 0;
      gint64 shown_flat = 0;
      gint64 sum = 0;
      g_autofree char *time = format_time (hs_profile_get_time_nanos (profile));
      g_autoptr(GPtrArray) kept = g_ptr_array_new ();

      for (guint i = 0; i < shown; i++)
        {
          HsTopRow *row = hs_top_get_row (top, i);
          gint64 cum = hs_top_row_get_cum (row);

          if (cutoff >= 0 && fabs ((double) cum) <= (double) cutoff)
            {
              dropped++;
              continue;
            }
          g_ptr_array_add (kept, row);
          shown_flat += hs_top_row_get_flat (row);
        }

      g_string_append_printf (out, "File: %s\n", hs_profile_get_display_name (profile));
      if (base != NULL)
        g_string_append_printf (out, "Base: %s (diff: NEW − BASE; negative values shrank)\n",
                                hs_profile_get_display_name (base));
      g_string_append_printf (out, "Type: %s\n", hs_top_get_sample_type (top));
      g_string_append_printf (out, "Time: %s\n", time);
      {
        g_autofree char *a = scaled (shown_flat, unit);
        g_autofree char *p = percentage (shown_flat, total);
        g_autofree char *t = scaled (total, unit);

        g_string_append_printf (out, "Showing nodes accounting for %s, %s of %s total%s\n",
                                a, g_strstrip (p), t, base ? " (base)" : "");
      }
      if (dropped > 0)
        {
          g_autofree char *c = scaled (cutoff, unit);
          g_string_append_printf (out, "Dropped %u nodes (cum <= %s)\n", dropped, c);
        }
      if (shown < n_rows)
        g_string_append_printf (out, "Showing top %u nodes out of %u\n", shown, n_rows);
      g_string_append (out, "      flat  flat%   sum%        cum   cum%\n");
      for (guint i = 0; i < kept->len; i++)
        {
          HsTopRow *row = g_ptr_array_index (kept, i);
          gint64 flat = hs_top_row_get_flat (row);
          gint64 cum = hs_top_row_get_cum (row);
          g_autofree char *f = scaled (flat, unit);
          g_autofree char *fp = percentage (flat, total);
          g_autofree char *sp = NULL;
          g_autofree char *c = scaled (cum, unit);
          g_autofree char *cp = percentage (cum, total);

          sum += flat;
          sp = percentage (sum, total);
          g_string_append_printf (out, "%10s %s %s %10s %s  %s\n", f, fp, sp, c, cp,
                                  hs_top_row_get_name (row));
        }
    }
  fputs (out->str, stdout);
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
  gint64 max_size = (gint64) HS_PROFILE_DEFAULT_MAX_SIZE;
  HsCliFormat format;
  guint index;
  GOptionEntry entries[] = {
    { "sample-index", 0, 0, G_OPTION_ARG_STRING, &sample_index, N_("Sample type to show (default: the profile’s default)"), N_("NAME") },
    { "nodecount", 0, 0, G_OPTION_ARG_INT, &nodecount, N_("Show at most N nodes"), N_("N") },
    { "lines", 0, 0, G_OPTION_ARG_NONE, &lines, N_("Aggregate by file:line instead of by function"), NULL },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_text, N_("Output format: text, tsv or json"), N_("FORMAT") },
    { "max-size", 0, 0, G_OPTION_ARG_INT64, &max_size, N_("Largest decompressed size to accept, in bytes"), N_("BYTES") },
    { NULL }
  };

  context = g_option_context_new (_("FILE — the functions of a pprof profile, like “go tool pprof -top”"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error) ||
      !hs_cli_parse_format (format_text, HS_CLI_FORMATS_TABLE, &format, &error))
    return hs_cli_usage_error ("top", error);
  if (argc != 2)
    {
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, _("expected one profile file"));
      return hs_cli_usage_error ("top", error);
    }

  profile = load (argv[1], max_size, &error);
  if (profile == NULL || !hs_profile_resolve_sample_index (profile, sample_index, &index, &error))
    return hs_cli_usage_error ("top", error);

  top = hs_top_new (profile, index, lines);
  print_top (top, format, nodecount, NULL);
  return HS_CLI_EXIT_OK;
}

int
hs_cli_info (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HsProfile) profile = NULL;
  g_autofree char *time = NULL;
  g_autofree char *duration = NULL;
  gint64 max_size = (gint64) HS_PROFILE_DEFAULT_MAX_SIZE;
  const char * const *comments;
  GOptionEntry entries[] = {
    { "max-size", 0, 0, G_OPTION_ARG_INT64, &max_size, N_("Largest decompressed size to accept, in bytes"), N_("BYTES") },
    { NULL }
  };

  context = g_option_context_new (_("FILE — header, counts and totals of a profile"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return hs_cli_usage_error ("info", error);
  if (argc != 2)
    {
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, _("expected one profile file"));
      return hs_cli_usage_error ("info", error);
    }
  profile = load (argv[1], max_size, &error);
  if (profile == NULL)
    return hs_cli_usage_error ("info", error);

  time = format_time (hs_profile_get_time_nanos (profile));
  duration = hs_format_duration (hs_profile_get_duration_nanos (profile) / 1000);
  printf ("file\t%s\n", hs_profile_get_display_name (profile));
  printf ("format\t%s\n", hs_profile_format_to_string (hs_profile_get_format (profile)));
  printf ("kind\t%s\n", (const char *[]) { "heap", "goroutine", "other" }[hs_profile_get_kind (profile)]);
  printf ("time\t%s\n", time);
  printf ("duration\t%s\n", duration);
  printf ("period_type\t%s/%s\n", hs_profile_get_period_type (profile), hs_profile_get_period_unit (profile));
  printf ("period\t%" G_GINT64_FORMAT "\n", hs_profile_get_period (profile));
  printf ("default_sample_type\t%s\n",
          hs_profile_get_sample_type (profile, hs_profile_get_default_sample_index (profile)));
  printf ("samples\t%u\n", hs_profile_get_n_samples (profile));
  printf ("locations\t%u\n", hs_profile_get_n_locations (profile));
  printf ("functions\t%u\n", hs_profile_get_n_functions (profile));
  printf ("mappings\t%u\n", hs_profile_get_n_mappings (profile));
  printf ("strings\t%u\n", hs_profile_get_n_strings (profile));
  if (hs_profile_get_drop_frames (profile)[0])
    printf ("drop_frames\t%s\n", hs_profile_get_drop_frames (profile));
  if (hs_profile_get_keep_frames (profile)[0])
    printf ("keep_frames\t%s\n", hs_profile_get_keep_frames (profile));
  comments = hs_profile_get_comments (profile);
  for (guint i = 0; comments[i] != NULL; i++)
    printf ("comment\t%s\n", comments[i]);
  for (guint i = 0; i < hs_profile_get_n_sample_types (profile); i++)
    printf ("total.%s\t%" G_GINT64_FORMAT "\t%s\n", hs_profile_get_sample_type (profile, i),
            hs_profile_get_total (profile, i), hs_profile_get_sample_unit (profile, i));
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
  g_autofree char *sample_index = NULL;
  g_autofree char *format_text = NULL;
  int nodecount = -1;
  gboolean lines = FALSE;
  gint64 max_size = (gint64) HS_PROFILE_DEFAULT_MAX_SIZE;
  HsCliFormat format;
  guint index;
  int status;
  GOptionEntry entries[] = {
    { "sample-index", 0, 0, G_OPTION_ARG_STRING, &sample_index, N_("Sample type to compare (default: the profile’s default)"), N_("NAME") },
    { "nodecount", 0, 0, G_OPTION_ARG_INT, &nodecount, N_("Show at most N nodes"), N_("N") },
    { "lines", 0, 0, G_OPTION_ARG_NONE, &lines, N_("Aggregate by file:line instead of by function"), NULL },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_text, N_("Output format: text, tsv or json"), N_("FORMAT") },
    { "max-size", 0, 0, G_OPTION_ARG_INT64, &max_size, N_("Largest decompressed size to accept, in bytes"), N_("BYTES") },
    { NULL }
  };

  if (hs_cli_diff_snapshots (argc, argv, &status))
    return status;

  context = g_option_context_new (_("BASE NEW — what changed from BASE to NEW, like “go tool pprof -top -diff_base=BASE NEW”"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Values are NEW − BASE: a negative flat or cum means less in NEW. "
                                  "Functions are matched by name, so profiles of different builds compare."));
  if (!g_option_context_parse (context, &argc, &argv, &error) ||
      !hs_cli_parse_format (format_text, HS_CLI_FORMATS_TABLE, &format, &error))
    return hs_cli_usage_error ("diff", error);
  if (argc != 3)
    {
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, _("expected two profile files: BASE NEW"));
      return hs_cli_usage_error ("diff", error);
    }

  base = load (argv[1], max_size, &error);
  if (base == NULL)
    return hs_cli_usage_error ("diff", error);
  newer = load (argv[2], max_size, &error);
  if (newer == NULL ||
      !hs_profile_diff_check (base, newer, &error) ||
      !hs_profile_resolve_sample_index (newer, sample_index, &index, &error))
    return hs_cli_usage_error ("diff", error);

  top = hs_top_new_diff (base, newer, index, lines, &error);
  if (top == NULL)
    return hs_cli_usage_error ("diff", error);
  print_top (top, format, nodecount, base);
  return HS_CLI_EXIT_OK;
}
