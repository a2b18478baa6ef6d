/* hs-top-row.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-top-row"

#include "config.h"

#include "hs-profile-private.h"
#include "hs-profile-top-private.h"
#include "hs-top-row.h"

struct _HsTopRow
{
  GObject   parent_instance;

  /* Owned */
  HsProfile  *owner;       /* holds the strings below */
  char       *owned_name;

  const char *name;
  const char *function_name;
  const char *file;

  gint64    line;
  guint     node;
  gboolean  is_diff;
  gint64    base_flat;
  gint64    base_cum;
  gint64    new_flat;
  gint64    new_cum;
  gint64    total;
};

G_DEFINE_FINAL_TYPE (HsTopRow, hs_top_row, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_FUNCTION_NAME,
  PROP_FILE,
  PROP_LINE,
  PROP_NODE,
  PROP_FLAT,
  PROP_CUM,
  PROP_FLAT_FRACTION,
  PROP_CUM_FRACTION,
  PROP_IS_DIFF,
  PROP_BASE_FLAT,
  PROP_BASE_CUM,
  PROP_NEW_FLAT,
  PROP_NEW_CUM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

HsTopRow *
hs_top_row_new (HsProfile  *owner,
                char       *owned_name,
                const char *name,
                const char *function_name,
                const char *file,
                gint64      line,
                guint       node,
                gboolean    is_diff,
                gint64      base_flat,
                gint64      base_cum,
                gint64      new_flat,
                gint64      new_cum,
                gint64      total)
{
  HsTopRow *self = g_object_new (HS_TYPE_TOP_ROW, NULL);

  /* No copies: a top can have 250,000 rows, all of the profile's names. */
  self->owner = g_object_ref (owner);
  self->owned_name = owned_name;
  self->name = owned_name != NULL ? owned_name : name;
  self->function_name = function_name;
  self->file = file;
  self->line = line;
  self->node = node;
  self->is_diff = is_diff;
  self->base_flat = base_flat;
  self->base_cum = base_cum;
  self->new_flat = new_flat;
  self->new_cum = new_cum;
  self->total = total;
  return self;
}

static void
hs_top_row_finalize (GObject *object)
{
  HsTopRow *self = (HsTopRow *) object;

  g_clear_object (&self->owner);
  g_free (self->owned_name);

  G_OBJECT_CLASS (hs_top_row_parent_class)->finalize (object);
}

static void
hs_top_row_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  HsTopRow *self = HS_TOP_ROW (object);

  switch (prop_id)
    {
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_FUNCTION_NAME: g_value_set_string (value, self->function_name); break;
    case PROP_FILE: g_value_set_string (value, self->file); break;
    case PROP_LINE: g_value_set_int64 (value, self->line); break;
    case PROP_NODE: g_value_set_uint (value, self->node); break;
    case PROP_FLAT: g_value_set_int64 (value, hs_top_row_get_flat (self)); break;
    case PROP_CUM: g_value_set_int64 (value, hs_top_row_get_cum (self)); break;
    case PROP_FLAT_FRACTION: g_value_set_double (value, hs_top_row_get_flat_fraction (self)); break;
    case PROP_CUM_FRACTION: g_value_set_double (value, hs_top_row_get_cum_fraction (self)); break;
    case PROP_IS_DIFF: g_value_set_boolean (value, self->is_diff); break;
    case PROP_BASE_FLAT: g_value_set_int64 (value, self->base_flat); break;
    case PROP_BASE_CUM: g_value_set_int64 (value, self->base_cum); break;
    case PROP_NEW_FLAT: g_value_set_int64 (value, self->new_flat); break;
    case PROP_NEW_CUM: g_value_set_int64 (value, self->new_cum); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hs_top_row_class_init (HsTopRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = hs_top_row_finalize;
  object_class->get_property = hs_top_row_get_property;

  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_FUNCTION_NAME] = g_param_spec_string ("function-name", NULL, NULL, NULL, flags);
  properties[PROP_FILE] = g_param_spec_string ("file", NULL, NULL, NULL, flags);
  properties[PROP_LINE] = g_param_spec_int64 ("line", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_NODE] = g_param_spec_uint ("node", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_FLAT] = g_param_spec_int64 ("flat", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_CUM] = g_param_spec_int64 ("cum", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_FLAT_FRACTION] = g_param_spec_double ("flat-fraction", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0, flags);
  properties[PROP_CUM_FRACTION] = g_param_spec_double ("cum-fraction", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0, flags);
  properties[PROP_IS_DIFF] = g_param_spec_boolean ("is-diff", NULL, NULL, FALSE, flags);
  properties[PROP_BASE_FLAT] = g_param_spec_int64 ("base-flat", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_BASE_CUM] = g_param_spec_int64 ("base-cum", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_NEW_FLAT] = g_param_spec_int64 ("new-flat", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_NEW_CUM] = g_param_spec_int64 ("new-cum", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hs_top_row_init (HsTopRow *self)
{
}

const char *
hs_top_row_get_name (HsTopRow *self)
{
  g_return_val_if_fail (HS_IS_TOP_ROW (self), NULL);
  return self->name;
}

const char *
hs_top_row_get_function_name (HsTopRow *self)
{
  g_return_val_if_fail (HS_IS_TOP_ROW (self), NULL);
  return self->function_name;
}

const char *
hs_top_row_get_file (HsTopRow *self)
{
  g_return_val_if_fail (HS_IS_TOP_ROW (self), NULL);
  return self->file;
}

gint64
hs_top_row_get_line (HsTopRow *self)
{
  g_return_val_if_fail (HS_IS_TOP_ROW (self), 0);
  return self->line;
}

guint
hs_top_row_get_node (HsTopRow *self)
{
  g_return_val_if_fail (HS_IS_TOP_ROW (self), 0);
  return self->node;
}

gint64
hs_top_row_get_flat (HsTopRow *self)
{
  g_return_val_if_fail (HS_IS_TOP_ROW (self), 0);
  return hs_sub64 (self->new_flat, self->base_flat);
}

gint64
hs_top_row_get_cum (HsTopRow *self)
{
  g_return_val_if_fail (HS_IS_TOP_ROW (self), 0);
  return hs_sub64 (self->new_cum, self->base_cum);
}

double
hs_top_row_get_flat_fraction (HsTopRow *self)
{
  g_return_val_if_fail (HS_IS_TOP_ROW (self), 0);
  return self->total != 0 ? (double) hs_top_row_get_flat (self) / (double) self->total : 0.0;
}

double
hs_top_row_get_cum_fraction (HsTopRow *self)
{
  g_return_val_if_fail (HS_IS_TOP_ROW (self), 0);
  return self->total != 0 ? (double) hs_top_row_get_cum (self) / (double) self->total : 0.0;
}

gboolean
hs_top_row_get_is_diff (HsTopRow *self)
{
  g_return_val_if_fail (HS_IS_TOP_ROW (self), FALSE);
  return self->is_diff;
}

gint64
hs_top_row_get_base_flat (HsTopRow *self)
{
  g_return_val_if_fail (HS_IS_TOP_ROW (self), 0);
  return self->base_flat;
}

gint64
hs_top_row_get_base_cum (HsTopRow *self)
{
  g_return_val_if_fail (HS_IS_TOP_ROW (self), 0);
  return self->base_cum;
}

gint64
hs_top_row_get_new_flat (HsTopRow *self)
{
  g_return_val_if_fail (HS_IS_TOP_ROW (self), 0);
  return self->new_flat;
}

gint64
hs_top_row_get_new_cum (HsTopRow *self)
{
  g_return_val_if_fail (HS_IS_TOP_ROW (self), 0);
  return self->new_cum;
}
