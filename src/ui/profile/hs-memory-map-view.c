/* hs-memory-map-view.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-memory-map-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "hs-map-row.h"
#include "hs-memory-map-view.h"
#include "hs-units.h"
#include "hs-weak-ref.h"

struct _HsMemoryMapView
{
  GtkWidget         parent_instance;

  /* Template widgets */
  GtkStack         *state_stack;
  GtkSpinner       *spinner;
  AdwStatusPage    *error_page;
  GtkLabel         *title_label;
  GtkLabel         *subtitle_label;
  GtkLabel         *totals_label;
  GtkSearchEntry   *search_entry;
  GtkColumnView    *column_view;

  /* Owned */
  GFile            *file;
  HsMemoryMap      *map;
  GListStore       *store;
  GtkCustomFilter  *filter;
  GCancellable     *cancellable;
  char             *title;
  char             *tooltip;
  char             *error_message;
  char             *search_text;

  /* Borrowed: owned by the column view's selection model */
  GtkSortListModel *sort_model;

  gboolean          loading;
};

G_DEFINE_FINAL_TYPE (HsMemoryMapView, hs_memory_map_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_TOOLTIP,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const HsMapColumn table_columns[] = {
  HS_MAP_COLUMN_NAME, HS_MAP_COLUMN_PERMS, HS_MAP_COLUMN_SIZE, HS_MAP_COLUMN_RSS,
  HS_MAP_COLUMN_PSS, HS_MAP_COLUMN_PRIVATE_DIRTY, HS_MAP_COLUMN_SWAP,
};

static void
set_title (HsMemoryMapView *self,
           const char      *title,
           const char      *tooltip)
{
  if (g_strcmp0 (self->title, title) != 0)
    {
      g_free (self->title);
      self->title = g_strdup (title);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
    }
  if (g_strcmp0 (self->tooltip, tooltip) != 0)
    {
      g_free (self->tooltip);
      self->tooltip = g_strdup (tooltip);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOOLTIP]);
    }
}

static void
set_loading (HsMemoryMapView *self,
             gboolean         loading)
{
  if (self->loading == loading)
    return;

  self->loading = loading;
  gtk_spinner_set_spinning (self->spinner, loading);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
show_map (HsMemoryMapView *self)
{
  g_autofree char *when = hs_format_local_time (hs_memory_map_get_wall_usec (self->map));
  g_autofree char *subtitle = NULL;
  g_autofree char *totals = NULL;
  g_autofree char *s_size = NULL, *s_rss = NULL, *s_pss = NULL, *s_dirty = NULL, *s_swap = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  const char *name = hs_memory_map_get_name (self->map);
  guint64 size, rss, pss, dirty, swap;
  guint n = hs_memory_map_get_n_mappings (self->map);

  hs_memory_map_get_totals (self->map, &size, &rss, &pss, &dirty, &swap);
  s_size = hs_format_bytes ((gint64) size);
  s_rss = hs_format_bytes ((gint64) rss);
  s_pss = hs_format_bytes ((gint64) pss);
  s_dirty = hs_format_bytes ((gint64) dirty);
  s_swap = hs_format_bytes ((gint64) swap);

  /* Translators: "PID 1234 · captured 2026-11-22 05:30:00" */
  subtitle = g_strdup_printf (_("PID %d · captured %s"), hs_memory_map_get_pid (self->map), when);
  /* Translators: the sums over all mappings of a memory-map snapshot */
  totals = g_strdup_printf (ngettext ("Size %s · RSS %s · PSS %s · Private dirty %s · Swap %s · %u mapping",
                                      "Size %s · RSS %s · PSS %s · Private dirty %s · Swap %s · %u mappings",
                                      n),
                            s_size, s_rss, s_pss, s_dirty, s_swap, n);

  gtk_label_set_text (self->title_label, name != NULL && *name != '\0' ? name : _("Unknown process"));
  gtk_label_set_text (self->subtitle_label, subtitle);
  gtk_label_set_text (self->totals_label, totals);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->title_label), hs_memory_map_get_cmdline (self->map));

  /* One splice: row by row, the list view keeps its anchor on a row that
   * sorting then moves down, and opens scrolled away from the top. */
  rows = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (rows, hs_map_row_new_for_mapping (hs_memory_map_get_mapping (self->map, i)));
  g_list_store_splice (self->store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->store)),
                       rows->pdata, rows->len);

  gtk_stack_set_visible_child_name (self->state_stack, "ready");
}

