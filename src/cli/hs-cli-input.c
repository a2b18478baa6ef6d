/* hs-cli-input.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "heapscope-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "hs-cli.h"
#include "hs-input-file.h"
#include "hs-memory-map.h"

/* How the commands read their inputs: under a cap (--max-size) that
 * applies while reading, and, for `diff`, each input opened once so that
 * a pipe (`diff <(…) <(…)`) works although its first bytes tell a
 * snapshot from a profile. */

/**
 * hs_cli_parse_max_size:
 * @text: (nullable): the --max-size value; %NULL keeps @default_value
 *
 * Returns: %TRUE and sets @out, or %FALSE with a message that names the
 *   option (zero, negative, garbage and overflowing values are refused)
 */
gboolean
hs_cli_parse_max_size (const char  *text,
                       guint64      default_value,
                       guint64     *out,
                       GError     **error)
{
  if (text == NULL)
    {
      *out = default_value;
      return TRUE;
    }
  if (!hs_input_parse_limit (text, out, error))
    {
      g_prefix_error (error, "--max-size: ");
      return FALSE;
    }
  return TRUE;
}

void
hs_cli_diff_inputs_clear (HsCliDiffInputs *inputs)
{
  for (guint i = 0; i < G_N_ELEMENTS (inputs->streams); i++)
    g_clear_object (&inputs->streams[i]);
}

/**
 * hs_cli_diff_inputs_open:
 *
 * Opens the inputs that @inputs->paths names and tells whether one is a
 * memory-map snapshot, from its first bytes, which stay buffered. An input
 * that cannot be opened is left NULL: loading it reports why.
 *
 * Returns: %TRUE if either input is a snapshot
 */
gboolean
hs_cli_diff_inputs_open (HsCliDiffInputs *inputs)
{
  gboolean any_snapshot = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (inputs->paths); i++)
    {
      g_autoptr(GFile) file = NULL;
      const guint8 *data;
      gsize length = 0;

      if (inputs->paths[i] == NULL)
        continue;
      file = g_file_new_for_commandline_arg (inputs->paths[i]);
      inputs->streams[i] = hs_input_file_open (file, NULL, NULL);
      if (inputs->streams[i] == NULL)
        continue;
      data = hs_input_stream_peek (inputs->streams[i], &length, NULL, NULL);
      if (data != NULL && hs_memory_map_sniff (data, length))
        any_snapshot = TRUE;
    }
  return any_snapshot;
}

/**
 * hs_cli_diff_inputs_read:
 *
 * Reads @path under @limit: from the stream opened for it, if any (each
 * is read once), else from the file.
 *
 * Returns: (transfer full): the content, or %NULL
 */
GBytes *
hs_cli_diff_inputs_read (HsCliDiffInputs  *inputs,
                         const char       *path,
                         guint64           limit,
                         const char       *limit_name,
                         GError          **error)
{
  g_autoptr(GFile) file = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (inputs->paths); i++)
    {
      g_autoptr(GInputStream) stream = NULL;

      if (g_strcmp0 (inputs->paths[i], path) != 0 || inputs->streams[i] == NULL)
        continue;
      stream = g_steal_pointer (&inputs->streams[i]);
      return hs_input_stream_read_all (stream, limit, path, limit_name, NULL, error);
    }

  file = g_file_new_for_commandline_arg (path);
  return hs_input_file_read (file, limit, limit_name, NULL, error);
}
