/* hs-massif.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-massif"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "hs-input-file.h"
#include "hs-massif.h"
#include "hs-profile-builder.h"

/* The reader follows ms_print (valgrind 3.19), which is the oracle: '#'
 * starts a comment anywhere on a line, blank lines are skipped, "desc:"
 * lines, then "cmd:", "time_unit:" (i, ms or B), then snapshots of six
 * "field=value" lines; a detailed or peak snapshot is followed by its tree,
 * one "nK: BYTES DETAILS" line a node in depth-first order, K children
 * each. Indentation is not read (ms_print does not either): the counts
 * give the shape. Where ms_print stops, we refuse, with the line; where
 * it would print nonsense (a field that is no number), we refuse too. */

typedef struct
{
  guint32     depth;
  guint32     n_children;
  gint64      bytes;
  const char *details;    /* in the string chunk: "0x…: fn (file:line)" */
} Node;

typedef struct
{
  HsMassifSnapshot  snapshot;
  GArray           *nodes;   /* Node, depth-first; NULL when empty */
} Snapshot;

struct _HsMassif
{
  GObject       parent_instance;

  char         *display_name;
  char         *description;
  char         *command;
  char         *time_unit;
  GArray       *snapshots;   /* Snapshot */
  GStringChunk *strings;
};

G_DEFINE_FINAL_TYPE (HsMassif, hs_massif, G_TYPE_OBJECT)

static void
snapshot_clear (gpointer p)
{
  Snapshot *s = p;

  g_clear_pointer (&s->nodes, g_array_unref);
}

static void
hs_massif_finalize (GObject *object)
{
  HsMassif *self = (HsMassif *) object;

  g_clear_pointer (&self->display_name, g_free);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->command, g_free);
  g_clear_pointer (&self->time_unit, g_free);
  g_clear_pointer (&self->snapshots, g_array_unref);
  g_clear_pointer (&self->strings, g_string_chunk_free);

  G_OBJECT_CLASS (hs_massif_parent_class)->finalize (object);
}

static void
hs_massif_class_init (HsMassifClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hs_massif_finalize;
}

static void
hs_massif_init (HsMassif *self)
{
  self->snapshots = g_array_new (FALSE, TRUE, sizeof (Snapshot));
  g_array_set_clear_func (self->snapshots, snapshot_clear);
  self->strings = g_string_chunk_new (4096);
}

gboolean
hs_massif_sniff (const guint8 *buf,
                 gsize         len)
{
  return len >= 5 && memcmp (buf, "desc:", 5) == 0;
}

/* Lines as ms_print's get_line() gives them: comments cut, blank lines
 * skipped, the line number kept for messages. */
typedef struct
{
  const char *p;
  const char *end;
  guint       number;
  char       *line;   /* the current line, owned */
} Lines;

static const char *
next_line (Lines *l)
{
  g_clear_pointer (&l->line, g_free);
  while (l->p < l->end)
    {
      const char *nl = memchr (l->p, '\n', l->end - l->p);
      const char *e = nl != NULL ? nl : l->end;
      const char *hash = memchr (l->p, '#', e - l->p);
      const char *cut = hash != NULL ? hash : e;
      gboolean blank = TRUE;

      l->number++;
      for (const char *c = l->p; c < cut; c++)
        if (!g_ascii_isspace (*c))
          blank = FALSE;
      if (!blank)
        l->line = g_strndup (l->p, cut - l->p);
      l->p = nl != NULL ? nl + 1 : l->end;
      if (!blank)
        {
          /* A line ends at its first NUL as far as C is concerned. */
          g_strchomp (l->line);
          return l->line;
        }
    }
  return NULL;
}

static gboolean
fail (GError    **error,
      const char *name,
      Lines      *l,
      const char *what)
{
  g_set_error (error, HS_PROFILE_ERROR, HS_PROFILE_ERROR_CORRUPT,
               /* Translators: a massif file's name, a line number, what is wrong */
               _("%s: line %u: %s"), name, l->number, what);
  return FALSE;
}

