/* hs-profile-legacy.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-profile-legacy"

#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "hs-profile-builder.h"
#include "hs-profile-legacy.h"
#include "hs-sniff.h"

/* The legacy formats `go tool pprof` reads besides profile.proto, read by
 * the rules of its parser (github.com/google/pprof/profile,
 * legacy_profile.go and legacy_java_profile.go, as vendored in Go 1.19:
 * the oracle of tests/data/legacy/):
 *
 * - gperftools/tcmalloc heap profiles, Go's old heap texts, growth and
 *   fragmentation profiles: "heap profile: I: IB [A: AB] @ KIND/RATE",
 *   then "i: ib [a: ab] @ 0x… 0x…" records; KIND heap (RATE is twice the
 *   sampling interval), heap_v2/heapz_v2 (RATE is the interval),
 *   heapprofile (every allocation recorded, no scaling), growthz and
 *   fragmentationz (no scaling, one pair of values);
 * - the gperftools CPU profile (CPUPROFILE=): binary words, header
 *   0, 3, 0, period in µs, 0, in 32- or 64-bit words of either byte order;
 * - "X profile: total N" count profiles (threadcreate, goroutine without
 *   symbols);
 * - thread profiles ("--- threadz N ---", "--- Thread … stack: ---");
 * - contention profiles ("--- contentionz ", "--- mutex:", "--- contention:");
 * - Java heap, contention and CPU profiles, which name their frames.
 *
 * All but Java's are addresses only: every return address but a CPU
 * sample's leaf is moved back one byte onto its call, and the
 * "MAPPED_LIBRARIES:" / "--- Memory map: ---" section at the end becomes
 * the profile's mappings (hs_builder_memory_map), for the symbolizer. */

static gboolean G_GNUC_PRINTF (5, 6)
fail (GError    **error,
      int         code,
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
  if (lineno > 0)
    g_set_error (error, HS_PROFILE_ERROR, code, _("%s: line %u: %s"), name, lineno, msg);
  else
    g_set_error (error, HS_PROFILE_ERROR, code, _("%s: %s"), name, msg);
  return FALSE;
}

/* Lines as Go's bufio.ScanLines gives them: split at '\n', one '\r'
 * before it dropped, no empty token after a final newline. */
static GPtrArray *
split_lines (const guint8 *buf,
             gsize         len)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  gsize start = 0;

  while (start < len)
    {
      const guint8 *nl = memchr (buf + start, '\n', len - start);
      gsize end = nl ? (gsize) (nl - buf) : len;
      gsize e = end;

      if (e > start && buf[e - 1] == '\r')
        e--;
      g_ptr_array_add (lines, g_strndup ((const char *) buf + start, e - start));
      start = end + 1;
    }
  /* A final newline: an empty last line, so that the Java parser (which
   * reads only newline-terminated lines) can tell. Every other parser
   * skips empty lines. */
  if (len > 0 && buf[len - 1] == '\n')
    g_ptr_array_add (lines, g_strdup (""));
  g_ptr_array_add (lines, NULL);
  return lines;
}

static gboolean
is_space (char c)
{
  return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r' || c == '\n';
}

/* strings.TrimSpace, in place. */
static char *
trim (char *s)
{
  gsize n;

  while (is_space (*s))
    s++;
  n = strlen (s);
  while (n > 0 && is_space (s[n - 1]))
    s[--n] = '\0';
  return s;
}

static gboolean
is_space_or_comment (const char *line)
{
  while (is_space (*line))
    line++;
  return *line == '\0' || *line == '#';
}

static gboolean
is_memory_map_sentinel (const char *line)
{
  return line != NULL && (strstr (line, "--- Memory map: ---") != NULL || strstr (line, "MAPPED_LIBRARIES:") != NULL);
}

/* strconv.ParseInt(s[0:n], 10, 64) of an optional '-' and digits. */
static gboolean
parse_dec (const char *s,
           gsize       n,
           gint64     *out)
{
  g_autofree char *tmp = g_strndup (s, n);
  char *end;

  errno = 0;
  *out = g_ascii_strtoll (tmp, &end, 10);
  return errno == 0 && end != tmp && *end == '\0';
}

/* strconv.ParseInt(s[0:n], 0, 64) of digits: a leading 0 makes it octal
 * (where 8 and 9 are errors), as Go's count and Java parsers read them. */
static gboolean
parse_base0 (const char *s,
             gsize       n,
             gint64     *out)
{
  g_autofree char *tmp = g_strndup (s, n);
  char *end;

  errno = 0;
  *out = g_ascii_strtoll (tmp, &end, 0);
  return errno == 0 && end != tmp && *end == '\0';
}

/* Every "0x[0-9a-f]+" in @s (pprof's parseHexAddresses); FALSE when one
 * does not fit 64 bits. */
static gboolean
parse_hex_addresses (const char *s,
                     GArray     *out)
{
  g_array_set_size (out, 0);
  for (const char *p = s; (p = strstr (p, "0x")) != NULL;)
    {
      const char *q = p + 2;
      guint64 v = 0;
      guint n = 0;

      while ((*q >= '0' && *q <= '9') || (*q >= 'a' && *q <= 'f'))
        {
          n++;
          q++;
        }
      if (n == 0)
        {
          p += 1;
          continue;
        }
      if (n > 16)
        {
          /* Leading zeros still fit. */
          const char *d = p + 2;
          while (*d == '0' && q - d > 16)
            d++;
          if (q - d > 16)
            return FALSE;
        }
      for (const char *d = p + 2; d < q; d++)
        v = v << 4 | (guint64) g_ascii_xdigit_value (*d);
      g_array_append_val (out, v);
      p = q;
    }
  return TRUE;
}

static const char *
skip_spaces (const char *s)
{
  while (*s == ' ')
    s++;
  return s;
}

static gsize
digits (const char *s)
{
  gsize n = 0;

  while (g_ascii_isdigit (s[n]))
    n++;
  return n;
}

/* ` *(\d+): *(\d+) *\[ *(\d+): *(\d+) *\]` at @s; the four numbers as
 * (start, length) pairs. */
static const char *
match_counts (const char *s,
              gboolean    signed_first,
              const char *cap[4],
              gsize       cap_len[4])
{
  for (guint i = 0; i < 4; i++)
    {
      gsize n;

      s = skip_spaces (s);
      if (i == 2)
        {
          if (*s != '[')
            return NULL;
          s = skip_spaces (s + 1);
        }
      cap[i] = s;
      if (signed_first && i < 2 && *s == '-')
        s++;
      n = digits (s);
      if (n == 0)
        return NULL;
      s += n;
      cap_len[i] = s - cap[i];
      if (i % 2 == 0)
        {
          if (*s != ':')
            return NULL;
          s++;
        }
    }
  s = skip_spaces (s);
  if (*s != ']')
    return NULL;
  return s + 1;
}

static gboolean
cap_equal (const char *a,
           gsize       an,
           const char *b,
           gsize       bn)
{
  return an == bn && memcmp (a, b, an) == 0;
}

