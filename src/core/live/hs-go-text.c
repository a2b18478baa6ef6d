/* hs-go-text.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-go-text"

#include "config.h"

#include <gio/gio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hs-go-text.h"

struct _HsPromParser
{
  gsize       max_bytes;
  gsize       n_bytes;
  guint       line_no;
  GString    *partial;      /* a line whose newline has not come yet */
  GArray     *samples;      /* HsPromSample */
  GHashTable *types;        /* family name → HsPromType */
  GError     *error;        /* sticky: the first failure */
};

static void
sample_clear (gpointer data)
{
  HsPromSample *sample = data;

  g_free (sample->name);
  g_free (sample->labels);
  g_free (sample->family);
}

HsPromParser *
hs_prom_parser_new (gsize max_bytes)
{
  HsPromParser *self = g_new0 (HsPromParser, 1);

  self->max_bytes = max_bytes;
  self->partial = g_string_new (NULL);
  self->samples = g_array_new (FALSE, FALSE, sizeof (HsPromSample));
  g_array_set_clear_func (self->samples, sample_clear);
  self->types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return self;
}

void
hs_prom_parser_free (HsPromParser *self)
{
  if (self == NULL)
    return;
  g_string_free (self->partial, TRUE);
  g_array_unref (self->samples);
  g_hash_table_unref (self->types);
  g_clear_error (&self->error);
  g_free (self);
}

GArray *
hs_prom_parser_get_samples (HsPromParser *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->samples;
}

G_GNUC_PRINTF (2, 3)
static gboolean
fail (HsPromParser *self,
      const char   *format,
      ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  if (self->error == NULL)
    self->error = g_error_new (G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               "Not Prometheus text: line %u: %s", self->line_no, what);
  return FALSE;
}

static const char *
skip_blank (const char *p,
            const char *end)
{
  while (p < end && (*p == ' ' || *p == '\t'))
    p++;
  return p;
}

static gboolean
is_name_start (char c,
               gboolean colon)
{
  return g_ascii_isalpha (c) || c == '_' || (colon && c == ':');
}

static gboolean
is_name_char (char c,
              gboolean colon)
{
  return g_ascii_isalnum (c) || c == '_' || (colon && c == ':');
}

/* A metric (colon allowed) or label name at *p; NULL when none. */
static char *
read_name (const char **p,
           const char  *end,
           gboolean     colon)
{
  const char *start = *p;

  if (start >= end || !is_name_start (*start, colon))
    return NULL;
  while (*p < end && is_name_char (**p, colon))
    (*p)++;
  return g_strndup (start, *p - start);
}

static const char *
token_end (const char *p,
           const char *end)
{
  while (p < end && *p != ' ' && *p != '\t')
    p++;
  return p;
}

static gboolean
parse_value (const char *start,
             const char *end,
             double     *out)
{
  g_autofree char *text = g_strndup (start, end - start);
  char *rest = NULL;

  if (strlen (text) != (gsize) (end - start) || text[0] == '\0')
    return FALSE;
  if (g_ascii_strcasecmp (text, "NaN") == 0)
    *out = NAN;
  else if (g_ascii_strcasecmp (text, "+Inf") == 0 || g_ascii_strcasecmp (text, "Inf") == 0)
    *out = INFINITY;
  else if (g_ascii_strcasecmp (text, "-Inf") == 0)
    *out = -INFINITY;
  else
    {
      /* g_ascii_strtod also takes "infinity", "nan(...)" and hex; Go's
       * ParseFloat, which wrote this, never prints those but does print
       * plain decimals and exponents. */
      for (const char *c = text; *c != '\0'; c++)
        if (!g_ascii_isdigit (*c) && strchr (".eE+-", *c) == NULL)
          return FALSE;
      *out = g_ascii_strtod (text, &rest);
      if (rest == text || *rest != '\0')
        return FALSE;
    }
  return TRUE;
}

typedef struct
{
  char *name;
  char *value;    /* escaped again for the canonical form */
} Label;

