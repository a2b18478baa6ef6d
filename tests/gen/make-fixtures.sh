#!/bin/sh
# make-fixtures.sh - builds the fixture services, captures real Go
# profiles from them, and writes the `go tool pprof` oracle next to them.
#   tests/gen/make-fixtures.sh [OUTDIR]      (default: tests/data)
# Needs Debian's golang-go (go1.19) and nothing from the network. About
# 15 s. Every capture is a new sample: after a run, commit the whole
# folder, inputs and oracle together. tests/data/README.md describes the
# files and the commands.
set -eu
gen=$(cd "$(dirname "$0")" && pwd)
out=${1:-$gen/../data}
export TZ=UTC LC_ALL=C
work=$(mktemp -d)
pids=""
cleanup () {
  # Only the services this script started, by PID.
  for p in $pids; do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

bin=$work/bin
(cd "$gen" && go build -trimpath -o "$bin/" ./leakcache ./goleak ./steady ./mkbad ./profsum ./fetch)

rm -rf "$out"/leakycache "$out"/leakycache-c "$out"/goroutineleak "$out"/steady "$out"/bad
mkdir -p "$out"/leakycache "$out"/leakycache-c "$out"/goroutineleak "$out"/steady "$out"/bad
out=$(cd "$out" && pwd)

now () { date +%s.%N; }
sleep_until () { # START SECONDS
  d=$(awk -v s="$1" -v t="$2" -v n="$(now)" 'BEGIN { d = s + t - n; print (d > 0 ? d : 0) }')
  sleep "$d"
}

# run SET PROG "T1 T2 ..." FLAGS...: starts PROG, captures at each time
# point (seconds after start) with capture_SET N BASE_URL, waits for
# PROG to exit by itself.
run () {
  set_name=$1 prog=$2 times=$3; shift 3
  ready=$work/$set_name.ready
  "$bin/$prog" -ready-file "$ready" "$@" 2>"$work/$set_name.log" &
  pid=$!
  pids="$pids $pid"
  start=$(now)
  while [ ! -s "$ready" ]; do sleep 0.05; done
  port=$(cut -d' ' -f2 "$ready")
  n=1
  for t in $times; do
    sleep_until "$start" "$t"
    held=$("capture_$set_name" "$n" "http://127.0.0.1:$port")
    echo "$set_name t$n: at ${t} s, workload held ${held} s" >&2
    n=$((n + 1))
  done
  wait "$pid"
}

capture_leakycache () { # N URL
  d=$out/leakycache
  set -- "$1" "$2" /debug/pprof/heap "$d/heap-t$1.pb.gz" /debug/vars "$d/vars-t$1.json"
  case $1 in
    2) set -- "$@" '/debug/pprof/heap?debug=1' "$d/heap-t2.debug1.txt" \
         /debug/pprof/goroutine "$d/goroutine-t2.pb.gz" \
         '/debug/pprof/goroutine?debug=1' "$d/goroutine-t2.debug1.txt" \
         '/debug/pprof/goroutine?debug=2' "$d/goroutine-t2.debug2.txt" ;;
    3) set -- "$@" /debug/pprof/allocs "$d/allocs-t3.pb.gz" ;;
  esac
  shift
  "$bin/fetch" "$@"
}

capture_leakycache_c () {
  "$bin/fetch" "$2" /debug/pprof/heap "$out/leakycache-c/heap-t$1.pb.gz"
}

capture_goroutineleak () {
  d=$out/goroutineleak
  "$bin/fetch" "$2" /debug/pprof/goroutine "$d/goroutine-t$1.pb.gz" \
    '/debug/pprof/goroutine?debug=1' "$d/goroutine-t$1.debug1.txt" \
    '/debug/pprof/goroutine?debug=2' "$d/goroutine-t$1.debug2.txt" \
    /debug/pprof/heap "$d/heap-t$1.pb.gz" /debug/vars "$d/vars-t$1.json"
}

capture_steady () {
  "$bin/fetch" "$2" /debug/pprof/heap "$out/steady/heap-t$1.pb.gz" /debug/vars "$out/steady/vars-t$1.json"
}

