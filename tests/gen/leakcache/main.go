// Command leakcache is a service with a memory leak: a session cache that
// only grows. Every -tick, main.cacheStore adds -leak-per-tick sessions
// whose payload (main.makeValue, -leak-size bytes) is never freed, and
// -churn-per-tick fake requests make garbage (main.serveRequest →
// main.splitQuery, main.encodeReply, main.logRequest).
//
// The tests rely on this shape: in the heap profiles, the leak is
// main.makeValue under main.cacheStore under main.loop (the goroutine's
// first frame), and it is what grows most between two captures.
package main

import (
	"bytes"
	"encoding/json"
	"expvar"
	"flag"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"hsgen/internal/svc"
)

var (
	tick     = flag.Duration("tick", 10*time.Millisecond, "period of the workload")
	leakPer  = flag.Int("leak-per-tick", 4, "sessions added per tick, never removed")
	leakSize = flag.Int("leak-size", 4096, "payload bytes of each session")
	churnPer = flag.Int("churn-per-tick", 16, "fake requests per tick (garbage at once)")
	memRate  = flag.Int("memprofilerate", 0, "runtime.MemProfileRate when > 0")
)

type session struct {
	id      uint64
	key     string
	payload []byte
	seen    time.Time
}

var (
	mu       sync.Mutex
	sessions = make(map[string]*session)
	nextID   uint64

	varSessions = expvar.NewInt("sessions")
	varBytes    = expvar.NewInt("session_bytes")
	varRequests = expvar.NewInt("requests")
	varTicks    = expvar.NewInt("ticks")

	// keeps the churn's results reachable long enough to be real
	// allocations, not optimised away
	last atomicSink
)

type atomicSink struct {
	mu sync.Mutex
	v  interface{}
}

func (s *atomicSink) set(v interface{}) { s.mu.Lock(); s.v = v; s.mu.Unlock() }

//go:noinline
func makeValue(size int, id uint64) []byte {
	v := make([]byte, size)
	for i := 0; i < size; i += 128 {
		v[i] = byte(id >> (i % 8))
	}
	return v
}

//go:noinline
func makeKey(id uint64) string {
	return "sess-" + strconv.FormatUint(id*2654435761, 36)
}

//go:noinline
func cacheStore(n, size int) {
	mu.Lock()
	defer mu.Unlock()
	for i := 0; i < n; i++ {
		nextID++
		s := &session{id: nextID, key: makeKey(nextID), seen: time.Now()}
		s.payload = makeValue(size, nextID)
		sessions[s.key] = s
		varBytes.Add(int64(size))
	}
	varSessions.Set(int64(len(sessions)))
}

//go:noinline
func splitQuery(id int) []string {
	q := fmt.Sprintf("user=%d&page=%d&sort=name&filter=active&limit=%d", id, id%17, 10+id%40)
	return strings.Split(q, "&")
}

//go:noinline
func encodeReply(fields []string) []byte {
	reply := map[string]interface{}{"fields": fields, "count": len(fields), "ok": true}
	b, _ := json.Marshal(reply)
	return b
}

//go:noinline
func logRequest(id int, reply []byte) string {
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "request %d: %d bytes: %s\n", id, len(reply), reply)
	return buf.String()
}

//go:noinline
func serveRequest(id int) {
	fields := splitQuery(id)
	reply := encodeReply(fields)
	last.set(logRequest(id, reply))
	varRequests.Add(1)
}

func loop(g *svc.Gate) {
	t := time.NewTicker(*tick)
	defer t.Stop()
	req := 0
	for range t.C {
		g.Pass()
		cacheStore(*leakPer, *leakSize)
		for i := 0; i < *churnPer; i++ {
			req++
			serveRequest(req)
		}
		varTicks.Add(1)
	}
}

func main() {
	flag.Parse()
	if *memRate > 0 {
		runtime.MemProfileRate = *memRate
	}
	expvar.Publish("goroutines", expvar.Func(func() interface{} { return runtime.NumGoroutine() }))
	expvar.Publish("program", expvar.Func(func() interface{} { return "leakcache" }))
	g := svc.NewGate(1)
	svc.Start(g)
	go loop(g)
	svc.Live()
}
