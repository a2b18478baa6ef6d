/* hs-reading.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-reading"

#include "config.h"

#include "hs-reading.h"

struct _HsReading
{
  gatomicrefcount  ref_count;
  gint64           mono_usec;
  gint64           wall_usec;
  guint            n_values;
  double          *values;
  HsReadingStatus *status;
};

G_DEFINE_BOXED_TYPE (HsReading, hs_reading, hs_reading_ref, hs_reading_unref)

G_DEFINE_ENUM_TYPE (HsReadingStatus, hs_reading_status,
  G_DEFINE_ENUM_VALUE (HS_READING_VALID, "valid"),
  G_DEFINE_ENUM_VALUE (HS_READING_NOT_MEASURED, "not-measured"),
  G_DEFINE_ENUM_VALUE (HS_READING_PERMISSION_DENIED, "permission-denied"),
  G_DEFINE_ENUM_VALUE (HS_READING_NOT_APPLICABLE, "not-applicable"),
  G_DEFINE_ENUM_VALUE (HS_READING_EXITED, "exited"))

HsReading *
hs_reading_new (guint  n_values,
                gint64 mono_usec,
                gint64 wall_usec)
{
  HsReading *self = g_new0 (HsReading, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->mono_usec = mono_usec;
  self->wall_usec = wall_usec;
  self->n_values = n_values;
  self->values = g_new0 (double, MAX (n_values, 1));
  self->status = g_new (HsReadingStatus, MAX (n_values, 1));
  for (guint i = 0; i < n_values; i++)
    self->status[i] = HS_READING_NOT_MEASURED;
  return self;
}

HsReading *
hs_reading_ref (HsReading *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
hs_reading_unref (HsReading *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_free (self->values);
  g_free (self->status);
  g_free (self);
}

gint64
hs_reading_get_mono_usec (const HsReading *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->mono_usec;
}

gint64
hs_reading_get_wall_usec (const HsReading *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->wall_usec;
}

guint
hs_reading_get_n_values (const HsReading *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_values;
}

gboolean
hs_reading_get_value (const HsReading *self,
                      guint            index,
                      double          *out_value)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (index < self->n_values, FALSE);

  if (self->status[index] != HS_READING_VALID)
    return FALSE;
  if (out_value != NULL)
    *out_value = self->values[index];
  return TRUE;
}

HsReadingStatus
hs_reading_get_status (const HsReading *self,
                       guint            index)
{
  g_return_val_if_fail (self != NULL, HS_READING_NOT_MEASURED);
  g_return_val_if_fail (index < self->n_values, HS_READING_NOT_MEASURED);
  return self->status[index];
}

void
hs_reading_set_value (HsReading *self,
                      guint      index,
                      double     value)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (index < self->n_values);

  self->values[index] = value;
  self->status[index] = HS_READING_VALID;
}

void
hs_reading_set_missing (HsReading       *self,
                        guint            index,
                        HsReadingStatus  why)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (index < self->n_values);
  g_return_if_fail (why != HS_READING_VALID);

  self->values[index] = 0;
  self->status[index] = why;
}
