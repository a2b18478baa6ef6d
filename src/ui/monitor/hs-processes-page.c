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

#include "hs-application.h"
#include "hs-go-source.h"
#include "hs-live-settings.h"
#include "hs-monitor-view.h"
#include "hs-weak-ref.h"
#include "hs-window.h"
#include "hs-process-row.h"
#include "hs-processes-page.h"
#include "hs-session.h"
#include "hs-session-alerts-window.h"
#include "hs-weak-ref.h"

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
  GtkColumnView       *column_view;
  GtkColumnViewColumn *rss_column;
  HsMonitorView       *monitor_view;
  AdwStatusPage       *error_page;
  GtkWidget           *watched_box;
  GtkListBox          *watched_list;

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
  GListStore          *sessions;      /* the application's, or our own without one */
  HsSession           *shown;         /* the session the monitor view shows */
  GSubprocess         *demo;
  char                *needle;
  char                *watch_url_error;  /* why the last "Watch URL…" failed */

  guint                refresh_id;
  guint                n_refreshes;
  gboolean             refreshing;
  guint                own_uid;
  gboolean             own_sessions;  /* no application: we close them */
  gboolean             making_sampler;
  int                  pending_pid;   /* attach asked before the sampler came */
};

G_DEFINE_FINAL_TYPE (HsProcessesPage, hs_processes_page, GTK_TYPE_WIDGET)

static void hs_processes_page_refresh (HsProcessesPage *self);
static void update_watched_marks      (HsProcessesPage *self);
static void start_refreshing          (HsProcessesPage *self);
static void stop_refreshing           (HsProcessesPage *self);

static void
show_error (HsProcessesPage *self,
            const char      *title,
            const char      *message)
{
  adw_status_page_set_title (self->error_page, title);
  adw_status_page_set_description (self->error_page, message);
  gtk_stack_set_visible_child_name (self->stack, "error");
}

static void
sampler_ready (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(HsProcessesPage) self = hs_weak_ref_steal (user_data);
  g_autoptr(HsSampler) sampler = NULL;
  g_autoptr(GError) error = NULL;
  int pid;

  sampler = hs_sampler_new_default_finish (result, &error);
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->making_sampler = FALSE;
  pid = self->pending_pid;
  self->pending_pid = 0;
  if (sampler == NULL)
    {
      /* Never an empty list: say what failed. */
      show_error (self, _("Cannot List Processes"), error->message);
      return;
    }

  self->sampler = g_steal_pointer (&sampler);
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "loading") == 0)
    gtk_stack_set_visible_child_name (self->stack, "list");
  if (pid > 0)
    hs_processes_page_attach (self, pid);
  else if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      stop_refreshing (self);
      start_refreshing (self);
    }
}

/* TRUE when the sampler is there. Otherwise starts making it in a thread
 * (in Flatpak that starts heapscope-probe on the host, which can take
 * long or hang) and shows the loading page until it comes. */
static gboolean
ensure_sampler (HsProcessesPage *self)
{
  if (self->sampler != NULL)
    return TRUE;

  if (!self->making_sampler)
    {
      self->making_sampler = TRUE;
      gtk_stack_set_visible_child_name (self->stack, "loading");
      hs_sampler_new_default_async (self->cancellable, sampler_ready, hs_weak_ref_new (self));
    }

  return FALSE;
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

  update_watched_marks (self);
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
update_watched_row (AdwActionRow *row)
{
  HsSession *session = g_object_get_data (G_OBJECT (row), "hs-session");
  g_autofree char *subtitle = NULL;

  /* Watched by URL alone: the title is the URL, there is no PID. */
  if (hs_session_get_pid (session) <= 0)
    {
      adw_action_row_set_subtitle (row, hs_session_get_state (session) == HS_SESSION_RUNNING ?
                                   _("Go service · sampling") : _("Go service · stopped"));
      return;
    }

  switch (hs_session_get_state (session))
    {
    case HS_SESSION_RUNNING:
      /* Translators: a watched process, "PID 1234 · sampling" */
      subtitle = g_strdup_printf (_("PID %d · sampling"), hs_session_get_pid (session));
      break;
    case HS_SESSION_EXITED:
      /* Translators: a watched process that ended, "PID 1234 · exited" */
      subtitle = g_strdup_printf (_("PID %d · exited"), hs_session_get_pid (session));
      break;
    default:
      subtitle = g_strdup_printf (_("PID %d · stopped"), hs_session_get_pid (session));
      break;
    }
  adw_action_row_set_subtitle (row, subtitle);
}

static void
on_watched_close_clicked (GtkButton *button,
                          HsSession *session)
{
  HsProcessesPage *self = HS_PROCESSES_PAGE (gtk_widget_get_ancestor (GTK_WIDGET (button),
                                                                       HS_TYPE_PROCESSES_PAGE));

  if (self != NULL)
    hs_processes_page_close_session (self, session);
}

/* One watched process: activate to show it, the button ends it. */
static GtkWidget *
create_watched_row (gpointer item,
                    gpointer user_data)
{
  HsSession *session = item;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *close = gtk_button_new_from_icon_name ("window-close-symbolic");
  g_autofree char *close_label = NULL;

  g_object_set_data_full (G_OBJECT (row), "hs-session", g_object_ref (session), g_object_unref);
  g_object_bind_property (session, "title", row, "title", G_BINDING_SYNC_CREATE);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  update_watched_row (ADW_ACTION_ROW (row));
  g_signal_connect_object (session, "notify::state", G_CALLBACK (update_watched_row), row,
                           G_CONNECT_SWAPPED);

  gtk_widget_set_valign (close, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (close, "flat");
  gtk_widget_set_tooltip_text (close, _("Stop watching this process"));
  close_label = g_strdup_printf (_("Stop Watching %s"), hs_session_get_title (session));
  gtk_accessible_update_property (GTK_ACCESSIBLE (close), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  close_label, -1);
  g_signal_connect_object (close, "clicked", G_CALLBACK (on_watched_close_clicked), session, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), close);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));

  return row;
}

static void
on_watched_activated (HsProcessesPage *self,
                      GtkListBoxRow   *row)
{
  HsSession *session = g_object_get_data (G_OBJECT (row), "hs-session");

  if (session != NULL)
    hs_processes_page_show_session (self, session);
}

/* Sessions live in the application, so that they outlive this page and
 * its window; a page without one (a test) keeps its own. */
static GListStore *
ensure_sessions (HsProcessesPage *self)
{
  GtkRoot *root;

  if (self->sessions != NULL)
    return self->sessions;

  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (GTK_IS_WINDOW (root) && HS_IS_APPLICATION (gtk_window_get_application (GTK_WINDOW (root))))
    self->sessions = g_object_ref (hs_application_get_sessions (HS_APPLICATION (gtk_window_get_application (GTK_WINDOW (root)))));
  else
    {
      self->sessions = g_list_store_new (HS_TYPE_SESSION);
      self->own_sessions = TRUE;
    }

  g_signal_connect_object (self->sessions, "items-changed",
                           G_CALLBACK (update_watched_marks), self, G_CONNECT_SWAPPED);
  gtk_list_box_bind_model (self->watched_list, G_LIST_MODEL (self->sessions),
                           create_watched_row, self, NULL);
  update_watched_marks (self);

  return self->sessions;
}

/* A session still recording @pid, if any. */
static HsSession *
find_session (HsProcessesPage *self,
              int              pid)
{
  GListModel *model = G_LIST_MODEL (ensure_sessions (self));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(HsSession) session = g_list_model_get_item (model, i);

      if (hs_session_get_pid (session) == pid &&
          hs_session_get_state (session) == HS_SESSION_RUNNING)
        return session;   /* the store keeps it alive */
    }

  return NULL;
}

/* Rows of processes that a session records say "Watched". */
static void
update_watched_marks (HsProcessesPage *self)
{
  g_autoptr(GHashTable) watched = g_hash_table_new (NULL, NULL);
  guint n_sessions = 0;

  if (self->sessions != NULL)
    {
      n_sessions = g_list_model_get_n_items (G_LIST_MODEL (self->sessions));
      for (guint i = 0; i < n_sessions; i++)
        {
          g_autoptr(HsSession) session = g_list_model_get_item (G_LIST_MODEL (self->sessions), i);

          if (hs_session_get_state (session) == HS_SESSION_RUNNING)
            g_hash_table_add (watched, GINT_TO_POINTER (hs_session_get_pid (session)));
        }
    }

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->store)); i++)
    {
      g_autoptr(HsProcessRow) row = g_list_model_get_item (G_LIST_MODEL (self->store), i);

      hs_process_row_set_watched (row, g_hash_table_contains (watched,
                                                              GINT_TO_POINTER (hs_process_row_get_pid (row))));
    }

  gtk_widget_set_visible (self->watched_box, n_sessions > 0);
}

/**
 * hs_processes_page_show_session:
 *
 * Shows @session in the monitor view. Sampling goes on whatever is shown.
 */
void
hs_processes_page_show_session (HsProcessesPage *self,
                                HsSession       *session)
{
  g_return_if_fail (HS_IS_PROCESSES_PAGE (self));
  g_return_if_fail (HS_IS_SESSION (session));

  g_set_object (&self->shown, session);
  hs_monitor_view_set_session (self->monitor_view, session);
  stop_refreshing (self);
  gtk_stack_set_visible_child_name (self->stack, "monitor");
}

/**
 * hs_processes_page_close_session:
 *
 * Ends @session (the user closed it): sampling stops for good and it
 * leaves the list of watched processes.
 */
void
hs_processes_page_close_session (HsProcessesPage *self,
                                 HsSession       *session)
{
  guint position;

  g_return_if_fail (HS_IS_PROCESSES_PAGE (self));
  g_return_if_fail (HS_IS_SESSION (session));

  g_object_ref (session);
  hs_session_close (session);
  if (g_list_store_find (ensure_sessions (self), session, &position))
    g_list_store_remove (self->sessions, position);

  if (self->shown == session)
    {
      hs_monitor_view_set_session (self->monitor_view, NULL);
      g_clear_object (&self->shown);
      gtk_stack_set_visible_child_name (self->stack, "list");
      if (gtk_widget_get_mapped (GTK_WIDGET (self)))
        start_refreshing (self);
    }
  update_watched_marks (self);
  g_object_unref (session);
}

/* A new session of the application's list over @source, sampling at the
 * sample-interval setting and keeping the history-length setting. */
static HsSession *
start_session (HsProcessesPage *self,
               const char      *title,
               HsSource        *source)
{
  HsSession *session;
  guint interval_ms, history_s, capacity;

  interval_ms = g_settings_get_uint (self->settings, "sample-interval");
  interval_ms = CLAMP (interval_ms, HS_SESSION_MIN_INTERVAL_MS, HS_SESSION_MAX_INTERVAL_MS);
  history_s = g_settings_get_uint (self->settings, "history-length");
  capacity = CLAMP ((guint64) history_s * 1000 / interval_ms, 600, MAX_CAPACITY);

  session = hs_session_new_full (title, interval_ms, capacity);
  hs_session_add_source (session, source);
  g_settings_bind (self->settings, "sample-interval", session, "interval-ms", G_SETTINGS_BIND_GET);
  /* Its verdicts and captures run from the start, shown or not. */
  hs_live_settings_bind_session (self->settings, session);
  g_signal_connect_object (session, "notify::state", G_CALLBACK (update_watched_marks), self,
                           G_CONNECT_SWAPPED);
  g_list_store_append (ensure_sessions (self), session);
  hs_session_start (session);

  return session;
}

/**
 * hs_processes_page_attach:
 * @pid: the process to watch
 *
 * Shows the session watching @pid, starting one (sampling at the
 * sample-interval setting) when there is none. The session belongs to the
 * application: going back to the list leaves it running.
 */
void
hs_processes_page_attach (HsProcessesPage *self,
                          int              pid)
{
  g_autoptr(HsProcSource) source = NULL;
  g_autoptr(HsSession) session = NULL;
  g_autofree char *title = NULL;
  HsProcessRow *row;

  g_return_if_fail (HS_IS_PROCESSES_PAGE (self));
  g_return_if_fail (pid > 0);

  if (!ensure_sampler (self))
    {
      /* Done when the sampler comes (the last one asked wins). */
      self->pending_pid = pid;
      return;
    }

  if (find_session (self, pid) != NULL)
    {
      hs_processes_page_show_session (self, find_session (self, pid));
      return;
    }

  row = g_hash_table_lookup (self->rows_by_pid, GINT_TO_POINTER (pid));
  if (row != NULL && hs_process_row_get_name (row) != NULL)
    title = g_strdup (hs_process_row_get_name (row));
  else
    title = g_strdup_printf (_("PID %d"), pid);

  source = hs_proc_source_new (self->sampler, pid, HS_PROC_SOURCE_NONE);
  session = start_session (self, title, HS_SOURCE (source));

  hs_processes_page_show_session (self, session);
}

static void
on_url_source_ready (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(HsProcessesPage) self = hs_weak_ref_steal (user_data);
  g_autoptr(HsGoSource) source = NULL;
  g_autoptr(HsSession) session = NULL;
  g_autoptr(GError) error = NULL;

  source = hs_go_source_new_finish (result, &error);
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_pointer (&self->watch_url_error, g_free);
  if (source == NULL)
    {
      self->watch_url_error = g_strdup_printf (_("The Go service could not be watched: %s"), error->message);
      hs_window_add_toast_for (GTK_WIDGET (self), self->watch_url_error);
      return;
    }

  session = start_session (self, hs_go_source_get_url (source), HS_SOURCE (source));
  hs_processes_page_show_session (self, session);
}

/**
 * hs_processes_page_watch_url:
 * @url: the base URL of a Go service's endpoints
 *
 * Starts a session over a Go service alone, with no local process (one on
 * another machine, reached through a tunnel): once an endpoint answers,
 * the session is shown; if none does, the page says why
 * (hs_processes_page_get_watch_url_error) in a toast.
 */
void
hs_processes_page_watch_url (HsProcessesPage *self,
                             const char      *url)
{
  g_return_if_fail (HS_IS_PROCESSES_PAGE (self));
  g_return_if_fail (url != NULL);

  g_clear_pointer (&self->watch_url_error, g_free);
  hs_live_settings_new_go_source_async (self->settings, url, self->cancellable,
                                        on_url_source_ready, hs_weak_ref_new (self));
}

/* (nullable): why the last hs_processes_page_watch_url() failed. */
const char *
hs_processes_page_get_watch_url_error (HsProcessesPage *self)
{
  g_return_val_if_fail (HS_IS_PROCESSES_PAGE (self), NULL);

  return self->watch_url_error;
}

static void
on_watch_url_response (AdwMessageDialog *dialog,
                       const char       *response,
                       HsProcessesPage  *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "hs-entry");
  g_autofree char *url = hs_go_url_from_text (gtk_editable_get_text (entry));

  if (g_strcmp0 (response, "watch") == 0 && url != NULL)
    hs_processes_page_watch_url (self, url);
}

static void
on_watch_url_changed (GtkEditable *entry,
                      GtkWidget   *warning)
{
  gtk_widget_set_visible (warning, hs_go_url_is_insecure (gtk_editable_get_text (entry)));
}

static void
watch_url_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *warning;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Watch a Go Service"),
                                   _("The base URL of its /debug/vars or /metrics endpoints. A service on another machine can be reached through an SSH tunnel or a port-forward."));
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), "http://127.0.0.1:6060");
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_URL);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  warning = gtk_label_new (_("Plain HTTP to another machine: anyone on the network can read these figures; use an SSH tunnel or https"));
  gtk_label_set_wrap (GTK_LABEL (warning), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (warning), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_max_width_chars (GTK_LABEL (warning), 40);
  gtk_label_set_xalign (GTK_LABEL (warning), 0);
  gtk_widget_add_css_class (warning, "warning");
  gtk_widget_set_visible (warning, FALSE);
  g_signal_connect_object (entry, "changed", G_CALLBACK (on_watch_url_changed), warning, 0);
  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (box), warning);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "watch", _("_Watch"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "watch",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "watch");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "hs-entry", entry);
  g_object_set_data (G_OBJECT (dialog), "hs-warning", warning);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_watch_url_response), widget, 0);
  gtk_window_present (GTK_WINDOW (dialog));
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

  /* The session keeps sampling: it belongs to the application. */
  hs_monitor_view_set_session (self->monitor_view, NULL);
  g_clear_object (&self->shown);
  update_watched_marks (self);
  gtk_stack_set_visible_child_name (self->stack, "list");
  if (gtk_widget_get_mapped (widget))
    start_refreshing (self);
}

static void
close_session_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  HsProcessesPage *self = HS_PROCESSES_PAGE (widget);

  if (self->shown != NULL)
    hs_processes_page_close_session (self, self->shown);
}

