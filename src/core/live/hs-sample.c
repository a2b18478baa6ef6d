/* hs-sample.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-sample"

#include "config.h"

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

/* The HsSample field each selector reads, by its validity flag. */
static const HsSampleFlags metric_flags[HS_N_METRICS] = {
  [HS_METRIC_RSS]     = HS_SAMPLE_RSS,
  [HS_METRIC_VSZ]     = HS_SAMPLE_VSZ,
  [HS_METRIC_SHARED]  = HS_SAMPLE_SHARED,
  [HS_METRIC_ANON]    = HS_SAMPLE_ANON,
  [HS_METRIC_HEAP]    = HS_SAMPLE_HEAP,
  [HS_METRIC_SWAP]    = HS_SAMPLE_SWAP,
  [HS_METRIC_THREADS] = HS_SAMPLE_THREADS,
  [HS_METRIC_CPU]     = HS_SAMPLE_CPU,
  [HS_METRIC_FDS]     = HS_SAMPLE_FDS,
};

gboolean
hs_sample_get_value (const HsSample *sample,
                     HsSampleMetric  metric,
                     double         *out_value)
{
  double value;

  g_return_val_if_fail (sample != NULL, FALSE);
  g_return_val_if_fail (metric < HS_N_METRICS, FALSE);

  if ((sample->flags & metric_flags[metric]) == 0)
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
