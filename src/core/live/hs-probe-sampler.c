/* hs-probe-sampler.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-probe-sampler"

#include "config.h"

#include <errno.h>
#include <gio/gunixinputstream.h>
#include <gio/gunixoutputstream.h>
#include <pthread.h>
#include <signal.h>
#include <glib/gi18n-lib.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hs-probe-sampler.h"
#include "hs-sampler-private.h"

#define PROBE_PROTOCOL_VERSION 1
/* Generous: a list on a busy host reads thousands of files. */
#define PROBE_TIMEOUT_MS 10000

struct _HsProbeSampler
{
  HsSampler     parent_instance;

  /* Owned */
  GSubprocess  *subprocess;
  GOutputStream *stdin_pipe;
  int           stdout_fd;
  GString      *buffer;
  char         *probe_name;
  gboolean      dead;
};

G_DEFINE_FINAL_TYPE (HsProbeSampler, hs_probe_sampler, HS_TYPE_SAMPLER)

static void
set_dead (HsProbeSampler  *self,
          GError         **error,
          const char      *why)
{
  self->dead = TRUE;
  g_set_error (error, HS_SAMPLER_ERROR, HS_SAMPLER_ERROR_PROBE_FAILED,
               _("The helper heapscope-probe (%s) %s"), self->probe_name, why);
}

/* One line from the probe, without the newline; waits at most
 * PROBE_TIMEOUT_MS for it. */
static char *
read_line (HsProbeSampler  *self,
           GError         **error)
{
  gint64 deadline = g_get_monotonic_time () + PROBE_TIMEOUT_MS * G_TIME_SPAN_MILLISECOND;

  for (;;)
    {
      char *newline = memchr (self->buffer->str, '\n', self->buffer->len);
      struct pollfd pfd = { self->stdout_fd, POLLIN, 0 };
      char chunk[65536];
      gint64 remaining;
      ssize_t n;
      int ret;

      if (newline != NULL)
        {
          gsize len = (gsize) (newline - self->buffer->str);
          char *line = g_strndup (self->buffer->str, len);

          g_string_erase (self->buffer, 0, (gssize) len + 1);
          return line;
        }

      remaining = (deadline - g_get_monotonic_time ()) / G_TIME_SPAN_MILLISECOND;
      if (remaining <= 0)
        {
          set_dead (self, error, _("did not answer within 10 seconds"));
          return NULL;
        }

      ret = poll (&pfd, 1, (int) remaining);
      if (ret < 0 && errno == EINTR)
        continue;
      if (ret == 0)
        continue;
      if (ret < 0)
        {
          set_dead (self, error, g_strerror (errno));
          return NULL;
        }

      n = read (self->stdout_fd, chunk, sizeof chunk);
      if (n < 0 && (errno == EINTR || errno == EAGAIN))
        continue;
      if (n <= 0)
        {
          set_dead (self, error, _("stopped unexpectedly"));
          return NULL;
        }
      g_string_append_len (self->buffer, chunk, n);
    }
}

/* Writes all of @buf to the probe's stdin. A probe that died must give
 * EPIPE, not a SIGPIPE that kills the app: block the signal in this
 * thread for the write and swallow the one the write raised. */
static int
write_all_nosigpipe (int         fd,
                     const char *buf,
                     gsize       len)
{
  sigset_t pipe_set, old_set, pending;
  gboolean was_pending;
  int err = 0;

  sigemptyset (&pipe_set);
  sigaddset (&pipe_set, SIGPIPE);
  pthread_sigmask (SIG_BLOCK, &pipe_set, &old_set);
  sigpending (&pending);
  was_pending = sigismember (&pending, SIGPIPE);

  while (len > 0)
    {
      ssize_t n = write (fd, buf, len);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          err = errno;
          break;
        }
      buf += n;
      len -= (gsize) n;
    }

  if (err == EPIPE && !was_pending)
    {
      const struct timespec zero = { 0, 0 };

      sigtimedwait (&pipe_set, NULL, &zero);
    }
  pthread_sigmask (SIG_SETMASK, &old_set, NULL);
  return err;
}