gboolean
hs_legacy_heap_header (const char   *line,
                       HsHeapHeader *out)
{
  memset (out, 0, sizeof *out);
  for (const char *p = strstr (line, "heap profile:"); p != NULL; p = strstr (p + 1, "heap profile:"))
    {
      const char *cap[4];
      gsize cap_len[4];
      const char *s = match_counts (p + strlen ("heap profile:"), FALSE, cap, cap_len);
      const char *kind;
      gsize kind_len, rate_len;
      gint64 rate = 0;

      if (s == NULL)
        continue;
      /* heapHeaderRE: ` *@ *(heap[_a-z0-9]*)/?(\d*)` */
      {
        const char *t = skip_spaces (s);

        if (*t == '@')
          {
            t = skip_spaces (t + 1);
            if (g_str_has_prefix (t, "heap"))
              {
                kind = t;
                t += 4;
                while (*t == '_' || g_ascii_islower (*t) || g_ascii_isdigit (*t))
                  t++;
                kind_len = t - kind;
                /* `[_a-z0-9]*` took any digits; `/?(\d*)` then has none
                 * unless a '/' follows. */
                if (*t == '/')
                  t++;
                rate_len = digits (t);
                if (rate_len > 0 && !parse_dec (t, rate_len, &rate))
                  return FALSE;
                out->has_alloc = (!cap_equal (cap[2], cap_len[2], cap[0], cap_len[0]) &&
                                  !cap_equal (cap[2], cap_len[2], "0", 1)) ||
                                 (!cap_equal (cap[3], cap_len[3], cap[1], cap_len[1]) &&
                                  !cap_equal (cap[3], cap_len[3], "0", 1));
                if (cap_equal (kind, kind_len, "heapz_v2", 8) || cap_equal (kind, kind_len, "heap_v2", 7))
                  {
                    out->v2 = TRUE;
                    out->period = rate;
                  }
                else if (cap_equal (kind, kind_len, "heapprofile", 11))
                  out->period = 1;
                else if (cap_equal (kind, kind_len, "heap", 4))
                  {
                    out->v2 = TRUE;
                    out->period = rate / 2;
                  }
                else
                  return FALSE;
                out->kind = HS_HEAP_HEADER_HEAP;
                return TRUE;
              }
          }
        /* growthHeaderRE and fragmentationHeaderRE: exactly " @ ". */
        if (g_str_has_prefix (s, " @ growth"))
          out->kind = HS_HEAP_HEADER_GROWTH;
        else if (g_str_has_prefix (s, " @ fragmentation"))
          out->kind = HS_HEAP_HEADER_FRAGMENTATION;
        if (out->kind != HS_HEAP_HEADER_NONE)
          {
            out->period = 1;
            return TRUE;
          }
      }
    }
  return FALSE;
}

void
hs_legacy_heap_types (HsBuilder          *b,
                      const HsHeapHeader *h)
{
  if (h->has_alloc)
    /* Alloc before inuse, so that the default (last) is inuse_space. */
    hs_builder_types (b, (const char *[]) { "alloc_objects", "count", "alloc_space", "bytes",
                                            "inuse_objects", "count", "inuse_space", "bytes", NULL });
  else
    hs_builder_types (b, (const char *[]) { "objects", "count", "space", "bytes", NULL });
  hs_builder_period (b, "space", "bytes", h->period);
}

gboolean
hs_legacy_heap_values (const char         *cap[4],
                       const gsize         cap_len[4],
                       const HsHeapHeader *h,
                       gint64             *values,
                       gint64             *out_blocksize,
                       GError            **error,
                       const char         *name,
                       guint               lineno)
{
  guint n = 0;

  *out_blocksize = 0;
  /* pprof's addValues: alloc first (when present), then inuse; the block
   * size is the last non-zero count's. */
  for (int pass = h->has_alloc ? 0 : 1; pass < 2; pass++)
    {
      guint ci = pass == 0 ? 2 : 0;
      gint64 count, size;

      if (!parse_dec (cap[ci], cap_len[ci], &count) || !parse_dec (cap[ci + 1], cap_len[ci + 1], &size))
        return fail (error, HS_PROFILE_ERROR_CORRUPT, name, lineno, _("a number does not fit 64 bits"));
      if (count == 0 && size != 0)
        {
          g_autofree char *bytes = g_strdup_printf ("%" G_GINT64_FORMAT, size);

          return fail (error, HS_PROFILE_ERROR_CORRUPT, name, lineno,
                       pass == 0 ? _("allocation count is 0 but its bytes are %s")
                                 : _("inuse count is 0 but its bytes are %s"), bytes);
        }
      if (count != 0)
        {
          /* Go's division: truncated; INT64_MIN / -1 wraps. */
          *out_blocksize = (count == -1) ? (gint64) (0 - (guint64) size) : size / count;
          if (h->v2)
            hs_scale_heap_sample (count, size, h->period, &count, &size);
        }
      values[n++] = count;
      values[n++] = size;
    }
  return TRUE;
}

/* heapSampleRE, unanchored: `(-?\d+): *(-?\d+) *\[ *(\d+): *(\d+) *] @([ x0-9a-f]*)`.
 * Returns the start of the address list. */
static const char *
match_heap_sample (const char *line,
                   const char *cap[4],
                   gsize       cap_len[4])
{
  for (const char *p = line; *p; p++)
    {
      const char *s;

      if (*p != '-' && !g_ascii_isdigit (*p))
        continue;
      s = match_counts (p, TRUE, cap, cap_len);
      if (s != NULL && s[0] == ' ' && s[1] == '@')
        return s + 2;
    }
  return NULL;
}

const char *
hs_legacy_heap_record (const char         *line,
                       const HsHeapHeader *h,
                       gint64             *values,
                       gint64             *out_blocksize,
                       const char         *name,
                       guint               lineno,
                       GError            **error)
{
  const char *cap[4];
  gsize cap_len[4];
  const char *at = match_heap_sample (line, cap, cap_len);

  if (at == NULL)
    {
      fail (error, HS_PROFILE_ERROR_CORRUPT, name, lineno, _("expected “count: bytes [count: bytes] @ addresses”"));
      return NULL;
    }
  if (!hs_legacy_heap_values (cap, cap_len, h, values, out_blocksize, error, name, lineno))
    return NULL;
  return at;
}

static void
push_addresses (HsBuilder *b,
                GArray    *addrs,
                gboolean   keep_leaf,
                gboolean   adjust)
{
  for (guint i = 0; i < addrs->len; i++)
    {
      guint64 a = g_array_index (addrs, guint64, i);
      guint32 li;

      if (adjust && (i > 0 || !keep_leaf))
        a--;
      li = hs_builder_address (b, a);
      g_array_append_val (b->locs, li);
    }
}

