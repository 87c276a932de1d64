package tlssig

import (
	"bytes"
	"encoding/base64"
	stdAdler32 "hash/adler32"
	"testing"
)

// ticketEncoding is what the hand-written codec must agree with.
var ticketEncoding = base64.NewEncoding(ticketAlphabetStr).WithPadding('_').Strict()

func TestEncodeTicketMatchesStdlib(t *testing.T) {
	for n := 0; n < 300; n++ {
		src := make([]byte, n)
		for i := range src {
			src[i] = byte(i*131 + n*7)
		}
		want := make([]byte, ticketEncoding.EncodedLen(n))
		ticketEncoding.Encode(want, src)
		got := make([]byte, encodedLen(n))
		ticketPairs.encode(got, src)
		if !bytes.Equal(got, want) {
			t.Fatalf("n=%d: got %s want %s", n, got, want)
		}
		prefix := []byte("x")
		if got, want := stdPairs.appendEncode(prefix, src), base64.StdEncoding.AppendEncode([]byte("x"), src); !bytes.Equal(got, want) {
			t.Fatalf("std n=%d: got %s want %s", n, got, want)
		}
	}
}

// FuzzEncodeBase64 checks the pair-table encoder, both alphabets, against
// encoding/base64 on any input (the 12-, 6- and 3-byte loops and the
// padded tail each get their turn as the length varies).
func FuzzEncodeBase64(f *testing.F) {
	f.Add([]byte(""))
	f.Add([]byte("x\x00\xff"))
	f.Add(bytes.Repeat([]byte{0xff}, 29))
	f.Add(bytes.Repeat([]byte{0xfb, 0xef, 0xbe}, 67))
	f.Fuzz(func(t *testing.T, src []byte) {
		want := ticketEncoding.EncodeToString(src)
		got := make([]byte, encodedLen(len(src)))
		ticketPairs.encode(got, src)
		if string(got) != want {
			t.Fatalf("ticket alphabet: got %s want %s", got, want)
		}
		if got, want := stdPairs.appendEncode([]byte("p"), src), base64.StdEncoding.AppendEncode([]byte("p"), src); !bytes.Equal(got, want) {
			t.Fatalf("standard alphabet: got %s want %s", got, want)
		}
	})
}

func BenchmarkTicketBase64(b *testing.B) {
	b.Run("encoding/base64", benchEncodeStd)
	b.Run("pair-table", benchEncodeTable)
}

func benchEncodeStd(b *testing.B) {
	src := make([]byte, 192)
	dst := make([]byte, 256)
	for b.Loop() {
		ticketEncoding.Encode(dst, src)
	}
}

func benchEncodeTable(b *testing.B) {
	src := make([]byte, 192)
	dst := make([]byte, 256)
	for b.Loop() {
		ticketPairs.encode(dst, src)
	}
}

func TestDecodeTicketMatchesStdlib(t *testing.T) {
	check := func(s string) {
		t.Helper()
		want := make([]byte, len(s))
		wn, werr := ticketEncoding.Decode(want, []byte(s))
		got := make([]byte, len(s)/4*3+3)
		gn, ok := decodeTicket(got, s)
		if ok != (werr == nil) || ok && !bytes.Equal(got[:gn], want[:wn]) {
			t.Fatalf("%q: got %x ok=%v, want %x err=%v", s, got[:gn], ok, want[:wn], werr)
		}
	}
	for n := 0; n < 100; n++ {
		src := make([]byte, n)
		for i := range src {
			src[i] = byte(i*37 + n)
		}
		enc := ticketEncoding.EncodeToString(src)
		check(enc)
		// Every single-character change, including padding and
		// non-canonical trailing bits.
		for i := 0; i < len(enc); i++ {
			for _, c := range []byte{'A', 'B', 'Q', '_', '*', '-', '+', '/', '=', '\n', 0xff} {
				check(enc[:i] + string(c) + enc[i+1:])
			}
		}
		if len(enc) > 0 {
			check(enc[:len(enc)-1])
		}
	}
}

func FuzzDecodeTicketBase64(f *testing.F) {
	f.Add("eAEA")
	f.Add("AB__")
	f.Add("ABC_")
	f.Add("AB=_")
	f.Fuzz(func(t *testing.T, s string) {
		want := make([]byte, len(s))
		wn, werr := ticketEncoding.Decode(want, []byte(s))
		if bytes.ContainsAny([]byte(s), "\r\n") {
			return // encoding/base64 skips newlines; we refuse them earlier
		}
		got := make([]byte, len(s)/4*3+3)
		gn, ok := decodeTicket(got, s)
		if ok != (werr == nil) || ok && !bytes.Equal(got[:gn], want[:wn]) {
			t.Fatalf("%q: got %x ok=%v, want %x err=%v", s, got[:gn], ok, want[:wn], werr)
		}
	})
}

func TestAdler32MatchesStdlib(t *testing.T) {
	// Every length up to 600 (each remainder of the 8-word runs and of the
	// word pairs), then sparser up to past two reduction blocks.
	for n := 0; n < 12000; n += 1 + max(0, n-600)/16 {
		for _, fill := range []int{0x00, 0xff, -1} {
			p := make([]byte, n)
			for i := range p {
				if fill < 0 {
					p[i] = byte(i*97 + n)
				} else {
					p[i] = byte(fill)
				}
			}
			if got, want := adler32sum(p), stdAdler32.Checksum(p); got != want {
				t.Fatalf("n=%d fill=%d: got %08x want %08x", n, fill, got, want)
			}
		}
	}
}

func FuzzAdler32(f *testing.F) {
	f.Add([]byte("{\"TLS.ver\":\"2.0\"}"))
	f.Add(bytes.Repeat([]byte{0xff}, 6000))
	f.Fuzz(func(t *testing.T, p []byte) {
		if got, want := adler32sum(p), stdAdler32.Checksum(p); got != want {
			t.Fatalf("got %08x want %08x", got, want)
		}
	})
}

func BenchmarkAdler32(b *testing.B) {
	p := bytes.Repeat([]byte("{\"TLS.ver\":\"2.0\""), 12)
	b.Run("hash/adler32", func(b *testing.B) {
		for b.Loop() {
			stdAdler32.Checksum(p)
		}
	})
	b.Run("swar", func(b *testing.B) {
		for b.Loop() {
			adler32sum(p)
		}
	})
}
