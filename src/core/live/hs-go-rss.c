/* hs-go-rss.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-go-rss"

#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "hs-go-rss.h"
#include "hs-procfs.h"

static const struct
{
  const char *id;
  const char *label;
  const char *explanation;
} parts[HS_GO_RSS_N_PARTS] = {
  [HS_GO_RSS_HEAP_INUSE] = { "heap_inuse", N_("Go heap in use"),
    N_("Heap spans holding objects (HeapInuse)") },
  [HS_GO_RSS_HEAP_IDLE] = { "heap_idle_kept", N_("Go heap idle, not released"),
    N_("Empty heap spans the runtime keeps for reuse (HeapIdle − HeapReleased)") },
  [HS_GO_RSS_HEAP_RELEASED] = { "heap_released_resident", N_("Go heap released, still resident"),
    N_("Heap returned with MADV_FREE that the kernel has not reclaimed yet (LazyFree)") },
  [HS_GO_RSS_STACKS] = { "stacks", N_("Go stacks"),
    N_("Goroutine stacks (StackInuse) up to all stack memory (StackSys)") },
  [HS_GO_RSS_RUNTIME] = { "runtime_metadata", N_("Go runtime metadata"),
    N_("Span descriptors, allocation caches and profiling tables (MSpan, MCache, BuckHash)") },
  [HS_GO_RSS_GC_OTHER] = { "gc_other", N_("Go GC and other overhead"),
    N_("Garbage collector metadata and other runtime allocations (GCSys + OtherSys)") },
  [HS_GO_RSS_NOT_GO] = { "not_go", N_("Not the Go runtime's"),
    N_("Anonymous memory the runtime does not know: cgo, C libraries, direct mmap") },
  [HS_GO_RSS_FILES] = { "files", N_("Binary, libraries and files"),
    N_("File-backed resident pages: the program's code, shared libraries, mapped files") },
};

const char *
hs_go_rss_part_get_id (HsGoRssPart part)
{
  g_return_val_if_fail (part < HS_GO_RSS_N_PARTS, NULL);
  return parts[part].id;
}

const char *
hs_go_rss_part_get_label (HsGoRssPart part)
{
  g_return_val_if_fail (part < HS_GO_RSS_N_PARTS, NULL);
  return g_dgettext (GETTEXT_PACKAGE, parts[part].label);
}

const char *
hs_go_rss_part_get_explanation (HsGoRssPart part)
{
  g_return_val_if_fail (part < HS_GO_RSS_N_PARTS, NULL);
  return g_dgettext (GETTEXT_PACKAGE, parts[part].explanation);
}

static int
add_mapping (const hs_procfs_mapping *mapping,
             void                    *user_data)
{
  HsGoSmapsTotals *out = user_data;

  out->rss += mapping->rss;
  out->anonymous += mapping->anonymous;
  out->lazy_free += mapping->lazy_free;
  /* The Go runtime never calls brk: what grew [heap] is C code. */
  if (strcmp (mapping->path, "[heap]") == 0)
    out->brk_heap += mapping->rss;
  return 0;
}

gboolean
hs_go_smaps_totals_read (int               pid,
                         HsGoSmapsTotals  *out,
                         GError          **error)
{
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  int res;

  g_return_val_if_fail (pid > 0 && out != NULL, FALSE);

  *out = (HsGoSmapsTotals) { 0 };
  res = hs_procfs_read_smaps (pid, add_mapping, out);
  if (res < 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (-res),
                   "Cannot read the memory map of process %d: %s", pid, g_strerror (-res));
      return FALSE;
    }
  /* Whether the kernel prints LazyFree at all (4.12+): a 0 then means
   * "nothing lazily freed", not "unknown". smaps_rollup is small. */
  path = g_strdup_printf ("/proc/%d/smaps_rollup", pid);
  if (g_file_get_contents (path, &text, NULL, NULL))
    out->has_lazy_free = strstr (text, "\nLazyFree:") != NULL;
  else
    out->has_lazy_free = out->lazy_free > 0;
  return TRUE;
}

/* No process has an exbibyte: clamping there keeps every sum of a dozen
 * fields below 2^64 whatever the page says (a cast of a larger double to
 * guint64 is undefined). */
#define FIELD_MAX ((guint64) 1 << 60)

static guint64
field (const HsGoExpvar *expvar,
       HsGoMemstat       which)
{
  double value = 0;

  hs_go_expvar_get (expvar, which, &value);
  if (!(value > 0))
    return 0;
  if (value >= (double) FIELD_MAX)
    return FIELD_MAX;
  return (guint64) value;
}

