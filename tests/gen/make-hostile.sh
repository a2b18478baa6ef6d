#!/bin/sh
# make-hostile.sh - writes the small variants of the hostile profile
# shapes (tests/gen/hostile: many functions and deep stacks, ids k << 32,
# deep recursion, a backtracking drop_frames) into tests/data/hostile with `go tool
# pprof`'s exact top of each as FILE.cpu.exact.tsv (name<TAB>flat<TAB>cum,
# in nanoseconds), the form test-profile-oracle reads.
#   tests/gen/make-hostile.sh [OUTDIR]      (default: tests/data/hostile)
# Deterministic: the same generator writes the same bytes. bench/hostile.sh
# makes the full-size ones itself.
set -eu
gen=$(cd "$(dirname "$0")" && pwd)
out=${1:-$gen/../data/hostile}
export TZ=UTC LC_ALL=C
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$gen" && go build -trimpath -o "$work/hostile" ./hostile)
mkdir -p "$out"
for shape in manyfuncs bigids deeprecursion dropframes; do
  f=$out/$shape.pb.gz
  "$work/hostile" -small "$shape" "$f"
  go tool pprof -top -unit=ns -nodefraction=0 -edgefraction=0 -nodecount=100000000 \
    -sample_index=cpu "$f" > "$work/top.txt"
  awk 'BEGIN { print "name\tflat\tcum" }
       table { flat = $1; cum = $4; sub(/ns$/, "", flat); sub(/ns$/, "", cum)
               name = $0; sub(/^ *[^ ]+ +[^ ]+ +[^ ]+ +[^ ]+ +[^ ]+ +/, "", name)
               print name "\t" flat "\t" cum }
       /^ *flat +flat% +sum% +cum +cum%/ { table = 1 }' "$work/top.txt" > "$f.cpu.exact.tsv"
done
