// legacycpu writes the small binary CPU profiles of tests/data/legacy:
// gperftools' CPUPROFILE format (pprof's legacy_profile.go: a header of
// words 0, 3, 0|1, period in µs, 0; then "count, depth, pc…" records; an
// end record 0, 1, 0; then text) in the word sizes and byte orders pprof
// accepts, and Java's variant (third word 1, ids instead of addresses,
// names after the end record).
//
//	go run ./legacycpu OUTDIR
package main

import (
	"encoding/binary"
	"os"
	"path/filepath"
)

type writer struct {
	order binary.ByteOrder
	wide  bool
	buf   []byte
}

func (w *writer) word(v uint64) {
	if w.wide {
		b := make([]byte, 8)
		w.order.PutUint64(b, v)
		w.buf = append(w.buf, b...)
	} else {
		b := make([]byte, 4)
		w.order.PutUint32(b, uint32(v))
		w.buf = append(w.buf, b...)
	}
}

func (w *writer) sample(count uint64, pcs ...uint64) {
	w.word(count)
	w.word(uint64(len(pcs)))
	for _, pc := range pcs {
		w.word(pc)
	}
}

func write(dir, name string, w *writer, text string) {
	if err := os.WriteFile(filepath.Join(dir, name), append(w.buf, text...), 0o644); err != nil {
		panic(err)
	}
}

const maps = "00400000-00500000 r-xp 00000000 08:01 1234 /usr/bin/app\n" +
	"7f0000000000-7f0000100000 r-xp 00000000 08:01 99 /lib/x86_64-linux-gnu/libc.so.6\n"

func main() {
	dir := os.Args[1]

	// 64-bit big-endian. Every sample has the signal handler's frame
	// (0x7f0000000500, a return address) second: pprof strips it. The
	// third sample repeats its leaf (0x400123 from the signal context, and again from unwinding, where it is moved back a byte).
	w := &writer{order: binary.BigEndian, wide: true}
	w.word(0)
	w.word(3)
	w.word(0)
	w.word(10000) // µs: 100 Hz
	w.word(0)
	w.sample(5, 0x400100, 0x7f0000000501, 0x400201, 0x400301)
	w.sample(3, 0x400110, 0x7f0000000501, 0x400211, 0x400301)
	w.sample(2, 0x400123, 0x7f0000000501, 0x400123, 0x400301)
	w.sample(1, 0x7f0000001000, 0x7f0000000501, 0x400301)
	w.sample(0, 0) // the end record: 0, 1, 0
	write(dir, "cpu-64be.prof", w, maps)

	// 32-bit little-endian, no end record (pprof reads to the end).
	w = &writer{order: binary.LittleEndian}
	w.word(0)
	w.word(3)
	w.word(0)
	w.word(1000) // µs: 1 kHz
	w.word(0)
	w.sample(7, 0x400100, 0x400201, 0x400301)
	w.sample(4, 0x400110, 0x400211)
	w.sample(9, 0x400120)
	write(dir, "cpu-32le.prof", w, "")

	// Java: ids, not addresses; the names follow the end record.
	w = &writer{order: binary.LittleEndian, wide: true}
	w.word(0)
	w.word(3)
	w.word(1)
	w.word(10000)
	w.word(0)
	w.sample(6, 3, 2, 1)
	w.sample(2, 4, 2, 1)
	w.sample(1, 5)
	w.sample(0, 0)
	write(dir, "java.cpu", w, "0x0000000000000001 com.example.Main.main (Main.java:10)\n"+
		"0x0000000000000002 com.example.Work.run (Work.java:20)\n"+
		"0x0000000000000003 com.example.Work.hash (Work.java:33)\n"+
		"0x0000000000000004 com.example.Work.copy (Work.java:41)\n"+
		"0x0000000000000005 VM\n")
}
