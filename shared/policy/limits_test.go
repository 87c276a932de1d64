package policy_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

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

// TestDecideWithUserSig: one decision covers a room URL's PrivateMapKey and
// its UserSig, each lifetime defaulted and capped by its own kind.
func TestDecideWithUserSig(t *testing.T) {
	p, err := policy.New(policy.Config{
		Roles: map[string]tlssig.Privilege{"audience": tlssig.PrivAudience}, DefaultRole: "audience",
		UserSigTTL: 2 * time.Hour, UserSigMax: 3 * time.Hour, PrivateMapKeyTTL: 5 * time.Minute, PrivateMapKeyMax: 4 * time.Hour,
	})
	if err != nil {
		t.Fatal(err)
	}
	id := &auth.Identity{Method: auth.MethodJWT, Subject: "alice", UserID: "alice"}
	for _, tt := range []struct {
		name            string
		ttl             time.Duration
		wantPMK, wantUS time.Duration
		wantErr         error
	}{
		{"defaults", 0, 5 * time.Minute, 2 * time.Hour, nil},
		{"asked for", time.Hour, time.Hour, time.Hour, nil},
		{"within the PrivateMapKey's cap, beyond the UserSig's", 3*time.Hour + time.Second, 0, 0, policy.ErrLifetimeTooLong},
	} {
		t.Run(tt.name, func(t *testing.T) {
			g, err := p.Decide(id, policy.Request{Kind: tlssig.KindPrivateMapKey, Room: tlssig.NumericRoom(1), TTL: tt.ttl, WithUserSig: true})
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("Decide = %+v, %v; want %v", g, err, tt.wantErr)
				}
				return
			}
			if err != nil || g.TTL != tt.wantPMK || g.UserSigTTL != tt.wantUS {
				t.Fatalf("Decide = %+v, %v; want TTL %s and UserSigTTL %s", g, err, tt.wantPMK, tt.wantUS)
			}
		})
	}
}
