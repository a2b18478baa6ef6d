// Command goleak is a service that leaks goroutines. Every -tick it
// handles one fake request: two helpers that finish (main.fetchPart), and
// goroutines that never end: main.awaitAck (blocked in a channel receive)
// on every request, main.sendResult (blocked in a channel send, started
// under pprof.Do with labels handler=report, shard=s0|s1|s2) on every 2nd,
// and main.waitFirst (blocked in a select) on every 3rd. Each of them
// keeps a -buf-size buffer alive.
package main

import (
	"context"
	"expvar"
	"flag"
	"runtime"
	"runtime/pprof"
	"strconv"
	"sync"
	"time"

	"hsgen/internal/svc"
)

var (
	tick    = flag.Duration("tick", 100*time.Millisecond, "one request per tick")
	bufSize = flag.Int("buf-size", 1024, "bytes each leaked goroutine keeps")

	varRequests = expvar.NewInt("requests")
	varLeaked   = expvar.NewInt("leaked_started")
	varFinished = expvar.NewInt("helpers_finished")

	never = make(chan []byte) // nobody ever sends or receives here
)

//go:noinline
func fetchPart(wg *sync.WaitGroup, n int) {
	defer wg.Done()
	b := make([]byte, 256+n)
	b[0] = byte(n)
	varFinished.Add(1)
}

//go:noinline
func awaitAck(buf []byte) {
	ack := make(chan struct{})
	<-ack // nobody holds ack: blocked forever
	buf[0]++
}

//go:noinline
func sendResult(buf []byte) {
	never <- buf
}

//go:noinline
func waitFirst(buf []byte, a, b chan int) {
	select {
	case <-a:
	case <-b:
	}
	buf[0]++
}

//go:noinline
func handle(req int) {
	var wg sync.WaitGroup
	wg.Add(2)
	go fetchPart(&wg, req)
	go fetchPart(&wg, req+1)
	wg.Wait()

	go awaitAck(make([]byte, *bufSize))
	varLeaked.Add(1)
	if req%2 == 0 {
		labels := pprof.Labels("handler", "report", "shard", "s"+strconv.Itoa(req%3))
		pprof.Do(context.Background(), labels, func(context.Context) {
			go sendResult(make([]byte, *bufSize))
		})
		varLeaked.Add(1)
	}
	if req%3 == 0 {
		go waitFirst(make([]byte, *bufSize), make(chan int), make(chan int))
		varLeaked.Add(1)
	}
	varRequests.Add(1)
}

func loop(g *svc.Gate) {
	t := time.NewTicker(*tick)
	defer t.Stop()
	for req := 1; ; req++ {
		<-t.C
		g.Pass()
		handle(req)
	}
}

func main() {
	flag.Parse()
	expvar.Publish("goroutines", expvar.Func(func() interface{} { return runtime.NumGoroutine() }))
	expvar.Publish("program", expvar.Func(func() interface{} { return "goleak" }))
	g := svc.NewGate(1)
	svc.Start(g)
	go loop(g)
	svc.Live()
}
