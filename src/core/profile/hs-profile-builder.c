/* hs-profile-builder.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-profile-builder"

#include "config.h"

#include <math.h>
#include <string.h>

#include "hs-profile-builder.h"

void
hs_builder_init (HsBuilder *b)
{
  b->data = hs_profile_data_new ();
  b->strings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  b->functions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  b->locations = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  b->addresses = g_hash_table_new (hs_pair_hash, g_direct_equal);
  b->stacks = hs_stack_table_new (b->data->stack_locs, b->data->stack_offsets);
  b->locs = g_array_new (FALSE, FALSE, sizeof (guint32));
  hs_profile_data_add_string (b->data, "", 0);
  g_hash_table_insert (b->strings, g_strdup (""), GUINT_TO_POINTER (1));
}

void
hs_builder_clear (HsBuilder *b)
{
  g_clear_pointer (&b->data, hs_profile_data_free);
  g_clear_pointer (&b->strings, g_hash_table_unref);
  g_clear_pointer (&b->functions, g_hash_table_unref);
  g_clear_pointer (&b->locations, g_hash_table_unref);
  g_clear_pointer (&b->addresses, g_hash_table_unref);
  g_clear_pointer (&b->stacks, hs_stack_table_free);
  g_clear_pointer (&b->locs, g_array_unref);
}

HsProfileData *
hs_builder_finish (HsBuilder *b)
{
  HsProfileData *data = g_steal_pointer (&b->data);

  hs_builder_clear (b);
  return data;
}

guint32
hs_builder_str (HsBuilder  *b,
                const char *s)
{
  gpointer v = g_hash_table_lookup (b->strings, s);
  guint32 i;

  if (v != NULL)
    return GPOINTER_TO_UINT (v) - 1;
  i = hs_profile_data_add_string (b->data, s, -1);
  g_hash_table_insert (b->strings, g_strdup (s), GUINT_TO_POINTER (i + 1));
  return i;
}

guint32
hs_builder_function (HsBuilder  *b,
                     const char *name,
                     const char *file)
{
  g_autofree char *key = g_strconcat (name, "\n", file, NULL);
  gpointer v = g_hash_table_lookup (b->functions, key);
  HsPFunction f;

  if (v != NULL)
    return GPOINTER_TO_UINT (v) - 1;
  f.id = b->data->functions->len + 1;
  f.name = f.system_name = hs_builder_str (b, name);
  f.filename = hs_builder_str (b, file);
  f.start_line = 0;
  g_array_append_val (b->data->functions, f);
  g_hash_table_insert (b->functions, g_steal_pointer (&key), GUINT_TO_POINTER (b->data->functions->len));
  return b->data->functions->len - 1;
}

guint32
hs_builder_location (HsBuilder  *b,
                     guint64     address,
                     const char *name,
                     const char *file,
                     gint64      line)
{
  g_autofree char *key = g_strdup_printf ("%" G_GINT64_MODIFIER "x\n%s\n%s\n%" G_GINT64_FORMAT,
                                          address, name, file, line);
  gpointer v = g_hash_table_lookup (b->locations, key);
  HsPLocation loc;
  HsPLine l;

  if (v != NULL)
    return GPOINTER_TO_UINT (v) - 1;
  l.function = hs_builder_function (b, name, file);
  l.line = line;
  loc.id = b->data->locations->len + 1;
  loc.address = address;
  loc.mapping = HS_NO_INDEX;
  loc.line_start = b->data->lines->len;
  loc.n_lines = 1;
  g_array_append_val (b->data->lines, l);
  g_array_append_val (b->data->locations, loc);
  g_hash_table_insert (b->locations, g_steal_pointer (&key), GUINT_TO_POINTER (b->data->locations->len));
  return b->data->locations->len - 1;
}

guint32
hs_builder_address (HsBuilder *b,
                    guint64    address)
{
  gpointer key = GSIZE_TO_POINTER ((gsize) address);
  gpointer v = g_hash_table_lookup (b->addresses, key);
  HsPLocation loc = { 0, };

  G_STATIC_ASSERT (sizeof (gsize) == sizeof (guint64));
  if (v != NULL)
    return GPOINTER_TO_UINT (v) - 1;
  loc.id = b->data->locations->len + 1;
  loc.address = address;
  loc.mapping = HS_NO_INDEX;
  loc.line_start = b->data->lines->len;
  loc.n_lines = 0;
  g_array_append_val (b->data->locations, loc);
  g_hash_table_insert (b->addresses, key, GUINT_TO_POINTER (b->data->locations->len));
  return b->data->locations->len - 1;
}

void
hs_builder_sample (HsBuilder    *b,
                   const gint64 *values,
                   guint         n_values,
                   GArray       *labels)
{
  HsPSample s;

  s.stack = hs_stack_table_intern (b->stacks, (const guint32 *) (gpointer) b->locs->data, b->locs->len);
  s.label_start = b->data->labels->len;
  s.n_labels = labels ? labels->len : 0;
  if (labels)
    g_array_append_vals (b->data->labels, labels->data, labels->len);
  g_array_append_vals (b->data->values, values, n_values);
  g_array_append_val (b->data->samples, s);
  g_array_set_size (b->locs, 0);
}

void
hs_builder_types (HsBuilder   *b,
                  const char **names)
{
  for (guint i = 0; names[i] != NULL; i += 2)
    {
      HsPValueType vt = { hs_builder_str (b, names[i]), hs_builder_str (b, names[i + 1]) };
      g_array_append_val (b->data->sample_types, vt);
    }
}

void
hs_builder_period (HsBuilder  *b,
                   const char *type,
                   const char *unit,
                   gint64      period)
{
  b->data->period_type.type = hs_builder_str (b, type);
  b->data->period_type.unit = hs_builder_str (b, unit);
  b->data->period = period;
}

gint64
hs_double_to_i64 (double v)
{
  if (!(v > -9.2e18))
    return v != v ? 0 : G_MININT64;
  if (v >= 9.2e18)
    return G_MAXINT64;
  return (gint64) v;
}

void
hs_scale_heap_sample (gint64  count,
                      gint64  size,
                      gint64  rate,
                      gint64 *out_count,
                      gint64 *out_size)
{
  double avg, scale;

  if (count == 0 || size == 0)
    {
      *out_count = *out_size = 0;
      return;
    }
  if (rate <= 1)
    {
      /* 1: every allocation was recorded; below 1: unknown, left as is. */
      *out_count = count;
      *out_size = size;
      return;
    }
  avg = (double) size / (double) count;
  scale = 1.0 / (1.0 - exp (-avg / (double) rate));
  *out_count = hs_double_to_i64 ((double) count * scale);
  *out_size = hs_double_to_i64 ((double) size * scale);
}

