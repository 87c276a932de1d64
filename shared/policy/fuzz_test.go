package policy_test

import (
	"testing"

	"github.com/ticketbooth/ticketbooth/shared/auth"
	"github.com/ticketbooth/ticketbooth/shared/policy"
	"github.com/ticketbooth/ticketbooth/shared/tlssig"
	"github.com/ticketbooth/ticketbooth/shared/tlssig/tlssigtest"
)

// FuzzFromEnvRoles feeds hostile TICKETBOOTH_ROLES values: nothing panics,
// and an accepted policy never grants a role more than 255 or nothing.
func FuzzFromEnvRoles(f *testing.F) {
	for _, s := range []string{
		"anchor=255,audience=42", "a=join,recv-audio;audience=42", "=", ",,", "a=", "a==1", "audience=4294967296",
		"audience=0x2a", "audience=-1", "audience=42,audience=42", "audience=join,,", "audience=JOIN , Recv-Audio",
		"\x00=1", "audience=42;", ";audience=42", "audience=1e3",
	} {
		f.Add(s, "5m")
	}
	f.Fuzz(func(t *testing.T, roles, ttl string) {
		env := map[string]string{"TICKETBOOTH_ROLES": roles, "TICKETBOOTH_PRIVATEMAPKEY_TTL": ttl}
		p, err := policy.FromEnv(func(k string) string { return env[k] })
		if err != nil {
			return
		}
		for name, priv := range p.Roles() {
			if priv == 0 || priv > tlssig.PrivAll {
				t.Fatalf("role %q accepted with %d", name, priv)
			}
		}
		id := &auth.Identity{Method: auth.MethodJWT, UserID: "u"}
		g, err := decide(p, id, policy.Request{Kind: tlssig.KindPrivateMapKey, Room: tlssig.NumericRoom(1)})
		if err == nil && (g.Privileges != p.Roles()[p.DefaultRole()] || g.TTL > p.MaxTTL(tlssig.KindPrivateMapKey)) {
			t.Fatalf("grant %+v beyond the policy", g)
		}
	})
}

// FuzzDecide checks the invariants of Decide for arbitrary requests from an
// untrusted caller: never another user, never beyond the role, never a room
// outside the identity's patterns, never beyond the max lifetime.
func FuzzDecide(f *testing.F) {
	f.Add("alice", "", uint32(0), "class-*", uint32(42), true, int64(0))
	f.Add("alice", "bob", uint32(5), "", uint32(255), true, int64(1))
	f.Add("", "class-a", uint32(0), "[", uint32(1<<9), false, int64(-1))
	p, err := policy.FromEnv(func(string) string { return "" })
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, name, strRoom string, numRoom uint32, pattern string, privs uint32, set bool, ttl int64) {
		id := &auth.Identity{Method: auth.MethodJWT, UserID: "alice", Rooms: []string{pattern}}
		room := tlssig.NumericRoom(numRoom)
		if strRoom != "" {
			room = tlssig.StringRoom(strRoom)
		}
		g, err := decide(p, id, policy.Request{Kind: tlssig.KindPrivateMapKey, UserID: tlssigtest.UserID(name), Room: room,
			Privileges: tlssig.Privilege(privs), PrivilegesSet: set, TTL: durationOf(ttl)})
		if err != nil {
			return
		}
		if g.UserID.String() != "alice" || g.Privileges&^tlssig.PrivAudience != 0 || g.Privileges == 0 ||
			g.TTL > p.MaxTTL(tlssig.KindPrivateMapKey) || g.TTL <= 0 {
			t.Fatalf("grant %+v beyond the policy", g)
		}
	})
}
