#!/bin/sh
# make-massif.sh - real Valgrind massif files and ms_print's output, the
# oracle, for tests/data/massif (test-massif reads them).
#   tests/gen/massif/make-massif.sh [OUTDIR]   (default: tests/data/massif)
# Needs gcc and valgrind (Debian 12: 3.19). A few seconds. Commit the
# folder whole: each massif file with its .ms_print.txt.
set -eu
gen=$(cd "$(dirname "$0")" && pwd)
out=${1:-$gen/../../data/massif}
mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export LC_ALL=C

cc -g -O1 -fno-inline -fno-optimize-sibling-calls -o "$work/massif-prog" "$gen/massif-prog.c"
cd "$work"

# Default settings: instructions as time, a detailed snapshot every 10th.
valgrind -q --tool=massif --massif-out-file="$out/massif.out.default" ./massif-prog
# Bytes as time, stacks measured, every other snapshot detailed.
valgrind -q --tool=massif --time-unit=B --stacks=yes --detailed-freq=2 \
  --massif-out-file="$out/massif.out.stacks" ./massif-prog
# Milliseconds, and a 10% threshold: "in N places, below massif's
# threshold" nodes.
valgrind -q --tool=massif --time-unit=ms --threshold=10 --detailed-freq=1 \
  --massif-out-file="$out/massif.out.threshold" ./massif-prog

for f in "$out"/massif.out.*; do
  case $f in *.txt) continue ;; esac
  # massif records its own command line; keep the files the same on
  # every machine.
  sed -i "s|^desc: .*|desc: $(sed -n 's/^desc: //p' "$f" | sed "s|$out/||")|" "$f"
  ms_print --threshold=0 "$f" > "$f.ms_print.txt"
done
echo "valgrind $(valgrind --version)" > "$out/VERSION.txt"
