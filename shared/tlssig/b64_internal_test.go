package tlssig

import (
	"bytes"
	"testing"
)

func TestEncodeTicketMatchesStdlib(t *testing.T) {
	for n := 0; n < 300; n++ {
		src := make([]byte, n)
		for i := range src {
			src[i] = byte(i*131 + n*7)
		}
		want := make([]byte, ticketEncoding.EncodedLen(n))
		ticketEncoding.Encode(want, src)
		got := make([]byte, ticketEncoding.EncodedLen(n))
		encodeTicket(got, src)
		if !bytes.Equal(got, want) {
			t.Fatalf("n=%d: got %s want %s", n, got, want)
		}
	}
}

func BenchmarkEncodeStd(b *testing.B) {
	src := make([]byte, 192)
	dst := make([]byte, 256)
	for b.Loop() {
		ticketEncoding.Encode(dst, src)
	}
}

func BenchmarkEncodeTable(b *testing.B) {
	src := make([]byte, 192)
	dst := make([]byte, 256)
	for b.Loop() {
		encodeTicket(dst, src)
	}
}
