/* hs-jemalloc-reader.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-jemalloc-reader"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "hs-profile-legacy.h"

/* jemalloc's heap dump (prof.dump, prof_final, prof_gdump: jeprof.*.heap),
 * read as Debian's jeprof reads it (ReadThreadedHeapProfile), so that the
 * totals equal `jeprof --text`:
 *
 *   heap_v2/524288                       2^lg_prof_sample
 *     t*: 304: 2064384 [0: 0]            whole-process summary: skipped
 *     t0: 304: 2064384 [0: 0]            per thread: skipped
 *   @ 0x7f1d2d2a2630 0x55cf626be20c …    one stack, leaf first
 *     t*: 100: 102400 [0: 0]             its in-use count: bytes [alloc count: bytes]
 *     t0: 100: 102400 [0: 0]
 *   …
 *   MAPPED_LIBRARIES:
 *   /proc/PID/maps of the process
 *
 * Only the "t*" line of a stack counts (the per-thread lines split it).
 * jeprof's scaling differs from pprof's (hs_scale_heap_sample): with R
 * the header's figure it multiplies each (count, bytes) pair by
 * 1 / (1 - exp(-(bytes/count)/R)) whenever R is not 0, R = 1 included,
 * keeps the fractions, sums them, and prints the sum truncated ("%d").
 * Sample values here are integers, so each record gets the growth of the
 * truncated running sum (error diffusion): every record is within 1 of
 * jeprof's fraction and the total is jeprof's printed total exactly.
 * With R = 1 and objects of 37 bytes or more the factor is 1.0 in double
 * precision and every record is exact (tests/data/legacy/jemalloc-all).
 * jeprof keeps the first address of a stack and moves the others back
 * one byte onto their calls (FixCallerAddresses); so do we. jemalloc's
 * backtraces start inside jemalloc (prof_backtrace, imalloc…); jeprof
 * names those frames after the library's nearest exported symbol
 * (malloc, calloc…) and removes them as allocator frames, so its top puts
 * the bytes on the caller of malloc. A stripped libjemalloc (Debian's)
 * gives a symbolizer no names for them, so the reader removes the leading
 * frames that lie in a libjemalloc mapping itself (all but the last, if
 * nothing else is left). The [alloc]
 * pair is non-zero only with prof_accum:true; the alloc sample types are
 * offered only then (the summary's pair is not 0: 0). */

static gboolean
is_space (char c)
{
  return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r' || c == '\n';
}

/* Running sums of jeprof's fractional figures, per value. */
typedef struct
{
  double sum[4];
  gint64 given[4];
} Diffuse;

static gint64
diffuse (Diffuse *d,
         guint    k,
         double   v)
{
  gint64 total;
  gint64 out;

  d->sum[k] += v;
  total = hs_double_to_i64 (d->sum[k]);   /* Perl's %d truncates */
  out = (gint64) ((guint64) total - (guint64) d->given[k]);
  d->given[k] = total;
  return out;
}

/* jeprof's AdjustSamples for one pair, into values @k and @k + 1. */
static void
adjust (Diffuse *d,
        guint    k,
        guint64  n,
        guint64  s,
        guint64  rate,
        gint64  *out)
{
  double dn = (double) n, ds = (double) s;

  if (rate != 0 && n != 0)
    {
      double scale = 1.0 / (1.0 - exp (-((ds / dn) / (double) rate)));

      dn *= scale;
      ds *= scale;
    }
  out[k] = diffuse (d, k, dn);
  out[k + 1] = diffuse (d, k + 1, ds);
}

/* `^\s*(t(\*|\d+)):\s+(\d+):\s+(\d+)\s+\[\s*(\d+):\s+(\d+)\]$` on a
 * trimmed line; *star tells "t*". */
static gboolean
parse_t_line (const char *s,
              gboolean   *star,
              guint64     v[4])
{
  char *end;

  if (*s != 't')
    return FALSE;
  s++;
  if (*s == '*')
    {
      *star = TRUE;
      s++;
    }
  else
    {
      *star = FALSE;
      if (!g_ascii_isdigit (*s))
        return FALSE;
      while (g_ascii_isdigit (*s))
        s++;
    }
  if (*s++ != ':')
    return FALSE;
  for (guint i = 0; i < 4; i++)
    {
      if (i == 2)
        {
          while (is_space (*s))
            s++;
          if (*s++ != '[')
            return FALSE;
          while (is_space (*s))
            s++;
        }
      else
        {
          if (!is_space (*s))
            return FALSE;
          while (is_space (*s))
            s++;
        }
      if (!g_ascii_isdigit (*s))
        return FALSE;
      v[i] = g_ascii_strtoull (s, &end, 10);
      s = end;
      if (i % 2 == 0 && *s++ != ':')
        return FALSE;
    }
  return s[0] == ']' && s[1] == '\0';
}

