/* hs-profiles-page.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "hs-types.h"

G_BEGIN_DECLS

#define HS_TYPE_PROFILES_PAGE (hs_profiles_page_get_type ())

G_DECLARE_FINAL_TYPE (HsProfilesPage, hs_profiles_page, HS, PROFILES_PAGE, GtkWidget)

void hs_profiles_page_open_files   (HsProfilesPage  *self,
                                    GFile          **files,
                                    int              n_files);
void hs_profiles_page_choose_files (HsProfilesPage  *self);

/* Forward declarations; the full types are in hs-profile-view.h and
 * hs-compare-view.h. */
typedef struct _HsProfileView HsProfileView;
typedef struct _HsCompareView HsCompareView;
typedef struct _HsMemoryMapView HsMemoryMapView;
typedef struct _HsMassifView HsMassifView;
typedef struct _HsMemoryMapCompareView HsMemoryMapCompareView;

guint          hs_profiles_page_get_n_views (HsProfilesPage *self);
gboolean       hs_profiles_page_get_opening (HsProfilesPage *self);
HsProfileView *hs_profiles_page_get_view    (HsProfilesPage *self,
                                             guint           index);
HsCompareView *hs_profiles_page_compare     (HsProfilesPage *self,
                                             guint           base_index,
                                             guint           new_index);
void           hs_profiles_page_popup_compare      (HsProfilesPage *self);
guint          hs_profiles_page_get_compare_new    (HsProfilesPage *self);
int            hs_profiles_page_get_compare_base   (HsProfilesPage *self);
gboolean       hs_profiles_page_set_compare_base   (HsProfilesPage *self,
                                                    guint           index);
const char    *hs_profiles_page_get_compare_reason (HsProfilesPage *self,
                                                    guint           index);
char          *hs_profiles_page_describe_view      (HsProfilesPage *self,
                                                    guint           index);
void           hs_profiles_page_compare_files    (HsProfilesPage *self,
                                                  GFile          *base,
                                                  GFile          *newer);
HsCompareView *hs_profiles_page_get_last_compare (HsProfilesPage *self);
HsMassifView  *hs_profiles_page_get_massif_view (HsProfilesPage *self,
                                                guint           index);
HsMemoryMapView *hs_profiles_page_get_memory_map_view (HsProfilesPage  *self,
                                                       guint            index);
HsMemoryMapCompareView *hs_profiles_page_compare_memory_maps (HsProfilesPage  *self,
                                                              guint            base_index,
                                                              guint            new_index,
                                                              GError         **error);

G_END_DECLS
