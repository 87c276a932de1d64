package tlssig_test

import (
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/sha256"
	"testing"
	"time"

	legacy "github.com/tencentyun/tls-sig-api-golang"
	tencent "github.com/tencentyun/tls-sig-api-v2-golang/tencentyun"

	"github.com/ticketbooth/ticketbooth/shared/tlssig"
	"github.com/ticketbooth/ticketbooth/shared/tlssig/tlssigtest"
)

// Each benchmark runs ticketbooth and Tencent's official library side by
// side on the same input, so one `go test -bench` run gives the ratio:
// BenchmarkUserSig/ticketbooth vs BenchmarkUserSig/tencent. Speed is
// reported here, never asserted (docs/BENCHMARKS.md has the table).

const benchTTL = 86400

func BenchmarkUserSig(b *testing.B) {
	s, _ := newHMAC(b)
	b.Run("ticketbooth", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := s.UserSig("xiaoming", benchTTL*time.Second); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("tencent", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := tencent.GenUserSig(interopApp, interopKey, "xiaoming", benchTTL); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkPrivateMapKey(b *testing.B) {
	s, _ := newHMAC(b)
	b.Run("ticketbooth", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := s.PrivateMapKey("xiaoming", tlssig.NumericRoom(12345), tlssig.PrivAll, benchTTL*time.Second); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("tencent", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := tencent.GenPrivateMapKey(interopApp, interopKey, "xiaoming", benchTTL, 12345, 255); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkPrivateMapKeyStringRoom(b *testing.B) {
	s, _ := newHMAC(b)
	b.Run("ticketbooth", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := s.PrivateMapKey("xiaoming", tlssig.StringRoom("class_2019#A"), tlssig.PrivAll, benchTTL*time.Second); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("tencent", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := tencent.GenPrivateMapKeyWithStringRoomID(interopApp, interopKey, "xiaoming", benchTTL, "class_2019#A", 255); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkVerify verifies a UserSig made by Tencent's library (stored
// zlib blocks, as it writes them).
func BenchmarkVerify(b *testing.B) {
	_, v := newHMAC(b)
	tk, err := tencent.GenUserSig(interopApp, interopKey, "xiaoming", benchTTL)
	if err != nil {
		b.Fatal(err)
	}
	benchVerifyPair(b, v, tk, nil)
}

// BenchmarkVerifyPrivateMapKey verifies a PrivateMapKey; Tencent's
// verifier needs the userbuf, ours reads it from the ticket.
func BenchmarkVerifyPrivateMapKey(b *testing.B) {
	_, v := newHMAC(b)
	tk, err := tencent.GenPrivateMapKey(interopApp, interopKey, "xiaoming", benchTTL, 12345, 255)
	if err != nil {
		b.Fatal(err)
	}
	d, err := tlssig.Decode(tk)
	if err != nil {
		b.Fatal(err)
	}
	benchVerifyPair(b, v, tk, wantUserbuf("xiaoming", interopApp, tlssig.NumericRoom(12345), uint32(d.RoomExpiresAt.Unix()), tlssig.PrivAll))
}

// BenchmarkVerifyCompressed verifies a UserSig whose document is
// deflate-compressed (older Tencent libraries): the zlib reader path.
func BenchmarkVerifyCompressed(b *testing.B) {
	s, v := newHMAC(b)
	ours, err := s.UserSig("xiaoming", benchTTL*time.Second)
	if err != nil {
		b.Fatal(err)
	}
	benchVerifyPair(b, v, repack(b, openDoc(b, ours)), nil)
}

func benchVerifyPair(b *testing.B, v *tlssig.HMACVerifier, tk string, userbuf []byte) {
	now := time.Now()
	b.Run("ticketbooth", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := v.Verify(tk, "xiaoming", now); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("tencent", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var err error
			if userbuf != nil {
				err = tencent.VerifyUserSigWithBuf(interopApp, interopKey, "xiaoming", tk, now, userbuf)
			} else {
				err = tencent.VerifyUserSig(interopApp, interopKey, "xiaoming", tk, now)
			}
			if err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkDecode(b *testing.B) {
	s, _ := newHMAC(b)
	tk, _ := s.PrivateMapKey("xiaoming", tlssig.NumericRoom(12345), tlssig.PrivAll, benchTTL*time.Second)
	b.Run("ticketbooth", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := tlssig.Decode(tk); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkECDSAUserSig compares v1 UserSigs with Tencent's legacy library
// and with the bare P-256 signature ("ecdsa.SignASN1") that bounds them.
func BenchmarkECDSAUserSig(b *testing.B) {
	p8, _, pub := tlssigtest.ECDSAKeyPEM(b)
	s, _ := newECDSA(b, p8, pub)
	key, _ := tlssig.ParseECDSAPrivateKey([]byte(p8))
	b.Run("ticketbooth", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := s.UserSig("xiaoming", benchTTL*time.Second); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("tencent", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := legacy.GenerateUsersigWithExpire(p8, interopApp, "xiaoming", benchTTL); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("ecdsa.SignASN1", func(b *testing.B) {
		digest := sha256.Sum256([]byte("TLS.appid_at_3rd:0\nTLS.account_type:0\nTLS.identifier:xiaoming\nTLS.sdk_appid:1400000000\nTLS.time:1795523529\nTLS.expire_after:86400\n"))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := ecdsa.SignASN1(rand.Reader, key, digest[:]); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkECDSAVerify(b *testing.B) {
	p8, _, pub := tlssigtest.ECDSAKeyPEM(b)
	_, v := newECDSA(b, p8, pub)
	tk, err := legacy.GenerateUsersigWithExpire(p8, interopApp, "xiaoming", benchTTL)
	if err != nil {
		b.Fatal(err)
	}
	now := time.Now()
	b.Run("ticketbooth", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := v.Verify(tk, "xiaoming", now); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("tencent", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := legacy.VerifyUsersig(pub, tk, interopApp, "xiaoming"); err != nil {
				b.Fatal(err)
			}
		}
	})
}
