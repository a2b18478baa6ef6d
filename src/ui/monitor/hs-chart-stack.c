/* hs-chart-stack.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-chart-stack"

#include "config.h"

#include <glib/gi18n.h>

#include "hs-chart-stack.h"
#include "hs-go-rss-history.h"
#include "hs-go-source.h"
#include "hs-line-layer.h"
#include "hs-mark-layer.h"
#include "hs-stacked-layer.h"
#include "hs-trend-layer.h"
#include "hs-verdict-bar.h"

/**
 * HsChartStack:
 *
 * The monitor view's charts of one session, all on one timeline: one per
 * unit in the order the metric list's units first appear (lines on one
 * scale can be compared), one per Go group ("Go heap", "Goroutines", …)
 * and one for picked metrics, "Where is my RSS?" for a process with a
 * Go source; every mark of the session on every chart, and each
 * verdict's fitted line on the chart of its metric. Rebuilt when the
 * session's list (or what is picked) changes.
 */

struct _HsChartStack
{
  GtkWidget       parent_instance;

  /* Template widgets */
  GtkBox         *box;

  /* Owned */
  HsSession      *session;
  HsVerdicts     *verdicts;
  HsTimeline     *timeline;
  GPtrArray      *charts;        /* of HsChart (borrowed: children of box) */
  GHashTable     *trend_layers;  /* metric id → HsTrendLayer on its chart */
  HsGoRssHistory *rss_history;   /* kept across rebuilds */
  GtkLabel       *rss_note;      /* below its chart; borrowed */
};

G_DEFINE_FINAL_TYPE (HsChartStack, hs_chart_stack, GTK_TYPE_WIDGET)

GtkWidget *
hs_chart_stack_new (void)
{
  return g_object_new (HS_TYPE_CHART_STACK, NULL);
}

guint
hs_chart_stack_get_n_charts (HsChartStack *self)
{
  g_return_val_if_fail (HS_IS_CHART_STACK (self), 0);

  return self->charts->len;
}

/* Returns: (transfer none) (nullable) */
HsChart *
hs_chart_stack_get_chart (HsChartStack *self,
                          guint         index)
{
  g_return_val_if_fail (HS_IS_CHART_STACK (self), NULL);

  return index < self->charts->len ? g_ptr_array_index (self->charts, index) : NULL;
}

/* What "Where is my RSS?" says below its chart, "" without the chart. */
const char *
hs_chart_stack_get_rss_note (HsChartStack *self)
{
  g_return_val_if_fail (HS_IS_CHART_STACK (self), NULL);

  return self->rss_note != NULL ? gtk_label_get_text (self->rss_note) : "";
}

static void
clear_charts (HsChartStack *self)
{
  for (guint i = 0; i < self->charts->len; i++)
    gtk_box_remove (self->box, g_ptr_array_index (self->charts, i));
  g_ptr_array_set_size (self->charts, 0);
  g_hash_table_remove_all (self->trend_layers);
  if (self->rss_note != NULL)
    gtk_box_remove (self->box, GTK_WIDGET (self->rss_note));
  self->rss_note = NULL;
}

static const char *
chart_title (HsUnit     unit,
             GPtrArray *labels)
{
  if (labels->len == 1)
    return g_ptr_array_index (labels, 0);

  switch (unit)
    {
    case HS_UNIT_BYTES:            return _("Memory");
    case HS_UNIT_BYTES_PER_SECOND: return _("Rates");
    case HS_UNIT_SECONDS:          return _("Times");
    case HS_UNIT_PERCENT:          return _("Shares");
    case HS_UNIT_COUNT:
    default:                       return NULL;
    }
}

static void
on_rss_split (HsChartStack *self)
{
  if (self->rss_note != NULL)
    gtk_label_set_text (self->rss_note, hs_go_rss_history_get_note (self->rss_history));
  hs_timeline_data_changed (self->timeline);
}

/* "Where is my RSS?": a process with a Go source only. Its history is
 * kept across rebuilds. */
