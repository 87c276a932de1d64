package policy_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/ticketbooth/ticketbooth/shared/auth"
	"github.com/ticketbooth/ticketbooth/shared/policy"
	"github.com/ticketbooth/ticketbooth/shared/tlssig"
	"github.com/ticketbooth/ticketbooth/shared/tlssig/tlssigtest"
)

func defaults(t *testing.T) *policy.Policy {
	t.Helper()
	p, err := policy.FromEnv(func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestDecide(t *testing.T) {
	p := defaults(t)
	jwtUser := &auth.Identity{Method: auth.MethodJWT, Subject: "alice", UserID: "alice"}
	anchor := &auth.Identity{Method: auth.MethodJWT, Subject: "bob", UserID: "bob", Role: "anchor"}
	oddRole := &auth.Identity{Method: auth.MethodJWT, Subject: "eve", UserID: "eve", Role: "superuser"}
	backend := &auth.Identity{Method: auth.MethodAPIKey, Subject: "backend-1", MayNameUser: true}
	limitedKey := &auth.Identity{Method: auth.MethodAPIKey, Subject: "backend-2", MayNameUser: true, Role: "audience"}
	dev := &auth.Identity{Method: auth.MethodDev, Subject: "dev", MayNameUser: true}
	rooms := func(r ...string) *auth.Identity {
		if r == nil {
			r = []string{} // a restriction to no room, not "no restriction"
		}
		return &auth.Identity{Method: auth.MethodJWT, Subject: "carol", UserID: "carol", Rooms: r}
	}
	pmk := func(room tlssig.Room) policy.Request {
		return policy.Request{Kind: tlssig.KindPrivateMapKey, Room: room}
	}
	asking := func(r policy.Request, p tlssig.Privilege) policy.Request {
		r.Privileges, r.PrivilegesSet = p, true
		return r
	}
	num, str := tlssig.NumericRoom, tlssig.StringRoom
	usersig := policy.Request{Kind: tlssig.KindUserSig}

	cases := []struct {
		name    string
		id      *auth.Identity
		req     policy.Request
		want    policy.Grant
		wantErr error
	}{
		{"usersig for the caller", jwtUser, usersig, policy.Grant{UserID: tlssigtest.UserID("alice"), TTL: 24 * time.Hour, Role: "audience"}, nil},
		{"usersig naming the caller itself", jwtUser, policy.Request{Kind: tlssig.KindUserSig, UserID: tlssigtest.UserID("alice"), TTL: time.Hour}, policy.Grant{UserID: tlssigtest.UserID("alice"), TTL: time.Hour, Role: "audience"}, nil},
		{"usersig for someone else", jwtUser, policy.Request{Kind: tlssig.KindUserSig, UserID: tlssigtest.UserID("mallory")}, policy.Grant{}, policy.ErrUserMismatch},
		{"pmk for someone else", anchor, policy.Request{Kind: tlssig.KindPrivateMapKey, UserID: tlssigtest.UserID("alice"), Room: num(1)}, policy.Grant{}, policy.ErrUserMismatch},
		{"backend names a user", backend, policy.Request{Kind: tlssig.KindUserSig, UserID: tlssigtest.UserID("u1")}, policy.Grant{UserID: tlssigtest.UserID("u1"), TTL: 24 * time.Hour}, nil},
		{"backend names nobody", backend, usersig, policy.Grant{}, policy.ErrUserRequired},
		{"dev names nobody", dev, pmk(num(1)), policy.Grant{}, policy.ErrUserRequired},
		{"identity without a user", &auth.Identity{Method: auth.MethodJWT}, usersig, policy.Grant{}, policy.ErrUserMismatch},
		{"no identity", nil, usersig, policy.Grant{}, auth.ErrNoCredential},
		{"identity's user id over TRTC's limit", &auth.Identity{Method: auth.MethodJWT, UserID: strings.Repeat("u", 33)}, usersig, policy.Grant{}, tlssig.ErrInvalidUserID},

		{"audience default preset", jwtUser, pmk(num(1234)), policy.Grant{UserID: tlssigtest.UserID("alice"), Room: num(1234), Privileges: tlssig.PrivAudience, TTL: 5 * time.Minute, Role: "audience"}, nil},
		{"audience asks for part of its preset", jwtUser, asking(pmk(str("class-a")), tlssig.PrivJoin|tlssig.PrivRecvAudio), policy.Grant{UserID: tlssigtest.UserID("alice"), Room: str("class-a"), Privileges: tlssig.PrivJoin | tlssig.PrivRecvAudio, TTL: 5 * time.Minute, Role: "audience"}, nil},
		{"audience asks for 255", jwtUser, asking(pmk(num(1)), tlssig.PrivAll), policy.Grant{}, policy.ErrPrivilegeDenied},
		{"audience asks to send video", jwtUser, asking(pmk(num(1)), tlssig.PrivJoin|tlssig.PrivSendVideo), policy.Grant{}, policy.ErrPrivilegeDenied},
		{"anchor asks for 255", anchor, asking(pmk(num(1)), tlssig.PrivAll), policy.Grant{UserID: tlssigtest.UserID("bob"), Room: num(1), Privileges: tlssig.PrivAll, TTL: 5 * time.Minute, Role: "anchor"}, nil},
		{"anchor default preset", anchor, pmk(num(1)), policy.Grant{UserID: tlssigtest.UserID("bob"), Room: num(1), Privileges: tlssig.PrivAll, TTL: 5 * time.Minute, Role: "anchor"}, nil},
		{"unknown role", oddRole, pmk(num(1)), policy.Grant{}, policy.ErrPrivilegeDenied},
		{"unknown role, usersig", oddRole, usersig, policy.Grant{}, policy.ErrPrivilegeDenied},
		{"unknown privilege bits", anchor, asking(pmk(num(1)), 256|tlssig.PrivJoin), policy.Grant{}, tlssig.ErrInvalidPrivilege},
		{"zero privileges asked", anchor, asking(pmk(num(1)), 0), policy.Grant{}, tlssig.ErrInvalidPrivilege},
		{"backend asks for anything", backend, asking(policy.Request{Kind: tlssig.KindPrivateMapKey, UserID: tlssigtest.UserID("u1"), Room: num(9)}, tlssig.PrivAll), policy.Grant{UserID: tlssigtest.UserID("u1"), Room: num(9), Privileges: tlssig.PrivAll, TTL: 5 * time.Minute}, nil},
		{"backend default preset", backend, policy.Request{Kind: tlssig.KindPrivateMapKey, UserID: tlssigtest.UserID("u1"), Room: num(9)}, policy.Grant{UserID: tlssigtest.UserID("u1"), Room: num(9), Privileges: tlssig.PrivAudience, TTL: 5 * time.Minute}, nil},
		{"backend unknown bits", backend, asking(policy.Request{Kind: tlssig.KindPrivateMapKey, UserID: tlssigtest.UserID("u1"), Room: num(9)}, 1<<9), policy.Grant{}, tlssig.ErrInvalidPrivilege},
		{"api key with a role is bounded", limitedKey, asking(policy.Request{Kind: tlssig.KindPrivateMapKey, UserID: tlssigtest.UserID("u1"), Room: num(9)}, tlssig.PrivAll), policy.Grant{}, policy.ErrPrivilegeDenied},
		{"api key with a role names a user", limitedKey, policy.Request{Kind: tlssig.KindPrivateMapKey, UserID: tlssigtest.UserID("u1"), Room: num(9)}, policy.Grant{UserID: tlssigtest.UserID("u1"), Room: num(9), Privileges: tlssig.PrivAudience, TTL: 5 * time.Minute, Role: "audience"}, nil},

		{"usersig ttl at the max", jwtUser, policy.Request{Kind: tlssig.KindUserSig, TTL: 7 * 24 * time.Hour}, policy.Grant{UserID: tlssigtest.UserID("alice"), TTL: 7 * 24 * time.Hour, Role: "audience"}, nil},
		{"usersig ttl over the max", jwtUser, policy.Request{Kind: tlssig.KindUserSig, TTL: 7*24*time.Hour + time.Second}, policy.Grant{}, policy.ErrLifetimeTooLong},
		{"pmk ttl over the max", anchor, policy.Request{Kind: tlssig.KindPrivateMapKey, Room: num(1), TTL: 25 * time.Hour}, policy.Grant{}, policy.ErrLifetimeTooLong},
		{"trusted caller is capped too", backend, policy.Request{Kind: tlssig.KindUserSig, UserID: tlssigtest.UserID("u1"), TTL: 30 * 24 * time.Hour}, policy.Grant{}, policy.ErrLifetimeTooLong},
		{"negative ttl", jwtUser, policy.Request{Kind: tlssig.KindUserSig, TTL: -time.Second}, policy.Grant{}, tlssig.ErrInvalidLifetime},

		{"pmk without a room", anchor, pmk(tlssig.Room{}), policy.Grant{}, tlssig.ErrInvalidRoom},
		{"pmk with an invalid string room", anchor, pmk(str("bad/room")), policy.Grant{}, tlssig.ErrInvalidRoom},
		{"room pattern matches", rooms("class-*"), pmk(str("class-a")), policy.Grant{UserID: tlssigtest.UserID("carol"), Room: str("class-a"), Privileges: tlssig.PrivAudience, TTL: 5 * time.Minute, Role: "audience"}, nil},
		{"room pattern does not match", rooms("class-*"), pmk(str("staff-room")), policy.Grant{}, policy.ErrRoomDenied},
		{"numeric room exact", rooms("1234"), pmk(num(1234)), policy.Grant{UserID: tlssigtest.UserID("carol"), Room: num(1234), Privileges: tlssig.PrivAudience, TTL: 5 * time.Minute, Role: "audience"}, nil},
		{"numeric room pattern", rooms("12?4"), pmk(num(1294)), policy.Grant{UserID: tlssigtest.UserID("carol"), Room: num(1294), Privileges: tlssig.PrivAudience, TTL: 5 * time.Minute, Role: "audience"}, nil},
		{"numeric room not covered", rooms("1234", "class-*"), pmk(num(12345)), policy.Grant{}, policy.ErrRoomDenied},
		{"bracket pattern", rooms("room-[ab]"), pmk(str("room-b")), policy.Grant{UserID: tlssigtest.UserID("carol"), Room: str("room-b"), Privileges: tlssig.PrivAudience, TTL: 5 * time.Minute, Role: "audience"}, nil},
		{"malformed pattern matches nothing", rooms("room-["), pmk(str("room-[")), policy.Grant{UserID: tlssigtest.UserID("carol"), Room: str("room-["), Privileges: tlssig.PrivAudience, TTL: 5 * time.Minute, Role: "audience"}, nil},
		{"malformed pattern, other room", rooms("room-["), pmk(str("room-a")), policy.Grant{}, policy.ErrRoomDenied},
		{"empty room list allows none", rooms(), pmk(num(1)), policy.Grant{}, policy.ErrRoomDenied},
		{"room list does not limit a usersig", rooms(), usersig, policy.Grant{UserID: tlssigtest.UserID("carol"), TTL: 24 * time.Hour, Role: "audience"}, nil},
		{"wildcard allows all", rooms("*"), pmk(str("anything")), policy.Grant{UserID: tlssigtest.UserID("carol"), Room: str("anything"), Privileges: tlssig.PrivAudience, TTL: 5 * time.Minute, Role: "audience"}, nil},
		{"unknown kind", jwtUser, policy.Request{Kind: 9}, policy.Grant{}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := decide(p, tc.id, tc.req)
			if tc.name == "unknown kind" {
				if err == nil {
					t.Fatal("got no error for an unknown kind")
				}
				return
			}
			if tc.wantErr != nil {
				if !errors.Is(err, tc.wantErr) {
					t.Fatalf("got %v, want %v", err, tc.wantErr)
				}
				if !reflect.DeepEqual(got, policy.Grant{}) {
					t.Errorf("got grant %+v with an error", got)
				}
				return
			}
			if err != nil {
				t.Fatalf("got error %v", err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestFromEnv(t *testing.T) {
	cases := []struct {
		name      string
		env       map[string]string
		wantRoles map[string]tlssig.Privilege
		wantDef   string
		wantTTL   [4]time.Duration // usersig ttl, max, pmk ttl, max
		wantErr   []string         // variables the error must name
	}{
		{name: "defaults", env: map[string]string{},
			wantRoles: map[string]tlssig.Privilege{"anchor": 255, "audience": 42}, wantDef: "audience",
			wantTTL: [4]time.Duration{24 * time.Hour, 7 * 24 * time.Hour, 5 * time.Minute, 24 * time.Hour}},
		{name: "names and numbers", env: map[string]string{
			"TICKETBOOTH_ROLES":                 "teacher=255, student=join,recv-audio,recv-video; guest=join",
			"TICKETBOOTH_DEFAULT_ROLE":          "guest",
			"TICKETBOOTH_USERSIG_TTL":           "1d12h",
			"TICKETBOOTH_USERSIG_TTL_MAX":       "30d",
			"TICKETBOOTH_PRIVATEMAPKEY_TTL":     "600",
			"TICKETBOOTH_PRIVATEMAPKEY_TTL_MAX": "2h",
		},
			wantRoles: map[string]tlssig.Privilege{"teacher": 255, "student": tlssig.PrivJoin | tlssig.PrivRecvAudio | tlssig.PrivRecvVideo, "guest": tlssig.PrivJoin},
			wantDef:   "guest",
			wantTTL:   [4]time.Duration{36 * time.Hour, 30 * 24 * time.Hour, 10 * time.Minute, 2 * time.Hour}},
		{name: "unknown privilege name", env: map[string]string{"TICKETBOOTH_ROLES": "anchor=fly"}, wantErr: []string{"TICKETBOOTH_ROLES"}},
		{name: "privilege above 255", env: map[string]string{"TICKETBOOTH_ROLES": "anchor=256,audience=42"}, wantErr: []string{"TICKETBOOTH_ROLES"}},
		{name: "zero privileges", env: map[string]string{"TICKETBOOTH_ROLES": "anchor=0,audience=42"}, wantErr: []string{"TICKETBOOTH_ROLES"}},
		{name: "duplicate role", env: map[string]string{"TICKETBOOTH_ROLES": "a=1,a=2,audience=42"}, wantErr: []string{"TICKETBOOTH_ROLES"}},
		{name: "item without a role", env: map[string]string{"TICKETBOOTH_ROLES": "join,audience=42"}, wantErr: []string{"TICKETBOOTH_ROLES"}},
		{name: "bad role name", env: map[string]string{"TICKETBOOTH_ROLES": "an chor=255,audience=42"}, wantErr: []string{"TICKETBOOTH_ROLES"}},
		{name: "empty item", env: map[string]string{"TICKETBOOTH_ROLES": "anchor=255,,audience=42"}, wantErr: []string{"TICKETBOOTH_ROLES"}},
		{name: "default role missing", env: map[string]string{"TICKETBOOTH_DEFAULT_ROLE": "guest"}, wantErr: []string{"TICKETBOOTH_DEFAULT_ROLE"}},
		{name: "bad durations, each named", env: map[string]string{
			"TICKETBOOTH_USERSIG_TTL": "soon", "TICKETBOOTH_PRIVATEMAPKEY_TTL_MAX": "-5m"},
			wantErr: []string{"TICKETBOOTH_USERSIG_TTL:", "TICKETBOOTH_PRIVATEMAPKEY_TTL_MAX:"}},
		{name: "sub-second", env: map[string]string{"TICKETBOOTH_PRIVATEMAPKEY_TTL": "1.5s"}, wantErr: []string{"TICKETBOOTH_PRIVATEMAPKEY_TTL"}},
		{name: "default above max", env: map[string]string{"TICKETBOOTH_USERSIG_TTL": "8d"}, wantErr: []string{"TICKETBOOTH_USERSIG_TTL"}},
		{name: "too long", env: map[string]string{"TICKETBOOTH_USERSIG_TTL_MAX": "4000d"}, wantErr: []string{"TICKETBOOTH_USERSIG_TTL_MAX"}},
		{name: "everything bad at once", env: map[string]string{"TICKETBOOTH_ROLES": "x", "TICKETBOOTH_USERSIG_TTL_MAX": "0"},
			wantErr: []string{"TICKETBOOTH_ROLES", "TICKETBOOTH_USERSIG_TTL_MAX"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p, err := policy.FromEnv(func(k string) string { return tc.env[k] })
			if len(tc.wantErr) > 0 {
				if !errors.Is(err, policy.ErrInvalidConfig) {
					t.Fatalf("got %v, want ErrInvalidConfig", err)
				}
				for _, v := range tc.wantErr {
					if !strings.Contains(err.Error(), v) {
						t.Errorf("error %q does not name %s", err, v)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := p.Roles(); !reflect.DeepEqual(got, tc.wantRoles) {
				t.Errorf("roles: got %v, want %v", got, tc.wantRoles)
			}
			if got := p.DefaultRole(); got != tc.wantDef {
				t.Errorf("default role: got %q, want %q", got, tc.wantDef)
			}
			got := [4]time.Duration{p.DefaultTTL(tlssig.KindUserSig), p.MaxTTL(tlssig.KindUserSig), p.DefaultTTL(tlssig.KindPrivateMapKey), p.MaxTTL(tlssig.KindPrivateMapKey)}
			if got != tc.wantTTL {
				t.Errorf("lifetimes: got %v, want %v", got, tc.wantTTL)
			}
		})
	}
}

func TestParseLifetime(t *testing.T) {
	cases := []struct {
		in      string
		want    time.Duration
		wantErr bool
	}{
		{"5m", 5 * time.Minute, false},
		{"24h", 24 * time.Hour, false},
		{"7d", 7 * 24 * time.Hour, false},
		{"1d30m", 24*time.Hour + 30*time.Minute, false},
		{"86400", 24 * time.Hour, false},
		{" 1h ", time.Hour, false},
		{"", 0, true},
		{"d", 0, true},
		{"-1d", 0, true},
		{"+1d", 0, true},
		{"1d-1h", 0, true},
		{"1dd", 0, true},
		{"0", 0, true},
		{"500ms", 0, true},
		{"1.5s", 0, true},
		{"99999999999999999999d", 0, true},
		{"3651d", 0, true},
		{"1e9h", 0, true},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			got, err := policy.ParseLifetime(tc.in)
			if (err != nil) != tc.wantErr {
				t.Fatalf("got %v, %v; want error: %v", got, err, tc.wantErr)
			}
			if got != tc.want {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestDecideApps(t *testing.T) {
	p := defaults(t)
	const def, other, third = 1400000001, 1400000002, 1400000003
	endUser := &auth.Identity{Method: auth.MethodJWT, Subject: "alice", UserID: "alice"}
	named := &auth.Identity{Method: auth.MethodAPIKey, Subject: "backend-1", MayNameUser: true, Apps: []uint64{other}}
	anyApp := &auth.Identity{Method: auth.MethodInvoke, Subject: "invoke", MayNameUser: true, AnyApp: true}
	cases := []struct {
		name    string
		id      *auth.Identity
		app     uint64
		allowed bool
	}{
		{"default app by omission", endUser, 0, true},
		{"default app by id", endUser, def, true},
		{"another app", endUser, other, false},
		{"an app that does not exist", endUser, 1400000999, false},
		{"an app the credential names", named, other, true},
		{"an app the credential does not name", named, third, false},
		{"the default app for a credential naming others", named, def, true},
		{"any app for invoke and dev", anyApp, third, true},
		{"trusted to name users is not trusted with apps", &auth.Identity{Method: auth.MethodAPIKey, Subject: "b", MayNameUser: true}, other, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := decide(p, tc.id, policy.Request{Kind: tlssig.KindUserSig, UserID: tlssigtest.UserID("alice"), SDKAppID: tc.app, DefaultSDKAppID: def})
			if tc.allowed && err != nil {
				t.Fatalf("refused: %v", err)
			}
			if !tc.allowed {
				if !errors.Is(err, policy.ErrAppDenied) {
					t.Fatalf("got %v, want ErrAppDenied", err)
				}
				if strings.Contains(err.Error(), "14000") {
					t.Errorf("the refusal names an app: %v", err)
				}
			}
		})
	}
}

// TestDecideTakesOnlyItsOwnCheck: Decide applies no identity-free rule
// itself, so it refuses a Checked that its own Check did not return: the
// zero value, or one another policy (here with a longer maximum) checked.
func TestDecideTakesOnlyItsOwnCheck(t *testing.T) {
	p := defaults(t)
	long, err := policy.FromEnv(func(k string) string {
		return map[string]string{"TICKETBOOTH_USERSIG_TTL_MAX": "30d"}[k]
	})
	if err != nil {
		t.Fatal(err)
	}
	id := &auth.Identity{Method: auth.MethodJWT, Subject: "alice", UserID: "alice"}
	req := policy.Request{Kind: tlssig.KindUserSig, TTL: 20 * 24 * time.Hour}
	c, err := long.Check(req)
	if err != nil {
		t.Fatal(err)
	}
	if g, err := long.Decide(id, c); err != nil || g.TTL != req.TTL {
		t.Fatalf("Decide on its own Check = %+v, %v; want the 20-day grant", g, err)
	}
	for name, c := range map[string]policy.Checked{"zero Checked": {}, "another policy's": c} {
		if g, err := p.Decide(id, c); err == nil || !strings.Contains(err.Error(), "not checked by this policy") {
			t.Errorf("%s: Decide = %+v, %v; want it refused as not checked", name, g, err)
		}
	}
}

func TestCheckNeedsNoIdentity(t *testing.T) {
	p := defaults(t)
	bad := []struct {
		name string
		req  policy.Request
		want error
	}{
		{"lifetime over the maximum", policy.Request{Kind: tlssig.KindUserSig, TTL: 8 * 24 * time.Hour}, policy.ErrLifetimeTooLong},
		{"negative lifetime", policy.Request{Kind: tlssig.KindUserSig, TTL: -time.Second}, tlssig.ErrInvalidLifetime},
		{"pmk without a room", policy.Request{Kind: tlssig.KindPrivateMapKey}, tlssig.ErrInvalidRoom},
		{"pmk with unknown privilege bits", policy.Request{Kind: tlssig.KindPrivateMapKey, Room: tlssig.NumericRoom(1), Privileges: 256, PrivilegesSet: true}, tlssig.ErrInvalidPrivilege},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := p.Check(tc.req); !errors.Is(err, tc.want) {
				t.Errorf("Check: got %v, want %v", err, tc.want)
			}
		})
	}
	if _, err := p.Check(policy.Request{Kind: tlssig.KindPrivateMapKey, Room: tlssig.StringRoom("r"), TTL: time.Hour}); err != nil {
		t.Errorf("Check refused a good request: %v", err)
	}
}
