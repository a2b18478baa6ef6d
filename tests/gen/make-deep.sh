#!/bin/sh
# make-deep.sh - writes tests/data/deep/cpu.pb.gz, a real Go CPU profile
# with stacks as deep as Go records them (64 frames), and its oracle
# cpu.pb.gz.top.txt (`go tool pprof -top`). A new run is a new sample.
#   tests/gen/make-deep.sh [OUTDIR]      (default: tests/data/deep)
set -eu
gen=$(cd "$(dirname "$0")" && pwd)
out=${1:-$gen/../data/deep}
export TZ=UTC LC_ALL=C
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$gen" && go build -trimpath -buildvcs=false -o "$work/deepcpu" ./deepcpu)
mkdir -p "$out"
"$work/deepcpu" "$out/cpu.pb.gz"
go tool pprof -top "$out/cpu.pb.gz" > "$out/cpu.pb.gz.top.txt" 2>&1
