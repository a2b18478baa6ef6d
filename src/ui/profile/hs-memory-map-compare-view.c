/* hs-memory-map-compare-view.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-memory-map-compare-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "hs-map-row.h"
#include "hs-memory-map-compare-view.h"
#include "hs-units.h"

#define MAX_GROWERS 3

struct _HsMemoryMapCompareView
{
  GtkWidget         parent_instance;

  /* Template widgets */
  GtkWidget        *root_box;
  GtkLabel         *title_label;
  GtkLabel         *totals_label;
  GtkLabel         *growers_label;
  GtkColumnView    *diff_view;
  GtkPaned         *sides_paned;

  /* Owned */
  HsMemoryMap      *base;
  HsMemoryMap      *newer;
  char             *base_title;
  char             *new_title;
  char             *title;
  HsMemoryMapDiff  *diff;
  GListStore       *store;
  GPtrArray        *growers;  /* char * */
  char             *growers_text;

  /* Borrowed */
  GtkSortListModel *sort_model;
  HsMemoryMapView  *base_view;
  HsMemoryMapView  *new_view;
};

G_DEFINE_FINAL_TYPE (HsMemoryMapCompareView, hs_memory_map_compare_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Grouped by name, as the diff is: Δ RSS first, as the core sorts. */
static const HsMapColumn diff_columns[] = {
  HS_MAP_COLUMN_NAME, HS_MAP_COLUMN_BASE_RSS, HS_MAP_COLUMN_NEW_RSS,
  HS_MAP_COLUMN_DELTA_RSS, HS_MAP_COLUMN_DELTA_SIZE, HS_MAP_COLUMN_DELTA_PRIVATE_DIRTY,
};

static GtkWidget *
make_side (HsMemoryMap      *map,
           const char       *caption,
           const char       *title,
           HsMemoryMapView **out_view)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  g_autofree char *text = g_strdup_printf ("%s: %s", caption, title);
  GtkWidget *label = gtk_label_new (text);
  HsMemoryMapView *view = hs_memory_map_view_new_for_map (map, NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_vexpand (GTK_WIDGET (view), TRUE);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (view));
  *out_view = view;

  return box;
}

static char *
format_change (guint64 before,
               guint64 after)
{
  g_autofree char *a = hs_format_bytes ((gint64) before);
  g_autofree char *b = hs_format_bytes ((gint64) after);
  g_autofree char *d = hs_map_format_delta (hs_uint64_delta (before, after));

  return g_strdup_printf ("%s → %s (%s)", a, b, d);
}

static void
rebuild (HsMemoryMapCompareView *self)
{
  g_autoptr(GString) growers = g_string_new (NULL);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) ranked = NULL;
  g_autofree char *rss = NULL;
  g_autofree char *size = NULL;
  g_autofree char *totals = NULL;
  g_autofree char *title = NULL;
  guint64 base_rss, new_rss, base_size, new_size;
  guint n;

  g_clear_pointer (&self->diff, hs_memory_map_diff_unref);
  self->diff = hs_memory_map_diff_new (self->base, self->newer);
  n = hs_memory_map_diff_get_n_entries (self->diff);

  rows = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (rows, hs_map_row_new_for_entry (hs_memory_map_diff_get_entry (self->diff, i)));

  /* The ranking is core's; `heapscope-cli diff --growers` prints the same. */
  g_ptr_array_set_size (self->growers, 0);
  ranked = hs_memory_map_diff_get_growers (self->diff, MAX_GROWERS);
  for (guint i = 0; i < ranked->len; i++)
    {
      const HsMemoryMapDiffEntry *entry = g_ptr_array_index (ranked, i);
      g_autofree char *delta = hs_map_format_delta (entry->delta_rss);

      g_ptr_array_add (self->growers, g_strdup_printf ("%s %s", entry->key, delta));
    }

  /* One splice, so that the table opens at its top row (see HsMemoryMapView). */
  g_list_store_splice (self->store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->store)),
                       rows->pdata, rows->len);

  if (self->growers->len == 0)
    g_string_append (growers, _("Top growers: no mapping grew in RSS"));
  else
    {
      /* Translators: followed by a list such as "[anon] ▲ +40.0 MiB, [heap] ▲ +1.00 MiB" */
      g_string_append (growers, _("Top growers: "));
      for (guint i = 0; i < self->growers->len; i++)
        {
          if (i > 0)
            g_string_append (growers, ", ");
          g_string_append (growers, g_ptr_array_index (self->growers, i));
        }
    }
  g_free (self->growers_text);
  self->growers_text = g_string_free (g_steal_pointer (&growers), FALSE);
  gtk_label_set_text (self->growers_label, self->growers_text);

  hs_memory_map_get_totals (self->base, &base_size, &base_rss, NULL, NULL, NULL);
  hs_memory_map_get_totals (self->newer, &new_size, &new_rss, NULL, NULL, NULL);
  rss = format_change (base_rss, new_rss);
  size = format_change (base_size, new_size);
  /* Translators: total RSS and size change between two memory maps */
  totals = g_strdup_printf (_("RSS %s · Size %s"), rss, size);
  gtk_label_set_text (self->totals_label, totals);

  /* Translators: "base.json → new.json", a comparison of two memory maps */
  title = g_strdup_printf (_("%s → %s"), self->base_title, self->new_title);
  gtk_label_set_text (self->title_label, title);
  if (g_strcmp0 (title, self->title) != 0)
    {
      g_free (self->title);
      self->title = g_steal_pointer (&title);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
    }

  gtk_paned_set_start_child (self->sides_paned,
                             make_side (self->base, _("Base"), self->base_title, &self->base_view));
  gtk_paned_set_end_child (self->sides_paned,
                           make_side (self->newer, _("New"), self->new_title, &self->new_view));
}

