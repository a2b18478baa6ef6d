/* hs-regex.cc
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The one C++ file of Heapscope: RE2 has only a C++ interface, and it is
 * the engine of the expressions pprof reads (drop_frames, keep_frames)
 * and takes (-focus, -ignore, -hide, -show, -tagfocus, -tagignore). A
 * translation to PCRE (GRegex) got most of RE2's meaning but backtracked,
 * needing a budget per match that made some names come out wrong. */

#define G_LOG_DOMAIN "hs-regex"

#include "config.h"

#include <new>
#include <string>

#include <re2/re2.h>

#include "hs-regex.h"

struct _HsRegex
{
  RE2         *re;
  std::string  pattern;
};

static RE2::Options
go_options (void)
{
  RE2::Options options;

  /* Go's regexp: UTF-8, leftmost-first, case-sensitive, `.` not
   * matching \n, `$` only at the end; errors are ours to report. */
  options.set_encoding (RE2::Options::EncodingUTF8);
  options.set_longest_match (false);
  options.set_log_errors (false);
  /* Go refuses programs over its own size limit; RE2's default memory
   * budget (8 MiB) is its counterpart. */
  return options;
}

/* Where Go's syntax is narrower than RE2's: \C (any byte), which RE2
 * takes and Go refuses (tests/data/pprof-edge/re2-verdicts.tsv, from
 * Go's own regexp, finds no other difference). */
static const char *
go_refuses (const char *pattern)
{
  for (const char *p = pattern; *p != '\0'; p++)
    if (*p == '\\')
      {
        if (p[1] == 'C')
          return "invalid escape sequence: \\C";
        if (p[1] == '\0')
          break;
        p++;
      }
  return NULL;
}

HsRegex *
hs_regex_new (const char  *pattern,
              gboolean     anchored,
              GError     **error)
{
  g_return_val_if_fail (pattern != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (const char *why = go_refuses (pattern))
    {
      g_set_error_literal (error, G_REGEX_ERROR, G_REGEX_ERROR_COMPILE, why);
      return NULL;
    }

  HsRegex *self = new (std::nothrow) HsRegex;
  if (self == NULL)
    g_error ("%s: out of memory", G_STRFUNC);
  self->pattern = anchored ? std::string ("^(") + pattern + ")$" : std::string (pattern);
  self->re = new (std::nothrow) RE2 (self->pattern, go_options ());
  if (self->re == NULL)
    g_error ("%s: out of memory", G_STRFUNC);
  if (!self->re->ok ())
    {
      g_set_error_literal (error, G_REGEX_ERROR, G_REGEX_ERROR_COMPILE, self->re->error ().c_str ());
      hs_regex_free (self);
      return NULL;
    }
  return self;
}

gboolean
hs_regex_match (const HsRegex *self,
                const char    *text,
                gssize         len)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  re2::StringPiece subject (text, len < 0 ? strlen (text) : (size_t) len);

  return RE2::PartialMatch (subject, *self->re);
}

const char *
hs_regex_get_pattern (const HsRegex *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->pattern.c_str ();
}

void
hs_regex_free (HsRegex *self)
{
  if (self == NULL)
    return;
  delete self->re;
  delete self;
}
