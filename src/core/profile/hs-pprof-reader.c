/* hs-pprof-reader.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-pprof-reader"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "hs-profile-private.h"
#include "hs-regex.h"
#include "hs-units.h"

/* Why a hand-written wire decoder and not protobuf-c: profile.proto uses
 * five wire forms only (varint, length-delimited, packed varints, and two
 * fixed widths to skip). protobuf-c would build one heap object per Sample,
 * Label and Location (about 3 million allocations for an 800k-sample
 * profile) before we could intern anything, and its unpacker reports a
 * failure without saying where. Decoding by hand lets us intern each
 * sample's location list straight from the packed bytes, keep memory close
 * to the decompressed size, and name the byte offset of every problem.
 * The decoder checks every length against its enclosing message before
 * reading, and every reference after the whole message has been seen
 * (Go writes the string table and mappings last). */

/* ---- data model helpers ---- */

HsProfileData *
hs_profile_data_new (void)
{
  HsProfileData *data = g_new0 (HsProfileData, 1);

  data->strings = g_ptr_array_new ();
  data->string_allocs = g_ptr_array_new_with_free_func (g_free);
  data->sample_types = g_array_new (FALSE, FALSE, sizeof (HsPValueType));
  data->functions = g_array_new (FALSE, FALSE, sizeof (HsPFunction));
  data->locations = g_array_new (FALSE, FALSE, sizeof (HsPLocation));
  data->lines = g_array_new (FALSE, FALSE, sizeof (HsPLine));
  data->mappings = g_array_new (FALSE, FALSE, sizeof (HsPMapping));
  data->labels = g_array_new (FALSE, FALSE, sizeof (HsPLabel));
  data->samples = g_array_new (FALSE, FALSE, sizeof (HsPSample));
  data->values = g_array_new (FALSE, FALSE, sizeof (gint64));
  data->stack_locs = g_array_new (FALSE, FALSE, sizeof (guint32));
  data->stack_offsets = g_array_new (FALSE, FALSE, sizeof (guint32));
  data->comments = g_array_new (FALSE, FALSE, sizeof (guint32));
  {
    guint32 zero = 0;
    g_array_append_val (data->stack_offsets, zero);
  }
  return data;
}

void
hs_profile_data_free (HsProfileData *data)
{
  if (data == NULL)
    return;
  g_ptr_array_unref (data->strings);
  g_ptr_array_unref (data->string_allocs);
  g_array_unref (data->sample_types);
  g_array_unref (data->functions);
  g_array_unref (data->locations);
  g_array_unref (data->lines);
  g_array_unref (data->mappings);
  g_array_unref (data->labels);
  g_array_unref (data->samples);
  g_array_unref (data->values);
  g_array_unref (data->stack_locs);
  g_array_unref (data->stack_offsets);
  g_array_unref (data->comments);
  g_free (data);
}

/* Profile strings are Go strings, bytes that need not be UTF-8, and pprof
 * compares them as bytes: "main.caf\xe9" and "main.caf\xff" are two
 * functions, and two rows of its top. U+FFFD for each bad byte
 * (g_utf8_make_valid) made them one name, and one row. So each byte that
 * is not part of a valid character, and NUL, is written as the four
 * characters \xNN (as Go's %q would): the names stay apart and readable,
 * and a C string can hold them. */
static char *
escape_bytes (const char *str,
              gsize       len)
{
  GString *out = g_string_sized_new (len + 8);
  const char *end = str + len;

  while (str < end)
    {
      gunichar c = g_utf8_get_char_validated (str, end - str);

      if (c == (gunichar) -1 || c == (gunichar) -2 || c == 0)
        {
          g_string_append_printf (out, "\\x%02x", (guchar) *str);
          str++;
        }
      else
        {
          const char *next = g_utf8_next_char (str);

          g_string_append_len (out, str, next - str);
          str = next;
        }
    }
  return g_string_free (out, FALSE);
}

guint32
hs_profile_data_add_string (HsProfileData *data,
                            const char    *str,
                            gssize         len)
{
  char *copy;

  if (len < 0)
    len = strlen (str);
  if (g_utf8_validate_len (str, len, NULL) && memchr (str, '\0', len) == NULL)
    copy = g_strndup (str, len);
  else
    copy = escape_bytes (str, len);
  g_ptr_array_add (data->string_allocs, copy);
  g_ptr_array_add (data->strings, copy);
  return data->strings->len - 1;
}

/* The whole string table of a pprof file at once: the valid strings go
 * into one block (a profile can have hundreds of thousands of short
 * names; one allocation each cost more than the names), the others
 * through hs_profile_data_add_string(). @spans: offset, length pairs. */
static void
add_string_table (HsProfileData *data,
                  const char    *buf,
                  const gsize   *spans,
                  gsize          n)
{
  gsize total = 0;
  char *block, *p;

  for (gsize i = 0; i < n; i++)
    total += spans[2 * i + 1] + 1;
  block = p = g_malloc (MAX (total, 1));
  g_ptr_array_add (data->string_allocs, block);
  g_ptr_array_set_size (data->strings, 0);
  for (gsize i = 0; i < n; i++)
    {
      const char *str = buf + spans[2 * i];
      gsize len = spans[2 * i + 1];

      if (g_utf8_validate_len (str, len, NULL) && memchr (str, '\0', len) == NULL)
        {
          memcpy (p, str, len);
          p[len] = '\0';
          g_ptr_array_add (data->strings, p);
          p += len + 1;
        }
      else
        hs_profile_data_add_string (data, str, len);
    }
}

/* ---- stack interning: open addressing over the flat location arrays ---- */

/* Why a direct-mapped cache and not an exact hash set: in a big profile
 * almost every stack is new, and probing a table of a million entries costs
 * a cache miss per sample (it was 40% of the load time for 800k samples).
 * A 64K-slot table stays in L2: a list seen recently (heap profiles repeat
 * a stack once per object size, next to each other) is shared, and a rare
 * duplicate that slipped through only costs its own copy; every analysis
 * sums per stack, so duplicates never change a figure. */
#define STACK_CACHE_BITS 16

struct _HsStackTable
{
  GArray  *locs;
  GArray  *offsets;
  guint64 *slots;     /* full hash << 32 | (stack index + 1); 0 = empty */
};

HsStackTable *
hs_stack_table_new (GArray *locs,
                    GArray *offsets)
{
  HsStackTable *table = g_new0 (HsStackTable, 1);

  table->locs = locs;
  table->offsets = offsets;
  table->slots = g_new0 (guint64, 1 << STACK_CACHE_BITS);
  return table;
}

void
hs_stack_table_free (HsStackTable *table)
{
  if (table == NULL)
    return;
  g_free (table->slots);
  g_free (table);
}

