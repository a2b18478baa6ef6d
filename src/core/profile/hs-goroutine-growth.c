/* hs-goroutine-growth.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-goroutine-growth"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "hs-goroutine-growth.h"
#include "hs-growers.h"
#include "hs-profile-private.h"

/* A goroutine profile's flat frame is where the goroutine parked:
 * runtime.gopark for nearly all of them, so a flat ranking names the
 * scheduler, not the leak. Ranking unique stacks by growth and naming
 * each by its first frame outside the runtime tells "30 more goroutines
 * wait in main.awaitAck" instead. */

void
hs_goroutine_stack_free (HsGoroutineStack *stack)
{
  if (stack == NULL)
    return;
  g_free (stack->site);
  g_free (stack->stack);
  g_free (stack->labels);
  g_free (stack->state);
  g_free (stack);
}

gboolean
hs_profile_is_goroutine (HsProfile *self)
{
  g_return_val_if_fail (HS_IS_PROFILE (self), FALSE);

  /* "goroutineleak": Go 1.26's leaked-goroutine profile, the same form. */
  return hs_profile_get_n_sample_types (self) == 1 &&
         (g_strcmp0 (hs_profile_get_sample_type (self, 0), "goroutine") == 0 ||
          g_strcmp0 (hs_profile_get_sample_type (self, 0), "goroutineleak") == 0);
}

/* The runtime's own frames, as they appear at the top of parked stacks:
 * runtime.gopark, runtime.chanrecv1, runtime.selectgo, runtime.semacquire1,
 * and the runtime's hooks into other packages (internal/poll.runtime_pollWait,
 * sync.runtime_Semacquire, sync.runtime_notifyListWait), and the
 * "<runtime 0x…>" frames the debug=1 text reader names for the leading
 * PCs Go hides (hs-profile-text.c). runtime/pprof and the like are
 * ordinary packages and stay. */
static gboolean
frame_is_runtime (const char *name)
{
  return g_str_has_prefix (name, "runtime.") ||
         g_str_has_prefix (name, "<runtime ") ||
         g_str_has_prefix (name, "internal/") ||
         strstr (name, ".runtime_") != NULL;
}

const char *
hs_goroutine_frame_site (const char * const *frames,
                         guint               n_frames)
{
  for (guint i = 0; i < n_frames; i++)
    if (!frame_is_runtime (frames[i]))
      return frames[i];
  /* All runtime (e.g. runtime.main's helpers): the innermost names it. */
  return n_frames > 0 ? frames[0] : "";
}