static int
label_compare (gconstpointer a,
               gconstpointer b)
{
  return strcmp (((const Label *) a)->name, ((const Label *) b)->name);
}

static void
label_clear (gpointer data)
{
  Label *label = data;

  g_free (label->name);
  g_free (label->value);
}

/* After '{': label pairs up to '}', canonical form into @out. */
static gboolean
parse_labels (HsPromParser  *self,
              const char   **pp,
              const char    *end,
              GString       *out)
{
  g_autoptr(GArray) labels = g_array_new (FALSE, FALSE, sizeof (Label));
  const char *p = *pp;

  g_array_set_clear_func (labels, label_clear);
  for (;;)
    {
      Label label = { NULL, NULL };
      g_autoptr(GString) value = NULL;

      p = skip_blank (p, end);
      if (p < end && *p == '}')
        {
          p++;
          break;
        }
      label.name = read_name (&p, end, FALSE);
      if (label.name == NULL)
        return fail (self, "expected a label name");
      g_array_append_val (labels, label);
      p = skip_blank (p, end);
      if (p >= end || *p != '=')
        return fail (self, "expected '=' after label %s", label.name);
      p = skip_blank (p + 1, end);
      if (p >= end || *p != '"')
        return fail (self, "expected a quoted value for label %s", label.name);
      p++;
      value = g_string_new (NULL);
      for (;;)
        {
          if (p >= end)
            return fail (self, "unterminated value of label %s", label.name);
          if (*p == '"')
            {
              p++;
              break;
            }
          if (*p == '\\')
            {
              if (p + 1 >= end || strchr ("\\\"n", p[1]) == NULL || p[1] == '\0')
                return fail (self, "bad escape in the value of label %s", label.name);
              g_string_append_c (value, '\\');
              g_string_append_c (value, p[1]);
              p += 2;
              continue;
            }
          g_string_append_c (value, *p);
          p++;
        }
      g_array_index (labels, Label, labels->len - 1).value = g_string_free (g_steal_pointer (&value), FALSE);
      p = skip_blank (p, end);
      if (p < end && *p == ',')
        p++;
      else if (p < end && *p == '}')
        {
          p++;
          break;
        }
      else
        return fail (self, "expected ',' or '}' after label %s", label.name);
    }

  g_array_sort (labels, label_compare);
  for (guint i = 0; i < labels->len; i++)
    {
      Label *label = &g_array_index (labels, Label, i);

      if (i > 0 && strcmp (label->name, g_array_index (labels, Label, i - 1).name) == 0)
        return fail (self, "label %s appears twice", label->name);
      g_string_append (out, i == 0 ? "{" : ",");
      g_string_append_printf (out, "%s=\"%s\"", label->name, label->value);
    }
  if (labels->len > 0)
    g_string_append_c (out, '}');
  *pp = p;
  return TRUE;
}

static gboolean
parse_type_line (HsPromParser *self,
                 const char   *p,
                 const char   *end)
{
  static const struct { const char *word; HsPromType type; } types[] = {
    { "counter", HS_PROM_COUNTER }, { "gauge", HS_PROM_GAUGE },
    { "summary", HS_PROM_SUMMARY }, { "histogram", HS_PROM_HISTOGRAM },
    { "untyped", HS_PROM_UNTYPED },
  };
  g_autofree char *name = NULL;
  const char *word_end;
  guint i;

  p = skip_blank (p, end);
  name = read_name (&p, end, TRUE);
  if (name == NULL)
    return fail (self, "TYPE without a metric name");
  p = skip_blank (p, end);
  word_end = token_end (p, end);
  for (i = 0; i < G_N_ELEMENTS (types); i++)
    if ((gsize) (word_end - p) == strlen (types[i].word)
        && strncmp (p, types[i].word, word_end - p) == 0)
      break;
  if (i == G_N_ELEMENTS (types))
    return fail (self, "unknown type for %s", name);
  if (skip_blank (word_end, end) != end)
    return fail (self, "text after the type of %s", name);
  if (g_hash_table_size (self->types) >= HS_PROM_MAX_SAMPLES)
    return fail (self, "more than %d metric families", HS_PROM_MAX_SAMPLES);
  g_hash_table_insert (self->types, g_steal_pointer (&name), GINT_TO_POINTER (types[i].type));
  return TRUE;
}

