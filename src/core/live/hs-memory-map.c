/* hs-memory-map.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-memory-map"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "hs-input-file.h"
#include "hs-memory-map.h"
#include "hs-output-file.h"
#include "hs-sniff.h"
#include "hs-units.h"

struct _HsMemoryMap
{
  gatomicrefcount  ref_count;
  int              pid;
  char            *name;
  char            *cmdline;
  gint64           wall_usec;
  GArray          *mappings;  /* HsMapping, names owned */
};

G_DEFINE_BOXED_TYPE (HsMemoryMap, hs_memory_map, hs_memory_map_ref, hs_memory_map_unref)

static void
clear_mapping (gpointer data)
{
  HsMapping *mapping = data;

  g_free (mapping->name);
}

HsMemoryMap *
hs_memory_map_new (int         pid,
                   const char *name,
                   const char *cmdline,
                   gint64      wall_usec)
{
  HsMemoryMap *self = g_new0 (HsMemoryMap, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->pid = pid;
  self->name = g_strdup (name ? name : "");
  self->cmdline = g_strdup (cmdline ? cmdline : "");
  self->wall_usec = wall_usec;
  self->mappings = g_array_new (FALSE, TRUE, sizeof (HsMapping));
  g_array_set_clear_func (self->mappings, clear_mapping);
  return self;
}

HsMemoryMap *
hs_memory_map_ref (HsMemoryMap *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
hs_memory_map_unref (HsMemoryMap *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_array_unref (self->mappings);
  g_free (self->name);
  g_free (self->cmdline);
  g_free (self);
}

void
hs_memory_map_add (HsMemoryMap     *self,
                   const HsMapping *mapping)
{
  HsMapping copy;

  g_return_if_fail (self != NULL);
  g_return_if_fail (mapping != NULL);

  copy = *mapping;
  copy.perms[4] = '\0';
  copy.name = g_strdup (mapping->name && mapping->name[0] ? mapping->name : "[anon]");
  g_array_append_val (self->mappings, copy);
}

int
hs_memory_map_get_pid (HsMemoryMap *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->pid;
}

const char *
hs_memory_map_get_name (HsMemoryMap *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->name;
}

const char *
hs_memory_map_get_cmdline (HsMemoryMap *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->cmdline;
}

gint64
hs_memory_map_get_wall_usec (HsMemoryMap *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->wall_usec;
}

guint
hs_memory_map_get_n_mappings (HsMemoryMap *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->mappings->len;
}

const HsMapping *
hs_memory_map_get_mapping (HsMemoryMap *self,
                           guint        index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->mappings->len, NULL);
  return &g_array_index (self->mappings, HsMapping, index);
}

void
hs_memory_map_get_totals (HsMemoryMap *self,
                          guint64     *size,
                          guint64     *rss,
                          guint64     *pss,
                          guint64     *private_dirty,
                          guint64     *swap)
{
  guint64 t[5] = { 0 };

  g_return_if_fail (self != NULL);

  for (guint i = 0; i < self->mappings->len; i++)
    {
      const HsMapping *m = &g_array_index (self->mappings, HsMapping, i);

      /* Saturating: the sizes may come from a file (hs-units.h). */
      t[0] = hs_uint64_add_saturating (t[0], m->size);
      t[1] = hs_uint64_add_saturating (t[1], m->rss);
      t[2] = hs_uint64_add_saturating (t[2], m->pss);
      t[3] = hs_uint64_add_saturating (t[3], m->private_dirty);
      t[4] = hs_uint64_add_saturating (t[4], m->swap);
    }
  if (size) *size = t[0];
  if (rss) *rss = t[1];
  if (pss) *pss = t[2];
  if (private_dirty) *private_dirty = t[3];
  if (swap) *swap = t[4];
}

static void
add_u64 (JsonBuilder *builder,
         const char  *key,
         guint64      value)
{
  /* JSON numbers in json-glib are gint64; mapping sizes stay far below. */
  json_builder_set_member_name (builder, key);
  json_builder_add_int_value (builder, (gint64) MIN (value, (guint64) G_MAXINT64));
}

static void
add_hex (JsonBuilder *builder,
         const char  *key,
         guint64      value)
{
  /* Addresses reach 2^64 (vsyscall): kept as hex strings, exact. */
  g_autofree char *text = g_strdup_printf ("0x%" G_GINT64_MODIFIER "x", value);

  json_builder_set_member_name (builder, key);
  json_builder_add_string_value (builder, text);
}

char *
hs_memory_map_to_json (HsMemoryMap *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *time = NULL;
  guint64 totals[5];

  g_return_val_if_fail (self != NULL, NULL);

  hs_memory_map_get_totals (self, &totals[0], &totals[1], &totals[2], &totals[3], &totals[4]);
  time = hs_format_rfc3339_utc (self->wall_usec);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, HS_MEMORY_MAP_FORMAT);
  json_builder_set_member_name (builder, "pid");
  json_builder_add_int_value (builder, self->pid);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, self->name);
  json_builder_set_member_name (builder, "cmdline");
  json_builder_add_string_value (builder, self->cmdline);
  json_builder_set_member_name (builder, "time");
  json_builder_add_string_value (builder, time);
  json_builder_set_member_name (builder, "time_usec");
  json_builder_add_int_value (builder, self->wall_usec);

  json_builder_set_member_name (builder, "totals");
  json_builder_begin_object (builder);
  add_u64 (builder, "size", totals[0]);
  add_u64 (builder, "rss", totals[1]);
  add_u64 (builder, "pss", totals[2]);
  add_u64 (builder, "private_dirty", totals[3]);
  add_u64 (builder, "swap", totals[4]);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "mappings");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->mappings->len; i++)
    {
      const HsMapping *m = &g_array_index (self->mappings, HsMapping, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, m->name);
      add_hex (builder, "start", m->start);
      add_hex (builder, "end", m->end);
      json_builder_set_member_name (builder, "perms");
      json_builder_add_string_value (builder, m->perms);
      add_hex (builder, "offset", m->offset);
      add_u64 (builder, "inode", m->inode);
      add_u64 (builder, "size", m->size);
      add_u64 (builder, "rss", m->rss);
      add_u64 (builder, "pss", m->pss);
      add_u64 (builder, "private_dirty", m->private_dirty);
      add_u64 (builder, "swap", m->swap);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, NULL);
}

