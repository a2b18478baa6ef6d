/* hs-input-file.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* How much of an input is looked at to tell what it is. */
#define HS_INPUT_SNIFF_SIZE 4096

/* Deeper JSON is refused before json-glib (a recursive parser) sees it. */
#define HS_INPUT_MAX_JSON_DEPTH 64

GInputStream *hs_input_file_open        (GFile          *file,
                                         GCancellable   *cancellable,
                                         GError        **error);
const guint8 *hs_input_stream_peek      (GInputStream   *stream,
                                         gsize          *out_length,
                                         GCancellable   *cancellable,
                                         GError        **error);
GBytes       *hs_input_stream_read_all  (GInputStream   *stream,
                                         guint64         limit,
                                         const char     *display_name,
                                         const char     *limit_name,
                                         GCancellable   *cancellable,
                                         GError        **error);
GBytes       *hs_input_file_read        (GFile          *file,
                                         guint64         limit,
                                         const char     *limit_name,
                                         GCancellable   *cancellable,
                                         GError        **error);

gboolean      hs_input_parse_limit      (const char     *text,
                                         guint64        *out_bytes,
                                         GError        **error);

gboolean      hs_input_check_json_depth (const char     *data,
                                         gsize           length,
                                         guint           max_depth,
                                         const char     *display_name,
                                         GError        **error);

G_END_DECLS
