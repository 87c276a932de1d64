package tlssig_test

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/ticketbooth/ticketbooth/shared/tlssig"
	"github.com/ticketbooth/ticketbooth/shared/tlssig/tlssigtest"
)

// The tests in this file pin guards that `make mutate` (gremlins) showed no
// other test would notice changing: each names the guard it holds.

// TestCheckEncodingLengthLimit: a ticket of exactly MaxTicketLen bytes is
// accepted, one byte more is refused as too large.
func TestCheckEncodingLengthLimit(t *testing.T) {
	if err := tlssig.CheckEncoding(strings.Repeat("A", tlssig.MaxTicketLen)); err != nil {
		t.Errorf("%d bytes: %v, want nil", tlssig.MaxTicketLen, err)
	}
	if err := tlssig.CheckEncoding(strings.Repeat("A", tlssig.MaxTicketLen+1)); !errors.Is(err, tlssig.ErrTooLarge) {
		t.Errorf("%d bytes: %v, want ErrTooLarge", tlssig.MaxTicketLen+1, err)
	}
}

// TestDocumentDigitsAndEscapes: the strict JSON reader reads every digit and
// every hex digit of a \u escape (both cases), and keeps spaces after an
// escape in a string.
func TestDocumentDigitsAndEscapes(t *testing.T) {
	tests := []struct {
		name, ident, lifetime string
		wantUser              string
		wantLifetime          time.Duration
	}{
		{"number starting with 9", `"xiaoming"`, "9", "xiaoming", 9 * time.Second},
		{"number of nines", `"xiaoming"`, "99", "xiaoming", 99 * time.Second},
		{"hex digits 0-9 a-f A-F", `"\u0039\u00af\u00AF\u00Fa\u00fA"`, "3600", "9\u00af\u00af\u00fa\u00fa", time.Hour},
		{"space after an escape", `"say \"hi\" now"`, "3600", `say "hi" now`, time.Hour},
		{"surrogate pair", `"\ud83c\udf89"`, "3600", "\U0001f389", time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := `{"TLS.ver":"2.0","TLS.identifier":` + tt.ident + `,"TLS.sdkappid":1400000000,"TLS.expire":` + tt.lifetime + `,"TLS.time":1795523529,"TLS.sig":"AA=="}`
			tk, err := tlssig.Decode(repack(t, doc))
			if err != nil {
				t.Fatalf("Decode(%s): %v", doc, err)
			}
			if tk.UserID != tt.wantUser || tk.Lifetime != tt.wantLifetime {
				t.Errorf("Decode(%s) = user %q lifetime %s, want %q %s", doc, tk.UserID, tk.Lifetime, tt.wantUser, tt.wantLifetime)
			}
		})
	}
}

// TestSignVerifyUnusualUsers: user ids the JSON writer must escape (and the
// reader unescape) sign and verify, v2 and v1, with the lifetime kept.
func TestSignVerifyUnusualUsers(t *testing.T) {
	hs, hv := newHMAC(t)
	p8, _, pub := tlssigtest.ECDSAKeyPEM(t)
	es, ev := newECDSA(t, p8, pub)
	for _, user := range []string{`say "hi" now`, `a\b c`, "tab\there", "<&>", "\u2028 x", "\x7f\u00e9 \x01"} {
		for _, p := range []struct {
			name string
			s    tlssig.Signer
			v    tlssig.Verifier
		}{{"v2", hs, hv}, {"v1", es, ev}} {
			tk, err := p.s.UserSigAt(user, testNow, 90*time.Second)
			if err != nil {
				t.Fatalf("%s UserSigAt(%q): %v", p.name, user, err)
			}
			got, err := p.v.Verify(tk, user, testNow)
			if err != nil {
				t.Fatalf("%s Verify(%q): %v", p.name, user, err)
			}
			if got.UserID != user || got.Lifetime != 90*time.Second {
				t.Errorf("%s: user %q lifetime %s, want %q 1m30s", p.name, got.UserID, got.Lifetime, user)
			}
			// Escaped byte for byte as encoding/json (Tencent's libraries) writes it.
			want, _ := json.Marshal(user)
			if doc := openDoc(t, tk); !strings.Contains(doc, `"TLS.identifier":`+string(want)+`,`) {
				t.Errorf("%s: document %s does not hold the identifier as %s", p.name, doc, want)
			}
		}
	}
}

