/* hs-alert-thresholds-group.h
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define HS_TYPE_ALERT_THRESHOLDS_GROUP (hs_alert_thresholds_group_get_type ())

/**
 * HsAlertThresholdsGroup:
 *
 * The "Alerts" rows: one spin button per threshold of an a{sd} thresholds
 * dictionary (see hs_alert_rules_new_from_thresholds()), shown in the
 * units people think in (MiB, MiB per minute, goroutines) and stored in
 * the dictionary's (bytes, bytes per minute). Preferences binds it to the
 * settings; a session's alerts window to the session.
 *
 * Properties:
 *  - thresholds (GVariant a{sd}, read-write): keys it does not show are
 *    kept as they are
 */
G_DECLARE_FINAL_TYPE (HsAlertThresholdsGroup, hs_alert_thresholds_group,
                      HS, ALERT_THRESHOLDS_GROUP, AdwPreferencesGroup)

HsAlertThresholdsGroup *hs_alert_thresholds_group_new            (void);
/* (transfer none) */
GVariant               *hs_alert_thresholds_group_get_thresholds (HsAlertThresholdsGroup *self);
void                    hs_alert_thresholds_group_set_thresholds (HsAlertThresholdsGroup *self,
                                                                  GVariant               *thresholds);
/* A row's value as shown (MiB, MiB/min or a count); @key: HS_ALERT_KEY_*. */
double                  hs_alert_thresholds_group_get_value      (HsAlertThresholdsGroup *self,
                                                                  const char             *key);
void                    hs_alert_thresholds_group_set_value      (HsAlertThresholdsGroup *self,
                                                                  const char             *key,
                                                                  double                  value);

G_END_DECLS
