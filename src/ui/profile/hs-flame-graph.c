/* hs-flame-graph.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-flame-graph"

#include "config.h"

#include <glib/gi18n.h>

#include "hs-flame-graph.h"
#include "hs-profile-top-private.h"
#include "hs-units.h"

#define ROW_HEIGHT   20
#define MIN_LABEL_PX 36.0
/* Below this width a label keeps only the end of a name (the method):
 * "…(*Cache).Put" says more than "gith…Put" does. */
#define MIDDLE_ELLIPSIS_PX 160.0

struct _HsFlameGraph
{
  GtkWidget  parent_instance;

  /* Owned */
  HsFlameModel *model;
  guint      n_frames;
  char      *unit;
  char      *search;
  GRegex    *search_regex;
  guint8    *matches;      /* by function (the top's node + 1; 0 the root) */
  gint64     total;
  guint      max_depth;
  guint      n_matches;    /* G_MAXUINT until counted */
  guint     *depth_first;  /* the first frame of each depth, and n_frames */
  guint      n_probes;     /* frames the last hit-test looked at */
  int        zoom;
  int        hover;
  guint      reveal_tick;
  GtkAdjustment *vadjustment;  /* the scrolled window's, while mapped */
  guint      diff : 1;
  guint      root_at_top : 1;
  guint      reveal_pending : 1;  /* bring the root (or zoom) into view */

  /* Colors resolved from the style; refreshed when the style changes. */
  GdkRGBA    palette[6];
  GdkRGBA    accent;
  GdkRGBA    fg;
  GdkRGBA    grow;
  GdkRGBA    shrink;
};

G_DEFINE_FINAL_TYPE (HsFlameGraph, hs_flame_graph, GTK_TYPE_WIDGET)

/* g_set_str() is GLib 2.76; our floor is 2.74. */
static gboolean
replace_str (char       **str,
             const char  *value)
{
  if (g_strcmp0 (*str, value) == 0)
    return FALSE;
  g_free (*str);
  *str = g_strdup (value);
  return TRUE;
}

