/* test-go-ui.c: the Go runtime in the window, against the real Go test
 * service (tests/gen/gometrics): its endpoints found from its PID and
 * offered, watched in the process's session next to RSS, watched by URL
 * alone, and failures said in words.
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include <adwaita.h>

#include "hs-chart.h"
#include "hs-go-source.h"
#include "hs-go-text.h"
#include "hs-line-layer.h"
#include "hs-mark-layer.h"
#include "hs-metric-picker.h"
#include "hs-monitor-view.h"
#include "hs-processes-page.h"
#include "hs-profile.h"
#include "hs-session.h"
#include "hs-test-go-service.h"
#include "hs-test-ui.h"

typedef struct
{
  GtkWindow       *window;
  HsProcessesPage *page;
  GoService       *svc;
  guint            n_wanted;
} Fixture;

/* @data: gometrics' extra flag, or NO_SERVICE for a test that watches
 * no Go service (it runs without go too). */
#define NO_SERVICE "no-service"

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  if (g_strcmp0 (data, NO_SERVICE) != 0)
    {
      f->svc = go_service_start_with (data);
      if (f->svc == NULL)
        return;
    }
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 900, 1400);
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
  if (f->window == NULL)
    return;
  gtk_window_destroy (f->window);
  hs_test_iterate_for (50);
  if (f->svc != NULL)
    go_service_stop (f->svc);
}

static HsGoSource *
find_go_source (HsSession *session)
{
  GPtrArray *sources = hs_session_get_sources (session);

  for (guint i = 0; i < sources->len; i++)
    if (HS_IS_GO_SOURCE (g_ptr_array_index (sources, i)))
      return g_ptr_array_index (sources, i);

  return NULL;
}

static HsChart *
find_chart (HsMonitorView *view,
            const char    *title)
{
  for (guint i = 0; i < hs_monitor_view_get_n_charts (view); i++)
    {
      HsChart *chart = hs_monitor_view_get_chart (view, i);

      if (g_strcmp0 (hs_chart_get_title (chart), title) == 0)
        return chart;
    }

  return NULL;
}

/* At each reading, the charted Go figures are the ones the endpoint
 * served for it. */
typedef struct
{
  HsSession *session;
  guint      checked;
  guint      with_gc;
} Check;

static void
on_reading (HsSession *session,
            HsSource  *from,
            HsReading *reading,
            Check     *check)
{
  const HsGoExpvar *expvar;
  static const struct { const char *id; HsGoMemstat field; } pairs[] = {
    { "go_heap_inuse", HS_GO_HEAP_INUSE },
    { "go_heap_alloc", HS_GO_HEAP_ALLOC },
    { "go_next_gc", HS_GO_NEXT_GC },
    { "go_num_gc", HS_GO_NUM_GC },
  };

  /* Each source's reading is appended as it comes. */
  if (!HS_IS_GO_SOURCE (from))
    return;
  expvar = hs_go_source_get_last_expvar (HS_GO_SOURCE (from));
  g_assert_nonnull (expvar);

  for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
    {
      HsSessionMetric *metric = hs_session_find_metric (session, pairs[i].id);
      double served = -1, charted = -1;
      gint64 t;

      g_assert_nonnull (metric);
      g_assert_true (hs_go_expvar_get (expvar, pairs[i].field, &served));
      g_assert_true (hs_series_get_last (hs_session_metric_get_series (metric), &t, &charted));
      g_assert_cmpfloat (charted, ==, served);
      if (pairs[i].field == HS_GO_NUM_GC && served > 0)
        check->with_gc++;
    }
  check->checked++;
}

static gboolean
has_offer (gpointer data)
{
  Fixture *f = data;
  HsMonitorView *view = hs_processes_page_get_monitor_view (f->page);

  return strstr (hs_monitor_view_get_go_message (view), "127.0.0.1:") != NULL;
}

static gboolean
has_go_metrics (gpointer data)
{
  return hs_session_find_metric (data, "go_heap_inuse") != NULL;
}

