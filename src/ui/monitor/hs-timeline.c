/* hs-timeline.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-timeline"

#include "config.h"

#include "hs-timeline.h"

/**
 * HsTimeline:
 *
 * The time window of one session's charts: how wide it is (the span, 0
 * for the whole history), whether it follows the live edge or stays where
 * the user scrolled or zoomed to (the end time), and a selected range.
 * Every chart of a session shows the same timeline, so zooming one zooms
 * all of them, without bindings from chart to chart.
 *
 * The timeline knows the series it spans so that it can find the live
 * edge (the newest point of any of them) whenever it is asked. Times are
 * wall-clock microseconds, as in the series.
 */
struct _HsTimeline
{
  GObject    parent_instance;

  /* Owned: HsSeries, one entry per add (the same series may be added by
   * several charts) */
  GPtrArray *series;

  gint64     span;
  gint64     end_time;
  gint64     selection_begin;
  gint64     selection_end;
  gboolean   following;
};

G_DEFINE_FINAL_TYPE (HsTimeline, hs_timeline, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SPAN,
  PROP_FOLLOWING,
  PROP_END_TIME,
  PROP_SELECTION_BEGIN,
  PROP_SELECTION_END,
  N_PROPS
};

enum {
  DATA_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

HsTimeline *
hs_timeline_new (void)
{
  return g_object_new (HS_TYPE_TIMELINE, NULL);
}

/**
 * hs_timeline_add_series:
 * @series: kept alive until removed
 *
 * Makes @series count for the live edge and the start of history.
 */
void
hs_timeline_add_series (HsTimeline *self,
                        HsSeries   *series)
{
  g_return_if_fail (HS_IS_TIMELINE (self));
  g_return_if_fail (series != NULL);

  g_ptr_array_add (self->series, hs_series_ref (series));
  hs_timeline_data_changed (self);
}

/* Removes one entry for @series, as added by one caller. */
void
hs_timeline_remove_series (HsTimeline *self,
                           HsSeries   *series)
{
  g_return_if_fail (HS_IS_TIMELINE (self));

  if (g_ptr_array_remove (self->series, series))
    hs_timeline_data_changed (self);
}

/**
 * hs_timeline_data_changed:
 *
 * Says that the series gained points: charts showing the timeline redraw
 * (the series are plain data and do not signal).
 */
void
hs_timeline_data_changed (HsTimeline *self)
{
  g_return_if_fail (HS_IS_TIMELINE (self));

  g_signal_emit (self, signals[DATA_CHANGED], 0);
}

/**
 * hs_timeline_get_data_range:
 *
 * Returns: FALSE while no series holds a point
 */
gboolean
hs_timeline_get_data_range (HsTimeline *self,
                            gint64     *first,
                            gint64     *last)
{
  gint64 f = G_MAXINT64, l = G_MININT64;
  gboolean any = FALSE;

  g_return_val_if_fail (HS_IS_TIMELINE (self), FALSE);

  for (guint i = 0; i < self->series->len; i++)
    {
      gint64 a, b;

      if (!hs_series_get_time_range (g_ptr_array_index (self->series, i), &a, &b))
        continue;
      f = MIN (f, a);
      l = MAX (l, b);
      any = TRUE;
    }

  if (first != NULL)
    *first = any ? f : 0;
  if (last != NULL)
    *last = any ? l : 0;

  return any;
}

gint64
hs_timeline_get_span (HsTimeline *self)
{
  g_return_val_if_fail (HS_IS_TIMELINE (self), 0);

  return self->span;
}

/**
 * hs_timeline_set_span:
 * @span_usec: the visible window, or 0 for the whole history; at least
 *   %HS_TIMELINE_MIN_SPAN otherwise
 */
void
hs_timeline_set_span (HsTimeline *self,
                      gint64      span_usec)
{
  g_return_if_fail (HS_IS_TIMELINE (self));

  span_usec = MAX (span_usec, 0);
  if (span_usec != 0)
    span_usec = MAX (span_usec, HS_TIMELINE_MIN_SPAN);
  if (self->span == span_usec)
    return;

  self->span = span_usec;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPAN]);
}

gboolean
hs_timeline_get_following (HsTimeline *self)
{
  g_return_val_if_fail (HS_IS_TIMELINE (self), FALSE);

  return self->following;
}

void
hs_timeline_set_following (HsTimeline *self,
                           gboolean    following)
{
  g_return_if_fail (HS_IS_TIMELINE (self));

  following = !!following;
  if (self->following == following)
    return;

  self->following = following;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLLOWING]);
}

gint64
hs_timeline_get_end_time (HsTimeline *self)
{
  g_return_val_if_fail (HS_IS_TIMELINE (self), 0);

  return self->end_time;
}

void
hs_timeline_set_end_time (HsTimeline *self,
                          gint64      end_time)
{
  g_return_if_fail (HS_IS_TIMELINE (self));

  if (self->end_time == end_time)
    return;

  self->end_time = end_time;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_END_TIME]);
}

/**
 * hs_timeline_get_visible_range:
 *
 * The window shown now: ending at the live edge when following, else
 * where the user scrolled or zoomed to.
 *
 * Returns: FALSE while no series holds a point
 */