enum {
  PROP_0,
  PROP_ROOT_AT_TOP,
  PROP_ZOOMED,
  PROP_SEARCH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  FRAME_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/**
 * hs_flame_format_value:
 * @unit: the sample type's unit ("bytes", "nanoseconds", "count", …)
 *
 * The views' short name for hs_format_sample_value() in the window's
 * style (KiB/MiB, ms/s, digits grouped in the locale).
 *
 * Returns: (transfer full): @value for a person, signed when negative
 */
char *
hs_flame_format_value (const char *unit,
                       gint64      value)
{
  return hs_format_sample_value (value, unit, HS_UNIT_STYLE_HUMAN);
}

GtkWidget *
hs_flame_graph_new (void)
{
  return g_object_new (HS_TYPE_FLAME_GRAPH, NULL);
}

/* Frames are the model's nodes, breadth-first: each depth left to right. */
static inline const HsFlameNode *
frame_at_index (HsFlameGraph *self,
                guint         index)
{
  return hs_flame_model_get_node (self->model, index);
}

/* What the graph shows across its width: the zoomed frame's span, or
 * everything; frames above @depth are the zoomed frame's ancestors. */
static gboolean
get_view (HsFlameGraph *self,
          gint64       *start,
          gint64       *width,
          guint        *depth)
{
  *start = 0;
  *width = self->total;
  *depth = 0;
  if (self->zoom >= 0)
    {
      const HsFlameNode *zoom = frame_at_index (self, self->zoom);

      *start = hs_flame_node_get_start (zoom);
      *width = hs_flame_node_get_width (zoom);
      *depth = hs_flame_node_get_depth (zoom);
    }
  return *width > 0;
}

/* Where a frame at or below the view's depth begins and ends in pixels,
 * even outside the view: the same arithmetic as compute_frame_rect(). */
static inline double
frame_left (const HsFlameNode *frame,
            gint64             view_start,
            gint64             view_width,
            int                width)
{
  return (double) (hs_flame_node_get_start (frame) - view_start) / (double) view_width * width;
}

static inline double
frame_right (const HsFlameNode *frame,
             gint64             view_start,
             gint64             view_width,
             int                width)
{
  return frame_left (frame, view_start, view_width, width) +
         (double) hs_flame_node_get_width (frame) / (double) view_width * width;
}

/*
 * The one place that turns a frame into pixels: drawing and hit-testing
 * both go through it, so what is under the pointer is what is drawn.
 */
static gboolean
compute_frame_rect (HsFlameGraph    *self,
                    guint            index,
                    int              width,
                    int              height,
                    graphene_rect_t *rect)
{
  const HsFlameNode *frame = frame_at_index (self, index);
  gint64 view_start, view_width;
  guint view_depth;
  double x, w, y;

  if (!get_view (self, &view_start, &view_width, &view_depth) || width <= 0)
    return FALSE;

  if (hs_flame_node_get_depth (frame) < view_depth)
    {
      /* Ancestors of the zoomed frame span the whole width, as in pprof. */
      if (hs_flame_node_get_start (frame) > view_start ||
          hs_flame_node_get_start (frame) + hs_flame_node_get_width (frame) < view_start + view_width)
        return FALSE;
      x = 0;
      w = width;
    }
  else
    {
      if (hs_flame_node_get_start (frame) < view_start ||
          hs_flame_node_get_start (frame) + hs_flame_node_get_width (frame) > view_start + view_width)
        return FALSE;
      x = frame_left (frame, view_start, view_width, width);
      w = frame_right (frame, view_start, view_width, width) - x;
    }

  /* A frame narrower than a pixel is still there for the pointer: the
   * snapshot merges runs of them, hit-testing finds each. */
  if (w <= 0)
    return FALSE;

  if (self->root_at_top)
    y = hs_flame_node_get_depth (frame) * ROW_HEIGHT;
  else
    y = height - (double) (hs_flame_node_get_depth (frame) + 1) * ROW_HEIGHT;

  graphene_rect_init (rect, x, y, w, ROW_HEIGHT);
  return TRUE;
}

/* Breadth-first numbering keeps each depth's frames together, left to
 * right: where each depth begins, found once per model by bisection. */
static void
index_depths (HsFlameGraph *self)
{
  g_clear_pointer (&self->depth_first, g_free);
  if (self->n_frames == 0)
    return;
  self->depth_first = g_new (guint, self->max_depth + 2);
  for (guint d = 0; d <= self->max_depth + 1; d++)
    {
      guint lo = d == 0 ? 0 : self->depth_first[d - 1], hi = self->n_frames;

      while (lo < hi)
        {
          guint mid = lo + (hi - lo) / 2;

          if (hs_flame_node_get_depth (frame_at_index (self, mid)) < d)
            lo = mid + 1;
          else
            hi = mid;
        }
      self->depth_first[d] = lo;
    }
}

/* The first frame of @depth in [@first, @end) whose right edge lies
 * beyond @x pixels: frames of a depth are left to right, so a pointer
 * move or a drawn row costs a bisection, not a walk of every frame. */
static guint
first_right_of (HsFlameGraph *self,
                guint         first,
                guint         end,
                double        x,
                gint64        view_start,
                gint64        view_width,
                int           width)
{
  while (first < end)
    {
      guint mid = first + (end - first) / 2;

      self->n_probes++;
      if (frame_right (frame_at_index (self, mid), view_start, view_width, width) <= x)
        first = mid + 1;
      else
        end = mid;
    }
  return first;
}

/* The zoomed frame's ancestor at @depth (above the zoom). */
static guint
zoom_ancestor (HsFlameGraph *self,
               guint         depth)
{
  const HsFlameNode *node = frame_at_index (self, self->zoom);

  while (hs_flame_node_get_depth (node) > depth)
    node = hs_flame_node_get_parent (node);
  return hs_flame_node_get_index (node);
}

/**
 * hs_flame_graph_frame_at:
 *
 * Returns: the index of the frame drawn at (@x, @y), or -1
 */
int
hs_flame_graph_frame_at (HsFlameGraph *self,
                         double        x,
                         double        y)
{
  int width, height;
  gint64 view_start, view_width;
  guint depth, view_depth, first, end;

  g_return_val_if_fail (HS_IS_FLAME_GRAPH (self), -1);

  self->n_probes = 0;
  width = gtk_widget_get_width (GTK_WIDGET (self));
  height = gtk_widget_get_height (GTK_WIDGET (self));
  if (self->n_frames == 0 || width <= 0 || y < 0)
    return -1;
  if (!get_view (self, &view_start, &view_width, &view_depth))
    return -1;

  if (self->root_at_top)
    depth = (guint) (y / ROW_HEIGHT);
  else if (y <= height)
    depth = (guint) ((height - y) / ROW_HEIGHT);
  else
    return -1;
  if (depth > self->max_depth)
    return -1;

  if (depth < view_depth)
    {
      first = zoom_ancestor (self, depth);
      end = first + 1;
    }
  else
    {
      first = first_right_of (self, self->depth_first[depth], self->depth_first[depth + 1],
                              x, view_start, view_width, width);
      end = self->depth_first[depth + 1];
    }

  /* The first frame of the row that holds x: frames of no width, or
   * straddling the zoomed span, are not drawn and are passed over. */
  for (guint i = first; i < end; i++)
    {
      graphene_rect_t rect;

      self->n_probes++;
      if (depth >= view_depth &&
          frame_left (frame_at_index (self, i), view_start, view_width, width) > x)
        break;
      if (compute_frame_rect (self, i, width, height, &rect) &&
          x >= rect.origin.x && x < rect.origin.x + rect.size.width)
        return (int) i;
    }

  return -1;
}

/* For tests: how many frames the last hs_flame_graph_frame_at() looked
 * at, which stays near log2 of a row's frames however many there are. */
guint
hs_flame_graph_get_n_probes (HsFlameGraph *self)
{
  g_return_val_if_fail (HS_IS_FLAME_GRAPH (self), 0);

  return self->n_probes;
}

/**
 * hs_flame_graph_get_frame_area:
 *
 * Gets where frame @index is drawn now, in widget coordinates.
 *
 * Returns: %FALSE if it is not drawn (outside the zoom, or of no width;
 *   a frame too narrow to draw alone is drawn merged with its neighbours)
 */
gboolean
hs_flame_graph_get_frame_area (HsFlameGraph    *self,
                               guint            index,
                               graphene_rect_t *area)
{
  g_return_val_if_fail (HS_IS_FLAME_GRAPH (self), FALSE);
  g_return_val_if_fail (index < self->n_frames, FALSE);

  return compute_frame_rect (self, index,
                             gtk_widget_get_width (GTK_WIDGET (self)),
                             gtk_widget_get_height (GTK_WIDGET (self)),
                             area);
}

static char *
format_percent (gint64 part,
                gint64 whole)
{
  if (whole == 0)
    return g_strdup ("—");
  return g_strdup_printf ("%.2f%%", 100.0 * (double) part / (double) whole);
}

/**
 * hs_flame_graph_describe_frame:
 *
 * Returns: (transfer full): the tooltip text of frame @index
 */
/* A frame's source file (NULL when unknown) and line (0), from the top
 * behind the model that owns the frames: frames do not copy them. */
static const char *
frame_file (HsFlameGraph       *self,
            const HsFlameNode *frame,
            gint64             *line)
{
  int top_node = hs_flame_node_get_top_node (frame);
  HsTop *top;

  *line = 0;
  if (top_node < 0 || self->model == NULL)
    return NULL;
  top = hs_flame_model_get_top (self->model);
  /* A diff's unchanged functions have nodes but no row. */
  if ((guint) top_node >= hs_top_get_n_rows (top))
    return NULL;
  *line = hs_top_get_node_line (top, (guint) top_node);
  return hs_top_get_node_file (top, (guint) top_node);
}

char *
hs_flame_graph_describe_frame (HsFlameGraph *self,
                               guint         index)
{
  const HsFlameNode *frame;
  const char *file;
  gint64 line;
  GString *str;

  g_return_val_if_fail (HS_IS_FLAME_GRAPH (self), NULL);
  g_return_val_if_fail (index < self->n_frames, NULL);

  frame = frame_at_index (self, index);
  str = g_string_new (NULL);
  g_string_append (str, hs_flame_node_get_name (frame));
  file = frame_file (self, frame, &line);
  if (file != NULL && *file != '\0' && line > 0)
    g_string_append_printf (str, "\n%s:%" G_GINT64_FORMAT, file, line);
  else if (file != NULL && *file != '\0')
    g_string_append_printf (str, "\n%s", file);

  if (self->diff)
    {
      g_autofree char *base = hs_flame_format_value (self->unit, hs_flame_node_get_base_value (frame));
      g_autofree char *now = hs_flame_format_value (self->unit, hs_flame_node_get_new_value (frame));
      g_autofree char *delta = hs_flame_format_value (self->unit, hs_flame_node_get_new_value (frame) - hs_flame_node_get_base_value (frame));
      const char *sign = hs_flame_node_get_new_value (frame) > hs_flame_node_get_base_value (frame) ? "+" : "";
      const char *arrow = hs_flame_node_get_new_value (frame) > hs_flame_node_get_base_value (frame) ? "▲ " : hs_flame_node_get_new_value (frame) < hs_flame_node_get_base_value (frame) ? "▼ " : "";

      /* Translators: a diff: base value → new value (change) */
      g_string_append_printf (str, "\n");
      g_string_append_printf (str, _("%s → %s (%s%s%s)"), base, now, arrow, sign, delta);
    }
  else
    {
      g_autofree char *value = hs_flame_format_value (self->unit, hs_flame_node_get_new_value (frame));
      g_autofree char *percent = format_percent (hs_flame_node_get_new_value (frame), self->total);

      g_string_append_c (str, '\n');
      /* Translators: a frame's value and its share of the whole profile */
      g_string_append_printf (str, _("%s (%s of total)"), value, percent);
    }

  return g_string_free (str, FALSE);
}

static void
lookup_color (GtkWidget  *widget,
              const char *name,
              const char *fallback,
              GdkRGBA    *color)
{
  GtkStyleContext *context = gtk_widget_get_style_context (widget);

  if (!gtk_style_context_lookup_color (context, name, color))
    gdk_rgba_parse (color, fallback);
}

static void
hs_flame_graph_css_changed (GtkWidget         *widget,
                            GtkCssStyleChange *change)
{
  HsFlameGraph *self = HS_FLAME_GRAPH (widget);
  /* libadwaita's palette: warm shades read as a flame graph in both schemes. */
  static const char *names[][2] = {
    { "orange_2", "#ffa348" }, { "orange_3", "#ff7800" },
    { "yellow_3", "#f6d32d" }, { "yellow_4", "#f5c211" },
    { "orange_1", "#ffbe6f" }, { "red_1",    "#f66151" },
  };

  GTK_WIDGET_CLASS (hs_flame_graph_parent_class)->css_changed (widget, change);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    lookup_color (widget, names[i][0], names[i][1], &self->palette[i]);
  lookup_color (widget, "accent_bg_color", "#3584e4", &self->accent);
  lookup_color (widget, "red_3", "#e01b24", &self->grow);
  lookup_color (widget, "green_5", "#26a269", &self->shrink);
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &self->fg);