static const char *const alloc_rx =
  "calloc|cfree|malloc|free|memalign|do_memalign|(__)?posix_memalign|pvalloc|valloc|realloc|"
  "tcmalloc::.*|tc_calloc|tc_cfree|tc_malloc|tc_free|tc_memalign|tc_posix_memalign|tc_pvalloc|"
  "tc_valloc|tc_realloc|tc_new|tc_delete|tc_newarray|tc_deletearray|tc_new_nothrow|tc_newarray_nothrow|"
  "malloc_zone_malloc|malloc_zone_calloc|malloc_zone_valloc|malloc_zone_realloc|malloc_zone_memalign|"
  "malloc_zone_free|runtime\\..*|BaseArena::.*|(::)?do_malloc_no_errno|(::)?do_malloc_pages|"
  "(::)?do_malloc|DoSampledAllocation|MallocedMemBlock::MallocedMemBlock|_M_allocate|"
  "__builtin_(vec_)?delete|__builtin_(vec_)?new|__gnu_cxx::new_allocator::allocate|__libc_malloc|"
  "__malloc_alloc_template::allocate|allocate|cpp_alloc|operator new(\\[\\])?|simple_alloc::allocate";
static const char *const alloc_skip_rx = "runtime\\.panic|runtime\\.reflectcall|runtime\\.call[0-9]*";
static const char *const cpu_rx =
  "ProfileData::Add|ProfileData::prof_handler|CpuProfiler::prof_handler|__pthread_sighandler|__restore";
static const char *const lock_rx =
  "RecordLockProfileData|(base::)?RecordLockProfileData.*|(base::)?SubmitMutexProfileData.*|"
  "(base::)?SubmitSpinLockProfileData.*|(base::Mutex::)?AwaitCommon.*|(base::Mutex::)?Unlock.*|"
  "(base::Mutex::)?UnlockSlow.*|(base::Mutex::)?ReaderUnlock.*|(base::MutexLock::)?~MutexLock.*|"
  "(Mutex::)?AwaitCommon.*|(Mutex::)?Unlock.*|(Mutex::)?UnlockSlow.*|(Mutex::)?ReaderUnlock.*|"
  "(MutexLock::)?~MutexLock.*|(SpinLock::)?Unlock.*|(SpinLock::)?SlowUnlock.*|(SpinLockHolder::)?~SpinLockHolder.*";

/* pprof's addLegacyFrameInfo: the frames its display drops by default,
 * recorded as the profile's drop_frames/keep_frames. They name
 * functions, so they matter only once the addresses are symbolized. */
static void
add_frame_info (HsBuilder *b)
{
  HsProfileData *d = b->data;
  GString *types = g_string_new (NULL);
  static const char *const heap_types[] = {
    "allocations size", "objects space", "inuse_objects inuse_space",
    "alloc_objects alloc_space", "alloc_objects alloc_space inuse_objects inuse_space",
  };
  gboolean heap = FALSE;

  for (guint i = 0; i < d->sample_types->len; i++)
    g_string_append_printf (types, "%s%s", i ? " " : "",
                            hs_profile_data_str (d, g_array_index (d->sample_types, HsPValueType, i).type));
  for (guint i = 0; i < G_N_ELEMENTS (heap_types); i++)
    heap = heap || g_str_equal (types->str, heap_types[i]);
  if (heap)
    {
      d->drop_frames = hs_builder_str (b, alloc_rx);
      d->keep_frames = hs_builder_str (b, alloc_skip_rx);
    }
  else if (g_str_equal (types->str, "contentions delay"))
    d->drop_frames = hs_builder_str (b, lock_rx);
  else
    d->drop_frames = hs_builder_str (b, cpu_rx);
  g_string_free (types, TRUE);
}

/* The lines after a memory map sentinel at or after @from (pprof's
 * parseAdditionalSections: lines before the sentinel are skipped). */
static void
finish_maps (HsBuilder  *b,
             char      **lines,
             guint       from)
{
  guint i = from;

  while (lines[i] != NULL && !is_memory_map_sentinel (lines[i]))
    i++;
  hs_builder_memory_map (b, lines[i] != NULL ? lines + i + 1 : NULL);
}

/* ---- heap, growth, fragmentation ---- */

static HsProfileData *
parse_heap (char          **lines,
            const char     *name,
            GCancellable   *cancellable,
            GError        **error)
{
  HsBuilder b;
  HsHeapHeader h;
  g_autoptr(GArray) addrs = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_autoptr(GArray) labels = g_array_new (FALSE, FALSE, sizeof (HsPLabel));
  guint i;

  if (lines[0] == NULL || !hs_legacy_heap_header (lines[0], &h))
    return NULL;
  hs_builder_init (&b);
  hs_legacy_heap_types (&b, &h);

  for (i = 1; lines[i] != NULL; i++)
    {
      char *line = trim (lines[i]);
      const char *at;
      gint64 values[4];
      HsPLabel label = { 0, };

      if (hs_cancel_check (cancellable, i, error))
        goto fail;
      if (is_space_or_comment (line))
        continue;
      if (is_memory_map_sentinel (line))
        break;
      at = hs_legacy_heap_record (line, &h, values, &label.num, name, i + 1, error);
      if (at == NULL)
        goto fail;
      {
        /* `@([ x0-9a-f]*)` ends the match; addresses come from that part. */
        gsize n = strspn (at, " x0123456789abcdef");
        g_autofree char *list = g_strndup (at, n);

        if (!parse_hex_addresses (list, addrs))
          {
            fail (error, HS_PROFILE_ERROR_CORRUPT, name, i + 1, _("an address does not fit 64 bits"));
            goto fail;
          }
      }
      push_addresses (&b, addrs, FALSE, TRUE);
      label.key = hs_builder_str (&b, "bytes");
      g_array_set_size (labels, 0);
      g_array_append_val (labels, label);
      hs_builder_sample (&b, values, h.has_alloc ? 4 : 2, labels);
    }
  finish_maps (&b, lines, i);
  add_frame_info (&b);
  return hs_builder_finish (&b);

fail:
  hs_builder_clear (&b);
  return NULL;
}

/* ---- "X profile: total N" ---- */

