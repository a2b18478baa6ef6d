/* hs-go-bar.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-go-bar"

#include "config.h"

#include <glib/gi18n.h>

#include "hs-go-bar.h"
#include "hs-go-discover.h"
#include "hs-go-source.h"
#include "hs-live-settings.h"
#include "hs-weak-ref.h"

/**
 * HsGoBar:
 *
 * The monitor view's offer to watch a process's Go runtime: it looks for
 * Go endpoints among the process's ports (hs_go_discover_async) and
 * offers the one found, or a typed URL (warning about plain http to
 * another machine); accepting adds an HsGoSource to the session. Shown
 * while the session runs without a Go source.
 */

struct _HsGoBar
{
  GtkWidget     parent_instance;

  /* Template widgets */
  GtkWidget    *box;
  GtkLabel     *label;
  GtkWidget    *url_row;        /* URL entry and Watch button */
  GtkEntry     *entry;
  GtkButton    *watch_button;
  GtkWidget    *expand_button;  /* shown instead of url_row when collapsed */
  GtkLabel     *warning;        /* plain http to another machine */

  /* Owned */
  HsSession    *session;
  GSettings    *settings;
  GCancellable *cancellable;    /* discovery or connecting, per session */

  gboolean      busy;           /* connecting to a typed or found URL */
};

G_DEFINE_FINAL_TYPE (HsGoBar, hs_go_bar, GTK_TYPE_WIDGET)

GtkWidget *
hs_go_bar_new (void)
{
  return g_object_new (HS_TYPE_GO_BAR, NULL);
}

static void
set_message (HsGoBar    *self,
             const char *message,
             gboolean    error)
{
  gtk_label_set_text (self->label, message);
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (self->label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->label), "error");
}

static void
on_entry_changed (HsGoBar *self)
{
  const char *url = gtk_editable_get_text (GTK_EDITABLE (self->entry));

  gtk_widget_set_visible (GTK_WIDGET (self->warning), hs_go_url_is_insecure (url));
}

/* For a process that is clearly not a Go service with endpoints (no port,
 * or no port answering), the bar shrinks to its one-line reason and a
 * button; the URL entry comes back when asked for. */
static void
set_collapsed (HsGoBar  *self,
               gboolean  collapsed)
{
  gtk_widget_set_visible (self->url_row, !collapsed);
  gtk_widget_set_visible (self->expand_button, collapsed);
  if (collapsed)
    gtk_widget_set_visible (GTK_WIDGET (self->warning), FALSE);
  else
    on_entry_changed (self);
}

static void
on_expand_clicked (HsGoBar *self)
{
  set_collapsed (self, FALSE);
  set_message (self, _("Watch a Go service’s runtime by the URL of its endpoints."), FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
}

/* Whether the bar is shrunk to "not a Go service" and a button. */
gboolean
hs_go_bar_get_collapsed (HsGoBar *self)
{
  g_return_val_if_fail (HS_IS_GO_BAR (self), FALSE);

  return gtk_widget_get_visible (GTK_WIDGET (self)) && !gtk_widget_get_visible (self->url_row);
}

static void
update (HsGoBar *self)
{
  gboolean shown = self->session != NULL && hs_session_get_go_source (self->session) == NULL &&
                   hs_session_get_state (self->session) == HS_SESSION_RUNNING;

  gtk_widget_set_visible (GTK_WIDGET (self), shown);
  gtk_widget_set_sensitive (GTK_WIDGET (self->watch_button), !self->busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->entry), !self->busy);
}

static void
on_discovered (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(HsGoBar) self = hs_weak_ref_steal (user_data);
  g_autoptr(GArray) endpoints = NULL;
  g_autoptr(GError) error = NULL;
  const HsGoEndpointInfo *found = NULL;

  endpoints = hs_go_discover_finish (result, &error);
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (endpoints == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The ports this process listens on could not be listed: %s"),
                                                  error->message);

      set_message (self, message, TRUE);
      return;
    }

  for (guint i = 0; i < endpoints->len && found == NULL; i++)
    {
      const HsGoEndpointInfo *info = &g_array_index (endpoints, HsGoEndpointInfo, i);

      if (info->expvar || info->metrics)
        found = info;
    }

  if (found == NULL)
    {
      set_message (self,
                   endpoints->len == 0 ?
                   _("Not a Go service with runtime endpoints: this process listens on no network port.") :
                   _("Not a Go service with runtime endpoints: none of this process’s ports answers /debug/vars or /metrics."),
                   FALSE);
      if (!self->busy)
        set_collapsed (self, TRUE);
      return;
    }

  {
    g_autofree char *message = g_strdup_printf (_("Go runtime endpoints found at %s"), found->base_url);

    set_message (self, message, FALSE);
    if (!self->busy)
      gtk_editable_set_text (GTK_EDITABLE (self->entry), found->base_url);
  }
}

static void
renew_cancellable (HsGoBar *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
}

