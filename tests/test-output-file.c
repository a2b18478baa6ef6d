/* test-output-file.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* hs_output_file_write against real files, FIFOs, symlinks, hard links
 * and the real /dev/null and /dev/full: naming an output never destroys
 * what is there. */

#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hs-output-file.h"

#define CONTENT "{\"format\": \"test\", \"cmdline\": \"--password=hunter2\"}\n"

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("hs-test-output-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);

      if (g_rmdir (path) != 0)
        g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

static char *
path_in (Fixture    *f,
         const char *name)
{
  return g_build_filename (f->dir, name, NULL);
}

static void
assert_content (const char *path,
                const char *expected)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (contents, ==, expected);
}

/* The folder holds exactly @n entries: no temporary file was left. */
static void
assert_n_entries (Fixture *f,
                  guint    n)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  guint count = 0;

  while (g_dir_read_name (dir) != NULL)
    count++;
  g_assert_cmpuint (count, ==, n);
}

static gboolean
write_text (const char  *path,
            const char  *text,
            GError     **error)
{
  return hs_output_file_write (path, text, strlen (text), HS_OUTPUT_FILE_PRIVATE_MODE, error);
}

static void
test_new_file (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *path = path_in (f, "new.json");
  g_autoptr(GError) error = NULL;
  struct stat st;
  mode_t old_umask = umask (022);

  g_assert_true (write_text (path, CONTENT, &error));
  umask (old_umask);
  g_assert_no_error (error);
  assert_content (path, CONTENT);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  /* A command line may hold secrets: the owner only. */
  g_assert_cmpint (st.st_mode & 07777, ==, 0600);
  assert_n_entries (f, 1);
}

/* An existing file is replaced atomically (a new inode) with its mode. */
static void
test_mode_kept (Fixture       *f,
                gconstpointer  data)
{
  const guint modes[] = { 0600, 0640, 0604 };

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      g_autofree char *path = path_in (f, "old.json");
      g_autoptr(GError) error = NULL;
      struct stat before, after;

      g_assert_true (g_file_set_contents (path, "old", -1, NULL));
      g_assert_cmpint (g_chmod (path, (int) modes[i]), ==, 0);
      g_assert_cmpint (g_stat (path, &before), ==, 0);

      g_assert_true (write_text (path, CONTENT, &error));
      g_assert_no_error (error);
      assert_content (path, CONTENT);
      g_assert_cmpint (g_stat (path, &after), ==, 0);
      g_assert_cmpint (after.st_mode & 07777, ==, modes[i]);
      g_assert_cmpuint (after.st_ino, !=, before.st_ino);
      assert_n_entries (f, 1);
      g_unlink (path);
    }
}

/* Owner and group stay. Giving a file away needs root; as another user
 * the check is that our own file stays ours. */
static void
test_owner_kept (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *path = path_in (f, "owned.json");
  g_autoptr(GError) error = NULL;
  uid_t uid = geteuid () == 0 ? 65534 : geteuid ();
  gid_t gid = geteuid () == 0 ? 65534 : getegid ();
  struct stat st;

  g_assert_true (g_file_set_contents (path, "old", -1, NULL));
  g_assert_cmpint (chown (path, uid, gid), ==, 0);
  g_assert_cmpint (g_chmod (path, 0640), ==, 0);

  g_assert_true (write_text (path, CONTENT, &error));
  g_assert_no_error (error);
  assert_content (path, CONTENT);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpuint (st.st_uid, ==, uid);
  g_assert_cmpuint (st.st_gid, ==, gid);
  g_assert_cmpint (st.st_mode & 07777, ==, 0640);
  if (geteuid () != 0)
    g_test_message ("not root: checked only that our own file stays ours");
}

/* A file with two names keeps both: it is written in place. */
static void
test_hard_link (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *path = path_in (f, "a.json");
  g_autofree char *other = path_in (f, "b.json");
  g_autoptr(GError) error = NULL;
  struct stat before, after;

  g_assert_true (g_file_set_contents (path, "a much longer old content than the new one, "
                                      "so that the tail must go" CONTENT CONTENT, -1, NULL));
  g_assert_cmpint (link (path, other), ==, 0);
  g_assert_cmpint (g_stat (path, &before), ==, 0);

  g_assert_true (write_text (path, CONTENT, &error));
  g_assert_no_error (error);
  assert_content (path, CONTENT);
  assert_content (other, CONTENT);
  g_assert_cmpint (g_stat (path, &after), ==, 0);
  g_assert_cmpuint (after.st_ino, ==, before.st_ino);
  g_assert_cmpuint (after.st_nlink, ==, 2);
  assert_n_entries (f, 2);
}

/* A symlink stays a symlink, relative or absolute, through a chain; a
 * dangling one creates its target. */
