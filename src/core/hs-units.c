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
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

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
 * hs_parse_size:
 * @text: bytes, or a number with K, M, G or T (powers of 1024, optionally
 *   followed by "iB"), e.g. "1048576", "64M" or "5MiB"
 * @out_bytes: (out): the size in bytes
 *
 * Parses the one size syntax of the CLI (`--max-size`, `--max-rss`).
 * Negative numbers, fractions, garbage and sizes beyond 2^63 − 1 bytes
 * are refused with a message; 0 is a size (callers for which it makes no
 * sense refuse it in their own words).
 *
 * Returns: %TRUE on success
 */
gboolean
hs_parse_size (const char  *text,
               guint64     *out_bytes,
               GError     **error)
{
  static const struct { const char *suffix; guint shift; } units[] = {
    { "", 0 }, { "K", 10 }, { "k", 10 }, { "KiB", 10 }, { "M", 20 }, { "MiB", 20 },
    { "G", 30 }, { "GiB", 30 }, { "T", 40 }, { "TiB", 40 },
  };
  const char *p = text;
  guint64 value = 0;

  g_return_val_if_fail (text != NULL && out_bytes != NULL, FALSE);

  if (!g_ascii_isdigit (*p))
    goto bad;
  for (; g_ascii_isdigit (*p); p++)
    {
      guint digit = (guint) (*p - '0');

      if (value > ((guint64) G_MAXINT64 - digit) / 10)
        goto overflow;
      value = value * 10 + digit;
    }
  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    {
      if (!g_str_equal (p, units[i].suffix))
        continue;
      if (value > ((guint64) G_MAXINT64 >> units[i].shift))
        goto overflow;
      *out_bytes = value << units[i].shift;
      return TRUE;
    }

bad:
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               _("“%s” is not a size: give a number of bytes, or a number followed by "
                 "K, M, G or T (e.g. 1048576 or 64M)"), text);
  return FALSE;

overflow:
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               _("“%s” is too large a size: at most 8 EiB (2⁶³ − 1 bytes)"), text);
  return FALSE;
}

/**
 * hs_parse_growth:
 * @text: a size per time unit: "5MiB/min", "512K/s", "1G/h"
 * @out_bytes_per_min: (out): the rate in bytes per minute
 *
 * Parses a growth rate such as `--max-growth`: a size in hs_parse_size()'s
 * syntax, a slash and s, min or h. The unit is required, as a bare size
 * could be per second or per minute and a wrong guess is 60 times off.
 *
 * Returns: %TRUE on success
 */
gboolean
hs_parse_growth (const char  *text,
                 double      *out_bytes_per_min,
                 GError     **error)
{
  static const struct { const char *unit; double per_min; } units[] = {
    { "s", 60 }, { "sec", 60 }, { "min", 1 }, { "m", 1 }, { "h", 1.0 / 60 },
  };
  g_autofree char *size_text = NULL;
  const char *slash;
  guint64 bytes;

  g_return_val_if_fail (text != NULL && out_bytes_per_min != NULL, FALSE);

  slash = strchr (text, '/');
  if (slash == NULL)
    goto bad;
  size_text = g_strndup (text, (gsize) (slash - text));
  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    {
      if (!g_str_equal (slash + 1, units[i].unit))
        continue;
      if (!hs_parse_size (size_text, &bytes, error))
        return FALSE;
      *out_bytes_per_min = (double) bytes * units[i].per_min;
      return TRUE;
    }

bad:
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               _("“%s” is not a growth rate: write a size per s, min or h (e.g. 5MiB/min)"), text);
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

/**
 * hs_format_local_time:
 * @wall_usec: microseconds since the Unix epoch
 *
 * The one form of a capture time in the window, in local time as the
 * clock on the wall (profiles and memory maps alike).
 *
 * Returns: (transfer full): e.g. "2026-11-30 06:08:03", or "?" for a
 *   time GLib cannot represent
 */
