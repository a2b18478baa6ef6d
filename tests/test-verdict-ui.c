/* test-verdict-ui.c: the leak verdicts in the monitor view, against real
 * processes (a growing heapscope-demo, the Go test service): the verdict
 * bar says what core says, each fitted trend is drawn on its chart, user
 * marks are added, drawn, listed and zoomed to.
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "hs-application.h"
#include "hs-chart.h"
#include "hs-compare-view.h"
#include "hs-local-sampler.h"
#include "hs-mark-layer.h"
#include "hs-monitor-view.h"
#include "hs-processes-page.h"
#include "hs-profiles-page.h"
#include "hs-session.h"
#include "hs-test-go-service.h"
#include "hs-test-ui.h"
#include "hs-trend-layer.h"
#include "hs-verdict-bar.h"
#include "hs-window.h"

static HsApplication *app;

/* Short enough for a test, long enough for 20 readings at 200 ms. */
#define TREND_WINDOW_S 4

typedef struct
{
  GtkWindow     *window;
  HsMonitorView *view;
  GSubprocess   *demo;
  HsSampler     *sampler;
  HsSession     *session;
  GSettings     *settings;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *path = hs_find_helper_program ("heapscope-demo");
  g_autoptr(HsProcSource) source = NULL;
  g_autoptr(GError) error = NULL;
  int pid;

  f->settings = g_settings_new (APP_ID);
  g_settings_set_uint (f->settings, "trend-window", TREND_WINDOW_S);

  g_assert_nonnull (path);
  /* 4 MiB/s kept: RSS leaks plainly within the window. */
  f->demo = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error, path, "--initial-mib=8",
                              "--rate-kib=4096", "--max-mib=400", "--threads=0", "--duration=60s", NULL);
  g_assert_no_error (error);
  pid = atoi (g_subprocess_get_identifier (f->demo));
  f->sampler = hs_local_sampler_new ();
  source = hs_proc_source_new (f->sampler, pid, HS_PROC_SOURCE_NONE);
  f->session = hs_session_new_full ("demo", 200, 3600);
  hs_session_add_source (f->session, HS_SOURCE (source));

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 900, 1200);
  f->view = HS_MONITOR_VIEW (hs_monitor_view_new ());
  gtk_window_set_child (f->window, GTK_WIDGET (f->view));
  gtk_window_present (f->window);
  g_assert_true (hs_test_iterate_until (hs_test_widget_is_mapped, f->view, 30000));
  hs_monitor_view_set_session (f->view, f->session);
  hs_session_start (f->session);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  hs_session_close (f->session);
  gtk_window_destroy (f->window);
  hs_test_iterate_for (50);
  g_clear_object (&f->session);
  g_clear_object (&f->sampler);
  g_subprocess_send_signal (f->demo, SIGTERM);
  g_subprocess_wait (f->demo, NULL, NULL);
  g_clear_object (&f->demo);
  g_settings_reset (f->settings, "trend-window");
  g_clear_object (&f->settings);
}

static gboolean
rss_is_leaking (gpointer data)
{
  Fixture *f = data;
  const HsVerdict *rss = hs_verdicts_find (hs_monitor_view_get_verdicts (f->view), "rss");

  return rss != NULL && rss->result.state == HS_TREND_LEAKING;
}

static HsTrendLayer *
find_trend_layer (HsChart *chart)
{
  for (guint l = 0; l < hs_chart_get_n_layers (chart); l++)
    if (HS_IS_TREND_LAYER (hs_chart_get_layer (chart, l)))
      return HS_TREND_LAYER (hs_chart_get_layer (chart, l));

  return NULL;
}

