/* hs-top-table.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-top-table"

#include "config.h"

#include <glib/gi18n.h>

#include "hs-flame-graph.h"
#include "hs-top-table.h"
#include "hs-units.h"

typedef enum
{
  CELL_FLAT,
  CELL_FLAT_PCT,
  CELL_SUM_PCT,
  CELL_CUM,
  CELL_CUM_PCT,
  CELL_NAME,
  CELL_LOCATION,
  CELL_BASE,
  CELL_NEW,
  CELL_DELTA,
  CELL_DELTA_PCT,
  CELL_CUM_DELTA,
} CellKind;

typedef struct
{
  const char *id;
  const char *title;
  const char *tooltip;
  CellKind    kind;
} ColumnSpec;

static const ColumnSpec plain_columns[] = {
  { "flat", N_("Flat"), N_("Memory (or count) allocated by the function itself"), CELL_FLAT },
  { "flat-percent", N_("Flat %"), N_("Flat as a share of the total"), CELL_FLAT_PCT },
  { "sum-percent", N_("Sum %"), N_("Running total of the Flat percentages in pprof's order"), CELL_SUM_PCT },
  { "cum", N_("Cum"), N_("Flat plus everything the function calls"), CELL_CUM },
  { "cum-percent", N_("Cum %"), N_("Cum as a share of the total"), CELL_CUM_PCT },
  { "name", N_("Name"), NULL, CELL_NAME },
  { "location", N_("File:Line"), NULL, CELL_LOCATION },
};

static const ColumnSpec diff_columns[] = {
  { "name", N_("Name"), NULL, CELL_NAME },
  { "base", N_("Base"), N_("Flat in the base (before) profile"), CELL_BASE },
  { "new", N_("New"), N_("Flat in the new (after) profile"), CELL_NEW },
  { "delta", N_("Δ Flat"), N_("New minus base: ▲ grew, ▼ shrank (negative)"), CELL_DELTA },
  { "delta-percent", N_("Δ %"), N_("Change relative to the base value"), CELL_DELTA_PCT },
  { "cum-delta", N_("Δ Cum"), N_("Change of Cum; negative when the function and its callees hold less than before"), CELL_CUM_DELTA },
  { "location", N_("File:Line"), NULL, CELL_LOCATION },
};

typedef struct
{
  HsTopTable       *self;
  const ColumnSpec *spec;
  int               index;
} ColumnInfo;

struct _HsTopTable
{
  GtkWidget            parent_instance;

  /* Owned */
  HsTop               *top;
  double              *sum_fraction;  /* by node: pprof's running sum % */
  GtkCustomFilter     *filter;
  GtkFilterListModel  *filter_model;
  GtkSortListModel    *sort_model;
  GtkSingleSelection  *selection;
  char                *search;
  char                *selected_function;
  GPtrArray           *column_infos;
  gboolean             columns_are_diff;
  gboolean             have_columns;
  int                  probe_column;  /* see hs_top_table_get_sort_column() */
  int                  probe_result;

  /* Borrowed (children) */
  GtkWidget           *scroller;
  GtkColumnView       *column_view;
};