/* The executable ranges of libjemalloc itself, from the memory map. */
static void
jemalloc_ranges (char  **lines,
                 GArray *ranges)
{
  guint i = 0;

  while (lines[i] != NULL && !g_str_has_prefix (g_strchug (lines[i]), "MAPPED_LIBRARIES:") &&
         !g_str_has_prefix (lines[i], "--- Memory map:"))
    i++;
  if (lines[i] == NULL)
    return;
  for (i++; lines[i] != NULL; i++)
    {
      HsMapEntry m;

      if (!hs_map_line_parse (lines[i], &m))
        continue;
      {
        g_autofree char *base = g_path_get_basename (m.file);

        if (g_str_has_prefix (base, "libjemalloc"))
          {
            guint64 r[2] = { m.start, m.limit };
            g_array_append_vals (ranges, r, 2);
          }
      }
      hs_map_entry_clear (&m);
    }
}

static gboolean
in_ranges (GArray  *ranges,
           guint64  a)
{
  for (guint i = 0; i + 1 < ranges->len; i += 2)
    if (g_array_index (ranges, guint64, i) <= a && a < g_array_index (ranges, guint64, i + 1))
      return TRUE;
  return FALSE;
}

HsProfileData *
hs_jemalloc_parse (const guint8  *buf,
                   gsize          len,
                   const char    *name,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autofree char *text = g_strndup ((const char *) buf, len);
  g_auto(GStrv) lines = NULL;
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GArray) ranges = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_autoptr(GArray) addrs = g_array_new (FALSE, FALSE, sizeof (guint64));
  HsBuilder b;
  guint64 rate;
  gboolean has_alloc = FALSE, have_stack = FALSE;
  Diffuse dif = { { 0, }, { 0, } };
  char *end;
  guint i;

  lines = g_strsplit (text, "\n", -1);
  jemalloc_ranges (lines, ranges);
  if (lines[0] == NULL || !g_str_has_prefix (lines[0], "heap_v2/") || !g_ascii_isdigit (lines[0][8]))
    {
      g_set_error (error, HS_PROFILE_ERROR, HS_PROFILE_ERROR_UNRECOGNIZED,
                   _("%s: line 1: a jemalloc heap dump starts with “heap_v2/RATE”"), name);
      return NULL;
    }
  rate = g_ascii_strtoull (lines[0] + 8, &end, 10);

  /* The summary before the first stack says whether allocations were
   * accumulated (prof_accum). */
  for (i = 1; lines[i] != NULL; i++)
    {
      char *l = g_strstrip (lines[i]);
      gboolean star;
      guint64 v[4];

      if (l[0] == '@')
        break;
      if (parse_t_line (l, &star, v) && star)
        has_alloc = v[2] != 0 || v[3] != 0;
    }

  hs_builder_init (&b);
  if (has_alloc)
    hs_builder_types (&b, (const char *[]) { "alloc_objects", "count", "alloc_space", "bytes",
                                             "inuse_objects", "count", "inuse_space", "bytes", NULL });
  else
    hs_builder_types (&b, (const char *[]) { "inuse_objects", "count", "inuse_space", "bytes", NULL });
  hs_builder_period (&b, "space", "bytes", (gint64) MIN (rate, (guint64) G_MAXINT64));

  for (i = 1; lines[i] != NULL; i++)
    {
      char *l = g_strstrip (lines[i]);
      gboolean star;
      guint64 v[4];

      if (hs_cancel_check (cancellable, i, error))
        {
          hs_builder_clear (&b);
          return NULL;
        }
      if (g_str_has_prefix (l, "MAPPED_LIBRARIES:") || g_str_has_prefix (l, "--- Memory map:"))
        break;
      if (l[0] == '@' && is_space (lines[i][1]))
        {
          /* jeprof takes the words after "@"; hex with or without 0x. */
          g_auto(GStrv) words = g_strsplit_set (l + 1, " \t", -1);

          g_array_set_size (stack, 0);
          g_array_set_size (addrs, 0);
          for (guint w = 0; words[w] != NULL; w++)
            {
              const char *h = words[w];
              guint64 a;

              if (*h == '\0')
                continue;
              if (h[0] == '0' && (h[1] == 'x' || h[1] == 'X'))
                h += 2;
              a = g_ascii_strtoull (h, NULL, 16);
              if (addrs->len > 0)
                a--;
              g_array_append_val (addrs, a);
            }
          {
            guint first = 0;

            while (first + 1 < addrs->len && in_ranges (ranges, g_array_index (addrs, guint64, first)))
              first++;
            for (guint k = first; k < addrs->len; k++)
              {
                guint32 li = hs_builder_address (&b, g_array_index (addrs, guint64, k));
                g_array_append_val (stack, li);
              }
          }
          have_stack = TRUE;
          continue;
        }
      if (have_stack && parse_t_line (l, &star, v) && star)
        {
          gint64 values[4];

          if (has_alloc)
            {
              adjust (&dif, 0, v[2], v[3], rate, values);
              adjust (&dif, 2, v[0], v[1], rate, values);
            }
          else
            adjust (&dif, 0, v[0], v[1], rate, values);
          g_array_append_vals (b.locs, stack->data, stack->len);
          hs_builder_sample (&b, values, has_alloc ? 4 : 2, NULL);
        }
    }

  hs_builder_memory_map (&b, lines[i] != NULL ? lines + i + 1 : NULL);
  return hs_builder_finish (&b);
}
