/* hs-profile-text.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-profile-text"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hs-profile-legacy.h"

/* The text forms a Go program serves:
 *
 * - legacy heap text (/debug/pprof/heap?debug=1): "heap profile: I: IB [A: AB]
 *   @ heap/2R" then one record per (stack, size) "i: ib [a: ab] @ pc…" with
 *   "#\tpc\tname+off\tfile:line" comment lines. Counts are unscaled; we scale
 *   them as pprof's legacy parser does (scaleHeapSample, with R = the header
 *   figure / 2), so the totals equal the binary profile's. The header and
 *   record rules (every header pprof knows, records with no frames,
 *   negative in-use figures) are hs-profile-legacy.c's, which reads the
 *   same text without "#" lines, as pprof does.
 * - goroutine debug=1: "goroutine profile: total N" then "n @ pc…" records
 *   with the same "#" lines, and "# labels: {…}". Go 1.26's leaked-goroutine
 *   profile prints the same form as "goroutineleak profile: total N"
 *   (printCountProfile names the profile), and its sample type is named so.
 * - goroutine debug=2: one traceback per goroutine, in panic format.
 *
 * pprof needs the program binary to name the PCs; we take the names from the
 * "#" lines instead. The "@" PCs are return addresses; the "#" line of a
 * frame shows PC-1, which is how we pair them (pprof symbolizes PC-1 too).
 * Go's printStackRecord never prints runtime.goexit and hides leading
 * runtime frames: so an unnamed last PC is runtime.goexit, and unnamed
 * leading PCs (goroutine parking internals) get a "<runtime 0x…>" name. */

gboolean
hs_profile_text_sniff (const guint8 *buf,
                       gsize         len)
{
  const char *s = (const char *) buf;

  return (len >= 13 && strncmp (s, "heap profile:", 13) == 0) ||
         (len >= 18 && strncmp (s, "goroutine profile:", 18) == 0) ||
         (len >= 22 && strncmp (s, "goroutineleak profile:", 22) == 0) ||
         (len >= 11 && strncmp (s, "goroutine ", 10) == 0 && g_ascii_isdigit (s[10]));
}

static gboolean G_GNUC_PRINTF (4, 5)
text_fail (GError    **error,
           const char *name,
           guint       lineno,
           const char *format,
           ...)
{
  va_list args;
  g_autofree char *msg = NULL;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, HS_PROFILE_ERROR, HS_PROFILE_ERROR_CORRUPT, _("%s: line %u: %s"), name, lineno, msg);
  return FALSE;
}

static gboolean
parse_i64 (const char *s,
           gint64     *out,
           char      **end)
{
  char *e = NULL;
  gint64 v;

  errno = 0;
  v = g_ascii_strtoll (s, &e, 10);
  if (e == s || errno != 0)
    return FALSE;
  *out = v;
  if (end)
    *end = e;
  return TRUE;
}

typedef struct
{
  guint64  pc;
  guint64  entry;  /* pc minus the "+0x…" offset: the physical function */
  char    *name;
  char    *file;
  gint64   line;
} Frame;

static void
frame_clear (gpointer p)
{
  Frame *f = p;
  g_free (f->name);
  g_free (f->file);
}

/* "#\t0x68404f\tmain.makeValue+0x2f\tfixturegen/leakycache/main.go:72" */
static gboolean
parse_frame_comment (const char *line,
                     Frame      *out)
{
  g_auto(GStrv) parts = NULL;
  guint n;
  char *plus, *colon;

  memset (out, 0, sizeof *out);
  parts = g_strsplit_set (line + 1, "\t", -1);
  n = 0;
  /* Collapse the empty fields left by runs of tabs. */
  for (guint i = 0; parts[i] != NULL; i++)
    if (parts[i][0] != '\0')
      {
        char *tmp = parts[n];
        parts[n] = parts[i];
        parts[i] = tmp;
        n++;
      }
  if (n < 1 || !g_str_has_prefix (parts[0], "0x"))
    return FALSE;
  out->pc = g_ascii_strtoull (parts[0] + 2, NULL, 16);
  if (n >= 2)
    {
      plus = strrchr (parts[1], '+');
      if (plus != NULL && g_str_has_prefix (plus, "+0x"))
        {
          out->entry = out->pc - g_ascii_strtoull (plus + 3, NULL, 16);
          *plus = '\0';
        }
      out->name = g_strdup (parts[1]);
    }
  if (n >= 3)
    {
      colon = strrchr (parts[2], ':');
      if (colon != NULL)
        {
          *colon = '\0';
          out->line = g_ascii_strtoll (colon + 1, NULL, 10);
        }
      out->file = g_strdup (g_strstrip (parts[2]));
    }
  if (out->file == NULL)
    out->file = g_strdup ("");
  return TRUE;
}

