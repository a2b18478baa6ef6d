/* hs-call-tree-view.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-call-tree-view"

#include "config.h"

#include <glib/gi18n.h>

#include "hs-call-tree-item.h"
#include "hs-call-tree-view.h"
#include "hs-flame-graph.h"
#include "hs-weak-ref.h"

typedef enum
{
  COLUMN_NAME,
  COLUMN_VALUE,
  COLUMN_SHARE,
  COLUMN_BASE,
  COLUMN_NEW,
  COLUMN_SELF,
} ColumnKind;

#define N_MODES 3

struct _HsCallTreeView
{
  GtkWidget           parent_instance;

  /* Owned */
  HsCallTree         *tree;
  /* Per mode (HS_CALL_TREE_MODE_*); the callers mode has no flame model */
  HsFlameModel       *trees[N_MODES];
  GtkTreeListModel   *tree_models[N_MODES];
  GtkSingleSelection *selections[N_MODES];
  /* Modes whose rows are to be made when first shown (or asked for):
   * a hidden page built ~60,000 rows of a large profile for nothing. */
  gboolean            rows_pending[N_MODES];
  GCancellable       *bottom_up_cancellable;  /* while the bottom-up tree is built */
  char               *function;
  char               *callers_title;
  guint               node;
  HsCallTreeMode      mode;
  gboolean            diff_columns;
  HsCallTreeMode      columns_mode;

  /* Borrowed (children) */
  GtkWidget          *box;
  GtkLabel           *title;
  GtkToggleButton    *mode_buttons[N_MODES];
  GtkColumnView      *column_view;
};

G_DEFINE_FINAL_TYPE (HsCallTreeView, hs_call_tree_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_FUNCTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GtkWidget *
hs_call_tree_view_new (void)
{
  return g_object_new (HS_TYPE_CALL_TREE_VIEW, NULL);
}

static GListModel *
create_children (gpointer item,
                 gpointer user_data)
{
  return hs_call_tree_item_get_children (HS_CALL_TREE_ITEM (item));
}

static const char *
tree_unit (HsCallTreeView *self)
{
  return self->tree != NULL ? hs_top_get_unit (hs_call_tree_get_top (self->tree)) : NULL;
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  data)
{
  ColumnKind kind = GPOINTER_TO_INT (data);
  GtkWidget *label = gtk_label_new (NULL);

  if (kind == COLUMN_NAME)
    {
      GtkWidget *expander = gtk_tree_expander_new ();

      gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
      gtk_tree_expander_set_child (GTK_TREE_EXPANDER (expander), label);
      gtk_list_item_set_child (item, expander);
      return;
    }

  gtk_label_set_xalign (GTK_LABEL (label), 1.0f);
  gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  data)
{
  HsCallTreeView *self = g_object_get_data (G_OBJECT (factory), "view");
  ColumnKind kind = GPOINTER_TO_INT (data);
  GtkTreeListRow *row = gtk_list_item_get_item (item);
  g_autoptr(HsCallTreeItem) node = gtk_tree_list_row_get_item (row);
  GtkWidget *child = gtk_list_item_get_child (item);
  gboolean heading = hs_call_tree_item_get_kind (node) <= HS_CALL_TREE_ITEM_CALLEES;
  gboolean tree_node = hs_call_tree_item_get_kind (node) == HS_CALL_TREE_ITEM_TREE_NODE;
  g_autofree char *text = NULL;
  GtkWidget *label = child;
  gint64 value = 0;

  switch (kind)
    {
    case COLUMN_NAME:
      gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (child), row);
      label = gtk_tree_expander_get_child (GTK_TREE_EXPANDER (child));
      text = g_strdup (hs_call_tree_item_get_name (node));
      gtk_widget_set_tooltip_text (label, text);
      break;
    case COLUMN_VALUE:
      value = hs_call_tree_item_get_value (node);
      text = hs_flame_format_value (tree_unit (self), value);
      if (self->diff_columns && value > 0)
        {
          g_autofree char *plain = g_steal_pointer (&text);
          text = g_strdup_printf ("▲ +%s", plain);
        }
      else if (self->diff_columns && value < 0)
        {
          g_autofree char *plain = g_steal_pointer (&text);
          text = g_strdup_printf ("▼ %s", plain);
        }
      break;
    case COLUMN_SELF:
      text = hs_flame_format_value (tree_unit (self), hs_call_tree_item_get_self (node));
      break;
    case COLUMN_SHARE:
      if (tree_node)
        {
          /* Of pprof's total, as the Top table's percentages. */
          gint64 whole = hs_top_get_total (hs_call_tree_get_top (self->tree));
          gint64 part = hs_call_tree_item_get_value (node);

          text = whole != 0 ? g_strdup_printf ("%.1f%%", 100.0 * (double) part / (double) whole) : g_strdup ("—");
          break;
        }
      {
        HsTopRow *own = hs_top_get_row (hs_call_tree_get_top (self->tree), self->node);
        gint64 whole = self->diff_columns ? hs_top_row_get_new_cum (own) : hs_top_row_get_cum (own);
        gint64 part = self->diff_columns ? hs_call_tree_item_get_new (node) : hs_call_tree_item_get_value (node);

        text = whole != 0 ? g_strdup_printf ("%.1f%%", 100.0 * (double) part / (double) whole) : g_strdup ("—");
      }
      break;
    case COLUMN_BASE:
      text = hs_flame_format_value (tree_unit (self), hs_call_tree_item_get_base (node));
      break;
    case COLUMN_NEW:
      text = hs_flame_format_value (tree_unit (self), hs_call_tree_item_get_new (node));
      break;
    default:
      g_assert_not_reached ();
    }

  gtk_label_set_text (GTK_LABEL (label), text);
  if (heading)
    gtk_widget_add_css_class (label, "heading");
  else
    gtk_widget_remove_css_class (label, "heading");

  gtk_widget_remove_css_class (label, "hs-growth");
  gtk_widget_remove_css_class (label, "hs-shrink");
  if (kind == COLUMN_VALUE && self->diff_columns)
    gtk_widget_add_css_class (label, value > 0 ? "hs-growth" : value < 0 ? "hs-shrink" : "dim-label");
}

