/* hs-session-captures.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-session-captures"

#include "config.h"

#include <errno.h>
#include <math.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "hs-auto-capture.h"
#include "hs-go-capture.h"
#include "hs-go-source.h"
#include "hs-session-captures.h"
#include "hs-verdicts.h"

/* One file saved. */
typedef struct
{
  char      *path;
  char      *kind;
  GDateTime *time;
  guint      event;     /* its AutoEvent's id; 0: captured by hand */
} CaptureFile;

/* One automatic capture: a heap profile and the goroutines, taken
 * together for one reason. */
typedef struct
{
  guint      id;
  GPtrArray *paths;      /* char *: the files written */
  char      *heap_path;  /* the heap profile, once written */
  gboolean   deleted;    /* pruned: its files are gone */
} AutoEvent;

/* One request in flight (a goroutine capture is two: the profile, then
 * the readable dump). It keeps the session, and so this, alive. */
typedef struct
{
  HsSessionCaptures *self;
  HsSession         *session;
  char              *kind;
  char              *base_url;
  char              *folder;
  char              *name;
  GDateTime         *time;
  int                debug;   /* of the request in flight */
  guint              event;   /* AutoEvent id; 0: asked for by hand */
} Job;

struct _HsSessionCaptures
{
  GObject        parent_instance;

  /* Borrowed: the session owns this (a reference back would be a cycle),
   * and its verdicts live as long as it. */
  HsSession     *session;
  HsVerdicts    *verdicts;

  /* Owned */
  HsAutoCapture *policy;
  GPtrArray     *events;   /* of AutoEvent, oldest first */
  GPtrArray     *files;    /* of CaptureFile, oldest first */
  GCancellable  *cancellable;
  char          *folder;
  guint          kept;
  guint          serial;
  gboolean       auto_enabled;
};

G_DEFINE_FINAL_TYPE (HsSessionCaptures, hs_session_captures, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_AUTO,
  PROP_FOLDER,
  PROP_KEPT,
  N_PROPS
};

enum {
  ADDED,
  REMOVED,
  FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void maybe_auto_capture (HsSessionCaptures *self);

static void
capture_file_free (gpointer data)
{
  CaptureFile *file = data;

  g_free (file->path);
  g_free (file->kind);
  g_date_time_unref (file->time);
  g_free (file);
}

static void
auto_event_free (gpointer data)
{
  AutoEvent *event = data;

  g_ptr_array_unref (event->paths);
  g_free (event->heap_path);
  g_free (event);
}

static void
job_free (Job *job)
{
  g_object_unref (job->self);
  g_object_unref (job->session);
  g_free (job->kind);
  g_free (job->base_url);
  g_free (job->folder);
  g_free (job->name);
  g_date_time_unref (job->time);
  g_free (job);
}

const char *
hs_session_captures_kind_title (const char *kind)
{
  g_return_val_if_fail (kind != NULL, NULL);

  if (g_str_equal (kind, "heap"))
    return _("Heap");
  if (g_str_equal (kind, "goroutineleak"))
    return _("Leaked goroutines");
  return _("Goroutines");
}

static void
on_session_state (HsSessionCaptures *self)
{
  /* Closed for good: what is in flight is dropped. */
  if (hs_session_get_state (self->session) == HS_SESSION_CLOSED)
    g_cancellable_cancel (self->cancellable);
}

/**
 * hs_session_captures_get_for_session:
 *
 * The captures that live as long as @session, made on first use (with
 * `auto` off), with the session's verdicts
 * (hs_verdicts_get_for_session()).
 *
 * Returns: (transfer none)
 */
HsSessionCaptures *
hs_session_captures_get_for_session (HsSession *session)
{
  HsSessionCaptures *self;

  g_return_val_if_fail (HS_IS_SESSION (session), NULL);

  self = g_object_get_data (G_OBJECT (session), "hs-session-captures");
  if (self != NULL)
    return self;

  self = g_object_new (HS_TYPE_SESSION_CAPTURES, NULL);
  self->session = session;
  self->verdicts = hs_verdicts_get_for_session (session, HS_TREND_DEFAULT_WINDOW_USEC);
  g_signal_connect_object (self->verdicts, "changed", G_CALLBACK (maybe_auto_capture), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::state", G_CALLBACK (on_session_state), self,
                           G_CONNECT_SWAPPED);
  g_object_set_data_full (G_OBJECT (session), "hs-session-captures", self, g_object_unref);
  return self;
}

HsSession *
hs_session_captures_get_session (HsSessionCaptures *self)
{
  g_return_val_if_fail (HS_IS_SESSION_CAPTURES (self), NULL);

  return self->session;
}

gboolean
hs_session_captures_get_auto (HsSessionCaptures *self)
{
  g_return_val_if_fail (HS_IS_SESSION_CAPTURES (self), FALSE);

  return self->auto_enabled;
}

void
hs_session_captures_set_auto (HsSessionCaptures *self,
                              gboolean           enabled)
{
  g_return_if_fail (HS_IS_SESSION_CAPTURES (self));

  enabled = !!enabled;
  if (self->auto_enabled == enabled)
    return;
  self->auto_enabled = enabled;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTO]);
}

