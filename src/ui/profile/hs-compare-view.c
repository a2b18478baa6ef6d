/* hs-compare-view.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-compare-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "hs-call-tree-view.h"
#include "hs-compare-view.h"
#include "hs-filter-bar.h"
#include "hs-flame-graph.h"
#include "hs-goroutine-growth.h"
#include "hs-profile-analysis.h"
#include "hs-profile-diff.h"
#include "hs-top-table.h"
#include "hs-units.h"
#include "hs-weak-ref.h"

#define N_GROWERS 5

typedef enum
{
  PART_BASE,
  PART_NEW,
  PART_DIFF,
  N_PARTS
} Part;

/* What one pending analysis needs to find its way back: a weak
 * reference, so that a closed Compare tab goes at once. */
typedef struct
{
  gpointer       weak_self;
  GCancellable  *cancellable;
  Part           part;
} PartRequest;

struct _HsCompareView
{
  GtkWidget          parent_instance;

  /* Template widgets */
  GtkStack          *state_stack;
  GtkSpinner        *spinner;
  AdwStatusPage     *error_page;
  GtkLabel          *title_label;
  GtkLabel          *totals_label;
  GtkDropDown       *sample_dropdown;
  GtkStringList     *sample_types;
  GtkWidget         *growers_box;
  GtkGrid           *growers_grid;
  GtkSearchEntry    *search_entry;
  HsFilterBar       *filter_bar;
  AdwViewStack      *view_stack;
  HsTopTable        *diff_table;
  HsTopTable        *base_table;
  HsTopTable        *new_table;
  GtkLabel          *base_label;
  GtkLabel          *new_label;
  HsFlameGraph      *diff_flame;
  HsCallTreeView    *diff_tree;

  /* Owned */
  HsProfile         *base;
  HsProfile         *newer;
  char              *base_title;
  char              *new_title;
  char              *title;
  char              *error_message;
  GSettings         *settings;
  GCancellable      *cancellable;
  HsProfileAnalysis *parts[N_PARTS];
  GPtrArray         *growers;  /* function names, biggest growth first */
  GPtrArray         *grower_changes;  /* "before → after", parallel to growers */
  GPtrArray         *grower_waits;    /* goroutines: "chan receive, longest 47 min" or "" */
  guint              pending;
  guint              syncing : 1;
  guint              ready : 1;
};