static void
update_title (HsMemoryMapView *self)
{
  g_autofree char *title = NULL;
  g_autofree char *tooltip = NULL;

  if (self->file != NULL)
    {
      title = g_file_get_basename (self->file);
      tooltip = g_file_get_parse_name (self->file);
    }
  else if (self->map != NULL)
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (hs_memory_map_get_wall_usec (self->map) / G_USEC_PER_SEC);
      g_autofree char *clock = dt != NULL ? g_date_time_format (dt, "%H:%M:%S") : g_strdup ("?");

      /* Translators: an unsaved memory map: process name, PID, capture time */
      title = g_strdup_printf (_("%s (%d) at %s"), hs_memory_map_get_name (self->map),
                               hs_memory_map_get_pid (self->map), clock);
      tooltip = g_strdup (_("Not saved"));
    }
  else
    title = g_strdup (_("Memory Map"));

  set_title (self, title, tooltip);
}

static void
show_error (HsMemoryMapView *self,
            const char      *message)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);

  g_free (self->error_message);
  self->error_message = g_strdup (message);
  /* The description is markup; parser messages quote "<data>". */
  adw_status_page_set_description (self->error_page, escaped);
  gtk_stack_set_visible_child_name (self->state_stack, "error");
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GFile *file = task_data;
  g_autoptr(GError) error = NULL;
  HsMemoryMap *map;

  /* Read under the snapshot cap, nesting bounded (hs_memory_map_load_file). */
  map = hs_memory_map_load_file (file, 0, cancellable, &error);
  if (map == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, map, (GDestroyNotify) hs_memory_map_unref);
}

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsMemoryMapView) self = hs_weak_ref_steal (user_data);
  HsMemoryMap *map;

  map = g_task_propagate_pointer (G_TASK (result), &error);
  /* Closed meanwhile: gone, or disposed with its template widgets. */
  if (self == NULL || g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    {
      g_clear_pointer (&map, hs_memory_map_unref);
      return;
    }

  if (map == NULL)
    show_error (self, error->message);
  else
    {
      self->map = map;
      show_map (self);
    }
  set_loading (self, FALSE);
  update_title (self);
}

/**
 * hs_memory_map_view_new:
 * @file: a snapshot written by `heapscope-cli snapshot` or the app
 *
 * Loads @file in a worker thread; `loading` is TRUE until it is shown.
 */
HsMemoryMapView *
hs_memory_map_view_new (GFile *file)
{
  HsMemoryMapView *self;
  g_autoptr(GTask) task = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  self = g_object_new (HS_TYPE_MEMORY_MAP_VIEW, NULL);
  self->file = g_object_ref (file);
  update_title (self);
  set_loading (self, TRUE);

  /* No source object: the task must not keep a closed tab alive. */
  task = g_task_new (NULL, self->cancellable, on_loaded, hs_weak_ref_new (self));
  g_task_set_source_tag (task, hs_memory_map_view_new);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, load_thread);

  return self;
}

/**
 * hs_memory_map_view_new_for_map:
 * @file: (nullable): where @map was saved, if it was
 *
 * Shows a snapshot already in memory (a fresh capture, or one side of a
 * Compare view).
 */
HsMemoryMapView *
hs_memory_map_view_new_for_map (HsMemoryMap *map,
                                GFile       *file)
{
  HsMemoryMapView *self;

  g_return_val_if_fail (map != NULL, NULL);
  g_return_val_if_fail (file == NULL || G_IS_FILE (file), NULL);

  self = g_object_new (HS_TYPE_MEMORY_MAP_VIEW, NULL);
  self->file = file != NULL ? g_object_ref (file) : NULL;
  self->map = hs_memory_map_ref (map);
  show_map (self);
  update_title (self);

  return self;
}

GFile *
hs_memory_map_view_get_file (HsMemoryMapView *self)
{
  g_return_val_if_fail (HS_IS_MEMORY_MAP_VIEW (self), NULL);

  return self->file;
}

const char *
hs_memory_map_view_get_title (HsMemoryMapView *self)
{
  g_return_val_if_fail (HS_IS_MEMORY_MAP_VIEW (self), NULL);

  return self->title;
}

gboolean
hs_memory_map_view_get_loading (HsMemoryMapView *self)
{
  g_return_val_if_fail (HS_IS_MEMORY_MAP_VIEW (self), FALSE);

  return self->loading;
}