/* Sends @request and returns the first reply line's payload after "ok ";
 * an "err KIND message" reply becomes a GError. */
static char *
round_trip (HsProbeSampler  *self,
            const char      *request,
            int              pid,
            const char      *file,
            GError         **error)
{
  g_autofree char *line = NULL;
  int err;

  if (self->dead)
    {
      set_dead (self, error, _("is not running"));
      return NULL;
    }

  err = write_all_nosigpipe (g_unix_output_stream_get_fd (G_UNIX_OUTPUT_STREAM (self->stdin_pipe)),
                             request, strlen (request));
  if (err != 0)
    {
      set_dead (self, error, err == EPIPE ? _("stopped unexpectedly") : g_strerror (err));
      return NULL;
    }

  line = read_line (self, error);
  if (line == NULL)
    return NULL;

  if (g_str_has_prefix (line, "ok"))
    return g_strdup (line[2] == ' ' ? line + 3 : "");

  if (g_str_has_prefix (line, "err gone "))
    _hs_sampler_set_errno_error (error, -ESRCH, pid, file);
  else if (g_str_has_prefix (line, "err denied "))
    {
      /* "err denied /proc/PID/FILE: reason" names the file refused,
       * which may not be the one the request is about. */
      const char *refused = line + strlen ("err denied ");
      g_autofree char *refused_file = NULL;

      if (g_str_has_prefix (refused, "/proc/") && strchr (refused, ':') != NULL)
        {
          refused = strchr (refused + strlen ("/proc/"), '/');
          if (refused != NULL)
            refused_file = g_strndup (refused + 1, strcspn (refused + 1, ": "));
        }
      _hs_sampler_set_errno_error (error, -EACCES, pid,
                                   refused_file != NULL && *refused_file != '\0' ? refused_file : file);
    }
  else
    g_set_error (error, HS_SAMPLER_ERROR, HS_SAMPLER_ERROR_FAILED,
                 _("heapscope-probe answered “%s”"), line);
  return NULL;
}

static gboolean
parse_u64 (const char *text,
           guint64    *out)
{
  return g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT64, out, NULL);
}

static GPtrArray *
hs_probe_sampler_list_processes (HsSampler  *sampler,
                                 GError    **error)
{
  HsProbeSampler *self = HS_PROBE_SAMPLER (sampler);
  g_autoptr(GPtrArray) processes = NULL;
  g_autofree char *reply = NULL;
  guint64 n_lines;

  reply = round_trip (self, "list\n", 0, "stat", error);
  if (reply == NULL)
    return NULL;
  if (!parse_u64 (reply, &n_lines))
    {
      set_dead (self, error, _("sent a malformed reply to “list”"));
      return NULL;
    }

  processes = g_ptr_array_new_with_free_func ((GDestroyNotify) hs_process_info_free);
  for (guint64 i = 0; i < n_lines; i++)
    {
      g_autofree char *line = read_line (self, error);
      g_auto(GStrv) fields = NULL;
      HsProcessInfo *info;
      guint64 pid, uid, rss, threads;

      if (line == NULL)
        return NULL;
      /* pid uid user rss threads cpu_usec start state name cmdline */
      fields = g_strsplit (line, "\t", 10);
      if (g_strv_length (fields) != 10 ||
          !parse_u64 (fields[0], &pid) || !parse_u64 (fields[1], &uid) ||
          !parse_u64 (fields[3], &rss) || !parse_u64 (fields[4], &threads))
        continue;

      info = g_new0 (HsProcessInfo, 1);
      info->pid = (int) pid;
      info->uid = (guint) uid;
      info->user = g_strdup (fields[2]);
      info->rss = rss;
      info->threads = (guint) threads;
      info->flags = HS_SAMPLE_RSS | HS_SAMPLE_THREADS;
      parse_u64 (fields[5], &info->cpu_time_usec);
      parse_u64 (fields[6], &info->start_time);
      info->name = g_strdup (fields[8]);
      info->cmdline = g_strdup (fields[9]);
      g_ptr_array_add (processes, info);
    }

  return g_steal_pointer (&processes);
}

