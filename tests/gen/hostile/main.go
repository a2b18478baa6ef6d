// Command hostile writes profiles of the shapes that once made profile
// reading slow (issue 13), to benchmark and test against `go tool pprof`:
//
//	hostile manyfuncs OUT    23,040 functions, 30,000 locations, deep
//	                         stacks (20–400 frames), and 8 dispatchers
//	                         that thousands of functions call and that
//	                         call thousands: like pprof's own large.cpu
//	                         test profile (a (caller << 32 | callee) key
//	                         hashed by its low half put every call of a
//	                         dispatcher in one bucket)
//	hostile bigids OUT       250,000 functions and locations whose ids are
//	                         k << 32 (GLib 2.74's g_int64_hash keeps the
//	                         low 32 bits: all of them in one bucket)
//	hostile deeprecursion OUT  1,000 stacks 2,000–8,000 frames deep of
//	                         three mutually recursive functions (a
//	                         recursive-descent parser): every analysis
//	                         walks each frame, and a recursive function's
//	                         cum counts once per stack
//	hostile dropframes OUT   a drop_frames pattern that backtracks
//	                         exponentially on 200 function names, each in
//	                         50 locations; a few names do match it
//
// With -small (hostile -small SHAPE OUT) the same shapes come about 50×
// smaller, for tests/data/hostile and its pprof oracle.
//
// The output is deterministic (math/rand seed 1) and gzipped as Go writes
// profiles. Standard library only, like the rest of tests/gen.
package main

import (
	"flag"
	"fmt"
	"log"
	"math/rand"
	"os"
	"strings"

	"hsgen/internal/wire"
)

type builder struct {
	out     []byte
	strings []string
	index   map[string]uint64
}

func newBuilder() *builder {
	return &builder{strings: []string{""}, index: map[string]uint64{"": 0}}
}

func (b *builder) str(s string) uint64 {
	if i, ok := b.index[s]; ok {
		return i
	}
	b.index[s] = uint64(len(b.strings))
	b.strings = append(b.strings, s)
	return b.index[s]
}

func msg(fields ...wire.Field) []byte { return wire.Encode(fields) }

func u(num, v uint64) wire.Field { return wire.Field{Num: num, Type: 0, Int: v} }

func bytesField(num uint64, data []byte) wire.Field {
	return wire.Field{Num: num, Type: 2, Data: data}
}

func packed(num uint64, vs []uint64) wire.Field {
	var d []byte
	for _, v := range vs {
		d = wire.AppendVarint(d, v)
	}
	return bytesField(num, d)
}

func (b *builder) add(f wire.Field) { b.out = append(b.out, wire.Encode([]wire.Field{f})...) }

// header: CPU profile, samples/count and cpu/nanoseconds, as Go writes.
func (b *builder) header() {
	b.add(bytesField(1, msg(u(1, b.str("samples")), u(2, b.str("count")))))
	b.add(bytesField(1, msg(u(1, b.str("cpu")), u(2, b.str("nanoseconds")))))
}

func (b *builder) function(id uint64, name, file string) {
	b.add(bytesField(5, msg(u(1, id), u(2, b.str(name)), u(3, b.str(name)), u(4, b.str(file)))))
}

// location with one line per (function id, line) pair, innermost first.
func (b *builder) location(id, addr uint64, lines ...[2]uint64) {
	fs := []wire.Field{u(1, id), u(3, addr)}
	for _, l := range lines {
		fs = append(fs, bytesField(4, msg(u(1, l[0]), u(2, l[1]))))
	}
	b.add(bytesField(4, msg(fs...)))
}

func (b *builder) sample(locs []uint64, count uint64) {
	b.add(bytesField(2, msg(packed(1, locs), packed(2, []uint64{count, count * 10000000}))))
}

func (b *builder) finish() []byte {
	b.add(u(9, 1700000000000000000))
	b.add(u(10, 1000000000))
	b.add(bytesField(11, msg(u(1, b.str("cpu")), u(2, b.str("nanoseconds")))))
	b.add(u(12, 10000000))
	out := b.out
	for _, s := range b.strings {
		out = append(out, wire.Encode([]wire.Field{bytesField(6, []byte(s))})...)
	}
	return wire.Gzip(out)
}

