package benchmark

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ticketbooth/ticketbooth/internal/batchwrite"
)

// BenchmarkHandler sends one request per iteration through the Handler, as
// serve and the functions build it (FromEnv), for each route and auth
// method, with its log (the audit line) going to a real file the way
// ticketbooth serve writes it (in batches, package batchwrite); then the same
// requests through the alternative. Two more rows for usersig:
// apikey-unbatched writes each line to the file before answering, as a
// cloud function does; dev-discard sends the log to io.Discard.
func BenchmarkHandler(b *testing.B) {
	fx := newFixture(b)
	for _, rt := range routes {
		b.Run(rt.name, func(b *testing.B) {
			for _, m := range fx.methods {
				b.Run(m.name, func(b *testing.B) {
					runHandler(b, fx.handler(b, m, batchedFile(b)), rt.path, rt.body(m.nameUser), m.header)
				})
			}
			if rt.name == "usersig" {
				apikey, dev := fx.methods[1], fx.methods[0]
				b.Run("apikey-unbatched", func(b *testing.B) {
					runHandler(b, fx.handler(b, apikey, auditFile(b)), rt.path, rt.body(true), apikey.header)
				})
				b.Run("dev-discard", func(b *testing.B) {
					runHandler(b, fx.handler(b, dev, io.Discard), rt.path, rt.body(true), dev.header)
				})
			}
			b.Run("alternative", func(b *testing.B) {
				runHandler(b, alternative(sdkAppID, secretKey), rt.path, rt.body(true), func(http.Header, int) {})
			})
		})
	}
}

// batchedFile is a real file written as serve writes its log.
func batchedFile(b *testing.B) io.Writer {
	w := batchwrite.New(auditFile(b))
	b.Cleanup(func() { _ = w.Close() })
	return w
}

func runHandler(b *testing.B, h http.Handler, path, body string, credential func(http.Header, int)) {
	b.ReportAllocs()
	cpu := startCPU(b)
	i := 0
	for b.Loop() {
		r := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
		r.RemoteAddr = "127.0.0.1:40000"
		r.Header.Set("Content-Type", "application/json")
		credential(r.Header, i)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != http.StatusOK {
			b.Fatalf("%s answered %d: %s", path, w.Code, w.Body)
		}
		i++
	}
	cpu.report()
}

// cpuClock measures the CPU time the whole process spends (every thread:
// the loop, the garbage collector, a batch writer's timer) per iteration.
// On a machine shared with other jobs it is far steadier than the wall
// time, which also counts waiting for a core.
type cpuClock struct {
	b     *testing.B
	start time.Duration
}

func startCPU(b *testing.B) cpuClock { return cpuClock{b, processCPU(b)} }

func (c cpuClock) report() {
	c.b.ReportMetric(float64((processCPU(c.b)-c.start).Nanoseconds())/float64(c.b.N), "cpu-ns/op")
}

func processCPU(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
