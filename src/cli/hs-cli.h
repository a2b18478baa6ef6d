/* hs-cli.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "hs-cli-table.h"

G_BEGIN_DECLS

/* Exit codes, documented in `heapscope-cli --help`. */
#define HS_CLI_EXIT_OK           0
#define HS_CLI_EXIT_FAILURE      1  /* a check failed (e.g. a leak gate) */
#define HS_CLI_EXIT_USAGE        2  /* bad arguments, unreadable input */
#define HS_CLI_EXIT_PROCESS_GONE 3  /* the watched process exited first */

/* Each subcommand takes argv with argv[0] being the subcommand name. */
typedef int (*HsCliCommandFunc) (int argc, char **argv);

typedef struct
{
  const char       *name;
  const char       *summary;
  HsCliCommandFunc  func;
} HsCliCommand;

int hs_cli_usage_error (const char *command, const GError *error);

/* Every command writes through HsCliTable, so every command takes every
 * format. */
#define HS_CLI_FORMATS_TABLE  HS_CLI_FORMATS_ALL
#define HS_CLI_FORMATS_STREAM HS_CLI_FORMATS_ALL

gboolean hs_cli_parse_format (const char   *text,
                              HsCliFormat   allowed,
                              HsCliFormat  *out,
                              GError      **error);

/* How many top growers `diff` adds to its text, as the Compare view shows. */
#define HS_CLI_N_GROWERS 5
/* An int option that was not given (so that -1 can be refused). */
#define HS_CLI_UNSET G_MININT

gboolean hs_cli_check_count (const char  *option,
                             int          value,
                             GError     **error);

/* hs-cli-profile.c */
int hs_cli_top  (int argc, char **argv);
int hs_cli_info (int argc, char **argv);
int hs_cli_diff (int argc, char **argv);

/* hs-cli-live.c */
/* `diff` calls it first: when a file is a memory-map snapshot it handles
 * the diff, sets *out_status and returns TRUE. */
gboolean hs_cli_diff_snapshots (int argc, char **argv, int *out_status);
/* hs-cli-live.c */
int hs_cli_watch    (int argc, char **argv);
int hs_cli_snapshot (int argc, char **argv);

G_END_DECLS
