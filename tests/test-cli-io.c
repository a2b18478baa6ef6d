/* test-cli-io.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The built heapscope-cli's reads and writes, as a careless or hostile
 * user would drive them: `snapshot -o` at FIFOs, devices, symlinks, hard
 * links and directories; caps on what it reads (/dev/zero, sparse files,
 * bad --max-size values); JSON nested 100,000 deep; key-sorted snapshots
 * and pipes as inputs. Each case was a bug. */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hs-input-file.h"
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
/* Address space for a CLI run that must stay small: far below the 1 GiB
 * the old reader needed before it refused, above what the CLI maps to
 * start (ASan reserves terabytes of shadow, so not under ASan). */
#define SMALL_AS_LIMIT (256 << 20)

static void
limit_address_space (gpointer user_data)
{
#ifndef __SANITIZE_ADDRESS__
  struct rlimit limit = { SMALL_AS_LIMIT, SMALL_AS_LIMIT };

  setrlimit (RLIMIT_AS, &limit);
#endif
}

/* Runs heapscope-cli with @args; @fds (-1 terminated pairs of our fd and
 * the child's) are handed over, and the run is limited to SMALL_AS_LIMIT
 * when @small. */
static int
run_cli_full (char        **out_stdout,
              char        **out_stderr,
              gboolean      small,
              const int    *fds,
              const char  **args)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
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

  if (small)
    g_subprocess_launcher_set_child_setup (launcher, limit_address_space, NULL, NULL);
  for (guint i = 0; fds != NULL && fds[i] >= 0; i += 2)
    g_subprocess_launcher_take_fd (launcher, fds[i], fds[i + 1]);
  subprocess = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (subprocess, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  /* Exited, not killed (a stack overflow, an abort on a failed malloc). */
  g_assert_true (g_subprocess_get_if_exited (subprocess));
  if (out_stdout)
    *out_stdout = g_steal_pointer (&out);
  if (out_stderr)
    *out_stderr = g_steal_pointer (&err);
  return g_subprocess_get_exit_status (subprocess);
}

static int
run_cliv (char        **out_stdout,
          char        **out_stderr,
          const char  **args)
{
  return run_cli_full (out_stdout, out_stderr, FALSE, NULL, args);
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

/* top on /dev/zero and on a 3 GiB sparse file with a small cap: refused
 * after the cap, in a process limited to 256 MiB of address space. */
static void
test_cap_bounded (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *sparse = g_build_filename (dir, "sparse.pb", NULL);
  const char *zero_args[] = { "top", "--max-size=1000", "/dev/zero", NULL };
  const char *sparse_args[] = { "top", "--max-size=1000", sparse, NULL };
  const char *default_args[] = { "info", sparse, NULL };
  const char *diff_args[] = { "diff", "--max-size=1000", sparse, sparse, NULL };
  const char **runs[] = { zero_args, sparse_args, default_args, diff_args };
  int fd;

  fd = g_open (sparse, O_WRONLY | O_CREAT, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, G_GINT64_CONSTANT (3) << 30), ==, 0);
  close (fd);

  for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
    {
      g_autofree char *err = NULL;
      gint64 start = g_get_monotonic_time ();

      g_assert_cmpint (run_cli_full (NULL, &err, TRUE, NULL, runs[i]), ==, 2);
      g_test_message ("%s", err);
      g_assert_nonnull (strstr (err, "the file is larger than the"));
      g_assert_nonnull (strstr (err, i == 2 ? "1.00 GiB limit" : "1000 B limit"));
      g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
    }
  remove_dir (dir);
}

/* --max-size values that used to mean "the default" or wrap. */
static void
test_cap_bad_values (void)
{
  static const char *values[] = { "-1", "0", "abc", "99999999999999999999", "", "1.5G" };
  static const char *commands[] = { "top", "info", "diff" };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    for (guint j = 0; j < G_N_ELEMENTS (commands); j++)
      {
        g_autofree char *option = g_strconcat ("--max-size=", values[i], NULL);
        const char *args[] = { commands[j], option, "a", "b", NULL };
        g_autofree char *err = NULL;

        if (g_str_equal (commands[j], "diff") == FALSE)
          args[3] = NULL;
        g_assert_cmpint (run_cliv (NULL, &err, args), ==, 2);
        g_assert_nonnull (strstr (err, "--max-size"));
        g_assert_null (strstr (err, "a: "));
      }
}