static HsProfileData *
parse_count (char          **lines,
             const char     *name,
             GCancellable   *cancellable,
             GError        **error,
             gboolean       *out_recognized)
{
  HsBuilder b;
  g_autoptr(GArray) addrs = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_autofree char *type = NULL;
  const char *line, *p;
  guint i = 0;

  *out_recognized = FALSE;
  while (lines[i] != NULL && is_space_or_comment (lines[i]))
    i++;
  if (lines[i] == NULL)
    return NULL;
  /* countStartRE: `\A(\S+) profile: total \d+\z` */
  line = lines[i];
  p = strstr (line, " profile: total ");
  if (p == NULL || p == line)
    return NULL;
  for (const char *q = line; q < p; q++)
    if (is_space (*q))
      return NULL;
  {
    const char *d = p + strlen (" profile: total ");
    gsize n = digits (d);

    if (n == 0 || d[n] != '\0')
      return NULL;
  }
  *out_recognized = TRUE;
  type = g_strndup (line, p - line);
  hs_builder_init (&b);
  hs_builder_types (&b, (const char *[]) { type, "count", NULL });
  hs_builder_period (&b, type, "count", 1);

  for (i++; lines[i] != NULL; i++)
    {
      gint64 n;
      gsize nd;
      const char *s;

      line = lines[i];
      if (hs_cancel_check (cancellable, i, error))
        goto fail;
      if (is_space_or_comment (line))
        continue;
      if (g_str_has_prefix (line, "---"))
        break;
      /* countRE: `\A(\d+) @(( 0x[0-9a-f]+)+)\z` */
      nd = digits (line);
      s = line + nd;
      if (nd == 0 || !g_str_has_prefix (s, " @ 0x") || !parse_base0 (line, nd, &n))
        {
          fail (error, HS_PROFILE_ERROR_CORRUPT, name, i + 1, _("expected “count @ 0x… 0x…”"));
          goto fail;
        }
      for (s += 2; *s; )
        {
          gsize k;

          if (s[0] != ' ' || s[1] != '0' || s[2] != 'x')
            break;
          k = strspn (s + 3, "0123456789abcdef");
          if (k == 0)
            break;
          s += 3 + k;
        }
      if (*s != '\0' || !parse_hex_addresses (line + nd, addrs))
        {
          fail (error, HS_PROFILE_ERROR_CORRUPT, name, i + 1, _("expected “count @ 0x… 0x…”"));
          goto fail;
        }
      push_addresses (&b, addrs, FALSE, TRUE);
      hs_builder_sample (&b, &n, 1, NULL);
    }
  finish_maps (&b, lines, i);
  add_frame_info (&b);
  return hs_builder_finish (&b);

fail:
  hs_builder_clear (&b);
  return NULL;
}

/* ---- samples staged before the stacks are final (CPU, threads) ---- */

typedef struct
{
  GArray *values;   /* gint64, n per sample */
  GArray *addrs;    /* guint64 */
  GArray *offsets;  /* guint, n_samples + 1 */
  guint   n_values;
} Staged;

static void
staged_init (Staged *st,
             guint   n_values)
{
  guint zero = 0;

  st->values = g_array_new (FALSE, FALSE, sizeof (gint64));
  st->addrs = g_array_new (FALSE, FALSE, sizeof (guint64));
  st->offsets = g_array_new (FALSE, FALSE, sizeof (guint));
  st->n_values = n_values;
  g_array_append_val (st->offsets, zero);
}

static void
staged_clear (Staged *st)
{
  g_clear_pointer (&st->values, g_array_unref);
  g_clear_pointer (&st->addrs, g_array_unref);
  g_clear_pointer (&st->offsets, g_array_unref);
}

static guint
staged_len (const Staged *st)
{
  return st->offsets->len - 1;
}

static void
staged_add (Staged        *st,
            const gint64  *values,
            const guint64 *addrs,
            guint          n)
{
  guint end;

  g_array_append_vals (st->values, values, st->n_values);
  g_array_append_vals (st->addrs, addrs, n);
  end = st->addrs->len;
  g_array_append_val (st->offsets, end);
}

static guint64 *
staged_stack (const Staged *st,
              guint         s,
              guint        *n)
{
  guint a = g_array_index (st->offsets, guint, s), e = g_array_index (st->offsets, guint, s + 1);

  *n = e - a;
  /* No address at all yet: no array to point into (a sample with no
   * frames, fuzz-legacy-formats' crash-ece38808…). */
  if (st->addrs->len == 0)
    return NULL;
  return &g_array_index (st->addrs, guint64, a);
}

/* Removes the second frame of every sample @pred accepts (pprof edits
 * its samples' location lists in place; here they are flat). */
static void
staged_remove_frame (Staged  *st,
                     gboolean (*pred) (const guint64 *stack, guint n, gpointer data),
                     gpointer data)
{
  GArray *addrs = g_array_new (FALSE, FALSE, sizeof (guint64));
  GArray *offsets = g_array_new (FALSE, FALSE, sizeof (guint));
  guint zero = 0;

  g_array_append_val (offsets, zero);
  for (guint s = 0; s < staged_len (st); s++)
    {
      guint n, end;
      guint64 *stack = staged_stack (st, s, &n);

      if (n > 1 && pred (stack, n, data))
        {
          g_array_append_vals (addrs, stack, 1);
          g_array_append_vals (addrs, stack + 2, n - 2);
        }
      else
        g_array_append_vals (addrs, stack, n);
      end = addrs->len;
      g_array_append_val (offsets, end);
    }
  g_array_unref (st->addrs);
  g_array_unref (st->offsets);
  st->addrs = addrs;
  st->offsets = offsets;
}

static gboolean
second_is (const guint64 *stack,
           guint          n,
           gpointer       data)
{
  return stack[1] == *(guint64 *) data;
}

static gboolean
leaf_duplicated (const guint64 *stack,
                 guint          n,
                 gpointer       data)
{
  return stack[0] == stack[1] + 1;
}

/* pprof's cleanupDuplicateLocations: the leaf seen twice, once from the
 * signal context and once (moved back a byte) from unwinding. */
static void
cleanup_duplicate_locations (Staged *st)
{
  staged_remove_frame (st, leaf_duplicated, NULL);
}

static void
staged_emit (Staged    *st,
             HsBuilder *b)
{
  for (guint s = 0; s < staged_len (st); s++)
    {
      guint n;
      guint64 *stack = staged_stack (st, s, &n);

      for (guint i = 0; i < n; i++)
        {
          guint32 li = hs_builder_address (b, stack[i]);
          g_array_append_val (b->locs, li);
        }
      hs_builder_sample (b, &g_array_index (st->values, gint64, (gsize) s * st->n_values), st->n_values, NULL);
    }
}

/* ---- threads ---- */

/* threadStartRE: `--- Thread ([[:xdigit:]]+) \(name: (.*)/(\d+)\) stack: ---`, unanchored. */
static gboolean
is_thread_start (const char *line)
{
  for (const char *p = strstr (line, "--- Thread "); p != NULL; p = strstr (p + 1, "--- Thread "))
    {
      const char *s = p + strlen ("--- Thread ");
      gsize n = strspn (s, "0123456789abcdefABCDEF");
      const char *end;

      if (n == 0 || !g_str_has_prefix (s + n, " (name: "))
        continue;
      s += n + strlen (" (name: ");
      /* `(.*)/(\d+)\) stack: ---`: some "/digits) stack: ---" after. */
      for (end = strstr (s, ") stack: ---"); end != NULL; end = strstr (end + 1, ") stack: ---"))
        {
          const char *d = end;

          while (d > s && g_ascii_isdigit (d[-1]))
            d--;
          if (d < end && d > s && d[-1] == '/')
            return TRUE;
        }
    }
  return FALSE;
}

static gboolean
is_threadz_start (const char *line)
{
  for (const char *p = strstr (line, "--- threadz "); p != NULL; p = strstr (p + 1, "--- threadz "))
    {
      const char *s = p + strlen ("--- threadz ");
      gsize n = digits (s);

      if (n > 0 && g_str_has_prefix (s + n, " ---"))
        return TRUE;
    }
  return FALSE;
}

