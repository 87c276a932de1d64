package tlssig_test

import (
	"bytes"
	"compress/zlib"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/binary"
	"encoding/pem"
	"errors"
	"fmt"
	"hash/adler32"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/ticketbooth/ticketbooth/shared/tlssig"
	"github.com/ticketbooth/ticketbooth/shared/tlssig/tlssigtest"
)

var (
	testNow   = time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	otherKey  = "0000000000000000000000000000000000000000000000000000000000000000"
	ticketEnc = base64.NewEncoding("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789*-").WithPadding('_')
)

// openDoc returns the JSON document inside a ticket, read with the
// standard library only.
func openDoc(t testing.TB, ticket string) string {
	t.Helper()
	raw, err := ticketEnc.DecodeString(ticket)
	if err != nil {
		t.Fatal(err)
	}
	r, err := zlib.NewReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(doc)
}

// repack compresses doc with compress/zlib (so the compressed path is
// exercised) and encodes it as a ticket.
func repack(t testing.TB, doc string) string {
	t.Helper()
	var b bytes.Buffer
	w := zlib.NewWriter(&b)
	w.Write([]byte(doc))
	w.Close()
	return ticketEnc.EncodeToString(b.Bytes())
}

// edit returns ticket with its document changed by old→new (which must
// occur) and re-packed.
func edit(t testing.TB, ticket, old, new string) string {
	t.Helper()
	doc := openDoc(t, ticket)
	if !strings.Contains(doc, old) {
		t.Fatalf("document %s has no %q", doc, old)
	}
	return repack(t, strings.Replace(doc, old, new, 1))
}

func bomb(t testing.TB, size int) string {
	t.Helper()
	var b bytes.Buffer
	w, _ := zlib.NewWriterLevel(&b, zlib.BestCompression)
	w.Write([]byte(`{"TLS.ver":"2.0","TLS.identifier":"`))
	w.Write(bytes.Repeat([]byte("a"), size))
	w.Write([]byte(`"}`))
	w.Close()
	return ticketEnc.EncodeToString(b.Bytes())
}

