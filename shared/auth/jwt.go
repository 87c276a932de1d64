package auth

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/ticketbooth/ticketbooth/shared/secrets"
)

const (
	// MaxTokenLen caps a bearer token; larger ones are refused before parsing.
	MaxTokenLen = 8 << 10
	// Leeway is the clock skew tolerated on exp, nbf and iat.
	Leeway = 30 * time.Second
	// minRSABits is the smallest RSA modulus accepted for RS256.
	minRSABits = 2048
)

type jwtAuth struct {
	clock func() time.Time
	jwks  *jwksCache
}

func (a *jwtAuth) authenticate(ctx context.Context, values []string, cfg *secrets.JWT) (*Identity, error) {
	if len(values) != 1 {
		return nil, reject(ErrBadCredential, "send one Authorization header")
	}
	tok, err := bearerToken(values[0])
	if err != nil {
		return nil, err
	}
	algs, err := pinnedAlgorithms(cfg)
	if err != nil {
		return nil, err
	}
	if err := strictSegments(tok, algs); err != nil {
		return nil, err
	}
	var keyErr error
	keyFunc := func(t *jwt.Token) (any, error) {
		k, err := a.key(ctx, t, cfg)
		keyErr = err
		return k, err
	}
	p := jwt.NewParser(
		jwt.WithValidMethods(algs),
		jwt.WithIssuer(cfg.Issuer),
		jwt.WithAudience(cfg.Audience),
		jwt.WithLeeway(Leeway),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithTimeFunc(a.clock),
		jwt.WithJSONNumber(),
		jwt.WithStrictDecoding(),
	)
	claims := jwt.MapClaims{}
	if _, err := p.ParseWithClaims(tok, claims, keyFunc); err != nil {
		if keyErr != nil {
			return nil, keyErr
		}
		return nil, tokenError(err)
	}
	return identityFromClaims(MethodJWT, claims, namesFrom(cfg))
}

// bearerToken extracts the token of "Bearer <token>" and checks its shape
// (three base64url segments) before any decoding.
func bearerToken(h string) (string, error) {
	if len(h) > MaxTokenLen+len("Bearer ") {
		return "", reject(ErrBadCredential, "the bearer token is longer than %d bytes", MaxTokenLen)
	}
	scheme, tok, ok := strings.Cut(strings.TrimSpace(h), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", reject(ErrBadCredential, "the Authorization header must be \"Bearer <JWT>\"")
	}
	tok = strings.TrimLeft(tok, " ")
	if tok == "" {
		return "", reject(ErrBadCredential, "the Authorization header has no token after Bearer")
	}
	dots := 0
	for i := 0; i < len(tok); i++ {
		c := tok[i]
		switch {
		case c == '.':
			dots++
		case c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '-', c == '_':
		default:
			return "", reject(ErrBadCredential, "the bearer token is not a JWT (only base64url segments separated by dots)")
		}
	}
	if dots != 2 {
		return "", reject(ErrBadCredential, "the bearer token is not a JWT (it needs three dot-separated segments)")
	}
	return tok, nil
}

// maxJSONDepth bounds the nesting strictSegments walks; claims are flat.
const maxJSONDepth = 16

// strictSegments refuses, before any key is fetched, a header whose alg
// is not one of algs, and what golang-jwt would let through: a header with "crit" (RFC 7515 §4.1.11: a verifier must
// refuse extensions it does not understand, and this one understands none),
// and a name given twice in the header or the claims at any depth
// (encoding/json keeps the last, so the claims the issuer meant and the ones
// read could differ). A segment that does not decode is left to the
// library, which calls the token malformed.
func strictSegments(tok string, algs []string) error {
	parts := strings.Split(tok, ".")
	for i, what := range []string{"header", "claims"} {
		seg, err := base64.RawURLEncoding.DecodeString(parts[i])
		if err != nil {
			return nil
		}
		dec := json.NewDecoder(bytes.NewReader(seg))
		top, err := uniqueNames(dec, 0)
		if err != nil {
			if errors.Is(err, errDuplicateName) {
				return reject(ErrBadCredential, "the token's %s give a name twice; the issuer must send each once", what)
			}
			if errors.Is(err, errTooDeep) {
				// Unread, a duplicate name could hide behind the nesting.
				return reject(ErrBadCredential, "the token's %s nest values more than %d levels deep", what, maxJSONDepth)
			}
			return nil // not JSON: the library says so
		}
		if i == 0 && top["crit"] {
			return reject(ErrBadCredential, "the token's header has \"crit\" (critical extensions), which this service does not support")
		}
		if i == 0 {
			// The library refuses an algorithm outside algs too, but says
			// so only in its error text; deciding here keeps that text out.
			var h struct {
				Alg any `json:"alg"`
			}
			if json.Unmarshal(seg, &h) != nil {
				return nil // the library calls it malformed
			}
			if alg, ok := h.Alg.(string); !ok || !slices.Contains(algs, alg) {
				return reject(ErrBadCredential, "the token's signing algorithm is not accepted (accepted: %s)", strings.Join(algs, ", "))
			}
		}
	}
	return nil
}

