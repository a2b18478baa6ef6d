/* hs-cli.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

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

/* The --format values; each command says which it accepts. */
typedef enum
{
  HS_CLI_FORMAT_TEXT = 1 << 0,
  HS_CLI_FORMAT_CSV  = 1 << 1,
  HS_CLI_FORMAT_TSV  = 1 << 2,
  HS_CLI_FORMAT_JSON = 1 << 3,
} HsCliFormat;

/* Tables (top, diff) and streams of samples (watch). */
#define HS_CLI_FORMATS_TABLE  (HS_CLI_FORMAT_TEXT | HS_CLI_FORMAT_TSV | HS_CLI_FORMAT_JSON)
#define HS_CLI_FORMATS_STREAM (HS_CLI_FORMAT_TEXT | HS_CLI_FORMAT_CSV | HS_CLI_FORMAT_JSON)

gboolean hs_cli_parse_format (const char   *text,
                              HsCliFormat   allowed,
                              HsCliFormat  *out,
                              GError      **error);

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