static void
test_symlink (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *target = path_in (f, "target.json");
  g_autofree char *rel = path_in (f, "rel");
  g_autofree char *abs = path_in (f, "abs");
  g_autofree char *dangling = path_in (f, "dangling");
  g_autofree char *missing = path_in (f, "missing.json");
  g_autofree char *loop = path_in (f, "loop");
  g_autoptr(GError) error = NULL;
  struct stat st;

  g_assert_true (g_file_set_contents (target, "old", -1, NULL));
  g_assert_cmpint (g_chmod (target, 0644), ==, 0);
  g_assert_cmpint (symlink ("target.json", rel), ==, 0);
  g_assert_cmpint (symlink (rel, abs), ==, 0);

  g_assert_true (write_text (abs, CONTENT, &error));
  g_assert_no_error (error);
  assert_content (target, CONTENT);
  g_assert_cmpint (lstat (abs, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  g_assert_cmpint (lstat (rel, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  g_assert_cmpint (lstat (target, &st), ==, 0);
  g_assert_true (S_ISREG (st.st_mode));
  g_assert_cmpint (st.st_mode & 07777, ==, 0644);

  g_assert_cmpint (symlink ("missing.json", dangling), ==, 0);
  g_assert_true (write_text (dangling, CONTENT, &error));
  g_assert_no_error (error);
  assert_content (missing, CONTENT);
  g_assert_cmpint (lstat (dangling, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));

  g_assert_cmpint (symlink ("loop", loop), ==, 0);
  g_assert_false (write_text (loop, CONTENT, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TOO_MANY_LINKS);
  g_assert_nonnull (strstr (error->message, loop));
}

static gpointer
read_fifo (gpointer data)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (data, &contents, NULL, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&contents);
}

/* A FIFO is written into, and is still a FIFO afterwards. */
static void
test_fifo (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *path = path_in (f, "fifo");
  g_autoptr(GError) error = NULL;
  g_autofree char *read = NULL;
  GThread *reader;
  struct stat st;

  g_assert_cmpint (mkfifo (path, 0600), ==, 0);
  reader = g_thread_new ("fifo-reader", read_fifo, path);
  g_assert_true (write_text (path, CONTENT, &error));
  g_assert_no_error (error);
  read = g_thread_join (reader);
  g_assert_cmpstr (read, ==, CONTENT);
  g_assert_cmpint (lstat (path, &st), ==, 0);
  g_assert_true (S_ISFIFO (st.st_mode));
  assert_n_entries (f, 1);
}

/* The real /dev/null takes the data and stays a device; /dev/full fails
 * with a clear error. Nothing is replaced, even when run as root. */
static void
test_devices (void)
{
  g_autoptr(GError) error = NULL;
  struct stat before, after;

  g_assert_cmpint (lstat ("/dev/null", &before), ==, 0);
  g_assert_true (write_text ("/dev/null", CONTENT, &error));
  g_assert_no_error (error);
  g_assert_cmpint (lstat ("/dev/null", &after), ==, 0);
  g_assert_true (S_ISCHR (after.st_mode));
  g_assert_cmpuint (after.st_rdev, ==, before.st_rdev);
  g_assert_cmpuint (after.st_ino, ==, before.st_ino);

  g_assert_cmpint (lstat ("/dev/full", &before), ==, 0);
  g_assert_false (write_text ("/dev/full", CONTENT, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  g_assert_nonnull (strstr (error->message, "/dev/full"));
  g_assert_nonnull (strstr (error->message, g_strerror (ENOSPC)));
  g_assert_cmpint (lstat ("/dev/full", &after), ==, 0);
  g_assert_true (S_ISCHR (after.st_mode));
  g_assert_cmpuint (after.st_ino, ==, before.st_ino);
}

static void
test_directory_refused (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *path = path_in (f, "sub");
  g_autofree char *link = path_in (f, "link-to-sub");
  g_autoptr(GError) error = NULL;
  struct stat st;

  g_assert_cmpint (g_mkdir (path, 0700), ==, 0);
  g_assert_false (write_text (path, CONTENT, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, "directory"));
  g_clear_error (&error);

  g_assert_cmpint (symlink ("sub", link), ==, 0);
  g_assert_false (write_text (link, CONTENT, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY);
  g_assert_cmpint (lstat (path, &st), ==, 0);
  g_assert_true (S_ISDIR (st.st_mode));
  assert_n_entries (f, 2);
  g_clear_error (&error);

  /* A file in a folder that does not exist. */
  g_free (path);
  path = path_in (f, "no-such-folder/x.json");
  g_assert_false (write_text (path, CONTENT, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

/* "-" is standard output (checked in a subprocess). */
static void
test_stdout (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (write_text ("-", CONTENT, &error));
      g_assert_no_error (error);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout (CONTENT);
}

/* A write that fails half-way (here: past RLIMIT_FSIZE, EFBIG; a full disk
 * takes the same path) leaves the old content whole and no temporary
 * file, both for a replaced file and for one written in place (hard link).
 * Only the soft limit is lowered, so it can be restored. */
static void
test_failed_write_keeps_old (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *path = path_in (f, "good.json");
  g_autofree char *other = path_in (f, "good-link.json");
  g_autofree char *big = g_strnfill (64 * 1024, 'x');
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) link_error = NULL;
  struct rlimit saved, limit;
  void (*saved_handler) (int);

  g_assert_true (g_file_set_contents (path, "good old content", -1, NULL));
  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  limit = saved;
  limit.rlim_cur = 4096;
  saved_handler = signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);

  g_assert_false (write_text (path, big, &error));
  g_assert_cmpint (link (path, other), ==, 0);
  g_assert_false (write_text (path, big, &link_error));

  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  signal (SIGXFSZ, saved_handler);

  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, g_strerror (EFBIG)));
  g_assert_nonnull (link_error);
  g_assert_nonnull (strstr (link_error->message, path));
  g_assert_nonnull (strstr (link_error->message, g_strerror (EFBIG)));
  assert_content (path, "good old content");
  assert_content (other, "good old content");
  assert_n_entries (f, 2);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/output-file/new-file", test_new_file);
  ADD ("/output-file/mode-kept", test_mode_kept);
  ADD ("/output-file/owner-kept", test_owner_kept);
  ADD ("/output-file/hard-link", test_hard_link);
  ADD ("/output-file/symlink", test_symlink);
  ADD ("/output-file/fifo", test_fifo);
  ADD ("/output-file/directory-refused", test_directory_refused);
  ADD ("/output-file/failed-write-keeps-old", test_failed_write_keeps_old);
#undef ADD
  g_test_add_func ("/output-file/devices", test_devices);
  g_test_add_func ("/output-file/stdout", test_stdout);

  return g_test_run ();
}
