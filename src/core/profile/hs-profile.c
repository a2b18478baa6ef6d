/* hs-profile.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-profile"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "hs-input-file.h"
#include "hs-massif.h"
#include "hs-profile-legacy.h"
#include "hs-sniff.h"
#include "hs-symbolizer.h"

struct _HsProfile
{
  GObject          parent_instance;

  /* Owned */
  HsProfileData   *data;
  char            *display_name;
  GFile           *file;
  gint64          *totals;
  const char     **comments;
  GPtrArray       *symbol_notes;
  HsProfile       *unfiltered;

  HsProfileFormat  format;
  HsProfileKind    kind;
};

G_DEFINE_FINAL_TYPE (HsProfile, hs_profile, G_TYPE_OBJECT)

G_DEFINE_QUARK (hs-profile-error-quark, hs_profile_error)

static void
hs_profile_finalize (GObject *object)
{
  HsProfile *self = (HsProfile *) object;

  g_clear_pointer (&self->data, hs_profile_data_free);
  g_clear_pointer (&self->display_name, g_free);
  g_clear_pointer (&self->totals, g_free);
  g_clear_pointer (&self->comments, g_free);
  g_clear_pointer (&self->symbol_notes, g_ptr_array_unref);
  g_clear_object (&self->file);
  g_clear_object (&self->unfiltered);

  G_OBJECT_CLASS (hs_profile_parent_class)->finalize (object);
}

static void
hs_profile_class_init (HsProfileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hs_profile_finalize;
}

static void
hs_profile_init (HsProfile *self)
{
  self->symbol_notes = g_ptr_array_new_null_terminated (0, g_free, TRUE);
}

guint
hs_pair_hash (gconstpointer key)
{
  return hs_hash64 ((guint64) GPOINTER_TO_SIZE (key));
}

void
hs_u64_map_init (HsU64Map *map,
                 gsize     expected)
{
  gsize size = 16;

  /* At most half full: probes stay short. */
  while (size < expected * 2)
    size <<= 1;
  map->keys = g_new0 (guint64, size);
  map->values = g_new (guint32, size);
  map->mask = size - 1;
  map->len = 0;
}

void
hs_u64_map_clear (HsU64Map *map)
{
  g_clear_pointer (&map->keys, g_free);
  g_clear_pointer (&map->values, g_free);
  map->mask = 0;
  map->len = 0;
}

guint32 *
hs_u64_map_insert (HsU64Map *map,
                   guint64   key,
                   gboolean *added)
{
  gsize slot;

  g_assert (key != 0);
  if ((map->len + 1) * 2 > map->mask + 1)
    {
      HsU64Map bigger;

      hs_u64_map_init (&bigger, map->mask + 1);
      for (gsize i = 0; i <= map->mask; i++)
        if (map->keys[i] != 0)
          {
            gsize s = hs_hash64 (map->keys[i]) & bigger.mask;

            while (bigger.keys[s] != 0)
              s = (s + 1) & bigger.mask;
            bigger.keys[s] = map->keys[i];
            bigger.values[s] = map->values[i];
          }
      bigger.len = map->len;
      hs_u64_map_clear (map);
      *map = bigger;
    }
  slot = hs_hash64 (key) & map->mask;
  while (map->keys[slot] != 0 && map->keys[slot] != key)
    slot = (slot + 1) & map->mask;
  *added = map->keys[slot] == 0;
  if (*added)
    {
      map->keys[slot] = key;
      map->values[slot] = 0;
      map->len++;
    }
  return &map->values[slot];
}

HsProfileData *
hs_profile_get_data (HsProfile *self)
{
  g_return_val_if_fail (HS_IS_PROFILE (self), NULL);
  return self->data;
}

/* ---- totals, as pprof's ---- */

/* Whether sample @i carries the label pprof::base=true, which `go tool
 * pprof -diff_base` puts on the (negated) base samples it saves. */
static gboolean
is_diff_base_sample (HsProfileData   *data,
                     const HsPSample *sample)
{
  for (guint j = 0; j < sample->n_labels; j++)
    {
      const HsPLabel *l = &g_array_index (data->labels, HsPLabel, sample->label_start + j);

      if (l->str != 0 && g_str_equal (hs_profile_data_str (data, l->key), "pprof::base") &&
          g_str_equal (hs_profile_data_str (data, l->str), "true"))
        return TRUE;
    }
  return FALSE;
}

/* profile.Merge's identity of a location, as a string (its parts end in
 * \1): its mapping (size rounded up to 4 KiB, offset, build id or else
 * file), address within the mapping, and lines by function name, system
 * name, file, start line, and line. */
