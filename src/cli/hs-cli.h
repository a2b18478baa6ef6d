/* hs-cli.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hs-profile-top.h"
#include <gio/gio.h>

#include "hs-cli-table.h"
#include "hs-limits.h"
#include "hs-profile.h"
#include "hs-profile-top.h"

G_BEGIN_DECLS

/* Exit codes, documented in `heapscope-cli --help`. */
#define HS_CLI_EXIT_OK           0
#define HS_CLI_EXIT_FAILURE      1  /* a check failed (e.g. a leak gate) */
#define HS_CLI_EXIT_USAGE        2  /* bad arguments, unreadable input */
#define HS_CLI_EXIT_PROCESS_GONE 3  /* the watched process exited first */
#define HS_CLI_EXIT_LIMIT        4  /* a limit (--max-rss, --baseline, …) was broken */

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
/* pprof's -top table of @top (a diff when @base is set), in @format;
 * FALSE when the output could not be written. */
gboolean hs_cli_print_top (HsTop       *top,
                           HsCliFormat  format,
                           int          nodecount,
                           HsProfile   *base);

/* hs-cli-massif.c */
int hs_cli_massif (int argc, char **argv);

/* `diff`'s "top growers" (by file:line) and goroutine growth, which
 * `run` prints too, after its summary, on @output. */
gboolean hs_cli_print_growers          (HsTop        *lines_top,
                                        HsCliFormat   format,
                                        guint         max_n,
                                        gboolean      section,
                                        FILE         *output);
gboolean hs_cli_print_goroutine_growth (HsProfile    *base,
                                        HsProfile    *newer,
                                        HsCliFormat   format,
                                        guint         max_n,
                                        gboolean      section,
                                        FILE         *output);

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
gboolean hs_cli_check_go_url (const char  *url,
                              GError     **error);
gboolean hs_cli_parse_sampling (const char  *interval_text,
                                const char  *window_text,
                                gint64      *interval,
                                gint64      *window,
                                GError     **error);
char    *hs_cli_format_verdict (HsMetric            *metric,
                                const HsTrendResult *result,
                                const HsMemoryLimit *start_limit);
int hs_cli_watch    (int argc, char **argv);
int hs_cli_snapshot (int argc, char **argv);
int hs_cli_capture  (int argc, char **argv);

/* hs-cli-run.c */
int hs_cli_run (int argc, char **argv);

/* The limits `run` and `watch` share: their options, parsed into core's
 * HsLimits, and what is printed when one is broken. */
typedef struct
{
  char *max_rss;
  char *max_growth;
  int   max_goroutines;
} HsCliLimitOptions;

void      hs_cli_limit_options_add   (GOptionContext     *context,
                                      HsCliLimitOptions  *options);
void      hs_cli_limit_options_clear (HsCliLimitOptions  *options);
gboolean  hs_cli_limit_options_any   (HsCliLimitOptions  *options);
/* Adds the limits given to @limits; FALSE with a message on a bad value. */
gboolean  hs_cli_limit_options_apply (HsCliLimitOptions  *options,
                                      HsLimits           *limits,
                                      GError            **error);
/* Prints each broken limit ("heapscope-cli: limit broken: …") and each
 * one that could not be checked on standard error; TRUE when one broke. */
gboolean  hs_cli_report_limits       (HsLimits           *limits,
                                      HsSession          *session);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (HsCliLimitOptions, hs_cli_limit_options_clear)

G_END_DECLS
