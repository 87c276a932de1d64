package api

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/ticketbooth/ticketbooth/internal/logscan"
)

// The tests in this file pin guards that `make mutate` (gremlins) showed no
// other test would notice changing.

// TestBodySizeLimit: a body of exactly MaxBodyBytes is read and answered;
// one byte more is a 413, whether the length is announced or not.
func TestBodySizeLimit(t *testing.T) {
	body := func(size int) string {
		b := `{"userId":"alice"}`
		return b + strings.Repeat(" ", size-len(b))
	}
	for _, tt := range []struct {
		name      string
		size      int
		announced bool
		status    int
	}{
		{"at the limit, announced", MaxBodyBytes, true, http.StatusOK},
		{"at the limit, unannounced", MaxBodyBytes, false, http.StatusOK},
		{"one byte over, announced", MaxBodyBytes + 1, true, http.StatusRequestEntityTooLarge},
		{"one byte over, unannounced", MaxBodyBytes + 1, false, http.StatusRequestEntityTooLarge},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, fixtureOpts{})
			r := httptest.NewRequest(http.MethodPost, "/v1/usersig", strings.NewReader(body(tt.size)))
			r.RemoteAddr = "127.0.0.1:40000"
			r.Header.Set("Content-Type", "application/json")
			if !tt.announced {
				r.ContentLength = -1
			}
			w := httptest.NewRecorder()
			f.h.ServeHTTP(w, r)
			if w.Code != tt.status {
				t.Fatalf("status = %d, want %d (body %s)", w.Code, tt.status, w.Body)
			}
			if tt.status == http.StatusOK {
				f.decode(t, w)
			}
		})
	}
}

// TestServerFaultIsLogged: a 500 answer logs its cause once as "request
// failed"; a 4xx answer logs no such line and, like the 500, carries no
// Retry-After (only answers with a delay do).
func TestServerFaultIsLogged(t *testing.T) {
	f := newFixture(t, fixtureOpts{})
	f.keys.err = errors.New("the key store is on fire")
	w := f.post(t, "/v1/usersig", `{"userId":"a"}`)
	if w.Code != http.StatusInternalServerError {
		t.Fatalf("status = %d, want 500 (body %s)", w.Code, w.Body)
	}
	if ra := w.Header().Get("Retry-After"); ra != "" {
		t.Errorf("500 with Retry-After %q", ra)
	}
	failed := func() (n int, cause string) {
		for _, l := range logscan.JSONLines(t, f.logs.String()) {
			if l["msg"] == "request failed" {
				n++
				cause = str(l, "cause")
			}
		}
		return n, cause
	}
	if n, cause := failed(); n != 1 || !strings.Contains(cause, "the key store is on fire") {
		t.Errorf("%d request-failed lines (cause %q), want 1 naming the cause:\n%s", n, cause, f.logs)
	}
	f.keys.err = nil
	w = f.post(t, "/v1/usersig", `{"userId":"a","expire":-1}`)
	if w.Code != http.StatusBadRequest {
		t.Fatalf("status = %d, want 400 (body %s)", w.Code, w.Body)
	}
	if ra := w.Header().Get("Retry-After"); ra != "" {
		t.Errorf("400 with Retry-After %q", ra)
	}
	if n, _ := failed(); n != 1 {
		t.Errorf("a 400 wrote a request-failed line:\n%s", f.logs)
	}
}