  gtk_widget_queue_draw (widget);
}

/* Whether frame @index is one the search found. */
static inline gboolean
frame_matches (HsFlameGraph *self,
               guint         index)
{
  return self->matches != NULL &&
         self->matches[hs_flame_node_get_top_node (frame_at_index (self, index)) + 1];
}

static void
frame_fill_color (HsFlameGraph       *self,
                  guint               index,
                  const HsFlameNode *frame,
                  GdkRGBA            *color)
{
  if (self->diff)
    {
      *color = self->fg;
      color->alpha = 0.14f;
    }
  else if (self->search_regex != NULL && frame_matches (self, index))
    *color = self->accent;
  else
    {
      *color = self->palette[g_str_hash (hs_flame_node_get_name (frame)) % G_N_ELEMENTS (self->palette)];
      if (self->search_regex != NULL)
        color->alpha = 0.35f;
    }
}

/* Neighbouring frames of one depth, each too narrow to label. */
typedef struct
{
  double x0, x1, y;
  guint  n;
  guint  first;
} NarrowRun;

static void
draw_run (HsFlameGraph *self,
          cairo_t      *cr,
          NarrowRun    *run)
{
  GdkRGBA fill;
  double x, w;

  if (run->n == 0)
    return;
  /* One frame keeps its colour; a merged run is a neutral block. */
  if (run->n == 1)
    frame_fill_color (self, run->first, frame_at_index (self, run->first), &fill);
  else
    {
      fill = self->fg;
      fill.alpha = 0.22f;
    }
  x = round (run->x0);
  w = MAX (1.0, round (run->x1) - x - 1.0);
  gdk_cairo_set_source_rgba (cr, &fill);
  cairo_rectangle (cr, x, run->y + 0.5, w, ROW_HEIGHT - 1.0);
  cairo_fill (cr);
  run->n = 0;
}