static void
add_column (HsCallTreeView *self,
            const char     *title,
            ColumnKind      kind)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) column = NULL;

  g_object_set_data (G_OBJECT (factory), "view", self);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), GINT_TO_POINTER (kind));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), GINT_TO_POINTER (kind));
  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_resizable (column, TRUE);
  if (kind == COLUMN_NAME)
    gtk_column_view_column_set_expand (column, TRUE);
  else
    gtk_column_view_column_set_fixed_width (column, 120);
  gtk_column_view_append_column (self->column_view, column);
}

static void
build_columns (HsCallTreeView *self,
               gboolean        diff)
{
  GListModel *columns = gtk_column_view_get_columns (self->column_view);

  while (g_list_model_get_n_items (columns) > 0)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, 0);

      gtk_column_view_remove_column (self->column_view, column);
    }

  add_column (self, _("Function"), COLUMN_NAME);
  if (self->mode != HS_CALL_TREE_MODE_CALLERS && !diff)
    add_column (self, _("Self"), COLUMN_SELF);
  if (diff)
    {
      add_column (self, _("Base"), COLUMN_BASE);
      add_column (self, _("New"), COLUMN_NEW);
      add_column (self, _("Δ (new − base)"), COLUMN_VALUE);
    }
  else
    {
      add_column (self, self->mode != HS_CALL_TREE_MODE_CALLERS ? _("Total") : _("Value"), COLUMN_VALUE);
    }
  /* xgettext:no-c-format */
  add_column (self, self->mode != HS_CALL_TREE_MODE_CALLERS ? _("% of Total") : _("Share"), COLUMN_SHARE);
  self->diff_columns = diff;
  self->columns_mode = self->mode;
}

/* Replaces a mode's rows by @roots (taken; NULL: none). */
static void
set_mode_model (HsCallTreeView *self,
                HsCallTreeMode  mode,
                GListModel     *roots)
{
  g_clear_object (&self->selections[mode]);
  self->tree_models[mode] = NULL;
  if (roots == NULL)
    return;
  self->tree_models[mode] = gtk_tree_list_model_new (roots, FALSE, FALSE, create_children, NULL, NULL);
  self->selections[mode] = gtk_single_selection_new (G_LIST_MODEL (self->tree_models[mode]));
  gtk_single_selection_set_autoselect (self->selections[mode], FALSE);
}

static void ensure_bottom_up (HsCallTreeView *self);
static void ensure_rows      (HsCallTreeView *self,
                              HsCallTreeMode  mode);

