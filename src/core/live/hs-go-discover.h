/* hs-go-discover.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A TCP port a process listens on, and the address to reach it from here:
 * "127.0.0.1" for a wildcard or loopback listener, else the one it bound. */
typedef struct
{
  char    *host;
  guint16  port;
} HsListenPort;

/**
 * hs_go_listening_ports:
 * The TCP ports @pid listens on: the socket inodes among /proc/PID/fd
 * matched against the LISTEN rows of /proc/PID/net/tcp and tcp6 (the
 * process's own network namespace). Sorted by port, each once.
 * Errors: G_IO_ERROR_PERMISSION_DENIED (another user's process: its fd
 * folder is closed to us), G_IO_ERROR_NOT_FOUND (no such process).
 * Returns: (element-type HsListenPort) (transfer full)
 */
GArray    *hs_go_listening_ports   (int                  pid,
                                    GError             **error);

/* The LISTEN rows of one /proc/net/tcp{,6} text whose inode is in
 * @inodes (a set of guint64 *), appended to @out. */
void       hs_go_parse_proc_net_tcp (const char         *text,
                                     gboolean            ipv6,
                                     GHashTable         *inodes,
                                     GArray             *out);

typedef struct
{
  char     *base_url;          /* "http://127.0.0.1:6060" */
  guint16   port;
  gboolean  expvar;            /* /debug/vars answered 200 */
  gboolean  pprof;             /* /debug/pprof/ answered 200 */
  gboolean  metrics;           /* /metrics answered 200 */
  gboolean  goroutineleak;     /* /debug/pprof/goroutineleak answered 200 */
} HsGoEndpointInfo;

/**
 * hs_go_discover_async:
 * Lists @pid's listening ports and probes each, all at once, for
 * /debug/vars, /debug/pprof/, /metrics and /debug/pprof/goroutineleak
 * (hs_go_probe_goroutineleak_async()), each within @timeout_ms.
 * Returns (finish): (element-type HsGoEndpointInfo) one entry per port,
 * sorted by port, answered or not; fails only when the ports cannot be
 * listed.
 */
void       hs_go_discover_async    (int                  pid,
                                    guint                timeout_ms,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
GArray    *hs_go_discover_finish   (GAsyncResult        *result,
                                    GError             **error);

/**
 * hs_go_probe_goroutineleak_async:
 * Whether the Go service at @base_url ("http://127.0.0.1:6060") serves
 * /debug/pprof/goroutineleak, the leaked-goroutine profile of Go 1.26
 * (GOEXPERIMENT=goroutineleakprofile; standard from Go 1.27): asks for
 * its ?debug=1 text and looks only at the status (a 200 within
 * @timeout_ms; a long answer is cut after 64 KiB and still counts).
 * Other Go versions answer 404 "Unknown profile". On Go 1.26 the request
 * runs the GC cycle that finds the leaks, once.
 */
void       hs_go_probe_goroutineleak_async  (const char          *base_url,
                                             guint                timeout_ms,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
/* FALSE with no error when the service does not serve it. */
gboolean   hs_go_probe_goroutineleak_finish (GAsyncResult        *result,
                                             GError             **error);

G_END_DECLS