G_DEFINE_FINAL_TYPE (HsCompareView, hs_compare_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void compare (HsCompareView *self);

/**
 * hs_compare_view_new:
 * @base: the "before" profile
 * @newer: the "after" profile
 *
 * Returns: (transfer floating): a view of newer − base
 */
HsCompareView *
hs_compare_view_new (HsProfile  *base,
                     const char *base_title,
                     HsProfile  *newer,
                     const char *new_title,
                     GSettings  *settings)
{
  HsCompareView *self;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (HS_IS_PROFILE (base), NULL);
  g_return_val_if_fail (HS_IS_PROFILE (newer), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (HS_TYPE_COMPARE_VIEW, NULL);
  self->base = g_object_ref (base);
  self->newer = g_object_ref (newer);
  self->base_title = g_strdup (base_title);
  self->new_title = g_strdup (new_title);
  self->settings = g_object_ref (settings);

  g_settings_bind (settings, "flame-root-at-top", self->diff_flame, "root-at-top",
                   G_SETTINGS_BIND_GET);

  if (!hs_profile_diff_check (base, newer, &error))
    {
      self->error_message = g_strdup (error->message);
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->state_stack, "error");
      self->title = g_strdup_printf ("%s → %s", base_title, new_title);
      return self;
    }

  /* The labels of either side. */
  {
    g_auto(GStrv) base_labels = hs_profile_list_labels (base);
    g_auto(GStrv) new_labels = hs_profile_list_labels (newer);
    g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
    g_auto(GStrv) labels = NULL;

    g_strv_builder_addv (builder, (const char **) new_labels);
    for (guint i = 0; base_labels[i] != NULL; i++)
      if (!g_strv_contains ((const char * const *) new_labels, base_labels[i]))
        g_strv_builder_add (builder, base_labels[i]);
    labels = g_strv_builder_end (builder);
    hs_filter_bar_set_labels (self->filter_bar, (const char * const *) labels);
  }

  /* Same sample types: the base's names serve both. */
  for (guint i = 0; i < hs_profile_get_n_sample_types (base); i++)
    {
      g_autofree char *name = g_strdup_printf ("%s (%s)",
                                               hs_profile_get_sample_type (base, i),
                                               hs_profile_get_sample_unit (base, i));
      gtk_string_list_append (self->sample_types, name);
    }
  self->syncing = TRUE;
  gtk_drop_down_set_selected (self->sample_dropdown, hs_profile_get_default_sample_index (newer));
  self->syncing = FALSE;

  compare (self);

  return self;
}

static char *
format_signed (const char *unit,
               gint64      value)
{
  g_autofree char *text = hs_flame_format_value (unit, value);

  if (value > 0)
    return g_strdup_printf ("▲ +%s", text);
  if (value < 0)
    return g_strdup_printf ("▼ %s", text);
  return g_steal_pointer (&text);
}

static void
update_titles (HsCompareView *self)
{
  g_autofree char *title = g_strdup_printf ("%s → %s", self->base_title, self->new_title);
  g_autofree char *base = g_strdup_printf (_("Base (before): %s"), self->base_title);
  g_autofree char *newer = g_strdup_printf (_("New (after): %s"), self->new_title);

  gtk_label_set_text (self->title_label, title);
  gtk_label_set_text (self->base_label, base);
  gtk_label_set_text (self->new_label, newer);

  if (g_strcmp0 (title, self->title) != 0)
    {
      g_free (self->title);
      self->title = g_steal_pointer (&title);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
    }
}

/* For goroutine profiles the flat frame is runtime.gopark for every
 * goroutine, so rank unique stacks instead, named by their first
 * non-runtime frame (core's ranking, the same `heapscope-cli diff` prints). */
static void
fill_goroutine_growers (HsCompareView *self)
{
  g_autoptr(GPtrArray) stacks = hs_goroutine_growth_new (self->base, self->newer, N_GROWERS);

  for (guint i = 0; i < stacks->len; i++)
    {
      HsGoroutineStack *stack = g_ptr_array_index (stacks, i);
      g_autofree char *delta = g_strdup_printf ("%+" G_GINT64_FORMAT,
                                                hs_int64_sub_saturating (stack->count, stack->base));
      g_autofree char *change = g_strdup_printf ("%" G_GINT64_FORMAT " → %" G_GINT64_FORMAT,
                                                 stack->base, stack->count);
      g_autofree char *tooltip = g_strdup_printf ("%s\n%s", stack->site, stack->stack);
      g_autofree char *wait = hs_goroutine_stack_format_wait (stack);
      g_autofree char *waits = NULL;
      GtkWidget *labels[5];

      /* The wait state and the longest wait come only from a debug=2
       * text; pprof labels from the binary profile. */
      if (stack->state[0] != '\0' && wait[0] != '\0')
        /* TRANSLATORS: a goroutine wait state and the longest wait, e.g.
         * "chan receive, longest 47 min" */
        waits = g_strdup_printf (_("%s, longest %s"), stack->state, wait);
      else
        waits = g_strdup (stack->state[0] != '\0' ? stack->state : wait);

      labels[0] = gtk_label_new (delta);
      gtk_widget_add_css_class (labels[0], "hs-growth");
      gtk_widget_add_css_class (labels[0], "numeric");
      gtk_label_set_xalign (GTK_LABEL (labels[0]), 1.0f);
      labels[1] = gtk_label_new (stack->site);
      gtk_widget_add_css_class (labels[1], "heading");
      gtk_label_set_ellipsize (GTK_LABEL (labels[1]), PANGO_ELLIPSIZE_MIDDLE);
      gtk_label_set_max_width_chars (GTK_LABEL (labels[1]), 40);
      gtk_widget_set_tooltip_text (labels[1], tooltip);
      labels[2] = gtk_label_new (waits);
      gtk_widget_add_css_class (labels[2], "dim-label");
      gtk_widget_set_tooltip_text (labels[2], _("How these goroutines wait, and the longest wait Go printed (only in a goroutine text captured with debug=2)"));
      labels[3] = gtk_label_new (stack->labels);
      gtk_widget_add_css_class (labels[3], "dim-label");
      gtk_label_set_ellipsize (GTK_LABEL (labels[3]), PANGO_ELLIPSIZE_END);
      gtk_widget_set_hexpand (labels[3], TRUE);
      gtk_widget_set_tooltip_text (labels[3], _("The goroutines’ pprof labels"));
      labels[4] = gtk_label_new (change);
      gtk_widget_add_css_class (labels[4], "numeric");
      gtk_widget_add_css_class (labels[4], "dim-label");

      for (guint col = 0; col < G_N_ELEMENTS (labels); col++)
        {
          if (col > 0)
            gtk_label_set_xalign (GTK_LABEL (labels[col]), 0.0f);
          gtk_label_set_selectable (GTK_LABEL (labels[col]), col == 1 || col == 3);
          gtk_grid_attach (self->growers_grid, labels[col], col, i, 1, 1);
        }

      g_ptr_array_add (self->growers, g_strdup (stack->site));
      g_ptr_array_add (self->grower_changes, g_steal_pointer (&change));
      g_ptr_array_add (self->grower_waits, g_steal_pointer (&waits));
    }
}

/* The summary a leak hunter reads first: which lines gained the most. */
static void
fill_growers (HsCompareView *self)
{
  HsTop *lines_top = self->parts[PART_DIFF]->lines_top;
  const char *unit = hs_top_get_unit (lines_top);
  g_autoptr(GPtrArray) growers = hs_top_get_growers (lines_top, N_GROWERS);
  gboolean goroutines;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->growers_grid))) != NULL)
    gtk_grid_remove (self->growers_grid, child);
  g_ptr_array_set_size (self->growers, 0);
  g_ptr_array_set_size (self->grower_changes, 0);
  g_ptr_array_set_size (self->grower_waits, 0);

  goroutines = hs_profile_is_goroutine (self->base) && hs_profile_is_goroutine (self->newer);
  if (goroutines)
    fill_goroutine_growers (self);

  /* The ranking is core's (hs_top_get_growers()); the CLI prints the same. */
  for (guint i = 0; !goroutines && i < growers->len; i++)
    {
      HsTopRow *row = g_ptr_array_index (growers, i);
      const char *file = hs_top_row_get_file (row);
      g_autofree char *delta = format_signed (unit, hs_top_row_get_flat (row));
      g_autofree char *base = hs_flame_format_value (unit, hs_top_row_get_base_flat (row));
      g_autofree char *newer = hs_flame_format_value (unit, hs_top_row_get_new_flat (row));
      g_autofree char *change = g_strdup_printf ("%s → %s", base, newer);
      g_autofree char *where = file != NULL && *file != '\0' ?
        g_strdup_printf ("%s:%" G_GINT64_FORMAT, file, hs_top_row_get_line (row)) :
        g_strdup ("");
      GtkWidget *labels[4];

      labels[0] = gtk_label_new (delta);
      gtk_widget_add_css_class (labels[0], "hs-growth");
      gtk_widget_add_css_class (labels[0], "numeric");
      gtk_label_set_xalign (GTK_LABEL (labels[0]), 1.0f);
      labels[1] = gtk_label_new (hs_top_row_get_function_name (row));
      gtk_widget_add_css_class (labels[1], "heading");
      gtk_widget_set_tooltip_text (labels[1], hs_top_row_get_function_name (row));
      labels[2] = gtk_label_new (where);
      gtk_widget_add_css_class (labels[2], "dim-label");
      labels[3] = gtk_label_new (change);
      gtk_widget_add_css_class (labels[3], "numeric");
      gtk_widget_add_css_class (labels[3], "dim-label");

      for (guint col = 0; col < G_N_ELEMENTS (labels); col++)
        {
          if (col > 0)
            gtk_label_set_xalign (GTK_LABEL (labels[col]), 0.0f);
          /* a name keeps its package and method, a path its file */
          gtk_label_set_ellipsize (GTK_LABEL (labels[col]),
                                   col == 1 ? PANGO_ELLIPSIZE_MIDDLE :
                                   col == 2 ? PANGO_ELLIPSIZE_START : PANGO_ELLIPSIZE_END);
          gtk_label_set_selectable (GTK_LABEL (labels[col]), col == 1 || col == 2);
          gtk_grid_attach (self->growers_grid, labels[col], col, i, 1, 1);
        }
      gtk_widget_set_hexpand (labels[2], TRUE);

      g_ptr_array_add (self->growers, g_strdup (hs_top_row_get_function_name (row)));
      g_ptr_array_add (self->grower_changes, g_steal_pointer (&change));
      g_ptr_array_add (self->grower_waits, g_strdup (""));
    }

  if (self->growers->len == 0)
    {
      GtkWidget *none = gtk_label_new (_("Nothing grew between these two profiles."));

      gtk_label_set_xalign (GTK_LABEL (none), 0.0f);
      gtk_widget_add_css_class (none, "dim-label");
      gtk_grid_attach (self->growers_grid, none, 0, 0, 1, 1);
    }
}