# The four services run at the same time; they are light. Each lives 3 s
# past its last capture and then exits by itself (also if this script is
# interrupted; cleanup ends the ones it can see, by PID).
run leakycache leakcache "3 6 9" -duration 12s &
j1=$!
run leakycache_c leakcache "3 6 9" -duration 12s -memprofilerate 4096 -leak-per-tick 8 -leak-size 1024 &
j2=$!
run goroutineleak goleak "2 5" -duration 8s &
j3=$!
run steady steady "3 6" -duration 9s &
j4=$!
wait $j1 && wait $j2 && wait $j3 && wait $j4
pids=""

# Broken inputs, made from the steady profile.
"$bin/mkbad" gunzip "$out/steady/heap-t1.pb.gz" "$out/steady/heap-t1.pb"
"$bin/mkbad" truncate "$out/steady/heap-t1.pb.gz" "$out/bad/bad-truncated.pb.gz"
"$bin/mkbad" randomgz "$out/bad/bad-random-gzip.pb.gz"
"$bin/mkbad" empty "$out/bad/bad-empty.pb.gz"
"$bin/mkbad" strindex "$out/steady/heap-t1.pb.gz" "$out/bad/bad-strindex.pb.gz"
"$bin/mkbad" nosamples "$out/steady/heap-t1.pb.gz" "$out/bad/bad-nosamples.pb.gz"

# ---- the oracle ----------------------------------------------------------

totals=$work/totals
: > "$totals"

# exact IDX OUT FILE [BASE] [BINARY]: pprof's every node with exact
# integers, as "name<TAB>flat<TAB>cum" (the form of
# shared/fixtures/pprof-exact.sh), and pprof's "of N total" in TOTALS.
exact () {
  idx=$1 o=$2 f=$3 base=${4:-} binary=${5:-}
  set -- -top -unit=B -nodefraction=0 -edgefraction=0 -nodecount=100000000 -sample_index="$idx"
  [ -z "$base" ] || set -- "$@" -diff_base="$base"
  [ -z "$binary" ] || set -- "$@" "$binary"
  go tool pprof "$@" "$f" > "$work/top.txt"
  awk 'BEGIN { print "name\tflat\tcum" }
       table { flat = $1; cum = $4; sub(/B$/, "", flat); sub(/B$/, "", cum)
               name = $0; sub(/^ *[^ ]+ +[^ ]+ +[^ ]+ +[^ ]+ +[^ ]+ +/, "", name)
               print name "\t" flat "\t" cum }
       /^ *flat +flat% +sum% +cum +cum%/ { table = 1 }' "$work/top.txt" > "$o"
  total=$(sed -n 's/^Showing nodes accounting for .* of \(-\{0,1\}[0-9]*\)B\{0,1\} total$/\1/p' "$work/top.txt")
  [ -n "$total" ] || { echo "no total in pprof's output for $o" >&2; exit 1; }
  printf '%s\t%s\n' "${o#"$out"/}" "$total" >> "$totals"
}

types_of () { # FILE: the sample types, from profsum
  "$bin/profsum" "$1" | sed -n 's/^proto_sample_types //p' | tr ' ' '\n' | sed 's,/.*,,'
}

heap_types="alloc_objects alloc_space inuse_objects inuse_space"

for f in "$out"/*/*.pb.gz "$out"/steady/heap-t1.pb; do
  case $f in "$out"/bad/* | "$out"/pprof-edge/*) continue ;; esac
  for idx in $(types_of "$f"); do
    exact "$idx" "$f.$idx.exact.tsv" "$f"
  done
  { "$bin/profsum" "$f"; go tool pprof -raw "$f" | awk -f "$gen/rawcount.awk"; } > "$f.summary.txt"
done

# Diff pairs: consecutive time points, and first to last.
pair () { # DIR NEWER BASE  (stems, e.g. heap-t2 heap-t1)
  for idx in $(types_of "$out/$1/$2.pb.gz"); do
    exact "$idx" "$out/$1/$2.diff-$3.$idx.exact.tsv" "$out/$1/$2.pb.gz" "$out/$1/$3.pb.gz"
  done
}
for d in leakycache leakycache-c; do
  pair $d heap-t2 heap-t1; pair $d heap-t3 heap-t2; pair $d heap-t3 heap-t1
done
pair goroutineleak goroutine-t2 goroutine-t1
pair goroutineleak heap-t2 heap-t1
pair steady heap-t2 heap-t1

# Legacy texts: pprof needs the binary that wrote them to name frames.
legacy () { # FILE BINARY TYPES
  for idx in $3; do
    exact "$idx" "$1.$idx.exact.tsv" "$1" "" "$2"
  done
  go tool pprof -raw "$2" "$1" | awk -f "$gen/rawcount.awk" > "$1.summary.txt"
}
legacy "$out/leakycache/heap-t2.debug1.txt" "$bin/leakcache" "$heap_types"
legacy "$out/leakycache/goroutine-t2.debug1.txt" "$bin/leakcache" goroutine
legacy "$out/goroutineleak/goroutine-t1.debug1.txt" "$bin/goleak" goroutine
legacy "$out/goroutineleak/goroutine-t2.debug1.txt" "$bin/goleak" goroutine

for f in "$out"/*/*.debug2.txt; do
  "$bin/profsum" -debug2 "$f" > "$f.summary.txt"
