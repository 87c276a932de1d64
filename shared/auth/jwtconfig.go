package auth

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/ticketbooth/ticketbooth/shared/secrets"
)

// The rules of the secret document's jwt section live here, with the jwt method that reads it:
// secrets owns the section's shape (its fields, strict parsing), auth what they must say to
// verify a token. CheckDocument applies them when a document is loaded or refreshed, and
// pinnedAlgorithms again for a document that did not come through a checked cache.

// jwtAlgorithms are the algorithms jwt.algorithms may pin: HS256 with jwt.hs256Secret, RS256 and
// ES256 with keys from jwt.jwksUrl. none is not among them, nor anything the key sources could
// not serve.
var jwtAlgorithms = []string{"HS256", "RS256", "ES256"}

// minHS256Len is the shortest hs256Secret (RFC 7518 §3.2: a key at least as long as the hash).
const minHS256Len = 32

// jwtVerifies reports whether the jwt section configures verification of tokens by ticketbooth
// itself (any of issuer, audience, hs256Secret, jwksUrl, algorithms). A section without these
// only names claims, which is all the gateway-jwt method reads: the gateway verified the token.
func jwtVerifies(j *secrets.JWT) bool {
	return j != nil && (j.Issuer != "" || j.Audience != "" || j.HS256Secret != "" || j.JWKSURL != "" || len(j.Algorithms) > 0)
}

// jwtAlgorithmsOf checks that the section can verify a token — issuer and audience set
// (golang-jwt skips an empty expected issuer or audience), a key source for every algorithm, an
// hs256Secret of at least 32 bytes, an https jwksUrl — and returns the accepted algorithms:
// jwt.algorithms, or by default HS256 when hs256Secret is set, else RS256 and ES256. Every
// problem is reported, each naming its field (jwt.issuer), never a value.
func jwtAlgorithmsOf(j *secrets.JWT) ([]string, error) {
	var errs []error
	bad := func(field, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", field, fmt.Sprintf(format, args...)))
	}
	if j.Issuer == "" {
		bad("jwt.issuer", "is required to check the tokens' iss")
	}
	if j.Audience == "" {
		bad("jwt.audience", "is required to check the tokens' aud")
	}
	if j.HS256Secret == "" && j.JWKSURL == "" {
		bad("jwt", "needs hs256Secret or jwksUrl")
	}
	if j.HS256Secret != "" && len(j.HS256Secret) < minHS256Len {
		bad("jwt.hs256Secret", "shorter than %d bytes", minHS256Len)
	}
	if j.JWKSURL != "" {
		if msg := checkJWKSURL(j.JWKSURL); msg != "" {
			bad("jwt.jwksUrl", "%s", msg)
		}
	}
	for i, alg := range j.Algorithms {
		field := fmt.Sprintf("jwt.algorithms[%d]", i)
		switch {
		case !slices.Contains(jwtAlgorithms, alg):
			bad(field, "must be one of %s", strings.Join(jwtAlgorithms, ", "))
		case slices.Index(j.Algorithms, alg) < i:
			bad(field, "listed twice")
		case alg == "HS256" && j.HS256Secret == "":
			bad(field, "HS256 needs hs256Secret")
		case alg != "HS256" && j.JWKSURL == "":
			bad(field, "%s needs jwksUrl", alg)
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	switch {
	case len(j.Algorithms) > 0:
		return j.Algorithms, nil
	case j.HS256Secret != "":
		return []string{"HS256"}, nil
	default:
		return []string{"RS256", "ES256"}, nil
	}
}

// checkJWKSURL wants https, except on a loopback host (local tests and development), and no user
// info (a password in the URL would be a secret in every place the URL is shown). It returns what
// is wrong, without quoting the URL, or "".
func checkJWKSURL(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || u.User != nil {
		return "must be an absolute URL without user info"
	}
	switch u.Scheme {
	case "https":
		return ""
	case "http":
		if loopbackHost(u.Hostname()) {
			return ""
		}
	}
	return "must use https (http only on a loopback host)"
}
