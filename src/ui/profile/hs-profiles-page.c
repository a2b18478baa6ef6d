/* hs-profiles-page.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-profiles-page"

#include "config.h"

#include <glib/gi18n.h>

#include "hs-profiles-page.h"

struct _HsProfilesPage
{
  GtkWidget  parent_instance;

  /* Template widgets */
  GtkWidget *empty_page;
};

G_DEFINE_FINAL_TYPE (HsProfilesPage, hs_profiles_page, GTK_TYPE_WIDGET)

void
hs_profiles_page_open_files (HsProfilesPage  *self,
                             GFile          **files,
                             int              n_files)
{
  g_return_if_fail (HS_IS_PROFILES_PAGE (self));
}

void
hs_profiles_page_choose_files (HsProfilesPage *self)
{
  g_return_if_fail (HS_IS_PROFILES_PAGE (self));
}

static void
hs_profiles_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), HS_TYPE_PROFILES_PAGE);

  G_OBJECT_CLASS (hs_profiles_page_parent_class)->dispose (object);
}

static void
hs_profiles_page_class_init (HsProfilesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hs_profiles_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/heapscope/Heapscope/profile/hs-profiles-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HsProfilesPage, empty_page);
}

static void
hs_profiles_page_init (HsProfilesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