guint32
hs_stack_table_intern (HsStackTable  *table,
                       const guint32 *locs,
                       guint          n)
{
  guint32 h = hs_hash_words (locs, n);
  guint32 j = h & ((1 << STACK_CACHE_BITS) - 1);
  guint64 slot = table->slots[j];
  guint32 id;
  guint32 end;

  /* The full hash is kept in the slot, so a miss never touches the
   * (uncached) stored list. */
  if (slot != 0 && (guint32) (slot >> 32) == h)
    {
      const guint32 *offsets = (const guint32 *) (gpointer) table->offsets->data;
      guint32 s = (guint32) slot - 1;
      guint32 start = offsets[s];

      if (offsets[s + 1] - start == n &&
          (n == 0 || memcmp ((const guint32 *) (gpointer) table->locs->data + start, locs, n * sizeof (guint32)) == 0))
        return s;
    }

  id = table->offsets->len - 1;
  g_array_append_vals (table->locs, locs, n);
  end = table->locs->len;
  g_array_append_val (table->offsets, end);
  table->slots[j] = ((guint64) h << 32) | (id + 1);
  return id;
}

/* ---- gzip ---- */

/* Output per inflate call: about 15 ms of work, so that a cancelled load
 * stops within that while inflating. */
#define INFLATE_STEP (4 * 1024 * 1024)

GBytes *
hs_profile_decompress (GBytes         *input,
                       guint64         max_size,
                       const char     *name,
                       gboolean       *out_was_gzip,
                       HsLoadProgress *progress,
                       GCancellable   *cancellable,
                       GError        **error)
{
  g_autoptr(GZlibDecompressor) dec = NULL;
  g_autofree guint8 *out = NULL;
  gsize out_len = 0;
  gsize out_cap;
  gsize in_pos = 0;
  gsize len;
  const guint8 *buf = g_bytes_get_data (input, &len);

  if (max_size == 0)
    max_size = HS_PROFILE_DEFAULT_MAX_SIZE;

  *out_was_gzip = len >= 2 && buf[0] == 0x1f && buf[1] == 0x8b;
  if (!*out_was_gzip)
    {
      if (len > max_size)
        {
          g_autofree char *cap = hs_format_bytes ((gint64) max_size);
          g_set_error (error, HS_PROFILE_ERROR, HS_PROFILE_ERROR_TOO_LARGE,
                       _("%s: the file is larger than the %s limit (max-profile-size)"),
                       name, cap);
          return NULL;
        }
      return g_bytes_ref (input);
    }

  /* The gzip trailer holds the size mod 2^32: a good first guess. A
   * hostile or truncated file can lie there, so the guess is also bounded
   * by deflate's best ratio (~1032:1) and the cap. */
  out_cap = 64 * 1024;
  if (len >= 18)
    {
      guint32 isize = buf[len - 4] | (buf[len - 3] << 8) | (buf[len - 2] << 16) | ((guint32) buf[len - 1] << 24);
      if (isize > out_cap && isize <= max_size && (guint64) isize <= (guint64) len * 1032)
        out_cap = (gsize) isize + 1;
    }
  out = g_malloc (out_cap);
  dec = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);

  for (;;)
    {
      g_autoptr(GError) local_error = NULL;
      GConverterResult res;
      gsize bytes_read = 0, bytes_written = 0;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      hs_load_progress_report (progress, HS_PROGRESS_READ, HS_PROGRESS_INFLATE, in_pos, len);
      if (out_len == out_cap)
        {
          if (out_cap > max_size)
            goto too_large;
          out_cap = MIN ((guint64) out_cap * 2, max_size + 1);
          out = g_realloc (out, out_cap);
        }

      res = g_converter_convert (G_CONVERTER (dec), buf + in_pos, len - in_pos,
                                 out + out_len, MIN (out_cap - out_len, INFLATE_STEP),
                                 G_CONVERTER_INPUT_AT_END,
                                 &bytes_read, &bytes_written, &local_error);
      if (res == G_CONVERTER_ERROR)
        {
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NO_SPACE))
            {
              if (out_cap > max_size)
                goto too_large;
              out_cap = MIN ((guint64) out_cap * 2, max_size + 1);
              out = g_realloc (out, out_cap);
              continue;
            }
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT))
            g_set_error (error, HS_PROFILE_ERROR, HS_PROFILE_ERROR_TRUNCATED,
                         _("%s: the gzip data is truncated at byte %zu"
                         " (unexpected end of file)"), name, len);
          else
            g_set_error (error, HS_PROFILE_ERROR, HS_PROFILE_ERROR_CORRUPT,
                         _("%s: the gzip data is corrupt near byte %zu: %s"),
                         name, in_pos, local_error->message);
          return NULL;
        }
      in_pos += bytes_read;
      out_len += bytes_written;
      if (out_len > max_size)
        goto too_large;
      if (res == G_CONVERTER_FINISHED)
        {
          /* Go's reader accepts concatenated gzip members; so do we.
           * Anything else after a member makes it fail ("gzip: invalid
           * header", or "unexpected EOF" for under 10 bytes), and
           * pprof refuses the file: so do we, rather than show a
           * profile from a file that is damaged or has something
           * appended. */
          if (in_pos + 2 <= len && buf[in_pos] == 0x1f && buf[in_pos + 1] == 0x8b)
            {
              g_converter_reset (G_CONVERTER (dec));
              continue;
            }
          if (in_pos < len)
            {
              g_set_error (error, HS_PROFILE_ERROR, HS_PROFILE_ERROR_CORRUPT,
                           _("%s: %zu bytes after the end of the gzip data (from byte %zu):"
                             " the file is damaged or has something appended"),
                           name, len - in_pos, in_pos);
              return NULL;
            }
          break;
        }
      if (bytes_read == 0 && bytes_written == 0 && out_len < out_cap)
        {
          /* No progress with room left and all input given: truncated. */
          g_set_error (error, HS_PROFILE_ERROR, HS_PROFILE_ERROR_TRUNCATED,
                       _("%s: the gzip data is truncated at byte %zu"
                       " (unexpected end of file)"), name, len);
          return NULL;
        }
    }

  out = g_realloc (out, MAX (out_len, 1));
  return g_bytes_new_take (g_steal_pointer (&out), out_len);

too_large:
  {
    g_autofree char *cap = hs_format_bytes ((gint64) max_size);
    g_set_error (error, HS_PROFILE_ERROR, HS_PROFILE_ERROR_TOO_LARGE,
                 _("%s: decompresses to more than %s, the max-profile-size limit"),
                 name, cap);
    return NULL;
  }
}

/* ---- protobuf wire reading ---- */

typedef struct
{
  const guint8 *base;
  const guint8 *p;
  const guint8 *end;
} Wire;

typedef struct
{
  const char     *name;
  GError        **error;
  gboolean        failed;
  GCancellable   *cancellable;
  gsize           ticks;
  HsLoadProgress *progress;
} Ctx;