/* A frame wide enough for its label. */
static void
draw_frame (HsFlameGraph          *self,
            cairo_t               *cr,
            PangoLayout           *layout,
            guint                  i,
            const graphene_rect_t *rect)
{
  const HsFlameNode *frame = frame_at_index (self, i);
  GdkRGBA fill;
  double x, y, w, h;

  /* Snap to device pixels through the rounding of user space. */
  x = round (rect->origin.x);
  w = MAX (1.0, round (rect->origin.x + rect->size.width) - x - 1.0);
  y = rect->origin.y + 0.5;
  h = ROW_HEIGHT - 1.0;

  frame_fill_color (self, i, frame, &fill);
  gdk_cairo_set_source_rgba (cr, &fill);
  cairo_rectangle (cr, x, y, w, h);
  cairo_fill (cr);

  if (self->diff && hs_flame_node_get_width (frame) > 0 && hs_flame_node_get_new_value (frame) != hs_flame_node_get_base_value (frame))
    {
      gint64 delta = hs_flame_node_get_new_value (frame) - hs_flame_node_get_base_value (frame);
      double part = w * (double) ABS (delta) / (double) hs_flame_node_get_width (frame);
      GdkRGBA bar = delta > 0 ? self->grow : self->shrink;

      if (self->search_regex != NULL && !frame_matches (self, i))
        bar.alpha = 0.35f;
      gdk_cairo_set_source_rgba (cr, &bar);
      cairo_rectangle (cr, x, y, MAX (1.0, part), h);
      cairo_fill (cr);
    }
  else if (self->diff && self->search_regex != NULL && frame_matches (self, i))
    {
      gdk_cairo_set_source_rgba (cr, &self->accent);
      cairo_rectangle (cr, x, y + h - 3, w, 3);
      cairo_fill (cr);
    }

  {
    int text_height;

    pango_layout_set_ellipsize (layout, w < MIDDLE_ELLIPSIS_PX ? PANGO_ELLIPSIZE_START :
                                PANGO_ELLIPSIZE_MIDDLE);
    pango_layout_set_text (layout, hs_flame_node_get_name (frame), -1);
    pango_layout_set_width (layout, (int) ((w - 8) * PANGO_SCALE));
    pango_layout_get_pixel_size (layout, NULL, &text_height);
    if (self->diff)
      gdk_cairo_set_source_rgba (cr, &self->fg);
    else
      cairo_set_source_rgba (cr, 0, 0, 0, 0.87);
    cairo_move_to (cr, x + 4, y + (h - text_height) / 2.0);
    pango_cairo_show_layout (cr, layout);
  }
}

/* The rows the scrolled window shows, in the graph's coordinates: a deep
 * graph is far taller than the window, and only those rows are drawn. */