static void
test_verdict_bar (Fixture       *f,
                  gconstpointer  data)
{
  HsVerdicts *verdicts = hs_monitor_view_get_verdicts (f->view);
  g_autofree char *judging = NULL;
  g_autofree char *leaking = NULL;
  const HsVerdict *rss;
  HsTrendLayer *trend;
  gint64 t0, t1, f0, f1;
  double v0, v1, w0, w1;

  g_assert_nonnull (verdicts);
  g_assert_cmpint (hs_verdicts_get_window (verdicts), ==, TREND_WINDOW_S * G_USEC_PER_SEC);
  /* Before the window is covered: the bar says how far it is. */
  judging = hs_monitor_view_dup_verdict_text (f->view);
  g_assert_cmpstr (judging, ==, "RSS: judging, 0 of 4 s");

  g_assert_true (hs_test_iterate_until (rss_is_leaking, f, 30000));
  hs_test_iterate_for (20);
  leaking = hs_monitor_view_dup_verdict_text (f->view);
  g_test_message ("%s", leaking);
  /* Word for word what core says. */
  g_assert_cmpstr (leaking, ==, hs_verdicts_get_text (verdicts));
  g_assert_true (g_str_has_prefix (leaking, "RSS: leaking, +"));
  g_assert_nonnull (strstr (leaking, " MiB/min for "));

  /* The fitted line on the memory chart, red, where core fitted it. */
  rss = hs_verdicts_find (verdicts, "rss");
  trend = find_trend_layer (hs_monitor_view_get_chart (f->view, 0));
  g_assert_nonnull (trend);
  g_assert_true (hs_trend_layer_get_segment (trend, &t0, &v0, &t1, &v1));
  g_assert_true (hs_verdict_get_fit (rss, &f0, &w0, &f1, &w1));
  g_assert_cmpint (t0, ==, f0);
  g_assert_cmpint (t1, ==, f1);
  g_assert_cmpfloat (v0, ==, w0);
  g_assert_cmpfloat (v1, ==, w1);
  g_assert_cmpfloat (v1, >, v0);
  g_assert_cmpuint (hs_chart_layer_get_color (HS_CHART_LAYER (trend)), ==,
                    hs_verdict_bar_state_color (HS_TREND_LEAKING));
  g_assert_cmpstr (hs_chart_layer_get_label (HS_CHART_LAYER (trend)), ==, "RSS trend");
  /* Only on the chart of the metric judged. */
  for (guint c = 1; c < hs_monitor_view_get_n_charts (f->view); c++)
    g_assert_null (find_trend_layer (hs_monitor_view_get_chart (f->view, c)));

  /* A new window from the setting is taken at once. */
  g_settings_set_uint (f->settings, "trend-window", 600);
  g_assert_cmpint (hs_verdicts_get_window (verdicts), ==, 600 * G_USEC_PER_SEC);
  g_clear_pointer (&leaking, g_free);
  leaking = hs_monitor_view_dup_verdict_text (f->view);
  g_assert_cmpstr (leaking, ==, hs_verdicts_get_text (verdicts));
}

/* The Ctrl+M binding of the view's class, activated as a key press would. */
static gboolean
activate_shortcut (GtkWidget       *widget,
                   guint            keyval,
                   GdkModifierType  modifiers)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  g_autoptr(GtkShortcutTrigger) wanted = gtk_keyval_trigger_new (keyval, modifiers);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint k = 0; k < g_list_model_get_n_items (G_LIST_MODEL (controller)); k++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), k);

          if (gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), wanted))
            return gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, widget,
                                                 gtk_shortcut_get_arguments (shortcut));
        }
    }

  return FALSE;
}

static gboolean
has_readings (gpointer data)
{
  return hs_session_get_n_readings (data) >= 3;
}

static guint
count_marks_at (HsChart *chart,
                gint64   time)
{
  guint n = 0;

  for (guint l = 0; l < hs_chart_get_n_layers (chart); l++)
    if (HS_IS_MARK_LAYER (hs_chart_get_layer (chart, l)) &&
        hs_mark_layer_get_time (HS_MARK_LAYER (hs_chart_get_layer (chart, l))) == time)
      n++;

  return n;
}

static gboolean
mark_entry_has_focus (gpointer data)
{
  Fixture *f = data;
  GtkWidget *focus = gtk_window_get_focus (f->window);

  return *hs_monitor_view_get_mark_entry_text (f->view) != '\0' && focus != NULL &&
         gtk_widget_get_ancestor (focus, GTK_TYPE_POPOVER) != NULL &&
         gtk_widget_get_ancestor (focus, GTK_TYPE_ENTRY) != NULL;
}

static gboolean
mark_popover_is_closed (gpointer data)
{
  return *hs_monitor_view_get_mark_entry_text (data) == '\0';
}

