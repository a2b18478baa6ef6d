/* test-chart.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <cairo-svg.h>

#include <adwaita.h>

#include "hs-band-layer.h"
#include "hs-chart.h"
#include "hs-line-layer.h"
#include "hs-mark-layer.h"
#include "hs-stacked-layer.h"
#include "hs-threshold-layer.h"
#include "hs-trend-layer.h"
#include "hs-series.h"
#include "hs-test-ui.h"

#define USEC G_GINT64_CONSTANT (1000000)
#define MIB  (1024.0 * 1024.0)
#define T0   (G_GINT64_CONSTANT (1700000000) * USEC)
#define W    600
#define H    220

static cairo_surface_t *
render (HsChart *chart)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, W, H);
  cairo_t *cr = cairo_create (surface);

  hs_chart_draw (chart, cr, W, H);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  return surface;
}

static guint8
alpha_at (cairo_surface_t *surface,
          int              x,
          int              y)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  guint32 pixel;

  g_assert_cmpint (x, >=, 0);
  g_assert_cmpint (y, >=, 0);
  g_assert_cmpint (x, <, W);
  g_assert_cmpint (y, <, H);
  pixel = *(const guint32 *) (data + y * stride + x * 4);

  return pixel >> 24;
}

/* Painted pixels in a rectangle: the surface starts fully transparent. */
static guint
count_painted (cairo_surface_t *surface,
               int              x0,
               int              y0,
               int              x1,
               int              y1,
               guint8           min_alpha)
{
  guint n = 0;

  for (int y = MAX (y0, 0); y < MIN (y1, H); y++)
    for (int x = MAX (x0, 0); x < MIN (x1, W); x++)
      if (alpha_at (surface, x, y) >= min_alpha)
        n++;

  return n;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static HsChart *
make_chart (HsChartUnit unit)
{
  return g_object_ref_sink (HS_CHART (hs_chart_new ("Memory", unit)));
}

static void
test_chart_new_destroy (void)
{
  HsChart *chart = make_chart (HS_CHART_UNIT_BYTES);
  g_autoptr(HsSeries) series = hs_series_new (16);

  hs_chart_add_series (chart, "RSS", series);
  /* A series is a line over its min/max band. */
  g_assert_cmpuint (hs_chart_get_n_layers (chart), ==, 2);
  g_assert_true (HS_IS_LINE_LAYER (hs_chart_get_layer (chart, 0)));
  g_assert_true (HS_IS_BAND_LAYER (hs_chart_get_layer (chart, 1)));
  g_assert_cmpstr (hs_chart_get_title (chart), ==, "Memory");
  g_assert_true (hs_timeline_get_following (hs_chart_get_timeline (chart)));
  g_assert_cmpint (hs_timeline_get_span (hs_chart_get_timeline (chart)), ==, 60 * USEC);

  g_assert_finalize_object (chart);
}

static void
test_chart_empty (void)
{
  HsChart *chart = make_chart (HS_CHART_UNIT_BYTES);
  cairo_surface_t *surface;

  g_assert_false (hs_chart_get_visible_range (chart, NULL, NULL));
  surface = render (chart);
  /* The title and the waiting message, no crash, no points. */
  g_assert_cmpuint (count_painted (surface, 0, 0, W, 30, 1), >, 0);
  g_assert_cmpuint (hs_chart_get_n_points (chart), ==, 0);
  cairo_surface_destroy (surface);

  g_assert_finalize_object (chart);
}

/* A flat line at 512 MiB must land where the value axis says, and the
 * axis labels must be drawn left of the plot. */
static void
test_chart_value_position (void)
{
  HsChart *chart = make_chart (HS_CHART_UNIT_BYTES);
  g_autoptr(HsSeries) series = hs_series_new (1000);
  cairo_surface_t *surface;
  graphene_rect_t plot;
  double y;
  int x;

  for (int i = 0; i <= 120; i++)
    hs_series_append (series, T0 + i * USEC, 512 * MIB);
  hs_chart_add_series (chart, "RSS", series);
  hs_timeline_set_span (hs_chart_get_timeline (chart), 0);

  hs_chart_get_plot_area (chart, W, H, &plot);
  g_assert_cmpfloat (plot.size.width, >, 300);
  g_assert_cmpfloat (plot.size.height, >, 100);

  y = hs_chart_value_to_y (chart, 512 * MIB, W, H);
  g_assert_cmpfloat (y, >, plot.origin.y);
  g_assert_cmpfloat (y, <, plot.origin.y + plot.size.height);

  surface = render (chart);
  g_assert_cmpuint (hs_chart_get_n_points (chart), >=, 100);

  /* The line: opaque pixels within a pixel of the expected y, in the
   * middle of the plot. */
  x = (int) (plot.origin.x + plot.size.width / 2);
  g_assert_cmpuint (count_painted (surface, x - 1, (int) y - 1, x + 2, (int) y + 2, 200), >, 0);
  /* Far above the line, inside the plot, nothing but faint grid. */
  g_assert_cmpuint (count_painted (surface, x - 1, (int) plot.origin.y + 2, x + 2,
                                   (int) plot.origin.y + 6, 200), ==, 0);

  /* Value-axis labels exist left of the plot, time labels below it. */
  g_assert_cmpuint (count_painted (surface, 0, (int) plot.origin.y, (int) plot.origin.x - 2,
                                   (int) (plot.origin.y + plot.size.height), 60), >, 20);
  g_assert_cmpuint (count_painted (surface, (int) plot.origin.x, (int) (plot.origin.y + plot.size.height) + 2,
                                   W, H, 60), >, 20);

  cairo_surface_destroy (surface);
  g_assert_finalize_object (chart);
}

/* A one-sample spike in 86,400 points must still be drawn: the chart asks
 * for min/max per column, it does not pick one sample per column. */
static void
test_chart_decimation_keeps_spikes (void)
{
  HsChart *chart = make_chart (HS_CHART_UNIT_COUNT);
  g_autoptr(HsSeries) series = hs_series_new (HS_SERIES_DEFAULT_CAPACITY);
  cairo_surface_t *surface;
  graphene_rect_t plot;
  double spike_y, base_y;
  int spike_x;

  for (int i = 0; i < HS_SERIES_DEFAULT_CAPACITY; i++)
    hs_series_append (series, T0 + (gint64) i * USEC, i == 43210 ? 100 : 10);
  hs_chart_add_series (chart, "Threads", series);
  hs_timeline_set_span (hs_chart_get_timeline (chart), 0);

  hs_chart_get_plot_area (chart, W, H, &plot);
  spike_y = hs_chart_value_to_y (chart, 100, W, H);
  base_y = hs_chart_value_to_y (chart, 10, W, H);
  g_assert_cmpfloat (spike_y, <, base_y - 50);

  surface = render (chart);
  spike_x = (int) (plot.origin.x + plot.size.width * 43210.0 / (HS_SERIES_DEFAULT_CAPACITY - 1));
  g_assert_cmpuint (count_painted (surface, spike_x - 2, (int) spike_y - 1, spike_x + 3,
                                   (int) spike_y + 2, 200), >, 0);
  /* Far from the spike, nothing at that height. */
  g_assert_cmpuint (count_painted (surface, (int) plot.origin.x + 5, (int) spike_y - 1,
                                   (int) plot.origin.x + 40, (int) spike_y + 2, 200), ==, 0);

  cairo_surface_destroy (surface);
  g_assert_finalize_object (chart);
}

static void
test_chart_follow_and_scroll (void)
{
  HsChart *chart = make_chart (HS_CHART_UNIT_BYTES);
  g_autoptr(HsSeries) series = hs_series_new (10000);
  gint64 begin, end;

  for (int i = 0; i < 3600; i++)
    hs_series_append (series, T0 + (gint64) i * USEC, i * 1024.0);
  hs_chart_add_series (chart, "RSS", series);

  /* Following: the window ends at the newest sample. */
  g_assert_true (hs_chart_get_visible_range (chart, &begin, &end));
  g_assert_cmpint (end, ==, T0 + 3599 * USEC);
  g_assert_cmpint (end - begin, ==, 60 * USEC);

  /* Scrolling back leaves the live edge; new samples do not move it. */
  hs_timeline_scroll_by (hs_chart_get_timeline (chart), -2.0);
  g_assert_false (hs_timeline_get_following (hs_chart_get_timeline (chart)));
  g_assert_true (hs_chart_get_visible_range (chart, &begin, &end));
  g_assert_cmpint (end, ==, T0 + 3599 * USEC - 120 * USEC);
  hs_series_append (series, T0 + 3600 * USEC, 0);
  g_assert_true (hs_chart_get_visible_range (chart, NULL, &end));
  g_assert_cmpint (end, ==, T0 + 3599 * USEC - 120 * USEC);

  /* Scrolling past the newest sample follows again. */
  hs_timeline_scroll_by (hs_chart_get_timeline (chart), 5.0);
  g_assert_true (hs_timeline_get_following (hs_chart_get_timeline (chart)));
  g_assert_true (hs_chart_get_visible_range (chart, NULL, &end));
  g_assert_cmpint (end, ==, T0 + 3600 * USEC);

  /* "All" shows the whole history. */
  hs_timeline_set_span (hs_chart_get_timeline (chart), 0);
  g_assert_true (hs_chart_get_visible_range (chart, &begin, &end));
  g_assert_cmpint (begin, ==, T0);

  g_assert_finalize_object (chart);
}

/* Drag-to-zoom, on a chart laid out in a real window: the window between
 * the two x positions is shown and the live edge is no longer followed. */
static void
test_chart_zoom (void)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  HsChart *chart = HS_CHART (hs_chart_new ("Memory", HS_CHART_UNIT_BYTES));
  g_autoptr(HsSeries) series = hs_series_new (1000);
  graphene_rect_t plot;
  gint64 begin, end;
  int width, height;

  for (int i = 0; i <= 600; i++)
    hs_series_append (series, T0 + i * USEC, i * 4096.0);
  hs_chart_add_series (chart, "RSS", series);
  hs_timeline_set_span (hs_chart_get_timeline (chart), 0);

  gtk_window_set_child (window, GTK_WIDGET (chart));
  gtk_window_set_default_size (window, 700, 240);
  gtk_window_present (window);
  g_assert_true (hs_test_iterate_until (hs_test_widget_is_mapped, chart, 10000));
  width = gtk_widget_get_width (GTK_WIDGET (chart));
  height = gtk_widget_get_height (GTK_WIDGET (chart));
  hs_chart_get_plot_area (chart, width, height, &plot);

  /* From a quarter to half of the plot: 150 s to 300 s of the 600 s. */
  hs_chart_zoom_to_pixels (chart, plot.origin.x + plot.size.width / 4,
                           plot.origin.x + plot.size.width / 2);
  g_assert_false (hs_timeline_get_following (hs_chart_get_timeline (chart)));
  g_assert_true (hs_chart_get_visible_range (chart, &begin, &end));
  g_assert_cmpint (ABS (begin - (T0 + 150 * USEC)), <, 2 * USEC);
  g_assert_cmpint (ABS (end - (T0 + 300 * USEC)), <, 2 * USEC);

  /* New samples do not move a zoomed view. */
  hs_series_append (series, T0 + 601 * USEC, 0);
  g_assert_true (hs_chart_get_visible_range (chart, NULL, &end));
  g_assert_cmpint (ABS (end - (T0 + 300 * USEC)), <, 2 * USEC);

  gtk_window_destroy (window);
}

