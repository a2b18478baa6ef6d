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

#include "hs-chart.h"
#include "hs-series.h"
#include "hs-units.h"

#define USEC_PER_SEC   G_GINT64_CONSTANT (1000000)
#define MIN_SPAN       (10 * USEC_PER_SEC)
#define PAD            8.0
#define TICK_GAP_Y     32.0
#define TICK_GAP_X     90.0
#define DRAG_THRESHOLD 4.0

typedef struct
{
  char                     *label;
  const HsChartSourceFuncs *funcs;
  gpointer                  data;
  GDestroyNotify            destroy;

  /* What the columns in the scratch arrays were computed for. */
  gboolean                  cached;
  guint64                   cache_generation;
  gint64                    cache_begin;
  gint64                    cache_end;
  guint                     cache_columns;
} HsChartSeries;

/* Everything one frame needs, computed once per frame from the series. */
typedef struct
{
  graphene_rect_t plot;
  gint64          begin;
  gint64          end;
  guint           n_columns;
  double          axis_max;
  double          tick_step;
  gboolean        has_data;
} HsChartLayout;

struct _HsChart
{
  GtkWidget   parent_instance;

  /* Owned */
  char       *title;
  GPtrArray  *series;
  double     *mins;     /* n_series × n_columns scratch, reused per frame */
  double     *maxs;
  gsize       n_alloc;

  HsChartUnit unit;
  gint64      span;
  gint64      end_time;
  gboolean    following;
  guint       n_points;

  gboolean    hovering;
  double      hover_x;
  double      hover_y;

  gboolean    dragging;
  double      drag_x0;
  double      drag_x1;
};

G_DEFINE_FINAL_TYPE (HsChart, hs_chart, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_SPAN,
  PROP_FOLLOWING,
  PROP_END_TIME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
hs_chart_series_free (gpointer data)
{
  HsChartSeries *s = data;

  if (s->destroy != NULL)
    s->destroy (s->data);
  g_free (s->label);
  g_free (s);
}

static gboolean
series_get_bounds (gpointer  data,
                   gint64   *first_time,
                   gint64   *last_time)
{
  return hs_series_get_time_range (data, first_time, last_time);
}

static void
series_get_columns (gpointer  data,
                    gint64    begin,
                    gint64    end,
                    guint     n_columns,
                    double   *mins,
                    double   *maxs)
{
  g_autofree gboolean *valid = g_new0 (gboolean, n_columns);

  hs_series_get_range_minmax (data, begin, end, n_columns, mins, maxs, valid);
  for (guint i = 0; i < n_columns; i++)
    if (!valid[i])
      mins[i] = maxs[i] = NAN;
}

static gboolean
series_get_nearest (gpointer  data,
                    gint64    time,
                    gint64   *sample_time,
                    double   *value)
{
  gint64 first, last;

  if (!hs_series_get_time_range (data, &first, &last))
    return FALSE;

  /* Before the first point, the first is the nearest. */
  return hs_series_lookup (data, MAX (time, first), sample_time, value);
}

static guint64
series_get_generation (gpointer data)
{
  return hs_series_get_generation (data);
}

static const HsChartSourceFuncs series_funcs = {
  series_get_bounds,
  series_get_columns,
  series_get_nearest,
  series_get_generation,
};

static void
invalidate_caches (HsChart *self)
{
  for (guint i = 0; i < self->series->len; i++)
    ((HsChartSeries *) g_ptr_array_index (self->series, i))->cached = FALSE;
}

GtkWidget *
hs_chart_new (const char  *title,
              HsChartUnit  unit)
{
  HsChart *self = g_object_new (HS_TYPE_CHART, "title", title, NULL);

  self->unit = unit;

  return GTK_WIDGET (self);
}

/**
 * hs_chart_add_series:
 * @label: the legend text
 * @funcs: (not nullable): must outlive the chart (usually static)
 * @data: passed to @funcs; released with @destroy when the series goes
 *
 * Adds a series; its colour follows from its position.
 */
void
hs_chart_add_series (HsChart                  *self,
                     const char               *label,
                     const HsChartSourceFuncs *funcs,
                     gpointer                  data,
                     GDestroyNotify            destroy)
{
  HsChartSeries *s;

  g_return_if_fail (HS_IS_CHART (self));
  g_return_if_fail (label != NULL);
  g_return_if_fail (funcs != NULL && funcs->get_bounds != NULL &&
                    funcs->get_columns != NULL && funcs->get_nearest != NULL);

  s = g_new0 (HsChartSeries, 1);
  s->label = g_strdup (label);
  s->funcs = funcs;
  s->data = data;
  s->destroy = destroy;
  g_ptr_array_add (self->series, s);
  invalidate_caches (self);

  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * hs_chart_add_hs_series:
 * @series: kept alive by the chart
 *
 * Adds a metric's history; the chart asks it for per-column min/max.
 */
void
hs_chart_add_hs_series (HsChart    *self,
                        const char *label,
                        HsSeries   *series)
{
  g_return_if_fail (HS_IS_CHART (self));
  g_return_if_fail (series != NULL);

  hs_chart_add_series (self, label, &series_funcs, hs_series_ref (series),
                       (GDestroyNotify) hs_series_unref);
}

void
hs_chart_clear_series (HsChart *self)
{
  g_return_if_fail (HS_IS_CHART (self));

  g_ptr_array_set_size (self->series, 0);
  self->n_points = 0;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
hs_chart_get_n_series (HsChart *self)
{
  g_return_val_if_fail (HS_IS_CHART (self), 0);

  return self->series->len;
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

void
hs_chart_set_unit (HsChart     *self,
                   HsChartUnit  unit)
{
  g_return_if_fail (HS_IS_CHART (self));

  self->unit = unit;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gint64
hs_chart_get_span (HsChart *self)
{
  g_return_val_if_fail (HS_IS_CHART (self), 0);

  return self->span;
}

/**
 * hs_chart_set_span:
 * @span_usec: the visible time window, or 0 for the whole history
 */
void
hs_chart_set_span (HsChart *self,
                   gint64   span_usec)
{
  g_return_if_fail (HS_IS_CHART (self));

  span_usec = MAX (span_usec, 0);
  if (span_usec != 0)
    span_usec = MAX (span_usec, MIN_SPAN);
  if (self->span == span_usec)
    return;

  self->span = span_usec;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPAN]);
}

gboolean
hs_chart_get_following (HsChart *self)
{
  g_return_val_if_fail (HS_IS_CHART (self), FALSE);

  return self->following;
}

void
hs_chart_set_following (HsChart  *self,
                        gboolean  following)
{
  g_return_if_fail (HS_IS_CHART (self));

  following = !!following;
  if (self->following == following)
    return;

  self->following = following;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLLOWING]);
}

gint64
hs_chart_get_end_time (HsChart *self)
{
  g_return_val_if_fail (HS_IS_CHART (self), 0);

  return self->end_time;
}

void
hs_chart_set_end_time (HsChart *self,
                       gint64   end_time)
{
  g_return_if_fail (HS_IS_CHART (self));

  if (self->end_time == end_time)
    return;

  self->end_time = end_time;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_END_TIME]);
}

