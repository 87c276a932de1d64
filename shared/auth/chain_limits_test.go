package auth

import (
	"strings"
	"testing"
)

// TestPlausibleID pins the edges of an id taken from a WeChat reply or
// header: 1 to max bytes of visible ASCII (0x21–0x7e).
func TestPlausibleID(t *testing.T) {
	for _, tt := range []struct {
		name string
		s    string
		ok   bool
	}{
		{"one byte", "a", true},
		{"empty", "", false},
		{"max bytes", strings.Repeat("a", 8), true},
		{"max+1 bytes", strings.Repeat("a", 9), false},
		{"lowest visible", "!", true},
		{"space", "a b", false},
		{"highest visible", "~", true},
		{"DEL", "a\x7f", false},
		{"non-ASCII", "é", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := plausibleID(tt.s, 8); got != tt.ok {
				t.Errorf("plausibleID(%q, 8) = %v, want %v", tt.s, got, tt.ok)
			}
		})
	}
}

// TestHowTo: the "no credential" advice lists each enabled method once,
// joined by " or ".
func TestHowTo(t *testing.T) {
	c := &chain{enabled: map[Method]bool{MethodJWT: true, MethodAPIKey: true, MethodDev: true}}
	want := "send Authorization: Bearer <JWT> or " + HeaderAPIKey + ": <key> or a request from a loopback address (dev)"
	if got := c.howTo(); got != want {
		t.Errorf("howTo() = %q, want %q", got, want)
	}
	one := &chain{enabled: map[Method]bool{MethodInvoke: true}}
	if got := one.howTo(); got != "send a direct function invocation" {
		t.Errorf("howTo() = %q, want one method", got)
	}
}
