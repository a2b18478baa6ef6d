/* hs-units.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-units"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>

#include "hs-units.h"

/**
 * hs_format_bytes:
 * @bytes: a byte count, negative for a shrink in a diff
 *
 * Formats @bytes with binary units (KiB, MiB, GiB, TiB), as memory is
 * counted in pages and the kernel reports kibibytes. Three significant
 * digits are enough for a human; exact figures live in the tables.
 *
 * Returns: (transfer full): a newly allocated string
 */
char *
hs_format_bytes (gint64 bytes)
{
  static const char *units[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB" };
  double value = fabs ((double) bytes);
  const char *sign = bytes < 0 ? "−" : "";
  guint unit = 0;

  while (value >= 1024.0 && unit + 1 < G_N_ELEMENTS (units))
    {
      value /= 1024.0;
      unit++;
    }

  if (unit == 0)
    return g_strdup_printf ("%s%" G_GINT64_FORMAT " B", sign, bytes < 0 ? -bytes : bytes);
  if (value < 10.0)
    return g_strdup_printf ("%s%.2f %s", sign, value, units[unit]);
  if (value < 100.0)
    return g_strdup_printf ("%s%.1f %s", sign, value, units[unit]);
  return g_strdup_printf ("%s%.0f %s", sign, value, units[unit]);
}

/**
 * hs_format_duration:
 * @usec: microseconds, not negative
 *
 * Formats a duration the way the CLI accepts it back: "500ms", "3s",
 * "10m", "1h", or composites such as "1h2m" and "2m30s".
 *
 * Returns: (transfer full): a newly allocated string
 */
char *
hs_format_duration (gint64 usec)
{
  GString *str;
  gint64 msec;

  g_return_val_if_fail (usec >= 0, NULL);

  msec = usec / 1000;
  if (msec < 1000)
    return g_strdup_printf ("%" G_GINT64_FORMAT "ms", msec);

  str = g_string_new (NULL);
  if (msec >= 3600 * 1000)
    g_string_append_printf (str, "%" G_GINT64_FORMAT "h", msec / (3600 * 1000));
  if (msec % (3600 * 1000) >= 60 * 1000)
    g_string_append_printf (str, "%" G_GINT64_FORMAT "m", (msec / (60 * 1000)) % 60);
  if (msec % (60 * 1000) != 0)
    {
      if (msec % 1000 == 0)
        g_string_append_printf (str, "%" G_GINT64_FORMAT "s", (msec / 1000) % 60);
      else
        g_string_append_printf (str, "%.3gs", (double) (msec % (60 * 1000)) / 1000.0);
    }

  return g_string_free (str, FALSE);
}

/**
 * hs_parse_duration:
 * @text: a duration such as "500ms", "3s", "10m", "1h" or "1h30m"
 * @out_usec: (out): the duration in microseconds
 * @error: return location for a #GError
 *
 * Parses the one duration syntax used everywhere in the CLI. A bare
 * number is refused: "5" could mean seconds or milliseconds, and a wrong
 * guess silently samples 1000 times too often.
 *
 * Returns: %TRUE on success
 */
gboolean
hs_parse_duration (const char  *text,
                   gint64      *out_usec,
                   GError     **error)
{
  const char *p = text;
  gint64 total = 0;
  gboolean any = FALSE;

  g_return_val_if_fail (out_usec != NULL, FALSE);

  if (text == NULL || *text == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Empty duration: write it like 500ms, 3s, 10m or 1h"));
      return FALSE;
    }

  while (*p != '\0')
    {
      char *end = NULL;
      double value;
      gint64 scale;

      if (!g_ascii_isdigit (*p) && *p != '.')
        goto bad;

      value = g_ascii_strtod (p, &end);
      if (end == p || value < 0 || !isfinite (value))
        goto bad;
      p = end;

      if (g_str_has_prefix (p, "ms"))
        scale = 1000, p += 2;
      else if (g_str_has_prefix (p, "us") || g_str_has_prefix (p, "µs"))
        scale = 1, p += (*p == 'u') ? 2 : strlen ("µs");
      else if (*p == 's')
        scale = G_USEC_PER_SEC, p++;
      else if (*p == 'm')
        scale = G_GINT64_CONSTANT (60) * G_USEC_PER_SEC, p++;
      else if (*p == 'h')
        scale = G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC, p++;
      else
        goto bad;

      if (value * (double) scale > (double) (G_MAXINT64 / 2))
        goto bad;

      total += (gint64) llround (value * (double) scale);
      any = TRUE;
    }

  if (!any)
    goto bad;

  *out_usec = total;
  return TRUE;

bad:
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               _("Invalid duration “%s”: write it like 500ms, 3s, 10m or 1h"), text);
  return FALSE;
}

/**
 * hs_format_rfc3339_utc:
 * @wall_usec: microseconds since the Unix epoch
 *
 * Returns: (transfer full): e.g. "2026-11-22T03:38:12.345Z"
 */
char *
hs_format_rfc3339_utc (gint64 wall_usec)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (wall_usec / G_USEC_PER_SEC);
  g_autofree char *base = NULL;

  if (dt == NULL)
    return g_strdup ("invalid-time");

  base = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S");
  return g_strdup_printf ("%s.%03dZ", base, (int) ((wall_usec % G_USEC_PER_SEC) / 1000));
}

/* Overflow rule
 *
 * Figures come from files (profiles, snapshots) and arguments, so any
 * value can be as large as its type allows, and adding two can overflow.
 * Heapscope never lets that wrap (or be undefined, as signed overflow is
 * in C):
 *
 * - an argument that does not fit is refused with a message that names
 *   it (hs_parse_duration(): "1280000000h" is refused, not wrapped);
 * - a figure computed from a file (a sum, a difference, a running total)
 *   saturates at the type's limit with the helpers below: a profile whose
 *   samples add up to more than G_MAXINT64 shows G_MAXINT64, which is
 *   obviously absurd, rather than a small or negative number, which
 *   would look plausible.
 */

gint64
hs_int64_add_saturating (gint64 a,
                         gint64 b)
{
  gint64 sum;

  if (__builtin_add_overflow (a, b, &sum))
    return b > 0 ? G_MAXINT64 : G_MININT64;
  return sum;
}

gint64
hs_int64_sub_saturating (gint64 a,
                         gint64 b)
{
  gint64 difference;

  if (__builtin_sub_overflow (a, b, &difference))
    return b < 0 ? G_MAXINT64 : G_MININT64;
  return difference;
}

guint64
hs_uint64_add_saturating (guint64 a,
                          guint64 b)
{
  guint64 sum;

  if (__builtin_add_overflow (a, b, &sum))
    return G_MAXUINT64;
  return sum;
}

gint64
hs_uint64_delta (guint64 before,
                 guint64 after)
{
  if (after >= before)
    return (gint64) MIN (after - before, (guint64) G_MAXINT64);
  return before - after >= (guint64) G_MAXINT64 + 1 ? G_MININT64 : -(gint64) (before - after);
}
