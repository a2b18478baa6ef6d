/* test-input-file.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Reading untrusted inputs: caps that apply while reading (real /dev/zero,
 * a real sparse file), cap values, JSON depth, content sniffing, and a
 * peek that leaves a pipe's bytes for the reader. */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hs-input-file.h"
#include "hs-memory-map.h"
#include "hs-profile.h"

static char *
make_sparse (gint64 size)
{
  g_autoptr(GError) error = NULL;
  char *path = NULL;
  int fd = g_file_open_tmp ("hs-test-sparse-XXXXXX", &path, &error);

  g_assert_no_error (error);
  g_assert_cmpint (ftruncate (fd, size), ==, 0);
  close (fd);
  return path;
}

static void
test_cap_dev_zero (void)
{
  g_autoptr(GFile) file = g_file_new_for_path ("/dev/zero");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(HsProfile) profile = NULL;

  bytes = hs_input_file_read (file, 1000, "--max-size", NULL, &error);
  g_assert_null (bytes);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "/dev/zero"));
  g_assert_nonnull (strstr (error->message, "1000 B"));
  g_assert_nonnull (strstr (error->message, "--max-size"));
  g_clear_error (&error);

  profile = hs_profile_load_file (file, 4096, NULL, &error);
  g_assert_null (profile);
  g_assert_error (error, HS_PROFILE_ERROR, HS_PROFILE_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "zero"));
}

/* 3 GiB of holes: refused from its size, before any of it is read. */
static void
test_cap_sparse (void)
{
  g_autofree char *path = make_sparse (G_GINT64_CONSTANT (3) << 30);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(HsProfile) profile = NULL;
  g_autoptr(HsMemoryMap) map = NULL;
  gint64 start = g_get_monotonic_time ();

  profile = hs_profile_load_file (file, 1000, NULL, &error);
  g_assert_error (error, HS_PROFILE_ERROR, HS_PROFILE_ERROR_TOO_LARGE);
  g_clear_error (&error);
  profile = hs_profile_load_file (file, 0, NULL, &error);
  g_assert_error (error, HS_PROFILE_ERROR, HS_PROFILE_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "1.00 GiB"));
  g_clear_error (&error);
  map = hs_memory_map_load_file (file, 0, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "64.0 MiB"));
  /* Reading 1 GiB of zeros takes a second or more here; a size check
   * takes microseconds. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC / 2);
  g_unlink (path);
}

/* Exactly at the cap is accepted; one byte more is not. */
static void
test_cap_exact (void)
{
  g_autoptr(GFile) file = g_file_new_for_path ("/dev/zero");
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GInputStream) memory = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  static const char text[] = "0123456789";

  memory = g_memory_input_stream_new_from_data (text, 10, NULL);
  bytes = hs_input_stream_read_all (memory, 10, "mem", "cap", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (bytes), ==, 10);
  g_clear_pointer (&bytes, g_bytes_unref);
  g_clear_object (&memory);

  memory = g_memory_input_stream_new_from_data (text, 10, NULL);
  bytes = hs_input_stream_read_all (memory, 9, "mem", "cap", NULL, &error);
  g_assert_null (bytes);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE);
}

static void
test_parse_limit (void)
{
  static const struct { const char *text; guint64 value; } good[] = {
    { "1", 1 }, { "1000", 1000 }, { "64M", 64 << 20 }, { "64MiB", 64 << 20 },
    { "1G", 1 << 30 }, { "2k", 2048 }, { "9223372036854775807", G_MAXINT64 },
    { "8388607T", G_GUINT64_CONSTANT (8388607) << 40 },
  };
  static const char *bad[] = {
    "", "-1", "0", "0M", "abc", "12abc", " 12", "12 ", "+5", "1.5G", "64m", "0x10",
    "9223372036854775808", "99999999999999999999", "8388608T", "18446744073709551616",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      guint64 value = 0;

      g_assert_true (hs_input_parse_limit (good[i].text, &value, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (value, ==, good[i].value);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      guint64 value = 42;

      g_test_message ("bad: “%s”", bad[i]);
      g_assert_false (hs_input_parse_limit (bad[i], &value, &error));
      g_assert_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
      g_assert_cmpuint (value, ==, 42);
    }
}

static char *
nested (guint depth)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < depth; i++)
    g_string_append (text, i % 2 ? "[" : "{\"a\":");
  g_string_append (text, "1");
  for (guint i = depth; i > 0; i--)
    g_string_append (text, (i - 1) % 2 ? "]" : "}");
  return g_string_free (text, FALSE);
}

