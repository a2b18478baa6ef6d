#!/bin/sh
# Work that stops when asked: the time from closing a profile tab, or
# pressing its Cancel, to the worker thread finishing, on bigprofile. The
# figures come from `tests/test-profile-view --bench FILE ROUNDS` (needs a
# display for GTK: Xvfb when none). "Finished" is when the view, its GFile
# and its HsProfile are all finalized (a worker holds the file or the
# profile until it reports back); for Cancel, when the view shows it.
#   RUNS=5 BUILD=_build bench/run cancel
set -eu
BUILD_DIR=${BUILD_DIR:-_build}
RUNS=${RUNS:-5}
bin="$BUILD_DIR/tests/test-profile-view"
BIG="$FIXTURES/bigprofile/bigprofile.pb.gz"
export GSK_RENDERER=cairo GSETTINGS_BACKEND=memory GTK_A11Y=none NO_AT_BRIDGE=1
export GSETTINGS_SCHEMA_DIR="$BUILD_DIR/data"
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  "$bin" --bench "$BIG" "$RUNS"
else
  xvfb-run -a "$bin" --bench "$BIG" "$RUNS"
fi