static void
test_marks (Fixture       *f,
            gconstpointer  data)
{
  GListModel *marks = hs_session_get_marks (f->session);
  HsMarksList *list = hs_monitor_view_get_marks_list (f->view);
  HsTimeline *timeline = hs_monitor_view_get_timeline (f->view);
  g_autoptr(HsSessionMark) first = NULL;
  g_autoptr(HsSessionMark) second = NULL;
  g_autofree char *first_row = NULL;
  GtkEditable *entry;
  gint64 before, after, begin, end;

  g_assert_true (hs_test_iterate_until (has_readings, f->session, 20000));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (list)));
  g_assert_cmpstr (hs_monitor_view_get_mark_entry_text (f->view), ==, "");

  /* Ctrl+M opens the popover with a default name; Enter adds the mark. */
  g_assert_true (activate_shortcut (GTK_WIDGET (f->view), GDK_KEY_m, GDK_CONTROL_MASK));
  /* Shown, and the name's entry has the focus (slow under ASan). */
  g_assert_true (hs_test_iterate_until (mark_entry_has_focus, f, 10000));
  g_assert_cmpstr (hs_monitor_view_get_mark_entry_text (f->view), ==, "Mark 1");
  entry = GTK_EDITABLE (gtk_widget_get_ancestor (gtk_window_get_focus (f->window), GTK_TYPE_ENTRY));
  before = g_get_real_time ();
  /* As Enter does. */
  g_signal_emit_by_name (entry, "activate");
  after = g_get_real_time ();
  g_assert_true (hs_test_iterate_until (mark_popover_is_closed, f->view, 10000));
  g_assert_cmpuint (g_list_model_get_n_items (marks), ==, 1);
  first = g_list_model_get_item (marks, 0);
  g_assert_cmpstr (hs_session_mark_get_label (first), ==, "Mark 1");
  g_assert_cmpint (hs_session_mark_get_time (first), >=, before);
  g_assert_cmpint (hs_session_mark_get_time (first), <=, after);
  /* The popover closes. */
  g_assert_cmpstr (hs_monitor_view_get_mark_entry_text (f->view), ==, "");

  /* Drawn on every chart, listed with its time. */
  for (guint c = 0; c < hs_monitor_view_get_n_charts (f->view); c++)
    g_assert_cmpuint (count_marks_at (hs_monitor_view_get_chart (f->view, c), hs_session_mark_get_time (first)), ==, 1);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (list)));
  g_assert_cmpuint (hs_marks_list_get_n_rows (list), ==, 1);
  first_row = g_strdup (hs_marks_list_get_row_text (list, 0));
  g_assert_true (g_str_has_suffix (first_row, "  Mark 1"));
  g_assert_cmpuint (strlen (first_row), ==, strlen ("12:34:56  Mark 1"));

  /* A named one a moment later. */
  hs_test_iterate_for (1200);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "monitor.add-mark", NULL));
  g_assert_true (hs_test_iterate_until (mark_entry_has_focus, f, 10000));
  g_assert_cmpstr (hs_monitor_view_get_mark_entry_text (f->view), ==, "Mark 2");
  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_ancestor (gtk_window_get_focus (f->window), GTK_TYPE_ENTRY)),
                         "  load test  ");
  g_signal_emit_by_name (gtk_widget_get_ancestor (gtk_window_get_focus (f->window), GTK_TYPE_ENTRY), "activate");
  g_assert_true (hs_test_iterate_until (mark_popover_is_closed, f->view, 10000));
  g_assert_cmpuint (g_list_model_get_n_items (marks), ==, 2);
  second = g_list_model_get_item (marks, 1);
  g_assert_cmpstr (hs_session_mark_get_label (second), ==, "load test");
  g_assert_cmpuint (hs_marks_list_get_n_rows (list), ==, 2);
  for (guint c = 0; c < hs_monitor_view_get_n_charts (f->view); c++)
    g_assert_cmpuint (count_marks_at (hs_monitor_view_get_chart (f->view, c), hs_session_mark_get_time (second)), ==, 1);

  /* Two marks selected: the timeline shows from one to the other (at
   * least its narrowest span), and no longer follows the live edge. */
  g_assert_true (hs_timeline_get_following (timeline));
  hs_marks_list_select (list, 0, 1);
  g_assert_false (hs_timeline_get_following (timeline));
  g_assert_true (hs_timeline_get_visible_range (timeline, &begin, &end));
  g_assert_cmpint (begin, ==, hs_session_mark_get_time (first));
  g_assert_cmpint (end, ==, begin + MAX (HS_TIMELINE_MIN_SPAN,
                                         hs_session_mark_get_time (second) - hs_session_mark_get_time (first)));

  /* The newest alone: from it to the newest data. */
  hs_timeline_set_following (timeline, TRUE);
  hs_marks_list_select (list, 1, -1);
  g_assert_false (hs_timeline_get_following (timeline));
  g_assert_true (hs_timeline_get_visible_range (timeline, &begin, &end));
  g_assert_cmpint (begin, ==, hs_session_mark_get_time (second));

  /* And back to following live. */
  hs_timeline_set_following (timeline, TRUE);
  g_assert_true (hs_timeline_get_following (timeline));
}

