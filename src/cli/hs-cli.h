/* hs-cli.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

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

/* hs-cli-input.c */
gboolean hs_cli_parse_max_size (const char  *text,
                                guint64      default_value,
                                guint64     *out,
                                GError     **error);

/* `diff` opens its two inputs once, so that pipes work: their first bytes
 * tell a snapshot from a profile and stay buffered for the reader. */
typedef struct
{
  const char   *paths[2];
  GInputStream *streams[2];
} HsCliDiffInputs;

gboolean hs_cli_diff_inputs_open  (HsCliDiffInputs  *inputs);
GBytes  *hs_cli_diff_inputs_read  (HsCliDiffInputs  *inputs,
                                   const char       *path,
                                   guint64           limit,
                                   const char       *limit_name,
                                   GError          **error);
void     hs_cli_diff_inputs_clear (HsCliDiffInputs  *inputs);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (HsCliDiffInputs, hs_cli_diff_inputs_clear)

/* hs-cli-live.c */
/* `diff` calls it first: it opens the inputs into @inputs and, when one is
 * a memory-map snapshot, handles the diff, sets *out_status and returns
 * TRUE. Otherwise the profile diff reads @inputs. */
gboolean hs_cli_diff_snapshots (int               argc,
                                char            **argv,
                                HsCliDiffInputs  *inputs,
                                int              *out_status);
/* hs-cli-live.c */
int hs_cli_watch    (int argc, char **argv);
int hs_cli_snapshot (int argc, char **argv);
int hs_cli_capture  (int argc, char **argv);

G_END_DECLS
