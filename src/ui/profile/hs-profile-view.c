/* hs-profile-view.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-profile-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "hs-call-tree-view.h"
#include "hs-filter-bar.h"
#include "hs-flame-graph.h"
#include "hs-profile-analysis.h"
#include "hs-profile-filter.h"
#include "hs-profile-view.h"
#include "hs-top-table.h"
#include "hs-units.h"
#include "hs-weak-ref.h"

struct _HsProfileView
{
  GtkWidget          parent_instance;

  /* Template widgets */
  GtkStack          *state_stack;
  GtkSpinner        *spinner;
  GtkLabel          *loading_label;
  GtkLabel          *loading_detail;
  AdwStatusPage     *error_page;
  GtkLabel          *name_label;
  GtkLabel          *details_label;
  GtkLabel          *totals_label;
  GtkLabel          *symbols_label;
  GtkWidget         *empty_page;      /* made when a profile has no samples */
  GtkDropDown       *sample_dropdown;
  GtkStringList     *sample_types;
  GtkSearchEntry    *search_entry;
  HsFilterBar       *filter_bar;
  AdwViewStack      *view_stack;
  HsTopTable        *top_table;
  HsFlameGraph      *flame_graph;
  HsFlameGraph      *top_flame;
  GtkLabel          *flame_hint;
  GtkWidget         *top_flame_status;
  HsCallTreeView    *call_tree;

  /* Owned */
  GFile             *file;
  GSettings         *settings;
  GCancellable      *cancellable;
  HsProfile         *profile;
  HsProfileAnalysis *analysis;
  HsProfileAnalysis *flame;
  char              *title;
  char              *error_message;
  HsProfileViewState state;
  HsLoadProgress    *progress;     /* while reading */
  guint              progress_id;
  guint              loading : 1;
  guint              syncing : 1;
};

G_DEFINE_FINAL_TYPE (HsProfileView, hs_profile_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_TOOLTIP,
  PROP_LOADING,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void hs_profile_view_load (HsProfileView *self);
static void set_state (HsProfileView *self, HsProfileViewState state);
static void show_profile (HsProfileView *self, HsProfile *profile);

/**
 * hs_profile_view_new:
 *
 * Creates a view of @file and starts loading it in a worker thread.
 */
HsProfileView *
hs_profile_view_new (GFile     *file,
                     GSettings *settings)
{
  HsProfileView *self;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (HS_TYPE_PROFILE_VIEW, NULL);
  self->file = g_object_ref (file);
  self->settings = g_object_ref (settings);
  self->title = g_file_get_basename (file);

  g_settings_bind (settings, "flame-root-at-top", self->flame_graph, "root-at-top",
                   G_SETTINGS_BIND_GET);
  g_settings_bind (settings, "flame-root-at-top", self->top_flame, "root-at-top",
                   G_SETTINGS_BIND_GET);

  hs_profile_view_load (self);

  return self;
}

/**
 * hs_profile_view_new_for_profile:
 *
 * Creates a view of a profile that is already in memory and has no file
 * of its own (a snapshot of a massif file): no loading, no reload.
 */
HsProfileView *
hs_profile_view_new_for_profile (HsProfile *profile,
                                 GSettings *settings)
{
  HsProfileView *self;

  g_return_val_if_fail (HS_IS_PROFILE (profile), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (HS_TYPE_PROFILE_VIEW, NULL);
  self->settings = g_object_ref (settings);
  self->title = g_strdup (hs_profile_get_display_name (profile));

  g_settings_bind (settings, "flame-root-at-top", self->flame_graph, "root-at-top",
                   G_SETTINGS_BIND_GET);
  g_settings_bind (settings, "flame-root-at-top", self->top_flame, "root-at-top",
                   G_SETTINGS_BIND_GET);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "view.reload", FALSE);

  set_state (self, HS_PROFILE_VIEW_LOADING);
  show_profile (self, g_object_ref (profile));

  return self;
}

static void
set_state (HsProfileView      *self,
           HsProfileViewState  state)
{
  static const char *names[] = { "loading", "error", "ready" };
  gboolean loading = state == HS_PROFILE_VIEW_LOADING;

  gtk_stack_set_visible_child_name (self->state_stack, names[state]);
  gtk_spinner_set_spinning (self->spinner, loading);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "view.cancel", loading);

  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
  if (self->loading != loading)
    {
      self->loading = loading;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
    }
}

