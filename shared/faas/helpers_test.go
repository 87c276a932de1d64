package faas

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/ticketbooth/ticketbooth/internal/logscan"
	"github.com/ticketbooth/ticketbooth/shared/api"
	"github.com/ticketbooth/ticketbooth/shared/auth"
	"github.com/ticketbooth/ticketbooth/shared/faas/faastest"
	"github.com/ticketbooth/ticketbooth/shared/policy"
	"github.com/ticketbooth/ticketbooth/shared/secrets"
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

// panicSecret is in the requests of the tests that must not log it (a credential, a body).
const panicSecret = "eJwtjF0LgiAUhv-SECRETTICKET"

// internalErrorBody is the API's answer to a panic: no detail.
const internalErrorBody = `{"error":{"code":"internal","message":"internal error"}}`

// panickingAPI is the API's own Handler, serving testRoute, whose authenticator panics after it
// has read the request (headers and body). The Handler is the one layer that recovers a panic:
// the function must answer its 500 and log the panic once.
func panickingAPI(t *testing.T, logger *slog.Logger) http.Handler {
	t.Helper()
	pol, err := policy.FromEnv(func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	h, err := api.New(api.Config{Keys: staticKeys{}, Auth: panickingAuth{}, Policy: pol, Logger: logger, Paths: []string{testRoute}})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

type panickingAuth struct{}

func (panickingAuth) Authenticate(_ context.Context, r *http.Request, _ *secrets.Document) (*auth.Identity, error) {
	_, _ = io.ReadAll(r.Body)
	_ = r.Header.Get("X-Api-Key")
	panic("boom: nil map in handler")
}

type staticKeys struct{}

func (staticKeys) Get(context.Context) (*secrets.Snapshot, error) {
	return &secrets.Snapshot{Current: &secrets.Document{Apps: []secrets.App{{SDKAppID: 1400000001, SecretKey: "0123456789abcdef0123456789abcdef"}}}}, nil
}

// checkPanicLog checks that the panic was logged once, with its value and stack, and nothing of
// the request's credential or body.
func checkPanicLog(t *testing.T, logs string) {
	t.Helper()
	if n := strings.Count(logs, `"msg":"panic"`); n != 1 || !strings.Contains(logs, "boom: nil map in handler") || !strings.Contains(logs, "panickingAuth") {
		t.Errorf("want the panic logged once with its stack, got %d lines; logs:\n%s", n, logs)
	}
	logscan.AssertNoSecretsIn(t, "the log", logs, panicSecret)
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