// TestEmptyDocument: "{}" is read as an object without fields, so the error
// names what is missing rather than calling it trailing data.
func TestEmptyDocument(t *testing.T) {
	for _, doc := range []string{`{}`, `{ }`, " {}\n"} {
		_, err := tlssig.Decode(repack(t, doc))
		if !errors.Is(err, tlssig.ErrMalformed) || !strings.Contains(err.Error(), "neither TLS.ver (v2) nor TLS.sdk_appid (v1)") {
			t.Errorf("Decode(%q) = %v, want the missing-version error", doc, err)
		}
	}
}

// TestInflateLimit: a compressed document of exactly MaxDocumentLen bytes is
// read (and refused only for what it lacks); one byte more is too large.
func TestInflateLimit(t *testing.T) {
	overhead := len(`{"TLS.ver":"2.0","TLS.identifier":""}`)
	_, err := tlssig.Decode(bomb(t, tlssig.MaxDocumentLen-overhead))
	if !errors.Is(err, tlssig.ErrMalformed) || !strings.Contains(err.Error(), "has no TLS.sdkappid") {
		t.Errorf("%d bytes: %v, want the missing-field error", tlssig.MaxDocumentLen, err)
	}
	_, err = tlssig.Decode(bomb(t, tlssig.MaxDocumentLen-overhead+1))
	if !errors.Is(err, tlssig.ErrTooLarge) {
		t.Errorf("%d bytes: %v, want ErrTooLarge", tlssig.MaxDocumentLen+1, err)
	}
}

// TestDocumentNumberRanges: TLS.time and the lifetime may be up to
// 4294967295 (32 bits, as the signers write them), one more is refused; a v1
// decimal may be up to 18446744073709551615, one more is too large rather
// than wrapped round to a small number.
func TestDocumentNumberRanges(t *testing.T) {
	v2 := func(issued, lifetime string) string {
		return `{"TLS.ver":"2.0","TLS.identifier":"a","TLS.sdkappid":1400000000,"TLS.expire":` + lifetime + `,"TLS.time":` + issued + `,"TLS.sig":"AA=="}`
	}
	v1 := func(appidAt3rd string) string {
		return `{"TLS.account_type":"0","TLS.appid_at_3rd":"` + appidAt3rd + `","TLS.expire_after":"60","TLS.identifier":"a","TLS.sdk_appid":"1400000000","TLS.sig":"MAYCAQECAQE=","TLS.time":"1","TLS.version":"x"}`
	}
	tests := []struct {
		name, doc string
		wantErr   string // "" when it decodes
	}{
		{"v2 issued at the 32-bit limit", v2("4294967295", "1"), ""},
		{"v2 issued past it", v2("4294967296", "1"), "issue time or lifetime out of range"},
		{"v2 lifetime at the 32-bit limit", v2("1", "4294967295"), ""},
		{"v2 lifetime past it", v2("1", "4294967296"), "issue time or lifetime out of range"},
		{"v2 number at the 64-bit limit", strings.Replace(v2("1", "1"), "1400000000", "18446744073709551615", 1), ""},
		{"v2 number one past it", strings.Replace(v2("1", "1"), "1400000000", "18446744073709551616", 1), "TLS.sdkappid: number too large"},
		{"v2 number that would wrap to 1", strings.Replace(v2("1", "1"), "1400000000", "18446744073709551617", 1), "TLS.sdkappid: number too large"},
		{"v2 number with a fraction", v2("1", "5.0"), "TLS.expire: number is not an integer"},
		{"v2 number with an exponent", v2("1", "5e0"), "TLS.expire: number is not an integer"},
		{"v1 decimal at the 64-bit limit", v1("18446744073709551615"), ""},
		{"v1 decimal one past it", v1("18446744073709551616"), "TLS.appid_at_3rd: too large"},
		{"v1 decimal that would wrap to 1", v1("18446744073709551617"), "TLS.appid_at_3rd: too large"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tlssig.Decode(repack(t, tt.doc))
			if tt.wantErr == "" && err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if tt.wantErr != "" && (!errors.Is(err, tlssig.ErrMalformed) || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Fatalf("Decode = %v, want %q", err, tt.wantErr)
			}
		})
	}
}