typedef struct
{
  HsMonitorView  *view;
  HsProfilesPage *profiles;
  guint           n_wanted;
} AutoWait;

static gboolean
has_auto_captures (gpointer data)
{
  AutoWait *wait = data;

  /* Each automatic capture writes three files (heap, goroutine profile
   * and dump): wait for the newest one's. */
  return hs_monitor_view_get_n_auto_captures (wait->view) >= wait->n_wanted &&
         hs_monitor_view_get_n_captures (wait->view) >= 3 * 2 + 1;
}

static gboolean
has_compare (gpointer data)
{
  HsCompareView *compare = hs_profiles_page_get_last_compare (((AutoWait *) data)->profiles);

  return compare != NULL && hs_compare_view_get_ready (compare);
}

static gboolean
has_one_view (gpointer data)
{
  return hs_profiles_page_get_n_views (data) == 1;
}

static gboolean
is_auto_capture (const char *path)
{
  g_autofree char *name = g_path_get_basename (path);

  return strstr (name, "-auto-") != NULL;
}

static gboolean
has_manual_capture (gpointer data)
{
  AutoWait *wait = data;

  for (guint i = 0; i < hs_monitor_view_get_n_captures (wait->view); i++)
    if (!is_auto_capture (hs_monitor_view_get_capture_path (wait->view, i)))
      return TRUE;
  return FALSE;
}

static gboolean
has_readings_of_page (gpointer data)
{
  HsSession *session = hs_processes_page_get_session (data);

  return session != NULL && hs_session_get_n_readings (session) >= 2;
}

static gboolean
session_has_go (gpointer data)
{
  return hs_session_find_metric (data, "go_goroutines") != NULL &&
         hs_session_get_n_readings (data) >= 2;
}

/* Captures into @dir, judged over a short window, one newest kept. */
static void
set_capture_settings (GSettings  *settings,
                      const char *dir)
{
  g_settings_set_string (settings, "captures-folder", dir);
  g_settings_set_uint (settings, "trend-window", TREND_WINDOW_S);
  g_settings_set_uint (settings, "sample-interval", 200);
  g_settings_set_uint (settings, "auto-captures-kept", 1);
}

/* Deletes @dir and what was captured into it. */
static void
reset_capture_settings (GSettings  *settings,
                        const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
  g_settings_reset (settings, "captures-folder");
  g_settings_reset (settings, "trend-window");
  g_settings_reset (settings, "sample-interval");
  g_settings_reset (settings, "auto-captures-kept");
}

/* The Go test service keeps 1.6 MB/s and parks 20 goroutines/s: it is
 * captured at the start, then as its verdicts turn; only the first and
 * the newest automatic captures stay on the disk, a capture made by hand
 * is never deleted, and Compare First → Latest opens a Compare tab. */
