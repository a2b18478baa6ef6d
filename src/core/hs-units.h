/* hs-units.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char     *hs_format_bytes       (gint64       bytes);
char     *hs_format_duration    (gint64       usec);
gboolean  hs_parse_duration     (const char  *text,
                                 gint64      *out_usec,
                                 GError     **error);
char     *hs_format_rfc3339_utc (gint64       wall_usec);

G_END_DECLS