/* 100,000 levels overflowed the stack inside json-glib. */
static void
test_json_depth (void)
{
  g_autofree char *deep = nested (100000);
  g_autofree char *ok = nested (HS_INPUT_MAX_JSON_DEPTH);
  g_autofree char *over = nested (HS_INPUT_MAX_JSON_DEPTH + 1);
  g_autoptr(GBytes) bytes = g_bytes_new (deep, strlen (deep));
  g_autoptr(GError) error = NULL;
  g_autoptr(HsMemoryMap) map = NULL;
  /* Brackets in strings (escaped quotes too) do not count. */
  g_autofree char *brackets = g_strdup_printf ("{\"a\": \"\\\"%s\", \"b\": [1]}", deep);

  g_assert_true (hs_input_check_json_depth (ok, strlen (ok), HS_INPUT_MAX_JSON_DEPTH, "ok", &error));
  g_assert_no_error (error);
  g_assert_false (hs_input_check_json_depth (over, strlen (over), HS_INPUT_MAX_JSON_DEPTH, "over", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);
  g_assert_true (hs_input_check_json_depth (brackets, strlen (brackets), 2, "strings", &error));
  g_assert_no_error (error);

  map = hs_memory_map_load_bytes (bytes, "deep.json", &error);
  g_assert_null (map);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "deep.json"));
  g_assert_nonnull (strstr (error->message, "64 levels"));
}

/* A valid snapshot whose "format" comes after 4 KiB of other keys (as
 * `jq -S` orders it when the command line is long) is still a snapshot;
 * profiles are not. */
static void
test_sniff (void)
{
  g_autofree char *cmdline = g_strnfill (5000, 'x');
  g_autoptr(GString) json = g_string_new ("\n  {\n  \"cmdline\": \"");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HsMemoryMap) map = NULL;
  static const guint8 gzip[] = { 0x1f, 0x8b, 0x08, 0x00 };
  static const guint8 raw_pprof[] = { 0x0a, 0x7b, 0x08, 0x01, 0x10, 0x02 };
  static const char legacy[] = "heap profile: 1: 2 [3: 4] @ heap/1048576\n";

  g_string_append (json, cmdline);
  g_string_append (json, "\",\n  \"format\": \"" HS_MEMORY_MAP_FORMAT "\",\n"
                         "  \"mappings\": [{\"end\": \"0x2000\", \"name\": \"[heap]\", \"perms\": \"rw-p\", "
                         "\"private_dirty\": 4096, \"pss\": 4096, \"rss\": 4096, \"size\": 4096, "
                         "\"start\": \"0x1000\", \"swap\": 0}],\n  \"pid\": 7\n}\n");
  g_assert_true (hs_memory_map_sniff ((const guint8 *) json->str, json->len));
  bytes = g_bytes_new (json->str, json->len);
  map = hs_memory_map_load_bytes (bytes, "sorted.json", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hs_memory_map_get_n_mappings (map), ==, 1);
  g_assert_cmpint (hs_memory_map_get_pid (map), ==, 7);

  g_assert_false (hs_memory_map_sniff (gzip, sizeof gzip));
  g_assert_false (hs_memory_map_sniff (raw_pprof, sizeof raw_pprof));
  g_assert_false (hs_memory_map_sniff ((const guint8 *) legacy, strlen (legacy)));
  g_assert_false (hs_memory_map_sniff ((const guint8 *) "", 0));
  g_assert_false (hs_memory_map_sniff ((const guint8 *) "  \n", 3));
}

static gpointer
write_pipe (gpointer data)
{
  int fd = GPOINTER_TO_INT (data);
  g_autofree char *text = g_strnfill (100000, 'p');

  g_assert_cmpint (write (fd, "{\"x\": 1}", 8), ==, 8);
  g_assert_cmpint (write (fd, text, 100000), ==, 100000);
  close (fd);
  return NULL;
}

/* A pipe named by /proc/self/fd/N: the peek leaves its first bytes for
 * the read, nothing is lost. */
