/* hs-test-cli.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>

#include "hs-test-cli.h"

int
hs_test_run_cli (char       **out_stdout,
                 char       **out_stderr,
                 const char  *first_arg,
                 ...)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GSubprocess) subprocess = NULL;
  g_autoptr(GError) error = NULL;
  const char *root = g_getenv ("HS_BUILD_ROOT");
  g_autofree char *cli = NULL;
  g_auto(GStrv) argv = NULL;
  va_list args;

  g_assert_nonnull (root);
  cli = g_build_filename (root, "src", "cli", "heapscope-cli", NULL);
  g_strv_builder_add (builder, cli);
  va_start (args, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_strv_builder_add (builder, arg);
  va_end (args);
  argv = g_strv_builder_end (builder);

  subprocess = g_subprocess_newv ((const char * const *) argv,
                                  G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                                  &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (subprocess, NULL, NULL, out_stdout, out_stderr, &error);
  g_assert_no_error (error);
  /* A crash (an ASan or LSan report ends in abort()) must say why. */
  if (!g_subprocess_get_if_exited (subprocess))
    g_test_message ("%s was killed by signal %d; its standard error:\n%s", cli,
                    g_subprocess_get_term_sig (subprocess),
                    out_stderr != NULL && *out_stderr != NULL ? *out_stderr : "(not captured)");
  g_assert_true (g_subprocess_get_if_exited (subprocess));
  return g_subprocess_get_exit_status (subprocess);
}
