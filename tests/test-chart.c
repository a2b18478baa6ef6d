/* test-chart.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <adwaita.h>

#include "hs-chart.h"
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

  hs_chart_add_hs_series (chart, "RSS", series);
  g_assert_cmpuint (hs_chart_get_n_series (chart), ==, 1);
  g_assert_cmpstr (hs_chart_get_title (chart), ==, "Memory");
  g_assert_true (hs_chart_get_following (chart));
  g_assert_cmpint (hs_chart_get_span (chart), ==, 60 * USEC);

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
  hs_chart_add_hs_series (chart, "RSS", series);
  hs_chart_set_span (chart, 0);

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
  hs_chart_add_hs_series (chart, "Threads", series);
  hs_chart_set_span (chart, 0);

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
  hs_chart_add_hs_series (chart, "RSS", series);

  /* Following: the window ends at the newest sample. */
  g_assert_true (hs_chart_get_visible_range (chart, &begin, &end));
  g_assert_cmpint (end, ==, T0 + 3599 * USEC);
  g_assert_cmpint (end - begin, ==, 60 * USEC);

  /* Scrolling back leaves the live edge; new samples do not move it. */
  hs_chart_scroll_by (chart, -2.0);
  g_assert_false (hs_chart_get_following (chart));
  g_assert_true (hs_chart_get_visible_range (chart, &begin, &end));
  g_assert_cmpint (end, ==, T0 + 3599 * USEC - 120 * USEC);
  hs_series_append (series, T0 + 3600 * USEC, 0);
  g_assert_true (hs_chart_get_visible_range (chart, NULL, &end));
  g_assert_cmpint (end, ==, T0 + 3599 * USEC - 120 * USEC);

  /* Scrolling past the newest sample follows again. */
  hs_chart_scroll_by (chart, 5.0);
  g_assert_true (hs_chart_get_following (chart));
  g_assert_true (hs_chart_get_visible_range (chart, NULL, &end));
  g_assert_cmpint (end, ==, T0 + 3600 * USEC);

  /* "All" shows the whole history. */
  hs_chart_set_span (chart, 0);
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
  hs_chart_add_hs_series (chart, "RSS", series);
  hs_chart_set_span (chart, 0);

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
  g_assert_false (hs_chart_get_following (chart));
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
  hs_chart_add_hs_series (chart, "RSS", series);
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
      hs_chart_add_hs_series (chart, "series", series);
      g_ptr_array_add (all, hs_series_ref (series));
    }
  hs_chart_set_span (chart, 0);

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

  return g_test_run ();
}
