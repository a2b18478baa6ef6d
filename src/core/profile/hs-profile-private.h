/* hs-profile-private.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <string.h>

#include "hs-profile.h"
#include "hs-units.h"

G_BEGIN_DECLS

/* The in-memory model shared by the readers (hs-pprof-reader.c,
 * hs-profile-text.c) and the analyses. Strings are indices into
 * `strings`; references between tables are array indices, resolved and
 * checked once after decoding, so the analyses never check again.
 * Samples do not own their location lists: identical lists are interned as
 * one "stack" (heap profiles repeat a stack once per object size), in flat
 * arrays, so there is no allocation per sample. */

#define HS_NO_INDEX G_MAXUINT32

typedef struct
{
  guint64 id;
  guint32 name;
  guint32 system_name;
  guint32 filename;
  gint64  start_line;
} HsPFunction;

typedef struct
{
  guint32 function;   /* index into functions, or HS_NO_INDEX */
  gint64  line;
} HsPLine;

typedef struct
{
  guint64 id;
  guint64 address;
  guint32 mapping;    /* index into mappings, or HS_NO_INDEX */
  guint32 line_start; /* into lines; innermost (inlined callee) first */
  guint32 n_lines;
} HsPLocation;

typedef struct
{
  guint64  id;
  guint64  memory_start;
  guint64  memory_limit;
  guint64  file_offset;
  guint32  filename;
  guint32  build_id;
  gboolean has_functions;
} HsPMapping;

typedef struct
{
  guint32 key;
  guint32 str;        /* 0 when numeric */
  guint32 num_unit;
  gint64  num;
} HsPLabel;

typedef struct
{
  guint32 stack;
  guint32 label_start;
  guint32 n_labels;
} HsPSample;

typedef struct
{
  guint32 type;
  guint32 unit;
} HsPValueType;

typedef struct
{
  GPtrArray *strings;       /* const char*, index 0 is "", owned by string_allocs */
  GPtrArray *string_allocs; /* the blocks the strings live in */
  GArray    *sample_types;  /* HsPValueType */
  GArray    *functions;     /* HsPFunction */
  GArray    *locations;     /* HsPLocation */
  GArray    *lines;         /* HsPLine */
  GArray    *mappings;      /* HsPMapping */
  GArray    *labels;        /* HsPLabel */
  GArray    *samples;       /* HsPSample */
  GArray    *values;        /* gint64, n_samples × n_sample_types */
  GArray    *stack_locs;    /* guint32 location indices, leaf first */
  GArray    *stack_offsets; /* guint32, n_stacks + 1 */
  GArray    *comments;      /* guint32 string indices */
  HsPValueType period_type;
  gint64     period;
  gint64     time_nanos;
  gint64     duration_nanos;
  guint32    drop_frames;
  guint32    keep_frames;
  guint32    default_sample_type;
  /* How many distinct function names drop_frames was matched against
   * (each name once, however many functions and locations share it):
   * the tests check the cache with it. */
  guint      n_frame_matches;
  /* drop_frames or keep_frames is no pattern Go's regexp compiles, so
   * neither was applied (as pprof does). */
  gboolean   frames_pattern_ignored;
} HsProfileData;

HsProfileData *hs_profile_data_new   (void);
void           hs_profile_data_free  (HsProfileData *data);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HsProfileData, hs_profile_data_free)

/* Adds a string and returns its index. */
guint32        hs_profile_data_add_string (HsProfileData *data,
                                           const char    *str,
                                           gssize         len);

/* A hash of @n 32-bit words (FNV-1a, then a finalizer that spreads it),
 * in steps for words that are not in one array. */
static inline guint32
hs_hash_words_begin (guint n)
{
  return 2166136261u ^ n;
}

static inline guint32
hs_hash_words_step (guint32 h,
                    guint32 word)
{
  return (h ^ word) * 16777619u;
}

static inline guint32
hs_hash_words_end (guint32 h)
{
  h ^= h >> 16;
  h *= 0x7feb352du;
  h ^= h >> 15;
  return h;
}

static inline guint32
hs_hash_words (const guint32 *words,
               guint          n)
{
  guint32 h = hs_hash_words_begin (n);

  for (guint i = 0; i < n; i++)
    h = hs_hash_words_step (h, words[i]);
  return hs_hash_words_end (h);
}

/* A string hash for tables of function names: eight bytes a step, where
 * g_str_hash takes one (Go names are 40-100 bytes; a profile can have
 * 250,000 of them). */