static gboolean G_GNUC_PRINTF (3, 4)
fail (Ctx        *ctx,
      int         code,
      const char *format,
      ...)
{
  va_list args;
  g_autofree char *msg = NULL;

  if (ctx->failed)
    return FALSE;
  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (ctx->error, HS_PROFILE_ERROR, code, "%s: %s", ctx->name, msg);
  ctx->failed = TRUE;
  return FALSE;
}

/* Called once per iteration of the long loops; FALSE (with the error
 * set) once the load is cancelled. */
static gboolean
go_on (Ctx *ctx)
{
  if (ctx->failed)
    return FALSE;
  if (!hs_cancel_check (ctx->cancellable, ++ctx->ticks, ctx->error))
    return TRUE;
  ctx->failed = TRUE;
  return FALSE;
}

/* The decoder's position in a pass from @lo to @hi (per mille), as
 * often as it looks at the cancellable. */
static inline void
report_position (Ctx        *ctx,
                 const Wire *w,
                 int         lo,
                 int         hi)
{
  if (ctx->progress != NULL && ctx->ticks % HS_CANCEL_EVERY == 0)
    hs_load_progress_report (ctx->progress, lo, hi, (guint64) (w->p - w->base),
                             (guint64) (w->end - w->base));
}

static gboolean
truncated (Ctx  *ctx,
           Wire *w)
{
  return fail (ctx, HS_PROFILE_ERROR_TRUNCATED, _("truncated at byte %zu"),
               (gsize) (w->end - w->base));
}

static inline gboolean
read_varint (Ctx     *ctx,
             Wire    *w,
             guint64 *out)
{
  guint64 v = 0;

  for (guint shift = 0; shift < 64; shift += 7)
    {
      guint8 b;

      if (w->p >= w->end)
        return truncated (ctx, w);
      b = *w->p++;
      v |= (guint64) (b & 0x7f) << shift;
      if ((b & 0x80) == 0)
        {
          *out = v;
          return TRUE;
        }
    }
  return fail (ctx, HS_PROFILE_ERROR_CORRUPT, _("varint longer than 10 bytes at byte %zu"),
               (gsize) (w->p - w->base));
}

/* Reads a tag; returns FALSE at the end of the message or on error.
 * Field number 0 is not valid protobuf, but pprof's decoder skips it like
 * any field it does not know (its tables have no entry 0), so it is read
 * and skipped here too. */
static inline gboolean
read_tag (Ctx     *ctx,
          Wire    *w,
          guint32 *field,
          guint   *wire_type)
{
  guint64 tag = 0;

  if (w->p >= w->end)
    return FALSE;
  if (!read_varint (ctx, w, &tag))
    return FALSE;
  *field = (guint32) MIN (tag >> 3, G_MAXUINT32);
  *wire_type = tag & 7;
  return TRUE;
}

static gboolean
read_bytes (Ctx   *ctx,
            Wire  *w,
            Wire  *sub)
{
  guint64 n = 0;

  if (!read_varint (ctx, w, &n))
    return FALSE;
  if (n > (guint64) (w->end - w->p))
    return truncated (ctx, w);
  sub->base = w->base;
  sub->p = w->p;
  sub->end = w->p + n;
  w->p += n;
  return TRUE;
}

static gboolean
skip_field (Ctx  *ctx,
            Wire *w,
            guint wire_type)
{
  guint64 v = 0;
  Wire sub;

  switch (wire_type)
    {
    case 0:
      return read_varint (ctx, w, &v);
    case 1:
      if (w->end - w->p < 8)
        return truncated (ctx, w);
      w->p += 8;
      return TRUE;
    case 2:
      return read_bytes (ctx, w, &sub);
    case 5:
      if (w->end - w->p < 4)
        return truncated (ctx, w);
      w->p += 4;
      return TRUE;
    default:
      return fail (ctx, HS_PROFILE_ERROR_CORRUPT, _("unsupported wire type %u at byte %zu"),
                   wire_type, (gsize) (w->p - w->base));
    }
}

/* A scalar field: varint, or fail on the wrong wire type. */
static gboolean
read_uint (Ctx     *ctx,
           Wire    *w,
           guint    wire_type,
           guint64 *out)
{
  if (wire_type != 0)
    return fail (ctx, HS_PROFILE_ERROR_CORRUPT, _("wrong wire type %u for a number at byte %zu"),
                 wire_type, (gsize) (w->p - w->base));
  return read_varint (ctx, w, out);
}

/* Repeated varints, packed (wire type 2) or not (wire type 0). */

static gboolean
read_repeated (Ctx       *ctx,
               Wire      *w,
               guint      wire_type,
               GArray    *out64)
{
  guint64 v = 0;

  if (wire_type == 0)
    {
      if (!read_varint (ctx, w, &v))
        return FALSE;
      g_array_append_val (out64, v);
      return TRUE;
    }
  if (wire_type == 2)
    {
      Wire sub;

      if (!read_bytes (ctx, w, &sub))
        return FALSE;
      while (sub.p < sub.end)
        {
          if (!read_varint (ctx, &sub, &v))
            return FALSE;
          g_array_append_val (out64, v);
        }
      return TRUE;
    }
  return fail (ctx, HS_PROFILE_ERROR_CORRUPT, _("wrong wire type %u for a repeated number at byte %zu"),
               wire_type, (gsize) (w->p - w->base));
}

/* ---- decoding ---- */

typedef struct
{
  Ctx            ctx;
  HsProfileData *data;
  GArray        *string_spans;   /* pairs of gsize: offset, length */
  GArray        *loc_mapping_ids; /* guint64 per location */
  GArray        *line_function_ids; /* guint64 per line */
  GArray        *tmp64;
  gsize          n_strings;
  gsize          n_samples;
  gboolean       discard;
  gsize          sample_bytes;
  guint32       *tmp_locs;
  gsize          tmp_cap;
  GArray        *label_words;    /* interned label sets, HsPLabel as guint32 words */
  GArray        *label_offsets;
  HsStackTable  *label_sets;
  GArray        *tmp_labels;
  /* raw string indices seen, checked once the table is known */
} Decoder;

static gboolean
check_str (Decoder    *d,
           guint64     index,
           const char *what,
           guint32    *out)
{
  if (index >= d->n_strings)
    return fail (&d->ctx, HS_PROFILE_ERROR_CORRUPT,
                 _("%s refers to string %" PRIu64 " but the string table has %zu entries"),
                 what, index, d->n_strings);
  *out = (guint32) index;
  return TRUE;
}

static gboolean
decode_value_type (Decoder      *d,
                   Wire         *w,
                   guint64      *type,
                   guint64      *unit)
{
  guint32 field;
  guint wt;

  *type = *unit = 0;
  while (read_tag (&d->ctx, w, &field, &wt))
    {
      gboolean ok;

      if (field == 1)
        ok = read_uint (&d->ctx, w, wt, type);
      else if (field == 2)
        ok = read_uint (&d->ctx, w, wt, unit);
      else
        ok = skip_field (&d->ctx, w, wt);
      if (!ok)
        return FALSE;
    }
  return !d->ctx.failed;
}

