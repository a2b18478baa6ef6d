/* hs-processes-page.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-processes-page"

#include "config.h"

#include <signal.h>
#include <sys/prctl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "hs-monitor-view.h"
#include "hs-process-monitor.h"
#include "hs-process-row.h"
#include "hs-processes-page.h"

#define REFRESH_SECONDS 2
/* Series capacity cap: 4 days at 1 Hz; memory stays bounded whatever the
 * history-length and interval settings ask for. */
#define MAX_CAPACITY    (4 * 86400)

struct _HsProcessesPage
{
  GtkWidget            parent_instance;

  /* Template widgets */
  GtkStack            *stack;
  GtkSearchEntry      *search_entry;
  GtkLabel            *count_label;
  GtkScrolledWindow   *list_scroller;
  GtkColumnView       *column_view;
  GtkColumnViewColumn *rss_column;
  HsMonitorView       *monitor_view;
  AdwStatusPage       *error_page;

  /* Owned */
  GSettings           *settings;
  HsSampler           *sampler;
  GListStore          *store;
  GHashTable          *rows_by_pid;   /* pid → HsProcessRow (borrowed from store) */
  GtkCustomFilter     *filter;
  GtkFilterListModel  *filter_model;
  GtkSortListModel    *sort_model;
  GtkSingleSelection  *selection;
  GCancellable        *cancellable;
  HsProcessMonitor    *monitor;
  GSubprocess         *demo;
  char                *needle;

  guint                refresh_id;
  guint                scroll_top_id;
  guint                n_refreshes;
  gboolean             refreshing;
  guint                own_uid;
};

G_DEFINE_FINAL_TYPE (HsProcessesPage, hs_processes_page, GTK_TYPE_WIDGET)

static void hs_processes_page_refresh (HsProcessesPage *self);

static void
show_error (HsProcessesPage *self,
            const char      *title,
            const char      *message)
{
  adw_status_page_set_title (self->error_page, title);
  adw_status_page_set_description (self->error_page, message);
  gtk_stack_set_visible_child_name (self->stack, "error");
}

static gboolean
ensure_sampler (HsProcessesPage *self)
{
  g_autoptr(GError) error = NULL;

  if (self->sampler != NULL)
    return TRUE;

  self->sampler = hs_sampler_new_default (&error);
  if (self->sampler == NULL)
    {
      /* Never an empty list: say what failed. */
      show_error (self, _("Cannot List Processes"), error->message);
      return FALSE;
    }

  return TRUE;
}

static void
update_count (HsProcessesPage *self)
{
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  guint total = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  g_autofree char *text = NULL;

  if (shown == total)
    text = g_strdup_printf (ngettext ("%u process", "%u processes", total), total);
  else
    /* Translators: "12 of 340 processes" */
    text = g_strdup_printf (ngettext ("%u of %u process", "%u of %u processes", total), shown, total);
  gtk_label_set_text (self->count_label, text);
}

/* Updates the rows in place (the list keeps its selection), then hands
 * the store its new contents in ONE splice: kept rows in their order, new
 * processes after them.
 *
 * The sort model caches a sort key per row and refreshes it only for rows
 * an items-changed names; gtk_sorter_changed() keeps keys it finds
 * compatible. Values changed in place without that would leave the order
 * stale, and rows inserted among stale keys break the merge ("Comparison
 * method violates its general contract"). Re-announcing every row in one
 * batch, after all values are final, makes the sorter see one consistent
 * set of values. */
static void
merge_processes (HsProcessesPage *self,
                 GPtrArray       *infos)
{
  hs_processes_page_apply_listing (self, infos);
}

/**
 * hs_processes_page_apply_listing:
 * @infos: (element-type HsProcessInfo): one listing of every process
 *
 * What a refresh does with the sampler's listing; public so that tests
 * can replay listings a live system produces only by chance.
 */