static void
append_location_key (GString         *key,
                     HsProfileData   *data,
                     const HsPLocation *loc)
{
  guint64 address = loc->address;

  if (loc->mapping != HS_NO_INDEX)
    {
      const HsPMapping *m = &g_array_index (data->mappings, HsPMapping, loc->mapping);
      guint64 size = m->memory_limit - m->memory_start;
      const char *id = hs_profile_data_str (data, m->build_id);

      size = (size + 0xfff) & ~(guint64) 0xfff;
      if (id[0] == '\0')
        id = hs_profile_data_str (data, m->filename);
      g_string_append_printf (key, "m%" G_GINT64_MODIFIER "x/%" G_GINT64_MODIFIER "x/%s", size, m->file_offset, id);
      g_string_append_c (key, '\1');
      address -= m->memory_start;
    }
  g_string_append_printf (key, "a%" G_GINT64_MODIFIER "x", address);
  for (guint j = 0; j < loc->n_lines; j++)
    {
      const HsPLine *line = &g_array_index (data->lines, HsPLine, loc->line_start + j);

      g_string_append_printf (key, "|%" G_GINT64_FORMAT, line->line);
      if (line->function != HS_NO_INDEX)
        {
          const HsPFunction *f = &g_array_index (data->functions, HsPFunction, line->function);

          g_string_append_printf (key, ";%s", hs_profile_data_str (data, f->name));
          g_string_append_c (key, '\1');
          g_string_append_printf (key, "%s", hs_profile_data_str (data, f->system_name));
          g_string_append_c (key, '\1');
          g_string_append_printf (key, "%s;%" G_GINT64_FORMAT, hs_profile_data_str (data, f->filename), f->start_line);
        }
    }
}

/* Exact interning of sequences of 32-bit words by content (an id per
 * distinct sequence), in open addressing over flat arrays: no allocation
 * per sequence. Label sets use it. */
typedef struct
{
  GArray  *words;
  GArray  *offsets;   /* n + 1 */
  guint64 *slots;     /* hash << 32 | (id + 1); 0 = empty */
  gsize    mask;
} WordSet;

static void
word_set_init (WordSet *set)
{
  guint32 zero = 0;

  set->words = g_array_new (FALSE, FALSE, sizeof (guint32));
  set->offsets = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_array_append_val (set->offsets, zero);
  set->mask = 1023;
  set->slots = g_new0 (guint64, set->mask + 1);
}

static void
word_set_clear (WordSet *set)
{
  g_array_unref (set->words);
  g_array_unref (set->offsets);
  g_free (set->slots);
}

static guint32
word_set_add (WordSet       *set,
              const guint32 *w,
              guint          n)
{
  guint32 h = hs_hash_words (w, n);
  guint32 n_ids = set->offsets->len - 1;
  const guint32 *offsets = (const guint32 *) (gpointer) set->offsets->data;
  gsize j;

  /* The hash is in the slot: a miss never reads the stored words. */
  for (j = h & set->mask; set->slots[j] != 0; j = (j + 1) & set->mask)
    {
      guint32 id = (guint32) set->slots[j] - 1;

      if ((guint32) (set->slots[j] >> 32) == h && offsets[id + 1] - offsets[id] == n &&
          (n == 0 || memcmp ((const guint32 *) (gpointer) set->words->data + offsets[id], w,
                             n * sizeof (guint32)) == 0))
        return id;
    }
  g_array_append_vals (set->words, w, n);
  g_array_append_val (set->offsets, set->words->len);
  set->slots[j] = ((guint64) h << 32) | (n_ids + 1);
  n_ids++;
  if ((gsize) n_ids * 2 > set->mask)
    {
      /* Grow and reinsert (ids stay). */
      gsize size = (set->mask + 1) * 2;
      guint64 *old = set->slots;
      gsize old_size = set->mask + 1;

      set->mask = size - 1;
      set->slots = g_new0 (guint64, size);
      for (gsize k = 0; k < old_size; k++)
        if (old[k] != 0)
          {
            for (j = (guint32) (old[k] >> 32) & set->mask; set->slots[j] != 0; j = (j + 1) & set->mask)
              ;
            set->slots[j] = old[k];
          }
      g_free (old);
    }
  return n_ids - 1;
}

static int
compare_labels (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  HsProfileData *data = user_data;

  return strcmp (hs_profile_data_str (data, ((const HsPLabel *) a)->key),
                 hs_profile_data_str (data, ((const HsPLabel *) b)->key));
}

/* Σ|value| per sample type over the samples as profile.Merge leaves
 * them: samples with the same locations and labels summed into one (so
 * +100 and −100 on one stack count 0, not 200). Locations, stacks and
 * label sets are each interned by content, then samples grouped by (stack,
 * label set). A saved diff of the 800k-sample fixture (1.6 million
 * samples) takes about 0.3 s more to load this way. */