gboolean
hs_timeline_get_visible_range (HsTimeline *self,
                               gint64     *begin,
                               gint64     *end)
{
  gint64 first, last, b, e;

  g_return_val_if_fail (HS_IS_TIMELINE (self), FALSE);

  if (!hs_timeline_get_data_range (self, &first, &last))
    return FALSE;

  e = (self->following || self->end_time == 0) ? last : self->end_time;
  if (self->span == 0)
    b = MIN (first, e - HS_TIMELINE_MIN_SPAN);
  else
    b = e - self->span;

  if (begin != NULL)
    *begin = b;
  if (end != NULL)
    *end = e;

  return TRUE;
}

/**
 * hs_timeline_show_range:
 *
 * Shows [@begin, @end] (a zoom) and stops following the live edge.
 */
void
hs_timeline_show_range (HsTimeline *self,
                        gint64      begin,
                        gint64      end)
{
  g_return_if_fail (HS_IS_TIMELINE (self));

  g_object_freeze_notify (G_OBJECT (self));
  hs_timeline_set_following (self, FALSE);
  hs_timeline_set_span (self, MAX (end - begin, HS_TIMELINE_MIN_SPAN));
  hs_timeline_set_end_time (self, begin + self->span);
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * hs_timeline_scroll_by:
 * @fraction: how far to move, in visible widths; negative goes back in time
 *
 * Moving back leaves the live edge; reaching it again follows it again.
 */
void
hs_timeline_scroll_by (HsTimeline *self,
                       double      fraction)
{
  gint64 begin, end, first, last, new_end;

  g_return_if_fail (HS_IS_TIMELINE (self));

  if (!hs_timeline_get_visible_range (self, &begin, &end) ||
      !hs_timeline_get_data_range (self, &first, &last))
    return;

  g_object_freeze_notify (G_OBJECT (self));

  /* "All" has no fixed width to scroll by: pin the current one. */
  if (self->span == 0)
    hs_timeline_set_span (self, end - begin);

  new_end = end + (gint64) (fraction * (double) (end - begin));
  new_end = MAX (new_end, first + HS_TIMELINE_MIN_SPAN);

  if (new_end >= last)
    {
      hs_timeline_set_end_time (self, last);
      hs_timeline_set_following (self, TRUE);
    }
  else
    {
      hs_timeline_set_following (self, FALSE);
      hs_timeline_set_end_time (self, new_end);
    }

  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * hs_timeline_get_selection:
 *
 * Returns: FALSE when nothing is selected
 */
gboolean
hs_timeline_get_selection (HsTimeline *self,
                           gint64     *begin,
                           gint64     *end)
{
  g_return_val_if_fail (HS_IS_TIMELINE (self), FALSE);

  if (begin != NULL)
    *begin = self->selection_begin;
  if (end != NULL)
    *end = self->selection_end;

  return self->selection_end > self->selection_begin;
}

void
hs_timeline_set_selection (HsTimeline *self,
                           gint64      begin,
                           gint64      end)
{
  g_return_if_fail (HS_IS_TIMELINE (self));

  if (end < begin)
    {
      gint64 t = begin;
      begin = end;
      end = t;
    }

  g_object_freeze_notify (G_OBJECT (self));
  if (self->selection_begin != begin)
    {
      self->selection_begin = begin;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTION_BEGIN]);
    }
  if (self->selection_end != end)
    {
      self->selection_end = end;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTION_END]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

void
hs_timeline_clear_selection (HsTimeline *self)
{
  hs_timeline_set_selection (self, 0, 0);
}

static void
hs_timeline_finalize (GObject *object)
{
  HsTimeline *self = (HsTimeline *) object;

  g_clear_pointer (&self->series, g_ptr_array_unref);

  G_OBJECT_CLASS (hs_timeline_parent_class)->finalize (object);
}

static void
hs_timeline_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  HsTimeline *self = HS_TIMELINE (object);

  switch (prop_id)
    {
    case PROP_SPAN:
      g_value_set_int64 (value, self->span);
      break;
    case PROP_FOLLOWING:
      g_value_set_boolean (value, self->following);
      break;
    case PROP_END_TIME:
      g_value_set_int64 (value, self->end_time);
      break;
    case PROP_SELECTION_BEGIN:
      g_value_set_int64 (value, self->selection_begin);
      break;
    case PROP_SELECTION_END:
      g_value_set_int64 (value, self->selection_end);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hs_timeline_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  HsTimeline *self = HS_TIMELINE (object);

  switch (prop_id)
    {
    case PROP_SPAN:
      hs_timeline_set_span (self, g_value_get_int64 (value));
      break;
    case PROP_FOLLOWING:
      hs_timeline_set_following (self, g_value_get_boolean (value));
      break;
    case PROP_END_TIME:
      hs_timeline_set_end_time (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hs_timeline_class_init (HsTimelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hs_timeline_finalize;
  object_class->get_property = hs_timeline_get_property;
  object_class->set_property = hs_timeline_set_property;

  properties[PROP_SPAN] =
    g_param_spec_int64 ("span", NULL, NULL, 0, G_MAXINT64, 60 * G_USEC_PER_SEC,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FOLLOWING] =
    g_param_spec_boolean ("following", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_END_TIME] =
    g_param_spec_int64 ("end-time", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTION_BEGIN] =
    g_param_spec_int64 ("selection-begin", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTION_END] =
    g_param_spec_int64 ("selection-end", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * HsTimeline::data-changed:
   *
   * The series gained or lost points: charts redraw.
   */
  signals[DATA_CHANGED] =
    g_signal_new ("data-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
hs_timeline_init (HsTimeline *self)
{
  self->series = g_ptr_array_new_with_free_func ((GDestroyNotify) hs_series_unref);
  self->span = 60 * G_USEC_PER_SEC;
  self->following = TRUE;
}
