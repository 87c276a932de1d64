package tlssig_test

import (
	"errors"
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
	for _, user := range []string{`say "hi" now`, `a\b c`, "tab\there", "<&>", "\u2028 x"} {
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
