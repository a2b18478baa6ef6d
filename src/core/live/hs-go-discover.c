/* hs-go-discover.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-go-discover"

#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hs-go-discover.h"
#include "hs-go-fetch.h"

#define TCP_LISTEN 0x0A
/* A probe needs the status, not much of the body. */
#define PROBE_MAX_SIZE (64u * 1024 * 1024)

static void
port_clear (gpointer data)
{
  HsListenPort *port = data;

  g_free (port->host);
}

static void
info_clear (gpointer data)
{
  HsGoEndpointInfo *info = data;

  g_free (info->base_url);
}

/* "0100007F:1F90" (IPv4, as the kernel's 32-bit word in host order) or
 * 32 hex digits (IPv6, four such words): the address to connect to. */
static char *
host_from_hex (const char *hex,
               gsize       len,
               gboolean    ipv6)
{
  guint8 bytes[16];
  gsize n = ipv6 ? 16 : 4;
  g_autoptr(GInetAddress) address = NULL;

  if (len != n * 2)
    return NULL;
  for (gsize word = 0; word < n / 4; word++)
    {
      char buf[9];
      guint32 value;

      memcpy (buf, hex + word * 8, 8);
      buf[8] = '\0';
      for (int i = 0; i < 8; i++)
        if (!g_ascii_isxdigit (buf[i]))
          return NULL;
      value = (guint32) strtoul (buf, NULL, 16);
      /* The kernel prints each word in host byte order (little-endian
       * on every platform Heapscope runs on); memcpy keeps that order. */
      memcpy (bytes + word * 4, &value, 4);
    }
  address = g_inet_address_new_from_bytes (bytes, ipv6 ? G_SOCKET_FAMILY_IPV6 : G_SOCKET_FAMILY_IPV4);
  if (g_inet_address_get_is_any (address) || g_inet_address_get_is_loopback (address))
    return g_strdup ("127.0.0.1");
  /* An IPv4-mapped IPv6 address (::ffff:a.b.c.d). */
  if (ipv6 && memcmp (bytes, "\0\0\0\0\0\0\0\0\0\0\xff\xff", 12) == 0)
    return g_strdup_printf ("%u.%u.%u.%u", bytes[12], bytes[13], bytes[14], bytes[15]);
  if (ipv6)
    {
      g_autofree char *text = g_inet_address_to_string (address);

      return g_strdup_printf ("[%s]", text);
    }
  return g_inet_address_to_string (address);
}

void
hs_go_parse_proc_net_tcp (const char *text,
                          gboolean    ipv6,
                          GHashTable *inodes,
                          GArray     *out)
{
  g_auto(GStrv) lines = NULL;

  g_return_if_fail (text != NULL && inodes != NULL && out != NULL);

  lines = g_strsplit (text, "\n", -1);
  /* Line 0 is the header. Columns: sl local rem st tx:rx tr:when retrnsmt
   * uid timeout inode ... */
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) cols = g_strsplit_set (g_strstrip (lines[i]), " ", -1);
      const char *fields[10];
      guint n = 0;
      const char *colon;
      guint64 state, inode, port;
      HsListenPort entry;

      for (guint c = 0; cols[c] != NULL && n < G_N_ELEMENTS (fields); c++)
        if (cols[c][0] != '\0')
          fields[n++] = cols[c];
      if (n < 10)
        continue;
      if (!g_ascii_string_to_unsigned (fields[3], 16, 0, 0xFF, &state, NULL) || state != TCP_LISTEN)
        continue;
      if (!g_ascii_string_to_unsigned (fields[9], 10, 1, G_MAXUINT64, &inode, NULL)
          || !g_hash_table_contains (inodes, &inode))
        continue;
      colon = strchr (fields[1], ':');
      if (colon == NULL
          || !g_ascii_string_to_unsigned (colon + 1, 16, 1, 65535, &port, NULL))
        continue;
      entry.host = host_from_hex (fields[1], colon - fields[1], ipv6);
      if (entry.host == NULL)
        continue;
      entry.port = (guint16) port;
      g_array_append_val (out, entry);
    }
}

static int
port_compare (gconstpointer a,
              gconstpointer b)
{
  const HsListenPort *pa = a, *pb = b;

  if (pa->port != pb->port)
    return pa->port < pb->port ? -1 : 1;
  return strcmp (pa->host, pb->host);
}

GArray *
hs_go_listening_ports (int      pid,
                       GError **error)
{
  g_autofree char *fd_path = g_strdup_printf ("/proc/%d/fd", pid);
  g_autoptr(GHashTable) inodes = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GArray) ports = g_array_new (FALSE, FALSE, sizeof (HsListenPort));
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *name;

  g_return_val_if_fail (pid > 0, NULL);

  g_array_set_clear_func (ports, port_clear);
  dir = g_dir_open (fd_path, 0, &local_error);
  if (dir == NULL)
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_ACCES)
          || g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_PERM))
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                     "Cannot list the sockets of process %d: its file descriptors are closed to us", pid);
      else
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                     "Cannot list the sockets of process %d: %s", pid, local_error->message);
      return NULL;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fd_path, name, NULL);
      g_autofree char *target = g_file_read_link (path, NULL);
      guint64 inode;

      /* "socket:[12345]" */
      if (target != NULL && g_str_has_prefix (target, "socket:[") && g_str_has_suffix (target, "]"))
        {
          target[strlen (target) - 1] = '\0';
          if (g_ascii_string_to_unsigned (target + 8, 10, 1, G_MAXUINT64, &inode, NULL))
            g_hash_table_add (inodes, g_memdup2 (&inode, sizeof inode));
        }
    }

  for (int v6 = 0; v6 <= 1 && g_hash_table_size (inodes) > 0; v6++)
    {
      g_autofree char *path = g_strdup_printf ("/proc/%d/net/%s", pid, v6 ? "tcp6" : "tcp");
      g_autofree char *text = NULL;

      /* tcp6 is missing when IPv6 is off: nothing listens there then. */
      if (g_file_get_contents (path, &text, NULL, NULL))
        hs_go_parse_proc_net_tcp (text, v6, inodes, ports);
    }

  g_array_sort (ports, port_compare);
  for (guint i = 1; i < ports->len;)
    {
      HsListenPort *prev = &g_array_index (ports, HsListenPort, i - 1);
      HsListenPort *cur = &g_array_index (ports, HsListenPort, i);

      if (prev->port == cur->port && strcmp (prev->host, cur->host) == 0)
        g_array_remove_index (ports, i);
      else
        i++;
    }
  return g_steal_pointer (&ports);
}

