/* hs-flame-frames.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hs-flame-graph.h"
#include "hs-flame-model.h"

G_BEGIN_DECLS

GArray *hs_flame_frames_from_model (HsFlameModel  *model,
                                    gint64        *out_total,
                                    GCancellable  *cancellable,
                                    GError       **error);

G_END_DECLS