static void
show_error (HsProfileView *self,
            const GError  *error)
{
  g_free (self->error_message);
  self->error_message = g_strdup (error->message);
  adw_status_page_set_description (self->error_page, error->message);
  set_state (self, HS_PROFILE_VIEW_ERROR);
}

static char *
format_total (HsProfile *profile,
              guint      index)
{
  const char *unit = hs_profile_get_sample_unit (profile, index);
  gint64 total = hs_profile_get_total (profile, index);
  g_autofree char *human = hs_flame_format_value (unit, total);

  if (g_strcmp0 (unit, "bytes") == 0)
    return g_strdup_printf ("%s %s (%" G_GINT64_FORMAT " B)",
                            hs_profile_get_sample_type (profile, index), human, total);
  return g_strdup_printf ("%s %s", hs_profile_get_sample_type (profile, index), human);
}

static void
fill_header (HsProfileView *self)
{
  HsProfile *profile = self->profile;
  g_autoptr(GString) details = g_string_new (NULL);
  g_autoptr(GString) totals = g_string_new (NULL);
  guint n_types = hs_profile_get_n_sample_types (profile);
  g_autofree char *path = self->file != NULL ? g_file_get_parse_name (self->file)
                                             : g_strdup (hs_profile_get_display_name (profile));
  gint64 time_nanos = hs_profile_get_time_nanos (profile);
  gint64 duration_nanos = hs_profile_get_duration_nanos (profile);

  gtk_label_set_text (self->name_label, hs_profile_get_display_name (profile));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->name_label), path);

  switch (hs_profile_get_kind (profile))
    {
    case HS_PROFILE_KIND_HEAP:
      g_string_append (details, _("Heap profile"));
      break;
    case HS_PROFILE_KIND_GOROUTINE:
      g_string_append (details, _("Goroutine profile"));
      break;
    case HS_PROFILE_KIND_OTHER:
    default:
      g_string_append (details, _("Profile"));
      break;
    }
  g_string_append_printf (details, " (%s)", hs_profile_format_to_string (hs_profile_get_format (profile)));

  if (time_nanos > 0)
    {
      /* local time, as memory maps and the Compare picker show theirs */
      g_autofree char *when = hs_format_local_time (time_nanos / 1000);

      g_string_append (details, " · ");
      /* Translators: %s is a date and time */
      g_string_append_printf (details, _("captured %s"), when);
    }
  if (duration_nanos > 0)
    {
      g_autofree char *duration = hs_format_duration (duration_nanos / 1000);

      g_string_append (details, " · ");
      /* Translators: %s is a duration such as "30s" */
      g_string_append_printf (details, _("duration %s"), duration);
    }
  g_string_append (details, " · ");
  g_string_append_printf (details,
                          g_dngettext (GETTEXT_PACKAGE, "%u sample", "%u samples",
                                       hs_profile_get_n_samples (profile)),
                          hs_profile_get_n_samples (profile));
  gtk_label_set_text (self->details_label, details->str);

  /* Translators: the totals of each sample type follow */
  g_string_append (totals, _("Totals: "));
  for (guint i = 0; i < n_types; i++)
    {
      g_autofree char *total = format_total (profile, i);

      if (i > 0)
        g_string_append (totals, " · ");
      g_string_append (totals, total);
    }
  gtk_label_set_text (self->totals_label, totals->str);

  /* What could not be named, and why: the numbers are right, but some
   * rows are addresses. */
  {
    const char * const *notes = hs_profile_get_symbol_notes (profile);
    g_autofree char *text = g_strjoinv ("\n", (char **) notes);

    gtk_label_set_text (self->symbols_label, text);
    gtk_widget_set_visible (GTK_WIDGET (self->symbols_label), notes[0] != NULL);
  }
}

static void
fill_sample_types (HsProfileView *self)
{
  guint n_types = hs_profile_get_n_sample_types (self->profile);
  guint n_old = g_list_model_get_n_items (G_LIST_MODEL (self->sample_types));
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n_types; i++)
    g_ptr_array_add (names, g_strdup_printf ("%s (%s)",
                                             hs_profile_get_sample_type (self->profile, i),
                                             hs_profile_get_sample_unit (self->profile, i)));
  g_ptr_array_add (names, NULL);

  self->syncing = TRUE;
  gtk_string_list_splice (self->sample_types, 0, n_old, (const char * const *) names->pdata);
  gtk_drop_down_set_selected (self->sample_dropdown,
                              hs_profile_get_default_sample_index (self->profile));
  self->syncing = FALSE;
}