char *
hs_format_local_time (gint64 wall_usec)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (wall_usec / G_USEC_PER_SEC);

  return dt != NULL ? g_date_time_format (dt, "%Y-%m-%d %H:%M:%S") : g_strdup ("?");
}

/* pprof's unit table (internal/measurement): a sample type's unit is
 * recognised by its lowercase name with a plural "s" dropped, and scaled
 * to the largest unit that keeps the value at least 1. */
typedef struct
{
  const char *pprof_name;
  const char *human_name;
  const char *aliases;  /* '|'-separated, as pprof's aliases */
  double      factor;   /* in the family's base unit (bytes, nanoseconds) */
} UnitDef;

static const UnitDef memory_units[] = {
  { "B", "B", "|b|byte|", 1.0 },
  { "kB", "KiB", "|kb|kbyte|kilobyte|", 1024.0 },
  { "MB", "MiB", "|mb|mbyte|megabyte|", 1048576.0 },
  { "GB", "GiB", "|gb|gbyte|gigabyte|", 1073741824.0 },
  { "TB", "TiB", "|tb|tbyte|terabyte|", 1099511627776.0 },
  { "PB", "PiB", "|pb|pbyte|petabyte|", 1125899906842624.0 },
};

static const UnitDef time_units[] = {
  { "ns", "ns", "|ns|nanosecond|", 1.0 },
  { "us", "µs", "|μs|us|microsecond|", 1e3 },
  { "ms", "ms", "|ms|millisecond|", 1e6 },
  { "s", "s", "|s|sec|second|", 1e9 },
  { "hrs", "h", "|hour|hr|", 3600e9 },
};

static const UnitDef *sniff_unit_uncached (const UnitDef *units,
                                           gsize          n_units,
                                           const char    *unit);

/* The unit @unit names in @units, or NULL. A report asks the same few
 * questions once per value (its unit and its output unit, in two
 * families; a 20,000-row top table asks 160,000 times): the last
 * answers are kept per thread, by the unit's text. */
static const UnitDef *
sniff_unit (const UnitDef *units,
            gsize          n_units,
            const char    *unit)
{
  enum { N_CACHED = 4, MAX_CACHED_LEN = 24 };
  static _Thread_local struct {
    const UnitDef *units;
    const UnitDef *found;
    char           text[MAX_CACHED_LEN];
  } cache[N_CACHED];
  static _Thread_local guint next;
  const UnitDef *found;

  if (unit == NULL)
    return NULL;
  for (guint i = 0; i < N_CACHED; i++)
    if (cache[i].units == units && strncmp (cache[i].text, unit, MAX_CACHED_LEN) == 0)
      return cache[i].found;
  found = sniff_unit_uncached (units, n_units, unit);
  /* Only a text that fits whole is kept, so that a match is exact. */
  if (strlen (unit) < MAX_CACHED_LEN)
    {
      cache[next].units = units;
      cache[next].found = found;
      strcpy (cache[next].text, unit);
      next = (next + 1) % N_CACHED;
    }
  return found;
}

static const UnitDef *
sniff_unit_uncached (const UnitDef *units,
                     gsize          n_units,
                     const char    *unit)
{
  g_autofree char *lower = NULL;
  g_autofree char *needle = NULL;
  char buf[64];
  gsize len;

  if (unit == NULL)
    return NULL;
  /* Every value of a top table comes through here: a short ASCII unit
   * (all real ones) is lowered on the stack, without allocating. */
  len = strlen (unit);
  if (len + 3 <= sizeof buf)
    {
      gboolean ascii = TRUE;

      buf[0] = '|';
      for (gsize i = 0; i < len && ascii; i++)
        {
          ascii = (guchar) unit[i] < 0x80;
          buf[i + 1] = g_ascii_tolower (unit[i]);
        }
      if (ascii)
        {
          if (len > 2 && buf[len] == 's')
            len--;
          buf[len + 1] = '|';
          buf[len + 2] = '\0';
          for (gsize i = 0; i < n_units; i++)
            if (strstr (units[i].aliases, buf) != NULL)
              return &units[i];
          return NULL;
        }
    }
  lower = g_utf8_strdown (unit, -1);
  len = strlen (lower);
  /* pprof trims the plural "s" of names longer than two bytes. */
  if (len > 2 && lower[len - 1] == 's')
    lower[len - 1] = '\0';
  needle = g_strconcat ("|", lower, "|", NULL);
  for (gsize i = 0; i < n_units; i++)
    if (strstr (units[i].aliases, needle) != NULL)
      return &units[i];
  return NULL;
}

