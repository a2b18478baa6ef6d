/* heapscope-cli.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "heapscope-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "hs-cli.h"

/* Subcommands register here; each lives in its own hs-cli-*.c file. */
static const HsCliCommand commands[] = {
  { "top", N_("Show the functions of a pprof profile, like go tool pprof -top"), hs_cli_top },
  { "info", N_("Show a profile's header, counts and totals"), hs_cli_info },
  { "diff", N_("Compare two profiles (BASE NEW), like pprof -diff_base"), hs_cli_diff },
  { "massif", N_("Show a Valgrind massif file: its snapshots, like ms_print, or one snapshot’s functions"), hs_cli_massif },
  { "watch", N_("Print a process’s memory figures over time (CSV, JSON or text)"), hs_cli_watch },
  { "snapshot", N_("Save a process’s memory map (every mapping) to a JSON file"), hs_cli_snapshot },
  { "capture", N_("Save a profile of a Go service (heap, goroutine, …) to a file"), hs_cli_capture },
  { "run", N_("Run a command, watch its memory and fail on a leak or a limit (CI gate)"), hs_cli_run },
  { NULL, NULL, NULL }
};

int
hs_cli_usage_error (const char   *command,
                    const GError *error)
{
  g_auto(GStrv) lines = g_strsplit (error->message, "\n", -1);

  /* A message can quote a file's content or a process's name: shown
   * escaped like any text, line by line. */
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *line = hs_cli_escape_text (lines[i]);

      g_free (lines[i]);
      lines[i] = g_steal_pointer (&line);
    }
  {
    g_autofree char *message = g_strjoinv ("\n", lines);

    g_printerr ("heapscope-cli %s: %s\n", command, message);
  }
  return HS_CLI_EXIT_USAGE;
}

/**
 * hs_cli_parse_format:
 * @text: (nullable): the --format value; %NULL means text
 * @allowed: the formats this command writes
 *
 * Returns: %TRUE and sets @out when @text names an allowed format
 */
gboolean
hs_cli_parse_format (const char   *text,
                     HsCliFormat   allowed,
                     HsCliFormat  *out,
                     GError      **error)
{
  static const struct { const char *name; HsCliFormat format; } formats[] = {
    { "text", HS_CLI_FORMAT_TEXT },
    { "csv", HS_CLI_FORMAT_CSV },
    { "tsv", HS_CLI_FORMAT_TSV },
    { "json", HS_CLI_FORMAT_JSON },
  };
  g_autoptr(GString) names = g_string_new (NULL);

  if (text == NULL)
    text = "text";

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      if (!(allowed & formats[i].format))
        continue;
      if (g_str_equal (text, formats[i].name))
        {
          *out = formats[i].format;
          return TRUE;
        }
      g_string_append_printf (names, "%s%s", names->len > 0 ? ", " : "", formats[i].name);
    }

  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               _("Unknown format “%s”: use one of %s"), text, names->str);
  return FALSE;
}

/**
 * hs_cli_check_count:
 * @option: the option's name, for the message
 * @value: its value, or %HS_CLI_UNSET
 *
 * Returns: %TRUE when @value is unset or a count (0 or more)
 */
gboolean
hs_cli_check_count (const char  *option,
                    int          value,
                    GError     **error)
{
  if (value == HS_CLI_UNSET || value >= 0)
    return TRUE;
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               _("%s must be 0 or more, not %d"), option, value);
  return FALSE;
}

static void
print_help (FILE *stream)
{
  fprintf (stream, "%s", _("Usage: heapscope-cli COMMAND [OPTION…]\n\n"
                           "Find memory and goroutine leaks from a terminal or CI.\n\n"
                           "Commands:\n"));
  for (guint i = 0; commands[i].name != NULL; i++)
    fprintf (stream, "  %-10s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (stream, "%s", _("\nRun “heapscope-cli COMMAND --help” for a command’s options.\n\n"
                           "Exit status:\n"
                           "  0  success\n"
                           "  1  a check failed\n"
                           "  2  bad arguments or unreadable input\n"
                           "  3  the watched process exited before the end\n"
                           "  4  a limit (--max-rss, --max-growth, --max-goroutines, --baseline) was broken\n"
                           "`run` exits with its command’s own status when no limit was broken\n"
                           "(128+N when a signal N ended it).\n"));
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc < 2 || strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0 ||
      strcmp (argv[1], "help") == 0)
    {
      print_help (argc < 2 ? stderr : stdout);
      return argc < 2 ? HS_CLI_EXIT_USAGE : HS_CLI_EXIT_OK;
    }

  if (strcmp (argv[1], "--version") == 0)
    {
      printf ("heapscope-cli %s\n", PACKAGE_VERSION);
      return HS_CLI_EXIT_OK;
    }

  for (guint i = 0; commands[i].name != NULL; i++)
    {
      if (strcmp (argv[1], commands[i].name) == 0)
        return commands[i].func (argc - 1, argv + 1);
    }

  {
    g_autofree char *name = hs_cli_escape_text (argv[1]);

    g_printerr (_("heapscope-cli: unknown command “%s”\n"), name);
  }
  print_help (stderr);
  return HS_CLI_EXIT_USAGE;
}
