/* hs-chart-style.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-chart-style"

#include "config.h"

#include <adwaita.h>

#include "hs-chart-style.h"

#define N_COLORS 9

/**
 * HsChartStyle:
 *
 * The colours and font a chart is drawn with, taken once from a widget's
 * style (accent colour, foreground, popover background, dark or light
 * palette) or made without any widget. Layers and the chart draw with a
 * style and a cairo_t only, so that the same code renders to the screen
 * and to an image, SVG or PDF surface.
 */
struct _HsChartStyle
{
  GObject               parent_instance;

  /* Owned */
  PangoFontDescription *font;
  PangoContext         *context;   /* the widget's kind, or made from the first cairo_t */

  GdkRGBA               foreground;
  GdkRGBA               background;
  GdkRGBA               colors[N_COLORS];
  gboolean              dark;
};

G_DEFINE_FINAL_TYPE (HsChartStyle, hs_chart_style, G_TYPE_OBJECT)

/* libadwaita's named palette; the first series carries the accent colour,
 * as elsewhere in GNOME. Nine, so that the eight parts of "Where is my
 * RSS?" never share a colour; the last, grey, is for what is not known. */
static const char *palette_light[] = { "blue_3", "orange_4", "purple_3", "green_5", "red_3",
                                       "yellow_5", "brown_3", "blue_5", "light_5" };
static const char *palette_dark[] = { "blue_2", "orange_2", "purple_2", "green_3", "red_2",
                                      "yellow_3", "brown_2", "blue_4", "light_5" };
static const char *fallback_light[] = { "#3584e4", "#e66100", "#9141ac", "#26a269", "#e01b24",
                                         "#e5a50a", "#986a44", "#1a5fb4", "#9a9996" };
static const char *fallback_dark[] = { "#78aeed", "#ffa348", "#c061cb", "#33d17a", "#ed333b",
                                        "#f6d32d", "#b5835a", "#1c71d8", "#9a9996" };

G_STATIC_ASSERT (G_N_ELEMENTS (palette_light) == N_COLORS);

static void
hs_chart_style_finalize (GObject *object)
{
  HsChartStyle *self = (HsChartStyle *) object;

  g_clear_pointer (&self->font, pango_font_description_free);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (hs_chart_style_parent_class)->finalize (object);
}

static void
hs_chart_style_class_init (HsChartStyleClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hs_chart_style_finalize;
}

static void
hs_chart_style_init (HsChartStyle *self)
{
}

/**
 * hs_chart_style_new:
 * @dark: the dark palette
 *
 * A style with libadwaita's default colours, for drawing without a widget.
 */
HsChartStyle *
hs_chart_style_new (gboolean dark)
{
  HsChartStyle *self = g_object_new (HS_TYPE_CHART_STYLE, NULL);

  self->dark = !!dark;
  gdk_rgba_parse (&self->foreground, dark ? "#ffffff" : "rgba(0,0,0,0.8)");
  gdk_rgba_parse (&self->background, dark ? "#383838" : "#ffffff");
  for (guint i = 0; i < N_COLORS; i++)
    gdk_rgba_parse (&self->colors[i], dark ? fallback_dark[i] : fallback_light[i]);
  self->font = pango_font_description_from_string ("Cantarell, Sans 11");

  return self;
}

/**
 * hs_chart_style_new_for_widget:
 *
 * Reads @widget's style now; make a new one when the style changes.
 */
HsChartStyle *
hs_chart_style_new_for_widget (GtkWidget *widget)
{
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  HsChartStyle *self;
  GtkStyleContext *context;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  self = hs_chart_style_new (dark);

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  context = gtk_widget_get_style_context (widget);
  gtk_style_context_get_color (context, &self->foreground);
  gtk_style_context_lookup_color (context, "popover_bg_color", &self->background);
  for (guint i = 0; i < N_COLORS; i++)
    {
      if (i == 0 && gtk_style_context_lookup_color (context, "accent_color", &self->colors[0]))
        continue;
      gtk_style_context_lookup_color (context, dark ? palette_dark[i] : palette_light[i],
                                      &self->colors[i]);
    }
  G_GNUC_END_IGNORE_DEPRECATIONS

  pango_font_description_free (self->font);
  self->font = pango_font_description_copy (pango_context_get_font_description (gtk_widget_get_pango_context (widget)));
  /* The widget's font map, resolution and font options. */
  self->context = gtk_widget_create_pango_context (widget);

  return self;
}

gboolean
hs_chart_style_get_dark (HsChartStyle *self)
{
  g_return_val_if_fail (HS_IS_CHART_STYLE (self), FALSE);

  return self->dark;
}

void
hs_chart_style_get_foreground (HsChartStyle *self,
                               GdkRGBA      *rgba)
{
  g_return_if_fail (HS_IS_CHART_STYLE (self));

  *rgba = self->foreground;
}

void
hs_chart_style_get_background (HsChartStyle *self,
                               GdkRGBA      *rgba)
{
  g_return_if_fail (HS_IS_CHART_STYLE (self));

  *rgba = self->background;
}

/* Colours repeat after the palette's nine. */
void
hs_chart_style_get_color (HsChartStyle *self,
                          guint         index,
                          GdkRGBA      *rgba)
{
  g_return_if_fail (HS_IS_CHART_STYLE (self));

  *rgba = self->colors[index % N_COLORS];
}

const PangoFontDescription *
hs_chart_style_get_font (HsChartStyle *self)
{
  g_return_val_if_fail (HS_IS_CHART_STYLE (self), NULL);

  return self->font;
}

void
hs_chart_style_set_source (HsChartStyle  *self,
                           cairo_t       *cr,
                           const GdkRGBA *rgba,
                           double         alpha)
{
  cairo_set_source_rgba (cr, rgba->red, rgba->green, rgba->blue, rgba->alpha * alpha);
}

/**
 * hs_chart_style_create_layout:
 * @small: 85 % of the base size, for ticks and legends
 *
 * Returns: (transfer full): a layout for @cr in the style's font, with
 *   tabular figures so that ticks and values line up
 */
PangoLayout *
hs_chart_style_create_layout (HsChartStyle *self,
                              cairo_t      *cr,
                              const char   *text,
                              gboolean      bold,
                              gboolean      small)
{
  PangoLayout *layout;
  PangoAttrList *attrs;

  g_return_val_if_fail (HS_IS_CHART_STYLE (self), NULL);

  /* One context for every layout, brought in line with @cr's transform
   * and font options: a fresh context per label costs more than the
   * whole plot. */
  if (self->context == NULL)
    self->context = pango_cairo_create_context (cr);
  else
    pango_cairo_update_context (cr, self->context);
  layout = pango_layout_new (self->context);
  pango_layout_set_font_description (layout, self->font);
  attrs = pango_attr_list_new ();
  if (bold)
    pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  if (small)
    pango_attr_list_insert (attrs, pango_attr_scale_new (0.85));
  pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum"));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  if (text != NULL)
    pango_layout_set_text (layout, text, -1);

  return layout;
}

void
hs_chart_style_show_layout (HsChartStyle *self,
                            cairo_t      *cr,
                            PangoLayout  *layout,
                            double        x,
                            double        y)
{
  cairo_move_to (cr, x, y);
  pango_cairo_update_layout (cr, layout);
  pango_cairo_show_layout (cr, layout);
}