/* The file holds the command line, which may carry secrets: a new one is
 * readable by its owner only (HS_OUTPUT_FILE_PRIVATE_MODE). Errors name
 * the file; a FIFO, device or symlink at @path is written, not replaced. */
gboolean
hs_memory_map_save (HsMemoryMap  *self,
                    const char   *path,
                    GError      **error)
{
  g_autofree char *json = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  json = hs_memory_map_to_json (self);
  return hs_output_file_write (path, json, strlen (json), HS_OUTPUT_FILE_PRIVATE_MODE, error);
}

static gboolean
get_u64 (JsonObject  *object,
         const char  *key,
         guint64     *out)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64 || json_node_get_int (node) < 0)
    return FALSE;
  *out = (guint64) json_node_get_int (node);
  return TRUE;
}

static gboolean
get_hex (JsonObject *object,
         const char *key,
         guint64    *out)
{
  JsonNode *node = json_object_get_member (object, key);
  const char *text;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;
  text = json_node_get_string (node);
  if (!g_str_has_prefix (text, "0x"))
    return FALSE;
  return g_ascii_string_to_unsigned (text + 2, 16, 0, G_MAXUINT64, out, NULL);
}

static const char *
get_string (JsonObject *object,
            const char *key)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

HsMemoryMap *
hs_memory_map_load_bytes (GBytes      *bytes,
                          const char  *display_name,
                          GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(HsMemoryMap) self = NULL;
  JsonObject *root;
  JsonArray *mappings;
  JsonNode *node;
  const char *format;
  const char *name;
  const char *cmdline;
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);
  gint64 pid = 0, wall_usec = 0;

  /* Ours are 3 levels deep; json-glib recurses per level. */
  if (!hs_input_check_json_depth (data, size, HS_INPUT_MAX_JSON_DEPTH, display_name, error))
    return NULL;
  if (!json_parser_load_from_data (parser, data, (gssize) size, &local_error))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s is not a memory-map snapshot: %s"), display_name, local_error->message);
      return NULL;
    }

  node = json_parser_get_root (parser);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s is not a memory-map snapshot: no JSON object"), display_name);
      return NULL;
    }
  root = json_node_get_object (node);
  format = get_string (root, "format");
  if (g_strcmp0 (format, HS_MEMORY_MAP_FORMAT) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s is not a memory-map snapshot: format is “%s”, expected “%s”"),
                   display_name, format ? format : "", HS_MEMORY_MAP_FORMAT);
      return NULL;
    }

  node = json_object_get_member (root, "pid");
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node))
    pid = json_node_get_int (node);
  node = json_object_get_member (root, "time_usec");
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node))
    wall_usec = json_node_get_int (node);
  name = get_string (root, "name");
  cmdline = get_string (root, "cmdline");

  node = json_object_get_member (root, "mappings");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s: the snapshot has no “mappings” array"), display_name);
      return NULL;
    }
  mappings = json_node_get_array (node);

  self = hs_memory_map_new ((int) CLAMP (pid, 0, G_MAXINT), name, cmdline, wall_usec);
  for (guint i = 0; i < json_array_get_length (mappings); i++)
    {
      JsonNode *element = json_array_get_element (mappings, i);
      JsonObject *object;
      HsMapping mapping = { 0 };
      const char *perms;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        goto bad_mapping;
      object = json_node_get_object (element);
      mapping.name = (char *) get_string (object, "name");
      perms = get_string (object, "perms");
      if (mapping.name == NULL || perms == NULL || strlen (perms) != 4 ||
          !get_hex (object, "start", &mapping.start) ||
          !get_hex (object, "end", &mapping.end) ||
          !get_u64 (object, "size", &mapping.size) ||
          !get_u64 (object, "rss", &mapping.rss) ||
          !get_u64 (object, "pss", &mapping.pss) ||
          !get_u64 (object, "private_dirty", &mapping.private_dirty) ||
          !get_u64 (object, "swap", &mapping.swap))
        goto bad_mapping;
      /* Optional fields. */
      get_hex (object, "offset", &mapping.offset);
      get_u64 (object, "inode", &mapping.inode);
      memcpy (mapping.perms, perms, 5);
      hs_memory_map_add (self, &mapping);
      continue;

    bad_mapping:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s: mapping %u is incomplete (needs name, perms, start, end, size, "
                     "rss, pss, private_dirty and swap)"), display_name, i);
      return NULL;
    }

  return g_steal_pointer (&self);
}

