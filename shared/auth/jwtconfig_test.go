package auth_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/ticketbooth/ticketbooth/shared/auth"
	"github.com/ticketbooth/ticketbooth/shared/secrets"
)

// jwtDocLoad loads a document with the given jwt section the way the Handler does (secrets.Load
// with CheckDocument as its check), with the methods enabled.
func jwtDocLoad(t *testing.T, jwtSection map[string]any, methods ...auth.Method) (*secrets.Document, error) {
	t.Helper()
	b, err := json.Marshal(map[string]any{
		"apps": []any{map[string]any{"sdkAppId": 1400000001, "secretKey": "SECRETKEY-one-5f1c0e7bd4a94c1b9e2d7a3f60b8c4e1"}},
		"jwt":  jwtSection,
	})
	if err != nil {
		t.Fatal(err)
	}
	getenv := func(k string) string {
		if k == "DOC" {
			return string(b)
		}
		return ""
	}
	return secrets.Load(context.Background(), "env:DOC", secrets.WithGetenv(getenv),
		secrets.WithCheck(auth.Config{Methods: methods}.CheckDocument))
}

// The jwt sections the jwt method can use load.
func TestJWTSectionValid(t *testing.T) {
	for _, tt := range []struct {
		name string
		jwt  map[string]any
	}{
		{"hs256", map[string]any{"issuer": "iss", "audience": "aud", "hs256Secret": testHMAC, "algorithms": []string{"HS256"}}},
		{"jwks", map[string]any{"issuer": "iss", "audience": "aud", "jwksUrl": "https://example.com/.well-known/jwks.json", "algorithms": []string{"RS256", "ES256"}, "userClaim": "uid", "roleClaim": "r", "roomsClaim": "rooms"}},
		{"loopback http jwks", map[string]any{"issuer": "iss", "audience": "aud", "jwksUrl": "http://127.0.0.1:8081/jwks"}},
		{"localhost http jwks", map[string]any{"issuer": "iss", "audience": "aud", "jwksUrl": "http://localhost:8081/jwks"}},
		{"jwks url with a query", map[string]any{"issuer": "iss", "audience": "aud", "jwksUrl": "https://idp.example/keys?format=jwks"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := jwtDocLoad(t, tt.jwt, auth.MethodJWT); err != nil {
				t.Fatalf("refused: %v", err)
			}
		})
	}
}

// A jwt section that configures verification but cannot verify is refused when the document
// loads, whichever methods are enabled, each problem naming its field and never a value.
func TestJWTSectionInvalid(t *testing.T) {
	const hmacKey2 = "SECRETKEY-two-0a9b8c7d6e5f40312233445566778899"
	for _, tt := range []struct {
		name string
		jwt  map[string]any
		want []string
	}{
		{"without key source", map[string]any{"issuer": "x", "audience": "y"}, []string{"jwt: needs hs256Secret or jwksUrl"}},
		{"without issuer", map[string]any{"audience": "aud", "hs256Secret": testHMAC}, []string{"jwt.issuer: is required"}},
		{"without audience", map[string]any{"issuer": "iss", "hs256Secret": testHMAC}, []string{"jwt.audience: is required"}},
		{"with only a jwks url", map[string]any{"jwksUrl": "https://idp.example/jwks", "userClaim": "uid"}, []string{"jwt.issuer: is required", "jwt.audience: is required"}},
		{"with only algorithms", map[string]any{"algorithms": []string{"RS256"}}, []string{"jwt.issuer", "jwt.audience", "jwt: needs hs256Secret or jwksUrl", "jwt.algorithms[0]: RS256 needs jwksUrl"}},
		{"jwks url with credentials", map[string]any{"issuer": "iss", "audience": "aud", "jwksUrl": "https://admin:" + testHMAC + "@idp.example/jwks"}, []string{"jwt.jwksUrl: must be an absolute URL without user info"}},
		{"algorithm that is a secret", map[string]any{"issuer": "iss", "audience": "aud", "hs256Secret": testHMAC, "algorithms": []string{hmacKey2}}, []string{"jwt.algorithms[0]: must be one of HS256, RS256, ES256"}},
		{"HS512 (not offered)", map[string]any{"issuer": "iss", "audience": "aud", "hs256Secret": testHMAC, "algorithms": []string{"HS512"}}, []string{"jwt.algorithms[0]: must be one of"}},
		{"short hs256", map[string]any{"issuer": "iss", "audience": "aud", "hs256Secret": "sHoRtK3y"}, []string{"jwt.hs256Secret: shorter than 32"}},
		{"hs256 one byte short", map[string]any{"issuer": "iss", "audience": "aud", "hs256Secret": testHMAC[:31]}, []string{"jwt.hs256Secret: shorter than 32"}},
		{"HS256 without secret", map[string]any{"issuer": "iss", "audience": "aud", "jwksUrl": "https://x.example/j", "algorithms": []string{"HS256"}}, []string{"jwt.algorithms[0]: HS256 needs hs256Secret"}},
		{"RS256 without jwks", map[string]any{"issuer": "iss", "audience": "aud", "hs256Secret": testHMAC, "algorithms": []string{"RS256"}}, []string{"jwt.algorithms[0]: RS256 needs jwksUrl"}},
		{"none algorithm", map[string]any{"issuer": "iss", "audience": "aud", "hs256Secret": testHMAC, "algorithms": []string{"none"}}, []string{"jwt.algorithms[0]: must be one of HS256, RS256, ES256"}},
		{"repeated algorithm", map[string]any{"issuer": "iss", "audience": "aud", "hs256Secret": testHMAC, "algorithms": []string{"HS256", "HS256"}}, []string{"jwt.algorithms[1]: listed twice"}},
		{"http jwks", map[string]any{"issuer": "iss", "audience": "aud", "jwksUrl": "http://idp.example/jwks"}, []string{"jwt.jwksUrl: must use https"}},
		{"relative jwks", map[string]any{"issuer": "iss", "audience": "aud", "jwksUrl": "/jwks"}, []string{"jwt.jwksUrl: must be an absolute URL"}},
	} {
		for _, methods := range [][]auth.Method{{auth.MethodJWT}, {auth.MethodGatewayJWT}, nil} {
			t.Run(tt.name+"/"+methodNames(methods), func(t *testing.T) {
				d, err := jwtDocLoad(t, tt.jwt, methods...)
				if err == nil {
					t.Fatalf("loaded: %v", d)
				}
				if !errors.Is(err, secrets.ErrInvalidDocument) {
					t.Errorf("error %v does not wrap ErrInvalidDocument", err)
				}
				for _, w := range tt.want {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("error %q does not contain %q", err, w)
					}
				}
				assertNoSecrets(t, "error", err.Error(), hmacKey2, "sHoRtK3y", testHMAC[:31])
			})
		}
	}
}

func methodNames(ms []auth.Method) string {
	if len(ms) == 0 {
		return "none"
	}
	s := make([]string, len(ms))
	for i, m := range ms {
		s[i] = string(m)
	}
	return strings.Join(s, ",")
}
