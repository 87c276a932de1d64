package tlssig

import (
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"math"
	"strconv"
	"time"
)

// v1Version is the TLS.version our v1 tickets carry (the first TRTC
// mini-program servers' value). It is not
// signed; Decode accepts any value (Tencent's Go library writes
// "201610110000").
const v1Version = "201512300000"

// parsed is a decoded ticket document, before and after verification. Its
// byte slices alias the unpacker's buffers.
type parsed struct {
	version     int
	ident       []byte
	appID       uint64
	issued      uint64
	lifetime    uint64
	accountType uint32
	appidAt3rd  uint64
	userbufB64  []byte // as written in the document (canonical base64)
	sig         []byte // decoded

	// from the userbuf
	pmk      bool
	roomID   uint32
	roomStr  []byte
	roomExp  uint32
	privs    uint32
	ubAcType uint32
}

var stdEncoding = base64.StdEncoding.Strict()

// parse unpacks and reads ticket into u's parsed document.
func (u *unpacker) parse(ticket string, p *parsed) error {
	doc, err := u.unpack(ticket)
	if err != nil {
		return err
	}
	if err := parseDocument(doc, &u.f, &u.str); err != nil {
		return err
	}
	return u.fill(p)
}

func missing(id fieldID) error {
	return errorf(ErrMalformed, "ticket document has no %s", fieldNames[id])
}

func (u *unpacker) fill(p *parsed) error {
	f := &u.f
	*p = parsed{}
	switch {
	case f[fVer].set:
		if !f[fVer].isStr || string(f[fVer].str) != "2.0" {
			return errorf(ErrMalformed, "ticket has TLS.ver %q, want \"2.0\"", truncate(f[fVer].str))
		}
		for _, id := range [...]fieldID{fAccountType, fAppidAt3rd, fExpireAfter, fSDKAppID1, fVersion} {
			if f[id].set {
				return errorf(ErrMalformed, "v2 ticket has the v1 field %s", fieldNames[id])
			}
		}
		p.version = 2
		for _, id := range [...]fieldID{fSDKAppID2, fExpire, fTime} {
			if !f[id].set {
				return missing(id)
			}
			if f[id].isStr {
				return errorf(ErrMalformed, "%s must be a number in a v2 ticket", fieldNames[id])
			}
		}
		p.appID, p.lifetime, p.issued = f[fSDKAppID2].num, f[fExpire].num, f[fTime].num
	case f[fSDKAppID1].set || f[fVersion].set || f[fExpireAfter].set:
		for _, id := range [...]fieldID{fSDKAppID2, fExpire} {
			if f[id].set {
				return errorf(ErrMalformed, "v1 ticket has the v2 field %s", fieldNames[id])
			}
		}
		p.version = 1
		var err error
		ids := [...]fieldID{fSDKAppID1, fExpireAfter, fTime, fAccountType, fAppidAt3rd}
		var nums [len(ids)]uint64
		for i, id := range ids {
			if !f[id].set {
				return missing(id)
			}
			if !f[id].isStr {
				return errorf(ErrMalformed, "%s must be a string in a v1 ticket", fieldNames[id])
			}
			if nums[i], err = canonicalUint(f[id].str); err != nil {
				return errorf(ErrMalformed, "%s: %v", fieldNames[id], err)
			}
		}
		p.appID, p.lifetime, p.issued, p.appidAt3rd = nums[0], nums[1], nums[2], nums[4]
		if nums[3] > math.MaxUint32 {
			return errorf(ErrMalformed, "TLS.account_type is out of range")
		}
		p.accountType = uint32(nums[3])
		if f[fVersion].set && !f[fVersion].isStr {
			return errorf(ErrMalformed, "TLS.version must be a string")
		}
	default:
		return errorf(ErrMalformed, "ticket document has neither TLS.ver (v2) nor TLS.sdk_appid (v1)")
	}
	if !f[fIdentifier].set {
		return missing(fIdentifier)
	}
	if !f[fIdentifier].isStr {
		return errorf(ErrMalformed, "TLS.identifier must be a string")
	}
	p.ident = f[fIdentifier].str
	if len(p.ident) == 0 {
		return errorf(ErrMalformed, "TLS.identifier is empty")
	}
	if p.appID == 0 {
		return errorf(ErrMalformed, "sdkappid is 0")
	}
	if p.issued > math.MaxUint32 || p.lifetime > math.MaxUint32 || p.lifetime == 0 {
		return errorf(ErrMalformed, "issue time or lifetime out of range")
	}
	if !f[fSig].set {
		return missing(fSig)
	}
	if !f[fSig].isStr {
		return errorf(ErrMalformed, "TLS.sig must be a string")
	}
	if f[fUserbuf].set && !f[fUserbuf].isStr {
		return errorf(ErrMalformed, "TLS.userbuf must be a string")
	}
	// Size the buffer once so the decoded slices stay valid.
	need := stdEncoding.DecodedLen(len(f[fSig].str)) + stdEncoding.DecodedLen(len(f[fUserbuf].str))
	if cap(u.bin) < need {
		u.bin = make([]byte, 0, need)
	}
	var err error
	if u.bin, p.sig, err = appendDecoded(u.bin[:0], f[fSig].str); err != nil || len(p.sig) == 0 {
		return errorf(ErrMalformed, "TLS.sig is not base64")
	}
	if f[fUserbuf].set {
		p.userbufB64 = f[fUserbuf].str
		var ub []byte
		if u.bin, ub, err = appendDecoded(u.bin, p.userbufB64); err != nil {
			return errorf(ErrMalformed, "TLS.userbuf is not base64")
		}
		if err := p.readUserbuf(ub); err != nil {
			return err
		}
	}
	return nil
}