/* ---- memory maps ---- */

typedef HsMapEntry MapEntry;

static void
map_entry_clear (gpointer p)
{
  MapEntry *m = p;

  g_free (m->file);
  g_free (m->build_id);
}

static gboolean
is_space (char c)
{
  return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r' || c == '\n';
}

static const char *
skip_space (const char *s)
{
  while (is_space (*s))
    s++;
  return s;
}

/* One hex number, optionally "0x"-prefixed; FALSE when there are no
 * digits or more than 64 bits of them (pprof ignores such a line). */
static gboolean
parse_hex (const char **sp,
           gboolean     allow_prefix,
           guint64     *out)
{
  const char *s = *sp;
  guint64 v = 0;
  guint n = 0;

  if (allow_prefix && s[0] == '0' && (s[1] == 'x') && g_ascii_isxdigit (s[2]))
    s += 2;
  while (g_ascii_isxdigit (*s))
    {
      if (v >> 60)
        return FALSE;
      v = v << 4 | (guint64) g_ascii_xdigit_value (*s);
      s++;
      n++;
    }
  if (n == 0)
    return FALSE;
  *out = v;
  *sp = s;
  return TRUE;
}

static gsize
token_len (const char *s)
{
  gsize n = 0;

  while (s[n] != '\0' && !is_space (s[n]))
    n++;
  return n;
}