func TestVerifyRejects(t *testing.T) {
	s, v := newHMAC(t)
	us, err := s.UserSigAt("xiaoming", testNow, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	pmk, err := s.PrivateMapKeyAt("xiaoming", tlssig.NumericRoom(12345), tlssig.PrivAudience, testNow, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	wrongKey, _ := tlssig.NewHMACSigner(interopApp, otherKey)
	forgedKey, _ := wrongKey.UserSigAt("xiaoming", testNow, time.Hour)
	otherApp, _ := tlssig.NewHMACSigner(interopApp+1, interopKey)
	forOtherApp, _ := otherApp.UserSigAt("xiaoming", testNow, time.Hour)
	p8, _, pub := tlssigtest.ECDSAKeyPEM(t)
	es, ev := newECDSA(t, p8, pub)
	v1, err := es.PrivateMapKeyAt("xiaoming", tlssig.NumericRoom(7), tlssig.PrivAudience, testNow, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	ublob := func(room uint32, privs tlssig.Privilege) string {
		return base64.StdEncoding.EncodeToString(wantUserbuf("xiaoming", interopApp, tlssig.NumericRoom(room), uint32(testNow.Unix()+3600), privs))
	}
	pmkDoc := openDoc(t, pmk)
	stored, _ := ticketEnc.DecodeString(us)

	tests := []struct {
		name     string
		verifier tlssig.Verifier
		ticket   string
		user     string
		at       time.Time
		want     error
	}{
		{"wrong key", v, forgedKey, "xiaoming", testNow, tlssig.ErrBadSignature},
		{"wrong user", v, us, "xiaohong", testNow, tlssig.ErrUserMismatch},
		{"wrong app", v, forOtherApp, "xiaoming", testNow, tlssig.ErrAppMismatch},
		{"expired", v, us, "xiaoming", testNow.Add(time.Hour + time.Second), tlssig.ErrExpired},
		{"PrivateMapKey expired", v, pmk, "xiaoming", testNow.Add(2 * time.Hour), tlssig.ErrExpired},
		{"v1 ticket to the HMAC verifier", v, v1, "xiaoming", testNow, tlssig.ErrWrongVersion},
		{"v2 ticket to the ECDSA verifier", ev, us, "xiaoming", testNow, tlssig.ErrWrongVersion},
		{"v1 with another key", ev, func() string {
			p8b, _, _ := tlssigtest.ECDSAKeyPEM(t)
			s2, _ := newECDSA(t, p8b, pub)
			tk, _ := s2.UserSigAt("xiaoming", testNow, time.Hour)
			return tk
		}(), "xiaoming", testNow, tlssig.ErrBadSignature},

		// Forged fields inside a re-packed document.
		{"forged lifetime", v, edit(t, us, `"TLS.expire":3600`, `"TLS.expire":36000`), "xiaoming", testNow, tlssig.ErrBadSignature},
		{"forged issue time", v, edit(t, us, fmt.Sprintf(`"TLS.time":%d`, testNow.Unix()), fmt.Sprintf(`"TLS.time":%d`, testNow.Unix()+1)), "xiaoming", testNow, tlssig.ErrBadSignature},
		{"forged user", v, edit(t, us, `"xiaoming"`, `"xiaohong"`), "xiaohong", testNow, tlssig.ErrBadSignature},
		{"forged privileges", v, edit(t, pmk, ublob(12345, tlssig.PrivAudience), ublob(12345, tlssig.PrivAll)), "xiaoming", testNow, tlssig.ErrBadSignature},
		{"forged room", v, edit(t, pmk, ublob(12345, tlssig.PrivAudience), ublob(1, tlssig.PrivAudience)), "xiaoming", testNow, tlssig.ErrBadSignature},
		{"userbuf dropped", v, repack(t, strings.Replace(pmkDoc, `"TLS.userbuf":"`+ublob(12345, tlssig.PrivAudience)+`",`, "", 1)), "xiaoming", testNow, tlssig.ErrBadSignature},
		{"forged v1 lifetime", ev, edit(t, v1, `"TLS.expire_after":"3600"`, `"TLS.expire_after":"36000"`), "xiaoming", testNow, tlssig.ErrBadSignature},
		{"forged v1 account type", ev, edit(t, v1, `"TLS.account_type":"0"`, `"TLS.account_type":"1"`), "xiaoming", testNow, tlssig.ErrBadSignature},

		// Ambiguous documents are refused before any signature check.
		{"duplicate field", v, edit(t, us, `"TLS.ver":"2.0",`, `"TLS.ver":"2.0","TLS.identifier":"xiaohong",`), "xiaoming", testNow, tlssig.ErrMalformed},
		{"case-folded field", v, edit(t, us, `"TLS.identifier"`, `"tls.identifier"`), "xiaoming", testNow, tlssig.ErrMalformed},
		{"unknown field", v, edit(t, us, `"TLS.ver":"2.0",`, `"TLS.ver":"2.0","TLS.extra":1,`), "xiaoming", testNow, tlssig.ErrMalformed},
		{"number as string", v, edit(t, us, `"TLS.expire":3600`, `"TLS.expire":"3600"`), "xiaoming", testNow, tlssig.ErrMalformed},
		{"negative lifetime", v, edit(t, us, `"TLS.expire":3600`, `"TLS.expire":-3600`), "xiaoming", testNow, tlssig.ErrMalformed},
		{"fractional lifetime", v, edit(t, us, `"TLS.expire":3600`, `"TLS.expire":3600.5`), "xiaoming", testNow, tlssig.ErrMalformed},
		{"huge number", v, edit(t, us, `"TLS.expire":3600`, `"TLS.expire":99999999999999999999999`), "xiaoming", testNow, tlssig.ErrMalformed},
		{"v1 leading zero", ev, edit(t, v1, `"TLS.expire_after":"3600"`, `"TLS.expire_after":"03600"`), "xiaoming", testNow, tlssig.ErrMalformed},
		{"invalid UTF-8", v, edit(t, us, `"xiaoming"`, "\"xiao\xffming\""), "xiao\xffming", testNow, tlssig.ErrMalformed},
		{"lone surrogate", v, edit(t, us, `"xiaoming"`, `"xiao\ud800ming"`), "xiaoming", testNow, tlssig.ErrMalformed},
		{"nested value", v, edit(t, us, `"TLS.expire":3600`, `"TLS.expire":{}`), "xiaoming", testNow, tlssig.ErrMalformed},
		{"trailing data", v, edit(t, us, "}\n", "}{}"), "xiaoming", testNow, tlssig.ErrMalformed},
		{"not an object", v, repack(t, `["TLS.ver"]`), "xiaoming", testNow, tlssig.ErrMalformed},
		{"empty document", v, repack(t, ``), "xiaoming", testNow, tlssig.ErrMalformed},
		{"userbuf for another user", v, edit(t, pmk, ublob(12345, tlssig.PrivAudience), base64.StdEncoding.EncodeToString(wantUserbuf("xiaohong", interopApp, tlssig.NumericRoom(12345), uint32(testNow.Unix()+3600), tlssig.PrivAudience))), "xiaoming", testNow, tlssig.ErrMalformed},
		{"userbuf truncated", v, edit(t, pmk, ublob(12345, tlssig.PrivAudience), "AAAI"), "xiaoming", testNow, tlssig.ErrMalformed},
		{"signature not base64", v, edit(t, us, `"TLS.sig":"`, `"TLS.sig":"!`), "xiaoming", testNow, tlssig.ErrMalformed},

		// Envelope.
		{"empty", v, "", "xiaoming", testNow, tlssig.ErrMalformed},
		{"truncated", v, us[:len(us)/2], "xiaoming", testNow, tlssig.ErrMalformed},
		{"truncated by a quantum", v, us[:len(us)-4], "xiaoming", testNow, tlssig.ErrMalformed},
		{"junk", v, "hello world", "xiaoming", testNow, tlssig.ErrMalformed},
		{"junk in alphabet", v, "AAAAAAAAAAAAAAAA", "xiaoming", testNow, tlssig.ErrMalformed},
		{"standard base64 alphabet", v, strings.NewReplacer("*", "+", "-", "/", "_", "=").Replace(us), "xiaoming", testNow, tlssig.ErrMalformed},
		{"newline inside", v, us[:10] + "\n" + us[10:], "xiaoming", testNow, tlssig.ErrMalformed},
		{"not zlib", v, ticketEnc.EncodeToString([]byte(`{"TLS.ver":"2.0"}`)), "xiaoming", testNow, tlssig.ErrMalformed},
		{"bad zlib checksum", v, func() string {
			b := bytes.Clone(stored)
			b[len(b)-1] ^= 1
			return ticketEnc.EncodeToString(b)
		}(), "xiaoming", testNow, tlssig.ErrMalformed},
		{"data after zlib", v, ticketEnc.EncodeToString(append(bytes.Clone(stored), 0)), "xiaoming", testNow, tlssig.ErrMalformed},
		{"zlib bomb", v, bomb(t, 10<<20), "xiaoming", testNow, tlssig.ErrTooLarge},
		{"oversized ticket", v, strings.Repeat("A", tlssig.MaxTicketLen+4), "xiaoming", testNow, tlssig.ErrTooLarge},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.verifier.Verify(tc.ticket, tc.user, tc.at)
			if !errors.Is(err, tc.want) {
				t.Fatalf("Verify = %v, %v; want %v", got, err, tc.want)
			}
			if got != nil {
				t.Fatalf("Verify returned a ticket with error %v", err)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "tlssig: ") {
				t.Errorf("error %q lacks the package prefix", msg)
			}
			for _, secret := range []string{interopKey, otherKey, tc.ticket} {
				if len(secret) > 8 && strings.Contains(msg, secret) {
					t.Errorf("error %q quotes a key or the ticket", msg)
				}
			}
			// Decode agrees on everything that is not about keys, users or time.
			if _, derr := tlssig.Decode(tc.ticket); errors.Is(tc.want, tlssig.ErrMalformed) || errors.Is(tc.want, tlssig.ErrTooLarge) {
				if !errors.Is(derr, tc.want) {
					t.Errorf("Decode = %v, want %v", derr, tc.want)
				}
			} else if derr != nil {
				t.Errorf("Decode = %v, want success", derr)
			}
		})
	}
}

func TestVerifyMessages(t *testing.T) {
	s, v := newHMAC(t)
	us, _ := s.UserSigAt("xiaoming", testNow, time.Hour)
	pmk, _ := s.PrivateMapKeyAt("xiaoming", tlssig.StringRoom("class-a"), tlssig.PrivAll, testNow, time.Hour)
	tests := []struct {
		name   string
		ticket string
		user   string
		at     time.Time
		want   string
	}{
		{"expired", us, "xiaoming", testNow.Add(2 * time.Hour), "tlssig: UserSig expired at 2026-11-24T13:00:00Z (1h0m0s ago): ticket expired"},
		{"user", us, "bob", testNow, `tlssig: ticket was issued for user "xiaoming", not "bob": ticket issued for another user`},
		{"key", pmk, "xiaoming", testNow, "tlssig: PrivateMapKey signature does not match any of the 2 keys (wrong key, or the ticket was altered): signature does not match"},
	}
	v2, _ := tlssig.NewHMACVerifier(interopApp, otherKey, "another")
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			vv := v
			if tc.name == "key" {
				vv = v2
			}
			_, err := vv.Verify(tc.ticket, tc.user, tc.at)
			if err == nil || err.Error() != tc.want {
				t.Fatalf("error = %v\nwant    %s", err, tc.want)
			}
		})
	}
	tk, err := tlssig.Decode(pmk)
	if err != nil {
		t.Fatal(err)
	}
	if err := tk.RequireKind(tlssig.KindUserSig); !errors.Is(err, tlssig.ErrWrongKind) || err.Error() != "tlssig: this is a PrivateMapKey, not a UserSig: wrong kind of ticket" {
		t.Fatalf("RequireKind = %v", err)
	}
	if err := tk.RequireKind(tlssig.KindPrivateMapKey); err != nil {
		t.Fatalf("RequireKind = %v", err)
	}
}