static void
visible_band (HsFlameGraph *self,
              int           height,
              double       *top,
              double       *bottom)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_SCROLLED_WINDOW);
  graphene_rect_t bounds;

  *top = 0;
  *bottom = height;
  if (scrolled != NULL && gtk_widget_compute_bounds (scrolled, GTK_WIDGET (self), &bounds))
    {
      *top = MAX (0, bounds.origin.y);
      *bottom = MIN (height, bounds.origin.y + bounds.size.height);
    }
}

/* One row's frames inside the view, left to right: a bisection finds the
 * first, and a run of frames under half a pixel each is passed over by
 * another (they would all merge into the run); a row of 60,000 frames
 * costs what its width in pixels does. */
static void
draw_row (HsFlameGraph *self,
          cairo_t      *cr,
          PangoLayout  *layout,
          guint         depth,
          int           width,
          int           height,
          gint64        view_start,
          gint64        view_width)
{
  guint end = self->depth_first[depth + 1];
  guint i = first_right_of (self, self->depth_first[depth], end, 0.0, view_start, view_width, width);
  NarrowRun run = { 0, };

  while (i < end)
    {
      const HsFlameNode *frame = frame_at_index (self, i);
      graphene_rect_t rect;

      if (frame_left (frame, view_start, view_width, width) >= width)
        break;
      if (!compute_frame_rect (self, i, width, height, &rect))
        {
          i++;
          continue;
        }

      /* Frames too narrow to label are drawn as one block per run of
       * neighbours, instead of a comb of 1-pixel slivers; each is still
       * found by the pointer. */
      if (rect.size.width < MIN_LABEL_PX)
        {
          guint next;

          if (run.n > 0 && rect.origin.x <= run.x1 + 0.5)
            {
              run.x1 = MAX (run.x1, rect.origin.x + rect.size.width);
              run.n++;
            }
          else
            {
              draw_run (self, cr, &run);
              run = (NarrowRun) { rect.origin.x, rect.origin.x + rect.size.width, rect.origin.y, 1, i };
            }
          /* Those ending within half a pixel of the run start within it
           * too (a row's frames do not overlap) and are narrow: merged. */
          next = first_right_of (self, i + 1, end, run.x1 + 0.5, view_start, view_width, width);
          if (next > i + 1)
            {
              double x1 = frame_right (frame_at_index (self, next - 1), view_start, view_width, width);

              /* the run's colour only tells one frame from several */
              if (x1 > run.x1)
                run.n++;
              run.x1 = MAX (run.x1, x1);
            }
          i = next;
          continue;
        }
      draw_run (self, cr, &run);
      draw_frame (self, cr, layout, i, &rect);
      i++;
    }
  draw_run (self, cr, &run);
}

static void
hs_flame_graph_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  HsFlameGraph *self = HS_FLAME_GRAPH (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  g_autoptr(PangoLayout) layout = NULL;
  gint64 view_start, view_width;
  guint view_depth;
  double top, bottom;
  cairo_t *cr;

  if (width <= 0 || height <= 0 || self->n_frames == 0 ||
      !get_view (self, &view_start, &view_width, &view_depth))
    return;
  visible_band (self, height, &top, &bottom);
  if (bottom <= top)
    return;

  /* Only the visible band: the rest is not drawn, nor kept as a surface. */
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, floor (top), width,
                                                                 ceil (bottom) - floor (top)));
  layout = gtk_widget_create_pango_layout (widget, NULL);
  pango_layout_set_single_paragraph_mode (layout, TRUE);

  for (guint d = 0; d <= self->max_depth; d++)
    {
      double y = self->root_at_top ? (double) d * ROW_HEIGHT : height - (double) (d + 1) * ROW_HEIGHT;
      graphene_rect_t rect;
      guint ancestor;

      if (y + ROW_HEIGHT < top || y > bottom)
        continue;
      if (d >= view_depth)
        {
          draw_row (self, cr, layout, d, width, height, view_start, view_width);
          continue;
        }
      /* Above the zoom, only its ancestors show, across the width. */
      ancestor = zoom_ancestor (self, d);
      if (compute_frame_rect (self, ancestor, width, height, &rect))
        {
          if (rect.size.width < MIN_LABEL_PX)
            {
              NarrowRun run = { rect.origin.x, rect.origin.x + rect.size.width, rect.origin.y, 1, ancestor };

              draw_run (self, cr, &run);
            }
          else
            draw_frame (self, cr, layout, ancestor, &rect);
        }
    }

  /* The hovered frame's outline last, so that a merged run shows which
   * of its frames the tooltip is about. */
  if (self->hover >= 0 && (guint) self->hover < self->n_frames)
    {
      graphene_rect_t rect;

      if (compute_frame_rect (self, self->hover, width, height, &rect))
        {
          GdkRGBA outline = self->fg;
          double x = round (rect.origin.x);
          double w = MAX (2.0, round (rect.origin.x + rect.size.width) - x - 1.0);

          outline.alpha = 0.8f;
          gdk_cairo_set_source_rgba (cr, &outline);
          cairo_set_line_width (cr, 1.0);
          cairo_rectangle (cr, x + 0.5, rect.origin.y + 1.0, w - 1.0, ROW_HEIGHT - 2.0);
          cairo_stroke (cr);
        }
    }

  cairo_destroy (cr);
}