static void
apply_analysis (HsProfileView *self)
{
  HsProfileAnalysis *analysis = self->analysis;
  g_autofree char *selected = g_strdup (hs_top_table_get_selected_function (self->top_table));

  hs_top_table_set_top (self->top_table, analysis->top);
  hs_call_tree_view_set_tree (self->call_tree, analysis->call_tree);
  hs_filter_bar_show_result (self->filter_bar, analysis->top, analysis->unmatched);

  /* Start where the memory is: the first row, unless one was chosen. */
  if (selected == NULL || !hs_top_table_select_function (self->top_table, selected))
    {
      g_autoptr(HsTopRow) first = hs_top_table_get_visible_row (self->top_table, 0);

      if (first != NULL)
        hs_top_table_select_function (self->top_table, hs_top_row_get_function_name (first));
    }
}

/* The view a finished task reports to, from the callback's weak
 * reference: NULL when the view is gone (its tab was closed) or has
 * started other work since (a reload or another sample type replaced the
 * task's cancellable). */
static HsProfileView *
view_for_result (gpointer      weak_ref,
                 GAsyncResult *result)
{
  HsProfileView *self = hs_weak_ref_steal (weak_ref);

  if (self != NULL && g_task_get_cancellable (G_TASK (result)) != self->cancellable)
    g_clear_object (&self);
  return self;
}

/* The view's own Cancel (the only other way its current task is
 * cancelled) during the load or the analysis. */
static void
show_cancelled (HsProfileView *self)
{
  g_autoptr(GError) cancelled = g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                             _("Loading “%s” was cancelled"), self->title);

  show_error (self, cancelled);
}

/* The analysis ran in a worker thread, whose glibc arena keeps what the
 * build freed (the merge's scratch: about as much again as what it
 * returns) mapped and resident; the window would hold it for as long as
 * it is open. Hand the free pages back once the result is in place. */
static void
release_scratch (void)
{
#ifdef __GLIBC__
  malloc_trim (0);
#endif
}

static void
flame_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(HsProfileView) self = view_for_result (user_data, result);
  g_autoptr(GError) error = NULL;
  HsProfileAnalysis *flame = hs_profile_analysis_run_finish (result, &error);

  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      hs_profile_analysis_free (flame);
      return;
    }
  if (flame == NULL)
    {
      gtk_label_set_text (self->flame_hint, error->message);
      gtk_label_set_text (GTK_LABEL (self->top_flame_status), error->message);
      return;
    }

  g_clear_pointer (&self->flame, hs_profile_analysis_free);
  self->flame = flame;
  hs_flame_graph_set_unit (self->flame_graph, hs_top_get_unit (flame->top));
  hs_flame_graph_set_model (self->flame_graph, flame->flame);
  hs_flame_graph_set_unit (self->top_flame, hs_top_get_unit (flame->top));
  hs_flame_graph_set_model (self->top_flame, flame->flame);
  hs_call_tree_view_set_trees (self->call_tree, flame->flame);
  gtk_label_set_text (self->flame_hint, _("Width is the share of the total; click a frame to zoom in."));
  gtk_widget_set_visible (self->top_flame_status, FALSE);
  release_scratch ();
}

static void
analysis_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(HsProfileView) self = view_for_result (user_data, result);
  g_autoptr(GError) error = NULL;
  HsProfileAnalysis *analysis = hs_profile_analysis_run_finish (result, &error);

  if (self == NULL)
    {
      hs_profile_analysis_free (analysis);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      show_cancelled (self);
      return;
    }
  /* A half-typed expression is normal: say so under the filters and
   * keep showing the last good analysis. */
  if (g_error_matches (error, HS_PROFILE_ERROR, HS_PROFILE_ERROR_BAD_FILTER) && self->analysis != NULL)
    {
      hs_filter_bar_show_error (self->filter_bar, error);
      set_state (self, HS_PROFILE_VIEW_READY);
      return;
    }
  if (analysis == NULL)
    {
      show_error (self, error);
      return;
    }

  g_clear_pointer (&self->analysis, hs_profile_analysis_free);
  self->analysis = analysis;
  apply_analysis (self);
  set_state (self, HS_PROFILE_VIEW_READY);

  /* The table is useful at once; the flame graph follows. */
  hs_flame_graph_set_model (self->flame_graph, NULL);
  hs_flame_graph_set_model (self->top_flame, NULL);
  gtk_label_set_text (self->flame_hint, _("Building the flame graph…"));
  gtk_widget_set_visible (self->top_flame_status, TRUE);
  hs_profile_analysis_flame_async (analysis->top, self->cancellable, flame_done, hs_weak_ref_new (self));
}

