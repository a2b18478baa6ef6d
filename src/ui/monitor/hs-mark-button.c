/* hs-mark-button.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-mark-button"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "hs-mark-button.h"

/**
 * HsMarkButton:
 *
 * "Add Mark": a popover that names a mark ("Mark N" offered, selected)
 * and adds it to the session at the current time.
 */

struct _HsMarkButton
{
  GtkWidget      parent_instance;

  /* Template widgets */
  GtkMenuButton *button;
  GtkEntry      *entry;

  /* Owned */
  HsSession     *session;
};

G_DEFINE_FINAL_TYPE (HsMarkButton, hs_mark_button, GTK_TYPE_WIDGET)

GtkWidget *
hs_mark_button_new (void)
{
  return g_object_new (HS_TYPE_MARK_BUTTON, NULL);
}

/* (nullable) */
void
hs_mark_button_set_session (HsMarkButton *self,
                            HsSession    *session)
{
  g_return_if_fail (HS_IS_MARK_BUTTON (self));
  g_return_if_fail (session == NULL || HS_IS_SESSION (session));

  g_set_object (&self->session, session);
}

/* "Mark N", N one more than the session's marks. */
char *
hs_mark_button_suggest_label (HsMarkButton *self)
{
  guint n;

  g_return_val_if_fail (HS_IS_MARK_BUTTON (self), NULL);

  n = self->session != NULL ? g_list_model_get_n_items (hs_session_get_marks (self->session)) : 0;
  /* Translators: the default name of a mark the user adds, "Mark 3" */
  return g_strdup_printf (_("Mark %u"), n + 1);
}

/**
 * hs_mark_button_add_mark:
 * @label: (nullable): the mark's name; NULL or blank: "Mark N"
 *
 * Marks the session at the current time.
 *
 * Returns: (transfer none) (nullable): the mark, NULL without a session
 */
HsSessionMark *
hs_mark_button_add_mark (HsMarkButton *self,
                         const char   *label)
{
  g_autofree char *fallback = NULL;
  g_autofree char *stripped = NULL;

  g_return_val_if_fail (HS_IS_MARK_BUTTON (self), NULL);

  if (self->session == NULL)
    return NULL;
  stripped = g_strstrip (g_strdup (label != NULL ? label : ""));
  if (*stripped == '\0')
    fallback = hs_mark_button_suggest_label (self);
  return hs_session_add_mark (self->session, g_get_real_time (), fallback != NULL ? fallback : stripped);
}

/* Opens the popover (Ctrl+M), with a session only. */
void
hs_mark_button_popup (HsMarkButton *self)
{
  g_return_if_fail (HS_IS_MARK_BUTTON (self));

  if (self->session != NULL)
    gtk_menu_button_popup (self->button);
}

/* The name the popover offers, "" while it is closed. */
const char *
hs_mark_button_get_entry_text (HsMarkButton *self)
{
  g_return_val_if_fail (HS_IS_MARK_BUTTON (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (gtk_menu_button_get_popover (self->button))) ?
         gtk_editable_get_text (GTK_EDITABLE (self->entry)) : "";
}

static void
on_popover_shown (HsMarkButton *self)
{
  g_autofree char *label = hs_mark_button_suggest_label (self);

  gtk_editable_set_text (GTK_EDITABLE (self->entry), label);
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
  gtk_editable_select_region (GTK_EDITABLE (self->entry), 0, -1);
}

static void
on_entry_activate (HsMarkButton *self)
{
  hs_mark_button_add_mark (self, gtk_editable_get_text (GTK_EDITABLE (self->entry)));
  gtk_menu_button_popdown (self->button);
}

static void
hs_mark_button_dispose (GObject *object)
{
  HsMarkButton *self = (HsMarkButton *) object;

  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (object), HS_TYPE_MARK_BUTTON);

  G_OBJECT_CLASS (hs_mark_button_parent_class)->dispose (object);
}

static void
hs_mark_button_class_init (HsMarkButtonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hs_mark_button_dispose;

  g_type_ensure (ADW_TYPE_BUTTON_CONTENT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/heapscope/Heapscope/monitor/hs-mark-button.ui");
  gtk_widget_class_bind_template_child (widget_class, HsMarkButton, button);
  gtk_widget_class_bind_template_child (widget_class, HsMarkButton, entry);
  gtk_widget_class_bind_template_callback (widget_class, on_popover_shown);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activate);
}

static void
hs_mark_button_init (HsMarkButton *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