done

# What pprof and profsum say about each broken input.
(
  cd "$out/bad"
  printf 'file\tchecker\texit\tmessage\n'
  for f in *.pb.gz; do
    s=0
    go tool pprof -top "$f" > "$work/o" 2> "$work/e" || s=$?
    printf '%s\tgo tool pprof -top\t%s\t%s\n' "$f" "$s" "$(tr '\n' ' ' < "$work/e" | sed 's/ *$//')"
    s=0
    "$bin/profsum" "$f" > "$f.summary.txt" 2> "$work/e" || s=$?
    [ -s "$f.summary.txt" ] || rm -f "$f.summary.txt"
    printf '%s\tprofsum\t%s\t%s\n' "$f" "$s" "$(tr '\n' ' ' < "$work/e" | sed 's/ *$//')"
  done
) > "$work/verdicts"
mv "$work/verdicts" "$out/bad/VERDICTS.tsv"

sort "$totals" > "$out/ORACLE-TOTALS.tsv"

# One row per profile, in the columns of shared/fixtures/ORACLE-SUMMARY.tsv.
(
  cd "$out"
  printf 'file\tgzip\tperiod_type\tperiod\tdefault_sample_type\tproto_samples\tproto_locations\tproto_functions\tproto_mappings\tproto_strings\traw_samples\traw_locations\traw_functions\traw_mappings\ttotals\n'
  for s in */*.pb.gz.summary.txt */*.pb.summary.txt */*.debug1.txt.summary.txt; do
    case $s in bad/*) continue ;; esac
    awk -v f="${s%.summary.txt}" '
      { v[$1] = substr($0, length($1) + 2) }
      $1 ~ /^proto_total\./ { t = substr($1, 13); p[t] = $2; if (!(t in seen)) { seen[t] = 1; order[++n] = t } }
      $1 ~ /^raw_total\./   { t = substr($1, 11); r[t] = $2; if (!(t in seen)) { seen[t] = 1; order[++n] = t } }
      function or(k) { return (k in v) ? v[k] : "-" }
      END {
        totals = ""
        for (i = 1; i <= n; i++) {
          t = order[i]; x = (t in p) ? p[t] : r[t]
          if ((t in p) && (t in r) && p[t] != r[t]) x = x "(raw:" r[t] ")"
          totals = totals (i > 1 ? " " : "") t "=" x
        }
        printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", f,
          ("proto_gzip" in v) ? v["proto_gzip"] : "text",
          ("proto_period_type" in v) ? v["proto_period_type"] : v["raw_period_type"],
          ("proto_period" in v) ? v["proto_period"] : v["raw_period"],
          or("proto_default_sample_type"), or("proto_samples"), or("proto_locations"),
          or("proto_functions"), or("proto_mappings"), or("proto_strings"),
          v["raw_samples"], v["raw_locations"], v["raw_functions"], v["raw_mappings"], totals
      }' "$s"
  done
) > "$out/ORACLE-SUMMARY.tsv"

# pprof's own text, for the CLI's units (test-cli-output /cli-output/pprof-text)
(cd "$out/leakycache" && go tool pprof -top heap-t1.pb.gz > heap-t1.pb.gz.top.txt 2>&1)

# The crafted protobuf edge cases (deterministic: rewritten identically).
"$gen/make-pprof-edge.sh" "$out/pprof-edge"

go version > "$out/GO-VERSION.txt"
echo "$(find "$out" -type f | wc -l) files, $(du -sb "$out" | cut -f1) bytes in $out" >&2
