package tlssig

import (
	"encoding/base64"
	"math"
	"strconv"
	"sync"
	"time"
)

// Signer issues UserSigs and PrivateMapKeys. HMACSigner (v2) and
// ECDSASigner (v1) implement it.
type Signer interface {
	UserSig(userID string, ttl time.Duration) (string, error)
	PrivateMapKey(userID string, room Room, privs Privilege, ttl time.Duration) (string, error)
	// The ...At forms sign as of now (truncated to the second), so the
	// caller knows expiresAt exactly: now.Unix() + whole seconds of ttl.
	UserSigAt(userID string, now time.Time, ttl time.Duration) (string, error)
	PrivateMapKeyAt(userID string, room Room, privs Privilege, now time.Time, ttl time.Duration) (string, error)
}

// Verifier checks a ticket's signature, app, user and lifetime, and says
// what the ticket grants. HMACVerifier (v2) and ECDSAVerifier (v1)
// implement it. Both kinds of ticket verify: a caller that expects one
// kind checks Ticket.Kind or calls Ticket.RequireKind.
type Verifier interface {
	Verify(ticket, userID string, now time.Time) (*Ticket, error)
}

// scratch holds the buffers one signature needs; it is pooled so that a
// signature allocates only the returned string.
type scratch struct {
	text []byte // the signed text
	ub   []byte // userbuf
	ub64 []byte // userbuf, base64
	doc  []byte // zlib framing + JSON document + trailer
	tk   []byte // the ticket, before it becomes a string
	sum  [128]byte
}

var scratches = sync.Pool{New: func() any { return newScratch() }}

func newScratch() *scratch {
	return &scratch{
		text: make([]byte, 0, 256),
		ub:   make([]byte, 0, 128),
		ub64: make([]byte, 0, 192),
		doc:  make([]byte, 0, 512),
		tk:   make([]byte, 0, 704),
	}
}

// request is one validated signing request.
type request struct {
	userID   string
	pmk      bool
	room     Room
	privs    Privilege
	issued   uint64
	lifetime uint64
}

// newRequest checks every limit before anything is signed.
func newRequest(userID string, pmk bool, room Room, privs Privilege, now time.Time, ttl time.Duration) (request, error) {
	if err := ValidateUserID(userID); err != nil {
		return request{}, err
	}
	if pmk {
		if err := ValidateRoom(room); err != nil {
			return request{}, err
		}
		if err := privs.validate(); err != nil {
			return request{}, err
		}
	}
	secs := int64(ttl / time.Second)
	if secs < 1 {
		return request{}, errorf(ErrInvalidLifetime, "lifetime %s is under one second", ttl)
	}
	t := now.Unix()
	if t < 0 {
		return request{}, errorf(ErrInvalidLifetime, "the clock says %s, before 1970", now.UTC().Format(time.RFC3339))
	}
	if secs > MaxLifetimeSeconds || t+secs > math.MaxUint32 {
		return request{}, errorf(ErrInvalidLifetime, "lifetime %s would end after 2106-02-07 (expireAt must fit in 32 bits)", ttl)
	}
	return request{userID: userID, pmk: pmk, room: room, privs: privs, issued: uint64(t), lifetime: uint64(secs)}, nil
}

// userbuf fills sc.ub and sc.ub64 for a PrivateMapKey and returns the
// base64 text (nil for a UserSig).
func (r *request) userbuf(sc *scratch, appID uint64) []byte {
	if !r.pmk {
		return nil
	}
	sc.ub = appendUserbuf(sc.ub[:0], r.userID, uint32(appID), r.room, uint32(r.issued+r.lifetime), r.privs)
	sc.ub64 = base64.StdEncoding.AppendEncode(sc.ub64[:0], sc.ub)
	return sc.ub64
}

// finish frames the document in sc.doc (built after zlibHeaderLen bytes)
// and returns the ticket.
func (sc *scratch) finish() string {
	docLen := len(sc.doc) - zlibHeaderLen
	sc.doc, sc.tk = packTicket(sc.doc, docLen, sc.tk[:0])
	return string(sc.tk)
}

// small reports whether sc's buffers are of ordinary size, so worth
// keeping in a pool.
func (sc *scratch) small() bool { return cap(sc.doc) <= 4096 && cap(sc.tk) <= 8192 }

func putScratch(sc *scratch) {
	if sc.small() {
		scratches.Put(sc)
	}
}

func checkAppID(sdkAppID uint64) error { return ValidateSDKAppID(sdkAppID) }

// MaxSDKAppID is the largest SDKAppID: tickets carry it in 32 bits.
const MaxSDKAppID = math.MaxUint32

// ValidateSDKAppID checks an SDKAppID against TRTC's range, 1–MaxSDKAppID.
// Errors wrap ErrInvalidSDKAppID.
func ValidateSDKAppID(sdkAppID uint64) error {
	if sdkAppID == 0 || sdkAppID > MaxSDKAppID {
		return errorf(ErrInvalidSDKAppID, "sdkappid %s must be between 1 and %d", strconv.FormatUint(sdkAppID, 10), MaxSDKAppID)
	}
	return nil
}
