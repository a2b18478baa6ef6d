/* hs-output-file.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The mode of a new snapshot, capture or recording: they hold command
 * lines, which may carry passwords and tokens, so only the owner reads. */
#define HS_OUTPUT_FILE_PRIVATE_MODE 0600

gboolean hs_output_file_write (const char    *path,
                               const void    *data,
                               gsize          length,
                               guint          new_mode,
                               GError       **error);

G_END_DECLS
