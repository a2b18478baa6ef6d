/* hs-go-capture.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "hs-profile.h"

G_BEGIN_DECLS

/**
 * hs_go_capture_build_url:
 * The URL of /debug/pprof/@profile_name on the Go service at @url (a base
 * URL or a pasted endpoint: normalized as HsGoSource does), with ?gc=1
 * when @gc and &debug=N when @debug > 0.
 */
char      *hs_go_capture_build_url (const char          *url,
                                    const char          *profile_name,
                                    gboolean             gc,
                                    int                  debug);

/**
 * hs_go_capture_async:
 * Fetches hs_go_capture_build_url() (with the Go fetch's timeout and size
 * cap), checks that the answer is a profile (an error page or a proxy's
 * answer is not: nothing is written then) and saves it to @output with
 * hs_output_file_write() (“-” is standard output).
 */
void       hs_go_capture_async     (const char          *url,
                                    const char          *profile_name,
                                    gboolean             gc,
                                    int                  debug,
                                    const char          *output,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
/* Returns the parsed profile; @out_url (the URL fetched) and @out_size
 * (bytes saved) may be NULL. */
HsProfile *hs_go_capture_finish    (GAsyncResult        *result,
                                    char               **out_url,
                                    gsize               *out_size,
                                    GError             **error);

/**
 * hs_go_capture_folder:
 * Where captures are saved: @setting (the captures-folder key) when not
 * empty, else g_get_user_data_dir()/heapscope/captures. Not created here.
 */
char      *hs_go_capture_folder    (const char          *setting);

/**
 * hs_go_capture_file_name:
 * A file name that sorts by time and says what it holds, e.g.
 * “heap-myservice-20261130-051502.pb.gz” (“.txt” when @debug > 0).
 * Characters of @name that do not belong in a file name become “_”.
 */
char      *hs_go_capture_file_name (const char          *profile_name,
                                    const char          *name,
                                    GDateTime           *time,
                                    int                  debug);

G_END_DECLS
