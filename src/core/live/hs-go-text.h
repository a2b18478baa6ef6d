/* hs-go-text.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The text a Go service serves besides expvar: the Prometheus text
 * exposition format (/metrics, version 0.0.4) and the header of a
 * goroutine profile in debug=1 form. */

#define HS_PROM_MAX_LINE    (64 * 1024)
#define HS_PROM_MAX_SAMPLES 100000

typedef enum
{
  HS_PROM_UNTYPED,
  HS_PROM_GAUGE,
  HS_PROM_COUNTER,
  HS_PROM_SUMMARY,
  HS_PROM_HISTOGRAM,
} HsPromType;

/**
 * HsPromSample:
 * One sample line. @labels is the label set in canonical form, sorted by
 * name and re-escaped (`{code="200",method="get"}`, "" when none), so that
 * two scrapes name a series the same way. @family is the metric family it
 * belongs to (`go_gc_duration_seconds` for `go_gc_duration_seconds_sum`
 * when a TYPE line declared that summary) and @type that family's type.
 * @value may be NaN or ±Inf.
 */
typedef struct
{
  char       *name;
  char       *labels;
  char       *family;
  HsPromType  type;
  double      value;
  gboolean    has_timestamp;
  gint64      timestamp_ms;
} HsPromSample;

/* A streaming parser: feed it the body as it arrives, in chunks cut
 * anywhere. It keeps at most one partial line (up to HS_PROM_MAX_LINE) and
 * HS_PROM_MAX_SAMPLES samples; past @max_bytes of input it fails. */
typedef struct _HsPromParser HsPromParser;

HsPromParser *hs_prom_parser_new      (gsize          max_bytes);
void          hs_prom_parser_free     (HsPromParser  *self);
/* Errors (G_IO_ERROR_INVALID_DATA) name the line and what is wrong. After
 * an error every later call fails the same way. */
gboolean      hs_prom_parser_feed     (HsPromParser  *self,
                                       const char    *data,
                                       gsize          size,
                                       GError       **error);
/* The end of the body: parses a last line without a newline. */
gboolean      hs_prom_parser_finish   (HsPromParser  *self,
                                       GError       **error);
/* (element-type HsPromSample) (transfer none): in input order. */
GArray       *hs_prom_parser_get_samples (HsPromParser *self);

/* The whole body at once. (transfer full) (element-type HsPromSample) */
GArray       *hs_prom_parse           (const char    *data,
                                       gsize          size,
                                       gsize          max_bytes,
                                       GError       **error);
/* The sample named @name with label set @labels ("" for none), or NULL. */
const HsPromSample *hs_prom_find      (GArray        *samples,
                                       const char    *name,
                                       const char    *labels);

/**
 * hs_go_parse_goroutine_total:
 * The N of the first line of `/debug/pprof/goroutine?debug=1`,
 * "goroutine profile: total N". Only the first line is looked at, so a
 * truncated body still gives it. Errors: G_IO_ERROR_INVALID_DATA.
 */
gboolean      hs_go_parse_goroutine_total (const char *data,
                                           gsize       size,
                                           gint64     *out_total,
                                           GError    **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HsPromParser, hs_prom_parser_free)

G_END_DECLS