static void
build_rss_chart (HsChartStack *self)
{
  HsSessionMetric *rss = hs_session_find_metric (self->session, "rss");
  HsChartLayer *stacked;
  HsChart *chart;
  GtkWidget *note;
  g_autoptr(GString) tooltip = g_string_new (NULL);

  if (hs_session_get_pid (self->session) <= 0 || hs_session_get_go_source (self->session) == NULL ||
      rss == NULL)
    return;

  if (self->rss_history == NULL)
    {
      self->rss_history = hs_go_rss_history_new (self->session);
      g_signal_connect_object (self->rss_history, "split", G_CALLBACK (on_rss_split), self,
                               G_CONNECT_SWAPPED);
    }

  chart = HS_CHART (hs_chart_new (_("Where is my RSS?"), HS_CHART_UNIT_BYTES));
  hs_chart_set_timeline (chart, self->timeline);
  gtk_widget_set_size_request (GTK_WIDGET (chart), -1, 220);
  stacked = hs_stacked_layer_new ();
  for (guint p = 0; p < HS_GO_RSS_N_PARTS; p++)
    {
      hs_stacked_layer_add_series (HS_STACKED_LAYER (stacked),
                                   hs_go_rss_history_get_series (self->rss_history, p),
                                   hs_go_rss_part_get_label (p), p);
      if (tooltip->len > 0)
        g_string_append_c (tooltip, '\n');
      g_string_append_printf (tooltip, _("%s: %s"), hs_go_rss_part_get_label (p),
                              hs_go_rss_part_get_explanation (p));
    }
  hs_stacked_layer_add_series (HS_STACKED_LAYER (stacked),
                               hs_go_rss_history_get_series (self->rss_history, HS_GO_RSS_N_PARTS),
                               _("Open range"), HS_GO_RSS_N_PARTS);
  hs_chart_add_layer (chart, stacked);
  g_object_unref (stacked);
  /* The whole, drawn over its parts. */
  hs_chart_add_series (chart, hs_metric_get_label (hs_session_metric_get_metric (rss)),
                       hs_session_metric_get_series (rss));
  gtk_widget_set_tooltip_text (GTK_WIDGET (chart), tooltip->str);
  gtk_box_append (self->box, GTK_WIDGET (chart));
  g_ptr_array_add (self->charts, chart);

  note = gtk_label_new (_("Waiting for a memory-map reading…"));
  gtk_label_set_wrap (GTK_LABEL (note), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (note), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (note), 0);
  gtk_widget_set_margin_start (note, 12);
  gtk_widget_set_margin_end (note, 12);
  gtk_widget_add_css_class (note, "dim-label");
  gtk_widget_add_css_class (note, "caption");
  gtk_box_append (self->box, note);
  self->rss_note = GTK_LABEL (note);
}

/* Go figures get charts of their own, each answering one question (is the
 * heap growing, are goroutines piling up, does the GC keep up), on the
 * timeline RSS is on: "RSS grows but the heap is flat" is then read by
 * looking down one column. A group holds metrics of one unit. */
static const struct
{
  const char *id;
  const char *group;
} chart_groups[] = {
  { "go_heap_alloc", N_("Go heap") },
  { "go_heap_inuse", N_("Go heap") },
  { "go_heap_idle", N_("Go heap") },
  { "go_heap_released", N_("Go heap") },
  { "go_next_gc", N_("Go heap") },
  { "go_goroutines", N_("Goroutines") },
  { "go_gc_pause_max", N_("GC pauses") },
  { "go_num_gc", N_("GC count") },
};

/* Header figures only. Reserved address space dwarfs every resident
 * figure; the Go runtime's other memstats are parts of "Where is my
 * RSS?", and charted one by one they would bury the heap. */
static const char *not_charted[] = {
  "vsz", "go_heap_objects", "go_heap_sys", "go_stack_inuse", "go_stack_sys",
  "go_mspan_inuse", "go_mcache_inuse", "go_buck_hash_sys", "go_gc_sys",
  "go_other_sys", "go_sys", "go_gc_pause_total", "go_gc_cpu", "go_threads",
};

