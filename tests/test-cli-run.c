/* test-cli-run.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* `heapscope-cli run`, the CI gate, through the built binary and real
 * commands: heapscope-demo leaking and steady, sh, and the Go test
 * service (tests/gen/gometrics) for the captures. */

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <netinet/in.h>
#include <unistd.h>

#include "hs-test-cli.h"
#include "test-sampler-common.h"

/* Samples every 100 ms, judged over 1 s: the demo runs 2 s. */
#define FAST "--interval=100ms", "--window=1s"

static char *
demo_path (void)
{
  return hs_find_helper_program ("heapscope-demo");
}

/* The "Maximum resident set size (kbytes): N" line, as /usr/bin/time -v
 * prints it; -1 when absent. */
static gint64
max_rss_kbytes (const char *err)
{
  const char *line = strstr (err, "Maximum resident set size (kbytes): ");

  if (line == NULL)
    return -1;
  return g_ascii_strtoll (line + strlen ("Maximum resident set size (kbytes): "), NULL, 10);
}

/* The command's own status passes through: 3 from `exit 3`, 128+15 from
 * a SIGTERM, 127 when it cannot be started; the summary names it. */
static void
test_run_exit_status (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *err2 = NULL;
  g_autofree char *out3 = NULL;
  g_autofree char *err3 = NULL;
  int status;

  status = hs_test_run_cli (&out, &err, "run", FAST, "--", "sh", "-c", "echo hello; exit 3", NULL);
  g_test_message ("%s", err);
  g_assert_cmpint (status, ==, 3);
  /* Standard output is the command's alone. */
  g_assert_cmpstr (out, ==, "hello\n");
  g_assert_nonnull (strstr (err, "“sh -c echo hello; exit 3” exited with status 3"));

  status = hs_test_run_cli (&out2, &err2, "run", FAST, "--", "sh", "-c", "sleep 0.3; kill -TERM $$", NULL);
  g_test_message ("%s", err2);
  g_assert_cmpint (status, ==, 128 + SIGTERM);
  g_assert_nonnull (strstr (err2, "killed by signal 15"));
  /* sh and sleep were sampled together. */
  g_assert_cmpint (max_rss_kbytes (err2), >, 0);

  /* 130 from exit is an exit, not a SIGINT (the status alone cannot
   * tell them apart). */
  {
    g_autofree char *out5 = NULL;
    g_autofree char *err5 = NULL;

    g_assert_cmpint (hs_test_run_cli (&out5, &err5, "run", "--", "sh", "-c", "exit 130", NULL), ==, 130);
    g_assert_nonnull (strstr (err5, "exited with status 130"));
  }

  /* A command over before it is sampled (GLib may have reaped it before
   * run asked its PID, which is then NULL: that crashed). */
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *out4 = NULL;
      g_autofree char *err4 = NULL;

      g_assert_cmpint (hs_test_run_cli (&out4, &err4, "run", "--", "true", NULL), ==, 0);
      g_assert_nonnull (strstr (err4, "“true” exited with status 0"));
    }

  status = hs_test_run_cli (&out3, &err3, "run", "--", "/nonexistent/heapscope-test-command", NULL);
  g_assert_cmpint (status, ==, 127);
  g_assert_nonnull (strstr (err3, "cannot run the command"));
}

/* A demo leaking 4 MiB/s for 2 s: its peak passes --max-rss and its
 * growth --max-growth, each named; exit 4 although the demo exits 0. */