G_DEFINE_FINAL_TYPE (HsTopTable, hs_top_table, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SELECTED_FUNCTION,
  PROP_SORT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GtkWidget *
hs_top_table_new (void)
{
  return g_object_new (HS_TYPE_TOP_TABLE, NULL);
}

static char *
format_signed (const char *unit,
               gint64      value)
{
  g_autofree char *text = hs_flame_format_value (unit, value);

  if (value > 0)
    return g_strdup_printf ("▲ +%s", text);
  if (value < 0)
    return g_strdup_printf ("▼ %s", text);
  return g_steal_pointer (&text);
}

/* The exact figure behind a scaled one: "1,579,018 bytes" */
static char *
exact_value (const char *unit,
             gint64      value,
             gboolean    is_change)
{
  g_autofree char *count = hs_format_count (value);

  return g_strdup_printf ("%s%s %s", is_change && value > 0 ? "+" : "", count, unit != NULL ? unit : "");
}

static char *
format_fraction (double fraction)
{
  return g_strdup_printf ("%.2f%%", 100.0 * fraction);
}

static char *
row_location (HsTopRow *row)
{
  const char *file = hs_top_row_get_file (row);
  gint64 line = hs_top_row_get_line (row);

  if (file == NULL || *file == '\0')
    return g_strdup ("");
  if (line > 0)
    return g_strdup_printf ("%s:%" G_GINT64_FORMAT, file, line);
  return g_strdup (file);
}

static gint64
cell_number (HsTopRow *row,
             CellKind  kind)
{
  switch (kind)
    {
    case CELL_FLAT:
    case CELL_FLAT_PCT:
    case CELL_DELTA:
      return hs_top_row_get_flat (row);
    case CELL_CUM:
    case CELL_CUM_PCT:
    case CELL_CUM_DELTA:
      return hs_top_row_get_cum (row);
    case CELL_BASE:
      return hs_top_row_get_base_flat (row);
    case CELL_NEW:
      return hs_top_row_get_new_flat (row);
    case CELL_SUM_PCT:
      return -(gint64) hs_top_row_get_node (row);  /* pprof's order */
    case CELL_NAME:
    case CELL_LOCATION:
    case CELL_DELTA_PCT:
    default:
      return 0;
    }
}

static double
delta_ratio (HsTopRow *row)
{
  gint64 base = hs_top_row_get_base_flat (row);
  gint64 delta = hs_top_row_get_flat (row);

  if (base == 0)
    return delta > 0 ? G_MAXDOUBLE : delta < 0 ? -G_MAXDOUBLE : 0.0;
  return (double) delta / (double) ABS (base);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           ColumnInfo               *info)
{
  HsTopTable *self = info->self;
  HsTopRow *row = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  const char *unit = self->top != NULL ? hs_top_get_unit (self->top) : NULL;
  g_autofree char *text = NULL;
  g_autofree char *tooltip = NULL;
  gint64 signed_value = 0;
  gboolean colour = FALSE;

  switch (info->spec->kind)
    {
    case CELL_FLAT:
    case CELL_CUM:
    case CELL_BASE:
    case CELL_NEW:
      text = hs_flame_format_value (unit, cell_number (row, info->spec->kind));
      tooltip = exact_value (unit, cell_number (row, info->spec->kind), FALSE);
      break;
    case CELL_FLAT_PCT:
      text = format_fraction (hs_top_row_get_flat_fraction (row));
      break;
    case CELL_CUM_PCT:
      text = format_fraction (hs_top_row_get_cum_fraction (row));
      break;
    case CELL_SUM_PCT:
      text = format_fraction (self->sum_fraction != NULL ?
                              self->sum_fraction[hs_top_row_get_node (row)] : 0.0);
      break;
    case CELL_NAME:
      /* Ellipsized in the middle (setup_cell): the tooltip has it all. */
      text = g_strdup (hs_top_row_get_name (row));
      tooltip = g_strdup (text);
      break;
    case CELL_LOCATION:
      text = row_location (row);
      tooltip = g_strdup (text);
      break;
    case CELL_DELTA:
    case CELL_CUM_DELTA:
      signed_value = cell_number (row, info->spec->kind);
      text = format_signed (unit, signed_value);
      tooltip = exact_value (unit, signed_value, TRUE);
      colour = TRUE;
      break;
    case CELL_DELTA_PCT:
      {
        double ratio = delta_ratio (row);

        signed_value = hs_top_row_get_flat (row);
        colour = TRUE;
        if (ratio == G_MAXDOUBLE)
          /* Translators: a function absent from the base profile */
          text = g_strdup (_("▲ new"));
        else if (ratio == -G_MAXDOUBLE)
          text = g_strdup (_("▼ gone"));
        else if (ratio == 0.0)
          text = g_strdup ("0%");
        else
          text = g_strdup_printf ("%s%+.1f%%", ratio > 0 ? "▲ " : "▼ ", 100.0 * ratio);
      }
      break;
    default:
      g_assert_not_reached ();
    }

  gtk_label_set_text (GTK_LABEL (label), text);
  gtk_widget_set_tooltip_text (label, tooltip);
  gtk_widget_remove_css_class (label, "hs-growth");
  gtk_widget_remove_css_class (label, "hs-shrink");
  if (colour && signed_value > 0)
    gtk_widget_add_css_class (label, "hs-growth");
  else if (colour && signed_value < 0)
    gtk_widget_add_css_class (label, "hs-shrink");
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            ColumnInfo               *info)
{
  GtkWidget *label = gtk_label_new (NULL);
  CellKind kind = info->spec->kind;

  if (kind == CELL_NAME)
    {
      /* Go names are long and alike at both ends: keep the package
       * (start) and the method (end), cut the middle. */
      gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
    }
  else if (kind == CELL_LOCATION)
    {
      gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_START);
      gtk_widget_add_css_class (label, "dim-label");
    }
  else
    {
      gtk_label_set_xalign (GTK_LABEL (label), 1.0f);
      gtk_widget_add_css_class (label, "numeric");
    }

  gtk_list_item_set_child (item, label);
}