void
hs_processes_page_apply_listing (HsProcessesPage *self,
                                 GPtrArray       *infos)
{
  g_autoptr(GHashTable) alive = g_hash_table_new (NULL, NULL);
  g_autoptr(GPtrArray) next = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func (g_object_unref);
  guint n;

  g_return_if_fail (HS_IS_PROCESSES_PAGE (self));
  g_return_if_fail (infos != NULL);

  for (guint i = 0; i < infos->len; i++)
    {
      const HsProcessInfo *info = g_ptr_array_index (infos, i);
      HsProcessRow *row = g_hash_table_lookup (self->rows_by_pid, GINT_TO_POINTER (info->pid));

      /* A reused PID is another process: a new row. */
      if (row != NULL && hs_process_row_get_start_time (row) == info->start_time)
        {
          hs_process_row_update (row, info);
          g_hash_table_add (alive, row);
        }
      else
        {
          HsProcessRow *new_row = hs_process_row_new (info, self->own_uid);

          g_ptr_array_add (added, new_row);
          g_hash_table_add (alive, new_row);
        }
    }

  n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HsProcessRow) row = g_list_model_get_item (G_LIST_MODEL (self->store), i);

      if (g_hash_table_contains (alive, row))
        g_ptr_array_add (next, g_steal_pointer (&row));
      else
        {
          int pid = hs_process_row_get_pid (row);

          if (g_hash_table_lookup (self->rows_by_pid, GINT_TO_POINTER (pid)) == row)
            g_hash_table_remove (self->rows_by_pid, GINT_TO_POINTER (pid));
        }
    }

  for (guint i = 0; i < added->len; i++)
    {
      HsProcessRow *row = g_ptr_array_index (added, i);

      g_hash_table_insert (self->rows_by_pid,
                           GINT_TO_POINTER (hs_process_row_get_pid (row)), row);
      g_ptr_array_add (next, g_object_ref (row));
    }

  g_list_store_splice (self->store, 0, n, next->pdata, next->len);

  update_count (self);
}