/* One record of a debug=1 text: resolves the "@" PCs against its "#"
 * lines and appends the stack (leaf first) to b->locs.
 *
 * Two rules make the result equal pprof's with the binary:
 * - the runtime lists an inlined call as its own frame, but its "+0x…"
 *   offset is from the entry of the function it was inlined into; pprof's
 *   symbolizer sees only that physical function, so a run of frames with
 *   the same entry takes the name of its last (outermost) frame;
 * - in heap records, unnamed leading frames are the runtime's allocation
 *   internals that pprof's legacy drop_frames prune: dropped when
 *   @drop_leading is set and a named frame follows. */
static void
resolve_record (HsBuilder  *b,
                GArray   *pcs,
                GArray   *frames,
                gboolean  drop_leading)
{
  guint n = pcs->len;
  g_autofree const Frame **named = g_new0 (const Frame *, MAX (n, 1));
  gboolean seen_named = FALSE;
  guint first_named = n;

  for (guint i = 0; i < n; i++)
    {
      guint64 pc = g_array_index (pcs, guint64, i);

      for (guint j = 0; j < frames->len; j++)
        {
          const Frame *f = &g_array_index (frames, Frame, j);

          if (f->pc == pc - 1 && f->name != NULL)
            {
              named[i] = f;
              break;
            }
        }
      if (named[i] != NULL && first_named == n)
        first_named = i;
    }
  for (guint i = n; i > 1; i--)
    {
      if (named[i - 1] != NULL && named[i - 2] != NULL &&
          named[i - 2]->entry != 0 && named[i - 2]->entry == named[i - 1]->entry)
        named[i - 2] = named[i - 1];
    }

  for (guint i = (drop_leading && first_named < n) ? first_named : 0; i < n; i++)
    {
      guint64 pc = g_array_index (pcs, guint64, i);
      guint32 li;

      if (named[i] != NULL)
        {
          li = hs_builder_location (b, pc - 1, named[i]->name, named[i]->file, named[i]->line);
          seen_named = TRUE;
        }
      else if (i == n - 1 && (seen_named || n == 1))
        li = hs_builder_location (b, pc - 1, "runtime.goexit", "", 0);
      else
        {
          g_autofree char *name = g_strdup_printf (seen_named ? "<unknown 0x%" G_GINT64_MODIFIER "x>"
                                                              : "<runtime 0x%" G_GINT64_MODIFIER "x>",
                                                   pc - 1);
          li = hs_builder_location (b, pc - 1, name, "", 0);
        }
      g_array_append_val (b->locs, li);
    }
}

static gboolean
parse_pcs (const char *s,
           GArray     *pcs)
{
  g_array_set_size (pcs, 0);
  while (*s)
    {
      char *end;
      guint64 pc;

      while (*s == ' ' || *s == '\t')
        s++;
      if (*s == '\0')
        break;
      if (!g_str_has_prefix (s, "0x"))
        return FALSE;
      pc = g_ascii_strtoull (s + 2, &end, 16);
      if (end == s + 2)
        return FALSE;
      g_array_append_val (pcs, pc);
      s = end;
    }
  return TRUE;
}

