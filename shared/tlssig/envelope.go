package tlssig

import (
	"bytes"
	"compress/zlib"
	"encoding/base64"
	"encoding/binary"
	"hash/adler32"
	"io"
	"sync"
)

// Size caps applied before any work is done on a ticket.
const (
	MaxTicketLen   = 16 << 10 // encoded ticket, bytes
	MaxDocumentLen = 64 << 10 // inflated JSON document, bytes
)

// The ticket alphabet is standard base64 with '+'→'*', '/'→'-' and the
// padding '='→'_'. Decoding is strict: padding required, unused bits
// zero (encoding/base64 skips '\r' and '\n', which unpack refuses first).
const ticketAlphabetStr = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789*-"

var ticketEncoding = base64.NewEncoding(ticketAlphabetStr).WithPadding('_').Strict()

// ticketAlphabet marks the bytes a ticket may contain.
var ticketAlphabet = func() (t [256]bool) {
	for _, c := range ticketAlphabetStr + "_" {
		t[c] = true
	}
	return t
}()

// The zlib framing the signers write: a header for deflate with a 32 KiB
// window and no compression (0x78 0x01), the document in one non-final
// stored block, an empty final stored block, and the Adler-32 of the
// document. This is byte for byte what Tencent's v2 library writes
// (compress/zlib at NoCompression), so our v2 tickets equal theirs.
const zlibHeaderLen = 2 + 5 // zlib header + stored block header

// packTicket frames the document at buf[zlibHeaderLen:][:docLen] (the
// header bytes are overwritten, the trailer appended), appends the stream
// base64-encoded to tk, and returns both grown buffers.
func packTicket(buf []byte, docLen int, tk []byte) (stream, ticket []byte) {
	doc := buf[zlibHeaderLen : zlibHeaderLen+docLen]
	buf[0], buf[1] = 0x78, 0x01
	buf[2] = 0 // BFINAL=0, BTYPE=00 (stored)
	binary.LittleEndian.PutUint16(buf[3:], uint16(docLen))
	binary.LittleEndian.PutUint16(buf[5:], ^uint16(docLen))
	buf = append(buf[:zlibHeaderLen+docLen], 0x01, 0x00, 0x00, 0xff, 0xff)
	buf = binary.BigEndian.AppendUint32(buf, adler32.Checksum(doc))
	return buf, ticketEncoding.AppendEncode(tk, buf)
}

// unpacker holds the buffers one decode needs; it is pooled.
type unpacker struct {
	enc  []byte // the ticket's text, copied for encoding/base64
	raw  []byte // base64-decoded ticket
	doc  []byte // inflated document, when the fast path does not apply
	str  []byte // unescaped JSON strings
	bin  []byte // base64-decoded userbuf and signature
	text []byte // the signed text, rebuilt
	rd   bytes.Reader
	zr   io.ReadCloser // a zlib reader, reused through zlib.Resetter
	f    fields
	p    parsed
	sum  [64]byte // a MAC
}

var unpackers = sync.Pool{New: func() any { return new(unpacker) }}

func getUnpacker() *unpacker { return unpackers.Get().(*unpacker) }

func putUnpacker(u *unpacker) {
	u.reset()
	unpackers.Put(u)
}

// reset readies u for the pool. It keeps buffers of ordinary size only: a
// pool must not pin 64 KiB documents from hostile input.
func (u *unpacker) reset() {
	if cap(u.doc) > 4096 {
		u.doc = nil
	}
	if cap(u.raw) > 4096 {
		u.raw = nil
	}
	if cap(u.enc) > 4096 {
		u.enc = nil
	}
	if cap(u.str) > 4096 {
		u.str = nil
	}
	if cap(u.bin) > 4096 {
		u.bin = nil
	}
	u.rd.Reset(nil)
	u.f = fields{}
	u.p = parsed{}
}

// CheckEncoding checks what can be checked of a ticket without decoding
// it: not empty, at most MaxTicketLen bytes, only the ticket alphabet
// [A-Za-z0-9*-_]. Errors wrap ErrMalformed or ErrTooLarge. Verification
// and Decode run it first; code that only carries tickets (a push URL) runs
// it alone.
func CheckEncoding(ticket string) error {
	switch {
	case ticket == "":
		return errorf(ErrMalformed, "ticket is empty")
	case len(ticket) > MaxTicketLen:
		return errorf(ErrTooLarge, "ticket is %d bytes, more than %d", len(ticket), MaxTicketLen)
	}
	for i := 0; i < len(ticket); i++ {
		if c := ticket[i]; !ticketAlphabet[c] {
			if c == '+' || c == '/' || c == '=' {
				return errorf(ErrMalformed, "ticket has %q at byte %d: TRTC tickets use * - _ where standard base64 uses + / = (was it URL-decoded or re-encoded?)", c, i)
			}
			return errorf(ErrMalformed, "ticket has %q at byte %d, outside the ticket alphabet [A-Za-z0-9*-_]", c, i)
		}
	}
	return nil
}

