/* hs-profile-filter.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-profile-filter"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "hs-profile-filter.h"
#include "hs-profile-private.h"
#include "hs-regex.h"

enum
{
  STR_UNKNOWN = 0,
  STR_MATCH,
  STR_NO_MATCH,
};

/* One name expression and what it said about each string of the profile:
 * every distinct string is matched once, however many functions,
 * locations and samples share it. */
typedef struct
{
  HsRegex *rx;
  guint8  *state;     /* per string index */
} Matcher;

static void
matcher_clear (Matcher *m)
{
  g_clear_pointer (&m->rx, hs_regex_free);
  g_clear_pointer (&m->state, g_free);
}

static gboolean
matcher_init (Matcher              *m,
              const char           *flag,
              const char           *pattern,
              const HsProfileData  *data,
              GError              **error)
{
  g_autoptr(GError) local_error = NULL;

  memset (m, 0, sizeof *m);
  if (pattern == NULL || pattern[0] == '\0')
    return TRUE;
  m->rx = hs_regex_new (pattern, FALSE, &local_error);
  if (m->rx == NULL)
    {
      g_set_error (error, HS_PROFILE_ERROR, HS_PROFILE_ERROR_BAD_FILTER,
                   /* Translators: the filter's name (focus, ignore, …), the
                    * expression, and RE2's own reason, in English */
                   _("%s: “%s” is not a valid regular expression: %s"), flag, pattern, local_error->message);
      return FALSE;
    }
  m->state = g_new0 (guint8, MAX (data->strings->len, 1));
  return TRUE;
}

static gboolean
match_string (Matcher             *m,
              const HsProfileData *data,
              guint32              str)
{
  if (m->state[str] == STR_UNKNOWN)
    {
      gboolean match = hs_regex_match (m->rx, hs_profile_data_str (data, str), -1);

      m->state[str] = match ? STR_MATCH : STR_NO_MATCH;
    }
  return m->state[str] == STR_MATCH;
}

/* pprof's Line match: the function's name or file name. */
static gboolean
match_line (Matcher             *m,
            const HsProfileData *data,
            const HsPLine       *line)
{
  const HsPFunction *fn;

  if (line->function == HS_NO_INDEX)
    return FALSE;
  fn = &g_array_index (data->functions, HsPFunction, line->function);
  return match_string (m, data, fn->name) || match_string (m, data, fn->filename);
}

static gboolean
match_mapping (Matcher             *m,
               const HsProfileData *data,
               const HsPLocation   *loc)
{
  if (loc->mapping == HS_NO_INDEX)
    return FALSE;
  return match_string (m, data, g_array_index (data->mappings, HsPMapping, loc->mapping).filename);
}

/* pprof's Location.matchesName. */
static gboolean
match_location (Matcher             *m,
                const HsProfileData *data,
                const HsPLocation   *loc)
{
  for (guint i = 0; i < loc->n_lines; i++)
    if (match_line (m, data, &g_array_index (data->lines, HsPLine, loc->line_start + i)))
      return TRUE;
  return match_mapping (m, data, loc);
}

/* ---- tag filters ---- */

/* pprof's numeric label filters compare values after
 * internal/measurement's Scale(): a unit name is lower-cased, loses a
 * plural "s" when longer than two letters, and is looked up among these
 * aliases; the value is converted through the base unit. Units pprof
 * does not know are compared as they are. */
typedef struct
{
  const char *canonical;
  const char *aliases[4];
  double      factor;
} Unit;

