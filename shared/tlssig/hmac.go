package tlssig

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"hash"
	"strconv"
	"sync"
	"time"
)

// HMACSigner issues v2 (HMAC-SHA256) tickets with an app's secret key. It
// is safe for concurrent use.
type HMACSigner struct {
	appID     uint64
	appDigits []byte
	cfg       config
	// work pools a scratch together with an HMAC keyed with the secret
	// (crypto/hmac's Reset restores the keyed state without rehashing
	// the key): one Get per signature.
	work sync.Pool
}

type hmacWork struct {
	scratch
	mac hash.Hash
}

var _ Signer = (*HMACSigner)(nil)

// NewHMACSigner returns a v2 signer for sdkAppID. secretKey is the
// console's key used as its text bytes (not hex-decoded); it is copied.
func NewHMACSigner(sdkAppID uint64, secretKey string, opts ...Option) (*HMACSigner, error) {
	if err := checkAppID(sdkAppID); err != nil {
		return nil, err
	}
	if secretKey == "" {
		return nil, errorf(ErrInvalidKey, "secret key is empty")
	}
	key := []byte(secretKey)
	s := &HMACSigner{appID: sdkAppID, appDigits: strconv.AppendUint(nil, sdkAppID, 10), cfg: newConfig(opts)}
	s.work.New = func() any {
		w := &hmacWork{mac: hmac.New(sha256.New, key)}
		w.scratch = *newScratch()
		return w
	}
	return s, nil
}

// SDKAppID returns the app the signer signs for.
func (s *HMACSigner) SDKAppID() uint64 { return s.appID }

// UserSig returns a UserSig for userID valid for ttl from the clock's now.
func (s *HMACSigner) UserSig(userID string, ttl time.Duration) (string, error) {
	return s.UserSigAt(userID, s.cfg.clock(), ttl)
}

// UserSigAt returns a UserSig issued at now (truncated to the second).
func (s *HMACSigner) UserSigAt(userID string, now time.Time, ttl time.Duration) (string, error) {
	r, err := newRequest(userID, false, Room{}, 0, now, ttl)
	if err != nil {
		return "", err
	}
	return s.sign(&r), nil
}

// PrivateMapKey returns a PrivateMapKey for userID in room with privs,
// valid for ttl from the clock's now.
func (s *HMACSigner) PrivateMapKey(userID string, room Room, privs Privilege, ttl time.Duration) (string, error) {
	return s.PrivateMapKeyAt(userID, room, privs, s.cfg.clock(), ttl)
}

// PrivateMapKeyAt returns a PrivateMapKey issued at now (truncated to the
// second).
func (s *HMACSigner) PrivateMapKeyAt(userID string, room Room, privs Privilege, now time.Time, ttl time.Duration) (string, error) {
	r, err := newRequest(userID, true, room, privs, now, ttl)
	if err != nil {
		return "", err
	}
	return s.sign(&r), nil
}

func (s *HMACSigner) sign(r *request) string {
	w := s.work.Get().(*hmacWork)
	sc := &w.scratch
	ub64 := r.userbuf(sc, s.appID)
	var nb [40]byte
	issued, lifetime := digits(&nb, r.issued, r.lifetime)
	sc.text = appendV2Text(sc.text[:0], r.userID, s.appDigits, issued, lifetime, ub64)
	w.mac.Reset()
	w.mac.Write(sc.text)
	mac := w.mac.Sum(sc.sum[:0])

	// The document, field for field as Tencent's library writes it
	// (encoding/json of its struct, then the Encoder's newline).
	d := append(sc.doc[:zlibHeaderLen], `{"TLS.ver":"2.0","TLS.identifier":`...)
	d = appendJSONString(d, r.userID)
	d = append(d, `,"TLS.sdkappid":`...)
	d = append(d, s.appDigits...)
	d = append(d, `,"TLS.expire":`...)
	d = append(d, lifetime...)
	d = append(d, `,"TLS.time":`...)
	d = append(d, issued...)
	if ub64 != nil {
		d = append(d, `,"TLS.userbuf":"`...)
		d = append(d, ub64...)
		d = append(d, '"')
	}
	d = append(d, `,"TLS.sig":"`...)
	d = base64.StdEncoding.AppendEncode(d, mac)
	d = append(d, "\"}\n"...)
	sc.doc = d
	tk := sc.finish()
	if sc.small() {
		s.work.Put(w)
	}
	return tk
}

// HMACVerifier verifies v2 tickets against one or more secret keys (the
// current key and the ones being rotated out). It is safe for concurrent
// use.
type HMACVerifier struct {
	appID uint64
	macs  []*sync.Pool
}