static void
merged_abs_sums (HsProfileData *data,
                 gint64        *total,
                 gint64        *diff_total)
{
  guint n_types = data->sample_types->len;
  guint n_stacks = hs_profile_data_n_stacks (data);
  const gint64 *values = (const gint64 *) (gpointer) data->values->data;
  const guint32 *offsets = (const guint32 *) (gpointer) data->stack_offsets->data;
  const guint32 *locs = (const guint32 *) (gpointer) data->stack_locs->data;
  g_autoptr(GHashTable) loc_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) str_ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) label_sets = g_hash_table_new (hs_pair_hash, g_direct_equal);
  g_autofree guint32 *canon_loc = g_new (guint32, MAX (data->locations->len, 1));
  g_autofree guint32 *canon_str = g_new (guint32, MAX (data->strings->len, 1));
  g_autofree guint32 *canon_stack = g_new (guint32, MAX (n_stacks, 1));
  g_autoptr(GString) lkey = g_string_new (NULL);
  g_autoptr(GArray) words = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GArray) labels = g_array_new (FALSE, FALSE, sizeof (HsPLabel));
  g_autoptr(GArray) sums = g_array_new (FALSE, TRUE, sizeof (gint64));
  g_autoptr(GArray) base = g_array_new (FALSE, FALSE, sizeof (gboolean));
  g_autofree guint32 *head = g_new (guint32, MAX (n_stacks, 1));
  g_autoptr(GArray) next = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GArray) group_label = g_array_new (FALSE, FALSE, sizeof (guint32));
  gpointer last_key = NULL, last_set = NULL;
  gboolean have_last = FALSE;
  WordSet label_set;

  word_set_init (&label_set);
  memset (head, 0xff, MAX (n_stacks, 1) * sizeof (guint32));

  for (guint i = 0; i < data->strings->len; i++)
    {
      gpointer id;
      const char *str = g_ptr_array_index (data->strings, i);

      if (!g_hash_table_lookup_extended (str_ids, str, NULL, &id))
        {
          id = GUINT_TO_POINTER (i);
          g_hash_table_insert (str_ids, (gpointer) str, id);
        }
      canon_str[i] = GPOINTER_TO_UINT (id);
    }
  for (guint li = 0; li < data->locations->len; li++)
    {
      gpointer id;

      g_string_truncate (lkey, 0);
      append_location_key (lkey, data, &g_array_index (data->locations, HsPLocation, li));
      if (!g_hash_table_lookup_extended (loc_ids, lkey->str, NULL, &id))
        {
          id = GUINT_TO_POINTER (g_hash_table_size (loc_ids));
          g_hash_table_insert (loc_ids, g_strndup (lkey->str, lkey->len), id);
        }
      canon_loc[li] = GPOINTER_TO_UINT (id);
    }
  /* Stacks by content (the reader's interning may keep duplicates), each
   * named by its first copy: the lists are compared in place. */
  {
    gsize mask = 1023;
    guint64 *slots;

    while (mask < (gsize) n_stacks * 2)
      mask = mask * 2 + 1;
    slots = g_new0 (guint64, mask + 1);
    for (guint s = 0; s < n_stacks; s++)
      {
        guint32 n = offsets[s + 1] - offsets[s];
        guint32 h = hs_hash_words_begin (n);
        gsize j;

        for (guint32 k = offsets[s]; k < offsets[s + 1]; k++)
          h = hs_hash_words_step (h, canon_loc[locs[k]]);
        h = hs_hash_words_end (h);
        canon_stack[s] = s;
        for (j = h & mask; slots[j] != 0; j = (j + 1) & mask)
          {
            guint32 r = (guint32) slots[j] - 1;
            guint32 k = 0;

            if ((guint32) (slots[j] >> 32) != h || offsets[r + 1] - offsets[r] != n)
              continue;
            while (k < n && canon_loc[locs[offsets[r] + k]] == canon_loc[locs[offsets[s] + k]])
              k++;
            if (k == n)
              {
                canon_stack[s] = r;
                break;
              }
          }
        if (canon_stack[s] == s)
          slots[j] = ((guint64) h << 32) | (s + 1);
      }
    g_free (slots);
  }

  for (guint i = 0; i < data->samples->len; i++)
    {
      const HsPSample *sample = &g_array_index (data->samples, HsPSample, i);
      gpointer key = hs_pair_key (sample->label_start, sample->n_labels);
      gpointer set = last_set;
      guint32 group;

      /* Labels by key (values of one key in file order), by their text;
       * a label with neither a string nor a number is not one (pprof's
       * postDecode drops it). */
      if (!(have_last && key == last_key) && !g_hash_table_lookup_extended (label_sets, key, NULL, &set))
        {
          g_array_set_size (labels, 0);
          for (guint j = 0; j < sample->n_labels; j++)
            {
              const HsPLabel *l = &g_array_index (data->labels, HsPLabel, sample->label_start + j);

              if (l->str != 0 || l->num != 0 || l->num_unit != 0)
                g_array_append_vals (labels, l, 1);
            }
          g_array_sort_with_data (labels, compare_labels, data);
          g_array_set_size (words, 0);
          for (guint j = 0; j < labels->len; j++)
            {
              const HsPLabel *l = &g_array_index (labels, HsPLabel, j);
              guint32 w[5] = { canon_str[l->key], canon_str[l->str], canon_str[l->num_unit],
                               (guint32) l->num, (guint32) ((guint64) l->num >> 32) };

              g_array_append_vals (words, w, 5);
            }
          set = GUINT_TO_POINTER (word_set_add (&label_set, (const guint32 *) (gpointer) words->data, words->len));
          g_hash_table_insert (label_sets, key, set);
        }
      last_key = key;
      last_set = set;
      have_last = TRUE;
      /* The groups of one stack are few (a saved diff: two), listed
       * from head[stack]; samples come roughly in stack order, so this
       * walks memory nearly in order. */
      for (group = head[canon_stack[sample->stack]]; group != HS_NO_INDEX;
           group = g_array_index (next, guint32, group))
        if (g_array_index (group_label, guint32, group) == GPOINTER_TO_UINT (set))
          break;
      if (group == HS_NO_INDEX)
        {
          gboolean is_base = is_diff_base_sample (data, sample);
          guint32 label_id = GPOINTER_TO_UINT (set);

          group = base->len;
          g_array_append_val (next, head[canon_stack[sample->stack]]);
          head[canon_stack[sample->stack]] = group;
          g_array_append_val (group_label, label_id);
          g_array_append_val (base, is_base);
          g_array_set_size (sums, sums->len + n_types);
        }
      for (guint t = 0; t < n_types; t++)
        {
          gint64 *sum = &g_array_index (sums, gint64, (gsize) group * n_types + t);

          *sum = hs_add64 (*sum, values[(gsize) i * n_types + t]);
        }
    }

  for (guint g = 0; g < base->len; g++)
    for (guint t = 0; t < n_types; t++)
      {
        gint64 v = (gint64) hs_abs64 (g_array_index (sums, gint64, (gsize) g * n_types + t));

        total[t] = hs_add64 (total[t], v);
        if (g_array_index (base, gboolean, g))
          diff_total[t] = hs_add64 (diff_total[t], v);
      }
  word_set_clear (&label_set);
}