static gboolean
checked_three (gpointer data)
{
  return ((Check *) data)->checked >= 3;
}

static gboolean
has_rss_split (gpointer data)
{
  return g_str_has_prefix (hs_monitor_view_get_rss_note (data), "Each part is stacked");
}

static void
test_discover_and_watch (Fixture       *f,
                         gconstpointer  data)
{
  HsMonitorView *view;
  HsSession *session;
  g_autofree char *port = NULL;
  Check check = { 0 };
  const char *titles[] = { "Go heap", "Goroutines", "GC pauses", "GC count" };

  if (f->svc == NULL)
    return;

  hs_processes_page_attach (f->page, f->svc->pid);
  view = hs_processes_page_get_monitor_view (f->page);
  session = hs_processes_page_get_session (f->page);
  g_assert_nonnull (session);
  g_assert_null (find_go_source (session));

  /* Found from the PID alone: its listening port, probed. */
  g_assert_true (hs_test_iterate_until (has_offer, f, 20000));
  port = g_strdup_printf (":%u", f->svc->port);
  g_assert_nonnull (strstr (hs_monitor_view_get_go_message (view), port));
  g_assert_cmpstr (hs_monitor_view_get_go_url (view), ==, f->svc->url);
  g_assert_null (find_chart (view, "Go heap"));

  /* Accepted: the same session grows the Go metrics, the view their charts. */
  hs_monitor_view_watch_go (view, hs_monitor_view_get_go_url (view));
  g_assert_true (hs_test_iterate_until (has_go_metrics, session, 20000));
  g_assert_true (hs_processes_page_get_session (f->page) == session);
  g_assert_nonnull (hs_session_get_proc_source (session));
  g_assert_nonnull (find_go_source (session));
  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    g_assert_nonnull (find_chart (view, titles[i]));
  /* RSS keeps the first chart, the one with the room. */
  g_assert_cmpstr (hs_chart_get_title (hs_monitor_view_get_chart (view, 0)), ==, "Memory");
  /* Every line says what it is: the chart's tooltip names each metric. */
  {
    const char *tooltip = gtk_widget_get_tooltip_text (GTK_WIDGET (find_chart (view, "Go heap")));

    g_assert_nonnull (tooltip);
    g_assert_nonnull (strstr (tooltip, "Go HeapInuse: "));
    g_assert_nonnull (strstr (tooltip, "Go NextGC: "));
  }
  /* The offer goes once accepted. */
  g_assert_cmpstr (hs_monitor_view_get_go_message (view), ==, "");

  check.session = session;
  g_signal_connect (session, "reading", G_CALLBACK (on_reading), &check);
  g_assert_true (hs_test_iterate_until (checked_three, &check, 30000));
  g_signal_handlers_disconnect_by_data (session, &check);
  g_assert_cmpuint (check.with_gc, >, 0);

  /* "Where is my RSS?" from one smaps and one expvar reading, over RSS. */
  g_assert_nonnull (find_chart (view, "Where is my RSS?"));
  g_assert_true (hs_test_iterate_until (has_rss_split, view, 20000));
  g_test_message ("%s", hs_monitor_view_get_rss_note (view));
}

static gboolean
has_session_with_readings (gpointer data)
{
  Fixture *f = data;
  HsSession *session = hs_processes_page_get_session (f->page);

  return session != NULL && hs_session_get_n_readings (session) >= 2;
}