static HsProfileData *
parse_thread (char          **lines,
              const char     *name,
              GCancellable   *cancellable,
              GError        **error,
              gboolean       *out_recognized)
{
  HsBuilder b;
  Staged st;
  g_autoptr(GArray) addrs = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_autoptr(GArray) cur = g_array_new (FALSE, FALSE, sizeof (guint64));
  guint n = g_strv_length (lines);
  gint pos = -1;   /* the scanner's current line; n at the end */
  const char *line;

  /* Written as pprof's parseThread walks its bufio.Scanner. */
#define SCAN() (pos < (gint) n && ++pos < (gint) n)
#define TEXT() (pos >= 0 && pos < (gint) n ? lines[pos] : "")

  *out_recognized = FALSE;
  while (SCAN () && is_space_or_comment (TEXT ()))
    ;
  line = TEXT ();
  if (is_threadz_start (line))
    {
      while (SCAN ())
        {
          line = TEXT ();
          if (is_memory_map_sentinel (line) || line[0] == '-')
            break;
        }
    }
  else if (!is_thread_start (line))
    return NULL;

  staged_init (&st, 1);
  while (!is_memory_map_sentinel (line))
    {
      gboolean same = FALSE;
      const char *sl = "";

      if (g_str_has_prefix (line, "---- no stack trace for"))
        break;
      if (!is_thread_start (line))
        {
          staged_clear (&st);
          return NULL; /* pprof: unrecognized, whatever came before */
        }
      if (hs_cancel_check (cancellable, pos + 1, error))
        goto fail;
      g_array_set_size (addrs, 0);
      while (SCAN ())
        {
          sl = trim (lines[pos]);
          if (*sl == '\0')
            continue;
          if (g_str_has_prefix (sl, "---"))
            break;
          if (strstr (sl, "same as previous thread") != NULL)
            {
              same = TRUE;
              continue;
            }
          if (!parse_hex_addresses (sl, cur))
            {
              *out_recognized = TRUE;
              fail (error, HS_PROFILE_ERROR_CORRUPT, name, pos + 1, _("an address does not fit 64 bits"));
              goto fail;
            }
          g_array_append_vals (addrs, cur->data, cur->len);
        }
      line = sl;
      if (same || addrs->len == 0)
        {
          /* "same as previous thread": one more of the last sample. */
          if (staged_len (&st) > 0)
            g_array_index (st.values, gint64, staged_len (&st) - 1)++;
          continue;
        }
      {
        gint64 one = 1;

        /* Every frame but the leaf moved back onto its call. */
        for (guint k = 1; k < addrs->len; k++)
          g_array_index (addrs, guint64, k)--;
        staged_add (&st, &one, (guint64 *) (gpointer) addrs->data, addrs->len);
      }
    }

  *out_recognized = TRUE;
  /* parseAdditionalSections: on to the memory map sentinel. */
  while (!is_memory_map_sentinel (TEXT ()) && SCAN ())
    ;
  cleanup_duplicate_locations (&st);
  hs_builder_init (&b);
  hs_builder_types (&b, (const char *[]) { "thread", "count", NULL });
  hs_builder_period (&b, "thread", "count", 1);
  staged_emit (&st, &b);
  staged_clear (&st);
  hs_builder_memory_map (&b, pos < (gint) n ? lines + pos + 1 : NULL);
  add_frame_info (&b);
  return hs_builder_finish (&b);
#undef SCAN
#undef TEXT

fail:
  staged_clear (&st);
  return NULL;
}

/* ---- contention ---- */

static HsProfileData *
parse_contention (char          **lines,
                  const char     *name,
                  GCancellable   *cancellable,
                  GError        **error,
                  gboolean       *out_recognized)
{
  HsBuilder b;
  g_autoptr(GArray) addrs = g_array_new (FALSE, FALSE, sizeof (guint64));
  gint64 period = 1, cpu_hz = 0, duration = 0;
  guint i;

  *out_recognized = FALSE;
  if (lines[0] == NULL ||
      !(g_str_has_prefix (lines[0], "--- contentionz ") || g_str_has_prefix (lines[0], "--- mutex:") ||
        g_str_has_prefix (lines[0], "--- contention:")))
    return NULL;

  /* "attribute = value" lines before the samples. */
  for (i = 1; lines[i] != NULL; i++)
    {
      char *line = trim (lines[i]);
      char *eq, *key, *val, *end;
      gint64 *target = NULL;

      if (is_space_or_comment (line))
        continue;
      if (g_str_has_prefix (line, "---"))
        break;
      eq = strchr (line, '=');
      if (eq == NULL)
        break;
      *eq = '\0';
      key = trim (line);
      val = trim (eq + 1);
      if (g_str_equal (key, "cycles/second"))
        target = &cpu_hz;
      else if (g_str_equal (key, "sampling period"))
        target = &period;
      else if (g_str_equal (key, "ms since reset"))
        target = &duration;
      else if (!g_str_equal (key, "discarded samples"))
        return NULL; /* "format", "resolution", …: Java's, or not one */
      if (target != NULL)
        {
          errno = 0;
          *target = g_ascii_strtoll (val, &end, 0);
          if (errno != 0 || end == val || *end != '\0')
            return NULL;
        }
      /* Put the '=' back: a line without one ended the loop above. */
      *eq = '=';
    }

  *out_recognized = TRUE;
  hs_builder_init (&b);
  hs_builder_types (&b, (const char *[]) { "contentions", "count", "delay", "nanoseconds", NULL });
  hs_builder_period (&b, "contentions", "count", period);
  b.data->duration_nanos = (gint64) ((guint64) duration * 1000000u);

  for (; lines[i] != NULL; i++)
    {
      char *line = trim (lines[i]);
      const char *p;
      gint64 v1 = 0, v2 = 0;
      gboolean matched = FALSE;

      if (hs_cancel_check (cancellable, i, error))
        goto fail;
      if (g_str_has_prefix (line, "---"))
        break;
      if (is_space_or_comment (line))
        continue;
      /* contentionSampleRE, unanchored: `(\d+) *(\d+) @([ x0-9a-f]*)` */
      for (p = line; *p && !matched; p++)
        {
          gsize n1, n2;
          const char *s = p, *d2;

          if (!g_ascii_isdigit (*p) || (p > line && g_ascii_isdigit (p[-1])))
            continue;
          n1 = digits (s);
          /* `(\d+) *(\d+)`: without spaces the digits split anywhere; the
           * regexp gives the first all but one. */
          d2 = skip_spaces (s + n1);
          if (d2 == s + n1)
            {
              if (n1 < 2)
                continue;
              n1--;
              d2 = s + n1;
            }
          n2 = digits (d2);
          if (n2 == 0 || d2[n2] != ' ' || d2[n2 + 1] != '@')
            continue;
          if (!parse_dec (s, n1, &v1) || !parse_dec (d2, n2, &v2))
            {
              fail (error, HS_PROFILE_ERROR_CORRUPT, name, i + 1, _("a number does not fit 64 bits"));
              goto fail;
            }
          {
            g_autofree char *list = g_strndup (d2 + n2 + 2, strspn (d2 + n2 + 2, " x0123456789abcdef"));

            if (!parse_hex_addresses (list, addrs))
              {
                fail (error, HS_PROFILE_ERROR_CORRUPT, name, i + 1, _("an address does not fit 64 bits"));
                goto fail;
              }
          }
          matched = TRUE;
        }
      if (!matched)
        {
          fail (error, HS_PROFILE_ERROR_CORRUPT, name, i + 1, _("expected “delay count @ addresses”"));
          goto fail;
        }
      /* Un-sampled: delay cycles → nanoseconds, counts × period. */
      if (period > 0)
        {
          if (cpu_hz > 0)
            v1 = hs_double_to_i64 ((double) v1 * (double) period / ((double) cpu_hz / 1e9));
          v2 = (gint64) ((guint64) v2 * (guint64) period);
        }
      push_addresses (&b, addrs, FALSE, TRUE);
      {
        gint64 values[2] = { v2, v1 };
        hs_builder_sample (&b, values, 2, NULL);
      }
    }
  finish_maps (&b, lines, i);
  add_frame_info (&b);
  return hs_builder_finish (&b);

fail:
  hs_builder_clear (&b);
  return NULL;
}

