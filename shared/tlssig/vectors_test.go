package tlssig_test

import (
	"errors"
	"testing"
	"time"

	"github.com/ticketbooth/ticketbooth/shared/tlssig"
	"github.com/ticketbooth/ticketbooth/shared/tlssig/tlssigtest"
)

// TestOfficialVectors verifies and decodes every ticket Tencent's official
// Go libraries made, at fixed instants (never the clock of the day the test
// runs): the issue second, the last valid second, and the second after it.
func TestOfficialVectors(t *testing.T) {
	for _, v := range tlssigtest.Vectors(t) {
		t.Run(v.Name, func(t *testing.T) {
			got, err := v.Verifier(t).Verify(v.Ticket, v.UserID, v.IssuedAt())
			if err != nil {
				t.Fatalf("Verify at issuance: %v", err)
			}
			decoded, err := tlssig.Decode(v.Ticket)
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			for _, tk := range []*tlssig.Ticket{got, decoded} {
				checkVectorFields(t, v, tk)
			}

			// Valid up to and including the last second (Tencent's rule:
			// expired when now > expiry), for a PrivateMapKey the earlier
			// of the ticket's and its userbuf's expiry.
			last := got.ExpiresAt()
			if got.Kind == tlssig.KindPrivateMapKey && got.RoomExpiresAt.Before(last) {
				last = got.RoomExpiresAt
			}
			if _, err := v.Verifier(t).Verify(v.Ticket, v.UserID, last); err != nil {
				t.Errorf("Verify at the last valid second %s: %v", last.UTC().Format(time.RFC3339), err)
			}
			if _, err := v.Verifier(t).Verify(v.Ticket, v.UserID, last.Add(time.Second)); !errors.Is(err, tlssig.ErrExpired) {
				t.Errorf("Verify a second after %s = %v, want ErrExpired", last.UTC().Format(time.RFC3339), err)
			}
		})
	}
}

func checkVectorFields(t *testing.T, v tlssigtest.Vector, tk *tlssig.Ticket) {
	t.Helper()
	wantKind := v.TicketKind()
	if tk.Version != v.Version || tk.Kind != wantKind || tk.SDKAppID != v.SDKAppID || tk.UserID != v.UserID {
		t.Errorf("got v%d %s app %d user %q, want v%d %s app %d user %q",
			tk.Version, tk.Kind, tk.SDKAppID, tk.UserID, v.Version, wantKind, v.SDKAppID, v.UserID)
	}
	if tk.Lifetime != time.Duration(v.Expire)*time.Second {
		t.Errorf("Lifetime = %s, want %ds", tk.Lifetime, v.Expire)
	}
	if iat := tk.IssuedAt.Unix(); iat < v.IssuedNotBefore || iat > v.IssuedNotAfter {
		t.Errorf("IssuedAt = %d, want within [%d, %d]", iat, v.IssuedNotBefore, v.IssuedNotAfter)
	}
	if !tk.ExpiresAt().Equal(tk.IssuedAt.Add(tk.Lifetime)) {
		t.Errorf("ExpiresAt = %s, want IssuedAt+Lifetime", tk.ExpiresAt())
	}
	if wantKind == tlssig.KindUserSig {
		if !tk.Room.IsZero() || tk.Privileges != 0 {
			t.Errorf("UserSig has room %s privileges %s", tk.Room, tk.Privileges)
		}
		return
	}
	if tk.Room != v.Room() {
		t.Errorf("Room = %s, want %s", tk.Room, v.Room())
	}
	if uint32(tk.Privileges) != v.PrivilegeMap {
		t.Errorf("Privileges = %d, want %d", tk.Privileges, v.PrivilegeMap)
	}
	if d := tk.RoomExpiresAt.Sub(tk.ExpiresAt()); d < -time.Second || d > 0 {
		t.Errorf("RoomExpiresAt = %s, want ExpiresAt %s or a second before", tk.RoomExpiresAt, tk.ExpiresAt())
	}
}