static gboolean
decode_function (Decoder *d,
                 Wire    *w)
{
  guint64 id = 0, name = 0, system_name = 0, filename = 0, start_line = 0;
  HsPFunction f;
  guint32 field;
  guint wt;

  while (read_tag (&d->ctx, w, &field, &wt))
    {
      gboolean ok;

      switch (field)
        {
        case 1: ok = read_uint (&d->ctx, w, wt, &id); break;
        case 2: ok = read_uint (&d->ctx, w, wt, &name); break;
        case 3: ok = read_uint (&d->ctx, w, wt, &system_name); break;
        case 4: ok = read_uint (&d->ctx, w, wt, &filename); break;
        case 5: ok = read_uint (&d->ctx, w, wt, &start_line); break;
        default: ok = skip_field (&d->ctx, w, wt); break;
        }
      if (!ok)
        return FALSE;
    }
  if (d->ctx.failed)
    return FALSE;
  f.id = id;
  /* String indices are checked after the table is read; keep them raw
   * (clamped so that an out-of-range 64-bit index still fails the check). */
  f.name = (guint32) MIN (name, G_MAXUINT32);
  f.system_name = (guint32) MIN (system_name, G_MAXUINT32);
  f.filename = (guint32) MIN (filename, G_MAXUINT32);
  f.start_line = (gint64) start_line;
  g_array_append_val (d->data->functions, f);
  return TRUE;
}

static gboolean
decode_line (Decoder *d,
             Wire    *w)
{
  guint64 function_id = 0, line = 0;
  HsPLine l;
  guint32 field;
  guint wt;

  while (read_tag (&d->ctx, w, &field, &wt))
    {
      gboolean ok;

      if (field == 1)
        ok = read_uint (&d->ctx, w, wt, &function_id);
      else if (field == 2)
        ok = read_uint (&d->ctx, w, wt, &line);
      else
        ok = skip_field (&d->ctx, w, wt);
      if (!ok)
        return FALSE;
    }
  if (d->ctx.failed)
    return FALSE;
  l.function = HS_NO_INDEX;
  l.line = (gint64) line;
  g_array_append_val (d->data->lines, l);
  g_array_append_val (d->line_function_ids, function_id);
  return TRUE;
}

static gboolean
decode_location (Decoder *d,
                 Wire    *w)
{
  guint64 id = 0, mapping_id = 0, address = 0;
  HsPLocation loc;
  guint32 field;
  guint wt;

  loc.line_start = d->data->lines->len;
  while (read_tag (&d->ctx, w, &field, &wt))
    {
      gboolean ok;

      switch (field)
        {
        case 1: ok = read_uint (&d->ctx, w, wt, &id); break;
        case 2: ok = read_uint (&d->ctx, w, wt, &mapping_id); break;
        case 3: ok = read_uint (&d->ctx, w, wt, &address); break;
        case 4:
          {
            Wire sub;

            if (wt != 2)
              return fail (&d->ctx, HS_PROFILE_ERROR_CORRUPT, _("location line has wire type %u at byte %zu"),
                           wt, (gsize) (w->p - w->base));
            ok = read_bytes (&d->ctx, w, &sub) && decode_line (d, &sub);
          }
          break;
        default: ok = skip_field (&d->ctx, w, wt); break;
        }
      if (!ok)
        return FALSE;
    }
  if (d->ctx.failed)
    return FALSE;
  loc.id = id;
  loc.address = address;
  loc.mapping = HS_NO_INDEX;
  loc.n_lines = d->data->lines->len - loc.line_start;
  g_array_append_val (d->data->locations, loc);
  g_array_append_val (d->loc_mapping_ids, mapping_id);
  return TRUE;
}

static gboolean
decode_mapping (Decoder *d,
                Wire    *w)
{
  guint64 v[11] = { 0, };
  HsPMapping m;
  guint32 field;
  guint wt;

  while (read_tag (&d->ctx, w, &field, &wt))
    {
      gboolean ok;

      if (field >= 1 && field <= 10)
        ok = read_uint (&d->ctx, w, wt, &v[field]);
      else
        ok = skip_field (&d->ctx, w, wt);
      if (!ok)
        return FALSE;
    }
  if (d->ctx.failed)
    return FALSE;
  m.id = v[1];
  m.memory_start = v[2];
  m.memory_limit = v[3];
  m.file_offset = v[4];
  m.filename = (guint32) MIN (v[5], G_MAXUINT32);
  m.build_id = (guint32) MIN (v[6], G_MAXUINT32);
  m.has_functions = v[7] != 0;
  g_array_append_val (d->data->mappings, m);
  return TRUE;
}