/* The family a sample belongs to: itself, or the summary or histogram
 * whose _sum, _count or _bucket it is. */
static void
resolve_family (HsPromParser *self,
                HsPromSample *sample)
{
  static const char *suffixes[] = { "_sum", "_count", "_bucket" };
  gpointer type;
  gsize len = strlen (sample->name);

  if (g_hash_table_lookup_extended (self->types, sample->name, NULL, &type))
    {
      sample->family = g_strdup (sample->name);
      sample->type = GPOINTER_TO_INT (type);
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      gsize slen = strlen (suffixes[i]);
      g_autofree char *base = NULL;

      if (len <= slen || strcmp (sample->name + len - slen, suffixes[i]) != 0)
        continue;
      base = g_strndup (sample->name, len - slen);
      if (g_hash_table_lookup_extended (self->types, base, NULL, &type)
          && (GPOINTER_TO_INT (type) == HS_PROM_SUMMARY
              || GPOINTER_TO_INT (type) == HS_PROM_HISTOGRAM)
          && (i < 2 || GPOINTER_TO_INT (type) == HS_PROM_HISTOGRAM))
        {
          sample->family = g_steal_pointer (&base);
          sample->type = GPOINTER_TO_INT (type);
          return;
        }
    }
  sample->family = g_strdup (sample->name);
  sample->type = HS_PROM_UNTYPED;
}

static gboolean
parse_line (HsPromParser *self,
            const char   *p,
            const char   *end)
{
  HsPromSample sample = { 0 };
  g_autoptr(GString) labels = NULL;
  const char *value_end;

  self->line_no++;
  if (end > p && end[-1] == '\r')
    end--;
  p = skip_blank (p, end);
  if (p == end)
    return TRUE;
  if (*p == '#')
    {
      p = skip_blank (p + 1, end);
      if (end - p > 4 && strncmp (p, "TYPE", 4) == 0 && (p[4] == ' ' || p[4] == '\t'))
        return parse_type_line (self, p + 4, end);
      return TRUE;     /* HELP and comments */
    }

  if (self->samples->len >= HS_PROM_MAX_SAMPLES)
    return fail (self, "more than %d samples", HS_PROM_MAX_SAMPLES);

  sample.name = read_name (&p, end, TRUE);
  if (sample.name == NULL)
    return fail (self, "expected a metric name");
  labels = g_string_new (NULL);
  if (p < end && *p == '{')
    {
      p++;
      if (!parse_labels (self, &p, end, labels))
        {
          g_free (sample.name);
          return FALSE;
        }
    }
  if (p >= end || (*p != ' ' && *p != '\t'))
    {
      fail (self, "expected a value after %s", sample.name);
      g_free (sample.name);
      return FALSE;
    }
  p = skip_blank (p, end);
  value_end = token_end (p, end);
  if (!parse_value (p, value_end, &sample.value))
    {
      fail (self, "the value of %s is not a number", sample.name);
      g_free (sample.name);
      return FALSE;
    }
  p = skip_blank (value_end, end);
  if (p < end)
    {
      g_autofree char *ts = g_strndup (p, token_end (p, end) - p);

      if (!g_ascii_string_to_signed (ts, 10, G_MININT64, G_MAXINT64, &sample.timestamp_ms, NULL)
          || skip_blank (token_end (p, end), end) != end)
        {
          fail (self, "the timestamp of %s is not an integer", sample.name);
          g_free (sample.name);
          return FALSE;
        }
      sample.has_timestamp = TRUE;
    }

  sample.labels = g_string_free (g_steal_pointer (&labels), FALSE);
  resolve_family (self, &sample);
  g_array_append_val (self->samples, sample);
  return TRUE;
}