/* ---- Java ---- */

/* parseJavaLocations: "0xADDR function (file:line)" lines name the
 * addresses the samples used; the addresses themselves are then dropped
 * (pprof aggregates without them), so one location per (function, line). */
static gboolean
java_locations (HsBuilder   *b,
                char       **lines,
                guint        from,
                GHashTable  *wanted,   /* address → TRUE */
                GHashTable  *named,    /* address → location index+1 */
                const char  *name,
                GError     **error)
{
  g_autoptr(GHashTable) fns = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = from; lines[i] != NULL; i++)
    {
      char *line = trim (lines[i]);
      const char *s = line, *rest;
      guint64 addr = 0;
      gsize n;
      g_autofree char *func = NULL;
      g_autofree char *file = NULL;
      gint64 lineno = 0;
      const char *fn_file;
      gsize len;

      while (is_space (*s))
        s++;
      if (s[0] != '0' || s[1] != 'x')
        continue;
      n = strspn (s + 2, "0123456789abcdefABCDEF");
      if (n == 0 || !is_space (s[2 + n]))
        continue;
      if (n > 16)
        {
          g_set_error (error, HS_PROFILE_ERROR, HS_PROFILE_ERROR_CORRUPT,
                       _("%s: line %u: an address does not fit 64 bits"), name, i + 1);
          return FALSE;
        }
      for (gsize k = 0; k < n; k++)
        addr = addr << 4 | (guint64) g_ascii_xdigit_value (s[2 + k]);
      rest = s + 2 + n;
      while (is_space (*rest))
        rest++;
      if (!g_hash_table_contains (wanted, GSIZE_TO_POINTER ((gsize) addr)))
        continue;

      len = strlen (rest);
      if (len > 0 && rest[len - 1] == ')')
        {
          /* `^(.*)\s+\((.+):(-?\d+)\)$`, greedy: the last "(…:N)". */
          const char *close = rest + len - 1, *colon = NULL, *open = NULL;

          for (const char *c = close - 1; c >= rest; c--)
            if (*c == ':')
              {
                const char *d = c + 1;
                if (*d == '-')
                  d++;
                if (d < close && strspn (d, "0123456789") == (gsize) (close - d))
                  colon = c;
                break;
              }
          if (colon != NULL)
            for (const char *c = colon - 2; c > rest; c--)
              if (*c == '(' && is_space (c[-1]))
                {
                  open = c;
                  break;
                }
          if (colon != NULL && open != NULL)
            {
              gint64 v;

              func = g_strndup (rest, open - 1 - rest);
              file = g_strndup (open + 1, colon - open - 1);
              if (parse_dec (colon + 1, close - colon - 1, &v) && v > 0)
                lineno = v;
            }
          else
            {
              /* `^(.*)\s+\((.*)\)$`: a library path; only its base name. */
              for (const char *c = close - 1; c > rest; c--)
                if (*c == '(' && is_space (c[-1]))
                  {
                    g_autofree char *path = g_strndup (c + 1, close - c - 1);

                    func = g_strndup (rest, c - 1 - rest);
                    file = g_path_get_basename (path);
                    break;
                  }
            }
        }
      if (func == NULL)
        {
          func = g_strdup (strstr (rest, "generated stub/JIT") != NULL ? "STUB" : rest);
          file = g_strdup ("");
        }
      /* One function per name: the first file seen wins. */
      fn_file = g_hash_table_lookup (fns, func);
      if (fn_file == NULL)
        {
          g_hash_table_insert (fns, g_strdup (func), g_strdup (file));
          fn_file = file;
        }
      g_hash_table_insert (named, GSIZE_TO_POINTER ((gsize) addr),
                           GUINT_TO_POINTER (hs_builder_location (b, 0, func, fn_file, lineno) + 1));
    }
  return TRUE;
}

static HsProfileData *
java_finish (HsBuilder    *b,
             Staged       *st,
             char        **lines,
             guint         from,
             const char   *name,
             GError      **error)
{
  g_autoptr(GHashTable) wanted = g_hash_table_new (hs_pair_hash, g_direct_equal);
  g_autoptr(GHashTable) named = g_hash_table_new (hs_pair_hash, g_direct_equal);

  for (guint k = 0; k < st->addrs->len; k++)
    g_hash_table_add (wanted, GSIZE_TO_POINTER ((gsize) g_array_index (st->addrs, guint64, k)));
  if (!java_locations (b, lines, from, wanted, named, name, error))
    return NULL;
  for (guint s = 0; s < staged_len (st); s++)
    {
      guint n;
      guint64 *stack = staged_stack (st, s, &n);

      for (guint k = 0; k < n; k++)
        {
          gpointer v = g_hash_table_lookup (named, GSIZE_TO_POINTER ((gsize) stack[k]));
          guint32 li = v != NULL ? GPOINTER_TO_UINT (v) - 1 : hs_builder_address (b, stack[k]);

          g_array_append_val (b->locs, li);
        }
      hs_builder_sample (b, &g_array_index (st->values, gint64, (gsize) s * st->n_values), st->n_values, NULL);
    }
  /* Only locations no "0x…" line named keep an address. */
  hs_builder_memory_map (b, NULL);
  add_frame_info (b);
  return hs_builder_finish (b);
}