func TestRotation(t *testing.T) {
	oldS, _ := tlssig.NewHMACSigner(interopApp, otherKey)
	newS, _ := tlssig.NewHMACSigner(interopApp, interopKey)
	v, err := tlssig.NewHMACVerifier(interopApp, interopKey, otherKey)
	if err != nil {
		t.Fatal(err)
	}
	for name, s := range map[string]*tlssig.HMACSigner{"old key": oldS, "new key": newS} {
		t.Run(name, func(t *testing.T) {
			tk, _ := s.UserSigAt("u", testNow, time.Minute)
			if _, err := v.Verify(tk, "u", testNow); err != nil {
				t.Fatal(err)
			}
		})
	}
	p8a, _, puba := tlssigtest.ECDSAKeyPEM(t)
	_, _, pubb := tlssigtest.ECDSAKeyPEM(t)
	ka, _ := tlssig.ParseECDSAPublicKey([]byte(puba))
	kb, _ := tlssig.ParseECDSAPublicKey([]byte(pubb))
	ev, err := tlssig.NewECDSAVerifier(interopApp, kb, ka)
	if err != nil {
		t.Fatal(err)
	}
	es, _ := newECDSA(t, p8a, puba)
	tk, _ := es.UserSigAt("u", testNow, time.Minute)
	if _, err := ev.Verify(tk, "u", testNow); err != nil {
		t.Fatalf("ECDSA rotation: %v", err)
	}
}

