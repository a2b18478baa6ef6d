/* fuzz-probe-reply.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

/* The client side of the probe protocol, as it is: the sampler's own
 * source is compiled into this harness so that its static reply parsers
 * (round_trip, list, sample, info, maps) run unchanged. The fuzz input is
 * everything "the probe" prints: the sampler reads it from a memfd
 * (end of file = the probe stopped) and its requests go to /dev/null.
 * The sampler's object file in libhslive is then never linked: every
 * symbol it defines is already defined here. */
#include "hs-probe-sampler.c"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* A sampler that fails like a dead probe is fine; one that crashes,
 * reads out of bounds or leaks is not. After each request the next one
 * is tried as if the probe were still there. */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(HsProbeSampler) self = g_object_new (HS_TYPE_PROBE_SAMPLER, NULL);
  HsSampler *sampler = HS_SAMPLER (self);
  int fd = memfd_create ("fuzz-probe-reply", MFD_CLOEXEC);
  int null_fd = open ("/dev/null", O_WRONLY | O_CLOEXEC);

  g_assert (fd >= 0 && null_fd >= 0);
  g_assert (size == 0 || write (fd, data, size) == (ssize_t) size);
  lseek (fd, 0, SEEK_SET);

  self->probe_name = g_strdup ("fuzz");
  self->stdout_fd = fd;
  self->stdin_pipe = g_unix_output_stream_new (null_fd, TRUE);

  {
    g_autoptr(GError) error = NULL;
    g_autofree char *hello = round_trip (self, "hello 1\n", 0, "", &error);

    g_assert ((hello == NULL) == (error != NULL));
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) processes = NULL;

    self->dead = FALSE;
    processes = hs_probe_sampler_list_processes (sampler, &error);
    g_assert ((processes == NULL) == (error != NULL));
  }
  {
    g_autoptr(GError) error = NULL;
    HsSample sample = { 0 };

    self->dead = FALSE;
    if (!hs_probe_sampler_sample (sampler, 42, HS_SAMPLE_REQUEST_SMAPS | HS_SAMPLE_REQUEST_FDS,
                                  &sample, &error))
      g_assert (error != NULL);
  }
  {
    g_autoptr(GError) error = NULL;
    HsProcessInfo *info;

    self->dead = FALSE;
    info = hs_probe_sampler_get_info (sampler, 42, &error);
    g_assert ((info == NULL) == (error != NULL));
    g_clear_pointer (&info, hs_process_info_free);
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(HsMemoryMap) map = NULL;

    self->dead = FALSE;
    map = hs_probe_sampler_read_maps (sampler, 42, &error);
    g_assert ((map == NULL) == (error != NULL));
  }

  close (fd);
  self->stdout_fd = -1;
  return 0;
}