const char *
hs_session_captures_get_folder (HsSessionCaptures *self)
{
  g_return_val_if_fail (HS_IS_SESSION_CAPTURES (self), NULL);

  return self->folder;
}

void
hs_session_captures_set_folder (HsSessionCaptures *self,
                                const char        *folder)
{
  g_return_if_fail (HS_IS_SESSION_CAPTURES (self));

  if (g_strcmp0 (self->folder, folder) == 0)
    return;
  g_free (self->folder);
  self->folder = g_strdup (folder);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLDER]);
}

guint
hs_session_captures_get_kept (HsSessionCaptures *self)
{
  g_return_val_if_fail (HS_IS_SESSION_CAPTURES (self), 0);

  return self->kept;
}

void
hs_session_captures_set_kept (HsSessionCaptures *self,
                              guint              kept)
{
  g_return_if_fail (HS_IS_SESSION_CAPTURES (self));

  kept = CLAMP (kept, 1, 100);
  if (self->kept == kept)
    return;
  self->kept = kept;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEPT]);
}

guint
hs_session_captures_get_n_files (HsSessionCaptures *self)
{
  g_return_val_if_fail (HS_IS_SESSION_CAPTURES (self), 0);

  return self->files->len;
}

static CaptureFile *
get_file (HsSessionCaptures *self,
          guint              index)
{
  g_return_val_if_fail (HS_IS_SESSION_CAPTURES (self), NULL);
  g_return_val_if_fail (index < self->files->len, NULL);

  return g_ptr_array_index (self->files, index);
}

const char *
hs_session_captures_get_path (HsSessionCaptures *self,
                              guint              index)
{
  CaptureFile *file = get_file (self, index);

  return file != NULL ? file->path : NULL;
}

const char *
hs_session_captures_get_kind (HsSessionCaptures *self,
                              guint              index)
{
  CaptureFile *file = get_file (self, index);

  return file != NULL ? file->kind : NULL;
}

GDateTime *
hs_session_captures_get_time (HsSessionCaptures *self,
                              guint              index)
{
  CaptureFile *file = get_file (self, index);

  return file != NULL ? file->time : NULL;
}

gboolean
hs_session_captures_get_automatic (HsSessionCaptures *self,
                                   guint              index)
{
  CaptureFile *file = get_file (self, index);

  return file != NULL && file->event != 0;
}

guint
hs_session_captures_get_n_auto (HsSessionCaptures *self)
{
  g_return_val_if_fail (HS_IS_SESSION_CAPTURES (self), 0);

  return self->events->len;
}

