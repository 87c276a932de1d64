package tlssig

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"hash/adler32"
	"strings"
	"testing"
)

// stream frames blocks as zlib stored blocks, the last one final, with
// the Adler-32 of their data.
func stream(blocks ...string) []byte {
	z := []byte{0x78, 0x01}
	for i, b := range blocks {
		hdr := byte(0)
		if i == len(blocks)-1 {
			hdr = 1
		}
		z = append(z, hdr)
		z = binary.LittleEndian.AppendUint16(z, uint16(len(b)))
		z = binary.LittleEndian.AppendUint16(z, ^uint16(len(b)))
		z = append(z, b...)
	}
	return binary.BigEndian.AppendUint32(z, adler32.Checksum([]byte(strings.Join(blocks, ""))))
}

// TestStoredOnly: the fast path unframes every stream made only of stored
// blocks (what the signers write, and any split of it), reports a wrong
// checksum, and hands anything else to the zlib reader untouched.
func TestStoredOnly(t *testing.T) {
	const doc = `{"TLS.ver":"2.0","TLS.identifier":"a"}`
	packed, _ := packTicket(append(make([]byte, zlibHeaderLen), doc...), len(doc), nil)
	var compressed bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&compressed, zlib.BestCompression)
	_, _ = zw.Write([]byte(strings.Repeat(doc, 8))) // repeated, so that deflate compresses it
	_ = zw.Close()
	edit := func(z []byte, f func([]byte) []byte) []byte { return f(bytes.Clone(z)) }
	tests := []struct {
		name string
		z    []byte
		doc  string // the document unframed; "" when none
		ok   bool
	}{
		{"what the signers write", packed, doc, true},
		{"one final block", stream(doc), doc, true},
		{"three blocks, one empty", stream(doc[:5], "", doc[5:]), doc, true},
		{"a last block of three bytes", stream(doc[:len(doc)-3], doc[len(doc)-3:]), doc, true},
		{"wrong checksum", edit(stream(doc), func(z []byte) []byte { z[len(z)-1] ^= 1; return z }), "", true},
		{"compressed", compressed.Bytes(), "", false},
		{"padding bits in a block header", edit(stream(doc), func(z []byte) []byte { z[2] |= 0x08; return z }), "", false},
		{"LEN and NLEN disagree", edit(stream(doc), func(z []byte) []byte { z[5] ^= 1; return z }), "", false},
		{"a block longer than the stream", edit(stream(doc), func(z []byte) []byte { return z[:2+5+len(doc)-1] }), "", false},
		{"no final block", edit(stream(doc), func(z []byte) []byte { z[2] = 0; return z }), "", false},
		{"checksum cut short", edit(stream(doc), func(z []byte) []byte { return z[:len(z)-1] }), "", false},
		{"a byte after the checksum", append(stream(doc), 0), "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := bytes.Clone(tt.z)
			got, ok := storedOnly(tt.z)
			if ok != tt.ok || string(got) != tt.doc || (tt.doc == "") != (got == nil) {
				t.Errorf("storedOnly = %q, %v; want %q, %v", got, ok, tt.doc, tt.ok)
			}
			if !ok && !bytes.Equal(tt.z, in) {
				t.Errorf("storedOnly declined the stream but changed it")
			}
		})
	}
}

// TestInflateShortStreams: a stream too short for a zlib header and
// checksum is refused as such, at any length up to 5 bytes (never read past
// its end); 6 bytes are read as a stream.
func TestInflateShortStreams(t *testing.T) {
	full := []byte{0x78, 0x01, 0, 0, 0, 0}
	for n := 0; n <= len(full); n++ {
		_, err := new(unpacker).inflate(full[:n])
		short := err != nil && strings.Contains(err.Error(), "too short to hold a zlib stream")
		if !errors.Is(err, ErrMalformed) || short != (n < 6) {
			t.Errorf("%d bytes: %v", n, err)
		}
	}
}

// TestPoolsKeepOnlySmallBuffers: a pooled decoder or signer keeps buffers
// of ordinary size and drops larger ones, so that hostile input cannot make
// a pool pin big documents.
func TestPoolsKeepOnlySmallBuffers(t *testing.T) {
	const small, big = 4096, 4097
	fields := []struct {
		name string
		buf  func(u *unpacker) *[]byte
	}{
		{"doc", func(u *unpacker) *[]byte { return &u.doc }},
		{"raw", func(u *unpacker) *[]byte { return &u.raw }},
		{"enc", func(u *unpacker) *[]byte { return &u.enc }},
		{"str", func(u *unpacker) *[]byte { return &u.str }},
		{"bin", func(u *unpacker) *[]byte { return &u.bin }},
	}
	for _, f := range fields {
		for _, size := range []int{small, big} {
			u := new(unpacker)
			*f.buf(u) = make([]byte, 0, size)
			u.reset()
			if kept := *f.buf(u) != nil; kept != (size == small) {
				t.Errorf("unpacker.%s of %d bytes: kept %v", f.name, size, kept)
			}
		}
	}
	for _, tt := range []struct {
		doc, tk int
		small   bool
	}{
		{4096, 8192, true},
		{4097, 8192, false},
		{4096, 8193, false},
	} {
		sc := &scratch{doc: make([]byte, 0, tt.doc), tk: make([]byte, 0, tt.tk)}
		if sc.small() != tt.small {
			t.Errorf("scratch of %d and %d bytes: small() = %v", tt.doc, tt.tk, !tt.small)
		}
	}
}