static gsize
perm_len (const char *s)
{
  gsize n = 0;

  while (s[n] == '-' || s[n] == 'r' || s[n] == 'w' || s[n] == 'x' || s[n] == 'p')
    n++;
  return n;
}

static gboolean
all_hex (const char *s,
         gsize       n)
{
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isxdigit (s[i]))
      return FALSE;
  return n > 0;
}

static gboolean
is_dev (const char *s,
        gsize       n)
{
  const char *colon = memchr (s, ':', n);

  return colon != NULL && all_hex (s, colon - s) && all_hex (colon + 1, n - (colon - s) - 1);
}

/* pprof's parseMappingEntry: the /proc/PID/maps form
 *   start-end [perms] [offset] dev inode [file]
 * or the brief one
 *   start-end [perms] [file] [(@offset)] [buildid]
 * Returns FALSE for a line that is neither or not executable. */
static gboolean
parse_map_line (const char *line,
                MapEntry   *out)
{
  const char *s = skip_space (line);
  const char *tok[6];
  gsize len[6];
  guint n = 0, t = 0;
  char perm[16] = "";
  gboolean proc = FALSE;

  memset (out, 0, sizeof *out);
  if (!parse_hex (&s, TRUE, &out->start))
    return FALSE;
  if (*s == '-' || is_space (*s))
    s++;
  s = skip_space (s);
  if (!parse_hex (&s, TRUE, &out->limit))
    return FALSE;
  if (*s == ':')
    s++;

  while (n < G_N_ELEMENTS (tok))
    {
      if (!is_space (*s))
        break;
      s = skip_space (s);
      if (*s == '\0')
        break;
      tok[n] = s;
      len[n] = token_len (s);
      s += len[n];
      n++;
    }

  /* The proc form has "hex:hex" then a decimal inode at index 0, 1 or 2. */
  for (guint d = 0; d < n && d < 3; d++)
    if (is_dev (tok[d], len[d]) && d + 1 < n && strspn (tok[d + 1], "0123456789") >= len[d + 1])
      {
        gboolean ok = TRUE;
        guint i = 0;

        if (i < d && perm_len (tok[i]) == len[i])
          i++;
        if (i < d && all_hex (tok[i], len[i]))
          {
            const char *o = tok[i];
            ok = parse_hex (&o, FALSE, &out->offset);
            i++;
          }
        if (ok && i == d)
          {
            if (d > 0 && perm_len (tok[0]) == len[0])
              g_strlcpy (perm, tok[0], MIN (len[0] + 1, sizeof perm));
            if (d + 2 < n)
              out->file = g_strndup (tok[d + 2], len[d + 2]);
            proc = TRUE;
          }
        break;
      }

  if (!proc)
    {
      out->offset = 0;
      if (t < n && perm_len (tok[t]) > 0)
        {
          gsize pl = perm_len (tok[t]);

          g_strlcpy (perm, tok[t], MIN (pl + 1, sizeof perm));
          if (pl < len[t])
            n = t + 1; /* pprof's pattern stops inside this token */
          t++;
        }
      if (t < n)
        {
          out->file = g_strndup (tok[t], len[t]);
          t++;
        }
      if (t < n && len[t] > 3 && tok[t][0] == '(' && tok[t][1] == '@' && tok[t][len[t] - 1] == ')' &&
          all_hex (tok[t] + 2, len[t] - 3))
        {
          const char *o = tok[t] + 2;
          if (!parse_hex (&o, FALSE, &out->offset))
            return FALSE;
          t++;
        }
      if (t < n && all_hex (tok[t], len[t]))
        out->build_id = g_strndup (tok[t], len[t]);
    }

  if (perm[0] != '\0' && strchr (perm, 'x') == NULL)
    {
      map_entry_clear (out);
      return FALSE;
    }
  if (out->file == NULL)
    out->file = g_strdup ("");
  if (out->build_id == NULL)
    out->build_id = g_strdup ("");
  return TRUE;
}