static void
test_auto_capture (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("hs-verdict-ui-XXXXXX", &error);
  g_autofree char *manual = NULL;
  GoService *svc = go_service_start ();
  HsWindow *window;
  HsProcessesPage *page;
  HsSession *session;
  AutoWait wait = { 0 };
  HsCompareView *compare;
  g_autoptr(GDir) listing = NULL;
  const char *name;
  guint n_auto_files = 0, n_manual_files = 0;

  if (svc == NULL)
    return;
  g_assert_no_error (error);
  set_capture_settings (settings, dir);

  window = hs_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 900);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (hs_test_iterate_until (hs_test_widget_is_mapped, window, 20000));
  page = HS_PROCESSES_PAGE (hs_test_find_widget (GTK_WIDGET (window), HS_TYPE_PROCESSES_PAGE));
  wait.profiles = HS_PROFILES_PAGE (hs_test_find_widget (GTK_WIDGET (window), HS_TYPE_PROFILES_PAGE));
  g_assert_nonnull (page);
  g_assert_nonnull (wait.profiles);
  g_assert_true (hs_test_iterate_until (hs_test_processes_page_is_ready, page, 30000));

  hs_processes_page_watch_url (page, svc->url);
  wait.view = hs_processes_page_get_monitor_view (page);
  if (!hs_test_iterate_until (has_readings_of_page, page, 30000))
    g_error ("no readings: %s", hs_processes_page_get_watch_url_error (page) ? hs_processes_page_get_watch_url_error (page) : "no error");
  session = hs_processes_page_get_session (page);
  g_assert_true (hs_test_iterate_until (session_has_go, session, 30000));

  /* By hand, early: among the automatic ones, and kept. */
  hs_monitor_view_capture (wait.view, "heap");
  g_assert_true (hs_test_iterate_until (has_manual_capture, &wait, 30000));
  for (guint i = 0; i < hs_monitor_view_get_n_captures (wait.view); i++)
    if (!is_auto_capture (hs_monitor_view_get_capture_path (wait.view, i)))
      manual = g_strdup (hs_monitor_view_get_capture_path (wait.view, i));

  /* Start, then at least two turns (goroutines, RSS, the heap floor). */
  wait.n_wanted = 3;
  g_assert_true (hs_test_iterate_until (has_auto_captures, &wait, 60000));
  hs_test_iterate_for (200);
  {
    g_autofree char *text = hs_monitor_view_dup_verdict_text (wait.view);
    g_autoptr(HsSessionMark) first = g_list_model_get_item (hs_session_get_marks (session), 0);

    g_test_message ("%s", text);
    g_assert_cmpstr (hs_session_mark_get_label (first), ==, "Captured: start");
  }
  for (guint i = 0; i < g_list_model_get_n_items (hs_session_get_marks (session)); i++)
    {
      g_autoptr(HsSessionMark) mark = g_list_model_get_item (hs_session_get_marks (session), i);

      g_test_message ("mark %u: %s", i, hs_session_mark_get_label (mark));
    }

  /* Back to the list and to the session again: its verdicts and its
   * automatic captures are the session's, so no second "start". */
  {
    guint n_auto = hs_monitor_view_get_n_auto_captures (wait.view);
    HsVerdicts *verdicts = hs_monitor_view_get_verdicts (wait.view);
    guint n_starts = 0;

    gtk_widget_activate_action (GTK_WIDGET (page), "processes.back", NULL);
    g_assert_null (hs_monitor_view_get_verdicts (wait.view));
    hs_test_iterate_for (300);
    hs_processes_page_show_session (page, session);
    g_assert_true (hs_monitor_view_get_verdicts (wait.view) == verdicts);
    hs_test_iterate_for (300);
    g_assert_cmpuint (hs_monitor_view_get_n_auto_captures (wait.view), <=, n_auto + 1);
    for (guint i = 0; i < g_list_model_get_n_items (hs_session_get_marks (session)); i++)
      {
        g_autoptr(HsSessionMark) mark = g_list_model_get_item (hs_session_get_marks (session), i);

        n_starts += g_str_equal (hs_session_mark_get_label (mark), "Captured: start");
      }
    g_assert_cmpuint (n_starts, ==, 1);
  }

  /* On the disk: the first automatic capture and the newest (one kept),
   * three files each, and the one made by hand. */
  listing = g_dir_open (dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_test_message ("kept: %s", name);
      if (strstr (name, "-auto-") != NULL)
        n_auto_files++;
      else
        n_manual_files++;
    }
  g_assert_cmpuint (n_manual_files, ==, 1);
  g_assert_true (g_file_test (manual, G_FILE_TEST_IS_REGULAR));
  /* The newest may still be writing its goroutine dump. */
  g_assert_cmpuint (n_auto_files, >=, 5);
  g_assert_cmpuint (n_auto_files, <=, 6);
  /* The list shows what is on the disk. */
  for (guint i = 0; i < hs_monitor_view_get_n_captures (wait.view); i++)
    g_assert_true (g_file_test (hs_monitor_view_get_capture_path (wait.view, i), G_FILE_TEST_IS_REGULAR));

  /* One click: the first automatic capture on the Profiles page. */
  g_assert_true (hs_monitor_view_open_capture (wait.view, 0));
  g_assert_cmpstr (hs_window_get_page_name (window), ==, "profiles");
  g_assert_true (hs_test_iterate_until (has_one_view, wait.profiles, 20000));

  /* Compare First → Latest: a Compare tab on the two heap profiles. */
  g_assert_null (hs_profiles_page_get_last_compare (wait.profiles));
  g_assert_true (hs_monitor_view_compare_first_latest (wait.view));
  g_assert_true (hs_test_iterate_until (has_compare, &wait, 30000));
  compare = hs_profiles_page_get_last_compare (wait.profiles);
  g_test_message ("%s", hs_compare_view_get_title (compare));
  g_assert_true (g_str_has_prefix (hs_compare_view_get_title (compare), "heap-"));
  g_assert_nonnull (strstr (hs_compare_view_get_title (compare), "-auto-"));
  g_assert_nonnull (strstr (hs_compare_view_get_title (compare), " → heap-"));

  hs_session_close (session);
  gtk_window_destroy (GTK_WINDOW (window));
  hs_test_iterate_for (50);
  go_service_stop (svc);
  reset_capture_settings (settings, dir);
}

