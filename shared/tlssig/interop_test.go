package tlssig_test

import (
	"bytes"
	"encoding/binary"
	"testing"
	"time"

	legacy "github.com/tencentyun/tls-sig-api-golang"
	tencent "github.com/tencentyun/tls-sig-api-v2-golang/tencentyun"

	"github.com/ticketbooth/ticketbooth/shared/tlssig"
	"github.com/ticketbooth/ticketbooth/shared/tlssig/tlssigtest"
)

// Round trips with Tencent's own Go libraries (test-only dependencies):
// ours verified by theirs, theirs verified and decoded by ours, and — for
// v2, whose tickets are deterministic — ours byte-identical to theirs when
// signed at the same second.

const (
	interopApp = 1400000000
	interopKey = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e"
	interopTTL = 86400
)

var interopUsers = []string{"xiaoming", "user_01-A", "a", "abcdefghijklmnopqrstuvwxyz012345", "小明", "🎉🎉party", "a<b>&c\"d\\e", "tab\there", "line\u2028sep"}

var interopRooms = []tlssig.Room{
	tlssig.NumericRoom(1), tlssig.NumericRoom(12345), tlssig.NumericRoom(4294967295),
	tlssig.StringRoom("room-abc"), tlssig.StringRoom("class_2019#A"), tlssig.StringRoom("a b!#$%&()+-:;<=.>?@[]^_{}|~,"),
	tlssig.StringRoom("0123456789012345678901234567890123456789012345678901234567890123"),
}

// wantUserbuf builds the userbuf (docs/DESIGN.md, "Ticket formats")
// independently of the package.
func wantUserbuf(user string, app uint32, room tlssig.Room, expireAt uint32, privs tlssig.Privilege) []byte {
	var b bytes.Buffer
	ver := byte(0)
	if room.IsString() {
		ver = 1
	}
	b.WriteByte(ver)
	binary.Write(&b, binary.BigEndian, uint16(len(user)))
	b.WriteString(user)
	binary.Write(&b, binary.BigEndian, []uint32{app, room.ID(), expireAt, uint32(privs), 0})
	if room.IsString() {
		binary.Write(&b, binary.BigEndian, uint16(len(room.Str())))
		b.WriteString(room.Str())
	}
	return b.Bytes()
}

func newHMAC(t testing.TB) (*tlssig.HMACSigner, *tlssig.HMACVerifier) {
	t.Helper()
	s, err := tlssig.NewHMACSigner(interopApp, interopKey)
	if err != nil {
		t.Fatal(err)
	}
	v, err := tlssig.NewHMACVerifier(interopApp, interopKey)
	if err != nil {
		t.Fatal(err)
	}
	return s, v
}

func TestInteropV2UserSig(t *testing.T) {
	s, v := newHMAC(t)
	for _, user := range interopUsers {
		t.Run(user, func(t *testing.T) {
			now := time.Now()
			ours, err := s.UserSigAt(user, now, interopTTL*time.Second)
			if err != nil {
				t.Fatal(err)
			}
			if err := tencent.VerifyUserSig(interopApp, interopKey, user, ours, now); err != nil {
				t.Fatalf("Tencent rejects ours: %v", err)
			}

			theirs, err := tencent.GenUserSig(interopApp, interopKey, user, interopTTL)
			if err != nil {
				t.Fatal(err)
			}
			tk, err := v.Verify(theirs, user, time.Now())
			if err != nil {
				t.Fatalf("we reject Tencent's: %v", err)
			}
			if tk.Kind != tlssig.KindUserSig || tk.UserID != user || tk.Lifetime != interopTTL*time.Second {
				t.Fatalf("decoded %+v", tk)
			}
			same, err := s.UserSigAt(user, tk.IssuedAt, interopTTL*time.Second)
			if err != nil {
				t.Fatal(err)
			}
			if same != theirs {
				t.Fatalf("signed at the same second, ours differs from Tencent's:\n got %s\nwant %s", same, theirs)
			}
		})
	}
}

func TestInteropV2PrivateMapKey(t *testing.T) {
	s, v := newHMAC(t)
	for _, user := range interopUsers[:6] {
		for _, room := range interopRooms {
			for _, privs := range []tlssig.Privilege{tlssig.PrivAll, tlssig.PrivAudience, tlssig.PrivCreate} {
				t.Run(user+"/"+room.String()+"/"+privs.String(), func(t *testing.T) {
					now := time.Now()
					ours, err := s.PrivateMapKeyAt(user, room, privs, now, interopTTL*time.Second)
					if err != nil {
						t.Fatal(err)
					}
					buf := wantUserbuf(user, interopApp, room, uint32(now.Unix()+interopTTL), privs)
					if err := tencent.VerifyUserSigWithBuf(interopApp, interopKey, user, ours, now, buf); err != nil {
						t.Fatalf("Tencent rejects ours: %v", err)
					}

					var theirs string
					if room.IsString() {
						theirs, err = tencent.GenPrivateMapKeyWithStringRoomID(interopApp, interopKey, user, interopTTL, room.Str(), uint32(privs))
					} else {
						theirs, err = tencent.GenPrivateMapKey(interopApp, interopKey, user, interopTTL, room.ID(), uint32(privs))
					}
					if err != nil {
						t.Fatal(err)
					}
					tk, err := v.Verify(theirs, user, time.Now())
					if err != nil {
						t.Fatalf("we reject Tencent's: %v", err)
					}
					if tk.Kind != tlssig.KindPrivateMapKey || tk.Room != room || tk.Privileges != privs || tk.UserID != user {
						t.Fatalf("decoded %+v", tk)
					}
					// Tencent reads the clock twice; compare bytes when both reads agreed.
					if tk.RoomExpiresAt.Equal(tk.ExpiresAt()) {
						same, err := s.PrivateMapKeyAt(user, room, privs, tk.IssuedAt, interopTTL*time.Second)
						if err != nil {
							t.Fatal(err)
						}
						if same != theirs {
							t.Fatalf("signed at the same second, ours differs from Tencent's:\n got %s\nwant %s", same, theirs)
						}
					}
				})
			}
		}
	}
}