static gboolean
parse_int (const char *text,
           gint64     *out)
{
  g_autofree char *s = g_strstrip (g_strdup (text));
  char *end = NULL;
  guint64 v;

  if (*s == '\0' || !g_ascii_isdigit (*s))
    return FALSE;
  errno = 0;
  v = g_ascii_strtoull (s, &end, 10);
  if (errno != 0 || *end != '\0' || v > G_MAXINT64)
    return FALSE;
  *out = (gint64) v;
  return TRUE;
}

/* "field=NUMBER" */
static gboolean
field_line (Lines       *l,
            const char  *name,
            const char  *field,
            gint64      *out,
            const char **out_text,
            GError     **error)
{
  const char *line = next_line (l);
  gsize n = strlen (field);

  if (line == NULL)
    {
      g_autofree char *what = g_strdup_printf (_("expected “%s=”, got the end of the file"), field);
      return fail (error, name, l, what);
    }
  if (strncmp (line, field, n) != 0 || line[n] != '=')
    {
      g_autofree char *what = g_strdup_printf (_("expected “%s=”"), field);
      return fail (error, name, l, what);
    }
  if (out_text != NULL)
    {
      *out_text = line + n + 1;
      return TRUE;
    }
  if (!parse_int (line + n + 1, out))
    {
      g_autofree char *what = g_strdup_printf (_("“%s” is not a whole number of 0 or more"), field);
      return fail (error, name, l, what);
    }
  return TRUE;
}

/* Reads one tree, depth-first, checking it against the snapshot's total
 * as ms_print does (a node larger than the snapshot is where it stops). */
static gboolean
parse_tree (HsMassif    *self,
            Lines       *l,
            Snapshot    *s,
            gint64       total,
            GCancellable *cancellable,
            GError     **error)
{
  g_autoptr(GArray) remaining = g_array_new (FALSE, FALSE, sizeof (guint32));
  guint32 pending = 1;   /* the root */

  s->nodes = g_array_new (FALSE, FALSE, sizeof (Node));
  for (;;)
    {
      const char *line, *p;
      char *end = NULL;
      Node node;
      guint64 children;

      if (pending == 0)
        {
          if (remaining->len == 0)
            return TRUE;
          pending = g_array_index (remaining, guint32, remaining->len - 1);
          g_array_set_size (remaining, remaining->len - 1);
          continue;
        }
      pending--;

      if (hs_cancel_check (cancellable, s->nodes->len + 1, error))
        return FALSE;
      line = next_line (l);
      if (line == NULL)
        return fail (error, self->display_name, l, _("expected a tree node line, got the end of the file"));
      p = line;
      while (g_ascii_isspace (*p))
        p++;
      if (*p != 'n' || !g_ascii_isdigit (p[1]))
        return fail (error, self->display_name, l, _("expected a tree node line (“nK: BYTES …”)"));
      errno = 0;
      children = g_ascii_strtoull (p + 1, &end, 10);
      if (errno != 0 || *end != ':' || children > G_MAXUINT32)
        return fail (error, self->display_name, l, _("expected a tree node line (“nK: BYTES …”)"));
      p = end + 1;
      while (g_ascii_isspace (*p))
        p++;
      if (!g_ascii_isdigit (*p))
        return fail (error, self->display_name, l, _("expected a tree node line (“nK: BYTES …”)"));
      errno = 0;
      node.bytes = (gint64) g_ascii_strtoull (p, &end, 10);
      if (errno != 0 || node.bytes < 0)
        return fail (error, self->display_name, l, _("a tree node’s size does not fit in 64 bits"));
      if (node.bytes > total)
        return fail (error, self->display_name, l, _("a tree node holds more bytes than its snapshot’s total"));
      while (g_ascii_isspace (*end))
        end++;
      node.details = g_string_chunk_insert_const (self->strings, end);
      node.depth = remaining->len;
      node.n_children = (guint32) children;
      g_array_append_val (s->nodes, node);

      if (children > 0)
        {
          g_array_append_val (remaining, pending);
          pending = (guint32) children;
        }
    }
}

