#!/bin/sh
# make-filter-oracles.sh - `go tool pprof`'s exact top under its sample
# filters (-focus -ignore -hide -show -tagfocus -tagignore), for each case
# of tests/data/filters/CASES.tsv (case, profile and base under
# tests/data, sample index, unit, "lines", then the six filters; "-" is
# unset). Writes tests/data/filters/CASE.exact.tsv (name<TAB>flat<TAB>cum,
# the form of heapscope-cli top --format=tsv) and TOTALS.tsv (case, pprof's
# "of N total", pprof's stderr warnings), which test-profile-filter reads.
#   tests/gen/make-filter-oracles.sh        (about 5 s; needs only `go`)
set -eu
gen=$(cd "$(dirname "$0")" && pwd)
data=$gen/../data
out=$data/filters
export TZ=UTC LC_ALL=C
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
: > "$out/TOTALS.tsv"
tab=$(printf '\t')
grep -v '^#' "$out/CASES.tsv" | while IFS=$tab read -r name profile base idx unit lines focus ignore hide show tagfocus tagignore; do
  set -- -top -nodefraction=0 -edgefraction=0 -nodecount=100000000 -sample_index="$idx"
  [ "$unit" = - ] || set -- "$@" -unit="$unit"
  [ "$lines" = - ] || set -- "$@" -lines
  [ "$base" = - ] || set -- "$@" -diff_base="$data/$base"
  [ "$focus" = - ] || set -- "$@" -focus="$focus"
  [ "$ignore" = - ] || set -- "$@" -ignore="$ignore"
  [ "$hide" = - ] || set -- "$@" -hide="$hide"
  [ "$show" = - ] || set -- "$@" -show="$show"
  [ "$tagfocus" = - ] || set -- "$@" -tagfocus="$tagfocus"
  [ "$tagignore" = - ] || set -- "$@" -tagignore="$tagignore"
  go tool pprof "$@" "$data/$profile" > "$work/top.txt" 2> "$work/err.txt"
  awk -v u="$unit" 'BEGIN { print "name\tflat\tcum" }
       table { flat = $1; cum = $4
               if (u != "-") { sub(u "$", "", flat); sub(u "$", "", cum) }
               name = $0; sub(/^ *[^ ]+ +[^ ]+ +[^ ]+ +[^ ]+ +[^ ]+ +/, "", name)
               print name "\t" flat "\t" cum }
       /^ *flat +flat% +sum% +cum +cum%/ { table = 1 }' "$work/top.txt" > "$out/$name.exact.tsv"
  total=$(sed -n 's/^Showing nodes accounting for .* of \(-\{0,1\}[0-9]*\)[a-zA-Z]* total$/\1/p' "$work/top.txt")
  [ -n "$total" ] || { echo "no total in pprof's output for $name" >&2; cat "$work/top.txt" >&2; exit 1; }
  warnings=$(grep 'matched no samples' "$work/err.txt" | tr '\n' ' ' || true)
  printf '%s\t%s\t%s\n' "$name" "$total" "$warnings" >> "$out/TOTALS.tsv"
done
