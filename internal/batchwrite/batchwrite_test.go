package batchwrite_test

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/ticketbooth/ticketbooth/internal/batchwrite"
)

// recorder keeps each Write it is given; gate, when set, holds every Write
// until it is closed, and entered reports the first Write that waits.
type recorder struct {
	mu      sync.Mutex
	writes  []string
	gate    chan struct{}
	entered chan struct{}
	once    sync.Once
	err     error
}

func (r *recorder) Write(p []byte) (int, error) {
	if r.gate != nil {
		r.once.Do(func() { close(r.entered) })
		<-r.gate
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.writes = append(r.writes, string(p))
	return len(p), r.err
}

func (r *recorder) all() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return strings.Join(r.writes, "")
}

func TestOrderAndClose(t *testing.T) {
	var rec recorder
	w := batchwrite.New(&rec)
	var want bytes.Buffer
	for i := range 1000 {
		line := fmt.Sprintf("line %d\n", i)
		want.WriteString(line)
		if n, err := w.Write([]byte(line)); n != len(line) || err != nil {
			t.Fatalf("Write = %d, %v", n, err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if got := rec.all(); got != want.String() {
		t.Errorf("written out of order or incomplete: %d bytes, want %d", len(got), want.Len())
	}
	// After Close a line goes straight through.
	_, _ = w.Write([]byte("late\n"))
	if got := rec.writes[len(rec.writes)-1]; got != "late\n" {
		t.Errorf("last write %q, want the line written after Close", got)
	}
	if err := w.Close(); err != nil {
		t.Errorf("second Close = %v", err)
	}
}

func TestConcurrentLinesStayWhole(t *testing.T) {
	var rec recorder
	w := batchwrite.New(&rec)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 200 {
				_, _ = fmt.Fprintf(w, "goroutine %d line %d\n", g, i)
			}
		})
	}
	wg.Wait()
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(rec.all(), "\n"), "\n")
	if len(lines) != 8*200 {
		t.Fatalf("%d lines, want %d", len(lines), 8*200)
	}
	next := map[int]int{}
	for _, l := range lines {
		var g, i int
		if _, err := fmt.Sscanf(l, "goroutine %d line %d", &g, &i); err != nil || i != next[g] {
			t.Fatalf("line %q: broken or out of order (want line %d of goroutine %d)", l, next[g], g)
		}
		next[g]++
	}
}

// TestLimit: while the underlying writer is stuck, the lines waiting in
// memory stay under the limit: the Write that would pass it writes the
// batch itself (and so waits), and no batch is larger than the limit plus
// one line.
func TestLimit(t *testing.T) {
	rec := &recorder{gate: make(chan struct{}), entered: make(chan struct{})}
	const limit = 100
	w := batchwrite.NewLimit(rec, limit)
	line := []byte("0123456789\n") // 11 bytes
	_, _ = w.Write(line)
	<-rec.entered // the goroutine is stuck writing the first batch
	done := make(chan struct{})
	go func() {
		defer close(done)
		for range 50 {
			_, _ = w.Write(line)
		}
	}()
	close(rec.gate)
	<-done
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, wr := range rec.writes {
		total += len(wr)
		if len(wr) > limit+len(line) {
			t.Errorf("a batch of %d bytes, over the limit %d plus one line", len(wr), limit)
		}
	}
	if total != 51*len(line) {
		t.Errorf("%d bytes written, want %d", total, 51*len(line))
	}
}

func TestErrorIsReported(t *testing.T) {
	rec := &recorder{err: errors.New("disk full")}
	w := batchwrite.New(rec)
	_, _ = w.Write([]byte("a\n"))
	if err := w.Close(); err == nil || err.Error() != "disk full" {
		t.Errorf("Close = %v, want the underlying writer's error", err)
	}
}
