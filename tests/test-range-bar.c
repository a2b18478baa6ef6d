/* test-range-bar.c: the monitor view's span buttons and Live
 * (HsRangeBar) over a timeline.
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "hs-range-bar.h"
#include "hs-test-ui.h"

#define SEC G_GINT64_CONSTANT (1000000)

static void
test_new_destroy (void)
{
  GtkWidget *bar = hs_range_bar_new ();
  g_autoptr(HsTimeline) timeline = hs_timeline_new ();

  g_object_ref_sink (bar);
  hs_range_bar_set_timeline (HS_RANGE_BAR (bar), timeline);
  /* A minute, live, as a session opens. */
  g_assert_cmpint (hs_range_bar_get_span (HS_RANGE_BAR (bar)), ==, 60 * SEC);
  g_assert_false (hs_range_bar_get_live_shown (HS_RANGE_BAR (bar)));
  g_assert_finalize_object (bar);
}

/* A button sets the span and returns to the live edge; looking back
 * offers Live and lights no button; a zoomed span lights none. */
static void
test_follow (void)
{
  g_autoptr(HsRangeBar) bar = g_object_ref_sink (HS_RANGE_BAR (hs_range_bar_new ()));
  g_autoptr(HsTimeline) timeline = hs_timeline_new ();

  hs_range_bar_set_timeline (bar, timeline);
  hs_timeline_set_span (timeline, 60 * SEC);
  hs_timeline_set_following (timeline, TRUE);

  hs_range_bar_select_span (bar, 3600 * SEC);
  g_assert_cmpint (hs_timeline_get_span (timeline), ==, 3600 * SEC);
  g_assert_true (hs_timeline_get_following (timeline));

  hs_timeline_set_following (timeline, FALSE);
  g_assert_true (hs_range_bar_get_live_shown (bar));
  g_assert_cmpint (hs_range_bar_get_span (bar), ==, -1);
  hs_range_bar_select_span (bar, 600 * SEC);
  g_assert_cmpint (hs_timeline_get_span (timeline), ==, 600 * SEC);
  g_assert_true (hs_timeline_get_following (timeline));
  g_assert_false (hs_range_bar_get_live_shown (bar));
  g_assert_cmpint (hs_range_bar_get_span (bar), ==, 600 * SEC);

  hs_timeline_set_span (timeline, 90 * SEC);
  g_assert_cmpint (hs_range_bar_get_span (bar), ==, -1);
  hs_range_bar_select_span (bar, 0);
  g_assert_cmpint (hs_timeline_get_span (timeline), ==, 0);
  g_assert_cmpint (hs_range_bar_get_span (bar), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  HS_TEST_REQUIRE_DISPLAY ();

  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/range-bar/new-destroy", test_new_destroy);
  g_test_add_func ("/range-bar/follow", test_follow);

  return g_test_run ();
}
