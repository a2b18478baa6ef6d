/* hs-go-rss.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hs-go-expvar.h"

G_BEGIN_DECLS

/* "Where is my RSS?": the parts of a Go process's RSS, from one expvar
 * page and one smaps reading taken together. README.md ("Where is my
 * RSS?") describes the method. */
typedef enum
{
  HS_GO_RSS_HEAP_INUSE,        /* HeapInuse */
  HS_GO_RSS_HEAP_IDLE,         /* HeapIdle - HeapReleased: kept for reuse */
  HS_GO_RSS_HEAP_RELEASED,     /* released with MADV_FREE, not yet reclaimed */
  HS_GO_RSS_STACKS,            /* StackInuse .. StackSys */
  HS_GO_RSS_RUNTIME,           /* MSpan, MCache, BuckHash */
  HS_GO_RSS_GC_OTHER,          /* GCSys + OtherSys */
  HS_GO_RSS_NOT_GO,            /* anonymous memory the runtime does not know: cgo, C, mmap */
  HS_GO_RSS_FILES,             /* file-backed: the binary, libraries, mapped files */
  HS_GO_RSS_N_PARTS
} HsGoRssPart;

/* What smaps says, summed over every mapping, in bytes. */
typedef struct
{
  guint64  rss;
  guint64  anonymous;          /* the "Anonymous:" lines */
  guint64  lazy_free;          /* "LazyFree:": MADV_FREE pages still resident */
  gboolean has_lazy_free;      /* the kernel prints LazyFree (4.12+) */
  guint64  brk_heap;           /* Rss of [heap]: C malloc's, never Go's */
} HsGoSmapsTotals;

typedef struct
{
  guint64 low;
  guint64 high;                /* == low when the data gives one number */
} HsGoRange;

typedef struct
{
  guint64    rss;
  HsGoRange  parts[HS_GO_RSS_N_PARTS];
  /* Why a part is a range, or what the figures cannot say; one sentence a
   * line, NULL when there is nothing to add. */
  char      *notes;
} HsGoRssSplit;

/* Reads /proc/PID/smaps once. Errors: G_IO_ERROR (permission, gone). */
gboolean    hs_go_smaps_totals_read (int                    pid,
                                     HsGoSmapsTotals       *out,
                                     GError               **error);

/**
 * hs_go_rss_split:
 * Fails (G_IO_ERROR_INVALID_DATA) when the page lacks a memstats field the
 * split needs. Every part is within [0, RSS]. The runtime's lows add up to
 * more than the anonymous RSS only when some of its memory is swapped out
 * or never touched; the notes then say so.
 */
gboolean    hs_go_rss_split          (const HsGoExpvar      *expvar,
                                      const HsGoSmapsTotals *smaps,
                                      HsGoRssSplit          *out,
                                      GError               **error);
void        hs_go_rss_split_clear    (HsGoRssSplit          *split);

/* "go_heap_inuse"...: stable ids; label and explanation are translated. */
const char *hs_go_rss_part_get_id          (HsGoRssPart part);
const char *hs_go_rss_part_get_label       (HsGoRssPart part);
const char *hs_go_rss_part_get_explanation (HsGoRssPart part);

G_END_DECLS