static const char *
metric_chart_group (HsMetric *metric)
{
  for (guint k = 0; k < G_N_ELEMENTS (chart_groups); k++)
    if (g_strcmp0 (hs_metric_get_id (metric), chart_groups[k].id) == 0)
      return chart_groups[k].group;

  return NULL;
}

/* Of a Go source's metrics, the view shows its charted groups and, for a
 * service watched without its process, the RSS /metrics reports (the only
 * RSS there is). The other memstats are in "Where is my RSS?", and the
 * program's own expvars and /metrics samples would bury the runtime's:
 * they are charted when the user picks them ("Add Metric…"). */
/**
 * hs_chart_stack_shows_metric:
 *
 * Whether the monitor view shows @item of @session: its header figures
 * and its charts show the same metrics.
 */
gboolean
hs_chart_stack_shows_metric (HsSession       *session,
                             HsSessionMetric *item)
{
  HsMetric *metric = hs_session_metric_get_metric (item);

  if (!HS_IS_GO_SOURCE (hs_session_metric_get_source (item)))
    return TRUE;
  if (hs_session_metric_get_index (item) >= HS_GO_N_STANDARD_METRICS)
    return hs_session_metric_get_picked (item);
  if (hs_session_metric_get_index (item) == HS_GO_M_PROCESS_RSS)
    return hs_session_get_pid (session) <= 0;

  return metric_chart_group (metric) != NULL;
}

typedef struct
{
  const char *group;           /* untranslated; NULL: grouped by unit */
  HsUnit      unit;
  GPtrArray  *labels;          /* of const char * (the metrics') */
  GString    *tooltip;
} ChartInfo;

static void
chart_info_clear (gpointer data)
{
  ChartInfo *info = data;

  g_ptr_array_unref (info->labels);
  g_string_free (info->tooltip, TRUE);
}

/* One chart per unit, in the order the units first appear in the list
 * (lines on one scale can be compared), and one per Go group. */
/* Each mark of the session (a capture, ...) is a line on every chart. */
static void
add_marks_to_charts (HsChartStack  *self,
                     guint          first,
                     guint          n)
{
  GListModel *marks = hs_session_get_marks (self->session);

  for (guint i = first; i < first + n; i++)
    {
      g_autoptr(HsSessionMark) mark = g_list_model_get_item (marks, i);

      for (guint c = 0; c < self->charts->len; c++)
        {
          g_autoptr(HsChartLayer) layer = hs_mark_layer_new (hs_session_mark_get_time (mark),
                                                             hs_session_mark_get_label (mark), 2);

          /* Three label lines in turn: marks minutes apart rarely collide
           * on one line, seconds apart always would. */
          hs_mark_layer_set_row (HS_MARK_LAYER (layer), i % 3);

          hs_chart_add_layer (g_ptr_array_index (self->charts, c), layer);
        }
    }
}

static void
on_marks_changed (HsChartStack  *self,
                  guint          position,
                  guint          removed,
                  guint          added,
                  GListModel    *marks)
{
  /* Marks are only ever appended. */
  add_marks_to_charts (self, position, added);
}