static void
list_ready (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(HsProcessesPage) self = user_data;
  g_autoptr(GPtrArray) infos = NULL;
  g_autoptr(GError) error = NULL;

  self->refreshing = FALSE;
  infos = hs_sampler_list_processes_finish (HS_SAMPLER (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (infos == NULL)
    {
      show_error (self, _("Cannot List Processes"), error->message);
      g_clear_handle_id (&self->refresh_id, g_source_remove);
      return;
    }

  self->n_refreshes++;
  merge_processes (self, infos);
}

static void
hs_processes_page_refresh (HsProcessesPage *self)
{
  if (self->refreshing || !ensure_sampler (self))
    return;

  self->refreshing = TRUE;
  hs_sampler_list_processes_async (self->sampler, self->cancellable,
                                   list_ready, g_object_ref (self));
}

static gboolean
refresh_cb (gpointer data)
{
  hs_processes_page_refresh (data);
  return G_SOURCE_CONTINUE;
}

static void
start_refreshing (HsProcessesPage *self)
{
  if (self->refresh_id != 0)
    return;

  hs_processes_page_refresh (self);
  self->refresh_id = g_timeout_add_seconds (REFRESH_SECONDS, refresh_cb, self);
}

static void
stop_refreshing (HsProcessesPage *self)
{
  g_clear_handle_id (&self->refresh_id, g_source_remove);
}

static void
stop_monitor (HsProcessesPage *self)
{
  if (self->monitor != NULL)
    hs_process_monitor_stop (self->monitor);
  hs_monitor_view_set_monitor (self->monitor_view, NULL);
  g_clear_object (&self->monitor);
}

/**
 * hs_processes_page_attach:
 * @pid: the process to watch
 *
 * Starts sampling @pid at the interval of the sample-interval setting and
 * shows the Monitor view.
 */
void
hs_processes_page_attach (HsProcessesPage *self,
                          int              pid)
{
  guint interval_ms, history_s, capacity;

  g_return_if_fail (HS_IS_PROCESSES_PAGE (self));
  g_return_if_fail (pid > 0);

  if (!ensure_sampler (self))
    return;

  stop_monitor (self);

  interval_ms = g_settings_get_uint (self->settings, "sample-interval");
  interval_ms = CLAMP (interval_ms, HS_PROCESS_MONITOR_MIN_INTERVAL_MS, HS_PROCESS_MONITOR_MAX_INTERVAL_MS);
  history_s = g_settings_get_uint (self->settings, "history-length");
  capacity = CLAMP ((guint64) history_s * 1000 / interval_ms, 600, MAX_CAPACITY);

  self->monitor = hs_process_monitor_new_full (self->sampler, pid, interval_ms, capacity);
  g_settings_bind (self->settings, "sample-interval", self->monitor, "interval-ms",
                   G_SETTINGS_BIND_GET);
  hs_process_monitor_start (self->monitor);

  hs_monitor_view_set_monitor (self->monitor_view, self->monitor);
  stop_refreshing (self);
  gtk_stack_set_visible_child_name (self->stack, "monitor");
}

static void
attach_selected (HsProcessesPage *self)
{
  g_autoptr(HsProcessRow) row = NULL;

  row = gtk_single_selection_get_selected_item (self->selection);
  if (row == NULL)
    return;
  g_object_ref (row);

  hs_processes_page_attach (self, hs_process_row_get_pid (row));
}

static void
attach_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  attach_selected (HS_PROCESSES_PAGE (widget));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  HsProcessesPage *self = HS_PROCESSES_PAGE (widget);

  stop_monitor (self);
  gtk_stack_set_visible_child_name (self->stack, "list");
  if (gtk_widget_get_mapped (widget))
    start_refreshing (self);
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  HsProcessesPage *self = HS_PROCESSES_PAGE (widget);

  g_clear_object (&self->sampler);
  if (!ensure_sampler (self))
    return;

  gtk_stack_set_visible_child_name (self->stack, "list");
  stop_refreshing (self);
  start_refreshing (self);
}

static void
on_column_view_activate (HsProcessesPage *self,
                         guint            position)
{
  gtk_single_selection_set_selected (self->selection, position);
  attach_selected (self);
}

static void
on_search_changed (HsProcessesPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *needle = g_utf8_casefold (g_strstrip (g_strdup (text)), -1);
  GtkFilterChange change = GTK_FILTER_CHANGE_DIFFERENT;

  if (g_strcmp0 (needle, self->needle) == 0)
    return;

  /* Typing more only narrows; GTK then skips rows already filtered out.
   * Not for numbers: a PID matches exactly, so "123" can match a row that
   * "12" did not. */
  if (strspn (needle, "0123456789") == strlen (needle) ||
      (self->needle != NULL && strspn (self->needle, "0123456789") == strlen (self->needle)))
    change = GTK_FILTER_CHANGE_DIFFERENT;
  else if (self->needle != NULL && strstr (needle, self->needle) != NULL)
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (self->needle != NULL && strstr (self->needle, needle) != NULL)
    change = GTK_FILTER_CHANGE_LESS_STRICT;

  g_free (self->needle);
  self->needle = g_steal_pointer (&needle);
  gtk_filter_changed (GTK_FILTER (self->filter), change);
  update_count (self);
}

/* Enter in the search attaches to the only (or selected) match. */
static void
on_search_activate (HsProcessesPage *self)
{
  if (gtk_single_selection_get_selected (self->selection) == GTK_INVALID_LIST_POSITION &&
      g_list_model_get_n_items (G_LIST_MODEL (self->selection)) > 0)
    gtk_single_selection_set_selected (self->selection, 0);
  attach_selected (self);
}

static gboolean
scroll_to_top_cb (gpointer data)
{
  HsProcessesPage *self = data;
  GtkAdjustment *vadjustment = gtk_scrolled_window_get_vadjustment (self->list_scroller);

  self->scroll_top_id = 0;
  gtk_adjustment_set_value (vadjustment, gtk_adjustment_get_lower (vadjustment));

  return G_SOURCE_REMOVE;
}

/* A new sort column or order starts reading from the top: the rows the
 * user asked for are there, not wherever the old order had scrolled to.
 * Refreshes never change the sorter (see merge_processes()), so this runs
 * only for the user's choice. After the list has taken the new order in
 * (an idle runs after layout): scrolling a list whose rows are being
 * replaced fails. */
static void
on_sort_changed (HsProcessesPage *self)
{
  /* Disposing the column view changes its sorter too. */
  if (self->list_scroller == NULL || self->scroll_top_id != 0)
    return;

  self->scroll_top_id = g_idle_add (scroll_to_top_cb, self);
}

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  HsProcessesPage *self = user_data;

  return hs_process_row_matches (item, self->needle);
}

