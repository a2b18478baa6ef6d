/* hs-map-row.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-map-row"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "hs-map-row.h"
#include "hs-units.h"

struct _HsMapRow
{
  GObject  parent_instance;

  /* Owned */
  char    *name;
  char     perms[5];
  gint64   values[HS_MAP_N_COLUMNS];
};

G_DEFINE_FINAL_TYPE (HsMapRow, hs_map_row, G_TYPE_OBJECT)

static const char *column_titles[HS_MAP_N_COLUMNS] = {
  [HS_MAP_COLUMN_NAME] = N_("Mapping"),
  [HS_MAP_COLUMN_PERMS] = N_("Perms"),
  [HS_MAP_COLUMN_SIZE] = N_("Size"),
  [HS_MAP_COLUMN_RSS] = N_("RSS"),
  [HS_MAP_COLUMN_PSS] = N_("PSS"),
  [HS_MAP_COLUMN_PRIVATE_DIRTY] = N_("Private Dirty"),
  [HS_MAP_COLUMN_SWAP] = N_("Swap"),
  [HS_MAP_COLUMN_BASE_RSS] = N_("Base RSS"),
  [HS_MAP_COLUMN_NEW_RSS] = N_("New RSS"),
  [HS_MAP_COLUMN_DELTA_RSS] = N_("Δ RSS"),
  [HS_MAP_COLUMN_DELTA_SIZE] = N_("Δ Size"),
  [HS_MAP_COLUMN_DELTA_PRIVATE_DIRTY] = N_("Δ Private Dirty"),
};

static gboolean
column_is_delta (HsMapColumn column)
{
  return column == HS_MAP_COLUMN_DELTA_RSS ||
         column == HS_MAP_COLUMN_DELTA_SIZE ||
         column == HS_MAP_COLUMN_DELTA_PRIVATE_DIRTY;
}

static gint64
clamp_u64 (guint64 value)
{
  return value > G_MAXINT64 ? G_MAXINT64 : (gint64) value;
}

HsMapRow *
hs_map_row_new_for_mapping (const HsMapping *mapping)
{
  HsMapRow *self;

  g_return_val_if_fail (mapping != NULL, NULL);

  self = g_object_new (HS_TYPE_MAP_ROW, NULL);
  self->name = g_strdup (mapping->name);
  memcpy (self->perms, mapping->perms, sizeof self->perms);
  self->perms[4] = '\0';
  self->values[HS_MAP_COLUMN_SIZE] = clamp_u64 (mapping->size);
  self->values[HS_MAP_COLUMN_RSS] = clamp_u64 (mapping->rss);
  self->values[HS_MAP_COLUMN_PSS] = clamp_u64 (mapping->pss);
  self->values[HS_MAP_COLUMN_PRIVATE_DIRTY] = clamp_u64 (mapping->private_dirty);
  self->values[HS_MAP_COLUMN_SWAP] = clamp_u64 (mapping->swap);

  return self;
}

HsMapRow *
hs_map_row_new_for_entry (const HsMemoryMapDiffEntry *entry)
{
  HsMapRow *self;

  g_return_val_if_fail (entry != NULL, NULL);

  self = g_object_new (HS_TYPE_MAP_ROW, NULL);
  self->name = g_strdup (entry->key);
  self->values[HS_MAP_COLUMN_SIZE] = clamp_u64 (entry->new_size);
  self->values[HS_MAP_COLUMN_RSS] = clamp_u64 (entry->new_rss);
  self->values[HS_MAP_COLUMN_PSS] = clamp_u64 (entry->new_pss);
  self->values[HS_MAP_COLUMN_PRIVATE_DIRTY] = clamp_u64 (entry->new_private_dirty);
  self->values[HS_MAP_COLUMN_SWAP] = clamp_u64 (entry->new_swap);
  self->values[HS_MAP_COLUMN_BASE_RSS] = clamp_u64 (entry->base_rss);
  self->values[HS_MAP_COLUMN_NEW_RSS] = clamp_u64 (entry->new_rss);
  self->values[HS_MAP_COLUMN_DELTA_RSS] = entry->delta_rss;
  self->values[HS_MAP_COLUMN_DELTA_SIZE] = entry->delta_size;
  self->values[HS_MAP_COLUMN_DELTA_PRIVATE_DIRTY] = entry->delta_private_dirty;

  return self;
}

const char *
hs_map_row_get_name (HsMapRow *self)
{
  g_return_val_if_fail (HS_IS_MAP_ROW (self), NULL);

  return self->name;
}

const char *
hs_map_row_get_perms (HsMapRow *self)
{
  g_return_val_if_fail (HS_IS_MAP_ROW (self), NULL);

  return self->perms;
}

gint64
hs_map_row_get_value (HsMapRow    *self,
                      HsMapColumn  column)
{
  g_return_val_if_fail (HS_IS_MAP_ROW (self), 0);
  g_return_val_if_fail (column < HS_MAP_N_COLUMNS, 0);

  return self->values[column];
}

char *
hs_map_format_delta (gint64 delta)
{
  g_autofree char *bytes = NULL;

  if (delta == 0)
    return g_strdup ("±0");

  bytes = hs_format_bytes (delta);
  /* hs_format_bytes() already puts "−" before a shrink. */
  return delta > 0 ? g_strconcat ("▲ +", bytes, NULL) : g_strconcat ("▼ ", bytes, NULL);
}