static inline guint
hs_str_hash (gconstpointer key)
{
  const char *s = key;
  gsize len = strlen (s);
  guint64 h = 0x9e3779b97f4a7c15ull ^ len;
  gsize i = 0;

  for (; i + 8 <= len; i += 8)
    {
      guint64 w;

      memcpy (&w, s + i, 8);
      h = (h ^ w) * 0xff51afd7ed558ccdull;
      h ^= h >> 32;
    }
  if (i < len)
    {
      guint64 w = 0;

      memcpy (&w, s + i, len - i);
      h = (h ^ w) * 0xff51afd7ed558ccdull;
    }
  h ^= h >> 29;
  h *= 0xc4ceb9fe1a85ec53ull;
  h ^= h >> 32;
  return (guint) h;
}

/* Stack interning: equal location lists seen close together share one
 * entry (see hs-pprof-reader.c for why it is a cache, not a set). */
typedef struct _HsStackTable HsStackTable;
HsStackTable  *hs_stack_table_new    (GArray        *locs,
                                      GArray        *offsets);

void           hs_stack_table_free   (HsStackTable  *table);
guint32        hs_stack_table_intern (HsStackTable  *table,
                                      const guint32 *locs,
                                      guint          n);

/* Hashing ids and id pairs. GLib's g_direct_hash keeps only the low 32
 * bits of a key, and GLib 2.74's g_int64_hash does too, so keys that
 * differ only in their high half (a (from << 32 | to) pair, or ids of the
 * form k << 32 that a profile may well use) all share one hash, and each
 * insert probes every one before it: 250,000 such ids took minutes. The
 * splitmix64 finalizer makes every bit of the key reach every bit of the
 * 32 GLib uses. Use these for any table keyed by ids, never copies. */
static inline guint
hs_hash64 (guint64 k)
{
  k ^= k >> 30;
  k *= G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  k ^= k >> 27;
  k *= G_GUINT64_CONSTANT (0x94d049bb133111eb);
  k ^= k >> 31;
  return (guint) k;
}

/* A key packed into the pointer (64-bit only: (a << 32 | b)), with
 * g_direct_equal. */
guint          hs_pair_hash          (gconstpointer  key);
/* Packs two 32-bit indexes into one such key. */
static inline gpointer
hs_pair_key (guint32 a,
             guint32 b)
{
  return GSIZE_TO_POINTER (((gsize) a << 32) | b);
}

/* A map from 64-bit keys (ids, or pairs from hs_pair_key()) to 32-bit
 * values, for the tables with one entry per function, location or call:
 * open addressing with linear probing on hs_hash64, so a lookup is one
 * or two reads of two flat arrays where a GHashTable costs a node, an
 * indirect hash and equal call, and a contains-then-insert. Keys are
 * not 0 (it marks a free slot): ids are never 0, and a pair key
 * (hs_pair_key()) goes in plus 1. */
typedef struct
{
  guint64 *keys;     /* 0: free */
  guint32 *values;
  gsize    mask;     /* capacity - 1, a power of two */
  gsize    len;
} HsU64Map;

void           hs_u64_map_init       (HsU64Map      *map,
                                      gsize          expected);
void           hs_u64_map_clear      (HsU64Map      *map);
/* The value slot of @key, added with value 0 if absent (then @added is
 * TRUE). The pointer is valid until the next insertion. */
guint32       *hs_u64_map_insert     (HsU64Map      *map,
                                      guint64        key,
                                      gboolean      *added);

static inline const guint32 *
hs_u64_map_lookup (const HsU64Map *map,
                   guint64         key)
{
  gsize slot = hs_hash64 (key) & map->mask;

  while (map->keys[slot] != 0)
    {
      if (map->keys[slot] == key)
        return &map->values[slot];
      slot = (slot + 1) & map->mask;
    }
  return NULL;
}

/* Long loops (the readers', the analyses') look at their cancellable
 * once every HS_CANCEL_EVERY iterations: a closed tab or a Cancel stops
 * the worker within a few milliseconds, and the check costs nothing
 * measurable. TRUE (with G_IO_ERROR_CANCELLED set) means stop. */
#define HS_CANCEL_EVERY 4096

static inline gboolean
hs_cancel_check (GCancellable  *cancellable,
                 gsize          iteration,
                 GError       **error)
{
  return iteration % HS_CANCEL_EVERY == 0 &&
         g_cancellable_set_error_if_cancelled (cancellable, error);
}

