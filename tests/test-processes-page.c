/* test-processes-page.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "hs-chart.h"
#include "hs-monitor-view.h"
#include "hs-session.h"
#include "hs-process-row.h"
#include "hs-processes-page.h"
#include "hs-test-ui.h"

typedef struct
{
  GtkWindow       *window;
  HsProcessesPage *page;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 1000, 800);
  f->page = g_object_new (HS_TYPE_PROCESSES_PAGE, NULL);
  gtk_window_set_child (f->window, GTK_WIDGET (f->page));
  gtk_window_present (f->window);
  g_assert_true (hs_test_iterate_until (hs_test_widget_is_mapped, f->page, 30000));
  /* The sampler is made in a thread: the tests start from a ready page. */
  g_assert_true (hs_test_iterate_until (hs_test_processes_page_is_ready, f->page, 30000));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (f->window);
  hs_test_iterate_for (50);
}

static gboolean
has_refreshed (gpointer data)
{
  return hs_processes_page_get_n_refreshes (data) > 0;
}

static guint start_count;

static gboolean
has_refreshed_again (gpointer data)
{
  return hs_processes_page_get_n_refreshes (data) > start_count;
}

static HsProcessRow *
find_row (GListModel *model,
          int         pid,
          guint      *position)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(HsProcessRow) row = g_list_model_get_item (model, i);

      if (hs_process_row_get_pid (row) == pid)
        {
          if (position != NULL)
            *position = i;
          return row;   /* the model keeps it alive */
        }
    }

  return NULL;
}

static void
test_page_new_destroy (void)
{
  HsProcessesPage *page = g_object_ref_sink (g_object_new (HS_TYPE_PROCESSES_PAGE, NULL));

  g_assert_cmpstr (hs_processes_page_get_visible_view (page), ==, "list");
  g_assert_null (hs_processes_page_get_session (page));
  g_assert_cmpuint (g_list_model_get_n_items (hs_processes_page_get_sessions (page)), ==, 0);
  g_assert_finalize_object (page);
}

/* The list shows this test's own process with /proc's figures, filters by
 * PID, and refreshes in place: same row objects, same selection. */
static void
test_page_list (Fixture       *f,
                gconstpointer  data)
{
  GListModel *model = hs_processes_page_get_model (f->page);
  g_autofree char *pid_text = g_strdup_printf ("%d", (int) getpid ());
  HsProcessRow *own, *again;
  guint position;

  g_assert_true (hs_test_iterate_until (has_refreshed, f->page, 10000));
  g_assert_cmpuint (g_list_model_get_n_items (model), >, 1);

  own = find_row (model, getpid (), &position);
  g_assert_nonnull (own);
  g_assert_cmpstr (hs_process_row_get_name (own), ==, "test-processes-");
  g_assert_true (hs_process_row_get_readable (own));
  g_assert_cmpuint (hs_process_row_get_rss (own), >, 0);

  /* Default order: RSS, largest first. */
  for (guint i = 1; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(HsProcessRow) a = g_list_model_get_item (model, i - 1);
      g_autoptr(HsProcessRow) b = g_list_model_get_item (model, i);

      g_assert_cmpuint (hs_process_row_get_rss (a), >=, hs_process_row_get_rss (b));
    }

  gtk_selection_model_select_item (GTK_SELECTION_MODEL (model), position, TRUE);

  start_count = hs_processes_page_get_n_refreshes (f->page);
  g_assert_true (hs_test_iterate_until (has_refreshed_again, f->page, 10000));
  again = find_row (model, getpid (), NULL);
  g_assert_true (again == own);
  {
    g_autoptr(HsProcessRow) selected =
      g_object_ref (gtk_single_selection_get_selected_item (GTK_SINGLE_SELECTION (model)));

    g_assert_true (selected == own);
  }

  /* Typed digit by digit, as a person would: each prefix is its own PID. */
  for (gsize len = 1; len <= strlen (pid_text); len++)
    {
      g_autofree char *prefix = g_strndup (pid_text, len);

      hs_processes_page_set_search_text (f->page, prefix);
    }
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  g_assert_true (find_row (model, getpid (), NULL) == own);

  hs_processes_page_set_search_text (f->page, "test-processes");
  g_assert_cmpuint (g_list_model_get_n_items (model), >=, 1);
  g_assert_nonnull (find_row (model, getpid (), NULL));

  hs_processes_page_set_search_text (f->page, "");
  g_assert_cmpuint (g_list_model_get_n_items (model), >, 1);
}

