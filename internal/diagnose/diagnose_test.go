package diagnose_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/ticketbooth/ticketbooth/internal/diagnose"
	"github.com/ticketbooth/ticketbooth/shared/roomurl"
	"github.com/ticketbooth/ticketbooth/shared/tlssig"
)

const (
	appID = 1400000001
	key   = "diagnose-test-key"
)

var t0 = time.Unix(1_700_000_000, 0)

func signer(t *testing.T, app uint64, k string) tlssig.Signer {
	t.Helper()
	s, err := tlssig.NewHMACSigner(app, k)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestVerify(t *testing.T) {
	s := signer(t, appID, key)
	v, err := tlssig.NewHMACVerifier(appID, key)
	if err != nil {
		t.Fatal(err)
	}
	must := func(tk string, err error) string {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return tk
	}
	room := tlssig.NumericRoom(1234)
	userSig := must(s.UserSigAt("alice", t0, time.Hour))
	mapKey := must(s.PrivateMapKeyAt("alice", room, tlssig.PrivAudience, t0, time.Hour))
	otherKey := must(signer(t, appID, "another key").UserSigAt("alice", t0, time.Hour))
	otherApp := must(signer(t, appID+1, key).UserSigAt("alice", t0, time.Hour))

	tests := []struct {
		name         string
		ticket, user string
		want         diagnose.Expect
		at           time.Time
		reason       string // prefix; "" for a valid ticket
		codes        []string
		sentinel     error
	}{
		{name: "valid usersig", ticket: userSig, user: "alice", at: t0},
		{name: "valid privatemapkey in its room", ticket: mapKey, user: "alice", want: diagnose.Expect{Room: room}, at: t0},
		{name: "usersig expired", ticket: userSig, user: "alice", at: t0.Add(2 * time.Hour),
			reason: "UserSig expired at 2023-11-14T23:13:20Z", codes: []string{"-100018", "70001"}, sentinel: tlssig.ErrExpired},
		{name: "usersig for another user", ticket: userSig, user: "bob", at: t0,
			reason: `ticket was issued for user "alice", not "bob"`, codes: []string{"-100018", "70013"}, sentinel: tlssig.ErrUserMismatch},
		{name: "usersig of another key", ticket: otherKey, user: "alice", at: t0,
			reason: "UserSig signature does not match this key", codes: []string{"-100018", "70009"}, sentinel: tlssig.ErrBadSignature},
		{name: "usersig of another app", ticket: otherApp, user: "alice", at: t0,
			reason: "ticket was issued for app 1400000002, not app 1400000001", codes: []string{"-100018", "70014"}, sentinel: tlssig.ErrAppMismatch},
		{name: "malformed", ticket: "eJx-not-a-ticket", user: "alice", at: t0,
			reason: "malformed ticket: ", codes: []string{"-100018", "70003"}, sentinel: tlssig.ErrMalformed},
		{name: "privatemapkey as usersig", ticket: mapKey, user: "alice", want: diagnose.Expect{Kind: tlssig.KindUserSig}, at: t0,
			reason: "this is a PrivateMapKey, not a UserSig", codes: []string{"-100018", "70003"}, sentinel: tlssig.ErrWrongKind},
		{name: "privatemapkey for another room", ticket: mapKey, user: "alice", want: diagnose.Expect{Room: tlssig.NumericRoom(999)}, at: t0,
			reason: "PrivateMapKey was issued for room 1234, not room 999", codes: []string{"-100006"}},
		{name: "privatemapkey expired", ticket: mapKey, user: "alice", at: t0.Add(2 * time.Hour),
			reason: "PrivateMapKey expired at 2023-11-14T23:13:20Z", codes: []string{"-100006"}, sentinel: tlssig.ErrExpired},
		{name: "privatemapkey expired in the roomsig flow", ticket: mapKey, user: "alice", want: diagnose.Expect{RoomSig: true}, at: t0.Add(2 * time.Hour),
			reason: "PrivateMapKey expired at 2023-11-14T23:13:20Z", codes: []string{"roomsig_86"}, sentinel: tlssig.ErrExpired},
		{name: "privatemapkey for another user in the roomsig flow", ticket: mapKey, user: "bob", want: diagnose.Expect{RoomSig: true}, at: t0,
			reason: `ticket was issued for user "alice", not "bob"`, codes: []string{"roomsig_87"}, sentinel: tlssig.ErrUserMismatch},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := diagnose.Verify(v, tt.ticket, tt.user, tt.want, tt.at)
			if tt.reason == "" {
				if err != nil || got == nil {
					t.Fatalf("Verify = %v, %v; want valid", got, err)
				}
				return
			}
			var f *diagnose.Failure
			if !errors.As(err, &f) {
				t.Fatalf("Verify error = %v (%T), want a *Failure", err, err)
			}
			if !strings.HasPrefix(f.Reason, tt.reason) || diagnose.Reason(err) != f.Reason {
				t.Errorf("reason = %q, want prefix %q", f.Reason, tt.reason)
			}
			if tt.sentinel != nil && tt.sentinel != tlssig.ErrMalformed && strings.HasSuffix(f.Reason, tt.sentinel.Error()) {
				t.Errorf("reason %q repeats the sentinel's text", f.Reason)
			}
			if !reflect.DeepEqual(f.Codes, tt.codes) {
				t.Errorf("codes = %v, want %v", f.Codes, tt.codes)
			}
			if tt.sentinel != nil && !errors.Is(err, tt.sentinel) {
				t.Errorf("errors.Is(%v, %v) = false", err, tt.sentinel)
			}
		})
	}
}

