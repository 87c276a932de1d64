package tlssig_test

import (
	"crypto/ecdsa"
	"strings"
	"testing"

	"github.com/ticketbooth/ticketbooth/shared/tlssig"
	"github.com/ticketbooth/ticketbooth/shared/tlssig/tlssigtest"
)

// TestEncodingMessages: a ticket in standard base64 is told apart from any
// other stray byte, each at its position.
func TestEncodingMessages(t *testing.T) {
	for _, tt := range []struct{ name, ticket, want string }{
		{"plus", "eAE+", `'+' at byte 3: TRTC tickets use * - _ where standard base64 uses + / =`},
		{"slash", "e/AA", `'/' at byte 1: TRTC tickets use * - _`},
		{"equals", "eA==", `'=' at byte 2: TRTC tickets use * - _`},
		{"space", "eA A", `' ' at byte 2, outside the ticket alphabet [A-Za-z0-9*-_]`},
		{"percent", "%2A", `'%' at byte 0, outside the ticket alphabet`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := tlssig.CheckEncoding(tt.ticket)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("CheckEncoding(%q) = %v, want %q", tt.ticket, err, tt.want)
			}
		})
	}
}

// TestVerifierKeyMessage names the bad key by its place in the list, from 1.
func TestVerifierKeyMessage(t *testing.T) {
	_, _, pub := tlssigtest.ECDSAKeyPEM(t)
	k, err := tlssig.ParseECDSAPublicKey([]byte(pub))
	if err != nil {
		t.Fatal(err)
	}
	_, err = tlssig.NewECDSAVerifier(1400000000, k, (*ecdsa.PublicKey)(nil))
	if err == nil || !strings.Contains(err.Error(), "public key 2 is not a P-256 key") {
		t.Fatalf("NewECDSAVerifier = %v, want key 2 named", err)
	}
}