// manyfuncs: a call graph of 23,040 functions in 96 packages, each
// function calling up to four others, half of them also one of 8
// dispatchers, which call any function; stacks are random walks from
// main.
func manyfuncs(r *rand.Rand) []byte {
	nFuncs, nLocs, nSamples := 23040, 30000, 2500
	if *small {
		nFuncs, nLocs, nSamples = 2000, 2600, 100
	}
	b := newBuilder()
	b.header()
	for f := 1; f <= nFuncs; f++ {
		pkg := f % 96
		b.function(uint64(f), fmt.Sprintf("github.com/example/service/internal/pkg%02d.(*Type%03d).Method%05d", pkg, f%317, f),
			fmt.Sprintf("/src/github.com/example/service/internal/pkg%02d/file%03d.go", pkg, f%53))
	}
	// Location l belongs to function fn(l); the first nFuncs are one per
	// function, the rest second call sites.
	fn := make([]uint64, nLocs+1)
	locsOf := make([][]uint64, nFuncs+1)
	for l := 1; l <= nLocs; l++ {
		f := uint64(l)
		if l > nFuncs {
			f = uint64(1 + r.Intn(nFuncs))
		}
		fn[l] = f
		locsOf[f] = append(locsOf[f], uint64(l))
		b.location(uint64(l), 0x400000+uint64(l)*16, [2]uint64{f, uint64(10 + l%900)})
	}
	const nHubs = 8
	hubLoc := make([]uint64, nHubs)
	for h := 0; h < nHubs; h++ {
		id := uint64(nFuncs + 1 + h)
		b.function(id, fmt.Sprintf("github.com/example/service/internal/rpc.(*Server).dispatch%d", h), "/src/github.com/example/service/internal/rpc/server.go")
		hubLoc[h] = uint64(nLocs + 1 + h)
		b.location(hubLoc[h], 0x300000+uint64(h)*16, [2]uint64{id, 42})
	}
	callees := make([][]uint64, nFuncs+1)
	for f := 1; f <= nFuncs; f++ {
		for k := 0; k < 1+r.Intn(4); k++ {
			callees[f] = append(callees[f], uint64(1+r.Intn(nFuncs)))
		}
		if r.Intn(2) == 0 {
			callees[f] = append(callees[f], 0) // 0: a dispatcher
		}
	}
	for s := 0; s < nSamples; s++ {
		depth := 20 + r.Intn(380)
		stack := make([]uint64, 0, depth) // root first, reversed below
		f := uint64(1 + r.Intn(8))
		for d := 0; d < depth; d++ {
			ls := locsOf[f]
			stack = append(stack, ls[r.Intn(len(ls))])
			f = callees[f][r.Intn(len(callees[f]))]
			if f == 0 && d+1 < depth {
				stack = append(stack, hubLoc[r.Intn(nHubs)])
				d++
				f = uint64(1 + r.Intn(nFuncs))
			} else if f == 0 {
				f = uint64(1 + r.Intn(nFuncs))
			}
		}
		for i, j := 0, len(stack)-1; i < j; i, j = i+1, j-1 {
			stack[i], stack[j] = stack[j], stack[i]
		}
		b.sample(stack, uint64(1+r.Intn(5)))
	}
	return b.finish()
}

// bigids: every id is k << 32; 250,000 one-line locations, one function
// each, and stacks of 2–6 of them.
func bigids(r *rand.Rand) []byte {
	n, nSamples := uint64(250000), 20000
	if *small {
		n, nSamples = 5000, 400
	}
	b := newBuilder()
	b.header()
	for k := uint64(1); k <= n; k++ {
		b.function(k<<32, fmt.Sprintf("main.f%d", k), "main.go")
	}
	for k := uint64(1); k <= n; k++ {
		b.location(k<<32, 0, [2]uint64{k << 32, k % 1000})
	}
	for s := 0; s < nSamples; s++ {
		depth := 2 + r.Intn(5)
		stack := make([]uint64, depth)
		for i := range stack {
			stack[i] = uint64(1+r.Intn(int(n))) << 32
		}
		b.sample(stack, uint64(1+r.Intn(5)))
	}
	return b.finish()
}

