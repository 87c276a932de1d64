package api

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"time"
)

// NewLogger returns the JSON-lines logger ticketbooth writes (serve, the
// functions, FromEnv's default): slog's JSON handler on w, except that the
// audit line of each issuance, its one line per request, is appended by hand
// into a pooled buffer, byte for byte the line slog would write
// (TestAuditLineAsSlogWritesIt), without building a record. The audit line
// was the largest part of a request's time in the Handler after the body
// parser (BenchmarkHandler, internal/benchmark). A Logger built otherwise
// gets the same line through slog.
func NewLogger(w io.Writer) *slog.Logger {
	lw := &lockedWriter{w: w}
	return slog.New(&lineHandler{Handler: slog.NewJSONHandler(lw, nil), w: lw})
}

// lockedWriter lets slog's handler and the audit line share w: each line is
// one Write, made under one lock.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// lineHandler is slog's JSON handler with the audit line's fast path.
// WithAttrs and WithGroup give slog's own handlers, without it.
type lineHandler struct {
	slog.Handler
	w *lockedWriter
}

// auditLines returns the handler whose audit lines the API appends by hand,
// nil when l's handler is not NewLogger's (wrapped by RequestLogger).
func auditLines(l *slog.Logger) *lineHandler {
	if rh, ok := l.Handler().(requestIDHandler); ok {
		if lh, ok := rh.Handler.(*lineHandler); ok {
			return lh
		}
	}
	return nil
}

type lineBuffer struct{ b []byte }

var lineBuffers = sync.Pool{New: func() any { return &lineBuffer{b: make([]byte, 0, 512)} }}

// auditLine appends the audit line slog's JSON handler would write for the
// record audit builds (same members, same order, same escaping), ending with
// the request id requestIDHandler adds.
func (h *lineHandler) auditLine(ctx context.Context, rc *requestContext, now time.Time, level slog.Level, outcome string, status int, code string) {
	lb := lineBuffers.Get().(*lineBuffer)
	b := append(lb.b[:0], `{"time":"`...)
	b = now.AppendFormat(b, time.RFC3339Nano) // as slog writes a record's time
	b = append(b, `","level":"`...)
	b = append(b, level.String()...)
	b = append(b, `","msg":"audit","outcome":`...)
	b = appendSlogString(b, outcome)
	b = append(b, `,"kind":`...)
	b = appendSlogString(b, rc.kind)
	a := &rc.audit
	if a.sdkAppID != 0 {
		b = append(b, `,"sdkAppId":`...)
		b = appendUint(b, a.sdkAppID)
	}
	if a.user != "" {
		b = append(b, `,"user":`...)
		b = appendSlogString(b, a.user)
	}
	if !a.room.IsZero() {
		b = append(b, `,"room":`...)
		if a.room.IsString() {
			b = appendSlogString(b, a.room.String())
		} else {
			b = append(b, '"')
			b = appendUint(b, uint64(a.room.ID()))
			b = append(b, '"')
		}
	}
	if a.privileges != 0 {
		b = append(b, `,"privileges":`...)
		b = appendSlogString(b, a.privileges.String())
	}
	if !a.expiresAt.IsZero() {
		b = append(b, `,"expiresAt":"`...)
		b = a.expiresAt.UTC().AppendFormat(b, time.RFC3339)
		b = append(b, '"')
	}
	if a.method != "" {
		b = append(b, `,"authMethod":`...)
		b = appendSlogString(b, a.method)
		b = append(b, `,"subject":`...)
		b = appendSlogString(b, a.subject)
	}
	if code != "" {
		b = append(b, `,"status":`...)
		b = appendUint(b, uint64(status))
		b = append(b, `,"code":`...)
		b = appendSlogString(b, code)
	}
	if id, ok := RequestID(ctx); ok {
		b = append(b, `,"requestId":`...)
		b = appendSlogString(b, id)
	}
	b = append(b, '}', '\n')
	_, _ = h.w.Write(b)
	lb.b = b
	if cap(b) <= 16<<10 {
		lineBuffers.Put(lb)
	}
}

// appendSlogString appends s quoted as slog's JSON handler quotes it: as
// encoding/json does, except \b and \f, which it writes as \u0008 and \u000c.
func appendSlogString(dst []byte, s string) []byte { return appendQuoted(dst, s, false) }