static void
fill_totals (HsCompareView *self)
{
  guint index = gtk_drop_down_get_selected (self->sample_dropdown);
  const char *unit = hs_profile_get_sample_unit (self->base, index);
  gint64 base_total = hs_profile_get_total (self->base, index);
  gint64 new_total = hs_profile_get_total (self->newer, index);
  g_autofree char *base = hs_flame_format_value (unit, base_total);
  g_autofree char *newer = hs_flame_format_value (unit, new_total);
  g_autofree char *delta = format_signed (unit, hs_int64_sub_saturating (new_total, base_total));
  g_autofree char *text = NULL;

  /* Translators: sample type, base total → new total (change) */
  text = g_strdup_printf (_("%s: %s → %s (%s)"),
                          hs_profile_get_sample_type (self->base, index), base, newer, delta);
  gtk_label_set_text (self->totals_label, text);
}

static void
apply_all (HsCompareView *self)
{
  HsProfileAnalysis *diff = self->parts[PART_DIFF];
  g_autofree char *selected = g_strdup (hs_top_table_get_selected_function (self->diff_table));

  self->syncing = TRUE;
  hs_top_table_set_top (self->base_table, self->parts[PART_BASE]->top);
  hs_top_table_set_top (self->new_table, self->parts[PART_NEW]->top);
  hs_top_table_set_top (self->diff_table, diff->top);
  hs_flame_graph_set_unit (self->diff_flame, hs_top_get_unit (diff->top));
  hs_flame_graph_set_model (self->diff_flame, diff->flame);
  hs_call_tree_view_set_tree (self->diff_tree, diff->call_tree);
  hs_call_tree_view_set_trees (self->diff_tree, diff->flame);
  self->syncing = FALSE;

  fill_totals (self);
  fill_growers (self);
  hs_filter_bar_show_result (self->filter_bar, diff->top, diff->unmatched);

  /* Open on the biggest grower: that is what a comparison is for. */
  if (selected == NULL && self->growers->len > 0)
    selected = g_strdup (g_ptr_array_index (self->growers, 0));
  if (selected != NULL)
    hs_top_table_select_function (self->diff_table, selected);

  self->ready = TRUE;
  gtk_spinner_set_spinning (self->spinner, FALSE);
  gtk_stack_set_visible_child_name (self->state_stack, "ready");
}

