/* hs-go-expvar.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-go-expvar"

#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "hs-go-expvar.h"
#include "hs-input-file.h"

static const char *memstat_names[HS_GO_N_MEMSTATS] = {
  [HS_GO_HEAP_ALLOC] = "HeapAlloc",
  [HS_GO_HEAP_INUSE] = "HeapInuse",
  [HS_GO_HEAP_IDLE] = "HeapIdle",
  [HS_GO_HEAP_RELEASED] = "HeapReleased",
  [HS_GO_HEAP_OBJECTS] = "HeapObjects",
  [HS_GO_HEAP_SYS] = "HeapSys",
  [HS_GO_STACK_INUSE] = "StackInuse",
  [HS_GO_STACK_SYS] = "StackSys",
  [HS_GO_MSPAN_INUSE] = "MSpanInuse",
  [HS_GO_MSPAN_SYS] = "MSpanSys",
  [HS_GO_MCACHE_INUSE] = "MCacheInuse",
  [HS_GO_MCACHE_SYS] = "MCacheSys",
  [HS_GO_BUCK_HASH_SYS] = "BuckHashSys",
  [HS_GO_GC_SYS] = "GCSys",
  [HS_GO_OTHER_SYS] = "OtherSys",
  [HS_GO_SYS] = "Sys",
  [HS_GO_NEXT_GC] = "NextGC",
  [HS_GO_NUM_GC] = "NumGC",
  [HS_GO_PAUSE_TOTAL_NS] = "PauseTotalNs",
  [HS_GO_GC_CPU_FRACTION] = "GCCPUFraction",
};

G_STATIC_ASSERT (HS_GO_N_MEMSTATS <= 32);

const char *
hs_go_memstat_name (HsGoMemstat field)
{
  g_return_val_if_fail (field < HS_GO_N_MEMSTATS, NULL);
  return memstat_names[field];
}

static gboolean
node_number (JsonNode *node,
             double   *out)
{
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    *out = (double) json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE)
    *out = json_node_get_double (node);
  else
    return FALSE;
  return isfinite (*out);
}

static void
add_extra (HsGoExpvar *self,
           const char *id,
           double      value)
{
  HsGoExtra extra;

  if (self->extras->len >= HS_GO_EXPVAR_MAX_EXTRAS || strlen (id) > 200)
    {
      self->n_dropped_extras++;
      return;
    }
  extra.id = g_strdup (id);
  extra.value = value;
  g_array_append_val (self->extras, extra);
}

/* Numbers anywhere under @node, objects flattened into dotted ids. Arrays
 * are skipped: their positions are not stable names. */
static void
collect_extras (HsGoExpvar *self,
                GString    *prefix,
                JsonNode   *node)
{
  double value;

  if (node_number (node, &value))
    add_extra (self, prefix->str, value);
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;
      gsize len = prefix->len;

      json_object_iter_init_ordered (&iter, object);
      while (json_object_iter_next_ordered (&iter, &name, &member))
        {
          if (len > 0)
            g_string_append_c (prefix, '.');
          g_string_append (prefix, name);
          collect_extras (self, prefix, member);
          g_string_truncate (prefix, len);
        }
    }
}

static gboolean
read_ring (JsonObject *memstats,
           const char *name,
           guint64    *ring)
{
  JsonNode *node = json_object_get_member (memstats, name);
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;
  array = json_node_get_array (node);
  if (json_array_get_length (array) != HS_GO_PAUSE_RING)
    return FALSE;
  for (guint i = 0; i < HS_GO_PAUSE_RING; i++)
    {
      double v;

      if (!node_number (json_array_get_element (array, i), &v) || v < 0)
        return FALSE;
      ring[i] = v >= 18446744073709551615.0 ? G_MAXUINT64 : (guint64) v;
    }
  return TRUE;
}