static gboolean
hs_chart_get_bounds (HsChart *self,
                     gint64  *first,
                     gint64  *last)
{
  gboolean any = FALSE;

  *first = G_MAXINT64;
  *last = G_MININT64;

  for (guint i = 0; i < self->series->len; i++)
    {
      HsChartSeries *s = g_ptr_array_index (self->series, i);
      gint64 f, l;

      if (!s->funcs->get_bounds (s->data, &f, &l))
        continue;
      *first = MIN (*first, f);
      *last = MAX (*last, l);
      any = TRUE;
    }

  return any;
}

/**
 * hs_chart_get_visible_range:
 *
 * The wall-clock window the chart shows now: the live edge when following,
 * else where the user scrolled or zoomed to.
 *
 * Returns: FALSE when no series holds data yet
 */
gboolean
hs_chart_get_visible_range (HsChart *self,
                            gint64  *begin,
                            gint64  *end)
{
  gint64 first, last, b, e;

  g_return_val_if_fail (HS_IS_CHART (self), FALSE);

  if (!hs_chart_get_bounds (self, &first, &last))
    return FALSE;

  e = (self->following || self->end_time == 0) ? last : self->end_time;
  if (self->span == 0)
    b = MIN (first, e - MIN_SPAN);
  else
    b = e - self->span;

  if (begin != NULL)
    *begin = b;
  if (end != NULL)
    *end = e;

  return TRUE;
}

guint
hs_chart_get_n_points (HsChart *self)
{
  g_return_val_if_fail (HS_IS_CHART (self), 0);

  return self->n_points;
}

/* Round steps: binary for bytes (what the kernel counts in), decimal for
 * counts and percentages. */