/* attributeRx: `([\w ]+)=([\w ]+)`, unanchored; key and value trimmed. */
static gboolean
java_attribute (const char *line,
                char      **key,
                char      **value)
{
  const char *eq;

  for (eq = strchr (line, '='); eq != NULL; eq = strchr (eq + 1, '='))
    {
      const char *k = eq, *v = eq + 1;

      while (k > line && (g_ascii_isalnum (k[-1]) || k[-1] == '_' || k[-1] == ' '))
        k--;
      while (g_ascii_isalnum (*v) || *v == '_' || *v == ' ')
        v++;
      if (k < eq && v > eq + 1)
        {
          *key = g_strstrip (g_strndup (k, eq - k));
          *value = g_strstrip (g_strndup (eq + 1, v - eq - 1));
          return TRUE;
        }
    }
  return FALSE;
}

static HsProfileData *
parse_java (char          **lines,
            const char     *name,
            GCancellable   *cancellable,
            GError        **error,
            gboolean       *out_recognized)
{
  HsBuilder b;
  Staged st;
  g_autoptr(GArray) addrs = g_array_new (FALSE, FALSE, sizeof (guint64));
  gboolean heap;
  gint64 period = 0;
  guint i;
  HsProfileData *data;

  *out_recognized = FALSE;
  /* The header must be a whole line (bytes.SplitAfterN needs a '\n'). */
  if (lines[0] == NULL || lines[1] == NULL)
    return NULL;
  {
    g_autofree char *h = g_strdup (lines[0]);
    char *t = trim (h);

    if (g_str_equal (t, "--- heapz 1 ---"))
      heap = TRUE;
    else if (g_str_equal (t, "--- contentionz 1 ---"))
      heap = FALSE;
    else
      return NULL;
  }

  hs_builder_init (&b);
  hs_builder_period (&b, "", "", 0);
  for (i = 1; lines[i + 1] != NULL; i++)
    {
      g_autofree char *key = NULL;
      g_autofree char *value = NULL;
      g_autofree char *copy = g_strdup (lines[i]);
      char *line = trim (copy);

      if (*line == '\0')
        continue;
      if (!java_attribute (line, &key, &value))
        break;
      if (g_str_equal (key, "format"))
        {
          if (!g_str_equal (value, "java"))
            goto unrecognized;
        }
      else if (g_str_equal (key, "resolution"))
        {
          g_array_set_size (b.data->sample_types, 0);
            {
              if (heap)
                hs_builder_types (&b, (const char *[]) { "inuse_objects", "count", "inuse_space", value, NULL });
              else
                hs_builder_types (&b, (const char *[]) { "contentions", "count", "delay", value, NULL });
            }
        }
      else if (!heap && g_str_equal (key, "sampling period"))
        {
          char *end;

          errno = 0;
          period = g_ascii_strtoll (value, &end, 0);
          if (errno != 0 || end == value || *end != '\0')
            {
              *out_recognized = TRUE;
              fail (error, HS_PROFILE_ERROR_CORRUPT, name, i + 1, _("the sampling period is not a number"));
              goto fail;
            }
          hs_builder_period (&b, "contentions", "count", period);
        }
      else if (!heap && g_str_equal (key, "ms since reset"))
        {
          gint64 ms;
          char *end;

          errno = 0;
          ms = g_ascii_strtoll (value, &end, 0);
          if (errno != 0 || end == value || *end != '\0')
            {
              *out_recognized = TRUE;
              fail (error, HS_PROFILE_ERROR_CORRUPT, name, i + 1, _("“ms since reset” is not a number"));
              goto fail;
            }
          b.data->duration_nanos = (gint64) ((guint64) ms * 1000000u);
        }
      else
        goto unrecognized;
    }
  *out_recognized = TRUE;

  staged_init (&st, 2);
  /* javaSampleRx: ` *(\d+) +(\d+) +@ +([ x0-9a-f]*)`; lines need a '\n'. */
  for (; lines[i + 1] != NULL; i++)
    {
      g_autofree char *copy = g_strdup (lines[i]);
      char *line = trim (copy);
      gboolean matched = FALSE;
      gint64 values[2];

      if (hs_cancel_check (cancellable, i, error))
        goto fail_staged;
      if (*line == '\0')
        continue;
      for (const char *p = line; *p && !matched; p++)
        {
          gsize n1, n2;
          const char *s2, *at;

          if (!g_ascii_isdigit (*p) || (p > line && g_ascii_isdigit (p[-1])))
            continue;
          n1 = digits (p);
          s2 = p + n1;
          if (*s2 != ' ')
            continue;
          s2 = skip_spaces (s2);
          n2 = digits (s2);
          if (n2 == 0 || s2[n2] != ' ')
            continue;
          at = skip_spaces (s2 + n2);
          if (*at != '@' || at[1] != ' ')
            continue;
          at = skip_spaces (at + 1);
          {
            g_autofree char *list = g_strndup (at, strspn (at, " x0123456789abcdef"));

            if (!parse_hex_addresses (list, addrs))
              {
                fail (error, HS_PROFILE_ERROR_CORRUPT, name, i + 1, _("an address does not fit 64 bits"));
                goto fail_staged;
              }
          }
          /* The figures are the other way round from the other formats. */
          if (!parse_base0 (s2, n2, &values[0]) || !parse_base0 (p, n1, &values[1]))
            {
              fail (error, HS_PROFILE_ERROR_CORRUPT, name, i + 1, _("a number does not fit 64 bits"));
              goto fail_staged;
            }
          matched = TRUE;
        }
      if (!matched)
        break;
      if (heap)
        {
          if (values[0] == 0)
            {
              fail (error, HS_PROFILE_ERROR_CORRUPT, name, i + 1, _("the object count is 0"));
              goto fail_staged;
            }
          /* Java's heapz samples every 512 KiB on average. */
          hs_scale_heap_sample (values[0], values[1], 524288, &values[0], &values[1]);
        }
      else if (period != 0)
        {
          values[0] = (gint64) ((guint64) values[0] * (guint64) period);
          values[1] = (gint64) ((guint64) values[1] * (guint64) period);
        }
      staged_add (&st, values, (guint64 *) (gpointer) addrs->data, addrs->len);
    }
  if (b.data->sample_types->len != 2 && staged_len (&st) > 0)
    {
      fail (error, HS_PROFILE_ERROR_CORRUPT, name, 0, _("the Java profile has no “resolution” line, so its values have no type"));
      goto fail_staged;
    }
  if (b.data->sample_types->len == 0)
    hs_builder_types (&b, heap ? (const char *[]) { "inuse_objects", "count", "inuse_space", "bytes", NULL }
                               : (const char *[]) { "contentions", "count", "delay", "microseconds", NULL });
  data = java_finish (&b, &st, lines, i, name, error);
  staged_clear (&st);
  if (data == NULL)
    hs_builder_clear (&b);
  return data;

fail_staged:
  staged_clear (&st);
fail:
  hs_builder_clear (&b);
  return NULL;
unrecognized:
  hs_builder_clear (&b);
  return NULL;
}

/* ---- the binary CPU profile ---- */

typedef struct
{
  const guint8 *p;
  gsize         left;
  gboolean      nil;    /* read past the end: Go's nil slice */
  guint         width;  /* 4 or 8 */
  gboolean      big;
} Words;

