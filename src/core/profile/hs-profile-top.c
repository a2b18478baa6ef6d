/* hs-profile-top.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-profile-top"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "hs-goroutine-growth.h"
#include "hs-growers.h"
#include "hs-profile-diff.h"
#include "hs-profile-top-private.h"

/* This follows pprof's internal/graph (newGraph, CreateNodes, nodeInfo,
 * NameComponents) and report (TextItems, FlatNameOrder) as of Go 1.19:
 *
 * - a node is a printable name: the function name ("functions"
 *   granularity), or name plus " file:line" ("lines"); a location without
 *   lines is "[objfile]" or "<unknown>";
 * - per sample, every node on the stack gets the value once in cum (a
 *   recursive function counts once) and the innermost frame of the leaf
 *   location gets it in flat; samples whose value is 0 are skipped;
 * - a node is "(inline)" when each call into it was inlined (it is not the
 *   outermost line of its location) and "(partial-inline)" when only some;
 * - rows with flat and cum both 0 are dropped; the order is |flat| desc,
 *   then name, then |cum| desc.
 *
 * We work per distinct stack, not per sample: the sums are the same and an
 * 800k-sample profile has far fewer stacks. */

/* A node's strings point into its input's profile (HsProfileData's
 * strings, which never change once read), so that a profile with 250,000
 * functions costs no string copies: only a printable name that is not a
 * function's name as it stands ("[objfile]", "name file:line") is owned. */
typedef struct
{
  const char *key;        /* printable name, the node's identity */
  char       *owned_key;  /* key, when it is not one of the profile's strings */
  const char *function;
  const char *file;
  gint64      line;
  gint64      flat[2];    /* per input, unsigned sums */
  gint64      cum[2];
  guint8      input;      /* the input whose profile holds the strings */
  guint8      in_flags;   /* 1: some inlined call in, 2: some non-inlined call in */
  guint8      escaped;    /* key holds \xNN for a byte that is not UTF-8 */
} Node;

struct _HsTop
{
  GObject     parent_instance;

  /* Owned */
  HsTopInput  inputs[2];   /* [0] plain or new, [1] base */
  GArray     *nodes;       /* Node */
  HsTopRow  **rows;        /* n_rows, made on first use (hs_top_get_row()) */

