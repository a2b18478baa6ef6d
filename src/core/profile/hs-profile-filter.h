/* hs-profile-filter.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hs-profile.h"

G_BEGIN_DECLS

/* pprof's sample filters, as `go tool pprof -focus -ignore -hide -show
 * -tagfocus -tagignore` apply them (profile/filter.go and
 * internal/driver/driver_focus.go of google/pprof). NULL or "" means
 * unset. The strings are borrowed.
 *
 *  focus/ignore: keep the samples with a frame that matches focus (every
 *    sample when unset) and none that matches ignore.
 *  hide/show: drop the frames that match hide, or that do not match show,
 *    from every stack; a sample left with no frame goes.
 *  tagfocus/tagignore: keep the samples with a string label that matches
 *    (ignore: drop them). "key=re1,re2" matches the values of label `key`
 *    against any of the expressions; "re1,re2" matches "key:value" of any
 *    label, and every expression must match one. A value that reads as
 *    a number or range ("bytes=4kb", "1kb:", ":64kb", "12kb:64mb") is
 *    compared with numeric labels instead, after pprof's unit scaling
 *    (a label's unit is the first one its key has, else the key's name;
 *    so "bytes=4096", without a unit, matches nothing, as in pprof).
 *
 * A frame matches when the expression matches (anywhere, unanchored) its
 * function's name or file name, or its mapping's file name. Expressions
 * are Go's (RE2, hs-regex.h), as pprof reads them; each distinct string
 * is matched once per expression. */
typedef struct
{
  const char *focus;
  const char *ignore;
  const char *hide;
  const char *show;
  const char *tagfocus;
  const char *tagignore;
} HsProfileFilter;

/* Which filters matched nothing (pprof warns "Focus expression matched no
 * samples" for these): focus, ignore and hide when no frame matched, show
 * when every frame was hidden, the tag filters when no sample matched. */
typedef enum
{
  HS_PROFILE_FILTER_FOCUS     = 1 << 0,
  HS_PROFILE_FILTER_IGNORE    = 1 << 1,
  HS_PROFILE_FILTER_HIDE      = 1 << 2,
  HS_PROFILE_FILTER_SHOW      = 1 << 3,
  HS_PROFILE_FILTER_TAGFOCUS  = 1 << 4,
  HS_PROFILE_FILTER_TAGIGNORE = 1 << 5,
} HsProfileFilterFlags;

gboolean    hs_profile_filter_is_empty   (const HsProfileFilter  *filter);
/* pprof's flag name of one HsProfileFilterFlags bit ("focus", …). */
const char *hs_profile_filter_flag_name  (HsProfileFilterFlags    flag);

/* A new profile with @profile's samples that pass @filter (and their
 * stacks as hide/show leave them). It shares @profile's strings,
 * functions and mappings. Its hs_profile_get_unfiltered() is @profile's
 * (pprof computes "of N total" before filtering, so HsTop's total stays
 * the unfiltered one). An empty filter returns a new reference to
 * @profile. Fails with HS_PROFILE_ERROR_BAD_FILTER on an expression that
 * does not compile, G_IO_ERROR_CANCELLED when cancelled. */
HsProfile  *hs_profile_filter            (HsProfile              *profile,
                                          const HsProfileFilter  *filter,
                                          HsProfileFilterFlags   *out_unmatched,
                                          GCancellable           *cancellable,
                                          GError                **error);

/* The distinct string labels of @profile's samples: a sorted,
 * NULL-terminated array of "key=value" (transfer full). */
char      **hs_profile_list_labels       (HsProfile              *profile);

G_END_DECLS