static guint64
word (Words *w)
{
  guint64 v = 0;

  if (w->nil || w->left < w->width)
    {
      w->nil = TRUE;
      return 0;
    }
  for (guint i = 0; i < w->width; i++)
    {
      guint k = w->big ? i : w->width - 1 - i;
      v = v << 8 | w->p[k];
    }
  w->p += w->width;
  w->left -= w->width;
  return v;
}

static HsProfileData *
parse_cpu (const guint8  *buf,
           gsize          len,
           const char    *name,
           GCancellable  *cancellable,
           GError       **error)
{
  Words w = { buf, len, FALSE, 4, FALSE };
  gboolean java;
  gint64 period;
  Staged st;
  HsBuilder b;
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_autoptr(GPtrArray) lines = NULL;

  if (!hs_input_sniff_legacy_cpu (buf, len, &w.width, &w.big, &java))
    return NULL;
  for (guint k = 0; k < 3; k++)
    word (&w);
  period = (gint64) ((guint64) word (&w) * 1000u);
  word (&w);

  staged_init (&st, 2);
  for (gsize iter = 0; w.left > 0 && !w.nil; iter++)
    {
      guint64 count, nstk;
      gint64 values[2];

      if (hs_cancel_check (cancellable, iter, error))
        goto fail;
      count = word (&w);
      nstk = word (&w);
      if (w.nil || nstk > w.left / 4)
        {
          g_autofree char *at = g_strdup_printf ("%" G_GSIZE_FORMAT, (gsize) (w.p - buf));

          fail (error, HS_PROFILE_ERROR_CORRUPT, name, 0,
                _("the CPU profile's sample at byte %s claims more frames than the file holds"), at);
          goto fail;
        }
      g_array_set_size (stack, nstk);
      for (guint64 k = 0; k < nstk; k++)
        g_array_index (stack, guint64, k) = word (&w);
      if (count == 0 && nstk == 1 && g_array_index (stack, guint64, 0) == 0)
        break; /* the end-of-data record */
      /* Return addresses back onto their calls; the leaf is a PC. Java's
       * are ids, not addresses. */
      if (!java)
        for (guint64 k = 1; k < nstk; k++)
          g_array_index (stack, guint64, k)--;
      values[0] = (gint64) count;
      values[1] = (gint64) (count * (guint64) period);
      staged_add (&st, values, (guint64 *) (gpointer) stack->data, stack->len);
    }
  /* The rest is text: the memory map (C++) or the names (Java). */
  lines = split_lines (w.nil ? (const guint8 *) "" : w.p, w.nil ? 0 : w.left);

  hs_builder_init (&b);
  hs_builder_types (&b, (const char *[]) { "samples", "count", "cpu", "nanoseconds", NULL });
  hs_builder_period (&b, "cpu", "nanoseconds", period);
  if (java)
    {
      HsProfileData *data = java_finish (&b, &st, (char **) lines->pdata, 0, name, error);

      staged_clear (&st);
      if (data == NULL)
        hs_builder_clear (&b);
      return data;
    }

  /* A frame that (nearly) every sample has second from the leaf is the
   * signal handler's: pprof removes it, up to twice. */
  for (guint iter = 0; iter < 2; iter++)
    {
      g_autoptr(GHashTable) seen = g_hash_table_new (hs_pair_hash, g_direct_equal);
      guint n_samples = staged_len (&st);
      guint margin = n_samples / 32;

      for (guint s = 0; s < n_samples; s++)
        {
          guint n;
          guint64 *stk = staged_stack (&st, s, &n);

          if (n > 1)
            {
              gpointer key = GSIZE_TO_POINTER ((gsize) stk[1]);
              guint c = GPOINTER_TO_UINT (g_hash_table_lookup (seen, key)) + 1;

              g_hash_table_insert (seen, key, GUINT_TO_POINTER (c));
              if (c >= n_samples - margin)
                {
                  guint64 addr = stk[1];

                  staged_remove_frame (&st, second_is, &addr);
                  break;
                }
            }
        }
    }

  cleanup_duplicate_locations (&st);
  staged_emit (&st, &b);
  staged_clear (&st);
  hs_builder_memory_map (&b, (char **) lines->pdata);
  add_frame_info (&b);
  return hs_builder_finish (&b);

fail:
  staged_clear (&st);
  return NULL;
}

HsProfileData *
hs_profile_legacy_parse (const guint8     *buf,
                         gsize             len,
                         const char       *name,
                         HsProfileFormat  *out_format,
                         GCancellable     *cancellable,
                         GError          **error)
{
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GError) local_error = NULL;
  HsProfileData *data;
  gboolean recognized = FALSE;

  if (hs_input_sniff_legacy_cpu (buf, len, NULL, NULL, NULL))
    {
      *out_format = HS_PROFILE_FORMAT_LEGACY_CPU;
      return parse_cpu (buf, len, name, cancellable, error);
    }

  /* The text forms, in pprof's order; a parser that recognizes its
   * header and then fails ends the search with its error. */
  lines = split_lines (buf, len);
  {
    HsHeapHeader h;

    if (lines->pdata[0] != NULL && hs_legacy_heap_header (lines->pdata[0], &h))
      {
        *out_format = HS_PROFILE_FORMAT_LEGACY_HEAP;
        return parse_heap ((char **) lines->pdata, name, cancellable, error);
      }
  }

  *out_format = HS_PROFILE_FORMAT_LEGACY_COUNT;
  data = parse_count ((char **) lines->pdata, name, cancellable, &local_error, &recognized);
  if (data != NULL || recognized)
    goto out;

  *out_format = HS_PROFILE_FORMAT_LEGACY_THREAD;
  g_clear_pointer (&lines, g_ptr_array_unref);
  lines = split_lines (buf, len);
  data = parse_thread ((char **) lines->pdata, name, cancellable, &local_error, &recognized);
  if (data != NULL || recognized)
    goto out;

  *out_format = HS_PROFILE_FORMAT_LEGACY_CONTENTION;
  g_clear_pointer (&lines, g_ptr_array_unref);
  lines = split_lines (buf, len);
  data = parse_contention ((char **) lines->pdata, name, cancellable, &local_error, &recognized);
  if (data != NULL || recognized)
    goto out;

  *out_format = HS_PROFILE_FORMAT_JAVA;
  g_clear_pointer (&lines, g_ptr_array_unref);
  lines = split_lines (buf, len);
  data = parse_java ((char **) lines->pdata, name, cancellable, &local_error, &recognized);
  if (data != NULL || recognized)
    goto out;

  g_set_error (error, HS_PROFILE_ERROR, HS_PROFILE_ERROR_UNRECOGNIZED,
               _("%s: not a heap profile Heapscope can read: its first line is no profile header Heapscope knows"), name);
  return NULL;

out:
  if (data == NULL)
    {
      if (local_error == NULL)
        g_set_error (&local_error, HS_PROFILE_ERROR, HS_PROFILE_ERROR_CORRUPT, _("%s: the profile is malformed"), name);
      g_propagate_error (error, g_steal_pointer (&local_error));
    }
  return data;
}