// TestUserbufEmptyStringRoom: a v1 userbuf whose string room has length 0
// is refused as an empty room (not as too short: the length is there).
func TestUserbufEmptyStringRoom(t *testing.T) {
	ub := wantUserbuf("a", 1400000000, tlssig.NumericRoom(0), 60, tlssig.PrivAll)
	ub[0] = 1             // version 1: a string room follows
	ub = append(ub, 0, 0) // of length 0
	doc := `{"TLS.ver":"2.0","TLS.identifier":"a","TLS.sdkappid":1400000000,"TLS.expire":60,"TLS.time":1,"TLS.userbuf":"` +
		base64.StdEncoding.EncodeToString(ub) + `","TLS.sig":"AA=="}`
	_, err := tlssig.Decode(repack(t, doc))
	if !errors.Is(err, tlssig.ErrMalformed) || !strings.Contains(err.Error(), "empty string room") {
		t.Fatalf("Decode = %v, want the empty-string-room error", err)
	}
}

// TestEmptyKeyNamed: a verifier given an empty key among several names its
// position, counted from 1 as the operator lists them.
func TestEmptyKeyNamed(t *testing.T) {
	_, err := tlssig.NewHMACVerifier(1400000000, "first-key-0123456789", "")
	if !errors.Is(err, tlssig.ErrInvalidKey) || !strings.Contains(err.Error(), "secret key 2 is empty") {
		t.Errorf("NewHMACVerifier = %v, want secret key 2 named", err)
	}
	_, err = tlssig.NewECDSAVerifier(1400000000, nil)
	if !errors.Is(err, tlssig.ErrInvalidKey) || !strings.Contains(err.Error(), "public key 1 is not a P-256 key") {
		t.Errorf("NewECDSAVerifier = %v, want public key 1 named", err)
	}
}

// TestBadSignatureWording: with one key the refusal says "this key", with
// several it counts them.
func TestBadSignatureWording(t *testing.T) {
	s, _ := newHMAC(t)
	tk, err := s.UserSigAt("xiaoming", testNow, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		keys []string
		want string
	}{
		{[]string{otherKey}, "UserSig signature does not match this key"},
		{[]string{otherKey, otherKey + "1"}, "UserSig signature does not match any of the 2 keys"},
	} {
		v, err := tlssig.NewHMACVerifier(interopApp, tt.keys...)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := v.Verify(tk, "xiaoming", testNow); !errors.Is(err, tlssig.ErrBadSignature) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%d keys: %v, want %q", len(tt.keys), err, tt.want)
		}
	}
}

// TestRoomAccessExpiryMessage: a PrivateMapKey whose userbuf's expireAt
// passed first says so, with when and how long ago.
func TestRoomAccessExpiryMessage(t *testing.T) {
	_, v := newHMAC(t)
	issued := testNow.Unix()
	early := base64.StdEncoding.EncodeToString(wantUserbuf("xiaoming", interopApp, tlssig.NumericRoom(1), uint32(issued+3540), tlssig.PrivAll))
	tk := hmacTicket(t, v2Text(issued, 3600, early), fmt.Sprintf(`{"TLS.ver":"2.0","TLS.identifier":"xiaoming","TLS.sdkappid":%d,"TLS.expire":3600,"TLS.time":%d,"TLS.userbuf":"%s","TLS.sig":"SIG"}`, interopApp, issued, early))
	_, err := v.Verify(tk, "xiaoming", testNow.Add(59*time.Minute+30*time.Second))
	want := "tlssig: PrivateMapKey's room access expired at 2026-11-24T12:59:00Z (30s ago): ticket expired"
	if err == nil || err.Error() != want {
		t.Errorf("Verify = %v, want %q", err, want)
	}
}