gboolean
hs_session_captures_get_first_and_latest (HsSessionCaptures  *self,
                                          const char        **first,
                                          const char        **latest)
{
  g_return_val_if_fail (HS_IS_SESSION_CAPTURES (self), FALSE);
  g_return_val_if_fail (first != NULL && latest != NULL, FALSE);

  *first = *latest = NULL;
  for (guint i = 0; i < self->events->len; i++)
    {
      AutoEvent *event = g_ptr_array_index (self->events, i);

      if (event->deleted || event->heap_path == NULL)
        continue;
      if (*first == NULL)
        *first = event->heap_path;
      else
        *latest = event->heap_path;
    }

  return *first != NULL && *latest != NULL;
}

static AutoEvent *
find_auto_event (HsSessionCaptures *self,
                 guint              id)
{
  for (guint i = 0; i < self->events->len; i++)
    if (((AutoEvent *) g_ptr_array_index (self->events, i))->id == id)
      return g_ptr_array_index (self->events, i);

  return NULL;
}

static void
remove_file (HsSessionCaptures *self,
             const char        *path)
{
  for (guint i = 0; i < self->files->len; i++)
    if (g_str_equal (((CaptureFile *) g_ptr_array_index (self->files, i))->path, path))
      {
        g_ptr_array_remove_index (self->files, i);
        g_signal_emit (self, signals[REMOVED], 0, i);
        return;
      }
}

/* Keeps the first automatic capture and the newest `kept`; older
 * automatic ones are deleted from the disk. Captures made by hand are
 * never events. */
static void
prune_auto_captures (HsSessionCaptures *self)
{
  for (guint i = 0; i < self->events->len; i++)
    {
      AutoEvent *event = g_ptr_array_index (self->events, i);

      if (event->deleted || hs_auto_capture_keeps (i, self->events->len, self->kept))
        continue;
      for (guint k = 0; k < event->paths->len; k++)
        {
          const char *path = g_ptr_array_index (event->paths, k);

          if (g_unlink (path) != 0 && errno != ENOENT)
            g_warning ("Could not delete the automatic capture %s: %s", path, g_strerror (errno));
          remove_file (self, path);
        }
      g_ptr_array_set_size (event->paths, 0);
      g_clear_pointer (&event->heap_path, g_free);
      event->deleted = TRUE;
    }
}

static void start_request (Job *job);