static gboolean
has_samples (gpointer data)
{
  HsSession *session = hs_processes_page_get_session (data);

  return session != NULL && hs_session_get_n_readings (session) >= 3;
}

/* The name comes from a worker thread, like the samples. */
static gboolean
has_name (gpointer data)
{
  HsSession *session = hs_processes_page_get_session (data);

  return session != NULL && hs_proc_source_get_name (hs_session_get_proc_source (session)) != NULL;
}

static gboolean
has_exited (gpointer data)
{
  HsSession *session = hs_processes_page_get_session (data);

  return session != NULL && hs_session_get_state (session) == HS_SESSION_EXITED;
}

static guint
chart_points (HsChart *chart)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 600, 200);
  cairo_t *cr = cairo_create (surface);

  hs_chart_draw (chart, cr, 600, 200);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  return hs_chart_get_n_points (chart);
}

/* `heapscope --demo`: start heapscope-demo, attach, chart it, and show the
 * exit when it goes. */
static void
test_page_demo (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  HsSession *session;
  HsMonitorView *view;
  double rss;
  gint64 t;
  int pid;

  g_settings_set_uint (settings, "sample-interval", 200);

  hs_processes_page_start_demo (f->page);
  g_assert_cmpstr (hs_processes_page_get_visible_view (f->page), ==, "monitor");
  session = hs_processes_page_get_session (f->page);
  g_assert_nonnull (session);
  pid = hs_session_get_pid (session);
  g_assert_cmpint (pid, >, 0);
  g_assert_cmpint (pid, !=, getpid ());

  g_assert_true (hs_test_iterate_until (has_samples, f->page, 20000));
  g_assert_true (hs_series_get_last (hs_session_metric_get_series (hs_session_find_metric (session, "rss")),
                                     &t, &rss));
  g_assert_cmpfloat (rss, >, 0);
  g_assert_true (hs_test_iterate_until (has_name, f->page, 20000));
  g_assert_cmpstr (hs_proc_source_get_name (hs_session_get_proc_source (session)), ==, "heapscope-demo");

  view = hs_processes_page_get_monitor_view (f->page);
  g_assert_true (hs_monitor_view_get_session (view) == session);
  g_assert_cmpuint (chart_points (hs_monitor_view_get_chart (view, 0)), >, 0);
  g_assert_cmpuint (chart_points (hs_monitor_view_get_chart (view, 1)), >, 0);
  g_assert_cmpstr (hs_monitor_view_get_status (view), ==, "");

  /* The page started the demo: stopping it here is ours to do. */
  g_assert_cmpint (kill (pid, SIGTERM), ==, 0);
  g_assert_true (hs_test_iterate_until (has_exited, f->page, 20000));
  hs_test_iterate_for (100);

  g_assert_cmpint (hs_session_get_state (session), ==, HS_SESSION_EXITED);
  g_assert_cmpint (hs_session_get_end_time (session), >, 0);
  g_assert_nonnull (strstr (hs_monitor_view_get_status (view), "exited"));
  /* The charts keep what was recorded. */
  g_assert_cmpuint (chart_points (hs_monitor_view_get_chart (view, 0)), >, 0);

  /* Back to the list: the ended session stays listed until closed. */
  gtk_widget_activate_action (GTK_WIDGET (f->page), "processes.back", NULL);
  g_assert_cmpstr (hs_processes_page_get_visible_view (f->page), ==, "list");
  g_assert_null (hs_processes_page_get_session (f->page));
  g_assert_cmpuint (g_list_model_get_n_items (hs_processes_page_get_sessions (f->page)), ==, 1);

  g_settings_reset (settings, "sample-interval");
}

static GSubprocess *
spawn_demo (const char *initial_mib,
            const char *rate_kib,
            const char *max_mib)
{
  g_autofree char *path = hs_find_helper_program ("heapscope-demo");
  g_autofree char *initial = g_strconcat ("--initial-mib=", initial_mib, NULL);
  g_autofree char *rate = g_strconcat ("--rate-kib=", rate_kib, NULL);
  g_autofree char *max = g_strconcat ("--max-mib=", max_mib, NULL);
  g_autoptr(GError) error = NULL;
  GSubprocess *child;

  g_assert_nonnull (path);
  child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error, path, initial, rate, max,
                            "--threads=0", "--duration=60s", NULL);
  g_assert_no_error (error);

  return child;
}

static int
subprocess_pid (GSubprocess *child)
{
  return atoi (g_subprocess_get_identifier (child));
}

typedef struct
{
  HsProcessesPage *page;
  int              steady;
  int              growing;
  guint            after;
} Overtake;

