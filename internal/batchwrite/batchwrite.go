// Package batchwrite hands the log lines of a long-running server to the
// file or terminal they go to in batches, off the request path: a request
// appends its audit line to memory, and one goroutine writes whatever has
// arrived since its last write in one call. On this project's machines one
// write(2) costs several microseconds, about a third of a request, so under
// load many lines share one write and a request waits for none.
//
// A batch is written Delay after its first line arrives (or at once when it
// is over the limit), by a timer, so a request wakes no goroutine: waking
// one per line costs more than the write it saves.
//
// Lines are written in the order they arrive, each whole. Close writes what
// is left; a process that dies without Close loses the lines of its last
// moments (those not yet handed over, normally a batch in flight). It is for
// ticketbooth serve, not for a cloud function, whose process may be frozen
// the moment it answers (there each line is written before the answer).
//
// Written by hand: the standard library's bufio.Writer flushes only when
// full or told to, so lines would wait indefinitely on a quiet server, and
// log libraries' buffered writers flush on a fixed tick (zap's every 30 s by
// default), which wakes an idle server; this one's timer runs only while
// lines wait.
package batchwrite

import (
	"io"
	"sync"
	"time"
)

const (
	// DefaultLimit is how many bytes may wait before a Write writes the
	// batch itself instead of adding to memory.
	DefaultLimit = 1 << 20
	// Delay is how long the first line of a batch waits for others.
	Delay = 2 * time.Millisecond
)

// Writer batches Writes to an underlying io.Writer. It is safe for
// concurrent use.
type Writer struct {
	w     io.Writer
	limit int
	timer *time.Timer // writes the batch Delay after its first line

	mu      sync.Mutex // guards the fields below; taken before wmu, never after
	pending []byte     // what has arrived and is not yet handed to w
	spare   []byte     // the buffer of the last batch written, for reuse
	closed  bool
	err     error // the first error w returned

	wmu sync.Mutex // held while writing to w, so batches reach it in order
}

// New returns a Writer that writes to w. Call Close to write what is left.
func New(w io.Writer) *Writer { return NewLimit(w, DefaultLimit) }

// NewLimit is New with a limit on the bytes waiting in memory (at least one
// line always waits).
func NewLimit(w io.Writer, limit int) *Writer {
	b := &Writer{w: w, limit: limit}
	b.timer = time.AfterFunc(time.Hour, func() {
		b.mu.Lock()
		_ = b.flushLocked() // kept in b.err for Write and Close
	})
	b.timer.Stop()
	return b
}

// Write copies p to the batch and returns at once, unless the batch is
// over the limit, when it writes the batch itself (after any batch in
// flight). After Close it writes p straight through. It reports an error
// the underlying writer returned earlier.
func (b *Writer) Write(p []byte) (int, error) {
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		b.wmu.Lock()
		defer b.wmu.Unlock()
		return b.w.Write(p)
	}
	first := len(b.pending) == 0
	b.pending = append(b.pending, p...)
	if len(b.pending) > b.limit {
		// The writer has fallen behind: this caller writes, so memory
		// stays bounded and callers slow down to what w takes.
		return len(p), b.flushLocked()
	}
	if first {
		b.timer.Reset(Delay)
	}
	err := b.err
	b.mu.Unlock()
	return len(p), err
}

// flushLocked writes the pending batch and returns the first error of the
// underlying writer. It is called with mu held and releases it once it holds
// wmu, so batches are written in the order they were taken.
func (b *Writer) flushLocked() error {
	if len(b.pending) == 0 {
		err := b.err
		b.mu.Unlock()
		return err
	}
	batch := b.pending
	b.pending, b.spare = b.spare[:0], nil
	b.wmu.Lock()
	b.mu.Unlock()
	_, err := b.w.Write(batch)
	b.wmu.Unlock()
	b.mu.Lock()
	if err != nil && b.err == nil {
		b.err = err
	}
	if b.spare == nil && cap(batch) <= 4*b.limit {
		b.spare = batch[:0]
	}
	err = b.err
	b.mu.Unlock()
	return err
}

// Close writes what is waiting and returns the first error the underlying
// writer returned. Later Writes go straight through.
func (b *Writer) Close() error {
	b.mu.Lock()
	b.closed = true
	b.timer.Stop()
	return b.flushLocked()
}