/**
 * hs_memory_map_compare_view_new:
 *
 * Compares two memory-map snapshots: the diff grouped by mapping name,
 * sorted by RSS growth, above both snapshots side by side.
 */
HsMemoryMapCompareView *
hs_memory_map_compare_view_new (HsMemoryMap *base,
                                const char  *base_title,
                                HsMemoryMap *newer,
                                const char  *new_title)
{
  HsMemoryMapCompareView *self;

  g_return_val_if_fail (base != NULL, NULL);
  g_return_val_if_fail (newer != NULL, NULL);

  self = g_object_new (HS_TYPE_MEMORY_MAP_COMPARE_VIEW, NULL);
  self->base = hs_memory_map_ref (base);
  self->newer = hs_memory_map_ref (newer);
  self->base_title = g_strdup (base_title != NULL ? base_title : _("Base"));
  self->new_title = g_strdup (new_title != NULL ? new_title : _("New"));
  rebuild (self);

  return self;
}

const char *
hs_memory_map_compare_view_get_title (HsMemoryMapCompareView *self)
{
  g_return_val_if_fail (HS_IS_MEMORY_MAP_COMPARE_VIEW (self), NULL);

  return self->title;
}

HsMemoryMapDiff *
hs_memory_map_compare_view_get_diff (HsMemoryMapCompareView *self)
{
  g_return_val_if_fail (HS_IS_MEMORY_MAP_COMPARE_VIEW (self), NULL);

  return self->diff;
}

GListModel *
hs_memory_map_compare_view_get_rows (HsMemoryMapCompareView *self)
{
  g_return_val_if_fail (HS_IS_MEMORY_MAP_COMPARE_VIEW (self), NULL);

  return G_LIST_MODEL (self->sort_model);
}

guint
hs_memory_map_compare_view_get_n_growers (HsMemoryMapCompareView *self)
{
  g_return_val_if_fail (HS_IS_MEMORY_MAP_COMPARE_VIEW (self), 0);

  return self->growers->len;
}

const char *
hs_memory_map_compare_view_get_grower (HsMemoryMapCompareView *self,
                                       guint                   index)
{
  g_return_val_if_fail (HS_IS_MEMORY_MAP_COMPARE_VIEW (self), NULL);
  g_return_val_if_fail (index < self->growers->len, NULL);

  return g_ptr_array_index (self->growers, index);
}

const char *
hs_memory_map_compare_view_get_growers_text (HsMemoryMapCompareView *self)
{
  g_return_val_if_fail (HS_IS_MEMORY_MAP_COMPARE_VIEW (self), NULL);

  return self->growers_text;
}