/* Both demo rows listed, and the growing one bigger in the last refresh
 * than the steady one. */
static gboolean
has_overtaken (gpointer data)
{
  Overtake *o = data;
  GListModel *model = hs_processes_page_get_model (o->page);
  HsProcessRow *steady, *growing;

  if (hs_processes_page_get_n_refreshes (o->page) <= o->after)
    return FALSE;
  steady = find_row (model, o->steady, NULL);
  growing = find_row (model, o->growing, NULL);

  return steady != NULL && growing != NULL &&
         hs_process_row_get_rss (growing) > hs_process_row_get_rss (steady) + 8 * 1024 * 1024;
}

static void
assert_sorted_by_rss (GListModel *model)
{
  for (guint i = 1; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(HsProcessRow) a = g_list_model_get_item (model, i - 1);
      g_autoptr(HsProcessRow) b = g_list_model_get_item (model, i);

      g_assert_cmpuint (hs_process_row_get_rss (a), >=, hs_process_row_get_rss (b));
    }
}

/* Rows are updated in place every refresh; the order must follow the new
 * values. Two real demo processes: one steady at 40 MiB, one that starts
 * at 16 MiB and grows past it. Before the fix the sort model kept the old
 * keys and the grown row stayed below the steady one. */
static void
test_page_sort_follows_updates (Fixture       *f,
                                gconstpointer  data)
{
  GListModel *model = hs_processes_page_get_model (f->page);
  g_autoptr(GSubprocess) steady = spawn_demo ("40", "1", "40");
  g_autoptr(GSubprocess) growing = spawn_demo ("16", "16384", "160");
  Overtake o = { f->page, subprocess_pid (steady), subprocess_pid (growing), 0 };
  HsProcessRow *steady_row;
  guint steady_pos, growing_pos;

  g_assert_true (hs_test_iterate_until (has_refreshed, f->page, 10000));
  /* Wait until a refresh lists both, then select the steady one. */
  while (find_row (model, o.steady, &steady_pos) == NULL || find_row (model, o.growing, NULL) == NULL)
    {
      start_count = hs_processes_page_get_n_refreshes (f->page);
      g_assert_true (hs_test_iterate_until (has_refreshed_again, f->page, 10000));
    }
  steady_row = find_row (model, o.steady, &steady_pos);
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (model), steady_pos, TRUE);

  o.after = hs_processes_page_get_n_refreshes (f->page);
  g_assert_true (hs_test_iterate_until (has_overtaken, &o, 30000));

  assert_sorted_by_rss (model);
  g_assert_nonnull (find_row (model, o.growing, &growing_pos));
  g_assert_true (find_row (model, o.steady, &steady_pos) == steady_row);
  g_assert_cmpuint (growing_pos, <, steady_pos);
  /* The selection stayed on the same process. */
  g_assert_true (gtk_single_selection_get_selected_item (GTK_SINGLE_SELECTION (model)) == (gpointer) steady_row);

  g_subprocess_force_exit (steady);
  g_subprocess_force_exit (growing);
  g_subprocess_wait (steady, NULL, NULL);
  g_subprocess_wait (growing, NULL, NULL);
}

static gboolean
can_scroll (gpointer data)
{
  GtkAdjustment *adjustment = data;

  return gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment) > 100;
}

/* A listing in which values change in place AND processes come and go,
 * replayed many times: the order must hold every time, and GTK must never
 * see an inconsistent comparison (its critical is fatal here). Real
 * listings do this only by chance (under load: many rows change while
 * processes start), so the test replays them through the page's own
 * refresh path. */