static const Unit memory_units[] = {
  { "B", { "b", "byte" }, 1 },
  { "kB", { "kb", "kbyte", "kilobyte" }, 1024.0 },
  { "MB", { "mb", "mbyte", "megabyte" }, 1048576.0 },
  { "GB", { "gb", "gbyte", "gigabyte" }, 1073741824.0 },
  { "TB", { "tb", "tbyte", "terabyte" }, 1099511627776.0 },
  { "PB", { "pb", "pbyte", "petabyte" }, 1125899906842624.0 },
};
static const Unit time_units[] = {
  { "ns", { "ns", "nanosecond" }, 1 },
  { "us", { "μs", "us", "microsecond" }, 1e3 },
  { "ms", { "ms", "millisecond" }, 1e6 },
  { "s", { "s", "sec", "second" }, 1e9 },
  { "hrs", { "hour", "hr" }, 3.6e12 },
};
static const Unit gcu_units[] = {
  { "n*GCU", { "nanogcu" }, 1e-9 },
  { "u*GCU", { "microgcu" }, 1e-6 },
  { "m*GCU", { "milligcu" }, 1e-3 },
  { "GCU", { "gcu" }, 1 },
  { "k*GCU", { "kilogcu" }, 1e3 },
  { "M*GCU", { "megagcu" }, 1e6 },
  { "G*GCU", { "gigagcu" }, 1e9 },
  { "T*GCU", { "teragcu" }, 1e12 },
  { "P*GCU", { "petagcu" }, 1e15 },
};

typedef struct
{
  const Unit *units;
  guint       n;
  const Unit *fallback;   /* pprof's defaultUnit */
} UnitType;

static const Unit seconds = { "s", { NULL }, 1e9 };
static const Unit gcu = { "GCU", { NULL }, 1 };

static const UnitType unit_types[] = {
  { memory_units, G_N_ELEMENTS (memory_units), &memory_units[0] },
  { time_units, G_N_ELEMENTS (time_units), &seconds },
  { gcu_units, G_N_ELEMENTS (gcu_units), &gcu },
};

static const Unit *
sniff_unit (const UnitType *type,
            const char     *name)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);
  gsize len = strlen (lower);

  /* Go's len() counts bytes, as strlen does. */
  if (len > 2 && lower[len - 1] == 's')
    lower[len - 1] = '\0';
  for (guint i = 0; i < type->n; i++)
    for (guint a = 0; a < G_N_ELEMENTS (type->units[i].aliases) && type->units[i].aliases[a] != NULL; a++)
      if (g_str_equal (type->units[i].aliases[a], lower))
        return &type->units[i];
  return NULL;
}

/* measurement.Scale(value, from, to) for the units a filter can name
 * (never "auto" or "minimum"). */
static double
scale (gint64       value,
       const char  *from,
       const char  *to,
       const char **out_unit)
{
  for (guint t = 0; t < G_N_ELEMENTS (unit_types); t++)
    {
      const Unit *f = sniff_unit (&unit_types[t], from);
      const Unit *u;

      if (f == NULL)
        continue;
      u = sniff_unit (&unit_types[t], to);
      if (u == NULL)
        u = unit_types[t].fallback;
      *out_unit = u->canonical;
      return (double) value * f->factor / u->factor;
    }
  if (g_str_equal (to, "count") || g_str_equal (to, "sample") || g_str_equal (to, "unit"))
    *out_unit = "";
  else
    *out_unit = to;
  return (double) value;
}

typedef enum
{
  RANGE_NONE,
  RANGE_EQUAL,
  RANGE_AT_LEAST,
  RANGE_AT_MOST,
  RANGE_BETWEEN,
} RangeKind;

typedef struct
{
  char       *key;        /* NULL: match "key:value" of any label */
  GPtrArray  *rxs;        /* HsRegex; NULL for a numeric range */
  RangeKind   range;
  double      low, high;
  char       *unit;       /* the range's unit, after scale() */
  GHashTable *by_set;     /* (label_start, n_labels) → 1 + result */
  GHashTable *key_units;  /* borrowed: key string index → unit (pprof's NumLabelUnits) */
} TagMatcher;

static void
tag_matcher_clear (TagMatcher *t)
{
  g_clear_pointer (&t->key, g_free);
  g_clear_pointer (&t->rxs, g_ptr_array_unref);
  g_clear_pointer (&t->unit, g_free);
  g_clear_pointer (&t->by_set, g_hash_table_unref);
}

/* pprof's parseTagFilterRange: up to two numbers with an optional unit
 * ("32kb", "4mb:", ":64kb", "12kb:64mb"); anything else is a regular
 * expression (RANGE_NONE). FALSE on a number out of range (pprof
 * panics there). */
