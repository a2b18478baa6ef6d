/* hs-sample.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-sample"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "hs-sample.h"

G_DEFINE_BOXED_TYPE (HsSample, hs_sample, hs_sample_copy, hs_sample_free)

HsSample *
hs_sample_copy (const HsSample *sample)
{
  g_return_val_if_fail (sample != NULL, NULL);

  return g_memdup2 (sample, sizeof *sample);
}

void
hs_sample_free (HsSample *sample)
{
  g_free (sample);
}

static const struct
{
  const char    *id;
  const char    *label;
  HsSampleFlags  flag;
} metrics[HS_N_METRICS] = {
  [HS_METRIC_RSS]     = { "rss",     N_("RSS"),       HS_SAMPLE_RSS },
  [HS_METRIC_VSZ]     = { "vsz",     N_("Virtual"),   HS_SAMPLE_VSZ },
  [HS_METRIC_SHARED]  = { "shared",  N_("Shared"),    HS_SAMPLE_SHARED },
  [HS_METRIC_ANON]    = { "anon",    N_("Anonymous"), HS_SAMPLE_ANON },
  [HS_METRIC_HEAP]    = { "heap",    N_("Heap"),      HS_SAMPLE_HEAP },
  [HS_METRIC_SWAP]    = { "swap",    N_("Swap"),      HS_SAMPLE_SWAP },
  [HS_METRIC_THREADS] = { "threads", N_("Threads"),   HS_SAMPLE_THREADS },
  [HS_METRIC_CPU]     = { "cpu",     N_("CPU"),       HS_SAMPLE_CPU },
  [HS_METRIC_FDS]     = { "fds",     N_("Open files"), HS_SAMPLE_FDS },
};

const char *
hs_sample_metric_get_id (HsSampleMetric metric)
{
  g_return_val_if_fail (metric < HS_N_METRICS, NULL);
  return metrics[metric].id;
}

const char *
hs_sample_metric_get_label (HsSampleMetric metric)
{
  g_return_val_if_fail (metric < HS_N_METRICS, NULL);
  return _(metrics[metric].label);
}

HsSampleFlags
hs_sample_metric_get_flag (HsSampleMetric metric)
{
  g_return_val_if_fail (metric < HS_N_METRICS, 0);
  return metrics[metric].flag;
}

gboolean
hs_sample_get_value (const HsSample *sample,
                     HsSampleMetric  metric,
                     double         *out_value)
{
  double value;

  g_return_val_if_fail (sample != NULL, FALSE);
  g_return_val_if_fail (metric < HS_N_METRICS, FALSE);

  if ((sample->flags & metrics[metric].flag) == 0)
    return FALSE;

  switch (metric)
    {
    case HS_METRIC_RSS: value = (double) sample->rss; break;
    case HS_METRIC_VSZ: value = (double) sample->vsz; break;
    case HS_METRIC_SHARED: value = (double) sample->shared; break;
    case HS_METRIC_ANON: value = (double) sample->anon; break;
    case HS_METRIC_HEAP: value = (double) sample->heap; break;
    case HS_METRIC_SWAP: value = (double) sample->swap; break;
    case HS_METRIC_THREADS: value = sample->threads; break;
    case HS_METRIC_CPU: value = sample->cpu_percent; break;
    case HS_METRIC_FDS: value = sample->fds; break;
    case HS_N_METRICS:
    default:
      g_assert_not_reached ();
    }

  if (out_value != NULL)
    *out_value = value;
  return TRUE;
}