// dropframes: names main.w000_aaaa…a (29 a's) that the pattern
// main\.w[0-9]+_(a|a)*b can only fail on after trying 2^29 ways (PCRE
// backtracks; Go's RE2 does not), plus runtime.* frames that do match
// and are pruned.
func dropframes(r *rand.Rand) []byte {
	nNames, locsPerName, nSamples := 200, 50, 20000
	if *small {
		nNames, locsPerName, nSamples = 20, 5, 300
	}
	b := newBuilder()
	b.header()
	as := strings.Repeat("a", 29)
	for f := 1; f <= nNames; f++ {
		b.function(uint64(f), fmt.Sprintf("main.w%03d_%s", f, as), "main.go")
	}
	rt := []string{"runtime.mallocgc", "runtime.newobject", "runtime.growslice", "runtime.memmove"}
	for i, name := range rt {
		b.function(uint64(nNames+1+i), name, "runtime/malloc.go")
	}
	id := uint64(0)
	locsOf := make([][]uint64, nNames+1)
	for f := 1; f <= nNames; f++ {
		for k := 0; k < locsPerName; k++ {
			id++
			locsOf[f] = append(locsOf[f], id)
			b.location(id, 0x400000+id*16, [2]uint64{uint64(f), uint64(10 + k)})
		}
	}
	rtLocs := []uint64{}
	for i := range rt {
		id++
		rtLocs = append(rtLocs, id)
		b.location(id, 0x400000+id*16, [2]uint64{uint64(nNames + 1 + i), 100})
	}
	for s := 0; s < nSamples; s++ {
		var stack []uint64
		// Leaf first: sometimes a runtime tail, then user frames.
		if r.Intn(2) == 0 {
			for k := 0; k < 1+r.Intn(3); k++ {
				stack = append(stack, rtLocs[r.Intn(len(rtLocs))])
			}
		}
		for k := 0; k < 3+r.Intn(10); k++ {
			ls := locsOf[1+r.Intn(nNames)]
			stack = append(stack, ls[r.Intn(len(ls))])
		}
		b.sample(stack, uint64(1+r.Intn(5)))
	}
	b.add(u(7, b.str(`main\.w[0-9]+_(a|a)*b|runtime\..*`)))
	return b.finish()
}

var small = flag.Bool("small", false, "write the small variant, for tests/data")

// deeprecursion: parse → expr → term → expr → … with a few call sites
// each, down to a leaf that allocates.
func deeprecursion(r *rand.Rand) []byte {
	nSamples, minDepth, maxDepth := 1000, 2000, 8000
	if *small {
		nSamples, minDepth, maxDepth = 50, 200, 800
	}
	b := newBuilder()
	b.header()
	names := []string{"main.main", "parser.(*Parser).parseExpr", "parser.(*Parser).parseTerm",
		"parser.(*Parser).parseFactor", "runtime.mallocgc"}
	for i, name := range names {
		b.function(uint64(i+1), name, "parser/parser.go")
	}
	// Three call sites in each recursive function, one in main and the leaf.
	locOf := map[[2]uint64]uint64{}
	id := uint64(0)
	for f := uint64(1); f <= uint64(len(names)); f++ {
		for site := uint64(0); site < 3; site++ {
			id++
			locOf[[2]uint64{f, site}] = id
			b.location(id, 0x400000+id*16, [2]uint64{f, 100*f + site})
		}
	}
	for s := 0; s < nSamples; s++ {
		depth := minDepth + r.Intn(maxDepth-minDepth+1)
		stack := make([]uint64, 0, depth+2) // leaf first
		stack = append(stack, locOf[[2]uint64{5, 0}])
		for d := 0; d < depth; d++ {
			f := uint64(2 + r.Intn(3))
			stack = append(stack, locOf[[2]uint64{f, uint64(r.Intn(3))}])
		}
		stack = append(stack, locOf[[2]uint64{1, 0}])
		b.sample(stack, uint64(1+r.Intn(5)))
	}
	return b.finish()
}

func main() {
	flag.Parse()
	if flag.NArg() != 2 {
		log.Fatal("usage: hostile [-small] manyfuncs|bigids|deeprecursion|dropframes OUT")
	}
	r := rand.New(rand.NewSource(1))
	var out []byte
	switch flag.Arg(0) {
	case "manyfuncs":
		out = manyfuncs(r)
	case "bigids":
		out = bigids(r)
	case "deeprecursion":
		out = deeprecursion(r)
	case "dropframes":
		out = dropframes(r)
	default:
		log.Fatalf("unknown shape %q", flag.Arg(0))
	}
	if err := os.WriteFile(flag.Arg(1), out, 0o644); err != nil {
		log.Fatal(err)
	}
}
