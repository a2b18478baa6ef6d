/* hs-test-pprof.h: a tiny protobuf writer, to build profiles the
 * fixtures do not have (shared by the core and UI tests)
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <string.h>

#include <glib.h>

G_BEGIN_DECLS

static inline void
pb_varint (GByteArray *b,
           guint64     v)
{
  do
    {
      guint8 byte = (v & 0x7f) | (v > 0x7f ? 0x80 : 0);
      g_byte_array_append (b, &byte, 1);
      v >>= 7;
    }
  while (v != 0);
}

static inline void
pb_uint (GByteArray *b,
         guint       field,
         guint64     v)
{
  pb_varint (b, (guint64) field << 3);
  pb_varint (b, v);
}

static inline void
pb_msg (GByteArray *b,
        guint       field,
        GByteArray *m)
{
  pb_varint (b, ((guint64) field << 3) | 2);
  pb_varint (b, m->len);
  g_byte_array_append (b, m->data, m->len);
  g_byte_array_unref (m);
}

static inline void
pb_str (GByteArray *b,
        const char *str)
{
  pb_varint (b, (6 << 3) | 2);
  pb_varint (b, strlen (str));
  g_byte_array_append (b, (const guint8 *) str, strlen (str));
}

static inline GByteArray *
pb_function (guint64 id,
             guint64 name)
{
  GByteArray *m = g_byte_array_new ();

  pb_uint (m, 1, id);
  pb_uint (m, 2, name);
  return m;
}

/* Location @id with Line records for @fns (innermost first). */
static inline GByteArray *
pb_location (guint64        id,
             const guint64 *fns,
             guint          n)
{
  GByteArray *m = g_byte_array_new ();

  pb_uint (m, 1, id);
  for (guint i = 0; i < n; i++)
    {
      GByteArray *line = g_byte_array_new ();

      pb_uint (line, 1, fns[i]);
      pb_uint (line, 2, 10 + i);
      pb_msg (m, 4, line);
    }
  return m;
}

static inline GByteArray *
pb_sample (const guint64 *locs,
           guint          n,
           gint64         value)
{
  GByteArray *m = g_byte_array_new ();

  for (guint i = 0; i < n; i++)
    pb_uint (m, 1, locs[i]);
  pb_uint (m, 2, (guint64) value);
  return m;
}

/* A heap-like profile of @n_samples samples, 8 frames deep, over 512
 * functions with 4 choices per depth (so the flame graph has tens of
 * thousands of nodes), values from a fixed LCG: the same bytes each run.
 * 800,000 samples are about bigprofile's size (≈ 22 MB raw). */
static inline GByteArray *
hs_test_pprof_big (guint n_samples)
{
  GByteArray *b = g_byte_array_sized_new (n_samples * 36 + 64 * 1024);
  GByteArray *vt = g_byte_array_new ();
  guint32 seed = 12345;

  pb_uint (vt, 1, 1);
  pb_uint (vt, 2, 2);
  pb_msg (b, 1, vt);
  /* Strings 3.. are the function names; ids are 1-based. */
  for (guint f = 0; f < 512; f++)
    {
      pb_msg (b, 5, pb_function (f + 1, f + 3));
      pb_msg (b, 4, pb_location (f + 1, (guint64[]) { f + 1 }, 1));
    }
  for (guint i = 0; i < n_samples; i++)
    {
      guint64 locs[8];

      for (guint d = 0; d < 8; d++)
        {
          seed = seed * 1103515245 + 12345;
          /* Leaf first: depth 7 is the root-most frame. */
          locs[7 - d] = 1 + d * 64 + ((seed >> 16) & 3);
        }
      pb_msg (b, 2, pb_sample (locs, 8, 1 + (seed >> 8) % 4096));
    }
  pb_str (b, "");
  pb_str (b, "inuse_space");
  pb_str (b, "bytes");
  for (guint f = 0; f < 512; f++)
    {
      g_autofree char *name = g_strdup_printf ("main.func%03u", f);

      pb_str (b, name);
    }
  return b;
}

G_END_DECLS
