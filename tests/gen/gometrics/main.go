// Command gometrics is the Go service of the live tests (test-go-source):
// it serves what a real Go service serves (net/http/pprof, expvar) and a
// Prometheus /metrics page written by hand in the text exposition format,
// since the client_golang module is not available (standard library only).
//
// Its workload grows the heap (-leak-size bytes kept every -tick) and the
// goroutine count (one goroutine parked forever every -goroutine-every
// ticks), and churns garbage so that GC cycles happen. /hold?on=1 parks it
// (internal/svc): then the expvar values it publishes stop moving.
//
// /metrics mirrors the families of client_golang's Go and process
// collectors (go_goroutines, go_threads, go_gc_duration_seconds,
// go_memstats_*, process_resident_memory_bytes) and adds samples that
// exercise the format: a labelled counter with escaped label values, a
// histogram, NaN, +Inf and a timestamp.
package main

import (
	"expvar"
	"flag"
	"fmt"
	"net/http"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"time"

	"hsgen/internal/svc"
)

var (
	tick           = flag.Duration("tick", 10*time.Millisecond, "period of the workload")
	leakSize       = flag.Int("leak-size", 16384, "bytes kept for ever every tick")
	goroutineEvery = flag.Int("goroutine-every", 5, "park one goroutine for ever every N ticks")
	churn          = flag.Int("churn", 64, "garbage allocations of 1 KiB every tick")
	leakProfile    = flag.Bool("goroutineleak", false, "serve /debug/pprof/goroutineleak (a stand-in for Go 1.26's)")
)

var (
	mu      sync.Mutex
	kept    [][]byte
	block   = make(chan struct{})
	sink    []byte
	started = expvar.NewInt("goroutines_started")
	ticks   = expvar.NewInt("ticks")
	cache   = expvar.NewMap("cache")
	load    = expvar.NewFloat("load")
	scrapes int64
)

//go:noinline
func parkForever() { <-block }

func loop(g *svc.Gate) {
	t := time.NewTicker(*tick)
	defer t.Stop()
	n := 0
	for range t.C {
		g.Pass()
		n++
		mu.Lock()
		kept = append(kept, make([]byte, *leakSize))
		mu.Unlock()
		for i := 0; i < *churn; i++ {
			sink = make([]byte, 1024)
		}
		if *goroutineEvery > 0 && n%*goroutineEvery == 0 {
			go parkForever()
			started.Add(1)
		}
		cache.Add("hits", 3)
		cache.Add("misses", 1)
		load.Set(float64(n%100) / 8)
		ticks.Add(1)
	}
}

func rssBytes() uint64 {
	data, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(data))
	if len(f) < 2 {
		return 0
	}
	pages, _ := strconv.ParseUint(f[1], 10, 64)
	return pages * uint64(os.Getpagesize())
}

func gauge(w *strings.Builder, name, help string, v interface{}) {
	fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s gauge\n%s %v\n", name, help, name, name, v)
}

