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
 * @usec: microseconds
 *
 * Formats a duration the way the CLI accepts it back: "500ms", "3s",
 * "10m", "1h", or composites such as "1h2m" and "2m30s". A negative
 * @usec, which only a broken file holds (a profile's duration_nanos), is
 * written with a leading "-" rather than refused: the header it comes
 * from is still worth showing, and hs_parse_duration() refuses it back.
 *
 * Returns: (transfer full): a newly allocated string
 */
char *
hs_format_duration (gint64 usec)
{
  GString *str;
  gint64 msec;

  if (usec < 0)
    {
      /* −G_MININT64 does not exist; the last microsecond does not matter. */
      g_autofree char *magnitude = hs_format_duration (usec == G_MININT64 ? G_MAXINT64 : -usec);

      return g_strconcat ("-", magnitude, NULL);
    }

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
 * guess silently samples 1000 times too often. A duration longer than
 * HS_DURATION_MAX is refused (see the overflow rule in hs-units.h), so
 * that callers can add it to a clock reading without overflowing.
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
      gint64 term;

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

      /* Each term and the running total stay at most HS_DURATION_MAX:
       * "1280000000h1280000000h…" is refused, never wrapped. */
      if (value * (double) scale > (double) HS_DURATION_MAX)
        goto too_long;
      term = (gint64) llround (value * (double) scale);
      if (term > HS_DURATION_MAX - total)
        goto too_long;
      total += term;
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

too_long:
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               _("Duration “%s” is too long"), text);
  return FALSE;
}

/**
 * hs_format_rfc3339_utc:
 * @wall_usec: microseconds since the Unix epoch, negative before it
 *
 * Returns: (transfer full): e.g. "2026-11-22T03:38:12.345Z"; a time
 *   1.5 s before the epoch is "1969-12-31T23:59:58.500Z"
 */
char *
hs_format_rfc3339_utc (gint64 wall_usec)
{
  /* C division truncates towards zero; a time before the epoch needs the
   * second below it and a positive fraction. */
  gint64 seconds = wall_usec / G_USEC_PER_SEC;
  gint64 fraction = wall_usec % G_USEC_PER_SEC;
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *base = NULL;

  if (fraction < 0)
    {
      seconds--;
      fraction += G_USEC_PER_SEC;
    }
  dt = g_date_time_new_from_unix_utc (seconds);
  if (dt == NULL)
    return g_strdup ("invalid-time");

  base = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S");
  return g_strdup_printf ("%s.%03dZ", base, (int) (fraction / 1000));
}