static void
test_url_session (Fixture       *f,
                  gconstpointer  data)
{
  HsMonitorView *view;
  HsSession *session;
  HsSessionMetric *goroutines;
  double value = 0;
  gint64 t;

  if (f->svc == NULL)
    return;

  hs_processes_page_watch_url (f->page, f->svc->url);
  g_assert_true (hs_test_iterate_until (has_session_with_readings, f, 30000));
  session = hs_processes_page_get_session (f->page);
  view = hs_processes_page_get_monitor_view (f->page);

  g_assert_null (hs_session_get_proc_source (session));
  g_assert_cmpint (hs_session_get_pid (session), ==, 0);
  g_assert_cmpstr (hs_session_get_title (session), ==, f->svc->url);
  g_assert_null (hs_processes_page_get_watch_url_error (f->page));
  goroutines = hs_session_find_metric (session, "go_goroutines");
  g_assert_nonnull (goroutines);
  g_assert_true (hs_series_get_last (hs_session_metric_get_series (goroutines), &t, &value));
  g_assert_cmpfloat (value, >=, 1);
  g_assert_nonnull (find_chart (view, "Go heap"));
  g_assert_nonnull (find_chart (view, "Goroutines"));
  /* Nothing to discover and already watched: no offer. */
  g_assert_cmpstr (hs_monitor_view_get_go_message (view), ==, "");
  /* No process here to read smaps of: no split, rather than a wrong one. */
  g_assert_null (find_chart (view, "Where is my RSS?"));
  g_assert_cmpuint (g_list_model_get_n_items (hs_processes_page_get_sessions (f->page)), ==, 1);
}

/* A port that was just free and is closed again: connections refused. */
static char *
refused_url (void)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GError) error = NULL;
  guint16 port;

  port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  g_socket_listener_close (listener);

  return g_strdup_printf ("http://127.0.0.1:%u", port);
}

static gboolean
has_url_error (gpointer data)
{
  return hs_processes_page_get_watch_url_error (data) != NULL;
}

static gboolean
has_go_error (gpointer data)
{
  return g_str_has_prefix (hs_monitor_view_get_go_message (data), "The Go runtime could not be watched: ");
}

static void
test_refused (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *url = refused_url ();
  HsMonitorView *view;
  HsSession *session;

  if (f->svc == NULL)
    return;

  /* By URL alone: no session, and why. */
  hs_processes_page_watch_url (f->page, url);
  g_assert_true (hs_test_iterate_until (has_url_error, f->page, 20000));
  g_test_message ("%s", hs_processes_page_get_watch_url_error (f->page));
  g_assert_true (g_str_has_prefix (hs_processes_page_get_watch_url_error (f->page),
                                   "The Go service could not be watched: "));
  g_assert_cmpuint (g_list_model_get_n_items (hs_processes_page_get_sessions (f->page)), ==, 0);

  /* In a process's monitor: the offer stays, with the reason, and the
   * session keeps its process metrics only. */
  hs_processes_page_attach (f->page, f->svc->pid);
  view = hs_processes_page_get_monitor_view (f->page);
  session = hs_processes_page_get_session (f->page);
  hs_monitor_view_watch_go (view, url);
  g_assert_true (hs_test_iterate_until (has_go_error, view, 20000));
  g_test_message ("%s", hs_monitor_view_get_go_message (view));
  g_assert_cmpuint (strlen (hs_monitor_view_get_go_message (view)),
                    >, strlen ("The Go runtime could not be watched: "));
  g_assert_null (find_go_source (session));
  g_assert_null (hs_session_find_metric (session, "go_heap_inuse"));
}

#define PLAIN_HTTP_WARNING \
  "Plain HTTP to another machine: anyone on the network can read these figures; use an SSH tunnel or https"

/* The Go bar warns about plain http to another machine, not about loopback
 * or https; the decision is core's hs_go_url_is_insecure(). */
static void
test_url_warning_bar (void)
{
  HsMonitorView *view = HS_MONITOR_VIEW (hs_monitor_view_new ());

  g_object_ref_sink (view);
  g_assert_cmpstr (hs_monitor_view_get_go_warning (view), ==, "");
  hs_monitor_view_set_go_url (view, "http://10.0.0.1:6060");
  g_assert_cmpstr (hs_monitor_view_get_go_warning (view), ==, PLAIN_HTTP_WARNING);
  hs_monitor_view_set_go_url (view, "http://127.0.0.1:6060");
  g_assert_cmpstr (hs_monitor_view_get_go_warning (view), ==, "");
  hs_monitor_view_set_go_url (view, "http://10.0.0.1:6060");
  hs_monitor_view_set_go_url (view, "https://example.org");
  g_assert_cmpstr (hs_monitor_view_get_go_warning (view), ==, "");
  g_assert_finalize_object (view);
}

