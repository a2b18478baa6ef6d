/* hs-chart-axis.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-chart-axis"

#include "config.h"

#include <math.h>

#include "hs-chart-axis.h"
#include "hs-units.h"

/* Round steps: binary for bytes (what the kernel counts in), decimal for
 * everything else. */
double
hs_chart_axis_nice_step (HsChartUnit unit,
                         double      raw)
{
  static const double decimal[] = { 1, 2, 5, 10 };
  gboolean bytes = unit == HS_CHART_UNIT_BYTES || unit == HS_CHART_UNIT_BYTES_PER_SECOND;
  double base;

  if (raw <= 0)
    return 1;

  if (bytes && raw >= 1)
    {
      /* Powers of two within each unit: 1, 2, 4 … 512, then the next. */
      double step = 1;

      while (step < raw)
        step *= 2;
      return step;
    }

  base = pow (10, floor (log10 (raw)));
  for (guint i = 0; i < G_N_ELEMENTS (decimal); i++)
    if (decimal[i] * base >= raw)
      return MAX (decimal[i] * base,
                  unit == HS_CHART_UNIT_PERCENT ? 0.1 : unit == HS_CHART_UNIT_SECONDS ? 1e-6 : 1);

  return 10 * base;
}

/* The smallest top of the value axis, so that a flat small line does not
 * fill the whole height. */
double
hs_chart_axis_floor_value (HsChartUnit unit)
{
  switch (unit)
    {
    case HS_CHART_UNIT_BYTES:
    case HS_CHART_UNIT_BYTES_PER_SECOND:
      return 1024 * 1024;
    case HS_CHART_UNIT_PERCENT:
      return 10;
    case HS_CHART_UNIT_SECONDS:
      /* GC pauses are tens of microseconds. */
      return 100e-6;
    case HS_CHART_UNIT_COUNT:
    default:
      return 4;
    }
}

/* Seconds in the unit that keeps the figure readable: a GC pause is
 * "42 µs", not "4.2e-05 s". */
static char *
format_seconds (double value,
                int    digits)
{
  g_autofree char *number = NULL;
  const char *unit = "s";
  double magnitude = fabs (value);

  if (magnitude > 0 && magnitude < 1e-3)
    {
      value *= 1e6;
      unit = "µs";
    }
  else if (magnitude > 0 && magnitude < 1)
    {
      value *= 1e3;
      unit = "ms";
    }
  number = g_strdup_printf ("%.*g", digits, value);

  return g_strconcat (number, " ", unit, NULL);
}

static char *
format_bytes_tick (double value,
                   double step)
{
  static const char *units[] = { "B", "KiB", "MiB", "GiB", "TiB" };
  double scale = 1;
  guint u = 0;

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

/* Tick labels carry their unit, so an axis reads without the title. */
char *
hs_chart_axis_format_tick (HsChartUnit unit,
                           double      value,
                           double      step)
{
  switch (unit)
    {
    case HS_CHART_UNIT_BYTES:
      return value == 0 ? g_strdup ("0") : format_bytes_tick (value, step);
    case HS_CHART_UNIT_BYTES_PER_SECOND:
      {
        g_autofree char *bytes = NULL;

        if (value == 0)
          return g_strdup ("0");
        bytes = format_bytes_tick (value, step);
        return g_strconcat (bytes, "/s", NULL);
      }
    case HS_CHART_UNIT_PERCENT:
      return g_strdup_printf ("%g %%", value);
    case HS_CHART_UNIT_SECONDS:
      return format_seconds (value, 6);
    case HS_CHART_UNIT_COUNT:
    default:
      return g_strdup_printf ("%g", value);
    }
}

/* A value as the hover read-out and header figures show it. */
char *
hs_chart_axis_format_value (HsChartUnit unit,
                            double      value)
{
  switch (unit)
    {
    case HS_CHART_UNIT_BYTES:
      return hs_format_bytes ((gint64) value);
    case HS_CHART_UNIT_BYTES_PER_SECOND:
      {
        g_autofree char *bytes = hs_format_bytes ((gint64) value);

        return g_strconcat (bytes, "/s", NULL);
      }
    case HS_CHART_UNIT_PERCENT:
      return g_strdup_printf ("%.1f %%", value);
    case HS_CHART_UNIT_SECONDS:
      return format_seconds (value, 3);
    case HS_CHART_UNIT_COUNT:
    default:
      return g_strdup_printf ("%.0f", value);
    }
}

/* A round step between time ticks (5 s, 1 min, 1 h …) that keeps them at
 * least @min_gap pixels apart. */
gint64
hs_chart_axis_time_step (gint64 span_usec,
                         double width,
                         double min_gap)
{
  static const gint64 steps[] = {
    1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800,
    3600, 2 * 3600, 3 * 3600, 6 * 3600, 12 * 3600, 24 * 3600,
  };
  double max_ticks = MAX (1.0, width / min_gap);

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if ((double) span_usec / (steps[i] * G_USEC_PER_SEC) <= max_ticks)
      return steps[i] * G_USEC_PER_SEC;

  return G_GINT64_CONSTANT (24 * 3600) * G_USEC_PER_SEC;
}

char *
hs_chart_axis_format_clock (gint64   wall_usec,
                            gboolean seconds)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (wall_usec / G_USEC_PER_SEC);

  if (dt == NULL)
    return g_strdup ("");

  return g_date_time_format (dt, seconds ? "%H:%M:%S" : "%H:%M");
}

HsChartUnit
hs_chart_unit_for_metric_unit (HsUnit unit)
{
  switch (unit)
    {
    case HS_UNIT_BYTES:            return HS_CHART_UNIT_BYTES;
    case HS_UNIT_PERCENT:          return HS_CHART_UNIT_PERCENT;
    case HS_UNIT_SECONDS:          return HS_CHART_UNIT_SECONDS;
    case HS_UNIT_BYTES_PER_SECOND: return HS_CHART_UNIT_BYTES_PER_SECOND;
    case HS_UNIT_COUNT:
    default:                       return HS_CHART_UNIT_COUNT;
    }
}