static void
test_page_sort_batch (void)
{
  HsProcessesPage *page = g_object_ref_sink (g_object_new (HS_TYPE_PROCESSES_PAGE, NULL));
  GListModel *model = hs_processes_page_get_model (page);
  g_autoptr(GRand) rand = g_rand_new_with_seed (8);
  GtkColumnView *view = GTK_COLUMN_VIEW (hs_test_find_widget (GTK_WIDGET (page), GTK_TYPE_COLUMN_VIEW));

  /* As after a user clicked "Name", then "Memory" twice: the sorter now
   * has two columns, and the names are all the same. */
  {
    GListModel *columns = gtk_column_view_get_columns (view);
    g_autoptr(GtkColumnViewColumn) name = g_list_model_get_item (columns, 1);
    g_autoptr(GtkColumnViewColumn) rss = g_list_model_get_item (columns, 4);

    gtk_column_view_sort_by_column (view, name, GTK_SORT_ASCENDING);
    gtk_column_view_sort_by_column (view, rss, GTK_SORT_DESCENDING);
  }

  for (guint round = 0; round < 40; round++)
    {
      g_autoptr(GPtrArray) infos = g_ptr_array_new ();
      HsProcessInfo *all = g_new0 (HsProcessInfo, 300);

      for (guint i = 0; i < 300; i++)
        {
          HsProcessInfo *info = &all[i];

          /* A sliding window of PIDs: some end, some start. */
          info->pid = 1000 + round * 5 + i;
          info->uid = getuid ();
          info->name = "replayed";
          info->user = "user";
          info->cmdline = "replayed --listing";
          info->start_time = info->pid;
          info->rss = (guint64) g_rand_int_range (rand, 1, 1 << 20) * 4096;
          info->threads = 1;
          info->flags = HS_SAMPLE_RSS | HS_SAMPLE_THREADS;
          g_ptr_array_add (infos, info);
        }

      hs_processes_page_apply_listing (page, infos);
      g_assert_cmpuint (g_list_model_get_n_items (model), ==, 300);
      assert_sorted_by_rss (model);
      g_free (all);
    }

  g_assert_finalize_object (page);
}

/* Another sort column shows the top of the new order. */
static void
test_page_sort_scrolls_to_top (Fixture       *f,
                               gconstpointer  data)
{
  GtkScrolledWindow *scroller;
  GtkColumnView *view;
  GtkAdjustment *adjustment;
  GListModel *columns;
  g_autoptr(GtkColumnViewColumn) name_column = NULL;

  gtk_window_set_default_size (f->window, 800, 400);
  g_assert_true (hs_test_iterate_until (has_refreshed, f->page, 10000));
  scroller = GTK_SCROLLED_WINDOW (hs_test_find_widget (GTK_WIDGET (f->page), GTK_TYPE_SCROLLED_WINDOW));
  view = GTK_COLUMN_VIEW (hs_test_find_widget (GTK_WIDGET (f->page), GTK_TYPE_COLUMN_VIEW));
  g_assert_nonnull (scroller);
  g_assert_nonnull (view);
  adjustment = gtk_scrolled_window_get_vadjustment (scroller);
  if (!hs_test_iterate_until (can_scroll, adjustment, 5000))
    {
      g_test_skip ("too few processes to scroll");
      return;
    }

  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) -
                            gtk_adjustment_get_page_size (adjustment));
  hs_test_iterate_for (50);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), >, 100);

  /* A refresh alone does not move the list. */
  {
    double before = gtk_adjustment_get_value (adjustment);

    start_count = hs_processes_page_get_n_refreshes (f->page);
    g_assert_true (hs_test_iterate_until (has_refreshed_again, f->page, 10000));
    hs_test_iterate_for (50);
    g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), >, before / 2);
  }

  columns = gtk_column_view_get_columns (view);
  name_column = g_list_model_get_item (columns, 1);
  gtk_column_view_sort_by_column (view, name_column, GTK_SORT_ASCENDING);
  hs_test_iterate_for (50);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, 0);
}

static gboolean
readings_above (gpointer data)
{
  gpointer *args = data;

  return hs_session_get_n_readings (args[0]) >= GPOINTER_TO_UINT (args[1]);
}

static void
wait_for_readings (HsSession *session,
                   guint      n)
{
  gpointer args[2] = { session, GUINT_TO_POINTER (n) };

  g_assert_true (hs_test_iterate_until (readings_above, args, 60000));
}

/* The row of @pid as the list shows it after one more refresh. */
static HsProcessRow *
refreshed_row (HsProcessesPage *page,
               int              pid)
{
  start_count = hs_processes_page_get_n_refreshes (page);
  g_assert_true (hs_test_iterate_until (has_refreshed_again, page, 10000));

  return find_row (hs_processes_page_get_model (page), pid, NULL);
}

static guint
count_children (GtkWidget *widget)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n++;

  return n;
}

/* A session belongs to the sessions list, not to the view: back on the
 * process list it keeps sampling, and the list marks the process. */
