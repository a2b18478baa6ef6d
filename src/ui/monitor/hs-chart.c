/* hs-chart.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-chart"

#include "config.h"

#include <math.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "hs-band-layer.h"
#include "hs-chart.h"
#include "hs-line-layer.h"

#define PAD            8.0
#define LABEL_W        56.0
#define HEADER_H       26.0
#define FOOTER_H       20.0
#define TICK_GAP_Y     32.0
#define TICK_GAP_X     90.0
#define DRAG_THRESHOLD 4.0

/**
 * HsChart:
 *
 * A time chart: title, legend, value and time axes with units, grid and
 * the hover read-out. What is plotted comes from its layers
 * (#HsChartLayer), and the time window from an #HsTimeline that every
 * chart of a session shares. Layers are drawn last-added first, so the
 * first one (the legend's first entry, the main figure) stays on top.
 */
struct _HsChart
{
  GtkWidget     parent_instance;

  /* Owned */
  char         *title;
  GPtrArray    *layers;
  HsTimeline   *timeline;
  HsChartStyle *style;    /* NULL until drawn, dropped when the style changes */

  HsChartUnit   unit;
  guint         n_points;

  gboolean      hovering;
  double        hover_x;
  double        hover_y;

  gboolean      dragging;
  double        drag_x0;
  double        drag_x1;
};

