#!/bin/sh
# Live sampling: CPU cost of one sample (local sampler, probe, ps) on a
# steady heapscope-demo holding 64 MiB, and the chart query with 600 vs
# 86,400 points per series.
#   BUILD=_build bench/run live
set -eu
DEMO="$BUILD_DIR/src/demo/heapscope-demo"
BENCH="$BUILD_DIR/bench/hs-bench-live"
export HEAPSCOPE_LIBEXECDIR="$BUILD_DIR/src/probe:$BUILD_DIR/src/demo"
tmp=$(mktemp -d)
"$DEMO" --initial-mib=64 --rate-kib=0 --threads=3 --ready-file="$tmp/ready" &
demo=$!
trap 'kill $demo 2>/dev/null; wait $demo 2>/dev/null; rm -rf "$tmp"' EXIT
while [ ! -f "$tmp/ready" ]; do sleep 0.05; done
echo "Target: heapscope-demo, 64 MiB, 4 threads, $(wc -l < /proc/$demo/maps) mappings."
echo
"$BENCH" "$demo" "${ITERATIONS:-2000}"
