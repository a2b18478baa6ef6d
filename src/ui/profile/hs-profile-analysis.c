/* hs-profile-analysis.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-profile-analysis"

#include "config.h"

#include "hs-profile-analysis.h"
#include "hs-profile-diff.h"

typedef struct
{
  HsProfile *base;
  HsProfile *profile;
  HsTop     *top;  /* flame only: the rows already built */
  guint      sample_index;
  gboolean   with_lines;
  gboolean   with_flame;
  /* Owned copies of the filter's strings */
  char      *filters[6];
} Request;

static void
request_free (gpointer data)
{
  Request *request = data;

  g_clear_object (&request->base);
  g_clear_object (&request->profile);
  g_clear_object (&request->top);
  for (guint i = 0; i < G_N_ELEMENTS (request->filters); i++)
    g_free (request->filters[i]);
  g_free (request);
}

void
hs_profile_analysis_free (HsProfileAnalysis *analysis)
{
  if (analysis == NULL)
    return;

  g_clear_object (&analysis->top);
  g_clear_object (&analysis->lines_top);
  g_clear_object (&analysis->call_tree);
  g_clear_object (&analysis->flame);
  g_free (analysis);
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Request *request = task_data;
  g_autoptr(HsProfileAnalysis) analysis = g_new0 (HsProfileAnalysis, 1);
  GError *error = NULL;

  HsProfileFilter filter = {
    request->filters[0], request->filters[1], request->filters[2],
    request->filters[3], request->filters[4], request->filters[5],
  };
  g_autoptr(HsProfile) profile = NULL;
  g_autoptr(HsProfile) base = NULL;
  HsProfileFilterFlags base_unmatched = 0;

  /* HsProfile and HsTop are immutable once built, so reading them here
   * is safe. Every step stops soon after @cancellable is cancelled: a
   * closed tab must not keep a core busy. Filtering makes new profiles
   * that share the loaded one's tables. */
  if (request->profile != NULL &&
      (profile = hs_profile_filter (request->profile, &filter, &analysis->unmatched,
                                    cancellable, &error)) == NULL)
    goto failed;
  if (request->base != NULL)
    {
      base = hs_profile_filter (request->base, &filter, &base_unmatched, cancellable, &error);
      if (base == NULL)
        goto failed;
      /* As pprof filters the merged profile: unmatched on both sides. */
      analysis->unmatched &= base_unmatched;
    }

  if (request->top != NULL)
    analysis->top = g_object_ref (request->top);
  else if (base != NULL)
    analysis->top = hs_top_new_diff_full (base, profile, request->sample_index,
                                          FALSE, cancellable, &error);
  else
    analysis->top = hs_top_new_full (profile, request->sample_index, FALSE,
                                     cancellable, &error);
  if (analysis->top == NULL)
    goto failed;

  if (request->with_lines)
    {
      if (base != NULL)
        analysis->lines_top = hs_top_new_diff_full (base, profile, request->sample_index,
                                                    TRUE, cancellable, &error);
      else
        analysis->lines_top = hs_top_new_full (profile, request->sample_index, TRUE,
                                               cancellable, &error);
      if (analysis->lines_top == NULL)
        goto failed;
    }

  if (request->top == NULL)
    {
      analysis->call_tree = hs_call_tree_new_full (analysis->top, cancellable, &error);
      if (analysis->call_tree == NULL)
        goto failed;
    }

  /* The flame model is the slow part on large profiles: a view can ask
   * for it separately and show the table first. */
  if (request->with_flame)
    {
      analysis->flame = hs_flame_model_new_full (analysis->top, cancellable, &error);
      if (analysis->flame == NULL)
        goto failed;
    }

  g_task_return_pointer (task, g_steal_pointer (&analysis),
                         (GDestroyNotify) hs_profile_analysis_free);
  return;

failed:
  g_task_return_error (task, error);
}

/**
 * hs_profile_analysis_run_async:
 * @base: (nullable): the base of a diff, or %NULL for @profile alone
 */
static void
run_request (Request             *request,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, hs_profile_analysis_run_async);
  g_task_set_task_data (task, request, request_free);
  g_task_run_in_thread (task, run_thread);
}

void
hs_profile_analysis_run_filtered_async (HsProfile             *base,
                                        HsProfile             *profile,
                                        const HsProfileFilter *filter,
                                        guint                  sample_index,
                                        gboolean               with_lines,
                                        gboolean               with_flame,
                                        GCancellable          *cancellable,
                                        GAsyncReadyCallback    callback,
                                        gpointer               user_data)
{
  Request *request;

  g_return_if_fail (base == NULL || HS_IS_PROFILE (base));
  g_return_if_fail (HS_IS_PROFILE (profile));

  request = g_new0 (Request, 1);
  request->base = base != NULL ? g_object_ref (base) : NULL;
  request->profile = g_object_ref (profile);
  request->sample_index = sample_index;
  request->with_lines = with_lines;
  request->with_flame = with_flame;
  if (filter != NULL)
    {
      request->filters[0] = g_strdup (filter->focus);
      request->filters[1] = g_strdup (filter->ignore);
      request->filters[2] = g_strdup (filter->hide);
      request->filters[3] = g_strdup (filter->show);
      request->filters[4] = g_strdup (filter->tagfocus);
      request->filters[5] = g_strdup (filter->tagignore);
    }
  run_request (request, cancellable, callback, user_data);
}

/**
 * hs_profile_analysis_flame_async:
 *
 * Builds only the flame model for @top; finish with
 * hs_profile_analysis_run_finish().
 */
void
hs_profile_analysis_flame_async (HsTop               *top,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  Request *request;

  g_return_if_fail (HS_IS_TOP (top));

  request = g_new0 (Request, 1);
  request->top = g_object_ref (top);
  request->with_flame = TRUE;
  run_request (request, cancellable, callback, user_data);
}

void
hs_profile_analysis_run_async (HsProfile           *base,
                               HsProfile           *profile,
                               guint                sample_index,
                               gboolean             with_lines,
                               gboolean             with_flame,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Request *request;

  g_return_if_fail (base == NULL || HS_IS_PROFILE (base));
  g_return_if_fail (HS_IS_PROFILE (profile));

  request = g_new0 (Request, 1);
  request->base = base != NULL ? g_object_ref (base) : NULL;
  request->profile = g_object_ref (profile);
  request->sample_index = sample_index;
  request->with_lines = with_lines;
  request->with_flame = with_flame;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, hs_profile_analysis_run_async);
  g_task_set_task_data (task, request, request_free);
  g_task_run_in_thread (task, run_thread);
}

HsProfileAnalysis *
hs_profile_analysis_run_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
