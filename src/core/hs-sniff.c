/* hs-sniff.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-sniff"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "hs-sniff.h"

/* The one place that tells what a file is from its first bytes: a
 * memory-map snapshot or a profile (and which reader it goes to), or, for
 * what is neither, what it looks like in words a person knows, from which
 * the refusal's message is built. The window (hs_profiles_page), the CLI
 * and the profile loader all ask here. */

static gboolean
has_prefix (const guint8 *buf,
            gsize         len,
            const char   *magic,
            gsize         n)
{
  return len >= n && memcmp (buf, magic, n) == 0;
}

/* Text: no control bytes but whitespace in the first 512 bytes, and valid
 * UTF-8 there (a character cut at the 512th byte is fine). */
static gboolean
looks_like_text (const guint8 *buf,
                 gsize         len)
{
  gsize n = MIN (len, 512);
  const char *end = NULL;

  for (gsize i = 0; i < n; i++)
    if ((buf[i] < 0x20 && buf[i] != '\n' && buf[i] != '\r' && buf[i] != '\t' && buf[i] != '\f') || buf[i] == 0x7f)
      return FALSE;
  if (!g_utf8_validate ((const char *) buf, n, &end))
    return n - (gsize) ((const guint8 *) end - buf) < 4 && n == 512;
  return TRUE;
}

/* The first line that is not blank or a '#' comment, trimmed, at most
 * @max bytes. */
static char *
first_line (const guint8 *buf,
            gsize         len,
            gboolean      skip_comments,
            gsize         max)
{
  gsize i = 0;

  while (i < len)
    {
      gsize e = i;
      g_autofree char *line = NULL;

      while (e < len && buf[e] != '\n')
        e++;
      line = g_strstrip (g_strndup ((const char *) buf + i, MIN (e - i, 4096)));
      if (line[0] != '\0' && !(skip_comments && line[0] == '#'))
        {
          if (strlen (line) > max)
            {
              /* Cut on a character boundary. */
              const char *cut = g_utf8_find_prev_char (line, line + max + 1);
              return g_strdup_printf ("%.*s…", (int) (cut ? cut - line : (gssize) max), line);
            }
          return g_steal_pointer (&line);
        }
      i = e + 1;
    }
  return NULL;
}

/* A pprof profile.proto starts with the tag of one of Profile's fields
 * with its wire type: 1-6, 11 and 13 length-delimited, 7-10, 12-14
 * varints. */
static gboolean
looks_like_protobuf (const guint8 *buf,
                     gsize         len)
{
  guint field, wt;

  if (len < 2)
    return FALSE;
  field = buf[0] >> 3;
  wt = buf[0] & 7;
  if (wt == 2)
    return (field >= 1 && field <= 6) || field == 11 || field == 13;
  if (wt == 0)
    return field >= 7 && field <= 14 && field != 11;
  return FALSE;
}

/* Go's symbolized heap text has "#\t0x…\tname+0x…" lines. */
static gboolean
has_go_frame_comments (const guint8 *buf,
                       gsize         len)
{
  for (gsize i = 0; i + 4 < len; i++)
    if (buf[i] == '\n' && buf[i + 1] == '#' && (buf[i + 2] == '\t' || buf[i + 2] == ' '))
      {
        gsize j = i + 2;

        while (j < len && (buf[j] == '\t' || buf[j] == ' '))
          j++;
        if (j + 1 < len && buf[j] == '0' && buf[j + 1] == 'x')
          return TRUE;
      }
  return FALSE;
}

gboolean
hs_input_sniff_legacy_cpu (const guint8 *buf,
                           gsize         len,
                           guint        *out_width,
                           gboolean     *out_big,
                           gboolean     *out_java)
{
  static const struct { guint width; gboolean big; } forms[] = { { 4, FALSE }, { 4, TRUE }, { 8, FALSE }, { 8, TRUE } };

  for (guint f = 0; f < G_N_ELEMENTS (forms); f++)
    {
      guint64 n[5];
      gsize w = forms[f].width;

      if (len < 5 * w)
        continue;
      for (guint k = 0; k < 5; k++)
        {
          n[k] = 0;
          for (gsize i = 0; i < w; i++)
            n[k] = n[k] << 8 | buf[k * w + (forms[f].big ? i : w - 1 - i)];
        }
      if (n[0] == 0 && n[1] == 3 && (n[2] == 0 || n[2] == 1) && n[3] > 0 && n[4] == 0)
        {
          if (out_width)
            *out_width = forms[f].width;
          if (out_big)
            *out_big = forms[f].big;
          if (out_java)
            *out_java = n[2] == 1;
          return TRUE;
        }
    }
  return FALSE;
}

/* A memory-map snapshot (SNAPSHOT-FORMAT.md), by content, not by key
 * order or file name: a JSON object, with no control characters in the
 * first HS_INPUT_SNIFF_SIZE bytes. A profile is gzip, protobuf (whose tags
 * for fields 1 to 3 are bytes below 0x20) or a legacy text, none of which
 * starts with "{" after JSON white space. A JSON object that is not a
 * snapshot is then refused by the snapshot loader, with the reason. */