/* The frame to keep in view: the zoomed frame, else the root. */
static int
reveal_target (HsFlameGraph *self)
{
  return self->zoom >= 0 ? self->zoom : 0;
}

/* Scrolls the ancestor GtkScrolledWindow (if any) so that the target
 * frame's row is visible. A deep flame graph is taller than the window
 * and, with the root at the bottom, opened scrolled to its top it showed
 * only the thin tips of the deepest stacks; nothing at all on most
 * profiles. TRUE when done (or nothing to do). */
static gboolean
reveal_now (HsFlameGraph *self)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_SCROLLED_WINDOW);
  GtkWidget *viewport;
  GtkAdjustment *adj;
  graphene_rect_t rect;
  double x = 0, top = 0, value, page, row_top, row_bottom;

  if (self->n_frames == 0)
    return TRUE;
  if (scrolled == NULL)
    return TRUE;
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)) || gtk_widget_get_height (GTK_WIDGET (self)) <= 0)
    return FALSE;
  if (!hs_flame_graph_get_frame_area (self, (guint) reveal_target (self), &rect))
    return TRUE;

  viewport = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled));
  adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  value = gtk_adjustment_get_value (adj);
  page = gtk_adjustment_get_page_size (adj);
  if (page <= 0)
    return FALSE;
  /* The row in the scrolled content's coordinates. */
  if (!gtk_widget_translate_coordinates (GTK_WIDGET (self), viewport, 0, rect.origin.y, &x, &top))
    return FALSE;
  row_top = top + value;
  row_bottom = row_top + rect.size.height;

  if (self->zoom < 0)
    {
      /* The root, and as much as fits of the widest paths that grow from
       * it: the root row at the window's edge on its side. */
      if (self->root_at_top)
        value = row_top;
      else
        value = row_bottom - page;
    }
  else if (row_top < value)
    value = row_top;
  else if (row_bottom > value + page)
    value = row_bottom - page;
  gtk_adjustment_set_value (adj, value);
  return TRUE;
}

static gboolean
reveal_tick (GtkWidget     *widget,
             GdkFrameClock *clock,
             gpointer       user_data)
{
  HsFlameGraph *self = HS_FLAME_GRAPH (widget);

  if (reveal_now (self))
    {
      self->reveal_pending = FALSE;
      self->reveal_tick = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

/* Asks for the target to be scrolled into view once the graph has its
 * size: at the next frame, when the scrolled window's adjustment knows
 * the new height. */
static void
queue_reveal (HsFlameGraph *self)
{
  self->reveal_pending = TRUE;
  if (self->reveal_tick == 0 && gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->reveal_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), reveal_tick, NULL, NULL);
}

static void
hs_flame_graph_map (GtkWidget *widget)
{
  HsFlameGraph *self = HS_FLAME_GRAPH (widget);

  GtkWidget *scrolled;

  GTK_WIDGET_CLASS (hs_flame_graph_parent_class)->map (widget);
  if (self->reveal_pending)
    queue_reveal (self);

  /* Only the rows in view are drawn: scrolling, or a window of another
   * height, shows others, so draw again then (a scroll may only move the
   * graph's last drawing). */
  scrolled = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  if (scrolled != NULL)
    {
      g_set_object (&self->vadjustment, gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled)));
      g_signal_connect_object (self->vadjustment, "value-changed", G_CALLBACK (gtk_widget_queue_draw),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->vadjustment, "changed", G_CALLBACK (gtk_widget_queue_draw),
                               self, G_CONNECT_SWAPPED);
    }
}

static void
hs_flame_graph_unmap (GtkWidget *widget)
{
  HsFlameGraph *self = HS_FLAME_GRAPH (widget);

  if (self->reveal_tick != 0)
    {
      gtk_widget_remove_tick_callback (widget, self->reveal_tick);
      self->reveal_tick = 0;
    }
  if (self->vadjustment != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->vadjustment, self);
      g_clear_object (&self->vadjustment);
    }
  GTK_WIDGET_CLASS (hs_flame_graph_parent_class)->unmap (widget);
}

static void
hs_flame_graph_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  HsFlameGraph *self = HS_FLAME_GRAPH (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 120;
      *natural = 600;
    }
  else
    {
      int rows = self->n_frames > 0 ? (int) self->max_depth + 1 : 0;

      *minimum = *natural = rows * ROW_HEIGHT;
    }
}

static gboolean
hs_flame_graph_query_tooltip (GtkWidget  *widget,
                              int         x,
                              int         y,
                              gboolean    keyboard_mode,
                              GtkTooltip *tooltip)
{
  HsFlameGraph *self = HS_FLAME_GRAPH (widget);
  int index = hs_flame_graph_frame_at (self, x, y);
  g_autofree char *text = NULL;
  graphene_rect_t area;

  if (index < 0)
    return FALSE;

  text = hs_flame_graph_describe_frame (self, index);
  gtk_tooltip_set_text (tooltip, text);
  if (hs_flame_graph_get_frame_area (self, index, &area))
    gtk_tooltip_set_tip_area (tooltip, &(GdkRectangle) {
                                (int) area.origin.x, (int) area.origin.y,
                                MAX (1, (int) area.size.width), (int) area.size.height });
  return TRUE;
}

