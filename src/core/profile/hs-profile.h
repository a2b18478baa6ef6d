/* hs-profile.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define HS_PROFILE_ERROR (hs_profile_error_quark ())

typedef enum
{
  HS_PROFILE_ERROR_EMPTY,              /* zero-length input */
  HS_PROFILE_ERROR_TRUNCATED,          /* gzip or protobuf stream ends early */
  HS_PROFILE_ERROR_CORRUPT,            /* bad wire data, bad reference */
  HS_PROFILE_ERROR_UNRECOGNIZED,       /* not a profile in a known format */
  HS_PROFILE_ERROR_TOO_LARGE,          /* decompressed size above the cap */
  HS_PROFILE_ERROR_UNKNOWN_SAMPLE_TYPE,/* sample index name not in the profile */
  HS_PROFILE_ERROR_INCOMPATIBLE,       /* diff of profiles with other sample types */
  HS_PROFILE_ERROR_BAD_FILTER,         /* a filter expression that does not compile */
} HsProfileError;

typedef enum
{
  HS_PROFILE_FORMAT_PPROF_GZIP,
  HS_PROFILE_FORMAT_PPROF_RAW,
  HS_PROFILE_FORMAT_LEGACY_HEAP_TEXT,  /* /debug/pprof/heap?debug=1 */
  HS_PROFILE_FORMAT_GOROUTINE_DEBUG1,  /* /debug/pprof/goroutine?debug=1 */
  HS_PROFILE_FORMAT_GOROUTINE_DEBUG2,  /* /debug/pprof/goroutine?debug=2 */
  HS_PROFILE_FORMAT_LEGACY_HEAP,       /* gperftools/tcmalloc, growth, fragmentation, old Go */
  HS_PROFILE_FORMAT_LEGACY_CPU,        /* gperftools CPUPROFILE binary */
  HS_PROFILE_FORMAT_LEGACY_COUNT,      /* "X profile: total N" */
  HS_PROFILE_FORMAT_LEGACY_THREAD,     /* threadz */
  HS_PROFILE_FORMAT_LEGACY_CONTENTION, /* contentionz, Go mutex/block text */
  HS_PROFILE_FORMAT_JAVA,              /* Java heapz, contentionz, CPU */
  HS_PROFILE_FORMAT_JEMALLOC_HEAP,     /* jemalloc heap_v2 dump */
  HS_PROFILE_FORMAT_MASSIF,            /* one snapshot of valgrind massif's output */
} HsProfileFormat;

typedef enum
{
  HS_PROFILE_KIND_HEAP,
  HS_PROFILE_KIND_GOROUTINE,
  HS_PROFILE_KIND_OTHER,
} HsProfileKind;

/* The GSettings default of max-profile-size. */
#define HS_PROFILE_DEFAULT_MAX_SIZE (G_GUINT64_CONSTANT (1) << 30)

#define HS_TYPE_PROFILE (hs_profile_get_type ())

G_DECLARE_FINAL_TYPE (HsProfile, hs_profile, HS, PROFILE, GObject)

GQuark           hs_profile_error_quark             (void);

/* Loading. @max_decompressed caps the decompressed (or raw) size in bytes;
 * 0 means HS_PROFILE_DEFAULT_MAX_SIZE. Errors name the file. An HsProfile
 * never changes after it is loaded, so it may be shared between threads. */
HsProfile       *hs_profile_load_file               (GFile                *file,
                                                     guint64               max_decompressed,
                                                     GCancellable         *cancellable,
                                                     GError              **error);
HsProfile       *hs_profile_load_bytes              (GBytes               *bytes,
                                                     const char           *display_name,
                                                     guint64               max_decompressed,
                                                     GError              **error);
