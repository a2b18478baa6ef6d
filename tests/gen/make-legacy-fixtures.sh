#!/bin/sh
# make-legacy-fixtures.sh - writes tests/data/legacy: heap and CPU dumps
# from the real producers (tcmalloc's heap profiler, gperftools' CPU
# profiler, jemalloc with profiling) of tests/gen/leaky/leaky.c, the
# binary CPU profiles of tests/gen/legacycpu, and every oracle file of
# the folder (see tests/data/README.md, "legacy/"). The hand-written
# texts in the folder (*.heap, *.count, *.thread, *.contention, java.*
# not made here) are kept; their oracles are rewritten.
#   tests/gen/make-legacy-fixtures.sh [OUTDIR]   (default: tests/data/legacy)
# Needs gcc, g++, libgoogle-perftools-dev, libjemalloc-dev (jeprof),
# google-perftools (google-pprof) and go. A new run is a new sample:
# commit the dumps and their oracles together.
set -eu
gen=$(cd "$(dirname "$0")" && pwd)
out=${1:-$gen/../data/legacy}
export TZ=UTC LC_ALL=C
work=$(mktemp -d /tmp/hs-legacy.XXXXXX)
trap 'rm -rf "$work"' EXIT
lib=/usr/lib/x86_64-linux-gnu
mkdir -p "$out"

# ---- the producers --------------------------------------------------------

cflags="-O1 -g -fno-omit-frame-pointer"
gcc $cflags -o "$work/leaky" "$gen/leaky/leaky.c"
gcc $cflags -DLEAKY_TCMALLOC -c -o "$work/leaky.o" "$gen/leaky/leaky.c"
g++ -O1 -g -c -o "$work/dumps.o" "$gen/leaky/tcmalloc-dumps.cc"
g++ -o "$work/leaky-tcmalloc" "$work/leaky.o" "$work/dumps.o" -ltcmalloc_and_profiler

# tcmalloc's heap profiler: every allocation ("@ heapprofile").
HEAPPROFILE="$work/tc" LD_PRELOAD=$lib/libtcmalloc.so.4 "$work/leaky" >/dev/null
cp "$work/tc.0001.heap" "$out/tcmalloc.heap"
# Its growth stacks ("@ growth") and sampled heap ("@ heap_v2/524288"; this
# Debian build records no samples, so it is an empty profile).
LEAKY_HEAP_GROWTH="$out/tcmalloc-growth.heap" LEAKY_HEAP_SAMPLE="$out/tcmalloc-sample.heap" \
  TCMALLOC_SAMPLE_PARAMETER=524288 "$work/leaky-tcmalloc" >/dev/null
# gperftools' CPU profiler, 1 kHz, about half a second of work.
CPUPROFILE="$out/gperftools.cpu" CPUPROFILE_FREQUENCY=1000 "$work/leaky-tcmalloc" 10 >/dev/null 2>&1

# jemalloc: every allocation (lg_prof_sample:0), and its default sampling
# (2^19 bytes).
for mode in all:0 sampled:19; do
  name=${mode%%:*} lg=${mode#*:}
  rm -f "$work"/je.*
  MALLOC_CONF="prof:true,prof_final:true,lg_prof_sample:$lg,prof_prefix:$work/je" \
    LD_PRELOAD=$lib/libjemalloc.so.2 "$work/leaky" >/dev/null
  cp "$work"/je.*.heap "$out/jemalloc-$name.heap"
done

(cd "$gen" && go run ./legacycpu "$out")

# ---- the oracles ----------------------------------------------------------

# pprof's unit flag for a sample unit, so that -top prints exact integers.
unit_flag () {
  case $1 in
    bytes) echo "-unit=B" ;; nanoseconds) echo "-unit=ns" ;; microseconds) echo "-unit=us" ;;
    *) echo "" ;;
  esac
}

for f in "$out"/*; do
  case $f in
    *.tsv|*.txt|*.md|*.png) continue ;;
    "$out"/jemalloc-*)
      # go tool pprof does not read these ("unrecognized profile format");
      # jeprof, with the binary, is their oracle.
      { jeprof --text --show_bytes "$work/leaky" "$f"
        jeprof --text --inuse_objects "$work/leaky" "$f"; } > "$f.jeprof.txt" 2>/dev/null
      continue ;;
  esac
  rm -f "$f".*.exact.tsv
  go tool pprof -raw -symbolize=none "$f" > "$work/raw.txt"
  # raw_* lines as rawcount.awk counts them (pprof -raw leaves out samples
  # with no frames), then pprof's -top total of each sample type (the sum
  # of absolute values, every sample) and the mappings that are not the
  # 0x0/0x0 placeholder pprof shows when there are none.
  { awk -f "$gen/rawcount.awk" "$work/raw.txt"
    awk '/^Mappings$/ { m = 1; next } m && NF > 0 && $2 != "0x0/0x0/0x0" { n++ } END { print "raw_mappings_real " n + 0 }' "$work/raw.txt"
    types=$(awk '/^Samples:$/ { getline; print; exit }' "$work/raw.txt")
    for tu in $types; do
      t=${tu%%/*} u=${tu#*/}; t=${t%\[dflt\]}; u=${u%\[dflt\]}
      go tool pprof -top $(unit_flag "$u") -nodefraction=0 -edgefraction=0 -nodecount=100000000 \
        -symbolize=none -sample_index="$t" "$f" > "$work/top.txt" 2>/dev/null
      awk 'BEGIN { print "name\tflat\tcum" }
           table { flat = $1; cum = $4; sub(/[a-zµ]*B?$/, "", flat); sub(/[a-zµ]*B?$/, "", cum)
                   name = $0; sub(/^ *[^ ]+ +[^ ]+ +[^ ]+ +[^ ]+ +[^ ]+ +/, "", name)
                   print name "\t" flat "\t" cum }
           /^ *flat +flat% +sum% +cum +cum%/ { table = 1 }' "$work/top.txt" > "$f.$t.exact.tsv"
      sed -n "s/^Showing nodes accounting for .* of \(-\{0,1\}[0-9]*\)[a-zµ]*B\{0,1\} total\$/top_total.$t \1/p" "$work/top.txt"
    done; } > "$f.summary.txt"
  case $f in
    "$out"/tcmalloc*|"$out"/gperftools*)
      google-pprof --text --show_bytes "$work/leaky-tcmalloc" "$f" > "$f.google-pprof.txt" 2>/dev/null || true
      case $f in "$out"/tcmalloc.heap)
        google-pprof --text --show_bytes "$work/leaky" "$f" > "$f.google-pprof.txt" 2>/dev/null || true ;;
      esac ;;
  esac
done
echo "wrote $out"
