/* hs-source.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "hs-metric.h"
#include "hs-reading.h"

G_BEGIN_DECLS

#define HS_SOURCE_ERROR (hs_source_error_quark ())

typedef enum
{
  /* The process is gone, or its PID now belongs to another process: no
   * reading will ever come again. Not a failure of ours. */
  HS_SOURCE_ERROR_EXITED,
  /* The kernel refused even the figures every reading needs. */
  HS_SOURCE_ERROR_PERMISSION,
  /* The probe died, /proc is unreadable, protocol garbage... */
  HS_SOURCE_ERROR_FAILED,
} HsSourceError;

GQuark hs_source_error_quark (void);

/**
 * HsSource:
 *
 * Something that measures a fixed list of metrics (HsMetric, stable order)
 * and, when asked, produces one HsReading of them. Reads are asynchronous
 * and never block the calling thread; a caller never starts a read while
 * the previous one is still in flight (HsSession guarantees it).
 *
 * Property: problem (GError, read-only, nullable).
 *
 * The /proc sampler is the first source (HsProcSource); a Go runtime
 * endpoint is meant to be the next.
 */
#define HS_TYPE_SOURCE (hs_source_get_type ())
G_DECLARE_INTERFACE (HsSource, hs_source, HS, SOURCE, GObject)

struct _HsSourceInterface
{
  GTypeInterface parent_iface;

  GListModel   *(*get_metrics)       (HsSource             *self);
  void          (*read_async)        (HsSource             *self,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data);
  HsReading    *(*read_finish)       (HsSource             *self,
                                      GAsyncResult         *result,
                                      GError              **error);
  /* Optional: the caller's tick interval, so a source can pace costly
   * parts (smaps) at a lower rate. */
  void          (*set_tick_interval) (HsSource             *self,
                                      guint                 interval_ms);
  /* Optional: a short name for titles ("heapscope-demo"); NULL if none. */
  const char   *(*get_name)          (HsSource             *self);
  /* Optional: what is missing and why while readings go on (e.g. the
   * kernel refuses smaps); notify::problem when it changes. */
  const GError *(*get_problem)       (HsSource             *self);

  gpointer padding[8];
};

/* (transfer none) (element-type HsMetric): the same model, in the same
 * order, for the life of the source. */
GListModel   *hs_source_get_metrics       (HsSource             *self);
void          hs_source_read_async        (HsSource             *self,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
/* Returns: (transfer full): a reading with one value per metric. */
HsReading    *hs_source_read_finish       (HsSource             *self,
                                           GAsyncResult         *result,
                                           GError              **error);
void          hs_source_set_tick_interval (HsSource             *self,
                                           guint                 interval_ms);
const char   *hs_source_get_name          (HsSource             *self);
/* (nullable): readings go on, but some figures are missing for this
 * reason. The "problem" property (G_TYPE_ERROR) notifies changes. */
const GError *hs_source_get_problem       (HsSource             *self);

/* Position of the metric with id @id in the source's list, or -1. */
int           hs_source_find_metric       (HsSource             *self,
                                           const char           *id);

G_END_DECLS
