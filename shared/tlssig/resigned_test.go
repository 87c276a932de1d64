package tlssig_test

import (
	"crypto/ecdsa"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/ticketbooth/ticketbooth/shared/tlssig"
	"github.com/ticketbooth/ticketbooth/shared/tlssig/tlssigtest"
)

// The tickets here are edited and then signed again with the right key over
// the text the verifier rebuilds, so the signature matches and only the
// guard each row names can refuse them. A "genuine" row signs the same way
// without the flaw and must verify: it proves the helper makes tickets the
// verifier accepts, so a refusal is the guard's.

// hmacTicket signs text with interopKey and packs doc, whose TLS.sig is
// "SIG", around the MAC.
func hmacTicket(t *testing.T, text, doc string) string {
	t.Helper()
	mac := hmac.New(sha256.New, []byte(interopKey))
	mac.Write([]byte(text))
	return repack(t, strings.Replace(doc, "SIG", base64.StdEncoding.EncodeToString(mac.Sum(nil)), 1))
}

func v2Text(issued, lifetime int64, userbuf string) string {
	s := fmt.Sprintf("TLS.identifier:xiaoming\nTLS.sdkappid:%d\nTLS.time:%d\nTLS.expire:%d\n", interopApp, issued, lifetime)
	if userbuf != "" {
		s += "TLS.userbuf:" + userbuf + "\n"
	}
	return s
}

