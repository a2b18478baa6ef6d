// Package svc is what every fixture service shares: an HTTP listener on
// 127.0.0.1 only with net/http/pprof and expvar, a ready file, a
// lifetime, and a gate that parks the workload while a capture runs.
//
// The gate is why the captures agree with one another: while it is held
// the workload allocates nothing, so no GC cycle can complete between two
// fetches, and the heap profile, its legacy text and the expvar snapshot
// of one time point describe the same heap.
package svc

import (
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	_ "net/http/pprof" // registers /debug/pprof/ on the default mux
	"os"
	"strconv"
	"sync"
	"time"

	_ "expvar" // registers /debug/vars on the default mux
)

// Flags every service takes.
var (
	Port      = flag.Int("port", 0, "TCP port on 127.0.0.1 (0: any free port)")
	Duration  = flag.Duration("duration", 12*time.Second, "exit by itself after this long")
	ReadyFile = flag.String("ready-file", "", "write \"PID PORT\" here once the listener is up")
)

// Gate parks workload goroutines while a capture is in progress.
type Gate struct {
	mu      sync.Mutex
	cond    *sync.Cond
	held    bool
	workers int // goroutines that call Pass
	parked  int
}

// NewGate makes a gate for @workers goroutines that call Pass.
func NewGate(workers int) *Gate {
	g := &Gate{workers: workers}
	g.cond = sync.NewCond(&g.mu)
	return g
}

// Pass returns at once unless the gate is held; then it waits for release.
func (g *Gate) Pass() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if !g.held {
		return
	}
	g.parked++
	g.cond.Broadcast()
	for g.held {
		g.cond.Wait()
	}
	g.parked--
}

func (g *Gate) hold(on bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.held = on
	g.cond.Broadcast()
	for on && g.parked < g.workers {
		g.cond.Wait()
	}
}

// Start listens, serves /debug/pprof/, /debug/vars and /hold?on=1|0 in
// the background, and writes the ready file.
func Start(g *Gate) {
	http.HandleFunc("/hold", func(w http.ResponseWriter, r *http.Request) {
		on := r.URL.Query().Get("on") == "1"
		g.hold(on)
		fmt.Fprintf(w, "held=%v\n", on)
	})
	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(*Port)))
	if err != nil {
		log.Fatal(err)
	}
	go func() { log.Fatal(http.Serve(ln, nil)) }()
	if *ReadyFile != "" {
		port := ln.Addr().(*net.TCPAddr).Port
		data := fmt.Sprintf("%d %d\n", os.Getpid(), port)
		if err := os.WriteFile(*ReadyFile, []byte(data), 0o644); err != nil {
			log.Fatal(err)
		}
	}
}

// Live keeps the process up for -duration, then returns.
func Live() {
	time.Sleep(*Duration)
}
