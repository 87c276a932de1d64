package benchmark

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/ticketbooth/ticketbooth/shared/faas/faastest"
)

// serveAlternativeEnv, set to a listen address, makes the test binary serve
// the alternative there instead of running tests: the alternative runs in
// its own process, as ticketbooth serve does.
const serveAlternativeEnv = "BENCHMARK_SERVE_ALTERNATIVE"

// Load of one measurement: as many requests as 32 connections carry for
// loadDuration, after a short warm-up.
const (
	loadConnections = 32
	loadWarmUp      = 300 * time.Millisecond
)

func loadDuration() time.Duration {
	if d, err := time.ParseDuration(os.Getenv("BENCH_LOAD_DURATION")); err == nil && d > 0 {
		return d
	}
	return 2 * time.Second
}

// serveAlternative serves the alternative on addr with the timeouts
// ticketbooth serve sets, and prints the bound address as serve does.
func serveAlternative(addr string) int {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Printf("listening on http://%s\n", ln.Addr())
	srv := &http.Server{
		Handler:           alternative(sdkAppID, secretKey),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       time.Minute,
	}
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// server is a process serving HTTP on loopback.
type server struct {
	cmd  *exec.Cmd
	addr string
}

var listening = regexp.MustCompile(`listening on http://(127\.0\.0\.1:\d+)`)

// startServer runs cmd with stderr going to stderr (a real file for serve's
// log, audit lines included) and waits for the address it prints on stdout.
func startServer(b *testing.B, cmd *exec.Cmd, stderr *os.File) *server {
	b.Helper()
	cmd.Stderr = stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	s := &server{cmd: cmd}
	b.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
	})
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if m := listening.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
				break
			}
		}
		_, _ = io.Copy(io.Discard, out)
		close(found)
	}()
	select {
	case s.addr = <-found:
	case <-time.After(30 * time.Second):
	}
	if s.addr == "" {
		b.Fatalf("%s printed no address", cmd.Path)
	}
	return s
}

// BenchmarkServe puts ticketbooth serve (the built binary, apikey auth, its
// log with the audit lines in a real file) under load from vegeta on
// loopback, and the alternative served by net/http the same way, one after
// the other per route. Metrics: successful requests per second, and the
// median and 99th percentile latency. ns/op is not meaningful here.
func BenchmarkServe(b *testing.B) {
	fx := newFixture(b)
	bin := os.Getenv("BENCH_TICKETBOOTH")
	if bin == "" {
		bin = faastest.Build(b, "../../cmd/ticketbooth")
	}
	apikey := fx.methods[1]
	doc := b.TempDir() + "/document.json"
	if err := os.WriteFile(doc, []byte(fx.document(b, apikey)), 0o600); err != nil {
		b.Fatal(err)
	}
	tb := exec.Command(bin, "serve", "--addr", "127.0.0.1:0")
	tb.Dir = b.TempDir()
	tb.Env = []string{"PATH=" + os.Getenv("PATH"), "TICKETBOOTH_SECRET=file:" + doc, "TICKETBOOTH_AUTH=apikey"}
	ticketbooth := startServer(b, tb, auditFile(b))
	alt := exec.Command(os.Args[0])
	alt.Env = []string{"PATH=" + os.Getenv("PATH"), serveAlternativeEnv + "=127.0.0.1:0"}
	alternative := startServer(b, alt, os.Stderr)

	for _, rt := range routes {
		b.Run(rt.name, func(b *testing.B) {
			b.Run("ticketbooth-apikey", func(b *testing.B) {
				h := http.Header{"Content-Type": {"application/json"}}
				apikey.header(h, 0)
				runLoad(b, ticketbooth, rt.path, rt.body(true), h)
			})
			b.Run("alternative", func(b *testing.B) {
				runLoad(b, alternative, rt.path, rt.body(true), http.Header{"Content-Type": {"application/json"}})
			})
		})
	}
}

func runLoad(b *testing.B, srv *server, path, body string, h http.Header) {
	target := vegeta.Target{Method: http.MethodPost, URL: "http://" + srv.addr + path, Body: []byte(body), Header: h}
	attack := func(d time.Duration) vegeta.Metrics {
		// An attacker stops for good at the end of its attack: one each.
		atk := vegeta.NewAttacker(
			vegeta.Workers(loadConnections), vegeta.MaxWorkers(loadConnections),
			vegeta.Connections(loadConnections), vegeta.KeepAlive(true),
			vegeta.Timeout(10*time.Second), vegeta.Redirects(vegeta.NoFollow))
		var m vegeta.Metrics
		for res := range atk.Attack(vegeta.NewStaticTargeter(target), vegeta.Rate{}, d, path) {
			m.Add(res)
			if res.Code != http.StatusOK {
				b.Fatalf("%s answered %d (%s): %s", target.URL, res.Code, res.Error, res.Body)
			}
		}
		m.Close()
		return m
	}
	attack(loadWarmUp)
	var rps, p50, p99, cpu, reqs float64
	for range b.N {
		before := srv.cpu(b)
		m := attack(loadDuration())
		cpu += (srv.cpu(b) - before).Seconds()
		reqs += float64(m.Requests)
		rps += m.Throughput
		p50 += float64(m.Latencies.P50.Microseconds())
		p99 += float64(m.Latencies.P99.Microseconds())
	}
	n := float64(b.N)
	b.ReportMetric(0, "ns/op")
	b.ReportMetric(rps/n, "req/s")
	b.ReportMetric(p50/n, "p50-µs")
	b.ReportMetric(p99/n, "p99-µs")
	b.ReportMetric(cpu/reqs*1e6, "server-cpu-µs/req")
}

// cpu is the CPU time the server process has used (user and system), read
// from /proc in clock ticks of 10 ms: steadier than throughput on a shared
// machine, and what a request costs the server whoever else is running.
func (s *server) cpu(b *testing.B) time.Duration {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", s.cmd.Process.Pid))
	if err != nil {
		b.Fatal(err)
	}
	// Fields after the command name, which is in parentheses and may hold spaces.
	f := strings.Fields(string(data[strings.LastIndexByte(string(data), ')')+1:]))
	if len(f) < 13 {
		b.Fatalf("/proc/%d/stat: %d fields", s.cmd.Process.Pid, len(f))
	}
	utime, err1 := strconv.ParseUint(f[11], 10, 64)
	stime, err2 := strconv.ParseUint(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		b.Fatalf("/proc/%d/stat: utime %q stime %q", s.cmd.Process.Pid, f[11], f[12])
	}
	const tick = 10 * time.Millisecond // USER_HZ is 100 on Linux
	return time.Duration(utime+stime) * tick
}