static double
nice_step (HsChartUnit unit,
           double      raw)
{
  static const double decimal[] = { 1, 2, 5, 10 };
  double base;

  if (raw <= 0)
    return 1;

  if (unit == HS_CHART_UNIT_BYTES && raw >= 1)
    {
      /* Powers of two within each unit, and 1/2/5 × 100 steps not needed:
       * 1, 2, 4 … 512, then the next unit. */
      double step = 1;

      while (step < raw)
        step *= 2;
      return step;
    }

  base = pow (10, floor (log10 (raw)));
  for (guint i = 0; i < G_N_ELEMENTS (decimal); i++)
    if (decimal[i] * base >= raw)
      return MAX (decimal[i] * base, unit == HS_CHART_UNIT_PERCENT ? 0.1 : 1);

  return 10 * base;
}

static char *
format_tick (HsChartUnit unit,
             double      value,
             double      step)
{
  switch (unit)
    {
    case HS_CHART_UNIT_BYTES:
      {
        static const char *units[] = { "B", "KiB", "MiB", "GiB", "TiB" };
        double scale = 1;
        guint u = 0;

        if (value == 0)
          return g_strdup ("0");

        /* The unit follows the step, so every label on one axis has it. */
        while (step >= 1024 && u + 1 < G_N_ELEMENTS (units))
          {
            step /= 1024;
            scale *= 1024;
            u++;
          }
        if (value / scale >= 1024 && u + 1 < G_N_ELEMENTS (units))
          {
            scale *= 1024;
            u++;
          }
        return g_strdup_printf ("%g %s", value / scale, units[u]);
      }

    case HS_CHART_UNIT_PERCENT:
      return g_strdup_printf ("%g %%", value);

    case HS_CHART_UNIT_COUNT:
    default:
      return g_strdup_printf ("%g", value);
    }
}

static char *
format_value (HsChartUnit unit,
              double      value)
{
  switch (unit)
    {
    case HS_CHART_UNIT_BYTES:
      return hs_format_bytes ((gint64) value);
    case HS_CHART_UNIT_PERCENT:
      return g_strdup_printf ("%.1f %%", value);
    case HS_CHART_UNIT_COUNT:
    default:
      return g_strdup_printf ("%.0f", value);
    }
}

static const char *palette_light[] = { "blue_3", "orange_4", "purple_3", "green_5", "red_3" };
static const char *palette_dark[] = { "blue_2", "orange_2", "purple_2", "green_3", "red_2" };
static const char *palette_fallback[] = { "#3584e4", "#e66100", "#9141ac", "#26a269", "#e01b24" };

static void
series_color (HsChart *self,
              guint    index,
              GdkRGBA *rgba)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  gboolean dark = adw_style_manager_get_dark (manager);
  guint i = index % G_N_ELEMENTS (palette_light);
  GtkStyleContext *context;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  context = gtk_widget_get_style_context (GTK_WIDGET (self));
  /* The first series carries the accent colour, as elsewhere in GNOME. */
  if (i == 0 && gtk_style_context_lookup_color (context, "accent_color", rgba))
    return;
  if (gtk_style_context_lookup_color (context, dark ? palette_dark[i] : palette_light[i], rgba))
    return;
  G_GNUC_END_IGNORE_DEPRECATIONS

  gdk_rgba_parse (rgba, palette_fallback[i]);
}

static void
foreground_color (HsChart *self,
                  GdkRGBA *rgba)
{
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (self)), rgba);
  G_GNUC_END_IGNORE_DEPRECATIONS
}

static PangoLayout *
make_layout (HsChart    *self,
             const char *text,
             gboolean    bold,
             gboolean    small)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  PangoAttrList *attrs = pango_attr_list_new ();

  if (bold)
    pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  if (small)
    pango_attr_list_insert (attrs, pango_attr_scale_new (0.85));
  /* Tabular figures: tick labels and values line up. */
  pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum"));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);

  return layout;
}

static void
ensure_scratch (HsChart *self,
                gsize    n)
{
  if (n <= self->n_alloc)
    return;

  self->mins = g_renew (double, self->mins, n);
  self->maxs = g_renew (double, self->maxs, n);
  self->n_alloc = n;
}

/* Queries every series once for this frame's columns and derives the
 * value axis from what is visible. */