/* Probing */

typedef struct
{
  SoupSession *session;
  GArray      *infos;      /* HsGoEndpointInfo */
  guint        pending;
} Discover;

static void
discover_free (gpointer data)
{
  Discover *d = data;

  g_clear_object (&d->session);
  g_clear_pointer (&d->infos, g_array_unref);
  g_free (d);
}

typedef struct
{
  GTask *task;
  guint  index;
  guint  which;       /* 0 expvar, 1 pprof, 2 metrics, 3 goroutineleak */
} ProbeOne;

#define LEAK_PATH "/debug/pprof/goroutineleak?debug=1"
#define LEAK_PROBE_MAX_SIZE (64u * 1024)

static const char *probe_paths[] = { "/debug/vars", "/debug/pprof/", "/metrics", LEAK_PATH };

/* The status is what counts: a listing longer than the probe's cap is
 * still an answer. */
static gboolean
leak_probe_answered (GBytes       *body,
                     const GError *error)
{
  return body != NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE);
}

static void
on_probed (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  ProbeOne *one = user_data;
  GTask *task = one->task;
  Discover *d = g_task_get_task_data (task);
  HsGoEndpointInfo *info = &g_array_index (d->infos, HsGoEndpointInfo, one->index);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = hs_go_fetch_finish (result, &error);
  gboolean ok = body != NULL;

  switch (one->which)
    {
    case 0: info->expvar = ok; break;
    case 1: info->pprof = ok; break;
    case 2: info->metrics = ok; break;
    default: info->goroutineleak = leak_probe_answered (body, error); break;
    }
  g_free (one);
  if (--d->pending == 0)
    {
      if (g_task_return_error_if_cancelled (task))
        ;
      else
        g_task_return_pointer (task, g_steal_pointer (&d->infos), (GDestroyNotify) g_array_unref);
      g_object_unref (task);
    }
}

void
hs_go_discover_async (int                  pid,
                      guint                timeout_ms,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GArray) ports = NULL;
  GError *error = NULL;
  GTask *task;
  Discover *d;

  g_return_if_fail (pid > 0);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, hs_go_discover_async);

  ports = hs_go_listening_ports (pid, &error);
  if (ports == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  d = g_new0 (Discover, 1);
  d->session = hs_go_soup_session_new (timeout_ms);
  d->infos = g_array_new (FALSE, TRUE, sizeof (HsGoEndpointInfo));
  g_array_set_clear_func (d->infos, info_clear);
  g_task_set_task_data (task, d, discover_free);

  d->pending = 1;
  for (guint i = 0; i < ports->len; i++)
    {
      HsListenPort *port = &g_array_index (ports, HsListenPort, i);
      HsGoEndpointInfo info = { 0 };

      info.base_url = g_strdup_printf ("http://%s:%u", port->host, port->port);
      info.port = port->port;
      g_array_append_val (d->infos, info);
    }
  for (guint i = 0; i < d->infos->len; i++)
    for (guint w = 0; w < G_N_ELEMENTS (probe_paths); w++)
      {
        ProbeOne *one = g_new0 (ProbeOne, 1);
        g_autofree char *url = g_strconcat (g_array_index (d->infos, HsGoEndpointInfo, i).base_url,
                                            probe_paths[w], NULL);

        one->task = task;
        one->index = i;
        one->which = w;
        d->pending++;
        hs_go_fetch_async (d->session, url, w == 3 ? LEAK_PROBE_MAX_SIZE : PROBE_MAX_SIZE,
                           timeout_ms, cancellable, on_probed, one);
      }

  if (--d->pending == 0)
    {
      g_task_return_pointer (task, g_steal_pointer (&d->infos), (GDestroyNotify) g_array_unref);
      g_object_unref (task);
    }
}

GArray *
hs_go_discover_finish (GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == hs_go_discover_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_leak_probed (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = hs_go_fetch_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, leak_probe_answered (body, error));
}

void
hs_go_probe_goroutineleak_async (const char          *base_url,
                                 guint                timeout_ms,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(SoupSession) session = NULL;
  g_autofree char *url = NULL;
  GTask *task;

  g_return_if_fail (base_url != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, hs_go_probe_goroutineleak_async);
  session = hs_go_soup_session_new (timeout_ms);
  /* The session lives as long as the request. */
  g_task_set_task_data (task, g_object_ref (session), g_object_unref);
  url = g_strconcat (base_url, LEAK_PATH, NULL);
  hs_go_fetch_async (session, url, LEAK_PROBE_MAX_SIZE, timeout_ms, cancellable, on_leak_probed, task);
}

gboolean
hs_go_probe_goroutineleak_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == hs_go_probe_goroutineleak_async, FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