static gboolean
parse_range (TagMatcher  *t,
             const char  *flag,
             const char  *filter,
             GError     **error)
{
  g_autoptr(GRegex) rx = g_regex_new ("([+-]?[0-9]+)([A-Za-z]+)?", 0, 0, NULL);
  g_autoptr(GMatchInfo) info = NULL;
  char *whole[2] = { NULL, NULL }, *num[2] = { NULL, NULL }, *unit[2] = { NULL, NULL };
  guint n = 0;
  gboolean ok = TRUE;
  g_autofree char *either = NULL;

  g_regex_match (rx, filter, 0, &info);
  while (n < 2 && g_match_info_matches (info))
    {
      whole[n] = g_match_info_fetch (info, 0);
      num[n] = g_match_info_fetch (info, 1);
      unit[n] = g_match_info_fetch (info, 2);
      if (unit[n] == NULL)
        unit[n] = g_strdup ("");
      n++;
      g_match_info_next (info, NULL);
    }

  t->range = RANGE_NONE;
  if (n == 1)
    {
      g_autofree char *at_least = g_strconcat (whole[0], ":", NULL);
      g_autofree char *at_most = g_strconcat (":", whole[0], NULL);

      if (g_str_equal (filter, whole[0]))
        t->range = RANGE_EQUAL;
      else if (g_str_equal (filter, at_least))
        t->range = RANGE_AT_LEAST;
      else if (g_str_equal (filter, at_most))
        t->range = RANGE_AT_MOST;
    }
  else if (n == 2)
    {
      either = g_strconcat (whole[0], ":", whole[1], NULL);
      if (g_str_equal (filter, either))
        t->range = RANGE_BETWEEN;
    }

  if (t->range != RANGE_NONE)
    {
      const char *scaled_unit = NULL;
      gint64 v;

      if (!g_ascii_string_to_signed (num[0][0] == '+' ? num[0] + 1 : num[0], 10, G_MININT64, G_MAXINT64, &v, NULL))
        ok = FALSE;
      else
        {
          t->low = t->high = scale (v, unit[0], unit[0], &scaled_unit);
          t->unit = g_strdup (scaled_unit);
        }
      if (ok && t->range == RANGE_BETWEEN)
        {
          if (!g_ascii_string_to_signed (num[1][0] == '+' ? num[1] + 1 : num[1], 10, G_MININT64, G_MAXINT64, &v, NULL))
            ok = FALSE;
          else
            {
              t->high = scale (v, unit[1], t->unit, &scaled_unit);
              /* Two kinds of unit: pprof reads it as an expression. */
              if (!g_str_equal (scaled_unit, t->unit))
                {
                  t->range = RANGE_NONE;
                  g_clear_pointer (&t->unit, g_free);
                }
            }
        }
      if (!ok)
        g_set_error (error, HS_PROFILE_ERROR, HS_PROFILE_ERROR_BAD_FILTER,
                     /* Translators: the filter's name (tagfocus or tagignore) and the range */
                     _("%s: “%s” is out of range"), flag, filter);
    }
  for (guint i = 0; i < n; i++)
    {
      g_free (whole[i]);
      g_free (num[i]);
      g_free (unit[i]);
    }
  return ok;
}

static gboolean
tag_matcher_init (TagMatcher  *t,
                  const char  *flag,
                  const char  *filter,
                  GHashTable  *key_units,
                  GError     **error)
{
  const char *eq;
  const char *value = filter;
  g_auto(GStrv) parts = NULL;

  memset (t, 0, sizeof *t);
  if (filter == NULL || filter[0] == '\0')
    return TRUE;
  eq = strchr (filter, '=');
  if (eq != NULL)
    {
      t->key = g_strndup (filter, eq - filter);
      value = eq + 1;
    }
  t->by_set = g_hash_table_new (hs_pair_hash, g_direct_equal);
  t->key_units = key_units;
  if (!parse_range (t, flag, value, error))
    return FALSE;
  if (t->range != RANGE_NONE)
    return TRUE;

  t->rxs = g_ptr_array_new_with_free_func ((GDestroyNotify) hs_regex_free);
  parts = g_strsplit (value, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autoptr(GError) local_error = NULL;
      HsRegex *rx = hs_regex_new (parts[i], FALSE, &local_error);

      if (rx == NULL)
        {
          g_set_error (error, HS_PROFILE_ERROR, HS_PROFILE_ERROR_BAD_FILTER,
                       _("%s: “%s” is not a valid regular expression: %s"), flag, parts[i], local_error->message);
          return FALSE;
        }
      g_ptr_array_add (t->rxs, rx);
    }
  return TRUE;
}