/* The hover read-out draws a box with time and values in the plot. */
static void
test_chart_hover (void)
{
  HsChart *chart = make_chart (HS_CHART_UNIT_BYTES);
  g_autoptr(HsSeries) series = hs_series_new (1000);
  cairo_surface_t *plain, *hovered;
  graphene_rect_t plot;
  int x;

  for (int i = 0; i <= 60; i++)
    hs_series_append (series, T0 + i * USEC, 64 * MIB);
  hs_chart_add_series (chart, "RSS", series);
  hs_chart_get_plot_area (chart, W, H, &plot);

  plain = render (chart);
  x = (int) (plot.origin.x + plot.size.width / 3);
  hs_chart_set_hover (chart, x, plot.origin.y + 20);
  hovered = render (chart);

  /* Right of the pointer, the box is opaque where the plain chart had
   * only faint grid. */
  {
    guint with_box = count_painted (hovered, x + 14, (int) plot.origin.y + 8, x + 60,
                                    (int) plot.origin.y + 30, 200);
    guint without = count_painted (plain, x + 14, (int) plot.origin.y + 8, x + 60,
                                   (int) plot.origin.y + 30, 200);

    g_assert_cmpuint (with_box, >, without + 200);
  }

  cairo_surface_destroy (plain);
  cairo_surface_destroy (hovered);
  g_assert_finalize_object (chart);
}

