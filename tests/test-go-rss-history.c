/* test-go-rss-history.c: "Where is my RSS?" over time (HsGoRssHistory)
 * for a real session of the real Go test service: its process and its
 * endpoints.
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "hs-go-fetch.h"
#include "hs-go-rss-history.h"
#include "hs-go-source.h"
#include "hs-local-sampler.h"
#include "hs-test-go-service.h"
#include "hs-test-loop.h"

static void
on_done (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
has_readings (gpointer data)
{
  return hs_session_get_n_readings (data) >= 2;
}

static void
count_split (HsGoRssHistory *history,
             guint          *n)
{
  (*n)++;
}

static gboolean
is_split (gpointer data)
{
  return *(guint *) data > 0;
}

/* One smaps reading split by the newest expvar page: a point on each
 * part's series, the note says what is left open; a second update within
 * the interval reads nothing. */
static void
test_split (void)
{
  GoService *svc = go_service_start ();
  g_autoptr(HsSampler) sampler = NULL;
  g_autoptr(HsProcSource) proc = NULL;
  g_autoptr(HsGoSource) go = NULL;
  g_autoptr(HsSession) session = NULL;
  g_autoptr(HsGoRssHistory) history = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint n_split = 0;

  if (svc == NULL)
    return;
  sampler = hs_local_sampler_new ();
  proc = hs_proc_source_new (sampler, svc->pid, HS_PROC_SOURCE_NONE);
  hs_go_source_new_async (svc->url, HS_GO_DEFAULT_TIMEOUT_MS * hs_test_timeout_factor (), 0, NULL,
                          on_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  go = hs_go_source_new_finish (result, &error);
  g_assert_no_error (error);
  session = hs_session_new_full ("svc", 200, 600);
  hs_session_add_source (session, HS_SOURCE (proc));
  hs_session_add_source (session, HS_SOURCE (go));
  hs_session_start (session);
  g_assert_true (hs_test_iterate_until (has_readings, session, 20000));

  history = hs_go_rss_history_new (session);
  g_signal_connect (history, "split", G_CALLBACK (count_split), &n_split);
  g_assert_null (hs_go_rss_history_get_note (history));
  hs_go_rss_history_update (history);
  hs_go_rss_history_update (history);
  g_assert_true (hs_test_iterate_until (is_split, &n_split, 20000));
  g_test_message ("%s", hs_go_rss_history_get_note (history));
  g_assert_true (g_str_has_prefix (hs_go_rss_history_get_note (history), "Each part is stacked"));
  for (guint p = 0; p <= HS_GO_RSS_N_PARTS; p++)
    g_assert_cmpuint (hs_series_get_length (hs_go_rss_history_get_series (history, p)), ==, 1);

  hs_go_rss_history_update (history);
  hs_test_iterate_for (100);
  g_assert_cmpuint (n_split, ==, 1);

  hs_session_close (session);
  go_service_stop (svc);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/go-rss-history/split", test_split);

  return g_test_run ();
}