/* The total of each sample type as `go tool pprof` shows it ("of N
 * total", the 100% of every percentage): report.computeTotal over the
 * merged samples, the sum of |value|; and in a profile saved by pprof
 * -diff_base, the base samples' alone (those labelled pprof::base=true),
 * when that is not 0. Merging changes the sum only where one sample type
 * has both signs, so only then are samples grouped. */
static gint64 *
compute_totals (HsProfileData *data)
{
  guint n_types = data->sample_types->len;
  const gint64 *values = (const gint64 *) (gpointer) data->values->data;
  gint64 *totals = g_new0 (gint64, MAX (n_types, 1));
  g_autofree gint64 *diff_totals = g_new0 (gint64, MAX (n_types, 1));
  g_autofree guint8 *signs = g_new0 (guint8, MAX (n_types, 1));
  gboolean mixed = FALSE;
  gboolean has_base_label = FALSE;

  /* Most profiles have no "pprof::base" string: no label lookups then. */
  for (guint i = 0; i < data->strings->len && !has_base_label; i++)
    has_base_label = g_str_equal (g_ptr_array_index (data->strings, i), "pprof::base");
  for (guint i = 0; i < data->samples->len; i++)
    {
      gboolean is_base = FALSE;

      if (has_base_label && g_array_index (data->samples, HsPSample, i).n_labels > 0)
        is_base = is_diff_base_sample (data, &g_array_index (data->samples, HsPSample, i));
      for (guint t = 0; t < n_types; t++)
        {
          gint64 v = values[(gsize) i * n_types + t];

          signs[t] |= v > 0 ? 1 : v < 0 ? 2 : 0;
          totals[t] = hs_add64 (totals[t], (gint64) hs_abs64 (v));
          if (is_base)
            diff_totals[t] = hs_add64 (diff_totals[t], (gint64) hs_abs64 (v));
        }
    }
  for (guint t = 0; t < n_types; t++)
    mixed |= signs[t] == 3;
  if (mixed)
    {
      memset (totals, 0, MAX (n_types, 1) * sizeof (gint64));
      memset (diff_totals, 0, MAX (n_types, 1) * sizeof (gint64));
      merged_abs_sums (data, totals, diff_totals);
    }
  for (guint t = 0; t < n_types; t++)
    if (diff_totals[t] > 0)
      totals[t] = diff_totals[t];
  return totals;
}

HsProfile *
hs_profile_new_take (HsProfileData   *data,
                     const char      *display_name,
                     HsProfileFormat  format)
{
  HsProfile *self = g_object_new (HS_TYPE_PROFILE, NULL);
  guint n_types = data->sample_types->len;
  gboolean heap = FALSE, goroutine = FALSE;

  self->data = data;
  self->display_name = g_strdup (display_name);
  self->format = format;

  self->totals = compute_totals (data);

  for (guint t = 0; t < n_types; t++)
    {
      const char *name = hs_profile_get_sample_type (self, t);

      /* "space": pprof's name for a legacy heap profile without alloc
       * columns (and for growth profiles). */
      if (g_str_equal (name, "inuse_space") || g_str_equal (name, "alloc_space") || g_str_equal (name, "space"))
        heap = TRUE;
      /* Go 1.26's /debug/pprof/goroutineleak is a count profile like
       * the goroutine one, named after itself (printCountProfile). */
      if (g_str_equal (name, "goroutine") || g_str_equal (name, "goroutineleak"))
        goroutine = TRUE;
    }
  self->kind = goroutine ? HS_PROFILE_KIND_GOROUTINE : heap ? HS_PROFILE_KIND_HEAP : HS_PROFILE_KIND_OTHER;

  self->comments = g_new0 (const char *, data->comments->len + 1);
  for (guint i = 0; i < data->comments->len; i++)
    self->comments[i] = hs_profile_data_str (data, g_array_index (data->comments, guint32, i));

  return self;
}

HsProfile *
hs_profile_new_filtered (HsProfile     *source,
                         HsProfileData *data)
{
  HsProfile *self;

  g_return_val_if_fail (HS_IS_PROFILE (source), NULL);

  self = hs_profile_new_take (data, source->display_name, source->format);
  g_set_object (&self->file, source->file);
  self->unfiltered = g_object_ref (hs_profile_get_unfiltered (source));
  return self;
}

HsProfile *
hs_profile_get_unfiltered (HsProfile *self)
{
  g_return_val_if_fail (HS_IS_PROFILE (self), NULL);
  return self->unfiltered != NULL ? self->unfiltered : self;
}

gboolean
hs_profile_is_filtered (HsProfile *self)
{
  g_return_val_if_fail (HS_IS_PROFILE (self), FALSE);
  return self->unfiltered != NULL;
}

/* Takes @bytes: the compressed input is released before decoding, so the
 * peak holds only the decompressed form and the model. */
