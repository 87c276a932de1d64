package policy_test

import (
	"errors"
	"testing"
	"time"

	"github.com/ticketbooth/ticketbooth/shared/auth"
	"github.com/ticketbooth/ticketbooth/shared/policy"
	"github.com/ticketbooth/ticketbooth/shared/tlssig"
)

// The tests in this file pin guards that `make mutate` (gremlins) showed no
// other test would notice changing.

// cappedPolicy allows a UserSig 3 h at most and a PrivateMapKey 4 h, and
// returns it with an end user to decide for.
func cappedPolicy(t *testing.T) (*policy.Policy, *auth.Identity) {
	t.Helper()
	p, err := policy.New(policy.Config{
		Roles: map[string]tlssig.Privilege{"audience": tlssig.PrivAudience}, DefaultRole: "audience",
		UserSigTTL: time.Hour, UserSigMax: 3 * time.Hour, PrivateMapKeyTTL: 5 * time.Minute, PrivateMapKeyMax: 4 * time.Hour,
	})
	if err != nil {
		t.Fatal(err)
	}
	return p, &auth.Identity{Method: auth.MethodJWT, Subject: "alice", UserID: "alice"}
}

// TestWithUserSigAtTheUserSigCap: a room URL may ask for exactly the
// UserSig's maximum lifetime; both tickets then get it.
func TestWithUserSigAtTheUserSigCap(t *testing.T) {
	p, id := cappedPolicy(t)
	g, err := decide(p, id, policy.Request{Kind: tlssig.KindPrivateMapKey, Room: tlssig.NumericRoom(1), TTL: 3 * time.Hour, WithUserSig: true})
	if err != nil || g.TTL != 3*time.Hour || g.UserSigTTL != 3*time.Hour {
		t.Fatalf("Decide = %+v, %v; want TTL and UserSigTTL 3h", g, err)
	}
}

// TestWithUserSigCapMessage: a room URL asking beyond the UserSig's maximum
// is told that maximum, in seconds.
func TestWithUserSigCapMessage(t *testing.T) {
	p, id := cappedPolicy(t)
	_, err := decide(p, id, policy.Request{Kind: tlssig.KindPrivateMapKey, Room: tlssig.NumericRoom(1), TTL: 3*time.Hour + time.Second, WithUserSig: true})
	var r interface{ Reason() string }
	if !errors.As(err, &r) || !errors.Is(err, policy.ErrLifetimeTooLong) {
		t.Fatalf("Decide error = %v, want a refusal wrapping ErrLifetimeTooLong", err)
	}
	if want := "a UserSig may live at most 10800 seconds"; r.Reason() != want {
		t.Errorf("Reason = %q, want %q", r.Reason(), want)
	}
}
