/* hs-go-expvar.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Extra (program-published) values kept from one page; more are dropped
 * and counted in n_dropped_extras. */
#define HS_GO_EXPVAR_MAX_EXTRAS 512
/* runtime.MemStats.PauseNs and PauseEnd: circular buffers of this size. */
#define HS_GO_PAUSE_RING 256

/* The runtime.MemStats fields Heapscope charts, in this order. */
typedef enum
{
  HS_GO_HEAP_ALLOC,
  HS_GO_HEAP_INUSE,
  HS_GO_HEAP_IDLE,
  HS_GO_HEAP_RELEASED,
  HS_GO_HEAP_OBJECTS,
  HS_GO_HEAP_SYS,
  HS_GO_STACK_INUSE,
  HS_GO_STACK_SYS,
  HS_GO_MSPAN_INUSE,
  HS_GO_MSPAN_SYS,
  HS_GO_MCACHE_INUSE,
  HS_GO_MCACHE_SYS,
  HS_GO_BUCK_HASH_SYS,
  HS_GO_GC_SYS,
  HS_GO_OTHER_SYS,
  HS_GO_SYS,
  HS_GO_NEXT_GC,
  HS_GO_NUM_GC,
  HS_GO_PAUSE_TOTAL_NS,
  HS_GO_GC_CPU_FRACTION,
  HS_GO_N_MEMSTATS
} HsGoMemstat;

/* "HeapAlloc", "NumGC"...: the field's name in runtime.MemStats. */
const char *hs_go_memstat_name (HsGoMemstat field);

typedef struct
{
  char   *id;       /* "sessions", "cache.hits", "memstats.TotalAlloc" */
  double  value;
} HsGoExtra;

/**
 * HsGoExpvar:
 * What one `GET /debug/vars` page says. A field the page lacks is not
 * present (has_memstat), never zero.
 */
typedef struct
{
  double   memstats[HS_GO_N_MEMSTATS];
  guint32  present;                       /* bit i: memstats[i] was there */
  gboolean has_pause_ring;                /* PauseNs and PauseEnd, 256 each */
  guint64  pause_ns[HS_GO_PAUSE_RING];
  guint64  pause_end[HS_GO_PAUSE_RING];
  GArray  *extras;                        /* HsGoExtra, page order */
  guint    n_dropped_extras;
} HsGoExpvar;

/* Errors (G_IO_ERROR_INVALID_DATA) say what is wrong: not JSON, nested
 * too deep (HS_INPUT_MAX_JSON_DEPTH, checked before json-glib, whose parser
 * recurses, sees it; a real page is three levels deep), not an object,
 * larger than @max_size. */
HsGoExpvar *hs_go_expvar_parse       (const char   *data,
                                      gsize         size,
                                      gsize         max_size,
                                      GError      **error);
void        hs_go_expvar_free        (HsGoExpvar   *self);
gboolean    hs_go_expvar_get         (const HsGoExpvar *self,
                                      HsGoMemstat   field,
                                      double       *out_value);

typedef struct
{
  guint32 gc;          /* 1-based GC number (NumGC after that cycle) */
  guint64 pause_ns;    /* stop-the-world pause of that cycle */
  guint64 end_ns;      /* when it ended, Unix ns (PauseEnd) */
} HsGoPause;

/**
 * hs_go_pauses_between:
 * @prev_num_gc: NumGC of the previous reading
 * @num_gc: NumGC of this one
 * @pause_ns, @pause_end: this reading's rings
 * @out: (element-type HsGoPause): receives the pause of each GC that
 *   ended after the previous reading, oldest first, each exactly once
 *
 * GC number k (1-based) is at index (k + 255) % 256 of the rings. When
 * more than 256 cycles ended between the readings only the last 256 are
 * still in the ring. Returns: how many cycles were lost that way (their
 * pauses are gone; PauseTotalNs still counts them). A NumGC that went
 * down (another process behind the endpoint) yields nothing and 0.
 */
guint       hs_go_pauses_between     (guint32        prev_num_gc,
                                      guint32        num_gc,
                                      const guint64 *pause_ns,
                                      const guint64 *pause_end,
                                      GArray        *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HsGoExpvar, hs_go_expvar_free)

G_END_DECLS