static HsProfile *
load_take (GBytes         *bytes,
           const char     *display_name,
           guint64         max_decompressed,
           HsLoadProgress *progress,
           GCancellable   *cancellable,
           GError        **error)
{
  g_autoptr(GBytes) input = bytes;
  g_autoptr(GBytes) plain = NULL;
  HsProfileData *data;
  HsProfileFormat format;
  gboolean was_gzip = FALSE;
  const guint8 *buf;
  gsize len;

  if (display_name == NULL)
    display_name = "profile";

  if (g_bytes_get_size (input) == 0)
    {
      g_set_error (error, HS_PROFILE_ERROR, HS_PROFILE_ERROR_EMPTY,
                   _("%s: the file is empty"), display_name);
      return NULL;
    }

  plain = hs_profile_decompress (input, max_decompressed, display_name, &was_gzip, progress, cancellable, error);
  g_clear_pointer (&input, g_bytes_unref);
  if (plain == NULL)
    return NULL;
  buf = g_bytes_get_data (plain, &len);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  {
    g_autofree char *what = NULL;
    g_autoptr(GError) local_error = NULL;

    switch (hs_input_sniff (buf, len, &what))
      {
      case HS_INPUT_GO_TEXT:
        data = hs_profile_text_parse (buf, len, display_name, &format, cancellable, error);
        break;
      case HS_INPUT_LEGACY:
        data = hs_profile_legacy_parse (buf, len, display_name, &format, cancellable, error);
        break;
      case HS_INPUT_JEMALLOC:
        data = hs_jemalloc_parse (buf, len, display_name, cancellable, error);
        format = HS_PROFILE_FORMAT_JEMALLOC_HEAP;
        break;
      case HS_INPUT_MASSIF:
        {
          g_autoptr(HsMassif) massif = hs_massif_parse (buf, len, display_name, cancellable, error);
          int position;

          if (massif == NULL)
            return NULL;
          /* As a profile, a massif file is its peak (or largest
           * detailed) snapshot; HsMassif has the rest. */
          position = hs_massif_get_default_position (massif);
          if (position < 0)
            {
              g_set_error (error, HS_PROFILE_ERROR, HS_PROFILE_ERROR_EMPTY,
                           "%s: no snapshot of this massif file has an allocation tree (massif keeps one only in detailed snapshots)",
                           display_name);
              return NULL;
            }
          return hs_massif_get_profile (massif, position, error);
        }
      case HS_INPUT_EMPTY:
        if (was_gzip)
          g_set_error (error, HS_PROFILE_ERROR, HS_PROFILE_ERROR_EMPTY,
                       _("%s: the file is empty once decompressed"), display_name);
        else
          g_set_error (error, HS_PROFILE_ERROR, HS_PROFILE_ERROR_EMPTY, _("%s: the file is empty"), display_name);
        return NULL;
      case HS_INPUT_GZIP:
        hs_profile_set_refusal (error, display_name, _("a gzip file inside a gzip file"));
        return NULL;
      case HS_INPUT_SNAPSHOT:
      case HS_INPUT_OTHER:
        hs_profile_set_refusal (error, display_name, what);
        return NULL;
      case HS_INPUT_UNKNOWN_BINARY:
      case HS_INPUT_PPROF:
      default:
        /* Only a buffer we inflated ourselves is ours to release. */
        data = hs_pprof_decode (buf, len, was_gzip, display_name, progress, cancellable, &local_error);
        format = was_gzip ? HS_PROFILE_FORMAT_PPROF_GZIP : HS_PROFILE_FORMAT_PPROF_RAW;
        if (data == NULL && what != NULL &&
            !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
            !g_error_matches (local_error, HS_PROFILE_ERROR, HS_PROFILE_ERROR_TOO_LARGE))
          {
            /* Not even the start of a protobuf: say what it is instead
             * of which byte the decoder stopped at. */
            hs_profile_set_refusal (error, display_name, what);
            return NULL;
          }
        if (data == NULL)
          {
            g_propagate_error (error, g_steal_pointer (&local_error));
            return NULL;
          }
        break;
      }
    if (data == NULL)
      return NULL;
  }
  g_clear_pointer (&plain, g_bytes_unref);

  return hs_profile_new_take (data, display_name, format);
}

HsProfile *
hs_profile_load_bytes (GBytes      *bytes,
                       const char  *display_name,
                       guint64      max_decompressed,
                       GError     **error)
{
  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return load_take (g_bytes_ref (bytes), display_name, max_decompressed, NULL, NULL, error);
}

struct _HsLoadProgress
{
  int permille;  /* atomic */
  int naming;    /* atomic: the file is read, its addresses being named */
};

/**
 * hs_load_progress_new:
 *
 * Returns: (transfer full): a progress at 0, for hs_profile_load_file_full()
 */
HsLoadProgress *
hs_load_progress_new (void)
{
  return g_atomic_rc_box_new0 (HsLoadProgress);
}

