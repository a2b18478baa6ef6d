// Command mkbad writes broken or degenerate profiles from a good one:
//
//	mkbad truncate IN OUT    the first half of IN's bytes
//	mkbad randomgz OUT       a valid gzip of 4096 bytes from math/rand seed 1
//	mkbad empty OUT          a zero-length file
//	mkbad strindex IN OUT    the first Function's name (field 2) set to
//	                         len(string_table) + 1000, everything else kept
//	mkbad nosamples IN OUT   every Sample (field 2) removed
//	mkbad gunzip IN OUT      IN decompressed (a valid uncompressed profile)
//
// The edited profiles are gzipped again at BestSpeed, as Go writes them.
package main

import (
	"log"
	"math/rand"
	"os"

	"hsgen/internal/wire"
)

func read(path string) []byte {
	b, err := os.ReadFile(path)
	if err != nil {
		log.Fatal(err)
	}
	return b
}

func write(path string, b []byte) {
	if err := os.WriteFile(path, b, 0o644); err != nil {
		log.Fatal(err)
	}
}

func fields(path string) []wire.Field {
	raw, err := wire.Gunzip(read(path))
	if err != nil {
		log.Fatal(err)
	}
	f, err := wire.Parse(raw)
	if err != nil {
		log.Fatal(err)
	}
	return f
}

func strindex(in []wire.Field) []wire.Field {
	nstrings := uint64(0)
	for _, f := range in {
		if f.Num == 6 {
			nstrings++
		}
	}
	for i, f := range in {
		if f.Num != 5 {
			continue
		}
		fn, err := wire.Parse(f.Data)
		if err != nil {
			log.Fatal(err)
		}
		for j := range fn {
			if fn[j].Num == 2 {
				fn[j].Int = nstrings + 1000
			}
		}
		in[i].Data = wire.Encode(fn)
		return in
	}
	log.Fatal("no Function message")
	return nil
}

func main() {
	log.SetFlags(0)
	a := os.Args[1:]
	if len(a) < 2 {
		log.Fatal("usage: mkbad truncate|randomgz|empty|strindex|nosamples|gunzip [IN] OUT")
	}
	switch a[0] {
	case "truncate":
		b := read(a[1])
		write(a[2], b[:len(b)/2])
	case "randomgz":
		b := make([]byte, 4096)
		rand.New(rand.NewSource(1)).Read(b)
		write(a[1], wire.Gzip(b))
	case "empty":
		write(a[1], nil)
	case "strindex":
		write(a[2], wire.Gzip(wire.Encode(strindex(fields(a[1])))))
	case "nosamples":
		var kept []wire.Field
		for _, f := range fields(a[1]) {
			if f.Num != 2 {
				kept = append(kept, f)
			}
		}
		write(a[2], wire.Gzip(wire.Encode(kept)))
	case "gunzip":
		raw, err := wire.Gunzip(read(a[1]))
		if err != nil {
			log.Fatal(err)
		}
		write(a[2], raw)
	default:
		log.Fatalf("unknown command %q", a[0])
	}
}
