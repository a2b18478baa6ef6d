/* test-sampler-common.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Shared by the live tests: start heapscope-demo (a real process whose
 * memory the test sets), wait until it is ready, read /proc ourselves. */

#pragma once

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <sys/prctl.h>
#include <stdlib.h>
#include <string.h>

#include "hs-sampler.h"

typedef struct
{
  GSubprocess *subprocess;
  int          pid;
  char        *dir;
} HsTestDemo;

/* Run in the demo's child before exec when set (e.g. setgroups). */
static GSpawnChildSetupFunc hs_test_demo_extra_setup;

/* If the test dies on an assertion, the demo must not outlive it (it would
 * hold the test's stdout open and stall the test runner). */
static void
hs_test_demo_child_setup (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
  if (hs_test_demo_extra_setup != NULL)
    hs_test_demo_extra_setup (NULL);
}

static inline HsTestDemo *
hs_test_demo_start (const char *first_arg,
                    ...)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) argv = NULL;
  g_autofree char *demo = hs_find_helper_program ("heapscope-demo");
  g_autofree char *ready = NULL;
  g_autofree char *ready_arg = NULL;
  HsTestDemo *self;
  gint64 deadline;
  va_list args;

  g_assert_nonnull (demo);

  self = g_new0 (HsTestDemo, 1);
  self->dir = g_dir_make_tmp ("hs-test-demo-XXXXXX", &error);
  g_assert_no_error (error);
  ready = g_build_filename (self->dir, "ready", NULL);
  ready_arg = g_strconcat ("--ready-file=", ready, NULL);

  g_strv_builder_add (builder, demo);
  g_strv_builder_add (builder, ready_arg);
  /* A safety net; a test's own --duration comes later and wins. */
  g_strv_builder_add (builder, "--duration=120s");
  va_start (args, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_strv_builder_add (builder, arg);
  va_end (args);
  argv = g_strv_builder_end (builder);

  g_subprocess_launcher_set_child_setup (launcher, hs_test_demo_child_setup, NULL, NULL);
  self->subprocess = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv, &error);
  g_assert_no_error (error);
  self->pid = atoi (g_subprocess_get_identifier (self->subprocess));

  /* The demo writes the file after its initial allocation. */
  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (!g_file_test (ready, G_FILE_TEST_EXISTS))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (10 * 1000);
    }

  return self;
}

static inline void
hs_test_demo_wait (HsTestDemo *self)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_wait (self->subprocess, NULL, &error);
  g_assert_no_error (error);
}

static inline void
hs_test_demo_free (HsTestDemo *self)
{
  g_autofree char *ready = g_build_filename (self->dir, "ready", NULL);

  if (g_subprocess_get_identifier (self->subprocess) != NULL)
    g_subprocess_send_signal (self->subprocess, SIGTERM);
  hs_test_demo_wait (self);
  g_unlink (ready);
  g_rmdir (self->dir);
  g_free (self->dir);
  g_object_unref (self->subprocess);
  g_free (self);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HsTestDemo, hs_test_demo_free)

/* A field of /proc/PID/status in bytes ("kB" lines) or as a count. */
static inline gint64
hs_test_read_status (int         pid,
                     const char *key)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/status", pid);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return -1;
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      gsize key_len = strlen (key);

      if (strncmp (lines[i], key, key_len) == 0 && lines[i][key_len] == ':')
        {
          gint64 value = g_ascii_strtoll (lines[i] + key_len + 1, NULL, 10);

          return strstr (lines[i], "kB") != NULL ? value * 1024 : value;
        }
    }
  return -1;
}

/* TRUE when this machine refuses us PID 1's smaps (as it does here, even
 * to root): the not-ours tests need a process we cannot inspect. */
static inline gboolean
hs_test_pid1_smaps_denied (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  if (g_file_get_contents ("/proc/1/smaps", &contents, NULL, &error))
    return FALSE;
  return g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_ACCES) ||
         g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_PERM);
}