/* First pass: everything but the samples. */
static gboolean
decode_pass1 (Decoder      *d,
              const guint8 *buf,
              gsize         len)
{
  Wire w = { buf, buf, buf + len };
  HsProfileData *data = d->data;
  guint64 default_sample_type = 0, drop = 0, keep = 0;
  guint64 ptype = 0, punit = 0;
  GArray *raw_types = g_array_new (FALSE, FALSE, sizeof (guint64));
  GArray *comments = g_array_new (FALSE, FALSE, sizeof (guint64));
  guint32 field;
  guint wt;
  gboolean ok = TRUE;

  while (ok && go_on (&d->ctx) && read_tag (&d->ctx, &w, &field, &wt))
    {
      Wire sub;
      guint64 v = 0;

      report_position (&d->ctx, &w, HS_PROGRESS_INFLATE, HS_PROGRESS_PASS1);
      switch (field)
        {
        case 1: /* sample_type */
        case 11: /* period_type */
          {
            guint64 t, u;

            if (wt != 2)
              {
                ok = fail (&d->ctx, HS_PROFILE_ERROR_CORRUPT, _("field %u has wire type %u at byte %zu"),
                           field, wt, (gsize) (w.p - w.base));
                break;
              }
            ok = read_bytes (&d->ctx, &w, &sub) && decode_value_type (d, &sub, &t, &u);
            if (ok && field == 1)
              {
                g_array_append_val (raw_types, t);
                g_array_append_val (raw_types, u);
              }
            else if (ok)
              {
                ptype = t;
                punit = u;
              }
          }
          break;

        case 3: case 4: case 5: case 6:
          if (wt != 2)
            {
              ok = fail (&d->ctx, HS_PROFILE_ERROR_CORRUPT, _("field %u has wire type %u at byte %zu"),
                         field, wt, (gsize) (w.p - w.base));
              break;
            }
          if (!read_bytes (&d->ctx, &w, &sub))
            {
              ok = FALSE;
              break;
            }
          if (field == 3)
            ok = decode_mapping (d, &sub);
          else if (field == 4)
            ok = decode_location (d, &sub);
          else if (field == 5)
            ok = decode_function (d, &sub);
          else
            {
              gsize span[2] = { sub.p - buf, sub.end - sub.p };
              g_array_append_vals (d->string_spans, span, 2);
            }
          break;

        case 7: ok = read_uint (&d->ctx, &w, wt, &drop); break;
        case 8: ok = read_uint (&d->ctx, &w, wt, &keep); break;
        case 9:
          /* A second time_nanos after a non-zero one: two profiles one
           * after the other (two gzip members read as one stream), which
           * pprof refuses ("concatenated profiles detected"). */
          if (data->time_nanos != 0)
            {
              ok = fail (&d->ctx, HS_PROFILE_ERROR_CORRUPT,
                         _("the file holds two profiles one after the other"
                           " (a second time_nanos at byte %zu), which pprof does not read either"),
                         (gsize) (w.p - w.base));
              break;
            }
          ok = read_uint (&d->ctx, &w, wt, &v);
          data->time_nanos = (gint64) v;
          break;
        case 10: ok = read_uint (&d->ctx, &w, wt, &v); data->duration_nanos = (gint64) v; break;
        case 12: ok = read_uint (&d->ctx, &w, wt, &v); data->period = (gint64) v; break;
        case 13: ok = read_repeated (&d->ctx, &w, wt, comments); break;
        case 14: ok = read_uint (&d->ctx, &w, wt, &default_sample_type); break;
        case 2: /* samples: counted now, decoded in the second pass */
          d->n_samples++;
          {
            const guint8 *before = w.p;
            ok = skip_field (&d->ctx, &w, wt);
            d->sample_bytes += w.p - before;
          }
          break;
        default:
          ok = skip_field (&d->ctx, &w, wt);
          break;
        }
    }
  ok = ok && !d->ctx.failed;

  if (ok)
    {
      /* The string table is complete now. */
      d->n_strings = d->string_spans->len / 2;
      if (d->n_strings == 0)
        ok = fail (&d->ctx, HS_PROFILE_ERROR_UNRECOGNIZED,
                   _("not a pprof profile: it has no string table"));
      else if (g_array_index (d->string_spans, gsize, 1) != 0)
        ok = fail (&d->ctx, HS_PROFILE_ERROR_CORRUPT,
                   _("the first entry of the string table must be empty"));
    }
  if (ok)
    {
      ok = go_on (&d->ctx);
      if (ok)
        add_string_table (data, (const char *) buf, (const gsize *) (gpointer) d->string_spans->data,
                          d->n_strings);
    }
  if (ok && raw_types->len == 0)
    ok = fail (&d->ctx, HS_PROFILE_ERROR_UNRECOGNIZED, _("not a pprof profile: it has no sample types"));
  for (guint i = 0; ok && i < raw_types->len; i += 2)
    {
      HsPValueType vt;

      ok = check_str (d, g_array_index (raw_types, guint64, i), "a sample type", &vt.type) &&
           check_str (d, g_array_index (raw_types, guint64, i + 1), "a sample unit", &vt.unit);
      if (ok)
        g_array_append_val (data->sample_types, vt);
    }
  ok = ok &&
       check_str (d, ptype, "the period type", &data->period_type.type) &&
       check_str (d, punit, "the period unit", &data->period_type.unit) &&
       check_str (d, drop, "drop_frames", &data->drop_frames) &&
       check_str (d, keep, "keep_frames", &data->keep_frames) &&
       check_str (d, default_sample_type, "default_sample_type", &data->default_sample_type);
  for (guint i = 0; ok && i < comments->len; i++)
    {
      guint32 c;

      ok = check_str (d, g_array_index (comments, guint64, i), "a comment", &c);
      if (ok)
        g_array_append_val (data->comments, c);
    }

  g_array_unref (raw_types);
  g_array_unref (comments);
  return ok;
}

/* Builds an id → index table; ids must be non-zero and unique. Small
 * ids index an array; others (such as k << 32) go to an HsU64Map. */
typedef struct
{
  HsU64Map   map;
  guint32   *direct;
  guint64    n_direct;
} IdMap;

static gboolean
id_map_build (Decoder    *d,
              IdMap      *map,
              GArray     *array,
              gsize       stride,
              const char *what)
{
  guint n = array->len;
  guint64 max_id = 0;

  memset (map, 0, sizeof *map);
  for (guint i = 0; i < n; i++)
    {
      guint64 id = *(const guint64 *) (gconstpointer) (array->data + i * stride);

      if (id == 0)
        return fail (&d->ctx, HS_PROFILE_ERROR_CORRUPT, _("a %s has the reserved id 0"), what);
      max_id = MAX (max_id, id);
    }
  if (max_id <= (guint64) n * 4 + 1024)
    {
      map->n_direct = max_id + 1;
      map->direct = g_new (guint32, map->n_direct);
      memset (map->direct, 0xff, map->n_direct * sizeof (guint32));
      for (guint i = 0; i < n; i++)
        {
          guint64 id = *(const guint64 *) (gconstpointer) (array->data + i * stride);

          if (map->direct[id] != HS_NO_INDEX)
            return fail (&d->ctx, HS_PROFILE_ERROR_CORRUPT, _("two %ss have the id %" PRIu64), what, id);
          map->direct[id] = i;
        }
    }
  else
    {
      hs_u64_map_init (&map->map, n);
      for (guint i = 0; i < n; i++)
        {
          guint64 id = *(const guint64 *) (gconstpointer) (array->data + i * stride);
          gboolean added;
          guint32 *value = hs_u64_map_insert (&map->map, id, &added);

          if (!added)
            return fail (&d->ctx, HS_PROFILE_ERROR_CORRUPT, _("two %ss have the id %" PRIu64),
                         what, id);
          *value = i;
        }
    }
  return TRUE;
}

static inline guint32
id_map_lookup (const IdMap *map,
               guint64      id)
{
  if (map->direct != NULL)
    return id < map->n_direct ? map->direct[id] : HS_NO_INDEX;
  if (map->map.keys != NULL && id != 0)
    {
      const guint32 *v = hs_u64_map_lookup (&map->map, id);

      return v != NULL ? *v : HS_NO_INDEX;
    }
  return HS_NO_INDEX;
}

static void
id_map_clear (IdMap *map)
{
  hs_u64_map_clear (&map->map);
  g_clear_pointer (&map->direct, g_free);
}