static void
part_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  PartRequest *request = user_data;
  g_autoptr(HsCompareView) self = hs_weak_ref_steal (request->weak_self);
  g_autoptr(GCancellable) cancellable = request->cancellable;
  Part which = request->part;
  g_autoptr(GError) error = NULL;
  HsProfileAnalysis *analysis = hs_profile_analysis_run_finish (result, &error);

  g_free (request);
  if (self == NULL ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      cancellable != self->cancellable)
    {
      hs_profile_analysis_free (analysis);
      return;
    }

  /* A half-typed filter: say so under the filters, keep what is shown. */
  if (g_error_matches (error, HS_PROFILE_ERROR, HS_PROFILE_ERROR_BAD_FILTER) && self->parts[PART_DIFF] != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      hs_filter_bar_show_error (self->filter_bar, error);
      gtk_spinner_set_spinning (self->spinner, FALSE);
      self->ready = TRUE;
      return;
    }
  if (analysis == NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_free (self->error_message);
      self->error_message = g_strdup (error->message);
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->state_stack, "error");
      return;
    }

  g_clear_pointer (&self->parts[which], hs_profile_analysis_free);
  self->parts[which] = analysis;
  if (--self->pending == 0)
    apply_all (self);
}

static void
compare (HsCompareView *self)
{
  guint index = gtk_drop_down_get_selected (self->sample_dropdown);
  HsProfileFilter filter;

  if (index == GTK_INVALID_LIST_POSITION)
    return;

  hs_filter_bar_get_filter (self->filter_bar, &filter);
  hs_filter_bar_show_busy (self->filter_bar);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->pending = N_PARTS;
  self->ready = FALSE;
  update_titles (self);

  gtk_spinner_set_spinning (self->spinner, TRUE);
  if (self->parts[PART_DIFF] == NULL)
    gtk_stack_set_visible_child_name (self->state_stack, "loading");

  for (Part p = 0; p < N_PARTS; p++)
    {
      PartRequest *part = g_new0 (PartRequest, 1);

      part->weak_self = hs_weak_ref_new (self);
      part->cancellable = g_object_ref (self->cancellable);
      part->part = p;
      /* The filters act on both sides, as pprof's on a -diff_base
       * profile. */
      hs_profile_analysis_run_filtered_async (p == PART_DIFF ? self->base : NULL,
                                              p == PART_BASE ? self->base : self->newer,
                                              &filter, index, p == PART_DIFF, p == PART_DIFF,
                                              self->cancellable, part_done, part);
    }
}

