// Command steady is the control: a service that allocates all the time
// but keeps a flat live heap. It builds a fixed lookup table once
// (main.buildIndex) and a fixed ring of recent results that is
// overwritten in place; every other allocation (main.handleBatch →
// main.parseBatch, main.renderBatch, main.checksum) is garbage at once.
package main

import (
	"encoding/json"
	"expvar"
	"flag"
	"hash/crc32"
	"runtime"
	"strconv"
	"strings"
	"time"

	"hsgen/internal/svc"
)

var (
	tick      = flag.Duration("tick", 10*time.Millisecond, "period of the workload")
	batches   = flag.Int("batches-per-tick", 12, "batches handled per tick")
	indexSize = flag.Int("index-size", 20000, "entries of the start-up table")

	varBatches = expvar.NewInt("batches")

	index map[string][]byte
	ring  [256][]byte
)

//go:noinline
func buildIndex(n int) map[string][]byte {
	m := make(map[string][]byte, n)
	for i := 0; i < n; i++ {
		m["k"+strconv.Itoa(i)] = make([]byte, 96)
	}
	return m
}

//go:noinline
func parseBatch(n int) []string {
	var sb strings.Builder
	for i := 0; i < 24; i++ {
		sb.WriteString(strconv.Itoa(n*31 + i))
		sb.WriteByte(',')
	}
	return strings.Split(sb.String(), ",")
}

//go:noinline
func renderBatch(items []string) []byte {
	b, _ := json.Marshal(map[string]interface{}{"items": items, "n": len(items)})
	return b
}

//go:noinline
func checksum(b []byte) uint32 {
	c := make([]byte, len(b))
	copy(c, b)
	return crc32.ChecksumIEEE(c)
}

//go:noinline
func handleBatch(n int) {
	out := renderBatch(parseBatch(n))
	slot := ring[n%len(ring)]
	if cap(slot) < len(out) {
		slot = make([]byte, len(out), 2*len(out))
	}
	slot = slot[:len(out)]
	copy(slot, out)
	ring[n%len(ring)] = slot
	_ = index["k"+strconv.Itoa(n%len(index))]
	_ = checksum(out)
	varBatches.Add(1)
}

func loop(g *svc.Gate) {
	t := time.NewTicker(*tick)
	defer t.Stop()
	n := 0
	for range t.C {
		g.Pass()
		for i := 0; i < *batches; i++ {
			n++
			handleBatch(n)
		}
	}
}

func main() {
	flag.Parse()
	expvar.Publish("goroutines", expvar.Func(func() interface{} { return runtime.NumGoroutine() }))
	expvar.Publish("program", expvar.Func(func() interface{} { return "steady" }))
	index = buildIndex(*indexSize)
	g := svc.NewGate(1)
	svc.Start(g)
	go loop(g)
	svc.Live()
}