HsMassif *
hs_massif_parse (const guint8  *buf,
                 gsize          len,
                 const char    *name,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(HsMassif) self = g_object_new (HS_TYPE_MASSIF, NULL);
  g_autoptr(GString) desc = g_string_new (NULL);
  Lines l = { (const char *) buf, (const char *) buf + len, 0, NULL };
  const char *line;
  gboolean ok = FALSE;

  self->display_name = g_strdup (name != NULL ? name : "massif.out");

  /* "desc:" lines, then "cmd:". */
  while ((line = next_line (&l)) != NULL && g_str_has_prefix (line, "desc:"))
    {
      g_autofree char *text = g_strstrip (g_strdup (line + 5));

      g_string_append (desc, text);
    }
  if (line == NULL || !g_str_has_prefix (line, "cmd:"))
    {
      fail (error, self->display_name, &l, _("missing the “cmd:” line of a massif file"));
      goto out;
    }
  self->description = g_strdup (desc->str);
  self->command = g_strstrip (g_strdup (line + 4));

  line = next_line (&l);
  if (line == NULL || !g_str_has_prefix (line, "time_unit:"))
    {
      fail (error, self->display_name, &l, _("missing the “time_unit:” line of a massif file"));
      goto out;
    }
  self->time_unit = g_strstrip (g_strdup (line + 10));
  if (!g_str_equal (self->time_unit, "i") && !g_str_equal (self->time_unit, "ms") &&
      !g_str_equal (self->time_unit, "B"))
    {
      fail (error, self->display_name, &l, _("the time unit is none of massif’s (i, ms or B)"));
      goto out;
    }

  line = next_line (&l);
  while (line != NULL)
    {
      Snapshot s = { { 0 }, NULL };
      const char *tree = NULL;
      gint64 index;

      if (!g_str_has_prefix (line, "snapshot=") || !parse_int (line + 9, &index) || index > G_MAXUINT32)
        {
          fail (error, self->display_name, &l, _("expected “snapshot=N”"));
          goto out;
        }
      s.snapshot.index = (guint) index;
      if (!field_line (&l, self->display_name, "time", &s.snapshot.time, NULL, error) ||
          !field_line (&l, self->display_name, "mem_heap_B", &s.snapshot.heap, NULL, error) ||
          !field_line (&l, self->display_name, "mem_heap_extra_B", &s.snapshot.heap_extra, NULL, error) ||
          !field_line (&l, self->display_name, "mem_stacks_B", &s.snapshot.stacks, NULL, error) ||
          !field_line (&l, self->display_name, "heap_tree", NULL, &tree, error))
        goto out;

      if (g_str_equal (tree, "empty"))
        s.snapshot.tree = HS_MASSIF_TREE_EMPTY;
      else if (g_str_equal (tree, "detailed") || g_str_equal (tree, "peak"))
        s.snapshot.tree = g_str_equal (tree, "peak") ? HS_MASSIF_TREE_PEAK : HS_MASSIF_TREE_DETAILED;
      else
        {
          fail (error, self->display_name, &l, _("expected “empty”, “detailed” or “peak” after “heap_tree=”"));
          goto out;
        }
      g_array_append_val (self->snapshots, s);

      if (s.snapshot.tree != HS_MASSIF_TREE_EMPTY)
        {
          Snapshot *added = &g_array_index (self->snapshots, Snapshot, self->snapshots->len - 1);

          if (!parse_tree (self, &l, added, hs_massif_snapshot_total (&added->snapshot), cancellable, error))
            goto out;
        }
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;
      line = next_line (&l);
    }

  if (self->snapshots->len == 0)
    {
      g_set_error (error, HS_PROFILE_ERROR, HS_PROFILE_ERROR_EMPTY,
                   _("%s: a massif file with no snapshots"), self->display_name);
      goto out;
    }
  ok = TRUE;

out:
  g_free (l.line);
  return ok ? g_steal_pointer (&self) : NULL;
}

HsMassif *
hs_massif_load_file (GFile         *file,
                     guint64        max_size,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) plain = NULL;
  g_autofree char *name = NULL;
  gboolean was_gzip = FALSE;
  const guint8 *buf;
  gsize len;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if (max_size == 0)
    max_size = HS_PROFILE_DEFAULT_MAX_SIZE;
  name = g_file_get_basename (file);
  stream = hs_input_file_open (file, cancellable, error);
  if (stream == NULL)
    return NULL;
  bytes = hs_input_stream_read_all (stream, max_size, name, "max-profile-size", cancellable, error);
  if (bytes == NULL)
    return NULL;
  plain = hs_profile_decompress (bytes, max_size, name, &was_gzip, NULL, cancellable, error);
  if (plain == NULL)
    return NULL;
  buf = g_bytes_get_data (plain, &len);
  if (!hs_massif_sniff (buf, len))
    {
      g_set_error (error, HS_PROFILE_ERROR, HS_PROFILE_ERROR_UNRECOGNIZED,
                   _("%s: not a Valgrind massif file (it does not start with “desc:”)"), name);
      return NULL;
    }
  return hs_massif_parse (buf, len, name, cancellable, error);
}

