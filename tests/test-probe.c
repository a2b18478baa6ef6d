/* test-probe.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* heapscope-probe's line protocol (src/probe/PROTOCOL.md), spoken
 * directly: handshake, errors, replies, exit on end of input. */

#include "config.h"

#include <unistd.h>

#include "test-sampler-common.h"

/* Feeds @input to a fresh probe, returns its whole output; the probe
 * must exit 0 by itself at the end of input. */
static char *
converse (const char *input)
{
  g_autofree char *probe = hs_find_helper_program ("heapscope-probe");
  g_autoptr(GSubprocess) subprocess = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL;

  g_assert_nonnull (probe);
  subprocess = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                                 &error, probe, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (subprocess, input, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (subprocess));
  g_assert_cmpint (g_subprocess_get_exit_status (subprocess), ==, 0);
  return out;
}

static void
test_handshake (void)
{
  g_autofree char *before = converse ("list\nhello 2\nhello 1\n");
  g_auto(GStrv) lines = g_strsplit (before, "\n", -1);

  g_assert_true (g_str_has_prefix (lines[0], "err invalid "));
  g_assert_true (g_str_has_prefix (lines[1], "err version "));
  g_assert_true (g_str_has_prefix (lines[2], "ok heapscope-probe 1 "));
  g_assert_cmpstr (lines[3], ==, "");
}

static void
test_requests (void)
{
  g_autoptr(HsTestDemo) demo = hs_test_demo_start ("--initial-mib=8", "--rate-kib=0", NULL);
  g_autofree char *input = g_strdup_printf ("hello 1\nsample %d smaps fds\ninfo %d\nmaps %d\n"
                                            "sample 999999999\nsample abc\nfrobnicate\nquit\nlist\n",
                                            demo->pid, demo->pid, demo->pid);
  g_autofree char *out = converse (input);
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  g_autofree char *rss = NULL;
  g_autofree char *threads = NULL;
  guint64 n_maps;
  guint i = 1;

  /* sample */
  g_assert_true (g_str_has_prefix (lines[i], "ok rss="));
  rss = g_strdup_printf (" rss=%" G_GINT64_FORMAT " ", hs_test_read_status (demo->pid, "VmRSS"));
  threads = g_strdup_printf (" threads=%" G_GINT64_FORMAT " ", hs_test_read_status (demo->pid, "Threads"));
  g_assert_nonnull (strstr (lines[i] + 2, rss));
  g_assert_nonnull (strstr (lines[i], threads));
  g_assert_nonnull (strstr (lines[i], " smaps=ok heap="));
  g_assert_nonnull (strstr (lines[i], " fds="));
  i++;

  /* info: uid user name cmdline */
  {
    g_auto(GStrv) fields = g_strsplit (lines[i] + 3, "\t", -1);
    g_autofree char *uid = g_strdup_printf ("%u", getuid ());

    g_assert_true (g_str_has_prefix (lines[i], "ok "));
    g_assert_cmpuint (g_strv_length (fields), ==, 4);
    g_assert_cmpstr (fields[0], ==, uid);
    g_assert_cmpstr (fields[2], ==, "heapscope-demo");
    g_assert_nonnull (strstr (fields[3], "--initial-mib=8"));
    i++;
  }

  /* maps: ok N, then N mapping lines */
  g_assert_true (g_str_has_prefix (lines[i], "ok "));
  g_assert_true (g_ascii_string_to_unsigned (lines[i] + 3, 10, 1, 100000, &n_maps, NULL));
  i++;
  for (guint64 m = 0; m < n_maps; m++, i++)
    {
      g_auto(GStrv) halves = g_strsplit (lines[i], "\t", 2);
      g_auto(GStrv) numbers = g_strsplit (halves[0], " ", -1);

      g_assert_cmpuint (g_strv_length (halves), ==, 2);
      g_assert_cmpuint (g_strv_length (numbers), ==, 10);
    }

  g_assert_true (g_str_has_prefix (lines[i++], "err gone "));
  g_assert_true (g_str_has_prefix (lines[i++], "err invalid "));
  g_assert_true (g_str_has_prefix (lines[i++], "err invalid "));
  /* quit ends the conversation: the list after it gets no answer. */
  g_assert_cmpstr (lines[i++], ==, "ok bye");
  g_assert_cmpstr (lines[i], ==, "");
  g_assert_null (lines[i + 1]);
}

static void
test_list (void)
{
  g_autofree char *out = converse ("hello 1\nlist\n");
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  g_autofree char *self = g_strdup_printf ("%d\t", getpid ());
  guint64 n;
  gboolean found = FALSE;

  g_assert_true (g_str_has_prefix (lines[1], "ok "));
  g_assert_true (g_ascii_string_to_unsigned (lines[1] + 3, 10, 1, 10000000, &n, NULL));
  g_assert_cmpuint (g_strv_length (lines), ==, n + 3);
  for (guint64 i = 0; i < n; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[2 + i], "\t", -1);

      g_assert_cmpuint (g_strv_length (fields), ==, 10);
      if (g_str_has_prefix (lines[2 + i], self))
        {
          found = TRUE;
          g_autofree char *comm = NULL;

          /* Our own name as the kernel has it (valgrind renames us). */
          g_assert_true (g_file_get_contents ("/proc/self/comm", &comm, NULL, NULL));
          g_strchomp (comm);
          g_assert_cmpstr (fields[8], ==, comm);
        }
    }
  g_assert_true (found);
}

