# rawcount.awk - counts what `go tool pprof -raw` printed, after pprof's
# own merge: "raw_KEY VALUE" lines (period, samples, total per sample
# type, locations, distinct functions as name + file, mappings).
# usage: go tool pprof -raw [BINARY] FILE | awk -f rawcount.awk
/^PeriodType: / { print "raw_period_type " $2 "/" $3; next }
/^Period: /     { print "raw_period " $2; next }
/^Samples:$/    { part = "samples"; header = 1; next }
/^Locations$/   { part = "locations"; next }
/^Mappings$/    { part = "mappings"; next }
part == "samples" && header {
    header = 0
    for (i = 1; i <= NF; i++) { t = $i; sub(/\[dflt\]$/, "", t); sub(/\/.*/, "", t); type[i] = t }
    ntypes = NF; next
}
part == "samples" && /^ *-?[0-9]+( +-?[0-9]+)*:/ {
    samples++; split($0, halves, ":"); n = split(halves[1], v, " ")
    for (i = 1; i <= n; i++) sum[i] += v[i]
    next
}
part == "locations" && /^ +[0-9]+: 0x[0-9a-f]+/ { locations++; frame($0); next }
part == "locations" && NF > 0 { frame($0); next }
part == "mappings" && NF > 0 { mappings++; next }
function frame(line,   f, n, file) {
    sub(/^ +[0-9]+: 0x[0-9a-f]+ /, "", line); sub(/^ +/, "", line)
    sub(/^M=[0-9]+ /, "", line); sub(/^\[F\] /, "", line)
    n = split(line, f, " ")
    if (n < 2) return
    file = f[2]; sub(/:-?[0-9]+$/, "", file)
    if (!((f[1] SUBSEP file) in seen)) { seen[f[1] SUBSEP file] = 1; functions++ }
}
END {
    print "raw_samples " samples + 0
    for (i = 1; i <= ntypes; i++) printf "raw_total.%s %.0f\n", type[i], sum[i]
    print "raw_locations " locations + 0
    print "raw_functions " functions + 0
    print "raw_mappings " mappings + 0
}
