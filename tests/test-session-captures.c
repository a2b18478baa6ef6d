/* test-session-captures.c: a session's captures of its Go service
 * (HsSessionCaptures), with no view: the real Go test service, a real
 * session sampling it, real files.
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "hs-go-fetch.h"
#include "hs-go-source.h"
#include "hs-session-captures.h"
#include "hs-test-go-service.h"
#include "hs-test-loop.h"
#include "hs-verdicts.h"

/* Long enough for 20 readings at 200 ms; the gap between two automatic
 * captures is half of it. */
#define TREND_WINDOW_USEC (4 * G_USEC_PER_SEC)

static void
on_done (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static HsSession *
new_session (GoService *svc)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(HsGoSource) source = NULL;
  g_autoptr(GError) error = NULL;
  HsSession *session;

  hs_go_source_new_async (svc->url, HS_GO_DEFAULT_TIMEOUT_MS * hs_test_timeout_factor (), 0, NULL,
                          on_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  source = hs_go_source_new_finish (result, &error);
  g_assert_no_error (error);
  session = hs_session_new_full ("svc", 200, 3600);
  hs_session_add_source (session, HS_SOURCE (source));
  hs_verdicts_set_window (hs_verdicts_get_for_session (session, TREND_WINDOW_USEC), TREND_WINDOW_USEC);
  return session;
}

static gboolean
has_readings (gpointer data)
{
  return hs_session_get_n_readings (data) >= 10;
}

/* Made with the session, off until asked; freed with it. */
static void
test_new_destroy (void)
{
  HsSession *session = hs_session_new ("none");
  HsSessionCaptures *captures = hs_session_captures_get_for_session (session);

  g_object_add_weak_pointer (G_OBJECT (captures), (gpointer *) &captures);
  g_assert_true (hs_session_captures_get_for_session (session) == captures);
  g_assert_true (hs_session_captures_get_session (captures) == session);
  g_assert_false (hs_session_captures_get_auto (captures));
  g_assert_null (hs_session_captures_get_folder (captures));
  g_assert_cmpuint (hs_session_captures_get_kept (captures), ==, HS_SESSION_CAPTURES_DEFAULT_KEPT);
  g_assert_cmpuint (hs_session_captures_get_n_files (captures), ==, 0);
  g_assert_cmpuint (hs_session_captures_get_n_auto (captures), ==, 0);
  /* No Go source: nothing to capture, nothing happens. */
  hs_session_captures_capture (captures, "heap");
  g_assert_cmpuint (hs_session_captures_get_n_files (captures), ==, 0);
  g_assert_finalize_object (session);
  g_assert_null (captures);
}

/* Off (as a session is made), a session sampling a leaking service
 * captures nothing. */
static void
test_off (void)
{
  GoService *svc = go_service_start ();
  g_autoptr(HsSession) session = NULL;
  HsSessionCaptures *captures;

  if (svc == NULL)
    return;
  session = new_session (svc);
  captures = hs_session_captures_get_for_session (session);
  hs_session_start (session);
  g_assert_true (hs_test_iterate_until (has_readings, session, 20000));
  g_assert_cmpuint (hs_session_captures_get_n_auto (captures), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (hs_session_get_marks (session)), ==, 0);
  hs_session_close (session);
  go_service_stop (svc);
}

typedef struct
{
  HsSessionCaptures *captures;
  guint              n_auto;
  guint              n_files;
} Wait;

static gboolean
has_captures (gpointer data)
{
  Wait *wait = data;

  return hs_session_captures_get_n_auto (wait->captures) >= wait->n_auto &&
         hs_session_captures_get_n_files (wait->captures) >= wait->n_files;
}

static void
on_added (HsSessionCaptures *captures,
          guint              index,
          GPtrArray         *added)
{
  g_ptr_array_add (added, g_strdup (hs_session_captures_get_path (captures, index)));
}

static gboolean
is_listed (HsSessionCaptures *captures,
           const char        *path)
{
  for (guint i = 0; i < hs_session_captures_get_n_files (captures); i++)
    if (g_str_equal (hs_session_captures_get_path (captures, i), path))
      return TRUE;
  return FALSE;
}

/* The Go test service keeps 1.6 MB/s and parks 20 goroutines/s. With no
 * view anywhere, its session captures it at the start and as its
 * verdicts turn, marks each with its reason, keeps the first and the
 * newest automatic captures on the disk and never deletes one made by
 * hand. */
static void
test_auto (void)
{
  GoService *svc = go_service_start ();
  g_autoptr(HsSession) session = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *manual = NULL;
  g_autoptr(GDir) listing = NULL;
  HsSessionCaptures *captures;
  const char *first, *latest, *name;
  Wait wait = { 0 };
  g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func (g_free);
  guint n_other_files = 0, n_auto_marks = 0;

  if (svc == NULL)
    return;
  dir = g_dir_make_tmp ("hs-session-captures-XXXXXX", &error);
  g_assert_no_error (error);
  session = new_session (svc);
  captures = hs_session_captures_get_for_session (session);
  hs_session_captures_set_folder (captures, dir);
  hs_session_captures_set_kept (captures, 1);
  hs_session_captures_set_auto (captures, TRUE);
  g_signal_connect (captures, "added", G_CALLBACK (on_added), added);
  hs_session_start (session);

  /* By hand, at once: among the automatic ones, and kept. */
  hs_session_captures_capture (captures, "heap");
  wait.captures = captures;
  wait.n_files = 1;
  g_assert_true (hs_test_iterate_until (has_captures, &wait, 20000));

  /* The start and two turns (goroutines, RSS, the heap floor); the
   * first and the newest automatic captures' files (heap, goroutine
   * profile and dump), and the one by hand. */
  wait.n_auto = 3;
  wait.n_files = 3 * 2 + 1;
  g_assert_true (hs_test_iterate_until (has_captures, &wait, 60000));
  /* The second automatic capture's files were written, then deleted. */
  g_assert_cmpuint (added->len, >, hs_session_captures_get_n_files (captures));
  for (guint i = 0; i < added->len; i++)
    if (!is_listed (captures, g_ptr_array_index (added, i)))
      {
        g_assert_nonnull (strstr (g_ptr_array_index (added, i), "-auto-"));
        g_assert_false (g_file_test (g_ptr_array_index (added, i), G_FILE_TEST_EXISTS));
      }

  for (guint i = 0; i < hs_session_captures_get_n_files (captures); i++)
    {
      const char *path = hs_session_captures_get_path (captures, i);
      g_autofree char *base = g_path_get_basename (path);

      g_test_message ("listed: %s %s", hs_session_captures_get_kind (captures, i), base);
      g_assert_true (g_str_has_prefix (path, dir));
      g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
      g_assert_nonnull (hs_session_captures_get_time (captures, i));
      g_assert_cmpint (hs_session_captures_get_automatic (captures, i), ==,
                       strstr (base, "-auto-") != NULL);
      if (!hs_session_captures_get_automatic (captures, i))
        manual = g_strdup (path);
    }
  g_assert_nonnull (manual);
  g_assert_true (hs_session_captures_get_first_and_latest (captures, &first, &latest));
  g_assert_true (strstr (first, "/heap-svc-auto-") != NULL);
  g_assert_true (strstr (latest, "/heap-svc-auto-") != NULL);
  g_assert_cmpstr (first, !=, latest);

  /* Marks: "Heap" for the one by hand, the reason for each automatic one. */
  for (guint i = 0; i < g_list_model_get_n_items (hs_session_get_marks (session)); i++)
    {
      g_autoptr(HsSessionMark) mark = g_list_model_get_item (hs_session_get_marks (session), i);

      g_test_message ("mark %u: %s", i, hs_session_mark_get_label (mark));
      n_auto_marks += g_str_has_prefix (hs_session_mark_get_label (mark), "Captured: ");
    }
  g_assert_cmpuint (n_auto_marks, ==, hs_session_captures_get_n_auto (captures));

  /* On the disk, besides the automatic ones: the one by hand. */
  listing = g_dir_open (dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (listing)) != NULL)
    n_other_files += strstr (name, "-auto-") == NULL;
  g_assert_cmpuint (n_other_files, ==, 1);

  hs_session_close (session);
  hs_test_iterate_for (100);
  go_service_stop (svc);
  g_dir_rewind (listing);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/session-captures/new-destroy", test_new_destroy);
  g_test_add_func ("/session-captures/off", test_off);
  g_test_add_func ("/session-captures/auto", test_auto);

  return g_test_run ();
}
