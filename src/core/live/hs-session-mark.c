/* hs-session-mark.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "hs-session-mark.h"

struct _HsSessionMark
{
  GObject  parent_instance;

  gint64   time;
  char    *label;
};

G_DEFINE_FINAL_TYPE (HsSessionMark, hs_session_mark, G_TYPE_OBJECT)

static void
hs_session_mark_finalize (GObject *object)
{
  HsSessionMark *self = HS_SESSION_MARK (object);

  g_free (self->label);

  G_OBJECT_CLASS (hs_session_mark_parent_class)->finalize (object);
}

static void
hs_session_mark_class_init (HsSessionMarkClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hs_session_mark_finalize;
}

static void
hs_session_mark_init (HsSessionMark *self)
{
}

HsSessionMark *
hs_session_mark_new (gint64      time,
                     const char *label)
{
  HsSessionMark *self = g_object_new (HS_TYPE_SESSION_MARK, NULL);

  self->time = time;
  self->label = g_strdup (label != NULL ? label : "");
  return self;
}

gint64
hs_session_mark_get_time (HsSessionMark *self)
{
  g_return_val_if_fail (HS_IS_SESSION_MARK (self), 0);

  return self->time;
}

const char *
hs_session_mark_get_label (HsSessionMark *self)
{
  g_return_val_if_fail (HS_IS_SESSION_MARK (self), NULL);

  return self->label;
}
