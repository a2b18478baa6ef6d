/* hs-test-cli.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Runs the built heapscope-cli (HS_BUILD_ROOT) with the arguments, up to a
 * NULL, and collects its output as text; returns its exit status. */
int hs_test_run_cli (char       **out_stdout,
                     char       **out_stderr,
                     const char  *first_arg,
                     ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS
