/* hs-profiles-page.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-profiles-page"

#include "config.h"

#include <sys/stat.h>

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "hs-application.h"
#include "hs-compare-view.h"
#include "hs-massif-view.h"
#include "hs-memory-map-compare-view.h"
#include "hs-memory-map-view.h"
#include "hs-profile-diff.h"
#include "hs-profile-view.h"
#include "hs-profiles-page.h"
#include "hs-units.h"
#include "hs-weak-ref.h"
#include "hs-window.h"

#define MAX_RECENT_FILES 8

struct _HsProfilesPage
{
  GtkWidget       parent_instance;

  /* Template widgets */
  GtkStack       *stack;
  AdwStatusPage  *empty_page;
  GtkWidget      *recent_box;
  GtkListBox     *recent_list;
  AdwTabView     *tab_view;
  GtkListBox     *base_list;
  GtkDropDown    *new_dropdown;
  GtkMenuButton  *compare_button;
  GtkPopover     *compare_popover;
  GtkStringList  *profile_names;

  /* Owned */
  GSettings      *settings;
  /* HsProfileView, HsMemoryMapView, or a placeholder while the file's
   * kind is told (see Opening), in the order of profile_names */
  GPtrArray      *views;
  /* The Compare picker: by view, why it cannot be the base of the chosen
   * new one (NULL: it can) */
  GPtrArray      *base_reasons;
  gboolean        rebuilding;
};

G_DEFINE_FINAL_TYPE (HsProfilesPage, hs_profiles_page, GTK_TYPE_WIDGET)

/* A tab whose file is being told apart (snapshot or profile) in a
 * thread: its child is a spinner carrying this as "hs-opening". Closing
 * the tab cancels the sniff. */
typedef struct
{
  GFile        *file;
  char         *title;
  GCancellable *cancellable;
} Opening;

static void
opening_free (gpointer data)
{
  Opening *opening = data;

  g_cancellable_cancel (opening->cancellable);
  g_clear_object (&opening->cancellable);
  g_clear_object (&opening->file);
  g_free (opening->title);
  g_free (opening);
}

static Opening *
get_opening (GtkWidget *view)
{
  return g_object_get_data (G_OBJECT (view), "hs-opening");
}

static GSettings *
hs_profiles_page_get_settings (HsProfilesPage *self)
{
  if (self->settings == NULL)
    {
      GApplication *app = g_application_get_default ();

      /* Tests build the page without an application. */
      if (HS_IS_APPLICATION (app))
        self->settings = g_object_ref (hs_application_get_settings (HS_APPLICATION (app)));
      else
        self->settings = g_settings_new (APP_ID);
    }

  return self->settings;
}

static void
update_state (HsProfilesPage *self)
{
  gboolean have_tabs = adw_tab_view_get_n_pages (self->tab_view) > 0;

  gtk_stack_set_visible_child_name (self->stack, have_tabs ? "tabs" : "empty");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "profiles.compare", self->views->len >= 2);
}

static void
remember_recent (HsProfilesPage *self,
                 GFile          *file)
{
  GSettings *settings = hs_profiles_page_get_settings (self);
  g_auto(GStrv) recent = g_settings_get_strv (settings, "recent-files");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *uri = g_file_get_uri (file);
  g_auto(GStrv) updated = NULL;
  guint n = 1;

  g_strv_builder_add (builder, uri);
  for (guint i = 0; recent[i] != NULL && n < MAX_RECENT_FILES; i++)
    {
      if (g_strcmp0 (recent[i], uri) == 0)
        continue;
      g_strv_builder_add (builder, recent[i]);
      n++;
    }

  updated = g_strv_builder_end (builder);
  g_settings_set_strv (settings, "recent-files", (const char * const *) updated);
}

static void
rebuild_recent_list (HsProfilesPage *self)
{
  g_auto(GStrv) recent = g_settings_get_strv (hs_profiles_page_get_settings (self), "recent-files");
  GtkWidget *child;
  guint n_rows = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->recent_list))) != NULL)
    gtk_list_box_remove (self->recent_list, child);

  for (guint i = 0; recent[i] != NULL; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_uri (recent[i]);
      g_autofree char *name = g_file_get_basename (file);
      g_autoptr(GFile) parent = g_file_get_parent (file);
      g_autofree char *where = parent != NULL ? g_file_get_parse_name (parent) : NULL;
      GtkWidget *row;

      /* A profile that has gone since is not worth offering. */
      if (g_file_is_native (file) && !g_file_query_exists (file, NULL))
        continue;

      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), where != NULL ? where : "");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "uri", g_strdup (recent[i]), g_free);
      gtk_list_box_append (self->recent_list, row);
      n_rows++;
    }

  gtk_widget_set_visible (self->recent_box, n_rows > 0);
}

static void
on_recent_row_activated (GtkListBox     *list,
                         GtkListBoxRow  *row,
                         HsProfilesPage *self)
{
  const char *uri = g_object_get_data (G_OBJECT (row), "uri");
  g_autoptr(GFile) file = NULL;

  if (uri == NULL)
    return;

  file = g_file_new_for_uri (uri);
  hs_profiles_page_open_files (self, &file, 1);
}

/* The page holds two kinds of document: Go profiles and memory maps. */
static const char *
view_get_title (GtkWidget *view)
{
  if (get_opening (view) != NULL)
    return get_opening (view)->title;
  if (HS_IS_MASSIF_VIEW (view))
    return hs_massif_view_get_title (HS_MASSIF_VIEW (view));
  if (HS_IS_MEMORY_MAP_VIEW (view))
    return hs_memory_map_view_get_title (HS_MEMORY_MAP_VIEW (view));
  return hs_profile_view_get_title (HS_PROFILE_VIEW (view));
}

static GFile *
view_get_file (GtkWidget *view)
{
  if (get_opening (view) != NULL)
    return get_opening (view)->file;
  if (HS_IS_MASSIF_VIEW (view))
    return hs_massif_view_get_file (HS_MASSIF_VIEW (view));
  if (HS_IS_MEMORY_MAP_VIEW (view))
    return hs_memory_map_view_get_file (HS_MEMORY_MAP_VIEW (view));
  return hs_profile_view_get_file (HS_PROFILE_VIEW (view));
}

/* "leakycache · 2026-11-30 03:17:53": what tells apart files of the
 * same name (three heap-t1.pb.gz from three runs), with the capture time
 * in local time as the memory maps show theirs. */
static char *
view_describe_where (GtkWidget *view,
                     gboolean   full_folder)
{
  GFile *file = view_get_file (view);
  g_autoptr(GFile) parent = file != NULL ? g_file_get_parent (file) : NULL;
  g_autofree char *folder = NULL;
  g_autofree char *time = NULL;
  gint64 usec = 0;

  if (parent != NULL)
    {
      if (full_folder)
        {
          g_autofree char *path = g_file_get_parse_name (parent);
          const char *home = g_get_home_dir ();

          if (home != NULL && g_str_has_prefix (path, home) && path[strlen (home)] == '/')
            folder = g_strconcat ("~", path + strlen (home), NULL);
          else
            folder = g_steal_pointer (&path);
        }
      else
        folder = g_file_get_basename (parent);
    }

  if (HS_IS_PROFILE_VIEW (view) && hs_profile_view_get_profile (HS_PROFILE_VIEW (view)) != NULL)
    usec = hs_profile_get_time_nanos (hs_profile_view_get_profile (HS_PROFILE_VIEW (view))) / 1000;
  else if (HS_IS_MEMORY_MAP_VIEW (view) && hs_memory_map_view_get_memory_map (HS_MEMORY_MAP_VIEW (view)) != NULL)
    usec = hs_memory_map_get_wall_usec (hs_memory_map_view_get_memory_map (HS_MEMORY_MAP_VIEW (view)));
  if (usec > 0)
    time = hs_format_local_time (usec);

  if (folder != NULL && time != NULL)
    return g_strdup_printf ("%s · %s", folder, time);
  return g_strdup (folder != NULL ? folder : time != NULL ? time : "");
}

/* Why @base cannot be compared with @newer, in words; NULL if it can. */
static char *
compare_reason (GtkWidget *base,
                GtkWidget *newer)
{
  const char *error;

  for (GtkWidget *view = newer; view != NULL; view = view == newer ? base : NULL)
    {
      if (get_opening (view) != NULL)
        return g_strdup_printf (_("“%s” is still being opened"), view_get_title (view));
      error = HS_IS_PROFILE_VIEW (view) ? hs_profile_view_get_error_message (HS_PROFILE_VIEW (view)) :
              hs_memory_map_view_get_error_message (HS_MEMORY_MAP_VIEW (view));
      if (error != NULL)
        return g_strdup_printf (_("“%s” could not be read"), view_get_title (view));
      if ((HS_IS_PROFILE_VIEW (view) && hs_profile_view_get_profile (HS_PROFILE_VIEW (view)) == NULL) ||
          (HS_IS_MEMORY_MAP_VIEW (view) && hs_memory_map_view_get_memory_map (HS_MEMORY_MAP_VIEW (view)) == NULL))
        return g_strdup_printf (_("“%s” is still loading"), view_get_title (view));
    }

  if (HS_IS_MEMORY_MAP_VIEW (base) != HS_IS_MEMORY_MAP_VIEW (newer))
    return g_strdup (_("A memory-map snapshot can only be compared with another memory-map snapshot, and a Go profile with another Go profile"));
  if (HS_IS_PROFILE_VIEW (base))
    {
      g_autoptr(GError) local = NULL;

      if (!hs_profile_diff_check (hs_profile_view_get_profile (HS_PROFILE_VIEW (base)),
                                  hs_profile_view_get_profile (HS_PROFILE_VIEW (newer)), &local))
        return g_strdup (local->message);
    }
  return NULL;
}

/* A row of the base list: the file's name, its folder and time, and
 * why it cannot be chosen. One line each, ellipsized, and the whole
 * reason in the tooltip: a label that wraps makes the popover measure
 * itself too short (its height is asked for no width) and clip. */
static GtkWidget *
base_row_new (const char *title,
              const char *where,
              const char *reason)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  const char *lines[3] = { title, where, reason };

  for (guint k = 0; k < G_N_ELEMENTS (lines); k++)
    {
      GtkWidget *label;

      if (lines[k] == NULL || *lines[k] == '\0')
        continue;
      label = gtk_label_new (lines[k]);
      gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
      gtk_label_set_ellipsize (GTK_LABEL (label), k == 1 ? PANGO_ELLIPSIZE_START : PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 60);
      if (k > 0)
        gtk_widget_add_css_class (label, "caption");
      if (k == 1)
        gtk_widget_add_css_class (label, "dim-label");
      if (k == 2)
        gtk_widget_add_css_class (label, "error");
      gtk_box_append (GTK_BOX (box), label);
    }
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), reason == NULL);
  gtk_widget_set_sensitive (row, reason == NULL);
  gtk_widget_set_tooltip_text (row, reason != NULL ? reason : where);
  return row;
}

/* The base list for the chosen new one: every other open file, those
 * that cannot be compared with it disabled and saying why. */
static void
rebuild_base_list (HsProfilesPage *self)
{
  guint new = gtk_drop_down_get_selected (self->new_dropdown);
  GtkListBoxRow *selected = gtk_list_box_get_selected_row (self->base_list);
  int keep = selected != NULL ? GPOINTER_TO_INT (g_object_get_data (G_OBJECT (selected), "hs-view-index")) : -1;
  GtkListBoxRow *choice = NULL;
  GtkWidget *child;

  if (self->views == NULL)
    return;

  gtk_list_box_unselect_all (self->base_list);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->base_list))) != NULL)
    gtk_list_box_remove (self->base_list, child);
  g_ptr_array_set_size (self->base_reasons, 0);
  g_ptr_array_set_size (self->base_reasons, self->views->len);
  if (new >= self->views->len)
    return;

  /* Newest first: the base is most often the one opened just before. */
  for (guint k = self->views->len; k > 0; k--)
    {
      guint i = k - 1;
      GtkWidget *view = g_ptr_array_index (self->views, i);
      g_autofree char *reason = NULL;
      g_autofree char *where = NULL;
      GtkWidget *row;

      if (i == new)
        continue;
      reason = compare_reason (view, g_ptr_array_index (self->views, new));
      where = view_describe_where (view, TRUE);
      row = base_row_new (view_get_title (view), where, reason);
      if (reason == NULL)
        {
          /* before the new one is the natural base; else the newest */
          if (choice == NULL || (int) i == keep ||
              (keep < 0 && i < new && GPOINTER_TO_INT (g_object_get_data (G_OBJECT (choice), "hs-view-index")) > (int) new))
            choice = GTK_LIST_BOX_ROW (row);
        }
      g_object_set_data (G_OBJECT (row), "hs-view-index", GINT_TO_POINTER (i));
      g_ptr_array_index (self->base_reasons, i) = g_steal_pointer (&reason);
      gtk_list_box_append (self->base_list, row);
    }

  if (choice != NULL)
    gtk_list_box_select_row (self->base_list, choice);
}

static void
rebuild_profile_names (HsProfilesPage *self)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  guint n_old = g_list_model_get_n_items (G_LIST_MODEL (self->profile_names));
  guint new = gtk_drop_down_get_selected (self->new_dropdown);

  if (self->views == NULL)
    return;
  for (guint i = 0; i < self->views->len; i++)
    {
      GtkWidget *view = g_ptr_array_index (self->views, i);
      g_autofree char *where = view_describe_where (view, FALSE);

      g_ptr_array_add (names, *where != '\0' ? g_strdup_printf ("%s — %s", view_get_title (view), where)
                                               : g_strdup (view_get_title (view)));
    }
  g_ptr_array_add (names, NULL);

  self->rebuilding = TRUE;
  gtk_string_list_splice (self->profile_names, 0, n_old, (const char * const *) names->pdata);
  if (new >= self->views->len && self->views->len > 0)
    new = self->views->len - 1;
  gtk_drop_down_set_selected (self->new_dropdown, new);
  self->rebuilding = FALSE;
  rebuild_base_list (self);
}

static void
on_new_changed (HsProfilesPage *self)
{
  if (!self->rebuilding)
    rebuild_base_list (self);
}

/* The view in the selected tab, as an index into views; -1 if the tab
 * is a Compare tab or there is none. */
static int
current_view_index (HsProfilesPage *self)
{
  AdwTabPage *page = adw_tab_view_get_selected_page (self->tab_view);
  guint index;

  if (page != NULL && g_ptr_array_find (self->views, adw_tab_page_get_child (page), &index))
    return (int) index;
  return -1;
}

/* The picker opens on the profile being looked at, as "new". */
static void
on_compare_popover_show (HsProfilesPage *self)
{
  int current = current_view_index (self);

  rebuild_profile_names (self);
  if (current >= 0)
    gtk_drop_down_set_selected (self->new_dropdown, (guint) current);
  gtk_list_box_unselect_all (self->base_list);
  rebuild_base_list (self);
}

static void
on_base_row_activated (HsProfilesPage *self,
                       GtkListBoxRow  *row)
{
  gtk_list_box_select_row (self->base_list, row);
  gtk_widget_activate_action (GTK_WIDGET (self), "profiles.compare", NULL);
}

/* A tab whose file could not be read says so in the tab bar, not only
 * inside: an error icon, the message as its tooltip. */
static void
update_failed_indicator (GtkWidget  *view,
                         GParamSpec *pspec,
                         AdwTabPage *page)
{
  const char *error = NULL;

  if (HS_IS_PROFILE_VIEW (view))
    error = hs_profile_view_get_error_message (HS_PROFILE_VIEW (view));
  else if (HS_IS_MEMORY_MAP_VIEW (view))
    error = hs_memory_map_view_get_error_message (HS_MEMORY_MAP_VIEW (view));

  if (error != NULL)
    {
      g_autoptr(GIcon) icon = g_themed_icon_new ("dialog-error-symbolic");

      adw_tab_page_set_indicator_icon (page, icon);
      adw_tab_page_set_indicator_tooltip (page, error);
    }
  else if (adw_tab_page_get_indicator_icon (page) != NULL)
    {
      adw_tab_page_set_indicator_icon (page, NULL);
      adw_tab_page_set_indicator_tooltip (page, "");
    }
}

static void
on_view_title_changed (HsProfilesPage *self)
{
  rebuild_profile_names (self);
}

static void
on_page_detached (AdwTabView     *tab_view,
                  AdwTabPage     *page,
                  int             position,
                  HsProfilesPage *self)
{
  GtkWidget *child = adw_tab_page_get_child (page);

  /* Tabs also go when the page itself is disposed. */
  if (self->views == NULL)
    return;

  if (get_opening (child) != NULL)
    g_cancellable_cancel (get_opening (child)->cancellable);

  if (HS_IS_PROFILE_VIEW (child) || HS_IS_MEMORY_MAP_VIEW (child) || HS_IS_MASSIF_VIEW (child) ||
      get_opening (child) != NULL)
    {
      g_signal_handlers_disconnect_by_data (child, self);
      g_ptr_array_remove (self->views, child);
      rebuild_profile_names (self);
    }

  update_state (self);
}

static AdwTabPage *
find_page_for_file (HsProfilesPage *self,
                    GFile          *file)
{
  for (guint i = 0; i < self->views->len; i++)
    {
      GtkWidget *view = g_ptr_array_index (self->views, i);
      GFile *view_file = view_get_file (view);

      /* A fresh capture that was never saved has no file. */
      if (view_file != NULL && g_file_equal (view_file, file))
        return adw_tab_view_get_page (self->tab_view, view);
    }

  return NULL;
}

static AdwTabPage *
add_tab (HsProfilesPage *self,
         GtkWidget      *view,
         int             position)
{
  AdwTabPage *page = adw_tab_view_insert (self->tab_view, view, position);

  g_object_bind_property (view, "title", page, "title", G_BINDING_SYNC_CREATE);
  g_object_bind_property (view, "tooltip", page, "tooltip", G_BINDING_SYNC_CREATE);
  g_object_bind_property (view, "loading", page, "loading", G_BINDING_SYNC_CREATE);
  g_signal_connect_object (view, "notify::title",
                           G_CALLBACK (on_view_title_changed), self, G_CONNECT_SWAPPED);
  /* loaded or failed: what it can be compared with changes */
  g_signal_connect_object (view, "notify::loading",
                           G_CALLBACK (on_view_title_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (view, "notify::loading",
                           G_CALLBACK (update_failed_indicator), page, 0);
  update_failed_indicator (view, NULL, page);
  return page;
}

/* What a file is, told by its first bytes in a thread. */
typedef enum
{
  DOCUMENT_PROFILE,
  DOCUMENT_MEMORY_MAP,
  DOCUMENT_MASSIF,
} DocumentKind;

static GtkWidget *
new_view (HsProfilesPage *self,
          GFile          *file,
          DocumentKind    kind)
{
  if (kind == DOCUMENT_MEMORY_MAP)
    return GTK_WIDGET (hs_memory_map_view_new (file));
  if (kind == DOCUMENT_MASSIF)
    return GTK_WIDGET (hs_massif_view_new (file, hs_profiles_page_get_settings (self)));
  return GTK_WIDGET (hs_profile_view_new (file, hs_profiles_page_get_settings (self)));
}

/* A massif file starts "desc:" (gzip-compressed ones are rare enough to
 * open as profiles, whose reader takes them too, showing the peak). */
static gboolean
is_massif_file (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) stream = g_file_read (file, NULL, NULL);
  guint8 head[8];
  gsize n = 0;

  if (stream == NULL ||
      !g_input_stream_read_all (G_INPUT_STREAM (stream), head, sizeof head, &n, NULL, NULL))
    return FALSE;
  return hs_massif_sniff (head, n);
}

/* Runs in a thread: reading even 4 KiB can take long (a network file)
 * or for ever (opening a FIFO with no writer), so never on the main
 * thread. Only regular files are read: a FIFO or a device is never a
 * snapshot, and what the sniff read from a pipe would be gone for the
 * profile reader. */
static void
sniff_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  const char *path = task_data;
  GStatBuf st;

  DocumentKind kind = DOCUMENT_PROFILE;

  if (g_stat (path, &st) == 0 && S_ISREG (st.st_mode))
    {
      if (hs_memory_map_is_snapshot_file (path))
        kind = DOCUMENT_MEMORY_MAP;
      else if (is_massif_file (path))
        kind = DOCUMENT_MASSIF;
    }
  g_task_return_int (task, kind);
}

/* The kind is known: the document's view takes the placeholder's place. */
static void
sniff_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GtkWidget) placeholder = hs_weak_ref_steal (user_data);
  g_autoptr(GError) error = NULL;
  gssize kind = g_task_propagate_int (G_TASK (result), &error);
  HsProfilesPage *self;
  AdwTabPage *old_page, *page;
  GtkWidget *view;
  gboolean selected;
  guint index;
  int position;

  /* Closed meanwhile (the only error is the cancellation). */
  if (placeholder == NULL || error != NULL)
    return;
  self = HS_PROFILES_PAGE (gtk_widget_get_ancestor (placeholder, HS_TYPE_PROFILES_PAGE));
  if (self == NULL || self->views == NULL || !g_ptr_array_find (self->views, placeholder, &index))
    return;

  view = new_view (self, get_opening (placeholder)->file, (DocumentKind) kind);
  g_ptr_array_index (self->views, index) = g_object_ref (view);
  g_object_unref (placeholder);   /* the array's reference */

  old_page = adw_tab_view_get_page (self->tab_view, placeholder);
  position = adw_tab_view_get_page_position (self->tab_view, old_page);
  selected = adw_tab_view_get_selected_page (self->tab_view) == old_page;
  page = add_tab (self, view, position);
  if (selected)
    adw_tab_view_set_selected_page (self->tab_view, page);
  adw_tab_view_close_page (self->tab_view, old_page);

  rebuild_profile_names (self);
  update_state (self);
}

/* A tab for @file at once, loading; its view comes once a thread has
 * told a snapshot from a profile. */
static AdwTabPage *
add_opening_tab (HsProfilesPage *self,
                 GFile          *file,
                 const char     *path)
{
  g_autoptr(GTask) task = NULL;
  GtkWidget *spinner = gtk_spinner_new ();
  Opening *opening = g_new0 (Opening, 1);
  g_autofree char *where = g_file_get_parse_name (file);
  AdwTabPage *page;

  opening->file = g_object_ref (file);
  opening->title = g_file_get_basename (file);
  opening->cancellable = g_cancellable_new ();
  g_object_set_data_full (G_OBJECT (spinner), "hs-opening", opening, opening_free);
  gtk_spinner_set_spinning (GTK_SPINNER (spinner), TRUE);
  gtk_widget_set_halign (spinner, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (spinner, GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (spinner, 32, 32);

  g_ptr_array_add (self->views, g_object_ref (spinner));
  page = adw_tab_view_append (self->tab_view, spinner);
  adw_tab_page_set_title (page, opening->title);
  adw_tab_page_set_tooltip (page, where);
  adw_tab_page_set_loading (page, TRUE);

  task = g_task_new (NULL, opening->cancellable, sniff_done, hs_weak_ref_new (spinner));
  g_task_set_source_tag (task, add_opening_tab);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, sniff_thread);
  return page;
}

/**
 * hs_profiles_page_open_files:
 *
 * Opens each of @files in its own tab and loads it in a worker thread. A
 * file that is already open is brought to the front instead. Memory-map
 * snapshots (SNAPSHOT-FORMAT.md) open in an HsMemoryMapView, anything
 * else as a Go profile; a local file's tab shows it loading while a
 * thread tells which it is, so nothing here waits on the file.
 */
void
hs_profiles_page_open_files (HsProfilesPage  *self,
                             GFile          **files,
                             int              n_files)
{
  AdwTabPage *last = NULL;

  g_return_if_fail (HS_IS_PROFILES_PAGE (self));
  g_return_if_fail (files != NULL || n_files == 0);

  for (int i = 0; i < n_files; i++)
    {
      AdwTabPage *page = find_page_for_file (self, files[i]);
      g_autofree char *path = g_file_get_path (files[i]);

      if (page == NULL)
        {
          /* Only local files can be snapshots. */
          if (path != NULL)
            page = add_opening_tab (self, files[i], path);
          else
            {
              GtkWidget *view = new_view (self, files[i], FALSE);

              g_ptr_array_add (self->views, g_object_ref (view));
              page = add_tab (self, view, adw_tab_view_get_n_pages (self->tab_view));
            }
          remember_recent (self, files[i]);
        }
      last = page;
    }

  if (last != NULL)
    adw_tab_view_set_selected_page (self->tab_view, last);

  rebuild_profile_names (self);
  update_state (self);
}

/**
 * hs_profiles_page_get_opening:
 *
 * Returns: %TRUE while a tab is still telling a snapshot from a profile
 *   (its view is not there yet)
 */
gboolean
hs_profiles_page_get_opening (HsProfilesPage *self)
{
  g_return_val_if_fail (HS_IS_PROFILES_PAGE (self), FALSE);

  for (guint i = 0; i < self->views->len; i++)
    if (get_opening (g_ptr_array_index (self->views, i)) != NULL)
      return TRUE;
  return FALSE;
}

static void
on_chooser_response (GtkNativeDialog *chooser,
                     int              response,
                     HsProfilesPage  *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) list = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
      guint n = g_list_model_get_n_items (list);
      g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < n; i++)
        g_ptr_array_add (files, g_list_model_get_item (list, i));
      hs_profiles_page_open_files (self, (GFile **) files->pdata, (int) files->len);
    }

  g_object_unref (chooser);
}

/**
 * hs_profiles_page_choose_files:
 *
 * Asks for profiles with the native file chooser and opens them.
 */
void
hs_profiles_page_choose_files (HsProfilesPage *self)
{
  GtkFileChooserNative *chooser;
  GtkFileFilter *filter;
  GtkRoot *root;

  g_return_if_fail (HS_IS_PROFILES_PAGE (self));

  root = gtk_widget_get_root (GTK_WIDGET (self));
  chooser = gtk_file_chooser_native_new (_("Open Profiles"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);

  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("Go Profiles"));
  gtk_file_filter_add_pattern (filter, "*.pb.gz");
  gtk_file_filter_add_pattern (filter, "*.pb");
  gtk_file_filter_add_pattern (filter, "*.txt");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_object_unref (filter);

  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("Memory-Map Snapshots"));
  gtk_file_filter_add_pattern (filter, "*.json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_object_unref (filter);

  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("All Files"));
  gtk_file_filter_add_pattern (filter, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_object_unref (filter);

  g_signal_connect (chooser, "response", G_CALLBACK (on_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static gboolean
on_drop (GtkDropTarget  *target,
         const GValue   *value,
         double          x,
         double          y,
         HsProfilesPage *self)
{
  GSList *list;
  g_autoptr(GPtrArray) files = g_ptr_array_new ();

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;

  list = g_value_get_boxed (value);
  for (GSList *l = list; l != NULL; l = l->next)
    g_ptr_array_add (files, l->data);
  if (files->len == 0)
    return FALSE;

  hs_profiles_page_open_files (self, (GFile **) files->pdata, (int) files->len);
  return TRUE;
}

/* A Compare tab, profiles or memory maps alike: titled by the view,
 * marked with the side-by-side icon, and shown. */
static void
append_compare_tab (HsProfilesPage *self,
                    GtkWidget      *compare)
{
  g_autoptr(GIcon) icon = g_themed_icon_new ("view-dual-symbolic");
  AdwTabPage *page = adw_tab_view_append (self->tab_view, compare);

  g_object_bind_property (compare, "title", page, "title", G_BINDING_SYNC_CREATE);
  adw_tab_page_set_icon (page, icon);
  adw_tab_view_set_selected_page (self->tab_view, page);
  update_state (self);
}

/**
 * hs_profiles_page_compare:
 *
 * Opens a Compare tab for two open profiles, by tab position among the
 * profiles (not counting Compare tabs).
 *
 * Returns: (transfer none) (nullable): the compare view, or %NULL if either
 *   profile is not loaded
 */
HsCompareView *
hs_profiles_page_compare (HsProfilesPage *self,
                          guint           base_index,
                          guint           new_index)
{
  HsProfileView *base, *new;
  HsCompareView *compare;

  g_return_val_if_fail (HS_IS_PROFILES_PAGE (self), NULL);

  if (base_index >= self->views->len || new_index >= self->views->len)
    return NULL;

  if (!HS_IS_PROFILE_VIEW (g_ptr_array_index (self->views, base_index)) ||
      !HS_IS_PROFILE_VIEW (g_ptr_array_index (self->views, new_index)))
    return NULL;

  base = g_ptr_array_index (self->views, base_index);
  new = g_ptr_array_index (self->views, new_index);
  if (hs_profile_view_get_profile (base) == NULL || hs_profile_view_get_profile (new) == NULL)
    return NULL;

  /* A pair already open is shown again, not opened twice. */
  for (int i = 0; i < adw_tab_view_get_n_pages (self->tab_view); i++)
    {
      AdwTabPage *page = adw_tab_view_get_nth_page (self->tab_view, i);
      GtkWidget *child = adw_tab_page_get_child (page);

      if (HS_IS_COMPARE_VIEW (child) &&
          hs_compare_view_get_base_profile (HS_COMPARE_VIEW (child)) == hs_profile_view_get_profile (base) &&
          hs_compare_view_get_new_profile (HS_COMPARE_VIEW (child)) == hs_profile_view_get_profile (new))
        {
          adw_tab_view_set_selected_page (self->tab_view, page);
          return HS_COMPARE_VIEW (child);
        }
    }

  compare = hs_compare_view_new (hs_profile_view_get_profile (base),
                                 hs_profile_view_get_title (base),
                                 hs_profile_view_get_profile (new),
                                 hs_profile_view_get_title (new),
                                 hs_profiles_page_get_settings (self));
  append_compare_tab (self, GTK_WIDGET (compare));

  return compare;
}

typedef struct
{
  gpointer   page;        /* hs_weak_ref, stolen by the last to finish */
  GFile     *files[2];
  HsProfile *profiles[2];
  GError    *error;       /* the first failure */
  guint      pending;
} CompareFiles;

static void
compare_files_free (CompareFiles *request)
{
  g_autoptr(HsProfilesPage) page = request->page != NULL ? hs_weak_ref_steal (request->page) : NULL;

  for (guint i = 0; i < 2; i++)
    {
      g_clear_object (&request->files[i]);
      g_clear_object (&request->profiles[i]);
    }
  g_clear_error (&request->error);
  g_free (request);
}

static void
compare_file_loaded (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  CompareFiles *request = user_data;
  g_autoptr(HsProfilesPage) self = NULL;
  g_autoptr(GError) error = NULL;
  HsProfile *profile = hs_profile_load_file_finish (result, &error);
  HsCompareView *compare;

  for (guint i = 0; i < 2; i++)
    if (profile != NULL && request->profiles[i] == NULL &&
        g_file_equal (hs_profile_get_file (profile), request->files[i]))
      {
        request->profiles[i] = g_steal_pointer (&profile);
        break;
      }
  g_clear_object (&profile);
  if (error != NULL && request->error == NULL)
    request->error = g_steal_pointer (&error);
  if (--request->pending > 0)
    return;

  self = hs_weak_ref_steal (request->page);
  request->page = NULL;
  if (self == NULL || self->views == NULL ||
      g_error_matches (request->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      compare_files_free (request);
      return;
    }
  if (request->error != NULL || request->profiles[0] == NULL || request->profiles[1] == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The two profiles could not be compared: %s"),
                                                  request->error != NULL ? request->error->message :
                                                  _("a profile could not be read"));

      hs_window_add_toast_for (GTK_WIDGET (self), message);
      compare_files_free (request);
      return;
    }

  compare = hs_compare_view_new (request->profiles[0], hs_profile_get_display_name (request->profiles[0]),
                                 request->profiles[1], hs_profile_get_display_name (request->profiles[1]),
                                 hs_profiles_page_get_settings (self));
  append_compare_tab (self, GTK_WIDGET (compare));
  compare_files_free (request);
}

/**
 * hs_profiles_page_compare_files:
 *
 * Reads @base and @newer in worker threads, then opens a Compare tab on
 * the two (as "Compare first → latest" of a watched Go service wants),
 * without a tab for each; a failure is said in a toast.
 */
void
hs_profiles_page_compare_files (HsProfilesPage *self,
                                GFile          *base,
                                GFile          *newer)
{
  CompareFiles *request;
  guint64 cap;

  g_return_if_fail (HS_IS_PROFILES_PAGE (self));
  g_return_if_fail (G_IS_FILE (base));
  g_return_if_fail (G_IS_FILE (newer));

  cap = g_settings_get_uint64 (hs_profiles_page_get_settings (self), "max-profile-size");
  request = g_new0 (CompareFiles, 1);
  request->page = hs_weak_ref_new (self);
  request->files[0] = g_object_ref (base);
  request->files[1] = g_object_ref (newer);
  request->pending = 2;
  /* Address-only profiles (jemalloc, gperftools) are named as the
   * profile view names them. */
  {
    g_auto(GStrv) configured = g_settings_get_strv (hs_profiles_page_get_settings (self), "binary-path");
    g_auto(GStrv) search = hs_profile_binary_path_or_default ((const char * const *) configured);

    for (guint i = 0; i < 2; i++)
      hs_profile_load_file_symbolized_async (request->files[i], cap, NULL, (const char * const *) search,
                                             NULL, compare_file_loaded, request);
  }
}

/* Returns: (transfer none) (nullable): the Compare tab opened last. */
HsCompareView *
hs_profiles_page_get_last_compare (HsProfilesPage *self)
{
  g_return_val_if_fail (HS_IS_PROFILES_PAGE (self), NULL);

  for (int i = adw_tab_view_get_n_pages (self->tab_view) - 1; i >= 0; i--)
    {
      GtkWidget *child = adw_tab_page_get_child (adw_tab_view_get_nth_page (self->tab_view, i));

      if (HS_IS_COMPARE_VIEW (child))
        return HS_COMPARE_VIEW (child);
    }

  return NULL;
}

/**
 * hs_profiles_page_compare_memory_maps:
 *
 * Opens a Compare tab for two open memory-map snapshots, by tab position
 * as for hs_profiles_page_compare().
 *
 * Returns: (transfer none) (nullable): the compare view, or %NULL with
 *   @error saying why (not two snapshots, not loaded yet)
 */
HsMemoryMapCompareView *
hs_profiles_page_compare_memory_maps (HsProfilesPage  *self,
                                      guint            base_index,
                                      guint            new_index,
                                      GError         **error)
{
  HsMemoryMapView *base, *new;
  HsMemoryMapCompareView *compare;

  g_return_val_if_fail (HS_IS_PROFILES_PAGE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (base_index >= self->views->len || new_index >= self->views->len)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("Choose two open memory maps to compare"));
      return NULL;
    }

  if (!HS_IS_MEMORY_MAP_VIEW (g_ptr_array_index (self->views, base_index)) ||
      !HS_IS_MEMORY_MAP_VIEW (g_ptr_array_index (self->views, new_index)))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("A memory-map snapshot can only be compared with another memory-map snapshot, and a Go profile with another Go profile"));
      return NULL;
    }

  base = g_ptr_array_index (self->views, base_index);
  new = g_ptr_array_index (self->views, new_index);
  if (hs_memory_map_view_get_memory_map (base) == NULL || hs_memory_map_view_get_memory_map (new) == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PENDING,
                           _("Both memory maps must be loaded before they can be compared"));
      return NULL;
    }

  compare = hs_memory_map_compare_view_new (hs_memory_map_view_get_memory_map (base),
                                            hs_memory_map_view_get_title (base),
                                            hs_memory_map_view_get_memory_map (new),
                                            hs_memory_map_view_get_title (new));
  append_compare_tab (self, GTK_WIDGET (compare));

  return compare;
}

static void
compare_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  HsProfilesPage *self = HS_PROFILES_PAGE (widget);
  int base = hs_profiles_page_get_compare_base (self);
  guint new = gtk_drop_down_get_selected (self->new_dropdown);

  gtk_popover_popdown (self->compare_popover);

  if (base < 0 || new >= self->views->len)
    {
      hs_window_add_toast_for (GTK_WIDGET (self), _("Choose a base profile to compare with"));
      return;
    }

  if (HS_IS_MEMORY_MAP_VIEW (g_ptr_array_index (self->views, base)) ||
      HS_IS_MEMORY_MAP_VIEW (g_ptr_array_index (self->views, new)))
    {
      g_autoptr(GError) error = NULL;

      if (hs_profiles_page_compare_memory_maps (self, (guint) base, new, &error) == NULL)
        hs_window_add_toast_for (GTK_WIDGET (self), error->message);
      return;
    }

  if (hs_profiles_page_compare (self, (guint) base, new) == NULL)
    {
      g_autofree char *reason = compare_reason (g_ptr_array_index (self->views, base),
                                                g_ptr_array_index (self->views, new));

      hs_window_add_toast_for (GTK_WIDGET (self), reason != NULL ? reason :
                               _("Both profiles must be loaded before they can be compared"));
    }
}

/**
 * hs_profiles_page_popup_compare:
 *
 * Opens the Compare picker, as its button does: the profile in the
 * selected tab is "new", the base is to choose.
 */
void
hs_profiles_page_popup_compare (HsProfilesPage *self)
{
  g_return_if_fail (HS_IS_PROFILES_PAGE (self));

  gtk_menu_button_popup (self->compare_button);
}

/**
 * hs_profiles_page_get_compare_new:
 *
 * Returns: the view chosen as "new" in the Compare picker
 */
guint
hs_profiles_page_get_compare_new (HsProfilesPage *self)
{
  g_return_val_if_fail (HS_IS_PROFILES_PAGE (self), 0);

  return gtk_drop_down_get_selected (self->new_dropdown);
}

/**
 * hs_profiles_page_get_compare_base:
 *
 * Returns: the view chosen as base in the Compare picker, or -1
 */
int
hs_profiles_page_get_compare_base (HsProfilesPage *self)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (HS_IS_PROFILES_PAGE (self), -1);

  row = gtk_list_box_get_selected_row (self->base_list);
  if (row == NULL || !gtk_widget_get_sensitive (GTK_WIDGET (row)))
    return -1;
  return GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "hs-view-index"));
}

/**
 * hs_profiles_page_set_compare_base:
 *
 * Chooses view @index as the base, if the picker offers it.
 *
 * Returns: %FALSE if it is not offered or disabled
 */
gboolean
hs_profiles_page_set_compare_base (HsProfilesPage *self,
                                   guint           index)
{
  g_return_val_if_fail (HS_IS_PROFILES_PAGE (self), FALSE);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->base_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (GTK_IS_LIST_BOX_ROW (row) &&
        GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "hs-view-index")) == index)
      {
        if (!gtk_widget_get_sensitive (row))
          return FALSE;
        gtk_list_box_select_row (self->base_list, GTK_LIST_BOX_ROW (row));
        return TRUE;
      }
  return FALSE;
}

/**
 * hs_profiles_page_describe_view:
 *
 * Returns: (transfer full): how the Compare picker names view @index:
 *   "heap-t1.pb.gz — leakycache · 2026-11-30 03:17:53"
 */
char *
hs_profiles_page_describe_view (HsProfilesPage *self,
                                guint           index)
{
  g_return_val_if_fail (HS_IS_PROFILES_PAGE (self), NULL);
  g_return_val_if_fail (index < g_list_model_get_n_items (G_LIST_MODEL (self->profile_names)), NULL);

  return g_strdup (gtk_string_list_get_string (self->profile_names, index));
}

/**
 * hs_profiles_page_get_compare_reason:
 *
 * Returns: (nullable): why view @index is disabled as a base in the
 *   Compare picker, in words; %NULL if it is offered
 */
const char *
hs_profiles_page_get_compare_reason (HsProfilesPage *self,
                                     guint           index)
{
  g_return_val_if_fail (HS_IS_PROFILES_PAGE (self), NULL);

  if (index >= self->base_reasons->len)
    return NULL;
  return g_ptr_array_index (self->base_reasons, index);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  hs_profiles_page_choose_files (HS_PROFILES_PAGE (widget));
}

/**
 * hs_profiles_page_get_n_views:
 *
 * Returns: how many profiles are open (Compare tabs not counted)
 */
guint
hs_profiles_page_get_n_views (HsProfilesPage *self)
{
  g_return_val_if_fail (HS_IS_PROFILES_PAGE (self), 0);

  return self->views->len;
}

/**
 * hs_profiles_page_get_view:
 *
 * Returns: (transfer none) (nullable): the @index-th open profile's view,
 *   %NULL if that tab is a memory map
 */
HsProfileView *
hs_profiles_page_get_view (HsProfilesPage *self,
                           guint           index)
{
  GtkWidget *view;

  g_return_val_if_fail (HS_IS_PROFILES_PAGE (self), NULL);
  g_return_val_if_fail (index < self->views->len, NULL);

  view = g_ptr_array_index (self->views, index);
  return HS_IS_PROFILE_VIEW (view) ? HS_PROFILE_VIEW (view) : NULL;
}

/**
 * hs_profiles_page_get_massif_view:
 *
 * Returns: (transfer none) (nullable): the @index-th open document's view
 *   if it is a massif file, else %NULL
 */
HsMassifView *
hs_profiles_page_get_massif_view (HsProfilesPage *self,
                                  guint           index)
{
  GtkWidget *view;

  g_return_val_if_fail (HS_IS_PROFILES_PAGE (self), NULL);
  g_return_val_if_fail (index < self->views->len, NULL);

  view = g_ptr_array_index (self->views, index);
  return HS_IS_MASSIF_VIEW (view) ? HS_MASSIF_VIEW (view) : NULL;
}

/**
 * hs_profiles_page_get_memory_map_view:
 *
 * Returns: (transfer none) (nullable): the @index-th open document's view
 *   if it is a memory map, else %NULL
 */
HsMemoryMapView *
hs_profiles_page_get_memory_map_view (HsProfilesPage *self,
                                      guint           index)
{
  GtkWidget *view;

  g_return_val_if_fail (HS_IS_PROFILES_PAGE (self), NULL);
  g_return_val_if_fail (index < self->views->len, NULL);

  view = g_ptr_array_index (self->views, index);
  return HS_IS_MEMORY_MAP_VIEW (view) ? HS_MEMORY_MAP_VIEW (view) : NULL;
}

static void
hs_profiles_page_dispose (GObject *object)
{
  HsProfilesPage *self = HS_PROFILES_PAGE (object);

  if (self->views != NULL)
    {
      for (guint i = 0; i < self->views->len; i++)
        g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->views, i), self);
      g_clear_pointer (&self->views, g_ptr_array_unref);
    }

  gtk_widget_dispose_template (GTK_WIDGET (object), HS_TYPE_PROFILES_PAGE);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->base_reasons, g_ptr_array_unref);

  G_OBJECT_CLASS (hs_profiles_page_parent_class)->dispose (object);
}

static void
hs_profiles_page_class_init (HsProfilesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hs_profiles_page_dispose;

  g_type_ensure (HS_TYPE_PROFILE_VIEW);
  g_type_ensure (HS_TYPE_COMPARE_VIEW);
  g_type_ensure (HS_TYPE_MEMORY_MAP_VIEW);
  g_type_ensure (HS_TYPE_MEMORY_MAP_COMPARE_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/heapscope/Heapscope/profile/hs-profiles-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HsProfilesPage, stack);
  gtk_widget_class_bind_template_child (widget_class, HsProfilesPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, HsProfilesPage, recent_box);
  gtk_widget_class_bind_template_child (widget_class, HsProfilesPage, recent_list);
  gtk_widget_class_bind_template_child (widget_class, HsProfilesPage, tab_view);
  gtk_widget_class_bind_template_child (widget_class, HsProfilesPage, new_dropdown);
  gtk_widget_class_bind_template_child (widget_class, HsProfilesPage, compare_popover);
  gtk_widget_class_bind_template_child (widget_class, HsProfilesPage, compare_button);
  gtk_widget_class_bind_template_child (widget_class, HsProfilesPage, base_list);
  gtk_widget_class_bind_template_child (widget_class, HsProfilesPage, profile_names);
  gtk_widget_class_bind_template_callback (widget_class, on_recent_row_activated);

  gtk_widget_class_install_action (widget_class, "profiles.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "profiles.compare", NULL, compare_action);
}

static void
hs_profiles_page_init (HsProfilesPage *self)
{
  GtkDropTarget *drop;

  self->views = g_ptr_array_new_with_free_func (g_object_unref);
  self->base_reasons = g_ptr_array_new_with_free_func (g_free);

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (self->new_dropdown, "notify::selected",
                           G_CALLBACK (on_new_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->compare_popover, "show",
                           G_CALLBACK (on_compare_popover_show), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->base_list, "row-activated",
                           G_CALLBACK (on_base_row_activated), self, G_CONNECT_SWAPPED);

  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  g_signal_connect (self->tab_view, "page-detached", G_CALLBACK (on_page_detached), self);
  g_signal_connect_object (hs_profiles_page_get_settings (self), "changed::recent-files",
                           G_CALLBACK (rebuild_recent_list), self, G_CONNECT_SWAPPED);

  rebuild_recent_list (self);
  update_state (self);
}