static void
test_page_session_outlives_view (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GSubprocess) demo = spawn_demo ("8", "64", "64");
  int pid = subprocess_pid (demo);
  HsSession *session;
  HsProcessRow *row;
  guint n;

  g_settings_set_uint (settings, "sample-interval", 200);
  hs_processes_page_attach (f->page, pid);
  session = hs_processes_page_get_session (f->page);
  g_assert_nonnull (session);
  g_assert_cmpint (hs_session_get_pid (session), ==, pid);
  wait_for_readings (session, 2);

  gtk_widget_activate_action (GTK_WIDGET (f->page), "processes.back", NULL);
  g_assert_cmpstr (hs_processes_page_get_visible_view (f->page), ==, "list");
  g_assert_null (hs_processes_page_get_session (f->page));
  g_assert_null (hs_monitor_view_get_session (hs_processes_page_get_monitor_view (f->page)));

  /* Nothing shows it, and it samples on. */
  n = hs_session_get_n_readings (session);
  wait_for_readings (session, n + 3);
  g_assert_cmpint (hs_session_get_state (session), ==, HS_SESSION_RUNNING);

  row = refreshed_row (f->page, pid);
  g_assert_nonnull (row);
  g_assert_true (hs_process_row_get_watched (row));
  {
    g_autofree char *text = NULL;

    g_object_get (row, "watched-text", &text, NULL);
    g_assert_cmpstr (text, ==, "Watched");
  }

  /* Attaching again shows the same session, not a second one. */
  hs_processes_page_attach (f->page, pid);
  g_assert_true (hs_processes_page_get_session (f->page) == session);
  g_assert_cmpuint (g_list_model_get_n_items (hs_processes_page_get_sessions (f->page)), ==, 1);

  g_subprocess_force_exit (demo);
  g_subprocess_wait (demo, NULL, NULL);
  g_settings_reset (settings, "sample-interval");
}

/* Two processes watched at once: both sample, the list marks both and
 * lists both as watched; the user switches between them. */
static void
test_page_two_sessions (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GSubprocess) first = spawn_demo ("8", "64", "64");
  g_autoptr(GSubprocess) second = spawn_demo ("12", "64", "64");
  int pid1 = subprocess_pid (first), pid2 = subprocess_pid (second);
  GListModel *sessions = hs_processes_page_get_sessions (f->page);
  GtkListBox *watched;
  HsSession *a, *b;
  guint na, nb;

  g_settings_set_uint (settings, "sample-interval", 200);
  hs_processes_page_attach (f->page, pid1);
  a = hs_processes_page_get_session (f->page);
  gtk_widget_activate_action (GTK_WIDGET (f->page), "processes.back", NULL);
  hs_processes_page_attach (f->page, pid2);
  b = hs_processes_page_get_session (f->page);
  g_assert_true (a != b);
  g_assert_cmpuint (g_list_model_get_n_items (sessions), ==, 2);

  /* Switching: the view shows one, both record. */
  na = hs_session_get_n_readings (a);
  nb = hs_session_get_n_readings (b);
  wait_for_readings (a, na + 3);
  wait_for_readings (b, nb + 3);
  g_assert_true (hs_monitor_view_get_session (hs_processes_page_get_monitor_view (f->page)) == b);
  hs_processes_page_show_session (f->page, a);
  g_assert_true (hs_monitor_view_get_session (hs_processes_page_get_monitor_view (f->page)) == a);
  g_assert_cmpuint (hs_monitor_view_get_n_charts (hs_processes_page_get_monitor_view (f->page)), >=, 3);

  gtk_widget_activate_action (GTK_WIDGET (f->page), "processes.back", NULL);
  g_assert_true (hs_process_row_get_watched (refreshed_row (f->page, pid1)));
  g_assert_true (hs_process_row_get_watched (find_row (hs_processes_page_get_model (f->page), pid2, NULL)));
  g_assert_false (hs_process_row_get_watched (find_row (hs_processes_page_get_model (f->page), getpid (), NULL)));

  /* The watched list above the processes has a row per session. */
  watched = GTK_LIST_BOX (hs_test_find_widget (GTK_WIDGET (f->page), GTK_TYPE_LIST_BOX));
  g_assert_nonnull (watched);
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (watched)));
  g_assert_cmpuint (count_children (GTK_WIDGET (watched)), ==, 2);
  /* Activating a row shows its session. */
  g_signal_emit_by_name (watched, "row-activated", gtk_list_box_get_row_at_index (watched, 1));
  g_assert_true (hs_processes_page_get_session (f->page) == b);
  g_assert_cmpstr (hs_processes_page_get_visible_view (f->page), ==, "monitor");

  g_subprocess_force_exit (first);
  g_subprocess_force_exit (second);
  g_subprocess_wait (first, NULL, NULL);
  g_subprocess_wait (second, NULL, NULL);
  g_settings_reset (settings, "sample-interval");
}

/* Closing a session (its view's close button) ends it: no more readings,
 * off the watched list, the row no longer marked. */