HsLoadProgress *
hs_load_progress_ref (HsLoadProgress *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

void
hs_load_progress_unref (HsLoadProgress *self)
{
  g_atomic_rc_box_release (self);
}

/**
 * hs_load_progress_get_fraction:
 *
 * Safe from any thread while the load runs.
 *
 * Returns: the share of the load done, from 0 to 1
 */
double
hs_load_progress_get_fraction (HsLoadProgress *self)
{
  g_return_val_if_fail (self != NULL, 0.0);

  return g_atomic_int_get (&self->permille) / 1000.0;
}

/**
 * hs_load_progress_get_naming:
 *
 * Safe from any thread while the load runs.
 *
 * Returns: whether the file has been read and an address-only profile's
 *   functions are being named from its binaries (or have been)
 */
gboolean
hs_load_progress_get_naming (HsLoadProgress *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return g_atomic_int_get (&self->naming);
}

void
hs_load_progress_report (HsLoadProgress *progress,
                         int             lo,
                         int             hi,
                         guint64         done,
                         guint64         total)
{
  int value;

  if (progress == NULL)
    return;
  value = total > 0 ? lo + (int) ((double) (hi - lo) * (double) MIN (done, total) / (double) total) : hi;
  /* One writer (the loading thread): a plain check then set is enough. */
  if (value > g_atomic_int_get (&progress->permille))
    g_atomic_int_set (&progress->permille, value);
}

HsProfile *
hs_profile_load_file (GFile         *file,
                      guint64        max_decompressed,
                      GCancellable  *cancellable,
                      GError       **error)
{
  return hs_profile_load_file_full (file, max_decompressed, NULL, cancellable, error);
}

/**
 * hs_profile_load_file_full:
 * @progress: (nullable): where the share of the input consumed is
 *   written as the load goes
 *
 * hs_profile_load_file() that reports its progress.
 */
HsProfile *
hs_profile_load_file_full (GFile          *file,
                           guint64         max_decompressed,
                           HsLoadProgress *progress,
                           GCancellable   *cancellable,
                           GError        **error)
{
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = NULL;
  HsProfile *self;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (max_decompressed == 0)
    max_decompressed = HS_PROFILE_DEFAULT_MAX_SIZE;
  name = g_file_get_basename (file);
  stream = hs_input_file_open (file, cancellable, error);
  if (stream == NULL)
    return NULL;
  /* The cap applies while reading, to the file as it is, so /dev/zero or
   * a huge sparse file is refused without filling memory. Only a gzip of
   * incompressible data is larger than what it inflates to, by a few
   * bytes in a thousand: refusing it too costs nothing real. */
  bytes = hs_input_stream_read_all (stream, max_decompressed, name, "max-profile-size",
                                    cancellable, &local_error);
  if (bytes == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE))
        g_set_error_literal (error, HS_PROFILE_ERROR, HS_PROFILE_ERROR_TOO_LARGE, local_error->message);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  hs_load_progress_report (progress, 0, HS_PROGRESS_READ, 1, 1);
  self = load_take (g_steal_pointer (&bytes), name, max_decompressed, progress, cancellable, error);
  if (self != NULL)
    {
      self->file = g_object_ref (file);
      hs_load_progress_report (progress, 0, 1000, 1, 1);
    }
  return self;
}

typedef struct
{
  guint64         max;
  HsLoadProgress *progress;
  char          **search;    /* symbolize in the thread when set */
} LoadRequest;

static void
load_request_free (gpointer data)
{
  LoadRequest *request = data;

  g_clear_pointer (&request->progress, hs_load_progress_unref);
  g_strfreev (request->search);
  g_free (request);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GFile *file = G_FILE (source_object);
  LoadRequest *request = task_data;
  GError *error = NULL;
  HsProfile *profile;

  profile = hs_profile_load_file_full (file, request->max, request->progress, cancellable, &error);
  if (profile != NULL && request->search != NULL && hs_profile_needs_symbols (profile))
    {
      if (request->progress != NULL)
        g_atomic_int_set (&request->progress->naming, TRUE);
      if (!hs_profile_symbolize (profile, (const char * const *) request->search, cancellable, &error))
        g_clear_object (&profile);
    }
  if (profile == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, profile, g_object_unref);
}

void
hs_profile_load_file_async (GFile               *file,
                            guint64              max_decompressed,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  hs_profile_load_file_full_async (file, max_decompressed, NULL, cancellable, callback, user_data);
}

/* One worker thread: load, then (with @search) name the addresses. */
static void
load_async (GFile               *file,
            guint64              max_decompressed,
            HsLoadProgress      *progress,
            const char * const  *search,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadRequest *request;

  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (file, cancellable, callback, user_data);
  g_task_set_source_tag (task, hs_profile_load_file_async);
  request = g_new0 (LoadRequest, 1);
  request->max = max_decompressed;
  request->progress = progress != NULL ? hs_load_progress_ref (progress) : NULL;
  request->search = search != NULL ? g_strdupv ((char **) search) : NULL;
  g_task_set_task_data (task, request, load_request_free);
  g_task_run_in_thread (task, load_thread);
}

/**
 * hs_profile_load_file_full_async:
 * @progress: (nullable): written by the loading thread as it goes; the
 *   task keeps a reference
 */
void
hs_profile_load_file_full_async (GFile               *file,
                                 guint64              max_decompressed,
                                 HsLoadProgress      *progress,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  load_async (file, max_decompressed, progress, NULL, cancellable, callback, user_data);
}

/**
 * hs_profile_load_file_symbolized_async:
 * @progress: (nullable): as for hs_profile_load_file_full_async(); it
 *   also tells when the naming has begun (hs_load_progress_get_naming())
 *
 * Loads @file and, when it is address-only, names it from the binaries in
 * @search_path (hs_profile_symbolize), both in one worker thread. Finish
 * with hs_profile_load_file_finish().
 */
void
hs_profile_load_file_symbolized_async (GFile               *file,
                                       guint64              max_decompressed,
                                       HsLoadProgress      *progress,
                                       const char * const  *search_path,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  static const char * const none[] = { NULL };

  load_async (file, max_decompressed, progress, search_path != NULL ? search_path : none,
              cancellable, callback, user_data);
}

