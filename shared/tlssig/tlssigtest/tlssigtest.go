// Package tlssigtest holds what the tests of the signing core and of its callers share: the
// tickets Tencent's official Go libraries made (Vectors), and fresh P-256 keys in the PEM forms
// tlssig reads (ECDSAKeyPEM), and checked user ids (UserID).
package tlssigtest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	_ "embed"
	"encoding/json"
	"encoding/pem"
	"testing"
	"time"

	"github.com/ticketbooth/ticketbooth/shared/tlssig"
)

//go:embed testdata/official-go-vectors.json
var vectorsJSON []byte

// Vector is one ticket made by Tencent's official Go libraries, with what it was made from.
type Vector struct {
	Name            string `json:"name"`
	Producer        string `json:"producer"` // the library and version that made it
	Version         int    `json:"version"`  // 1 (ECDSA) or 2 (HMAC)
	Kind            string `json:"kind"`     // "usersig" or "privatemapkey"
	SDKAppID        uint64 `json:"sdkAppId"`
	Key             string `json:"key"`           // the v2 secret key
	PrivateKeyPEM   string `json:"privateKeyPem"` // the v1 key
	PublicKeyPEM    string `json:"publicKeyPem"`
	UserID          string `json:"userId"`
	Expire          int64  `json:"expire"` // lifetime, seconds
	RoomID          uint32 `json:"roomId"`
	StrRoomID       string `json:"strRoomId"`
	PrivilegeMap    uint32 `json:"privilegeMap"`
	IssuedNotBefore int64  `json:"issuedNotBefore"` // the ticket's TLS.time lies in [IssuedNotBefore, IssuedNotAfter]
	IssuedNotAfter  int64  `json:"issuedNotAfter"`
	Ticket          string `json:"ticket"`
}

// Vectors returns the official vectors (a fresh slice each call).
func Vectors(t testing.TB) []Vector {
	t.Helper()
	var vs []Vector
	if err := json.Unmarshal(vectorsJSON, &vs); err != nil {
		t.Fatalf("official vectors: %v", err)
	}
	if len(vs) == 0 {
		t.Fatal("no official vectors")
	}
	return vs
}

// VectorNamed returns the official vector called name.
func VectorNamed(t testing.TB, name string) Vector {
	t.Helper()
	for _, v := range Vectors(t) {
		if v.Name == name {
			return v
		}
	}
	t.Fatalf("no official vector %q", name)
	return Vector{}
}

// TicketKind is the tlssig kind the vector's Kind names.
func (v Vector) TicketKind() tlssig.Kind {
	if v.Kind == "privatemapkey" {
		return tlssig.KindPrivateMapKey
	}
	return tlssig.KindUserSig
}

// Room is the vector's room: its string room when it has one, else its numeric room (the zero
// Room for a UserSig).
func (v Vector) Room() tlssig.Room {
	if v.StrRoomID != "" {
		return tlssig.StringRoom(v.StrRoomID)
	}
	return tlssig.NumericRoom(v.RoomID)
}

// IssuedAt is the earliest second the vector may have been issued at: verifying there checks the
// ticket whatever the day the test runs (the long-lived vectors expire in 2046, the short one
// within minutes of issue).
func (v Vector) IssuedAt() time.Time { return time.Unix(v.IssuedNotBefore, 0) }

// Verifier returns a verifier of the vector's version and app holding its key.
func (v Vector) Verifier(t testing.TB) tlssig.Verifier {
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

// ECDSAKeyPEM returns a fresh P-256 key as PKCS#8 and SEC1 private-key PEM and its PKIX public
// key PEM.
func ECDSAKeyPEM(t testing.TB) (pkcs8, sec1, pub string) {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	p8, err := x509.MarshalPKCS8PrivateKey(k)
	if err != nil {
		t.Fatal(err)
	}
	s1, err := x509.MarshalECPrivateKey(k)
	if err != nil {
		t.Fatal(err)
	}
	pk, err := x509.MarshalPKIXPublicKey(&k.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	enc := func(typ string, b []byte) string { return string(pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: b})) }
	return enc("PRIVATE KEY", p8), enc("EC PRIVATE KEY", s1), enc("PUBLIC KEY", pk)
}

// UserID is s as a checked user id, for a test's expected values; the zero
// UserID when s is not one (tlssig.ParseUserID's error is the test's own
// business).
func UserID(s string) tlssig.UserID {
	id, _ := tlssig.ParseUserID(s)
	return id
}