static void
test_peek_pipe (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  const guint8 *peeked;
  gsize length = 0;
  GThread *writer;
  int fds[2];

  g_assert_cmpint (pipe (fds), ==, 0);
  path = g_strdup_printf ("/proc/self/fd/%d", fds[0]);
  writer = g_thread_new ("pipe-writer", write_pipe, GINT_TO_POINTER (fds[1]));
  file = g_file_new_for_path (path);
  stream = hs_input_file_open (file, NULL, &error);
  g_assert_no_error (error);
  close (fds[0]);

  peeked = hs_input_stream_peek (stream, &length, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (length, ==, HS_INPUT_SNIFF_SIZE);
  g_assert_true (hs_memory_map_sniff (peeked, length));
  bytes = hs_input_stream_read_all (stream, 1 << 20, path, "cap", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (bytes), ==, 100008);
  g_assert_cmpint (memcmp (g_bytes_get_data (bytes, NULL), "{\"x\": 1}ppp", 11), ==, 0);
  g_thread_join (writer);
}

typedef struct
{
  const char   *path;
  GCancellable *cancellable;
  gint64        at;
  gboolean      write;
  gboolean      done;
  gboolean      rescued;
} FifoPeer;

/* At @at: cancels, or connects a writer that writes "heapscope" and
 * closes. From 5 s on it also connects empty writers, so that an open
 * that cannot be cancelled ends (and the test fails) instead of hanging. */
static gpointer
fifo_peer (gpointer data)
{
  FifoPeer *peer = data;
  gboolean acted = FALSE;

  while (!g_atomic_int_get (&peer->done))
    {
      gint64 now = g_get_monotonic_time ();

      if (!acted && now >= peer->at)
        {
          if (!peer->write)
            {
              g_cancellable_cancel (peer->cancellable);
              acted = TRUE;
            }
          else
            {
              int fd = open (peer->path, O_WRONLY | O_NONBLOCK | O_CLOEXEC);

              if (fd >= 0)
                {
                  g_assert_cmpint (write (fd, "heapscope", 9), ==, 9);
                  close (fd);
                  acted = TRUE;
                }
            }
        }
      if (now >= peer->at + 5 * G_USEC_PER_SEC)
        {
          int fd = open (peer->path, O_WRONLY | O_NONBLOCK | O_CLOEXEC);

          if (fd >= 0)
            {
              g_atomic_int_set (&peer->rescued, TRUE);
              close (fd);
            }
        }
      g_usleep (1000);
    }
  return NULL;
}

/* Opening a FIFO waits for a writer, and the cancellable ends the wait:
 * a closed tab does not leave its worker blocked for ever. Before, the
 * open(2) could not be cancelled. With a writer, the bytes come through
 * and the peek keeps them for the reader. */
static void
test_fifo_open (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hs-test-fifo-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "fifo", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  g_assert_cmpint (mkfifo (path, 0600), ==, 0);
  for (int write_it = 0; write_it <= 1; write_it++)
    {
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      g_autoptr(GInputStream) stream = NULL;
      g_autoptr(GError) error = NULL;
      FifoPeer peer = { path, cancellable, g_get_monotonic_time () + 100 * 1000, write_it };
      GThread *thread = g_thread_new ("fifo-peer", fifo_peer, &peer);
      gint64 start = g_get_monotonic_time ();

      stream = hs_input_file_open (file, cancellable, &error);
      g_test_message ("%s after %.1f ms", write_it ? "written" : "cancelled",
                      (g_get_monotonic_time () - start) / 1000.0);
      if (!write_it)
        {
          g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
          g_assert_null (stream);
        }
      else
        {
          const guint8 *data;
          gsize length = 0;
          char buffer[16] = { 0 };

          g_assert_no_error (error);
          data = hs_input_stream_peek (stream, &length, NULL, &error);
          g_assert_no_error (error);
          g_assert_cmpmem (data, length, "heapscope", 9);
          g_assert_cmpint (g_input_stream_read (stream, buffer, sizeof buffer, NULL, &error), ==, 9);
          g_assert_cmpstr (buffer, ==, "heapscope");
        }
      g_assert_false (g_atomic_int_get (&peer.rescued));
      g_atomic_int_set (&peer.done, TRUE);
      g_thread_join (thread);
    }
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/input-file/cap/dev-zero", test_cap_dev_zero);
  g_test_add_func ("/input-file/cap/sparse", test_cap_sparse);
  g_test_add_func ("/input-file/cap/exact", test_cap_exact);
  g_test_add_func ("/input-file/parse-limit", test_parse_limit);
  g_test_add_func ("/input-file/json-depth", test_json_depth);
  g_test_add_func ("/input-file/sniff", test_sniff);
  g_test_add_func ("/input-file/peek-pipe", test_peek_pipe);
  g_test_add_func ("/input-file/fifo-open", test_fifo_open);

  return g_test_run ();
}