static void
hs_chart_compute_layout (HsChart       *self,
                         int            width,
                         int            height,
                         HsChartLayout *out)
{
  double label_w = 56, header_h = 26, footer_h = 20;
  double top, max_value = 0;
  guint n_points = 0;

  memset (out, 0, sizeof *out);

  top = PAD + header_h;
  out->plot = GRAPHENE_RECT_INIT (PAD + label_w, top,
                                  MAX (0, width - 2 * PAD - label_w),
                                  MAX (0, height - top - footer_h - PAD));

  if (out->plot.size.width < 2 || out->plot.size.height < 2)
    return;
  if (!hs_chart_get_visible_range (self, &out->begin, &out->end))
    return;

  out->n_columns = (guint) out->plot.size.width;
  ensure_scratch (self, (gsize) out->n_columns * MAX (self->series->len, 1));

  for (guint i = 0; i < self->series->len; i++)
    {
      HsChartSeries *s = g_ptr_array_index (self->series, i);
      double *mins = self->mins + (gsize) i * out->n_columns;
      double *maxs = self->maxs + (gsize) i * out->n_columns;

      guint64 generation = s->funcs->get_generation ? s->funcs->get_generation (s->data) : 0;

      if (!(s->cached && s->funcs->get_generation != NULL &&
            s->cache_generation == generation && s->cache_begin == out->begin &&
            s->cache_end == out->end && s->cache_columns == out->n_columns))
        {
          for (guint c = 0; c < out->n_columns; c++)
            mins[c] = maxs[c] = NAN;
          s->funcs->get_columns (s->data, out->begin, out->end, out->n_columns, mins, maxs);
          s->cached = TRUE;
          s->cache_generation = generation;
          s->cache_begin = out->begin;
          s->cache_end = out->end;
          s->cache_columns = out->n_columns;
        }

      for (guint c = 0; c < out->n_columns; c++)
        {
          if (isnan (maxs[c]))
            continue;
          n_points++;
          max_value = MAX (max_value, maxs[c]);
        }
    }

  self->n_points = n_points;
  out->has_data = n_points > 0;

  {
    guint max_ticks = MAX (1, (guint) (out->plot.size.height / TICK_GAP_Y));
    double floor_value = self->unit == HS_CHART_UNIT_BYTES ? 1024 * 1024 :
                         self->unit == HS_CHART_UNIT_PERCENT ? 10 : 4;

    max_value = MAX (max_value, floor_value);
    out->tick_step = nice_step (self->unit, max_value / max_ticks);
    out->axis_max = ceil (max_value / out->tick_step) * out->tick_step;
    /* Leave a little headroom so a line at the top stays visible. */
    if (out->axis_max - max_value < out->tick_step * 0.05)
      out->axis_max += out->tick_step;
  }
}

static inline double
layout_y (const HsChartLayout *l,
          double               value)
{
  return l->plot.origin.y + l->plot.size.height * (1.0 - value / l->axis_max);
}

static inline double
layout_x_of_time (const HsChartLayout *l,
                  gint64               t)
{
  return l->plot.origin.x + l->plot.size.width *
         (double) (t - l->begin) / (double) MAX (1, l->end - l->begin);
}

static inline gint64
layout_time_of_x (const HsChartLayout *l,
                  double               x)
{
  double f = (x - l->plot.origin.x) / MAX (1.0, l->plot.size.width);

  return l->begin + (gint64) (f * (double) (l->end - l->begin));
}

void
hs_chart_get_plot_area (HsChart         *self,
                        int              width,
                        int              height,
                        graphene_rect_t *area)
{
  HsChartLayout l;

  g_return_if_fail (HS_IS_CHART (self));

  hs_chart_compute_layout (self, width, height, &l);
  *area = l.plot;
}

/**
 * hs_chart_value_to_y:
 *
 * Where @value lands on the value axis for a chart of this size, with the
 * axis the series' visible data gives now.
 */
double
hs_chart_value_to_y (HsChart *self,
                     double   value,
                     int      width,
                     int      height)
{
  HsChartLayout l;

  g_return_val_if_fail (HS_IS_CHART (self), 0);

  hs_chart_compute_layout (self, width, height, &l);
  if (l.axis_max <= 0)
    return l.plot.origin.y + l.plot.size.height;

  return layout_y (&l, value);
}

static void
set_source_alpha (cairo_t       *cr,
                  const GdkRGBA *c,
                  double         alpha)
{
  cairo_set_source_rgba (cr, c->red, c->green, c->blue, c->alpha * alpha);
}

