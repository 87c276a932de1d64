package api

import (
	"net/http"
	"strings"
	"testing"
)

// TestJSONSlipsAreNamed: a comment, a trailing comma or single quotes in a
// request body get a message naming the slip, not only a byte offset.
func TestJSONSlipsAreNamed(t *testing.T) {
	tests := []struct{ name, body, want string }{
		{"line comment", "{\"userId\":\"a\" // me\n}", "a comment at byte 14"},
		{"block comment", `{/* me */"userId":"a"}`, "a comment at byte 1"},
		{"trailing comma in the object", `{"userId":"a", }`, "a trailing comma at byte 13: JSON allows no comma before }"},
		{"trailing comma in a list", `{"roomId":1,"privileges":["join",]}`, "a trailing comma at byte 32: JSON allows no comma before ]"},
		{"single quotes", `{'userId':'a'}`, "a single quote at byte 1"},
		{"a slash inside a string is no comment", `{"userId":"a/b" x}`, "malformed JSON at byte"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, fixtureOpts{})
			w := f.post(t, "/v1/privatemapkey", tt.body)
			if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), CodeInvalidJSON) {
				t.Fatalf("status = %d %s, want 400 %s", w.Code, w.Body, CodeInvalidJSON)
			}
			if !strings.Contains(w.Body.String(), tt.want) {
				t.Errorf("message %s lacks %q", w.Body, tt.want)
			}
		})
	}
}
