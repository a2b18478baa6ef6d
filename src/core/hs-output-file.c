/* hs-output-file.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-output-file"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hs-output-file.h"

/* Every file Heapscope writes goes through here, so that naming an output
 * never destroys what is already there:
 *
 * - "-" is standard output;
 * - a FIFO, a character device or a terminal is opened and written in
 *   place, never replaced (a `rename` over /dev/null would replace the
 *   device node with a plain file);
 * - a symlink stays a symlink: the file it points to is written (a
 *   dangling one creates its target, as a shell redirection does);
 * - a regular file is replaced atomically (temporary file in the same
 *   folder, fsync, rename) with its mode and owner, so a reader or a crash
 *   sees the old or the new content, never half of it;
 * - a regular file that cannot be replaced that way keeps its identity and
 *   is rewritten in place: one with several hard links (a rename would
 *   silently split them), one whose owner we cannot give to a new file,
 *   one in a folder we may not create files in. Its final size is
 *   reserved first (posix_fallocate), so a full disk refuses before the
 *   old content is touched;
 * - a directory, a block device or a socket is refused;
 * - a new file is created (atomically) with @new_mode, less the umask.
 */

static gboolean
set_error_from_errno (GError     **error,
                      int          saved_errno,
                      const char  *path)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               _("Cannot write %s: %s"), path, g_strerror (saved_errno));
  return FALSE;
}

static gboolean
write_all (int           fd,
           const guint8 *data,
           gsize         length,
           const char   *path,
           GError      **error)
{
  while (length > 0)
    {
      gssize n = write (fd, data, MIN (length, (gsize) G_MAXSSIZE));

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return set_error_from_errno (error, errno, path);
      if (n == 0)
        return set_error_from_errno (error, ENOSPC, path);
      data += n;
      length -= (gsize) n;
    }
  return TRUE;
}

static gboolean
close_checked (int          fd,
               const char  *path,
               GError     **error)
{
  /* NFS reports a failed write at close. */
  if (close (fd) != 0 && errno != EINTR)
    return set_error_from_errno (error, errno, path);
  return TRUE;
}

/* Follows @path through symlinks to the file that is really written. A
 * missing final target is fine (it will be created); *out_exists says so. */
static char *
resolve_target (const char   *path,
                struct stat  *out_st,
                gboolean     *out_exists,
                GError      **error)
{
  g_autofree char *target = g_strdup (path);

  /* The kernel's own limit (MAXSYMLINKS). */
  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *link = NULL;
      g_autoptr(GError) local_error = NULL;

      if (lstat (target, out_st) != 0)
        {
          if (errno != ENOENT)
            {
              set_error_from_errno (error, errno, target);
              return NULL;
            }
          *out_exists = FALSE;
          return g_steal_pointer (&target);
        }
      if (!S_ISLNK (out_st->st_mode))
        {
          *out_exists = TRUE;
          return g_steal_pointer (&target);
        }

      link = g_file_read_link (target, &local_error);
      if (link == NULL)
        {
          g_set_error (error, local_error->domain, local_error->code,
                       _("Cannot write %s: %s"), path, local_error->message);
          return NULL;
        }
      if (g_path_is_absolute (link))
        {
          g_free (target);
          target = g_steal_pointer (&link);
        }
      else
        {
          g_autofree char *dir = g_path_get_dirname (target);

          g_free (target);
          target = g_build_filename (dir, link, NULL);
        }
    }

  set_error_from_errno (error, ELOOP, path);
  return NULL;
}

/* Writes in place: FIFOs, devices, terminals, and regular files that must
 * keep their inode. */
static gboolean
write_in_place (const char    *target,
                gboolean       regular,
                const guint8  *data,
                gsize          length,
                GError       **error)
{
  int fd;

  fd = g_open (target, O_WRONLY | O_NOCTTY | O_CLOEXEC, 0);
  if (fd < 0)
    return set_error_from_errno (error, errno, target);

  if (regular && length > 0)
    {
      /* Reserve the space before the old content is overwritten. */
      int res = posix_fallocate (fd, 0, (off_t) length);

      if (res != 0)
        {
          close (fd);
          return set_error_from_errno (error, res, target);
        }
    }

  if (!write_all (fd, data, length, target, error))
    {
      close (fd);
      return FALSE;
    }
  /* Only now drop what remains of a longer old content. */
  if (regular && (ftruncate (fd, (off_t) length) != 0 || fsync (fd) != 0))
    {
      int saved_errno = errno;

      close (fd);
      return set_error_from_errno (error, saved_errno, target);
    }
  return close_checked (fd, target, error);
}