static gboolean
tag_matcher_active (const TagMatcher *t)
{
  return t->by_set != NULL;
}

/* pprof's NumLabelUnits: per key, the first unit a value of it has, else
 * "bytes" for "alignment" and "request", else the key itself. Keys are
 * string indexes; units are strings of the profile. */
static GHashTable *
numeric_label_units (const HsProfileData *data)
{
  GHashTable *units = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  GHashTableIter iter;
  gpointer key;

  for (guint i = 0; i < data->samples->len; i++)
    {
      const HsPSample *s = &g_array_index (data->samples, HsPSample, i);

      for (guint j = 0; j < s->n_labels; j++)
        {
          const HsPLabel *l = &g_array_index (data->labels, HsPLabel, s->label_start + j);

          if (l->str != 0)
            continue;
          g_hash_table_add (seen, GUINT_TO_POINTER (l->key));
          if (l->num_unit != 0 && !g_hash_table_contains (units, GUINT_TO_POINTER (l->key)))
            g_hash_table_insert (units, GUINT_TO_POINTER (l->key), (gpointer) hs_profile_data_str (data, l->num_unit));
        }
    }
  g_hash_table_iter_init (&iter, seen);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      const char *name = hs_profile_data_str (data, GPOINTER_TO_UINT (key));

      if (!g_hash_table_contains (units, key))
        g_hash_table_insert (units, key, (gpointer) (g_str_equal (name, "alignment") ||
                                                     g_str_equal (name, "request") ? "bytes" : name));
    }
  return units;
}

static gboolean
in_range (const TagMatcher *t,
          gint64            value,
          const char       *unit)
{
  const char *scaled_unit = NULL;
  double v = scale (value, unit, t->unit, &scaled_unit);

  if (!g_str_equal (scaled_unit, t->unit))
    return FALSE;
  switch (t->range)
    {
    case RANGE_EQUAL: return v == t->low;
    case RANGE_AT_LEAST: return v >= t->low;
    case RANGE_AT_MOST: return v <= t->low;
    case RANGE_BETWEEN: return v >= t->low && v <= t->high;
    case RANGE_NONE:
    default: return FALSE;
    }
}

static gboolean
tag_match_numbers (TagMatcher          *t,
                   const HsProfileData *data,
                   const HsPLabel      *labels,
                   guint                n)
{
  for (guint i = 0; i < n; i++)
    {
      const char *unit;

      if (labels[i].str != 0)
        continue;
      if (t->key != NULL && !g_str_equal (hs_profile_data_str (data, labels[i].key), t->key))
        continue;
      unit = g_hash_table_lookup (t->key_units, GUINT_TO_POINTER (labels[i].key));
      if (in_range (t, labels[i].num, unit != NULL ? unit : ""))
        return TRUE;
    }
  return FALSE;
}

static gboolean
tag_match_labels (TagMatcher          *t,
                  const HsProfileData *data,
                  const HsPLabel      *labels,
                  guint                n)
{
  if (t->range != RANGE_NONE)
    return tag_match_numbers (t, data, labels, n);
  if (t->key != NULL)
    {
      /* Any value of that key against any expression. */
      for (guint i = 0; i < n; i++)
        {
          const char *value;

          if (labels[i].str == 0 || !g_str_equal (hs_profile_data_str (data, labels[i].key), t->key))
            continue;
          value = hs_profile_data_str (data, labels[i].str);
          for (guint r = 0; r < t->rxs->len; r++)
            if (hs_regex_match (g_ptr_array_index (t->rxs, r), value, -1))
              return TRUE;
        }
      return FALSE;
    }

  /* Every expression matches some "key:value". */
  for (guint r = 0; r < t->rxs->len; r++)
    {
      gboolean found = FALSE;

      for (guint i = 0; i < n && !found; i++)
        {
          g_autofree char *pair = NULL;

          if (labels[i].str == 0)
            continue;
          pair = g_strconcat (hs_profile_data_str (data, labels[i].key), ":",
                              hs_profile_data_str (data, labels[i].str), NULL);
          found = hs_regex_match (g_ptr_array_index (t->rxs, r), pair, -1);
        }
      if (!found)
        return FALSE;
    }
  return TRUE;
}

