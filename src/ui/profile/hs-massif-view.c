/* hs-massif-view.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-massif-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "hs-massif-view.h"
#include "hs-units.h"
#include "hs-weak-ref.h"

/* A massif file in a tab: what ms_print prints, as a window would show it.
 * The chart is the heap over the run; the snapshots that have an
 * allocation tree are dots on it and entries of the Snapshot menu; the
 * one picked (the peak at first) is shown below as any heap profile is
 * (top, flame graph, call tree), or compared with another snapshot of the
 * same run. Reading happens in a worker thread. */

struct _HsMassifView
{
  GtkWidget       parent_instance;

  GFile          *file;
  GSettings      *settings;
  char           *title;
  char           *error_message;
  GCancellable   *cancellable;
  HsMassif       *massif;
  GArray         *detailed;        /* guint positions with a tree */
  int             shown;
  gboolean        loading;
  gboolean        updating;        /* the menus are being set by code */

  GtkStack       *state_stack;
  AdwStatusPage  *error_page;
  GtkLabel       *name_label;
  GtkLabel       *details_label;
  HsMassifChart  *chart;
  GtkDropDown    *snapshot_dropdown;
  GtkDropDown    *base_dropdown;
  GtkWidget      *content;         /* box holding the view below */
  GtkWidget      *child_view;      /* HsProfileView or HsCompareView */
};

G_DEFINE_FINAL_TYPE (HsMassifView, hs_massif_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_TOOLTIP,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_loading (HsMassifView *self,
             gboolean      loading)
{
  if (self->loading != loading)
    {
      self->loading = loading;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
    }
}

static void
set_child_view (HsMassifView *self,
                GtkWidget    *view)
{
  if (self->child_view != NULL)
    gtk_box_remove (GTK_BOX (self->content), self->child_view);
  self->child_view = view;
  if (view != NULL)
    {
      gtk_widget_set_vexpand (view, TRUE);
      gtk_box_append (GTK_BOX (self->content), view);
    }
}

static char *
snapshot_entry (HsMassif *massif,
                guint     position)
{
  const HsMassifSnapshot *s = hs_massif_get_snapshot (massif, position);
  g_autofree char *total = hs_format_bytes (hs_massif_snapshot_total (s));

  if (s->tree == HS_MASSIF_TREE_PEAK)
    /* Translators: snapshot number and its total */
    return g_strdup_printf (_("Snapshot %u — peak — %s"), s->index, total);
  /* Translators: snapshot number and its total */
  return g_strdup_printf (_("Snapshot %u — %s"), s->index, total);
}

void
hs_massif_view_show_snapshot (HsMassifView *self,
                              guint         position)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsProfile) profile = NULL;
  guint index;

  g_return_if_fail (HS_IS_MASSIF_VIEW (self));
  g_return_if_fail (self->massif != NULL);

  profile = hs_massif_get_profile (self->massif, position, &error);
  if (profile == NULL)
    {
      g_warning ("%s", error->message);
      return;
    }
  self->shown = position;
  hs_massif_chart_set_selected (self->chart, position);

  self->updating = TRUE;
  for (index = 0; index < self->detailed->len; index++)
    if (g_array_index (self->detailed, guint, index) == position)
      gtk_drop_down_set_selected (self->snapshot_dropdown, index);
  gtk_drop_down_set_selected (self->base_dropdown, 0);
  self->updating = FALSE;

  set_child_view (self, GTK_WIDGET (hs_profile_view_new_for_profile (profile, self->settings)));
}

void
hs_massif_view_compare_with (HsMassifView *self,
                             guint         base_position)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsProfile) base = NULL;
  g_autoptr(HsProfile) newer = NULL;

  g_return_if_fail (HS_IS_MASSIF_VIEW (self));
  g_return_if_fail (self->massif != NULL && self->shown >= 0);

  base = hs_massif_get_profile (self->massif, base_position, &error);
  if (base != NULL)
    newer = hs_massif_get_profile (self->massif, self->shown, &error);
  if (newer == NULL)
    {
      g_warning ("%s", error->message);
      return;
    }

  self->updating = TRUE;
  for (guint i = 0; i < self->detailed->len; i++)
    if (g_array_index (self->detailed, guint, i) == base_position)
      gtk_drop_down_set_selected (self->base_dropdown, i + 1);
  self->updating = FALSE;

  set_child_view (self, GTK_WIDGET (hs_compare_view_new (base, hs_profile_get_display_name (base),
                                                         newer, hs_profile_get_display_name (newer),
                                                         self->settings)));
}

