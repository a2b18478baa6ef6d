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

/* Prints a value or, when it was not measured, an empty CSV field: never
 * a zero standing in for "unknown". */
static void
csv_u64 (GString       *line,
         gboolean       valid,
         guint64        value)
{
  g_string_append_c (line, ',');
  if (valid)
    g_string_append_printf (line, "%" G_GUINT64_FORMAT, value);
}

static void
print_sample (const HsSample *s,
              HsCliFormat    format)
{
  g_autofree char *time = hs_format_rfc3339_utc (s->wall_usec);
  g_autoptr(GString) line = g_string_new (NULL);
  HsSampleFlags f = s->flags;

  switch (format)
    {
    case HS_CLI_FORMAT_CSV:
      g_string_append (line, time);
      csv_u64 (line, f & HS_SAMPLE_RSS, s->rss);
      csv_u64 (line, f & HS_SAMPLE_VSZ, s->vsz);
      csv_u64 (line, f & HS_SAMPLE_HEAP, s->heap);
      csv_u64 (line, f & HS_SAMPLE_ANON, s->anon);
      csv_u64 (line, f & HS_SAMPLE_SHARED, s->shared);
      csv_u64 (line, f & HS_SAMPLE_SWAP, s->swap);
      csv_u64 (line, f & HS_SAMPLE_THREADS, s->threads);
      g_string_append_c (line, ',');
      if (f & HS_SAMPLE_CPU)
        {
          char buf[G_ASCII_DTOSTR_BUF_SIZE];

          g_string_append (line, g_ascii_formatd (buf, sizeof buf, "%.1f", s->cpu_percent));
        }
      csv_u64 (line, f & HS_SAMPLE_FDS, (guint64) MAX (s->fds, 0));
      break;

    case HS_CLI_FORMAT_JSON:
      {
        g_autoptr(JsonBuilder) builder = json_builder_new ();
        g_autoptr(JsonGenerator) generator = json_generator_new ();
        g_autoptr(JsonNode) root = NULL;
        g_autofree char *json = NULL;
        static const struct { const char *key; HsSampleFlags flag; gsize offset; } fields[] = {
          { "rss_bytes", HS_SAMPLE_RSS, G_STRUCT_OFFSET (HsSample, rss) },
          { "vsz_bytes", HS_SAMPLE_VSZ, G_STRUCT_OFFSET (HsSample, vsz) },
          { "heap_bytes", HS_SAMPLE_HEAP, G_STRUCT_OFFSET (HsSample, heap) },
          { "anon_bytes", HS_SAMPLE_ANON, G_STRUCT_OFFSET (HsSample, anon) },
          { "shared_bytes", HS_SAMPLE_SHARED, G_STRUCT_OFFSET (HsSample, shared) },
          { "swap_bytes", HS_SAMPLE_SWAP, G_STRUCT_OFFSET (HsSample, swap) },
        };

        json_builder_begin_object (builder);
        json_builder_set_member_name (builder, "time");
        json_builder_add_string_value (builder, time);
        for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
          {
            json_builder_set_member_name (builder, fields[i].key);
            if (f & fields[i].flag)
              json_builder_add_int_value (builder,
                                          (gint64) G_STRUCT_MEMBER (guint64, s, fields[i].offset));
            else
              json_builder_add_null_value (builder);
          }
        json_builder_set_member_name (builder, "threads");
        if (f & HS_SAMPLE_THREADS)
          json_builder_add_int_value (builder, s->threads);
        else
          json_builder_add_null_value (builder);
        json_builder_set_member_name (builder, "cpu_percent");
        if (f & HS_SAMPLE_CPU)
          json_builder_add_double_value (builder, s->cpu_percent);
        else
          json_builder_add_null_value (builder);
        json_builder_set_member_name (builder, "fds");
        if (f & HS_SAMPLE_FDS)
          json_builder_add_int_value (builder, s->fds);
        else
          json_builder_add_null_value (builder);
        json_builder_end_object (builder);

        root = json_builder_get_root (builder);
        json_generator_set_root (generator, root);
        json = json_generator_to_data (generator, NULL);
        g_string_append (line, json);
      }
      break;

    case HS_CLI_FORMAT_TEXT:
    case HS_CLI_FORMAT_TSV:
    default:
      {
        g_autofree char *rss = hs_format_bytes ((gint64) s->rss);
        g_autofree char *heap = (f & HS_SAMPLE_HEAP) ? hs_format_bytes ((gint64) s->heap) : g_strdup ("n/a");
        g_autofree char *anon = (f & HS_SAMPLE_ANON) ? hs_format_bytes ((gint64) s->anon) : g_strdup ("n/a");
        g_autofree char *shared = hs_format_bytes ((gint64) s->shared);
        g_autofree char *swap = (f & HS_SAMPLE_SWAP) ? hs_format_bytes ((gint64) s->swap) : g_strdup ("n/a");
        g_autofree char *cpu = (f & HS_SAMPLE_CPU) ? g_strdup_printf ("%.1f%%", s->cpu_percent) : g_strdup ("n/a");
        g_autofree char *fds = (f & HS_SAMPLE_FDS) ? g_strdup_printf ("%d", s->fds) : g_strdup ("n/a");

        /* TRANSLATORS: one line per sample of `heapscope-cli watch` */
        g_string_append_printf (line, _("%s  RSS %s  heap %s  anon %s  shared %s  swap %s  threads %u  CPU %s  fds %s"),
                                time, rss, heap, anon, shared, swap, s->threads, cpu, fds);
      }
      break;
    }

  g_string_append_c (line, '\n');
  fputs (line->str, stdout);
  fflush (stdout);
}