gboolean
hs_map_line_parse (const char *line,
                   HsMapEntry *out)
{
  return parse_map_line (line, out);
}

void
hs_map_entry_clear (HsMapEntry *entry)
{
  map_entry_clear (entry);
}

static gboolean
is_library (const char *file)
{
  gsize n = strlen (file);
  const char *p;

  if (n >= 3 && strcmp (file + n - 3, ".so") == 0)
    return TRUE;
  for (p = strstr (file, ".so"); p != NULL; p = strstr (p + 1, ".so"))
    if ((p[3] == '.' || p[3] == '_') && g_ascii_isdigit (p[4]))
      return TRUE;
  return FALSE;
}

/* pprof's adjacent(): one mapping split in two. */
static gboolean
adjacent (const MapEntry *a,
          const MapEntry *b)
{
  if (a->file[0] != '\0' && b->file[0] != '\0' && strcmp (a->file, b->file) != 0)
    return FALSE;
  if (a->build_id[0] != '\0' && b->build_id[0] != '\0' && strcmp (a->build_id, b->build_id) != 0)
    return FALSE;
  if (a->limit != b->start)
    return FALSE;
  if (a->offset != 0 && b->offset != 0 && a->offset + (a->limit - a->start) != b->offset)
    return FALSE;
  return TRUE;
}