static void
build_charts (HsChartStack *self)
{
  GListModel *model = G_LIST_MODEL (self->session);
  g_autoptr(GArray) infos = g_array_new (FALSE, FALSE, sizeof (ChartInfo));

  g_array_set_clear_func (infos, chart_info_clear);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(HsSessionMetric) item = g_list_model_get_item (model, i);
      HsMetric *metric = hs_session_metric_get_metric (item);
      HsUnit unit = hs_metric_get_unit (metric);
      const char *group = metric_chart_group (metric);
      HsChart *chart = NULL;
      ChartInfo *info = NULL;
      gboolean charted = TRUE;

      for (guint k = 0; k < G_N_ELEMENTS (not_charted); k++)
        charted &= g_strcmp0 (hs_metric_get_id (metric), not_charted[k]) != 0;
      if (!charted || !hs_chart_stack_shows_metric (self->session, item))
        continue;
      /* Picked ones apart from the process's counts, one chart per unit. */
      if (group == NULL && hs_session_metric_get_picked (item))
        group = N_("Picked metrics");

      for (guint c = 0; c < infos->len && chart == NULL; c++)
        {
          ChartInfo *candidate = &g_array_index (infos, ChartInfo, c);

          if (candidate->unit == unit && g_strcmp0 (candidate->group, group) == 0)
            {
              chart = g_ptr_array_index (self->charts, c);
              info = candidate;
            }
        }

      if (chart == NULL)
        {
          ChartInfo new_info = { group, unit, g_ptr_array_new (), g_string_new (NULL) };

          chart = HS_CHART (hs_chart_new (NULL, hs_chart_unit_for_metric_unit (unit)));
          hs_chart_set_timeline (chart, self->timeline);
          /* The first chart (memory, for a process) gets the room. */
          gtk_widget_set_size_request (GTK_WIDGET (chart), -1, self->charts->len == 0 ? 220 : 130);
          gtk_widget_set_vexpand (GTK_WIDGET (chart), self->charts->len == 0);
          gtk_box_append (self->box, GTK_WIDGET (chart));
          g_ptr_array_add (self->charts, chart);
          g_array_append_val (infos, new_info);
          info = &g_array_index (infos, ChartInfo, infos->len - 1);
        }

      g_ptr_array_add (info->labels, (gpointer) hs_metric_get_label (metric));
      if (info->tooltip->len > 0)
        g_string_append_c (info->tooltip, '\n');
      /* Translators: a chart's tooltip line, "RSS: Resident memory…" */
      g_string_append_printf (info->tooltip, _("%s: %s"), hs_metric_get_label (metric),
                              hs_metric_get_explanation (metric));
      hs_chart_add_series (chart, hs_metric_get_label (metric), hs_session_metric_get_series (item));
    }

  for (guint c = 0; c < self->charts->len; c++)
    {
      ChartInfo *info = &g_array_index (infos, ChartInfo, c);
      const char *title = info->group != NULL ? _(info->group) : chart_title (info->unit, info->labels);
      g_autofree char *joined = NULL;

      if (title == NULL)
        {
          g_ptr_array_add (info->labels, NULL);
          /* Translators: between metric names in a chart title, "Threads, Open files" */
          joined = g_strjoinv (_(", "), (char **) info->labels->pdata);
          title = joined;
        }
      hs_chart_set_title (g_ptr_array_index (self->charts, c), title);
      /* What each line measures exactly: tools disagree because they
       * measure different things. */
      gtk_widget_set_tooltip_text (g_ptr_array_index (self->charts, c), info->tooltip->str);
    }

  build_rss_chart (self);
  add_marks_to_charts (self, 0, g_list_model_get_n_items (hs_session_get_marks (self->session)));
}


static HsChart *
find_chart_of_series (HsChartStack  *self,
                      HsSeries      *series)
{
  for (guint c = 0; c < self->charts->len; c++)
    {
      HsChart *chart = g_ptr_array_index (self->charts, c);

      for (guint l = 0; l < hs_chart_get_n_layers (chart); l++)
        {
          HsChartLayer *layer = hs_chart_get_layer (chart, l);

          if (HS_IS_LINE_LAYER (layer) && hs_line_layer_get_series (HS_LINE_LAYER (layer)) == series)
            return chart;
        }
    }

  return NULL;
}

/* Each verdict's fitted line on the chart of its metric, over the window
 * it was fitted on, in its state's colour. */
static void
update_trends (HsChartStack *self)
{
  if (self->verdicts == NULL)
    return;

  for (guint i = 0; i < hs_verdicts_get_n_verdicts (self->verdicts); i++)
    {
      const HsVerdict *verdict = hs_verdicts_get_verdict (self->verdicts, i);
      const char *id = hs_session_metric_get_id (verdict->metric);
      HsChartLayer *layer = g_hash_table_lookup (self->trend_layers, id);
      gint64 t0, t1;
      double v0, v1;

      if (!hs_verdict_get_fit (verdict, &t0, &v0, &t1, &v1))
        continue;
      if (layer == NULL)
        {
          HsChart *chart = find_chart_of_series (self, hs_session_metric_get_series (verdict->metric));
          g_autofree char *label = NULL;

          if (chart == NULL)
            continue;
          /* Translators: the legend of a fitted trend line, "RSS trend" */
          label = g_strdup_printf (_("%s trend"), hs_metric_get_label (verdict->shown));
          layer = hs_trend_layer_new (label, hs_verdict_bar_state_color (verdict->result.state));
          hs_chart_add_layer (chart, layer);
          g_hash_table_insert (self->trend_layers, g_strdup (id), layer);
        }
      hs_chart_layer_set_color (layer, hs_verdict_bar_state_color (verdict->result.state));
      hs_trend_layer_set_segment (HS_TREND_LAYER (layer), t0, v0, t1, v1);
    }
}