static void
on_snapshot_selected (HsMassifView *self)
{
  guint index = gtk_drop_down_get_selected (self->snapshot_dropdown);

  if (self->updating || index == GTK_INVALID_LIST_POSITION || index >= self->detailed->len)
    return;
  hs_massif_view_show_snapshot (self, g_array_index (self->detailed, guint, index));
}

static void
on_base_selected (HsMassifView *self)
{
  guint index = gtk_drop_down_get_selected (self->base_dropdown);

  if (self->updating || index == GTK_INVALID_LIST_POSITION || self->shown < 0)
    return;
  if (index == 0)
    hs_massif_view_show_snapshot (self, self->shown);
  else if (index - 1 < self->detailed->len)
    hs_massif_view_compare_with (self, g_array_index (self->detailed, guint, index - 1));
}

static void
on_snapshot_activated (HsMassifView *self,
                       int           position)
{
  hs_massif_view_show_snapshot (self, position);
}

static void
show_massif (HsMassifView *self,
             HsMassif     *massif)
{
  g_autoptr(GtkStringList) entries = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) bases = gtk_string_list_new (NULL);
  g_autofree char *peak_total = NULL;
  g_autoptr(GString) details = g_string_new (NULL);
  int max_pos = hs_massif_get_max_position (massif);
  int first = hs_massif_get_default_position (massif);
  const char *unit = hs_massif_get_time_unit (massif);

  self->massif = massif;
  for (guint i = 0; i < hs_massif_get_n_snapshots (massif); i++)
    if (hs_massif_get_snapshot (massif, i)->tree != HS_MASSIF_TREE_EMPTY)
      {
        g_autofree char *entry = snapshot_entry (massif, i);

        g_array_append_val (self->detailed, i);
        gtk_string_list_append (entries, entry);
        gtk_string_list_append (bases, entry);
      }
  gtk_string_list_splice (bases, 0, 0, (const char *[]) { _("Nothing (show the snapshot)"), NULL });

  gtk_label_set_text (self->name_label, hs_massif_get_command (massif));
  peak_total = hs_format_bytes (hs_massif_snapshot_total (hs_massif_get_snapshot (massif, max_pos)));
  /* Translators: a massif file's summary; snapshots, of which with trees,
   * the peak total and the snapshot number it was reached at */
  g_string_printf (details, _("Valgrind massif · %u snapshots, %u with an allocation tree · peak %s at snapshot %u · time in %s"),
                   hs_massif_get_n_snapshots (massif), self->detailed->len, peak_total,
                   hs_massif_get_snapshot (massif, max_pos)->index,
                   g_str_equal (unit, "ms") ? _("milliseconds") :
                   g_str_equal (unit, "B") ? _("bytes allocated") : _("instructions executed"));
  gtk_label_set_text (self->details_label, details->str);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->details_label), hs_massif_get_description (massif));

  hs_massif_chart_set_massif (self->chart, massif);
  self->updating = TRUE;
  gtk_drop_down_set_model (self->snapshot_dropdown, G_LIST_MODEL (entries));
  gtk_drop_down_set_model (self->base_dropdown, G_LIST_MODEL (bases));
  self->updating = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->snapshot_dropdown), self->detailed->len > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->base_dropdown), self->detailed->len > 1);

  gtk_stack_set_visible_child_name (self->state_stack, "ready");
  if (first >= 0)
    hs_massif_view_show_snapshot (self, first);
  else
    {
      GtkWidget *empty = adw_status_page_new ();

      adw_status_page_set_title (ADW_STATUS_PAGE (empty), _("No Allocation Trees"));
      adw_status_page_set_description (ADW_STATUS_PAGE (empty),
                                       _("Massif keeps the allocation tree only in detailed snapshots, and this run has none. "
                                         "Run it again with --detailed-freq=1 to have one in every snapshot."));
      set_child_view (self, empty);
    }
  set_loading (self, FALSE);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GFile *file = task_data;
  GError *error = NULL;
  HsMassif *massif = hs_massif_load_file (file, *(guint64 *) g_object_get_data (G_OBJECT (task), "max"),
                                          cancellable, &error);

  if (massif == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, massif, g_object_unref);
}

