/* hs-go-source.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hs-go-expvar.h"
#include "hs-source.h"

G_BEGIN_DECLS

/* The endpoints a Go service may serve, in the order they are fetched. */
typedef enum
{
  HS_GO_ENDPOINT_EXPVAR,       /* /debug/vars */
  HS_GO_ENDPOINT_GOROUTINES,   /* /debug/pprof/goroutine?debug=1 */
  HS_GO_ENDPOINT_METRICS,      /* /metrics (Prometheus text) */
  HS_GO_N_ENDPOINTS
} HsGoEndpoint;

/* "/debug/vars", "/debug/pprof/goroutine?debug=1", "/metrics". */
const char *hs_go_endpoint_get_path (HsGoEndpoint endpoint);

gboolean    hs_go_url_is_insecure   (const char  *url);
char       *hs_go_url_from_text     (const char  *text);

/* Position of each standard metric in hs_source_get_metrics(); extras
 * (program-published expvars, other /metrics samples) follow. */
typedef enum
{
  HS_GO_M_HEAP_ALLOC,
  HS_GO_M_HEAP_INUSE,
  HS_GO_M_HEAP_IDLE,
  HS_GO_M_HEAP_RELEASED,
  HS_GO_M_HEAP_OBJECTS,
  HS_GO_M_HEAP_SYS,
  HS_GO_M_STACK_INUSE,
  HS_GO_M_STACK_SYS,
  HS_GO_M_MSPAN_INUSE,
  HS_GO_M_MCACHE_INUSE,
  HS_GO_M_BUCK_HASH_SYS,
  HS_GO_M_GC_SYS,
  HS_GO_M_OTHER_SYS,
  HS_GO_M_SYS,
  HS_GO_M_NEXT_GC,
  HS_GO_M_NUM_GC,
  HS_GO_M_PAUSE_TOTAL,
  HS_GO_M_PAUSE_MAX,
  HS_GO_M_GC_CPU,
  HS_GO_M_GOROUTINES,
  HS_GO_M_THREADS,
  HS_GO_M_PROCESS_RSS,
  HS_GO_N_STANDARD_METRICS
} HsGoMetricIndex;

/**
 * HsGoSource:
 *
 * An HsSource over the HTTP endpoints of a running Go program (expvar,
 * the goroutine profile's header, Prometheus /metrics), fetched with
 * libsoup asynchronously, each reading fetching every endpoint that
 * answered at once. memstats come from /debug/vars, or from /metrics'
 * go_memstats_* when there is no expvar; a figure no endpoint serves is
 * HS_READING_NOT_APPLICABLE, never zero.
 *
 * A reading never fails because the endpoint is down: its values are then
 * HS_READING_NOT_MEASURED and :problem says what happened and since when;
 * while it stays down, fetches back off (up to 30 s between tries).
 *
 * Properties: url (construct-only, the base, e.g. http://127.0.0.1:6060),
 * timeout-ms (default 5000), max-size (bytes per response, default
 * 256 MiB), problem (GError, read-only).
 */
#define HS_TYPE_GO_SOURCE (hs_go_source_get_type ())
G_DECLARE_FINAL_TYPE (HsGoSource, hs_go_source, HS, GO_SOURCE, GObject)

/* The standard metrics only; every endpoint is tried on each reading. */
HsGoSource    *hs_go_source_new              (const char          *url);
/* Probes the endpoints first: only those that answer are fetched later,
 * and the metric list gets the extras the first answers show. Fails when
 * none answers. */
void           hs_go_source_new_async        (const char          *url,
                                              guint                timeout_ms,
                                              gsize                max_size,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
HsGoSource    *hs_go_source_new_finish       (GAsyncResult        *result,
                                              GError             **error);

const char    *hs_go_source_get_url          (HsGoSource          *self);
guint          hs_go_source_get_timeout_ms   (HsGoSource          *self);
void           hs_go_source_set_timeout_ms   (HsGoSource          *self,
                                              guint                timeout_ms);
gsize          hs_go_source_get_max_size     (HsGoSource          *self);
void           hs_go_source_set_max_size     (HsGoSource          *self,
                                              gsize                max_size);
/* Whether the endpoint is fetched (after new_async: it answered). */
gboolean       hs_go_source_has_endpoint     (HsGoSource          *self,
                                              HsGoEndpoint         endpoint);
/* (nullable) (transfer none): the body of the last reading's answer, as
 * it came: what the reading's values were parsed from. */
GBytes        *hs_go_source_get_last_body    (HsGoSource          *self,
                                              HsGoEndpoint         endpoint);
/* (nullable) (transfer none): the last expvar page, parsed. */
const HsGoExpvar *hs_go_source_get_last_expvar (HsGoSource        *self);
/* (element-type HsGoPause) (transfer none): each GC that ended between
 * the last two readings, oldest first; empty on the first reading. */
GArray        *hs_go_source_get_last_pauses  (HsGoSource          *self);
/* GC cycles whose pause fell out of the 256-entry ring before it could
 * be read, over the whole source's life. */
guint64        hs_go_source_get_lost_pauses  (HsGoSource          *self);

G_END_DECLS
