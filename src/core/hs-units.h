/* hs-units.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The longest duration hs_parse_duration() accepts: about 146,000
 * years, and far enough from G_MAXINT64 that a clock reading plus it
 * cannot overflow. */
#define HS_DURATION_MAX (G_MAXINT64 / 2)

char     *hs_format_bytes       (gint64       bytes);
char     *hs_format_duration    (gint64       usec);
gboolean  hs_parse_duration     (const char  *text,
                                 gint64      *out_usec,
                                 GError     **error);
char     *hs_format_rfc3339_utc (gint64       wall_usec);
char     *hs_format_local_time  (gint64       wall_usec);

/* How a profile's sample value is written (hs_format_sample_value()). */
typedef enum
{
  HS_UNIT_STYLE_PPROF,  /* go tool pprof's text: "1.28s", "1.50MB", "12345" */
  HS_UNIT_STYLE_HUMAN,  /* the window's: "1.28 s", "1.50 MiB", "12,345" */
} HsUnitStyle;

char     *hs_format_sample_value  (gint64       value,
                                   const char  *unit,
                                   HsUnitStyle  style);
const char *hs_pprof_output_unit    (const char  *unit,
                                     gint64       min_value,
                                     gint64       max_value);
char     *hs_format_sample_value_as (gint64       value,
                                     const char  *unit,
                                     const char  *to_unit);
const char *hs_ascii_format_fixed   (char        *buf,
                                     gsize        size,
                                     double       value,
                                     guint        decimals);
const char *hs_ascii_format_general (char        *buf,
                                     gsize        size,
                                     double       value,
                                     guint        precision);
/* Large enough for any value of the two above with up to 17 digits
 * (%.17f of DBL_MAX has 309 digits before the point). */
#define HS_ASCII_FORMAT_BUF_SIZE 400
char     *hs_format_count         (gint64       value);
char     *hs_format_count_grouped (gint64       value,
                                   const char  *separator,
                                   const char  *grouping);
gboolean  hs_parse_size         (const char  *text,
                                 guint64     *out_bytes,
                                 GError     **error);
gboolean  hs_parse_growth       (const char  *text,
                                 double      *out_bytes_per_min,
                                 GError     **error);

/* Overflow rule. Figures come from files (profiles, snapshots) and from
 * arguments, so any value can be as large as its type allows and adding
 * two can overflow. Heapscope never lets that wrap, nor be undefined as
 * signed overflow is in C:
 *
 * - an argument that does not fit is refused with a message that names
 *   it (hs_parse_duration() refuses "1280000000h1280000000h");
 * - a figure computed from a file (a sum, a difference, a running total)
 *   saturates at the type's limit with the helpers below: samples that
 *   add up to more than G_MAXINT64 show G_MAXINT64 (8 EiB, obviously
 *   absurd) rather than a small or negative number that looks plausible.
 *
 * Inline, as the profile analyses call them once per sample value. */
static inline gint64
hs_int64_add_saturating (gint64 a,
                         gint64 b)
{
  gint64 sum;

  if (__builtin_add_overflow (a, b, &sum))
    return b > 0 ? G_MAXINT64 : G_MININT64;
  return sum;
}

static inline gint64
hs_int64_sub_saturating (gint64 a,
                         gint64 b)
{
  gint64 difference;

  if (__builtin_sub_overflow (a, b, &difference))
    return b < 0 ? G_MAXINT64 : G_MININT64;
  return difference;
}

static inline guint64
hs_uint64_add_saturating (guint64 a,
                          guint64 b)
{
  guint64 sum;

  if (__builtin_add_overflow (a, b, &sum))
    return G_MAXUINT64;
  return sum;
}

/* after − before as a signed change, saturated into a gint64 */
static inline gint64
hs_uint64_delta (guint64 before,
                 guint64 after)
{
  if (after >= before)
    return (gint64) MIN (after - before, (guint64) G_MAXINT64);
  if (before - after > (guint64) G_MAXINT64)
    return G_MININT64;
  return -(gint64) (before - after);
}

G_END_DECLS
