/* hs-demangle.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A C++ (Itanium ABI) symbol as google-pprof and jeprof show it: demangled
 * by the C++ runtime, then without argument lists, template arguments and
 * return type ("_ZN5store3Log3PutEi" is "store::Log::Put"). NULL when
 * @symbol is not a mangled C++ name. */
char *hs_demangle_short (const char *symbol);

G_END_DECLS
