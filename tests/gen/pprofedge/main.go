// Command pprofedge writes small profile.proto files on the edges where
// a reader can disagree with `go tool pprof` (issue 12, "exactly as pprof
// reads protobuf"): cancelling samples, names that differ only in invalid
// UTF-8, drop_frames patterns where Go's RE2 and PCRE differ, and wire
// forms pprof reads (or refuses) that are rare in real files.
//
//	pprofedge OUTDIR
//
// writes every case as OUTDIR/NAME.pb.gz (README.md in tests/data/pprof-edge
// lists them). The output is deterministic. The diff_base case is made
// by `go tool pprof -proto -diff_base` itself from diff-a and diff-b
// (tests/gen/make-pprof-edge.sh). Standard library only: the encoder
// below writes the wire format by hand.
package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// ---- a minimal protobuf encoder ----

func varint(b []byte, v uint64) []byte {
	for v >= 0x80 {
		b = append(b, byte(v)|0x80)
		v >>= 7
	}
	return append(b, byte(v))
}

func tag(b []byte, num, wt uint64) []byte { return varint(b, num<<3|wt) }

func uintField(b []byte, num, v uint64) []byte { return varint(tag(b, num, 0), v) }

func bytesField(b []byte, num uint64, data []byte) []byte {
	return append(varint(tag(b, num, 2), uint64(len(data))), data...)
}

func packedField(b []byte, num uint64, vs []uint64) []byte {
	var d []byte
	for _, v := range vs {
		d = varint(d, v)
	}
	return bytesField(b, num, d)
}

// ---- a profile builder ----

type line struct {
	fn   string
	line int64
}

type sample struct {
	stack  [][]line // leaf first; each location's lines innermost first
	values []int64
	labels [][2]string
	raw    []byte // extra bytes appended to the Sample message
}

type profile struct {
	types      [][2]string
	samples    []sample
	dropFrames string
	keepFrames string
	// Edge switches.
	lineFuncID0     bool // the location of function lineFuncID0Name gets a line with function_id 0
	lineFuncID0Name string
	missingMapping  bool // locations refer to mapping 7, which does not exist
	field0          bool // a field number 0 at the top level and in a Function
	trailing        []byte
	concat          bool // the file is two gzip members, each the whole profile
}

type enc struct {
	out     []byte
	strs    []string
	strIdx  map[string]uint64
	funcs   map[string]uint64
	funcOut []byte
	locs    map[string]uint64
	locOut  []byte
}

func (e *enc) str(s string) uint64 {
	if i, ok := e.strIdx[s]; ok {
		return i
	}
	e.strIdx[s] = uint64(len(e.strs))
	e.strs = append(e.strs, s)
	return e.strIdx[s]
}

func (e *enc) function(name string, field0 bool) uint64 {
	if id, ok := e.funcs[name]; ok {
		return id
	}
	id := uint64(len(e.funcs) + 1)
	e.funcs[name] = id
	var m []byte
	m = uintField(m, 1, id)
	m = uintField(m, 2, e.str(name))
	m = uintField(m, 3, e.str(name))
	m = uintField(m, 4, e.str("edge/main.go"))
	if field0 {
		m = uintField(m, 0, 42)
	}
	e.funcOut = bytesField(e.funcOut, 5, m)
	return id
}

func (e *enc) location(p *profile, lines []line) uint64 {
	key := fmt.Sprint(lines)
	if id, ok := e.locs[key]; ok {
		return id
	}
	id := uint64(len(e.locs) + 1)
	e.locs[key] = id
	var m []byte
	m = uintField(m, 1, id)
	if p.missingMapping {
		m = uintField(m, 2, 7)
	} else {
		m = uintField(m, 2, 1)
	}
	m = uintField(m, 3, 0x401000+id*16)
	for _, l := range lines {
		var lm []byte
		lm = uintField(lm, 1, e.function(l.fn, p.field0))
		lm = uintField(lm, 2, uint64(l.line))
		m = bytesField(m, 4, lm)
	}
	if p.lineFuncID0 && lines[0].fn == p.lineFuncID0Name {
		var lm []byte
		lm = uintField(lm, 1, 0)
		lm = uintField(lm, 2, 99)
		m = bytesField(m, 4, lm)
	}
	e.locOut = bytesField(e.locOut, 4, m)
	return id
}