void
hs_builder_memory_map (HsBuilder    *b,
                       char * const *lines)
{
  g_autoptr(GArray) maps = g_array_new (FALSE, FALSE, sizeof (MapEntry));
  HsProfileData *data = b->data;
  guint first = 0;
  guint32 fake = HS_NO_INDEX;

  g_array_set_clear_func (maps, map_entry_clear);
  for (guint i = 0; lines != NULL && lines[i] != NULL; i++)
    {
      MapEntry m;

      if (parse_map_line (lines[i], &m))
        g_array_append_val (maps, m);
    }

  /* massageMappings: merge the pieces of one mapping, then move what
   * looks like the main binary first. */
  if (maps->len > 1)
    {
      GArray *merged = g_array_new (FALSE, FALSE, sizeof (MapEntry));

      g_array_set_clear_func (merged, map_entry_clear);
      for (guint i = 0; i < maps->len; i++)
        {
          MapEntry *m = &g_array_index (maps, MapEntry, i);
          MapEntry *last = merged->len ? &g_array_index (merged, MapEntry, merged->len - 1) : NULL;

          if (last != NULL && adjacent (last, m))
            {
              last->limit = m->limit;
              if (m->file[0] != '\0')
                {
                  g_free (last->file);
                  last->file = g_steal_pointer (&m->file);
                }
              if (m->build_id[0] != '\0')
                {
                  g_free (last->build_id);
                  last->build_id = g_steal_pointer (&m->build_id);
                }
              continue;
            }
          g_array_append_val (merged, *m);
          m->file = m->build_id = NULL;
        }
      g_array_unref (maps);
      maps = merged;
    }
  for (guint i = 0; i < maps->len; i++)
    {
      MapEntry *m = &g_array_index (maps, MapEntry, i);
      g_autoptr(GString) file = g_string_new (m->file);

      g_string_replace (file, "(deleted)", "", 0);
      g_strstrip (file->str);
      if (file->str[0] == '\0' || is_library (file->str) || file->str[0] == '[')
        continue;
      if (i != 0)
        {
          MapEntry tmp = g_array_index (maps, MapEntry, 0);
          g_array_index (maps, MapEntry, 0) = *m;
          *m = tmp;
        }
      break;
    }

  /* remapMappingIDs's heuristics for the main binary's entry. */
  if (maps->len > 1 && g_str_has_prefix (g_array_index (maps, MapEntry, 0).file, "/anon_hugepage") &&
      g_array_index (maps, MapEntry, 0).limit == g_array_index (maps, MapEntry, 1).start)
    first = 1;
  if (maps->len > first)
    {
      MapEntry *m = &g_array_index (maps, MapEntry, first);

      if (m->start - m->offset == 0x400000)
        {
          m->start = 0x400000;
          m->offset = 0;
        }
    }

  for (guint i = first; i < maps->len; i++)
    {
      const MapEntry *m = &g_array_index (maps, MapEntry, i);
      HsPMapping pm = { 0, };

      pm.id = data->mappings->len + 1;
      pm.memory_start = m->start;
      pm.memory_limit = m->limit;
      pm.file_offset = m->offset;
      pm.filename = hs_builder_str (b, m->file);
      pm.build_id = hs_builder_str (b, m->build_id);
      g_array_append_val (data->mappings, pm);
    }

  for (guint i = 0; i < data->locations->len; i++)
    {
      HsPLocation *loc = &g_array_index (data->locations, HsPLocation, i);
      guint64 a = loc->address;
      gboolean found = FALSE;

      if (loc->mapping != HS_NO_INDEX || a == 0)
        continue;
      for (guint j = 0; j < data->mappings->len && !found; j++)
        {
          HsPMapping *m = &g_array_index (data->mappings, HsPMapping, j);

          if (m->memory_start <= a && a < m->memory_limit)
            {
              loc->mapping = j;
              found = TRUE;
            }
        }
      /* Legacy handlers that left out the first part of a split mapping. */
      for (guint j = 0; j < data->mappings->len && !found; j++)
        {
          HsPMapping *m = &g_array_index (data->mappings, HsPMapping, j);

          if (j != fake && m->file_offset != 0 && m->memory_start - m->file_offset <= a && a < m->memory_start)
            {
              m->memory_start -= m->file_offset;
              m->file_offset = 0;
              loc->mapping = j;
              found = TRUE;
            }
        }
      if (!found)
        {
          if (fake == HS_NO_INDEX)
            {
              HsPMapping pm = { 0, };

              pm.id = data->mappings->len + 1;
              pm.memory_limit = G_MAXUINT64;
              g_array_append_val (data->mappings, pm);
              fake = data->mappings->len - 1;
            }
          loc->mapping = fake;
        }
    }

  /* Keep only the mappings some location is in, and the first (the main
   * binary's), as pprof's merge does before it shows a profile. */
  {
    g_autofree guint32 *renumber = g_new (guint32, MAX (data->mappings->len, 1));
    guint kept = 0;

    for (guint j = 0; j < data->mappings->len; j++)
      renumber[j] = j == 0 ? 0 : HS_NO_INDEX;
    for (guint i = 0; i < data->locations->len; i++)
      {
        guint32 m = g_array_index (data->locations, HsPLocation, i).mapping;
        if (m != HS_NO_INDEX)
          renumber[m] = 0;
      }
    for (guint j = 0; j < data->mappings->len; j++)
      if (renumber[j] != HS_NO_INDEX)
        {
          HsPMapping m = g_array_index (data->mappings, HsPMapping, j);

          m.id = kept + 1;
          g_array_index (data->mappings, HsPMapping, kept) = m;
          renumber[j] = kept++;
        }
    g_array_set_size (data->mappings, kept);
    for (guint i = 0; i < data->locations->len; i++)
      {
        HsPLocation *loc = &g_array_index (data->locations, HsPLocation, i);
        if (loc->mapping != HS_NO_INDEX)
          loc->mapping = renumber[loc->mapping];
      }
  }
}