static gboolean
resolve_tables (Decoder *d,
                IdMap   *loc_map)
{
  HsProfileData *data = d->data;
  IdMap fmap = { 0, }, mmap = { 0, };
  gboolean ok;

  ok = id_map_build (d, &fmap, data->functions, sizeof (HsPFunction), "function") &&
       id_map_build (d, &mmap, data->mappings, sizeof (HsPMapping), "mapping") &&
       id_map_build (d, loc_map, data->locations, sizeof (HsPLocation), "location");

  for (guint i = 0; ok && i < data->functions->len; i++)
    {
      HsPFunction *f = &g_array_index (data->functions, HsPFunction, i);
      g_autofree char *what = NULL;

      /* The label is for the error: made only when one will be. */
      if (MAX (f->name, MAX (f->system_name, f->filename)) < d->n_strings)
        continue;
      what = g_strdup_printf ("function %" G_GUINT64_FORMAT, f->id);
      ok = check_str (d, f->name, what, &f->name) &&
           check_str (d, f->system_name, what, &f->system_name) &&
           check_str (d, f->filename, what, &f->filename);
    }
  for (guint i = 0; ok && i < data->mappings->len; i++)
    {
      HsPMapping *m = &g_array_index (data->mappings, HsPMapping, i);
      g_autofree char *what = g_strdup_printf ("mapping %" G_GUINT64_FORMAT, m->id);

      ok = check_str (d, m->filename, what, &m->filename) &&
           check_str (d, m->build_id, what, &m->build_id);
    }
  for (guint i = 0; ok && i < data->locations->len; i++)
    {
      HsPLocation *loc = &g_array_index (data->locations, HsPLocation, i);
      guint64 mid = g_array_index (d->loc_mapping_ids, guint64, i);

      if (!(ok = go_on (&d->ctx)))
        break;
      /* A mapping id that no mapping has: pprof reads the location as
       * one without a mapping (postDecode leaves it nil), so do we. */
      if (mid != 0)
        loc->mapping = id_map_lookup (&mmap, mid);
      for (guint j = 0; ok && j < loc->n_lines; j++)
        {
          HsPLine *line = &g_array_index (data->lines, HsPLine, loc->line_start + j);
          guint64 fid = g_array_index (d->line_function_ids, guint64, loc->line_start + j);

          /* A line names its function; pprof refuses one without
           * ("location id: N has a line with nil function"). */
          if (fid == 0)
            {
              ok = fail (&d->ctx, HS_PROFILE_ERROR_CORRUPT,
                         _("location %" PRIu64 " has a line with no function (function id 0)"),
                         loc->id);
              break;
            }
          line->function = id_map_lookup (&fmap, fid);
          if (line->function == HS_NO_INDEX)
            ok = fail (&d->ctx, HS_PROFILE_ERROR_CORRUPT,
                       _("location %" PRIu64 " refers to missing function %" PRIu64),
                       loc->id, fid);
        }
    }
  id_map_clear (&fmap);
  id_map_clear (&mmap);
  return ok;
}

static gboolean
decode_sample (Decoder     *d,
               Wire        *w,
               const IdMap *loc_map,
               HsStackTable *stacks)
{
  HsProfileData *data = d->data;
  guint n_types = data->sample_types->len;
  guint n_values = 0;
  gsize n_locs = 0;
  HsPSample s;
  guint32 field;
  guint wt;

  g_array_set_size (d->tmp_labels, 0);
  while (read_tag (&d->ctx, w, &field, &wt))
    {
      gboolean ok = TRUE;
      guint64 v = 0;

      if (field == 1 || field == 2)
        {
          Wire sub = *w;
          gboolean packed = wt == 2;
          guint n_unpacked = 0;

          if (wt != 0 && wt != 2)
            return fail (&d->ctx, HS_PROFILE_ERROR_CORRUPT, _("sample field %u has wire type %u at byte %zu"),
                         field, wt, (gsize) (w->p - w->base));
          if (packed && !read_bytes (&d->ctx, w, &sub))
            return FALSE;
          /* A packed field may be empty (zero length): no values. */
          while (packed ? sub.p < sub.end : n_unpacked++ == 0)
            {
              if (!read_varint (&d->ctx, packed ? &sub : w, &v))
                return FALSE;
              if (field == 1)
                {
                  guint32 li = id_map_lookup (loc_map, v);

                  if (li == HS_NO_INDEX)
                    return fail (&d->ctx, HS_PROFILE_ERROR_CORRUPT,
                                 _("sample %u refers to missing location %" PRIu64),
                                 data->samples->len + 1, v);
                  if (n_locs == d->tmp_cap)
                    {
                      d->tmp_cap = MAX (64, d->tmp_cap * 2);
                      d->tmp_locs = g_renew (guint32, d->tmp_locs, d->tmp_cap);
                    }
                  d->tmp_locs[n_locs++] = li;
                }
              else
                {
                  gint64 value = (gint64) v;

                  if (n_values++ < n_types)
                    g_array_append_val (data->values, value);
                }
            }
        }
      else if (field == 3)
        {
          Wire sub;
          guint64 lv[5] = { 0, };
          HsPLabel label;

          /* Zeroed, padding included: label sets are interned bytewise. */
          memset (&label, 0, sizeof label);

          if (wt != 2 || !read_bytes (&d->ctx, w, &sub))
            return fail (&d->ctx, HS_PROFILE_ERROR_CORRUPT, _("bad label in sample %u"), data->samples->len + 1);
          while (ok && read_tag (&d->ctx, &sub, &field, &wt))
            {
              if (field >= 1 && field <= 4)
                ok = read_uint (&d->ctx, &sub, wt, &lv[field]);
              else
                ok = skip_field (&d->ctx, &sub, wt);
            }
          if (!ok || d->ctx.failed)
            return FALSE;
          if (!check_str (d, lv[1], "a label key", &label.key) ||
              !check_str (d, lv[2], "a label value", &label.str) ||
              !check_str (d, lv[4], "a label unit", &label.num_unit))
            return FALSE;
          label.num = (gint64) lv[3];
          g_array_append_val (d->tmp_labels, label);
        }
      else if (!skip_field (&d->ctx, w, wt))
        return FALSE;
    }
  if (d->ctx.failed)
    return FALSE;
  if (n_values != n_types)
    return fail (&d->ctx, HS_PROFILE_ERROR_CORRUPT,
                 _("sample %u has %u values but the profile has %u sample types"),
                 data->samples->len + 1, n_values, n_types);
  /* Heap profiles repeat a few label sets (the object size) many times:
   * intern them like stacks. */
  if (d->tmp_labels->len > 0)
    {
      guint32 set = hs_stack_table_intern (d->label_sets, (const guint32 *) (gpointer) d->tmp_labels->data,
                                           d->tmp_labels->len * (sizeof (HsPLabel) / sizeof (guint32)));

      s.label_start = g_array_index (d->label_offsets, guint32, set) / (sizeof (HsPLabel) / sizeof (guint32));
      s.n_labels = d->tmp_labels->len;
    }
  else
    s.label_start = s.n_labels = 0;
  s.stack = hs_stack_table_intern (stacks, d->tmp_locs, n_locs);
  g_array_append_val (data->samples, s);
  return TRUE;
}