var (
	errDuplicateName = errors.New("duplicate name")
	errTooDeep       = errors.New("nested too deeply")
)

// uniqueNames reads one JSON value from dec and fails on an object that
// gives a name twice; for an object at the top it returns its names.
func uniqueNames(dec *json.Decoder, depth int) (map[string]bool, error) {
	if depth > maxJSONDepth {
		return nil, errTooDeep
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	d, ok := tok.(json.Delim)
	if !ok {
		return nil, nil
	}
	switch d {
	case '{':
		names := map[string]bool{}
		for dec.More() {
			t, err := dec.Token()
			if err != nil {
				return nil, err
			}
			name, _ := t.(string)
			if names[name] {
				return nil, errDuplicateName
			}
			names[name] = true
			if _, err := uniqueNames(dec, depth+1); err != nil {
				return nil, err
			}
		}
		_, err := dec.Token()
		return names, err
	case '[':
		for dec.More() {
			if _, err := uniqueNames(dec, depth+1); err != nil {
				return nil, err
			}
		}
		_, err := dec.Token()
		return nil, err
	}
	return nil, errors.New("unexpected delimiter")
}

// pinnedAlgorithms returns the algorithms the configuration accepts; the token's own alg header
// only selects among them. CheckDocument ran the same check when the document was loaded; it is
// repeated here for documents that did not come through a checked cache.
func pinnedAlgorithms(cfg *secrets.JWT) ([]string, error) {
	if cfg == nil {
		return nil, reject(ErrNotConfigured, "jwt auth is enabled but the secret document has no jwt section")
	}
	algs, err := jwtAlgorithmsOf(cfg)
	if err != nil {
		return nil, fmt.Errorf("jwt auth cannot verify tokens with the secret document's jwt section: %w: %w", err, ErrNotConfigured)
	}
	return algs, nil
}

// key returns the verification key for t. The algorithm was already checked
// against the pinned list; here the key must also belong to its family, so
// an HMAC token is only ever checked with hs256Secret and an RSA/ECDSA token
// only with a public key of that type from the JWKS.
func (a *jwtAuth) key(ctx context.Context, t *jwt.Token, cfg *secrets.JWT) (any, error) {
	if t.Method.Alg() == "HS256" {
		return []byte(cfg.HS256Secret), nil
	}
	src, err := a.jwks.source(cfg.JWKSURL)
	if err != nil {
		return nil, err
	}
	return src.key(ctx, t)
}

// keyFits reports whether key is a public key of the type and size alg
// needs (the pinned algorithms are HS256, RS256 and ES256; HS256 never gets
// here).
func keyFits(alg string, key any) bool {
	switch alg {
	case "RS256":
		k, ok := key.(*rsa.PublicKey)
		return ok && k.N != nil && k.N.BitLen() >= minRSABits
	case "ES256":
		k, ok := key.(*ecdsa.PublicKey)
		return ok && k.Curve == elliptic.P256()
	}
	return false
}

// tokenError turns the library's error into one that tells the caller what
// is wrong, without echoing anything from the token.
func tokenError(err error) error {
	var msg string
	switch {
	case errors.Is(err, jwt.ErrTokenMalformed):
		msg = "the bearer token is not a well-formed JWT"
	case errors.Is(err, jwt.ErrTokenSignatureInvalid):
		msg = "the token's signature does not verify"
	case errors.Is(err, jwt.ErrTokenExpired):
		msg = "the token has expired; get a fresh one"
	case errors.Is(err, jwt.ErrTokenNotValidYet):
		msg = "the token is not valid yet (nbf); check the clocks"
	case errors.Is(err, jwt.ErrTokenUsedBeforeIssued):
		msg = "the token was issued in the future (iat); check the clocks"
	case errors.Is(err, jwt.ErrTokenInvalidIssuer):
		msg = "the token's issuer (iss) is not accepted"
	case errors.Is(err, jwt.ErrTokenInvalidAudience):
		msg = "the token's audience (aud) is not accepted"
	case errors.Is(err, jwt.ErrTokenRequiredClaimMissing):
		msg = "the token lacks a required claim (exp, iss and aud are required)"
	case errors.Is(err, jwt.ErrTokenUnverifiable):
		msg = "the token cannot be verified"
	default:
		msg = "the token is not valid"
	}
	return reject(ErrBadCredential, "%s", msg)
}