static void
set_hover (HsFlameGraph *self,
           int           hover)
{
  if (self->hover == hover)
    return;
  self->hover = hover;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_motion (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           HsFlameGraph             *self)
{
  set_hover (self, hs_flame_graph_frame_at (self, x, y));
}

static void
on_leave (GtkEventControllerMotion *controller,
          HsFlameGraph             *self)
{
  set_hover (self, -1);
}

static void
on_click_released (GtkGestureClick *gesture,
                   int              n_press,
                   double           x,
                   double           y,
                   HsFlameGraph    *self)
{
  int index = hs_flame_graph_frame_at (self, x, y);

  if (index < 0)
    return;

  /* Clicking the root (or the zoomed frame's root ancestor) zooms out. */
  if (hs_flame_node_get_depth (frame_at_index (self, index)) == 0)
    hs_flame_graph_reset_zoom (self);
  else
    hs_flame_graph_zoom_to (self, index);

  g_signal_emit (self, signals[FRAME_ACTIVATED], 0, index);
}

static void
reset_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  hs_flame_graph_reset_zoom (HS_FLAME_GRAPH (widget));
}

/* The search matches names, and a function's frames share its name: one
 * match per function, not one per frame (800k on bigprofile, for every
 * key typed, in each of the two graphs). */
static void
update_matches (HsFlameGraph *self)
{
  HsTop *top;
  guint n;

  g_clear_pointer (&self->matches, g_free);
  self->n_matches = 0;

  if (self->n_frames == 0 || self->search_regex == NULL)
    return;

  top = hs_flame_model_get_top (self->model);
  n = hs_top_get_n_nodes (top);
  self->matches = g_new0 (guint8, (gsize) n + 1);
  self->matches[0] = g_regex_match (self->search_regex, hs_flame_node_get_name (frame_at_index (self, 0)), 0, NULL);
  for (guint i = 0; i < n; i++)
    self->matches[i + 1] = g_regex_match (self->search_regex, hs_top_get_node_name (top, i), 0, NULL);
  self->n_matches = G_MAXUINT;
}

/**
 * hs_flame_graph_set_model:
 * @model: (nullable): what to draw; its nodes are the frames (no copy),
 *   laid out by the model, a diff's as base and new together
 */
void
hs_flame_graph_set_model (HsFlameGraph *self,
                          HsFlameModel *model)
{
  gboolean was_zoomed;

  g_return_if_fail (HS_IS_FLAME_GRAPH (self));
  g_return_if_fail (model == NULL || HS_IS_FLAME_MODEL (model));

  was_zoomed = self->zoom >= 0;
  g_set_object (&self->model, model);
  self->n_frames = model != NULL ? hs_flame_model_get_n_nodes (model) : 0;
  self->total = model != NULL ? hs_flame_node_get_width (hs_flame_model_get_root (model)) : 0;
  self->diff = model != NULL && hs_top_get_is_diff (hs_flame_model_get_top (model));
  self->max_depth = model != NULL ? hs_flame_model_get_max_depth (model) : 0;
  self->zoom = -1;
  self->hover = -1;

  index_depths (self);
  update_matches (self);
  if (was_zoomed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOMED]);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "flame.reset", FALSE);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  if (self->n_frames > 0)
    queue_reveal (self);
}

guint
hs_flame_graph_get_n_frames (HsFlameGraph *self)
{
  g_return_val_if_fail (HS_IS_FLAME_GRAPH (self), 0);

  return self->n_frames;
}

const HsFlameNode *
hs_flame_graph_get_frame (HsFlameGraph *self,
                          guint         index)
{
  g_return_val_if_fail (HS_IS_FLAME_GRAPH (self), NULL);
  g_return_val_if_fail (index < self->n_frames, NULL);

  return frame_at_index (self, index);
}

void
hs_flame_graph_set_unit (HsFlameGraph *self,
                         const char   *unit)
{
  g_return_if_fail (HS_IS_FLAME_GRAPH (self));

  replace_str (&self->unit, unit);
}

void
hs_flame_graph_set_root_at_top (HsFlameGraph *self,
                                gboolean      root_at_top)
{
  g_return_if_fail (HS_IS_FLAME_GRAPH (self));

  root_at_top = !!root_at_top;
  if (self->root_at_top == root_at_top)
    return;
  self->root_at_top = root_at_top;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  queue_reveal (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROOT_AT_TOP]);
}

gboolean
hs_flame_graph_get_root_at_top (HsFlameGraph *self)
{
  g_return_val_if_fail (HS_IS_FLAME_GRAPH (self), FALSE);

  return self->root_at_top;
}

/**
 * hs_flame_graph_set_search:
 * @search: (nullable): text to highlight; a case-insensitive substring
 */
