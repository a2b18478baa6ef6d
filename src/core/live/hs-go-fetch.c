/* hs-go-fetch.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-go-fetch"

#include "config.h"

#include "hs-go-fetch.h"

#define CHUNK (64 * 1024)

typedef struct
{
  char         *url;
  SoupMessage  *message;
  GInputStream *stream;
  GByteArray   *body;
  gsize         max_size;
  guint         timeout_ms;
  /* Ours, cancelled by the timeout or by the caller's cancellable. */
  GCancellable *cancellable;
  GCancellable *caller_cancellable;
  gulong        caller_handler;
  GSource      *timeout;
  gboolean      timed_out;
} Fetch;

static void
fetch_free (gpointer data)
{
  Fetch *fetch = data;

  if (fetch->timeout != NULL)
    {
      g_source_destroy (fetch->timeout);
      g_source_unref (fetch->timeout);
    }
  if (fetch->caller_cancellable != NULL)
    g_cancellable_disconnect (fetch->caller_cancellable, fetch->caller_handler);
  g_clear_object (&fetch->caller_cancellable);
  g_clear_object (&fetch->cancellable);
  g_clear_object (&fetch->stream);
  g_clear_object (&fetch->message);
  g_clear_pointer (&fetch->body, g_byte_array_unref);
  g_free (fetch->url);
  g_free (fetch);
}

SoupSession *
hs_go_soup_session_new (guint timeout_ms)
{
  return soup_session_new_with_options ("user-agent", "heapscope",
                                        "idle-timeout", MAX (1u, timeout_ms / 1000),
                                        "proxy-resolver", NULL,
                                        NULL);
}

/* The task returns one error, in words, whatever part failed. */
static void
fail (GTask  *task,
      GError *error)
{
  Fetch *fetch = g_task_get_task_data (task);

  if (fetch->timed_out)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                               "%s did not answer within %.3g s", fetch->url,
                               fetch->timeout_ms / 1000.0);
      g_error_free (error);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_task_return_error (task, error);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED,
                               "Nothing listens at %s (connection refused)", fetch->url);
      g_error_free (error);
    }
  else
    {
      g_task_return_new_error (task, G_IO_ERROR,
                               error->domain == G_IO_ERROR ? error->code : G_IO_ERROR_FAILED,
                               "%s failed: %s", fetch->url, error->message);
      g_error_free (error);
    }
  g_object_unref (task);
}

static void read_next (GTask *task);

static void
on_read (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  Fetch *fetch = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(GBytes) chunk = NULL;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (chunk == NULL)
    {
      fail (task, error);
      return;
    }
  if (g_bytes_get_size (chunk) == 0)
    {
      g_task_return_pointer (task, g_byte_array_free_to_bytes (g_steal_pointer (&fetch->body)),
                             (GDestroyNotify) g_bytes_unref);
      g_object_unref (task);
      return;
    }
  if (g_bytes_get_size (chunk) > fetch->max_size - fetch->body->len)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                               "%s sent more than %" G_GSIZE_FORMAT " bytes (the limit); the rest was not read",
                               fetch->url, fetch->max_size);
      g_object_unref (task);
      return;
    }
  g_byte_array_append (fetch->body, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  read_next (task);
}

static void
read_next (GTask *task)
{
  Fetch *fetch = g_task_get_task_data (task);

  /* One byte past the limit is enough to know it is too large. */
  g_input_stream_read_bytes_async (fetch->stream,
                                   MIN ((gsize) CHUNK, fetch->max_size - fetch->body->len + 1),
                                   G_PRIORITY_DEFAULT, fetch->cancellable, on_read, task);
}

static void
on_sent (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  Fetch *fetch = g_task_get_task_data (task);
  GError *error = NULL;
  guint status;
  goffset length;

  fetch->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (fetch->stream == NULL)
    {
      fail (task, error);
      return;
    }

  status = soup_message_get_status (fetch->message);
  if (status != SOUP_STATUS_OK)
    {
      g_task_return_new_error (task, G_IO_ERROR,
                               status == SOUP_STATUS_NOT_FOUND ? G_IO_ERROR_NOT_FOUND : G_IO_ERROR_FAILED,
                               "%s answered %u %s", fetch->url, status,
                               soup_message_get_reason_phrase (fetch->message)
                               ? soup_message_get_reason_phrase (fetch->message) : "");
      g_object_unref (task);
      return;
    }

  length = soup_message_headers_get_content_length (soup_message_get_response_headers (fetch->message));
  if (length > 0 && (guint64) length > fetch->max_size)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                               "%s announces %" G_GINT64_FORMAT " bytes, more than the limit of %" G_GSIZE_FORMAT,
                               fetch->url, (gint64) length, fetch->max_size);
      g_object_unref (task);
      return;
    }

  read_next (task);
}

static gboolean
on_timeout (gpointer user_data)
{
  Fetch *fetch = user_data;

  fetch->timed_out = TRUE;
  g_cancellable_cancel (fetch->cancellable);
  return G_SOURCE_REMOVE;
}

static void
on_caller_cancelled (GCancellable *caller,
                     gpointer      user_data)
{
  GCancellable *ours = user_data;

  g_cancellable_cancel (ours);
}

void
hs_go_fetch_async (SoupSession         *session,
                   const char          *url,
                   gsize                max_size,
                   guint                timeout_ms,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  GTask *task;
  Fetch *fetch;
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = NULL;

  g_return_if_fail (SOUP_IS_SESSION (session));
  g_return_if_fail (url != NULL);
  g_return_if_fail (max_size > 0 && timeout_ms > 0);

  /* The body is a GByteArray, whose length is a guint. */
  max_size = MIN (max_size, (gsize) G_MAXUINT32 - 1);
  task = g_task_new (session, cancellable, callback, user_data);
  g_task_set_source_tag (task, hs_go_fetch_async);
  fetch = g_new0 (Fetch, 1);
  fetch->url = g_strdup (url);
  fetch->max_size = max_size;
  fetch->timeout_ms = timeout_ms;
  fetch->body = g_byte_array_new ();
  fetch->cancellable = g_cancellable_new ();
  g_task_set_task_data (task, fetch, fetch_free);
  /* Only the caller's cancellation may reach the task's own check. */
  g_task_set_check_cancellable (task, FALSE);

  uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, &error);
  if (uri == NULL
      || (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0
          && g_strcmp0 (g_uri_get_scheme (uri), "https") != 0))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               "%s is not an http:// or https:// address", url);
      g_object_unref (task);
      return;
    }

  if (cancellable != NULL)
    {
      fetch->caller_cancellable = g_object_ref (cancellable);
      fetch->caller_handler = g_cancellable_connect (cancellable, G_CALLBACK (on_caller_cancelled),
                                                     g_object_ref (fetch->cancellable), g_object_unref);
    }

  fetch->timeout = g_timeout_source_new (timeout_ms);
  g_source_set_callback (fetch->timeout, on_timeout, fetch, NULL);
  g_source_attach (fetch->timeout, g_task_get_context (task));

  fetch->message = soup_message_new_from_uri (SOUP_METHOD_GET, uri);
  soup_session_send_async (session, fetch->message, G_PRIORITY_DEFAULT, fetch->cancellable,
                           on_sent, task);
}

GBytes *
hs_go_fetch_finish (GAsyncResult  *result,
                    GError       **error)
{
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == hs_go_fetch_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