static void
on_selection_changed (HsProcessesPage *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "processes.attach",
                                 gtk_single_selection_get_selected_item (self->selection) != NULL);
}

static void
demo_exited (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  /* Reaps the child; the monitor notices the exit on its own. */
  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
}

/* Runs in the child before exec: the demo dies with the app even when the
 * app is killed and never reaches dispose. */
static void
demo_child_setup (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

/**
 * hs_processes_page_start_demo:
 *
 * Starts the bundled `heapscope-demo` workload and attaches to it at once.
 * The page stops the demo when it goes away.
 */
void
hs_processes_page_start_demo (HsProcessesPage *self)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  const char *ident;

  g_return_if_fail (HS_IS_PROCESSES_PAGE (self));

  path = hs_find_helper_program ("heapscope-demo");
  if (path == NULL)
    {
      show_error (self, _("Cannot Start the Demo"),
                  _("The demo workload “heapscope-demo” was not found in $HEAPSCOPE_LIBEXECDIR "
                    "or in the installation’s libexec directory."));
      return;
    }

  if (self->demo != NULL)
    g_subprocess_send_signal (self->demo, SIGTERM);
  g_clear_object (&self->demo);

  {
    g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);

    g_subprocess_launcher_set_child_setup (launcher, demo_child_setup, NULL, NULL);
    self->demo = g_subprocess_launcher_spawn (launcher, &error, path, NULL);
  }
  if (self->demo == NULL)
    {
      show_error (self, _("Cannot Start the Demo"), error->message);
      return;
    }
  g_subprocess_wait_async (self->demo, NULL, demo_exited, NULL);

  ident = g_subprocess_get_identifier (self->demo);
  if (ident == NULL)
    return;

  hs_processes_page_attach (self, atoi (ident));
}

/* For tests and the window: what the page shows. */
GListModel *
hs_processes_page_get_model (HsProcessesPage *self)
{
  g_return_val_if_fail (HS_IS_PROCESSES_PAGE (self), NULL);

  return G_LIST_MODEL (self->selection);
}

HsMonitorView *
hs_processes_page_get_monitor_view (HsProcessesPage *self)
{
  g_return_val_if_fail (HS_IS_PROCESSES_PAGE (self), NULL);

  return self->monitor_view;
}

HsProcessMonitor *
hs_processes_page_get_monitor (HsProcessesPage *self)
{
  g_return_val_if_fail (HS_IS_PROCESSES_PAGE (self), NULL);

  return self->monitor;
}

guint
hs_processes_page_get_n_refreshes (HsProcessesPage *self)
{
  g_return_val_if_fail (HS_IS_PROCESSES_PAGE (self), 0);

  return self->n_refreshes;
}

void
hs_processes_page_set_search_text (HsProcessesPage *self,
                                   const char      *text)
{
  g_return_if_fail (HS_IS_PROCESSES_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text ? text : "");
  /* Apply now rather than after the entry's typing delay. */
  on_search_changed (self);
}

