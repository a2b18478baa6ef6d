/* hs-sampler.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "hs-sample.h"
#include "hs-memory-map.h"

G_BEGIN_DECLS

#define HS_SAMPLER_ERROR (hs_sampler_error_quark ())

typedef enum
{
  /* The process exited (or became a zombie) — not a failure of ours. */
  HS_SAMPLER_ERROR_PROCESS_GONE,
  /* The kernel refused a file: the message names it and says why. */
  HS_SAMPLER_ERROR_PERMISSION_DENIED,
  /* heapscope-probe could not be found, started, or stopped answering. */
  HS_SAMPLER_ERROR_PROBE_FAILED,
  /* Anything else: unreadable /proc, bad pid, protocol garbage. */
  HS_SAMPLER_ERROR_FAILED,
} HsSamplerError;

GQuark hs_sampler_error_quark (void);

/* What to read in one sample. The cheap files (stat, statm, status) are
 * always read; smaps costs milliseconds on a large process. */
typedef enum
{
  HS_SAMPLE_REQUEST_CHEAP = 0,
  HS_SAMPLE_REQUEST_SMAPS = 1 << 0,
  HS_SAMPLE_REQUEST_FDS   = 1 << 1,
} HsSampleRequest;

/**
 * HsProcessInfo:
 * One row of the process list. @rss, @threads and @cpu_percent are valid
 * only when the matching HsSampleFlags bit is set in @flags (cpu needs a
 * previous listing by the same sampler).
 */
typedef struct
{
  int            pid;
  guint          uid;
  char          *name;     /* comm, e.g. "heapscope-demo" */
  char          *user;     /* from /etc/passwd, else the numeric uid */
  char          *cmdline;  /* arguments joined by spaces; "" for kernel threads */
  guint64        rss;
  guint          threads;
  double         cpu_percent;
  guint64        cpu_time_usec;
  guint64        start_time;
  HsSampleFlags  flags;
} HsProcessInfo;

#define HS_TYPE_PROCESS_INFO (hs_process_info_get_type ())
GType          hs_process_info_get_type (void) G_GNUC_CONST;
HsProcessInfo *hs_process_info_copy     (const HsProcessInfo *info);
void           hs_process_info_free     (HsProcessInfo       *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HsProcessInfo, hs_process_info_free)

#define HS_TYPE_SAMPLER (hs_sampler_get_type ())
G_DECLARE_DERIVABLE_TYPE (HsSampler, hs_sampler, HS, SAMPLER, GObject)

/* Subclasses fill the raw figures; the base class stamps times, computes
 * CPU % from the previous reading of the same pid and serializes calls
 * (one at a time per sampler), so both implementations share that logic. */
struct _HsSamplerClass
{
  GObjectClass parent_class;

  GPtrArray   *(*list_processes) (HsSampler        *self,
                                  GError          **error);
  gboolean     (*sample)         (HsSampler        *self,
                                  int               pid,
                                  HsSampleRequest   request,
                                  HsSample         *out_sample,
                                  GError          **error);
  HsMemoryMap *(*read_maps)      (HsSampler        *self,
                                  int               pid,
                                  GError          **error);
  HsProcessInfo *(*get_info)     (HsSampler        *self,
                                  int               pid,
                                  GError          **error);

  gpointer padding[7];
};

/* Every call below is thread-safe; the _async variants run the blocking
 * one in a GTask thread so a UI never waits on /proc or on the probe. */

/* Returns: (transfer full) (element-type HsProcessInfo): sorted by pid. */
GPtrArray   *hs_sampler_list_processes        (HsSampler            *self,
                                               GError              **error);
void         hs_sampler_list_processes_async  (HsSampler            *self,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
GPtrArray   *hs_sampler_list_processes_finish (HsSampler            *self,
                                               GAsyncResult         *result,
                                               GError              **error);

gboolean     hs_sampler_sample                (HsSampler            *self,
                                               int                   pid,
                                               HsSampleRequest       request,
                                               HsSample             *out_sample,
                                               GError              **error);
void         hs_sampler_sample_async          (HsSampler            *self,
                                               int                   pid,
                                               HsSampleRequest       request,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
gboolean     hs_sampler_sample_finish         (HsSampler            *self,
                                               GAsyncResult         *result,
                                               HsSample             *out_sample,
                                               GError              **error);

/* Name, user and command line of one process (rss, threads and cpu are
 * not filled: flags is 0). (transfer full) */
HsProcessInfo *hs_sampler_get_info            (HsSampler            *self,
                                               int                   pid,
                                               GError              **error);

/* Every mapping of /proc/PID/smaps, for memory-map snapshots. Fails with
 * HS_SAMPLER_ERROR_PERMISSION_DENIED for processes we may not inspect. */
HsMemoryMap *hs_sampler_read_maps             (HsSampler            *self,
                                               int                   pid,
                                               GError              **error);
void         hs_sampler_read_maps_async       (HsSampler            *self,
                                               int                   pid,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
HsMemoryMap *hs_sampler_read_maps_finish      (HsSampler            *self,
                                               GAsyncResult         *result,
                                               GError              **error);

/* The sampler the app should use: the probe inside a Flatpak sandbox (where
 * /proc shows only sandboxed processes), or when $HEAPSCOPE_SAMPLER is
 * "probe"; the local one otherwise. Starting the probe (flatpak-spawn and
 * a first round trip) can block: a UI calls the _async variant, which
 * makes it in a GTask thread. */
HsSampler   *hs_sampler_new_default           (GError              **error);
void         hs_sampler_new_default_async     (GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
HsSampler   *hs_sampler_new_default_finish    (GAsyncResult         *result,
                                               GError              **error);

/* Looks for a helper program (heapscope-probe, heapscope-demo): first in
 * each directory of $HEAPSCOPE_LIBEXECDIR (colon-separated; tests and
 * `make run` point it at the build tree), then in LIBEXECDIR.
 * Returns: (transfer full) (nullable): an absolute path */
char        *hs_find_helper_program           (const char           *name);

/* TRUE inside a Flatpak sandbox; @out_app_path gets app-path from
 * /.flatpak-info (the host path of /app). */
gboolean     hs_running_in_flatpak            (char                **out_app_path);

G_END_DECLS
