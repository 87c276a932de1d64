// Command benchtable prints the go test -bench output of make bench (read from
// standard input, or from the files named) as the Markdown table
// docs/BENCHMARKS.md shows: per benchmark the median of its runs, and its
// ratio to its baseline in the same run.
//
//	go test -run '^$' -bench . -benchmem -count 5 ./internal/benchmark | tee bench.txt
//	go run ./scripts/benchtable bench.txt
//
// A benchmark's baseline is its sibling named for what it is compared with:
// BenchmarkHandler/ROUTE/METHOD and BenchmarkServe/ROUTE/IMPL against
// …/ROUTE/alternative, BenchmarkLambda/FN/SOURCE/PHASE against
// BenchmarkLambda/hello/PHASE, BenchmarkInvoke/ROUTE/ticketbooth against
// …/ROUTE/hello, and anything else …/ticketbooth against …/tencent (the
// signing core's benchmarks). The output is read with
// golang.org/x/perf/benchfmt, the parser benchstat uses.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"golang.org/x/perf/benchfmt"
)

func main() {
	if err := run(os.Args[1:], os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "benchtable:", err)
		os.Exit(1)
	}
}

// series is every run of one benchmark: unit → values.
type series struct {
	name  string
	units map[string][]float64
}

func (s *series) median(unit string) (float64, bool) {
	v := slices.Clone(s.units[unit])
	if len(v) == 0 {
		return 0, false
	}
	slices.Sort(v)
	if len(v)%2 == 1 {
		return v[len(v)/2], true
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2, true
}

func run(files []string, stdin io.Reader, out io.Writer) error {
	var all []*series
	byName := map[string]*series{}
	read := func(r io.Reader, name string) error {
		br := benchfmt.NewReader(r, name)
		for br.Scan() {
			res, ok := br.Result().(*benchfmt.Result)
			if !ok {
				continue
			}
			base, parts := res.Name.Parts()
			name := string(base)
			for _, p := range parts {
				if p[0] == '/' {
					name += string(p)
				}
			}
			s := byName[name]
			if s == nil {
				s = &series{name: name, units: map[string][]float64{}}
				byName[name] = s
				all = append(all, s)
			}
			for _, v := range res.Values {
				s.units[v.Unit] = append(s.units[v.Unit], v.Value)
			}
		}
		return br.Err()
	}
	if len(files) == 0 {
		if err := read(stdin, "stdin"); err != nil {
			return err
		}
	}
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			return err
		}
		err = read(fh, f)
		fh.Close()
		if err != nil {
			return err
		}
	}
	if len(all) == 0 {
		return errors.New("no benchmark results in the input")
	}
	fmt.Fprintln(out, "| benchmark | runs | time/op | CPU/op | B/op | allocs/op | req/s | p50 | p99 | server CPU/req | vs baseline |")
	fmt.Fprintln(out, "|---|---|---|---|---|---|---|---|---|---|---|")
	for _, s := range all {
		cells := []string{"`" + s.name + "`", fmt.Sprint(runs(s))}
		_, load := s.units["req/s"]
		cells = append(cells, durationCell(s, "sec/op", 1, load), durationCell(s, "cpu-sec/op", 1, false) /* benchfmt tidies cpu-ns/op */)
		// Under load and under the emulator the allocations are the load
		// generator's and the client's, not the server's: not shown.
		client := strings.HasPrefix(s.name, "Serve/") || strings.HasPrefix(s.name, "Lambda/")
		for _, u := range []string{"B/op", "allocs/op", "req/s"} {
			if client && u != "req/s" {
				cells = append(cells, "")
				continue
			}
			cells = append(cells, number(s, u))
		}
		for _, u := range []string{"p50-µs", "p99-µs", "server-cpu-µs/req"} {
			cells = append(cells, durationCell(s, u, 1e-6, false))
		}
		cells = append(cells, compare(s, byName[baseline(s.name)]))
		fmt.Fprintln(out, "| "+strings.Join(cells, " | ")+" |")
	}
	return nil
}

func runs(s *series) int {
	n := 0
	for _, v := range s.units {
		n = max(n, len(v))
	}
	return n
}

// baseline names the benchmark s is compared with, or "". (benchfmt drops
// the Benchmark prefix of names.)
func baseline(name string) string {
	p := strings.Split(name, "/")
	switch {
	case (p[0] == "Handler" || p[0] == "Serve") && len(p) == 3 && p[2] != "alternative":
		return p[0] + "/" + p[1] + "/alternative"
	case p[0] == "Lambda" && len(p) == 4:
		return "Lambda/hello/" + p[3]
	case p[0] == "Invoke" && len(p) == 3 && p[2] == "ticketbooth":
		return p[0] + "/" + p[1] + "/hello"
	case p[len(p)-1] == "ticketbooth":
		return strings.Join(p[:len(p)-1], "/") + "/tencent"
	}
	return ""
}

// compare says how s fares against base: time (or throughput and p99 under
// load), allocations, and for a warm invocation the time added.
func compare(s, base *series) string {
	if base == nil {
		return ""
	}
	var out []string
	ratio := func(unit, what string) {
		v, ok := s.median(unit)
		bv, bok := base.median(unit)
		if ok && bok && bv > 0 {
			out = append(out, fmt.Sprintf("%.2f× %s", v/bv, what))
		}
	}
	if _, ok := s.units["req/s"]; ok {
		ratio("req/s", "throughput")
		ratio("p99-µs", "p99")
		ratio("server-cpu-µs/req", "server CPU")
		return strings.Join(out, ", ")
	}
	ratio("sec/op", "time")
	ratio("cpu-sec/op", "CPU")
	if strings.HasSuffix(s.name, "/warm") || strings.HasPrefix(s.name, "Invoke/") {
		v, ok := s.median("sec/op")
		bv, bok := base.median("sec/op")
		if ok && bok {
			out = append(out, fmt.Sprintf("%+.0f µs", (v-bv)*1e6))
		}
	}
	if v, ok := s.median("allocs/op"); ok && !strings.HasPrefix(s.name, "Lambda/") {
		if bv, ok := base.median("allocs/op"); ok && bv > 0 {
			out = append(out, fmt.Sprintf("%.0f vs %.0f allocs", v, bv))
		}
	}
	return strings.Join(out, ", ")
}

// durationCell is the median of unit, in seconds once multiplied by scale;
// empty when absent or when skip is set.
func durationCell(s *series, unit string, scale float64, skip bool) string {
	v, ok := s.median(unit)
	if !ok || skip {
		return ""
	}
	return duration(v * scale)
}

func number(s *series, unit string) string {
	v, ok := s.median(unit)
	if !ok {
		return ""
	}
	return fmt.Sprintf("%.0f", v)
}

// duration formats seconds with three significant digits.
func duration(sec float64) string {
	switch {
	case sec >= 1:
		return fmt.Sprintf("%.3g s", sec)
	case sec >= 1e-3:
		return fmt.Sprintf("%.3g ms", sec*1e3)
	case sec >= 1e-6:
		return fmt.Sprintf("%.3g µs", sec*1e6)
	}
	return fmt.Sprintf("%.3g ns", sec*1e9)
}