char **
hs_profile_binary_path_or_default (const char * const *configured)
{
  if (configured != NULL && configured[0] != NULL)
    return g_strdupv ((char **) configured);
  return hs_profile_default_binary_path ();
}

HsProfile *
hs_profile_load_file_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
hs_profile_get_display_name (HsProfile *self)
{
  g_return_val_if_fail (HS_IS_PROFILE (self), NULL);
  return self->display_name;
}

GFile *
hs_profile_get_file (HsProfile *self)
{
  g_return_val_if_fail (HS_IS_PROFILE (self), NULL);
  return self->file;
}

HsProfileFormat
hs_profile_get_format (HsProfile *self)
{
  g_return_val_if_fail (HS_IS_PROFILE (self), 0);
  return self->format;
}

const char *
hs_profile_format_to_string (HsProfileFormat format)
{
  switch (format)
    {
    case HS_PROFILE_FORMAT_PPROF_GZIP: return "pprof-gzip";
    case HS_PROFILE_FORMAT_PPROF_RAW: return "pprof-raw";
    case HS_PROFILE_FORMAT_LEGACY_HEAP_TEXT: return "legacy-heap-text";
    case HS_PROFILE_FORMAT_GOROUTINE_DEBUG1: return "goroutine-debug1";
    case HS_PROFILE_FORMAT_GOROUTINE_DEBUG2: return "goroutine-debug2";
    case HS_PROFILE_FORMAT_LEGACY_HEAP: return "legacy-heap";
    case HS_PROFILE_FORMAT_LEGACY_CPU: return "legacy-cpu";
    case HS_PROFILE_FORMAT_LEGACY_COUNT: return "legacy-count";
    case HS_PROFILE_FORMAT_LEGACY_THREAD: return "legacy-thread";
    case HS_PROFILE_FORMAT_LEGACY_CONTENTION: return "legacy-contention";
    case HS_PROFILE_FORMAT_JAVA: return "java";
    case HS_PROFILE_FORMAT_JEMALLOC_HEAP: return "jemalloc-heap";
    case HS_PROFILE_FORMAT_MASSIF: return "massif";
    default: return "unknown";
    }
}

void
hs_profile_set_refusal (GError    **error,
                        const char *name,
                        const char *what)
{
  g_set_error (error, HS_PROFILE_ERROR, HS_PROFILE_ERROR_UNRECOGNIZED,
               _("%s: not a heap profile Heapscope can read: it looks like %s"), name, what);
}

HsProfileKind
hs_profile_get_kind (HsProfile *self)
{
  g_return_val_if_fail (HS_IS_PROFILE (self), 0);
  return self->kind;
}

guint
hs_profile_get_n_sample_types (HsProfile *self)
{
  g_return_val_if_fail (HS_IS_PROFILE (self), 0);
  return self->data->sample_types->len;
}

const char *
hs_profile_get_sample_type (HsProfile *self,
                            guint      index)
{
  g_return_val_if_fail (HS_IS_PROFILE (self), NULL);
  g_return_val_if_fail (index < self->data->sample_types->len, NULL);
  return hs_profile_data_str (self->data, g_array_index (self->data->sample_types, HsPValueType, index).type);
}

const char *
hs_profile_get_sample_unit (HsProfile *self,
                            guint      index)
{
  g_return_val_if_fail (HS_IS_PROFILE (self), NULL);
  g_return_val_if_fail (index < self->data->sample_types->len, NULL);
  return hs_profile_data_str (self->data, g_array_index (self->data->sample_types, HsPValueType, index).unit);
}

int
hs_profile_find_sample_type (HsProfile  *self,
                             const char *name)
{
  g_return_val_if_fail (HS_IS_PROFILE (self), -1);
  g_return_val_if_fail (name != NULL, -1);

  for (guint i = 0; i < self->data->sample_types->len; i++)
    if (g_str_equal (hs_profile_get_sample_type (self, i), name))
      return (int) i;
  return -1;
}

guint
hs_profile_get_default_sample_index (HsProfile *self)
{
  const char *dflt;
  int i;

  g_return_val_if_fail (HS_IS_PROFILE (self), 0);

  dflt = hs_profile_data_str (self->data, self->data->default_sample_type);
  if (dflt[0] != '\0' && (i = hs_profile_find_sample_type (self, dflt)) >= 0)
    return (guint) i;
  return self->data->sample_types->len > 0 ? self->data->sample_types->len - 1 : 0;
}

gboolean
hs_profile_resolve_sample_index (HsProfile   *self,
                                 const char  *name,
                                 guint       *out_index,
                                 GError     **error)
{
  int i;

  g_return_val_if_fail (HS_IS_PROFILE (self), FALSE);

  if (name == NULL || name[0] == '\0')
    {
      *out_index = hs_profile_get_default_sample_index (self);
      return TRUE;
    }
  if ((i = hs_profile_find_sample_type (self, name)) >= 0)
    {
      *out_index = (guint) i;
      return TRUE;
    }
  /* pprof also takes a number. */
  if (g_ascii_isdigit (name[0]))
    {
      guint64 n;

      if (g_ascii_string_to_unsigned (name, 10, 0, G_MAXUINT, &n, NULL) &&
          n < self->data->sample_types->len)
        {
          *out_index = (guint) n;
          return TRUE;
        }
    }
  {
    g_autoptr(GString) known = g_string_new (NULL);

    for (guint t = 0; t < self->data->sample_types->len; t++)
      g_string_append_printf (known, "%s%s", t ? ", " : "", hs_profile_get_sample_type (self, t));
    g_set_error (error, HS_PROFILE_ERROR, HS_PROFILE_ERROR_UNKNOWN_SAMPLE_TYPE,
                 _("%s: no sample type “%s” (it has: %s)"), self->display_name, name, known->str);
  }
  return FALSE;
}