/* Where the accent colour was painted strongly: the data, not the grid. */
static guint
count_colored (cairo_surface_t *surface,
               int              x0,
               int              y0,
               int              x1,
               int              y1)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  guint n = 0;

  for (int y = MAX (y0, 0); y < MIN (y1, H); y++)
    for (int x = MAX (x0, 0); x < MIN (x1, W); x++)
      {
        guint32 p = *(const guint32 *) (data + y * stride + x * 4);
        int a = p >> 24, r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;

        /* Not grey: some channel differs clearly from another. */
        if (a > 100 && (ABS (r - b) > 40 || ABS (r - g) > 40 || ABS (g - b) > 40))
          n++;
      }

  return n;
}

/* Two charts on one timeline: zooming one zooms the other, and the live
 * edge is the newest point of any series of either. */
static void
test_timeline_shared (void)
{
  g_autoptr(HsTimeline) timeline = hs_timeline_new ();
  HsChart *a = make_chart (HS_CHART_UNIT_BYTES);
  HsChart *b = make_chart (HS_CHART_UNIT_COUNT);
  g_autoptr(HsSeries) rss = hs_series_new (1000);
  g_autoptr(HsSeries) threads = hs_series_new (1000);
  gint64 first, last, begin_a, end_a, begin_b, end_b;

  for (int i = 0; i <= 300; i++)
    hs_series_append (rss, T0 + i * USEC, i * 4096.0);
  for (int i = 100; i <= 400; i++)
    hs_series_append (threads, T0 + i * USEC, 8);

  hs_chart_set_timeline (a, timeline);
  hs_chart_set_timeline (b, timeline);
  hs_chart_add_series (a, "RSS", rss);
  hs_chart_add_series (b, "Threads", threads);
  g_assert_true (hs_chart_get_timeline (a) == timeline);

  g_assert_true (hs_timeline_get_data_range (timeline, &first, &last));
  g_assert_cmpint (first, ==, T0);
  g_assert_cmpint (last, ==, T0 + 400 * USEC);

  hs_timeline_show_range (timeline, T0 + 50 * USEC, T0 + 150 * USEC);
  g_assert_false (hs_timeline_get_following (timeline));
  g_assert_true (hs_chart_get_visible_range (a, &begin_a, &end_a));
  g_assert_true (hs_chart_get_visible_range (b, &begin_b, &end_b));
  g_assert_cmpint (begin_a, ==, T0 + 50 * USEC);
  g_assert_cmpint (end_a, ==, T0 + 150 * USEC);
  g_assert_cmpint (begin_a, ==, begin_b);
  g_assert_cmpint (end_a, ==, end_b);

  /* A zoom narrower than the minimum is widened to it. */
  hs_timeline_show_range (timeline, T0 + 50 * USEC, T0 + 51 * USEC);
  g_assert_cmpint (hs_timeline_get_span (timeline), ==, HS_TIMELINE_MIN_SPAN);

  /* Going live again follows the newest point. */
  hs_timeline_set_following (timeline, TRUE);
  g_assert_true (hs_chart_get_visible_range (b, NULL, &end_b));
  g_assert_cmpint (end_b, ==, T0 + 400 * USEC);

  /* A chart that goes away takes its series out of the timeline. */
  g_assert_finalize_object (b);
  g_assert_true (hs_timeline_get_data_range (timeline, NULL, &last));
  g_assert_cmpint (last, ==, T0 + 300 * USEC);

  /* A chart back on a timeline of its own no longer counts either. */
  hs_chart_set_timeline (a, NULL);
  g_assert_false (hs_timeline_get_data_range (timeline, NULL, NULL));
  g_assert_true (hs_chart_get_timeline (a) != timeline);

  g_assert_finalize_object (a);
}