const char *
hs_processes_page_get_visible_view (HsProcessesPage *self)
{
  g_return_val_if_fail (HS_IS_PROCESSES_PAGE (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

static void
hs_processes_page_map (GtkWidget *widget)
{
  HsProcessesPage *self = HS_PROCESSES_PAGE (widget);

  GTK_WIDGET_CLASS (hs_processes_page_parent_class)->map (widget);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "list") == 0)
    start_refreshing (self);
}

static void
hs_processes_page_unmap (GtkWidget *widget)
{
  stop_refreshing (HS_PROCESSES_PAGE (widget));

  GTK_WIDGET_CLASS (hs_processes_page_parent_class)->unmap (widget);
}

static void
hs_processes_page_dispose (GObject *object)
{
  HsProcessesPage *self = (HsProcessesPage *) object;

  g_cancellable_cancel (self->cancellable);
  stop_refreshing (self);
  g_clear_handle_id (&self->scroll_top_id, g_source_remove);
  if (self->monitor_view != NULL)
    stop_monitor (self);

  /* The demo is ours: it does not outlive the page. */
  if (self->demo != NULL)
    g_subprocess_send_signal (self->demo, SIGTERM);
  g_clear_object (&self->demo);

  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (object), HS_TYPE_PROCESSES_PAGE);

  g_clear_object (&self->selection);
  g_clear_object (&self->sort_model);
  g_clear_object (&self->filter_model);
  g_clear_object (&self->filter);
  g_clear_pointer (&self->rows_by_pid, g_hash_table_unref);
  g_clear_object (&self->store);
  g_clear_object (&self->sampler);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (hs_processes_page_parent_class)->dispose (object);
}

static void
hs_processes_page_finalize (GObject *object)
{
  HsProcessesPage *self = (HsProcessesPage *) object;

  g_free (self->needle);

  G_OBJECT_CLASS (hs_processes_page_parent_class)->finalize (object);
}

static void
hs_processes_page_class_init (HsProcessesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hs_processes_page_dispose;
  object_class->finalize = hs_processes_page_finalize;

  widget_class->map = hs_processes_page_map;
  widget_class->unmap = hs_processes_page_unmap;

  g_type_ensure (HS_TYPE_MONITOR_VIEW);
  g_type_ensure (HS_TYPE_PROCESS_ROW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/heapscope/Heapscope/monitor/hs-processes-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HsProcessesPage, stack);
  gtk_widget_class_bind_template_child (widget_class, HsProcessesPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, HsProcessesPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, HsProcessesPage, list_scroller);
  gtk_widget_class_bind_template_child (widget_class, HsProcessesPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, HsProcessesPage, rss_column);
  gtk_widget_class_bind_template_child (widget_class, HsProcessesPage, monitor_view);
  gtk_widget_class_bind_template_child (widget_class, HsProcessesPage, error_page);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_column_view_activate);

  gtk_widget_class_install_action (widget_class, "processes.attach", NULL, attach_action);
  gtk_widget_class_install_action (widget_class, "processes.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "processes.retry", NULL, retry_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "processes.back", NULL);
}

static void
hs_processes_page_init (HsProcessesPage *self)
{
  GtkSorter *sorter;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->own_uid = getuid ();
  self->settings = g_settings_new (APP_ID);
  self->cancellable = g_cancellable_new ();
  self->rows_by_pid = g_hash_table_new (NULL, NULL);
  self->store = g_list_store_new (HS_TYPE_PROCESS_ROW);

  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->filter_model = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->store)),
                                                  g_object_ref (GTK_FILTER (self->filter)));
  sorter = gtk_column_view_get_sorter (self->column_view);
  self->sort_model = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->filter_model)),
                                              sorter ? g_object_ref (sorter) : NULL);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->sort_model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect_object (self->selection, "notify::selected",
                           G_CALLBACK (on_selection_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->filter_model, "items-changed",
                           G_CALLBACK (update_count), self, G_CONNECT_SWAPPED);

  /* The biggest first: that is usually what one came for. */
  gtk_column_view_sort_by_column (self->column_view, self->rss_column, GTK_SORT_DESCENDING);
  if (sorter != NULL)
    g_signal_connect_object (sorter, "changed", G_CALLBACK (on_sort_changed), self,
                             G_CONNECT_SWAPPED);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "processes.attach", FALSE);
  gtk_stack_set_visible_child_name (self->stack, "list");
}
