package policy_test

import (
	"errors"
	"fmt"
	"strings"
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
			_, err := decide(p, id, policy.Request{Kind: tlssig.KindPrivateMapKey, Room: tlssig.StringRoom("class-a")})
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
			g, err := decide(p, id, policy.Request{Kind: tlssig.KindPrivateMapKey, Room: tlssig.NumericRoom(1), TTL: tt.ttl, WithUserSig: true})
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

// TestSettingEdges pins each edge of what the settings may be: lifetimes of
// whole seconds from 1s to 3650d with the default at most the maximum, and
// role names of 1–64 bytes of letters, digits and -_.: (every class at
// both ends).
func TestSettingEdges(t *testing.T) {
	long := strings.Repeat("r", 64)
	for _, tt := range []struct {
		name string
		env  map[string]string
		ok   bool
	}{
		{"1s lifetime", map[string]string{"TICKETBOOTH_PRIVATEMAPKEY_TTL": "1s"}, true},
		{"under 1s", map[string]string{"TICKETBOOTH_PRIVATEMAPKEY_TTL": "0s"}, false},
		{"3650d maximum", map[string]string{"TICKETBOOTH_USERSIG_TTL_MAX": "3650d"}, true},
		{"3651d maximum", map[string]string{"TICKETBOOTH_USERSIG_TTL_MAX": "3651d"}, false},
		{"default equal to the maximum", map[string]string{"TICKETBOOTH_USERSIG_TTL": "7d", "TICKETBOOTH_USERSIG_TTL_MAX": "7d"}, true},
		{"default a second over the maximum", map[string]string{"TICKETBOOTH_USERSIG_TTL": "604801", "TICKETBOOTH_USERSIG_TTL_MAX": "7d"}, false},
		{"64-byte role", map[string]string{"TICKETBOOTH_ROLES": long + "=42", "TICKETBOOTH_DEFAULT_ROLE": long}, true},
		{"65-byte role", map[string]string{"TICKETBOOTH_ROLES": long + "r=42", "TICKETBOOTH_DEFAULT_ROLE": long + "r"}, false},
		{"role of every class edge", map[string]string{"TICKETBOOTH_ROLES": "azAZ09-_.:=42", "TICKETBOOTH_DEFAULT_ROLE": "azAZ09-_.:"}, true},
		{"role with a byte before a", map[string]string{"TICKETBOOTH_ROLES": "`=42", "TICKETBOOTH_DEFAULT_ROLE": "`"}, false},
		{"role with a byte after z", map[string]string{"TICKETBOOTH_ROLES": "{=42", "TICKETBOOTH_DEFAULT_ROLE": "{"}, false},
		{"role with a byte before A", map[string]string{"TICKETBOOTH_ROLES": "@=42", "TICKETBOOTH_DEFAULT_ROLE": "@"}, false},
		{"role with a byte after Z", map[string]string{"TICKETBOOTH_ROLES": "[=42", "TICKETBOOTH_DEFAULT_ROLE": "["}, false},
		{"role with a byte before 0", map[string]string{"TICKETBOOTH_ROLES": "/=42", "TICKETBOOTH_DEFAULT_ROLE": "/"}, false},
		{"role with a byte after 9", map[string]string{"TICKETBOOTH_ROLES": ";=42", "TICKETBOOTH_DEFAULT_ROLE": ";"}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := policy.FromEnv(func(k string) string { return tt.env[k] })
			if tt.ok && err != nil {
				t.Fatalf("FromEnv = %v, want accepted", err)
			}
			if !tt.ok && !errors.Is(err, policy.ErrInvalidConfig) {
				t.Fatalf("FromEnv = %v, want ErrInvalidConfig", err)
			}
		})
	}
}

// TestLifetimeTooLongMessage: the refusal names the maximum in seconds.
func TestLifetimeTooLongMessage(t *testing.T) {
	p := defaults(t)
	_, err := p.Check(policy.Request{Kind: tlssig.KindUserSig, TTL: 7*24*time.Hour + time.Second})
	if !errors.Is(err, policy.ErrLifetimeTooLong) || !strings.Contains(err.Error(), "a UserSig may live at most 604800 seconds") {
		t.Fatalf("Check = %v, want the 604800-second maximum named", err)
	}
}
