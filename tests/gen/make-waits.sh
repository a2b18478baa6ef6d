#!/bin/sh
# make-waits.sh - captures goroutine ?debug=2 texts in which the runtime
# prints wait durations ("[chan receive, 1 minutes]"), for the
# goroutinewait/ fixtures.
#   tests/gen/make-waits.sh [OUTDIR]      (default: tests/data)
# Apart from make-fixtures.sh because it takes about 70 s: Go prints the
# minutes only after a goroutine has waited one minute, counted from the
# GC that found it waiting: a GC's stack scan sets runtime.gp.waitsince to
# work.tstart, which go1.19 sets only at the end of a GC's marking, so the
# first GC of a program records 0 and only the second one records a time.
# So goleak (-tick 2s) runs, two GCs are forced at 5 s
# (/debug/pprof/heap?gc=1 twice), and the texts are taken at 5 s (nobody
# has waited a minute) and at 68 s (the goroutines parked before the GCs
# have). Needs Debian's golang-go and nothing from the network.
set -eu
gen=$(cd "$(dirname "$0")" && pwd)
out=${1:-$gen/../data}
export TZ=UTC LC_ALL=C
work=$(mktemp -d)
pid=""
cleanup () {
  # Only the service this script started, by PID.
  [ -z "$pid" ] || kill "$pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

bin=$work/bin
(cd "$gen" && go build -trimpath -o "$bin/" ./goleak ./profsum ./fetch)
d=$out/goroutinewait
rm -rf "$d"
mkdir -p "$d"

"$bin/goleak" -ready-file "$work/ready" -tick 2s -duration 72s 2>"$work/log" &
pid=$!
while [ ! -s "$work/ready" ]; do sleep 0.05; done
url=http://127.0.0.1:$(cut -d' ' -f2 "$work/ready")
sleep 5
"$bin/fetch" "$url" '/debug/pprof/heap?gc=1' "$work/heap.pb.gz" \
  '/debug/pprof/heap?gc=1' "$work/heap.pb.gz" \
  '/debug/pprof/goroutine?debug=2' "$d/goroutine-t1.debug2.txt" >/dev/null
sleep 63
"$bin/fetch" "$url" '/debug/pprof/goroutine?debug=2' "$d/goroutine-t2.debug2.txt" >/dev/null
wait "$pid"
pid=""

for f in "$d"/*.debug2.txt; do
  "$bin/profsum" -debug2 "$f" > "$f.summary.txt"
done
echo "$(find "$d" -type f | wc -l) files, $(du -sb "$d" | cut -f1) bytes in $d" >&2