func newECDSA(t testing.TB, privPEM, pubPEM string, opts ...tlssig.Option) (*tlssig.ECDSASigner, *tlssig.ECDSAVerifier) {
	t.Helper()
	k, err := tlssig.ParseECDSAPrivateKey([]byte(privPEM))
	if err != nil {
		t.Fatal(err)
	}
	s, err := tlssig.NewECDSASigner(interopApp, k, opts...)
	if err != nil {
		t.Fatal(err)
	}
	pub, err := tlssig.ParseECDSAPublicKey([]byte(pubPEM))
	if err != nil {
		t.Fatal(err)
	}
	v, err := tlssig.NewECDSAVerifier(interopApp, pub)
	if err != nil {
		t.Fatal(err)
	}
	return s, v
}

func TestInteropV1UserSig(t *testing.T) {
	p8, s1, pub := tlssigtest.ECDSAKeyPEM(t)
	for _, form := range []struct{ name, pem string }{{"pkcs8", p8}, {"sec1", s1}} {
		s, v := newECDSA(t, form.pem, pub)
		for _, user := range interopUsers {
			t.Run(form.name+"/"+user, func(t *testing.T) {
				ours, err := s.UserSig(user, interopTTL*time.Second)
				if err != nil {
					t.Fatal(err)
				}
				// The legacy verifier reads time.Now itself.
				if err := legacy.VerifyUsersig(pub, ours, interopApp, user); err != nil {
					t.Fatalf("Tencent rejects ours: %v", err)
				}
				theirs, err := legacy.GenerateUsersigWithExpire(form.pem, interopApp, user, interopTTL)
				if err != nil {
					t.Fatal(err)
				}
				tk, err := v.Verify(theirs, user, time.Now())
				if err != nil {
					t.Fatalf("we reject Tencent's: %v", err)
				}
				if tk.Version != 1 || tk.Kind != tlssig.KindUserSig || tk.UserID != user || tk.Lifetime != interopTTL*time.Second {
					t.Fatalf("decoded %+v", tk)
				}
			})
		}
	}
}

// The legacy library has no PrivateMapKey call, but it signs and verifies
// any userbuf (GenerateUsersigWithUserbuf / VerifyUsersigWithUserbuf): we
// give it our v1 userbuf.
func TestInteropV1PrivateMapKey(t *testing.T) {
	p8, _, pub := tlssigtest.ECDSAKeyPEM(t)
	s, v := newECDSA(t, p8, pub)
	for _, user := range interopUsers[:6] {
		for _, room := range interopRooms[:3] {
			t.Run(user+"/"+room.String(), func(t *testing.T) {
				now := time.Now()
				ours, err := s.PrivateMapKeyAt(user, room, tlssig.PrivAll, now, interopTTL*time.Second)
				if err != nil {
					t.Fatal(err)
				}
				buf, err := legacy.VerifyUsersigWithUserbuf(pub, ours, interopApp, user)
				if err != nil {
					t.Fatalf("Tencent rejects ours: %v", err)
				}
				if want := wantUserbuf(user, interopApp, room, uint32(now.Unix()+interopTTL), tlssig.PrivAll); !bytes.Equal(buf, want) {
					t.Fatalf("userbuf = %x, want %x", buf, want)
				}

				expireAt := uint32(time.Now().Unix() + interopTTL)
				theirs, err := legacy.GenerateUsersigWithUserbuf(p8, interopApp, user, interopTTL, wantUserbuf(user, interopApp, room, expireAt, tlssig.PrivAudience))
				if err != nil {
					t.Fatal(err)
				}
				tk, err := v.Verify(theirs, user, time.Now())
				if err != nil {
					t.Fatalf("we reject Tencent's: %v", err)
				}
				if tk.Kind != tlssig.KindPrivateMapKey || tk.Room != room || tk.Privileges != tlssig.PrivAudience || tk.RoomExpiresAt.Unix() != int64(expireAt) {
					t.Fatalf("decoded %+v", tk)
				}
			})
		}
	}
}

func TestV1AccountType(t *testing.T) {
	p8, _, pub := tlssigtest.ECDSAKeyPEM(t)
	s, v := newECDSA(t, p8, pub, tlssig.WithAccountType(7))
	tk, err := s.UserSig("xiaoming", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	got, err := v.Verify(tk, "xiaoming", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if got.AccountType != 7 {
		t.Fatalf("AccountType = %d, want 7", got.AccountType)
	}
	// Tencent's verifier signs over the document's own account type.
	if err := legacy.VerifyUsersig(pub, tk, interopApp, "xiaoming"); err != nil {
		t.Fatalf("Tencent rejects ours: %v", err)
	}
}
