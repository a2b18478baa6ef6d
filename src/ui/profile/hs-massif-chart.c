/* hs-massif-chart.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-massif-chart"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "hs-chart-axis.h"
#include "hs-chart-style.h"
#include "hs-massif-chart.h"
#include "hs-units.h"

/* The heap of a massif run over its time, as ms_print draws it but with
 * its parts told apart: useful heap, allocator overhead ("extra") and
 * stacks, stacked. Snapshots with a tree are dots on the top line (the
 * peak a larger one); the selected snapshot is a vertical line. The axes
 * use the live charts' style and tick rules (HsChartStyle, hs-chart-axis)
 * so the two kinds of chart read alike. */

#define MARGIN_TOP     28.0   /* the legend */
#define MARGIN_BOTTOM  34.0   /* time ticks and the axis title */
#define MARGIN_RIGHT   12.0
#define MIN_TICK_GAP   80.0

struct _HsMassifChart
{
  GtkWidget  parent_instance;

  HsMassif  *massif;
  int        selected;
  int        hovered;

  /* Plot area of the last frame, for hit tests. */
  double     plot_x, plot_w;
  gint64     time_max;
};

G_DEFINE_FINAL_TYPE (HsMassifChart, hs_massif_chart, GTK_TYPE_WIDGET)

static const char *
time_axis_title (HsMassif *massif)
{
  const char *unit = hs_massif_get_time_unit (massif);

  if (g_str_equal (unit, "ms"))
    return _("time (ms)");
  if (g_str_equal (unit, "B"))
    return _("time (bytes allocated)");
  return _("time (instructions executed)");
}

static HsChartUnit
time_unit (HsMassif *massif)
{
  return g_str_equal (hs_massif_get_time_unit (massif), "B") ? HS_CHART_UNIT_BYTES : HS_CHART_UNIT_COUNT;
}

/* Time values: instructions and milliseconds as counts with SI
 * multipliers ("2.1 M"), bytes as bytes. */
static char *
format_time (HsMassif *massif,
             double    value,
             double    step)
{
  HsChartUnit unit = time_unit (massif);
  static const char *prefixes[] = { "", "k", "M", "G", "T" };
  guint p = 0;

  if (unit == HS_CHART_UNIT_BYTES)
    return hs_chart_axis_format_tick (unit, value, step);
  while (fabs (value) >= 1000 && p + 1 < G_N_ELEMENTS (prefixes) && step >= 1000)
    {
      value /= 1000;
      step /= 1000;
      p++;
    }
  return step >= 1 || value == 0 ? g_strdup_printf ("%.0f%s%s", value, *prefixes[p] ? " " : "", prefixes[p])
                                 : g_strdup_printf ("%.1f%s%s", value, *prefixes[p] ? " " : "", prefixes[p]);
}

static double
x_of (HsMassifChart *self,
      gint64         time)
{
  return self->plot_x + (self->time_max > 0 ? (double) time / (double) self->time_max * self->plot_w : 0);
}

int
hs_massif_chart_position_at (HsMassifChart *self,
                             double         x,
                             gboolean       detailed_only)
{
  int best = -1;
  double best_d = G_MAXDOUBLE;

  g_return_val_if_fail (HS_IS_MASSIF_CHART (self), -1);

  if (self->massif == NULL)
    return -1;
  for (guint i = 0; i < hs_massif_get_n_snapshots (self->massif); i++)
    {
      const HsMassifSnapshot *s = hs_massif_get_snapshot (self->massif, i);
      double d = fabs (x_of (self, s->time) - x);

      if (detailed_only && s->tree == HS_MASSIF_TREE_EMPTY)
        continue;
      if (d < best_d)
        {
          best_d = d;
          best = i;
        }
    }
  return best;
}