/* The session's verdicts, as the bar shows them; NULL without a session. */

static void
on_reading (HsChartStack *self)
{
  if (self->rss_note != NULL)
    hs_go_rss_history_update (self->rss_history);
}

/* The session's list (or what is picked) changed. */
void
hs_chart_stack_rebuild (HsChartStack *self)
{
  g_return_if_fail (HS_IS_CHART_STACK (self));

  clear_charts (self);
  if (self->session != NULL)
    build_charts (self);
}

/**
 * hs_chart_stack_set_session:
 * @session: (nullable)
 * @verdicts: (nullable): @session's, drawn as trend lines
 *
 * Charts @session on @timeline; NULL removes every chart.
 */
void
hs_chart_stack_set_session (HsChartStack *self,
                            HsSession    *session,
                            HsVerdicts   *verdicts,
                            HsTimeline   *timeline)
{
  g_return_if_fail (HS_IS_CHART_STACK (self));
  g_return_if_fail (session == NULL || HS_IS_SESSION (session));
  g_return_if_fail (session == NULL || HS_IS_VERDICTS (verdicts));
  g_return_if_fail (session == NULL || HS_IS_TIMELINE (timeline));

  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->session, self);
      g_signal_handlers_disconnect_by_data (hs_session_get_marks (self->session), self);
    }
  if (self->verdicts != NULL)
    g_signal_handlers_disconnect_by_data (self->verdicts, self);
  if (self->rss_history != NULL)
    g_signal_handlers_disconnect_by_data (self->rss_history, self);
  g_clear_object (&self->rss_history);
  clear_charts (self);
  g_set_object (&self->session, session);
  /* Nothing of a previous session is kept. */
  g_set_object (&self->verdicts, (session != NULL ? verdicts : NULL));
  g_set_object (&self->timeline, (session != NULL ? timeline : NULL));
  if (session == NULL)
    return;

  build_charts (self);
  g_signal_connect_object (verdicts, "changed", G_CALLBACK (update_trends), self, G_CONNECT_SWAPPED);
  update_trends (self);
  g_signal_connect_object (session, "reading", G_CALLBACK (on_reading), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (hs_session_get_marks (session), "items-changed",
                           G_CALLBACK (on_marks_changed), self, G_CONNECT_SWAPPED);
}

static void
hs_chart_stack_dispose (GObject *object)
{
  HsChartStack *self = (HsChartStack *) object;

  if (self->box != NULL)
    hs_chart_stack_set_session (self, NULL, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), HS_TYPE_CHART_STACK);

  G_OBJECT_CLASS (hs_chart_stack_parent_class)->dispose (object);
}

static void
hs_chart_stack_finalize (GObject *object)
{
  HsChartStack *self = (HsChartStack *) object;

  g_clear_pointer (&self->charts, g_ptr_array_unref);
  g_clear_pointer (&self->trend_layers, g_hash_table_unref);

  G_OBJECT_CLASS (hs_chart_stack_parent_class)->finalize (object);
}

static void
hs_chart_stack_class_init (HsChartStackClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hs_chart_stack_dispose;
  object_class->finalize = hs_chart_stack_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/heapscope/Heapscope/monitor/hs-chart-stack.ui");
  gtk_widget_class_bind_template_child (widget_class, HsChartStack, box);
}

static void
hs_chart_stack_init (HsChartStack *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->charts = g_ptr_array_new ();
  self->trend_layers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}
