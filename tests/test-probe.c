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

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/probe/handshake", test_handshake);
  g_test_add_func ("/probe/requests", test_requests);
  g_test_add_func ("/probe/list", test_list);
  g_test_add_func ("/probe/arguments", test_arguments);

  return g_test_run ();
}