/**
 * hs_compare_view_swap:
 *
 * Makes the new profile the base and the base the new one.
 */
void
hs_compare_view_swap (HsCompareView *self)
{
  g_return_if_fail (HS_IS_COMPARE_VIEW (self));

  if (self->error_message != NULL)
    return;

  { HsProfile *tmp = self->base; self->base = self->newer; self->newer = tmp; }
  { char *tmp = self->base_title; self->base_title = self->new_title; self->new_title = tmp; }
  compare (self);
}

static void
swap_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  hs_compare_view_swap (HS_COMPARE_VIEW (widget));
}

static void
reset_zoom_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  hs_flame_graph_reset_zoom (HS_COMPARE_VIEW (widget)->diff_flame);
}

static void
on_zoomed_changed (HsCompareView *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "compare.reset-zoom",
                                 hs_flame_graph_get_zoom (self->diff_flame) >= 0);
}

static void
on_sample_selected (HsCompareView *self)
{
  if (!self->syncing)
    compare (self);
}

/* Filters act on the samples of both profiles: compare again. */
static void
on_filter_changed (HsCompareView *self)
{
  compare (self);
}

static void
on_search_changed (HsCompareView *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  hs_top_table_set_search (self->diff_table, text);
  hs_top_table_set_search (self->base_table, text);
  hs_top_table_set_search (self->new_table, text);
  hs_flame_graph_set_search (self->diff_flame, text);
}

/* The panes follow each other: what is picked in one is shown in all. */
static void
follow_selection (HsCompareView *self,
                  HsTopTable    *from)
{
  const char *function = hs_top_table_get_selected_function (from);

  if (self->syncing || function == NULL)
    return;

  self->syncing = TRUE;
  if (from != self->base_table)
    hs_top_table_select_function (self->base_table, function);
  if (from != self->new_table)
    hs_top_table_select_function (self->new_table, function);
  if (from != self->diff_table)
    hs_top_table_select_function (self->diff_table, function);
  hs_call_tree_view_set_function (self->diff_tree, function);
  self->syncing = FALSE;
}

/**
 * hs_compare_view_select_grower:
 * @index: a row of Top Growers
 *
 * Shows the grower's function in every pane: selected in the three
 * tables and the call tree, and zoomed to in the flame graph (its widest
 * frame), as clicking the row does.
 */