/* pprof's autoScale: the largest unit in which |value| is at least 1. */
static const UnitDef *
auto_scale (const UnitDef *units,
            gsize          n_units,
            double         base_value)
{
  const UnitDef *best = NULL;

  for (gsize i = 0; i < n_units; i++)
    if (base_value / units[i].factor >= 1.0 && (best == NULL || units[i].factor >= best->factor))
      best = &units[i];
  return best;
}

/* 10^0 … 10^22: every power of ten a double holds exactly, so that one
 * multiplication scales a number with a single rounding. */
static const double exact_tens[] = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
                                     1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22 };
/* The fast way takes up to this many decimals. */
#define FAST_FIXED_MAX_DECIMALS 9

/* 1e-4 … 1e9: the doubles nearest to them, as printf compares. */
static const double decimal_powers[] = { 1e-4, 1e-3, 1e-2, 1e-1, 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9 };

/* printf's "%.*f" (@conversion 'f') or "%.*g" ('g') in the C locale:
 * the fast formatters' way out for the values they cannot do exactly. */
static const char *
printf_number (char   *buf,
               gsize   size,
               double  value,
               guint   digits,
               char    conversion)
{
  char format[8];

  g_snprintf (format, sizeof format, "%%.%u%c", digits, conversion);
  return g_ascii_formatd (buf, size, format, value);
}

/**
 * hs_ascii_format_fixed:
 * @buf: where to write, at least %HS_ASCII_FORMAT_BUF_SIZE bytes
 * @size: @buf's size
 * @value: a number
 * @decimals: digits after the point, at most 17
 *
 * `printf ("%.*f", decimals, value)` in the C locale, to the byte
 * (rounding the exact binary value half to even, "-0.00" for a small
 * negative), but without printf's arbitrary-precision machinery for the
 * usual values: a report writes two or three per row, tens of thousands
 * of rows. A value whose digits the fast way could get wrong (a tie, or
 * too large to scale exactly) goes to printf.
 *
 * Returns: (transfer none): @buf
 */
const char *
hs_ascii_format_fixed (char   *buf,
                       gsize   size,
                       double  value,
                       guint   decimals)
{
  double scaled, floor_scaled;
  guint64 digits;
  char tmp[32];
  gsize n = 0, out = 0;

  g_return_val_if_fail (size >= HS_ASCII_FORMAT_BUF_SIZE, NULL);

  decimals = MIN (decimals, 17);
  if (!isfinite (value) || decimals > FAST_FIXED_MAX_DECIMALS)
    return printf_number (buf, size, value, decimals, 'f');
  scaled = fabs (value) * exact_tens[decimals];
  floor_scaled = floor (scaled);
  /* Below 1e12 the product's error is under 1e-4 of a unit in the last
   * place: only a fraction that close to one half can round the other
   * way than printf's exact rounding. */
  if (scaled >= 1e12 || fabs (scaled - floor_scaled - 0.5) < 1e-3)
    return printf_number (buf, size, value, decimals, 'f');
  digits = (guint64) floor_scaled + (scaled - floor_scaled > 0.5 ? 1 : 0);
  do
    {
      tmp[n++] = (char) ('0' + digits % 10);
      digits /= 10;
    }
  while (digits > 0 || n <= decimals);
  if (signbit (value))
    buf[out++] = '-';
  while (n > 0)
    {
      if (n == decimals && decimals > 0)
        buf[out++] = '.';
      buf[out++] = tmp[--n];
    }
  buf[out] = '\0';
  return buf;
}