const char *
hs_massif_get_display_name (HsMassif *self)
{
  g_return_val_if_fail (HS_IS_MASSIF (self), NULL);
  return self->display_name;
}

const char *
hs_massif_get_command (HsMassif *self)
{
  g_return_val_if_fail (HS_IS_MASSIF (self), NULL);
  return self->command;
}

const char *
hs_massif_get_description (HsMassif *self)
{
  g_return_val_if_fail (HS_IS_MASSIF (self), NULL);
  return self->description;
}

const char *
hs_massif_get_time_unit (HsMassif *self)
{
  g_return_val_if_fail (HS_IS_MASSIF (self), NULL);
  return self->time_unit;
}

guint
hs_massif_get_n_snapshots (HsMassif *self)
{
  g_return_val_if_fail (HS_IS_MASSIF (self), 0);
  return self->snapshots->len;
}

const HsMassifSnapshot *
hs_massif_get_snapshot (HsMassif *self,
                        guint     position)
{
  g_return_val_if_fail (HS_IS_MASSIF (self), NULL);
  g_return_val_if_fail (position < self->snapshots->len, NULL);
  return &g_array_index (self->snapshots, Snapshot, position).snapshot;
}

gint64
hs_massif_snapshot_total (const HsMassifSnapshot *snapshot)
{
  return hs_add64 (hs_add64 (snapshot->heap, snapshot->heap_extra), snapshot->stacks);
}

int
hs_massif_get_max_position (HsMassif *self)
{
  int best = -1;

  g_return_val_if_fail (HS_IS_MASSIF (self), -1);

  for (guint i = 0; i < self->snapshots->len; i++)
    if (best < 0 ||
        hs_massif_snapshot_total (hs_massif_get_snapshot (self, i)) >
        hs_massif_snapshot_total (hs_massif_get_snapshot (self, best)))
      best = i;
  return best;
}

int
hs_massif_get_default_position (HsMassif *self)
{
  int best = -1;

  g_return_val_if_fail (HS_IS_MASSIF (self), -1);

  for (guint i = 0; i < self->snapshots->len; i++)
    {
      const HsMassifSnapshot *s = hs_massif_get_snapshot (self, i);

      if (s->tree == HS_MASSIF_TREE_PEAK)
        return i;
      if (s->tree == HS_MASSIF_TREE_DETAILED &&
          (best < 0 || hs_massif_snapshot_total (s) > hs_massif_snapshot_total (hs_massif_get_snapshot (self, best))))
        best = i;
    }
  return best;
}

/* A node's frame, from massif's details:
 *   "0x109155: leak_a (l.c:4)"             function, file and line
 *   "0x4C2DB8F: malloc (in /usr/lib/…so)"  function in a library
 *   "0x109155: ???"                        unknown: the address names it
 *   "in 3 places, all below massif's threshold (1.00%)"
 * The function ends at the last " (": C++ names have parentheses. */
