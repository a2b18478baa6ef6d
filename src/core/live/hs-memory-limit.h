/* hs-memory-limit.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * HsMemoryLimit:
 * @kind: where @bytes comes from
 * @bytes: the limit in bytes (0 with HS_MEMORY_LIMIT_NONE)
 *
 * The memory a process can reach before something stops it: what the
 * trend detector projects a growing figure towards ("2 GiB in ~43 min").
 */
typedef enum
{
  HS_MEMORY_LIMIT_NONE,
  /* cgroup v2 memory.max (or v1 memory.limit_in_bytes) of the process */
  HS_MEMORY_LIMIT_CGROUP,
  /* the machine's MemAvailable plus what the process holds now */
  HS_MEMORY_LIMIT_AVAILABLE,
  /* given by the user */
  HS_MEMORY_LIMIT_USER,
} HsMemoryLimitKind;

typedef struct
{
  HsMemoryLimitKind kind;
  guint64           bytes;
} HsMemoryLimit;

/**
 * hs_memory_limit_read_cgroup:
 * @pid: a process
 * @out_bytes: (out): the limit; untouched when there is none
 * @out_path: (out) (optional): the file read, or the last one tried
 * @error: why /proc/PID/cgroup could not be read
 *
 * Reads the memory limit of @pid's cgroup: with cgroup v2, memory.max of
 * its cgroup ("max" means none) under /sys/fs/cgroup (or
 * /sys/fs/cgroup/unified on a hybrid system); else cgroup v1's
 * memory.limit_in_bytes (≥ 2^62 means none, the kernel's "unlimited"
 * rounded to a page). Only the process's own cgroup counts, not its
 * ancestors: the file says the effective limit whenever a container sets
 * one where the process lives, which is the case this serves.
 *
 * Returns: TRUE when @out_bytes was set, FALSE with @error unset when
 * there is no limit (or no memory controller), FALSE with @error set when
 * /proc/PID/cgroup cannot be read.
 */
gboolean hs_memory_limit_read_cgroup    (int            pid,
                                         guint64       *out_bytes,
                                         char         **out_path,
                                         GError       **error);

/* MemAvailable from /proc/meminfo, in bytes; FALSE when absent. */
gboolean hs_memory_limit_read_available (guint64       *out_bytes);

/**
 * hs_memory_limit_find:
 * @pid: the process whose figure grows
 * @current: what it holds now (RSS), added to MemAvailable
 * @user_bytes: a limit given by the user, or 0
 * @out_limit: (out)
 *
 * Picks the limit to project to: the user's, else the cgroup's, else
 * @current + MemAvailable. Never fails: with nothing known the kind is
 * HS_MEMORY_LIMIT_NONE.
 */
void     hs_memory_limit_find           (int            pid,
                                         guint64        current,
                                         guint64        user_bytes,
                                         HsMemoryLimit *out_limit);

G_END_DECLS