/* Puts the current mode's rows, columns and title in the view. */
static void
show_mode (HsCallTreeView *self)
{
  gboolean diff = self->tree != NULL && hs_top_get_is_diff (hs_call_tree_get_top (self->tree));

  if (diff != self->diff_columns || self->mode != self->columns_mode)
    build_columns (self, diff);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    ensure_rows (self, self->mode);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selections[self->mode]));
  for (guint m = 0; m < N_MODES; m++)
    if (self->mode_buttons[m] != NULL)
      gtk_toggle_button_set_active (self->mode_buttons[m], m == self->mode);

  switch (self->mode)
    {
    case HS_CALL_TREE_MODE_TOP_DOWN:
      gtk_label_set_text (self->title, self->trees[self->mode] == NULL ? _("Building the call tree…") :
                          _("Every call path from the roots; Self is what a function holds itself, Total adds its callees"));
      break;
    case HS_CALL_TREE_MODE_BOTTOM_UP:
      ensure_bottom_up (self);
      gtk_label_set_text (self->title, self->trees[self->mode] == NULL ? _("Building the call tree…") :
                          _("Functions by their own value, each expanding to the paths that called it"));
      break;
    case HS_CALL_TREE_MODE_CALLERS:
    default:
      gtk_label_set_markup (self->title, self->callers_title != NULL ? self->callers_title : "");
      break;
    }
}

/* The callers and callees rows of the function, and their headings open. */
static void
build_callers_rows (HsCallTreeView *self)
{
  g_autoptr(GListStore) roots = g_list_store_new (HS_TYPE_CALL_TREE_ITEM);
  GListModel *model;

  if (self->tree != NULL && self->function != NULL)
    {
      g_autoptr(HsCallTreeItem) callers =
        hs_call_tree_item_new (self->tree, HS_CALL_TREE_ITEM_CALLERS, self->node, NULL, 0);
      g_autoptr(HsCallTreeItem) callees =
        hs_call_tree_item_new (self->tree, HS_CALL_TREE_ITEM_CALLEES, self->node, NULL, 0);

      g_list_store_append (roots, callers);
      g_list_store_append (roots, callees);
    }

  set_mode_model (self, HS_CALL_TREE_MODE_CALLERS, G_LIST_MODEL (g_steal_pointer (&roots)));
  model = G_LIST_MODEL (self->tree_models[HS_CALL_TREE_MODE_CALLERS]);

  /* Open both headings and the first level under them. */
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkTreeListRow) row = gtk_tree_list_model_get_row (self->tree_models[HS_CALL_TREE_MODE_CALLERS], i);

      if (row != NULL && gtk_tree_list_row_get_depth (row) == 0)
        gtk_tree_list_row_set_expanded (row, TRUE);
    }
}

/* The function changed (or the tree): its title now, its rows when the
 * callers mode is shown. A selection in the Top table lands here. */
static void
rebuild (HsCallTreeView *self)
{
  g_autofree char *markup = NULL;

  if (self->tree != NULL && self->function != NULL)
    markup = g_markup_printf_escaped (_("Callers and callees of <b>%s</b>"), self->function);
  else
    markup = g_strdup (_("Select a function in the Top table to see its callers and callees"));

  g_free (self->callers_title);
  self->callers_title = g_steal_pointer (&markup);
  set_mode_model (self, HS_CALL_TREE_MODE_CALLERS, NULL);
  self->rows_pending[HS_CALL_TREE_MODE_CALLERS] = TRUE;
  if (self->mode == HS_CALL_TREE_MODE_CALLERS)
    show_mode (self);
}

void
hs_call_tree_view_set_tree (HsCallTreeView *self,
                            HsCallTree     *tree)
{
  g_autofree char *keep = NULL;
  gboolean diff;

  g_return_if_fail (HS_IS_CALL_TREE_VIEW (self));
  g_return_if_fail (tree == NULL || HS_IS_CALL_TREE (tree));

  keep = g_strdup (self->function);
  g_set_object (&self->tree, tree);
  diff = tree != NULL && hs_top_get_is_diff (hs_call_tree_get_top (tree));
  if (diff != self->diff_columns)
    build_columns (self, diff);
  /* The trees were of the previous HsTop. */
  hs_call_tree_view_set_trees (self, NULL);

  g_clear_pointer (&self->function, g_free);
  if (keep == NULL || !hs_call_tree_view_set_function (self, keep))
    {
      if (keep != NULL)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FUNCTION]);
      rebuild (self);
    }
}