/* %.Ng of 1e-20 <= |value| < 1e-4, which printf writes as "5.3e-05": a
 * top table of 20,000 functions has thousands of such percentages. */
static const char *
format_small_exponent (char   *buf,
                       gsize   size,
                       double  value,
                       guint   precision)
{
  double magnitude = fabs (value);
  double scaled, floor_scaled;
  guint64 digits, top = (guint64) exact_tens[precision];
  int exponent = -5;
  char tmp[24];
  gsize n = 0, out = 0;

  while (magnitude * exact_tens[-exponent] < 1.0)
    exponent--;
  /* The mantissa's @precision digits as an integer, in one exact
   * scaling (10^k for k <= 22) so that only a near-tie goes to printf. */
  if (precision - 1 - exponent >= (int) G_N_ELEMENTS (exact_tens))
    return printf_number (buf, size, value, precision, 'g');
  scaled = magnitude * exact_tens[precision - 1 - exponent];
  floor_scaled = floor (scaled);
  if (fabs (scaled - floor_scaled - 0.5) < 1e-3)
    return printf_number (buf, size, value, precision, 'g');
  digits = (guint64) floor_scaled + (scaled - floor_scaled > 0.5 ? 1 : 0);
  if (digits >= top)
    {
      /* 9.96e-06 to two digits is 1.0e-05; 9.96e-05 is 0.0001, not
       * written with an exponent. */
      digits /= 10;
      exponent++;
      if (exponent >= -4)
        return printf_number (buf, size, value, precision, 'g');
    }
  if (digits < top / 10)
    return printf_number (buf, size, value, precision, 'g');
  for (guint i = 0; i < precision; i++)
    {
      tmp[n++] = (char) ('0' + digits % 10);
      digits /= 10;
    }
  if (signbit (value))
    buf[out++] = '-';
  buf[out++] = tmp[--n];
  /* %g drops trailing zeros, and the point when nothing follows it. */
  {
    gsize keep = 0;

    for (gsize i = 0; i < n; i++)
      if (tmp[i] != '0')
        {
          keep = n - i;
          break;
        }
    if (keep > 0)
      {
        buf[out++] = '.';
        for (gsize i = 0; i < keep; i++)
          buf[out++] = tmp[n - 1 - i];
      }
  }
  /* "e-%02d": the exponent is -5 … -21 here. */
  buf[out++] = 'e';
  buf[out++] = '-';
  buf[out++] = (char) ('0' + (-exponent) / 10);
  buf[out++] = (char) ('0' + (-exponent) % 10);
  buf[out] = '\0';
  return buf;
}

/**
 * hs_ascii_format_general:
 * @buf: where to write, at least %HS_ASCII_FORMAT_BUF_SIZE bytes
 * @size: @buf's size
 * @value: a number
 * @precision: significant digits, 1 to 17
 *
 * `printf ("%.*g", precision, value)` in the C locale, to the byte, by
 * way of hs_ascii_format_fixed() for values printf writes without an
 * exponent.
 *
 * Returns: (transfer none): @buf
 */