static void
draw_text (cairo_t       *cr,
           PangoLayout   *layout,
           double         x,
           double         y)
{
  cairo_move_to (cr, x, y);
  pango_cairo_update_layout (cr, layout);
  pango_cairo_show_layout (cr, layout);
}

static gint64
time_step_for (gint64 span,
               double width)
{
  static const gint64 steps[] = {
    1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800,
    3600, 2 * 3600, 3 * 3600, 6 * 3600, 12 * 3600, 24 * 3600,
  };
  double max_ticks = MAX (1.0, width / TICK_GAP_X);

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if ((double) span / (steps[i] * USEC_PER_SEC) <= max_ticks)
      return steps[i] * USEC_PER_SEC;

  return 24 * 3600 * USEC_PER_SEC;
}

static char *
format_clock (gint64   t,
              gboolean seconds)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (t / USEC_PER_SEC);

  if (dt == NULL)
    return g_strdup ("");

  return g_date_time_format (dt, seconds ? "%H:%M:%S" : "%H:%M");
}

static void
draw_axes (HsChart             *self,
           cairo_t             *cr,
           const HsChartLayout *l,
           const GdkRGBA       *fg)
{
  const graphene_rect_t *p = &l->plot;
  double right = p->origin.x + p->size.width;
  double bottom = p->origin.y + p->size.height;
  gint64 step, t;
  gint64 utc_offset;

  cairo_set_line_width (cr, 1);

  /* Value grid and labels. */
  for (double v = 0; v <= l->axis_max + l->tick_step * 0.01; v += l->tick_step)
    {
      double y = floor (layout_y (l, v)) + 0.5;
      g_autofree char *text = format_tick (self->unit, v, l->tick_step);
      g_autoptr(PangoLayout) layout = make_layout (self, text, FALSE, TRUE);
      int tw, th;

      set_source_alpha (cr, fg, v == 0 ? 0.35 : 0.12);
      cairo_move_to (cr, p->origin.x, y);
      cairo_line_to (cr, right, y);
      cairo_stroke (cr);

      pango_layout_get_pixel_size (layout, &tw, &th);
      set_source_alpha (cr, fg, 0.7);
      draw_text (cr, layout, p->origin.x - tw - 6, y - th / 2.0);
    }

  /* Time grid on round local wall-clock times (10:05:00, not 10:04:37). */
  step = time_step_for (l->end - l->begin, p->size.width);
  {
    g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (l->begin / USEC_PER_SEC);

    utc_offset = now != NULL ? g_date_time_get_utc_offset (now) : 0;
  }
  t = ((l->begin + utc_offset) / step + 1) * step - utc_offset;
  for (; t <= l->end; t += step)
    {
      double x = floor (layout_x_of_time (l, t)) + 0.5;
      g_autofree char *text = format_clock (t, step < 60 * USEC_PER_SEC);
      g_autoptr(PangoLayout) layout = make_layout (self, text, FALSE, TRUE);
      int tw, th;

      set_source_alpha (cr, fg, 0.12);
      cairo_move_to (cr, x, p->origin.y);
      cairo_line_to (cr, x, bottom);
      cairo_stroke (cr);

      pango_layout_get_pixel_size (layout, &tw, &th);
      if (x - tw / 2.0 < p->origin.x - 20 || x + tw / 2.0 > right + PAD)
        continue;
      set_source_alpha (cr, fg, 0.7);
      draw_text (cr, layout, x - tw / 2.0, bottom + 3);
    }
}

static void
draw_header (HsChart       *self,
             cairo_t       *cr,
             int            width,
             const GdkRGBA *fg)
{
  g_autoptr(PangoLayout) title = make_layout (self, self->title ? self->title : "", TRUE, FALSE);
  double x = width - PAD;
  int tw, th;

  pango_layout_get_pixel_size (title, &tw, &th);
  set_source_alpha (cr, fg, 1);
  draw_text (cr, title, PAD, PAD);

  /* The legend, right-aligned, last series rightmost. */
  for (guint i = self->series->len; i > 0; i--)
    {
      HsChartSeries *s = g_ptr_array_index (self->series, i - 1);
      g_autoptr(PangoLayout) layout = make_layout (self, s->label, FALSE, TRUE);
      GdkRGBA color;
      int lw, lh;

      pango_layout_get_pixel_size (layout, &lw, &lh);
      x -= lw;
      if (x < PAD + tw + 24)
        break;
      set_source_alpha (cr, fg, 0.85);
      draw_text (cr, layout, x, PAD + (th - lh) / 2.0);

      series_color (self, i - 1, &color);
      gdk_cairo_set_source_rgba (cr, &color);
      cairo_rectangle (cr, x - 16, PAD + th / 2.0 - 4, 10, 8);
      cairo_fill (cr);
      x -= 16 + 14;
    }
}

