package policy_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/ticketbooth/ticketbooth/shared/auth"
	"github.com/ticketbooth/ticketbooth/shared/policy"
	"github.com/ticketbooth/ticketbooth/shared/tlssig"
)

// TestRoomPatternCap: an identity's room list is read up to its 256th
// pattern; a room matched only by a later one is denied.
func TestRoomPatternCap(t *testing.T) {
	p := defaults(t)
	patterns := func(n int) []string {
		r := make([]string, n)
		for i := range r {
			r[i] = fmt.Sprintf("other-%d", i)
		}
		return r
	}
	for _, tt := range []struct {
		name string
		at   int // index of the matching pattern
		ok   bool
	}{
		{"match in the 256th pattern", 255, true},
		{"match in the 257th pattern", 256, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rooms := append(patterns(tt.at), "class-a")
			id := &auth.Identity{Method: auth.MethodJWT, Subject: "carol", UserID: "carol", Rooms: rooms}
			_, err := p.Decide(id, policy.Request{Kind: tlssig.KindPrivateMapKey, Room: tlssig.StringRoom("class-a")})
			if tt.ok && err != nil {
				t.Fatalf("Decide = %v, want allowed", err)
			}
			if !tt.ok && !errors.Is(err, policy.ErrRoomDenied) {
				t.Fatalf("Decide = %v, want ErrRoomDenied", err)
			}
		})
	}
}
