/* hs-input-file.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-input-file"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gio/gunixinputstream.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "hs-input-file.h"
#include "hs-units.h"

/* Guards for reading files a user (or someone else) gave us: every read is
 * bounded by a cap that applies while reading, so /dev/zero, /dev/urandom
 * or a huge sparse file is refused after cap + 1 bytes, not after it has
 * filled memory; inputs can be looked at (peeked) before they are read,
 * so a pipe works although its kind is told from its first bytes; and
 * JSON nesting is bounded before json-glib's recursive parser runs. */

#define CHUNK_SIZE (64 * 1024)

/* open(2) of a FIFO waits for a writer, for ever if none comes, and no
 * cancellable can end it: a closed tab would leave its thread blocked.
 * Opened O_NONBLOCK, the wait is a poll() that @cancellable ends; the
 * reads after it block as a file's do. (Linux reports no hang-up before
 * a first writer, so the poll waits for one.) */
static GInputStream *
open_fifo (const char    *path,
           GCancellable  *cancellable,
           GError       **error)
{
  GPollFD fds[2] = { { 0 } };
  guint n_fds = 1;
  int fd, saved;

  fd = g_open (path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY, 0);
  if (fd < 0)
    {
      saved = errno;
      g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved), g_strerror (saved));
      return NULL;
    }

  fds[0].fd = fd;
  fds[0].events = G_IO_IN | G_IO_HUP | G_IO_ERR;
  if (g_cancellable_make_pollfd (cancellable, &fds[1]))
    n_fds = 2;
  saved = 0;
  while (!g_cancellable_is_cancelled (cancellable) && fds[0].revents == 0 && saved == 0)
    if (g_poll (fds, n_fds, -1) < 0 && errno != EINTR)
      saved = errno;
  if (n_fds == 2)
    g_cancellable_release_fd (cancellable);

  if (saved != 0)
    g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved), g_strerror (saved));
  if (saved != 0 || g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      close (fd);
      return NULL;
    }

  fcntl (fd, F_SETFL, fcntl (fd, F_GETFL) & ~O_NONBLOCK);
  return g_unix_input_stream_new (fd, TRUE);
}

/**
 * hs_input_file_open:
 *
 * Opens @file for reading, buffered so that hs_input_stream_peek() can
 * look at its start without consuming it (pipes and FIFOs cannot seek).
 * Errors name the file.
 *
 * Returns: (transfer full): a #GBufferedInputStream, or %NULL
 */
GInputStream *
hs_input_file_open (GFile         *file,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *path = NULL;
  GStatBuf st;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  path = g_file_get_path (file);
  if (path != NULL && g_stat (path, &st) == 0 && S_ISFIFO (st.st_mode))
    stream = open_fifo (path, cancellable, &local_error);
  else
    stream = G_INPUT_STREAM (g_file_read (file, cancellable, &local_error));
  if (stream == NULL)
    {
      g_autofree char *where = g_file_get_parse_name (file);

      g_set_error (error, local_error->domain, local_error->code, "%s: %s",
                   where, local_error->message);
      return NULL;
    }
  return g_buffered_input_stream_new_sized (stream, CHUNK_SIZE);
}

/**
 * hs_input_stream_peek:
 *
 * The first %HS_INPUT_SNIFF_SIZE bytes of @stream (fewer if it is
 * shorter), left in its buffer for the next read.
 *
 * Returns: (transfer none): the bytes, valid until the next read, or %NULL
 *   on a read error
 */
const guint8 *
hs_input_stream_peek (GInputStream  *stream,
                      gsize         *out_length,
                      GCancellable  *cancellable,
                      GError       **error)
{
  GBufferedInputStream *buffered;

  g_return_val_if_fail (G_IS_BUFFERED_INPUT_STREAM (stream), NULL);
  g_return_val_if_fail (out_length != NULL, NULL);

  buffered = G_BUFFERED_INPUT_STREAM (stream);
  while (g_buffered_input_stream_get_available (buffered) < HS_INPUT_SNIFF_SIZE)
    {
      gsize available = g_buffered_input_stream_get_available (buffered);
      gssize n = g_buffered_input_stream_fill (buffered, HS_INPUT_SNIFF_SIZE - available,
                                               cancellable, error);

      if (n < 0)
        return NULL;
      if (n == 0)
        break;
    }
  return g_buffered_input_stream_peek_buffer (buffered, out_length);
}

static GBytes *
too_large (const char  *display_name,
           guint64      limit,
           const char  *limit_name,
           GError     **error)
{
  g_autofree char *cap = hs_format_bytes ((gint64) MIN (limit, (guint64) G_MAXINT64));

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
               _("%s: the file is larger than the %s limit (%s)"),
               display_name, cap, limit_name);
  return NULL;
}