G_DEFINE_FINAL_TYPE (HsChart, hs_chart, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_TIMELINE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GtkWidget *
hs_chart_new (const char  *title,
              HsChartUnit  unit)
{
  HsChart *self = g_object_new (HS_TYPE_CHART, "title", title, NULL);

  self->unit = unit;

  return GTK_WIDGET (self);
}

static void
track_layer (HsChart      *self,
             HsChartLayer *layer,
             gboolean      add)
{
  g_autoptr(GPtrArray) series = g_ptr_array_new ();

  hs_chart_layer_collect_series (layer, series);
  for (guint i = 0; i < series->len; i++)
    {
      if (add)
        hs_timeline_add_series (self->timeline, g_ptr_array_index (series, i));
      else
        hs_timeline_remove_series (self->timeline, g_ptr_array_index (series, i));
    }
}

/**
 * hs_chart_add_layer:
 * @layer: kept by the chart
 *
 * Adds @layer under the layers already there; the series it draws count
 * for the timeline's live edge.
 */
void
hs_chart_add_layer (HsChart      *self,
                    HsChartLayer *layer)
{
  g_return_if_fail (HS_IS_CHART (self));
  g_return_if_fail (HS_IS_CHART_LAYER (layer));

  g_ptr_array_add (self->layers, g_object_ref (layer));
  g_signal_connect_object (layer, "changed", G_CALLBACK (gtk_widget_queue_draw), self,
                           G_CONNECT_SWAPPED);
  track_layer (self, layer, TRUE);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static guint
count_legend_entries (HsChart *self)
{
  g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (HsChartLegendEntry));

  for (guint i = 0; i < self->layers->len; i++)
    hs_chart_layer_collect_legend (g_ptr_array_index (self->layers, i), entries);

  return entries->len;
}

/**
 * hs_chart_add_series:
 * @series: kept alive by the chart
 *
 * The usual way to show a metric: a line with its min/max band under it,
 * in the next colour of the palette; the first series gets a faint area
 * down to zero (it is the total, e.g. RSS).
 */
void
hs_chart_add_series (HsChart    *self,
                     const char *label,
                     HsSeries   *series)
{
  g_autoptr(HsChartLayer) line = NULL;
  g_autoptr(HsChartLayer) band = NULL;
  guint color;

  g_return_if_fail (HS_IS_CHART (self));
  g_return_if_fail (label != NULL);
  g_return_if_fail (series != NULL);

  color = count_legend_entries (self);
  line = hs_line_layer_new (series, label, color);
  hs_line_layer_set_fill (HS_LINE_LAYER (line), color == 0);
  band = hs_band_layer_new (series, color);
  hs_chart_add_layer (self, line);
  hs_chart_add_layer (self, band);
}

void
hs_chart_clear_layers (HsChart *self)
{
  g_return_if_fail (HS_IS_CHART (self));

  for (guint i = 0; i < self->layers->len; i++)
    {
      HsChartLayer *layer = g_ptr_array_index (self->layers, i);

      g_signal_handlers_disconnect_by_data (layer, self);
      track_layer (self, layer, FALSE);
    }
  g_ptr_array_set_size (self->layers, 0);
  self->n_points = 0;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
hs_chart_get_n_layers (HsChart *self)
{
  g_return_val_if_fail (HS_IS_CHART (self), 0);

  return self->layers->len;
}

/* Returns: (transfer none) (nullable) */
HsChartLayer *
hs_chart_get_layer (HsChart *self,
                    guint    index)
{
  g_return_val_if_fail (HS_IS_CHART (self), NULL);

  return index < self->layers->len ? g_ptr_array_index (self->layers, index) : NULL;
}

const char *
hs_chart_get_title (HsChart *self)
{
  g_return_val_if_fail (HS_IS_CHART (self), NULL);

  return self->title;
}

void
hs_chart_set_title (HsChart    *self,
                    const char *title)
{
  g_return_if_fail (HS_IS_CHART (self));

  if (g_strcmp0 (self->title, title) != 0)
    {
      g_free (self->title);
      self->title = g_strdup (title);
      gtk_widget_queue_draw (GTK_WIDGET (self));
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
    }
}

HsChartUnit
hs_chart_get_unit (HsChart *self)
{
  g_return_val_if_fail (HS_IS_CHART (self), HS_CHART_UNIT_COUNT);

  return self->unit;
}

void
hs_chart_set_unit (HsChart     *self,
                   HsChartUnit  unit)
{
  g_return_if_fail (HS_IS_CHART (self));

  self->unit = unit;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

HsTimeline *
hs_chart_get_timeline (HsChart *self)
{
  g_return_val_if_fail (HS_IS_CHART (self), NULL);

  return self->timeline;
}

static void
on_timeline_changed (HsChart *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * hs_chart_set_timeline:
 * @timeline: (nullable): shared with the session's other charts; NULL
 *   gives the chart a timeline of its own
 */
void
hs_chart_set_timeline (HsChart    *self,
                       HsTimeline *timeline)
{
  g_autoptr(HsTimeline) own = NULL;

  g_return_if_fail (HS_IS_CHART (self));
  g_return_if_fail (timeline == NULL || HS_IS_TIMELINE (timeline));

  if (timeline == NULL)
    timeline = own = hs_timeline_new ();
  if (self->timeline == timeline)
    return;

  if (self->timeline != NULL)
    {
      for (guint i = 0; i < self->layers->len; i++)
        track_layer (self, g_ptr_array_index (self->layers, i), FALSE);
      g_signal_handlers_disconnect_by_data (self->timeline, self);
      g_clear_object (&self->timeline);
    }

  self->timeline = g_object_ref (timeline);
  g_signal_connect_object (timeline, "notify", G_CALLBACK (on_timeline_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (timeline, "data-changed", G_CALLBACK (on_timeline_changed), self,
                           G_CONNECT_SWAPPED);
  for (guint i = 0; i < self->layers->len; i++)
    track_layer (self, g_ptr_array_index (self->layers, i), TRUE);

  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMELINE]);
}

/**
 * hs_chart_get_style:
 *
 * Returns: (transfer none): the colours and font the widget draws with now
 */
HsChartStyle *
hs_chart_get_style (HsChart *self)
{
  g_return_val_if_fail (HS_IS_CHART (self), NULL);

  if (self->style == NULL)
    self->style = hs_chart_style_new_for_widget (GTK_WIDGET (self));

  return self->style;
}

/* The window the chart shows now: the timeline's. */
gboolean
hs_chart_get_visible_range (HsChart *self,
                            gint64  *begin,
                            gint64  *end)
{
  g_return_val_if_fail (HS_IS_CHART (self), FALSE);

  return hs_timeline_get_visible_range (self->timeline, begin, end);
}

guint
hs_chart_get_n_points (HsChart *self)
{
  g_return_val_if_fail (HS_IS_CHART (self), 0);

  return self->n_points;
}

/* The frame's geometry, and every layer's data for it; then the value
 * axis from what is visible. Returns FALSE when there is nothing to plot
 * (no room, or no data yet). */
static gboolean
compute_frame (HsChart      *self,
               int           width,
               int           height,
               HsChartFrame *frame,
               double       *tick_step)
{
  double top = PAD + HEADER_H;
  double min_value = 0, max_value = 0;
  guint n_points = 0, max_ticks;
  double floor_value;

  memset (frame, 0, sizeof *frame);
  *tick_step = 1;
  frame->plot = GRAPHENE_RECT_INIT (PAD + LABEL_W, top,
                                    MAX (0, width - 2 * PAD - LABEL_W),
                                    MAX (0, height - top - FOOTER_H - PAD));

  if (frame->plot.size.width < 2 || frame->plot.size.height < 2)
    return FALSE;
  if (!hs_timeline_get_visible_range (self->timeline, &frame->begin, &frame->end))
    return FALSE;

  frame->n_columns = (guint) frame->plot.size.width;
  for (guint i = 0; i < self->layers->len; i++)
    n_points += hs_chart_layer_prepare (g_ptr_array_index (self->layers, i), frame,
                                        &min_value, &max_value);
  self->n_points = n_points;

  max_ticks = MAX (1, (guint) (frame->plot.size.height / TICK_GAP_Y));
  floor_value = hs_chart_axis_floor_value (self->unit);
  max_value = MAX (max_value, floor_value);
  *tick_step = hs_chart_axis_nice_step (self->unit, max_value / max_ticks);
  frame->axis_max = ceil (max_value / *tick_step) * *tick_step;
  /* A little headroom so that a line at the top stays visible. */
  if (frame->axis_max - max_value < *tick_step * 0.05)
    frame->axis_max += *tick_step;

  return TRUE;
}

void
hs_chart_get_plot_area (HsChart         *self,
                        int              width,
                        int              height,
                        graphene_rect_t *area)
{
  HsChartFrame frame;
  double step;

  g_return_if_fail (HS_IS_CHART (self));

  compute_frame (self, width, height, &frame, &step);
  *area = frame.plot;
}

/**
 * hs_chart_value_to_y:
 *
 * Where @value lands on the value axis for a chart of this size, with the
 * axis the layers' visible data gives now.
 */
double
hs_chart_value_to_y (HsChart *self,
                     double   value,
                     int      width,
                     int      height)
{
  HsChartFrame frame;
  double step;

  g_return_val_if_fail (HS_IS_CHART (self), 0);

  compute_frame (self, width, height, &frame, &step);

  return hs_chart_frame_y_of_value (&frame, value);
}

static void
draw_axes (HsChart            *self,
           cairo_t            *cr,
           const HsChartFrame *frame,
           double              tick_step,
           HsChartStyle       *style)
{
  const graphene_rect_t *p = &frame->plot;
  double right = p->origin.x + p->size.width;
  double bottom = p->origin.y + p->size.height;
  gint64 step, t, utc_offset;
  GdkRGBA fg;

  hs_chart_style_get_foreground (style, &fg);
  cairo_set_line_width (cr, 1);

  /* Value grid and labels, each with its unit. */
  for (double v = 0; v <= frame->axis_max + tick_step * 0.01; v += tick_step)
    {
      double y = floor (hs_chart_frame_y_of_value (frame, v)) + 0.5;
      g_autofree char *text = hs_chart_axis_format_tick (self->unit, v, tick_step);
      g_autoptr(PangoLayout) layout = hs_chart_style_create_layout (style, cr, text, FALSE, TRUE);
      int tw, th;

      hs_chart_style_set_source (style, cr, &fg, v == 0 ? 0.35 : 0.12);
      cairo_move_to (cr, p->origin.x, y);
      cairo_line_to (cr, right, y);
      cairo_stroke (cr);

      pango_layout_get_pixel_size (layout, &tw, &th);
      hs_chart_style_set_source (style, cr, &fg, 0.7);
      hs_chart_style_show_layout (style, cr, layout, p->origin.x - tw - 6, y - th / 2.0);
    }

  /* Time grid on round local wall-clock times (10:05:00, not 10:04:37). */
  step = hs_chart_axis_time_step (frame->end - frame->begin, p->size.width, TICK_GAP_X);
  {
    g_autoptr(GDateTime) at = g_date_time_new_from_unix_local (frame->begin / G_USEC_PER_SEC);

    utc_offset = at != NULL ? g_date_time_get_utc_offset (at) : 0;
  }
  t = ((frame->begin + utc_offset) / step + 1) * step - utc_offset;
  for (; t <= frame->end; t += step)
    {
      double x = floor (hs_chart_frame_x_of_time (frame, t)) + 0.5;
      g_autofree char *text = hs_chart_axis_format_clock (t, step < 60 * G_USEC_PER_SEC);
      g_autoptr(PangoLayout) layout = hs_chart_style_create_layout (style, cr, text, FALSE, TRUE);
      int tw, th;

      hs_chart_style_set_source (style, cr, &fg, 0.12);
      cairo_move_to (cr, x, p->origin.y);
      cairo_line_to (cr, x, bottom);
      cairo_stroke (cr);

      pango_layout_get_pixel_size (layout, &tw, &th);
      if (x - tw / 2.0 < p->origin.x - 20 || x + tw / 2.0 > right + PAD)
        continue;
      hs_chart_style_set_source (style, cr, &fg, 0.7);
      hs_chart_style_show_layout (style, cr, layout, x - tw / 2.0, bottom + 3);
    }
}

static void
draw_header (HsChart      *self,
             cairo_t      *cr,
             int           width,
             HsChartStyle *style)
{
  g_autoptr(PangoLayout) title = hs_chart_style_create_layout (style, cr, self->title ? self->title : "",
                                                               TRUE, FALSE);
  g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (HsChartLegendEntry));
  double x = width - PAD;
  int tw, th;
  GdkRGBA fg;

  hs_chart_style_get_foreground (style, &fg);
  pango_layout_get_pixel_size (title, &tw, &th);
  hs_chart_style_set_source (style, cr, &fg, 1);
  hs_chart_style_show_layout (style, cr, title, PAD, PAD);

  for (guint i = 0; i < self->layers->len; i++)
    hs_chart_layer_collect_legend (g_ptr_array_index (self->layers, i), entries);

  /* The legend, right-aligned, last entry rightmost; entries that do not
   * fit beside the title are left out (the hover read-out names them). */
  for (guint i = entries->len; i > 0; i--)
    {
      HsChartLegendEntry *entry = &g_array_index (entries, HsChartLegendEntry, i - 1);
      g_autoptr(PangoLayout) layout = hs_chart_style_create_layout (style, cr, entry->label, FALSE, TRUE);
      GdkRGBA color;
      int lw, lh;

      pango_layout_get_pixel_size (layout, &lw, &lh);
      x -= lw;
      if (x < PAD + tw + 24)
        break;
      hs_chart_style_set_source (style, cr, &fg, 0.85);
      hs_chart_style_show_layout (style, cr, layout, x, PAD + (th - lh) / 2.0);

      hs_chart_style_get_color (style, entry->color, &color);
      hs_chart_style_set_source (style, cr, &color, 1);
      cairo_rectangle (cr, x - 16, PAD + th / 2.0 - 4, 10, 8);
      cairo_fill (cr);
      x -= 16 + 14;
    }
}

static void
draw_hover (HsChart            *self,
            cairo_t            *cr,
            const HsChartFrame *frame,
            HsChartStyle       *style,
            int                 width)
{
  const graphene_rect_t *p = &frame->plot;
  g_autoptr(GArray) readouts = g_array_new (FALSE, FALSE, sizeof (HsChartReadout));
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(PangoLayout) layout = NULL;
  g_autofree char *clock = NULL;
  gint64 t, tolerance, shown_time = 0;
  double x = self->hover_x, bx, by;
  int tw, th;
  GdkRGBA fg, bg;

  if (x < p->origin.x || x > p->origin.x + p->size.width)
    return;

  hs_chart_style_get_foreground (style, &fg);
  t = hs_chart_frame_time_of_x (frame, x);
  tolerance = MAX ((frame->end - frame->begin) / 50, 2 * G_USEC_PER_SEC);
  for (guint i = 0; i < self->layers->len; i++)
    hs_chart_layer_collect_readouts (g_ptr_array_index (self->layers, i), t, tolerance, readouts);

  for (guint i = 0; i < readouts->len; i++)
    {
      HsChartReadout *r = &g_array_index (readouts, HsChartReadout, i);
      g_autofree char *value_text = hs_chart_axis_format_value (self->unit, r->value);
      g_autofree char *label = g_markup_escape_text (r->label, -1);
      GdkRGBA c;

      if (i == 0)
        shown_time = r->time;
      hs_chart_style_get_color (style, r->color, &c);
      g_string_append_printf (text, "\n<span foreground=\"#%02x%02x%02x\">●</span> %s  <b>%s</b>",
                              (int) (c.red * 255), (int) (c.green * 255), (int) (c.blue * 255),
                              label, value_text);

      /* A dot where the point is. */
      hs_chart_style_set_source (style, cr, &c, 1);
      cairo_arc (cr, hs_chart_frame_x_of_time (frame, r->time),
                 hs_chart_frame_y_of_value (frame, r->value), 3.5, 0, 2 * G_PI);
      cairo_fill (cr);
    }

  /* The crosshair sits on the point read out, not between points. */
  if (readouts->len > 0)
    x = CLAMP (hs_chart_frame_x_of_time (frame, shown_time), p->origin.x, p->origin.x + p->size.width);
  hs_chart_style_set_source (style, cr, &fg, 0.5);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, floor (x) + 0.5, p->origin.y);
  cairo_line_to (cr, floor (x) + 0.5, p->origin.y + p->size.height);
  cairo_stroke (cr);

  if (readouts->len == 0)
    return;

  clock = hs_chart_axis_format_clock (shown_time, TRUE);
  g_string_prepend (text, "</b>");
  g_string_prepend (text, clock);
  g_string_prepend (text, "<b>");
  layout = hs_chart_style_create_layout (style, cr, NULL, FALSE, TRUE);
  pango_layout_set_markup (layout, text->str, -1);
  pango_layout_get_pixel_size (layout, &tw, &th);

  bx = x + 12;
  if (bx + tw + 12 > width - PAD)
    bx = x - 12 - tw - 12;
  by = p->origin.y + 6;

  hs_chart_style_get_background (style, &bg);
  hs_chart_style_set_source (style, cr, &bg, 0.95);
  cairo_rectangle (cr, bx, by, tw + 12, th + 8);
  cairo_fill_preserve (cr);
  hs_chart_style_set_source (style, cr, &fg, 0.25);
  cairo_stroke (cr);

  hs_chart_style_set_source (style, cr, &fg, 1);
  hs_chart_style_show_layout (style, cr, layout, bx + 6, by + 4);
}

static void
draw_range (cairo_t            *cr,
            const HsChartFrame *frame,
            HsChartStyle       *style,
            double              x0,
            double              x1)
{
  double left = frame->plot.origin.x, right = left + frame->plot.size.width;
  double a = CLAMP (MIN (x0, x1), left, right);
  double b = CLAMP (MAX (x0, x1), left, right);
  GdkRGBA accent;

  hs_chart_style_get_color (style, 0, &accent);
  hs_chart_style_set_source (style, cr, &accent, 0.2);
  cairo_rectangle (cr, a, frame->plot.origin.y, b - a, frame->plot.size.height);
  cairo_fill (cr);
}

/**
 * hs_chart_render:
 * @style: the colours and font to draw with
 *
 * Draws the chart at @width × @height into @cr, which may belong to any
 * cairo surface (the screen, an image, SVG or PDF).
 */
void
hs_chart_render (HsChart      *self,
                 cairo_t      *cr,
                 int           width,
                 int           height,
                 HsChartStyle *style)
{
  HsChartFrame frame;
  double tick_step;
  gint64 sel_begin, sel_end;

  g_return_if_fail (HS_IS_CHART (self));
  g_return_if_fail (HS_IS_CHART_STYLE (style));

  if (width <= 0 || height <= 0)
    return;

  draw_header (self, cr, width, style);

  if (!compute_frame (self, width, height, &frame, &tick_step))
    {
      g_autoptr(PangoLayout) layout = NULL;
      int tw, th;
      GdkRGBA fg;

      if (frame.plot.size.width < 2 || frame.plot.size.height < 2)
        return;
      layout = hs_chart_style_create_layout (style, cr, _("Waiting for samples…"), FALSE, FALSE);
      hs_chart_style_get_foreground (style, &fg);
      pango_layout_get_pixel_size (layout, &tw, &th);
      hs_chart_style_set_source (style, cr, &fg, 0.55);
      hs_chart_style_show_layout (style, cr, layout,
                                  frame.plot.origin.x + (frame.plot.size.width - tw) / 2,
                                  frame.plot.origin.y + (frame.plot.size.height - th) / 2);
      return;
    }

  draw_axes (self, cr, &frame, tick_step, style);

  for (guint i = self->layers->len; i-- > 0;)
    hs_chart_layer_draw (g_ptr_array_index (self->layers, i), cr, &frame, style);

  if (hs_timeline_get_selection (self->timeline, &sel_begin, &sel_end))
    draw_range (cr, &frame, style, hs_chart_frame_x_of_time (&frame, sel_begin),
                hs_chart_frame_x_of_time (&frame, sel_end));

  if (self->dragging)
    draw_range (cr, &frame, style, self->drag_x0, self->drag_x1);
  else if (self->hovering)
    draw_hover (self, cr, &frame, style, width);
}

/**
 * hs_chart_draw:
 *
 * Draws the chart with the widget's current style. The widget draws
 * through this, and tests and the benchmark call it on image surfaces.
 */
void
hs_chart_draw (HsChart *self,
               cairo_t *cr,
               int      width,
               int      height)
{
  g_return_if_fail (HS_IS_CHART (self));

  hs_chart_render (self, cr, width, height, hs_chart_get_style (self));
}

static void
hs_chart_snapshot (GtkWidget   *widget,
                   GtkSnapshot *snapshot)
{
  HsChart *self = HS_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;

  /* GTK renders the cairo node at the surface's scale: crisp on HiDPI. */
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  hs_chart_draw (self, cr, width, height);
  cairo_destroy (cr);
}

void
hs_chart_set_hover (HsChart *self,
                    double   x,
                    double   y)
{
  g_return_if_fail (HS_IS_CHART (self));

  self->hovering = TRUE;
  self->hover_x = x;
  self->hover_y = y;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
hs_chart_unset_hover (HsChart *self)
{
  g_return_if_fail (HS_IS_CHART (self));

  self->hovering = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * hs_chart_zoom_to_pixels:
 *
 * Shows the time between two x positions (widget coordinates) on the
 * timeline, which stops following the live edge.
 */
void
hs_chart_zoom_to_pixels (HsChart *self,
                         double   x0,
                         double   x1)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  HsChartFrame frame;
  double step;

  g_return_if_fail (HS_IS_CHART (self));

  if (!compute_frame (self, width, height, &frame, &step) || frame.end <= frame.begin)
    return;

  hs_timeline_show_range (self->timeline,
                          hs_chart_frame_time_of_x (&frame, MIN (x0, x1)),
                          hs_chart_frame_time_of_x (&frame, MAX (x0, x1)));
}

static void
on_motion (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           HsChart                  *self)
{
  hs_chart_set_hover (self, x, y);
}

static void
on_leave (GtkEventControllerMotion *controller,
          HsChart                  *self)
{
  hs_chart_unset_hover (self);
}

static gboolean
on_scroll (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           HsChart                  *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));

  if (state & GDK_CONTROL_MASK)
    {
      gint64 begin, end;

      /* Ctrl+scroll zooms around the right edge. */
      if (!hs_timeline_get_visible_range (self->timeline, &begin, &end))
        return FALSE;
      hs_timeline_set_span (self->timeline, (gint64) ((double) (end - begin) * (dy > 0 ? 1.25 : 0.8)));
      return TRUE;
    }

  /* Horizontal scroll (or vertical with Shift) moves in time. A plain
   * vertical wheel over a stack of charts scrolls the page. */
  if (dx != 0)
    hs_timeline_scroll_by (self->timeline, dx * 0.1);
  else if (state & GDK_SHIFT_MASK)
    hs_timeline_scroll_by (self->timeline, dy * 0.1);
  else
    return FALSE;

  return TRUE;
}

static void
on_drag_begin (GtkGestureDrag *gesture,
               double          x,
               double          y,
               HsChart        *self)
{
  self->dragging = FALSE;
  self->drag_x0 = self->drag_x1 = x;
}

static void
on_drag_update (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                HsChart        *self)
{
  self->drag_x1 = self->drag_x0 + dx;
  if (fabs (dx) >= DRAG_THRESHOLD)
    {
      self->dragging = TRUE;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static void
on_drag_end (GtkGestureDrag *gesture,
             double          dx,
             double          dy,
             HsChart        *self)
{
  if (self->dragging)
    hs_chart_zoom_to_pixels (self, self->drag_x0, self->drag_x0 + dx);
  self->dragging = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
hs_chart_measure (GtkWidget      *widget,
                  GtkOrientation  orientation,
                  int             for_size,
                  int            *minimum,
                  int            *natural,
                  int            *minimum_baseline,
                  int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = 240, *natural = 480;
  else
    *minimum = 140, *natural = 180;
}

static void
on_style_changed (HsChart *self)
{
  g_clear_object (&self->style);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
hs_chart_css_changed (GtkWidget         *widget,
                      GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (hs_chart_parent_class)->css_changed (widget, change);
  on_style_changed (HS_CHART (widget));
}

static void
hs_chart_dispose (GObject *object)
{
  HsChart *self = (HsChart *) object;

  if (self->layers != NULL)
    hs_chart_clear_layers (self);
  if (self->timeline != NULL)
    g_signal_handlers_disconnect_by_data (self->timeline, self);
  g_clear_object (&self->timeline);
  g_clear_object (&self->style);

  G_OBJECT_CLASS (hs_chart_parent_class)->dispose (object);
}

static void
hs_chart_finalize (GObject *object)
{
  HsChart *self = (HsChart *) object;

  g_clear_pointer (&self->layers, g_ptr_array_unref);
  g_clear_pointer (&self->title, g_free);

  G_OBJECT_CLASS (hs_chart_parent_class)->finalize (object);
}

static void
hs_chart_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  HsChart *self = HS_CHART (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_TIMELINE:
      g_value_set_object (value, self->timeline);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hs_chart_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  HsChart *self = HS_CHART (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      hs_chart_set_title (self, g_value_get_string (value));
      break;
    case PROP_TIMELINE:
      hs_chart_set_timeline (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hs_chart_class_init (HsChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hs_chart_dispose;
  object_class->finalize = hs_chart_finalize;
  object_class->get_property = hs_chart_get_property;
  object_class->set_property = hs_chart_set_property;

  widget_class->snapshot = hs_chart_snapshot;
  widget_class->measure = hs_chart_measure;
  widget_class->css_changed = hs_chart_css_changed;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIMELINE] =
    g_param_spec_object ("timeline", NULL, NULL, HS_TYPE_TIMELINE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "chart");
}

static void
hs_chart_init (HsChart *self)
{
  GtkEventController *controller;
  GtkGesture *drag;

  self->layers = g_ptr_array_new_with_free_func (g_object_unref);
  self->unit = HS_CHART_UNIT_COUNT;
  hs_chart_set_timeline (self, NULL);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (controller, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  g_signal_connect (controller, "scroll", G_CALLBACK (on_scroll), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  drag = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (on_drag_end), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (on_style_changed), self, G_CONNECT_SWAPPED);
}