const char *
hs_ascii_format_general (char   *buf,
                         gsize   size,
                         double  value,
                         guint   precision)
{
  double magnitude = fabs (value);
  int exponent;
  char *end;

  g_return_val_if_fail (size >= HS_ASCII_FORMAT_BUF_SIZE, NULL);

  precision = CLAMP (precision, 1, 17);
  if (magnitude == 0.0)
    return strcpy (buf, signbit (value) ? "-0" : "0");
  if (isfinite (value) && magnitude >= 1e-20 && magnitude < 1e-4 && precision <= 15)
    return format_small_exponent (buf, size, value, precision);
  if (!isfinite (value) || magnitude == 0.0 || magnitude < 1e-4 || magnitude >= 1e9)
    return printf_number (buf, size, value, precision, 'g');
  /* %g writes %f with precision - 1 - X digits, X the exponent after
   * rounding to @precision digits. Using the exponent before rounding
   * only differs when rounding carries into a new digit, and then the
   * extra digit is a zero that is removed below. */
  /* 1e-4 <= magnitude < 1e9: the exponent by comparison, exactly as
   * printf sees it (log10 can be off by one next to a power of ten). */
  exponent = -4;
  while (exponent < 8 && magnitude >= decimal_powers[exponent + 5])
    exponent++;
  if (exponent >= (int) precision)
    return printf_number (buf, size, value, precision, 'g');
  hs_ascii_format_fixed (buf, size, value, (guint) MAX (0, (int) precision - 1 - exponent));
  /* Rounding carried into one more digit than @precision (9.99 to one
   * digit is 10): printf writes that with an exponent. */
  if (exponent >= 0 && strcspn (buf + (buf[0] == '-'), ".") > precision)
    return printf_number (buf, size, value, precision, 'g');
  /* %g drops trailing zeros, and the point when nothing follows it. */
  if (strchr (buf, '.') != NULL)
    {
      end = buf + strlen (buf);
      while (end[-1] == '0')
        *--end = '\0';
      if (end[-1] == '.')
        end[-1] = '\0';
    }
  return buf;
}

/* "%.2f" without a trailing ".00", as pprof's ScaledLabel writes. */
static char *
pprof_number (double value)
{
  char buf[HS_ASCII_FORMAT_BUF_SIZE];
  gsize len = strlen (hs_ascii_format_fixed (buf, sizeof buf, value, 2));

  if (len >= 3 && strcmp (buf + len - 3, ".00") == 0)
    buf[len - 3] = '\0';
  return g_strdup (buf);
}

/* Three significant digits, as hs_format_bytes() writes. */
static char *
human_number (double value)
{
  if (value < 10.0)
    return g_strdup_printf ("%.2f", value);
  if (value < 100.0)
    return g_strdup_printf ("%.1f", value);
  return g_strdup_printf ("%.0f", value);
}

/**
 * hs_format_count_grouped:
 * @value: an integer
 * @separator: (nullable): the thousands separator, e.g. "," or " "
 * @grouping: (nullable): the group sizes as localeconv() gives them
 *   ("\3" is groups of three; "\3\2" is India's 12,34,567)
 *
 * Returns: (transfer full): @value with its digits grouped, and a "−"
 *   (U+2212) when negative
 */
char *
hs_format_count_grouped (gint64      value,
                         const char *separator,
                         const char *grouping)
{
  g_autofree char *digits = NULL;
  GString *out = g_string_new (value < 0 ? "−" : "");
  guint64 magnitude = value < 0 ? (guint64) -(value + 1) + 1 : (guint64) value;
  gsize n;
  gsize *cuts;
  gsize n_cuts = 0;
  gsize pos;
  const char *g = grouping;
  guint size = 0;

  digits = g_strdup_printf ("%" G_GUINT64_FORMAT, magnitude);
  n = strlen (digits);
  if (separator == NULL || *separator == '\0' || grouping == NULL || *grouping <= 0)
    {
      g_string_append (out, digits);
      return g_string_free (out, FALSE);
    }

  /* Where separators go, counted from the right: the last group size
   * repeats, and CHAR_MAX stops grouping. */
  cuts = g_new0 (gsize, n + 1);
  pos = n;
  while (TRUE)
    {
      if (*g != '\0')
        size = (guchar) *g++;
      if (size == 0 || size >= 127 || size >= pos)
        break;
      pos -= size;
      cuts[n_cuts++] = pos;
    }

  for (gsize i = 0; i < n; i++)
    {
      for (gsize c = 0; c < n_cuts; c++)
        if (cuts[c] == i)
          g_string_append (out, separator);
      g_string_append_c (out, digits[i]);
    }
  g_free (cuts);
  return g_string_free (out, FALSE);
}

