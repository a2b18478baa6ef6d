#!/bin/sh
# app-rss.sh - the window's resident memory after opening a profile,
# against heapscope-cli top's peak on the same file.
#   bench/app-rss.sh [FILE] [SECONDS]   (BUILD=_build; run it under
#   xvfb-run -a -s '-screen 0 1280x800x24' when there is no display)
# Starts `heapscope FILE`, waits SECONDS (default 20; the profile, its
# table and its flame graph are ready within a few), reads VmRSS, VmHWM
# and VmRSS's split (RssAnon: the process's own memory; RssFile: mapped
# files, mostly shared libraries' code) from /proc, then does the same
# for the app on a file that does not exist (the window and GTK alone),
# then runs `/usr/bin/time -f %M heapscope-cli top` three times.
# Both app runs are made twice: as GTK starts by default (on X11, GTK 4.8
# opens GL to pick its visual even with GSK_RENDERER=cairo, which maps
# Mesa and, under Xvfb, llvmpipe's libLLVM), and with GDK_DEBUG=gl-disable
# (no GL at all, as with the cairo renderer on Wayland).
set -eu
B=${BUILD:-_build}
F=${1:-../shared/fixtures/bigprofile/bigprofile.pb.gz}
S=${2:-20}
export GSETTINGS_SCHEMA_DIR=$B/data GSETTINGS_BACKEND=memory GSK_RENDERER=cairo NO_AT_BRIDGE=1 GTK_A11Y=none

# rss_after FILE SECONDS [VAR=VALUE...]
rss_after () {
  file=$1
  secs=$2
  shift 2
  env "$@" "$B/src/ui/heapscope" "$file" >/dev/null 2>&1 &
  pid=$!
  sleep "$secs"
  awk '/^(VmRSS|VmHWM|RssAnon|RssFile):/ { printf "%s %s kB  ", $1, $2 } END { print "" }' "/proc/$pid/status"
  kill "$pid"
  wait "$pid" 2>/dev/null || true
}

echo "app with $F after ${S}s: $(rss_after "$F" "$S")"
echo "app with no profile after 6s: $(rss_after /nonexistent.pb.gz 6)"
echo "app with $F after ${S}s, GDK_DEBUG=gl-disable: $(rss_after "$F" "$S" GDK_DEBUG=gl-disable)"
echo "app with no profile after 6s, GDK_DEBUG=gl-disable: $(rss_after /nonexistent.pb.gz 6 GDK_DEBUG=gl-disable)"
for i in 1 2 3; do
  /usr/bin/time -f "heapscope-cli top peak: %M kB, %e s" "$B/src/cli/heapscope-cli" top "$F" >/dev/null
done