/* Returns: (transfer none) (nullable): NULL while loading or on error */
HsMemoryMap *
hs_memory_map_view_get_memory_map (HsMemoryMapView *self)
{
  g_return_val_if_fail (HS_IS_MEMORY_MAP_VIEW (self), NULL);

  return self->map;
}

/* Returns: (nullable): why the file could not be shown */
const char *
hs_memory_map_view_get_error_message (HsMemoryMapView *self)
{
  g_return_val_if_fail (HS_IS_MEMORY_MAP_VIEW (self), NULL);

  return self->error_message;
}

const char *
hs_memory_map_view_get_totals_text (HsMemoryMapView *self)
{
  g_return_val_if_fail (HS_IS_MEMORY_MAP_VIEW (self), NULL);

  return gtk_label_get_text (self->totals_label);
}

GListModel *
hs_memory_map_view_get_rows (HsMemoryMapView *self)
{
  g_return_val_if_fail (HS_IS_MEMORY_MAP_VIEW (self), NULL);

  return G_LIST_MODEL (self->sort_model);
}

static gboolean
filter_row (gpointer item,
            gpointer user_data)
{
  HsMemoryMapView *self = user_data;
  g_autofree char *folded = NULL;

  if (self->search_text == NULL || *self->search_text == '\0')
    return TRUE;

  folded = g_utf8_casefold (hs_map_row_get_name (item), -1);
  return strstr (folded, self->search_text) != NULL;
}

void
hs_memory_map_view_set_search_text (HsMemoryMapView *self,
                                    const char      *text)
{
  g_return_if_fail (HS_IS_MEMORY_MAP_VIEW (self));

  g_free (self->search_text);
  self->search_text = text != NULL ? g_utf8_casefold (text, -1) : NULL;
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);

  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), text ? text : "") != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text ? text : "");
}

static void
on_search_changed (HsMemoryMapView *self,
                   GtkSearchEntry  *entry)
{
  hs_memory_map_view_set_search_text (self, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
hs_memory_map_view_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  HsMemoryMapView *self = HS_MEMORY_MAP_VIEW (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_TOOLTIP:
      g_value_set_string (value, self->tooltip);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hs_memory_map_view_dispose (GObject *object)
{
  HsMemoryMapView *self = HS_MEMORY_MAP_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), HS_TYPE_MEMORY_MAP_VIEW);
  g_clear_object (&self->store);
  g_clear_object (&self->filter);
  g_clear_object (&self->file);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->map, hs_memory_map_unref);

  G_OBJECT_CLASS (hs_memory_map_view_parent_class)->dispose (object);
}

static void
hs_memory_map_view_finalize (GObject *object)
{
  HsMemoryMapView *self = HS_MEMORY_MAP_VIEW (object);

  g_free (self->title);
  g_free (self->tooltip);
  g_free (self->error_message);
  g_free (self->search_text);

  G_OBJECT_CLASS (hs_memory_map_view_parent_class)->finalize (object);
}

static void
hs_memory_map_view_class_init (HsMemoryMapViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = hs_memory_map_view_get_property;
  object_class->dispose = hs_memory_map_view_dispose;
  object_class->finalize = hs_memory_map_view_finalize;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOOLTIP] =
    g_param_spec_string ("tooltip", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/heapscope/Heapscope/profile/hs-memory-map-view.ui");
  gtk_widget_class_bind_template_child (widget_class, HsMemoryMapView, state_stack);
  gtk_widget_class_bind_template_child (widget_class, HsMemoryMapView, spinner);
  gtk_widget_class_bind_template_child (widget_class, HsMemoryMapView, error_page);
  gtk_widget_class_bind_template_child (widget_class, HsMemoryMapView, title_label);
  gtk_widget_class_bind_template_child (widget_class, HsMemoryMapView, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, HsMemoryMapView, totals_label);
  gtk_widget_class_bind_template_child (widget_class, HsMemoryMapView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, HsMemoryMapView, column_view);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
}

static void
hs_memory_map_view_init (HsMemoryMapView *self)
{
  g_autoptr(GtkFilterListModel) filtered = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->store = g_list_store_new (HS_TYPE_MAP_ROW);
  self->filter = gtk_custom_filter_new (filter_row, self, NULL);
  filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->store)),
                                        GTK_FILTER (g_object_ref (self->filter)));
  self->sort_model = hs_map_row_setup_column_view (self->column_view, G_LIST_MODEL (filtered),
                                                   table_columns, G_N_ELEMENTS (table_columns),
                                                   HS_MAP_COLUMN_RSS);
}
