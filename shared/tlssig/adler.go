package tlssig

import "encoding/binary"

// adler32sum is hash/adler32.Checksum computed eight bytes at a time with
// SWAR arithmetic, because the library's byte-serial loop (s1 += b;
// s2 += s1) was a tenth of a signature's time. Over eight bytes b0…b7 the
// sums advance by s1 += b0+…+b7 and s2 += 8·s1 + 8·b0 + 7·b1 + … + 1·b7;
// both sums of bytes come from one 64-bit multiply each, with the bytes
// spread over 16-bit lanes so no lane overflows (at most 255·36). The sums
// are reduced every nmax bytes exactly as the library does. Tests and a
// fuzz target check it against hash/adler32.
func adler32sum(p []byte) uint32 {
	const (
		mod  = 65521
		nmax = 5552 // the library's bound: s2 stays below 2³² between reductions
		lo   = 0x00ff00ff00ff00ff
	)
	s1, s2 := uint32(1), uint32(0)
	for len(p) > 0 {
		q := p
		if len(q) > nmax {
			q = q[:nmax]
		}
		p = p[len(q):]
		for len(q) >= 16 {
			a := binary.LittleEndian.Uint64(q)
			b := binary.LittleEndian.Uint64(q[8:])
			ae, ao := a&lo, a>>8&lo // bytes 0,2,4,6 and 1,3,5,7 in 16-bit lanes
			be, bo := b&lo, b>>8&lo
			// The top lane of x·c sums lane_i·c_(3-i).
			sa := uint32((ae + ao) * 0x0001000100010001 >> 48)
			sb := uint32((be + bo) * 0x0001000100010001 >> 48)
			wa := uint32(ae*0x0008000600040002>>48) + uint32(ao*0x0007000500030001>>48)
			wb := uint32(be*0x0008000600040002>>48) + uint32(bo*0x0007000500030001>>48)
			s2 += 16*s1 + 8*sa + wa + wb
			s1 += sa + sb
			q = q[16:]
		}
		for _, c := range q {
			s1 += uint32(c)
			s2 += s1
		}
		s1 %= mod
		s2 %= mod
	}
	return s2<<16 | s1
}