/**
 * hs_call_tree_view_set_function:
 *
 * Shows the callers and callees of @function_name.
 *
 * Returns: %FALSE if the tree has no such function
 */
gboolean
hs_call_tree_view_set_function (HsCallTreeView *self,
                                const char     *function_name)
{
  HsTop *top;
  int node;

  g_return_val_if_fail (HS_IS_CALL_TREE_VIEW (self), FALSE);

  if (self->tree == NULL || function_name == NULL)
    return FALSE;
  if (g_strcmp0 (function_name, self->function) == 0)
    return TRUE;

  top = hs_call_tree_get_top (self->tree);
  node = hs_top_find_row (top, function_name);
  if (node < 0)
    return FALSE;

  g_free (self->function);
  self->function = g_strdup (function_name);
  self->node = (guint) node;
  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FUNCTION]);

  return TRUE;
}

const char *
hs_call_tree_view_get_function (HsCallTreeView *self)
{
  g_return_val_if_fail (HS_IS_CALL_TREE_VIEW (self), NULL);

  return self->function;
}

/**
 * hs_call_tree_view_get_model:
 *
 * Returns: (transfer none): the rows as shown, of GtkTreeListRow
 */
GListModel *
hs_call_tree_view_get_model (HsCallTreeView *self)
{
  g_return_val_if_fail (HS_IS_CALL_TREE_VIEW (self), NULL);

  /* Asked for, as when shown. */
  ensure_rows (self, HS_CALL_TREE_MODE_CALLERS);
  return G_LIST_MODEL (self->tree_models[HS_CALL_TREE_MODE_CALLERS]);
}

/* Opens the heaviest path a few levels down: rows are sorted largest
 * first, and expanding row i puts its children right after it. */
#define OPEN_LEVELS 8

/* The rows of @mode's tree, the heaviest path open. */
static void
build_tree_rows (HsCallTreeView *self,
                 HsCallTreeMode  mode)
{
  HsFlameModel *model = self->trees[mode];
  GListModel *roots = NULL;

  if (model != NULL)
    {
      g_autoptr(HsCallTreeItem) root = hs_call_tree_item_new_node (model, hs_flame_model_get_root (model));

      roots = hs_call_tree_item_get_children (root);
    }
  if (roots == NULL)
    roots = G_LIST_MODEL (g_list_store_new (HS_TYPE_CALL_TREE_ITEM));
  set_mode_model (self, mode, roots);
  for (guint i = 0; model != NULL && i < OPEN_LEVELS; i++)
    {
      g_autoptr(GtkTreeListRow) row = gtk_tree_list_model_get_row (self->tree_models[mode], i);

      if (row == NULL || !gtk_tree_list_row_is_expandable (row))
        break;
      gtk_tree_list_row_set_expanded (row, TRUE);
    }
}

/* Makes @mode's rows if they are still to be made. */
static void
ensure_rows (HsCallTreeView *self,
             HsCallTreeMode  mode)
{
  if (!self->rows_pending[mode])
    return;
  self->rows_pending[mode] = FALSE;
  if (mode == HS_CALL_TREE_MODE_CALLERS)
    build_callers_rows (self);
  else
    build_tree_rows (self, mode);
}

/* Takes @model (NULL: none yet) as @mode's tree; its rows are made when
 * the mode is shown. */
static void
set_tree_model (HsCallTreeView *self,
                HsCallTreeMode  mode,
                HsFlameModel   *model)
{
  g_set_object (&self->trees[mode], model);
  set_mode_model (self, mode, NULL);
  self->rows_pending[mode] = TRUE;
}

static void
bottom_up_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  GError *error = NULL;
  HsFlameModel *model = hs_flame_model_new_inverted_full (task_data, cancellable, &error);

  if (model == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, model, g_object_unref);
}

static void
bottom_up_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(HsCallTreeView) self = hs_weak_ref_steal (user_data);
  g_autoptr(HsFlameModel) model = g_task_propagate_pointer (G_TASK (result), NULL);

  /* Gone, or the trees changed since (the cancellable was replaced). */
  if (self == NULL || model == NULL ||
      g_task_get_cancellable (G_TASK (result)) != self->bottom_up_cancellable)
    return;
  g_clear_object (&self->bottom_up_cancellable);
  set_tree_model (self, HS_CALL_TREE_MODE_BOTTOM_UP, model);
  show_mode (self);
}

