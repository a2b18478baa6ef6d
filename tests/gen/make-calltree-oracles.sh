#!/bin/sh
# make-calltree-oracles.sh - `go tool pprof -traces` (every sample's
# stack, leaf first, with its value) of a few fixtures, the oracle of the
# top-down and bottom-up call trees: test-call-tree merges these stacks
# itself and compares every node of HsFlameModel's two trees with them.
# Writes tests/data/calltree/NAME.traces.txt; the command is on each
# file's first line.
#   tests/gen/make-calltree-oracles.sh        (about 1 s; needs only `go`)
set -eu
gen=$(cd "$(dirname "$0")" && pwd)
data=$gen/../data
out=$data/calltree
export TZ=UTC LC_ALL=C
mkdir -p "$out"
# NAME PROFILE SAMPLE_INDEX [pprof flags…]
run () {
  name=$1 profile=$2 idx=$3
  shift 3
  {
    echo "# go tool pprof -traces -sample_index=$idx $* $profile"
    (cd "$data" && go tool pprof -traces -sample_index="$idx" "$@" "$profile" 2>/dev/null)
  } > "$out/$name.traces.txt"
}
run heap-inuse leakycache/heap-t2.pb.gz inuse_space -unit=B
run heap-alloc leakycache-c/heap-t2.pb.gz alloc_space -unit=B
run goroutine goroutineleak/goroutine-t2.pb.gz goroutine
run heap-alloc-hide leakycache/heap-t2.pb.gz alloc_space -unit=B -hide=runtime
