package auth

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// TestClaimLimits pins the caps on claim values at their edges: 256 bytes
// for a user, role, subject or room, 256 rooms and 64 apps.
func TestClaimLimits(t *testing.T) {
	names := claimNames{user: "sub", role: "trtc_role", rooms: "rooms", apps: "apps"}
	at := func(n int) string { return strings.Repeat("a", n) }
	list := func(n int, v any) []any {
		out := make([]any, n)
		for i := range out {
			out[i] = v
		}
		return out
	}
	for _, tt := range []struct {
		name   string
		claims map[string]any
		ok     bool
		check  func(*Identity) bool
	}{
		{"256-byte user", map[string]any{"sub": at(256)}, true, func(id *Identity) bool { return id.UserID == at(256) && id.Subject == at(256) }},
		{"257-byte user", map[string]any{"sub": at(257)}, false, nil},
		{"256-byte role", map[string]any{"sub": "u", "trtc_role": at(256)}, true, func(id *Identity) bool { return id.Role == at(256) }},
		{"257-byte role", map[string]any{"sub": "u", "trtc_role": at(257)}, false, nil},
		{"256-byte role in a list", map[string]any{"sub": "u", "trtc_role": []any{at(256)}}, true, func(id *Identity) bool { return id.Role == at(256) }},
		{"257-byte role in a list", map[string]any{"sub": "u", "trtc_role": []any{at(257)}}, false, nil},
		{"256-byte room", map[string]any{"sub": "u", "rooms": at(256)}, true, func(id *Identity) bool { return len(id.Rooms) == 1 && id.Rooms[0] == at(256) }},
		{"257-byte room", map[string]any{"sub": "u", "rooms": at(257)}, false, nil},
		{"256 rooms", map[string]any{"sub": "u", "rooms": list(256, "r")}, true, func(id *Identity) bool { return len(id.Rooms) == 256 }},
		{"257 rooms", map[string]any{"sub": "u", "rooms": list(257, "r")}, false, nil},
		{"64 apps", map[string]any{"sub": "u", "apps": list(64, json.Number("1400000000"))}, true, func(id *Identity) bool { return len(id.Apps) == 64 }},
		{"65 apps", map[string]any{"sub": "u", "apps": list(65, json.Number("1400000000"))}, false, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			id, err := identityFromClaims(MethodJWT, tt.claims, names)
			if !tt.ok {
				if !errors.Is(err, ErrBadCredential) {
					t.Fatalf("identityFromClaims = %+v, %v; want ErrBadCredential", id, err)
				}
				return
			}
			if err != nil || !tt.check(id) {
				t.Fatalf("identityFromClaims = %+v, %v", id, err)
			}
		})
	}
	// A subject of another claim than the user's is kept only within the cap.
	id, err := identityFromClaims(MethodJWT, map[string]any{"uid": "u", "sub": at(257)}, claimNames{user: "uid"})
	if err != nil || id.Subject != "u" {
		t.Fatalf("a 257-byte sub: %+v, %v; want the user id as subject", id, err)
	}
	id, err = identityFromClaims(MethodJWT, map[string]any{"uid": "u", "sub": at(256)}, claimNames{user: "uid"})
	if err != nil || id.Subject != at(256) {
		t.Fatalf("a 256-byte sub: %+v, %v; want it as subject", id, err)
	}
}