/* Samples share their label lists (the reader interns them), so each
 * distinct list is judged once. */
static gboolean
tag_match_sample (TagMatcher          *t,
                  const HsProfileData *data,
                  const HsPSample     *s)
{
  gpointer key = hs_pair_key (s->label_start, s->n_labels);
  gpointer cached = g_hash_table_lookup (t->by_set, key);
  gboolean match;

  if (cached != NULL)
    return GPOINTER_TO_UINT (cached) - 1;
  match = tag_match_labels (t, data, &g_array_index (data->labels, HsPLabel, s->label_start), s->n_labels);
  g_hash_table_insert (t->by_set, key, GUINT_TO_POINTER (match + 1));
  return match;
}

/* ---- the filter ---- */

gboolean
hs_profile_filter_is_empty (const HsProfileFilter *filter)
{
  const char *all[6];

  if (filter == NULL)
    return TRUE;
  all[0] = filter->focus;
  all[1] = filter->ignore;
  all[2] = filter->hide;
  all[3] = filter->show;
  all[4] = filter->tagfocus;
  all[5] = filter->tagignore;
  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    if (all[i] != NULL && all[i][0] != '\0')
      return FALSE;
  return TRUE;
}

const char *
hs_profile_filter_flag_name (HsProfileFilterFlags flag)
{
  switch (flag)
    {
    case HS_PROFILE_FILTER_FOCUS: return "focus";
    case HS_PROFILE_FILTER_IGNORE: return "ignore";
    case HS_PROFILE_FILTER_HIDE: return "hide";
    case HS_PROFILE_FILTER_SHOW: return "show";
    case HS_PROFILE_FILTER_TAGFOCUS: return "tagfocus";
    case HS_PROFILE_FILTER_TAGIGNORE: return "tagignore";
    default: return "";
    }
}

enum
{
  LOC_NEUTRAL = 0,
  LOC_FOCUS,
  LOC_IGNORE,
};

typedef struct
{
  const HsProfileData *src;
  HsProfileData       *dst;
  Matcher              focus, ignore, hide, show;
  TagMatcher           tagfocus, tagignore;
  GHashTable          *key_units;
  guint8              *loc_state;   /* LOC_* */
  guint8              *loc_hidden;
  gboolean             any_hidden;
  guint                unmatched;
} Filter;

static void
filter_clear (Filter *f)
{
  matcher_clear (&f->focus);
  matcher_clear (&f->ignore);
  matcher_clear (&f->hide);
  matcher_clear (&f->show);
  tag_matcher_clear (&f->tagfocus);
  tag_matcher_clear (&f->tagignore);
  g_clear_pointer (&f->key_units, g_hash_table_unref);
  g_clear_pointer (&f->loc_state, g_free);
  g_clear_pointer (&f->loc_hidden, g_free);
  g_clear_pointer (&f->dst, hs_profile_data_free);
}

/* The tables a filtered profile shares with its source, and its header. */
static HsProfileData *
data_new_sharing (const HsProfileData *src)
{
  HsProfileData *dst = g_new0 (HsProfileData, 1);

  dst->strings = g_ptr_array_ref (src->strings);
  dst->string_allocs = g_ptr_array_ref (src->string_allocs);
  dst->sample_types = g_array_ref (src->sample_types);
  dst->functions = g_array_ref (src->functions);
  dst->mappings = g_array_ref (src->mappings);
  dst->labels = g_array_ref (src->labels);
  dst->comments = g_array_ref (src->comments);
  dst->samples = g_array_new (FALSE, FALSE, sizeof (HsPSample));
  dst->values = g_array_new (FALSE, FALSE, sizeof (gint64));
  dst->period_type = src->period_type;
  dst->period = src->period;
  dst->time_nanos = src->time_nanos;
  dst->duration_nanos = src->duration_nanos;
  dst->drop_frames = src->drop_frames;
  dst->keep_frames = src->keep_frames;
  dst->default_sample_type = src->default_sample_type;
  return dst;
}