char *
hs_massif_chart_describe (HsMassifChart *self,
                          int            position)
{
  const HsMassifSnapshot *s;
  g_autofree char *total = NULL;
  g_autofree char *heap = NULL;
  g_autofree char *extra = NULL;
  g_autofree char *stacks = NULL;
  g_autofree char *when = NULL;
  const char *kind;

  g_return_val_if_fail (HS_IS_MASSIF_CHART (self), NULL);

  if (self->massif == NULL || position < 0 || (guint) position >= hs_massif_get_n_snapshots (self->massif))
    return NULL;
  s = hs_massif_get_snapshot (self->massif, position);
  total = hs_format_bytes (hs_massif_snapshot_total (s));
  heap = hs_format_bytes (s->heap);
  extra = hs_format_bytes (s->heap_extra);
  stacks = hs_format_bytes (s->stacks);
  when = g_strdup_printf ("%" G_GINT64_FORMAT " %s", s->time, hs_massif_get_time_unit (self->massif));
  kind = s->tree == HS_MASSIF_TREE_PEAK ? _("peak, with its allocation tree") :
         s->tree == HS_MASSIF_TREE_DETAILED ? _("with its allocation tree") : _("figures only");
  /* Translators: snapshot number, its kind, its time with unit, then
   * total = useful heap + allocator overhead + stacks */
  return g_strdup_printf (_("Snapshot %u (%s) at %s\nTotal %s = useful heap %s + extra heap %s + stacks %s"),
                          s->index, kind, when, total, heap, extra, stacks);
}

static void
draw_legend (HsMassifChart *self,
             HsChartStyle  *style,
             cairo_t       *cr,
             double         x)
{
  const char *names[] = { _("Useful heap"), _("Extra heap (allocator overhead)"), _("Stacks") };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(PangoLayout) layout = hs_chart_style_create_layout (style, cr, names[i], FALSE, TRUE);
      GdkRGBA color;
      int w, h;

      hs_chart_style_get_color (style, i, &color);
      hs_chart_style_set_source (style, cr, &color, 0.85);
      cairo_rectangle (cr, x, 9, 10, 10);
      cairo_fill (cr);
      pango_layout_get_pixel_size (layout, &w, &h);
      hs_chart_style_show_layout (style, cr, layout, x + 14, 14 - h / 2.0);
      x += 14 + w + 16;
    }
}