/* The bottom-up tree costs as much as the top-down one (a million nodes
 * on a large profile): build it only when someone looks. */
static void
ensure_bottom_up (HsCallTreeView *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->trees[HS_CALL_TREE_MODE_BOTTOM_UP] != NULL ||
      self->trees[HS_CALL_TREE_MODE_TOP_DOWN] == NULL ||
      self->bottom_up_cancellable != NULL)
    return;
  self->bottom_up_cancellable = g_cancellable_new ();
  task = g_task_new (NULL, self->bottom_up_cancellable, bottom_up_done, hs_weak_ref_new (self));
  g_task_set_source_tag (task, ensure_bottom_up);
  g_task_set_task_data (task, g_object_ref (hs_flame_model_get_top (self->trees[HS_CALL_TREE_MODE_TOP_DOWN])),
                        g_object_unref);
  g_task_run_in_thread (task, bottom_up_thread);
}

void
hs_call_tree_view_set_trees (HsCallTreeView *self,
                             HsFlameModel   *top_down)
{
  g_return_if_fail (HS_IS_CALL_TREE_VIEW (self));
  g_return_if_fail (top_down == NULL || HS_IS_FLAME_MODEL (top_down));

  g_cancellable_cancel (self->bottom_up_cancellable);
  g_clear_object (&self->bottom_up_cancellable);
  set_tree_model (self, HS_CALL_TREE_MODE_TOP_DOWN, top_down);
  set_tree_model (self, HS_CALL_TREE_MODE_BOTTOM_UP, NULL);
  show_mode (self);
}

void
hs_call_tree_view_set_mode (HsCallTreeView *self,
                            HsCallTreeMode  mode)
{
  g_return_if_fail (HS_IS_CALL_TREE_VIEW (self));
  g_return_if_fail (mode < N_MODES);

  if (self->mode == mode)
    return;
  self->mode = mode;
  show_mode (self);
}

HsCallTreeMode
hs_call_tree_view_get_mode (HsCallTreeView *self)
{
  g_return_val_if_fail (HS_IS_CALL_TREE_VIEW (self), HS_CALL_TREE_MODE_CALLERS);

  return self->mode;
}

/**
 * hs_call_tree_view_get_tree_model:
 *
 * Returns: (transfer none) (nullable): the rows of @mode's tree
 */
GListModel *
hs_call_tree_view_get_tree_model (HsCallTreeView *self,
                                  HsCallTreeMode  mode)
{
  g_return_val_if_fail (HS_IS_CALL_TREE_VIEW (self), NULL);
  g_return_val_if_fail (mode < N_MODES, NULL);

  if (mode != HS_CALL_TREE_MODE_CALLERS && self->trees[mode] == NULL)
    return NULL;
  /* Asked for, as when shown. */
  ensure_rows (self, mode);
  return G_LIST_MODEL (self->tree_models[mode]);
}

static void
on_mode_toggled (GtkToggleButton *button,
                 HsCallTreeView  *self)
{
  if (gtk_toggle_button_get_active (button))
    hs_call_tree_view_set_mode (self, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "mode")));
}

static void
on_activate (GtkColumnView  *view,
             guint           position,
             HsCallTreeView *self)
{
  g_autoptr(GtkTreeListRow) row = gtk_tree_list_model_get_row (self->tree_models[self->mode], position);
  HsCallTreeItem *item;

  if (row == NULL || self->tree == NULL)
    return;

  /* Activating a caller, callee or tree node makes it the function in
   * focus (the Top table selects it too). */
  item = gtk_tree_list_row_get_item (row);
  if (hs_call_tree_item_get_kind (item) > HS_CALL_TREE_ITEM_CALLEES &&
      hs_call_tree_item_get_node (item) < hs_top_get_n_rows (hs_call_tree_get_top (self->tree)))
    {
      HsTopRow *top_row = hs_top_get_row (hs_call_tree_get_top (self->tree),
                                          hs_call_tree_item_get_node (item));

      hs_call_tree_view_set_function (self, hs_top_row_get_function_name (top_row));
    }
  g_object_unref (item);
}

static void
hs_call_tree_view_dispose (GObject *object)
{
  HsCallTreeView *self = HS_CALL_TREE_VIEW (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);
  self->column_view = NULL;
  g_cancellable_cancel (self->bottom_up_cancellable);
  g_clear_object (&self->bottom_up_cancellable);
  for (guint m = 0; m < N_MODES; m++)
    {
      g_clear_object (&self->selections[m]);
      self->tree_models[m] = NULL;
      g_clear_object (&self->trees[m]);
      self->mode_buttons[m] = NULL;
    }
  g_clear_object (&self->tree);

  G_OBJECT_CLASS (hs_call_tree_view_parent_class)->dispose (object);
}