/* "# labels: {"handler":"upload", "tenant":"t2"}" → string labels. */
static void
parse_labels (HsBuilder    *b,
              const char *s,
              GArray     *labels)
{
  const char *p = strchr (s, '{');

  if (p == NULL)
    return;
  p++;
  for (;;)
    {
      const char *k0, *k1, *v0, *v1;
      g_autofree char *key = NULL;
      g_autofree char *value = NULL;
      HsPLabel label = { 0, };

      k0 = strchr (p, '"');
      if (k0 == NULL)
        return;
      k1 = strchr (k0 + 1, '"');
      if (k1 == NULL)
        return;
      v0 = strchr (k1 + 1, '"');
      if (v0 == NULL)
        return;
      v1 = strchr (v0 + 1, '"');
      if (v1 == NULL)
        return;
      key = g_strndup (k0 + 1, k1 - k0 - 1);
      value = g_strndup (v0 + 1, v1 - v0 - 1);
      label.key = hs_builder_str (b, key);
      label.str = hs_builder_str (b, value);
      g_array_append_val (labels, label);
      p = v1 + 1;
    }
}

static HsProfileData *
parse_debug1 (const char      *text,
              const char      *name,
              gboolean         heap,
              const char      *count_type,
              GCancellable    *cancellable,
              GError         **error)
{
  HsBuilder b;
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr(GArray) pcs = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_autoptr(GArray) frames = g_array_new (FALSE, FALSE, sizeof (Frame));
  g_autoptr(GArray) labels = g_array_new (FALSE, FALSE, sizeof (HsPLabel));
  gint64 values[4] = { 0, };
  HsHeapHeader hh = { 0, };
  gboolean has_alloc = TRUE;
  gboolean in_record = FALSE;
  guint n_values;
  gint64 block = 0;

  hs_builder_init (&b);
  g_array_set_clear_func (frames, frame_clear);

  if (heap)
    {
      /* heap profile: 43: 169376 [137: 220992] @ heap/1048576, or any
       * header pprof reads (hs-profile-legacy.c). */
      if (!hs_legacy_heap_header (lines[0], &hh))
        {
          text_fail (error, name, 1, _("not a heap profile header"));
          hs_builder_clear (&b);
          return NULL;
        }
      has_alloc = hh.has_alloc;
      hs_legacy_heap_types (&b, &hh);
      n_values = has_alloc ? 4 : 2;
    }
  else
    {
      hs_builder_types (&b, (const char *[]) { count_type, "count", NULL });
      b.data->period_type.type = hs_builder_str (&b, count_type);
      b.data->period_type.unit = hs_builder_str (&b, "count");
      b.data->period = 1;
      n_values = 1;
    }

  for (guint i = 1; lines[i] != NULL; i++)
    {
      char *line = lines[i];
      gsize len = strlen (line);

      if (hs_cancel_check (cancellable, i, error))
        {
          hs_builder_clear (&b);
          return NULL;
        }
      if (len > 0 && line[len - 1] == '\r')
        line[--len] = '\0';

      if (in_record && (len == 0 || line[0] != '#'))
        {
          resolve_record (&b, pcs, frames, heap);
          if (heap)
            {
              HsPLabel label = { hs_builder_str (&b, "bytes"), 0, 0, block };
              g_array_append_val (labels, label);
            }
          hs_builder_sample (&b, values, n_values, labels);
          g_array_set_size (frames, 0);
          g_array_set_size (labels, 0);
          in_record = FALSE;
        }
      if (len == 0)
        continue;
      /* Old runtimes and pprof's writers end with the memory map. */
      if (heap && (strstr (line, "MAPPED_LIBRARIES:") != NULL || strstr (line, "--- Memory map: ---") != NULL))
        break;
      if (line[0] == '#')
        {
          if (g_str_has_prefix (line, "# runtime.MemStats"))
            break;
          if (!in_record)
            continue;
          if (g_str_has_prefix (line, "# labels:"))
            parse_labels (&b, line, labels);
          else
            {
              Frame f;

              if (parse_frame_comment (line, &f))
                g_array_append_val (frames, f);
            }
          continue;
        }

      /* A record line. */
      {
        char *at;
        char *p = line;

        if (heap)
          {
            /* pprof's rules (empty stacks and negative in-use figures are
             * fine, a count of 0 with bytes is not). */
            const char *rest = hs_legacy_heap_record (line, &hh, values, &block, name, i + 1, error);

            if (rest == NULL || !parse_pcs (rest, pcs))
              {
                if (rest != NULL)
                  text_fail (error, name, i + 1, _("expected “n: bytes [n: bytes] @ pc…”"));
                hs_builder_clear (&b);
                return NULL;
              }
            in_record = TRUE;
            continue;
          }
        at = strstr (line, "@");
        if (at == NULL || !parse_pcs (at + 1, pcs) || pcs->len == 0)
          {
            text_fail (error, name, i + 1, _("expected a “count @ pc…” record"));
            hs_builder_clear (&b);
            return NULL;
          }
        *at = '\0';
        if (!parse_i64 (p, &values[0], NULL) || values[0] < 0)
          {
            text_fail (error, name, i + 1, _("expected “count @ pc…”"));
            hs_builder_clear (&b);
            return NULL;
          }
        in_record = TRUE;
      }
    }
  if (in_record)
    {
      resolve_record (&b, pcs, frames, heap);
      if (heap)
        {
          HsPLabel label = { hs_builder_str (&b, "bytes"), 0, 0, block };
          g_array_append_val (labels, label);
        }
      hs_builder_sample (&b, values, n_values, labels);
    }
  g_array_set_size (frames, 0);
  return hs_builder_finish (&b);
}