void
hs_compare_view_select_grower (HsCompareView *self,
                               guint          index)
{
  const char *function;
  int widest = -1;

  g_return_if_fail (HS_IS_COMPARE_VIEW (self));
  g_return_if_fail (index < self->growers->len);

  function = g_ptr_array_index (self->growers, index);
  hs_top_table_select_function (self->diff_table, function);
  follow_selection (self, self->diff_table);

  for (guint i = 0; i < hs_flame_graph_get_n_frames (self->diff_flame); i++)
    {
      const HsFlameNode *frame = hs_flame_graph_get_frame (self->diff_flame, i);

      if (g_strcmp0 (hs_flame_node_get_name (frame), function) == 0 &&
          (widest < 0 || hs_flame_node_get_width (frame) >
                         hs_flame_node_get_width (hs_flame_graph_get_frame (self->diff_flame, widest))))
        widest = (int) i;
    }
  if (widest >= 0)
    hs_flame_graph_zoom_to (self->diff_flame, widest);
}

/* A click anywhere on a Top Growers row (its labels stay selectable:
 * the capture phase sees the click first and does not claim it). */
static void
on_growers_released (GtkGestureClick *gesture,
                     int              n_press,
                     double           x,
                     double           y,
                     HsCompareView   *self)
{
  GtkWidget *grid = GTK_WIDGET (self->growers_grid);
  GtkWidget *child = gtk_widget_pick (grid, x, y, GTK_PICK_DEFAULT);
  int row = -1;

  while (child != NULL && gtk_widget_get_parent (child) != grid)
    child = gtk_widget_get_parent (child);
  if (child == NULL)
    return;
  gtk_grid_query_child (self->growers_grid, child, NULL, &row, NULL, NULL);
  if (row >= 0 && (guint) row < self->growers->len)
    hs_compare_view_select_grower (self, (guint) row);
}

/**
 * hs_compare_view_get_base_profile:
 *
 * Returns: (transfer none): the base (before) profile, after any swap
 */
HsProfile *
hs_compare_view_get_base_profile (HsCompareView *self)
{
  g_return_val_if_fail (HS_IS_COMPARE_VIEW (self), NULL);

  return self->base;
}

/**
 * hs_compare_view_get_new_profile:
 *
 * Returns: (transfer none): the new (after) profile, after any swap
 */
HsProfile *
hs_compare_view_get_new_profile (HsCompareView *self)
{
  g_return_val_if_fail (HS_IS_COMPARE_VIEW (self), NULL);

  return self->newer;
}

static void
on_frame_activated (HsFlameGraph  *graph,
                    int            index,
                    HsCompareView *self)
{
  const HsFlameNode *frame = hs_flame_graph_get_frame (graph, index);

  if (hs_flame_node_get_depth (frame) > 0)
    hs_top_table_select_function (self->diff_table, hs_flame_node_get_name (frame));
}

static void
on_diff_selection_changed (HsCompareView *self)
{
  follow_selection (self, self->diff_table);
}

static void
on_base_selection_changed (HsCompareView *self)
{
  follow_selection (self, self->base_table);
}

static void
on_new_selection_changed (HsCompareView *self)
{
  follow_selection (self, self->new_table);
}

static void
follow_sort (HsCompareView *self,
             HsTopTable    *from,
             HsTopTable    *to)
{
  GtkSortType order = GTK_SORT_ASCENDING;
  const char *column;

  if (self->syncing)
    return;

  column = hs_top_table_get_sort_column (from, &order);
  self->syncing = TRUE;
  hs_top_table_sort_by (to, column, order);
  self->syncing = FALSE;
}

static void
on_base_sort_changed (HsCompareView *self)
{
  follow_sort (self, self->base_table, self->new_table);
}

static void
on_new_sort_changed (HsCompareView *self)
{
  follow_sort (self, self->new_table, self->base_table);
}

const char *
hs_compare_view_get_title (HsCompareView *self)
{
  g_return_val_if_fail (HS_IS_COMPARE_VIEW (self), NULL);

  return self->title;
}