static void
test_run_leaking (void)
{
  g_autofree char *demo = demo_path ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *broken;
  int status;

  status = hs_test_run_cli (&out, &err, "run", FAST, "--max-rss=6M", "--max-growth=10MiB/min", "--",
                            demo, "--rate-kib=4096", "--threads=0", "--duration=2s", NULL);
  g_test_message ("%s", err);
  g_assert_cmpint (status, ==, 4);
  g_assert_nonnull (strstr (err, "exited with status 0"));
  /* 8 MiB grown (touched), whatever the sampling caught of the last
   * 100 ms; and less than the demo could have reached. */
  g_assert_cmpint (max_rss_kbytes (err), >=, 7 * 1024);
  g_assert_cmpint (max_rss_kbytes (err), <, 64 * 1024);
  g_assert_nonnull (strstr (err, "RSS: leaking, +"));
  /* The failures come last, where a CI log is read. */
  broken = strstr (err, "heapscope-cli: limit broken: peak RSS ");
  g_assert_nonnull (broken);
  g_assert_nonnull (strstr (broken, " > --max-rss 6.00 MiB\n"));
  g_assert_nonnull (strstr (broken, "heapscope-cli: limit broken: RSS growth +"));
  g_assert_nonnull (strstr (broken, " > --max-growth +10.0 MiB/min\n"));
}

/* A steady demo under the same limits passes with its own status. */
static void
test_run_steady (void)
{
  g_autofree char *demo = demo_path ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  status = hs_test_run_cli (&out, &err, "run", FAST, "--max-rss=64M", "--max-growth=10MiB/min", "--",
                            demo, "--initial-mib=8", "--rate-kib=0", "--threads=0", "--duration=1200ms", NULL);
  g_test_message ("%s", err);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (err, "RSS: steady\n"));
  g_assert_null (strstr (err, "limit broken"));
  g_assert_cmpint (max_rss_kbytes (err), >=, 8 * 1024);
}

static void
test_run_bad_arguments (void)
{
  static const struct { const char *args[4]; const char *says; } cases[] = {
    { { "--", NULL }, "Give the command to run" },
    { { "--max-rss=12X", "--", "true", NULL }, "--max-rss: “12X” is not a size" },
    { { "--max-growth=5M", "--", "true", NULL }, "--max-growth: “5M” is not a growth rate" },
    { { "--interval=10ms", "--", "true", NULL }, "between 100ms and 60s" },
    { { "--window=2s", "--", "true", NULL }, "at least 8 samples" },
    { { "--capture-dir=/tmp", "--", "true", NULL }, "give --url=URL" },
    { { "--max-goroutines=5", "--", "true", NULL }, "give --url=URL" },
    { { "--tolerance=5%", "--", "true", NULL }, "give --baseline=FILE" },
    { { "--baseline=/nonexistent/base.json", "--tolerance=x", "--", "true" }, "is not a percentage" },
    { { "--baseline=/nonexistent/base.json", "--", "true", NULL }, "/nonexistent/base.json" },
    { { "--url=ftp://x/", "--", "true", NULL }, "not an http:// or https:// URL" },
    { { "--bogus", "--", "true", NULL }, "Unknown option --bogus" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      int status;

      status = hs_test_run_cli (&out, &err, "run", cases[i].args[0], cases[i].args[1],
                                cases[i].args[2], cases[i].args[3], NULL);
      g_test_message ("%s", err);
      g_assert_cmpint (status, ==, 2);
      g_assert_true (g_str_has_prefix (err, "heapscope-cli run: "));
      g_assert_nonnull (strstr (err, cases[i].says));
      g_assert_cmpstr (out, ==, "");
    }
}

static JsonObject *
rss_row (JsonParser *parser,
         const char *path)
{
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonArray *metrics;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "format"), ==, "heapscope-run/1");
  metrics = json_object_get_array_member (root, "metrics");
  for (guint i = 0; i < json_array_get_length (metrics); i++)
    {
      JsonObject *row = json_array_get_object_element (metrics, i);

      if (g_str_equal (json_object_get_string_member (row, "metric"), "rss"))
        return row;
    }
  g_assert_not_reached ();
}

/* --json, then --baseline: the same steady command passes; one whose
 * peak is 3 times the baseline's fails naming the baseline, and passes
 * with a tolerance that covers it; one that leaks where the baseline was
 * steady fails on growth although its peak is under the baseline's. */