static void
test_page_close_session (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GSubprocess) demo = spawn_demo ("8", "64", "64");
  int pid = subprocess_pid (demo);
  g_autoptr(HsSession) session = NULL;
  guint n;

  g_settings_set_uint (settings, "sample-interval", 200);
  hs_processes_page_attach (f->page, pid);
  session = g_object_ref (hs_processes_page_get_session (f->page));
  wait_for_readings (session, 2);

  gtk_widget_activate_action (GTK_WIDGET (hs_processes_page_get_monitor_view (f->page)),
                              "processes.close-session", NULL);
  g_assert_cmpint (hs_session_get_state (session), ==, HS_SESSION_CLOSED);
  g_assert_cmpuint (g_list_model_get_n_items (hs_processes_page_get_sessions (f->page)), ==, 0);
  g_assert_cmpstr (hs_processes_page_get_visible_view (f->page), ==, "list");
  g_assert_null (hs_processes_page_get_session (f->page));

  n = hs_session_get_n_readings (session);
  hs_test_iterate_for (800);
  g_assert_cmpuint (hs_session_get_n_readings (session), ==, n);
  g_assert_false (hs_process_row_get_watched (refreshed_row (f->page, pid)));

  g_subprocess_force_exit (demo);
  g_subprocess_wait (demo, NULL, NULL);
  g_settings_reset (settings, "sample-interval");
}

/* Header figures: at the live edge they say nothing about time; zoomed
 * back, they say which moment they are from; each change says over how
 * long. */
static void
test_page_header_figures (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GSubprocess) demo = spawn_demo ("8", "2048", "64");
  HsMonitorView *view = hs_processes_page_get_monitor_view (f->page);
  HsSession *session;
  HsTimeline *timeline;
  gint64 first, last;
  const char *delta;

  g_settings_set_uint (settings, "sample-interval", 200);
  hs_processes_page_attach (f->page, subprocess_pid (demo));
  session = hs_processes_page_get_session (f->page);
  wait_for_readings (session, 8);
  timeline = hs_monitor_view_get_timeline (view);

  g_assert_true (hs_timeline_get_following (timeline));
  g_assert_cmpstr (hs_monitor_view_get_values_time_text (view), ==, "");
  g_assert_cmpstr (hs_monitor_view_get_value_text (view, "rss"), !=, "unavailable");
  delta = hs_monitor_view_get_delta_text (view, "rss");
  /* "+1.2 MiB in 1s": a sign, and the span it was measured over. */
  g_assert_true (g_str_has_prefix (delta, "+") || g_str_has_prefix (delta, "±"));
  g_assert_nonnull (strstr (delta, " in "));

  /* Zoomed to the first half of the recording. */
  g_assert_true (hs_timeline_get_data_range (timeline, &first, &last));
  hs_timeline_show_range (timeline, first, first + (last - first) / 2);
  g_assert_false (hs_timeline_get_following (timeline));
  g_assert_nonnull (strstr (hs_monitor_view_get_values_time_text (view), ":"));
  /* Every chart shows that window. */
  for (guint i = 0; i < hs_monitor_view_get_n_charts (view); i++)
    g_assert_true (hs_chart_get_timeline (hs_monitor_view_get_chart (view, i)) == timeline);

  hs_timeline_set_following (timeline, TRUE);
  g_assert_cmpstr (hs_monitor_view_get_values_time_text (view), ==, "");

  g_subprocess_force_exit (demo);
  g_subprocess_wait (demo, NULL, NULL);
  g_settings_reset (settings, "sample-interval");
}

/* A process of another user: dimmed, and the tooltip says what is missing
 * and why. Real data: PID 1's info from the sampler, seen by a uid that
 * does not own it. */
static void
test_page_other_user_row (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsSampler) sampler = hs_sampler_new_default (&error);
  g_autoptr(HsProcessInfo) info = NULL;
  g_autoptr(HsProcessRow) theirs = NULL;
  g_autoptr(HsProcessRow) ours = NULL;
  g_autofree char *tooltip = NULL;
  double opacity;

  g_assert_no_error (error);
  info = hs_sampler_get_info (sampler, 1, &error);
  g_assert_no_error (error);

  theirs = hs_process_row_new (info, info->uid + 1000);
  g_assert_false (hs_process_row_get_readable (theirs));
  g_object_get (theirs, "tooltip", &tooltip, "opacity", &opacity, NULL);
  g_assert_nonnull (strstr (tooltip, "Owned by"));
  g_assert_nonnull (strstr (tooltip, "heap"));
  g_assert_cmpfloat (opacity, <, 1.0);

  ours = hs_process_row_new (info, info->uid);
  g_assert_true (hs_process_row_get_readable (ours));
}

