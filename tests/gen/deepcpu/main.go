// deepcpu: a CPU profile with deep stacks, for the flame graph tests.
//
// Usage: deepcpu OUT.pb.gz
//
// main.deep recurses -depth (120) times before main.spin burns CPU, and
// main.main also calls main.spin directly, so the profile has one path
// about 125 frames deep beside a shallow one: a flame graph of it does
// not fit in a window, and its root must be scrolled into view.
package main

import (
	"flag"
	"log"
	"os"
	"runtime/pprof"
	"time"
)

var depth = flag.Int("depth", 120, "recursion depth of main.deep")

//go:noinline
func spin(n int) int {
	s := 0
	for i := 0; i < n; i++ {
		s += i * i % 7
	}
	return s
}

//go:noinline
func deep(d int) int {
	if d == 0 {
		return spin(3000000)
	}
	return deep(d-1) + 1
}

func main() {
	flag.Parse()
	if flag.NArg() != 1 {
		log.Fatal("usage: deepcpu [-depth N] OUT.pb.gz")
	}
	f, err := os.Create(flag.Arg(0))
	if err != nil {
		log.Fatal(err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		log.Fatal(err)
	}
	end := time.Now().Add(2 * time.Second)
	for time.Now().Before(end) {
		deep(*depth)
		spin(1000000)
	}
	pprof.StopCPUProfile()
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
}