/* A regular file says its size: refuse a large one without reading it. */
static gboolean
says_too_large (GInputStream *stream,
                guint64       limit,
                GCancellable *cancellable)
{
  g_autoptr(GFileInfo) info = NULL;

  while (G_IS_FILTER_INPUT_STREAM (stream))
    stream = g_filter_input_stream_get_base_stream (G_FILTER_INPUT_STREAM (stream));
  if (!G_IS_FILE_INPUT_STREAM (stream))
    return FALSE;
  info = g_file_input_stream_query_info (G_FILE_INPUT_STREAM (stream),
                                         G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                                         G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                         cancellable, NULL);
  return info != NULL &&
         g_file_info_get_file_type (info) == G_FILE_TYPE_REGULAR &&
         g_file_info_get_size (info) > 0 &&
         (guint64) g_file_info_get_size (info) > limit;
}

/**
 * hs_input_stream_read_all:
 * @limit: the most bytes accepted; one more is a #G_IO_ERROR_MESSAGE_TOO_LARGE
 * @display_name: names the input in errors
 * @limit_name: names the setting or option that sets @limit, for the error
 *
 * Reads @stream to its end, never holding more than @limit + 1 bytes.
 *
 * Returns: (transfer full): the content, or %NULL
 */
GBytes *
hs_input_stream_read_all (GInputStream  *stream,
                          guint64        limit,
                          const char    *display_name,
                          const char    *limit_name,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autoptr(GByteArray) buffer = NULL;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);
  g_return_val_if_fail (display_name != NULL && limit_name != NULL, NULL);

  if (says_too_large (stream, limit, cancellable))
    return too_large (display_name, limit, limit_name, error);

  buffer = g_byte_array_new ();
  for (;;)
    {
      g_autoptr(GError) local_error = NULL;
      guint old = buffer->len;
      gsize want = CHUNK_SIZE;
      gssize n;

      /* Ask for no more than one byte past the limit. */
      if (limit - old < CHUNK_SIZE)
        want = (gsize) (limit - old) + 1;
      if ((guint64) old + want > G_MAXUINT)
        return too_large (display_name, limit, limit_name, error);
      g_byte_array_set_size (buffer, old + (guint) want);
      n = g_input_stream_read (stream, buffer->data + old, want, cancellable, &local_error);
      if (n < 0)
        {
          g_set_error (error, local_error->domain, local_error->code, "%s: %s",
                       display_name, local_error->message);
          return NULL;
        }
      g_byte_array_set_size (buffer, old + (guint) n);
      if (n == 0)
        break;
      if (buffer->len > limit)
        return too_large (display_name, limit, limit_name, error);
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&buffer));
}

/**
 * hs_input_file_read:
 *
 * Opens and reads @file under @limit (see hs_input_stream_read_all()).
 * Errors name the file by its parse name.
 *
 * Returns: (transfer full): the content, or %NULL
 */
GBytes *
hs_input_file_read (GFile         *file,
                    guint64        limit,
                    const char    *limit_name,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr(GInputStream) stream = NULL;
  g_autofree char *where = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  stream = hs_input_file_open (file, cancellable, error);
  if (stream == NULL)
    return NULL;
  where = g_file_get_parse_name (file);
  return hs_input_stream_read_all (stream, limit, where, limit_name, cancellable, error);
}

/**
 * hs_input_parse_limit:
 * @text: a size in hs_parse_size()'s syntax, e.g. "1048576" or "64M"
 *
 * Parses a size cap such as `--max-size`. Zero, negative numbers, garbage
 * and sizes beyond 2^63 − 1 bytes are refused with a message.
 */
gboolean
hs_input_parse_limit (const char  *text,
                      guint64     *out_bytes,
                      GError     **error)
{
  guint64 value;

  g_return_val_if_fail (text != NULL && out_bytes != NULL, FALSE);

  if (!hs_parse_size (text, &value, error))
    return FALSE;
  if (value == 0)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("a size limit of 0 refuses every file; give at least 1 byte"));
      return FALSE;
    }
  *out_bytes = value;
  return TRUE;
}

/**
 * hs_input_check_json_depth:
 *
 * Refuses JSON nested deeper than @max_depth objects and arrays, counted
 * outside strings, with an error naming the input and the byte. A cheap
 * linear scan that does not check the rest of the syntax: json-glib does
 * that afterwards, safely once the depth is bounded (its parser recurses
 * once per level, and 100,000 levels overflow the stack).
 */
gboolean
hs_input_check_json_depth (const char  *data,
                           gsize        length,
                           guint        max_depth,
                           const char  *display_name,
                           GError     **error)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }
      if (c == '"')
        in_string = TRUE;
      else if (c == '{' || c == '[')
        {
          if (++depth > max_depth)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("%s: the JSON is nested more than %u levels deep (at byte %lu)"),
                           display_name, max_depth, (gulong) i);
              return FALSE;
            }
        }
      else if ((c == '}' || c == ']') && depth > 0)
        depth--;
    }
  return TRUE;
}
