package auth_test

import (
	"context"
	"encoding/base64"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/golang-jwt/jwt/v5"

	"github.com/ticketbooth/ticketbooth/shared/auth"
	"github.com/ticketbooth/ticketbooth/shared/secrets"
)

// TestAPIKeyLengthLimit: a presented key of up to 512 bytes is hashed and
// compared; a longer one is refused before any work, even when its digest
// is stored.
func TestAPIKeyLengthLimit(t *testing.T) {
	log, _ := newLogger()
	a := newAuth(t, newClock(), log, "", auth.MethodAPIKey)
	for _, tt := range []struct {
		name string
		n    int
		ok   bool
	}{
		{"512 bytes", 512, true},
		{"513 bytes", 513, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			key := strings.Repeat("k", tt.n)
			doc := &secrets.Document{APIKeys: []secrets.APIKey{{ID: "long", SHA256: digest(key)}}}
			id, err := a.Authenticate(context.Background(), request(http.Header{"X-Api-Key": {key}}, ""), doc)
			if tt.ok {
				if err != nil || id.Subject != "long" {
					t.Fatalf("Authenticate = %+v, %v; want the key's identity", id, err)
				}
				return
			}
			if !errors.Is(err, auth.ErrBadCredential) || !strings.Contains(err.Error(), "longer than 512 bytes") {
				t.Fatalf("Authenticate = %+v, %v; want ErrBadCredential for its length", id, err)
			}
		})
	}
}

// TestAlgorithmNotAccepted: a token signed with an algorithm outside the
// pinned list is refused with a message naming the accepted ones, and so is
// a header whose alg is not text.
func TestAlgorithmNotAccepted(t *testing.T) {
	log, _ := newLogger()
	c := newClock()
	a := newAuth(t, c, log, "", auth.MethodJWT)
	for _, tt := range []struct {
		name string
		tok  string
	}{
		{"HS384", sign(t, jwt.SigningMethodHS384, "", baseClaims(c), []byte(testHMAC))},
		{"HS512", sign(t, jwt.SigningMethodHS512, "", baseClaims(c), []byte(testHMAC))},
		{"alg is a number", func() string {
			tok := sign(t, jwt.SigningMethodHS256, "", baseClaims(c), []byte(testHMAC))
			return base64.RawURLEncoding.EncodeToString([]byte(`{"alg":256,"typ":"JWT"}`)) + tok[strings.Index(tok, "."):]
		}()},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := a.Authenticate(context.Background(), request(bearer(tt.tok), ""), hsDoc())
			if !errors.Is(err, auth.ErrBadCredential) || !strings.Contains(err.Error(), "signing algorithm is not accepted (accepted: HS256)") {
				t.Fatalf("Authenticate = %v, want the algorithm refused", err)
			}
		})
	}
}