/* The shown session's own alert thresholds. */
static void
session_alerts_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  HsProcessesPage *self = HS_PROCESSES_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkApplication *application;
  HsSessionAlertsWindow *dialog;

  if (self->shown == NULL || !GTK_IS_WINDOW (root))
    return;
  application = gtk_window_get_application (GTK_WINDOW (root));
  if (!HS_IS_APPLICATION (application))
    return;

  dialog = hs_session_alerts_window_new (self->shown,
                                         hs_application_get_settings (HS_APPLICATION (application)));
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (root));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  HsProcessesPage *self = HS_PROCESSES_PAGE (widget);

  if (self->making_sampler)
    return;

  /* A new sampler (the probe may have died); it refreshes when it comes. */
  g_clear_object (&self->sampler);
  ensure_sampler (self);
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

/* The list inside the column view: it owns the scroll-to-item action. */
static GtkWidget *
find_list_view (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LIST_VIEW (child))
        return child;
    }

  return NULL;
}

/* A new sort column or order starts reading from the top: the rows the
 * user asked for are there, not wherever the old order had scrolled to.
 * Refreshes never change the sorter (see merge_processes()), so this runs
 * only for the user's choice. The sort model has re-sorted by now (it
 * connected to the sorter first); scrolling to the first item anchors the
 * list there, where setting the adjustment would race the relayout. */
static void
on_sort_changed (HsProcessesPage *self)
{
  GtkWidget *list;

  /* Disposing the column view changes its sorter too. */
  if (self->column_view == NULL ||
      g_list_model_get_n_items (G_LIST_MODEL (self->selection)) == 0)
    return;

  list = find_list_view (GTK_WIDGET (self->column_view));
  if (list != NULL)
    gtk_widget_activate_action (list, "list.scroll-to-item", "u", 0);
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

/* Returns: (transfer none) (nullable): the session the monitor view shows */
HsSession *
hs_processes_page_get_session (HsProcessesPage *self)
{
  g_return_val_if_fail (HS_IS_PROCESSES_PAGE (self), NULL);

  return self->shown;
}

/* Returns: (transfer none): the watched processes, a list of HsSession */
GListModel *
hs_processes_page_get_sessions (HsProcessesPage *self)
{
  g_return_val_if_fail (HS_IS_PROCESSES_PAGE (self), NULL);

  return G_LIST_MODEL (ensure_sessions (self));
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
  if (self->monitor_view != NULL)
    hs_monitor_view_set_session (self->monitor_view, NULL);
  g_clear_object (&self->shown);
  if (self->sessions != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->sessions, self);
      /* Sessions of our own end with us; the application's do not. */
      if (self->own_sessions)
        for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->sessions)); i++)
          {
            g_autoptr(HsSession) session = g_list_model_get_item (G_LIST_MODEL (self->sessions), i);

            g_signal_handlers_disconnect_by_data (session, self);
            hs_session_close (session);
          }
      else
        for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->sessions)); i++)
          {
            g_autoptr(HsSession) session = g_list_model_get_item (G_LIST_MODEL (self->sessions), i);

            g_signal_handlers_disconnect_by_data (session, self);
          }
    }
  if (self->watched_list != NULL)
    gtk_list_box_bind_model (self->watched_list, NULL, NULL, NULL, NULL);
  g_clear_object (&self->sessions);

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
  g_free (self->watch_url_error);

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
  gtk_widget_class_bind_template_child (widget_class, HsProcessesPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, HsProcessesPage, rss_column);
  gtk_widget_class_bind_template_child (widget_class, HsProcessesPage, monitor_view);
  gtk_widget_class_bind_template_child (widget_class, HsProcessesPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, HsProcessesPage, watched_box);
  gtk_widget_class_bind_template_child (widget_class, HsProcessesPage, watched_list);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_column_view_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_watched_activated);

  gtk_widget_class_install_action (widget_class, "processes.attach", NULL, attach_action);
  gtk_widget_class_install_action (widget_class, "processes.watch-url", NULL, watch_url_action);
  gtk_widget_class_install_action (widget_class, "processes.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "processes.retry", NULL, retry_action);
  gtk_widget_class_install_action (widget_class, "processes.close-session", NULL, close_session_action);
  gtk_widget_class_install_action (widget_class, "processes.session-alerts", NULL, session_alerts_action);

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