/* FilterSamplesByName's pass over the locations: focus/ignore on the
 * location as read, then hide and show trim its lines (pprof's
 * unmatchedLines / matchedLines; a line without a function survives
 * show). A location left with no line is hidden from every stack. */
static gboolean
filter_locations (Filter        *f,
                  GCancellable  *cancellable,
                  GError       **error)
{
  const HsProfileData *src = f->src;
  guint n_locs = src->locations->len;
  gboolean trim = f->hide.rx != NULL || f->show.rx != NULL;
  gboolean focus_matched = FALSE, ignore_matched = FALSE, hide_matched = FALSE, show_matched = FALSE;

  f->loc_state = g_new0 (guint8, MAX (n_locs, 1));
  f->loc_hidden = g_new0 (guint8, MAX (n_locs, 1));
  if (trim)
    {
      f->dst->locations = g_array_copy (src->locations);
      f->dst->lines = g_array_sized_new (FALSE, FALSE, sizeof (HsPLine), src->lines->len);
    }
  else
    {
      f->dst->locations = g_array_ref (src->locations);
      f->dst->lines = g_array_ref (src->lines);
    }

  for (guint li = 0; li < n_locs; li++)
    {
      const HsPLocation *loc = &g_array_index (src->locations, HsPLocation, li);

      if (hs_cancel_check (cancellable, li, error))
        return FALSE;
      if (f->ignore.rx != NULL && match_location (&f->ignore, src, loc))
        {
          ignore_matched = TRUE;
          f->loc_state[li] = LOC_IGNORE;
        }
      else if (f->focus.rx == NULL || match_location (&f->focus, src, loc))
        {
          focus_matched = TRUE;
          f->loc_state[li] = LOC_FOCUS;
        }

      if (trim)
        {
          HsPLocation *out = &g_array_index (f->dst->locations, HsPLocation, li);
          gboolean hide_mapping = f->hide.rx != NULL && match_mapping (&f->hide, src, loc);
          gboolean show_mapping = f->show.rx != NULL && match_mapping (&f->show, src, loc);

          out->line_start = f->dst->lines->len;
          out->n_lines = 0;
          for (guint i = 0; i < loc->n_lines && !hide_mapping; i++)
            {
              const HsPLine *line = &g_array_index (src->lines, HsPLine, loc->line_start + i);

              if (f->hide.rx != NULL && match_line (&f->hide, src, line))
                {
                  hide_matched = TRUE;
                  continue;
                }
              if (f->show.rx != NULL && !show_mapping && line->function != HS_NO_INDEX &&
                  !match_line (&f->show, src, line))
                continue;
              g_array_append_val (f->dst->lines, *line);
              out->n_lines++;
            }
          if (hide_mapping)
            hide_matched = TRUE;
          /* A location that had no line to start with is as pprof keeps
           * it: hidden only once its lines are all gone. */
          if (out->n_lines == 0 && (loc->n_lines > 0 || f->show.rx != NULL || hide_mapping))
            {
              f->loc_hidden[li] = 1;
              f->any_hidden = TRUE;
            }
          else if (f->show.rx != NULL)
            show_matched = TRUE;
        }
    }

  if (f->focus.rx != NULL && !focus_matched)
    f->unmatched |= HS_PROFILE_FILTER_FOCUS;
  if (f->ignore.rx != NULL && !ignore_matched)
    f->unmatched |= HS_PROFILE_FILTER_IGNORE;
  if (f->hide.rx != NULL && !hide_matched)
    f->unmatched |= HS_PROFILE_FILTER_HIDE;
  if (f->show.rx != NULL && !show_matched)
    f->unmatched |= HS_PROFILE_FILTER_SHOW;
  return TRUE;
}

