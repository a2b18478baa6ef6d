#!/bin/sh
# Leak verdict on real processes: RUNS leaking heapscope-demos (RATE_KIB
# KiB/s on 20 MiB) and RUNS steady ones (20 MiB), all at once, each judged
# by hs-bench-trend every INTERVAL_MS over WINDOW_S for DURATION_S.
# Prints per process: pid, seconds to the first "leaking" (-1 never),
# leaking verdicts, verdicts, final state, slope (bytes/min).
#   BUILD=_build bench/run trend
#   RUNS=5 INTERVAL_MS=1000 WINDOW_S=60 DURATION_S=150 RATE_KIB=64 BUILD=_build bench/run trend
#   RUNS=3 WINDOW_S=600 DURATION_S=1800 SAWTOOTH_MIB=16 BUILD=_build bench/run trend   (the default window, 30 min)
set -eu
DEMO="$BUILD_DIR/src/demo/heapscope-demo"
BENCH="$BUILD_DIR/bench/hs-bench-trend"
RUNS=${RUNS:-5}
INTERVAL_MS=${INTERVAL_MS:-1000}
WINDOW_S=${WINDOW_S:-60}
DURATION_S=${DURATION_S:-150}
RATE_KIB=${RATE_KIB:-64}
# A GC-like cycle on every demo, leaking and steady: SAWTOOTH_MIB more
# allocated and freed every SAWTOOTH_S seconds (0: flat).
SAWTOOTH_MIB=${SAWTOOTH_MIB:-0}
SAWTOOTH_S=${SAWTOOTH_S:-20}
tmp=$(mktemp -d)
pids=""
benches=""
trap 'for p in $pids; do kill $p 2>/dev/null || true; done; rm -rf "$tmp"' EXIT

# Starts a demo (its pid in $demo_pid) and waits until it is ready. Not
# in $(...): the demo would hold the substitution's pipe open.
start_demo () { # name args...
  name=$1; shift
  "$DEMO" --ready-file="$tmp/$name" --threads=1 --duration=$((DURATION_S + 30))s \
    --sawtooth-mib="$SAWTOOTH_MIB" --sawtooth-period="${SAWTOOTH_S}s" "$@" >/dev/null &
  pids="$pids $!"
  while [ ! -f "$tmp/$name" ]; do sleep 0.05; done
  demo_pid=$(cat "$tmp/$name")
}

echo "interval ${INTERVAL_MS} ms, window ${WINDOW_S} s, ${DURATION_S} s per run, leak ${RATE_KIB} KiB/s, sawtooth ${SAWTOOTH_MIB} MiB every ${SAWTOOTH_S} s"
for i in $(seq "$RUNS"); do
  start_demo "leak$i" --initial-mib=20 --rate-kib="$RATE_KIB" --max-mib=2000
  "$BENCH" "$demo_pid" "$INTERVAL_MS" "$WINDOW_S" "$DURATION_S" > "$tmp/leak$i.out" &
  benches="$benches $!"
  start_demo "steady$i" --initial-mib=20 --rate-kib=0
  "$BENCH" "$demo_pid" "$INTERVAL_MS" "$WINDOW_S" "$DURATION_S" > "$tmp/steady$i.out" &
  benches="$benches $!"
done
wait $benches
for i in $(seq "$RUNS"); do printf 'leaking %s' "$(cat "$tmp/leak$i.out")"; echo; done
for i in $(seq "$RUNS"); do printf 'steady  %s' "$(cat "$tmp/steady$i.out")"; echo; done
