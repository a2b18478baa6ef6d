/* hs-process-row.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-process-row"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "hs-process-row.h"
#include "hs-units.h"

/* One process of the list. The page updates these objects in place on
 * every refresh, so the list keeps its selection and scroll position. */
struct _HsProcessRow
{
  GObject        parent_instance;

  /* Owned */
  char          *name;
  char          *user;
  char          *cmdline;
  char          *pid_text;
  char          *rss_text;
  char          *threads_text;
  char          *cpu_text;
  char          *tooltip;

  int            pid;
  guint          uid;
  guint64        start_time;
  guint64        rss;
  guint          threads;
  double         cpu_percent;
  HsSampleFlags  flags;
  gboolean       readable;
  gboolean       watched;
};

G_DEFINE_FINAL_TYPE (HsProcessRow, hs_process_row, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PID,
  PROP_NAME,
  PROP_USER,
  PROP_CMDLINE,
  PROP_RSS,
  PROP_THREADS,
  PROP_CPU,
  PROP_PID_TEXT,
  PROP_RSS_TEXT,
  PROP_THREADS_TEXT,
  PROP_CPU_TEXT,
  PROP_TOOLTIP,
  PROP_READABLE,
  PROP_OPACITY,
  PROP_WATCHED,
  PROP_WATCHED_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
set_string (char       **field,
            const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

/* Takes @value; notifies only on a real change. */
static void
take_text (HsProcessRow  *self,
           char         **field,
           char          *value,
           guint          prop)
{
  if (set_string (field, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
  g_free (value);
}

static char *
make_tooltip (HsProcessRow *self)
{
  const char *cmd = self->cmdline && *self->cmdline ? self->cmdline : self->name;

  if (self->readable)
    return g_strdup (cmd);

  /* /proc/PID/status and statm are world-readable; smaps and fd are not. */
  return g_strdup_printf (_("Owned by %s: its memory maps and open files are not readable, "
                            "so the heap and file descriptor figures are unavailable.\n%s"),
                          self->user, cmd);
}

HsProcessRow *
hs_process_row_new (const HsProcessInfo *info,
                    guint                own_uid)
{
  HsProcessRow *self;

  g_return_val_if_fail (info != NULL, NULL);

  self = g_object_new (HS_TYPE_PROCESS_ROW, NULL);
  self->pid = info->pid;
  self->uid = info->uid;
  self->start_time = info->start_time;
  self->readable = own_uid == 0 || own_uid == info->uid;
  self->pid_text = g_strdup_printf ("%d", info->pid);
  hs_process_row_update (self, info);

  return self;
}

void
hs_process_row_update (HsProcessRow        *self,
                       const HsProcessInfo *info)
{
  g_return_if_fail (HS_IS_PROCESS_ROW (self));
  g_return_if_fail (info != NULL);

  g_object_freeze_notify (G_OBJECT (self));

  if (set_string (&self->name, info->name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
  if (set_string (&self->user, info->user))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USER]);
  {
    /* Trailing blanks (empty arguments) would only push an ellipsis out. */
    g_autofree char *cmdline = g_strchomp (g_strdup (info->cmdline ? info->cmdline : ""));

    if (set_string (&self->cmdline, cmdline))
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CMDLINE]);
  }

  if (self->flags != info->flags || self->rss != info->rss)
    {
      self->rss = (info->flags & HS_SAMPLE_RSS) ? info->rss : 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RSS]);
    }
  if (self->flags != info->flags || self->threads != info->threads)
    {
      self->threads = (info->flags & HS_SAMPLE_THREADS) ? info->threads : 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_THREADS]);
    }
  if (self->flags != info->flags || self->cpu_percent != info->cpu_percent)
    {
      self->cpu_percent = (info->flags & HS_SAMPLE_CPU) ? info->cpu_percent : 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CPU]);
    }
  self->flags = info->flags;

  /* An unknown value is a dash, never a zero. */
  take_text (self, &self->rss_text,
             (info->flags & HS_SAMPLE_RSS) ? hs_format_bytes ((gint64) info->rss) : g_strdup ("—"),
             PROP_RSS_TEXT);
  take_text (self, &self->threads_text,
             (info->flags & HS_SAMPLE_THREADS) ? g_strdup_printf ("%u", info->threads) : g_strdup ("—"),
             PROP_THREADS_TEXT);
  take_text (self, &self->cpu_text,
             (info->flags & HS_SAMPLE_CPU) ? g_strdup_printf ("%.1f", info->cpu_percent) : g_strdup ("—"),
             PROP_CPU_TEXT);
  take_text (self, &self->tooltip, make_tooltip (self), PROP_TOOLTIP);

  g_object_thaw_notify (G_OBJECT (self));
}

int
hs_process_row_get_pid (HsProcessRow *self)
{
  g_return_val_if_fail (HS_IS_PROCESS_ROW (self), 0);
  return self->pid;
}

guint64
hs_process_row_get_start_time (HsProcessRow *self)
{
  g_return_val_if_fail (HS_IS_PROCESS_ROW (self), 0);
  return self->start_time;
}

const char *
hs_process_row_get_name (HsProcessRow *self)
{
  g_return_val_if_fail (HS_IS_PROCESS_ROW (self), NULL);
  return self->name;
}

const char *
hs_process_row_get_cmdline (HsProcessRow *self)
{
  g_return_val_if_fail (HS_IS_PROCESS_ROW (self), NULL);
  return self->cmdline;
}

const char *
hs_process_row_get_user (HsProcessRow *self)
{
  g_return_val_if_fail (HS_IS_PROCESS_ROW (self), NULL);
  return self->user;
}