static gboolean
hs_probe_sampler_sample (HsSampler        *sampler,
                         int               pid,
                         HsSampleRequest   request,
                         HsSample         *sample,
                         GError          **error)
{
  HsProbeSampler *self = HS_PROBE_SAMPLER (sampler);
  g_autofree char *command = NULL;
  g_autofree char *reply = NULL;
  g_auto(GStrv) pairs = NULL;

  command = g_strdup_printf ("sample %d%s%s\n", pid,
                             (request & HS_SAMPLE_REQUEST_SMAPS) ? " smaps" : "",
                             (request & HS_SAMPLE_REQUEST_FDS) ? " fds" : "");
  reply = round_trip (self, command, pid, "stat", error);
  if (reply == NULL)
    return FALSE;

  pairs = g_strsplit (reply, " ", -1);
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      const char *eq = strchr (pairs[i], '=');
      g_autofree char *key = NULL;
      guint64 value = 0;

      if (eq == NULL)
        continue;
      key = g_strndup (pairs[i], (gsize) (eq - pairs[i]));
      if (g_str_equal (key, "smaps"))
        {
          if (g_str_equal (eq + 1, "denied"))
            sample->flags |= HS_SAMPLE_SMAPS_DENIED;
          continue;
        }
      if (!parse_u64 (eq + 1, &value))
        continue;

      if (g_str_equal (key, "rss"))
        sample->rss = value, sample->flags |= HS_SAMPLE_RSS;
      else if (g_str_equal (key, "vsz"))
        sample->vsz = value, sample->flags |= HS_SAMPLE_VSZ;
      else if (g_str_equal (key, "shared"))
        sample->shared = value, sample->flags |= HS_SAMPLE_SHARED;
      else if (g_str_equal (key, "anon"))
        sample->anon = value, sample->flags |= HS_SAMPLE_ANON;
      else if (g_str_equal (key, "swap"))
        sample->swap = value, sample->flags |= HS_SAMPLE_SWAP;
      else if (g_str_equal (key, "heap"))
        sample->heap = value, sample->flags |= HS_SAMPLE_HEAP;
      else if (g_str_equal (key, "threads"))
        sample->threads = (guint) value, sample->flags |= HS_SAMPLE_THREADS;
      else if (g_str_equal (key, "fds"))
        sample->fds = (int) value, sample->flags |= HS_SAMPLE_FDS;
      else if (g_str_equal (key, "cpu_usec"))
        sample->cpu_time_usec = value;
      else if (g_str_equal (key, "start"))
        sample->start_time = value;
    }

  return TRUE;
}

static HsProcessInfo *
hs_probe_sampler_get_info (HsSampler  *sampler,
                           int         pid,
                           GError    **error)
{
  HsProbeSampler *self = HS_PROBE_SAMPLER (sampler);
  g_autofree char *command = g_strdup_printf ("info %d\n", pid);
  g_autofree char *reply = NULL;
  g_auto(GStrv) fields = NULL;
  HsProcessInfo *info;
  guint64 uid;

  reply = round_trip (self, command, pid, "stat", error);
  if (reply == NULL)
    return NULL;
  /* uid user name cmdline */
  fields = g_strsplit (reply, "\t", 4);
  if (g_strv_length (fields) != 4 || !parse_u64 (fields[0], &uid))
    {
      set_dead (self, error, _("sent a malformed reply to “info”"));
      return NULL;
    }

  info = g_new0 (HsProcessInfo, 1);
  info->pid = pid;
  info->uid = (guint) uid;
  info->user = g_strdup (fields[1]);
  info->name = g_strdup (fields[2]);
  info->cmdline = g_strdup (fields[3]);
  return info;
}

