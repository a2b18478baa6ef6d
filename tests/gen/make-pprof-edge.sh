#!/bin/sh
# make-pprof-edge.sh - writes the small crafted profiles of issue 12's
# "exactly as pprof reads protobuf" cases (tests/gen/pprofedge) into
# tests/data/pprof-edge with what `go tool pprof` says about each:
#   tests/gen/make-pprof-edge.sh [OUTDIR]      (default: tests/data/pprof-edge)
# Deterministic (the generator writes the same bytes; diffbase.pb.gz is
# pprof's own -proto output from diff-a and diff-b), about 5 s. The oracle
# runs with -symbolize=none: without it pprof's demangling heuristics
# rewrite C++-looking names ("(anonymous namespace)::f(int)" → "::f")
# before drop_frames sees them, and Heapscope does not symbolize.
set -eu
gen=$(cd "$(dirname "$0")" && pwd)
out=${1:-$gen/../data/pprof-edge}
export TZ=UTC LC_ALL=C
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$gen" && go build -trimpath -o "$work/pprofedge" ./pprofedge)
rm -rf "$out"
mkdir -p "$out"
out=$(cd "$out" && pwd)
"$work/pprofedge" "$out"
(cd "$out" && go tool pprof -proto -symbolize=none -diff_base=diff-a.pb.gz diff-b.pb.gz > diffbase.pb.gz)

# For each file F and sample type IDX:
#   F.IDX.exact.tsv   name<TAB>flat<TAB>cum of every node (the form of
#                     tests/data/README.md's oracle), from
#                     go tool pprof -top -symbolize=none -unit=B -nodefraction=0
#                       -edgefraction=0 -nodecount=100000000 -sample_index=IDX F
#   F.raw.txt         go tool pprof -raw -symbolize=none F
#   F.traces.txt      go tool pprof -traces -symbolize=none -sample_index=inuse_space F
#                     (not for many-lines.pb.gz: megabytes of text)
# and one VERDICTS.tsv row per file and type: file, sample type, pprof's
# exit status, its "of N total" (or -), its message on a refusal.
printf 'file\tsample_index\texit\ttotal\tmessage\n' > "$work/verdicts"
cd "$out"
for f in *.pb.gz; do
  # many-lines' 70,000 inline frames would make megabytes of text.
  case $f in many-lines.pb.gz) ;; *)
  go tool pprof -raw -symbolize=none "$f" > "$f.raw.txt" 2>/dev/null || rm -f "$f.raw.txt"
  go tool pprof -traces -symbolize=none -sample_index=inuse_space "$f" > "$f.traces.txt" 2>/dev/null || rm -f "$f.traces.txt"
  esac
  for idx in inuse_objects inuse_space; do
    s=0
    go tool pprof -top -symbolize=none -unit=B -nodefraction=0 -edgefraction=0 -nodecount=100000000 \
      -sample_index="$idx" "$f" > "$work/top.txt" 2> "$work/err" || s=$?
    if [ "$s" -ne 0 ]; then
      printf '%s\t%s\t%s\t-\t%s\n' "$f" "$idx" "$s" "$(head -n 1 "$work/err" | sed "s|^$f: ||")" >> "$work/verdicts"
      continue
    fi
    # A name with a newline (drop-dollar's "main.drop\n") goes on over
    # the next line: it is joined back with the two characters \n.
    awk 'BEGIN { print "name\tflat\tcum" }
         function flush() { if (have) print name "\t" flat "\t" cum; have = 0 }
         table && /^ *-?[0-9.]+[a-zA-Z]* +-?[0-9.]+% / {
                 flush(); flat = $1; cum = $4; sub(/B$/, "", flat); sub(/B$/, "", cum)
                 name = $0; sub(/^ *[^ ]+ +[^ ]+ +[^ ]+ +[^ ]+ +[^ ]+ +/, "", name)
                 have = 1; next }
         table && have { name = name "\\n" $0; next }
         /^ *flat +flat% +sum% +cum +cum%/ { table = 1 }
         END { flush() }' "$work/top.txt" > "$f.$idx.exact.tsv"
    total=$(sed -n 's/^Showing nodes accounting for .* of \(-\{0,1\}[0-9]*\)B\{0,1\} total$/\1/p' "$work/top.txt")
    printf '%s\t%s\t0\t%s\t\n' "$f" "$idx" "$total" >> "$work/verdicts"
  done
done
mv "$work/verdicts" VERDICTS.tsv
go version > GO-VERSION.txt