/* When the decompressed buffer is ours alone, give its pages back to the
 * kernel as soon as the second pass is past them: nothing reads them again
 * (strings were copied in the first pass), and it takes the buffer's 22 MB
 * off the peak for an 800k-sample profile. Only whole pages strictly
 * inside the allocation are released. */
static void
release_consumed (const guint8 *buf,
                  gsize        *released,
                  const guint8 *upto)
{
#ifdef MADV_DONTNEED
  static gsize page = 0;
  guintptr lo, hi;

  if (page == 0)
    page = (gsize) MAX (sysconf (_SC_PAGESIZE), 4096);
  lo = ((guintptr) buf + *released + page - 1) & ~(guintptr) (page - 1);
  hi = (guintptr) upto & ~(guintptr) (page - 1);
  if (hi > lo + 4 * 1024 * 1024)
    {
      if (madvise ((void *) lo, hi - lo, MADV_DONTNEED) == 0)
        *released = hi - (guintptr) buf;
    }
#endif
}

static gboolean
decode_pass2 (Decoder      *d,
              const guint8 *buf,
              gsize         len,
              const IdMap  *loc_map)
{
  gsize released = 0;
  Wire w = { buf, buf, buf + len };
  HsStackTable *stacks;
  guint32 field;
  guint wt;
  gboolean ok = TRUE;
  guint32 zero = 0;

  /* Exact sizes are known from the first pass. */
  g_array_set_size (d->data->samples, d->n_samples);
  g_array_set_size (d->data->samples, 0);
  g_array_set_size (d->data->values, d->n_samples * d->data->sample_types->len);
  g_array_set_size (d->data->values, 0);
  /* Upper bounds (each location id takes at least one byte). Memory that
   * is reserved but never written costs no resident pages, and growing
   * by copying would briefly hold two copies. */
  g_array_set_size (d->data->stack_locs, MIN (d->sample_bytes, G_MAXUINT32 / 4));
  g_array_set_size (d->data->stack_locs, 0);
  g_array_set_size (d->data->stack_offsets, d->n_samples + 1);
  g_array_set_size (d->data->stack_offsets, 1);
  stacks = hs_stack_table_new (d->data->stack_locs, d->data->stack_offsets);
  d->label_words = g_array_new (FALSE, FALSE, sizeof (guint32));
  d->label_offsets = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_array_append_val (d->label_offsets, zero);
  d->label_sets = hs_stack_table_new (d->label_words, d->label_offsets);
  d->tmp_labels = g_array_new (FALSE, FALSE, sizeof (HsPLabel));

  while (ok && go_on (&d->ctx) && read_tag (&d->ctx, &w, &field, &wt))
    {
      report_position (&d->ctx, &w, HS_PROGRESS_PASS1, HS_PROGRESS_PASS2);
      if (field == 2)
        {
          Wire sub;

          ok = wt == 2 ? read_bytes (&d->ctx, &w, &sub) && decode_sample (d, &sub, loc_map, stacks)
                       : fail (&d->ctx, HS_PROFILE_ERROR_CORRUPT, _("sample has wire type %u"), wt);
          if (d->discard)
            release_consumed (buf, &released, w.p);
        }
      else
        ok = skip_field (&d->ctx, &w, wt);
    }
  hs_stack_table_free (stacks);
  g_array_append_vals (d->data->labels, d->label_words->data,
                       d->label_words->len / (sizeof (HsPLabel) / sizeof (guint32)));
  g_clear_pointer (&d->label_sets, hs_stack_table_free);
  g_clear_pointer (&d->label_words, g_array_unref);
  g_clear_pointer (&d->label_offsets, g_array_unref);
  g_clear_pointer (&d->tmp_labels, g_array_unref);
  g_clear_pointer (&d->tmp_locs, g_free);
  return ok && !d->ctx.failed;
}

/* pprof's Profile.Prune with the profile's own drop_frames/keep_frames
 * (RemoveUninteresting), which `go tool pprof` applies on load: frames
 * from the root down to the first one matching drop_frames (and not
 * keep_frames) stay, that frame's callees go. Function names are matched
 * whole, as simplifyFunc makes them: without a leading '.', and cut at
 * the first '(' that does not begin "(anonymous namespace)" or
 * "operator()" (a name that starts with '(' becomes "", which is still
 * matched). */
static char *
prune_name (const char *name)
{
  static const char *const reserved[] = { "(anonymous namespace)", "operator()" };

  if (name[0] == '.')
    name++;
  for (const char *p = name; *p != '\0'; )
    {
      gboolean skipped = FALSE;

      /* pprof finds the leftmost of the three, in this order. */
      for (guint r = 0; r < G_N_ELEMENTS (reserved) && !skipped; r++)
        if (g_str_has_prefix (p, reserved[r]))
          {
            p += strlen (reserved[r]);
            skipped = TRUE;
          }
      if (skipped)
        continue;
      if (*p == '(')
        return g_strndup (name, p - name);
      p++;
    }
  return g_strdup (name);
}

/* Whether frames of function @fi are dropped, from the cache of each
 * function and, for a function not seen yet, of each pruned name: the
 * regular expressions run once per distinct name, not once per location.
 * pprof compiles "^(" + drop_frames + ")$" with Go's regexp, which is
 * RE2 (hs-regex.cc): the same engine here, in time linear in the name,
 * whatever the pattern. */

enum
{
  FRAME_UNKNOWN = 0,
  FRAME_DROP,
  FRAME_KEEP,
};

/* The name as Go's regexp sees the profile's bytes: escape_bytes wrote a
 * byte that is not UTF-8 as \xNN (NN ≥ 80), which RE2 reads as U+FFFD,
 * and NUL as \x00, a character like any other. Sets @len (the result
 * may hold NUL). */
static char *
name_for_match (const char *name,
                gssize     *len)
{
  GString *out;

  if (strstr (name, "\\x") == NULL)
    {
      *len = -1;
      return NULL;
    }
  out = g_string_new (NULL);
  while (*name != '\0')
    {
      if (name[0] == '\\' && name[1] == 'x' && g_ascii_isxdigit (name[2]) && g_ascii_isxdigit (name[3]))
        {
          int byte = g_ascii_xdigit_value (name[2]) * 16 + g_ascii_xdigit_value (name[3]);

          if (byte == 0 || byte >= 0x80)
            {
              if (byte == 0)
                g_string_append_c (out, '\0');
              else
                g_string_append (out, "\xef\xbf\xbd");
              name += 4;
              continue;
            }
        }
      g_string_append_c (out, *name++);
    }
  *len = out->len;
  return g_string_free (out, FALSE);
}