/* The selection is the timeline's, and every chart shades it. */
static void
test_timeline_selection (void)
{
  HsChart *chart = make_chart (HS_CHART_UNIT_BYTES);
  HsTimeline *timeline = hs_chart_get_timeline (chart);
  g_autoptr(HsSeries) series = hs_series_new (1000);
  cairo_surface_t *plain, *selected;
  graphene_rect_t plot;
  gint64 begin, end;
  int xa, xb, y;

  for (int i = 0; i <= 100; i++)
    hs_series_append (series, T0 + i * USEC, 1 * MIB);
  hs_chart_add_series (chart, "RSS", series);
  hs_timeline_set_span (timeline, 0);
  g_assert_false (hs_timeline_get_selection (timeline, NULL, NULL));

  hs_timeline_set_selection (timeline, T0 + 60 * USEC, T0 + 20 * USEC);
  g_assert_true (hs_timeline_get_selection (timeline, &begin, &end));
  g_assert_cmpint (begin, ==, T0 + 20 * USEC);
  g_assert_cmpint (end, ==, T0 + 60 * USEC);

  hs_chart_get_plot_area (chart, W, H, &plot);
  xa = (int) (plot.origin.x + plot.size.width * 0.3);
  xb = (int) (plot.origin.x + plot.size.width * 0.8);
  y = (int) (plot.origin.y + 10);
  selected = render (chart);
  hs_timeline_clear_selection (timeline);
  plain = render (chart);

  /* Inside the selection, tinted; outside it, as without one. */
  g_assert_cmpuint (count_painted (selected, xa - 5, y, xa + 5, y + 10, 40), >,
                    count_painted (plain, xa - 5, y, xa + 5, y + 10, 40) + 50);
  g_assert_cmpuint (count_painted (selected, xb - 5, y, xb + 5, y + 10, 40), ==,
                    count_painted (plain, xb - 5, y, xb + 5, y + 10, 40));

  cairo_surface_destroy (selected);
  cairo_surface_destroy (plain);
  g_assert_finalize_object (chart);
}

/* A threshold above the data stretches the value axis to show it, and
 * is drawn where the axis says. */
static void
test_layer_threshold (void)
{
  HsChart *chart = make_chart (HS_CHART_UNIT_BYTES);
  g_autoptr(HsSeries) series = hs_series_new (1000);
  g_autoptr(HsChartLayer) limit = hs_threshold_layer_new (200 * MIB, "Limit", 4);
  cairo_surface_t *surface;
  graphene_rect_t plot;
  double y_limit, y_data;

  for (int i = 0; i <= 60; i++)
    hs_series_append (series, T0 + i * USEC, 64 * MIB);
  hs_chart_add_series (chart, "RSS", series);
  hs_chart_get_plot_area (chart, W, H, &plot);
  y_data = hs_chart_value_to_y (chart, 64 * MIB, W, H);
  /* Without the threshold, 64 MiB is near the top. */
  g_assert_cmpfloat (y_data, <, plot.origin.y + plot.size.height / 3);

  hs_chart_add_layer (chart, limit);
  y_limit = hs_chart_value_to_y (chart, 200 * MIB, W, H);
  y_data = hs_chart_value_to_y (chart, 64 * MIB, W, H);
  g_assert_cmpfloat (y_limit, >=, plot.origin.y);
  g_assert_cmpfloat (y_limit, <, y_data - 50);

  surface = render (chart);
  /* Dashes along the line's height, in the plot's left half (the label
   * sits at the right end). */
  g_assert_cmpuint (count_colored (surface, (int) plot.origin.x, (int) y_limit - 1,
                                   (int) (plot.origin.x + plot.size.width / 2), (int) y_limit + 2),
                    >, plot.size.width / 4);
  /* Its legend entry. */
  {
    g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (HsChartLegendEntry));

    for (guint i = 0; i < hs_chart_get_n_layers (chart); i++)
      hs_chart_layer_collect_legend (hs_chart_get_layer (chart, i), entries);
    g_assert_cmpuint (entries->len, ==, 2);
    g_assert_cmpstr (g_array_index (entries, HsChartLegendEntry, 1).label, ==, "Limit");
  }

  cairo_surface_destroy (surface);
  g_assert_finalize_object (chart);
}