// appendDecoded base64-decodes src (standard alphabet, strict) onto dst.
func appendDecoded(dst, src []byte) (all, decoded []byte, err error) {
	off := len(dst)
	n := stdEncoding.DecodedLen(len(src))
	if cap(dst)-off < n {
		return dst, nil, fmt.Errorf("buffer too small") // callers size it first
	}
	m, err := stdEncoding.Decode(dst[off:off+n], src)
	if err != nil {
		return dst, nil, err
	}
	dst = dst[:off+m]
	return dst, dst[off:], nil
}

// canonicalUint parses a decimal with no sign and no leading zero, so that
// formatting the result gives back the same text (the signed text is
// rebuilt from numbers).
func canonicalUint(b []byte) (uint64, error) {
	if len(b) == 0 {
		return 0, fmt.Errorf("empty")
	}
	if len(b) > 1 && b[0] == '0' {
		return 0, fmt.Errorf("leading zero")
	}
	var n uint64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, fmt.Errorf("not a decimal number")
		}
		d := uint64(c - '0')
		if n > (math.MaxUint64-d)/10 {
			return 0, fmt.Errorf("too large")
		}
		n = n*10 + d
	}
	return n, nil
}

// The userbuf (docs/DESIGN.md, "Ticket formats"), big-endian: ver u8 · accountLen u16 · account ·
// sdkappid u32 · roomid u32 · expireAt u32 · privilegeMap u32 ·
// accountType u32 · [roomStrLen u16 · room] (when ver is 1).
func (p *parsed) readUserbuf(ub []byte) error {
	bad := func(why string) error {
		return errorf(ErrMalformed, "userbuf is not a PrivateMapKey: %s", why)
	}
	if len(ub) < 3 {
		return bad("too short")
	}
	ver := ub[0]
	if ver > 1 {
		return bad("unknown version " + strconv.Itoa(int(ver)))
	}
	al := int(binary.BigEndian.Uint16(ub[1:]))
	rest := ub[3:]
	if len(rest) < al+20 {
		return bad("too short")
	}
	account := rest[:al]
	rest = rest[al:]
	appID := binary.BigEndian.Uint32(rest)
	p.roomID = binary.BigEndian.Uint32(rest[4:])
	p.roomExp = binary.BigEndian.Uint32(rest[8:])
	p.privs = binary.BigEndian.Uint32(rest[12:])
	p.ubAcType = binary.BigEndian.Uint32(rest[16:])
	rest = rest[20:]
	if ver == 1 {
		if len(rest) < 2 {
			return bad("too short for the string room")
		}
		rl := int(binary.BigEndian.Uint16(rest))
		rest = rest[2:]
		if len(rest) < rl {
			return bad("too short for the string room")
		}
		p.roomStr = rest[:rl]
		rest = rest[rl:]
		if rl == 0 {
			return bad("empty string room")
		}
		if p.roomID != 0 {
			return bad("both a numeric and a string room")
		}
	} else if p.roomID == 0 {
		return bad("room 0")
	}
	if len(rest) != 0 {
		return bad("trailing bytes")
	}
	if string(account) != string(p.ident) {
		return errorf(ErrMalformed, "userbuf names user %q but TLS.identifier is %q", truncate(account), truncate(p.ident))
	}
	if uint64(appID) != p.appID {
		return errorf(ErrMalformed, "userbuf names app %d but the ticket is for app %d", appID, p.appID)
	}
	p.pmk = true
	return nil
}

