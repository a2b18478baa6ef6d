/* hs-go-rss-history.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-go-rss-history"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "hs-go-rss-history.h"
#include "hs-go-source.h"

struct _HsGoRssHistory
{
  GObject       parent_instance;

  /* Owned */
  HsSession    *session;
  HsSeries     *parts[HS_GO_RSS_N_PARTS + 1];
  GCancellable *cancellable;
  char         *note;

  gint64        last_usec;   /* monotonic, of the last smaps reading */
  gboolean      reading;
};

G_DEFINE_FINAL_TYPE (HsGoRssHistory, hs_go_rss_history, G_TYPE_OBJECT)

enum {
  SPLIT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

HsGoRssHistory *
hs_go_rss_history_new (HsSession *session)
{
  HsGoRssHistory *self;

  g_return_val_if_fail (HS_IS_SESSION (session), NULL);

  self = g_object_new (HS_TYPE_GO_RSS_HISTORY, NULL);
  self->session = g_object_ref (session);
  for (guint p = 0; p <= HS_GO_RSS_N_PARTS; p++)
    self->parts[p] = hs_series_new (hs_session_get_capacity (session));
  return self;
}

HsSeries *
hs_go_rss_history_get_series (HsGoRssHistory *self,
                              guint           part)
{
  g_return_val_if_fail (HS_IS_GO_RSS_HISTORY (self), NULL);
  g_return_val_if_fail (part <= HS_GO_RSS_N_PARTS, NULL);

  return self->parts[part];
}

const char *
hs_go_rss_history_get_note (HsGoRssHistory *self)
{
  g_return_val_if_fail (HS_IS_GO_RSS_HISTORY (self), NULL);

  return self->note;
}

static void
read_smaps_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  HsGoSmapsTotals *totals = g_new0 (HsGoSmapsTotals, 1);
  GError *error = NULL;

  if (!hs_go_smaps_totals_read (GPOINTER_TO_INT (task_data), totals, &error))
    {
      g_free (totals);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, totals, g_free);
}

static void
set_note (HsGoRssHistory *self,
          char           *note)
{
  g_free (self->note);
  self->note = note;
  g_signal_emit (self, signals[SPLIT], 0);
}

static void
on_smaps_read (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  HsGoRssHistory *self = HS_GO_RSS_HISTORY (object);
  g_autofree HsGoSmapsTotals *totals = NULL;
  g_autoptr(GError) error = NULL;
  HsGoRssSplit split = { 0 };
  HsGoSource *source;
  const HsGoExpvar *expvar;
  gint64 now = g_get_real_time ();
  double uncertain = 0;

  totals = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->reading = FALSE;
  source = hs_session_get_go_source (self->session);
  /* The expvar page of the reading that asked for this smaps reading (or
   * the one after it): the two are taken together, within an interval. */
  expvar = source != NULL ? hs_go_source_get_last_expvar (source) : NULL;

  if (totals == NULL || expvar == NULL || !hs_go_rss_split (expvar, totals, &split, &error))
    {
      if (error != NULL)
        set_note (self, g_strdup_printf (_("RSS cannot be split: %s"), error->message));
      else
        set_note (self, g_strdup (_("RSS cannot be split: the Go endpoint serves no /debug/vars page")));
      return;
    }

  for (guint p = 0; p < HS_GO_RSS_N_PARTS; p++)
    {
      hs_series_append (self->parts[p], now, (double) split.parts[p].low);
      uncertain += (double) (split.parts[p].high - split.parts[p].low);
    }
  hs_series_append (self->parts[HS_GO_RSS_N_PARTS], now, uncertain);

  {
    GString *note = g_string_new (
      _("Each part is stacked at its low bound; the grey band on top, “Open range”, is how much the figures leave open."));

    if (split.notes != NULL)
      {
        g_string_append_c (note, '\n');
        g_string_append (note, split.notes);
      }
    hs_go_rss_split_clear (&split);
    set_note (self, g_string_free (note, FALSE));
  }
}

/**
 * hs_go_rss_history_update:
 *
 * After a reading of the session: reads smaps in a thread when the last
 * reading is an interval old, none is in flight and the session runs a
 * process with a Go source.
 */
void
hs_go_rss_history_update (HsGoRssHistory *self)
{
  g_autoptr(GTask) task = NULL;
  gint64 now = g_get_monotonic_time ();
  int pid;

  g_return_if_fail (HS_IS_GO_RSS_HISTORY (self));

  if (self->reading || hs_session_get_go_source (self->session) == NULL ||
      now - self->last_usec < HS_GO_RSS_HISTORY_INTERVAL_USEC)
    return;
  pid = hs_session_get_pid (self->session);
  if (pid <= 0 || hs_session_get_state (self->session) != HS_SESSION_RUNNING)
    return;

  self->last_usec = now;
  self->reading = TRUE;
  /* The task holds this until the thread is done; dispose cancels it. */
  task = g_task_new (self, self->cancellable, on_smaps_read, NULL);
  g_task_set_task_data (task, GINT_TO_POINTER (pid), NULL);
  g_task_run_in_thread (task, read_smaps_thread);
}

static void
hs_go_rss_history_dispose (GObject *object)
{
  HsGoRssHistory *self = (HsGoRssHistory *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (hs_go_rss_history_parent_class)->dispose (object);
}

static void
hs_go_rss_history_finalize (GObject *object)
{
  HsGoRssHistory *self = (HsGoRssHistory *) object;

  for (guint p = 0; p <= HS_GO_RSS_N_PARTS; p++)
    g_clear_pointer (&self->parts[p], hs_series_unref);
  g_clear_object (&self->cancellable);
  g_free (self->note);

  G_OBJECT_CLASS (hs_go_rss_history_parent_class)->finalize (object);
}

static void
hs_go_rss_history_class_init (HsGoRssHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hs_go_rss_history_dispose;
  object_class->finalize = hs_go_rss_history_finalize;

  signals[SPLIT] = g_signal_new ("split", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
hs_go_rss_history_init (HsGoRssHistory *self)
{
  self->cancellable = g_cancellable_new ();
}