static gboolean
frame_is_dropped (HsProfileData *data,
                  guint32        fi,
                  guint8        *fn_state,
                  GHashTable    *by_name,
                  const HsRegex *drop_rx,
                  const HsRegex *keep_rx)
{
  if (fn_state[fi] == FRAME_UNKNOWN)
    {
      const char *full_name = hs_profile_data_str (data, g_array_index (data->functions, HsPFunction, fi).name);
      g_autofree char *fn = NULL;
      gpointer cached;

      /* pprof skips functions without a name (but matches a name that
       * simplifies to "", such as "(lambda)"). */
      if (full_name[0] == '\0')
        {
          fn_state[fi] = FRAME_KEEP;
          return FALSE;
        }
      fn = prune_name (full_name);
      cached = g_hash_table_lookup (by_name, fn);

      if (cached != NULL)
        fn_state[fi] = GPOINTER_TO_UINT (cached);
      else
        {
          gssize len;
          g_autofree char *raw = name_for_match (fn, &len);
          const char *subject = raw != NULL ? raw : fn;
          gboolean drop = hs_regex_match (drop_rx, subject, len);

          if (drop && keep_rx != NULL)
            drop = !hs_regex_match (keep_rx, subject, len);
          data->n_frame_matches++;
          fn_state[fi] = drop ? FRAME_DROP : FRAME_KEEP;
          g_hash_table_insert (by_name, g_steal_pointer (&fn), GUINT_TO_POINTER (fn_state[fi]));
        }
    }
  return fn_state[fi] == FRAME_DROP;
}

static gboolean
apply_drop_frames (HsProfileData *data,
                   const char    *name,
                   GCancellable  *cancellable,
                   GError       **error)
{
  const char *drop = hs_profile_data_str (data, data->drop_frames);
  const char *keep = hs_profile_data_str (data, data->keep_frames);
  g_autoptr(HsRegex) drop_rx = NULL;
  g_autoptr(HsRegex) keep_rx = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree guint8 *prune = NULL;
  g_autofree guint8 *beneath = NULL;
  g_autofree guint8 *fn_state = NULL;
  g_autoptr(GHashTable) by_name = NULL;
  GArray *old_locs, *old_offsets;
  guint n_locs = data->locations->len;
  gsize work = 0;

  if (drop[0] == '\0')
    return TRUE;
  /* As pprof: a pattern Go's regexp refuses means no pruning at all
   * (its error is dropped), never a refused file. */
  drop_rx = hs_regex_new (drop, TRUE, &local_error);
  if (drop_rx != NULL && keep[0] != '\0')
    keep_rx = hs_regex_new (keep, TRUE, &local_error);
  if (local_error != NULL)
    {
      g_debug ("%s: drop_frames/keep_frames ignored, as pprof does: %s", name, local_error->message);
      data->frames_pattern_ignored = TRUE;
      return TRUE;
    }

  prune = g_new0 (guint8, MAX (n_locs, 1));
  beneath = g_new0 (guint8, MAX (n_locs, 1));
  fn_state = g_new0 (guint8, MAX (data->functions->len, 1));
  by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint li = 0; li < n_locs; li++)
    {
      HsPLocation *loc = &g_array_index (data->locations, HsPLocation, li);
      int i;

      for (i = (int) loc->n_lines - 1; i >= 0; i--)
        {
          const HsPLine *line = &g_array_index (data->lines, HsPLine, loc->line_start + i);

          if (line->function == HS_NO_INDEX)
            continue;
          if (frame_is_dropped (data, line->function, fn_state, by_name, drop_rx, keep_rx))
            break;
        }
      if (i >= 0)
        {
          beneath[li] = 1;
          if (i == (int) loc->n_lines - 1)
            prune[li] = 1;
          else
            {
              loc->line_start += i + 1;
              loc->n_lines -= i + 1;
            }
        }
    }

  /* Cut each stack (shared by its samples) below its first pruned frame
   * after a frame that stays. */
  old_locs = data->stack_locs;
  old_offsets = data->stack_offsets;
  data->stack_locs = g_array_sized_new (FALSE, FALSE, sizeof (guint32), old_locs->len);
  data->stack_offsets = g_array_sized_new (FALSE, FALSE, sizeof (guint32), old_offsets->len);
  g_array_append_val (data->stack_offsets, g_array_index (old_offsets, guint32, 0));
  for (guint s = 0; s + 1 < old_offsets->len; s++)
    {
      guint32 start = g_array_index (old_offsets, guint32, s);
      guint32 end = g_array_index (old_offsets, guint32, s + 1);
      const guint32 *locs = &g_array_index (old_locs, guint32, 0);
      guint32 from = start;
      gboolean found_user = FALSE;
      guint32 n;

      if (hs_cancel_check_work (cancellable, &work, end - start + 1, error))
        {
          g_array_unref (old_locs);
          g_array_unref (old_offsets);
          return FALSE;
        }

      for (guint32 i = end; i > start; i--)
        {
          guint32 li = locs[i - 1];

          if (!prune[li] && !beneath[li])
            {
              found_user = TRUE;
              continue;
            }
          if (!found_user)
            continue;
          from = prune[li] ? i : i - 1;
          break;
        }
      g_array_append_vals (data->stack_locs, locs + from, end - from);
      n = data->stack_locs->len;
      g_array_append_val (data->stack_offsets, n);
    }
  g_array_unref (old_locs);
  g_array_unref (old_offsets);
  return TRUE;
}

HsProfileData *
hs_pprof_decode (const guint8   *buf,
                 gsize           len,
                 gboolean        discard,
                 const char     *name,
                 HsLoadProgress *progress,
                 GCancellable   *cancellable,
                 GError        **error)
{
  g_autoptr(HsProfileData) data = hs_profile_data_new ();
  Decoder d;
  IdMap loc_map = { 0, };
  gboolean ok;

  if (len == 0)
    {
      g_set_error (error, HS_PROFILE_ERROR, HS_PROFILE_ERROR_EMPTY, _("%s: the profile is empty"), name);
      return NULL;
    }

  G_STATIC_ASSERT (sizeof (HsPLabel) % sizeof (guint32) == 0);
  memset (&d, 0, sizeof d);
  d.ctx.name = name;
  d.ctx.error = error;
  d.ctx.cancellable = cancellable;
  d.ctx.progress = progress;
  d.data = data;
  d.discard = discard;
  d.string_spans = g_array_new (FALSE, FALSE, sizeof (gsize));
  d.loc_mapping_ids = g_array_new (FALSE, FALSE, sizeof (guint64));
  d.line_function_ids = g_array_new (FALSE, FALSE, sizeof (guint64));
  d.tmp64 = g_array_new (FALSE, FALSE, sizeof (guint64));

  ok = decode_pass1 (&d, buf, len) &&
       resolve_tables (&d, &loc_map) &&
       decode_pass2 (&d, buf, len, &loc_map) &&
       apply_drop_frames (data, name, cancellable, error);

  id_map_clear (&loc_map);
  g_array_unref (d.string_spans);
  g_array_unref (d.loc_mapping_ids);
  g_array_unref (d.line_function_ids);
  g_array_unref (d.tmp64);

  if (!ok)
    return NULL;
  return g_steal_pointer (&data);
}