gboolean
hs_prom_parser_feed (HsPromParser  *self,
                     const char    *data,
                     gsize          size,
                     GError       **error)
{
  const char *p = data;
  const char *end = data + size;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (data != NULL || size == 0, FALSE);

  if (self->error == NULL && size > self->max_bytes - MIN (self->n_bytes, self->max_bytes))
    self->error = g_error_new (G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               "Prometheus text larger than the limit of %" G_GSIZE_FORMAT " bytes",
                               self->max_bytes);
  if (self->error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->error));
      return FALSE;
    }
  self->n_bytes += size;

  while (p < end)
    {
      const char *nl = memchr (p, '\n', end - p);
      const char *stop = nl != NULL ? nl : end;

      if (self->partial->len + (stop - p) > HS_PROM_MAX_LINE)
        {
          self->line_no++;
          fail (self, "longer than %d bytes", HS_PROM_MAX_LINE);
          break;
        }
      if (nl == NULL)
        {
          g_string_append_len (self->partial, p, stop - p);
          break;
        }
      if (self->partial->len > 0)
        {
          gboolean ok;

          g_string_append_len (self->partial, p, stop - p);
          ok = parse_line (self, self->partial->str, self->partial->str + self->partial->len);
          g_string_truncate (self->partial, 0);
          if (!ok)
            break;
        }
      else if (!parse_line (self, p, stop))
        break;
      p = nl + 1;
    }

  if (self->error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->error));
      return FALSE;
    }
  return TRUE;
}

gboolean
hs_prom_parser_finish (HsPromParser  *self,
                       GError       **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (self->error == NULL && self->partial->len > 0)
    {
      parse_line (self, self->partial->str, self->partial->str + self->partial->len);
      g_string_truncate (self->partial, 0);
    }
  if (self->error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->error));
      return FALSE;
    }
  return TRUE;
}

GArray *
hs_prom_parse (const char  *data,
               gsize        size,
               gsize        max_bytes,
               GError     **error)
{
  g_autoptr(HsPromParser) parser = hs_prom_parser_new (max_bytes);

  if (!hs_prom_parser_feed (parser, data, size, error)
      || !hs_prom_parser_finish (parser, error))
    return NULL;
  return g_array_ref (parser->samples);
}

const HsPromSample *
hs_prom_find (GArray     *samples,
              const char *name,
              const char *labels)
{
  g_return_val_if_fail (samples != NULL && name != NULL, NULL);

  if (labels == NULL)
    labels = "";
  for (guint i = 0; i < samples->len; i++)
    {
      const HsPromSample *sample = &g_array_index (samples, HsPromSample, i);

      if (strcmp (sample->name, name) == 0 && strcmp (sample->labels, labels) == 0)
        return sample;
    }
  return NULL;
}

gboolean
hs_go_parse_goroutine_total (const char  *data,
                             gsize        size,
                             gint64      *out_total,
                             GError     **error)
{
  static const char header[] = "goroutine profile: total ";
  const gsize hlen = sizeof header - 1;
  const char *p;
  const char *end;
  g_autofree char *digits = NULL;
  guint64 total;

  g_return_val_if_fail (data != NULL || size == 0, FALSE);

  if (size < hlen || memcmp (data, header, hlen) != 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "Not a goroutine profile: the first line is not \"goroutine profile: total N\"");
      return FALSE;
    }
  p = data + hlen;
  end = p;
  while (end < data + size && end - p < 20 && g_ascii_isdigit (*end))
    end++;
  if (end < data + size && *end != '\n' && *end != '\r')
    end = p;   /* digits followed by anything else: refused below */
  digits = g_strndup (p, end - p);
  if (!g_ascii_string_to_unsigned (digits, 10, 0, G_MAXINT64, &total, NULL))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "Not a goroutine profile: the total is not a number");
      return FALSE;
    }
  *out_total = (gint64) total;
  return TRUE;
}