static void
analyze (HsProfileView *self)
{
  guint index = gtk_drop_down_get_selected (self->sample_dropdown);
  HsProfileFilter filter;

  if (self->profile == NULL || index == GTK_INVALID_LIST_POSITION)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  hs_filter_bar_get_filter (self->filter_bar, &filter);
  hs_filter_bar_show_busy (self->filter_bar);
  hs_profile_analysis_run_filtered_async (NULL, self->profile, &filter, index, FALSE, FALSE, self->cancellable,
                                          analysis_done, hs_weak_ref_new (self));
}

static void
stop_progress (HsProfileView *self)
{
  g_clear_handle_id (&self->progress_id, g_source_remove);
  g_clear_pointer (&self->progress, hs_load_progress_unref);
}

/* "Reading heap.pb.gz… 42 %": the reader reports the share of its input
 * consumed; a big profile takes seconds, and a spinner alone looked hung. */
static gboolean
update_progress (gpointer user_data)
{
  HsProfileView *self = user_data;
  g_autofree char *message = NULL;

  if (hs_load_progress_get_naming (self->progress))
    {
      gtk_label_set_text (self->loading_label, _("Naming functions from the program’s binaries…"));
      return G_SOURCE_CONTINUE;
    }
  /* Translators: a file name and the percentage read; keep the "%%" */
  message = g_strdup_printf (_("Reading %s… %d %%"), self->title,
                             (int) (100.0 * hs_load_progress_get_fraction (self->progress)));
  gtk_label_set_text (self->loading_label, message);
  return G_SOURCE_CONTINUE;
}

/**
 * hs_profile_view_get_load_fraction:
 *
 * Returns: the share of the file read so far, from 0 to 1; 1 once read
 */
double
hs_profile_view_get_load_fraction (HsProfileView *self)
{
  g_return_val_if_fail (HS_IS_PROFILE_VIEW (self), 0.0);

  if (self->progress != NULL)
    return hs_load_progress_get_fraction (self->progress);
  return self->profile != NULL ? 1.0 : 0.0;
}

/* A profile with no samples reads fine (pprof prints an empty table) but
 * its views would be blank: say what that means instead. The header with
 * its zero totals stays. */
static void
show_empty_state (HsProfileView *self,
                  gboolean       empty)
{
  GtkWidget *stack = GTK_WIDGET (self->view_stack);

  if (empty && self->empty_page == NULL)
    {
      self->empty_page = adw_status_page_new ();
      adw_status_page_set_icon_name (ADW_STATUS_PAGE (self->empty_page), "dialog-information-symbolic");
      adw_status_page_set_title (ADW_STATUS_PAGE (self->empty_page), _("No Samples"));
      adw_status_page_set_description (ADW_STATUS_PAGE (self->empty_page),
                                       _("This profile was read, but it holds no samples, so there is nothing to rank or draw. "
                                         "A heap profile taken right after start, or of a program that allocated less than the "
                                         "sampling rate (Go samples about one allocation per 512 KiB), is empty: capture it again "
                                         "after the program has run for a while."));
      gtk_widget_set_vexpand (self->empty_page, TRUE);
      gtk_box_insert_child_after (GTK_BOX (gtk_widget_get_parent (stack)), self->empty_page, stack);
    }
  gtk_widget_set_visible (stack, !empty);
  if (self->empty_page != NULL)
    gtk_widget_set_visible (self->empty_page, empty);
}

