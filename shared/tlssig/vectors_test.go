package tlssig_test

import (
	"encoding/json"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/ticketbooth/ticketbooth/shared/tlssig"
)

// vector is one ticket made by Tencent's official Go libraries
// (testdata/official-go-vectors.json; see /shared/testdata/interop).
type vector struct {
	Name            string `json:"name"`
	Version         int    `json:"version"`
	Kind            string `json:"kind"`
	SDKAppID        uint64 `json:"sdkAppId"`
	Key             string `json:"key"`
	PrivateKeyPEM   string `json:"privateKeyPem"`
	PublicKeyPEM    string `json:"publicKeyPem"`
	UserID          string `json:"userId"`
	Expire          int64  `json:"expire"`
	RoomID          uint32 `json:"roomId"`
	StrRoomID       string `json:"strRoomId"`
	PrivilegeMap    uint32 `json:"privilegeMap"`
	IssuedNotBefore int64  `json:"issuedNotBefore"`
	IssuedNotAfter  int64  `json:"issuedNotAfter"`
	Ticket          string `json:"ticket"`
}

func loadVectors(t testing.TB) []vector {
	t.Helper()
	b, err := os.ReadFile("testdata/official-go-vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	var vs []vector
	if err := json.Unmarshal(b, &vs); err != nil {
		t.Fatal(err)
	}
	if len(vs) == 0 {
		t.Fatal("no vectors")
	}
	return vs
}

func (v vector) verifier(t testing.TB) tlssig.Verifier {
	t.Helper()
	if v.Version == 2 {
		hv, err := tlssig.NewHMACVerifier(v.SDKAppID, v.Key)
		if err != nil {
			t.Fatal(err)
		}
		return hv
	}
	pub, err := tlssig.ParseECDSAPublicKey([]byte(v.PublicKeyPEM))
	if err != nil {
		t.Fatal(err)
	}
	ev, err := tlssig.NewECDSAVerifier(v.SDKAppID, pub)
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

func TestOfficialVectors(t *testing.T) {
	for _, v := range loadVectors(t) {
		t.Run(v.Name, func(t *testing.T) {
			at := time.Unix(v.IssuedNotBefore, 0)
			got, err := v.verifier(t).Verify(v.Ticket, v.UserID, at)
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

			// Now: every vector lives 20 years except the short one.
			_, err = v.verifier(t).Verify(v.Ticket, v.UserID, time.Now())
			if v.Expire < 3600 {
				if !errors.Is(err, tlssig.ErrExpired) {
					t.Fatalf("Verify now = %v, want ErrExpired", err)
				}
			} else if err != nil {
				t.Fatalf("Verify now: %v", err)
			}
		})
	}
}

func checkVectorFields(t *testing.T, v vector, tk *tlssig.Ticket) {
	t.Helper()
	wantKind := tlssig.KindUserSig
	if v.Kind == "privatemapkey" {
		wantKind = tlssig.KindPrivateMapKey
	}
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
	wantRoom := tlssig.NumericRoom(v.RoomID)
	if v.StrRoomID != "" {
		wantRoom = tlssig.StringRoom(v.StrRoomID)
	}
	if tk.Room != wantRoom {
		t.Errorf("Room = %s, want %s", tk.Room, wantRoom)
	}
	if uint32(tk.Privileges) != v.PrivilegeMap {
		t.Errorf("Privileges = %d, want %d", tk.Privileges, v.PrivilegeMap)
	}
	if d := tk.RoomExpiresAt.Sub(tk.ExpiresAt()); d < -time.Second || d > 0 {
		t.Errorf("RoomExpiresAt = %s, want ExpiresAt %s or a second before", tk.RoomExpiresAt, tk.ExpiresAt())
	}
}
