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
  { "watch", N_("Print a process’s memory figures over time (CSV, JSON or text)"), hs_cli_watch },
  { "snapshot", N_("Save a process’s memory map (every mapping) to a JSON file"), hs_cli_snapshot },
  { NULL, NULL, NULL }
};

int
hs_cli_usage_error (const char   *command,
                    const GError *error)
{
  g_printerr ("heapscope-cli %s: %s\n", command, error->message);
  return HS_CLI_EXIT_USAGE;
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
                           "  3  the watched process exited before the end\n"));
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

  g_printerr (_("heapscope-cli: unknown command “%s”\n"), argv[1]);
  print_help (stderr);
  return HS_CLI_EXIT_USAGE;
}
