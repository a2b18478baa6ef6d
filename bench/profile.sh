#!/bin/sh
# Profile loading: `heapscope-cli top` and `diff` against `go tool pprof`
# on the 800k-sample fixture, with `gzip -dc` as the floor. Runs are
# interleaved (one of each per round) so that all commands see the same
# machine load; each cell is the median of RUNS rounds of
# `/usr/bin/time -f '%e %M'` (wall seconds, peak RSS in KiB).
#   RUNS=5 BUILD=_build bench/run profile
# The input is the 4.7 MB bigprofile.pb.gz of ../shared/fixtures (not in
# the repository, which keeps only small test fixtures in tests/data):
# FIXTURES=DIR points at another folder holding bigprofile/bigprofile.pb.gz.
set -eu
RUNS=${RUNS:-5}
CLI="$BUILD_DIR/src/cli/heapscope-cli"
BIG="$FIXTURES/bigprofile/bigprofile.pb.gz"
if [ ! -f "$BIG" ]; then
  echo "Skipped: this section needs $BIG (800,049 samples, made by"
  echo "shared/fixtures/gen/capture.sh bigprofile-a). Put ../shared/fixtures beside"
  echo "the source tree, or set FIXTURES=DIR to a folder holding bigprofile/bigprofile.pb.gz."
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

measure () { # NAME CMD...
  name=$1; shift
  /usr/bin/time -f '%e %M' -o "$tmp/t" "$@" >/dev/null 2>"$tmp/err" || {
    echo "$name failed:" >&2; cat "$tmp/err" >&2; exit 1; }
  cat "$tmp/t" >> "$tmp/$name"
}

median () { # FILE COLUMN
  sort -n -k"$2" "$1" | awk -v c="$2" '{ v[NR] = $c } END { print v[int((NR + 1) / 2)] }'
}

i=0
while [ $i -lt "$RUNS" ]; do
  measure gzip gzip -dc "$BIG"
  measure hs_top "$CLI" top "$BIG"
  measure pprof_top go tool pprof -top "$BIG"
  measure hs_diff "$CLI" diff "$BIG" "$BIG"
  measure pprof_diff go tool pprof -top -diff_base="$BIG" "$BIG"
  i=$((i + 1))
done

raw=$(gzip -dc "$BIG" | wc -c)
gz_wall=$(median "$tmp/gzip" 1)
echo "bigprofile.pb.gz: $(wc -c < "$BIG") bytes, $raw decompressed; median of $RUNS runs"
echo
echo "| command | median wall (s) | × gzip -dc | median peak RSS (MiB) | RSS ÷ decompressed size |"
echo "|---|---|---|---|---|"
for n in gzip hs_top pprof_top hs_diff pprof_diff; do
  case $n in
    gzip) label='`gzip -dc FILE`' ;;
    hs_top) label='`heapscope-cli top FILE`' ;;
    pprof_top) label='`go tool pprof -top FILE`' ;;
    hs_diff) label='`heapscope-cli diff FILE FILE`' ;;
    pprof_diff) label='`go tool pprof -top -diff_base=FILE FILE`' ;;
  esac
  w=$(median "$tmp/$n" 1)
  m=$(median "$tmp/$n" 2)
  awk -v l="$label" -v w="$w" -v m="$m" -v g="$gz_wall" -v r="$raw" \
    'BEGIN { printf "| %s | %.2f | %.1f | %.1f | %.2f |\n", l, w, (g > 0 ? w / g : 0), m / 1024, m * 1024 / r }'
done