/* "net/http.(*conn).serve(0xc002c9c000, {0x77af80, 0xc00007d470})" →
 * "net/http.(*conn).serve": cut the final balanced parenthesis group. */
static char *
strip_args (const char *line)
{
  gsize len = strlen (line);
  int depth = 0;

  if (len == 0 || line[len - 1] != ')')
    return g_strdup (line);
  for (gssize i = len - 1; i >= 0; i--)
    {
      if (line[i] == ')')
        depth++;
      else if (line[i] == '(')
        {
          depth--;
          if (depth == 0)
            return g_strndup (line, i);
        }
    }
  return g_strdup (line);
}

/* "chan receive, 47 minutes, locked to thread" (the text between the
 * brackets of "goroutine 7 [chan receive, 47 minutes]:") → a "state"
 * label "chan receive" and a numeric "wait" label 47 (unit "minutes").
 * Go prints the minutes only once a goroutine has waited at least one
 * minute since the first GC that saw it waiting (runtime.gp.waitsince,
 * set by the GC's stack scan), so no "wait" label means "under a minute,
 * or not yet seen by a GC", never zero. The other parts ("locked to
 * thread", "durable" in newer Go) are dropped. */
static void
add_wait_labels (HsBuilder    *b,
                 GArray     *labels,
                 const char *inside,
                 gsize       len)
{
  g_autofree char *text = g_strndup (inside, len);
  g_auto(GStrv) parts = g_strsplit (text, ", ", -1);
  HsPLabel label = { 0, };

  label.key = hs_builder_str (b, "state");
  label.str = hs_builder_str (b, parts[0]);
  g_array_append_val (labels, label);

  for (guint i = 1; parts[i] != NULL; i++)
    {
      char *end = NULL;
      guint64 minutes;

      if (!g_ascii_isdigit (parts[i][0]))
        continue;
      errno = 0;
      minutes = g_ascii_strtoull (parts[i], &end, 10);
      if (errno != 0 || minutes > G_MAXINT64 || strcmp (end, " minutes") != 0)
        continue;
      label = (HsPLabel) { 0, };
      label.key = hs_builder_str (b, "wait");
      label.num = (gint64) minutes;
      label.num_unit = hs_builder_str (b, "minutes");
      g_array_append_val (labels, label);
      break;
    }
}

