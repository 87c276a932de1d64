package tlssig

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"strconv"
	"time"
)

// ParseECDSAPrivateKey reads a P-256 private key from PEM: PKCS#8
// ("PRIVATE KEY") or SEC1 ("EC PRIVATE KEY"), skipping an "EC PARAMETERS"
// block as openssl writes one. Errors wrap ErrInvalidKey and never quote
// the key.
func ParseECDSAPrivateKey(pemBytes []byte) (*ecdsa.PrivateKey, error) {
	rest := pemBytes
	for {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			return nil, errorf(ErrInvalidKey, "no PEM private key found")
		}
		var k any
		var err error
		switch block.Type {
		case "EC PARAMETERS":
			continue
		case "EC PRIVATE KEY":
			k, err = x509.ParseECPrivateKey(block.Bytes)
		case "PRIVATE KEY":
			k, err = x509.ParsePKCS8PrivateKey(block.Bytes)
		default:
			return nil, errorf(ErrInvalidKey, "PEM block %q is not a private key (want PRIVATE KEY or EC PRIVATE KEY)", block.Type)
		}
		if err != nil {
			return nil, errorf(ErrInvalidKey, "%s is not a valid key", block.Type)
		}
		ek, ok := k.(*ecdsa.PrivateKey)
		if !ok {
			return nil, errorf(ErrInvalidKey, "%s holds a %T, not an ECDSA key", block.Type, k)
		}
		if ek.Curve != elliptic.P256() {
			return nil, errorf(ErrInvalidKey, "key is on %s, TRTC v1 tickets use P-256", ek.Curve.Params().Name)
		}
		return ek, nil
	}
}

// ParseECDSAPublicKey reads a P-256 public key from a PKIX ("PUBLIC KEY")
// PEM block. For convenience a private key PEM is accepted too, and its
// public half returned.
func ParseECDSAPublicKey(pemBytes []byte) (*ecdsa.PublicKey, error) {
	rest := pemBytes
	for {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			return nil, errorf(ErrInvalidKey, "no PEM public key found")
		}
		switch block.Type {
		case "EC PARAMETERS":
			continue
		case "EC PRIVATE KEY", "PRIVATE KEY":
			k, err := ParseECDSAPrivateKey(pemBytes)
			if err != nil {
				return nil, err
			}
			return &k.PublicKey, nil
		case "PUBLIC KEY":
		default:
			return nil, errorf(ErrInvalidKey, "PEM block %q is not a public key (want PUBLIC KEY)", block.Type)
		}
		k, err := x509.ParsePKIXPublicKey(block.Bytes)
		if err != nil {
			return nil, errorf(ErrInvalidKey, "PUBLIC KEY is not a valid key")
		}
		ek, ok := k.(*ecdsa.PublicKey)
		if !ok {
			return nil, errorf(ErrInvalidKey, "PUBLIC KEY holds a %T, not an ECDSA key", k)
		}
		if ek.Curve != elliptic.P256() {
			return nil, errorf(ErrInvalidKey, "key is on %s, TRTC v1 tickets use P-256", ek.Curve.Params().Name)
		}
		return ek, nil
	}
}

// ECDSASigner issues v1 (ECDSA-SHA256, P-256) tickets.
// It is safe for concurrent use.
type ECDSASigner struct {
	appID uint64
	key   *ecdsa.PrivateKey
	cfg   config
}

var _ Signer = (*ECDSASigner)(nil)

// NewECDSASigner returns a v1 signer for sdkAppID with the P-256 key k
// (from ParseECDSAPrivateKey).
func NewECDSASigner(sdkAppID uint64, k *ecdsa.PrivateKey, opts ...Option) (*ECDSASigner, error) {
	if err := checkAppID(sdkAppID); err != nil {
		return nil, err
	}
	if k == nil || k.Curve != elliptic.P256() {
		return nil, errorf(ErrInvalidKey, "v1 tickets need a P-256 private key")
	}
	return &ECDSASigner{appID: sdkAppID, key: k, cfg: newConfig(opts)}, nil
}

// SDKAppID returns the app the signer signs for.
func (s *ECDSASigner) SDKAppID() uint64 { return s.appID }

// UserSig returns a v1 UserSig for userID valid for ttl from the clock's now.
func (s *ECDSASigner) UserSig(userID string, ttl time.Duration) (string, error) {
	return s.UserSigAt(userID, s.cfg.clock(), ttl)
}

// UserSigAt returns a v1 UserSig issued at now (truncated to the second).
func (s *ECDSASigner) UserSigAt(userID string, now time.Time, ttl time.Duration) (string, error) {
	r, err := newRequest(userID, false, Room{}, 0, now, ttl)
	if err != nil {
		return "", err
	}
	return s.sign(&r)
}