static void
test_run_baseline (void)
{
  g_autofree char *demo = demo_path ();
  g_autofree char *dir = g_dir_make_tmp ("hs-run-XXXXXX", NULL);
  g_autofree char *json = g_build_filename (dir, "base.json", NULL);
  g_autofree char *json_arg = g_strdup_printf ("--json=%s", json);
  g_autofree char *baseline_arg = g_strdup_printf ("--baseline=%s", json);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  JsonObject *rss;
  GStatBuf st;
  int status;

  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    status = hs_test_run_cli (&out, &err, "run", FAST, json_arg, "--", demo, "--initial-mib=16",
                              "--rate-kib=0", "--threads=0", "--duration=1200ms", NULL);
    g_test_message ("%s", err);
    g_assert_cmpint (status, ==, 0);
  }
  /* It holds the command line: only its owner reads it. */
  g_assert_cmpint (g_stat (json, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  rss = rss_row (parser, json);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (root, "exit_status"), ==, 0);
  g_assert_false (json_object_get_boolean_member (root, "limit_broken"));
  g_assert_cmpfloat (json_object_get_double_member (rss, "peak"), >=, 16.0 * 1024 * 1024);
  g_assert_cmpstr (json_object_get_string_member (rss, "state"), ==, "steady");

  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    status = hs_test_run_cli (&out, &err, "run", FAST, baseline_arg, "--", demo, "--initial-mib=16",
                              "--rate-kib=0", "--threads=0", "--duration=1200ms", NULL);
    g_test_message ("%s", err);
    g_assert_cmpint (status, ==, 0);
    g_assert_null (strstr (err, "limit broken"));
  }
  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    status = hs_test_run_cli (&out, &err, "run", FAST, baseline_arg, "--", demo, "--initial-mib=48",
                              "--rate-kib=0", "--threads=0", "--duration=1200ms", NULL);
    g_test_message ("%s", err);
    g_assert_cmpint (status, ==, 4);
    g_assert_nonnull (strstr (err, "heapscope-cli: limit broken: peak RSS "));
    g_assert_nonnull (strstr (err, " > --baseline (+10%) "));
  }
  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    status = hs_test_run_cli (&out, &err, "run", FAST, baseline_arg, "--tolerance=400%", "--", demo,
                              "--initial-mib=48", "--rate-kib=0", "--threads=0", "--duration=1200ms", NULL);
    g_test_message ("%s", err);
    g_assert_cmpint (status, ==, 0);
  }
  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    status = hs_test_run_cli (&out, &err, "run", FAST, baseline_arg, "--", demo, "--rate-kib=4096",
                              "--threads=0", "--duration=2s", NULL);
    g_test_message ("%s", err);
    g_assert_cmpint (status, ==, 4);
    g_assert_null (strstr (err, "limit broken: peak RSS"));
    g_assert_nonnull (strstr (err, "heapscope-cli: limit broken: RSS growth +"));
  }
  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    /* Not a run's JSON: refused, named. */
    g_assert_true (g_file_set_contents (json, "{\"format\": \"heapscope-memory-map/1\"}", -1, NULL));
    status = hs_test_run_cli (&out, &err, "run", baseline_arg, "--", "true", NULL);
    g_assert_cmpint (status, ==, 2);
    g_assert_nonnull (strstr (err, "is not the --json of “heapscope-cli run”"));
  }
  g_unlink (json);
  g_rmdir (dir);
}

/* SIGTERM to `run` goes to its command, whose status run returns. */
static void
test_run_forwards_signals (void)
{
  g_autofree char *cli = g_build_filename (g_getenv ("HS_BUILD_ROOT"), "src", "cli", "heapscope-cli", NULL);
  g_autoptr(GSubprocess) run = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;

  /* sh runs its trap once the sleep it waits for ends. */
  run = g_subprocess_new (G_SUBPROCESS_FLAGS_STDERR_PIPE, &error, cli, "run", "--interval=100ms",
                          "--window=1s", "--", "sh", "-c",
                          "trap 'exit 42' TERM; while :; do sleep 0.1; done", NULL);
  g_assert_no_error (error);
  g_usleep (G_USEC_PER_SEC / 2);
  g_subprocess_send_signal (run, SIGTERM);
  g_subprocess_communicate_utf8 (run, NULL, NULL, NULL, &err, &error);
  g_assert_no_error (error);
  g_test_message ("%s", err);
  g_assert_true (g_subprocess_get_if_exited (run));
  g_assert_cmpint (g_subprocess_get_exit_status (run), ==, 42);
  g_assert_nonnull (strstr (err, "exited with status 42"));
}

