#!/bin/sh
# Runs every libFuzzer target (tests/fuzz/meson.build) one after the other,
# each for SECONDS (default 600), niced and on one core, then prints a
# Markdown table: target, runs, seconds, crashes found.
#   bench/fuzz.sh [SECONDS [TARGET...]]
# Environment: FUZZ_BUILD (default _build-fuzz, set up with clang and
# ASan/UBSan when missing), FUZZ_WORK (corpora and logs, default
# $FUZZ_BUILD/fuzz-work), FIXTURES (more seed profiles beside
# tests/data, default ../shared/fixtures when it exists),
# FUZZ_NO_BUILD=1 to run the executables as built (while editing sources).
# Crashers (crash-*, leak-*, timeout-*, oom-*) are written straight to
# tests/fuzz/regressions/TARGET/, which the test suite replays
# (test-fuzz-TARGET): fix the bug, keep the file, add a row to
# tests/fuzz/regressions/README.md. Not run by `bench/run` without its name.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
seconds=${1:-600}
[ $# -gt 0 ] && shift
targets=${*:-"profile-reader legacy-text legacy-formats snapshot probe-reply probe-request units go-expvar go-text massif"}
build="$root/${FUZZ_BUILD:-_build-fuzz}"
work=${FUZZ_WORK:-$build/fuzz-work}
data="$root/tests/data"
fixtures=${FIXTURES:-$root/../shared/fixtures}
regressions="$root/tests/fuzz/regressions"

if [ ! -f "$build/build.ninja" ]; then
  CC=clang CXX=clang++ meson setup "$build" "$root" -Dfuzzing=true \
    -Db_sanitize=address,undefined -Db_lundef=false >/dev/null
fi
[ -n "${FUZZ_NO_BUILD:-}" ] || ninja -C "$build" $(for t in $targets; do echo "tests/fuzz/fuzz-$t"; done) \
  src/probe/heapscope-probe src/cli/heapscope-cli >/dev/null

# Seeds: the project's own test inputs for each parser.
seed () {
  target=$1
  dir="$work/seeds/$target"
  rm -rf "$dir"
  mkdir -p "$dir"
  case $target in
    profile-reader)
      for f in "$data"/*/*.pb.gz "$data"/*/*.pb "$data"/*/*.debug[12].txt \
               "$fixtures"/*/*.pb.gz "$fixtures"/*/*.pb "$fixtures"/*/*.debug[12].txt; do
        case $f in */bigprofile/*) continue ;; esac   # 4.7 MB: too slow per run
        [ -f "$f" ] && cp "$f" "$dir/$(echo "$f" | tr / _)"
      done ;;
    legacy-text)
      for f in "$data"/*/*.debug[12].txt "$fixtures"/*/*.debug[12].txt "$regressions"/profile-reader/*.txt; do
        [ -f "$f" ] && cp "$f" "$dir/$(echo "$f" | tr / _)"
      done ;;
    legacy-formats)
      for f in "$data"/legacy/*; do
        case $f in *.tsv|*.txt) continue ;; esac
        [ -f "$f" ] && cp "$f" "$dir/$(echo "$f" | tr / _)"
      done ;;
    snapshot)
      "$build/src/cli/heapscope-cli" snapshot --pid=$$ -o "$dir/self.json" >/dev/null
      printf '{"format": "heapscope-memory-map/1", "mappings": [{"name": "[anon]"}]}' >"$dir/incomplete.json"
      printf '{"format": "heapscope-memory-map/1"}' >"$dir/no-mappings.json" ;;
    probe-reply)
      # What the real probe answers to the harness's requests, in its order.
      printf 'hello 1\nlist\nsample %d smaps fds\ninfo %d\ninfo %d\nmaps %d\n' $$ $$ $$ $$ |
        "$build/src/probe/heapscope-probe" >"$dir/session.txt"
      printf 'ok heapscope-probe 1 0\nerr gone process 42 has exited\nerr denied /proc/PID/smaps of process 42: x\n' >"$dir/errors.txt" ;;
    probe-request)
      printf 'hello 1\nsample %d smaps fds\ninfo %d\nmaps %d\nsample 999999999\nsample abc\nfrobnicate\nquit\nlist\n' $$ $$ $$ >"$dir/requests.txt"
      printf 'list\nhello 2\nhello 1\nlist\n' >"$dir/handshake.txt"
      # A request line over the 1023-byte cap, then a good one.
      { head -c 1100 /dev/zero | tr '\0' x; printf '\nhello 1\nsample 1\n'; } >"$dir/long-line.txt" ;;
    units)
      for v in 500ms 3s 10m 1h 1h30m 1.5s 100ms 250us 2µs 99999999999999h 1280000000h1280000000h 64MiB 1G 4096; do
        printf '%s' "$v" >"$dir/$(echo "$v" | tr -c 'A-Za-z0-9.' _)"
      done ;;
    go-expvar)
      for f in "$data"/*/vars*.json "$fixtures"/*/vars*.json; do
        [ -f "$f" ] && cp "$f" "$dir/$(echo "$f" | tr / _)"
      done ;;
    massif)
      for f in "$data"/massif/massif.out.*; do
        case $f in *.txt) continue ;; esac
        cp "$f" "$dir/$(basename "$f")"
      done ;;
    go-text)
      # Real pages of tests/gen/gometrics are in the regressions folder.
      printf '# TYPE x histogram\nx_bucket{le="+Inf",a="\\"q\\\\"} 1 -5\nx_sum NaN\nx_count 1\n' >"$dir/histogram.txt" ;;
  esac
  # Inputs that failed before are seeds too.
  [ -d "$regressions/$target" ] && find "$regressions/$target" -type f ! -name '*.md' -exec cp {} "$dir/" \;
  return 0
}

max_len () {
  case $1 in
    units) echo 256 ;;
    probe-request) echo 8192 ;;
    *) echo 131072 ;;
  esac
}

echo "| target | runs | seconds | crashes found |"
echo "|---|---:|---:|---:|"
for target in $targets; do
  seed "$target"
  mkdir -p "$work/corpus/$target" "$work/logs/$target" "$regressions/$target"
  before=$(find "$regressions/$target" -type f ! -name '*.md' | wc -l)
  start=$(date +%s)
  # -jobs=1 runs the fuzzer in a child that logs to fuzz-0.log here.
  (cd "$work/logs/$target" &&
   LSAN_OPTIONS="suppressions=$root/tests/lsan.supp:print_suppressions=0" \
   nice -n 10 "$build/tests/fuzz/fuzz-$target" -jobs=1 -workers=1 \
     -max_total_time="$seconds" -max_len="$(max_len "$target")" -timeout=10 \
     -rss_limit_mb=2048 -report_slow_units=100000 -print_final_stats=1 \
     -artifact_prefix="$regressions/$target/" \
     "$work/corpus/$target" "$work/seeds/$target" >/dev/null 2>&1) || true
  elapsed=$(( $(date +%s) - start ))
  log="$work/logs/$target/fuzz-0.log"
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  after=$(find "$regressions/$target" -type f ! -name '*.md' | wc -l)
  echo "| $target | ${runs:-?} | $elapsed | $((after - before)) |"
done