typedef struct
{
  const char *dir;
  HsSession  *session;
} UnseenWait;

/* Automatic heap profiles on the disk (the first and the newest are
 * kept), and the marks of two automatic captures on the session. */
static gboolean
has_unseen_captures (gpointer data)
{
  UnseenWait *wait = data;
  g_autoptr(GDir) listing = g_dir_open (wait->dir, 0, NULL);
  GListModel *marks = hs_session_get_marks (wait->session);
  guint n_heaps = 0, n_marks = 0;
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    n_heaps += g_str_has_prefix (name, "heap-") && strstr (name, "-auto-") != NULL;
  for (guint i = 0; i < g_list_model_get_n_items (marks); i++)
    {
      g_autoptr(HsSessionMark) mark = g_list_model_get_item (marks, i);

      n_marks += g_str_has_prefix (hs_session_mark_get_label (mark), "Captured: ");
    }
  return n_heaps >= 2 && n_marks >= 2;
}

/* A session the window no longer shows (here: the window is gone, the
 * session is the application's) still captures its Go service when its
 * verdicts turn: the session drives its captures, not the view. */
static void
test_auto_capture_unseen (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("hs-verdict-ui-XXXXXX", &error);
  g_autoptr(HsSession) session = NULL;
  GoService *svc = go_service_start ();
  HsWindow *window;
  HsProcessesPage *page;
  UnseenWait wait = { 0 };

  if (svc == NULL)
    return;
  g_assert_no_error (error);
  set_capture_settings (settings, dir);

  window = hs_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (hs_test_iterate_until (hs_test_widget_is_mapped, window, 20000));
  page = HS_PROCESSES_PAGE (hs_test_find_widget (GTK_WIDGET (window), HS_TYPE_PROCESSES_PAGE));
  g_assert_true (hs_test_iterate_until (hs_test_processes_page_is_ready, page, 30000));
  hs_processes_page_watch_url (page, svc->url);
  g_assert_true (hs_test_iterate_until (has_readings_of_page, page, 30000));
  session = g_object_ref (hs_processes_page_get_session (page));
  gtk_window_destroy (GTK_WINDOW (window));
  hs_test_iterate_for (50);
  g_assert_cmpint (hs_session_get_state (session), ==, HS_SESSION_RUNNING);

  wait.dir = dir;
  wait.session = session;
  g_assert_true (hs_test_iterate_until (has_unseen_captures, &wait, 60000));

  hs_session_close (session);
  hs_test_iterate_for (200);
  go_service_stop (svc);
  reset_capture_settings (settings, dir);
}

static void
on_activate (GApplication *application,
             int          *status)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  /* Keep the application alive while the tests open and close windows. */
  g_application_hold (application);
  *status = g_test_run ();
  while (g_list_model_get_n_items (toplevels) > 0)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, 0);

      gtk_window_destroy (window);
    }
  g_application_release (application);
  g_application_quit (application);
}

int
main (int   argc,
      char *argv[])
{
  int status = 1;

  HS_TEST_REQUIRE_DISPLAY ();

  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_test_init (&argc, &argv, NULL);
  hs_test_scale_go_timeout ();
  adw_init ();

  g_test_add ("/verdict-ui/verdict-bar", Fixture, NULL, fixture_set_up, test_verdict_bar, fixture_tear_down);
  g_test_add ("/verdict-ui/marks", Fixture, NULL, fixture_set_up, test_marks, fixture_tear_down);
  g_test_add_func ("/verdict-ui/auto-capture", test_auto_capture);
  g_test_add_func ("/verdict-ui/auto-capture-unseen", test_auto_capture_unseen);

  /* Compare and open need an HsWindow, which needs a running application. */
  app = hs_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "activate", G_CALLBACK (on_activate), &status);
  g_application_run (G_APPLICATION (app), 0, NULL);
  g_clear_object (&app);

  return status;
}