/* The same for loops over stacks, whose iterations are not alike: counts
 * @work (the stack's frames, plus one) into @*done and looks at the
 * cancellable each time HS_CANCEL_EVERY more have passed. Counting stacks
 * alone let 1,000 stacks of 5,000 frames run to their end unchecked (a
 * closed tab kept its worker busy 1.7 s). */
static inline gboolean
hs_cancel_check_work (GCancellable  *cancellable,
                      gsize         *done,
                      gsize          work,
                      GError       **error)
{
  *done += work;
  if (*done < HS_CANCEL_EVERY)
    return FALSE;
  *done = 0;
  return g_cancellable_set_error_if_cancelled (cancellable, error);
}

/* Readers: decompressed bytes in, data out. @name is for messages. */
/* @discard: the buffer is the caller's own scratch copy, whose pages the
 * decoder may give back once read (its contents are then undefined).
 * Both fail with G_IO_ERROR_CANCELLED once @cancellable is cancelled. */
HsProfileData *hs_pprof_decode       (const guint8  *buf,
                                      gsize          len,
                                      gboolean       discard,
                                      const char    *name,
                                      HsLoadProgress *progress,
                                      GCancellable  *cancellable,
                                      GError       **error);
/* Sets *out_format; returns NULL with no error set when @buf is no text
 * profile. */
HsProfileData *hs_profile_text_parse (const guint8  *buf,
                                      gsize          len,
                                      const char    *name,
                                      HsProfileFormat *out_format,
                                      GCancellable  *cancellable,
                                      GError       **error);
gboolean       hs_profile_text_sniff (const guint8  *buf,
                                      gsize          len);

/* "NAME: not a heap profile Heapscope can read: it looks like WHAT". */
void           hs_profile_set_refusal (GError      **error,
                                       const char   *name,
                                       const char   *what);

/* Decompresses @buf if it is gzip (by magic bytes), else copies it. */
GBytes        *hs_profile_decompress (GBytes        *input,
                                      guint64        max_size,
                                      const char    *name,
                                      gboolean      *out_was_gzip,
                                      HsLoadProgress *progress,
                                      GCancellable  *cancellable,
                                      GError       **error);

/* A load's phases, in thousandths of the whole: reading the file, then
 * inflating it, then the decoder's two passes over the protobuf. */
#define HS_PROGRESS_READ     100
#define HS_PROGRESS_INFLATE  400
#define HS_PROGRESS_PASS1    650
#define HS_PROGRESS_PASS2    980
/* Records that @done of @total of the phase from @lo to @hi (per mille)
 * is done; never goes back. @progress may be NULL. */
void           hs_load_progress_report (HsLoadProgress *progress,
                                        int             lo,
                                        int             hi,
                                        guint64         done,
                                        guint64         total);

/* Access for the analyses. */
HsProfileData *hs_profile_get_data   (HsProfile     *self);
/* A profile of @data, which it takes (hs-massif.c makes one a snapshot). */
HsProfile     *hs_profile_new_take   (HsProfileData   *data,
                                      const char      *display_name,
                                      HsProfileFormat  format);

/* A profile over @data (taken) made by filtering @source
 * (hs-profile-filter.c): same name, file and format. */
HsProfile     *hs_profile_new_filtered (HsProfile     *source,
                                        HsProfileData *data);

static inline const char *
hs_profile_data_str (const HsProfileData *data,
                     guint32              index)
{
  return g_ptr_array_index (data->strings, index);
}

/* Sums and differences of sample values saturate (the overflow rule in
 * hs-units.h) instead of being undefined behaviour in C: a hostile
 * profile can hold any int64. pprof wraps like Go's int64 there; no real
 * profile comes near, and a saturated figure shows that something is
 * absurd where a wrapped one would look plausible. */
static inline gint64
hs_add64 (gint64 a,
          gint64 b)
{
  return hs_int64_add_saturating (a, b);
}

static inline gint64
hs_sub64 (gint64 a,
          gint64 b)
{
  return hs_int64_sub_saturating (a, b);
}

/* |v| as an unsigned number, so that INT64_MIN has one. */
static inline guint64
hs_abs64 (gint64 v)
{
  return v < 0 ? (guint64) 0 - (guint64) v : (guint64) v;
}

static inline guint
hs_profile_data_n_stacks (const HsProfileData *data)
{
  return data->stack_offsets->len - 1;
}

G_END_DECLS
