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

/* Arithmetic on figures from files and arguments (see hs-units.c):
 * sums and differences saturate at the type's limits, never wrap. */
gint64    hs_int64_add_saturating  (gint64  a,
                                    gint64  b);
gint64    hs_int64_sub_saturating  (gint64  a,
                                    gint64  b);
guint64   hs_uint64_add_saturating (guint64 a,
                                    guint64 b);
/* after − before, saturated into a gint64 */
gint64    hs_uint64_delta          (guint64 before,
                                    guint64 after);

G_END_DECLS