static void
test_arguments (void)
{
  g_autofree char *probe = hs_find_helper_program ("heapscope-probe");
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  int status = 0;
  const char *version_argv[] = { probe, "--version", NULL };
  const char *bad_argv[] = { probe, "--frobnicate", NULL };

  g_assert_true (g_spawn_sync (NULL, (char **) version_argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_true (g_str_has_prefix (out, "heapscope-probe "));
  g_clear_pointer (&out, g_free);

  g_assert_true (g_spawn_sync (NULL, (char **) bad_argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                               &out, NULL, &status, &error));
  g_assert_false (g_spawn_check_wait_status (status, NULL));
}

static void
exited_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  gboolean *done = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *done = TRUE;
}

/* Waits up to @seconds for @subprocess to exit by itself (its stdin is
 * still open, so end of input is not what ends it); FALSE on timeout. */
static gboolean
wait_exit (GSubprocess *subprocess,
           guint        seconds)
{
  gboolean done = FALSE;
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  g_subprocess_wait_async (subprocess, NULL, exited_cb, &done);
  while (!done && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE), g_usleep (10000);
  if (!done)
    {
      g_subprocess_force_exit (subprocess);
      while (!done)
        g_main_context_iteration (NULL, TRUE);
      return FALSE;
    }
  return TRUE;
}

static void
send (GSubprocess *subprocess,
      const char  *text)
{
  g_autoptr(GError) error = NULL;

  g_output_stream_write_all (g_subprocess_get_stdin_pipe (subprocess), text, strlen (text),
                             NULL, NULL, &error);
  g_assert_no_error (error);
}

/* A reader that went away must end the probe (nonzero, with its stdin
 * still open), not leave it re-reading /proc for nobody. Here stdout is
 * /dev/full: every write fails with ENOSPC. */
static void
test_write_error_full (void)
{
  g_autofree char *probe = hs_find_helper_program ("heapscope-probe");
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) subprocess = NULL;
  g_autoptr(GError) error = NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_set_stdout_file_path (launcher, "/dev/full");
  subprocess = g_subprocess_launcher_spawn (launcher, &error, probe, NULL);
  g_assert_no_error (error);

  send (subprocess, "hello 1\nlist\nlist\n");
  g_assert_true (wait_exit (subprocess, 20));
  g_assert_true (g_subprocess_get_if_exited (subprocess));
  g_assert_cmpint (g_subprocess_get_exit_status (subprocess), ==, 1);
}

/* The same with a pipe whose reader closed it after the first reply:
 * the large replies (list, maps) fail inside fwrite(), after which a
 * fflush() of the now empty buffer succeeds; the stream's error flag is
 * what must end the probe. */
static void
test_write_error_closed_pipe (void)
{
  g_autofree char *probe = hs_find_helper_program ("heapscope-probe");
  g_autoptr(GSubprocess) subprocess = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *requests = NULL;
  char greeting[256];
  gssize n;

  subprocess = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                 G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error, probe, NULL);
  g_assert_no_error (error);

  send (subprocess, "hello 1\n");
  n = g_input_stream_read (g_subprocess_get_stdout_pipe (subprocess), greeting, sizeof greeting - 1,
                           NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (n, >, 0);
  greeting[n] = '\0';
  g_assert_true (g_str_has_prefix (greeting, "ok heapscope-probe 1 "));
  g_input_stream_close (g_subprocess_get_stdout_pipe (subprocess), NULL, &error);
  g_assert_no_error (error);

  requests = g_strdup_printf ("maps %d\nlist\nmaps %d\n", getpid (), getpid ());
  send (subprocess, requests);
  g_assert_true (wait_exit (subprocess, 20));
  g_assert_true (g_subprocess_get_if_exited (subprocess));
  g_assert_cmpint (g_subprocess_get_exit_status (subprocess), ==, 1);
}

/* A 50 MB request line gets one short error (not an echo of it), is not
 * kept in memory, and the next line is read as a request again. */
static void
test_long_request (void)
{
  g_autofree char *probe = hs_find_helper_program ("heapscope-probe");
  g_autoptr(GSubprocess) subprocess = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *junk = NULL;
  g_autofree char *line = NULL;
  gsize junk_size = 50 * 1000 * 1000;
  gsize len = 0;
  gint64 peak;

  subprocess = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                                 &error, probe, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (subprocess));

  junk = g_malloc (junk_size);
  memset (junk, 'x', junk_size);
  memcpy (junk, "hello 1 ", 8);
  junk[junk_size - 1] = '\n';
  g_output_stream_write_all (g_subprocess_get_stdin_pipe (subprocess), junk, junk_size,
                             NULL, NULL, &error);
  g_assert_no_error (error);

  line = g_data_input_stream_read_line (out, &len, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (len, <, 100);
  g_assert_true (g_str_has_prefix (line, "err invalid request longer than "));
  g_clear_pointer (&line, g_free);

  /* While it waits for the next request: it never held the line. */
  peak = hs_test_read_status (atoi (g_subprocess_get_identifier (subprocess)), "VmHWM");
  g_assert_cmpint (peak, >, 0);
  g_assert_cmpint (peak, <, 20 * 1024 * 1024);

  send (subprocess, "hello 1\n");
  line = g_data_input_stream_read_line (out, &len, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (line, "ok heapscope-probe 1 "));

  g_output_stream_close (g_subprocess_get_stdin_pipe (subprocess), NULL, &error);
  g_assert_no_error (error);
  g_assert_true (wait_exit (subprocess, 20));
  g_assert_cmpint (g_subprocess_get_exit_status (subprocess), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/probe/handshake", test_handshake);
  g_test_add_func ("/probe/requests", test_requests);
  g_test_add_func ("/probe/list", test_list);
  g_test_add_func ("/probe/arguments", test_arguments);
  g_test_add_func ("/probe/write-error-full", test_write_error_full);
  g_test_add_func ("/probe/write-error-closed-pipe", test_write_error_closed_pipe);
  g_test_add_func ("/probe/long-request", test_long_request);

  return g_test_run ();
}