/* A mark is a vertical line at its time, and nothing outside the window. */
static void
test_layer_mark (void)
{
  HsChart *chart = make_chart (HS_CHART_UNIT_COUNT);
  g_autoptr(HsSeries) series = hs_series_new (1000);
  g_autoptr(HsChartLayer) mark = hs_mark_layer_new (T0 + 50 * USEC, "Capture", 3);
  g_autoptr(HsChartLayer) early = hs_mark_layer_new (T0 - 500 * USEC, "Before", 4);
  cairo_surface_t *surface;
  graphene_rect_t plot;
  int x, y_mid;

  for (int i = 0; i <= 100; i++)
    hs_series_append (series, T0 + i * USEC, 1);
  hs_chart_add_series (chart, "Threads", series);
  hs_chart_add_layer (chart, mark);
  hs_chart_add_layer (chart, early);
  hs_timeline_set_span (hs_chart_get_timeline (chart), 0);
  g_assert_cmpint (hs_mark_layer_get_time (HS_MARK_LAYER (mark)), ==, T0 + 50 * USEC);

  hs_chart_get_plot_area (chart, W, H, &plot);
  x = (int) (plot.origin.x + plot.size.width / 2);
  y_mid = (int) (plot.origin.y + plot.size.height / 2);
  surface = render (chart);

  /* The whole height of the plot, at the middle column. */
  g_assert_cmpuint (count_colored (surface, x - 1, y_mid - 20, x + 2, y_mid + 20), >=, 40);
  /* A quarter further, nothing coloured at mid-height (the data is a line
   * at 1 near the bottom). */
  g_assert_cmpuint (count_colored (surface, x - 60, y_mid - 20, x - 50, y_mid + 20), ==, 0);
  /* The mark before history is not drawn at the left edge. */
  g_assert_cmpuint (count_colored (surface, (int) plot.origin.x, y_mid - 20,
                                   (int) plot.origin.x + 3, y_mid + 20), ==, 0);
  /* Named on its line, not in the legend, where the series' names go. */
  {
    g_autoptr(GArray) entries = g_array_new (FALSE, TRUE, sizeof (HsChartLegendEntry));

    hs_chart_layer_collect_legend (mark, entries);
    g_assert_cmpuint (entries->len, ==, 0);
  }

  cairo_surface_destroy (surface);
  g_assert_finalize_object (chart);
}

/* A trend segment is drawn between its ends and counts for the axis. */
static void
test_layer_trend (void)
{
  HsChart *chart = make_chart (HS_CHART_UNIT_BYTES);
  g_autoptr(HsSeries) series = hs_series_new (1000);
  g_autoptr(HsChartLayer) trend = hs_trend_layer_new ("Trend", 1);
  cairo_surface_t *surface;
  graphene_rect_t plot;
  gint64 t0, t1;
  double v0, v1, y_end;
  int x_end;

  for (int i = 0; i <= 100; i++)
    hs_series_append (series, T0 + i * USEC, 10 * MIB);
  hs_chart_add_series (chart, "RSS", series);
  hs_chart_add_layer (chart, trend);
  hs_timeline_set_span (hs_chart_get_timeline (chart), 0);
  g_assert_false (hs_trend_layer_get_segment (HS_TREND_LAYER (trend), NULL, NULL, NULL, NULL));

  hs_trend_layer_set_segment (HS_TREND_LAYER (trend), T0, 10 * MIB, T0 + 100 * USEC, 100 * MIB);
  g_assert_true (hs_trend_layer_get_segment (HS_TREND_LAYER (trend), &t0, &v0, &t1, &v1));
  g_assert_cmpint (t1 - t0, ==, 100 * USEC);

  hs_chart_get_plot_area (chart, W, H, &plot);
  y_end = hs_chart_value_to_y (chart, 100 * MIB, W, H);
  g_assert_cmpfloat (y_end, >=, plot.origin.y);
  surface = render (chart);
  x_end = (int) (plot.origin.x + plot.size.width);
  /* Near the segment's far end, high above the data line. */
  g_assert_cmpuint (count_colored (surface, x_end - 12, (int) y_end - 2, x_end, (int) y_end + 8), >, 5);

  cairo_surface_destroy (surface);
  g_assert_finalize_object (chart);
}

/* Stacked parts: the top of the stack is their sum, the area between is
 * filled, and the hover reads each part's own value. */