static int
column_compare (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  ColumnInfo *info = user_data;
  HsTopTable *self = info->self;
  HsTopRow *ra = (HsTopRow *) a;
  HsTopRow *rb = (HsTopRow *) b;
  int result;

  switch (info->spec->kind)
    {
    case CELL_NAME:
      result = g_utf8_collate (hs_top_row_get_name (ra), hs_top_row_get_name (rb));
      break;
    case CELL_LOCATION:
      {
        g_autofree char *la = row_location (ra);
        g_autofree char *lb = row_location (rb);

        result = g_strcmp0 (la, lb);
      }
      break;
    case CELL_DELTA_PCT:
      {
        double da = delta_ratio (ra), db = delta_ratio (rb);

        result = da < db ? -1 : da > db ? 1 : 0;
      }
      break;
    default:
      {
        gint64 va = cell_number (ra, info->spec->kind);
        gint64 vb = cell_number (rb, info->spec->kind);

        result = va < vb ? -1 : va > vb ? 1 : 0;
      }
      break;
    }

  if (self->probe_column == -2)
    {
      self->probe_column = info->index;
      self->probe_result = result;
    }

  return result;
}

static gboolean
filter_row (gpointer item,
            gpointer user_data)
{
  HsTopTable *self = user_data;
  HsTopRow *row = item;
  const char *name = hs_top_row_get_name (row);

  if (self->search != NULL)
    {
      g_autofree char *folded = g_utf8_casefold (name, -1);

      if (strstr (folded, self->search) == NULL)
        return FALSE;
    }

  return TRUE;
}

static void
remove_columns (HsTopTable *self)
{
  GListModel *columns = gtk_column_view_get_columns (self->column_view);

  while (g_list_model_get_n_items (columns) > 0)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, 0);

      gtk_column_view_remove_column (self->column_view, column);
    }
  g_ptr_array_set_size (self->column_infos, 0);
}

