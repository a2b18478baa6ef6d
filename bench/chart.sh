#!/bin/sh
# Chart frame time with 86,400 points per series against 600: drawing asks
# the series for one min/max pair per pixel column, so the cost follows the
# chart's width, not the history's length. The figures come from
# `tests/test-chart --bench` (needs a display for GTK: Xvfb when none).
set -eu
BUILD_DIR=${BUILD_DIR:-_build}
bin="$BUILD_DIR/tests/test-chart"
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  GSK_RENDERER=cairo GSETTINGS_BACKEND=memory GTK_A11Y=none NO_AT_BRIDGE=1 "$bin" --bench
else
  GSK_RENDERER=cairo GSETTINGS_BACKEND=memory GTK_A11Y=none NO_AT_BRIDGE=1 \
    xvfb-run -a "$bin" --bench
fi
