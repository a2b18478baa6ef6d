/* hs-memory-limit.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hs-memory-limit.h"

/* cgroup v1 says "no limit" with PAGE_COUNTER_MAX pages, a number near
 * 2^63 that depends on the page size: anything this large is none. */
#define CGROUP_V1_UNLIMITED (G_GUINT64_CONSTANT (1) << 62)

/* Reads one number from @path; "max" (v2) sets *out_none. */
static gboolean
read_limit_file (const char *path,
                 guint64    *out_bytes,
                 gboolean   *out_none)
{
  g_autofree char *text = NULL;
  char *end = NULL;
  guint64 value;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return FALSE;
  g_strstrip (text);
  if (g_str_equal (text, "max"))
    {
      *out_none = TRUE;
      return TRUE;
    }
  errno = 0;
  value = g_ascii_strtoull (text, &end, 10);
  if (errno != 0 || end == text || *end != '\0')
    return FALSE;
  *out_none = value >= CGROUP_V1_UNLIMITED;
  *out_bytes = value;
  return TRUE;
}

gboolean
hs_memory_limit_read_cgroup (int       pid,
                             guint64  *out_bytes,
                             char    **out_path,
                             GError  **error)
{
  g_autofree char *proc_path = g_strdup_printf ("/proc/%d/cgroup", pid);
  g_autofree char *text = NULL;
  g_autofree char *v2_path = NULL;
  g_autofree char *v1_path = NULL;
  g_autofree char *tried = NULL;
  g_auto(GStrv) lines = NULL;

  g_return_val_if_fail (out_bytes != NULL, FALSE);

  if (!g_file_get_contents (proc_path, &text, NULL, error))
    return FALSE;

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      /* "hierarchy-ID:controller-list:cgroup-path" */
      g_auto(GStrv) fields = g_strsplit (lines[i], ":", 3);

      if (g_strv_length (fields) != 3)
        continue;
      if (g_str_equal (fields[0], "0") && fields[1][0] == '\0' && v2_path == NULL)
        v2_path = g_strdup (fields[2]);
      else
        {
          g_auto(GStrv) controllers = g_strsplit (fields[1], ",", -1);

          if (g_strv_contains ((const char * const *) controllers, "memory") && v1_path == NULL)
            v1_path = g_strdup (fields[2]);
        }
    }

  /* A v1 memory controller wins on a hybrid system: v2 then has no
   * memory controller, so its memory.max does not exist. */
  if (v1_path != NULL)
    {
      g_free (tried);
      tried = g_build_filename ("/sys/fs/cgroup/memory", v1_path, "memory.limit_in_bytes", NULL);
      {
        gboolean none = FALSE;
        guint64 value = 0;

        if (read_limit_file (tried, &value, &none))
          {
            if (out_path != NULL)
              *out_path = g_steal_pointer (&tried);
            if (none)
              return FALSE;
            *out_bytes = value;
            return TRUE;
          }
      }
    }
  if (v2_path != NULL)
    {
      const char * const roots[] = { "/sys/fs/cgroup", "/sys/fs/cgroup/unified" };

      for (guint r = 0; r < G_N_ELEMENTS (roots); r++)
        {
          gboolean none = FALSE;
          guint64 value = 0;

          g_free (tried);
          tried = g_build_filename (roots[r], v2_path, "memory.max", NULL);
          if (read_limit_file (tried, &value, &none))
            {
              if (out_path != NULL)
                *out_path = g_steal_pointer (&tried);
              if (none)
                return FALSE;
              *out_bytes = value;
              return TRUE;
            }
        }
    }

  if (out_path != NULL)
    *out_path = g_steal_pointer (&tried);
  return FALSE;
}

gboolean
hs_memory_limit_read_available (guint64 *out_bytes)
{
  g_autofree char *text = NULL;
  const char *line;
  guint64 kib;

  if (!g_file_get_contents ("/proc/meminfo", &text, NULL, NULL))
    return FALSE;
  line = strstr (text, "\nMemAvailable:");
  if (line == NULL)
    return FALSE;
  kib = g_ascii_strtoull (line + strlen ("\nMemAvailable:"), NULL, 10);
  *out_bytes = kib * 1024;
  return TRUE;
}

void
hs_memory_limit_find (int            pid,
                      guint64        current,
                      guint64        user_bytes,
                      HsMemoryLimit *out_limit)
{
  guint64 bytes = 0;

  out_limit->kind = HS_MEMORY_LIMIT_NONE;
  out_limit->bytes = 0;
  if (user_bytes > 0)
    {
      out_limit->kind = HS_MEMORY_LIMIT_USER;
      out_limit->bytes = user_bytes;
    }
  else if (pid > 0 && hs_memory_limit_read_cgroup (pid, &bytes, NULL, NULL))
    {
      out_limit->kind = HS_MEMORY_LIMIT_CGROUP;
      out_limit->bytes = bytes;
    }
  else if (hs_memory_limit_read_available (&bytes))
    {
      out_limit->kind = HS_MEMORY_LIMIT_AVAILABLE;
      out_limit->bytes = bytes + current;
    }
}