static void
read_memstats (HsGoExpvar *self,
               JsonObject *memstats)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  json_object_iter_init_ordered (&iter, memstats);
  while (json_object_iter_next_ordered (&iter, &name, &member))
    {
      double value;
      guint i;

      if (!node_number (member, &value))
        continue;
      for (i = 0; i < HS_GO_N_MEMSTATS; i++)
        if (strcmp (name, memstat_names[i]) == 0)
          break;
      if (i < HS_GO_N_MEMSTATS)
        {
          self->memstats[i] = value;
          self->present |= 1u << i;
        }
      else
        {
          /* TotalAlloc, Mallocs, Frees, LastGC...: offered like any expvar. */
          g_autofree char *id = g_strconcat ("memstats.", name, NULL);

          add_extra (self, id, value);
        }
    }

  self->has_pause_ring = read_ring (memstats, "PauseNs", self->pause_ns)
                         && read_ring (memstats, "PauseEnd", self->pause_end);
  if (!self->has_pause_ring)
    {
      memset (self->pause_ns, 0, sizeof self->pause_ns);
      memset (self->pause_end, 0, sizeof self->pause_end);
    }
}

static void
extra_clear (gpointer data)
{
  HsGoExtra *extra = data;

  g_free (extra->id);
}

HsGoExpvar *
hs_go_expvar_parse (const char  *data,
                    gsize        size,
                    gsize        max_size,
                    GError     **error)
{
  g_autoptr(HsGoExpvar) self = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GString) prefix = NULL;
  JsonNode *root;
  JsonObject *object;
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  g_return_val_if_fail (data != NULL || size == 0, NULL);

  if (size > max_size)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "expvar page of %" G_GSIZE_FORMAT " bytes is larger than the limit of %" G_GSIZE_FORMAT,
                   size, max_size);
      return NULL;
    }
  if (size > G_MAXSSIZE)
    size = G_MAXSSIZE;
  if (!hs_input_check_json_depth (data, size, HS_INPUT_MAX_JSON_DEPTH, "/debug/vars", &local_error))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "Not an expvar page: %s", local_error->message);
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) size, &local_error))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "Not an expvar page: the JSON is malformed: %s", local_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "Not an expvar page: the JSON is not an object");
      return NULL;
    }

  self = g_new0 (HsGoExpvar, 1);
  self->extras = g_array_new (FALSE, FALSE, sizeof (HsGoExtra));
  g_array_set_clear_func (self->extras, extra_clear);
  prefix = g_string_new (NULL);

  object = json_node_get_object (root);
  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &name, &member))
    {
      if (strcmp (name, "memstats") == 0 && JSON_NODE_HOLDS_OBJECT (member))
        read_memstats (self, json_node_get_object (member));
      else if (strcmp (name, "cmdline") != 0)
        {
          g_string_assign (prefix, name);
          collect_extras (self, prefix, member);
        }
    }

  return g_steal_pointer (&self);
}

void
hs_go_expvar_free (HsGoExpvar *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->extras, g_array_unref);
  g_free (self);
}

gboolean
hs_go_expvar_get (const HsGoExpvar *self,
                  HsGoMemstat       field,
                  double           *out_value)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (field < HS_GO_N_MEMSTATS, FALSE);

  if ((self->present & (1u << field)) == 0)
    return FALSE;
  if (out_value != NULL)
    *out_value = self->memstats[field];
  return TRUE;
}

guint
hs_go_pauses_between (guint32        prev_num_gc,
                      guint32        num_gc,
                      const guint64 *pause_ns,
                      const guint64 *pause_end,
                      GArray        *out)
{
  /* Unsigned: NumGC is a uint32 and may wrap. A "delta" above 2^31 is a
   * counter that went down. */
  guint32 delta = num_gc - prev_num_gc;
  guint32 first;
  guint lost = 0;

  g_return_val_if_fail (pause_ns != NULL && pause_end != NULL && out != NULL, 0);

  if (delta == 0 || delta > G_MAXINT32)
    return 0;
  if (delta > HS_GO_PAUSE_RING)
    {
      lost = delta - HS_GO_PAUSE_RING;
      delta = HS_GO_PAUSE_RING;
    }
  first = num_gc - delta + 1;
  for (guint32 k = 0; k < delta; k++)
    {
      guint32 gc = first + k;
      guint slot = (guint) ((gc + HS_GO_PAUSE_RING - 1) % HS_GO_PAUSE_RING);
      HsGoPause pause = { gc, pause_ns[slot], pause_end[slot] };

      g_array_append_val (out, pause);
    }
  return lost;
}