func (p *profile) encode() []byte {
	e := &enc{strs: []string{""}, strIdx: map[string]uint64{"": 0},
		funcs: map[string]uint64{}, locs: map[string]uint64{}}
	var out []byte
	for _, t := range p.types {
		var m []byte
		m = uintField(m, 1, e.str(t[0]))
		m = uintField(m, 2, e.str(t[1]))
		out = bytesField(out, 1, m)
	}
	for _, s := range p.samples {
		var ids []uint64
		for _, loc := range s.stack {
			ids = append(ids, e.location(p, loc))
		}
		var m []byte
		if len(ids) > 0 {
			m = packedField(m, 1, ids)
		}
		var vs []uint64
		for _, v := range s.values {
			vs = append(vs, uint64(v))
		}
		m = packedField(m, 2, vs)
		for _, l := range s.labels {
			var lm []byte
			lm = uintField(lm, 1, e.str(l[0]))
			lm = uintField(lm, 2, e.str(l[1]))
			m = bytesField(m, 3, lm)
		}
		m = append(m, s.raw...)
		out = bytesField(out, 2, m)
	}
	if !p.missingMapping {
		var m []byte
		m = uintField(m, 1, 1)
		m = uintField(m, 2, 0x400000)
		m = uintField(m, 3, 0x800000)
		m = uintField(m, 5, e.str("/usr/bin/edge"))
		m = uintField(m, 7, 1)
		out = bytesField(out, 3, m)
	}
	out = append(out, e.locOut...)
	out = append(out, e.funcOut...)
	if p.field0 {
		out = uintField(out, 0, 5)
	}
	drop, keep := e.str(p.dropFrames), e.str(p.keepFrames)
	pt := [2]uint64{e.str("space"), e.str("bytes")}
	for _, s := range e.strs {
		out = bytesField(out, 6, []byte(s))
	}
	if drop != 0 {
		out = uintField(out, 7, drop)
	}
	if keep != 0 {
		out = uintField(out, 8, keep)
	}
	out = uintField(out, 9, 1700000000000000000)
	var m []byte
	m = uintField(m, 1, pt[0])
	m = uintField(m, 2, pt[1])
	out = bytesField(out, 11, m)
	out = uintField(out, 12, 524288)
	return out
}