static void
on_captured (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Job *job = user_data;
  HsSessionCaptures *self = job->self;
  g_autoptr(HsProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *file_name = NULL;
  CaptureFile *file;

  profile = hs_go_capture_finish (result, NULL, NULL, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      job_free (job);
      return;
    }
  if (profile == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The capture failed: %s"), error->message);

      g_signal_emit (self, signals[FAILED], 0, message);
      job_free (job);
      return;
    }

  file_name = hs_go_capture_file_name (job->kind, job->name, job->time, job->debug);
  path = g_build_filename (job->folder, file_name, NULL);
  if (job->event != 0)
    {
      AutoEvent *event = find_auto_event (self, job->event);

      /* Pruned while it was in flight. */
      if (event == NULL || event->deleted)
        {
          g_unlink (path);
          job_free (job);
          return;
        }
      g_ptr_array_add (event->paths, g_strdup (path));
      if (g_str_equal (job->kind, "heap"))
        event->heap_path = g_strdup (path);
    }

  file = g_new0 (CaptureFile, 1);
  file->path = g_strdup (path);
  file->kind = g_strdup (job->kind);
  file->time = g_date_time_ref (job->time);
  file->event = job->event;
  g_ptr_array_add (self->files, file);
  g_signal_emit (self, signals[ADDED], 0, self->files->len - 1);

  /* A capture by hand marks the charts once, with its kind; an automatic
   * one was marked with its reason when it was decided. */
  if (job->debug == 0 && job->event == 0)
    hs_session_add_mark (job->session, g_date_time_to_unix (job->time) * G_USEC_PER_SEC +
                                       g_date_time_get_microsecond (job->time),
                         hs_session_captures_kind_title (job->kind));
  /* Goroutines (leaked or all): the binary profile, then the readable dump. */
  if (!g_str_equal (job->kind, "heap") && job->debug == 0)
    {
      job->debug = 2;
      start_request (job);
      return;
    }
  job_free (job);
}

static void
start_request (Job *job)
{
  g_autofree char *file_name = hs_go_capture_file_name (job->kind, job->name, job->time, job->debug);
  g_autofree char *path = g_build_filename (job->folder, file_name, NULL);

  hs_go_capture_async (job->base_url, job->kind, g_str_equal (job->kind, "heap"), job->debug, path,
                       job->self->cancellable, on_captured, job);
}

/* @event: an AutoEvent's id, or 0 for a capture asked for by hand. */
static void
start_capture (HsSessionCaptures *self,
               const char        *kind,
               guint              event)
{
  HsGoSource *source = hs_session_get_go_source (self->session);
  Job *job;

  if (source == NULL)
    return;
  job = g_new0 (Job, 1);
  job->self = g_object_ref (self);
  job->session = g_object_ref (self->session);
  job->kind = g_strdup (kind);
  job->event = event;
  job->base_url = g_strdup (hs_go_source_get_url (source));
  job->folder = hs_go_capture_folder (self->folder);
  /* Automatic captures are named apart, so that no pruning can ever
   * touch a file the user captured in the same second. */
  job->name = event != 0 ? g_strconcat (hs_session_get_title (self->session), "-auto", NULL) :
                           g_strdup (hs_session_get_title (self->session));
  job->time = g_date_time_new_now_local ();
  if (g_mkdir_with_parents (job->folder, 0700) != 0)
    {
      int saved_errno = errno;
      g_autofree char *message = g_strdup_printf (_("The captures folder “%s” could not be created: %s"),
                                                  job->folder, g_strerror (saved_errno));

      g_signal_emit (self, signals[FAILED], 0, message);
      job_free (job);
      return;
    }
  start_request (job);
}

void
hs_session_captures_capture (HsSessionCaptures *self,
                             const char        *kind)
{
  g_return_if_fail (HS_IS_SESSION_CAPTURES (self));
  g_return_if_fail (kind != NULL);

  start_capture (self, kind, 0);
}

static char *
auto_mark_label (HsSessionCaptures   *self,
                 HsAutoCaptureReason  reason,
                 const char          *metric_id)
{
  const HsVerdict *verdict = metric_id != NULL ? hs_verdicts_find (self->verdicts, metric_id) : NULL;

  switch (reason)
    {
    case HS_AUTO_CAPTURE_TURNED:
      if (verdict != NULL && verdict->result.state == HS_TREND_LEAKING)
        /* Translators: a mark's label, "Captured: Goroutines leaking" */
        return g_strdup_printf (_("Captured: %s leaking"), hs_metric_get_label (verdict->shown));
      if (verdict != NULL)
        /* Translators: a mark's label, "Captured: RSS growing" */
        return g_strdup_printf (_("Captured: %s growing"), hs_metric_get_label (verdict->shown));
      return g_strdup (_("Captured: growth"));
    case HS_AUTO_CAPTURE_FLOOR_ROSE:
      return g_strdup (_("Captured: Go heap floor rose"));
    case HS_AUTO_CAPTURE_START:
    case HS_AUTO_CAPTURE_NONE:
    default:
      return g_strdup (_("Captured: start"));
    }
}

/* Catching a leak in the act: with a Go source, the session's verdicts
 * decide (HsAutoCapture) when to capture the heap and goroutines
 * unasked. Never two closer than half a trend window (at most 30 s):
 * a verdict cannot honestly change faster. */
static void
maybe_auto_capture (HsSessionCaptures *self)
{
  g_autofree const char **ids = NULL;
  g_autofree HsTrendState *states = NULL;
  g_autofree char *label = NULL;
  const HsVerdict *floor_verdict;
  const char *metric = NULL;
  HsAutoCaptureReason reason;
  AutoEvent *event;
  double heap_floor = NAN;
  guint n;

  if (!self->auto_enabled || hs_session_get_go_source (self->session) == NULL ||
      hs_session_get_state (self->session) != HS_SESSION_RUNNING)
    return;

  hs_auto_capture_set_min_gap (self->policy,
                               CLAMP (hs_verdicts_get_window (self->verdicts) / 2,
                                      G_USEC_PER_SEC, HS_AUTO_CAPTURE_DEFAULT_MIN_GAP_USEC));
  n = hs_verdicts_get_n_verdicts (self->verdicts);
  ids = g_new0 (const char *, MAX (n, 1));
  states = g_new0 (HsTrendState, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      const HsVerdict *verdict = hs_verdicts_get_verdict (self->verdicts, i);

      ids[i] = hs_session_metric_get_id (verdict->metric);
      states[i] = verdict->result.state;
    }
  floor_verdict = hs_verdicts_find (self->verdicts, "go_heap_alloc");
  if (floor_verdict != NULL && floor_verdict->result.state != HS_TREND_UNKNOWN)
    heap_floor = floor_verdict->result.value_at_end;

  reason = hs_auto_capture_decide (self->policy, (const char * const *) ids, states, n,
                                   heap_floor, g_get_monotonic_time (), &metric);
  if (reason == HS_AUTO_CAPTURE_NONE)
    return;

  event = g_new0 (AutoEvent, 1);
  event->id = ++self->serial;
  event->paths = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->events, event);
  label = auto_mark_label (self, reason, metric);
  hs_session_add_mark (self->session, g_get_real_time (), label);
  start_capture (self, "heap", event->id);
  start_capture (self, "goroutine", event->id);
  prune_auto_captures (self);
}