/* pprof's focusedAndNotIgnored: a focused frame and no ignored one (so a
 * sample with no frame never passes). */
static gboolean
stack_passes (const Filter  *f,
              const guint32 *locs,
              guint          n)
{
  gboolean focused = FALSE;

  for (guint i = 0; i < n; i++)
    {
      if (f->loc_state[locs[i]] == LOC_IGNORE)
        return FALSE;
      if (f->loc_state[locs[i]] == LOC_FOCUS)
        focused = TRUE;
    }
  return focused;
}

/* Per stack: the new stack index, or HS_NO_INDEX when its samples go. */
static guint32 *
filter_stacks (Filter        *f,
               GCancellable  *cancellable,
               GError       **error)
{
  const HsProfileData *src = f->src;
  guint n_stacks = hs_profile_data_n_stacks (src);
  const guint32 *offsets = (const guint32 *) (gpointer) src->stack_offsets->data;
  const guint32 *all = (const guint32 *) (gpointer) src->stack_locs->data;
  g_autofree guint32 *map = g_new (guint32, MAX (n_stacks, 1));
  g_autofree guint32 *tmp = NULL;
  HsStackTable *table = NULL;

  if (f->any_hidden)
    {
      guint32 zero = 0;
      guint max_depth = 0;

      for (guint s = 0; s < n_stacks; s++)
        max_depth = MAX (max_depth, offsets[s + 1] - offsets[s]);
      tmp = g_new (guint32, MAX (max_depth, 1));
      /* Hiding only removes frames: the source's sizes bound these. */
      f->dst->stack_locs = g_array_sized_new (FALSE, FALSE, sizeof (guint32), src->stack_locs->len);
      f->dst->stack_offsets = g_array_sized_new (FALSE, FALSE, sizeof (guint32), src->stack_offsets->len);
      g_array_append_val (f->dst->stack_offsets, zero);
      table = hs_stack_table_new (f->dst->stack_locs, f->dst->stack_offsets);
    }
  else
    {
      f->dst->stack_locs = g_array_ref (src->stack_locs);
      f->dst->stack_offsets = g_array_ref (src->stack_offsets);
    }

  for (guint s = 0; s < n_stacks; s++)
    {
      const guint32 *locs = all + offsets[s];
      guint n = offsets[s + 1] - offsets[s];
      guint kept = 0;

      if (hs_cancel_check (cancellable, s, error))
        {
          hs_stack_table_free (table);
          return NULL;
        }
      map[s] = HS_NO_INDEX;
      if (!stack_passes (f, locs, n))
        continue;
      if (table == NULL)
        {
          map[s] = s;
          continue;
        }
      for (guint i = 0; i < n; i++)
        if (!f->loc_hidden[locs[i]])
          tmp[kept++] = locs[i];
      if (kept > 0)
        map[s] = hs_stack_table_intern (table, tmp, kept);
    }
  hs_stack_table_free (table);
  return g_steal_pointer (&map);
}

/* Two passes: which samples stay, then exact-size arrays for them (a
 * growing array would hold up to twice the final size while copying). */
