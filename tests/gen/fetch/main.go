// Command fetch captures one time point of a fixture service:
//
//	fetch BASE_URL PATH OUT [PATH OUT]...
//
// It holds the service's workload (/hold?on=1), GETs each PATH into OUT,
// and releases the workload, so that every file of one time point comes
// from the same GC cycle. It prints the seconds the hold lasted.
package main

import (
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"time"
)

func get(url, out string) {
	resp, err := http.Get(url)
	if err != nil {
		log.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		log.Fatalf("%s: %s", url, resp.Status)
	}
	f, err := os.Create(out)
	if err != nil {
		log.Fatal(err)
	}
	if _, err := io.Copy(f, resp.Body); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
}

func main() {
	log.SetFlags(0)
	args := os.Args[1:]
	if len(args) < 3 || len(args)%2 != 1 {
		log.Fatal("usage: fetch BASE_URL PATH OUT [PATH OUT]...")
	}
	base := args[0]
	start := time.Now()
	get(base+"/hold?on=1", os.DevNull)
	for i := 1; i < len(args); i += 2 {
		get(base+args[i], args[i+1])
	}
	get(base+"/hold?on=0", os.DevNull)
	fmt.Printf("%.3f\n", time.Since(start).Seconds())
}
