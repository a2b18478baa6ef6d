#!/bin/sh
# Profiles of every shape, side by side in one run: `heapscope-cli top`
# against `go tool pprof -top`, with `gzip -dc` as the floor (issue 13's
# aims: at least 5× faster than pprof, within 3× of gunzip). The shapes
# come from tests/gen/hostile (deterministic): many functions with deep
# stacks (like pprof's own large.cpu test profile), ids of the form
# k << 32, a drop_frames pattern that backtracks; bigprofile (800k
# samples) joins them when ../shared/fixtures is there. Runs are
# interleaved (one of each command per round) so that all commands see
# the same machine load; each cell is the median of RUNS rounds of
# wall time and peak RSS (see measure).
#   RUNS=5 BUILD=_build bench/run hostile
set -eu
RUNS=${RUNS:-5}
CLI="$BUILD_DIR/src/cli/heapscope-cli"
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

(cd "$here/../tests/gen" && go build -o "$tmp/hostile" ./hostile)
files=""
for shape in manyfuncs bigids deeprecursion dropframes; do
  "$tmp/hostile" "$shape" "$tmp/$shape.pb.gz"
  files="$files $tmp/$shape.pb.gz"
done
# The small end too: a real Go heap profile of a few kB (process start
# is most of it) and the hostile shapes 50× smaller.
cp "$here/../tests/data/leakycache/heap-t3.pb.gz" "$tmp/goheap.pb.gz"
cp "$here/../tests/data/hostile/manyfuncs.pb.gz" "$tmp/manyfuncs-small.pb.gz"
files="$tmp/goheap.pb.gz $tmp/manyfuncs-small.pb.gz $files"
BIG="$FIXTURES/bigprofile/bigprofile.pb.gz"
[ -f "$BIG" ] && files="$files $BIG"

# Wall time to the microsecond from date(1) around the command (time(1)'s
# %e counts hundredths, too coarse for files gzip reads in 5 ms), peak
# RSS from time(1)'s %M; time(1)'s own fork and exec are in every
# command's figure alike.
measure () { # OUT CMD...
  out=$1; shift
  t0=$(date +%s%N)
  /usr/bin/time -f '%M' -o "$tmp/t" "$@" >/dev/null 2>"$tmp/err" || {
    echo "$out failed:" >&2; cat "$tmp/err" >&2; exit 1; }
  t1=$(date +%s%N)
  echo "$(( (t1 - t0) / 1000 )) $(cat "$tmp/t")" >> "$out"
}

median () { # FILE COLUMN
  sort -n -k"$2" "$1" | awk -v c="$2" '{ v[NR] = $c } END { print v[int((NR + 1) / 2)] }'
}

i=0
while [ $i -lt "$RUNS" ]; do
  for f in $files; do
    b=$(basename "$f" .pb.gz)
    measure "$tmp/$b.gzip" gzip -dc "$f"
    measure "$tmp/$b.hs" "$CLI" top "$f"
    measure "$tmp/$b.pprof" go tool pprof -top "$f"
  done
  i=$((i + 1))
done

echo "Median of $RUNS interleaved rounds; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs."
echo
echo "| profile | size (gz / raw) | gzip -dc (ms) | heapscope-cli top (ms) | go tool pprof -top (ms) | pprof ÷ heapscope | heapscope ÷ gzip | heapscope / pprof peak RSS (MiB) |"
echo "|---|---|---:|---:|---:|---:|---:|---|"
for f in $files; do
  b=$(basename "$f" .pb.gz)
  gz=$(wc -c < "$f")
  raw=$(gzip -dc "$f" | wc -c)
  g=$(median "$tmp/$b.gzip" 1)
  h=$(median "$tmp/$b.hs" 1)
  p=$(median "$tmp/$b.pprof" 1)
  hm=$(median "$tmp/$b.hs" 2)
  pm=$(median "$tmp/$b.pprof" 2)
  awk -v b="$b" -v gz="$gz" -v raw="$raw" -v g="$g" -v h="$h" -v p="$p" -v hm="$hm" -v pm="$pm" \
    'BEGIN { printf "| %s | %.3f / %.3f MB | %.1f | %.1f | %.1f | %.1f× | %.1f× | %.0f / %.0f |\n",
                    b, gz / 1e6, raw / 1e6, g / 1000, h / 1000, p / 1000, p / h, h / g, hm / 1024, pm / 1024 }'
done