// appendUserbuf appends a PrivateMapKey userbuf.
func appendUserbuf(dst []byte, userID string, appID uint32, room Room, expireAt uint32, privs Privilege) []byte {
	var ver byte
	if room.isStr {
		ver = 1
	}
	dst = append(dst, ver)
	dst = binary.BigEndian.AppendUint16(dst, uint16(len(userID)))
	dst = append(dst, userID...)
	dst = binary.BigEndian.AppendUint32(dst, appID)
	dst = binary.BigEndian.AppendUint32(dst, room.id)
	dst = binary.BigEndian.AppendUint32(dst, expireAt)
	dst = binary.BigEndian.AppendUint32(dst, uint32(privs))
	dst = binary.BigEndian.AppendUint32(dst, 0) // accountType: 0, as in every Tencent library
	if room.isStr {
		dst = binary.BigEndian.AppendUint16(dst, uint16(len(room.str)))
		dst = append(dst, room.str...)
	}
	return dst
}

// appendV2Text appends the text a v2 ticket's HMAC covers. The numbers
// come formatted (see digits) because the signer formats them once for
// both this text and the document.
func appendV2Text(dst []byte, ident string, appID, issued, lifetime, userbufB64 []byte) []byte {
	dst = append(dst, "TLS.identifier:"...)
	dst = append(dst, ident...)
	dst = append(dst, "\nTLS.sdkappid:"...)
	dst = append(dst, appID...)
	dst = append(dst, "\nTLS.time:"...)
	dst = append(dst, issued...)
	dst = append(dst, "\nTLS.expire:"...)
	dst = append(dst, lifetime...)
	dst = append(dst, '\n')
	if userbufB64 != nil {
		dst = append(dst, "TLS.userbuf:"...)
		dst = append(dst, userbufB64...)
		dst = append(dst, '\n')
	}
	return dst
}

// digits formats two numbers in decimal into buf.
func digits(buf *[40]byte, a, b uint64) ([]byte, []byte) {
	x := strconv.AppendUint(buf[:0], a, 10)
	y := strconv.AppendUint(buf[len(x):len(x)], b, 10)
	return x, y
}

// appendV1Text appends the text a v1 ticket's ECDSA signature covers.
func appendV1Text(dst []byte, ident string, appID, issued, lifetime, appidAt3rd uint64, accountType uint32, userbufB64 []byte) []byte {
	dst = append(dst, "TLS.appid_at_3rd:"...)
	dst = strconv.AppendUint(dst, appidAt3rd, 10)
	dst = append(dst, "\nTLS.account_type:"...)
	dst = strconv.AppendUint(dst, uint64(accountType), 10)
	dst = append(dst, "\nTLS.identifier:"...)
	dst = append(dst, ident...)
	dst = append(dst, "\nTLS.sdk_appid:"...)
	dst = strconv.AppendUint(dst, appID, 10)
	dst = append(dst, "\nTLS.time:"...)
	dst = strconv.AppendUint(dst, issued, 10)
	dst = append(dst, "\nTLS.expire_after:"...)
	dst = strconv.AppendUint(dst, lifetime, 10)
	dst = append(dst, '\n')
	if userbufB64 != nil {
		dst = append(dst, "TLS.userbuf:"...)
		dst = append(dst, userbufB64...)
		dst = append(dst, '\n')
	}
	return dst
}

// ticket builds the exported view of p.
func (p *parsed) ticket(userID string) *Ticket {
	t := &Ticket{
		Version:     p.version,
		Kind:        KindUserSig,
		SDKAppID:    p.appID,
		UserID:      userID,
		IssuedAt:    time.Unix(int64(p.issued), 0).UTC(),
		Lifetime:    time.Duration(p.lifetime) * time.Second,
		AccountType: p.accountType,
	}
	if p.pmk {
		t.Kind = KindPrivateMapKey
		t.Privileges = Privilege(p.privs)
		t.RoomExpiresAt = time.Unix(int64(p.roomExp), 0).UTC()
		if p.roomStr != nil {
			t.Room = StringRoom(string(p.roomStr))
		} else {
			t.Room = NumericRoom(p.roomID)
		}
	}
	return t
}
