#!/bin/sh
# The CI gate end to end: how long `heapscope-cli run` and
# `heapscope-cli watch --fail-on-leak` need, at the default 10-minute
# window and 1 s sampling, to call a slow leak "leaking". Both judge once,
# at their end, so each DURATION in DURATIONS gets its own leaking
# heapscope-demo (RATE_KIB KiB/s on 20 MiB), all started together: the
# shortest duration that says "leaking" bounds the detection time. Steady
# demos (20 MiB) over the longest duration count false alarms.
#   BUILD=_build bench/run gate
#   DURATIONS="8m50s 9m05s 9m20s 10m" WINDOW=10m RATE_KIB=64 BUILD=_build bench/run gate
# RUN_ARGS adds options to `run`, e.g. RUN_ARGS=--max-growth=1MiB/min (a
# growth limit breaks on "growing" too, long before "leaking").
set -eu
DEMO="$BUILD_DIR/src/demo/heapscope-demo"
CLI="$BUILD_DIR/src/cli/heapscope-cli"
DURATIONS=${DURATIONS:-"8m50s 9m05s 9m20s 10m"}
WINDOW=${WINDOW:-10m}
INTERVAL=${INTERVAL:-1s}
RATE_KIB=${RATE_KIB:-64}
RUN_ARGS=${RUN_ARGS:-}
tmp=$(mktemp -d)
pids=""
jobs=""
trap 'for p in $pids; do kill $p 2>/dev/null || true; done; rm -rf "$tmp"' EXIT

# Starts a demo (its pid in $demo_pid) and waits until it is ready.
start_demo () { # name args...
  name=$1; shift
  "$DEMO" --ready-file="$tmp/$name.ready" --threads=1 "$@" >/dev/null &
  pids="$pids $!"
  while [ ! -f "$tmp/$name.ready" ]; do sleep 0.05; done
  demo_pid=$(cat "$tmp/$name.ready")
}

# Seconds in a duration such as 9m05s or 10m (only m and s).
seconds () {
  echo "$1" | awk '{ m = 0; s = 0; if (match ($0, /[0-9]+m/)) m = substr ($0, RSTART, RLENGTH - 1);
                     if (match ($0, /[0-9]+s/)) s = substr ($0, RSTART, RLENGTH - 1); print m * 60 + s }'
}

longest=0
for d in $DURATIONS; do
  s=$(seconds "$d")
  [ "$s" -gt "$longest" ] && longest=$s

  # watch --fail-on-leak on a running demo: exit 1 = leaking.
  start_demo "watch-$d" --initial-mib=20 --rate-kib="$RATE_KIB" --max-mib=2000
  ( "$CLI" watch --pid="$demo_pid" --interval="$INTERVAL" --window="$WINDOW" --duration="$d" \
      --fail-on-leak --format=csv >/dev/null 2>"$tmp/watch-$d.err" && st=0 || st=$?
    echo $st >"$tmp/watch-$d.status" ) &
  jobs="$jobs $!"

  # run on a demo that lasts the duration: its summary holds the verdict.
  ( "$CLI" run --interval="$INTERVAL" --window="$WINDOW" $RUN_ARGS -- \
      "$DEMO" --initial-mib=20 --rate-kib="$RATE_KIB" --max-mib=2000 --threads=1 --duration="$s"s \
      >/dev/null 2>"$tmp/run-$d.err" && st=0 || st=$?
    echo $st >"$tmp/run-$d.status" ) &
  jobs="$jobs $!"
done

start_demo steady-watch --initial-mib=20 --rate-kib=0
( "$CLI" watch --pid="$demo_pid" --interval="$INTERVAL" --window="$WINDOW" --duration="${longest}s" \
    --fail-on-leak --format=csv >/dev/null 2>"$tmp/steady-watch.err" && st=0 || st=$?
  echo $st >"$tmp/steady-watch.status" ) &
jobs="$jobs $!"
( "$CLI" run --interval="$INTERVAL" --window="$WINDOW" $RUN_ARGS -- \
    "$DEMO" --initial-mib=20 --rate-kib=0 --threads=1 --duration="$longest"s \
    >/dev/null 2>"$tmp/steady-run.err" && st=0 || st=$?
  echo $st >"$tmp/steady-run.status" ) &
jobs="$jobs $!"
wait $jobs

echo "interval $INTERVAL, window $WINDOW, leak $RATE_KIB KiB/s on 20 MiB, run $RUN_ARGS"
echo
echo "| command | program | ran for | exit | RSS verdict at the end |"
echo "|---|---|---|---:|---|"
for d in $DURATIONS; do
  echo "| watch --fail-on-leak | leaking | $d | $(cat "$tmp/watch-$d.status") | $(grep -o 'RSS: [^,]*\(, [^,]*\)\?' "$tmp/watch-$d.err" | head -1) |"
  echo "| run | leaking | $d | $(cat "$tmp/run-$d.status") | $(grep -o 'RSS: [^,]*\(, [^,]*\)\?' "$tmp/run-$d.err" | head -1) |"
done
echo "| watch --fail-on-leak | steady | ${longest}s | $(cat "$tmp/steady-watch.status") | $(grep -o 'RSS: [^,]*' "$tmp/steady-watch.err" | head -1) |"
echo "| run | steady | ${longest}s | $(cat "$tmp/steady-run.status") | $(grep -o 'RSS: [^,]*' "$tmp/steady-run.err" | head -1) |"
