/* hs-demangle.cc
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* C++ because the demangler is the C++ runtime's (abi::__cxa_demangle,
 * which binutils' addr2line -C and c++filt also use). */

#define G_LOG_DOMAIN "hs-demangle"

#include "config.h"

#include <cstdlib>
#include <cstring>
#include <cxxabi.h>

#include "hs-demangle.h"

/* Replaces every match of @regex in @text with @replacement until
 * nothing matches (Perl's `while (s/…/…/g) { }`). Takes @text. */
static char *
replace_until_stable (char       *text,
                      GRegex     *regex,
                      const char *replacement)
{
  for (;;)
    {
      char *next = g_regex_replace (regex, text, -1, 0, replacement, (GRegexMatchFlags) 0, NULL);

      if (next == NULL || strcmp (next, text) == 0)
        {
          g_free (next);
          return text;
        }
      g_free (text);
      text = next;
    }
}

char *
hs_demangle_short (const char *symbol)
{
  /* pprof's ShortFunctionName (google-pprof and jeprof, the tools of the
   * gperftools and jemalloc dumps): argument lists with a trailing
   * const, then template arguments, innermost first, then a leading
   * return type. */
  static GRegex *arguments, *templates, *return_type;
  int status = 0;
  char *demangled;
  char *text;
  char *shortened;

  if (symbol == NULL || strncmp (symbol, "_Z", 2) != 0)
    return NULL;
  demangled = abi::__cxa_demangle (symbol, NULL, NULL, &status);
  if (status != 0 || demangled == NULL)
    {
      free (demangled);
      return NULL;
    }
  text = g_strdup (demangled);
  free (demangled);

  if (g_once_init_enter (&return_type))
    {
      arguments = g_regex_new ("\\([^()]*\\)(\\s*const)?", (GRegexCompileFlags) 0, (GRegexMatchFlags) 0, NULL);
      templates = g_regex_new ("<[^<>]*>", (GRegexCompileFlags) 0, (GRegexMatchFlags) 0, NULL);
      g_once_init_leave (&return_type, g_regex_new ("^.*\\s+(\\w+::)", (GRegexCompileFlags) 0,
                                                    (GRegexMatchFlags) 0, NULL));
    }
  text = replace_until_stable (text, arguments, "");
  text = replace_until_stable (text, templates, "");
  /* The return type goes once (Perl's `s/…/…/` without a loop). */
  shortened = g_regex_replace (return_type, text, -1, 0, "\\1", (GRegexMatchFlags) 0, NULL);
  if (shortened == NULL)
    return text;
  g_free (text);
  return shortened;
}