// TestTruncatedDocument: a document cut anywhere is refused as malformed,
// never read past its end.
func TestTruncatedDocument(t *testing.T) {
	full := `{"TLS.ver":"2.0","TLS.identifier":"a\"b\ud83c\udf89","TLS.sdkappid":1,"TLS.expire":1,"TLS.time":1,"TLS.sig":"AA=="}`
	for n := 1; n < len(full); n++ {
		_, err := tlssig.Decode(repack(t, full[:n]))
		if !errors.Is(err, tlssig.ErrMalformed) {
			t.Errorf("Decode(%q) = %v, want ErrMalformed", full[:n], err)
		}
	}
	for _, doc := range []string{"{ ", "{\n", `{"TLS.ver" `, `{"TLS.ver": `, `{"TLS.ver":"2.0" `, `{"TLS.ver":"2.0", `} {
		if _, err := tlssig.Decode(repack(t, doc)); !errors.Is(err, tlssig.ErrMalformed) {
			t.Errorf("Decode(%q) = %v, want ErrMalformed", doc, err)
		}
	}
}

// TestQuotedNamesCut: an unknown field name is quoted whole up to 40 bytes,
// cut with "…" beyond.
func TestQuotedNamesCut(t *testing.T) {
	for _, tt := range []struct{ name, want string }{
		{strings.Repeat("n", 40), `"` + strings.Repeat("n", 40) + `"`},
		{strings.Repeat("n", 41), `"` + strings.Repeat("n", 40) + `…"`},
	} {
		_, err := tlssig.Decode(repack(t, `{"`+tt.name+`":1}`))
		if err == nil || !strings.Contains(err.Error(), "unknown field "+tt.want) {
			t.Errorf("%d bytes: %v, want it to quote %s", len(tt.name), err, tt.want)
		}
	}
}

// TestParsePrivilegeDigits: a privilege map written as a number may start
// with any digit: "9" is 9, and "0" is refused as a number out of range.
func TestParsePrivilegeDigits(t *testing.T) {
	if p, err := tlssig.ParsePrivilege("9"); err != nil || p != 9 {
		t.Errorf(`ParsePrivilege("9") = %v, %v; want 9`, p, err)
	}
	if _, err := tlssig.ParsePrivilege("0"); !errors.Is(err, tlssig.ErrInvalidPrivilege) || !strings.Contains(err.Error(), "must be a number between 1 and 255") {
		t.Errorf(`ParsePrivilege("0") = %v, want the range error`, err)
	}
}

// TestRecommendedUserIDEdges: each class TRTC recommends holds at both ends,
// and the characters just outside them are not recommended.
func TestRecommendedUserIDEdges(t *testing.T) {
	for _, u := range []string{"az", "AZ", "09", "_-"} {
		if !tlssig.IsRecommendedUserID(u) {
			t.Errorf("IsRecommendedUserID(%q) = false, want true", u)
		}
	}
	for _, u := range []string{"a`", "z{", "A@", "Z[", "0/", "9:", ""} {
		if tlssig.IsRecommendedUserID(u) {
			t.Errorf("IsRecommendedUserID(%q) = true, want false", u)
		}
	}
}

// TestSignEdges: what a signer accepts at each edge: a one-second lifetime,
// the clock at 1970, an expiry at exactly 2^32-1, the largest SDKAppID, and
// string rooms using the last letters of each case.
func TestSignEdges(t *testing.T) {
	s, _ := newHMAC(t)
	if _, err := s.UserSigAt("u", testNow, time.Second); err != nil {
		t.Errorf("1s lifetime: %v", err)
	}
	if _, err := s.UserSigAt("u", time.Unix(0, 0), time.Minute); err != nil {
		t.Errorf("issued at 1970-01-01: %v", err)
	}
	if _, err := s.UserSigAt("u", time.Unix(0, 0), tlssig.MaxLifetimeSeconds*time.Second); err != nil {
		t.Errorf("the longest lifetime: %v", err)
	}
	if _, err := s.UserSigAt("u", time.Unix(1<<32-61, 0), time.Minute); err != nil {
		t.Errorf("expiring at 2^32-1: %v", err)
	}
	if _, err := tlssig.NewHMACSigner(tlssig.MaxSDKAppID, "k"); err != nil {
		t.Errorf("SDKAppID %d: %v", uint64(tlssig.MaxSDKAppID), err)
	}
	if _, err := s.PrivateMapKeyAt("u", tlssig.StringRoom("zZ"), tlssig.PrivAll, testNow, time.Minute); err != nil {
		t.Errorf(`string room "zZ": %v`, err)
	}
}
