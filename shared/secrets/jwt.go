package secrets

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"slices"
	"strings"
)

// jwtAlgorithms are the algorithms jwt.algorithms may pin: HS256 with
// jwt.hs256Secret, RS256 and ES256 with keys from jwt.jwksUrl. none is not
// among them, nor anything the key sources could not serve.
var jwtAlgorithms = []string{"HS256", "RS256", "ES256"}

// minHS256Len is the shortest hs256Secret (RFC 7518 §3.2: a key at least as
// long as the hash).
const minHS256Len = 32

// Verifies reports whether the jwt section configures verification of
// tokens by ticketbooth itself (any of issuer, audience, hs256Secret,
// jwksUrl, algorithms). A section without these only names claims, which is
// all the gateway-jwt method reads: the gateway verified the token.
func (j *JWT) Verifies() bool {
	return j.Issuer != "" || j.Audience != "" || j.HS256Secret != "" || j.JWKSURL != "" || len(j.Algorithms) > 0
}

// VerifyAlgorithms checks that the section can verify a token — issuer and
// audience set (golang-jwt skips an empty expected issuer or audience), a
// key source for every algorithm, an hs256Secret of at least 32 bytes, an
// https jwksUrl — and returns the accepted algorithms: jwt.algorithms, or by
// default HS256 when hs256Secret is set, else RS256 and ES256. Parse runs
// the same check on every section that Verifies, so a document the jwt
// method could never use is refused when it is loaded; the jwt method calls
// it again for documents that did not come through Parse. The error names
// fields (jwt.issuer), never values.
func (j *JWT) VerifyAlgorithms() ([]string, error) {
	var p problems
	algs := j.checkVerification("jwt", &p)
	if err := joinProblems(p); err != nil {
		return nil, err
	}
	return algs, nil
}

func (j *JWT) checkVerification(path string, p *problems) []string {
	if j.Issuer == "" {
		p.add(path+".issuer", "is required to check the tokens' iss")
	}
	if j.Audience == "" {
		p.add(path+".audience", "is required to check the tokens' aud")
	}
	if j.HS256Secret == "" && j.JWKSURL == "" {
		p.add(path, "needs hs256Secret or jwksUrl")
	}
	if j.HS256Secret != "" && len(j.HS256Secret) < minHS256Len {
		p.add(path+".hs256Secret", "shorter than %d bytes", minHS256Len)
	}
	if j.JWKSURL != "" {
		if err := checkJWKSURL(j.JWKSURL); err != nil {
			p.add(path+".jwksUrl", "%v", err)
		}
	}
	for i, alg := range j.Algorithms {
		apath := fmt.Sprintf("%s.algorithms[%d]", path, i)
		switch {
		case !slices.Contains(jwtAlgorithms, alg):
			p.add(apath, "must be one of %s", strings.Join(jwtAlgorithms, ", "))
		case slices.Index(j.Algorithms, alg) < i:
			p.add(apath, "listed twice")
		case alg == "HS256" && j.HS256Secret == "":
			p.add(apath, "HS256 needs hs256Secret")
		case alg != "HS256" && j.JWKSURL == "":
			p.add(apath, "%s needs jwksUrl", alg)
		}
	}
	switch {
	case len(j.Algorithms) > 0:
		return j.Algorithms
	case j.HS256Secret != "":
		return []string{"HS256"}
	default:
		return []string{"RS256", "ES256"}
	}
}

// checkJWKSURL wants https, except on a loopback host (local tests and
// development), and no user info (a password in the URL would be a secret
// in every place the URL is shown). Its messages do not quote the URL.
func checkJWKSURL(s string) error {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || u.User != nil {
		return errors.New("must be an absolute URL without user info")
	}
	switch u.Scheme {
	case "https":
		return nil
	case "http":
		if ip := net.ParseIP(u.Hostname()); ip != nil && ip.IsLoopback() || u.Hostname() == "localhost" {
			return nil
		}
	}
	return errors.New("must use https (http only on a loopback host)")
}