/* Two snapshots of this process, to compare. */
static void
make_snapshots (const char *dir,
                char      **out_a,
                char      **out_b)
{
  *out_a = g_build_filename (dir, "a.json", NULL);
  *out_b = g_build_filename (dir, "b.json", NULL);
  g_assert_cmpint (snapshot_to (*out_a, NULL, NULL), ==, 0);
  g_assert_cmpint (snapshot_to (*out_b, NULL, NULL), ==, 0);
}

/* Snapshots have a cap too (64 MiB by default, --max-size). */
static void
test_cap_snapshot (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *huge = g_build_filename (dir, "huge.json", NULL);
  g_autofree char *err = NULL;
  g_autofree char *spaces = g_strnfill (HS_INPUT_SNIFF_SIZE, ' ');
  const char *small_args[] = { "diff", "--max-size=100", NULL, NULL, NULL };
  const char *huge_args[] = { "diff", NULL, NULL, NULL };
  int fd;

  make_snapshots (dir, &a, &b);
  small_args[2] = a;
  small_args[3] = b;
  g_assert_cmpint (run_cliv (NULL, &err, small_args), ==, 2);
  g_assert_nonnull (strstr (err, "the file is larger than the 100 B limit (--max-size)"));
  g_clear_pointer (&err, g_free);

  /* A JSON start, then 100 MiB of holes. */
  fd = g_open (huge, O_WRONLY | O_CREAT, 0600);
  g_assert_cmpint (write (fd, "{", 1), ==, 1);
  g_assert_cmpint (write (fd, spaces, HS_INPUT_SNIFF_SIZE), ==, HS_INPUT_SNIFF_SIZE);
  g_assert_cmpint (ftruncate (fd, 100 << 20), ==, 0);
  close (fd);
  huge_args[1] = huge;
  huge_args[2] = b;
  g_assert_cmpint (run_cli_full (NULL, &err, TRUE, NULL, huge_args), ==, 2);
  g_assert_nonnull (strstr (err, "the file is larger than the 64.0 MiB limit (--max-size)"));
  remove_dir (dir);
}

/* 100,000 levels of JSON crashed `diff` (stack overflow in json-glib). */
static void
test_deep_json (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *deep = g_build_filename (dir, "deep.json", NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *err = NULL;
  const char *args[] = { "diff", NULL, NULL, NULL };

  make_snapshots (dir, &a, &b);
  for (guint i = 0; i < 100000; i++)
    g_string_append (text, "{\"a\":");
  g_string_append (text, "1");
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (text, '}');
  g_assert_true (g_file_set_contents (deep, text->str, (gssize) text->len, NULL));

  args[1] = deep;
  args[2] = b;
  g_assert_cmpint (run_cliv (NULL, &err, args), ==, 2);
  g_assert_nonnull (strstr (err, "deep.json"));
  g_assert_nonnull (strstr (err, "nested more than 64 levels"));
  g_clear_pointer (&err, g_free);
  args[1] = a;
  args[2] = deep;
  g_assert_cmpint (run_cliv (NULL, &err, args), ==, 2);
  g_assert_nonnull (strstr (err, "nested more than 64 levels"));
  remove_dir (dir);
}

/* @path's snapshot with its top-level keys sorted, as `jq -S` writes it,
 * and a long command line, so "format" comes late. */
static void
write_key_sorted (const char *path,
                  const char *sorted_path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonObject) sorted = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *long_cmdline = g_strnfill (3000, 'c');
  JsonObject *object;
  GList *members;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));
  json_object_set_string_member (object, "cmdline", long_cmdline);
  members = g_list_sort (json_object_get_members (object), (GCompareFunc) strcmp);
  for (GList *l = members; l != NULL; l = l->next)
    json_object_set_member (sorted, l->data, json_node_copy (json_object_get_member (object, l->data)));
  g_list_free (members);
  json_node_set_object (root, sorted);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_to_file (generator, sorted_path, &error);
  g_assert_no_error (error);
}

