/* hs-processes-page.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-processes-page"

#include "config.h"

#include <glib/gi18n.h>

#include "hs-processes-page.h"

struct _HsProcessesPage
{
  GtkWidget  parent_instance;

  /* Template widgets */
  GtkWidget *empty_page;
};

G_DEFINE_FINAL_TYPE (HsProcessesPage, hs_processes_page, GTK_TYPE_WIDGET)

void
hs_processes_page_start_demo (HsProcessesPage *self)
{
  g_return_if_fail (HS_IS_PROCESSES_PAGE (self));
}

static void
hs_processes_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), HS_TYPE_PROCESSES_PAGE);

  G_OBJECT_CLASS (hs_processes_page_parent_class)->dispose (object);
}

static void
hs_processes_page_class_init (HsProcessesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hs_processes_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/heapscope/Heapscope/monitor/hs-processes-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HsProcessesPage, empty_page);
}

static void
hs_processes_page_init (HsProcessesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