static void
test_layer_stacked (void)
{
  HsChart *chart = make_chart (HS_CHART_UNIT_COUNT);
  g_autoptr(HsSeries) lower = hs_series_new (1000);
  g_autoptr(HsSeries) upper = hs_series_new (1000);
  g_autoptr(HsChartLayer) stack = hs_stacked_layer_new ();
  g_autoptr(GArray) readouts = g_array_new (FALSE, FALSE, sizeof (HsChartReadout));
  cairo_surface_t *surface;
  graphene_rect_t plot;
  double y10, y30, y_top;
  int x;

  for (int i = 0; i <= 60; i++)
    {
      hs_series_append (lower, T0 + i * USEC, 10);
      hs_series_append (upper, T0 + i * USEC, 20);
    }
  hs_stacked_layer_add_series (HS_STACKED_LAYER (stack), lower, "Heap", 0);
  hs_stacked_layer_add_series (HS_STACKED_LAYER (stack), upper, "Other", 1);
  g_assert_cmpuint (hs_stacked_layer_get_n_series (HS_STACKED_LAYER (stack)), ==, 2);
  hs_chart_add_layer (chart, stack);

  hs_chart_get_plot_area (chart, W, H, &plot);
  y10 = hs_chart_value_to_y (chart, 10, W, H);
  y30 = hs_chart_value_to_y (chart, 30, W, H);
  y_top = hs_chart_value_to_y (chart, 40, W, H);
  g_assert_cmpfloat (y30, >=, plot.origin.y);
  surface = render (chart);
  g_assert_cmpuint (hs_chart_get_n_points (chart), >=, 100);

  x = (int) (plot.origin.x + plot.size.width / 2);
  /* Filled between 10 and 30 and under 10, empty above 30. */
  g_assert_cmpuint (count_colored (surface, x - 2, (int) ((y10 + y30) / 2) - 2,
                                   x + 2, (int) ((y10 + y30) / 2) + 2), ==, 16);
  g_assert_cmpuint (count_colored (surface, x - 2, (int) y10 + 3, x + 2, (int) y10 + 7), ==, 16);
  if (y30 - y_top > 8)
    g_assert_cmpuint (count_colored (surface, x - 2, (int) y_top + 1, x + 2, (int) y_top + 4), ==, 0);

  hs_chart_layer_collect_readouts (stack, T0 + 30 * USEC, 2 * USEC, readouts);
  g_assert_cmpuint (readouts->len, ==, 2);
  g_assert_cmpfloat (g_array_index (readouts, HsChartReadout, 0).value, ==, 10);
  g_assert_cmpfloat (g_array_index (readouts, HsChartReadout, 1).value, ==, 20);

  cairo_surface_destroy (surface);
  g_assert_finalize_object (chart);
}

static cairo_status_t
count_bytes (void                *closure,
             const unsigned char *data,
             unsigned int         length)
{
  *(gsize *) closure += length;
  return CAIRO_STATUS_SUCCESS;
}

/* The same drawing code with a style made without the widget: dark and
 * light differ, and a vector surface gets the chart too. */
static void
test_chart_style (void)
{
  HsChart *chart = make_chart (HS_CHART_UNIT_BYTES);
  g_autoptr(HsChartStyle) light = hs_chart_style_new (FALSE);
  g_autoptr(HsChartStyle) dark = hs_chart_style_new (TRUE);
  g_autoptr(HsSeries) series = hs_series_new (1000);
  cairo_surface_t *surfaces[2], *svg;
  graphene_rect_t plot;
  GdkRGBA a, b;
  gsize svg_bytes = 0;
  double y;
  int x;

  g_assert_false (hs_chart_style_get_dark (light));
  g_assert_true (hs_chart_style_get_dark (dark));
  hs_chart_style_get_foreground (light, &a);
  hs_chart_style_get_foreground (dark, &b);
  g_assert_false (gdk_rgba_equal (&a, &b));
  /* The palette repeats after nine: the eight parts of "Where is my
   * RSS?" and its open range each get their own. */
  hs_chart_style_get_color (light, 0, &a);
  hs_chart_style_get_color (light, 9, &b);
  g_assert_true (gdk_rgba_equal (&a, &b));
  for (guint i = 0; i < 9; i++)
    for (guint j = i + 1; j < 9; j++)
      {
        hs_chart_style_get_color (light, i, &a);
        hs_chart_style_get_color (light, j, &b);
        g_assert_false (gdk_rgba_equal (&a, &b));
      }
  /* The widget's style exists and follows the widget. */
  g_assert_true (HS_IS_CHART_STYLE (hs_chart_get_style (chart)));
  g_assert_nonnull (hs_chart_style_get_font (hs_chart_get_style (chart)));

  for (int i = 0; i <= 60; i++)
    hs_series_append (series, T0 + i * USEC, 32 * MIB);
  hs_chart_add_series (chart, "RSS", series);
  hs_chart_get_plot_area (chart, W, H, &plot);
  y = hs_chart_value_to_y (chart, 32 * MIB, W, H);
  x = (int) (plot.origin.x + plot.size.width / 2);

  for (guint i = 0; i < 2; i++)
    {
      cairo_t *cr;

      surfaces[i] = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, W, H);
      cr = cairo_create (surfaces[i]);
      hs_chart_render (chart, cr, W, H, i == 0 ? light : dark);
      cairo_destroy (cr);
      cairo_surface_flush (surfaces[i]);
      g_assert_cmpuint (count_colored (surfaces[i], x - 1, (int) y - 1, x + 2, (int) y + 2), >, 0);
    }
  {
    const guint8 *p0 = cairo_image_surface_get_data (surfaces[0]);
    const guint8 *p1 = cairo_image_surface_get_data (surfaces[1]);
    int stride = cairo_image_surface_get_stride (surfaces[0]);
    guint32 c0 = *(const guint32 *) (p0 + (int) y * stride + x * 4);
    guint32 c1 = *(const guint32 *) (p1 + (int) y * stride + x * 4);

    g_assert_cmpuint (c0, !=, c1);
  }

  svg = cairo_svg_surface_create_for_stream (count_bytes, &svg_bytes, W, H);
  {
    cairo_t *cr = cairo_create (svg);

    hs_chart_render (chart, cr, W, H, light);
    cairo_destroy (cr);
  }
  cairo_surface_finish (svg);
  g_assert_cmpint (cairo_surface_status (svg), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (svg);
  g_assert_cmpuint (svg_bytes, >, 2000);

  cairo_surface_destroy (surfaces[0]);
  cairo_surface_destroy (surfaces[1]);
  g_assert_finalize_object (chart);
}