/* Takes @profile: loaded, now analysed. */
static void
show_profile (HsProfileView *self,
              HsProfile     *profile)
{
  self->profile = profile;
  {
    /* Translators: %s is a file name */
    g_autofree char *message = g_strdup_printf (_("Analysing %s…"), self->title);

    gtk_label_set_text (self->loading_label, message);
  }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
  fill_header (self);
  fill_sample_types (self);
  {
    g_auto(GStrv) labels = hs_profile_list_labels (self->profile);

    hs_filter_bar_set_labels (self->filter_bar, (const char * const *) labels);
  }
  show_empty_state (self, hs_profile_get_n_samples (profile) == 0);
  analyze (self);
}

static void
load_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(HsProfileView) self = view_for_result (user_data, result);
  g_autoptr(GError) error = NULL;
  g_autoptr(HsProfile) profile = hs_profile_load_file_finish (result, &error);

  if (self == NULL)
    return;
  stop_progress (self);
  if (profile == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_cancelled (self);
      else
        show_error (self, error);
      return;
    }
  show_profile (self, g_steal_pointer (&profile));
}

static void
hs_profile_view_load (HsProfileView *self)
{
  g_autofree char *message = NULL;
  g_autofree char *path = g_file_get_parse_name (self->file);
  guint64 cap = g_settings_get_uint64 (self->settings, "max-profile-size");
  g_auto(GStrv) configured = g_settings_get_strv (self->settings, "binary-path");
  g_auto(GStrv) search = hs_profile_binary_path_or_default ((const char * const *) configured);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_clear_pointer (&self->error_message, g_free);

  /* Translators: %s is a file name */
  message = g_strdup_printf (_("Reading %s…"), self->title);
  gtk_label_set_text (self->loading_label, message);
  gtk_label_set_text (self->loading_detail, path);
  set_state (self, HS_PROFILE_VIEW_LOADING);

  stop_progress (self);
  self->progress = hs_load_progress_new ();
  self->progress_id = g_timeout_add (100, update_progress, self);
  /* gperftools, jemalloc and legacy dumps hold addresses: the same
   * worker names them from their binaries before any analysis. */
  hs_profile_load_file_symbolized_async (self->file, cap, self->progress, (const char * const *) search,
                                         self->cancellable, load_done, hs_weak_ref_new (self));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  g_cancellable_cancel (HS_PROFILE_VIEW (widget)->cancellable);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  hs_profile_view_load (HS_PROFILE_VIEW (widget));
}

static void
reset_zoom_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  hs_flame_graph_reset_zoom (HS_PROFILE_VIEW (widget)->flame_graph);
}

static void
on_zoomed_changed (HsProfileView *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "view.reset-zoom",
                                 hs_flame_graph_get_zoom (self->flame_graph) >= 0);
}

static void
on_frame_activated (HsFlameGraph  *graph,
                    int            index,
                    HsProfileView *self)
{
  const HsFlameNode *frame = hs_flame_graph_get_frame (graph, index);

  /* The root is not a function. */
  if (hs_flame_node_get_depth (frame) > 0)
    hs_top_table_select_function (self->top_table, hs_flame_node_get_name (frame));
}

static void
on_sample_selected (HsProfileView *self)
{
  if (!self->syncing)
    analyze (self);
}

static void
on_search_changed (HsProfileView *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  hs_top_table_set_search (self->top_table, text);
  hs_flame_graph_set_search (self->flame_graph, text);
  hs_flame_graph_set_search (self->top_flame, text);
}

/* Filters act on samples: each change is a new analysis in a worker. */
static void
on_filter_changed (HsProfileView *self)
{
  analyze (self);
}

static void
on_top_selection_changed (HsProfileView *self)
{
  const char *function = hs_top_table_get_selected_function (self->top_table);

  if (self->syncing || function == NULL)
    return;

  self->syncing = TRUE;
  hs_call_tree_view_set_function (self->call_tree, function);
  self->syncing = FALSE;
}

static void
on_call_tree_function_changed (HsProfileView *self)
{
  const char *function = hs_call_tree_view_get_function (self->call_tree);

  if (self->syncing || function == NULL)
    return;

  self->syncing = TRUE;
  hs_top_table_select_function (self->top_table, function);
  self->syncing = FALSE;
}

GFile *
hs_profile_view_get_file (HsProfileView *self)
{
  g_return_val_if_fail (HS_IS_PROFILE_VIEW (self), NULL);

  return self->file;
}

