#!/bin/sh
# app-rss.sh - the window's resident memory after opening a profile,
# against heapscope-cli top's peak on the same file.
#   bench/app-rss.sh [FILE] [SECONDS]   (BUILD=_build; run it under
#   xvfb-run -a -s '-screen 0 1280x800x24' when there is no display)
# Starts `heapscope FILE`, reads VmRSS and VmHWM from /proc every second
# for SECONDS (default 20; the profile, its table and its flame graph are
# ready within a few), then the same app on a file that does not exist
# (the window and GTK alone), then `/usr/bin/time -f %M heapscope-cli top`.
set -eu
B=${BUILD:-_build}
F=${1:-../shared/fixtures/bigprofile/bigprofile.pb.gz}
S=${2:-20}
export GSETTINGS_SCHEMA_DIR=$B/data GSETTINGS_BACKEND=memory GSK_RENDERER=cairo NO_AT_BRIDGE=1 GTK_A11Y=none

rss_after () {
  "$B/src/ui/heapscope" "$1" >/dev/null 2>&1 &
  pid=$!
  sleep "$2"
  awk '/VmRSS|VmHWM/ { printf "%s %s kB  ", $1, $2 } END { print "" }' "/proc/$pid/status"
  kill "$pid"
  wait "$pid" 2>/dev/null || true
}

echo "app with $F after ${S}s: $(rss_after "$F" "$S")"
echo "app with no profile after 6s: $(rss_after /nonexistent.pb.gz 6)"
for i in 1 2 3; do
  /usr/bin/time -f "heapscope-cli top peak: %M kB, %e s" "$B/src/cli/heapscope-cli" top "$F" >/dev/null
done
