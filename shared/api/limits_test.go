package api

import (
	"net/http"
	"strings"
	"testing"
)

// TestRequestIDLimits pins each edge of what a caller's X-Request-Id may be
// to be reused: 8 to 128 bytes of [A-Za-z0-9-_.:=].
func TestRequestIDLimits(t *testing.T) {
	f := newFixture(t, fixtureOpts{})
	tests := []struct {
		name, given string
		reused      bool
	}{
		{"8 bytes", strings.Repeat("a", 8), true},
		{"7 bytes", strings.Repeat("a", 7), false},
		{"128 bytes", strings.Repeat("b", 128), true},
		{"129 bytes", strings.Repeat("b", 129), false},
		{"every allowed class", "azAZ09-_.:=", true},
		{"a slash", "abcdefgh/", false},
		{"a space", "abcd efgh", false},
		{"a byte above z", "abcdefgh{", false},
		{"a byte below 0", "abcdefgh,", false},
		{"non-ASCII", "abcdefgé", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := f.do(t, http.MethodGet, "/healthz", "", "", http.Header{"X-Request-Id": {tt.given}}).Header().Get("X-Request-Id")
			if tt.reused && got != tt.given {
				t.Errorf("X-Request-Id = %q, want %q reused", got, tt.given)
			}
			if !tt.reused && (got == tt.given || len(got) != 32) {
				t.Errorf("X-Request-Id = %q, want a fresh 32-hex id", got)
			}
		})
	}
}