// PrivateMapKey returns a v1 PrivateMapKey valid for ttl from the clock's
// now. The roomsig flow, which v1 tickets serve, knows numeric rooms only (the
// roomsig request's GroupId), so a string room is refused with
// ErrInvalidRoom.
func (s *ECDSASigner) PrivateMapKey(userID string, room Room, privs Privilege, ttl time.Duration) (string, error) {
	return s.PrivateMapKeyAt(userID, room, privs, s.cfg.clock(), ttl)
}

// PrivateMapKeyAt returns a v1 PrivateMapKey issued at now (truncated to
// the second).
func (s *ECDSASigner) PrivateMapKeyAt(userID string, room Room, privs Privilege, now time.Time, ttl time.Duration) (string, error) {
	if room.isStr {
		return "", errorf(ErrInvalidRoom, "v1 (ECDSA) PrivateMapKeys carry numeric rooms only; use a v2 key for string room ids")
	}
	r, err := newRequest(userID, true, room, privs, now, ttl)
	if err != nil {
		return "", err
	}
	return s.sign(&r)
}

func (s *ECDSASigner) sign(r *request) (string, error) {
	sc := scratches.Get().(*scratch)
	defer putScratch(sc)
	ub64 := r.userbuf(sc, s.appID)
	sc.text = appendV1Text(sc.text[:0], r.userID, s.appID, r.issued, r.lifetime, 0, s.cfg.accountType, ub64)
	digest := sha256.Sum256(sc.text)
	sig, err := ecdsa.SignASN1(rand.Reader, s.key, digest[:])
	if err != nil {
		return "", errorf(err, "ECDSA signing failed")
	}

	// Keys in sorted order, as Tencent's library (encoding/json of a map)
	// writes them.
	d := append(sc.doc[:zlibHeaderLen], `{"TLS.account_type":"`...)
	d = strconv.AppendUint(d, uint64(s.cfg.accountType), 10)
	d = append(d, `","TLS.appid_at_3rd":"0","TLS.expire_after":"`...)
	d = strconv.AppendUint(d, r.lifetime, 10)
	d = append(d, `","TLS.identifier":`...)
	d = appendJSONString(d, r.userID)
	d = append(d, `,"TLS.sdk_appid":"`...)
	d = strconv.AppendUint(d, s.appID, 10)
	d = append(d, `","TLS.sig":"`...)
	d = base64.StdEncoding.AppendEncode(d, sig)
	d = append(d, `","TLS.time":"`...)
	d = strconv.AppendUint(d, r.issued, 10)
	if ub64 != nil {
		d = append(d, `","TLS.userbuf":"`...)
		d = append(d, ub64...)
	}
	d = append(d, `","TLS.version":"`+v1Version+`"}`...)
	sc.doc = d
	return sc.finish(), nil
}

// ECDSAVerifier verifies v1 tickets against one or more P-256 public keys.
// It is safe for concurrent use.
type ECDSAVerifier struct {
	appID uint64
	keys  []*ecdsa.PublicKey
}

var _ Verifier = (*ECDSAVerifier)(nil)

// NewECDSAVerifier returns a verifier for sdkAppID accepting tickets
// signed by any of keys.
func NewECDSAVerifier(sdkAppID uint64, keys ...*ecdsa.PublicKey) (*ECDSAVerifier, error) {
	if err := checkAppID(sdkAppID); err != nil {
		return nil, err
	}
	if len(keys) == 0 {
		return nil, errorf(ErrInvalidKey, "no public key given")
	}
	for i, k := range keys {
		if k == nil || k.Curve != elliptic.P256() {
			return nil, errorf(ErrInvalidKey, "public key %d is not a P-256 key", i+1)
		}
	}
	return &ECDSAVerifier{appID: sdkAppID, keys: append([]*ecdsa.PublicKey(nil), keys...)}, nil
}

// Verify checks that ticket is a genuine v1 ticket of the verifier's app
// for userID, valid at now, and returns what it says. Errors wrap the same
// sentinels as HMACVerifier.Verify.
func (v *ECDSAVerifier) Verify(ticket, userID string, now time.Time) (*Ticket, error) {
	u := getUnpacker()
	defer putUnpacker(u)
	p := &u.p
	if err := u.parse(ticket, p); err != nil {
		return nil, err
	}
	if p.version != 1 {
		return nil, errorf(ErrWrongVersion, "this is a v2 (HMAC-SHA256) ticket, but the key is a v1 ECDSA public key")
	}
	if err := p.checkClaims(v.appID, userID); err != nil {
		return nil, err
	}
	u.text = appendV1Text(u.text[:0], userID, p.appID, p.issued, p.lifetime, p.appidAt3rd, p.accountType, p.userbufB64)
	digest := sha256.Sum256(u.text)
	ok := false
	for _, k := range v.keys {
		if ecdsa.VerifyASN1(k, digest[:], p.sig) {
			ok = true
			break
		}
	}
	if !ok {
		return nil, p.badSignature(len(v.keys))
	}
	if err := p.checkExpiry(now); err != nil {
		return nil, err
	}
	return p.ticket(userID), nil
}