guint64
hs_process_row_get_rss (HsProcessRow *self)
{
  g_return_val_if_fail (HS_IS_PROCESS_ROW (self), 0);
  return self->rss;
}

gboolean
hs_process_row_get_readable (HsProcessRow *self)
{
  g_return_val_if_fail (HS_IS_PROCESS_ROW (self), FALSE);
  return self->readable;
}

gboolean
hs_process_row_get_watched (HsProcessRow *self)
{
  g_return_val_if_fail (HS_IS_PROCESS_ROW (self), FALSE);
  return self->watched;
}

void
hs_process_row_set_watched (HsProcessRow *self,
                            gboolean      watched)
{
  g_return_if_fail (HS_IS_PROCESS_ROW (self));

  if (self->watched == !!watched)
    return;
  self->watched = !!watched;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WATCHED]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WATCHED_TEXT]);
}

/**
 * hs_process_row_matches:
 * @needle: already case-folded search text
 *
 * The search matches the name, the PID or the command line.
 */
gboolean
hs_process_row_matches (HsProcessRow *self,
                        const char   *needle)
{
  g_autofree char *name = NULL;
  g_autofree char *cmdline = NULL;

  g_return_val_if_fail (HS_IS_PROCESS_ROW (self), FALSE);

  if (needle == NULL || *needle == '\0')
    return TRUE;

  /* A number is a PID: match it exactly, so "12" does not bring 1200–1299
   * along. Names and command lines containing it still match. */
  if (strspn (needle, "0123456789") == strlen (needle))
    {
      if (strcmp (self->pid_text, needle) == 0)
        return TRUE;
    }
  name = g_utf8_casefold (self->name ? self->name : "", -1);
  if (strstr (name, needle) != NULL)
    return TRUE;
  cmdline = g_utf8_casefold (self->cmdline ? self->cmdline : "", -1);
  return strstr (cmdline, needle) != NULL;
}

static void
hs_process_row_finalize (GObject *object)
{
  HsProcessRow *self = (HsProcessRow *) object;

  g_free (self->name);
  g_free (self->user);
  g_free (self->cmdline);
  g_free (self->pid_text);
  g_free (self->rss_text);
  g_free (self->threads_text);
  g_free (self->cpu_text);
  g_free (self->tooltip);

  G_OBJECT_CLASS (hs_process_row_parent_class)->finalize (object);
}

static void
hs_process_row_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  HsProcessRow *self = HS_PROCESS_ROW (object);

  switch (prop_id)
    {
    case PROP_PID:
      g_value_set_int (value, self->pid);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_USER:
      g_value_set_string (value, self->user);
      break;
    case PROP_CMDLINE:
      g_value_set_string (value, self->cmdline);
      break;
    case PROP_RSS:
      g_value_set_uint64 (value, self->rss);
      break;
    case PROP_THREADS:
      g_value_set_uint (value, self->threads);
      break;
    case PROP_CPU:
      g_value_set_double (value, self->cpu_percent);
      break;
    case PROP_PID_TEXT:
      g_value_set_string (value, self->pid_text);
      break;
    case PROP_RSS_TEXT:
      g_value_set_string (value, self->rss_text);
      break;
    case PROP_THREADS_TEXT:
      g_value_set_string (value, self->threads_text);
      break;
    case PROP_CPU_TEXT:
      g_value_set_string (value, self->cpu_text);
      break;
    case PROP_TOOLTIP:
      g_value_set_string (value, self->tooltip);
      break;
    case PROP_READABLE:
      g_value_set_boolean (value, self->readable);
      break;
    case PROP_OPACITY:
      g_value_set_double (value, self->readable ? 1.0 : 0.55);
      break;
    case PROP_WATCHED:
      g_value_set_boolean (value, self->watched);
      break;
    case PROP_WATCHED_TEXT:
      g_value_set_string (value, self->watched ? _("Watched") : "");
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hs_process_row_class_init (HsProcessRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = hs_process_row_finalize;
  object_class->get_property = hs_process_row_get_property;

  properties[PROP_PID] = g_param_spec_int ("pid", NULL, NULL, 0, G_MAXINT, 0, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_USER] = g_param_spec_string ("user", NULL, NULL, NULL, flags);
  properties[PROP_CMDLINE] = g_param_spec_string ("cmdline", NULL, NULL, NULL, flags);
  properties[PROP_RSS] = g_param_spec_uint64 ("rss", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_THREADS] = g_param_spec_uint ("threads", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_CPU] = g_param_spec_double ("cpu", NULL, NULL, 0, G_MAXDOUBLE, 0, flags);
  properties[PROP_PID_TEXT] = g_param_spec_string ("pid-text", NULL, NULL, NULL, flags);
  properties[PROP_RSS_TEXT] = g_param_spec_string ("rss-text", NULL, NULL, NULL, flags);
  properties[PROP_THREADS_TEXT] = g_param_spec_string ("threads-text", NULL, NULL, NULL, flags);
  properties[PROP_CPU_TEXT] = g_param_spec_string ("cpu-text", NULL, NULL, NULL, flags);
  properties[PROP_TOOLTIP] = g_param_spec_string ("tooltip", NULL, NULL, NULL, flags);
  properties[PROP_READABLE] = g_param_spec_boolean ("readable", NULL, NULL, FALSE, flags);
  properties[PROP_OPACITY] = g_param_spec_double ("opacity", NULL, NULL, 0, 1, 1, flags);
  /* A session records this process: the row says so in words, which is
   * also what a screen reader reads. */
  properties[PROP_WATCHED] = g_param_spec_boolean ("watched", NULL, NULL, FALSE, flags);
  properties[PROP_WATCHED_TEXT] = g_param_spec_string ("watched-text", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hs_process_row_init (HsProcessRow *self)
{
}