static void
draw (HsMassifChart *self,
      cairo_t       *cr,
      double         width,
      double         height)
{
  g_autoptr(HsChartStyle) style = hs_chart_style_new_for_widget (GTK_WIDGET (self));
  guint n = hs_massif_get_n_snapshots (self->massif);
  int max_pos = hs_massif_get_max_position (self->massif);
  double top_value, step, plot_y, plot_h, margin_left = 0;
  gint64 max_total = hs_massif_snapshot_total (hs_massif_get_snapshot (self->massif, max_pos));
  GdkRGBA fg;
  guint n_ticks;

  hs_chart_style_get_foreground (style, &fg);

  /* The value axis: round steps up to the peak. */
  top_value = MAX ((double) max_total, 1024);
  step = hs_chart_axis_nice_step (HS_CHART_UNIT_BYTES, top_value / 4);
  n_ticks = (guint) ceil (top_value / step);
  top_value = n_ticks * step;
  for (guint i = 0; i <= n_ticks; i++)
    {
      g_autofree char *label = hs_chart_axis_format_tick (HS_CHART_UNIT_BYTES, i * step, step);
      g_autoptr(PangoLayout) layout = hs_chart_style_create_layout (style, cr, label, FALSE, TRUE);
      int w;

      pango_layout_get_pixel_size (layout, &w, NULL);
      margin_left = MAX (margin_left, w + 10);
    }

  self->plot_x = margin_left;
  self->plot_w = MAX (width - margin_left - MARGIN_RIGHT, 10);
  plot_y = MARGIN_TOP;
  plot_h = MAX (height - MARGIN_TOP - MARGIN_BOTTOM, 10);
  self->time_max = MAX (hs_massif_get_snapshot (self->massif, n - 1)->time, 1);

  draw_legend (self, style, cr, self->plot_x);

  /* Grid and value labels. */
  for (guint i = 0; i <= n_ticks; i++)
    {
      double y = plot_y + plot_h - i * step / top_value * plot_h;
      g_autofree char *label = hs_chart_axis_format_tick (HS_CHART_UNIT_BYTES, i * step, step);
      g_autoptr(PangoLayout) layout = hs_chart_style_create_layout (style, cr, label, FALSE, TRUE);
      int w, h;

      hs_chart_style_set_source (style, cr, &fg, i == 0 ? 0.5 : 0.12);
      cairo_set_line_width (cr, 1);
      cairo_move_to (cr, self->plot_x, round (y) + 0.5);
      cairo_line_to (cr, self->plot_x + self->plot_w, round (y) + 0.5);
      cairo_stroke (cr);
      pango_layout_get_pixel_size (layout, &w, &h);
      hs_chart_style_show_layout (style, cr, layout, self->plot_x - w - 6, y - h / 2.0);
    }

  /* Time ticks. */
  {
    HsChartUnit unit = time_unit (self->massif);
    double raw = (double) self->time_max / MAX (self->plot_w / MIN_TICK_GAP, 1);
    double tstep = unit == HS_CHART_UNIT_BYTES ? hs_chart_axis_nice_step (unit, raw)
                                               : hs_chart_axis_nice_step (HS_CHART_UNIT_COUNT, raw);
    g_autoptr(PangoLayout) title = hs_chart_style_create_layout (style, cr, time_axis_title (self->massif), FALSE, TRUE);
    int tw, th;

    for (double t = 0; t <= (double) self->time_max; t += tstep)
      {
        double x = x_of (self, (gint64) t);
        g_autofree char *label = format_time (self->massif, t, tstep);
        g_autoptr(PangoLayout) layout = hs_chart_style_create_layout (style, cr, label, FALSE, TRUE);
        int w, h;

        hs_chart_style_set_source (style, cr, &fg, 0.5);
        cairo_move_to (cr, round (x) + 0.5, plot_y + plot_h);
        cairo_line_to (cr, round (x) + 0.5, plot_y + plot_h + 4);
        cairo_stroke (cr);
        pango_layout_get_pixel_size (layout, &w, &h);
        hs_chart_style_show_layout (style, cr, layout, CLAMP (x - w / 2.0, 0, width - w), plot_y + plot_h + 5);
      }
    pango_layout_get_pixel_size (title, &tw, &th);
    hs_chart_style_show_layout (style, cr, title, self->plot_x + self->plot_w - tw, height - th - 1);
  }

  /* The stacked areas, bottom up: useful heap, extra, stacks. Each
   * snapshot holds until the next (massif's figures are steps). */
  for (int layer = 2; layer >= 0; layer--)
    {
      GdkRGBA color;

      hs_chart_style_get_color (style, layer, &color);
      cairo_move_to (cr, self->plot_x, plot_y + plot_h);
      for (guint i = 0; i < n; i++)
        {
          const HsMassifSnapshot *s = hs_massif_get_snapshot (self->massif, i);
          double v = (double) s->heap + (layer >= 1 ? (double) s->heap_extra : 0) + (layer >= 2 ? (double) s->stacks : 0);
          double y = plot_y + plot_h - v / top_value * plot_h;

          cairo_line_to (cr, x_of (self, s->time), y);
          if (i + 1 < n)
            cairo_line_to (cr, x_of (self, hs_massif_get_snapshot (self->massif, i + 1)->time), y);
        }
      cairo_line_to (cr, x_of (self, self->time_max), plot_y + plot_h);
      cairo_close_path (cr);
      hs_chart_style_set_source (style, cr, &color, 0.75);
      cairo_fill (cr);
    }

  /* Snapshots with a tree: the ones that can be opened. */
  for (guint i = 0; i < n; i++)
    {
      const HsMassifSnapshot *s = hs_massif_get_snapshot (self->massif, i);
      double y = plot_y + plot_h - (double) hs_massif_snapshot_total (s) / top_value * plot_h;
      double r = s->tree == HS_MASSIF_TREE_PEAK ? 5 : 3.5;

      if (s->tree == HS_MASSIF_TREE_EMPTY && (int) i != self->hovered)
        continue;
      hs_chart_style_set_source (style, cr, &fg, s->tree == HS_MASSIF_TREE_EMPTY ? 0.5 : 0.9);
      cairo_arc (cr, x_of (self, s->time), y, (int) i == self->hovered ? r + 1.5 : r, 0, 2 * G_PI);
      cairo_fill (cr);
    }

  if (self->selected >= 0 && (guint) self->selected < n)
    {
      const HsMassifSnapshot *s = hs_massif_get_snapshot (self->massif, self->selected);
      double x = round (x_of (self, s->time)) + 0.5;
      g_autofree char *label = g_strdup_printf (_("Snapshot %u"), s->index);
      g_autoptr(PangoLayout) layout = hs_chart_style_create_layout (style, cr, label, TRUE, TRUE);
      GdkRGBA accent;
      int w, h;

      hs_chart_style_get_color (style, 3, &accent);
      hs_chart_style_set_source (style, cr, &accent, 1);
      cairo_set_line_width (cr, 2);
      cairo_move_to (cr, x, plot_y);
      cairo_line_to (cr, x, plot_y + plot_h);
      cairo_stroke (cr);
      pango_layout_get_pixel_size (layout, &w, &h);
      hs_chart_style_show_layout (style, cr, layout,
                                  x + 4 + w > self->plot_x + self->plot_w ? x - 4 - w : x + 4, plot_y + 2);
    }
}