gboolean
hs_compare_view_get_ready (HsCompareView *self)
{
  g_return_val_if_fail (HS_IS_COMPARE_VIEW (self), FALSE);

  return self->ready;
}

const char *
hs_compare_view_get_error_message (HsCompareView *self)
{
  g_return_val_if_fail (HS_IS_COMPARE_VIEW (self), NULL);

  return self->error_message;
}

guint
hs_compare_view_get_n_growers (HsCompareView *self)
{
  g_return_val_if_fail (HS_IS_COMPARE_VIEW (self), 0);

  return self->growers->len;
}

/**
 * hs_compare_view_get_grower:
 *
 * Returns: the function name of the @index-th top grower
 */
const char *
hs_compare_view_get_grower (HsCompareView *self,
                            guint          index)
{
  g_return_val_if_fail (HS_IS_COMPARE_VIEW (self), NULL);
  g_return_val_if_fail (index < self->growers->len, NULL);

  return g_ptr_array_index (self->growers, index);
}

/**
 * hs_compare_view_get_grower_change:
 *
 * Returns: the @index-th top grower's "before → after", as shown
 */
const char *
hs_compare_view_get_grower_change (HsCompareView *self,
                                   guint          index)
{
  g_return_val_if_fail (HS_IS_COMPARE_VIEW (self), NULL);
  g_return_val_if_fail (index < self->grower_changes->len, NULL);

  return g_ptr_array_index (self->grower_changes, index);
}

/**
 * hs_compare_view_get_grower_wait:
 *
 * Returns: for a goroutine compare, the @index-th stack's wait state and
 *   longest wait as shown ("chan receive, longest 47 min"); "" when the
 *   profiles do not say
 */
const char *
hs_compare_view_get_grower_wait (HsCompareView *self,
                                 guint          index)
{
  g_return_val_if_fail (HS_IS_COMPARE_VIEW (self), NULL);
  g_return_val_if_fail (index < self->grower_waits->len, NULL);

  return g_ptr_array_index (self->grower_waits, index);
}

HsTopTable *
hs_compare_view_get_diff_table (HsCompareView *self)
{
  g_return_val_if_fail (HS_IS_COMPARE_VIEW (self), NULL);

  return self->diff_table;
}

HsTopTable *
hs_compare_view_get_base_table (HsCompareView *self)
{
  g_return_val_if_fail (HS_IS_COMPARE_VIEW (self), NULL);

  return self->base_table;
}

HsTopTable *
hs_compare_view_get_new_table (HsCompareView *self)
{
  g_return_val_if_fail (HS_IS_COMPARE_VIEW (self), NULL);

  return self->new_table;
}

HsFilterBar *
hs_compare_view_get_filter_bar (HsCompareView *self)
{
  g_return_val_if_fail (HS_IS_COMPARE_VIEW (self), NULL);

  return self->filter_bar;
}

HsFlameGraph *
hs_compare_view_get_flame_graph (HsCompareView *self)
{
  g_return_val_if_fail (HS_IS_COMPARE_VIEW (self), NULL);

  return self->diff_flame;
}

/**
 * hs_compare_view_show_page:
 * @name: "diff", "side", "flame" or "calltree"
 */
void
hs_compare_view_show_page (HsCompareView *self,
                           const char    *name)
{
  g_return_if_fail (HS_IS_COMPARE_VIEW (self));

  adw_view_stack_set_visible_child_name (self->view_stack, name);
}

static void
hs_compare_view_dispose (GObject *object)
{
  HsCompareView *self = HS_COMPARE_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->settings != NULL && self->diff_flame != NULL)
    g_settings_unbind (self->diff_flame, "root-at-top");

  gtk_widget_dispose_template (GTK_WIDGET (object), HS_TYPE_COMPARE_VIEW);

  for (Part p = 0; p < N_PARTS; p++)
    g_clear_pointer (&self->parts[p], hs_profile_analysis_free);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->base);
  g_clear_object (&self->newer);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (hs_compare_view_parent_class)->dispose (object);
}

