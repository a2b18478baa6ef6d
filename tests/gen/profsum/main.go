// Command profsum is an independent count of what a profile holds, made
// without pprof and without any protobuf library, to check the reader
// against something other than pprof's merged view:
//
//	profsum FILE          profile.proto (gzipped or not): "proto_KEY VALUE" lines
//	profsum -debug2 FILE  goroutine ?debug=2 text: "text_KEY VALUE" lines
//
// Exit status 1 when FILE cannot be decoded, with the reason on stderr.
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"log"
	"os"
	"sort"
	"strings"

	"hsgen/internal/wire"
)

func must(err error) {
	if err != nil {
		log.Fatal(err)
	}
}

func str(table []string, i uint64, what string, errs *[]string) string {
	if i >= uint64(len(table)) {
		*errs = append(*errs, fmt.Sprintf("%s: string index %d out of range (table has %d)", what, i, len(table)))
		return "?"
	}
	return table[i]
}

func proto(path string) {
	file, err := os.ReadFile(path)
	must(err)
	if len(file) == 0 {
		log.Fatal("empty input")
	}
	raw, err := wire.Gunzip(file)
	must(err)
	top, err := wire.Parse(raw)
	must(err)

	var strs []string
	for _, f := range top {
		if f.Num == 6 {
			strs = append(strs, string(f.Data))
		}
	}
	var errs []string
	var types []string
	var periodType string
	var period, dflt uint64
	counts := map[uint64]int{}
	var totals []int64
	stacks := map[string]bool{}
	for _, f := range top {
		counts[f.Num]++
		switch f.Num {
		case 1, 11:
			vt, err := wire.Parse(f.Data)
			must(err)
			var t, u uint64
			for _, x := range vt {
				if x.Num == 1 {
					t = x.Int
				} else if x.Num == 2 {
					u = x.Int
				}
			}
			name := str(strs, t, "value_type.type", &errs) + "/" + str(strs, u, "value_type.unit", &errs)
			if f.Num == 1 {
				types = append(types, name)
			} else {
				periodType = name
			}
		case 12:
			period = f.Int
		case 14:
			dflt = f.Int
		case 5:
			fn, err := wire.Parse(f.Data)
			must(err)
			for _, x := range fn {
				if x.Num == 2 || x.Num == 3 || x.Num == 4 {
					str(strs, x.Int, "function.name", &errs)
				}
			}
		}
	}
	totals = make([]int64, len(types))
	for _, f := range top {
		if f.Num != 2 {
			continue
		}
		s, err := wire.Parse(f.Data)
		must(err)
		var locs []string
		var vals []uint64
		for _, x := range s {
			switch x.Num {
			case 1:
				ids, err := wire.Ints(x)
				must(err)
				for _, id := range ids {
					locs = append(locs, fmt.Sprint(id))
				}
			case 2:
				v, err := wire.Ints(x)
				must(err)
				vals = append(vals, v...)
			}
		}
		if len(vals) != len(types) {
			errs = append(errs, fmt.Sprintf("sample has %d values, %d sample types", len(vals), len(types)))
			continue
		}
		for i, v := range vals {
			totals[i] += int64(v)
		}
		stacks[strings.Join(locs, " ")] = true
	}

	fmt.Printf("proto_gzip %v\n", wire.IsGzip(file))
	fmt.Printf("proto_sample_types %s\n", strings.Join(types, " "))
	fmt.Printf("proto_period_type %s\n", periodType)
	fmt.Printf("proto_period %d\n", period)
	if dflt == 0 {
		fmt.Printf("proto_default_sample_type \"\"\n")
	} else {
		fmt.Printf("proto_default_sample_type \"%s\"\n", str(strs, dflt, "default_sample_type", &errs))
	}
	fmt.Printf("proto_samples %d\n", counts[2])
	fmt.Printf("proto_locations %d\n", counts[4])
	fmt.Printf("proto_functions %d\n", counts[5])
	fmt.Printf("proto_mappings %d\n", counts[3])
	fmt.Printf("proto_strings %d\n", counts[6])
	for i, t := range types {
		fmt.Printf("proto_total.%s %d\n", strings.SplitN(t, "/", 2)[0], totals[i])
	}
	fmt.Printf("proto_distinct_location_id_lists %d\n", len(stacks))
	fmt.Printf("proto_errors %d\n", len(errs))
	for _, e := range errs {
		fmt.Printf("proto_error %s\n", e)
	}
}

// debug2 counts goroutines, their wait states ("[chan receive, 2
// minutes]" → "chan receive") and their innermost function (the first
// frame line, arguments removed), and the longest wait in minutes per
// innermost function (only where the runtime printed one: it does after
// a minute of waiting counted from the GC that first saw it waiting).
func debug2(path string) {
	file, err := os.ReadFile(path)
	must(err)
	states := map[string]int{}
	inner := map[string]int{}
	waits := map[string]int{}
	wait := -1
	n := 0
	sc := bufio.NewScanner(bytes.NewReader(file))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	expectFrame := false
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "goroutine ") && strings.HasSuffix(line, "]:") {
			n++
			st := line[strings.Index(line, "[")+1 : len(line)-2]
			wait = -1
			for _, part := range strings.Split(st, ", ")[1:] {
				var m int
				if _, err := fmt.Sscanf(part, "%d minutes", &m); err == nil {
					wait = m
				}
			}
			if i := strings.Index(st, ","); i >= 0 {
				st = st[:i]
			}
			states[st]++
			expectFrame = true
			continue
		}
		if expectFrame {
			expectFrame = false
			fn := line
			if i := strings.LastIndex(fn, "("); i > 0 && strings.HasSuffix(fn, ")") {
				fn = fn[:i]
			}
			inner[fn]++
			if w, ok := waits[fn]; wait >= 0 && (!ok || wait > w) {
				waits[fn] = wait
			}
		}
	}
	must(sc.Err())
	fmt.Printf("text_kind goroutine-debug2\n")
	fmt.Printf("text_goroutines %d\n", n)
	for _, k := range sortedKeys(states) {
		fmt.Printf("text_state.%s %d\n", k, states[k])
	}
	for _, k := range sortedKeys(inner) {
		fmt.Printf("text_innermost.%s %d\n", k, inner[k])
	}
	for _, k := range sortedKeys(waits) {
		fmt.Printf("text_longest_wait_minutes.%s %d\n", k, waits[k])
	}
}

func sortedKeys(m map[string]int) []string {
	var k []string
	for s := range m {
		k = append(k, s)
	}
	sort.Strings(k)
	return k
}

func main() {
	log.SetFlags(0)
	d2 := flag.Bool("debug2", false, "FILE is a goroutine ?debug=2 text")
	flag.Parse()
	if flag.NArg() != 1 {
		log.Fatal("usage: profsum [-debug2] FILE")
	}
	if *d2 {
		debug2(flag.Arg(0))
	} else {
		proto(flag.Arg(0))
	}
}