static void
hs_massif_chart_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  HsMassifChart *self = HS_MASSIF_CHART (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  cairo_t *cr;

  if (self->massif == NULL || hs_massif_get_n_snapshots (self->massif) == 0 || width < 20 || height < 20)
    return;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  draw (self, cr, width, height);
  cairo_destroy (cr);
}

static void
on_motion (GtkEventControllerMotion *motion,
           double                    x,
           double                    y,
           HsMassifChart            *self)
{
  int position = hs_massif_chart_position_at (self, x, FALSE);

  if (position != self->hovered)
    {
      g_autofree char *text = hs_massif_chart_describe (self, position);

      self->hovered = position;
      gtk_widget_set_tooltip_text (GTK_WIDGET (self), text);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static void
on_leave (GtkEventControllerMotion *motion,
          HsMassifChart            *self)
{
  self->hovered = -1;
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), NULL);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_pressed (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            HsMassifChart   *self)
{
  int position = hs_massif_chart_position_at (self, x, TRUE);

  if (position >= 0)
    g_signal_emit_by_name (self, "snapshot-activated", position);
}

static void
hs_massif_chart_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 200 : 150;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 600 : 220;
}

static void
hs_massif_chart_dispose (GObject *object)
{
  HsMassifChart *self = HS_MASSIF_CHART (object);

  g_clear_object (&self->massif);

  G_OBJECT_CLASS (hs_massif_chart_parent_class)->dispose (object);
}

static void
hs_massif_chart_class_init (HsMassifChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hs_massif_chart_dispose;
  widget_class->snapshot = hs_massif_chart_snapshot;
  widget_class->measure = hs_massif_chart_measure;

  /* A snapshot with a tree was clicked: its position in the file. */
  g_signal_new ("snapshot-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);

  gtk_widget_class_set_css_name (widget_class, "massif-chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
hs_massif_chart_init (HsMassifChart *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkGesture *click = gtk_gesture_click_new ();

  self->selected = -1;
  self->hovered = -1;
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  g_signal_connect (click, "pressed", G_CALLBACK (on_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
}

HsMassifChart *
hs_massif_chart_new (void)
{
  return g_object_new (HS_TYPE_MASSIF_CHART, NULL);
}

void
hs_massif_chart_set_massif (HsMassifChart *self,
                            HsMassif      *massif)
{
  g_return_if_fail (HS_IS_MASSIF_CHART (self));

  if (g_set_object (&self->massif, massif))
    {
      g_autofree char *label = NULL;

      self->selected = -1;
      self->hovered = -1;
      if (massif != NULL)
        {
          int peak = hs_massif_get_max_position (massif);
          g_autofree char *peak_bytes = hs_format_bytes (hs_massif_snapshot_total (hs_massif_get_snapshot (massif, peak)));

          /* Translators: %u snapshots, %s the largest total */
          label = g_strdup_printf (_("Heap over time: %u snapshots, peak %s"),
                                   hs_massif_get_n_snapshots (massif), peak_bytes);
        }
      gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

void
hs_massif_chart_set_selected (HsMassifChart *self,
                              int            position)
{
  g_return_if_fail (HS_IS_MASSIF_CHART (self));

  if (self->selected != position)
    {
      self->selected = position;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

int
hs_massif_chart_get_selected (HsMassifChart *self)
{
  g_return_val_if_fail (HS_IS_MASSIF_CHART (self), -1);
  return self->selected;
}
