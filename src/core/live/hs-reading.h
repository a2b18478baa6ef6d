/* hs-reading.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Why a value of a reading is missing. Unknown is never a zero. */
typedef enum
{
  HS_READING_VALID = 0,
  /* Not measured (yet, or not on this tick: heap is read at a lower rate;
   * CPU needs a previous reading). */
  HS_READING_NOT_MEASURED,
  /* The kernel refused the file (another user's process, ptrace rules). */
  HS_READING_PERMISSION_DENIED,
  /* Means nothing for this process (no Vm* lines for a kernel thread). */
  HS_READING_NOT_APPLICABLE,
  /* The process exited during the reading. */
  HS_READING_EXITED,
} HsReadingStatus;

GType hs_reading_status_get_type (void) G_GNUC_CONST;
#define HS_TYPE_READING_STATUS (hs_reading_status_get_type ())

/**
 * HsReading:
 *
 * One reading of a source: when it was taken and one value per metric of
 * the source, index i = position in hs_source_get_metrics(). Each value
 * is valid or says why not. Boxed and reference-counted; immutable once
 * the source has returned it.
 */
typedef struct _HsReading HsReading;

#define HS_TYPE_READING (hs_reading_get_type ())
GType            hs_reading_get_type       (void) G_GNUC_CONST;

/* All values start as HS_READING_NOT_MEASURED. */
HsReading       *hs_reading_new            (guint       n_values,
                                            gint64      mono_usec,
                                            gint64      wall_usec);
HsReading       *hs_reading_ref            (HsReading  *self);
void             hs_reading_unref          (HsReading  *self);

/* g_get_monotonic_time() and g_get_real_time() when it was taken. */
gint64           hs_reading_get_mono_usec  (const HsReading *self);
gint64           hs_reading_get_wall_usec  (const HsReading *self);
guint            hs_reading_get_n_values   (const HsReading *self);

/* FALSE (and @out_value untouched) when value @index is not valid. */
gboolean         hs_reading_get_value      (const HsReading *self,
                                            guint            index,
                                            double          *out_value);
HsReadingStatus  hs_reading_get_status     (const HsReading *self,
                                            guint            index);

/* For sources, before they return the reading. */
void             hs_reading_set_value      (HsReading       *self,
                                            guint            index,
                                            double           value);
void             hs_reading_set_missing    (HsReading       *self,
                                            guint            index,
                                            HsReadingStatus  why);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HsReading, hs_reading_unref)

G_END_DECLS