static void
hs_call_tree_view_finalize (GObject *object)
{
  HsCallTreeView *self = HS_CALL_TREE_VIEW (object);

  g_clear_pointer (&self->function, g_free);
  g_clear_pointer (&self->callers_title, g_free);

  G_OBJECT_CLASS (hs_call_tree_view_parent_class)->finalize (object);
}

static void
hs_call_tree_view_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  HsCallTreeView *self = HS_CALL_TREE_VIEW (object);

  switch (prop_id)
    {
    case PROP_FUNCTION:
      g_value_set_string (value, self->function);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* A page that was hidden is shown: its rows now. */
static void
hs_call_tree_view_map (GtkWidget *widget)
{
  HsCallTreeView *self = HS_CALL_TREE_VIEW (widget);

  GTK_WIDGET_CLASS (hs_call_tree_view_parent_class)->map (widget);
  if (self->rows_pending[self->mode])
    show_mode (self);
}

static void
hs_call_tree_view_class_init (HsCallTreeViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hs_call_tree_view_dispose;
  object_class->finalize = hs_call_tree_view_finalize;
  object_class->get_property = hs_call_tree_view_get_property;

  properties[PROP_FUNCTION] =
    g_param_spec_string ("function", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  widget_class->map = hs_call_tree_view_map;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "calltreeview");
}

static void
hs_call_tree_view_init (HsCallTreeView *self)
{
  static const struct
  {
    HsCallTreeMode mode;
    const char    *label;
    const char    *tooltip;
  } modes[] = {
    { HS_CALL_TREE_MODE_TOP_DOWN, N_("_Top Down"),
      N_("The call tree from the roots: expand a function to see what it calls") },
    { HS_CALL_TREE_MODE_BOTTOM_UP, N_("_Bottom Up"),
      N_("Functions by their own (self) value: expand one to see who called it") },
    { HS_CALL_TREE_MODE_CALLERS, N_("C_allers & Callees"),
      N_("The callers and callees of the function selected in the Top table") },
  };
  GtkWidget *scroller;
  GtkWidget *header;
  GtkWidget *switcher;

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_margin_start (header, 12);
  gtk_widget_set_margin_end (header, 12);
  gtk_widget_set_margin_top (header, 6);
  gtk_widget_set_margin_bottom (header, 6);
  gtk_box_append (GTK_BOX (self->box), header);

  /* Linked toggles, as Sysprof's and heaptrack's call tree switches. */
  switcher = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_add_css_class (switcher, "linked");
  gtk_box_append (GTK_BOX (header), switcher);
  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      GtkWidget *button = gtk_toggle_button_new_with_mnemonic (_(modes[i].label));

      gtk_widget_set_tooltip_text (button, _(modes[i].tooltip));
      g_object_set_data (G_OBJECT (button), "mode", GUINT_TO_POINTER (modes[i].mode));
      if (i > 0)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), self->mode_buttons[modes[0].mode]);
      g_signal_connect_object (button, "toggled", G_CALLBACK (on_mode_toggled), self, 0);
      gtk_box_append (GTK_BOX (switcher), button);
      self->mode_buttons[modes[i].mode] = GTK_TOGGLE_BUTTON (button);
    }

  self->title = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->title, 0.0f);
  gtk_label_set_ellipsize (self->title, PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (GTK_WIDGET (self->title), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->title), "dim-label");
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (self->title));

  self->column_view = GTK_COLUMN_VIEW (gtk_column_view_new (NULL));
  gtk_column_view_set_show_column_separators (self->column_view, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->column_view), "data-table");
  g_signal_connect (self->column_view, "activate", G_CALLBACK (on_activate), self);

  scroller = gtk_scrolled_window_new ();
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->column_view));
  gtk_box_append (GTK_BOX (self->box), scroller);

  for (guint m = HS_CALL_TREE_MODE_TOP_DOWN; m < N_MODES; m++)
    set_mode_model (self, m, G_LIST_MODEL (g_list_store_new (HS_TYPE_CALL_TREE_ITEM)));
  build_columns (self, FALSE);
  rebuild (self);
}