static void
load_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(HsMassifView) self = hs_weak_ref_steal (user_data);
  g_autoptr(GError) error = NULL;
  HsMassif *massif = g_task_propagate_pointer (G_TASK (result), &error);

  if (self == NULL)
    {
      g_clear_object (&massif);
      return;
    }
  if (massif == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self->error_message = g_strdup (error->message);
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->state_stack, "error");
      set_loading (self, FALSE);
      return;
    }
  show_massif (self, massif);
}

static void
load (HsMassifView *self)
{
  g_autoptr(GTask) task = NULL;
  guint64 *max = g_new (guint64, 1);

  *max = g_settings_get_uint64 (self->settings, "max-profile-size");
  self->cancellable = g_cancellable_new ();
  task = g_task_new (NULL, self->cancellable, load_done, hs_weak_ref_new (self));
  g_task_set_source_tag (task, load);
  g_task_set_task_data (task, g_object_ref (self->file), g_object_unref);
  g_object_set_data_full (G_OBJECT (task), "max", max, g_free);
  set_loading (self, TRUE);
  g_task_run_in_thread (task, load_thread);
}

static GtkWidget *
build_ready (HsMassifView *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *controls = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label;

  self->name_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->name_label, 0);
  gtk_label_set_ellipsize (self->name_label, PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_add_css_class (GTK_WIDGET (self->name_label), "heading");
  self->details_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->details_label, 0);
  gtk_label_set_wrap (self->details_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->details_label), "dim-label");
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (self->name_label));
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (self->details_label));
  gtk_widget_set_margin_start (header, 12);
  gtk_widget_set_margin_end (header, 12);
  gtk_widget_set_margin_top (header, 8);
  gtk_box_append (GTK_BOX (box), header);

  self->chart = hs_massif_chart_new ();
  gtk_widget_set_size_request (GTK_WIDGET (self->chart), -1, 200);
  gtk_widget_set_margin_start (GTK_WIDGET (self->chart), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->chart), 12);
  g_signal_connect_swapped (self->chart, "snapshot-activated", G_CALLBACK (on_snapshot_activated), self);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->chart));

  label = gtk_label_new_with_mnemonic (_("_Snapshot"));
  self->snapshot_dropdown = GTK_DROP_DOWN (gtk_drop_down_new (NULL, NULL));
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), GTK_WIDGET (self->snapshot_dropdown));
  gtk_box_append (GTK_BOX (controls), label);
  gtk_box_append (GTK_BOX (controls), GTK_WIDGET (self->snapshot_dropdown));
  label = gtk_label_new_with_mnemonic (_("Compare _with"));
  gtk_widget_set_margin_start (label, 12);
  self->base_dropdown = GTK_DROP_DOWN (gtk_drop_down_new (NULL, NULL));
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), GTK_WIDGET (self->base_dropdown));
  gtk_box_append (GTK_BOX (controls), label);
  gtk_box_append (GTK_BOX (controls), GTK_WIDGET (self->base_dropdown));
  gtk_widget_set_margin_start (controls, 12);
  gtk_widget_set_margin_end (controls, 12);
  g_signal_connect_swapped (self->snapshot_dropdown, "notify::selected", G_CALLBACK (on_snapshot_selected), self);
  g_signal_connect_swapped (self->base_dropdown, "notify::selected", G_CALLBACK (on_base_selected), self);
  gtk_box_append (GTK_BOX (box), controls);

  self->content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_vexpand (self->content, TRUE);
  gtk_box_append (GTK_BOX (box), self->content);
  return box;
}

static void
hs_massif_view_dispose (GObject *object)
{
  HsMassifView *self = HS_MASSIF_VIEW (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->state_stack != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->state_stack));
      self->state_stack = NULL;
    }
  g_clear_object (&self->cancellable);
  g_clear_object (&self->massif);
  g_clear_object (&self->settings);
  g_clear_object (&self->file);

  G_OBJECT_CLASS (hs_massif_view_parent_class)->dispose (object);
}