static void
start_discovery (HsGoBar *self)
{
  int pid = hs_session_get_pid (self->session);

  renew_cancellable (self);
  gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
  set_collapsed (self, FALSE);

  if (pid <= 0 || hs_session_get_go_source (self->session) != NULL)
    {
      set_message (self, _("Watch a Go service’s runtime by the URL of its endpoints."), FALSE);
      return;
    }

  set_message (self, _("Looking for Go runtime endpoints among the ports this process listens on…"), FALSE);
  /* The same timeout as every other Go request: a busy service (or a
   * loaded machine) may take seconds to answer, and a port that answers
   * late must not be reported as "not a Go endpoint". */
  hs_go_discover_async (pid, g_settings_get_uint (self->settings, "go-timeout"), self->cancellable,
                        on_discovered, hs_weak_ref_new (self));
}

static void
on_source_ready (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(HsGoBar) self = hs_weak_ref_steal (user_data);
  g_autoptr(HsGoSource) source = NULL;
  g_autoptr(GError) error = NULL;

  source = hs_go_source_new_finish (result, &error);
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->busy = FALSE;
  if (source == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The Go runtime could not be watched: %s"), error->message);

      set_message (self, message, TRUE);
      update (self);
      return;
    }

  /* The session's list grows: the view rebuilds its charts from it. */
  hs_session_add_source (self->session, HS_SOURCE (source));
  update (self);
}

/**
 * hs_go_bar_watch:
 * @url: the base of a Go service's endpoints ("http://127.0.0.1:6060";
 *   "host:port" means http)
 *
 * Probes @url and, when a Go endpoint answers, adds an HsGoSource to the
 * session. Failures are said in words (hs_go_bar_get_message).
 */
void
hs_go_bar_watch (HsGoBar    *self,
                 const char *url)
{
  g_autofree char *full = NULL;

  g_return_if_fail (HS_IS_GO_BAR (self));
  g_return_if_fail (url != NULL);

  if (self->session == NULL || self->busy)
    return;

  full = hs_go_url_from_text (url);
  if (full == NULL)
    {
      set_message (self, _("Type the URL of a Go service, for example http://127.0.0.1:6060"), TRUE);
      return;
    }

  /* Discovery still running would only refill the entry. */
  renew_cancellable (self);
  self->busy = TRUE;
  {
    g_autofree char *message = g_strdup_printf (_("Connecting to %s…"), full);

    set_message (self, message, FALSE);
  }
  update (self);
  hs_live_settings_new_go_source_async (self->settings, full, self->cancellable,
                                        on_source_ready, hs_weak_ref_new (self));
}

static void
on_watch_clicked (HsGoBar *self)
{
  hs_go_bar_watch (self, gtk_editable_get_text (GTK_EDITABLE (self->entry)));
}

/* What the bar says: searching, found at, or why not; "" when hidden. */
const char *
hs_go_bar_get_message (HsGoBar *self)
{
  g_return_val_if_fail (HS_IS_GO_BAR (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self)) ? gtk_label_get_text (self->label) : "";
}

/* The URL the bar offers (found or typed), "" if none. */
const char *
hs_go_bar_get_url (HsGoBar *self)
{
  g_return_val_if_fail (HS_IS_GO_BAR (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->entry));
}

/* As if typed into the URL entry. */
void
hs_go_bar_set_url (HsGoBar    *self,
                   const char *url)
{
  g_return_if_fail (HS_IS_GO_BAR (self));

  gtk_editable_set_text (GTK_EDITABLE (self->entry), url != NULL ? url : "");
}

/* The plain-http warning under the URL, "" when not shown. */
const char *
hs_go_bar_get_warning (HsGoBar *self)
{
  g_return_val_if_fail (HS_IS_GO_BAR (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->warning)) ? gtk_label_get_text (self->warning) : "";
}

/**
 * hs_go_bar_set_session:
 * @session: (nullable)
 *
 * Looks for @session's Go endpoints (a process's), or offers a typed URL.
 */
void
hs_go_bar_set_session (HsGoBar   *self,
                       HsSession *session)
{
  g_return_if_fail (HS_IS_GO_BAR (self));
  g_return_if_fail (session == NULL || HS_IS_SESSION (session));

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->busy = FALSE;
  g_set_object (&self->session, session);
  if (session != NULL)
    {
      g_signal_connect_object (session, "notify::state", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "items-changed", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
      start_discovery (self);
    }
  update (self);
}

static void
hs_go_bar_dispose (GObject *object)
{
  HsGoBar *self = (HsGoBar *) object;

  hs_go_bar_set_session (self, NULL);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (object), HS_TYPE_GO_BAR);

  G_OBJECT_CLASS (hs_go_bar_parent_class)->dispose (object);
}

static void
hs_go_bar_class_init (HsGoBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hs_go_bar_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/heapscope/Heapscope/monitor/hs-go-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, HsGoBar, box);
  gtk_widget_class_bind_template_child (widget_class, HsGoBar, label);
  gtk_widget_class_bind_template_child (widget_class, HsGoBar, url_row);
  gtk_widget_class_bind_template_child (widget_class, HsGoBar, entry);
  gtk_widget_class_bind_template_child (widget_class, HsGoBar, watch_button);
  gtk_widget_class_bind_template_child (widget_class, HsGoBar, expand_button);
  gtk_widget_class_bind_template_child (widget_class, HsGoBar, warning);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_expand_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_watch_clicked);
}

static void
hs_go_bar_init (HsGoBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
}