static gboolean
filter_samples (Filter         *f,
                const guint32  *stack_map,
                GCancellable   *cancellable,
                GError        **error)
{
  const HsProfileData *src = f->src;
  guint n_types = src->sample_types->len;
  guint n = src->samples->len;
  const gint64 *values = (const gint64 *) (gpointer) src->values->data;
  gboolean tagfocus_matched = FALSE, tagignore_matched = FALSE;
  g_autofree guint8 *keep = g_new0 (guint8, MAX (n, 1));
  guint n_kept = 0;

  for (guint i = 0; i < n; i++)
    {
      const HsPSample *s = &g_array_index (src->samples, HsPSample, i);
      gboolean focused = TRUE, ignored = FALSE;

      if (hs_cancel_check (cancellable, i, error))
        return FALSE;
      if (stack_map[s->stack] == HS_NO_INDEX)
        continue;
      /* FilterSamplesByTag runs on what the name filters kept. */
      if (tag_matcher_active (&f->tagfocus))
        focused = tag_match_sample (&f->tagfocus, src, s);
      if (tag_matcher_active (&f->tagignore))
        ignored = tag_match_sample (&f->tagignore, src, s);
      tagfocus_matched |= focused;
      tagignore_matched |= ignored;
      keep[i] = focused && !ignored;
      n_kept += keep[i];
    }

  g_array_set_size (f->dst->samples, n_kept);
  g_array_set_size (f->dst->values, (gsize) n_kept * n_types);
  for (guint i = 0, k = 0; i < n; i++)
    {
      HsPSample *out;

      if (!keep[i])
        continue;
      out = &g_array_index (f->dst->samples, HsPSample, k);
      *out = g_array_index (src->samples, HsPSample, i);
      out->stack = stack_map[out->stack];
      memcpy (&g_array_index (f->dst->values, gint64, (gsize) k * n_types),
              values + (gsize) i * n_types, n_types * sizeof (gint64));
      k++;
    }
  if (tag_matcher_active (&f->tagfocus) && !tagfocus_matched)
    f->unmatched |= HS_PROFILE_FILTER_TAGFOCUS;
  if (tag_matcher_active (&f->tagignore) && !tagignore_matched)
    f->unmatched |= HS_PROFILE_FILTER_TAGIGNORE;
  return TRUE;
}

HsProfile *
hs_profile_filter (HsProfile              *profile,
                   const HsProfileFilter  *filter,
                   HsProfileFilterFlags   *out_unmatched,
                   GCancellable           *cancellable,
                   GError                **error)
{
  Filter f = { NULL };
  g_autofree guint32 *stack_map = NULL;
  HsProfile *result = NULL;

  g_return_val_if_fail (HS_IS_PROFILE (profile), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (out_unmatched != NULL)
    *out_unmatched = 0;
  if (hs_profile_filter_is_empty (filter))
    return g_object_ref (profile);

  f.src = hs_profile_get_data (profile);
  if (matcher_init (&f.focus, "focus", filter->focus, f.src, error) &&
      matcher_init (&f.ignore, "ignore", filter->ignore, f.src, error) &&
      matcher_init (&f.hide, "hide", filter->hide, f.src, error) &&
      matcher_init (&f.show, "show", filter->show, f.src, error) &&
      ((f.key_units = numeric_label_units (f.src)) != NULL) &&
      tag_matcher_init (&f.tagfocus, "tagfocus", filter->tagfocus, f.key_units, error) &&
      tag_matcher_init (&f.tagignore, "tagignore", filter->tagignore, f.key_units, error))
    {
      f.dst = data_new_sharing (f.src);
      if (filter_locations (&f, cancellable, error) &&
          (stack_map = filter_stacks (&f, cancellable, error)) != NULL &&
          filter_samples (&f, stack_map, cancellable, error))
        {
          if (out_unmatched != NULL)
            *out_unmatched = f.unmatched;
          result = hs_profile_new_filtered (profile, g_steal_pointer (&f.dst));
        }
    }
  filter_clear (&f);
  return result;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

char **
hs_profile_list_labels (HsProfile *profile)
{
  HsProfileData *data;
  g_autoptr(GHashTable) seen = NULL;
  g_autoptr(GPtrArray) out = g_ptr_array_new ();

  g_return_val_if_fail (HS_IS_PROFILE (profile), NULL);

  data = hs_profile_get_data (profile);
  seen = g_hash_table_new (hs_pair_hash, g_direct_equal);
  for (guint i = 0; i < data->samples->len; i++)
    {
      const HsPSample *s = &g_array_index (data->samples, HsPSample, i);

      for (guint j = 0; j < s->n_labels; j++)
        {
          const HsPLabel *l = &g_array_index (data->labels, HsPLabel, s->label_start + j);
          gpointer key = hs_pair_key (l->key, l->str);

          if (l->str == 0 || g_hash_table_contains (seen, key))
            continue;
          g_hash_table_add (seen, key);
          g_ptr_array_add (out, g_strconcat (hs_profile_data_str (data, l->key), "=",
                                             hs_profile_data_str (data, l->str), NULL));
        }
    }
  g_ptr_array_sort (out, compare_strings);
  g_ptr_array_add (out, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&out), FALSE);
}