const char *
hs_profile_view_get_title (HsProfileView *self)
{
  g_return_val_if_fail (HS_IS_PROFILE_VIEW (self), NULL);

  return self->title;
}

/**
 * hs_profile_view_get_profile:
 *
 * Returns: (transfer none) (nullable): the loaded profile, or %NULL while
 *   loading or after an error
 */
HsProfile *
hs_profile_view_get_profile (HsProfileView *self)
{
  g_return_val_if_fail (HS_IS_PROFILE_VIEW (self), NULL);

  return self->profile;
}

HsProfileViewState
hs_profile_view_get_state (HsProfileView *self)
{
  g_return_val_if_fail (HS_IS_PROFILE_VIEW (self), HS_PROFILE_VIEW_ERROR);

  return self->state;
}

const char *
hs_profile_view_get_error_message (HsProfileView *self)
{
  g_return_val_if_fail (HS_IS_PROFILE_VIEW (self), NULL);

  return self->error_message;
}

const char *
hs_profile_view_get_totals_text (HsProfileView *self)
{
  g_return_val_if_fail (HS_IS_PROFILE_VIEW (self), NULL);

  return gtk_label_get_text (self->totals_label);
}

gboolean
hs_profile_view_get_empty (HsProfileView *self)
{
  g_return_val_if_fail (HS_IS_PROFILE_VIEW (self), FALSE);
  return self->empty_page != NULL && gtk_widget_get_visible (self->empty_page);
}

const char *
hs_profile_view_get_symbols_text (HsProfileView *self)
{
  g_return_val_if_fail (HS_IS_PROFILE_VIEW (self), NULL);
  return gtk_label_get_text (self->symbols_label);
}

HsTopTable *
hs_profile_view_get_top_table (HsProfileView *self)
{
  g_return_val_if_fail (HS_IS_PROFILE_VIEW (self), NULL);

  return self->top_table;
}

HsFlameGraph *
hs_profile_view_get_flame_graph (HsProfileView *self)
{
  g_return_val_if_fail (HS_IS_PROFILE_VIEW (self), NULL);

  return self->flame_graph;
}

HsCallTreeView *
hs_profile_view_get_call_tree (HsProfileView *self)
{
  g_return_val_if_fail (HS_IS_PROFILE_VIEW (self), NULL);

  return self->call_tree;
}

/**
 * hs_profile_view_set_filter:
 * @filter: (nullable): pprof's filters; %NULL clears them
 *
 * Fills the filter bar with @filter and analyses again at once (in a
 * worker thread): every view and the filter status follow.
 */
void
hs_profile_view_set_filter (HsProfileView         *self,
                            const HsProfileFilter *filter)
{
  g_return_if_fail (HS_IS_PROFILE_VIEW (self));

  hs_filter_bar_set_filter (self->filter_bar, filter);
}

/**
 * hs_profile_view_get_filter_status:
 *
 * Returns: (nullable): the line under the filter bar (what the filtered
 *   samples add up to, or why a filter was refused); %NULL when hidden
 */
const char *
hs_profile_view_get_filter_status (HsProfileView *self)
{
  g_return_val_if_fail (HS_IS_PROFILE_VIEW (self), NULL);

  return hs_filter_bar_get_status (self->filter_bar);
}

/**
 * hs_profile_view_set_sample_index:
 *
 * Shows sample type @index (pprof's -sample_index); analysis runs in a
 * worker thread and the view updates when it is done.
 */
void
hs_profile_view_set_sample_index (HsProfileView *self,
                                  guint          index)
{
  g_return_if_fail (HS_IS_PROFILE_VIEW (self));

  gtk_drop_down_set_selected (self->sample_dropdown, index);
}

/**
 * hs_profile_view_show_page:
 * @name: "top", "flame" or "calltree"
 */
void
hs_profile_view_show_page (HsProfileView *self,
                           const char    *name)
{
  g_return_if_fail (HS_IS_PROFILE_VIEW (self));

  adw_view_stack_set_visible_child_name (self->view_stack, name);
}