static gboolean
is_snapshot (const guint8 *data,
             gsize         length)
{
  gsize i = 0;

  while (i < length && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r'))
    i++;
  if (i == length || data[i] != '{')
    return FALSE;
  for (gsize j = 0; j < MIN (length, (gsize) HS_INPUT_SNIFF_SIZE); j++)
    if (data[j] < 0x20 && data[j] != '\t' && data[j] != '\n' && data[j] != '\r')
      return FALSE;
  return TRUE;
}

HsInputKind
hs_input_sniff (const guint8  *buf,
                gsize          len,
                char         **out_what)
{
  static const struct { const char *magic; gsize n; const char *what; } magics[] = {
    { "\x89PNG\r\n\x1a\n", 8, N_("a PNG image") },
    { "\xff\xd8\xff", 3, N_("a JPEG image") },
    { "GIF87a", 6, N_("a GIF image") },
    { "GIF89a", 6, N_("a GIF image") },
    { "%PDF-", 5, N_("a PDF document") },
    { "\x7f" "ELF", 4, N_("an ELF binary (a program or a library, not a profile it wrote)") },
    { "PK\x03\x04", 4, N_("a ZIP archive") },
    { "BZh", 3, N_("a bzip2 archive") },
    { "\xfd" "7zXZ", 5, N_("an xz archive") },
    { "\x28\xb5\x2f\xfd", 4, N_("a zstd archive") },
    { "SQLite format 3", 15, N_("an SQLite database") },
  };
  g_autofree char *line = NULL;

  if (out_what)
    *out_what = NULL;
  if (len == 0)
    {
      if (out_what)
        *out_what = g_strdup (_("an empty file"));
      return HS_INPUT_EMPTY;
    }
  if (has_prefix (buf, len, "\x1f\x8b", 2))
    {
      if (out_what)
        *out_what = g_strdup (_("gzip-compressed data"));
      return HS_INPUT_GZIP;
    }
  if (is_snapshot (buf, len))
    {
      if (out_what)
        *out_what = g_strdup (g_strstr_len ((const char *) buf, MIN (len, HS_INPUT_SNIFF_SIZE), "\"heapscope-memory-map/") != NULL
                              ? _("a Heapscope memory-map snapshot, which opens as a snapshot, not a profile")
                              : _("JSON"));
      return HS_INPUT_SNAPSHOT;
    }
  if (hs_input_sniff_legacy_cpu (buf, len, NULL, NULL, NULL))
    return HS_INPUT_LEGACY;
  for (guint i = 0; i < G_N_ELEMENTS (magics); i++)
    if (has_prefix (buf, len, magics[i].magic, magics[i].n))
      {
        if (out_what)
          *out_what = g_strdup (_(magics[i].what));
        return HS_INPUT_OTHER;
      }

  if (!looks_like_text (buf, len))
    {
      if (looks_like_protobuf (buf, len))
        return HS_INPUT_PPROF;
      if (out_what)
        {
          GString *s = g_string_new (_("binary data starting with the bytes"));

          for (gsize i = 0; i < MIN (len, 8); i++)
            g_string_append_printf (s, " %02x", buf[i]);
          *out_what = g_string_free (s, FALSE);
        }
      return HS_INPUT_UNKNOWN_BINARY;
    }

  /* Text. The first line decides, as in pprof and jeprof. */
  line = first_line (buf, len, FALSE, 4096);
  if (line == NULL)
    {
      if (out_what)
        *out_what = g_strdup (_("a text file with nothing but blank lines"));
      return HS_INPUT_OTHER;
    }
  if (has_prefix (buf, len, "heap profile:", 13))
    return has_go_frame_comments (buf, len) ? HS_INPUT_GO_TEXT : HS_INPUT_LEGACY;
  if (has_prefix (buf, len, "heap_v2/", 8))
    return HS_INPUT_JEMALLOC;
  /* Valgrind massif's output starts with its "desc:" line (hs-massif.c). */
  if (has_prefix (buf, len, "desc:", 5))
    return HS_INPUT_MASSIF;
  if (has_prefix (buf, len, "goroutine profile:", 18) || has_prefix (buf, len, "goroutineleak profile:", 22) ||
      (has_prefix (buf, len, "goroutine ", 10) && len > 10 && g_ascii_isdigit (buf[10])))
    return HS_INPUT_GO_TEXT;
  if (strstr (line, "heap profile:") != NULL || g_str_has_prefix (line, "---"))
    return HS_INPUT_LEGACY;
  {
    g_autofree char *content = first_line (buf, len, TRUE, 4096);

    if (content != NULL && (strstr (content, " profile: total ") != NULL || g_str_has_prefix (content, "--- ")))
      return HS_INPUT_LEGACY;
  }

  if (out_what)
    {
      g_autofree char *shown = first_line (buf, len, FALSE, 40);

      if (shown[0] == '{' || shown[0] == '[')
        *out_what = g_strdup (_("JSON"));
      else if (g_ascii_strncasecmp (shown, "<!doctype html", 14) == 0 || g_ascii_strncasecmp (shown, "<html", 5) == 0)
        *out_what = g_strdup (_("an HTML page"));
      else if (g_str_has_prefix (shown, "<?xml") || shown[0] == '<')
        *out_what = g_strdup (_("XML"));
      else
        *out_what = g_strdup_printf (_("plain text starting with “%s”"), shown);
    }
  return HS_INPUT_OTHER;
}

