/* test-snapshot.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <string.h>

#include "hs-local-sampler.h"
#include "hs-memory-map-diff.h"
#include "hs-probe-sampler.h"
#include "test-sampler-common.h"

/* Stops @pid and waits until the kernel reports it stopped, so that its
 * mappings cannot change between two reads (under ASan the allocator maps
 * and unmaps all the time, and the demo starts threads). */
static void
freeze_process (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", pid);

  g_assert_cmpint (kill (pid, SIGSTOP), ==, 0);
  for (guint i = 0; i < 5000; i++)
    {
      g_autofree char *stat = NULL;
      const char *paren;

      g_assert_true (g_file_get_contents (path, &stat, NULL, NULL));
      paren = strrchr (stat, ')');
      if (paren != NULL && paren[1] == ' ' && paren[2] == 'T')
        return;
      g_usleep (1000);
    }
  g_assert_not_reached ();
}

static void
test_roundtrip (void)
{
  g_autoptr(HsSampler) sampler = hs_local_sampler_new ();
  g_autoptr(HsTestDemo) demo = hs_test_demo_start ("--initial-mib=4", "--rate-kib=0", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(HsMemoryMap) map = NULL;
  g_autoptr(HsMemoryMap) loaded = NULL;
  g_autofree char *path = NULL;
  g_autofree char *dir = NULL;
  guint64 size, rss, pss, dirty, swap;
  gboolean has_heap = FALSE;

  freeze_process (demo->pid);
  map = hs_sampler_read_maps (sampler, demo->pid, &error);
  g_assert_no_error (error);
  g_assert_cmpint (hs_memory_map_get_pid (map), ==, demo->pid);
  g_assert_cmpuint (hs_memory_map_get_n_mappings (map), >, 5);

  /* The totals of smaps agree with status. */
  hs_memory_map_get_totals (map, &size, &rss, &pss, &dirty, &swap);
  /* VmSize leaves out the [vsyscall] gate page that smaps lists. */
  for (guint i = 0; i < hs_memory_map_get_n_mappings (map); i++)
    if (g_str_equal (hs_memory_map_get_mapping (map, i)->name, "[vsyscall]"))
      size -= hs_memory_map_get_mapping (map, i)->size;
  g_assert_cmpuint (size, ==, (guint64) hs_test_read_status (demo->pid, "VmSize"));
  g_assert_cmpint (ABS ((gint64) rss - hs_test_read_status (demo->pid, "VmRSS")), <=, 64 * 1024);
  g_assert_cmpuint (pss, <=, rss);
  kill (demo->pid, SIGCONT);

  for (guint i = 0; i < hs_memory_map_get_n_mappings (map); i++)
    {
      const HsMapping *m = hs_memory_map_get_mapping (map, i);

      g_assert_cmpuint (m->size, ==, m->end - m->start);
      g_assert_cmpuint (m->rss, <=, m->size);
      g_assert_cmpstr (m->name, !=, "");
      has_heap |= g_str_equal (m->name, "[anon]") || g_str_equal (m->name, "[heap]");
    }
  g_assert_true (has_heap);

  dir = g_dir_make_tmp ("hs-test-snapshot-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "a.json", NULL);
  g_assert_true (hs_memory_map_save (map, path, &error));
  g_assert_no_error (error);
  g_assert_true (hs_memory_map_is_snapshot_file (path));

  loaded = hs_memory_map_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hs_memory_map_get_n_mappings (loaded), ==, hs_memory_map_get_n_mappings (map));
  g_assert_cmpstr (hs_memory_map_get_name (loaded), ==, "heapscope-demo");
  g_assert_cmpint (hs_memory_map_get_wall_usec (loaded), ==, hs_memory_map_get_wall_usec (map));
  for (guint i = 0; i < hs_memory_map_get_n_mappings (map); i++)
    {
      const HsMapping *a = hs_memory_map_get_mapping (map, i);
      const HsMapping *b = hs_memory_map_get_mapping (loaded, i);

      g_assert_cmpstr (a->name, ==, b->name);
      g_assert_cmpstr (a->perms, ==, b->perms);
      g_assert_cmpuint (a->start, ==, b->start);
      g_assert_cmpuint (a->end, ==, b->end);
      g_assert_cmpuint (a->offset, ==, b->offset);
      g_assert_cmpuint (a->inode, ==, b->inode);
      g_assert_cmpuint (a->rss, ==, b->rss);
      g_assert_cmpuint (a->pss, ==, b->pss);
      g_assert_cmpuint (a->private_dirty, ==, b->private_dirty);
      g_assert_cmpuint (a->swap, ==, b->swap);
    }

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_bad_files (void)
{
  static const struct { const char *text; const char *message; } cases[] = {
    { "", "not a memory-map snapshot" },
    { "{\"format\": \"something-else/1\", \"mappings\": []}", "format is “something-else/1”" },
    { "{\"format\": \"heapscope-memory-map/1\"}", "no “mappings” array" },
    { "{\"format\": \"heapscope-memory-map/1\", \"mappings\": [{\"name\": \"[anon]\"}]}", "mapping 0 is incomplete" },
    { "[1, 2", "not a memory-map snapshot" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (cases[i].text, strlen (cases[i].text));
      g_autoptr(GError) error = NULL;
      g_autoptr(HsMemoryMap) map = hs_memory_map_load_bytes (bytes, "bad.json", &error);

      g_assert_null (map);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
      g_assert_nonnull (strstr (error->message, "bad.json"));
      g_assert_nonnull (strstr (error->message, cases[i].message));
    }
}

/* Two snapshots of the demo while it leaks: the anonymous mappings grew
 * the most and lead the diff. A high rate keeps the test short. */
static void
check_growth (gboolean probe)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsSampler) sampler = probe ? hs_probe_sampler_new (&error) : hs_local_sampler_new ();
  g_autoptr(HsTestDemo) demo = hs_test_demo_start ("--initial-mib=8", "--rate-kib=65536",
                                                   "--max-mib=400", NULL);
  g_autoptr(HsMemoryMap) base = NULL;
  g_autoptr(HsMemoryMap) new_map = NULL;
  g_autoptr(HsMemoryMapDiff) diff = NULL;
  const HsMemoryMapDiffEntry *top;

  g_assert_no_error (error);
  base = hs_sampler_read_maps (sampler, demo->pid, &error);
  g_assert_no_error (error);
  g_usleep (1500 * 1000);
  new_map = hs_sampler_read_maps (sampler, demo->pid, &error);
  g_assert_no_error (error);

  diff = hs_memory_map_diff_new (base, new_map);
  g_assert_cmpuint (hs_memory_map_diff_get_n_entries (diff), >, 3);
  top = hs_memory_map_diff_get_entry (diff, 0);
  g_assert_cmpstr (top->key, ==, "[anon]");
  /* 64 MiB/s for 1.5 s: at least half of it, whatever the scheduling. */
  g_assert_cmpint (top->delta_rss, >, 48 * 1024 * 1024);
  g_assert_cmpint (top->delta_rss, ==, (gint64) top->new_rss - (gint64) top->base_rss);
  g_assert_cmpint (top->delta_private_dirty, >, 0);

  /* Sorted by growth. */
  for (guint i = 1; i < hs_memory_map_diff_get_n_entries (diff); i++)
    g_assert_cmpint (hs_memory_map_diff_get_entry (diff, i - 1)->delta_rss, >=,
                     hs_memory_map_diff_get_entry (diff, i)->delta_rss);
}

static void
test_growth_local (void)
{
  check_growth (FALSE);
}

static void
test_growth_probe (void)
{
  check_growth (TRUE);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/snapshot/roundtrip", test_roundtrip);
  g_test_add_func ("/snapshot/bad-files", test_bad_files);
  g_test_add_func ("/snapshot/growth/local", test_growth_local);
  g_test_add_func ("/snapshot/growth/probe", test_growth_probe);

  return g_test_run ();
}