static void
hs_session_captures_dispose (GObject *object)
{
  HsSessionCaptures *self = (HsSessionCaptures *) object;

  g_cancellable_cancel (self->cancellable);

  G_OBJECT_CLASS (hs_session_captures_parent_class)->dispose (object);
}

static void
hs_session_captures_finalize (GObject *object)
{
  HsSessionCaptures *self = (HsSessionCaptures *) object;

  hs_auto_capture_free (self->policy);
  g_ptr_array_unref (self->events);
  g_ptr_array_unref (self->files);
  g_clear_object (&self->cancellable);
  g_free (self->folder);

  G_OBJECT_CLASS (hs_session_captures_parent_class)->finalize (object);
}

static void
hs_session_captures_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  HsSessionCaptures *self = HS_SESSION_CAPTURES (object);

  switch (prop_id)
    {
    case PROP_AUTO:
      g_value_set_boolean (value, self->auto_enabled);
      break;
    case PROP_FOLDER:
      g_value_set_string (value, self->folder);
      break;
    case PROP_KEPT:
      g_value_set_uint (value, self->kept);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hs_session_captures_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  HsSessionCaptures *self = HS_SESSION_CAPTURES (object);

  switch (prop_id)
    {
    case PROP_AUTO:
      hs_session_captures_set_auto (self, g_value_get_boolean (value));
      break;
    case PROP_FOLDER:
      hs_session_captures_set_folder (self, g_value_get_string (value));
      break;
    case PROP_KEPT:
      hs_session_captures_set_kept (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hs_session_captures_class_init (HsSessionCapturesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hs_session_captures_dispose;
  object_class->finalize = hs_session_captures_finalize;
  object_class->get_property = hs_session_captures_get_property;
  object_class->set_property = hs_session_captures_set_property;

  properties[PROP_AUTO] =
    g_param_spec_boolean ("auto", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FOLDER] =
    g_param_spec_string ("folder", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_KEPT] =
    g_param_spec_uint ("kept", NULL, NULL, 1, 100, HS_SESSION_CAPTURES_DEFAULT_KEPT,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[ADDED] = g_signal_new ("added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  signals[REMOVED] = g_signal_new ("removed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  signals[FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
hs_session_captures_init (HsSessionCaptures *self)
{
  self->policy = hs_auto_capture_new ();
  self->events = g_ptr_array_new_with_free_func (auto_event_free);
  self->files = g_ptr_array_new_with_free_func (capture_file_free);
  self->cancellable = g_cancellable_new ();
  self->kept = HS_SESSION_CAPTURES_DEFAULT_KEPT;
}