char *
hs_map_row_format (HsMapRow    *self,
                   HsMapColumn  column)
{
  g_return_val_if_fail (HS_IS_MAP_ROW (self), NULL);

  switch (column)
    {
    case HS_MAP_COLUMN_NAME:
      return g_strdup (self->name);
    case HS_MAP_COLUMN_PERMS:
      return g_strdup (self->perms);
    case HS_MAP_COLUMN_DELTA_RSS:
    case HS_MAP_COLUMN_DELTA_SIZE:
    case HS_MAP_COLUMN_DELTA_PRIVATE_DIRTY:
      return hs_map_format_delta (self->values[column]);
    case HS_MAP_COLUMN_SIZE:
    case HS_MAP_COLUMN_RSS:
    case HS_MAP_COLUMN_PSS:
    case HS_MAP_COLUMN_PRIVATE_DIRTY:
    case HS_MAP_COLUMN_SWAP:
    case HS_MAP_COLUMN_BASE_RSS:
    case HS_MAP_COLUMN_NEW_RSS:
      return hs_format_bytes (self->values[column]);
    case HS_MAP_N_COLUMNS:
    default:
      g_return_val_if_reached (NULL);
    }
}

static int
compare_rows (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  HsMapRow *ra = (HsMapRow *) a;
  HsMapRow *rb = (HsMapRow *) b;
  HsMapColumn column = GPOINTER_TO_UINT (user_data);
  int cmp;

  switch (column)
    {
    case HS_MAP_COLUMN_NAME:
      cmp = g_strcmp0 (ra->name, rb->name);
      break;
    case HS_MAP_COLUMN_PERMS:
      cmp = g_strcmp0 (ra->perms, rb->perms);
      break;
    default:
      cmp = (ra->values[column] > rb->values[column]) - (ra->values[column] < rb->values[column]);
      break;
    }

  /* A stable order among equal values, whichever column sorts. */
  if (cmp == 0 && column != HS_MAP_COLUMN_NAME)
    cmp = g_strcmp0 (rb->name, ra->name);

  return cmp;
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  HsMapColumn column = GPOINTER_TO_UINT (user_data);
  GtkWidget *label = gtk_label_new (NULL);

  if (column == HS_MAP_COLUMN_NAME)
    {
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_START);
    }
  else
    {
      gtk_label_set_xalign (GTK_LABEL (label), column == HS_MAP_COLUMN_PERMS ? 0 : 1);
      gtk_widget_add_css_class (label, "numeric");
    }
  gtk_list_item_set_child (item, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  HsMapColumn column = GPOINTER_TO_UINT (user_data);
  HsMapRow *row = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  g_autofree char *text = hs_map_row_format (row, column);

  gtk_label_set_text (GTK_LABEL (label), text);
  if (column == HS_MAP_COLUMN_NAME)
    gtk_widget_set_tooltip_text (label, row->name);

  if (column_is_delta (column))
    {
      /* Colour repeats what the arrow says: growth is the bad news. */
      gtk_widget_remove_css_class (label, "error");
      gtk_widget_remove_css_class (label, "success");
      if (row->values[column] > 0)
        gtk_widget_add_css_class (label, "error");
      else if (row->values[column] < 0)
        gtk_widget_add_css_class (label, "success");
    }
}

GtkSortListModel *
hs_map_row_setup_column_view (GtkColumnView     *view,
                              GListModel        *model,
                              const HsMapColumn *columns,
                              guint              n_columns,
                              HsMapColumn        sort_column)
{
  GtkColumnViewColumn *sort_by = NULL;
  GtkSortListModel *sort_model;
  GtkNoSelection *selection;

  g_return_val_if_fail (GTK_IS_COLUMN_VIEW (view), NULL);
  g_return_val_if_fail (G_IS_LIST_MODEL (model), NULL);

  for (guint i = 0; i < n_columns; i++)
    {
      HsMapColumn column = columns[i];
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *view_column;
      GtkSorter *sorter;

      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), GUINT_TO_POINTER (column));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), GUINT_TO_POINTER (column));
      view_column = gtk_column_view_column_new (_(column_titles[column]), factory);
      sorter = GTK_SORTER (gtk_custom_sorter_new (compare_rows, GUINT_TO_POINTER (column), NULL));
      gtk_column_view_column_set_sorter (view_column, sorter);
      g_object_unref (sorter);
      gtk_column_view_column_set_resizable (view_column, TRUE);
      gtk_column_view_column_set_expand (view_column, column == HS_MAP_COLUMN_NAME);
      gtk_column_view_append_column (view, view_column);
      if (column == sort_column)
        sort_by = view_column;
      g_object_unref (view_column);
    }

  sort_model = gtk_sort_list_model_new (g_object_ref (model),
                                        g_object_ref (gtk_column_view_get_sorter (view)));
  selection = gtk_no_selection_new (G_LIST_MODEL (sort_model));
  gtk_column_view_set_model (view, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);

  if (sort_by != NULL)
    gtk_column_view_sort_by_column (view, sort_by, GTK_SORT_DESCENDING);

  return sort_model;
}

static void
hs_map_row_finalize (GObject *object)
{
  HsMapRow *self = HS_MAP_ROW (object);

  g_free (self->name);

  G_OBJECT_CLASS (hs_map_row_parent_class)->finalize (object);
}

static void
hs_map_row_class_init (HsMapRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hs_map_row_finalize;
}

static void
hs_map_row_init (HsMapRow *self)
{
}
