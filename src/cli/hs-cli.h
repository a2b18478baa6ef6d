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

/* hs-cli-profile.c */
int hs_cli_top  (int argc, char **argv);
int hs_cli_info (int argc, char **argv);
int hs_cli_diff (int argc, char **argv);
/* Hook for memory-map snapshots: `diff` calls it first. hs-cli-profile.c
 * has a weak default returning FALSE; the snapshot feature defines it to
 * handle two snapshot files (returning TRUE and setting *out_status). */
gboolean hs_cli_diff_snapshots (int argc, char **argv, int *out_status);

/* hs-cli-live.c */
int hs_cli_watch    (int argc, char **argv);
int hs_cli_snapshot (int argc, char **argv);

G_END_DECLS