HsMemoryMapView *
hs_memory_map_compare_view_get_base_view (HsMemoryMapCompareView *self)
{
  g_return_val_if_fail (HS_IS_MEMORY_MAP_COMPARE_VIEW (self), NULL);

  return self->base_view;
}

HsMemoryMapView *
hs_memory_map_compare_view_get_new_view (HsMemoryMapCompareView *self)
{
  g_return_val_if_fail (HS_IS_MEMORY_MAP_COMPARE_VIEW (self), NULL);

  return self->new_view;
}

/**
 * hs_memory_map_compare_view_swap:
 *
 * Exchanges base and new: what grew now shows as shrinking.
 */
void
hs_memory_map_compare_view_swap (HsMemoryMapCompareView *self)
{
  HsMemoryMap *map;
  char *title;

  g_return_if_fail (HS_IS_MEMORY_MAP_COMPARE_VIEW (self));

  map = self->base;
  self->base = self->newer;
  self->newer = map;
  title = self->base_title;
  self->base_title = self->new_title;
  self->new_title = title;
  rebuild (self);
}

static void
hs_memory_map_compare_view_get_property (GObject    *object,
                                         guint       prop_id,
                                         GValue     *value,
                                         GParamSpec *pspec)
{
  HsMemoryMapCompareView *self = HS_MEMORY_MAP_COMPARE_VIEW (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hs_memory_map_compare_view_dispose (GObject *object)
{
  HsMemoryMapCompareView *self = HS_MEMORY_MAP_COMPARE_VIEW (object);

  gtk_widget_dispose_template (GTK_WIDGET (object), HS_TYPE_MEMORY_MAP_COMPARE_VIEW);
  self->base_view = NULL;
  self->new_view = NULL;
  g_clear_object (&self->store);
  g_clear_pointer (&self->diff, hs_memory_map_diff_unref);
  g_clear_pointer (&self->base, hs_memory_map_unref);
  g_clear_pointer (&self->newer, hs_memory_map_unref);

  G_OBJECT_CLASS (hs_memory_map_compare_view_parent_class)->dispose (object);
}

static void
hs_memory_map_compare_view_finalize (GObject *object)
{
  HsMemoryMapCompareView *self = HS_MEMORY_MAP_COMPARE_VIEW (object);

  g_free (self->base_title);
  g_free (self->new_title);
  g_free (self->title);
  g_free (self->growers_text);
  g_ptr_array_unref (self->growers);

  G_OBJECT_CLASS (hs_memory_map_compare_view_parent_class)->finalize (object);
}

static void
hs_memory_map_compare_view_class_init (HsMemoryMapCompareViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = hs_memory_map_compare_view_get_property;
  object_class->dispose = hs_memory_map_compare_view_dispose;
  object_class->finalize = hs_memory_map_compare_view_finalize;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/heapscope/Heapscope/profile/hs-memory-map-compare-view.ui");
  gtk_widget_class_bind_template_child (widget_class, HsMemoryMapCompareView, root_box);
  gtk_widget_class_bind_template_child (widget_class, HsMemoryMapCompareView, title_label);
  gtk_widget_class_bind_template_child (widget_class, HsMemoryMapCompareView, totals_label);
  gtk_widget_class_bind_template_child (widget_class, HsMemoryMapCompareView, growers_label);
  gtk_widget_class_bind_template_child (widget_class, HsMemoryMapCompareView, diff_view);
  gtk_widget_class_bind_template_child (widget_class, HsMemoryMapCompareView, sides_paned);
  gtk_widget_class_bind_template_callback (widget_class, hs_memory_map_compare_view_swap);
}

static void
hs_memory_map_compare_view_init (HsMemoryMapCompareView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->growers = g_ptr_array_new_with_free_func (g_free);
  self->store = g_list_store_new (HS_TYPE_MAP_ROW);
  self->sort_model = hs_map_row_setup_column_view (self->diff_view, G_LIST_MODEL (self->store),
                                                   diff_columns, G_N_ELEMENTS (diff_columns),
                                                   HS_MAP_COLUMN_DELTA_RSS);
}
