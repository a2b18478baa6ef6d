/* hs-cli-live.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "heapscope-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "hs-cli.h"
#include "hs-local-sampler.h"
#include "hs-memory-map-diff.h"
#include "hs-probe-sampler.h"
#include "hs-units.h"

#define WATCH_CSV_HEADER \
  "time,rss_bytes,vsz_bytes,heap_bytes,anon_bytes,shared_bytes,swap_bytes,threads,cpu_percent,fds"

static HsSampler *
make_sampler (gboolean   use_probe,
              GError   **error)
{
  if (use_probe)
    return hs_probe_sampler_new (error);
  return hs_local_sampler_new ();
}

/* watch's columns, in the order of the CSV header (WATCH_CSV_HEADER),
 * which scripts rely on. vsz is left out of the text line. */
static const HsCliColumn watch_columns[] = {
  { .name = "time", .kind = HS_CLI_COLUMN_TIME },
  { .name = "rss_bytes", .title = N_("RSS"), .kind = HS_CLI_COLUMN_BYTES },
  { .name = "vsz_bytes", .title = N_("VSZ"), .kind = HS_CLI_COLUMN_BYTES,
    .formats = HS_CLI_FORMAT_CSV | HS_CLI_FORMAT_TSV | HS_CLI_FORMAT_JSON },
  { .name = "heap_bytes", .title = N_("heap"), .kind = HS_CLI_COLUMN_BYTES },
  { .name = "anon_bytes", .title = N_("anon"), .kind = HS_CLI_COLUMN_BYTES },
  { .name = "shared_bytes", .title = N_("shared"), .kind = HS_CLI_COLUMN_BYTES },
  { .name = "swap_bytes", .title = N_("swap"), .kind = HS_CLI_COLUMN_BYTES },
  { .name = "threads", .title = N_("threads"), .kind = HS_CLI_COLUMN_INTEGER },
  { .name = "cpu_percent", .title = N_("CPU"), .kind = HS_CLI_COLUMN_PERCENT, .digits = 1 },
  { .name = "fds", .title = N_("fds"), .kind = HS_CLI_COLUMN_INTEGER },
};

/* One line per sample in every format, flushed as it is written. */
static HsCliTable *
watch_table_new (HsCliFormat format)
{
  HsCliTable *table = hs_cli_table_new (format);

  for (guint i = 0; i < G_N_ELEMENTS (watch_columns); i++)
    {
      HsCliColumn column = watch_columns[i];

      if (column.title != NULL)
        column.title = _(column.title);
      hs_cli_table_add_column (table, &column);
    }
  hs_cli_table_set_text_style (table, HS_CLI_TEXT_LABELLED);
  hs_cli_table_set_streaming (table, TRUE);
  return table;
}

/* A value or, when it was not measured, a missing cell: never a zero
 * standing in for "unknown". */
static void
add_u64 (HsCliTable *table,
         gboolean    valid,
         guint64     value)
{
  if (valid)
    hs_cli_table_add_uint (table, value);
  else
    hs_cli_table_add_missing (table);
}

static gboolean
print_sample (HsCliTable     *table,
              const HsSample *s)
{
  HsSampleFlags f = s->flags;

  hs_cli_table_begin_row (table);
  hs_cli_table_add_int (table, s->wall_usec);
  add_u64 (table, f & HS_SAMPLE_RSS, s->rss);
  add_u64 (table, f & HS_SAMPLE_VSZ, s->vsz);
  add_u64 (table, f & HS_SAMPLE_HEAP, s->heap);
  add_u64 (table, f & HS_SAMPLE_ANON, s->anon);
  add_u64 (table, f & HS_SAMPLE_SHARED, s->shared);
  add_u64 (table, f & HS_SAMPLE_SWAP, s->swap);
  add_u64 (table, f & HS_SAMPLE_THREADS, s->threads);
  if (f & HS_SAMPLE_CPU)
    hs_cli_table_add_double (table, s->cpu_percent);
  else
    hs_cli_table_add_missing (table);
  add_u64 (table, f & HS_SAMPLE_FDS, (guint64) MAX (s->fds, 0));
  hs_cli_table_end_row (table);

  /* A reader that went away (a closed pipe) ends the watch. */
  return hs_cli_table_finish (table);
}

