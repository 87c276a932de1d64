package faas

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/ticketbooth/ticketbooth/internal/logscan"
	"github.com/ticketbooth/ticketbooth/shared/auth"
	"github.com/ticketbooth/ticketbooth/shared/faas/faastest"
)

const testRoute = "/v1/usersig"

// seen is what the handler under test received.
type seen struct {
	Method        string
	Path          string
	Query         map[string][]string
	Header        http.Header
	Host          string
	Body          string
	RemoteAddr    string
	Invocation    auth.Invocation
	HasInvocation bool
}

// recordingHandler answers like the API would for its own route (JSON echo)
// and 404 JSON for any other path, and records the last request it served.
type recordingHandler struct {
	mu   sync.Mutex
	last *seen
	// answer, when set, writes the response instead of the echo.
	answer func(w http.ResponseWriter, r *http.Request)
}

func (h *recordingHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, "read body", http.StatusInternalServerError)
		return
	}
	inv, ok := auth.InvocationFrom(r.Context())
	s := &seen{
		Method: r.Method, Path: r.URL.Path, Query: r.URL.Query(), Header: r.Header.Clone(),
		Host: r.Host, Body: string(body), RemoteAddr: r.RemoteAddr, Invocation: inv, HasInvocation: ok,
	}
	h.mu.Lock()
	h.last = s
	h.mu.Unlock()
	if h.answer != nil {
		r.Body = io.NopCloser(bytes.NewReader(body))
		h.answer(w, r)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	if r.URL.Path != testRoute {
		w.WriteHeader(http.StatusNotFound)
		_, _ = io.WriteString(w, `{"error":{"code":"not_found","message":"no such route"}}`)
		return
	}
	_ = json.NewEncoder(w).Encode(map[string]string{"path": r.URL.Path, "method": r.Method})
}

func (h *recordingHandler) seen(t *testing.T) *seen {
	t.Helper()
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.last == nil {
		t.Fatal("handler was not called")
	}
	return h.last
}

// newLogger returns a debug-level JSON logger and the buffer it writes to,
// for the secret scans.
func newLogger() (*slog.Logger, *logscan.Buffer) {
	b := &logscan.Buffer{}
	return slog.New(slog.NewJSONHandler(b, &slog.HandlerOptions{Level: slog.LevelDebug})), b
}

// readEvent loads a testdata event as a generic JSON object to be mutated.
func readEvent(t testing.TB, name string) map[string]any {
	t.Helper()
	return faastest.ReadEvent(t, filepath.Join("testdata", name))
}

// panicSecret is in every panicking request's body; it must never be logged.
const panicSecret = "eJwtjF0LgiAUhv-SECRETTICKET"

func panicking(w http.ResponseWriter, r *http.Request) {
	_, _ = io.ReadAll(r.Body)
	w.Header().Set("X-Half", "written")
	w.WriteHeader(http.StatusAccepted)
	_, _ = io.WriteString(w, "partial")
	panic("boom: nil map in handler")
}

func checkPanicLog(t *testing.T, logs string) {
	t.Helper()
	if !strings.Contains(logs, "handler panicked") || !strings.Contains(logs, "boom: nil map in handler") {
		t.Errorf("panic not logged with its detail; logs:\n%s", logs)
	}
	logscan.AssertNoSecretsIn(t, "the log (request body)", logs, panicSecret)
}

func jsonEqual(t *testing.T, got, want []byte) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("got is not JSON: %v: %s", err, got)
	}
	if err := json.Unmarshal(want, &w); err != nil {
		t.Fatalf("want is not JSON: %v: %s", err, want)
	}
	gb, _ := json.Marshal(g)
	wb, _ := json.Marshal(w)
	if !bytes.Equal(gb, wb) {
		t.Errorf("got %s, want %s", got, want)
	}
}

func multiHeaders(w http.ResponseWriter) {
	w.Header().Set("X-Single", "one")
	w.Header().Add("X-Multi", "a")
	w.Header().Add("X-Multi", "b")
	w.Header().Add("Set-Cookie", "s=1; Path=/")
	w.Header().Add("Set-Cookie", "t=2; Path=/")
}
