/* hs-profile-sniff.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-profile-sniff"

#include "config.h"

#include <string.h>

#include "hs-profile-legacy.h"

/* The one place that tells which reader a (decompressed) file goes to,
 * and, for a file that is no profile, what it looks like, in words a
 * person knows: the message of a refusal is built from it. */

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

HsSniffKind
hs_profile_sniff (const guint8  *buf,
                  gsize          len,
                  char         **out_what)
{
  static const struct { const char *magic; gsize n; const char *what; } magics[] = {
    { "\x89PNG\r\n\x1a\n", 8, "a PNG image" },
    { "\xff\xd8\xff", 3, "a JPEG image" },
    { "GIF87a", 6, "a GIF image" },
    { "GIF89a", 6, "a GIF image" },
    { "%PDF-", 5, "a PDF document" },
    { "\x7f" "ELF", 4, "an ELF binary (a program or a library, not a profile it wrote)" },
    { "PK\x03\x04", 4, "a ZIP archive" },
    { "\x1f\x8b", 2, "a gzip file inside a gzip file" },
    { "BZh", 3, "a bzip2 archive" },
    { "\xfd" "7zXZ", 5, "an xz archive" },
    { "\x28\xb5\x2f\xfd", 4, "a zstd archive" },
    { "SQLite format 3", 15, "an SQLite database" },
  };
  g_autofree char *line = NULL;

  if (out_what)
    *out_what = NULL;
  if (len == 0)
    {
      if (out_what)
        *out_what = g_strdup ("an empty file");
      return HS_SNIFF_EMPTY;
    }
  if (hs_legacy_cpu_sniff (buf, len, NULL, NULL, NULL))
    return HS_SNIFF_LEGACY;
  for (guint i = 0; i < G_N_ELEMENTS (magics); i++)
    if (has_prefix (buf, len, magics[i].magic, magics[i].n))
      {
        if (out_what)
          *out_what = g_strdup (magics[i].what);
        return HS_SNIFF_OTHER;
      }

  if (!looks_like_text (buf, len))
    {
      if (looks_like_protobuf (buf, len))
        return HS_SNIFF_PPROF;
      if (out_what)
        {
          GString *s = g_string_new ("binary data starting with the bytes");

          for (gsize i = 0; i < MIN (len, 8); i++)
            g_string_append_printf (s, " %02x", buf[i]);
          *out_what = g_string_free (s, FALSE);
        }
      return HS_SNIFF_UNKNOWN_BINARY;
    }

  /* Text. The first line decides, as in pprof and jeprof. */
  line = first_line (buf, len, FALSE, 4096);
  if (line == NULL)
    {
      if (out_what)
        *out_what = g_strdup ("a text file with nothing but blank lines");
      return HS_SNIFF_OTHER;
    }
  if (has_prefix (buf, len, "heap profile:", 13))
    return has_go_frame_comments (buf, len) ? HS_SNIFF_GO_TEXT : HS_SNIFF_LEGACY;
  if (has_prefix (buf, len, "heap_v2/", 8))
    return HS_SNIFF_JEMALLOC;
  if (has_prefix (buf, len, "goroutine profile:", 18) ||
      (has_prefix (buf, len, "goroutine ", 10) && len > 10 && g_ascii_isdigit (buf[10])))
    return HS_SNIFF_GO_TEXT;
  if (strstr (line, "heap profile:") != NULL || g_str_has_prefix (line, "---"))
    return HS_SNIFF_LEGACY;
  {
    g_autofree char *content = first_line (buf, len, TRUE, 4096);

    if (content != NULL && (strstr (content, " profile: total ") != NULL || g_str_has_prefix (content, "--- ")))
      return HS_SNIFF_LEGACY;
  }

  if (out_what)
    {
      g_autofree char *shown = first_line (buf, len, FALSE, 40);

      if (shown[0] == '{' && g_strstr_len ((const char *) buf, MIN (len, 4096), "\"heapscope-memory-map/") != NULL)
        *out_what = g_strdup ("a Heapscope memory-map snapshot, which opens as a snapshot, not a profile");
      else if (shown[0] == '{' || shown[0] == '[')
        *out_what = g_strdup ("JSON");
      else if (g_ascii_strncasecmp (shown, "<!doctype html", 14) == 0 || g_ascii_strncasecmp (shown, "<html", 5) == 0)
        *out_what = g_strdup ("an HTML page");
      else if (g_str_has_prefix (shown, "<?xml") || shown[0] == '<')
        *out_what = g_strdup ("XML");
      else if (g_str_has_prefix (shown, "desc:"))
        *out_what = g_strdup ("a Valgrind massif file (massif.out.PID), which Heapscope does not read yet");
      else
        *out_what = g_strdup_printf ("plain text starting with “%s”", shown);
    }
  return HS_SNIFF_OTHER;
}

void
hs_profile_set_refusal (GError    **error,
                        const char *name,
                        const char *what)
{
  g_set_error (error, HS_PROFILE_ERROR, HS_PROFILE_ERROR_UNRECOGNIZED,
               "%s: not a heap profile Heapscope can read: it looks like %s", name, what);
}