static void
draw_series (HsChart             *self,
             cairo_t             *cr,
             const HsChartLayout *l)
{
  double x0 = l->plot.origin.x;
  double bottom = l->plot.origin.y + l->plot.size.height;

  cairo_save (cr);
  cairo_rectangle (cr, l->plot.origin.x, l->plot.origin.y - 1,
                   l->plot.size.width, l->plot.size.height + 2);
  cairo_clip (cr);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);

  /* Last series first, so the first (the total) stays on top where
   * series overlap, e.g. heap under anonymous memory. */
  for (guint i = self->series->len; i-- > 0;)
    {
      const double *mins = self->mins + (gsize) i * l->n_columns;
      const double *maxs = self->maxs + (gsize) i * l->n_columns;
      GdkRGBA color;
      guint first = G_MAXUINT, last = 0, n_valid = 0;
      gboolean has_band = FALSE;

      series_color (self, i, &color);

      for (guint c = 0; c < l->n_columns; c++)
        {
          if (isnan (maxs[c]))
            continue;
          first = MIN (first, c);
          last = c;
          n_valid++;
          has_band |= layout_y (l, mins[c]) - layout_y (l, maxs[c]) >= 2.0;
        }
      if (n_valid == 0)
        continue;

      /* Columns without a sample (samples sparser than pixels) are
       * bridged: the monitor samples without pauses. */
#define TRACE(values, from, to, step)                                 \
      for (guint c = (from); c != (to) + (step); c += (step))          \
        if (!isnan (values[c]))                                         \
          cairo_line_to (cr, x0 + c + 0.5, layout_y (l, values[c]))

      /* A faint area under the first series (the total, e.g. RSS); the
       * others are lines only: stacked tints turn to mud. */
      if (i == 0)
        {
          cairo_move_to (cr, x0 + first + 0.5, bottom);
          TRACE (maxs, first, last, 1);
          cairo_line_to (cr, x0 + last + 0.5, bottom);
          cairo_close_path (cr);
          set_source_alpha (cr, &color, 0.12);
          cairo_fill (cr);
        }

      /* Where a column holds several samples, the band between their
       * minimum and maximum: a spike inside a column still shows. One
       * polygon, not a zigzag line, so the cost does not depend on how
       * noisy the data is. */
      if (has_band)
        {
          cairo_move_to (cr, x0 + first + 0.5, layout_y (l, maxs[first]));
          TRACE (maxs, first, last, 1);
          TRACE (mins, last, first, -1);
          cairo_close_path (cr);
          set_source_alpha (cr, &color, 0.55);
          cairo_fill (cr);
        }

      cairo_move_to (cr, x0 + first + 0.5, layout_y (l, maxs[first]));
      TRACE (maxs, first, last, 1);
      gdk_cairo_set_source_rgba (cr, &color);
      cairo_set_line_width (cr, 1.5);
      cairo_stroke (cr);
#undef TRACE

      /* One sample alone is a dot, not an invisible zero-length line. */
      if (n_valid == 1)
        {
          cairo_arc (cr, x0 + first + 0.5, layout_y (l, maxs[first]), 2.5, 0, 2 * G_PI);
          cairo_fill (cr);
        }
    }

  cairo_restore (cr);
}