func gz(b []byte) []byte {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

// ---- the cases ----

var heapTypes = [][2]string{{"inuse_objects", "count"}, {"inuse_space", "bytes"}}

func st(names ...string) [][]line {
	var s [][]line
	for i, n := range names {
		s = append(s, []line{{n, int64(10 + i)}})
	}
	return s
}

func cases() map[string]*profile {
	c := map[string]*profile{}

	// Inputs of the saved diff (make-pprof-edge.sh runs pprof -proto -diff_base).
	c["diff-a"] = &profile{types: heapTypes, samples: []sample{
		{stack: st("main.grow", "main.main"), values: []int64{10, 10240}},
		{stack: st("main.steady", "main.main"), values: []int64{5, 5000}},
		{stack: st("main.shrink", "main.main"), values: []int64{8, 8000}},
	}}
	c["diff-b"] = &profile{types: heapTypes, samples: []sample{
		{stack: st("main.grow", "main.main"), values: []int64{40, 40960}},
		{stack: st("main.steady", "main.main"), values: []int64{5, 5000}},
		{stack: st("main.shrink", "main.main"), values: []int64{2, 2000}},
		{stack: st("main.fresh", "main.main"), values: []int64{3, 3000}},
	}}

	// Samples with one stack (and the same labels) that cancel or add up:
	// pprof merges them (profile.Merge) before it totals.
	c["cancel"] = &profile{types: heapTypes, samples: []sample{
		{stack: st("main.gone", "main.main"), values: []int64{1, 100}},
		{stack: st("main.gone", "main.main"), values: []int64{-1, -100}},
		{stack: st("main.twice", "main.main"), values: []int64{1, 40}},
		{stack: st("main.twice", "main.main"), values: []int64{1, 40}},
		{stack: st("main.labelled", "main.main"), values: []int64{1, 30}, labels: [][2]string{{"k", "a"}}},
		{stack: st("main.labelled", "main.main"), values: []int64{-1, -30}, labels: [][2]string{{"k", "b"}}},
		{stack: st("main.partly", "main.main"), values: []int64{2, 10}},
		{stack: st("main.partly", "main.main"), values: []int64{-1, -4}},
		// Cancels in one sample type only: kept, with 0 in that one.
		{stack: st("main.half", "main.main"), values: []int64{1, 64}},
		{stack: st("main.half", "main.main"), values: []int64{-1, 0}},
	}}

	// Negative in-use counts (as a hand-made or converted profile has).
	c["negative"] = &profile{types: heapTypes, samples: []sample{
		{stack: st("main.freed", "main.main"), values: []int64{-3, -3072}},
		{stack: st("main.kept", "main.main"), values: []int64{2, 1024}},
		{stack: st("main.freed", "main.other", "main.main"), values: []int64{-1, -512}},
	}}

	// Names that differ only in invalid UTF-8 bytes (and one that is the
	// valid U+FFFD a repair would make of them).
	c["utf8-names"] = &profile{types: heapTypes, samples: []sample{
		{stack: st("main.caf\xe9", "main.main"), values: []int64{1, 100}},
		{stack: st("main.caf\xff", "main.main"), values: []int64{1, 200}},
		{stack: st("main.caf\xef\xbf\xbd", "main.main"), values: []int64{1, 400}},
		{stack: st("main.nul\x00byte", "main.main"), values: []int64{1, 800}},
	}}

	// drop_frames where RE2 and PCRE differ. Every profile has the same
	// stacks: main.main → X → main.leafN, X a name the pattern is about.
	dropStacks := func(names ...string) []sample {
		var s []sample
		for i, n := range names {
			leaf := fmt.Sprintf("main.leaf%d", i+1)
			s = append(s, sample{stack: st(leaf, n, "main.main"), values: []int64{1, int64(100 << i)}})
		}
		return s
	}
	c["drop-dollar"] = &profile{types: heapTypes, dropFrames: `main\.drop`,
		samples: dropStacks("main.drop\n", "main.drop")}
	c["drop-lookahead"] = &profile{types: heapTypes, dropFrames: `main\.(?=d)drop`,
		samples: dropStacks("main.drop", "main.other")}
	c["drop-repeat"] = &profile{types: heapTypes, dropFrames: `main\.drop.{0,1001}`,
		samples: dropStacks("main.drop", "main.other")}
	c["drop-repeat-1000"] = &profile{types: heapTypes, dropFrames: `main\.drop.{0,1000}`,
		samples: dropStacks("main.drop", "main.other")}
	c["drop-invalid"] = &profile{types: heapTypes, dropFrames: `main\.(drop`,
		samples: dropStacks("main.drop", "main.other")}
	c["drop-keep-invalid"] = &profile{types: heapTypes, dropFrames: `main\.drop`, keepFrames: `main\.(?!x)`,
		samples: dropStacks("main.drop", "main.other")}
	c["drop-backref"] = &profile{types: heapTypes, dropFrames: `main\.(d)rop\1?`,
		samples: dropStacks("main.drop", "main.other")}
	c["drop-names"] = &profile{types: heapTypes,
		dropFrames: `\(anonymous namespace\)::dropme|Foo::operator\(\)|`,
		samples: dropStacks("(anonymous namespace)::dropme(int)", "Foo::operator()(int)",
			"(lambda at a.cc:3)", "main.stays(x)", ".ppc64.dropme")}
	c["drop-ascii-classes"] = &profile{types: heapTypes, dropFrames: `main\.caf\w|main\.n\d`,
		samples: dropStacks("main.café", "main.cafe", "main.n٣", "main.n3")}

	// Go's regexp reads a byte that is not UTF-8 as U+FFFD: `.` matches it.
	c["drop-bad-utf8"] = &profile{types: heapTypes, dropFrames: `main\.caf.|main\.nul.`,
		samples: dropStacks("main.caf\xe9", "main.caf\xe9x", "main.nul\x00", "main.cafe")}

	// Wire forms pprof reads.
	c["packed-empty"] = &profile{types: heapTypes, samples: []sample{
		{stack: st("main.a", "main.main"), values: []int64{1, 100},
			raw: []byte{0x0a, 0x00}}, // location_id, packed, zero length
		{stack: st("main.b", "main.main"), values: []int64{2, 200}},
	}}
	c["field0"] = &profile{types: heapTypes, field0: true, samples: []sample{
		{stack: st("main.a", "main.main"), values: []int64{1, 100}},
	}}
	c["missing-mapping"] = &profile{types: heapTypes, missingMapping: true, samples: []sample{
		{stack: st("main.a", "main.main"), values: []int64{1, 100}},
		{stack: st("main.b", "main.main"), values: []int64{1, 50}},
	}}
	many := make([]line, 70000)
	for i := range many {
		many[i] = line{[]string{"main.inl1", "main.inl2", "main.inl3"}[i%3], int64(i + 1)}
	}
	c["many-lines"] = &profile{types: heapTypes, samples: []sample{
		{stack: [][]line{many, {{"main.main", 5}}}, values: []int64{1, 4096}},
		{stack: st("main.other", "main.main"), values: []int64{1, 1024}},
	}}

	// Wire forms pprof refuses.
	c["line-function-0"] = &profile{types: heapTypes, lineFuncID0: true, lineFuncID0Name: "main.a",
		samples: []sample{{stack: st("main.a", "main.main"), values: []int64{1, 100}}}}
	c["trailing-junk"] = &profile{types: heapTypes, trailing: []byte("trailing bytes!\n"),
		samples: []sample{{stack: st("main.a", "main.main"), values: []int64{1, 100}}}}
	// Two profiles in one file (two gzip members): time_nanos twice.
	c["concat"] = &profile{types: heapTypes, concat: true,
		samples: []sample{{stack: st("main.a", "main.main"), values: []int64{1, 100}}}}
	c["trailing-zeros"] = &profile{types: heapTypes, trailing: []byte{0, 0, 0, 0},
		samples: []sample{{stack: st("main.a", "main.main"), values: []int64{1, 100}}}}
	return c
}

// RE2 versus PCRE: patterns whose verdict or meaning differs between Go's
// regexp (what pprof compiles drop_frames with) and PCRE, and names to
// match them against, as pprof does: "^(" + pattern + ")$".
var re2Patterns = []string{
	// Valid in RE2.
	`main\.drop`, `a$`, `.*`, `(?i)MAIN\.x`, `(?s:.)b`, `a.b`, `x{2,1000}`, `x{1000}`, `x{2}`,
	`\d+`, `\w+`, `\s`, `\S+`, `\D`, `\W`, `[[:alpha:]]+`, `[^[:digit:]]+`, `[[:word:]]`, `\pL+`,
	`\x41`, `\x{263a}`, `\101`, `\0`, `a{,5}`, `a{`, `[]a]+`, `[a-]+`, `\Qa.b\E`, `\Q(\E.*`,
	`(?P<n>x)`, `\bx\b`, `a\b.*`, `a\B.*`, `x*?`, `(?U)x*`, `a\z`, `\Aa`, `(?m)^a$`, `a|`, `|`,
	`()`, `[\d]+`, `\.`, `\_`, `\v`, `[\w.]+`, `Foo::operator\(\)`, `\[`, `[\[]`, `[[]`,
	`#`, `a b`, `(?i:A)`, `(?-s:.)`, `x{1,}`, `(a)(b)`, `\p{Greek}`, `[^a]`,
	// Invalid in RE2 (most valid in PCRE).
	`(?=x)x`, `(?!y)x`, `(?<=a)x`, `(?<!a)x`, `(?>x)`, `(?#c)x`, `(?<n>x)`, `(?x)a`, `\1`, `(a)\1`,
	`\8`, `x{1001}`, `x{0,1001}`, `x{1001,}`, `x{2,1}`, `x**`, `x*+`, `x++`, `x?+`, `x{2}{3}`,
	`*x`, `\Z`, `\G`, `\K`, `\h`, `\R`, `\C`, `\e`, `(`, `)`, `[a`, `\`, `[[:foo:]]`,
	`\xg`, `\p{Foo}`, `main\.(drop`, `(?i`, `(?P<>x)`, `x{2}*`,
}

var re2Names = []string{
	"main.drop", "main.drop\n", "a", "a\n", "x", "xx", "xxx", "main.café", "é", "٣", "aé", "A",
	"a{,5}", "a{", "]", "-", "a.b", "_", "\v", " ", "\t", "3", "ab", "a\rb", "a\nb",
	"Foo::operator()", "a]", "[", "☺", "main.X", "MAIN.x", "(", "(x", "#", "a b", "Ω", "b",
}

func writeRE2(path string) error {
	var b strings.Builder
	b.WriteString("pattern\tcompiles\tname\tmatches\n")
	for _, p := range re2Patterns {
		rx, err := regexp.Compile("^(" + p + ")$")
		if err != nil {
			fmt.Fprintf(&b, "%s\t0\t-\t-\n", strconv.Quote(p))
			continue
		}
		for _, n := range re2Names {
			m := 0
			if rx.MatchString(n) {
				m = 1
			}
			fmt.Fprintf(&b, "%s\t1\t%s\t%d\n", strconv.Quote(p), strconv.Quote(n), m)
		}
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

func main() {
	log.SetFlags(0)
	if len(os.Args) != 2 {
		log.Fatal("usage: pprofedge OUTDIR")
	}
	if err := writeRE2(filepath.Join(os.Args[1], "re2-verdicts.tsv")); err != nil {
		log.Fatal(err)
	}
	for name, p := range cases() {
		data := append(gz(p.encode()), p.trailing...)
		if p.concat {
			data = append(data, gz(p.encode())...)
		}
		if err := os.WriteFile(filepath.Join(os.Args[1], name+".pb.gz"), data, 0o644); err != nil {
			log.Fatal(err)
		}
	}
}
