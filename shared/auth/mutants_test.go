package auth_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/golang-jwt/jwt/v5"

	"github.com/ticketbooth/ticketbooth/shared/auth"
)

// The tests in this file pin guards that `make mutate` (gremlins) showed no
// other test would notice changing.

// rawHS256 signs header and claims JSON text as they are.
func rawHS256(t *testing.T, header, claims string) string {
	t.Helper()
	enc := base64.RawURLEncoding.EncodeToString
	signing := enc([]byte(header)) + "." + enc([]byte(claims))
	sig, err := jwt.SigningMethodHS256.Sign(signing, []byte(testHMAC))
	if err != nil {
		t.Fatal(err)
	}
	return signing + "." + enc(sig)
}

// TestBearerTokenLengthLimit: a token of exactly MaxTokenLen bytes is read
// (and refused only for what it is); one byte more is refused unread.
func TestBearerTokenLengthLimit(t *testing.T) {
	c := newClock()
	log, _ := newLogger()
	a := newAuth(t, c, log, "", auth.MethodJWT)
	// Three base64url segments of the right total length; the signature is
	// not the issuer's.
	tok := func(n int) string {
		head := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`))
		return head + ".e30." + strings.Repeat("A", n-len(head)-len(".e30."))
	}
	for _, tt := range []struct {
		n        int
		tooLarge bool
	}{{auth.MaxTokenLen, false}, {auth.MaxTokenLen + 1, true}} {
		_, err := a.Authenticate(context.Background(), request(bearer(tok(tt.n)), ""), hsDoc())
		if !errors.Is(err, auth.ErrBadCredential) {
			t.Fatalf("%d bytes: %v, want ErrBadCredential", tt.n, err)
		}
		if got := strings.Contains(err.Error(), "longer than"); got != tt.tooLarge {
			t.Errorf("%d bytes: %v (refused for its length: %v, want %v)", tt.n, err, got, tt.tooLarge)
		}
	}
}

// TestClaimsNesting: claims nested to the depth the duplicate-name check
// reads are accepted; deeper ones are refused, so that no duplicate name can
// hide behind the nesting.
func TestClaimsNesting(t *testing.T) {
	c := newClock()
	log, _ := newLogger()
	a := newAuth(t, c, log, "", auth.MethodJWT)
	b, err := json.Marshal(baseClaims(c))
	if err != nil {
		t.Fatal(err)
	}
	base := strings.TrimSuffix(string(b), "}")
	nest := func(n int) string { return strings.Repeat("[", n) + strings.Repeat("]", n) }
	for _, tt := range []struct {
		name, claims string
		ok           bool
	}{
		{"an object and 16 arrays", base + `,"ext":` + nest(16) + `}`, true},
		{"an object and 17 arrays", base + `,"ext":` + nest(17) + `}`, false},
		{"a duplicate sub after deep nesting", base + `,"ext":` + nest(40) + `,"sub":"admin01"}`, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			id, err := a.Authenticate(context.Background(), request(bearer(rawHS256(t, `{"alg":"HS256","typ":"JWT"}`, tt.claims)), ""), hsDoc())
			if tt.ok && (err != nil || id.UserID != "user-42") {
				t.Fatalf("Authenticate = %+v, %v; want user-42", id, err)
			}
			if !tt.ok && (!errors.Is(err, auth.ErrBadCredential) || !strings.Contains(err.Error(), "the token's claims nest values more than 16 levels deep")) {
				t.Fatalf("Authenticate = %+v, %v; want ErrBadCredential for the nesting", id, err)
			}
		})
	}
}