static void
test_key_sorted (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *sorted = g_build_filename (dir, "sorted.json", NULL);
  g_autofree char *sorted_b = g_build_filename (dir, "sorted-b.json", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *args[] = { "diff", "--format=tsv", NULL, NULL, NULL };

  make_snapshots (dir, &a, &b);
  write_key_sorted (a, sorted);
  write_key_sorted (b, sorted_b);
  g_assert_true (g_file_get_contents (sorted, &contents, NULL, NULL));
  g_assert_cmpint (strstr (contents, "\"format\"") - contents, >, 512);

  /* Both sorted: one plain snapshot would make diff take the snapshot
   * path anyway. */
  args[2] = sorted;
  args[3] = sorted_b;
  g_assert_cmpint (run_cliv (&out, &err, args), ==, 0);
  g_assert_true (g_str_has_prefix (out, "name\tbase_rss\tnew_rss\t"));
  remove_dir (dir);
}

static gpointer
feed_pipe (gpointer data)
{
  char **job = data;  /* { path, fd as text } */
  g_autofree char *contents = NULL;
  gsize length = 0;
  int fd = atoi (job[1]);

  g_assert_true (g_file_get_contents (job[0], &contents, &length, NULL));
  for (gsize done = 0; done < length;)
    {
      gssize n = write (fd, contents + done, length - done);

      g_assert_cmpint (n, >, 0);
      done += (gsize) n;
    }
  close (fd);
  g_strfreev (job);
  return NULL;
}

/* Runs heapscope-cli with @first and @second fed through pipes that it
 * sees as /dev/fd/10 and /dev/fd/11, like `diff <(cat a) <(cat b)`. */
static int
run_with_pipes (const char  *command,
                const char  *option,
                const char  *first,
                const char  *second,
                char       **out_stdout,
                char       **out_stderr)
{
  const char *paths[] = { first, second };
  GThread *writers[2] = { NULL, NULL };
  int fds[5] = { -1, -1, -1, -1, -1 };
  const char *args[] = { command, option, "/dev/fd/10", "/dev/fd/11", NULL };
  int status;

  if (second == NULL)
    args[3] = NULL;
  for (guint i = 0; i < 2 && paths[i] != NULL; i++)
    {
      int p[2];

      g_assert_cmpint (pipe (p), ==, 0);
      fds[2 * i] = p[0];
      fds[2 * i + 1] = 10 + (int) i;
      g_autofree char *job = g_strdup_printf ("%s\n%d", paths[i], p[1]);

      writers[i] = g_thread_new ("pipe-writer", feed_pipe, g_strsplit (job, "\n", 2));
    }
  status = run_cli_full (out_stdout, out_stderr, FALSE, fds, args);
  for (guint i = 0; i < 2; i++)
    if (writers[i] != NULL)
      g_thread_join (writers[i]);
  return status;
}

/* The sniff consumed the first bytes of a pipe. */
static void
test_pipes (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *heap1 = g_build_filename (g_getenv ("HS_TEST_DATA_DIR"), "leakycache", "heap-t1.pb.gz", NULL);
  g_autofree char *heap3 = g_build_filename (g_getenv ("HS_TEST_DATA_DIR"), "leakycache", "heap-t3.pb.gz", NULL);
  g_autofree char *from_files = NULL;
  const char *args[] = { "diff", "--format=tsv", heap1, heap3, NULL };

  make_snapshots (dir, &a, &b);
  g_assert_cmpint (run_with_pipes ("diff", "--format=tsv", a, b, &out, &err), ==, 0);
  g_assert_true (g_str_has_prefix (out, "name\tbase_rss\tnew_rss\t"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_true (g_file_test (heap1, G_FILE_TEST_EXISTS));
  g_assert_cmpint (run_cliv (&from_files, NULL, args), ==, 0);
  g_assert_cmpint (run_with_pipes ("diff", "--format=tsv", heap1, heap3, &out, &err), ==, 0);
  g_assert_cmpstr (out, ==, from_files);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&from_files, g_free);

  args[0] = "top";
  args[3] = NULL;
  g_assert_cmpint (run_cliv (&from_files, NULL, args), ==, 0);
  g_assert_cmpint (run_with_pipes ("top", "--format=tsv", heap1, NULL, &out, &err), ==, 0);
  g_assert_cmpstr (out, ==, from_files);
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
  g_test_add_func ("/cli-io/cap/bounded", test_cap_bounded);
  g_test_add_func ("/cli-io/cap/bad-values", test_cap_bad_values);
  g_test_add_func ("/cli-io/cap/snapshot", test_cap_snapshot);
  g_test_add_func ("/cli-io/deep-json", test_deep_json);
  g_test_add_func ("/cli-io/sniff/key-sorted", test_key_sorted);
  g_test_add_func ("/cli-io/sniff/pipes", test_pipes);

  return g_test_run ();
}