func TestSignLimits(t *testing.T) {
	s, _ := newHMAC(t)
	p8, _, pub := tlssigtest.ECDSAKeyPEM(t)
	es, _ := newECDSA(t, p8, pub)
	ok := tlssig.NumericRoom(1)
	tests := []struct {
		name   string
		signer tlssig.Signer
		user   string
		room   tlssig.Room
		privs  tlssig.Privilege
		now    time.Time
		ttl    time.Duration
		want   error
	}{
		{"empty user", s, "", ok, 1, testNow, time.Hour, tlssig.ErrInvalidUserID},
		{"33-byte user", s, strings.Repeat("a", 33), ok, 1, testNow, time.Hour, tlssig.ErrInvalidUserID},
		{"11 CJK characters are 33 bytes", s, strings.Repeat("明", 11), ok, 1, testNow, time.Hour, tlssig.ErrInvalidUserID},
		{"invalid UTF-8 user", s, "a\xffb", ok, 1, testNow, time.Hour, tlssig.ErrInvalidUserID},
		{"room 0", s, "u", tlssig.NumericRoom(0), 1, testNow, time.Hour, tlssig.ErrInvalidRoom},
		{"no room", s, "u", tlssig.Room{}, 1, testNow, time.Hour, tlssig.ErrInvalidRoom},
		{"empty string room", s, "u", tlssig.StringRoom(""), 1, testNow, time.Hour, tlssig.ErrInvalidRoom},
		{"65-byte string room", s, "u", tlssig.StringRoom(strings.Repeat("r", 65)), 1, testNow, time.Hour, tlssig.ErrInvalidRoom},
		{"slash in string room", s, "u", tlssig.StringRoom("a/b"), 1, testNow, time.Hour, tlssig.ErrInvalidRoom},
		{"non-ASCII string room", s, "u", tlssig.StringRoom("房间"), 1, testNow, time.Hour, tlssig.ErrInvalidRoom},
		{"v1 string room", es, "u", tlssig.StringRoom("abc"), 1, testNow, time.Hour, tlssig.ErrInvalidRoom},
		{"privileges 0", s, "u", ok, 0, testNow, time.Hour, tlssig.ErrInvalidPrivilege},
		{"privileges 256", s, "u", ok, 256, testNow, time.Hour, tlssig.ErrInvalidPrivilege},
		{"zero lifetime", s, "u", ok, 1, testNow, 0, tlssig.ErrInvalidLifetime},
		{"sub-second lifetime", s, "u", ok, 1, testNow, 999 * time.Millisecond, tlssig.ErrInvalidLifetime},
		{"negative lifetime", s, "u", ok, 1, testNow, -time.Hour, tlssig.ErrInvalidLifetime},
		{"expireAt past 2106", s, "u", ok, 1, time.Unix(1<<32-10, 0), time.Minute, tlssig.ErrInvalidLifetime},
		{"clock before 1970", s, "u", ok, 1, time.Unix(-5, 0), time.Minute, tlssig.ErrInvalidLifetime},
		{"v1 empty user", es, "", ok, 1, testNow, time.Hour, tlssig.ErrInvalidUserID},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tk, err := tc.signer.PrivateMapKeyAt(tc.user, tc.room, tc.privs, tc.now, tc.ttl)
			if !errors.Is(err, tc.want) || tk != "" {
				t.Fatalf("PrivateMapKeyAt = %q, %v; want %v", tk, err, tc.want)
			}
			if tc.want == tlssig.ErrInvalidUserID || tc.want == tlssig.ErrInvalidLifetime {
				tk, err := tc.signer.UserSigAt(tc.user, tc.now, tc.ttl)
				if !errors.Is(err, tc.want) || tk != "" {
					t.Fatalf("UserSigAt = %q, %v; want %v", tk, err, tc.want)
				}
			}
		})
	}
	t.Run("edges accepted", func(t *testing.T) {
		for _, user := range []string{"a", strings.Repeat("a", 32), strings.Repeat("明", 10) + "ab", "🎉"} {
			for _, room := range []tlssig.Room{tlssig.NumericRoom(1), tlssig.NumericRoom(1<<32 - 1), tlssig.StringRoom(" "), tlssig.StringRoom(strings.Repeat("~", 64))} {
				if _, err := s.PrivateMapKeyAt(user, room, tlssig.PrivAll, time.Unix(1<<32-61, 0), time.Minute); err != nil {
					t.Errorf("%q in %s: %v", user, room, err)
				}
			}
		}
	})
}

