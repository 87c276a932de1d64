package tlssig

import "encoding/binary"

// The ticket alphabet is standard base64 with '+'→'*', '/'→'-' and the
// padding '='→'_'.
const ticketAlphabetStr = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789*-"

// pairEncoding is a base64 encoder that maps 12 bits at a time to two
// characters, so it does two lookups per 3 bytes instead of four, and
// stores each pair as one 16-bit write; signing spends a good part of its
// time encoding, and this is more than twice as fast as encoding/base64.
// Tests and a fuzz target check both alphabets against encoding/base64.
type pairEncoding struct {
	// pairs[v] holds the characters of the 12 bits v in memory order
	// (first character in the low byte), for little-endian 16-bit stores.
	pairs [4096]uint16
	pad   byte
}

func newPairEncoding(alphabet string, pad byte) *pairEncoding {
	e := &pairEncoding{pad: pad}
	for i := range e.pairs {
		e.pairs[i] = uint16(alphabet[i>>6]) | uint16(alphabet[i&63])<<8
	}
	return e
}

var (
	ticketPairs = newPairEncoding(ticketAlphabetStr, '_')
	stdPairs    = newPairEncoding("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", '=')
)

// encodedLen is the padded length of n bytes encoded.
func encodedLen(n int) int { return (n + 2) / 3 * 4 }

// appendEncode appends src, encoded, to dst.
func (e *pairEncoding) appendEncode(dst, src []byte) []byte {
	n := len(dst)
	dst = append(dst, make([]byte, encodedLen(len(src)))...)
	e.encode(dst[n:], src)
	return dst
}

// encode writes src, encoded, to dst (at least encodedLen(len(src)) bytes).
func (e *pairEncoding) encode(dst, src []byte) {
	pairs := &e.pairs
	di := 0
	// 12 bytes to 16 characters a step on the long middle: two 6-byte
	// groups, each read as one big-endian uint64 (the last two bytes
	// unused), so the 12-bit indexes are shifts and masks.
	for len(src) >= 14 && len(dst)-di >= 16 {
		v := binary.BigEndian.Uint64(src)
		w := binary.BigEndian.Uint64(src[6:])
		d := dst[di : di+16]
		binary.LittleEndian.PutUint16(d[0:], pairs[v>>52])
		binary.LittleEndian.PutUint16(d[2:], pairs[v>>40&0xfff])
		binary.LittleEndian.PutUint16(d[4:], pairs[v>>28&0xfff])
		binary.LittleEndian.PutUint16(d[6:], pairs[v>>16&0xfff])
		binary.LittleEndian.PutUint16(d[8:], pairs[w>>52])
		binary.LittleEndian.PutUint16(d[10:], pairs[w>>40&0xfff])
		binary.LittleEndian.PutUint16(d[12:], pairs[w>>28&0xfff])
		binary.LittleEndian.PutUint16(d[14:], pairs[w>>16&0xfff])
		src = src[12:]
		di += 16
	}
	if len(src) >= 8 && len(dst)-di >= 8 {
		v := binary.BigEndian.Uint64(src)
		d := dst[di : di+8]
		binary.LittleEndian.PutUint16(d[0:], pairs[v>>52])
		binary.LittleEndian.PutUint16(d[2:], pairs[v>>40&0xfff])
		binary.LittleEndian.PutUint16(d[4:], pairs[v>>28&0xfff])
		binary.LittleEndian.PutUint16(d[6:], pairs[v>>16&0xfff])
		src = src[6:]
		di += 8
	}
	for len(src) >= 3 {
		v := uint(src[0])<<16 | uint(src[1])<<8 | uint(src[2])
		binary.LittleEndian.PutUint16(dst[di:], pairs[v>>12])
		binary.LittleEndian.PutUint16(dst[di+2:], pairs[v&0xfff])
		src = src[3:]
		di += 4
	}
	switch len(src) {
	case 1:
		p := pairs[uint(src[0])<<4]
		dst[di], dst[di+1], dst[di+2], dst[di+3] = byte(p), byte(p>>8), e.pad, e.pad
	case 2:
		v := uint(src[0])<<16 | uint(src[1])<<8
		p, q := pairs[v>>12], pairs[v&0xfff]
		dst[di], dst[di+1], dst[di+2], dst[di+3] = byte(p), byte(p>>8), byte(q), e.pad
	}
}

// decodeTable maps a ticket-alphabet byte to its 6 bits; 0xff elsewhere
// (including the padding '_', handled apart).
var decodeTable = func() (t [256]byte) {
	for i := range t {
		t[i] = 0xff
	}
	for i := 0; i < len(ticketAlphabetStr); i++ {
		t[ticketAlphabetStr[i]] = byte(i)
	}
	return t
}()

// decodeTicket decodes s into dst (at least len(s)/4*3 bytes): padded,
// strict (the unused bits of the last quantum must be zero, nothing is
// skipped), reading the string without copying it. A test and a fuzz
// target check it against encoding/base64 in strict mode.
func decodeTicket(dst []byte, s string) (int, bool) {
	if len(s)%4 != 0 || len(dst) < len(s)/4*3 {
		return 0, false
	}
	n := 0
	for len(s) > 4 {
		a, b, c, d := decodeTable[s[0]], decodeTable[s[1]], decodeTable[s[2]], decodeTable[s[3]]
		if (a|b|c|d)&0xc0 != 0 {
			return 0, false
		}
		v := uint32(a)<<18 | uint32(b)<<12 | uint32(c)<<6 | uint32(d)
		dst[n], dst[n+1], dst[n+2] = byte(v>>16), byte(v>>8), byte(v)
		n += 3
		s = s[4:]
	}
	if len(s) == 0 {
		return n, true
	}
	a, b := decodeTable[s[0]], decodeTable[s[1]]
	if (a|b)&0xc0 != 0 {
		return 0, false
	}
	switch {
	case s[2] == '_' && s[3] == '_':
		if b&0x0f != 0 {
			return 0, false
		}
		dst[n] = a<<2 | b>>4
		return n + 1, true
	case s[3] == '_':
		c := decodeTable[s[2]]
		if c&0xc0 != 0 || c&0x03 != 0 {
			return 0, false
		}
		dst[n], dst[n+1] = a<<2|b>>4, b<<4|c>>2
		return n + 2, true
	}
	c, d := decodeTable[s[2]], decodeTable[s[3]]
	if (c|d)&0xc0 != 0 {
		return 0, false
	}
	v := uint32(a)<<18 | uint32(b)<<12 | uint32(c)<<6 | uint32(d)
	dst[n], dst[n+1], dst[n+2] = byte(v>>16), byte(v>>8), byte(v)
	return n + 3, true
}
