/* hs-go-capture.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "hs-go-capture.h"
#include "hs-go-fetch.h"
#include "hs-go-source.h"
#include "hs-output-file.h"

typedef struct
{
  char        *url;
  char        *profile_name;
  char        *output;
  SoupSession *soup;
  gsize        size;
} CaptureData;

static void
capture_data_free (gpointer data)
{
  CaptureData *d = data;

  g_free (d->url);
  g_free (d->profile_name);
  g_free (d->output);
  g_clear_object (&d->soup);
  g_free (d);
}

char *
hs_go_capture_build_url (const char *url,
                         const char *profile_name,
                         gboolean    gc,
                         int         debug)
{
  /* The same base as the Go source's: a pasted endpoint,
   * ".../debug/pprof/" or a trailing "/" is dropped there. */
  g_autoptr(HsGoSource) go_source = hs_go_source_new (url);
  GString *full = g_string_new (hs_go_source_get_url (go_source));

  g_string_append_printf (full, "/debug/pprof/%s", profile_name);
  if (gc)
    g_string_append (full, "?gc=1");
  if (debug > 0)
    g_string_append_printf (full, "%sdebug=%d", gc ? "&" : "?", debug);
  return g_string_free (full, FALSE);
}

static void
on_fetched (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CaptureData *d = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(HsProfile) profile = NULL;
  GError *error = NULL;

  body = hs_go_fetch_finish (result, &error);
  if (body == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND) &&
          g_str_equal (d->profile_name, "goroutineleak"))
        g_prefix_error (&error, "%s", _("This service does not serve the leaked-goroutine profile "
                                        "(Go 1.26 with GOEXPERIMENT=goroutineleakprofile, or Go 1.27): "));
      g_task_return_error (task, error);
      return;
    }
  profile = hs_profile_load_bytes (body, d->profile_name, HS_PROFILE_DEFAULT_MAX_SIZE, &error);
  if (profile == NULL)
    {
      g_autofree char *shown = g_strescape (d->url, NULL);

      g_prefix_error (&error, _("%s did not answer with a profile: "), shown);
      g_task_return_error (task, error);
      return;
    }
  if (!hs_output_file_write (d->output, g_bytes_get_data (body, NULL), g_bytes_get_size (body),
                             HS_OUTPUT_FILE_PRIVATE_MODE, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  d->size = g_bytes_get_size (body);
  g_task_return_pointer (task, g_steal_pointer (&profile), g_object_unref);
}

void
hs_go_capture_async (const char          *url,
                     const char          *profile_name,
                     gboolean             gc,
                     int                  debug,
                     const char          *output,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  CaptureData *d;

  g_return_if_fail (url != NULL);
  g_return_if_fail (profile_name != NULL);
  g_return_if_fail (output != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, hs_go_capture_async);
  d = g_new0 (CaptureData, 1);
  d->url = hs_go_capture_build_url (url, profile_name, gc, debug);
  d->profile_name = g_strdup (profile_name);
  d->output = g_strdup (output);
  d->soup = hs_go_soup_session_new (HS_GO_DEFAULT_TIMEOUT_MS);
  g_task_set_task_data (task, d, capture_data_free);
  hs_go_fetch_async (d->soup, d->url, HS_GO_DEFAULT_MAX_SIZE, HS_GO_DEFAULT_TIMEOUT_MS,
                     cancellable, on_fetched, g_object_ref (task));
}

HsProfile *
hs_go_capture_finish (GAsyncResult  *result,
                      char         **out_url,
                      gsize         *out_size,
                      GError       **error)
{
  CaptureData *d;
  HsProfile *profile;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  d = g_task_get_task_data (G_TASK (result));
  if (out_url != NULL)
    *out_url = g_strdup (d->url);
  profile = g_task_propagate_pointer (G_TASK (result), error);
  if (out_size != NULL)
    *out_size = profile != NULL ? d->size : 0;
  return profile;
}

char *
hs_go_capture_folder (const char *setting)
{
  if (setting != NULL && setting[0] != '\0')
    return g_strdup (setting);
  return g_build_filename (g_get_user_data_dir (), "heapscope", "captures", NULL);
}

char *
hs_go_capture_file_name (const char *profile_name,
                         const char *name,
                         GDateTime  *time,
                         int         debug)
{
  g_autofree char *stamp = g_date_time_format (time, "%Y%m%d-%H%M%S");
  g_autofree char *safe = g_strdup (name != NULL && name[0] != '\0' ? name : "go");

  /* A service name comes from a URL or a process: keep it one path
   * component, printable and free of shell surprises. */
  g_strcanon (safe, G_CSET_a_2_z G_CSET_A_2_Z G_CSET_DIGITS "-_.", '_');
  if (safe[0] == '.')
    safe[0] = '_';
  return g_strdup_printf ("%s-%s-%s%s", profile_name, safe, stamp,
                          debug > 0 ? ".txt" : ".pb.gz");
}