const char *
hs_profile_get_period_type (HsProfile *self)
{
  g_return_val_if_fail (HS_IS_PROFILE (self), NULL);
  return hs_profile_data_str (self->data, self->data->period_type.type);
}

const char *
hs_profile_get_period_unit (HsProfile *self)
{
  g_return_val_if_fail (HS_IS_PROFILE (self), NULL);
  return hs_profile_data_str (self->data, self->data->period_type.unit);
}

gint64
hs_profile_get_period (HsProfile *self)
{
  g_return_val_if_fail (HS_IS_PROFILE (self), 0);
  return self->data->period;
}

gint64
hs_profile_get_time_nanos (HsProfile *self)
{
  g_return_val_if_fail (HS_IS_PROFILE (self), 0);
  return self->data->time_nanos;
}

gint64
hs_profile_get_duration_nanos (HsProfile *self)
{
  g_return_val_if_fail (HS_IS_PROFILE (self), 0);
  return self->data->duration_nanos;
}

const char *
hs_profile_get_drop_frames (HsProfile *self)
{
  g_return_val_if_fail (HS_IS_PROFILE (self), NULL);
  return hs_profile_data_str (self->data, self->data->drop_frames);
}

const char *
hs_profile_get_keep_frames (HsProfile *self)
{
  g_return_val_if_fail (HS_IS_PROFILE (self), NULL);
  return hs_profile_data_str (self->data, self->data->keep_frames);
}

const char * const *
hs_profile_get_comments (HsProfile *self)
{
  g_return_val_if_fail (HS_IS_PROFILE (self), NULL);
  return self->comments;
}

guint
hs_profile_get_n_samples (HsProfile *self)
{
  g_return_val_if_fail (HS_IS_PROFILE (self), 0);
  return self->data->samples->len;
}

guint
hs_profile_get_n_locations (HsProfile *self)
{
  g_return_val_if_fail (HS_IS_PROFILE (self), 0);
  return self->data->locations->len;
}

guint
hs_profile_get_n_functions (HsProfile *self)
{
  g_return_val_if_fail (HS_IS_PROFILE (self), 0);
  return self->data->functions->len;
}

guint
hs_profile_get_n_mappings (HsProfile *self)
{
  g_return_val_if_fail (HS_IS_PROFILE (self), 0);
  return self->data->mappings->len;
}

guint
hs_profile_get_n_strings (HsProfile *self)
{
  g_return_val_if_fail (HS_IS_PROFILE (self), 0);
  return self->data->strings->len;
}

guint
hs_profile_get_n_stacks (HsProfile *self)
{
  g_return_val_if_fail (HS_IS_PROFILE (self), 0);
  return hs_profile_data_n_stacks (self->data);
}

gint64
hs_profile_get_total (HsProfile *self,
                      guint      index)
{
  g_return_val_if_fail (HS_IS_PROFILE (self), 0);
  g_return_val_if_fail (index < self->data->sample_types->len, 0);
  return self->totals[index];
}

gboolean
hs_profile_same_sample_types (HsProfile *a,
                              HsProfile *b)
{
  guint n;

  g_return_val_if_fail (HS_IS_PROFILE (a), FALSE);
  g_return_val_if_fail (HS_IS_PROFILE (b), FALSE);

  n = hs_profile_get_n_sample_types (a);
  if (n != hs_profile_get_n_sample_types (b))
    return FALSE;
  for (guint i = 0; i < n; i++)
    if (!g_str_equal (hs_profile_get_sample_type (a, i), hs_profile_get_sample_type (b, i)) ||
        !g_str_equal (hs_profile_get_sample_unit (a, i), hs_profile_get_sample_unit (b, i)))
      return FALSE;
  return TRUE;
}

gboolean
hs_profile_needs_symbols (HsProfile *self)
{
  g_return_val_if_fail (HS_IS_PROFILE (self), FALSE);
  return hs_symbolize_data_needed (self->data);
}

gboolean
hs_profile_symbolize (HsProfile           *self,
                      const char * const  *search_path,
                      GCancellable        *cancellable,
                      GError             **error)
{
  g_return_val_if_fail (HS_IS_PROFILE (self), FALSE);

  g_ptr_array_set_size (self->symbol_notes, 0);
  return hs_symbolize_data (self->data, search_path, self->symbol_notes, cancellable, error);
}

const char * const *
hs_profile_get_symbol_notes (HsProfile *self)
{
  static const char * const none[] = { NULL };

  g_return_val_if_fail (HS_IS_PROFILE (self), NULL);
  /* An empty array may have no storage at all yet. */
  if (self->symbol_notes->pdata == NULL)
    return none;
  return (const char * const *) self->symbol_notes->pdata;
}

char **
hs_profile_default_binary_path (void)
{
  const char *env = g_getenv ("PPROF_BINARY_PATH");

  if (env != NULL && *env != '\0')
    return g_strsplit (env, G_SEARCHPATH_SEPARATOR_S, -1);
  {
    char **path = g_new0 (char *, 2);

    path[0] = g_build_filename (g_get_home_dir (), "pprof", "binaries", NULL);
    return path;
  }
}