func TestMatch(t *testing.T) {
	s := signer(t, appID, key)
	tk, err := s.PrivateMapKeyAt("alice", tlssig.NumericRoom(1234), tlssig.PrivAll, t0, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	d, err := tlssig.Decode(tk)
	if err != nil {
		t.Fatal(err)
	}
	pmk := tlssig.KindPrivateMapKey
	tests := []struct {
		name  string
		kind  tlssig.Kind
		app   uint64
		user  string
		room  tlssig.Room
		want  string // "" for a fit
		codes []string
	}{
		{"fits", pmk, appID, "alice", tlssig.NumericRoom(1234), "", nil},
		{"kind", tlssig.KindUserSig, appID, "alice", tlssig.Room{}, "this is a PrivateMapKey, not a UserSig", []string{"-100018", "70003"}},
		{"app", pmk, appID + 1, "alice", tlssig.NumericRoom(1234), "PrivateMapKey was issued for app 1400000001, not 1400000002", []string{"-100006"}},
		{"user", pmk, appID, "bob", tlssig.NumericRoom(1234), `PrivateMapKey was issued for user "alice", not "bob"`, []string{"-100006"}},
		{"room", pmk, appID, "alice", tlssig.StringRoom("1234"), `PrivateMapKey was issued for room 1234, not "1234"`, []string{"-100006"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			user, err := tlssig.ParseUserID(tt.user)
			if err != nil {
				t.Fatal(err)
			}
			m := diagnose.Match(d, tt.kind, tt.app, user, tt.room)
			if tt.want == "" {
				if m != nil {
					t.Fatalf("Match = %v, want nil", m)
				}
				return
			}
			if m == nil || m.Error() != tt.want {
				t.Fatalf("Match = %v, want %q", m, tt.want)
			}
			if got := m.Codes(false); !reflect.DeepEqual(got, tt.codes) {
				t.Errorf("codes = %v, want %v", got, tt.codes)
			}
		})
	}
}

func TestDescribe(t *testing.T) {
	tk, err := signer(t, appID, key).PrivateMapKeyAt("alice", tlssig.StringRoom("class a"), tlssig.PrivAudience, t0, 300*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	d, err := tlssig.Decode(tk)
	if err != nil {
		t.Fatal(err)
	}
	got := diagnose.Describe(d)
	if got.Kind != "privatemapkey" || got.Version != 2 || got.SDKAppID != appID || got.UserID != "alice" ||
		got.IssuedAt != t0.Unix() || got.Expire != 300 || got.ExpiresAt != t0.Unix()+300 ||
		got.StrRoomID == nil || *got.StrRoomID != "class a" || got.RoomID != nil ||
		got.PrivilegeMap == nil || *got.PrivilegeMap != 42 || !reflect.DeepEqual(got.Privileges, []string{"join", "recv-audio", "recv-video"}) {
		t.Errorf("Describe = %+v", got)
	}
	if s := diagnose.Summary(d); s != `valid: PrivateMapKey for user "alice" of app 1400000001, room "class a", privileges join,recv-audio,recv-video (42), expires at 2023-11-14T22:18:20Z` {
		t.Errorf("Summary = %q", s)
	}
}

func TestExpiry(t *testing.T) {
	s := signer(t, appID, key)
	tk, err := s.UserSigAt("alice", t0, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	d, err := tlssig.Decode(tk)
	if err != nil {
		t.Fatal(err)
	}
	if f := diagnose.Expiry(d, t0.Add(time.Hour), false); f != nil {
		t.Errorf("at expiresAt: %v, want valid", f)
	}
	v, _ := tlssig.NewHMACVerifier(appID, key)
	_, verr := diagnose.Verify(v, tk, "alice", diagnose.Expect{}, t0.Add(2*time.Hour))
	f := diagnose.Expiry(d, t0.Add(2*time.Hour), false)
	if f == nil || f.Reason != diagnose.Reason(verr) || !errors.Is(f, tlssig.ErrExpired) || !reflect.DeepEqual(f.Codes, []string{"-100018", "70001"}) {
		t.Errorf("Expiry = %+v, want what Verify says: %v", f, verr)
	}
}

// TestPlain: a library's error is shown by its Reason, without the package name; any other
// error by its text.
func TestPlain(t *testing.T) {
	_, terr := tlssig.ParseUserID("")
	_, rerr := roomurl.ParsePushURL("https://example.com/")
	other := errors.New("tlssig: not one of the package's errors")
	for _, tc := range []struct {
		err  error
		want string
	}{
		{terr, strings.TrimPrefix(terr.Error(), "tlssig: ")},
		{rerr, "want room://cloud.tencent.com: malformed push URL"},
		{other, other.Error()},
	} {
		if got := diagnose.Plain(tc.err); got != tc.want {
			t.Errorf("Plain(%v) = %q, want %q", tc.err, got, tc.want)
		}
	}
}
