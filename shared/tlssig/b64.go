package tlssig

import "encoding/binary"

const ticketAlphabetStr = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789*-"

// pairTable maps 12 bits to the two ticket-alphabet characters encoding
// them, so the encoder does two lookups per 3 bytes instead of four.
var pairTable = func() (t [4096]uint16) {
	for i := range t {
		t[i] = uint16(ticketAlphabetStr[i>>6])<<8 | uint16(ticketAlphabetStr[i&63])
	}
	return t
}()

// encodeTicket is ticketEncoding.Encode, about twice as fast: signing
// spends a good part of its time encoding the ticket. A test checks it
// against encoding/base64 for every length up to 300.
func encodeTicket(dst, src []byte) {
	di := 0
	for len(src) >= 8 && len(dst)-di >= 8 {
		// 6 bytes per step, read as 8.
		v := binary.BigEndian.Uint64(src)
		binary.BigEndian.PutUint64(dst[di:], uint64(pairTable[v>>52])<<48|uint64(pairTable[v>>40&0xfff])<<32|
			uint64(pairTable[v>>28&0xfff])<<16|uint64(pairTable[v>>16&0xfff]))
		src = src[6:]
		di += 8
	}
	for len(src) >= 3 {
		v := uint(src[0])<<16 | uint(src[1])<<8 | uint(src[2])
		binary.BigEndian.PutUint32(dst[di:], uint32(pairTable[v>>12])<<16|uint32(pairTable[v&0xfff]))
		src = src[3:]
		di += 4
	}
	switch len(src) {
	case 1:
		v := uint(src[0]) << 16
		p := pairTable[v>>12]
		dst[di], dst[di+1], dst[di+2], dst[di+3] = byte(p>>8), byte(p), '_', '_'
	case 2:
		v := uint(src[0])<<16 | uint(src[1])<<8
		p, q := pairTable[v>>12], pairTable[v&0xfff]
		dst[di], dst[di+1], dst[di+2], dst[di+3] = byte(p>>8), byte(p), byte(q>>8), '_'
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

// decodeTicket decodes s into dst (at least len(s)/4*3 bytes) with the
// rules of ticketEncoding (padded, strict: the unused bits of the last
// quantum must be zero), reading the string without copying it. A test
// checks it against encoding/base64.
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