static void
build_columns (HsTopTable *self,
               gboolean    diff)
{
  const ColumnSpec *specs = diff ? diff_columns : plain_columns;
  guint n_specs = diff ? G_N_ELEMENTS (diff_columns) : G_N_ELEMENTS (plain_columns);

  remove_columns (self);

  for (guint i = 0; i < n_specs; i++)
    {
      ColumnInfo *info = g_new0 (ColumnInfo, 1);
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;
      GtkSorter *sorter;

      info->self = self;
      info->spec = &specs[i];
      info->index = (int) i;
      g_ptr_array_add (self->column_infos, info);

      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), info);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), info);
      column = gtk_column_view_column_new (_(specs[i].title), factory);
      /* Column ids are GTK 4.10; 4.8 keeps ours as data. */
      g_object_set_data (G_OBJECT (column), "hs-column-id", (gpointer) specs[i].id);
      gtk_column_view_column_set_resizable (column, TRUE);
      if (specs[i].kind == CELL_NAME)
        {
          gtk_column_view_column_set_expand (column, TRUE);
          gtk_column_view_column_set_fixed_width (column, diff ? 260 : 300);
        }
      else if (specs[i].kind == CELL_LOCATION)
        {
          gtk_column_view_column_set_expand (column, TRUE);
          gtk_column_view_column_set_fixed_width (column, 200);
        }

      sorter = GTK_SORTER (gtk_custom_sorter_new (column_compare, info, NULL));
      gtk_column_view_column_set_sorter (column, sorter);
      g_object_unref (sorter);

      gtk_column_view_append_column (self->column_view, column);
    }

  self->columns_are_diff = diff;
  self->have_columns = TRUE;
}

static void
on_selection_changed (HsTopTable *self)
{
  HsTopRow *row = gtk_single_selection_get_selected_item (self->selection);
  const char *name = row != NULL ? hs_top_row_get_function_name (row) : NULL;

  if (g_strcmp0 (name, self->selected_function) == 0)
    return;

  g_free (self->selected_function);
  self->selected_function = g_strdup (name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_FUNCTION]);
}

static void
on_sorter_changed (HsTopTable *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SORT]);
}

/**
 * hs_top_table_set_top:
 * @top: (nullable): the rows to show; a diff gets the diff columns
 */
void
hs_top_table_set_top (HsTopTable *self,
                      HsTop      *top)
{
  g_autofree char *keep = NULL;
  gboolean diff;

  g_return_if_fail (HS_IS_TOP_TABLE (self));
  g_return_if_fail (top == NULL || HS_IS_TOP (top));

  if (self->top == top)
    return;

  keep = g_strdup (self->selected_function);
  g_set_object (&self->top, top);
  g_clear_pointer (&self->sum_fraction, g_free);

  diff = top != NULL && hs_top_get_is_diff (top);
  if (!self->have_columns || diff != self->columns_are_diff)
    {
      build_columns (self, diff);
      /* A diff is read by growth first. */
      if (diff)
        hs_top_table_sort_by (self, "delta", GTK_SORT_DESCENDING);
    }

  if (top != NULL)
    {
      guint n = hs_top_get_n_rows (top);
      gint64 total = hs_top_get_total (top);
      gint64 running = 0;

      /* pprof's sum%: a running total down its own (flat) order, which a
       * re-sorted table can only show, not recompute. */
      self->sum_fraction = g_new0 (double, MAX (1, n));
      for (guint i = 0; i < n; i++)
        {
          running += hs_top_row_get_flat (hs_top_get_row (top, i));
          self->sum_fraction[i] = total != 0 ? (double) running / (double) total : 0.0;
        }
    }

  gtk_filter_list_model_set_model (self->filter_model, G_LIST_MODEL (top));
  if (keep != NULL)
    hs_top_table_select_function (self, keep);
}

HsTop *
hs_top_table_get_top (HsTopTable *self)
{
  g_return_val_if_fail (HS_IS_TOP_TABLE (self), NULL);

  return self->top;
}

/**
 * hs_top_table_set_search:
 * @search: (nullable): shows only functions whose name contains it (any case)
 */