func metrics(w http.ResponseWriter, r *http.Request) {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	var gc debug.GCStats
	gc.PauseQuantiles = make([]time.Duration, 5)
	debug.ReadGCStats(&gc)
	mu.Lock()
	scrapes++
	s := scrapes
	mu.Unlock()

	var b strings.Builder
	gauge(&b, "go_goroutines", "Number of goroutines that currently exist.", runtime.NumGoroutine())
	gauge(&b, "go_threads", "Number of OS threads created.", pprof.Lookup("threadcreate").Count())
	b.WriteString("# HELP go_gc_duration_seconds A summary of the pause duration of garbage collection cycles.\n")
	b.WriteString("# TYPE go_gc_duration_seconds summary\n")
	for i, q := range []string{"0", "0.25", "0.5", "0.75", "1"} {
		fmt.Fprintf(&b, "go_gc_duration_seconds{quantile=\"%s\"} %g\n", q, gc.PauseQuantiles[i].Seconds())
	}
	fmt.Fprintf(&b, "go_gc_duration_seconds_sum %g\n", gc.PauseTotal.Seconds())
	fmt.Fprintf(&b, "go_gc_duration_seconds_count %d\n", gc.NumGC)
	gauge(&b, "go_memstats_alloc_bytes", "Bytes allocated and still in use.", ms.Alloc)
	gauge(&b, "go_memstats_heap_alloc_bytes", "Heap bytes allocated and still in use.", ms.HeapAlloc)
	gauge(&b, "go_memstats_heap_inuse_bytes", "Heap bytes in use.", ms.HeapInuse)
	gauge(&b, "go_memstats_heap_idle_bytes", "Heap bytes waiting to be used.", ms.HeapIdle)
	gauge(&b, "go_memstats_heap_released_bytes", "Heap bytes released to the OS.", ms.HeapReleased)
	gauge(&b, "go_memstats_heap_objects", "Number of allocated objects.", ms.HeapObjects)
	gauge(&b, "go_memstats_heap_sys_bytes", "Heap bytes obtained from the system.", ms.HeapSys)
	gauge(&b, "go_memstats_stack_inuse_bytes", "Bytes in use by the stack allocator.", ms.StackInuse)
	gauge(&b, "go_memstats_stack_sys_bytes", "Bytes obtained from the system for the stack allocator.", ms.StackSys)
	gauge(&b, "go_memstats_mspan_inuse_bytes", "Bytes in use by mspan structures.", ms.MSpanInuse)
	gauge(&b, "go_memstats_mcache_inuse_bytes", "Bytes in use by mcache structures.", ms.MCacheInuse)
	gauge(&b, "go_memstats_buck_hash_sys_bytes", "Bytes used by the profiling bucket hash table.", ms.BuckHashSys)
	gauge(&b, "go_memstats_gc_sys_bytes", "Bytes used for garbage collection system metadata.", ms.GCSys)
	gauge(&b, "go_memstats_other_sys_bytes", "Bytes used for other system allocations.", ms.OtherSys)
	gauge(&b, "go_memstats_sys_bytes", "Bytes obtained from the system.", ms.Sys)
	gauge(&b, "go_memstats_next_gc_bytes", "Heap bytes when the next GC will take place.", ms.NextGC)
	b.WriteString("# HELP go_memstats_mallocs_total Total number of mallocs.\n# TYPE go_memstats_mallocs_total counter\n")
	fmt.Fprintf(&b, "go_memstats_mallocs_total %d\n", ms.Mallocs)
	gauge(&b, "process_resident_memory_bytes", "Resident memory size in bytes.", rssBytes())

	// What the format allows beyond the Go collector.
	b.WriteString("# HELP hs_scrapes_total Scrapes of this page.\n# TYPE hs_scrapes_total counter\n")
	fmt.Fprintf(&b, "hs_scrapes_total{path=\"/metrics\",quote=\"say \\\"hi\\\"\\\\n\\n\"} %d\n", s)
	b.WriteString("# TYPE hs_ticks_total counter\n")
	fmt.Fprintf(&b, "hs_ticks_total %s\n", ticks.String())
	b.WriteString("# TYPE hs_tick_seconds histogram\n")
	fmt.Fprintf(&b, "hs_tick_seconds_bucket{le=\"0.005\"} 0\nhs_tick_seconds_bucket{le=\"+Inf\"} %s\n", ticks.String())
	fmt.Fprintf(&b, "hs_tick_seconds_sum %g\nhs_tick_seconds_count %s\n", tick.Seconds()*float64(ticks.Value()), ticks.String())
	b.WriteString("# TYPE hs_temperature gauge\nhs_temperature NaN\n")
	b.WriteString("# TYPE hs_ceiling gauge\nhs_ceiling +Inf\n")
	b.WriteString("hs_untyped_with_timestamp 42 1700000000000\n")
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	w.Write([]byte(b.String()))
}

// goroutineLeak stands in for the /debug/pprof/goroutineleak handler of
// Go 1.26 (GOEXPERIMENT=goroutineleakprofile; standard from Go 1.27),
// which go1.19 does not have: it serves the real goroutine profile
// (runtime/pprof.Lookup("goroutine")), binary or ?debug=N text, at that
// path. Go 1.26's profile lists only the goroutines a GC found blocked on
// objects nothing else can reach; here every goroutine is listed, which
// is enough to exercise discovery, the offer and the capture for real.
func goroutineLeak(w http.ResponseWriter, r *http.Request) {
	debug, _ := strconv.Atoi(r.FormValue("debug"))
	if debug != 0 {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	} else {
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Header().Set("Content-Disposition", `attachment; filename="goroutineleak"`)
	}
	pprof.Lookup("goroutine").WriteTo(w, debug)
}

func main() {
	flag.Parse()
	if *leakProfile {
		http.HandleFunc("/debug/pprof/goroutineleak", goroutineLeak)
	}
	expvar.Publish("goroutines", expvar.Func(func() interface{} { return runtime.NumGoroutine() }))
	expvar.Publish("program", expvar.Func(func() interface{} { return "gometrics" }))
	// Published from the start, so that the first page already has them.
	cache.Add("hits", 0)
	cache.Add("misses", 0)
	http.HandleFunc("/metrics", metrics)
	g := svc.NewGate(1)
	svc.Start(g)
	go loop(g)
	svc.Live()
}