/**
 * hs_format_count:
 * @value: an integer
 *
 * Returns: (transfer full): @value with its digits grouped as the
 *   locale (LC_NUMERIC) groups them; the C locale does not group
 */
char *
hs_format_count (gint64 value)
{
  const struct lconv *conv = localeconv ();

  return hs_format_count_grouped (value, conv->thousands_sep, conv->grouping);
}

/* Which family @unit belongs to, and its entry there. */
static const UnitDef *
find_unit (const char     *unit,
           const UnitDef **family,
           gsize          *n_family)
{
  const UnitDef *found;

  if ((found = sniff_unit (memory_units, G_N_ELEMENTS (memory_units), unit)) != NULL)
    {
      *family = memory_units;
      *n_family = G_N_ELEMENTS (memory_units);
      return found;
    }
  if ((found = sniff_unit (time_units, G_N_ELEMENTS (time_units), unit)) != NULL)
    {
      *family = time_units;
      *n_family = G_N_ELEMENTS (time_units);
      return found;
    }
  return NULL;
}

/* pprof's Scale(): the unit @value of @unit is written in when @to_unit
 * is "auto" (or NULL) or names a unit of the same family. */
static const UnitDef *
scale_to (const UnitDef *family,
          gsize          n_family,
          double         base_value,
          const char    *to_unit)
{
  const UnitDef *to = NULL;

  if (to_unit != NULL && !g_str_equal (to_unit, "auto") && !g_str_equal (to_unit, "minimum"))
    to = sniff_unit (family, n_family, to_unit);
  else
    to = auto_scale (family, n_family, base_value);
  if (to == NULL)
    /* pprof's default unit of the family: bytes; seconds for time */
    to = family == time_units ? &time_units[3] : &memory_units[0];
  return to;
}

/* pprof's ScaledLabel (value, unit, to_unit). */
static char *
pprof_label (gint64      value,
             const char *unit,
             const char *to_unit)
{
  const UnitDef *family = NULL;
  gsize n_family = 0;
  const UnitDef *from = find_unit (unit, &family, &n_family);
  const UnitDef *to;
  double base;
  g_autofree char *number = NULL;

  if (from == NULL)
    {
      if (to_unit == NULL || g_str_equal (to_unit, "") || g_str_equal (to_unit, "count") ||
          g_str_equal (to_unit, "sample") || g_str_equal (to_unit, "unit") ||
          g_str_equal (to_unit, "minimum") || g_str_equal (to_unit, "auto"))
        return g_strdup_printf ("%" G_GINT64_FORMAT, value);
      return g_strdup_printf ("%" G_GINT64_FORMAT "%s", value, to_unit);
    }

  base = fabs ((double) value) * from->factor;
  to = scale_to (family, n_family, base, to_unit);
  number = pprof_number (base / to->factor);
  if (g_str_equal (number, "0"))
    return g_strdup ("0");
  return g_strconcat (value < 0 ? "-" : "", number, to->pprof_name, NULL);
}

/* The window's form: binary byte units, time in ns … h, counts grouped. */
static char *
human_label (gint64      value,
             const char *unit)
{
  const UnitDef *family = NULL;
  gsize n_family = 0;
  const UnitDef *from = find_unit (unit, &family, &n_family);
  const UnitDef *to;
  double base;
  g_autofree char *number = NULL;

  if (from == NULL)
    return hs_format_count (value);

  base = fabs ((double) value) * from->factor;
  if (family == memory_units)
    {
      /* A file's value can be anything: saturate, never overflow. */
      gint64 bytes = base >= 0x1p63 ? G_MAXINT64 : (gint64) base;

      return hs_format_bytes (value < 0 ? -bytes : bytes);
    }
  if (value == 0)
    return g_strdup ("0 s");
  to = scale_to (family, n_family, base, NULL);
  if (to == &time_units[0])
    {
      g_autofree char *count = hs_format_count (value < 0 ? -(gint64) base : (gint64) base);

      return g_strconcat (count, " ns", NULL);
    }
  number = human_number (base / to->factor);
  return g_strdup_printf ("%s%s %s", value < 0 ? "−" : "", number, to->human_name);
}