var _ Verifier = (*HMACVerifier)(nil)

// NewHMACVerifier returns a verifier for sdkAppID accepting tickets signed
// with any of secretKeys (each used as its text bytes; copied).
func NewHMACVerifier(sdkAppID uint64, secretKeys ...string) (*HMACVerifier, error) {
	if err := checkAppID(sdkAppID); err != nil {
		return nil, err
	}
	if len(secretKeys) == 0 {
		return nil, errorf(ErrInvalidKey, "no secret key given")
	}
	v := &HMACVerifier{appID: sdkAppID}
	for i, k := range secretKeys {
		if k == "" {
			return nil, errorf(ErrInvalidKey, "secret key %d is empty", i+1)
		}
		key := []byte(k)
		v.macs = append(v.macs, &sync.Pool{New: func() any { return hmac.New(sha256.New, key) }})
	}
	return v, nil
}

// Verify checks that ticket is a genuine v2 ticket of the verifier's app
// for userID, valid at now, and returns what it says. Errors wrap
// ErrMalformed, ErrTooLarge, ErrWrongVersion, ErrAppMismatch,
// ErrUserMismatch, ErrBadSignature or ErrExpired, in that order of checks.
func (v *HMACVerifier) Verify(ticket, userID string, now time.Time) (*Ticket, error) {
	u := getUnpacker()
	defer putUnpacker(u)
	p := &u.p
	if err := u.parse(ticket, p); err != nil {
		return nil, err
	}
	if p.version != 2 {
		return nil, errorf(ErrWrongVersion, "this is a v1 (ECDSA-SHA256) ticket, but the key is a v2 HMAC secret key")
	}
	if err := p.checkClaims(v.appID, userID); err != nil {
		return nil, err
	}
	var nb [40]byte
	issued, lifetime := digits(&nb, p.issued, p.lifetime)
	appID := strconv.AppendUint(u.sum[32:32], p.appID, 10)
	u.text = appendV2Text(u.text[:0], userID, appID, issued, lifetime, p.userbufB64)
	ok := false
	for _, pool := range v.macs {
		h := pool.Get().(hash.Hash)
		h.Reset()
		h.Write(u.text)
		mac := h.Sum(u.sum[:0])
		pool.Put(h)
		// hmac.Equal is constant-time; every key is tried so the time does
		// not tell which one matched.
		if hmac.Equal(mac, p.sig) {
			ok = true
		}
	}
	if !ok {
		return nil, p.badSignature(len(v.macs))
	}
	if err := p.checkExpiry(now); err != nil {
		return nil, err
	}
	return p.ticket(userID), nil
}

// checkClaims compares the ticket's app and user with the expected ones.
func (p *parsed) checkClaims(appID uint64, userID string) error {
	if p.appID != appID {
		return errorf(ErrAppMismatch, "ticket was issued for app %d, not app %d", p.appID, appID)
	}
	if string(p.ident) != userID {
		return errorf(ErrUserMismatch, "ticket was issued for user %q, not %q", truncate(p.ident), userID)
	}
	return nil
}

func (p *parsed) badSignature(keys int) error {
	what := "this key"
	if keys > 1 {
		what = "any of the " + strconv.Itoa(keys) + " keys"
	}
	return errorf(ErrBadSignature, "%s signature does not match %s (wrong key, or the ticket was altered)", p.kindName(), what)
}

func (p *parsed) kindName() string {
	if p.pmk {
		return KindPrivateMapKey.String()
	}
	return KindUserSig.String()
}

// checkExpiry applies Tencent's rule, expired when now > issued+lifetime,
// and for a PrivateMapKey the same rule to the userbuf's expireAt. Like
// Tencent's verifiers it does not refuse an issue time in the future (a
// signer's clock may run ahead).
func (p *parsed) checkExpiry(now time.Time) error {
	t := now.Unix()
	exp := int64(p.issued + p.lifetime)
	if t > exp {
		return errorf(ErrExpired, "%s expired at %s (%s ago)", p.kindName(), time.Unix(exp, 0).UTC().Format(time.RFC3339), time.Duration(t-exp)*time.Second)
	}
	if p.pmk && t > int64(p.roomExp) {
		return errorf(ErrExpired, "PrivateMapKey's room access expired at %s (%s ago)", time.Unix(int64(p.roomExp), 0).UTC().Format(time.RFC3339), time.Duration(t-int64(p.roomExp))*time.Second)
	}
	return nil
}