static void
hs_massif_view_finalize (GObject *object)
{
  HsMassifView *self = HS_MASSIF_VIEW (object);

  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->error_message, g_free);
  g_clear_pointer (&self->detailed, g_array_unref);

  G_OBJECT_CLASS (hs_massif_view_parent_class)->finalize (object);
}

static void
hs_massif_view_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  HsMassifView *self = HS_MASSIF_VIEW (object);

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
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hs_massif_view_class_init (HsMassifViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hs_massif_view_dispose;
  object_class->finalize = hs_massif_view_finalize;
  object_class->get_property = hs_massif_view_get_property;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOOLTIP] =
    g_param_spec_string ("tooltip", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
hs_massif_view_init (HsMassifView *self)
{
  GtkWidget *spinner = gtk_spinner_new ();

  self->shown = -1;
  self->detailed = g_array_new (FALSE, FALSE, sizeof (guint));

  self->state_stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_parent (GTK_WIDGET (self->state_stack), GTK_WIDGET (self));

  gtk_spinner_set_spinning (GTK_SPINNER (spinner), TRUE);
  gtk_widget_set_size_request (spinner, 32, 32);
  gtk_widget_set_halign (spinner, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (spinner, GTK_ALIGN_CENTER);
  gtk_stack_add_named (self->state_stack, spinner, "loading");

  self->error_page = ADW_STATUS_PAGE (adw_status_page_new ());
  adw_status_page_set_icon_name (self->error_page, "dialog-error-symbolic");
  adw_status_page_set_title (self->error_page, _("Could Not Read This Massif File"));
  gtk_stack_add_named (self->state_stack, GTK_WIDGET (self->error_page), "error");

  gtk_stack_add_named (self->state_stack, build_ready (self), "ready");
  gtk_stack_set_visible_child_name (self->state_stack, "loading");
}

HsMassifView *
hs_massif_view_new (GFile     *file,
                    GSettings *settings)
{
  HsMassifView *self;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (HS_TYPE_MASSIF_VIEW, NULL);
  self->file = g_object_ref (file);
  self->settings = g_object_ref (settings);
  self->title = g_file_get_basename (file);
  load (self);
  return self;
}

GFile *
hs_massif_view_get_file (HsMassifView *self)
{
  g_return_val_if_fail (HS_IS_MASSIF_VIEW (self), NULL);
  return self->file;
}

const char *
hs_massif_view_get_title (HsMassifView *self)
{
  g_return_val_if_fail (HS_IS_MASSIF_VIEW (self), NULL);
  return self->title;
}

HsMassif *
hs_massif_view_get_massif (HsMassifView *self)
{
  g_return_val_if_fail (HS_IS_MASSIF_VIEW (self), NULL);
  return self->massif;
}

const char *
hs_massif_view_get_error_message (HsMassifView *self)
{
  g_return_val_if_fail (HS_IS_MASSIF_VIEW (self), NULL);
  return self->error_message;
}

HsMassifChart *
hs_massif_view_get_chart (HsMassifView *self)
{
  g_return_val_if_fail (HS_IS_MASSIF_VIEW (self), NULL);
  return self->chart;
}

int
hs_massif_view_get_shown (HsMassifView *self)
{
  g_return_val_if_fail (HS_IS_MASSIF_VIEW (self), -1);
  return self->shown;
}

HsProfileView *
hs_massif_view_get_profile_view (HsMassifView *self)
{
  g_return_val_if_fail (HS_IS_MASSIF_VIEW (self), NULL);
  return HS_IS_PROFILE_VIEW (self->child_view) ? HS_PROFILE_VIEW (self->child_view) : NULL;
}

HsCompareView *
hs_massif_view_get_compare_view (HsMassifView *self)
{
  g_return_val_if_fail (HS_IS_MASSIF_VIEW (self), NULL);
  return HS_IS_COMPARE_VIEW (self->child_view) ? HS_COMPARE_VIEW (self->child_view) : NULL;
}