static HsProfileData *
parse_debug2 (const char    *text,
              const char    *name,
              GCancellable  *cancellable,
              GError       **error)
{
  HsBuilder b;
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr(GArray) labels = g_array_new (FALSE, FALSE, sizeof (HsPLabel));
  gboolean in_goroutine = FALSE;
  gint64 one = 1;

  hs_builder_init (&b);
  hs_builder_types (&b, (const char *[]) { "goroutine", "count", NULL });
  b.data->period_type.type = hs_builder_str (&b, "goroutine");
  b.data->period_type.unit = hs_builder_str (&b, "count");
  b.data->period = 1;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = lines[i];
      gsize len = strlen (line);

      if (hs_cancel_check (cancellable, i, error))
        {
          hs_builder_clear (&b);
          return NULL;
        }
      if (len > 0 && line[len - 1] == '\r')
        line[--len] = '\0';
      if (len == 0)
        {
          if (in_goroutine)
            hs_builder_sample (&b, &one, 1, labels);
          g_array_set_size (labels, 0);
          in_goroutine = FALSE;
          continue;
        }
      if (g_str_has_prefix (line, "goroutine ") && g_ascii_isdigit (line[10]))
        {
          const char *s0 = strchr (line, '[');
          const char *s1 = s0 ? strchr (s0, ']') : NULL;

          if (in_goroutine)
            hs_builder_sample (&b, &one, 1, labels);
          g_array_set_size (labels, 0);
          if (s0 != NULL && s1 != NULL)
            add_wait_labels (&b, labels, s0 + 1, s1 - s0 - 1);
          in_goroutine = TRUE;
          continue;
        }
      if (!in_goroutine || line[0] == '\t' || g_str_has_prefix (line, "...") )
        continue;
      if (g_str_has_prefix (line, "created by "))
        {
          /* The creator is not on this goroutine's stack; skip its
           * location line too. */
          if (lines[i + 1] != NULL && lines[i + 1][0] == '\t')
            i++;
          continue;
        }

      {
        g_autofree char *fn = strip_args (line);
        g_autofree char *file = NULL;
        gint64 lineno = 0;
        guint32 li;

        if (lines[i + 1] != NULL && lines[i + 1][0] == '\t')
          {
            char *loc = g_strstrip (g_strdup (lines[i + 1]));
            char *sp = strchr (loc, ' ');
            char *colon;

            if (sp)
              *sp = '\0';
            colon = strrchr (loc, ':');
            if (colon)
              {
                *colon = '\0';
                lineno = g_ascii_strtoll (colon + 1, NULL, 10);
              }
            file = loc;
            i++;
          }
        li = hs_builder_location (&b, 0, fn, file ? file : "", lineno);
        g_array_append_val (b.locs, li);
      }
    }
  if (in_goroutine)
    hs_builder_sample (&b, &one, 1, labels);

  if (b.data->samples->len == 0)
    {
      g_set_error (error, HS_PROFILE_ERROR, HS_PROFILE_ERROR_UNRECOGNIZED,
                   "%s: no goroutines found in the text", name);
      hs_builder_clear (&b);
      return NULL;
    }
  return hs_builder_finish (&b);
}

HsProfileData *
hs_profile_text_parse (const guint8     *buf,
                       gsize             len,
                       const char       *name,
                       HsProfileFormat  *out_format,
                       GCancellable     *cancellable,
                       GError          **error)
{
  g_autofree char *text = NULL;

  if (memchr (buf, '\0', len) != NULL)
    {
      g_set_error (error, HS_PROFILE_ERROR, HS_PROFILE_ERROR_CORRUPT,
                   "%s: the text profile contains a NUL byte", name);
      return NULL;
    }
  text = g_utf8_make_valid ((const char *) buf, len);

  if (g_str_has_prefix (text, "heap profile:"))
    {
      *out_format = HS_PROFILE_FORMAT_LEGACY_HEAP_TEXT;
      return parse_debug1 (text, name, TRUE, NULL, cancellable, error);
    }
  if (g_str_has_prefix (text, "goroutine profile:"))
    {
      *out_format = HS_PROFILE_FORMAT_GOROUTINE_DEBUG1;
      return parse_debug1 (text, name, FALSE, "goroutine", cancellable, error);
    }
  if (g_str_has_prefix (text, "goroutineleak profile:"))
    {
      *out_format = HS_PROFILE_FORMAT_GOROUTINE_DEBUG1;
      return parse_debug1 (text, name, FALSE, "goroutineleak", cancellable, error);
    }
  *out_format = HS_PROFILE_FORMAT_GOROUTINE_DEBUG2;
  return parse_debug2 (text, name, cancellable, error);
}