  guint       n_rows;
  guint       n_inputs;
  guint       sample_index;
  gboolean    lines;
  gboolean    is_diff;
  gint64      total;
  gint64      flat_sum;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HsTop, hs_top, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
list_model_get_item_type (GListModel *model)
{
  return HS_TYPE_TOP_ROW;
}

static guint
list_model_get_n_items (GListModel *model)
{
  return HS_TOP (model)->n_rows;
}

static gpointer
list_model_get_item (GListModel *model,
                     guint       position)
{
  HsTop *self = HS_TOP (model);

  if (position >= self->n_rows)
    return NULL;
  return g_object_ref (hs_top_get_row (self, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = list_model_get_item_type;
  iface->get_n_items = list_model_get_n_items;
  iface->get_item = list_model_get_item;
}

static void
node_clear (gpointer p)
{
  Node *n = p;

  g_free (n->owned_key);
}

static void
hs_top_finalize (GObject *object)
{
  HsTop *self = (HsTop *) object;

  for (guint i = 0; i < self->n_inputs; i++)
    {
      g_clear_object (&self->inputs[i].profile);
      g_free (self->inputs[i].loc_node_off);
      g_free (self->inputs[i].loc_nodes);
      g_free (self->inputs[i].stack_value);
    }
  g_clear_pointer (&self->nodes, g_array_unref);
  for (guint i = 0; self->rows != NULL && i < self->n_rows; i++)
    g_clear_object (&self->rows[i]);
  g_clear_pointer (&self->rows, g_free);

  G_OBJECT_CLASS (hs_top_parent_class)->finalize (object);
}

static void
hs_top_class_init (HsTopClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hs_top_finalize;
}

static void
hs_top_init (HsTop *self)
{
  self->nodes = g_array_new (FALSE, TRUE, sizeof (Node));
  g_array_set_clear_func (self->nodes, node_clear);
}

/* NodeInfo.NameComponents for one Line of a location. */
/* The line a function-granularity row points at, so that File:Line has
 * one: the function's start_line when the file gives it (Go writes it
 * from 1.20 on), else the lowest line of it on the profile's stacks,
 * which is its first sampled line. @known is what the row has so far (0: nothing). */
static gint64
function_line (gint64             known,
               const HsPFunction *f,
               const HsPLine     *line)
{
  if (f == NULL)
    return known;
  if (f->start_line > 0)
    return f->start_line;
  if (line == NULL || line->line <= 0)
    return known;
  return known > 0 ? MIN (known, line->line) : line->line;
}

/* @name_node maps a string index of the input's profile to its node + 1
 * (0: not seen): in functions mode a named function's key is its name, so
 * the name's index finds the node without building or hashing the key
 * again; @by_key (keys: the nodes' own) is for the first sight of each
 * index, and for what two indices with equal text, or a diff's two
 * profiles, share. */
static guint32
intern_node (HsTop             *self,
             GHashTable        *by_key,
             guint32           *name_node,
             guint8             input,
             HsProfileData     *data,
             const HsPLocation *loc,
             const HsPLine     *line)
{
  const HsPFunction *f = NULL;
  const char *name = "";
  const char *file = "";
  gint64 lineno = 0;
  g_autofree char *built = NULL;
  const char *key;
  gboolean by_name = FALSE;
  gpointer v;
  Node node = { 0, };

  if (line != NULL && line->function != HS_NO_INDEX)
    {
      f = &g_array_index (data->functions, HsPFunction, line->function);
      name = hs_profile_data_str (data, f->name);
      if (self->lines)
        {
          file = hs_profile_data_str (data, f->filename);
          lineno = line->line;
        }
      else if (name[0] != '\0')
        {
          by_name = TRUE;
          if (name_node[f->name] != 0)
            {
              Node *seen = &g_array_index (self->nodes, Node, name_node[f->name] - 1);

              seen->line = function_line (seen->line, f, line);
              return name_node[f->name] - 1;
            }
        }
    }

  if (f == NULL || (name[0] == '\0' && lineno == 0 && file[0] == '\0'))
    {
      /* Only the binary's name is known, if that. */
      const char *objfile = "";

      if (loc->mapping != HS_NO_INDEX)
        objfile = hs_profile_data_str (data, g_array_index (data->mappings, HsPMapping, loc->mapping).filename);
      if (objfile[0] != '\0')
        {
          g_autofree char *base = g_path_get_basename (objfile);
          built = g_strdup_printf ("[%s]", base);
        }
      else
        built = g_strdup ("<unknown>");
    }
  else if (lineno != 0 || file[0] != '\0')
    {
      GString *s = g_string_new (name);

      if (lineno != 0)
        g_string_append_printf (s, "%s%s:%" G_GINT64_FORMAT, s->len ? " " : "", file, lineno);
      else
        g_string_append_printf (s, "%s%s", s->len ? " " : "", file);
      built = g_string_free (s, FALSE);
    }
  key = built != NULL ? built : name;

  v = g_hash_table_lookup (by_key, key);
  if (v != NULL)
    {
      Node *seen = &g_array_index (self->nodes, Node, GPOINTER_TO_UINT (v) - 1);

      if (!self->lines)
        seen->line = function_line (seen->line, f, line);
      if (by_name)
        name_node[f->name] = GPOINTER_TO_UINT (v);
      return GPOINTER_TO_UINT (v) - 1;
    }

  node.owned_key = g_steal_pointer (&built);
  node.key = node.owned_key != NULL ? node.owned_key : name;
  /* strchr first: a vector scan, where strstr goes byte by byte. */
  node.escaped = strchr (node.key, '\\') != NULL && strstr (node.key, "\\x") != NULL;
  node.function = name;
  node.file = f ? hs_profile_data_str (data, f->filename) : "";
  node.line = self->lines ? lineno : function_line (0, f, line);
  node.input = input;
  g_array_append_val (self->nodes, node);
  g_hash_table_insert (by_key, (gpointer) node.key, GUINT_TO_POINTER (self->nodes->len));
  if (by_name)
    name_node[f->name] = self->nodes->len;
  return self->nodes->len - 1;
}

static void
map_locations (HsTop      *self,
               guint8      input,
               GHashTable *by_key)
{
  HsTopInput *in = &self->inputs[input];
  HsProfileData *data = in->data;
  guint n_locs = data->locations->len;
  guint total = 0;
  g_autofree guint32 *name_node = g_new0 (guint32, MAX (data->strings->len, 1));
  /* Only locations on some stack get nodes: a profile can list 250,000
   * locations of which its samples use a quarter, and a node no stack
   * reaches would be dropped as zero anyway. */
  g_autofree guint8 *on_stack = g_new0 (guint8, MAX (n_locs, 1));
  const guint32 *stack_locs = (const guint32 *) (gpointer) data->stack_locs->data;

  for (guint i = 0; i < data->stack_locs->len; i++)
    on_stack[stack_locs[i]] = 1;
  in->loc_node_off = g_new (guint32, n_locs + 1);
  for (guint i = 0; i < n_locs; i++)
    if (on_stack[i])
      total += MAX (1, g_array_index (data->locations, HsPLocation, i).n_lines);
  in->loc_nodes = g_new (guint32, MAX (total, 1));

  total = 0;
  for (guint i = 0; i < n_locs; i++)
    {
      const HsPLocation *loc = &g_array_index (data->locations, HsPLocation, i);

      in->loc_node_off[i] = total;
      if (!on_stack[i])
        continue;
      if (loc->n_lines == 0)
        in->loc_nodes[total++] = intern_node (self, by_key, name_node, input, data, loc, NULL);
      /* Lines are innermost first; nodes go outermost first, root to leaf. */
      for (guint j = loc->n_lines; j > 0; j--)
        in->loc_nodes[total++] = intern_node (self, by_key, name_node, input, data, loc,
                                              &g_array_index (data->lines, HsPLine, loc->line_start + j - 1));
    }
  in->loc_node_off[n_locs] = total;
}

static void
sum_stacks (HsTop      *self,
            HsTopInput *in)
{
  HsProfileData *data = in->data;
  guint n_types = data->sample_types->len;
  const gint64 *values = (const gint64 *) (gpointer) data->values->data;
  const HsPSample *samples = (const HsPSample *) (gpointer) data->samples->data;

  in->stack_value = g_new0 (gint64, MAX (hs_profile_data_n_stacks (data), 1));
  for (guint i = 0; i < data->samples->len; i++)
    in->stack_value[samples[i].stack] = hs_add64 (in->stack_value[samples[i].stack],
                                                  values[(gsize) i * n_types + self->sample_index]);
}

/* Pair keys go into an HsU64Map plus 1 (0 marks its free slots). */
static inline guint64
pair_map_key (guint32 a,
              guint32 b)
{
  return (guint64) GPOINTER_TO_SIZE (hs_pair_key (a, b)) + 1;
}

/* Marks the nodes that some location calls inline (the callee of two
 * adjacent lines of one location): only calls into them can make a
 * row "(inline)" or "(partial-inline)", so only those calls need to be
 * remembered pair by pair (pprof's Edge.Inline is per caller-callee
 * pair). A profile without inlining has none, and its walk records no
 * pair at all. Returns how many such calls there are. */
static gsize
mark_inline_targets (HsTop  *self,
                     guint8 *inline_target)
{
  gsize n = 0;

  for (guint k = 0; k < self->n_inputs; k++)
    {
      const HsTopInput *in = &self->inputs[k];
      guint n_locs = in->data->locations->len;

      for (guint li = 0; li < n_locs; li++)
        for (guint32 j = in->loc_node_off[li] + 1; j < in->loc_node_off[li + 1]; j++)
          if (in->loc_nodes[j - 1] != in->loc_nodes[j])
            {
              inline_target[in->loc_nodes[j]] = 1;
              n++;
            }
    }
  return n;
}

/* Walks every stack with a non-zero value: flat, cum, and which calls
 * occur, for the inline markers. Only calls into @inline_target nodes
 * matter (another node's flags can only say "not inlined", which shows
 * nothing): a call between locations is never inlined and sets the
 * callee's flag 2 at once; @edges gets those calls, flagged 2 across
 * locations and 1 inside one. FALSE when cancelled. */
static gboolean
walk_input (HsTop         *self,
            guint          k,
            guint32       *seen,
            guint32       *stamp,
            const guint8  *inline_target,
            HsU64Map      *edges,
            GCancellable  *cancellable)
{
  HsTopInput *in = &self->inputs[k];
  HsProfileData *data = in->data;
  const guint32 *offsets = (const guint32 *) (gpointer) data->stack_offsets->data;
  const guint32 *locs = (const guint32 *) (gpointer) data->stack_locs->data;
  guint n_stacks = hs_profile_data_n_stacks (data);
  guint n_locs = data->locations->len;
  Node *nodes = (Node *) (gpointer) self->nodes->data;
  const guint32 *loc_nodes = in->loc_nodes;
  const guint32 *loc_node_off = in->loc_node_off;
  guint8 *loc_used = g_new0 (guint8, MAX (n_locs, 1));
  /* The caller last recorded for each location: stacks share their
   * prefixes, so most pairs were just recorded. */
  guint32 *last_caller = g_new (guint32, MAX (n_locs, 1));
  /* Whether a call into the location can make a marker: its outermost
   * node is an inline target. Only those calls are looked at (a profile
   * without inlining has none: 5 million frames of deep recursion walk
   * with no work but cum). */
  guint8 *loc_is_target = g_new0 (guint8, MAX (n_locs, 1));
  gboolean cancelled = FALSE;
  gsize work = 0;

  memset (last_caller, 0xff, MAX (n_locs, 1) * sizeof (guint32));
  for (guint li = 0; li < n_locs; li++)
    loc_is_target[li] = loc_node_off[li] < loc_node_off[li + 1] && inline_target[loc_nodes[loc_node_off[li]]];
  for (guint s = 0; s < n_stacks && !cancelled; s++)
    {
      gint64 v = in->stack_value[s];
      guint32 start = offsets[s], end = offsets[s + 1];
      guint32 last = HS_NO_INDEX;

      if (hs_cancel_check_work (cancellable, &work, end - start + 1, NULL))
        cancelled = TRUE;
      if (v == 0 || cancelled)
        continue;
      if (++(*stamp) == 0)
        {
          memset (seen, 0, self->nodes->len * sizeof (guint32));
          *stamp = 1;
        }
      for (guint32 i = end; i > start; i--)
        {
          guint32 li = locs[i - 1];

          loc_used[li] = 1;
          if (loc_is_target[li] && i < end && last_caller[li] != locs[i])
            {
              guint32 caller = locs[i];
              guint32 from = loc_nodes[loc_node_off[caller + 1] - 1];
              guint32 to = loc_nodes[loc_node_off[li]];

              last_caller[li] = caller;
              if (from != to)
                {
                  gboolean added;

                  nodes[to].in_flags |= 2;
                  *hs_u64_map_insert (edges, pair_map_key (from, to), &added) |= 2;
                }
            }
          for (guint32 j = loc_node_off[li]; j < loc_node_off[li + 1]; j++)
            {
              guint32 n = loc_nodes[j];

              if (seen[n] != *stamp)
                {
                  seen[n] = *stamp;
                  nodes[n].cum[k] = hs_add64 (nodes[n].cum[k], v);
                }
              last = n;
            }
        }
      if (last != HS_NO_INDEX)
        nodes[last].flat[k] = hs_add64 (nodes[last].flat[k], v);
    }

  /* Calls inside a location are inlined. */
  for (guint li = 0; li < n_locs && !cancelled; li++)
    {
      if (!loc_used[li])
        continue;
      for (guint32 j = loc_node_off[li] + 1; j < loc_node_off[li + 1]; j++)
        if (loc_nodes[j - 1] != loc_nodes[j])
          {
            gboolean added;

            *hs_u64_map_insert (edges, pair_map_key (loc_nodes[j - 1], loc_nodes[j]), &added) |= 1;
          }
    }
  g_free (loc_is_target);
  g_free (last_caller);
  g_free (loc_used);
  return !cancelled;
}


static inline gint64
node_flat (const Node *n)
{
  return hs_sub64 (n->flat[0], n->flat[1]);
}

static inline gint64
node_cum (const Node *n)
{
  return hs_sub64 (n->cum[0], n->cum[1]);
}

/* The next byte of a name as the profile had it: the reader writes each
 * byte that is not valid UTF-8 as \xNN (hs-pprof-reader.c), and pprof
 * orders names by their bytes. */
static inline guint
raw_byte (const char **p)
{
  const char *s = *p;

  if (s[0] == '\\' && s[1] == 'x' && g_ascii_isxdigit (s[2]) && g_ascii_isxdigit (s[3]))
    {
      *p = s + 4;
      return g_ascii_xdigit_value (s[2]) * 16 + g_ascii_xdigit_value (s[3]);
    }
  *p = s + 1;
  return (guchar) s[0];
}

static int
compare_raw_names (const char *a,
                   const char *b)
{
  while (*a != '\0' && *b != '\0')
    {
      guint x = raw_byte (&a), y = raw_byte (&b);

      if (x != y)
        return x < y ? -1 : 1;
    }
  return (*a != '\0') - (*b != '\0');
}

/* What the order of rows looks at, copied out of the nodes so that the
 * sort moves and compares 32-byte records, not indices into 80-byte
 * nodes (250,000 of them on a profile with as many functions). */
typedef struct
{
  guint64     flat;     /* |flat| */
  guint64     cum;      /* |cum| */
  const char *key;
  guint32     node;
  guint8      zero;     /* flat and cum both 0: the row is dropped */
  guint8      escaped;
} SortKey;

static int
compare_nodes (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  const SortKey *l = a;
  const SortKey *r = b;
  int c;

  /* Dropped nodes go last (they stay addressable for flame and call tree). */
  if (l->zero != r->zero)
    return l->zero ? 1 : -1;
  if (l->flat != r->flat)
    return l->flat > r->flat ? -1 : 1;
  /* Byte order; the reader's \xNN escapes are rare, and strcmp is
   * much faster on the 70,000 "name file:line" nodes of deep inlining. */
  c = l->escaped || r->escaped ? compare_raw_names (l->key, r->key) : strcmp (l->key, r->key);
  if (c != 0)
    return c;
  if (l->cum != r->cum)
    return l->cum > r->cum ? -1 : 1;
  return 0;
}

/* A merge sort of the keys with compare_nodes() inlined: g_qsort_with_data
 * calls it through a pointer and moves records with memcpy, a third of
 * top's time on 23,000 functions. O(n log n) whatever the file holds. */
static void
sort_keys (SortKey *keys,
           gsize    n)
{
  enum { RUN = 16 };
  SortKey *from = keys;
  g_autofree SortKey *spare = NULL;

  for (gsize lo = 0; lo < n; lo += RUN)
    {
      gsize hi = MIN (lo + RUN, n);

      for (gsize i = lo + 1; i < hi; i++)
        {
          SortKey k = keys[i];
          gsize j = i;

          for (; j > lo && compare_nodes (&k, &keys[j - 1], NULL) < 0; j--)
            keys[j] = keys[j - 1];
          keys[j] = k;
        }
    }
  if (n <= RUN)
    return;
  spare = g_new (SortKey, n);
  for (gsize width = RUN; width < n; width *= 2)
    {
      SortKey *to = from == keys ? spare : keys;

      for (gsize lo = 0; lo < n; lo += 2 * width)
        {
          gsize mid = MIN (lo + width, n), hi = MIN (lo + 2 * width, n);
          gsize a = lo, b = mid, o = lo;

          /* Ties take the left run first: stable. */
          while (a < mid && b < hi)
            to[o++] = compare_nodes (&from[b], &from[a], NULL) < 0 ? from[b++] : from[a++];
          while (a < mid)
            to[o++] = from[a++];
          while (b < hi)
            to[o++] = from[b++];
        }
      from = to;
    }
  if (from != keys)
    memcpy (keys, from, n * sizeof (SortKey));
}

static gboolean
build (HsTop         *self,
       GCancellable  *cancellable,
       GError       **error)
{
  g_autoptr(GHashTable) by_key = g_hash_table_new (hs_str_hash, g_str_equal);
  HsU64Map edges;
  g_autofree guint32 *seen = NULL;
  g_autofree guint8 *inline_target = NULL;
  g_autofree guint32 *order = NULL;
  g_autofree guint32 *renumber = NULL;
  Node *nodes;
  guint32 stamp = 0;
  guint n_nodes;

  for (guint k = 0; k < self->n_inputs; k++)
    {
      map_locations (self, k, by_key);
      sum_stacks (self, &self->inputs[k]);
    }
  n_nodes = self->nodes->len;
  seen = g_new0 (guint32, MAX (n_nodes, 1));
  inline_target = g_new0 (guint8, MAX (n_nodes, 1));
  hs_u64_map_init (&edges, mark_inline_targets (self, inline_target));
  for (guint k = 0; k < self->n_inputs; k++)
    if (!walk_input (self, k, seen, &stamp, inline_target, &edges, cancellable))
      break;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      hs_u64_map_clear (&edges);
      return FALSE;
    }

  for (gsize i = 0; i <= edges.mask; i++)
    {
      /* Free slots' values are not set: read only used ones. */
      if (edges.keys[i] == 0)
        continue;
      /* The call is inline iff it never appears across locations (then
       * the walk has set the callee's flag 2 already). */
      if (edges.values[i] == 1)
        g_array_index (self->nodes, Node, (guint32) (edges.keys[i] - 1)).in_flags |= 1;
    }
  hs_u64_map_clear (&edges);

  /* Sort, then renumber so that row i is node i. */
  order = g_new (guint32, MAX (n_nodes, 1));
  {
    SortKey *keys = g_new (SortKey, MAX (n_nodes, 1));

    for (guint i = 0; i < n_nodes; i++)
      {
        const Node *n = &g_array_index (self->nodes, Node, i);

        keys[i].flat = hs_abs64 (node_flat (n));
        keys[i].cum = hs_abs64 (node_cum (n));
        keys[i].key = n->key;
        keys[i].node = i;
        keys[i].zero = node_flat (n) == 0 && node_cum (n) == 0;
        keys[i].escaped = n->escaped;
      }
    sort_keys (keys, n_nodes);
    for (guint i = 0; i < n_nodes; i++)
      order[i] = keys[i].node;
    g_free (keys);
  }
  renumber = g_new (guint32, MAX (n_nodes, 1));
  for (guint i = 0; i < n_nodes; i++)
    renumber[order[i]] = i;
  /* Permute in place, one cycle at a time (node i becomes old node
   * order[i]), rather than into a second array of every node. `order`
   * entries are marked done with HS_NO_INDEX. */
  nodes = (Node *) (gpointer) self->nodes->data;
  for (guint i = 0; i < n_nodes; i++)
    {
      Node held;
      guint32 j = i;

      if (order[i] == HS_NO_INDEX || order[i] == i)
        continue;
      held = nodes[i];
      for (;;)
        {
          guint32 next = order[j];

          order[j] = HS_NO_INDEX;
          if (next == i)
            {
              nodes[j] = held;
              break;
            }
          nodes[j] = nodes[next];
          j = next;
        }
    }
  for (guint k = 0; k < self->n_inputs; k++)
    {
      HsTopInput *in = &self->inputs[k];
      guint n = in->loc_node_off[in->data->locations->len];

      for (guint i = 0; i < n; i++)
        in->loc_nodes[i] = renumber[in->loc_nodes[i]];
    }

  /* Totals, as pprof's computeTotal (hs_profile_get_total: over merged
   * samples, the sum of |value|, a saved diff's base alone); in a diff,
   * the base's alone unless that is 0. pprof computes it before applying
   * -focus and the other filters, so a filtered profile's total is its
   * source's (hs-profile-filter.h). */
  {
    gint64 totals[2] = { 0, 0 };

    for (guint k = 0; k < self->n_inputs; k++)
      totals[k] = hs_profile_get_total (hs_profile_get_unfiltered (self->inputs[k].profile), self->sample_index);
    self->total = self->is_diff && totals[1] > 0 ? totals[1] : hs_add64 (totals[0], totals[1]);
  }

  /* The row objects are made when asked for (hs_top_get_row()): the CLI
   * prints a few of 250,000. */
  for (guint i = 0; i < n_nodes; i++)
    {
      Node *n = &g_array_index (self->nodes, Node, i);

      if (node_flat (n) == 0 && node_cum (n) == 0)
        break;
      self->flat_sum = hs_add64 (self->flat_sum, node_flat (n));
      self->n_rows++;
    }
  self->rows = g_new0 (HsTopRow *, MAX (self->n_rows, 1));
  return TRUE;
}

static HsTop *
hs_top_new_internal (HsProfile     *newer,
                     HsProfile     *base,
                     guint          sample_index,
                     gboolean       lines,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(HsTop) self = NULL;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  self = g_object_new (HS_TYPE_TOP, NULL);

  self->sample_index = sample_index;
  self->lines = lines;
  self->is_diff = base != NULL;
  self->n_inputs = base != NULL ? 2 : 1;
  self->inputs[0].profile = g_object_ref (newer);
  self->inputs[0].data = hs_profile_get_data (newer);
  self->inputs[0].sign = 1;
  if (base != NULL)
    {
      self->inputs[1].profile = g_object_ref (base);
      self->inputs[1].data = hs_profile_get_data (base);
      self->inputs[1].sign = -1;
    }
  if (!build (self, cancellable, error))
    return NULL;
  return g_steal_pointer (&self);
}

HsTop *
hs_top_new (HsProfile *profile,
            guint      sample_index,
            gboolean   lines)
{
  return hs_top_new_full (profile, sample_index, lines, NULL, NULL);
}

/**
 * hs_top_new_full:
 *
 * hs_top_new() for a worker thread: fails with G_IO_ERROR_CANCELLED soon
 * after @cancellable is cancelled.
 */
HsTop *
hs_top_new_full (HsProfile     *profile,
                 guint          sample_index,
                 gboolean       lines,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_return_val_if_fail (HS_IS_PROFILE (profile), NULL);
  g_return_val_if_fail (sample_index < hs_profile_get_n_sample_types (profile), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return hs_top_new_internal (profile, NULL, sample_index, lines, cancellable, error);
}

gboolean
hs_profile_diff_check (HsProfile  *base,
                       HsProfile  *newer,
                       GError    **error)
{
  g_return_val_if_fail (HS_IS_PROFILE (base), FALSE);
  g_return_val_if_fail (HS_IS_PROFILE (newer), FALSE);

  if (!hs_profile_same_sample_types (base, newer))
    {
      g_autoptr(GString) a = g_string_new (NULL);
      g_autoptr(GString) b = g_string_new (NULL);
      gboolean base_goroutines = hs_profile_is_goroutine (base);

      if (base_goroutines != hs_profile_is_goroutine (newer))
        {
          /* Translators: the first %s is a file name */
          g_set_error (error, HS_PROFILE_ERROR, HS_PROFILE_ERROR_INCOMPATIBLE,
                       _("%s is a goroutine profile and %s is not: the sample types differ, "
                         "and a goroutine profile can only be compared with another goroutine profile"),
                       hs_profile_get_display_name (base_goroutines ? base : newer),
                       hs_profile_get_display_name (base_goroutines ? newer : base));
          return FALSE;
        }
      for (guint i = 0; i < hs_profile_get_n_sample_types (base); i++)
        g_string_append_printf (a, "%s%s/%s", i ? ", " : "", hs_profile_get_sample_type (base, i),
                                hs_profile_get_sample_unit (base, i));
      for (guint i = 0; i < hs_profile_get_n_sample_types (newer); i++)
        g_string_append_printf (b, "%s%s/%s", i ? ", " : "", hs_profile_get_sample_type (newer, i),
                                hs_profile_get_sample_unit (newer, i));
      /* Translators: file (its sample types) … file (its sample types) */
      g_set_error (error, HS_PROFILE_ERROR, HS_PROFILE_ERROR_INCOMPATIBLE,
                   _("%s (%s) and %s (%s) count different things: the sample types differ, "
                     "and only profiles with the same sample types can be compared"),
                   hs_profile_get_display_name (base), a->str,
                   hs_profile_get_display_name (newer), b->str);
      return FALSE;
    }
  return TRUE;
}

HsTop *
hs_top_new_diff (HsProfile  *base,
                 HsProfile  *newer,
                 guint       sample_index,
                 gboolean    lines,
                 GError    **error)
{
  return hs_top_new_diff_full (base, newer, sample_index, lines, NULL, error);
}

HsTop *
hs_top_new_diff_full (HsProfile     *base,
                      HsProfile     *newer,
                      guint          sample_index,
                      gboolean       lines,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_return_val_if_fail (HS_IS_PROFILE (base), NULL);
  g_return_val_if_fail (HS_IS_PROFILE (newer), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);

  if (!hs_profile_diff_check (base, newer, error))
    return NULL;
  g_return_val_if_fail (sample_index < hs_profile_get_n_sample_types (newer), NULL);

  return hs_top_new_internal (newer, base, sample_index, lines, cancellable, error);
}

HsProfile *
hs_top_get_profile (HsTop *self)
{
  g_return_val_if_fail (HS_IS_TOP (self), NULL);
  return self->inputs[0].profile;
}

HsProfile *
hs_top_get_base_profile (HsTop *self)
{
  g_return_val_if_fail (HS_IS_TOP (self), NULL);
  return self->is_diff ? self->inputs[1].profile : NULL;
}

gboolean
hs_top_get_is_diff (HsTop *self)
{
  g_return_val_if_fail (HS_IS_TOP (self), FALSE);
  return self->is_diff;
}

gboolean
hs_top_get_lines (HsTop *self)
{
  g_return_val_if_fail (HS_IS_TOP (self), FALSE);
  return self->lines;
}

guint
hs_top_get_sample_index (HsTop *self)
{
  g_return_val_if_fail (HS_IS_TOP (self), 0);
  return self->sample_index;
}

const char *
hs_top_get_sample_type (HsTop *self)
{
  g_return_val_if_fail (HS_IS_TOP (self), NULL);
  return hs_profile_get_sample_type (self->inputs[0].profile, self->sample_index);
}

const char *
hs_top_get_unit (HsTop *self)
{
  g_return_val_if_fail (HS_IS_TOP (self), NULL);
  return hs_profile_get_sample_unit (self->inputs[0].profile, self->sample_index);
}

gint64
hs_top_get_total (HsTop *self)
{
  g_return_val_if_fail (HS_IS_TOP (self), 0);
  return self->total;
}

gint64
hs_top_get_flat_sum (HsTop *self)
{
  g_return_val_if_fail (HS_IS_TOP (self), 0);
  return self->flat_sum;
}

guint
hs_top_get_n_rows (HsTop *self)
{
  g_return_val_if_fail (HS_IS_TOP (self), 0);
  return self->n_rows;
}

void
hs_top_get_values (HsTop       *self,
                   guint        position,
                   HsTopValues *values)
{
  const Node *n;

  g_return_if_fail (HS_IS_TOP (self));
  g_return_if_fail (position < self->n_rows);
  g_return_if_fail (values != NULL);

  n = &g_array_index (self->nodes, Node, position);
  values->name = n->key;
  values->marker = n->in_flags == 1 ? " (inline)" : n->in_flags == 3 ? " (partial-inline)" : "";
  values->file = n->file;
  values->line = n->line;
  values->flat = node_flat (n);
  values->cum = node_cum (n);
  values->base_flat = n->flat[1];
  values->base_cum = n->cum[1];
  values->new_flat = n->flat[0];
  values->new_cum = n->cum[0];
}

HsTopRow *
hs_top_get_row (HsTop *self,
                guint  position)
{
  HsTopRow *row;

  g_return_val_if_fail (HS_IS_TOP (self), NULL);
  g_return_val_if_fail (position < self->n_rows, NULL);

  row = g_atomic_pointer_get (&self->rows[position]);
  if (row == NULL)
    {
      const Node *n = &g_array_index (self->nodes, Node, position);
      HsTopValues v;
      char *owned_name = NULL;

      hs_top_get_values (self, position, &v);
      if (v.marker[0] != '\0')
        owned_name = g_strconcat (v.name, v.marker, NULL);
      else if (n->owned_key != NULL)
        owned_name = g_strdup (v.name);
      row = hs_top_row_new (self->inputs[n->input].profile, owned_name, v.name, n->function, v.file,
                            v.line, position, self->is_diff,
                            v.base_flat, v.base_cum, v.new_flat, v.new_cum, self->total);
      /* Workers (flame layout, call tree) and the main thread may ask
       * for the same row at once: the first one stored wins. */
      if (!g_atomic_pointer_compare_and_exchange (&self->rows[position], NULL, row))
        {
          g_object_unref (row);
          row = g_atomic_pointer_get (&self->rows[position]);
        }
    }
  return row;
}

int
hs_top_find_row (HsTop      *self,
                 const char *function_name)
{
  g_return_val_if_fail (HS_IS_TOP (self), -1);

  for (guint i = 0; i < self->n_rows; i++)
    if (g_str_equal (g_array_index (self->nodes, Node, i).key, function_name))
      return (int) i;
  return -1;
}

/**
 * hs_top_get_growers:
 * @self: a top; for "top growers", a diff (hs_top_new_diff()) with @lines,
 *   as the Compare view and `heapscope-cli diff --growers` use
 * @max_n: how many to return
 *
 * The rows whose flat value grew (in a diff, NEW − BASE > 0), ranked by
 * hs_growers_rank(): largest growth first, then by name.
 *
 * Returns: (transfer container) (element-type HsTopRow): at most @max_n
 *   rows, owned by @self
 */
GPtrArray *
hs_top_get_growers (HsTop *self,
                    guint  max_n)
{
  g_autoptr(GArray) growers = g_array_new (FALSE, FALSE, sizeof (HsGrower));
  GPtrArray *rows;

  g_return_val_if_fail (HS_IS_TOP (self), NULL);

  for (guint i = 0; i < self->n_rows; i++)
    {
      HsTopRow *row = hs_top_get_row (self, i);
      HsGrower grower = { row, hs_top_row_get_name (row), hs_top_row_get_flat (row) };

      g_array_append_val (growers, grower);
    }
  hs_growers_rank (growers, max_n);

  rows = g_ptr_array_sized_new (growers->len);
  for (guint i = 0; i < growers->len; i++)
    g_ptr_array_add (rows, g_array_index (growers, HsGrower, i).item);
  return rows;
}

guint
hs_top_get_n_inputs (HsTop *self)
{
  return self->n_inputs;
}

const HsTopInput *
hs_top_get_input (HsTop *self,
                  guint  i)
{
  g_assert (i < self->n_inputs);
  return &self->inputs[i];
}

guint
hs_top_get_n_nodes (HsTop *self)
{
  return self->nodes->len;
}

const char *
hs_top_get_node_name (HsTop *self,
                      guint  node)
{
  g_assert (node < self->nodes->len);
  return g_array_index (self->nodes, Node, node).key;
}

const char *
hs_top_get_node_file (HsTop *self,
                      guint  node)
{
  g_assert (node < self->nodes->len);
  return g_array_index (self->nodes, Node, node).file;
}

gint64
hs_top_get_node_line (HsTop *self,
                      guint  node)
{
  g_assert (node < self->nodes->len);
  return g_array_index (self->nodes, Node, node).line;
}