static AdwMessageDialog *
find_message_dialog (void)
{
  g_autoptr(GListModel) toplevels = gtk_window_get_toplevels ();

  g_object_ref (toplevels);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (item))
        return ADW_MESSAGE_DIALOG (item);
    }
  return NULL;
}

/* The same warning in the Processes page's "Watch URL…" dialog. */
static void
test_url_warning_dialog (void)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  HsProcessesPage *page = g_object_new (HS_TYPE_PROCESSES_PAGE, NULL);
  AdwMessageDialog *dialog;
  GtkEditable *entry;
  GtkWidget *warning;

  gtk_window_set_child (window, GTK_WIDGET (page));
  gtk_window_present (window);
  g_assert_true (hs_test_iterate_until (hs_test_widget_is_mapped, page, 30000));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "processes.watch-url", NULL));
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  entry = g_object_get_data (G_OBJECT (dialog), "hs-entry");
  warning = g_object_get_data (G_OBJECT (dialog), "hs-warning");
  g_assert_nonnull (entry);
  g_assert_true (GTK_IS_LABEL (warning));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (warning)), ==, PLAIN_HTTP_WARNING);

  g_assert_false (gtk_widget_get_visible (warning));
  gtk_editable_set_text (entry, "http://10.0.0.1:6060");
  g_assert_true (gtk_widget_get_visible (warning));
  gtk_editable_set_text (entry, "http://127.0.0.1:6060");
  g_assert_false (gtk_widget_get_visible (warning));
  gtk_editable_set_text (entry, "https://example.org");
  g_assert_false (gtk_widget_get_visible (warning));

  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (window);
  hs_test_iterate_for (50);
}

static gboolean
has_captures (gpointer data)
{
  Fixture *f = data;

  return hs_monitor_view_get_n_captures (hs_processes_page_get_monitor_view (f->page)) >= f->n_wanted;
}