/**
 * hs_pprof_output_unit:
 * @unit: the sample type's unit
 * @min_value: the smallest non-zero |flat| (or |cum| where flat is zero)
 *   among the rows shown
 * @max_value: the report's total
 *
 * pprof's report-wide unit (report.selectOutputUnit, "minimum"): the
 * unit of the smallest value, or of a hundred times it when the largest
 * value is in another unit and over a hundred times bigger, so that the
 * smallest still shows as at least 0.01.
 *
 * Returns: (transfer none): the unit to pass to
 *   hs_format_sample_value_as(): a static name ("kB", "ms", …) or @unit
 */
const char *
hs_pprof_output_unit (const char *unit,
                      gint64      min_value,
                      gint64      max_value)
{
  const UnitDef *family = NULL;
  gsize n_family = 0;
  const UnitDef *from = find_unit (unit, &family, &n_family);
  const UnitDef *min_unit, *max_unit;

  if (from == NULL)
    return unit;
  min_value = min_value == G_MININT64 ? G_MAXINT64 : ABS (min_value);
  max_value = max_value == G_MININT64 ? G_MAXINT64 : ABS (max_value);
  if (min_value == 0)
    min_value = max_value;
  min_unit = scale_to (family, n_family, (double) min_value * from->factor, NULL);
  max_unit = scale_to (family, n_family, (double) max_value * from->factor, NULL);
  if (min_unit != max_unit && (double) min_value * 100.0 < (double) max_value)
    return scale_to (family, n_family, 100.0 * (double) min_value * from->factor, NULL)->pprof_name;
  return min_unit->pprof_name;
}

/**
 * hs_format_sample_value_as:
 * @value: a sample value
 * @unit: (nullable): the sample type's unit
 * @to_unit: (nullable): the unit to write it in, from
 *   hs_pprof_output_unit(); %NULL or "auto" scales @value alone
 *
 * Returns: (transfer full): @value as go tool pprof writes it in @to_unit
 *   ("1542.01kB", "350ms", "1.28s", "12345")
 */
char *
hs_format_sample_value_as (gint64      value,
                           const char *unit,
                           const char *to_unit)
{
  return pprof_label (value, unit, to_unit);
}

/**
 * hs_format_sample_value:
 * @value: a sample value (or a difference of two), negative for a shrink
 * @unit: (nullable): the sample type's unit ("bytes", "nanoseconds",
 *   "count", …)
 * @style: %HS_UNIT_STYLE_PPROF for the text go tool pprof prints, or
 *   %HS_UNIT_STYLE_HUMAN for the window
 *
 * The one place that turns a profile's value into text. Memory and time
 * units are recognised and scaled as pprof scales them: 1280000000
 * nanoseconds is "1.28s" (pprof) or "1.28 s" (window); bytes are "1.50MB"
 * (pprof, which means MiB) or "1.50 MiB". Any other unit is a count:
 * pprof prints the number and the unit's name unless it is "count",
 * "sample" or "unit"; the window groups the digits in the locale.
 *
 * Returns: (transfer full): the text
 */
char *
hs_format_sample_value (gint64       value,
                        const char  *unit,
                        HsUnitStyle  style)
{
  if (style == HS_UNIT_STYLE_HUMAN)
    return human_label (value, unit);
  return pprof_label (value, unit, "auto");
}