static HsMemoryMap *
hs_probe_sampler_read_maps (HsSampler  *sampler,
                            int         pid,
                            GError    **error)
{
  HsProbeSampler *self = HS_PROBE_SAMPLER (sampler);
  g_autoptr(HsMemoryMap) map = NULL;
  g_autofree char *command = NULL;
  g_autofree char *info = NULL;
  g_autofree char *reply = NULL;
  g_auto(GStrv) info_fields = NULL;
  guint64 n_lines;

  command = g_strdup_printf ("info %d\n", pid);
  info = round_trip (self, command, pid, "stat", error);
  if (info == NULL)
    return NULL;
  /* uid user name cmdline */
  info_fields = g_strsplit (info, "\t", 4);
  if (g_strv_length (info_fields) != 4)
    {
      set_dead (self, error, _("sent a malformed reply to “info”"));
      return NULL;
    }

  g_clear_pointer (&command, g_free);
  command = g_strdup_printf ("maps %d\n", pid);
  reply = round_trip (self, command, pid, "smaps", error);
  if (reply == NULL)
    return NULL;
  if (!parse_u64 (reply, &n_lines))
    {
      set_dead (self, error, _("sent a malformed reply to “maps”"));
      return NULL;
    }

  map = hs_memory_map_new (pid, info_fields[2], info_fields[3], g_get_real_time ());
  for (guint64 i = 0; i < n_lines; i++)
    {
      g_autofree char *line = read_line (self, error);
      const char *tab;
      HsMapping mapping = { 0 };

      if (line == NULL)
        return NULL;
      tab = strchr (line, '\t');
      if (tab == NULL ||
          sscanf (line, "%" G_GINT64_MODIFIER "x %" G_GINT64_MODIFIER "x %4s %" G_GINT64_MODIFIER "x %"
                  G_GUINT64_FORMAT " %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT
                  " %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT,
                  &mapping.start, &mapping.end, mapping.perms, &mapping.offset, &mapping.inode,
                  &mapping.size, &mapping.rss, &mapping.pss, &mapping.private_dirty,
                  &mapping.swap) != 10)
        continue;
      mapping.name = (char *) _hs_mapping_display_name (tab + 1);
      hs_memory_map_add (map, &mapping);
    }

  return g_steal_pointer (&map);
}

static void
hs_probe_sampler_dispose (GObject *object)
{
  HsProbeSampler *self = HS_PROBE_SAMPLER (object);

  if (self->subprocess != NULL)
    {
      struct pollfd pfd = { self->stdout_fd, POLLIN, 0 };
      gint64 deadline = g_get_monotonic_time () + G_USEC_PER_SEC;

      /* Closing stdin is the probe's signal to exit; wait (briefly) for it
       * to close its stdout, else make sure it goes. */
      g_output_stream_close (self->stdin_pipe, NULL, NULL);
      while (!self->dead && g_get_monotonic_time () < deadline)
        {
          char chunk[4096];

          if (poll (&pfd, 1, 100) > 0 && read (self->stdout_fd, chunk, sizeof chunk) <= 0)
            break;
        }
      if (g_get_monotonic_time () >= deadline)
        g_subprocess_force_exit (self->subprocess);
      g_subprocess_wait (self->subprocess, NULL, NULL);
    }

  g_clear_object (&self->stdin_pipe);
  g_clear_object (&self->subprocess);

  G_OBJECT_CLASS (hs_probe_sampler_parent_class)->dispose (object);
}

static void
hs_probe_sampler_finalize (GObject *object)
{
  HsProbeSampler *self = HS_PROBE_SAMPLER (object);

  g_string_free (self->buffer, TRUE);
  g_free (self->probe_name);

  G_OBJECT_CLASS (hs_probe_sampler_parent_class)->finalize (object);
}

static void
hs_probe_sampler_class_init (HsProbeSamplerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  HsSamplerClass *sampler_class = HS_SAMPLER_CLASS (klass);

  object_class->dispose = hs_probe_sampler_dispose;
  object_class->finalize = hs_probe_sampler_finalize;
  sampler_class->list_processes = hs_probe_sampler_list_processes;
  sampler_class->sample = hs_probe_sampler_sample;
  sampler_class->read_maps = hs_probe_sampler_read_maps;
  sampler_class->get_info = hs_probe_sampler_get_info;
}