static gboolean
has_sample_or_error (gpointer data)
{
  HsSession *session = hs_processes_page_get_session (data);

  return session != NULL &&
         (hs_session_get_n_readings (session) >= 2 || hs_session_get_error (session) != NULL);
}

/* PID 1: whatever the kernel lets us read, a figure we could not read is
 * shown as unavailable with the reason, never as a zero. */
static void
test_page_unreadable (Fixture       *f,
                      gconstpointer  data)
{
  HsSession *session;
  HsSessionMetric *heap;
  HsMonitorView *view;
  double value;
  gint64 t;

  hs_processes_page_attach (f->page, 1);
  session = hs_processes_page_get_session (f->page);
  g_assert_true (hs_test_iterate_until (has_sample_or_error, f->page, 20000));
  hs_test_iterate_for (100);
  view = hs_processes_page_get_monitor_view (f->page);
  heap = hs_session_find_metric (session, "heap");
  g_assert_nonnull (heap);

  if (!hs_series_get_last (hs_session_metric_get_series (heap), &t, &value))
    {
      g_assert_nonnull (hs_session_get_error (session));
      g_assert_cmpstr (hs_monitor_view_get_status (view), !=, "");
      g_assert_cmpstr (hs_monitor_view_get_value_text (view, "heap"), ==, "unavailable");
      g_test_message ("PID 1: %s", hs_monitor_view_get_status (view));
    }
  else
    {
      g_assert_cmpstr (hs_monitor_view_get_value_text (view, "heap"), !=, "unavailable");
    }
}

typedef struct
{
  char     *pid_file;
  gint64    resume_at;
  gboolean  resumed;
} StoppedProbe;

/* Waits for the stopped probe, then resumes it at @resume_at whatever
 * happens, so that a page that blocks on it ends too (and fails). */
static gpointer
resume_probe_later (gpointer data)
{
  StoppedProbe *probe = data;
  g_autofree char *text = NULL;

  while (!g_file_get_contents (probe->pid_file, &text, NULL, NULL) || strchr (text, '\n') == NULL)
    {
      g_clear_pointer (&text, g_free);
      if (g_get_monotonic_time () > probe->resume_at + 20 * G_USEC_PER_SEC)
        return NULL;
      g_usleep (10 * 1000);
    }
  while (g_get_monotonic_time () < probe->resume_at)
    g_usleep (10 * 1000);
  g_assert_cmpint (kill (atoi (text), SIGCONT), ==, 0);
  g_atomic_int_set (&probe->resumed, TRUE);
  return NULL;
}

