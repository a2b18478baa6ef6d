/* hs-regex.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A regular expression as pprof compiles and matches one: Go's regexp
 * is RE2's syntax and semantics, so RE2 itself runs it, in time linear
 * in the text (no pattern can make a match take longer than the name
 * is long). Immutable; may be used from several threads at once. */
typedef struct _HsRegex HsRegex;

/* NULL with @error (G_REGEX_ERROR_COMPILE) where Go's regexp.Compile
 * fails. @anchored: the whole text must match, as pprof wraps
 * drop_frames in "^(" … ")$". */
HsRegex    *hs_regex_new         (const char     *pattern,
                                  gboolean        anchored,
                                  GError        **error);
/* Whether the expression matches somewhere in @text (the whole of it when
 * anchored); @len -1 for a NUL-terminated text. */
gboolean    hs_regex_match       (const HsRegex  *self,
                                  const char     *text,
                                  gssize          len);
const char *hs_regex_get_pattern (const HsRegex  *self);
void        hs_regex_free        (HsRegex        *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HsRegex, hs_regex_free)

G_END_DECLS