func TestConstructorsReject(t *testing.T) {
	p384, _ := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	rsaKey, _ := rsa.GenerateKey(rand.Reader, 1024)
	rsaDER, _ := x509.MarshalPKCS8PrivateKey(rsaKey)
	rsaPub, _ := x509.MarshalPKIXPublicKey(&rsaKey.PublicKey)
	p384DER, _ := x509.MarshalPKCS8PrivateKey(p384)
	p384Pub, _ := x509.MarshalPKIXPublicKey(&p384.PublicKey)
	pemOf := func(typ string, b []byte) []byte { return pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: b}) }
	_, err := tlssig.NewHMACSigner(0, "k")
	check := func(name string, err, want error) {
		t.Run(name, func(t *testing.T) {
			if !errors.Is(err, want) {
				t.Fatalf("err = %v, want %v", err, want)
			}
			if strings.Contains(err.Error(), "MII") {
				t.Fatalf("error %q quotes key material", err)
			}
		})
	}
	check("HMAC app 0", err, tlssig.ErrInvalidSDKAppID)
	_, err = tlssig.NewHMACSigner(1<<32, "k")
	check("HMAC app over u32", err, tlssig.ErrInvalidSDKAppID)
	_, err = tlssig.NewHMACSigner(1, "")
	check("HMAC empty key", err, tlssig.ErrInvalidKey)
	_, err = tlssig.NewHMACVerifier(1)
	check("HMAC verifier no key", err, tlssig.ErrInvalidKey)
	_, err = tlssig.NewHMACVerifier(1, "k", "")
	check("HMAC verifier empty key", err, tlssig.ErrInvalidKey)
	_, err = tlssig.NewECDSASigner(1, nil)
	check("ECDSA nil key", err, tlssig.ErrInvalidKey)
	_, err = tlssig.NewECDSASigner(1, p384)
	check("ECDSA P-384 key", err, tlssig.ErrInvalidKey)
	_, err = tlssig.NewECDSAVerifier(1)
	check("ECDSA verifier no key", err, tlssig.ErrInvalidKey)
	_, err = tlssig.NewECDSAVerifier(1, &p384.PublicKey)
	check("ECDSA verifier P-384", err, tlssig.ErrInvalidKey)
	_, err = tlssig.ParseECDSAPrivateKey([]byte("not pem"))
	check("private: not PEM", err, tlssig.ErrInvalidKey)
	_, err = tlssig.ParseECDSAPrivateKey(pemOf("PRIVATE KEY", rsaDER))
	check("private: RSA", err, tlssig.ErrInvalidKey)
	_, err = tlssig.ParseECDSAPrivateKey(pemOf("PRIVATE KEY", p384DER))
	check("private: P-384", err, tlssig.ErrInvalidKey)
	_, err = tlssig.ParseECDSAPrivateKey(pemOf("PRIVATE KEY", []byte("MIIjunk")))
	check("private: junk DER", err, tlssig.ErrInvalidKey)
	_, err = tlssig.ParseECDSAPrivateKey(pemOf("CERTIFICATE", []byte("x")))
	check("private: certificate", err, tlssig.ErrInvalidKey)
	_, err = tlssig.ParseECDSAPublicKey(pemOf("PUBLIC KEY", rsaPub))
	check("public: RSA", err, tlssig.ErrInvalidKey)
	_, err = tlssig.ParseECDSAPublicKey(pemOf("PUBLIC KEY", p384Pub))
	check("public: P-384", err, tlssig.ErrInvalidKey)
	_, err = tlssig.ParseECDSAPublicKey(nil)
	check("public: empty", err, tlssig.ErrInvalidKey)
}