void             hs_profile_load_file_async         (GFile                *file,
                                                     guint64               max_decompressed,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
HsProfile       *hs_profile_load_file_finish        (GAsyncResult         *result,
                                                     GError              **error);

/* How far a load has got, as the share of its input consumed (read,
 * inflated, decoded): written by the loading thread, read by whoever
 * shows it. Reference-counted, so that either side may go first. */
typedef struct _HsLoadProgress HsLoadProgress;

HsLoadProgress  *hs_load_progress_new               (void);
HsLoadProgress  *hs_load_progress_ref               (HsLoadProgress       *self);
void             hs_load_progress_unref             (HsLoadProgress       *self);
double           hs_load_progress_get_fraction      (HsLoadProgress       *self);
gboolean         hs_load_progress_get_naming        (HsLoadProgress       *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HsLoadProgress, hs_load_progress_unref)

HsProfile       *hs_profile_load_file_full          (GFile                *file,
                                                     guint64               max_decompressed,
                                                     HsLoadProgress       *progress,
                                                     GCancellable         *cancellable,
                                                     GError              **error);
void             hs_profile_load_file_full_async    (GFile                *file,
                                                     guint64               max_decompressed,
                                                     HsLoadProgress       *progress,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);

/* The file's basename (or the display name given to load_bytes). */
const char      *hs_profile_get_display_name        (HsProfile            *self);
/* The GFile it was loaded from, or NULL. */
GFile           *hs_profile_get_file                (HsProfile            *self);
HsProfileFormat  hs_profile_get_format              (HsProfile            *self);
const char      *hs_profile_format_to_string        (HsProfileFormat       format);
HsProfileKind    hs_profile_get_kind                (HsProfile            *self);

guint            hs_profile_get_n_sample_types      (HsProfile            *self);
const char      *hs_profile_get_sample_type         (HsProfile            *self,
                                                     guint                 index);
const char      *hs_profile_get_sample_unit         (HsProfile            *self,
                                                     guint                 index);
/* -1 when @name is not a sample type of this profile. */
int              hs_profile_find_sample_type        (HsProfile            *self,
                                                     const char           *name);
/* pprof's rule: default_sample_type if set, else the last sample type. */
guint            hs_profile_get_default_sample_index (HsProfile           *self);
/* Resolves a --sample-index argument: NULL means the default; a name or a
 * decimal index (as pprof accepts) otherwise. */
gboolean         hs_profile_resolve_sample_index    (HsProfile            *self,
                                                     const char           *name,
                                                     guint                *out_index,
                                                     GError              **error);

const char      *hs_profile_get_period_type         (HsProfile            *self);
const char      *hs_profile_get_period_unit         (HsProfile            *self);
gint64           hs_profile_get_period              (HsProfile            *self);
gint64           hs_profile_get_time_nanos          (HsProfile            *self);
gint64           hs_profile_get_duration_nanos      (HsProfile            *self);
const char      *hs_profile_get_drop_frames         (HsProfile            *self);
const char      *hs_profile_get_keep_frames         (HsProfile            *self);
/* NULL-terminated, owned by the profile. */
const char * const *hs_profile_get_comments         (HsProfile            *self);

/* Symbols: address-only profiles (gperftools, jemalloc, legacy texts)
 * are named from the binaries of their mappings (hs-symbolizer.h says
 * how they are found). Call once, before any analysis; the notes say,
 * one sentence a mapping, what could not be named and why (NULL-
 * terminated, owned by the profile, empty when all went well). */
gboolean         hs_profile_needs_symbols           (HsProfile            *self);
gboolean         hs_profile_symbolize               (HsProfile            *self,
                                                     const char * const   *search_path,
                                                     GCancellable         *cancellable,
                                                     GError              **error);
const char * const *hs_profile_get_symbol_notes     (HsProfile            *self);
/* PPROF_BINARY_PATH split at ':', or pprof's default $HOME/pprof/binaries. */
char           **hs_profile_default_binary_path     (void);
/* @configured (a setting) when it names a folder, else the default. */
char           **hs_profile_binary_path_or_default  (const char * const  *configured);
/* Loads, and names an address-only profile, in one worker thread, with
 * @progress (nullable) as hs_profile_load_file_full_async(); finish with
 * hs_profile_load_file_finish(). */
void             hs_profile_load_file_symbolized_async (GFile              *file,
                                                     guint64              max_decompressed,
                                                     HsLoadProgress      *progress,
                                                     const char * const  *search_path,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);

guint            hs_profile_get_n_samples           (HsProfile            *self);
guint            hs_profile_get_n_locations         (HsProfile            *self);
guint            hs_profile_get_n_functions         (HsProfile            *self);
guint            hs_profile_get_n_mappings          (HsProfile            *self);
guint            hs_profile_get_n_strings           (HsProfile            *self);
/* Interned location lists: equal lists share one entry when they occur
 * near each other, as Go writes them (exact for ordinary profiles). */
guint            hs_profile_get_n_stacks            (HsProfile            *self);

/* pprof's total for @index ("of N total", zero-location samples
 * included): the sum of |value| over the samples once those with the same
 * stack and labels are merged; in a profile saved by pprof -diff_base,
 * over the base's samples (labelled pprof::base=true) alone. For an
 * ordinary profile, the plain sum. */
gint64           hs_profile_get_total               (HsProfile            *self,
                                                     guint                 index);

/* The profile a filtered profile (hs-profile-filter.h) was made from;
 * @self itself when it is not filtered. transfer none. */
HsProfile       *hs_profile_get_unfiltered          (HsProfile            *self);
gboolean         hs_profile_is_filtered             (HsProfile            *self);

/* TRUE when both have the same sample type names and units, in order. */
gboolean         hs_profile_same_sample_types       (HsProfile            *a,
                                                     HsProfile            *b);

G_END_DECLS