static void
test_capture (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GError) error = NULL;
  g_autoptr(HsProfile) profile = NULL;
  g_autoptr(HsSessionMark) mark = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *contents = NULL;
  HsMonitorView *view;
  HsSession *session;
  g_autoptr(GFile) file = NULL;
  gboolean has_inuse = FALSE;
  gint64 before, after;
  gsize length;

  if (f->svc == NULL)
    return;
  dir = g_dir_make_tmp ("hs-captures-XXXXXX", &error);
  g_assert_no_error (error);
  /* Not there yet: made on demand. */
  folder = g_build_filename (dir, "captures", NULL);
  g_settings_set_string (settings, "captures-folder", folder);

  hs_processes_page_watch_url (f->page, f->svc->url);
  g_assert_true (hs_test_iterate_until (has_session_with_readings, f, 30000));
  session = hs_processes_page_get_session (f->page);
  view = hs_processes_page_get_monitor_view (f->page);

  before = g_get_real_time ();
  f->n_wanted = 1;
  hs_monitor_view_capture (view, "heap");
  g_assert_true (hs_test_iterate_until (has_captures, f, 30000));
  after = g_get_real_time ();
  g_assert_true (g_str_has_prefix (hs_monitor_view_get_capture_path (view, 0), folder));
  g_assert_true (g_str_has_suffix (hs_monitor_view_get_capture_path (view, 0), ".pb.gz"));
  file = g_file_new_for_path (hs_monitor_view_get_capture_path (view, 0));
  profile = hs_profile_load_file (file, 0, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < hs_profile_get_n_sample_types (profile); i++)
    has_inuse |= g_str_equal (hs_profile_get_sample_type (profile, i), "inuse_space");
  g_assert_true (has_inuse);
  g_assert_cmpuint (g_list_model_get_n_items (hs_session_get_marks (session)), ==, 1);
  mark = g_list_model_get_item (hs_session_get_marks (session), 0);
  g_assert_cmpint (hs_session_mark_get_time (mark), >=, before - G_USEC_PER_SEC);
  g_assert_cmpint (hs_session_mark_get_time (mark), <=, after);
  /* Drawn on every chart of the session. */
  g_assert_cmpuint (hs_monitor_view_get_n_charts (view), >, 0);
  for (guint c = 0; c < hs_monitor_view_get_n_charts (view); c++)
    {
      HsChart *chart = hs_monitor_view_get_chart (view, c);
      guint n_marks = 0;

      for (guint l = 0; l < hs_chart_get_n_layers (chart); l++)
        if (HS_IS_MARK_LAYER (hs_chart_get_layer (chart, l)) &&
            hs_mark_layer_get_time (HS_MARK_LAYER (hs_chart_get_layer (chart, l))) == hs_session_mark_get_time (mark))
          n_marks++;
      g_assert_cmpuint (n_marks, ==, 1);
    }

  /* Goroutines: the profile and the ?debug=2 dump, one mark. */
  f->n_wanted = 3;
  hs_monitor_view_capture (view, "goroutine");
  g_assert_true (hs_test_iterate_until (has_captures, f, 30000));
  g_assert_true (g_str_has_suffix (hs_monitor_view_get_capture_path (view, 1), ".pb.gz"));
  g_assert_true (g_str_has_suffix (hs_monitor_view_get_capture_path (view, 2), ".txt"));
  g_assert_true (g_file_get_contents (hs_monitor_view_get_capture_path (view, 2), &contents, &length, &error));
  g_assert_nonnull (strstr (contents, "goroutine "));
  g_assert_true (g_file_test (hs_monitor_view_get_capture_path (view, 1), G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (g_list_model_get_n_items (hs_session_get_marks (session)), ==, 2);
  /* go1.19 serves no goroutineleak profile: not offered. */
  g_assert_false (hs_monitor_view_get_can_capture_leaks (view));

  for (guint i = 0; i < 3; i++)
    g_unlink (hs_monitor_view_get_capture_path (view, i));
  g_rmdir (folder);
  g_rmdir (dir);
  g_settings_reset (settings, "captures-folder");
}

static gboolean
has_readings_or_error (gpointer data)
{
  Fixture *f = data;

  return has_session_with_readings (f) || hs_processes_page_get_watch_url_error (f->page) != NULL;
}

/* Watches the test service by its URL. On a loaded machine (ASan, other
 * builds) the churning service may miss the first probe's 5 s timeout:
 * that is the endpoint being slow, not what these tests look at, so a
 * refusal is retried twice before it fails the test. */
static void
watch_service (Fixture *f)
{
  for (guint attempt = 0; attempt < 3; attempt++)
    {
      hs_processes_page_watch_url (f->page, f->svc->url);
      g_assert_true (hs_test_iterate_until (has_readings_or_error, f, 30000));
      if (has_session_with_readings (f))
        return;
      g_test_message ("attempt %u: %s", attempt, hs_processes_page_get_watch_url_error (f->page));
    }
  g_error ("%s", hs_processes_page_get_watch_url_error (f->page));
}

/* The series a chart draws under @label, or NULL. */
static HsSeries *
chart_series (HsChart    *chart,
              const char *label)
{
  for (guint l = 0; l < hs_chart_get_n_layers (chart); l++)
    {
      HsChartLayer *layer = hs_chart_get_layer (chart, l);

      if (HS_IS_LINE_LAYER (layer) && g_strcmp0 (hs_chart_layer_get_label (layer), label) == 0)
        return hs_line_layer_get_series (HS_LINE_LAYER (layer));
    }
  return NULL;
}

static GtkCheckButton *
find_check (GtkWidget  *widget,
            const char *label)
{
  if (GTK_IS_CHECK_BUTTON (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (gtk_check_button_get_label (GTK_CHECK_BUTTON (widget)), label) == 0)
    return GTK_CHECK_BUTTON (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkCheckButton *found = find_check (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

typedef struct
{
  HsMetricPicker *picker;
  const char     *label;
} FindCheck;

static gboolean
has_check (gpointer data)
{
  FindCheck *find = data;

  return find_check (GTK_WIDGET (find->picker), find->label) != NULL;
}

/* Picks @label in the open popover as a user would: search, then the
 * row's check button. */
static void
pick (HsMetricPicker *picker,
      const char     *search,
      const char     *label)
{
  FindCheck find = { picker, label };

  hs_metric_picker_set_search (picker, search);
  g_assert_cmpuint (hs_metric_picker_get_n_offered (picker), ==, 1);
  g_assert_cmpstr (hs_metric_get_label (hs_session_metric_get_metric (hs_metric_picker_get_offered (picker, 0))),
                   ==, label);
  g_assert_true (hs_test_iterate_until (has_check, &find, 10000));
  gtk_check_button_set_active (find_check (GTK_WIDGET (picker), label), TRUE);
  g_assert_true (hs_session_metric_get_picked (hs_metric_picker_get_offered (picker, 0)));
}

typedef struct
{
  HsSeries *expvar_series;   /* cache.hits (expvar), as charted */
  HsSeries *prom_series;     /* hs_ticks_total, as charted */
  guint     checked;
} PickCheck;

/* At each reading of the Go source, the picked series' last values are
 * what the endpoints served for it: /debug/vars' cache.hits and
 * /metrics' hs_ticks_total, parsed here from the bodies as they came. */
static void
on_picked_reading (HsSession *session,
                   HsSource  *from,
                   HsReading *reading,
                   PickCheck *check)
{
  const HsGoExpvar *expvar;
  GBytes *body;
  g_autoptr(GArray) samples = NULL;
  const HsPromSample *ticks;
  double served_hits = -1, charted = -1;
  gint64 t;

  if (!HS_IS_GO_SOURCE (from))
    return;
  expvar = hs_go_source_get_last_expvar (HS_GO_SOURCE (from));
  g_assert_nonnull (expvar);
  for (guint i = 0; i < expvar->extras->len; i++)
    if (g_str_equal (g_array_index (expvar->extras, HsGoExtra, i).id, "cache.hits"))
      served_hits = g_array_index (expvar->extras, HsGoExtra, i).value;
  g_assert_cmpfloat (served_hits, >=, 0);
  g_assert_true (hs_series_get_last (check->expvar_series, &t, &charted));
  g_assert_cmpfloat (charted, ==, served_hits);

  body = hs_go_source_get_last_body (HS_GO_SOURCE (from), HS_GO_ENDPOINT_METRICS);
  g_assert_nonnull (body);
  samples = hs_prom_parse (g_bytes_get_data (body, NULL), g_bytes_get_size (body), G_MAXSIZE, NULL);
  g_assert_nonnull (samples);
  ticks = hs_prom_find (samples, "hs_ticks_total", "");
  g_assert_nonnull (ticks);
  g_assert_true (hs_series_get_last (check->prom_series, &t, &charted));
  g_assert_cmpfloat (charted, ==, ticks->value);
  g_test_message ("reading %u: cache.hits %.0f, hs_ticks_total %.0f", check->checked, served_hits, ticks->value);
  check->checked++;
}

static gboolean
checked_two_picks (gpointer data)
{
  return ((PickCheck *) data)->checked >= 2;
}

static gboolean
popover_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

/* "Add Metric…" offers the numbers gometrics publishes besides the
 * runtime's, searchable; picking an expvar and a /metrics sample charts
 * them ("Picked metrics"), and each charted value equals what the
 * endpoint served at that reading. */
static void
test_pick_metric (Fixture       *f,
                  gconstpointer  data)
{
  HsMonitorView *view;
  HsSession *session;
  HsMetricPicker *picker;
  HsChart *chart;
  PickCheck check = { 0 };

  if (f->svc == NULL)
    return;
  watch_service (f);
  session = hs_processes_page_get_session (f->page);
  view = hs_processes_page_get_monitor_view (f->page);
  picker = hs_monitor_view_get_metric_picker (view);
  g_assert_null (find_chart (view, "Picked metrics"));

  /* Offered: only the program's own numbers, not the runtime's. */
  hs_metric_picker_set_search (picker, "");
  g_assert_cmpuint (hs_metric_picker_get_n_offered (picker), >=, 5);
  for (guint i = 0; i < hs_metric_picker_get_n_offered (picker); i++)
    g_assert_cmpuint (hs_session_metric_get_index (hs_metric_picker_get_offered (picker, i)), >=,
                      HS_GO_N_STANDARD_METRICS);
  hs_metric_picker_set_search (picker, "no such number");
  g_assert_cmpuint (hs_metric_picker_get_n_offered (picker), ==, 0);

  gtk_popover_popup (GTK_POPOVER (picker));
  g_assert_true (hs_test_iterate_until (popover_mapped, picker, 10000));
  pick (picker, "CACHE.HITS", "cache.hits (expvar)");
  pick (picker, "hs_ticks_total", "hs_ticks_total");
  gtk_popover_popdown (GTK_POPOVER (picker));

  chart = find_chart (view, "Picked metrics");
  g_assert_nonnull (chart);
  check.expvar_series = chart_series (chart, "cache.hits (expvar)");
  check.prom_series = chart_series (chart, "hs_ticks_total");
  g_assert_nonnull (check.expvar_series);
  g_assert_nonnull (check.prom_series);
  g_assert_true (check.expvar_series == hs_session_metric_get_series (hs_session_find_metric (session, "expvar.cache.hits")));

  g_signal_connect (session, "reading", G_CALLBACK (on_picked_reading), &check);
  g_assert_true (hs_test_iterate_until (checked_two_picks, &check, 30000));
  g_signal_handlers_disconnect_by_data (session, &check);
}

static gboolean
go_collapsed (gpointer data)
{
  return hs_monitor_view_get_go_collapsed (data);
}

static GtkButton *
find_button (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_BUTTON (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return GTK_BUTTON (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkButton *found = find_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A real process that is no Go service (sleep: no port at all): once
 * discovery has looked, the Go bar shrinks to one sentence saying so and
 * a button; the button brings the URL entry back. (The Go test service
 * keeps its full bar: discover-and-watch.) */
static void
test_not_go_collapsed (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) sleeper = NULL;
  HsMonitorView *view;
  GtkButton *button;

  sleeper = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, "sleep", "60", NULL);
  g_assert_no_error (error);
  hs_processes_page_attach (f->page, atoi (g_subprocess_get_identifier (sleeper)));
  view = hs_processes_page_get_monitor_view (f->page);
  g_assert_true (hs_test_iterate_until (go_collapsed, view, 20000));
  g_assert_cmpstr (hs_monitor_view_get_go_message (view), ==,
                   "Not a Go service with runtime endpoints: this process listens on no network port.");
  g_assert_null (find_button (GTK_WIDGET (view), "_Watch Go Runtime"));
  hs_test_iterate_for (100);
  button = find_button (GTK_WIDGET (view), "Watch a Go Service by _URL…");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  g_assert_false (hs_monitor_view_get_go_collapsed (view));
  hs_test_iterate_for (100);
  g_assert_nonnull (find_button (GTK_WIDGET (view), "_Watch Go Runtime"));

  g_subprocess_force_exit (sleeper);
  g_subprocess_wait (sleeper, NULL, NULL);
}

static gboolean
can_capture_leaks (gpointer data)
{
  return hs_monitor_view_get_can_capture_leaks (data);
}

/* gometrics -goroutineleak serves /debug/pprof/goroutineleak (a real
 * handler standing in for Go 1.26's): "Capture Leaked Goroutines" is
 * offered, and saves a real goroutine profile and its ?debug=2 dump,
 * listed as leaked goroutines and marked on the charts. */
static void
test_capture_leaks (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GError) error = NULL;
  g_autoptr(HsProfile) profile = NULL;
  g_autoptr(HsSessionMark) mark = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *base = NULL;
  HsMonitorView *view;
  HsSession *session;

  if (f->svc == NULL)
    return;
  dir = g_dir_make_tmp ("hs-captures-XXXXXX", &error);
  g_assert_no_error (error);
  g_settings_set_string (settings, "captures-folder", dir);

  watch_service (f);
  session = hs_processes_page_get_session (f->page);
  view = hs_processes_page_get_monitor_view (f->page);
  g_assert_true (hs_test_iterate_until (can_capture_leaks, view, 20000));

  f->n_wanted = 2;
  hs_monitor_view_capture (view, "goroutineleak");
  g_assert_true (hs_test_iterate_until (has_captures, f, 30000));
  base = g_path_get_basename (hs_monitor_view_get_capture_path (view, 0));
  g_assert_true (g_str_has_prefix (base, "goroutineleak-"));
  g_assert_true (g_str_has_suffix (base, ".pb.gz"));
  file = g_file_new_for_path (hs_monitor_view_get_capture_path (view, 0));
  profile = hs_profile_load_file (file, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (hs_profile_get_kind (profile), ==, HS_PROFILE_KIND_GOROUTINE);
  g_assert_true (g_file_get_contents (hs_monitor_view_get_capture_path (view, 1), &contents, NULL, &error));
  /* gometrics parks goroutines in main.parkForever: they are listed. */
  g_assert_nonnull (strstr (contents, "main.parkForever"));
  g_assert_cmpuint (g_list_model_get_n_items (hs_session_get_marks (session)), ==, 1);
  mark = g_list_model_get_item (hs_session_get_marks (session), 0);
  g_assert_cmpstr (hs_session_mark_get_label (mark), ==, "Leaked goroutines");

  for (guint i = 0; i < 2; i++)
    g_unlink (hs_monitor_view_get_capture_path (view, i));
  g_rmdir (dir);
  g_settings_reset (settings, "captures-folder");
}

int
main (int   argc,
      char *argv[])
{
  const char *build_root = g_getenv ("HS_BUILD_ROOT");

  HS_TEST_REQUIRE_DISPLAY ();

  /* See test-processes-page: GL under ASan deadlocks; cairo draws the same. */
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  if (build_root != NULL)
    {
      g_autofree char *dirs = g_strdup_printf ("%s/src/demo:%s/src/probe", build_root, build_root);

      g_setenv ("HEAPSCOPE_LIBEXECDIR", dirs, FALSE);
    }

  g_test_init (&argc, &argv, NULL);
  hs_test_scale_go_timeout ();
  adw_init ();
  /* Captures here are the ones each test asks for; test-verdict-ui
   * checks the automatic ones. */
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);

    g_settings_set_boolean (settings, "auto-capture", FALSE);
  }

  g_test_add ("/go-ui/discover-and-watch", Fixture, NULL, fixture_set_up,
              test_discover_and_watch, fixture_tear_down);
  g_test_add ("/go-ui/url-session", Fixture, NULL, fixture_set_up, test_url_session, fixture_tear_down);
  g_test_add_func ("/go-ui/url-warning-bar", test_url_warning_bar);
  g_test_add_func ("/go-ui/url-warning-dialog", test_url_warning_dialog);
  g_test_add ("/go-ui/capture", Fixture, NULL, fixture_set_up, test_capture, fixture_tear_down);
  g_test_add ("/go-ui/capture-leaks", Fixture, "-goroutineleak", fixture_set_up, test_capture_leaks,
              fixture_tear_down);
  g_test_add ("/go-ui/pick-metric", Fixture, NULL, fixture_set_up, test_pick_metric, fixture_tear_down);
  g_test_add ("/go-ui/not-go-collapsed", Fixture, NO_SERVICE, fixture_set_up, test_not_go_collapsed,
              fixture_tear_down);
  g_test_add ("/go-ui/refused", Fixture, NULL, fixture_set_up, test_refused, fixture_tear_down);

  return g_test_run ();
}
