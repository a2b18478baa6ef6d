/* hs-test-go-service.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>

#include "hs-test-go-service.h"

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

GoService *
go_service_start (void)
{
  return go_service_start_with (NULL);
}

/* @extra: more flags of gometrics, e.g. "-goroutineleak", or NULL. */
GoService *
go_service_start_with (const char *extra)
{
  const char *binary = g_getenv ("HS_TEST_GOMETRICS");
  GoService *svc;
  g_autofree char *ready = NULL;
  g_autoptr(GError) error = NULL;
  gint64 deadline;

  if (binary == NULL || !g_file_test (binary, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("go was not found at configure time, so tests/gen/gometrics was not built "
                   "(install golang-go and reconfigure)");
      return NULL;
    }
  svc = g_new0 (GoService, 1);
  svc->dir = g_dir_make_tmp ("hs-go-XXXXXX", &error);
  g_assert_no_error (error);
  ready = g_build_filename (svc->dir, "ready", NULL);
  {
    g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);

    /* Dies with us, even when an assertion aborts the test. Churn enough
     * for GC cycles to end every few tens of milliseconds. */
    g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
    svc->process = g_subprocess_launcher_spawn (launcher, &error, binary, "-duration", "60s",
                                                "-churn", "1024", "-ready-file", ready,
                                                extra, NULL);
  }
  g_assert_no_error (error);
  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (!g_file_test (ready, G_FILE_TEST_EXISTS) && g_get_monotonic_time () < deadline)
    g_usleep (10000);
  {
    g_autofree char *text = NULL;

    /* Written in one write after the listener is up; a read may still
     * catch it empty for an instant. */
    while (g_get_monotonic_time () < deadline)
      {
        g_clear_pointer (&text, g_free);
        if (g_file_get_contents (ready, &text, NULL, NULL) && strchr (text, '\n') != NULL)
          break;
        g_usleep (10000);
      }
    g_assert_nonnull (text);
    g_assert_cmpint (sscanf (text, "%d %u", &svc->pid, &svc->port), ==, 2);
  }
  g_assert_cmpint (svc->pid, ==, atoi (g_subprocess_get_identifier (svc->process)));
  svc->url = g_strdup_printf ("http://127.0.0.1:%u", svc->port);
  return svc;
}

void
go_service_stop (GoService *svc)
{
  g_autofree char *ready = g_build_filename (svc->dir, "ready", NULL);

  g_subprocess_force_exit (svc->process);
  g_subprocess_wait (svc->process, NULL, NULL);
  g_unlink (ready);
  g_rmdir (svc->dir);
  g_free (svc->dir);
  g_free (svc->url);
  g_object_unref (svc->process);
  g_free (svc);
}