static guint32
node_location (HsBuilder  *b,
               const char *details)
{
  g_autofree char *fn = NULL;
  g_autofree char *file = NULL;
  guint64 address = 0;
  gint64 line = 0;
  const char *rest = details;

  if (g_str_has_prefix (details, "in ") && strstr (details, "below massif's threshold") != NULL)
    return hs_builder_location (b, 0, "(below massif’s threshold)", "", 0);

  if (g_str_has_prefix (details, "0x"))
    {
      char *end = NULL;

      address = g_ascii_strtoull (details + 2, &end, 16);
      if (*end == ':')
        rest = end + 1;
      while (g_ascii_isspace (*rest))
        rest++;
    }

  {
    const char *open = g_strrstr (rest, " (");
    gsize n = strlen (rest);

    if (open != NULL && n > 0 && rest[n - 1] == ')')
      {
        g_autofree char *inside = g_strndup (open + 2, rest + n - 1 - (open + 2));
        const char *colon = strrchr (inside, ':');

        fn = g_strndup (rest, open - rest);
        if (g_str_has_prefix (inside, "in "))
          file = g_strdup (inside + 3);
        else if (colon != NULL && g_ascii_isdigit (colon[1]))
          {
            file = g_strndup (inside, colon - inside);
            line = g_ascii_strtoll (colon + 1, NULL, 10);
          }
        else
          file = g_strdup (inside);
      }
    else
      fn = g_strdup (rest);
  }

  if (fn[0] == '\0' || g_str_equal (fn, "???"))
    {
      g_free (fn);
      fn = address != 0 ? g_strdup_printf ("0x%" G_GINT64_MODIFIER "x", address) : g_strdup ("???");
    }
  return hs_builder_location (b, address, fn, file != NULL ? file : "", line);
}

HsProfile *
hs_massif_get_profile (HsMassif  *self,
                       guint      position,
                       GError   **error)
{
  static const char *types[] = { "inuse_space", "bytes", NULL };
  const Snapshot *s;
  g_autoptr(GArray) path = NULL;
  g_autoptr(GArray) parents = NULL;
  g_autofree gint64 *own = NULL;
  g_autofree char *name = NULL;
  HsBuilder b;

  g_return_val_if_fail (HS_IS_MASSIF (self), NULL);
  g_return_val_if_fail (position < self->snapshots->len, NULL);

  s = &g_array_index (self->snapshots, Snapshot, position);
  if (s->nodes == NULL)
    {
      g_set_error (error, HS_PROFILE_ERROR, HS_PROFILE_ERROR_EMPTY,
                   _("%s: snapshot %u has no allocation tree (massif keeps one only in detailed snapshots)"),
                   self->display_name, s->snapshot.index);
      return NULL;
    }

  hs_builder_init (&b);
  hs_builder_types (&b, types);
  path = g_array_new (FALSE, FALSE, sizeof (guint32));
  parents = g_array_new (FALSE, FALSE, sizeof (guint));

  /* Each node's own bytes: its size less its children's, in one pass
   * (a node's parent is the last node seen one level up). */
  own = g_new (gint64, s->nodes->len);
  for (guint i = 0; i < s->nodes->len; i++)
    {
      const Node *node = &g_array_index (s->nodes, Node, i);

      own[i] = node->bytes;
      g_array_set_size (parents, node->depth);
      if (node->depth > 0)
        {
          guint parent = g_array_index (parents, guint, node->depth - 1);

          own[parent] = hs_sub64 (own[parent], node->bytes);
        }
      g_array_append_val (parents, i);
    }

  /* path[d - 1] is the location of the node at depth d on the way down
   * (d = 1: the function that called malloc; deeper: its callers).
   * The root (depth 0) is massif's "(heap allocation functions)": every
   * stack has it, so, as pprof shows a heap profile, stacks start below
   * it; bytes it holds itself (which massif could not place) get a frame
   * that says so. */
  for (guint i = 0; i < s->nodes->len; i++)
    {
      const Node *node = &g_array_index (s->nodes, Node, i);

      if (node->depth > 0)
        {
          guint32 loc = node_location (&b, node->details);

          g_array_set_size (path, node->depth - 1);
          g_array_append_val (path, loc);
        }
      if (own[i] == 0)
        continue;

      g_array_set_size (b.locs, 0);
      if (node->depth == 0)
        {
          guint32 loc = hs_builder_location (&b, 0, "(heap allocation functions)", "", 0);

          g_array_append_val (b.locs, loc);
        }
      else
        /* Massif's tree grows from the allocation function out to its
         * callers: depth 1 is the innermost frame, the leaf. */
        g_array_append_vals (b.locs, path->data, node->depth);
      hs_builder_sample (&b, &own[i], 1, NULL);
    }

  name = g_strdup_printf (_("%s, snapshot %u"), self->display_name, s->snapshot.index);
  return hs_profile_new_take (hs_builder_finish (&b), name, HS_PROFILE_FORMAT_MASSIF);
}