static void
hs_probe_sampler_init (HsProbeSampler *self)
{
  self->buffer = g_string_new (NULL);
  self->stdout_fd = -1;
}

GStrv
hs_probe_sampler_build_argv (GError **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *app_path = NULL;

  if (hs_running_in_flatpak (&app_path))
    {
      g_autofree char *probe = NULL;

      /* Inside the sandbox /proc shows only sandboxed processes: run the
       * probe on the host. --watch-bus ends it when we go away. */
      if (app_path == NULL)
        {
          g_set_error (error, HS_SAMPLER_ERROR, HS_SAMPLER_ERROR_PROBE_FAILED,
                       _("Cannot find the application path in /.flatpak-info to start heapscope-probe on the host"));
          return NULL;
        }
      probe = g_build_filename (app_path, "libexec", "heapscope-probe", NULL);
      g_strv_builder_add_many (builder, "flatpak-spawn", "--host", "--watch-bus", probe, NULL);
    }
  else
    {
      g_autofree char *probe = hs_find_helper_program ("heapscope-probe");

      if (probe == NULL)
        {
          g_set_error (error, HS_SAMPLER_ERROR, HS_SAMPLER_ERROR_PROBE_FAILED,
                       _("heapscope-probe is not installed: looked in $HEAPSCOPE_LIBEXECDIR and %s"),
                       LIBEXECDIR);
          return NULL;
        }
      g_strv_builder_add (builder, probe);
    }

  return g_strv_builder_end (builder);
}

HsSampler *
hs_probe_sampler_new (GError **error)
{
  g_auto(GStrv) argv = hs_probe_sampler_build_argv (error);

  if (argv == NULL)
    return NULL;
  return hs_probe_sampler_new_argv ((const char * const *) argv, error);
}

HsSampler *
hs_probe_sampler_new_argv (const char * const  *argv,
                           GError             **error)
{
  g_autoptr(HsProbeSampler) self = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *hello = NULL;
  GInputStream *stdout_pipe;

  g_return_val_if_fail (argv != NULL && argv[0] != NULL, NULL);

  self = g_object_new (HS_TYPE_PROBE_SAMPLER, NULL);
  self->probe_name = g_strjoinv (" ", (char **) argv);
  self->subprocess = g_subprocess_newv (argv,
                                        G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                                        &local_error);
  if (self->subprocess == NULL)
    {
      g_set_error (error, HS_SAMPLER_ERROR, HS_SAMPLER_ERROR_PROBE_FAILED,
                   _("Cannot start the helper heapscope-probe (%s): %s"),
                   self->probe_name, local_error->message);
      self->dead = TRUE;
      return NULL;
    }

  self->stdin_pipe = g_object_ref (g_subprocess_get_stdin_pipe (self->subprocess));
  stdout_pipe = g_subprocess_get_stdout_pipe (self->subprocess);
  self->stdout_fd = g_unix_input_stream_get_fd (G_UNIX_INPUT_STREAM (stdout_pipe));

  hello = round_trip (self, "hello 1\n", 0, "", &local_error);
  if (hello == NULL || !g_str_has_prefix (hello, "heapscope-probe 1"))
    {
      g_set_error (error, HS_SAMPLER_ERROR, HS_SAMPLER_ERROR_PROBE_FAILED,
                   _("The helper heapscope-probe (%s) does not speak protocol %d: %s"),
                   self->probe_name, PROBE_PROTOCOL_VERSION,
                   local_error ? local_error->message : hello);
      return NULL;
    }

  return HS_SAMPLER (g_steal_pointer (&self));
}

int
hs_probe_sampler_get_probe_pid (HsProbeSampler *self)
{
  const char *id;

  g_return_val_if_fail (HS_IS_PROBE_SAMPLER (self), 0);

  if (self->subprocess == NULL || self->dead)
    return 0;
  id = g_subprocess_get_identifier (self->subprocess);
  return id != NULL ? atoi (id) : 0;
}