HsMemoryMap *
hs_memory_map_load_file (GFile         *file,
                         guint64        max_size,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  bytes = hs_input_file_read (file, max_size ? max_size : HS_MEMORY_MAP_DEFAULT_MAX_SIZE,
                              "--max-size", cancellable, error);
  if (bytes == NULL)
    return NULL;
  name = g_file_get_parse_name (file);
  return hs_memory_map_load_bytes (bytes, name, error);
}

HsMemoryMap *
hs_memory_map_load (const char  *path,
                    GError     **error)
{
  g_autoptr(GFile) file = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  file = g_file_new_for_path (path);
  return hs_memory_map_load_file (file, 0, NULL, error);
}

/* hs_input_sniff (hs-sniff.c) is the one place that tells a snapshot
 * from a profile. */
gboolean
hs_memory_map_sniff (const guint8 *data,
                     gsize         length)
{
  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  return hs_input_sniff (data, length, NULL) == HS_INPUT_SNAPSHOT;
}

gboolean
hs_memory_map_is_snapshot_file (const char *path)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GInputStream) stream = NULL;
  const guint8 *data;
  gsize length = 0;

  g_return_val_if_fail (path != NULL, FALSE);

  file = g_file_new_for_path (path);
  stream = hs_input_file_open (file, NULL, NULL);
  if (stream == NULL)
    return FALSE;
  data = hs_input_stream_peek (stream, &length, NULL, NULL);
  return data != NULL && hs_memory_map_sniff (data, length);
}