static gboolean
set_flag (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
flag_is_set (gpointer data)
{
  return *(gboolean *) data;
}

/* Nothing that can block runs on the main thread: the page makes its
 * sampler in a thread. The probe backend (HEAPSCOPE_SAMPLER=probe, as in
 * Flatpak) is started through a wrapper that stops itself before it runs
 * the real heapscope-probe, so the first round trip hangs until the test
 * resumes it 5 s later. The page is shown at once, says it is loading,
 * and the main loop runs meanwhile; the list comes once the probe
 * answers. Before, mapping the page made the sampler in place and hung
 * the main thread until the probe was resumed. */
static void
test_page_sampler_does_not_block (void)
{
  g_autofree char *real_probe = hs_find_helper_program ("heapscope-probe");
  g_autofree char *old_libexecdir = g_strdup (g_getenv ("HEAPSCOPE_LIBEXECDIR"));
  g_autofree char *dir = NULL;
  g_autofree char *wrapper = NULL;
  g_autofree char *script = NULL;
  g_autoptr(GError) error = NULL;
  StoppedProbe probe = { 0 };
  GtkWindow *window;
  HsProcessesPage *page;
  gboolean fired = FALSE;
  GThread *resumer;
  gint64 start, elapsed;

  g_assert_nonnull (real_probe);
  dir = g_dir_make_tmp ("hs-stopped-probe-XXXXXX", &error);
  g_assert_no_error (error);
  probe.pid_file = g_build_filename (dir, "pid", NULL);
  wrapper = g_build_filename (dir, "heapscope-probe", NULL);
  script = g_strdup_printf ("#!/bin/sh\necho $$ > '%s'\nkill -STOP $$\nexec '%s' \"$@\"\n",
                            probe.pid_file, real_probe);
  g_assert_true (g_file_set_contents (wrapper, script, -1, &error));
  g_assert_cmpint (g_chmod (wrapper, 0755), ==, 0);

  g_setenv ("HEAPSCOPE_LIBEXECDIR", dir, TRUE);
  g_setenv ("HEAPSCOPE_SAMPLER", "probe", TRUE);

  start = g_get_monotonic_time ();
  probe.resume_at = start + 5 * G_USEC_PER_SEC;
  resumer = g_thread_new ("resume-probe", resume_probe_later, &probe);

  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (window, 1000, 800);
  page = g_object_new (HS_TYPE_PROCESSES_PAGE, NULL);
  g_object_add_weak_pointer (G_OBJECT (page), (gpointer *) &page);
  gtk_window_set_child (window, GTK_WIDGET (page));
  gtk_window_present (window);
  g_assert_true (hs_test_iterate_until (hs_test_widget_is_mapped, page, 30000));
  g_timeout_add (50, set_flag, &fired);
  g_assert_true (hs_test_iterate_until (flag_is_set, &fired, 30000));
  elapsed = g_get_monotonic_time () - start;
  g_test_message ("page mapped and a 50 ms timeout fired %.3f ms after start, the probe stopped",
                  elapsed / 1000.0);
  g_assert_cmpint (elapsed, <, 2 * G_USEC_PER_SEC);
  g_assert_false (g_atomic_int_get (&probe.resumed));
  g_assert_cmpstr (hs_processes_page_get_visible_view (page), ==, "loading");
  g_assert_cmpuint (hs_processes_page_get_n_refreshes (page), ==, 0);

  /* The probe answers: the list comes. */
  g_thread_join (resumer);
  g_assert_true (g_atomic_int_get (&probe.resumed));
  g_assert_true (hs_test_iterate_until (has_refreshed, page, 20000));
  g_assert_cmpstr (hs_processes_page_get_visible_view (page), ==, "list");
  g_assert_nonnull (find_row (hs_processes_page_get_model (page), getpid (), NULL));

  g_setenv ("HEAPSCOPE_LIBEXECDIR", old_libexecdir, TRUE);
  g_unsetenv ("HEAPSCOPE_SAMPLER");
  gtk_window_destroy (window);
  hs_test_iterate_for (50);
  g_assert_null (page);
  g_unlink (wrapper);
  g_unlink (probe.pid_file);
  g_rmdir (dir);
  g_free (probe.pid_file);
}

int
main (int   argc,
      char *argv[])
{
  const char *build_root = g_getenv ("HS_BUILD_ROOT");

  HS_TEST_REQUIRE_DISPLAY ();

  /* GL under ASan with full unwinding deadlocks when llvmpipe JITs a
   * shader (LLVM registers EH frames with libgcc's lock held, then
   * mallocs); the cairo renderer draws the same and avoids it. */
  g_setenv ("GSK_RENDERER", "cairo", FALSE);

  /* The helpers from this build tree, as `make run` does. */
  if (build_root != NULL)
    {
      g_autofree char *dirs = g_strdup_printf ("%s/src/demo:%s/src/probe", build_root, build_root);

      g_setenv ("HEAPSCOPE_LIBEXECDIR", dirs, FALSE);
    }

  g_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/processes-page/new-destroy", test_page_new_destroy);
  g_test_add ("/processes-page/list", Fixture, NULL, fixture_set_up, test_page_list, fixture_tear_down);
  g_test_add_func ("/processes-page/other-user-row", test_page_other_user_row);
  g_test_add ("/processes-page/unreadable", Fixture, NULL, fixture_set_up, test_page_unreadable, fixture_tear_down);
  g_test_add ("/processes-page/demo", Fixture, NULL, fixture_set_up, test_page_demo, fixture_tear_down);
  g_test_add ("/processes-page/sort-follows-updates", Fixture, NULL, fixture_set_up,
              test_page_sort_follows_updates, fixture_tear_down);
  g_test_add_func ("/processes-page/sort-batch", test_page_sort_batch);
  g_test_add ("/processes-page/session-outlives-view", Fixture, NULL, fixture_set_up,
              test_page_session_outlives_view, fixture_tear_down);
  g_test_add ("/processes-page/two-sessions", Fixture, NULL, fixture_set_up,
              test_page_two_sessions, fixture_tear_down);
  g_test_add ("/processes-page/close-session", Fixture, NULL, fixture_set_up,
              test_page_close_session, fixture_tear_down);
  g_test_add ("/processes-page/header-figures", Fixture, NULL, fixture_set_up,
              test_page_header_figures, fixture_tear_down);
  g_test_add ("/processes-page/sort-scrolls-to-top", Fixture, NULL, fixture_set_up,
              test_page_sort_scrolls_to_top, fixture_tear_down);
  g_test_add_func ("/processes-page/sampler-does-not-block", test_page_sampler_does_not_block);

  return g_test_run ();
}