int
hs_cli_watch (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HsSampler) sampler = NULL;
  g_autoptr(HsCliTable) table = NULL;
  g_autofree char *interval_text = NULL;
  g_autofree char *duration_text = NULL;
  g_autofree char *format_text = NULL;
  gboolean use_probe = FALSE;
  gboolean warned_smaps = FALSE;
  HsCliFormat format;
  gint64 interval = G_USEC_PER_SEC;
  gint64 duration = -1;
  gint64 start, next;
  guint n_samples = 0;
  int pid = 0;
  const GOptionEntry entries[] = {
    { "pid", 'p', 0, G_OPTION_ARG_INT, &pid, N_("Process to watch"), N_("PID") },
    { "interval", 'i', 0, G_OPTION_ARG_STRING, &interval_text,
      N_("Time between samples, 100ms to 60s (default 1s)"), N_("DURATION") },
    { "duration", 'd', 0, G_OPTION_ARG_STRING, &duration_text,
      N_("Stop after this long (default: until the process exits)"), N_("DURATION") },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_text,
      N_("Output format: text, csv, tsv or json (one object per line)"), N_("FORMAT") },
    { "probe", 0, 0, G_OPTION_ARG_NONE, &use_probe,
      N_("Sample through heapscope-probe instead of in-process"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("— print a process’s memory figures over time"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    _("Durations are written like 500ms, 3s, 10m or 1h.\n"
      "CSV columns: " WATCH_CSV_HEADER "\n"
      "Heap = resident bytes of [heap] plus anonymous private mappings (from smaps);\n"
      "a field that could not be measured is left empty.\n"
      "Exit status: 0 duration reached, 2 bad arguments or unreadable process,\n"
      "3 the process exited first."));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return hs_cli_usage_error ("watch", error);

  if (argc > 1)
    {
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   _("Unexpected argument “%s”"), argv[1]);
      return hs_cli_usage_error ("watch", error);
    }
  if (pid <= 0)
    {
      g_set_error_literal (&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("Give the process to watch with --pid=PID"));
      return hs_cli_usage_error ("watch", error);
    }
  if (!hs_cli_parse_format (format_text, HS_CLI_FORMATS_STREAM, &format, &error))
    return hs_cli_usage_error ("watch", error);
  if (interval_text != NULL && !hs_parse_duration (interval_text, &interval, &error))
    return hs_cli_usage_error ("watch", error);
  if (interval < 100 * 1000 || interval > 60 * G_USEC_PER_SEC)
    {
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("The interval must be between 100ms and 60s, not %s"), interval_text);
      return hs_cli_usage_error ("watch", error);
    }
  if (duration_text != NULL && !hs_parse_duration (duration_text, &duration, &error))
    return hs_cli_usage_error ("watch", error);

  sampler = make_sampler (use_probe, &error);
  if (sampler == NULL)
    return hs_cli_usage_error ("watch", error);

  table = watch_table_new (format);
  start = next = g_get_monotonic_time ();
  for (;;)
    {
      HsSample sample;
      gint64 now;

      if (!hs_sampler_sample (sampler, pid,
                              HS_SAMPLE_REQUEST_SMAPS | HS_SAMPLE_REQUEST_FDS,
                              &sample, &error))
        {
          if (n_samples > 0 &&
              g_error_matches (error, HS_SAMPLER_ERROR, HS_SAMPLER_ERROR_PROCESS_GONE))
            {
              g_printerr (_("heapscope-cli watch: process %d exited after %u samples\n"),
                          pid, n_samples);
              return HS_CLI_EXIT_PROCESS_GONE;
            }
          if (g_error_matches (error, HS_SAMPLER_ERROR, HS_SAMPLER_ERROR_PROCESS_GONE))
            {
              g_clear_error (&error);
              g_set_error (&error, HS_SAMPLER_ERROR, HS_SAMPLER_ERROR_PROCESS_GONE,
                           _("There is no process with PID %d"), pid);
            }
          return hs_cli_usage_error ("watch", error);
        }

      if ((sample.flags & HS_SAMPLE_SMAPS_DENIED) && !warned_smaps)
        {
          g_printerr (_("heapscope-cli watch: heap is not available: the kernel refused "
                        "/proc/%d/smaps (only the process’s owner or root with ptrace access "
                        "may read it); other figures are measured\n"), pid);
          warned_smaps = TRUE;
        }
      if (!print_sample (table, &sample))
        {
          g_printerr (_("heapscope-cli watch: could not write the output\n"));
          return HS_CLI_EXIT_FAILURE;
        }
      n_samples++;

      /* Keep a fixed cadence: deadlines, not sleeps after the work. */
      next += interval;
      now = g_get_monotonic_time ();
      if (duration >= 0 && next - start >= duration)
        {
          if (start + duration > now)
            g_usleep ((gulong) (start + duration - now));
          return HS_CLI_EXIT_OK;
        }
      if (next > now)
        g_usleep ((gulong) (next - now));
      else
        next = now;
    }
}

