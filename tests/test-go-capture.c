/* test-go-capture.c: hs_go_capture_async against the real Go test service
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "hs-go-capture.h"
#include "hs-test-go-service.h"

static void
on_done (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static HsProfile *
capture (const char  *url,
         const char  *profile_name,
         gboolean     gc,
         int          debug,
         const char  *path,
         char       **out_url,
         gsize       *out_size,
         GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  hs_go_capture_async (url, profile_name, gc, debug, path, NULL, on_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return hs_go_capture_finish (result, out_url, out_size, error);
}

static void
test_build_url (void)
{
  g_autofree char *a = hs_go_capture_build_url ("http://127.0.0.1:6060/", "heap", TRUE, 0);
  g_autofree char *b = hs_go_capture_build_url ("http://127.0.0.1:6060/debug/pprof/", "goroutine", FALSE, 2);
  g_autofree char *c = hs_go_capture_build_url ("http://127.0.0.1:6060", "heap", TRUE, 1);
  g_autofree char *d = hs_go_capture_build_url ("http://127.0.0.1:6060", "allocs", FALSE, 0);

  g_assert_cmpstr (a, ==, "http://127.0.0.1:6060/debug/pprof/heap?gc=1");
  g_assert_cmpstr (b, ==, "http://127.0.0.1:6060/debug/pprof/goroutine?debug=2");
  g_assert_cmpstr (c, ==, "http://127.0.0.1:6060/debug/pprof/heap?gc=1&debug=1");
  g_assert_cmpstr (d, ==, "http://127.0.0.1:6060/debug/pprof/allocs");
}

static void
test_file_name (void)
{
  g_autoptr(GDateTime) time = g_date_time_new_utc (2026, 11, 30, 5, 15, 2);
  g_autofree char *a = hs_go_capture_file_name ("heap", "myservice", time, 0);
  g_autofree char *b = hs_go_capture_file_name ("goroutine", "../etc/x y", time, 2);
  g_autofree char *c = hs_go_capture_file_name ("heap", NULL, time, 0);
  g_autofree char *folder = hs_go_capture_folder ("");
  g_autofree char *expected = g_build_filename (g_get_user_data_dir (), "heapscope", "captures", NULL);
  g_autofree char *set = hs_go_capture_folder ("/tmp/x");

  g_assert_cmpstr (a, ==, "heap-myservice-20261130-051502.pb.gz");
  g_assert_cmpstr (b, ==, "goroutine-_._etc_x_y-20261130-051502.txt");
  g_assert_null (strchr (b, '/'));
  g_assert_cmpstr (c, ==, "heap-go-20261130-051502.pb.gz");
  g_assert_cmpstr (folder, ==, expected);
  g_assert_cmpstr (set, ==, "/tmp/x");
}

static gboolean
has_sample_type (HsProfile  *profile,
                 const char *name)
{
  for (guint i = 0; i < hs_profile_get_n_sample_types (profile); i++)
    if (g_str_equal (hs_profile_get_sample_type (profile, i), name))
      return TRUE;
  return FALSE;
}

static void
test_capture_heap (void)
{
  GoService *svc = go_service_start ();
  g_autoptr(GError) error = NULL;
  g_autoptr(HsProfile) profile = NULL;
  g_autoptr(HsProfile) reloaded = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *url = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize size = 0, length = 0;
  GStatBuf st;

  if (svc == NULL)
    return;
  dir = g_dir_make_tmp ("hs-go-capture-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "heap.pb.gz", NULL);

  profile = capture (svc->url, "heap", TRUE, 0, path, &url, &size, &error);
  g_assert_no_error (error);
  g_assert_nonnull (profile);
  g_assert_true (g_str_has_suffix (url, "/debug/pprof/heap?gc=1"));
  g_assert_true (has_sample_type (profile, "inuse_space"));

  /* What was saved is exactly what was checked, and private. */
  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_cmpuint (length, ==, size);
  g_assert_cmpuint (size, >, 0);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  bytes = g_bytes_new_static (contents, length);
  reloaded = hs_profile_load_bytes (bytes, "heap", 0, &error);
  g_assert_no_error (error);
  g_assert_true (has_sample_type (reloaded, "inuse_space"));

  g_unlink (path);
  g_rmdir (dir);
  go_service_stop (svc);
}

static void
test_not_a_profile (void)
{
  GoService *svc = go_service_start ();
  g_autoptr(GError) error = NULL;
  g_autoptr(HsProfile) profile = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *base = NULL;

  if (svc == NULL)
    return;
  dir = g_dir_make_tmp ("hs-go-capture-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "heap.pb.gz", NULL);
  /* /metrics answers 200 with text: not a profile, so nothing is written. */
  base = g_strdup_printf ("%s/metrics?x=", svc->url);
  profile = capture (base, "heap", FALSE, 0, path, NULL, NULL, &error);
  g_assert_null (profile);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "did not answer with a profile: "));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  g_rmdir (dir);
  go_service_stop (svc);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/go-capture/build-url", test_build_url);
  g_test_add_func ("/go-capture/file-name", test_file_name);
  g_test_add_func ("/go-capture/heap", test_capture_heap);
  g_test_add_func ("/go-capture/not-a-profile", test_not_a_profile);
  return g_test_run ();
}
