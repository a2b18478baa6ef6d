/* hs-test-go-service.h: the real Go test service (tests/gen/gometrics)
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  GSubprocess *process;
  int          pid;
  guint        port;
  char        *url;
  char        *dir;
} GoService;

/* Starts it on 127.0.0.1 and waits until it listens; NULL (and the test
 * skipped) when go was not found at configure time. */
GoService *go_service_start (void);
GoService *go_service_start_with (const char *extra);
void       go_service_stop  (GoService *svc);

G_END_DECLS