// unpack checks and decodes the envelope of ticket: alphabet, base64,
// zlib. The returned document aliases u's buffers.
func (u *unpacker) unpack(ticket string) ([]byte, error) {
	if err := CheckEncoding(ticket); err != nil {
		return nil, err
	}
	u.enc = append(u.enc[:0], ticket...)
	n := ticketEncoding.DecodedLen(len(u.enc))
	if cap(u.raw) < n {
		u.raw = make([]byte, n)
	}
	m, err := ticketEncoding.Decode(u.raw[:n], u.enc)
	if err != nil {
		return nil, errorf(ErrMalformed, "ticket is not valid base64 (truncated or altered?)")
	}
	return u.inflate(u.raw[:m])
}

// inflate returns the document inside the zlib stream z. Streams made of
// stored blocks only (what the official v2 library and we write) are
// unframed in place; anything else goes through a pooled zlib reader that
// stops at MaxDocumentLen, so a decompression bomb costs at most that.
func (u *unpacker) inflate(z []byte) ([]byte, error) {
	if len(z) < 2+4 {
		return nil, errorf(ErrMalformed, "ticket is too short to hold a zlib stream")
	}
	cmf, flg := z[0], z[1]
	if cmf&0x0f != 8 || cmf>>4 > 7 || (uint16(cmf)<<8|uint16(flg))%31 != 0 || flg&0x20 != 0 {
		return nil, errorf(ErrMalformed, "ticket does not hold a zlib stream (bad header)")
	}
	if doc, ok := storedOnly(z); ok {
		if doc == nil {
			return nil, errorf(ErrMalformed, "ticket's zlib checksum does not match (altered or truncated)")
		}
		return doc, nil
	}
	return u.inflateSlow(z)
}

// storedOnly unframes a zlib stream made only of stored blocks, in
// place. It reports false, without touching z, for anything else
// (compressed blocks, bad lengths), which the zlib reader then decodes or
// diagnoses; it reports true with a nil document when the checksum is
// wrong.
func storedOnly(z []byte) ([]byte, bool) {
	p, total := 2, 0
	for {
		if p+5 > len(z) {
			return nil, false
		}
		hdr := z[p]
		if hdr&^1 != 0 { // BTYPE 00 and zero padding bits
			return nil, false
		}
		ln := int(binary.LittleEndian.Uint16(z[p+1:]))
		if uint16(ln) != ^binary.LittleEndian.Uint16(z[p+3:]) {
			return nil, false
		}
		// A block running past the end leaves p past len(z), which the
		// next header's check or the checksum's refuses.
		p += 5 + ln
		total += ln
		if hdr&1 == 1 {
			break
		}
	}
	if p+4 != len(z) {
		return nil, false
	}
	sum := binary.BigEndian.Uint32(z[p:])
	// Move the blocks' data together, starting at z[2].
	w := 2
	for q := 2; w-2 < total; {
		ln := int(binary.LittleEndian.Uint16(z[q+1:]))
		w += copy(z[w:], z[q+5:q+5+ln])
		q += 5 + ln
	}
	doc := z[2:w]
	if adler32.Checksum(doc) != sum {
		return nil, true
	}
	return doc, true
}

func (u *unpacker) inflateSlow(z []byte) ([]byte, error) {
	u.rd.Reset(z)
	var err error
	if u.zr == nil {
		u.zr, err = zlib.NewReader(&u.rd)
	} else {
		err = u.zr.(zlib.Resetter).Reset(&u.rd, nil)
	}
	if err != nil {
		return nil, errorf(ErrMalformed, "ticket does not hold a zlib stream")
	}
	if cap(u.doc) < 1024 {
		u.doc = make([]byte, 0, 1024)
	}
	doc := u.doc[:0]
	for {
		if len(doc) == cap(doc) { // never past the limit here: the check below returned
			doc = append(doc, 0)[:len(doc)]
		}
		// Read at most one byte past the limit: enough to know it is past.
		n, rerr := u.zr.Read(doc[len(doc):min(cap(doc), MaxDocumentLen+1)])
		doc = doc[:len(doc)+n]
		if len(doc) > MaxDocumentLen {
			return nil, errorf(ErrTooLarge, "ticket inflates to more than %d bytes", MaxDocumentLen)
		}
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			return nil, errorf(ErrMalformed, "ticket's zlib stream is corrupt or truncated")
		}
	}
	u.doc = doc
	if u.rd.Len() != 0 {
		return nil, errorf(ErrMalformed, "ticket has %d bytes after its zlib stream", u.rd.Len())
	}
	return doc, nil
}