void
hs_top_table_set_search (HsTopTable *self,
                         const char *search)
{
  g_autofree char *folded = NULL;

  g_return_if_fail (HS_IS_TOP_TABLE (self));

  if (search != NULL && *search != '\0')
    folded = g_utf8_casefold (search, -1);
  if (g_strcmp0 (folded, self->search) == 0)
    return;

  g_free (self->search);
  self->search = g_steal_pointer (&folded);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

guint
hs_top_table_get_n_visible_rows (HsTopTable *self)
{
  g_return_val_if_fail (HS_IS_TOP_TABLE (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->sort_model));
}

/**
 * hs_top_table_get_visible_row:
 *
 * Returns: (transfer full) (nullable): the row at @position as shown
 *   (filtered and sorted)
 */
HsTopRow *
hs_top_table_get_visible_row (HsTopTable *self,
                              guint       position)
{
  g_return_val_if_fail (HS_IS_TOP_TABLE (self), NULL);

  return g_list_model_get_item (G_LIST_MODEL (self->sort_model), position);
}

const char *
hs_top_table_get_selected_function (HsTopTable *self)
{
  g_return_val_if_fail (HS_IS_TOP_TABLE (self), NULL);

  return self->selected_function;
}

static GtkWidget *
find_list_view (GtkWidget *widget)
{
  if (GTK_IS_LIST_VIEW (widget))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_list_view (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/**
 * hs_top_table_select_function:
 *
 * Selects the row of @function_name and scrolls it into view.
 *
 * Returns: %FALSE if no visible row has that function
 */
gboolean
hs_top_table_select_function (HsTopTable *self,
                              const char *function_name)
{
  guint n;

  g_return_val_if_fail (HS_IS_TOP_TABLE (self), FALSE);

  if (function_name == NULL)
    return FALSE;

  n = g_list_model_get_n_items (G_LIST_MODEL (self->sort_model));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HsTopRow) row = g_list_model_get_item (G_LIST_MODEL (self->sort_model), i);
      GtkWidget *list_view;

      if (g_strcmp0 (hs_top_row_get_function_name (row), function_name) != 0)
        continue;

      gtk_single_selection_set_selected (self->selection, i);
      /* GTK 4.8 has no gtk_column_view_scroll_to(); its inner list view
       * has the action. */
      list_view = find_list_view (GTK_WIDGET (self->column_view));
      if (list_view != NULL)
        gtk_widget_activate_action (list_view, "list.scroll-to-item", "u", i);
      return TRUE;
    }

  return FALSE;
}

/**
 * hs_top_table_get_sort_column:
 * @order: (out) (optional): the direction
 *
 * GTK 4.8 cannot tell which column a GtkColumnView sorts by (that came in
 * 4.10), so this asks the view's sorter to compare rows and notes which
 * column's sorter answered first: that is the primary sort column.
 *
 * Returns: (nullable): the id of the primary sort column, or %NULL
 */
const char *
hs_top_table_get_sort_column (HsTopTable  *self,
                              GtkSortType *order)
{
  GtkSorter *sorter;
  GListModel *rows;
  guint n;

  g_return_val_if_fail (HS_IS_TOP_TABLE (self), NULL);

  sorter = gtk_column_view_get_sorter (self->column_view);
  rows = G_LIST_MODEL (self->filter_model);
  n = MIN (g_list_model_get_n_items (rows), 64);

  for (guint i = 1; i < n; i++)
    {
      g_autoptr(GObject) a = g_list_model_get_item (rows, 0);
      g_autoptr(GObject) b = g_list_model_get_item (rows, i);
      GtkOrdering ordering;
      int column;

      self->probe_column = -2;
      ordering = gtk_sorter_compare (sorter, a, b);
      column = self->probe_column;
      self->probe_column = -1;

      if (column < 0)
        return NULL;  /* not sorted at all */
      if (ordering == GTK_ORDERING_EQUAL || self->probe_result == 0)
        continue;

      if (order != NULL)
        *order = (ordering < 0) == (self->probe_result < 0) ? GTK_SORT_ASCENDING : GTK_SORT_DESCENDING;
      return ((ColumnInfo *) g_ptr_array_index (self->column_infos, column))->spec->id;
    }

  return NULL;
}

void
hs_top_table_sort_by (HsTopTable  *self,
                      const char  *column_id,
                      GtkSortType  order)
{
  GListModel *columns;

  g_return_if_fail (HS_IS_TOP_TABLE (self));

  columns = gtk_column_view_get_columns (self->column_view);
  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      if (g_strcmp0 (g_object_get_data (G_OBJECT (column), "hs-column-id"), column_id) == 0)
        {
          gtk_column_view_sort_by_column (self->column_view, column, order);
          return;
        }
    }

  if (column_id == NULL)
    gtk_column_view_sort_by_column (self->column_view, NULL, order);
}