gboolean
hs_go_rss_split (const HsGoExpvar      *expvar,
                 const HsGoSmapsTotals *smaps,
                 HsGoRssSplit          *out,
                 GError               **error)
{
  static const HsGoMemstat needed[] = {
    HS_GO_HEAP_INUSE, HS_GO_HEAP_IDLE, HS_GO_HEAP_RELEASED, HS_GO_STACK_INUSE,
    HS_GO_STACK_SYS, HS_GO_MSPAN_INUSE, HS_GO_MSPAN_SYS, HS_GO_MCACHE_INUSE,
    HS_GO_MCACHE_SYS, HS_GO_BUCK_HASH_SYS, HS_GO_GC_SYS, HS_GO_OTHER_SYS,
  };
  g_autoptr(GString) notes = g_string_new (NULL);
  guint64 anon, released, idle_kept, sum_low = 0, sum_high = 0;

  g_return_val_if_fail (expvar != NULL && smaps != NULL && out != NULL, FALSE);

  *out = (HsGoRssSplit) { 0 };
  for (guint i = 0; i < G_N_ELEMENTS (needed); i++)
    if (!hs_go_expvar_get (expvar, needed[i], NULL))
      {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                     "The expvar page has no memstats.%s: the RSS cannot be split",
                     hs_go_memstat_name (needed[i]));
        return FALSE;
      }

  out->rss = smaps->rss;
  /* Everything the runtime obtains is anonymous memory; file-backed pages
   * are never its own. */
  anon = MIN (smaps->anonymous, smaps->rss);
  out->parts[HS_GO_RSS_FILES].low = out->parts[HS_GO_RSS_FILES].high = smaps->rss - anon;

  out->parts[HS_GO_RSS_HEAP_INUSE].low = out->parts[HS_GO_RSS_HEAP_INUSE].high
    = field (expvar, HS_GO_HEAP_INUSE);
  released = field (expvar, HS_GO_HEAP_RELEASED);
  idle_kept = field (expvar, HS_GO_HEAP_IDLE) > released ? field (expvar, HS_GO_HEAP_IDLE) - released : 0;
  out->parts[HS_GO_RSS_HEAP_IDLE].low = out->parts[HS_GO_RSS_HEAP_IDLE].high = idle_kept;

  if (released == 0)
    ;
  else if (smaps->has_lazy_free && smaps->lazy_free == 0)
    ;   /* MADV_DONTNEED (Go ≥ 1.16's default) or already reclaimed: 0 exactly */
  else if (smaps->has_lazy_free)
    {
      /* LazyFree counts every MADV_FREE page of the process, Go's or a C
       * allocator's: at most that much of the released heap is resident. */
      out->parts[HS_GO_RSS_HEAP_RELEASED].high = MIN (released, smaps->lazy_free);
      g_string_append_printf (notes, "%" G_GUINT64_FORMAT " bytes are freed lazily (MADV_FREE) and still resident; "
                              "up to %" G_GUINT64_FORMAT " of them may be released Go heap.\n",
                              smaps->lazy_free, out->parts[HS_GO_RSS_HEAP_RELEASED].high);
    }
  else
    {
      out->parts[HS_GO_RSS_HEAP_RELEASED].high = released;
      g_string_append (notes, "This kernel does not report LazyFree: released heap may still be resident "
                              "(MADV_FREE) or not, so it is shown as a range.\n");
    }

  out->parts[HS_GO_RSS_STACKS].low = field (expvar, HS_GO_STACK_INUSE);
  out->parts[HS_GO_RSS_STACKS].high = MAX (field (expvar, HS_GO_STACK_SYS), out->parts[HS_GO_RSS_STACKS].low);
  out->parts[HS_GO_RSS_RUNTIME].low = field (expvar, HS_GO_MSPAN_INUSE) + field (expvar, HS_GO_MCACHE_INUSE);
  out->parts[HS_GO_RSS_RUNTIME].high = MAX (field (expvar, HS_GO_MSPAN_SYS) + field (expvar, HS_GO_MCACHE_SYS)
                                            + field (expvar, HS_GO_BUCK_HASH_SYS),
                                            out->parts[HS_GO_RSS_RUNTIME].low);
  /* Address space the runtime mapped for GC bitmaps and other needs: it
   * touches it as the heap grows, but the page counts are not published. */
  out->parts[HS_GO_RSS_GC_OTHER].low = 0;
  out->parts[HS_GO_RSS_GC_OTHER].high = field (expvar, HS_GO_GC_SYS) + field (expvar, HS_GO_OTHER_SYS);

  for (guint i = 0; i < HS_GO_RSS_NOT_GO; i++)
    {
      sum_low += out->parts[i].low;
      sum_high += out->parts[i].high;
    }

  /* The rest of the anonymous memory is not the runtime's; [heap] (brk)
   * is certainly not, whatever the runtime's upper figures allow. */
  out->parts[HS_GO_RSS_NOT_GO].low = anon > sum_high ? anon - sum_high : 0;
  out->parts[HS_GO_RSS_NOT_GO].low = MAX (out->parts[HS_GO_RSS_NOT_GO].low, MIN (smaps->brk_heap, anon));
  out->parts[HS_GO_RSS_NOT_GO].high = anon > sum_low ? anon - sum_low : 0;
  out->parts[HS_GO_RSS_NOT_GO].high = MAX (out->parts[HS_GO_RSS_NOT_GO].high, out->parts[HS_GO_RSS_NOT_GO].low);
  if (sum_low > anon)
    g_string_append_printf (notes, "The runtime counts %" G_GUINT64_FORMAT " bytes more than the anonymous RSS: "
                            "some of it is swapped out or was never touched.\n", sum_low - anon);

  /* No part may claim more than the RSS. */
  for (guint i = 0; i < HS_GO_RSS_N_PARTS; i++)
    {
      out->parts[i].low = MIN (out->parts[i].low, out->rss);
      out->parts[i].high = MIN (out->parts[i].high, out->rss);
    }
  if (notes->len > 0)
    out->notes = g_string_free (g_steal_pointer (&notes), FALSE);
  return TRUE;
}

void
hs_go_rss_split_clear (HsGoRssSplit *split)
{
  if (split != NULL)
    g_clear_pointer (&split->notes, g_free);
}