static void
draw_hover (HsChart             *self,
            cairo_t             *cr,
            const HsChartLayout *l,
            const GdkRGBA       *fg,
            int                  width)
{
  const graphene_rect_t *p = &l->plot;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(PangoLayout) layout = NULL;
  gint64 t, shown_time = 0;
  double x = self->hover_x, bx, by;
  gboolean any = FALSE;
  int tw, th;

  if (x < p->origin.x || x > p->origin.x + p->size.width)
    return;

  t = layout_time_of_x (l, x);

  for (guint i = 0; i < self->series->len; i++)
    {
      HsChartSeries *s = g_ptr_array_index (self->series, i);
      g_autofree char *value_text = NULL;
      gint64 st;
      double v;

      if (!s->funcs->get_nearest (s->data, t, &st, &v))
        continue;
      /* Only samples near the pointer: no value read across a gap. */
      if (llabs (st - t) > MAX ((l->end - l->begin) / 50, 2 * USEC_PER_SEC))
        continue;
      if (!any)
        shown_time = st;
      any = TRUE;
      value_text = format_value (self->unit, v);
      {
        GdkRGBA c;

        series_color (self, i, &c);
        g_string_append_printf (text, "\n<span foreground=\"#%02x%02x%02x\">●</span> %s  <b>%s</b>",
                                (int) (c.red * 255), (int) (c.green * 255), (int) (c.blue * 255),
                                s->label, value_text);
      }

      /* A dot where the sample is. */
      {
        GdkRGBA c;
        series_color (self, i, &c);
        gdk_cairo_set_source_rgba (cr, &c);
        cairo_arc (cr, layout_x_of_time (l, st), layout_y (l, v), 3.5, 0, 2 * G_PI);
        cairo_fill (cr);
      }
    }

  /* The crosshair sits on the sample read out, not between samples. */
  if (any)
    x = CLAMP (layout_x_of_time (l, shown_time), p->origin.x, p->origin.x + p->size.width);
  set_source_alpha (cr, fg, 0.5);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, floor (x) + 0.5, p->origin.y);
  cairo_line_to (cr, floor (x) + 0.5, p->origin.y + p->size.height);
  cairo_stroke (cr);

  if (!any)
    return;

  {
    g_autofree char *clock = format_clock (shown_time, TRUE);
    g_autofree char *markup = g_strconcat ("<b>", clock, "</b>", text->str, NULL);

    layout = make_layout (self, NULL, FALSE, TRUE);
    pango_layout_set_markup (layout, markup, -1);
  }
  pango_layout_get_pixel_size (layout, &tw, &th);

  bx = x + 12;
  if (bx + tw + 12 > width - PAD)
    bx = x - 12 - tw - 12;
  by = p->origin.y + 6;

  {
    GdkRGBA bg = { 1 - fg->red, 1 - fg->green, 1 - fg->blue, 1 };

    G_GNUC_BEGIN_IGNORE_DEPRECATIONS
    gtk_style_context_lookup_color (gtk_widget_get_style_context (GTK_WIDGET (self)),
                                    "popover_bg_color", &bg);
    G_GNUC_END_IGNORE_DEPRECATIONS
    bg.alpha *= 0.95;
    gdk_cairo_set_source_rgba (cr, &bg);
    cairo_rectangle (cr, bx, by, tw + 12, th + 8);
    cairo_fill_preserve (cr);
    set_source_alpha (cr, fg, 0.25);
    cairo_stroke (cr);
  }

  set_source_alpha (cr, fg, 1);
  draw_text (cr, layout, bx + 6, by + 4);
}

/**
 * hs_chart_draw:
 *
 * Draws the chart at @width × @height logical pixels into @cr. The widget
 * draws through this, and tests and the benchmark call it on image surfaces.
 */
