/* hs-metric-values.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-metric-values"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "hs-chart-axis.h"
#include "hs-metric-values.h"
#include "hs-units.h"

/**
 * HsMetricValues:
 *
 * The monitor view's header figures: for each metric added, its value at
 * the live edge (or at the charts' right edge when the user looks back)
 * and its change over the visible window, saying over how long.
 */

/* One figure. */
typedef struct
{
  HsSessionMetric *metric;   /* owned */
  GtkLabel        *value;    /* borrowed */
  GtkLabel        *delta;
} Cell;

struct _HsMetricValues
{
  GtkWidget   parent_instance;

  /* Template widgets */
  GtkFlowBox *box;

  /* Owned */
  GArray     *cells;   /* of Cell */
};

G_DEFINE_FINAL_TYPE (HsMetricValues, hs_metric_values, GTK_TYPE_WIDGET)

GtkWidget *
hs_metric_values_new (void)
{
  return g_object_new (HS_TYPE_METRIC_VALUES, NULL);
}

static void
cell_clear (gpointer data)
{
  Cell *cell = data;

  g_clear_object (&cell->metric);
}

static Cell *
find_cell (HsMetricValues *self,
           const char     *id)
{
  for (guint i = 0; i < self->cells->len; i++)
    {
      Cell *cell = &g_array_index (self->cells, Cell, i);

      if (g_strcmp0 (hs_session_metric_get_id (cell->metric), id) == 0)
        return cell;
    }

  return NULL;
}

/* The value of metric @id as shown, "" if not shown. */
const char *
hs_metric_values_get_value_text (HsMetricValues *self,
                                 const char     *id)
{
  Cell *cell;

  g_return_val_if_fail (HS_IS_METRIC_VALUES (self), NULL);

  cell = find_cell (self, id);
  return cell != NULL ? gtk_label_get_text (cell->value) : "";
}

/* The change of metric @id as shown, "" if none. */
const char *
hs_metric_values_get_delta_text (HsMetricValues *self,
                                 const char     *id)
{
  Cell *cell;

  g_return_val_if_fail (HS_IS_METRIC_VALUES (self), NULL);

  cell = find_cell (self, id);
  return cell != NULL ? gtk_label_get_text (cell->delta) : "";
}

void
hs_metric_values_clear (HsMetricValues *self)
{
  GtkWidget *child;

  g_return_if_fail (HS_IS_METRIC_VALUES (self));

  while (self->box != NULL && (child = gtk_widget_get_first_child (GTK_WIDGET (self->box))) != NULL)
    gtk_flow_box_remove (self->box, child);
  g_array_set_size (self->cells, 0);
}

/* A figure for @metric, "—" until the next update. */
void
hs_metric_values_add (HsMetricValues  *self,
                      HsSessionMetric *item)
{
  HsMetric *metric;
  GtkWidget *box, *caption, *value, *delta;
  Cell cell;

  g_return_if_fail (HS_IS_METRIC_VALUES (self));
  g_return_if_fail (HS_IS_SESSION_METRIC (item));

  metric = hs_session_metric_get_metric (item);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  caption = gtk_label_new (hs_metric_get_label (metric));
  value = gtk_label_new ("—");
  delta = gtk_label_new ("");
  cell = (Cell) { g_object_ref (item), GTK_LABEL (value), GTK_LABEL (delta) };

  GtkWidget *labels[] = { caption, value, delta };

  for (guint k = 0; k < G_N_ELEMENTS (labels); k++)
    {
      gtk_label_set_xalign (GTK_LABEL (labels[k]), 0);
      gtk_box_append (GTK_BOX (box), labels[k]);
    }
  gtk_widget_add_css_class (caption, "caption");
  gtk_widget_add_css_class (caption, "dim-label");
  gtk_widget_add_css_class (value, "heading");
  gtk_widget_add_css_class (value, "numeric");
  gtk_widget_add_css_class (delta, "caption");
  gtk_widget_add_css_class (delta, "numeric");
  gtk_widget_set_tooltip_text (box, hs_metric_get_explanation (metric));

  gtk_flow_box_append (self->box, box);
  g_array_append_val (self->cells, cell);
}

static char *
format_delta (HsUnit unit,
              double value)
{
  g_autofree char *magnitude = hs_chart_axis_format_value (hs_chart_unit_for_metric_unit (unit), fabs (value));

  if (value == 0)
    return g_strconcat ("±", magnitude, NULL);

  return g_strconcat (value > 0 ? "+" : "−", magnitude, NULL);
}

/**
 * hs_metric_values_update:
 * @following: whether the charts follow the live edge
 * @have_range: whether @begin and @end are the visible window
 *
 * Each figure at the live edge when @following, else at @end; its change
 * over [@begin, @end].
 */
void
hs_metric_values_update (HsMetricValues *self,
                         gboolean        following,
                         gboolean        have_range,
                         gint64          begin,
                         gint64          end)
{
  g_return_if_fail (HS_IS_METRIC_VALUES (self));

  for (guint i = 0; i < self->cells->len; i++)
    {
      Cell *cell = &g_array_index (self->cells, Cell, i);
      HsSeries *series = hs_session_metric_get_series (cell->metric);
      HsUnit unit = hs_metric_get_unit (hs_session_metric_get_metric (cell->metric));
      g_autofree char *value_text = NULL;
      g_autofree char *delta_text = NULL;
      HsSeriesChange change;
      double value;
      gint64 t;

      if (!(following ? hs_series_get_last (series, &t, &value) :
                        have_range && hs_series_lookup (series, end, &t, &value)))
        {
          /* Never a zero standing in for "unknown". */
          gtk_label_set_text (cell->value, _("unavailable"));
          gtk_label_set_text (cell->delta, "");
          continue;
        }

      value_text = hs_chart_axis_format_value (hs_chart_unit_for_metric_unit (unit), value);
      if (have_range && hs_session_metric_get_change (cell->metric, begin, end, &change))
        {
          g_autofree char *amount = format_delta (unit, change.change);
          g_autofree char *span = hs_format_duration ((change.last_time_usec - change.first_time_usec) /
                                                      G_USEC_PER_SEC * G_USEC_PER_SEC);

          /* Translators: a change and the time it took, "+12 MiB in 5m" */
          delta_text = g_strdup_printf (_("%s in %s"), amount, span);
        }

      gtk_label_set_text (cell->value, value_text);
      gtk_label_set_text (cell->delta, delta_text ? delta_text : "");
    }
}

static void
hs_metric_values_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), HS_TYPE_METRIC_VALUES);

  G_OBJECT_CLASS (hs_metric_values_parent_class)->dispose (object);
}

static void
hs_metric_values_finalize (GObject *object)
{
  HsMetricValues *self = (HsMetricValues *) object;

  g_clear_pointer (&self->cells, g_array_unref);

  G_OBJECT_CLASS (hs_metric_values_parent_class)->finalize (object);
}

static void
hs_metric_values_class_init (HsMetricValuesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hs_metric_values_dispose;
  object_class->finalize = hs_metric_values_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/heapscope/Heapscope/monitor/hs-metric-values.ui");
  gtk_widget_class_bind_template_child (widget_class, HsMetricValues, box);
}

static void
hs_metric_values_init (HsMetricValues *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cells = g_array_new (FALSE, TRUE, sizeof (Cell));
  g_array_set_clear_func (self->cells, cell_clear);
}