static guint
free_port (void)
{
  struct sockaddr_in addr = { .sin_family = AF_INET, .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  socklen_t length = sizeof addr;
  int fd = socket (AF_INET, SOCK_STREAM, 0);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (bind (fd, (struct sockaddr *) &addr, sizeof addr), ==, 0);
  g_assert_cmpint (getsockname (fd, (struct sockaddr *) &addr, &length), ==, 0);
  close (fd);
  return ntohs (addr.sin_port);
}

/* The leaking Go service run under the gate: captured when it first
 * answers and again before it exits; the summary names the function
 * whose allocations grew (main.loop keeps 16 KiB a tick) and the
 * goroutines parked for ever (main.parkForever); its goroutines pass
 * --max-goroutines. */
static void
test_run_go_captures (void)
{
  const char *service = g_getenv ("HS_TEST_GOMETRICS");
  g_autofree char *dir = g_dir_make_tmp ("hs-run-XXXXXX", NULL);
  g_autofree char *captures = g_build_filename (dir, "captures", NULL);
  g_autofree char *capture_arg = g_strdup_printf ("--capture-dir=%s", captures);
  g_autofree char *port = g_strdup_printf ("%u", free_port ());
  g_autofree char *url_arg = g_strdup_printf ("--url=http://127.0.0.1:%s", port);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GDir) listing = NULL;
  const char *growers;
  const char *name;
  guint n_files = 0;
  int status;

  if (service == NULL || !g_file_test (service, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("go was not found at configure time, so tests/gen/gometrics was not built");
      return;
    }
  status = hs_test_run_cli (&out, &err, "run", "--interval=200ms", "--window=2s", url_arg, capture_arg,
                            "--max-goroutines=20", "--", service, "-port", port, "-duration", "4s", NULL);
  g_test_message ("%s", err);
  g_assert_cmpint (status, ==, 4);
  growers = strstr (err, "Top growers (NEW − BASE by file:line, the likely leak sites):\n");
  g_assert_nonnull (growers);
  /* The first grower's line names the leaking function. */
  g_assert_nonnull (strstr (growers, "main.loop"));
  g_assert_true (strstr (growers, "main.loop") < strchr (strchr (strchr (growers, '\n') + 1, '\n') + 1, '\n'));
  g_assert_nonnull (strstr (err, "Goroutine growth (NEW − BASE by stack"));
  g_assert_nonnull (strstr (err, "main.parkForever"));
  g_assert_nonnull (strstr (err, "Goroutines: leaking, +"));
  g_assert_nonnull (strstr (err, "heapscope-cli: limit broken: peak Goroutines "));
  g_assert_nonnull (strstr (err, " > --max-goroutines 20\n"));

  /* The first and the last of each: heap and goroutine. */
  listing = g_dir_open (captures, 0, NULL);
  g_assert_nonnull (listing);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (captures, name, NULL);

      g_assert_true (g_str_has_prefix (name, "heap-") || g_str_has_prefix (name, "goroutine-"));
      g_assert_true (strstr (name, "-first-") != NULL || strstr (name, "-last-") != NULL);
      g_assert_true (g_str_has_suffix (name, ".pb.gz"));
      g_unlink (path);
      n_files++;
    }
  g_assert_cmpuint (n_files, ==, 4);
  g_rmdir (captures);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/run/exit-status", test_run_exit_status);
  g_test_add_func ("/cli/run/leaking", test_run_leaking);
  g_test_add_func ("/cli/run/steady", test_run_steady);
  g_test_add_func ("/cli/run/bad-arguments", test_run_bad_arguments);
  g_test_add_func ("/cli/run/baseline", test_run_baseline);
  g_test_add_func ("/cli/run/forwards-signals", test_run_forwards_signals);
  g_test_add_func ("/cli/run/go-captures", test_run_go_captures);

  return g_test_run ();
}