static void
hs_compare_view_finalize (GObject *object)
{
  HsCompareView *self = HS_COMPARE_VIEW (object);

  g_clear_pointer (&self->base_title, g_free);
  g_clear_pointer (&self->new_title, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->error_message, g_free);
  g_clear_pointer (&self->growers, g_ptr_array_unref);
  g_clear_pointer (&self->grower_changes, g_ptr_array_unref);
  g_clear_pointer (&self->grower_waits, g_ptr_array_unref);

  G_OBJECT_CLASS (hs_compare_view_parent_class)->finalize (object);
}

static void
hs_compare_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  HsCompareView *self = HS_COMPARE_VIEW (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hs_compare_view_class_init (HsCompareViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hs_compare_view_dispose;
  object_class->finalize = hs_compare_view_finalize;
  object_class->get_property = hs_compare_view_get_property;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (HS_TYPE_TOP_TABLE);
  g_type_ensure (HS_TYPE_FLAME_GRAPH);
  g_type_ensure (HS_TYPE_CALL_TREE_VIEW);
  g_type_ensure (HS_TYPE_FILTER_BAR);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/heapscope/Heapscope/profile/hs-compare-view.ui");
  gtk_widget_class_bind_template_child (widget_class, HsCompareView, state_stack);
  gtk_widget_class_bind_template_child (widget_class, HsCompareView, spinner);
  gtk_widget_class_bind_template_child (widget_class, HsCompareView, error_page);
  gtk_widget_class_bind_template_child (widget_class, HsCompareView, title_label);
  gtk_widget_class_bind_template_child (widget_class, HsCompareView, totals_label);
  gtk_widget_class_bind_template_child (widget_class, HsCompareView, sample_dropdown);
  gtk_widget_class_bind_template_child (widget_class, HsCompareView, sample_types);
  gtk_widget_class_bind_template_child (widget_class, HsCompareView, growers_box);
  gtk_widget_class_bind_template_child (widget_class, HsCompareView, growers_grid);
  gtk_widget_class_bind_template_child (widget_class, HsCompareView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, HsCompareView, filter_bar);
  gtk_widget_class_bind_template_child (widget_class, HsCompareView, view_stack);
  gtk_widget_class_bind_template_child (widget_class, HsCompareView, diff_table);
  gtk_widget_class_bind_template_child (widget_class, HsCompareView, base_table);
  gtk_widget_class_bind_template_child (widget_class, HsCompareView, new_table);
  gtk_widget_class_bind_template_child (widget_class, HsCompareView, base_label);
  gtk_widget_class_bind_template_child (widget_class, HsCompareView, new_label);
  gtk_widget_class_bind_template_child (widget_class, HsCompareView, diff_flame);
  gtk_widget_class_bind_template_child (widget_class, HsCompareView, diff_tree);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_diff_selection_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_base_selection_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_new_selection_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_base_sort_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_new_sort_changed);

  gtk_widget_class_install_action (widget_class, "compare.swap", NULL, swap_action);
  gtk_widget_class_install_action (widget_class, "compare.reset-zoom", NULL, reset_zoom_action);
}

static void
hs_compare_view_init (HsCompareView *self)
{
  self->growers = g_ptr_array_new_with_free_func (g_free);
  self->grower_changes = g_ptr_array_new_with_free_func (g_free);
  self->grower_waits = g_ptr_array_new_with_free_func (g_free);

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "compare.reset-zoom", FALSE);
  {
    GtkGesture *click = gtk_gesture_click_new ();

    gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
    g_signal_connect_object (click, "released", G_CALLBACK (on_growers_released), self, 0);
    gtk_widget_add_controller (GTK_WIDGET (self->growers_grid), GTK_EVENT_CONTROLLER (click));
    gtk_widget_set_cursor_from_name (GTK_WIDGET (self->growers_grid), "pointer");
  }
  g_signal_connect_object (self->sample_dropdown, "notify::selected",
                           G_CALLBACK (on_sample_selected), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->diff_flame, "notify::zoomed",
                           G_CALLBACK (on_zoomed_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->diff_flame, "frame-activated",
                           G_CALLBACK (on_frame_activated), self, 0);
}
