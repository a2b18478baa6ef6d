/* hs-source.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-source"

#include "config.h"

#include "hs-source.h"

G_DEFINE_QUARK (hs-source-error-quark, hs_source_error)

G_DEFINE_INTERFACE (HsSource, hs_source, G_TYPE_OBJECT)

static void
hs_source_default_init (HsSourceInterface *iface)
{
  g_object_interface_install_property (iface,
    g_param_spec_boxed ("problem", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
}

GListModel *
hs_source_get_metrics (HsSource *self)
{
  g_return_val_if_fail (HS_IS_SOURCE (self), NULL);
  return HS_SOURCE_GET_IFACE (self)->get_metrics (self);
}

void
hs_source_read_async (HsSource            *self,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_return_if_fail (HS_IS_SOURCE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  HS_SOURCE_GET_IFACE (self)->read_async (self, cancellable, callback, user_data);
}

HsReading *
hs_source_read_finish (HsSource      *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (HS_IS_SOURCE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return HS_SOURCE_GET_IFACE (self)->read_finish (self, result, error);
}

void
hs_source_set_tick_interval (HsSource *self,
                             guint     interval_ms)
{
  HsSourceInterface *iface;

  g_return_if_fail (HS_IS_SOURCE (self));

  iface = HS_SOURCE_GET_IFACE (self);
  if (iface->set_tick_interval != NULL)
    iface->set_tick_interval (self, interval_ms);
}

const char *
hs_source_get_name (HsSource *self)
{
  HsSourceInterface *iface;

  g_return_val_if_fail (HS_IS_SOURCE (self), NULL);

  iface = HS_SOURCE_GET_IFACE (self);
  return iface->get_name != NULL ? iface->get_name (self) : NULL;
}

const GError *
hs_source_get_problem (HsSource *self)
{
  HsSourceInterface *iface;

  g_return_val_if_fail (HS_IS_SOURCE (self), NULL);

  iface = HS_SOURCE_GET_IFACE (self);
  return iface->get_problem != NULL ? iface->get_problem (self) : NULL;
}

int
hs_source_find_metric (HsSource   *self,
                       const char *id)
{
  GListModel *metrics;
  guint n;

  g_return_val_if_fail (HS_IS_SOURCE (self), -1);
  g_return_val_if_fail (id != NULL, -1);

  metrics = hs_source_get_metrics (self);
  n = g_list_model_get_n_items (metrics);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HsMetric) metric = g_list_model_get_item (metrics, i);

      if (g_strcmp0 (hs_metric_get_id (metric), id) == 0)
        return (int) i;
    }
  return -1;
}