static void
hs_profile_view_dispose (GObject *object)
{
  HsProfileView *self = HS_PROFILE_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  stop_progress (self);
  if (self->settings != NULL && self->flame_graph != NULL)
    {
      g_settings_unbind (self->flame_graph, "root-at-top");
      g_settings_unbind (self->top_flame, "root-at-top");
    }

  gtk_widget_dispose_template (GTK_WIDGET (object), HS_TYPE_PROFILE_VIEW);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->analysis, hs_profile_analysis_free);
  g_clear_pointer (&self->flame, hs_profile_analysis_free);
  g_clear_object (&self->profile);
  g_clear_object (&self->settings);
  g_clear_object (&self->file);

  G_OBJECT_CLASS (hs_profile_view_parent_class)->dispose (object);
}

static void
hs_profile_view_finalize (GObject *object)
{
  HsProfileView *self = HS_PROFILE_VIEW (object);

  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->error_message, g_free);

  G_OBJECT_CLASS (hs_profile_view_parent_class)->finalize (object);
}

static void
hs_profile_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  HsProfileView *self = HS_PROFILE_VIEW (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_TOOLTIP:
      g_value_take_string (value, self->file != NULL ? g_file_get_parse_name (self->file) : NULL);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  gtk_widget_grab_focus (GTK_WIDGET (HS_PROFILE_VIEW (widget)->search_entry));
}

static void
hs_profile_view_class_init (HsProfileViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hs_profile_view_dispose;
  object_class->finalize = hs_profile_view_finalize;
  object_class->get_property = hs_profile_view_get_property;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOOLTIP] =
    g_param_spec_string ("tooltip", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, 0, HS_PROFILE_VIEW_READY, 0,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (HS_TYPE_TOP_TABLE);
  g_type_ensure (HS_TYPE_FLAME_GRAPH);
  g_type_ensure (HS_TYPE_CALL_TREE_VIEW);
  g_type_ensure (HS_TYPE_FILTER_BAR);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/heapscope/Heapscope/profile/hs-profile-view.ui");
  gtk_widget_class_bind_template_child (widget_class, HsProfileView, state_stack);
  gtk_widget_class_bind_template_child (widget_class, HsProfileView, spinner);
  gtk_widget_class_bind_template_child (widget_class, HsProfileView, loading_label);
  gtk_widget_class_bind_template_child (widget_class, HsProfileView, loading_detail);
  gtk_widget_class_bind_template_child (widget_class, HsProfileView, error_page);
  gtk_widget_class_bind_template_child (widget_class, HsProfileView, name_label);
  gtk_widget_class_bind_template_child (widget_class, HsProfileView, details_label);
  gtk_widget_class_bind_template_child (widget_class, HsProfileView, totals_label);
  gtk_widget_class_bind_template_child (widget_class, HsProfileView, symbols_label);
  gtk_widget_class_bind_template_child (widget_class, HsProfileView, sample_dropdown);
  gtk_widget_class_bind_template_child (widget_class, HsProfileView, sample_types);
  gtk_widget_class_bind_template_child (widget_class, HsProfileView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, HsProfileView, filter_bar);
  gtk_widget_class_bind_template_child (widget_class, HsProfileView, view_stack);
  gtk_widget_class_bind_template_child (widget_class, HsProfileView, top_table);
  gtk_widget_class_bind_template_child (widget_class, HsProfileView, flame_graph);
  gtk_widget_class_bind_template_child (widget_class, HsProfileView, top_flame);
  gtk_widget_class_bind_template_child (widget_class, HsProfileView, flame_hint);
  gtk_widget_class_bind_template_child (widget_class, HsProfileView, top_flame_status);
  gtk_widget_class_bind_template_child (widget_class, HsProfileView, call_tree);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_top_selection_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_call_tree_function_changed);

  gtk_widget_class_install_action (widget_class, "view.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "view.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "view.reset-zoom", NULL, reset_zoom_action);
  gtk_widget_class_install_action (widget_class, "view.find", NULL, find_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "view.find", NULL);
}

static void
hs_profile_view_init (HsProfileView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  hs_call_tree_view_set_mode (self->call_tree, HS_CALL_TREE_MODE_TOP_DOWN);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "view.reset-zoom", FALSE);
  g_signal_connect_object (self->flame_graph, "notify::zoomed",
                           G_CALLBACK (on_zoomed_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sample_dropdown, "notify::selected",
                           G_CALLBACK (on_sample_selected), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->flame_graph, "frame-activated",
                           G_CALLBACK (on_frame_activated), self, 0);
  g_signal_connect_object (self->top_flame, "frame-activated",
                           G_CALLBACK (on_frame_activated), self, 0);
}