/* Writes a temporary file beside @target and renames it over @target. With
 * @st (the file being replaced), the copy gets its mode and owner; when the
 * owner cannot be given, *out_fall_back is set and nothing is changed. */
static gboolean
write_replacing (const char         *target,
                 const struct stat  *st,
                 guint               new_mode,
                 const guint8       *data,
                 gsize               length,
                 gboolean           *out_fall_back,
                 GError            **error)
{
  g_autofree char *dir = g_path_get_dirname (target);
  g_autofree char *base = g_path_get_basename (target);
  g_autofree char *tmpl = NULL;
  int fd;

  *out_fall_back = FALSE;
  tmpl = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
  fd = g_mkstemp_full (tmpl, O_WRONLY | O_CLOEXEC, (int) (st ? 0600 : new_mode));
  if (fd < 0)
    {
      int saved_errno = errno;

      /* A file we may write in a folder we may not create in. */
      if (st != NULL && (saved_errno == EACCES || saved_errno == EPERM))
        {
          *out_fall_back = TRUE;
          return FALSE;
        }
      return set_error_from_errno (error, saved_errno, target);
    }

  if (st != NULL)
    {
      if ((st->st_uid != geteuid () || st->st_gid != getegid ()) &&
          fchown (fd, st->st_uid, st->st_gid) != 0)
        {
          close (fd);
          g_unlink (tmpl);
          *out_fall_back = TRUE;
          return FALSE;
        }
      if (fchmod (fd, st->st_mode & 07777) != 0)
        {
          int saved_errno = errno;

          close (fd);
          g_unlink (tmpl);
          return set_error_from_errno (error, saved_errno, target);
        }
    }

  if (!write_all (fd, data, length, target, error))
    {
      close (fd);
      g_unlink (tmpl);
      return FALSE;
    }
  if (fsync (fd) != 0)
    {
      int saved_errno = errno;

      close (fd);
      g_unlink (tmpl);
      return set_error_from_errno (error, saved_errno, target);
    }
  if (!close_checked (fd, target, error))
    {
      g_unlink (tmpl);
      return FALSE;
    }
  if (g_rename (tmpl, target) != 0)
    {
      int saved_errno = errno;

      g_unlink (tmpl);
      return set_error_from_errno (error, saved_errno, target);
    }
  return TRUE;
}

/**
 * hs_output_file_write:
 * @path: the file named by the user, or "-" for standard output
 * @data: (array length=length): what to write
 * @length: its size in bytes
 * @new_mode: the mode of the file if it does not exist yet (e.g.
 *   %HS_OUTPUT_FILE_PRIVATE_MODE); the umask applies
 * @error: a #GIOErrorEnum error naming the file
 *
 * Writes @data to @path without destroying what @path is: see the rules
 * at the top of this file. On failure a regular file keeps its old content.
 *
 * Returns: %TRUE on success
 */
gboolean
hs_output_file_write (const char  *path,
                      const void  *data,
                      gsize        length,
                      guint        new_mode,
                      GError     **error)
{
  g_autofree char *target = NULL;
  struct stat st;
  gboolean exists = FALSE;
  gboolean fall_back = FALSE;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_str_equal (path, "-"))
    return write_all (STDOUT_FILENO, data, length, _("standard output"), error);
  if (path[0] == '\0')
    return set_error_from_errno (error, ENOENT, path);

  target = resolve_target (path, &st, &exists, error);
  if (target == NULL)
    return FALSE;

  if (!exists)
    return write_replacing (target, NULL, new_mode, data, length, &fall_back, error);

  if (S_ISFIFO (st.st_mode) || S_ISCHR (st.st_mode))
    return write_in_place (target, FALSE, data, length, error);

  if (S_ISDIR (st.st_mode))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                   _("Cannot write %s: it is a directory; give a file name"), path);
      return FALSE;
    }

  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                   _("Cannot write %s: it is a block device or a socket; give a regular file, "
                     "a FIFO or “-” for standard output"), path);
      return FALSE;
    }

  if (st.st_nlink > 1)
    return write_in_place (target, TRUE, data, length, error);

  if (write_replacing (target, &st, new_mode, data, length, &fall_back, error))
    return TRUE;
  if (fall_back)
    return write_in_place (target, TRUE, data, length, error);
  return FALSE;
}
