/* test-cli-io.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The built heapscope-cli's reads and writes, as a careless or hostile
 * user would drive them: `snapshot -o` at FIFOs, devices, symlinks, hard
 * links and directories. Each case was a bug. */

#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hs-memory-map.h"

static char *
cli_path (void)
{
  const char *root = g_getenv ("HS_BUILD_ROOT");

  g_assert_nonnull (root);
  return g_build_filename (root, "src", "cli", "heapscope-cli", NULL);
}

/* Runs heapscope-cli with @argv (after the program name); returns its exit
 * status. */
static int
run_cliv (char        **out_stdout,
          char        **out_stderr,
          const char  **args)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GSubprocess) subprocess = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cli = cli_path ();
  g_auto(GStrv) argv = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_strv_builder_add (builder, cli);
  g_strv_builder_addv (builder, args);
  argv = g_strv_builder_end (builder);

  subprocess = g_subprocess_newv ((const char * const *) argv,
                                  G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                                  &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (subprocess, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (subprocess));
  if (out_stdout)
    *out_stdout = g_steal_pointer (&out);
  if (out_stderr)
    *out_stderr = g_steal_pointer (&err);
  return g_subprocess_get_exit_status (subprocess);
}

/* `heapscope-cli snapshot --pid=<this test> -o PATH`. */
static int
snapshot_to (const char  *path,
             char       **out_stdout,
             char       **out_stderr)
{
  g_autofree char *pid_arg = g_strdup_printf ("--pid=%d", (int) getpid ());
  const char *args[] = { "snapshot", pid_arg, "-o", path, NULL };

  return run_cliv (out_stdout, out_stderr, args);
}

static void
assert_is_snapshot (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsMemoryMap) map = hs_memory_map_load (path, &error);

  g_assert_no_error (error);
  g_assert_cmpint (hs_memory_map_get_pid (map), ==, getpid ());
  g_assert_cmpuint (hs_memory_map_get_n_mappings (map), >, 0);
}

static char *
make_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("hs-test-cli-io-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_rmdir (child) != 0)
        g_unlink (child);
    }
  g_rmdir (path);
}