/* Axis labels carry units for every unit a metric can have. */
static void
test_chart_axis_units (void)
{
  struct { HsChartUnit unit; double value, step; const char *expected; } cases[] = {
    { HS_CHART_UNIT_BYTES, 512 * MIB, 128 * MIB, "512 MiB" },
    { HS_CHART_UNIT_BYTES, 2048 * MIB, 512 * MIB, "2 GiB" },
    { HS_CHART_UNIT_BYTES_PER_SECOND, 4 * 1024, 1024, "4 KiB/s" },
    { HS_CHART_UNIT_PERCENT, 50, 10, "50 %" },
    { HS_CHART_UNIT_SECONDS, 2.5, 0.5, "2.5 s" },
    /* GC pauses: read in the unit that suits them, not as 5e-05 s. */
    { HS_CHART_UNIT_SECONDS, 0.5, 0.1, "500 ms" },
    { HS_CHART_UNIT_SECONDS, 50e-6, 10e-6, "50 µs" },
    { HS_CHART_UNIT_COUNT, 12, 2, "12" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = hs_chart_axis_format_tick (cases[i].unit, cases[i].value, cases[i].step);

      g_assert_cmpstr (text, ==, cases[i].expected);
    }
  g_assert_cmpfloat (hs_chart_axis_nice_step (HS_CHART_UNIT_BYTES, 3 * MIB), ==, 4 * MIB);
  g_assert_cmpfloat (hs_chart_axis_nice_step (HS_CHART_UNIT_COUNT, 3), ==, 5);
  /* Pauses of tens of microseconds get ticks of microseconds. */
  g_assert_cmpfloat (hs_chart_axis_nice_step (HS_CHART_UNIT_SECONDS, 15e-6), ==, 20e-6);
  {
    g_autofree char *text = hs_chart_axis_format_value (HS_CHART_UNIT_SECONDS, 5.91e-05);

    g_assert_cmpstr (text, ==, "59.1 µs");
  }
}

/* `test-chart --bench`: the frame time with 86,400 points per series
 * against 600 (bench/run calls this). Drawing asks the series for one
 * min/max pair per column, so both should cost about the same. */
/* The same shape whatever the point count: growth with a slow wave, as a
 * leaking process with a periodic cache shows. */
static double
bench_value (guint s,
             guint i,
             guint n_points)
{
  double f = (double) i / MAX (n_points - 1, 1);

  return (s + 1) * (32 * MIB + 64 * MIB * f + 8 * MIB * sin (f * 40 * G_PI));
}

static double
bench_frame_ms (guint    n_points,
                gboolean new_sample,
                int      width,
                int      height)
{
  HsChart *chart = make_chart (HS_CHART_UNIT_BYTES);
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func ((GDestroyNotify) hs_series_unref);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  double result;

  /* Five series, as in the Memory chart. */
  for (guint s = 0; s < 5; s++)
    {
      g_autoptr(HsSeries) series = hs_series_new (MAX (n_points, 16));

      for (guint i = 0; i < n_points; i++)
        hs_series_append (series, T0 + (gint64) i * USEC, bench_value (s, i, n_points));
      hs_chart_add_series (chart, "series", series);
      g_ptr_array_add (all, hs_series_ref (series));
    }
  hs_timeline_set_span (hs_chart_get_timeline (chart), 0);

  for (guint run = 0; run < 60; run++)
    {
      cairo_t *cr = cairo_create (surface);
      gint64 start;

      /* A live frame: one more sample per series (the full ring drops
       * its oldest), so nothing cached from the last frame applies. */
      if (new_sample)
        for (guint s = 0; s < all->len; s++)
          hs_series_append (g_ptr_array_index (all, s), T0 + (gint64) (n_points + run) * USEC,
                            bench_value (s, n_points + run, n_points));

      cairo_set_operator (cr, CAIRO_OPERATOR_CLEAR);
      cairo_paint (cr);
      cairo_set_operator (cr, CAIRO_OPERATOR_OVER);
      start = g_get_monotonic_time ();
      hs_chart_draw (chart, cr, width, height);
      cairo_surface_flush (surface);
      {
        double ms = (g_get_monotonic_time () - start) / 1000.0;

        if (run >= 10)   /* warm-up: fonts, glyph caches */
          g_array_append_val (times, ms);
      }
      cairo_destroy (cr);
    }

  g_array_sort (times, (GCompareFunc) compare_doubles);
  result = g_array_index (times, double, times->len / 2);

  cairo_surface_destroy (surface);
  g_assert_finalize_object (chart);

  return result;
}

static int
run_bench (void)
{
  static const guint sizes[] = { 600, 8640, 86400 };

  g_print ("Chart frame time: 5 series, 1200×300 px, whole history shown, "
           "cairo image surface, median of 50 frames.\n\n");
  g_print ("| points per series | ms per frame after a new sample | ms per frame, redraw only (hover) |\n");
  g_print ("|---:|---:|---:|\n");
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    g_print ("| %u | %.2f | %.2f |\n", sizes[i],
             bench_frame_ms (sizes[i], TRUE, 1200, 300),
             bench_frame_ms (sizes[i], FALSE, 1200, 300));

  return 0;
}

/* Marks seconds apart take turns for their label's line, so labels do
 * not overprint: a mark on row 2 leaves row 0's band empty. */
static void
test_layer_mark_rows (void)
{
  g_autoptr(HsSeries) series = hs_series_new (1000);
  guint in_first_band[2];
  int rows[2] = { 0, 2 };

  for (int i = 0; i <= 100; i++)
    hs_series_append (series, T0 + i * USEC, 1);

  for (guint k = 0; k < 2; k++)
    {
      HsChart *chart = make_chart (HS_CHART_UNIT_COUNT);
      g_autoptr(HsChartLayer) mark = hs_mark_layer_new (T0 + 50 * USEC, "Mark 1", 3);
      cairo_surface_t *surface;
      graphene_rect_t plot;
      int x;

      hs_chart_add_series (chart, "Threads", series);
      hs_mark_layer_set_row (HS_MARK_LAYER (mark), rows[k]);
      hs_chart_add_layer (chart, mark);
      hs_timeline_set_span (hs_chart_get_timeline (chart), 0);
      hs_chart_get_plot_area (chart, W, H, &plot);
      x = (int) (plot.origin.x + plot.size.width / 2);
      surface = render (chart);
      /* Right of the line, where row 0's text is. */
      in_first_band[k] = count_colored (surface, x + 4, (int) plot.origin.y + 3, x + 40,
                                        (int) plot.origin.y + 12);
      cairo_surface_destroy (surface);
      g_assert_finalize_object (chart);
    }

  g_assert_cmpuint (in_first_band[0], >, 0);
  g_assert_cmpuint (in_first_band[1], ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  HS_TEST_REQUIRE_DISPLAY ();

  /* GL under ASan with full unwinding deadlocks when llvmpipe JITs a
   * shader (LLVM registers EH frames with libgcc's lock held, then
   * mallocs); the cairo renderer draws the same and avoids it. */
  g_setenv ("GSK_RENDERER", "cairo", FALSE);

  if (argc > 1 && g_strcmp0 (argv[1], "--bench") == 0)
    {
      adw_init ();
      return run_bench ();
    }

  g_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/chart/new-destroy", test_chart_new_destroy);
  g_test_add_func ("/chart/empty", test_chart_empty);
  g_test_add_func ("/chart/value-position", test_chart_value_position);
  g_test_add_func ("/chart/decimation-keeps-spikes", test_chart_decimation_keeps_spikes);
  g_test_add_func ("/chart/follow-and-scroll", test_chart_follow_and_scroll);
  g_test_add_func ("/chart/zoom", test_chart_zoom);
  g_test_add_func ("/chart/hover", test_chart_hover);
  g_test_add_func ("/chart/style", test_chart_style);
  g_test_add_func ("/chart/axis-units", test_chart_axis_units);
  g_test_add_func ("/timeline/shared", test_timeline_shared);
  g_test_add_func ("/timeline/selection", test_timeline_selection);
  g_test_add_func ("/layer/threshold", test_layer_threshold);
  g_test_add_func ("/layer/mark", test_layer_mark);
  g_test_add_func ("/layer/mark-rows", test_layer_mark_rows);
  g_test_add_func ("/layer/trend", test_layer_trend);
  g_test_add_func ("/layer/stacked", test_layer_stacked);

  return g_test_run ();
}