static void
hs_top_table_dispose (GObject *object)
{
  HsTopTable *self = HS_TOP_TABLE (object);

  if (self->column_view != NULL)
    {
      g_signal_handlers_disconnect_by_data (gtk_column_view_get_sorter (self->column_view), self);
      remove_columns (self);
    }
  g_clear_pointer (&self->scroller, gtk_widget_unparent);
  self->column_view = NULL;
  g_clear_object (&self->selection);
  self->sort_model = NULL;
  self->filter_model = NULL;
  self->filter = NULL;
  g_clear_object (&self->top);

  G_OBJECT_CLASS (hs_top_table_parent_class)->dispose (object);
}

static void
hs_top_table_finalize (GObject *object)
{
  HsTopTable *self = HS_TOP_TABLE (object);

  g_clear_pointer (&self->sum_fraction, g_free);
  g_clear_pointer (&self->search, g_free);
  g_clear_pointer (&self->selected_function, g_free);
  g_clear_pointer (&self->column_infos, g_ptr_array_unref);

  G_OBJECT_CLASS (hs_top_table_parent_class)->finalize (object);
}

static void
hs_top_table_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  HsTopTable *self = HS_TOP_TABLE (object);

  switch (prop_id)
    {
    case PROP_SELECTED_FUNCTION:
      g_value_set_string (value, self->selected_function);
      break;
    case PROP_SORT:
      g_value_set_string (value, hs_top_table_get_sort_column (self, NULL));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hs_top_table_class_init (HsTopTableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hs_top_table_dispose;
  object_class->finalize = hs_top_table_finalize;
  object_class->get_property = hs_top_table_get_property;

  properties[PROP_SELECTED_FUNCTION] =
    g_param_spec_string ("selected-function", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SORT] =
    g_param_spec_string ("sort", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "toptable");

  /* Growth/shrink colours of every table, legend and summary of the
   * Profiles page; loaded once, with the first table. */
  if (gdk_display_get_default () != NULL)
    {
      g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

      gtk_css_provider_load_from_resource (provider, "/io/github/heapscope/Heapscope/profile/hs-profile.css");
      gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                  GTK_STYLE_PROVIDER (provider),
                                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
    }
}

static void
hs_top_table_init (HsTopTable *self)
{
  self->probe_column = -1;
  self->column_infos = g_ptr_array_new_with_free_func (g_free);

  self->filter = gtk_custom_filter_new (filter_row, self, NULL);
  self->filter_model = gtk_filter_list_model_new (NULL, GTK_FILTER (self->filter));
  self->column_view = GTK_COLUMN_VIEW (gtk_column_view_new (NULL));
  self->sort_model = gtk_sort_list_model_new (G_LIST_MODEL (self->filter_model),
                                              g_object_ref (gtk_column_view_get_sorter (self->column_view)));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (self->sort_model));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  gtk_column_view_set_show_column_separators (self->column_view, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->column_view), "data-table");

  g_signal_connect_swapped (self->selection, "notify::selected-item",
                            G_CALLBACK (on_selection_changed), self);
  g_signal_connect_swapped (gtk_column_view_get_sorter (self->column_view), "changed",
                            G_CALLBACK (on_sorter_changed), self);

  self->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), GTK_WIDGET (self->column_view));
  gtk_widget_set_parent (self->scroller, GTK_WIDGET (self));

  build_columns (self, FALSE);
}