static guint
count_entries (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint count = 0;

  while (g_dir_read_name (dir) != NULL)
    count++;
  return count;
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

/* The snapshot goes into the FIFO (read by a thread), which stays a FIFO. */
static void
test_snapshot_fifo (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *fifo = g_build_filename (dir, "fifo", NULL);
  g_autofree char *read = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(HsMemoryMap) map = NULL;
  GThread *reader;
  struct stat st;

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  reader = g_thread_new ("fifo-reader", read_fifo, fifo);
  g_assert_cmpint (snapshot_to (fifo, NULL, NULL), ==, 0);
  /* Checked before joining: a FIFO replaced by a file never feeds the
   * reader, which would wait for ever. */
  g_assert_cmpint (lstat (fifo, &st), ==, 0);
  g_assert_true (S_ISFIFO (st.st_mode));
  read = g_thread_join (reader);
  bytes = g_bytes_new (read, strlen (read));
  map = hs_memory_map_load_bytes (bytes, "fifo", &error);
  g_assert_no_error (error);
  g_assert_cmpint (hs_memory_map_get_pid (map), ==, getpid ());
  g_assert_cmpuint (count_entries (dir), ==, 1);
  remove_dir (dir);
}

/* /dev/null and /dev/full, named through symlinks in a temporary folder:
 * the bug replaced what PATH names, so a build with the bug replaces the
 * symlink here and never the system's device (the test runs as root in
 * CI). test-output-file writes the devices themselves. */
static void
test_snapshot_devices (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *null = g_build_filename (dir, "null", NULL);
  g_autofree char *full = g_build_filename (dir, "full", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  struct stat st;

  g_assert_cmpint (symlink ("/dev/null", null), ==, 0);
  g_assert_cmpint (symlink ("/dev/full", full), ==, 0);

  g_assert_cmpint (snapshot_to (null, &out, &err), ==, 0);
  g_assert_cmpint (lstat (null, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  g_assert_cmpint (stat (null, &st), ==, 0);
  g_assert_true (S_ISCHR (st.st_mode));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A full device: a clear error and exit 2, not a silent success. */
  g_assert_cmpint (snapshot_to (full, &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, "/dev/full"));
  g_assert_nonnull (strstr (err, g_strerror (ENOSPC)));
  g_assert_cmpint (lstat (full, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  g_assert_cmpuint (count_entries (dir), ==, 2);
  remove_dir (dir);
}

/* A symlink stays a symlink and its target gets the snapshot. */
static void
test_snapshot_symlink (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *target = g_build_filename (dir, "target.json", NULL);
  g_autofree char *link = g_build_filename (dir, "link.json", NULL);
  struct stat st;

  g_assert_true (g_file_set_contents (target, "old", -1, NULL));
  g_assert_cmpint (symlink ("target.json", link), ==, 0);
  g_assert_cmpint (snapshot_to (link, NULL, NULL), ==, 0);
  g_assert_cmpint (lstat (link, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  assert_is_snapshot (target);
  g_assert_cmpuint (count_entries (dir), ==, 2);
  remove_dir (dir);
}

/* A new snapshot is 0600; an existing file keeps its mode and owner. */
static void
test_snapshot_mode_and_owner (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = g_build_filename (dir, "snap.json", NULL);
  uid_t uid = geteuid () == 0 ? 65534 : geteuid ();
  gid_t gid = geteuid () == 0 ? 65534 : getegid ();
  mode_t old_umask = umask (022);
  struct stat st;

  g_assert_cmpint (snapshot_to (path, NULL, NULL), ==, 0);
  umask (old_umask);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0600);
  assert_is_snapshot (path);

  /* Kept 0600: the bug made it 0644. */
  g_assert_true (g_file_set_contents (path, "old", -1, NULL));
  g_assert_cmpint (g_chmod (path, 0600), ==, 0);
  g_assert_cmpint (snapshot_to (path, NULL, NULL), ==, 0);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0600);

  g_assert_cmpint (g_chmod (path, 0640), ==, 0);
  g_assert_cmpint (chown (path, uid, gid), ==, 0);
  g_assert_cmpint (snapshot_to (path, NULL, NULL), ==, 0);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0640);
  g_assert_cmpuint (st.st_uid, ==, uid);
  g_assert_cmpuint (st.st_gid, ==, gid);
  assert_is_snapshot (path);
  g_assert_cmpuint (count_entries (dir), ==, 1);
  remove_dir (dir);
}

/* Both names of a hard-linked file see the new snapshot. */
static void
test_snapshot_hard_link (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = g_build_filename (dir, "a.json", NULL);
  g_autofree char *other = g_build_filename (dir, "b.json", NULL);
  struct stat st;

  g_assert_true (g_file_set_contents (path, "old", -1, NULL));
  g_assert_cmpint (link (path, other), ==, 0);
  g_assert_cmpint (snapshot_to (path, NULL, NULL), ==, 0);
  assert_is_snapshot (path);
  assert_is_snapshot (other);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpuint (st.st_nlink, ==, 2);
  remove_dir (dir);
}

/* "-" writes the snapshot to stdout and the summary to stderr. */
static void
test_snapshot_stdout (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(HsMemoryMap) map = NULL;

  g_assert_cmpint (snapshot_to ("-", &out, &err), ==, 0);
  bytes = g_bytes_new (out, strlen (out));
  map = hs_memory_map_load_bytes (bytes, "stdout", &error);
  g_assert_no_error (error);
  g_assert_cmpint (hs_memory_map_get_pid (map), ==, getpid ());
  g_assert_nonnull (strstr (err, "Saved"));
}

static void
test_snapshot_directory (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  struct stat st;

  g_assert_cmpint (snapshot_to (dir, &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, dir));
  g_assert_nonnull (strstr (err, "directory"));
  g_assert_cmpint (lstat (dir, &st), ==, 0);
  g_assert_true (S_ISDIR (st.st_mode));
  g_assert_cmpuint (count_entries (dir), ==, 0);
  remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli-io/snapshot/fifo", test_snapshot_fifo);
  g_test_add_func ("/cli-io/snapshot/devices", test_snapshot_devices);
  g_test_add_func ("/cli-io/snapshot/symlink", test_snapshot_symlink);
  g_test_add_func ("/cli-io/snapshot/mode-and-owner", test_snapshot_mode_and_owner);
  g_test_add_func ("/cli-io/snapshot/hard-link", test_snapshot_hard_link);
  g_test_add_func ("/cli-io/snapshot/stdout", test_snapshot_stdout);
  g_test_add_func ("/cli-io/snapshot/directory", test_snapshot_directory);

  return g_test_run ();
}