void
hs_chart_draw (HsChart *self,
               cairo_t *cr,
               int      width,
               int      height)
{
  HsChartLayout l;
  GdkRGBA fg;

  g_return_if_fail (HS_IS_CHART (self));

  if (width <= 0 || height <= 0)
    return;

  foreground_color (self, &fg);
  hs_chart_compute_layout (self, width, height, &l);

  draw_header (self, cr, width, &fg);

  if (l.plot.size.width < 2 || l.plot.size.height < 2)
    return;

  if (l.axis_max <= 0)
    {
      g_autoptr(PangoLayout) layout = make_layout (self, _("Waiting for samples…"), FALSE, FALSE);
      int tw, th;

      pango_layout_get_pixel_size (layout, &tw, &th);
      set_source_alpha (cr, &fg, 0.55);
      draw_text (cr, layout,
                 l.plot.origin.x + (l.plot.size.width - tw) / 2,
                 l.plot.origin.y + (l.plot.size.height - th) / 2);
      return;
    }

  draw_axes (self, cr, &l, &fg);
  draw_series (self, cr, &l);

  if (self->dragging)
    {
      double a = CLAMP (MIN (self->drag_x0, self->drag_x1), l.plot.origin.x,
                        l.plot.origin.x + l.plot.size.width);
      double b = CLAMP (MAX (self->drag_x0, self->drag_x1), l.plot.origin.x,
                        l.plot.origin.x + l.plot.size.width);
      GdkRGBA accent;

      series_color (self, 0, &accent);
      set_source_alpha (cr, &accent, 0.2);
      cairo_rectangle (cr, a, l.plot.origin.y, b - a, l.plot.size.height);
      cairo_fill (cr);
    }
  else if (self->hovering)
    draw_hover (self, cr, &l, &fg, width);
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
 * Shows the time between two x positions (widget coordinates) and stops
 * following the live edge.
 */
void
hs_chart_zoom_to_pixels (HsChart *self,
                         double   x0,
                         double   x1)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  HsChartLayout l;
  gint64 t0, t1;

  g_return_if_fail (HS_IS_CHART (self));

  hs_chart_compute_layout (self, width, height, &l);
  if (l.end <= l.begin)
    return;

  t0 = layout_time_of_x (&l, MIN (x0, x1));
  t1 = layout_time_of_x (&l, MAX (x0, x1));

  g_object_freeze_notify (G_OBJECT (self));
  hs_chart_set_following (self, FALSE);
  hs_chart_set_span (self, MAX (t1 - t0, MIN_SPAN));
  hs_chart_set_end_time (self, t0 + self->span);
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * hs_chart_scroll_by:
 * @fraction: how far to move, in visible widths; negative goes back in time
 *
 * Moving back leaves the live edge; reaching it again follows it again.
 */
void
hs_chart_scroll_by (HsChart *self,
                    double   fraction)
{
  gint64 begin, end, first, last, new_end;

  g_return_if_fail (HS_IS_CHART (self));

  if (!hs_chart_get_visible_range (self, &begin, &end) ||
      !hs_chart_get_bounds (self, &first, &last))
    return;

  g_object_freeze_notify (G_OBJECT (self));

  /* "All" has no fixed width to scroll by: pin the current one. */
  if (self->span == 0)
    hs_chart_set_span (self, end - begin);

  new_end = end + (gint64) (fraction * (double) (end - begin));
  new_end = MAX (new_end, first + MIN_SPAN);

  if (new_end >= last)
    {
      hs_chart_set_end_time (self, last);
      hs_chart_set_following (self, TRUE);
    }
  else
    {
      hs_chart_set_following (self, FALSE);
      hs_chart_set_end_time (self, new_end);
    }

  g_object_thaw_notify (G_OBJECT (self));
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
      if (!hs_chart_get_visible_range (self, &begin, &end))
        return FALSE;
      hs_chart_set_span (self, (gint64) ((double) (end - begin) * (dy > 0 ? 1.25 : 0.8)));
      return TRUE;
    }

  /* Horizontal scroll (or vertical without Ctrl) moves in time. A plain
   * vertical wheel over a stack of charts should scroll the page though,
   * so take it only with Shift or as a horizontal delta. */
  if (dx != 0)
    hs_chart_scroll_by (self, dx * 0.1);
  else if (state & GDK_SHIFT_MASK)
    hs_chart_scroll_by (self, dy * 0.1);
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
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
hs_chart_finalize (GObject *object)
{
  HsChart *self = (HsChart *) object;

  g_clear_pointer (&self->series, g_ptr_array_unref);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->mins, g_free);
  g_clear_pointer (&self->maxs, g_free);

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
    case PROP_SPAN:
      g_value_set_int64 (value, self->span);
      break;
    case PROP_FOLLOWING:
      g_value_set_boolean (value, self->following);
      break;
    case PROP_END_TIME:
      g_value_set_int64 (value, self->end_time);
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
    case PROP_SPAN:
      hs_chart_set_span (self, g_value_get_int64 (value));
      break;
    case PROP_FOLLOWING:
      hs_chart_set_following (self, g_value_get_boolean (value));
      break;
    case PROP_END_TIME:
      hs_chart_set_end_time (self, g_value_get_int64 (value));
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

  object_class->finalize = hs_chart_finalize;
  object_class->get_property = hs_chart_get_property;
  object_class->set_property = hs_chart_set_property;

  widget_class->snapshot = hs_chart_snapshot;
  widget_class->measure = hs_chart_measure;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SPAN] =
    g_param_spec_int64 ("span", NULL, NULL, 0, G_MAXINT64, 60 * USEC_PER_SEC,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FOLLOWING] =
    g_param_spec_boolean ("following", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_END_TIME] =
    g_param_spec_int64 ("end-time", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "chart");
}

static void
hs_chart_init (HsChart *self)
{
  GtkEventController *controller;
  GtkGesture *drag;

  self->series = g_ptr_array_new_with_free_func (hs_chart_series_free);
  self->span = 60 * USEC_PER_SEC;
  self->following = TRUE;
  self->unit = HS_CHART_UNIT_COUNT;

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