int
hs_cli_snapshot (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HsSampler) sampler = NULL;
  g_autoptr(HsMemoryMap) map = NULL;
  g_autofree char *output = NULL;
  g_autofree char *rss_text = NULL;
  gboolean use_probe = FALSE;
  guint64 rss = 0, pss = 0;
  int pid = 0;
  const GOptionEntry entries[] = {
    { "pid", 'p', 0, G_OPTION_ARG_INT, &pid, N_("Process to capture"), N_("PID") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("File to write"), N_("FILE") },
    { "probe", 0, 0, G_OPTION_ARG_NONE, &use_probe,
      N_("Read through heapscope-probe instead of in-process"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("— save a process’s memory map (every mapping of smaps)"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    _("The file is JSON, format “heapscope-memory-map/1”; compare two with\n"
      "“heapscope-cli diff BASE.json NEW.json”."));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return hs_cli_usage_error ("snapshot", error);
  if (argc > 1)
    {
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   _("Unexpected argument “%s”"), argv[1]);
      return hs_cli_usage_error ("snapshot", error);
    }
  if (pid <= 0 || output == NULL)
    {
      g_set_error_literal (&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("Give the process with --pid=PID and the file with -o FILE"));
      return hs_cli_usage_error ("snapshot", error);
    }

  sampler = make_sampler (use_probe, &error);
  if (sampler == NULL)
    return hs_cli_usage_error ("snapshot", error);

  map = hs_sampler_read_maps (sampler, pid, &error);
  if (map == NULL || !hs_memory_map_save (map, output, &error))
    return hs_cli_usage_error ("snapshot", error);

  hs_memory_map_get_totals (map, NULL, &rss, &pss, NULL, NULL);
  rss_text = hs_format_bytes ((gint64) rss);
  g_print (_("Saved %u mappings of %s (PID %d, RSS %s) to %s\n"),
           hs_memory_map_get_n_mappings (map), hs_memory_map_get_name (map), pid,
           rss_text, output);
  return HS_CLI_EXIT_OK;
}

static void
add_snapshot_diff_columns (HsCliTable *table)
{
  const HsCliColumn columns[] = {
    { .name = "name", .title = _("mapping"), .gap = 1 },
    { .name = "base_count", .kind = HS_CLI_COLUMN_INTEGER, .formats = HS_CLI_FORMAT_JSON },
    { .name = "new_count", .kind = HS_CLI_COLUMN_INTEGER, .formats = HS_CLI_FORMAT_JSON },
    { .name = "base_rss", .kind = HS_CLI_COLUMN_BYTES },
    { .name = "new_rss", .title = _("new RSS"), .kind = HS_CLI_COLUMN_BYTES, .width = 12 },
    { .name = "delta_rss", .title = _("Δ RSS"), .kind = HS_CLI_COLUMN_BYTES_DELTA, .width = 12 },
    { .name = "base_size", .kind = HS_CLI_COLUMN_BYTES },
    { .name = "new_size", .kind = HS_CLI_COLUMN_BYTES },
    { .name = "delta_size", .title = _("Δ size"), .kind = HS_CLI_COLUMN_BYTES_DELTA, .width = 12 },
    { .name = "base_pss", .kind = HS_CLI_COLUMN_BYTES },
    { .name = "new_pss", .kind = HS_CLI_COLUMN_BYTES },
    { .name = "delta_pss", .kind = HS_CLI_COLUMN_BYTES_DELTA },
    { .name = "base_private_dirty", .kind = HS_CLI_COLUMN_BYTES },
    { .name = "new_private_dirty", .kind = HS_CLI_COLUMN_BYTES },
    { .name = "delta_private_dirty", .title = _("Δ dirty"), .kind = HS_CLI_COLUMN_BYTES_DELTA, .width = 12 },
    { .name = "base_swap", .kind = HS_CLI_COLUMN_BYTES },
    { .name = "new_swap", .kind = HS_CLI_COLUMN_BYTES },
    { .name = "delta_swap", .kind = HS_CLI_COLUMN_BYTES_DELTA },
  };
  static const char * const text_order[] = { "delta_rss", "new_rss", "delta_size",
                                              "delta_private_dirty", "name", NULL };

  hs_cli_table_add_columns (table, columns, G_N_ELEMENTS (columns));
  hs_cli_table_set_text_order (table, text_order);
}

static void
add_snapshot_diff_row (HsCliTable                 *table,
                       const HsMemoryMapDiffEntry *e)
{
  hs_cli_table_begin_row (table);
  hs_cli_table_add_text (table, e->key);
  hs_cli_table_add_int (table, e->base_count);
  hs_cli_table_add_int (table, e->new_count);
  hs_cli_table_add_uint (table, e->base_rss);
  hs_cli_table_add_uint (table, e->new_rss);
  hs_cli_table_add_int (table, e->delta_rss);
  hs_cli_table_add_uint (table, e->base_size);
  hs_cli_table_add_uint (table, e->new_size);
  hs_cli_table_add_int (table, e->delta_size);
  hs_cli_table_add_uint (table, e->base_pss);
  hs_cli_table_add_uint (table, e->new_pss);
  hs_cli_table_add_int (table, e->delta_pss);
  hs_cli_table_add_uint (table, e->base_private_dirty);
  hs_cli_table_add_uint (table, e->new_private_dirty);
  hs_cli_table_add_int (table, e->delta_private_dirty);
  hs_cli_table_add_uint (table, e->base_swap);
  hs_cli_table_add_uint (table, e->new_swap);
  hs_cli_table_add_int (table, e->delta_swap);
  hs_cli_table_end_row (table);
}

static int
diff_snapshots (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HsMemoryMap) base = NULL;
  g_autoptr(HsMemoryMap) new_map = NULL;
  g_autoptr(HsMemoryMapDiff) diff = NULL;
  g_autoptr(HsCliTable) table = NULL;
  g_autofree char *format_text = NULL;
  g_autofree char *sample_index = NULL;
  gint64 max_size = 0;
  g_autoptr(GPtrArray) growers = NULL;
  HsCliFormat format;
  int nodecount = -1;
  int n_growers = -1;
  guint n_entries;
  const GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_text,
      N_("Output format: text, tsv, csv or json"), N_("FORMAT") },
    { "nodecount", 'n', 0, G_OPTION_ARG_INT, &nodecount,
      N_("Show only the first N mappings"), N_("N") },
    { "growers", 0, 0, G_OPTION_ARG_INT, &n_growers,
      N_("Show only the N top growers (by RSS), as the Compare view ranks them"), N_("N") },
    { "sample-index", 0, 0, G_OPTION_ARG_STRING, &sample_index, NULL, NULL },
    /* Accepted for profiles; snapshots are small JSON files. */
    { "max-size", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT64, &max_size, NULL, NULL },
    { NULL }
  };

  context = g_option_context_new (_("BASE.json NEW.json — compare two memory-map snapshots"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return hs_cli_usage_error ("diff", error);
  if (argc != 3)
    {
      g_set_error_literal (&error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           _("Give exactly two snapshots: BASE NEW"));
      return hs_cli_usage_error ("diff", error);
    }
  if (sample_index != NULL)
    {
      g_set_error_literal (&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("Memory-map snapshots have no sample index"));
      return hs_cli_usage_error ("diff", error);
    }
  if (!hs_cli_parse_format (format_text, HS_CLI_FORMATS_TABLE, &format, &error))
    return hs_cli_usage_error ("diff", error);

  base = hs_memory_map_load (argv[1], &error);
  if (base == NULL)
    return hs_cli_usage_error ("diff", error);
  new_map = hs_memory_map_load (argv[2], &error);
  if (new_map == NULL)
    return hs_cli_usage_error ("diff", error);

  diff = hs_memory_map_diff_new (base, new_map);
  n_entries = hs_memory_map_diff_get_n_entries (diff);
  if (nodecount >= 0 && (guint) nodecount < n_entries)
    n_entries = (guint) nodecount;
  if (n_growers >= 0)
    {
      growers = hs_memory_map_diff_get_growers (diff, (guint) n_growers);
      n_entries = growers->len;
    }

  table = hs_cli_table_new (format);
  hs_cli_table_add_member_string (table, "format", "heapscope-memory-map-diff/1");
  hs_cli_table_set_rows_key (table, "mappings");
  if (format == HS_CLI_FORMAT_TEXT)
    {
      g_autofree char *base_time = hs_format_rfc3339_utc (hs_memory_map_get_wall_usec (base));
      g_autofree char *new_time = hs_format_rfc3339_utc (hs_memory_map_get_wall_usec (new_map));

      hs_cli_table_add_note (table, _("Base: %s (PID %d) at %s"),
                             hs_memory_map_get_name (base), hs_memory_map_get_pid (base), base_time);
      hs_cli_table_add_note (table, _("New:  %s (PID %d) at %s"),
                             hs_memory_map_get_name (new_map), hs_memory_map_get_pid (new_map), new_time);
      hs_cli_table_add_note (table, "%s", _("Mappings grouped by name, sorted by RSS growth (+ grew, - shrank):"));
    }
  add_snapshot_diff_columns (table);
  for (guint i = 0; i < n_entries; i++)
    add_snapshot_diff_row (table, growers != NULL ? g_ptr_array_index (growers, i)
                                                  : hs_memory_map_diff_get_entry (diff, i));

  if (!hs_cli_table_finish (table))
    {
      g_printerr (_("heapscope-cli %s: could not write the output\n"), "diff");
      return HS_CLI_EXIT_FAILURE;
    }
  return HS_CLI_EXIT_OK;
}

/* Called by `heapscope-cli diff` (hs-cli-profile.c) before it parses
 * profiles: two memory-map snapshots are recognized by their content, not
 * by their name. Takes over when either positional argument is one. */
gboolean
hs_cli_diff_snapshots (int    argc,
                       char **argv,
                       int   *out_status)
{
  /* Every option of `diff` that takes a separate value, so that the value
   * is not mistaken for a file. */
  static const char * const with_value[] = { "-f", "--format", "-n", "--nodecount", "--sample-index",
                                             "--max-size", "--growers" };
  const char *positional[2] = { NULL, NULL };
  guint n_positional = 0;

  for (int i = 1; i < argc; i++)
    {
      const char *arg = argv[i];
      gboolean takes_value = FALSE;

      if (g_str_equal (arg, "--"))
        {
          for (i++; i < argc && n_positional < 2; i++)
            positional[n_positional++] = argv[i];
          break;
        }
      if (arg[0] == '-' && arg[1] != '\0')
        {
          for (guint j = 0; j < G_N_ELEMENTS (with_value); j++)
            takes_value |= g_str_equal (arg, with_value[j]);
          if (takes_value)
            i++;
          continue;
        }
      if (n_positional < 2)
        positional[n_positional++] = arg;
    }

  if (!((positional[0] != NULL && hs_memory_map_is_snapshot_file (positional[0])) ||
        (positional[1] != NULL && hs_memory_map_is_snapshot_file (positional[1]))))
    return FALSE;

  *out_status = diff_snapshots (argc, argv);
  return TRUE;
}