void
hs_flame_graph_set_search (HsFlameGraph *self,
                           const char   *search)
{
  g_return_if_fail (HS_IS_FLAME_GRAPH (self));

  if (search != NULL && *search == '\0')
    search = NULL;
  if (!replace_str (&self->search, search))
    return;

  g_clear_pointer (&self->search_regex, g_regex_unref);
  if (search != NULL)
    {
      g_autofree char *escaped = g_regex_escape_string (search, -1);

      self->search_regex = g_regex_new (escaped, G_REGEX_CASELESS | G_REGEX_OPTIMIZE, 0, NULL);
    }

  update_matches (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH]);
}

guint
hs_flame_graph_get_n_matches (HsFlameGraph *self)
{
  g_return_val_if_fail (HS_IS_FLAME_GRAPH (self), 0);

  /* Counted when asked for, not on every key typed. */
  if (self->n_matches == G_MAXUINT)
    {
      self->n_matches = 0;
      for (guint i = 0; i < self->n_frames; i++)
        self->n_matches += frame_matches (self, i);
    }
  return self->n_matches;
}

/**
 * hs_flame_graph_zoom_to:
 * @index: a frame, or -1 for the whole graph
 */
void
hs_flame_graph_zoom_to (HsFlameGraph *self,
                        int           index)
{
  gboolean was_zoomed;

  g_return_if_fail (HS_IS_FLAME_GRAPH (self));
  g_return_if_fail (index < (int) hs_flame_graph_get_n_frames (self));

  if (index >= 0 && hs_flame_node_get_depth (frame_at_index (self, index)) == 0)
    index = -1;
  if (self->zoom == index)
    return;

  was_zoomed = self->zoom >= 0;
  self->zoom = index;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "flame.reset", index >= 0);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  /* The clicked frame stays in view; zooming out shows the root again. */
  queue_reveal (self);
  if (was_zoomed != (index >= 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOMED]);
}

int
hs_flame_graph_get_zoom (HsFlameGraph *self)
{
  g_return_val_if_fail (HS_IS_FLAME_GRAPH (self), -1);

  return self->zoom;
}

void
hs_flame_graph_reset_zoom (HsFlameGraph *self)
{
  hs_flame_graph_zoom_to (self, -1);
}

static void
hs_flame_graph_finalize (GObject *object)
{
  HsFlameGraph *self = HS_FLAME_GRAPH (object);

  g_clear_object (&self->model);
  g_clear_pointer (&self->search_regex, g_regex_unref);
  g_clear_pointer (&self->matches, g_free);
  g_clear_pointer (&self->depth_first, g_free);
  g_clear_pointer (&self->search, g_free);
  g_clear_pointer (&self->unit, g_free);

  G_OBJECT_CLASS (hs_flame_graph_parent_class)->finalize (object);
}

static void
hs_flame_graph_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  HsFlameGraph *self = HS_FLAME_GRAPH (object);

  switch (prop_id)
    {
    case PROP_ROOT_AT_TOP:
      g_value_set_boolean (value, self->root_at_top);
      break;
    case PROP_ZOOMED:
      g_value_set_boolean (value, self->zoom >= 0);
      break;
    case PROP_SEARCH:
      g_value_set_string (value, self->search);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hs_flame_graph_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  HsFlameGraph *self = HS_FLAME_GRAPH (object);

  switch (prop_id)
    {
    case PROP_ROOT_AT_TOP:
      hs_flame_graph_set_root_at_top (self, g_value_get_boolean (value));
      break;
    case PROP_SEARCH:
      hs_flame_graph_set_search (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hs_flame_graph_class_init (HsFlameGraphClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = hs_flame_graph_finalize;
  object_class->get_property = hs_flame_graph_get_property;
  object_class->set_property = hs_flame_graph_set_property;

  widget_class->snapshot = hs_flame_graph_snapshot;
  widget_class->measure = hs_flame_graph_measure;
  widget_class->query_tooltip = hs_flame_graph_query_tooltip;
  widget_class->css_changed = hs_flame_graph_css_changed;
  widget_class->map = hs_flame_graph_map;
  widget_class->unmap = hs_flame_graph_unmap;

  properties[PROP_ROOT_AT_TOP] =
    g_param_spec_boolean ("root-at-top", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ZOOMED] =
    g_param_spec_boolean ("zoomed", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEARCH] =
    g_param_spec_string ("search", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * HsFlameGraph::frame-activated:
   * @index: the frame clicked
   *
   * Lets the views around the graph show the function clicked.
   */
  signals[FRAME_ACTIVATED] =
    g_signal_new ("frame-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);

  gtk_widget_class_install_action (widget_class, "flame.reset", NULL, reset_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "flame.reset", NULL);
  gtk_widget_class_set_css_name (widget_class, "flamegraph");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
hs_flame_graph_init (HsFlameGraph *self)
{
  GtkEventController *motion;
  GtkGesture *click;

  self->zoom = -1;
  self->hover = -1;
  self->unit = g_strdup ("count");

  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "flame.reset", FALSE);

  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "released", G_CALLBACK (on_click_released), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
}