func TestParseKeys(t *testing.T) {
	p8, s1, pub := tlssigtest.ECDSAKeyPEM(t)
	withParams := "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n" + s1
	var want *ecdsa.PrivateKey
	for _, tc := range []struct{ name, pem string }{{"pkcs8", p8}, {"sec1", s1}, {"sec1 with EC PARAMETERS", withParams}} {
		t.Run(tc.name, func(t *testing.T) {
			k, err := tlssig.ParseECDSAPrivateKey([]byte(tc.pem))
			if err != nil {
				t.Fatal(err)
			}
			if want == nil {
				want = k
			}
			if !k.Equal(want) {
				t.Fatal("keys differ")
			}
			// A private key PEM also yields its public key.
			pk, err := tlssig.ParseECDSAPublicKey([]byte(tc.pem))
			if err != nil || !pk.Equal(&want.PublicKey) {
				t.Fatalf("public from private: %v", err)
			}
		})
	}
	pk, err := tlssig.ParseECDSAPublicKey([]byte(pub))
	if err != nil || !pk.Equal(&want.PublicKey) {
		t.Fatalf("public: %v", err)
	}
}

// TestVerifyEnvelopes checks that the same document verifies however the
// zlib stream is framed: compressed (Tencent's v1 and older v2 tickets),
// or split over several stored blocks.
func TestVerifyEnvelopes(t *testing.T) {
	s, v := newHMAC(t)
	tk, err := s.PrivateMapKeyAt("小明", tlssig.StringRoom("class_2019#A"), tlssig.PrivAudience, testNow, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	doc := openDoc(t, tk)
	storedBlocks := func(parts ...string) string {
		b := []byte{0x78, 0x01}
		for i, p := range parts {
			final := byte(0)
			if i == len(parts)-1 {
				final = 1
			}
			b = append(b, final, byte(len(p)), byte(len(p)>>8), ^byte(len(p)), ^byte(len(p)>>8))
			b = append(b, p...)
		}
		b = binary.BigEndian.AppendUint32(b, adler32.Checksum([]byte(doc)))
		return ticketEnc.EncodeToString(b)
	}
	tests := []struct{ name, ticket string }{
		{"as signed", tk},
		{"compressed", repack(t, doc)},
		{"three stored blocks", storedBlocks(doc[:10], doc[10:100], doc[100:])},
		{"empty stored blocks around", storedBlocks("", doc, "")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := v.Verify(tc.ticket, "小明", testNow)
			if err != nil {
				t.Fatal(err)
			}
			if got.Room != tlssig.StringRoom("class_2019#A") || got.Privileges != tlssig.PrivAudience {
				t.Fatalf("got %+v", got)
			}
		})
	}
}