int
hs_cli_watch (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HsSampler) sampler = NULL;
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
      N_("Output format: text, csv or json (one object per line)"), N_("FORMAT") },
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

      if (n_samples == 0 && format == HS_CLI_FORMAT_CSV)
        printf ("%s\n", WATCH_CSV_HEADER);
      if ((sample.flags & HS_SAMPLE_SMAPS_DENIED) && !warned_smaps)
        {
          g_printerr (_("heapscope-cli watch: heap is not available: the kernel refused "
                        "/proc/%d/smaps (only the process’s owner or root with ptrace access "
                        "may read it); other figures are measured\n"), pid);
          warned_smaps = TRUE;
        }
      print_sample (&sample, format);
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

/* printf's widths count bytes; "Δ" and translations need characters. */
static void
print_right (const char *text,
             int         width)
{
  for (glong pad = width - g_utf8_strlen (text, -1); pad > 0; pad--)
    putchar (' ');
  fputs (text, stdout);
  putchar (' ');
}

static char *
signed_bytes (gint64 delta)
{
  g_autofree char *text = hs_format_bytes (delta);

  return delta > 0 ? g_strconcat ("+", text, NULL) : g_steal_pointer (&text);
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
  g_autofree char *format_text = NULL;
  g_autofree char *sample_index = NULL;
  gint64 max_size = 0;
  HsCliFormat format;
  int nodecount = -1;
  guint n_entries;
  const GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_text,
      N_("Output format: text, tsv or json"), N_("FORMAT") },
    { "nodecount", 'n', 0, G_OPTION_ARG_INT, &nodecount,
      N_("Show only the first N mappings"), N_("N") },
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

  if (format == HS_CLI_FORMAT_JSON)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *json = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "format");
      json_builder_add_string_value (builder, "heapscope-memory-map-diff/1");
      json_builder_set_member_name (builder, "mappings");
      json_builder_begin_array (builder);
      for (guint i = 0; i < n_entries; i++)
        {
          const HsMemoryMapDiffEntry *e = hs_memory_map_diff_get_entry (diff, i);
          const struct { const char *key; gint64 value; } values[] = {
            { "base_count", e->base_count }, { "new_count", e->new_count },
            { "base_rss", (gint64) e->base_rss }, { "new_rss", (gint64) e->new_rss },
            { "delta_rss", e->delta_rss },
            { "base_size", (gint64) e->base_size }, { "new_size", (gint64) e->new_size },
            { "delta_size", e->delta_size },
            { "base_pss", (gint64) e->base_pss }, { "new_pss", (gint64) e->new_pss },
            { "delta_pss", e->delta_pss },
            { "base_private_dirty", (gint64) e->base_private_dirty },
            { "new_private_dirty", (gint64) e->new_private_dirty },
            { "delta_private_dirty", e->delta_private_dirty },
            { "base_swap", (gint64) e->base_swap }, { "new_swap", (gint64) e->new_swap },
            { "delta_swap", e->delta_swap },
          };

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "name");
          json_builder_add_string_value (builder, e->key);
          for (guint j = 0; j < G_N_ELEMENTS (values); j++)
            {
              json_builder_set_member_name (builder, values[j].key);
              json_builder_add_int_value (builder, values[j].value);
            }
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      json_generator_set_root (generator, root);
      json_generator_set_pretty (generator, TRUE);
      json = json_generator_to_data (generator, NULL);
      printf ("%s\n", json);
      return HS_CLI_EXIT_OK;
    }

  if (format == HS_CLI_FORMAT_TSV)
    {
      printf ("name\tbase_rss\tnew_rss\tdelta_rss\tbase_size\tnew_size\tdelta_size\t"
              "base_pss\tnew_pss\tdelta_pss\tbase_private_dirty\tnew_private_dirty\t"
              "delta_private_dirty\tbase_swap\tnew_swap\tdelta_swap\n");
      for (guint i = 0; i < n_entries; i++)
        {
          const HsMemoryMapDiffEntry *e = hs_memory_map_diff_get_entry (diff, i);

          printf ("%s\t%" G_GUINT64_FORMAT "\t%" G_GUINT64_FORMAT "\t%" G_GINT64_FORMAT
                  "\t%" G_GUINT64_FORMAT "\t%" G_GUINT64_FORMAT "\t%" G_GINT64_FORMAT
                  "\t%" G_GUINT64_FORMAT "\t%" G_GUINT64_FORMAT "\t%" G_GINT64_FORMAT
                  "\t%" G_GUINT64_FORMAT "\t%" G_GUINT64_FORMAT "\t%" G_GINT64_FORMAT
                  "\t%" G_GUINT64_FORMAT "\t%" G_GUINT64_FORMAT "\t%" G_GINT64_FORMAT "\n",
                  e->key, e->base_rss, e->new_rss, e->delta_rss,
                  e->base_size, e->new_size, e->delta_size,
                  e->base_pss, e->new_pss, e->delta_pss,
                  e->base_private_dirty, e->new_private_dirty, e->delta_private_dirty,
                  e->base_swap, e->new_swap, e->delta_swap);
        }
      return HS_CLI_EXIT_OK;
    }

  {
    g_autofree char *base_time = hs_format_rfc3339_utc (hs_memory_map_get_wall_usec (base));
    g_autofree char *new_time = hs_format_rfc3339_utc (hs_memory_map_get_wall_usec (new_map));

    printf (_("Base: %s (PID %d) at %s\nNew:  %s (PID %d) at %s\n"),
            hs_memory_map_get_name (base), hs_memory_map_get_pid (base), base_time,
            hs_memory_map_get_name (new_map), hs_memory_map_get_pid (new_map), new_time);
    printf (_("Mappings grouped by name, sorted by RSS growth (+ grew, - shrank):\n"));
    print_right (_("Δ RSS"), 12);
    print_right (_("new RSS"), 12);
    print_right (_("Δ size"), 12);
    print_right (_("Δ dirty"), 12);
    printf (" %s\n", _("mapping"));
    for (guint i = 0; i < n_entries; i++)
      {
        const HsMemoryMapDiffEntry *e = hs_memory_map_diff_get_entry (diff, i);
        g_autofree char *drss = signed_bytes (e->delta_rss);
        g_autofree char *nrss = hs_format_bytes ((gint64) e->new_rss);
        g_autofree char *dsize = signed_bytes (e->delta_size);
        g_autofree char *ddirty = signed_bytes (e->delta_private_dirty);

        print_right (drss, 12);
        print_right (nrss, 12);
        print_right (dsize, 12);
        print_right (ddirty, 12);
        printf (" %s\n", e->key);
      }
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
                                             "--max-size" };
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