static int
compare_pairs (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The longest wait as a person reads it: "47 min", "under 1 min", or
 * "" when the profiles do not say (not a debug=2 text). The CLI and the
 * Compare view both show this. */
char *
hs_goroutine_stack_format_wait (const HsGoroutineStack *stack)
{
  g_return_val_if_fail (stack != NULL, NULL);

  if (stack->wait_minutes == HS_GOROUTINE_WAIT_UNKNOWN)
    return g_strdup ("");
  if (stack->wait_minutes == 0)
    return g_strdup (_("under 1 min"));
  /* TRANSLATORS: how long a goroutine has waited, e.g. "47 min" */
  return g_strdup_printf (_("%lld min"), (long long) stack->wait_minutes);
}

static void
add_state (HsGoroutineStack *entry,
           const char       *state)
{
  g_auto(GStrv) known = NULL;
  char *joined;

  if (entry->state[0] == '\0')
    {
      g_free (entry->state);
      entry->state = g_strdup (state);
      return;
    }
  known = g_strsplit (entry->state, ", ", -1);
  if (g_strv_contains ((const char * const *) known, state))
    return;
  joined = g_strconcat (entry->state, ", ", state, NULL);
  g_free (entry->state);
  entry->state = joined;
}

/* @waits: take the wait states and minutes of this profile's goroutines
 * (a debug=2 text's "state" and "wait" labels, hs-profile-text.c); in a
 * debug=2 text those labels are never part of the key, so that its
 * stacks meet the same stacks of a binary profile. */
static void
add_profile (GHashTable *by_key,
             HsProfile  *profile,
             gboolean    is_base,
             gboolean    waits)
{
  HsProfileData *data = hs_profile_get_data (profile);
  gboolean debug2 = hs_profile_get_format (profile) == HS_PROFILE_FORMAT_GOROUTINE_DEBUG2;
  guint n_types = data->sample_types->len;
  g_autoptr(GPtrArray) frames = g_ptr_array_new ();
  g_autoptr(GPtrArray) pairs = g_ptr_array_new_with_free_func (g_free);

  for (guint s = 0; s < data->samples->len; s++)
    {
      const HsPSample *sample = &g_array_index (data->samples, HsPSample, s);
      guint32 start = g_array_index (data->stack_offsets, guint32, sample->stack);
      guint32 end = g_array_index (data->stack_offsets, guint32, sample->stack + 1);
      gint64 value = g_array_index (data->values, gint64, (gsize) s * n_types);
      const char *state = NULL;
      gint64 wait = 0;
      HsGoroutineStack *entry;
      g_autofree char *stack = NULL;
      g_autofree char *key = NULL;
      g_autofree char *labels = NULL;

      g_ptr_array_set_size (frames, 0);
      for (guint32 k = start; k < end; k++)
        {
          guint32 loc_index = g_array_index (data->stack_locs, guint32, k);
          const HsPLocation *loc = &g_array_index (data->locations, HsPLocation, loc_index);

          for (guint32 l = 0; l < loc->n_lines; l++)
            {
              const HsPLine *line = &g_array_index (data->lines, HsPLine, loc->line_start + l);

              if (line->function == HS_NO_INDEX)
                continue;
              g_ptr_array_add (frames, (gpointer) hs_profile_data_str (data,
                g_array_index (data->functions, HsPFunction, line->function).name));
            }
        }

      /* Sorted by key: the reader keeps the profile's order, which Go
       * does not fix (a map), and equal label sets must share a row. */
      g_ptr_array_set_size (pairs, 0);
      for (guint32 l = 0; l < sample->n_labels; l++)
        {
          const HsPLabel *label = &g_array_index (data->labels, HsPLabel, sample->label_start + l);
          const char *key_name = hs_profile_data_str (data, label->key);

          if (debug2 && strcmp (key_name, "state") == 0)
            state = hs_profile_data_str (data, label->str);
          else if (debug2 && strcmp (key_name, "wait") == 0)
            wait = label->num;
          else if (label->str != 0)
            g_ptr_array_add (pairs, g_strdup_printf ("%s=%s", hs_profile_data_str (data, label->key),
                                                     hs_profile_data_str (data, label->str)));
          else
            g_ptr_array_add (pairs, g_strdup_printf ("%s=%" G_GINT64_FORMAT,
                                                     hs_profile_data_str (data, label->key), label->num));
        }
      g_ptr_array_sort (pairs, compare_pairs);
      g_ptr_array_add (pairs, NULL);
      labels = g_strjoinv (", ", (char **) pairs->pdata);
      g_ptr_array_remove_index (pairs, pairs->len - 1);

      g_ptr_array_add (frames, NULL);
      stack = g_strjoinv (" ← ", (char **) frames->pdata);
      key = g_strconcat (labels, "\n", stack, NULL);
      entry = g_hash_table_lookup (by_key, key);
      if (entry == NULL)
        {
          entry = g_new0 (HsGoroutineStack, 1);
          entry->site = g_strdup (hs_goroutine_frame_site ((const char * const *) frames->pdata,
                                                           frames->len - 1));
          entry->stack = g_steal_pointer (&stack);
          entry->labels = g_strdup (labels);
          entry->state = g_strdup ("");
          entry->wait_minutes = HS_GOROUTINE_WAIT_UNKNOWN;
          g_hash_table_insert (by_key, g_steal_pointer (&key), entry);
        }
      if (waits && debug2)
        {
          if (state != NULL && state[0] != '\0')
            add_state (entry, state);
          entry->wait_minutes = MAX (entry->wait_minutes, wait);
        }
      if (is_base)
        entry->base += value;
      else
        entry->count += value;
    }
}

/* The @max_n stacks that grew most from @base to @newer, largest growth
 * first (ties by stack, so the order is stable), as HsGoroutineStack. */
GPtrArray *
hs_goroutine_growth_new (HsProfile *base,
                         HsProfile *newer,
                         guint      max_n)
{
  g_autoptr(GHashTable) by_key = NULL;
  g_autoptr(GArray) growers = g_array_new (FALSE, FALSE, sizeof (HsGrower));
  GPtrArray *result = g_ptr_array_new_with_free_func ((GDestroyNotify) hs_goroutine_stack_free);
  GHashTableIter iter;
  gpointer key, value;
  gboolean newer_waits;

  g_return_val_if_fail (HS_IS_PROFILE (base), result);
  g_return_val_if_fail (HS_IS_PROFILE (newer), result);

  by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                  (GDestroyNotify) hs_goroutine_stack_free);
  newer_waits = hs_profile_get_format (newer) == HS_PROFILE_FORMAT_GOROUTINE_DEBUG2;
  add_profile (by_key, base, TRUE, !newer_waits);
  add_profile (by_key, newer, FALSE, newer_waits);

  g_hash_table_iter_init (&iter, by_key);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      HsGoroutineStack *entry = value;
      HsGrower grower = { entry, key, hs_sub64 (entry->count, entry->base) };

      g_array_append_val (growers, grower);
    }
  hs_growers_rank (growers, max_n);

  for (guint i = 0; i < growers->len; i++)
    {
      HsGrower *grower = &g_array_index (growers, HsGrower, i);

      g_hash_table_steal (by_key, grower->name);
      /* grower->name was the hash table's key: free it now it is stolen. */
      g_free ((char *) grower->name);
      g_ptr_array_add (result, grower->item);
    }
  return result;
}