func TestVerifyResignedV2(t *testing.T) {
	_, v := newHMAC(t)
	issued := testNow.Unix()
	doc := func(appID, lifetime, issuedAt, userbuf string) string {
		d := `{"TLS.ver":"2.0","TLS.identifier":"xiaoming","TLS.sdkappid":` + appID + `,"TLS.expire":` + lifetime + `,"TLS.time":` + issuedAt
		if userbuf != "" {
			d += `,"TLS.userbuf":"` + userbuf + `"`
		}
		return d + `,"TLS.sig":"SIG"}`
	}
	app := fmt.Sprint(interopApp)
	iat := fmt.Sprint(issued)
	ub := func(extra ...byte) string {
		b := wantUserbuf("xiaoming", interopApp, tlssig.NumericRoom(12345), uint32(issued+3600), tlssig.PrivAudience)
		return base64.StdEncoding.EncodeToString(append(b, extra...))
	}
	tests := []struct {
		name   string
		ticket string
		want   error // nil: verifies
	}{
		{"genuine", hmacTicket(t, v2Text(issued, 5, ""), doc(app, "5", iat, "")), nil},
		{"genuine PrivateMapKey", hmacTicket(t, v2Text(issued, 3600, ub()), doc(app, "3600", iat, ub())), nil},
		// The signed text is rebuilt from the numbers, so a reader that
		// took 05 for 5 would accept a document Tencent's JSON reader
		// refuses.
		{"leading zero in TLS.expire", hmacTicket(t, v2Text(issued, 5, ""), doc(app, "05", iat, "")), tlssig.ErrMalformed},
		{"leading zero in TLS.time", hmacTicket(t, v2Text(issued, 5, ""), doc(app, "5", "0"+iat, "")), tlssig.ErrMalformed},
		{"leading zero in TLS.sdkappid", hmacTicket(t, v2Text(issued, 5, ""), doc("0"+app, "5", iat, "")), tlssig.ErrMalformed},
		{"fraction in TLS.expire", hmacTicket(t, v2Text(issued, 5, ""), doc(app, "5.0", iat, "")), tlssig.ErrMalformed},
		{"exponent in TLS.expire", hmacTicket(t, v2Text(issued, 5, ""), doc(app, "5e0", iat, "")), tlssig.ErrMalformed},
		{"lifetime 0", hmacTicket(t, v2Text(issued, 0, ""), doc(app, "0", iat, "")), tlssig.ErrMalformed},
		{"lifetime over 32 bits", hmacTicket(t, v2Text(issued, 1<<32, ""), doc(app, "4294967296", iat, "")), tlssig.ErrMalformed},
		{"issue time over 32 bits", hmacTicket(t, v2Text(1<<32, 5, ""), doc(app, "5", "4294967296", "")), tlssig.ErrMalformed},
		{"userbuf with a trailing byte", hmacTicket(t, v2Text(issued, 3600, ub(0)), doc(app, "3600", iat, ub(0))), tlssig.ErrMalformed},
		{"userbuf with trailing bytes", hmacTicket(t, v2Text(issued, 3600, ub(1, 2, 3, 4)), doc(app, "3600", iat, ub(1, 2, 3, 4))), tlssig.ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := v.Verify(tt.ticket, "xiaoming", testNow)
			if tt.want == nil && err != nil {
				t.Fatalf("Verify = %v, want valid", err)
			}
			if !errors.Is(err, tt.want) {
				t.Fatalf("Verify = %v, want %v", err, tt.want)
			}
			if _, err := tlssig.Decode(tt.ticket); !errors.Is(err, tt.want) && !(tt.want == nil && err == nil) {
				t.Fatalf("Decode = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestVerifyResignedV1(t *testing.T) {
	p8, _, pub := tlssigtest.ECDSAKeyPEM(t)
	_, v := newECDSA(t, p8, pub)
	key, err := tlssig.ParseECDSAPrivateKey([]byte(p8))
	if err != nil {
		t.Fatal(err)
	}
	issued := testNow.Unix()
	sign := func(lifetime int64, accountType uint64, life, acct, iat string) string {
		text := fmt.Sprintf("TLS.appid_at_3rd:0\nTLS.account_type:%d\nTLS.identifier:xiaoming\nTLS.sdk_appid:%d\nTLS.time:%d\nTLS.expire_after:%d\n", accountType, interopApp, issued, lifetime)
		digest := sha256.Sum256([]byte(text))
		sig, err := ecdsa.SignASN1(rand.Reader, key, digest[:])
		if err != nil {
			t.Fatal(err)
		}
		return repack(t, fmt.Sprintf(`{"TLS.account_type":"%s","TLS.appid_at_3rd":"0","TLS.expire_after":"%s","TLS.identifier":"xiaoming","TLS.sdk_appid":"%d","TLS.sig":"%s","TLS.time":"%s","TLS.version":"201512300000"}`,
			acct, life, interopApp, base64.StdEncoding.EncodeToString(sig), iat))
	}
	iat := fmt.Sprint(issued)
	tests := []struct {
		name   string
		ticket string
		want   error
	}{
		{"genuine", sign(5, 0, "5", "0", iat), nil},
		{"genuine account type", sign(5, 4294967295, "5", "4294967295", iat), nil},
		{"leading zero in TLS.expire_after", sign(5, 0, "05", "0", iat), tlssig.ErrMalformed},
		{"leading zero in TLS.time", sign(5, 0, "5", "0", "0"+iat), tlssig.ErrMalformed},
		{"sign in TLS.expire_after", sign(5, 0, "+5", "0", iat), tlssig.ErrMalformed},
		{"empty TLS.account_type", sign(5, 0, "5", "", iat), tlssig.ErrMalformed},
		{"account type over 32 bits", sign(5, 4294967296, "5", "4294967296", iat), tlssig.ErrMalformed},
		{"expire_after beyond uint64", sign(5, 0, "18446744073709551616", "0", iat), tlssig.ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := v.Verify(tt.ticket, "xiaoming", testNow)
			if tt.want == nil && err != nil {
				t.Fatalf("Verify = %v, want valid", err)
			}
			if !errors.Is(err, tt.want) {
				t.Fatalf("Verify = %v, want %v", err, tt.want)
			}
		})
	}
}

// TestExpiryBoundary: valid through the last second, expired one second
// later; for a PrivateMapKey the userbuf's own expireAt counts too.
func TestExpiryBoundary(t *testing.T) {
	s, v := newHMAC(t)
	us, _ := s.UserSigAt("xiaoming", testNow, time.Hour)
	pmk, _ := s.PrivateMapKeyAt("xiaoming", tlssig.NumericRoom(1), tlssig.PrivAll, testNow, time.Hour)
	issued := testNow.Unix()
	// A userbuf whose expireAt is a minute before the ticket's.
	early := base64.StdEncoding.EncodeToString(wantUserbuf("xiaoming", interopApp, tlssig.NumericRoom(1), uint32(issued+3540), tlssig.PrivAll))
	earlyPMK := hmacTicket(t, v2Text(issued, 3600, early), fmt.Sprintf(`{"TLS.ver":"2.0","TLS.identifier":"xiaoming","TLS.sdkappid":%d,"TLS.expire":3600,"TLS.time":%d,"TLS.userbuf":"%s","TLS.sig":"SIG"}`, interopApp, issued, early))
	tests := []struct {
		name   string
		ticket string
		last   time.Time
	}{
		{"UserSig", us, testNow.Add(time.Hour)},
		{"PrivateMapKey", pmk, testNow.Add(time.Hour)},
		{"PrivateMapKey whose room access ends first", earlyPMK, testNow.Add(59 * time.Minute)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := v.Verify(tt.ticket, "xiaoming", tt.last); err != nil {
				t.Errorf("at the last second: %v", err)
			}
			if _, err := v.Verify(tt.ticket, "xiaoming", tt.last.Add(time.Second)); !errors.Is(err, tlssig.ErrExpired) {
				t.Errorf("a second later: %v, want ErrExpired", err)
			}
		})
	}
}
