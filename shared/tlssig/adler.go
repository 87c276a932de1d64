package tlssig

import "encoding/binary"

// adler32sum is hash/adler32.Checksum computed eight bytes at a time with
// SWAR arithmetic, because the library's byte-serial loop (s1 += b;
// s2 += s1) was a tenth of a signature's time.
//
// The bytes of each 8-byte word are spread over 16-bit lanes (even bytes
// in ae, odd bytes in ao). Over a run of up to 8 words, ae/ao accumulate
// each lane's bytes and be/bo the running total of ae/ao before each word,
// so after k words they hold Σ(k−1−w)·byte over the word index w: what
// s2 gains from the words that follow. The inner loop is only adds and
// masks (the previous version did six multiplies per 16 bytes); one flush
// per run turns the lanes into the two sums:
//
//	s1 += Σ bytes
//	s2 += 8k·s1 + 8·Σ b-lanes + Σ (8−j)·(byte j of each word summed)
//
// the last sum taken with one multiply per lane set (the top lane of x·c
// sums lane_i·c_(3−i)). Runs of 8 words keep every lane and every
// multiply's partial sums below 2¹⁶ (a ≤ 8·255, b ≤ 28·255, weighted ≤
// 20·2040). The sums are reduced every nmax bytes exactly as the library
// does. Tests and a fuzz target check it against hash/adler32.
func adler32sum(p []byte) uint32 {
	const (
		mod  = 65521
		nmax = 5552 // the library's bound: s2 stays below 2³² between reductions
	)
	s1, s2 := uint32(1), uint32(0)
	for len(p) > 0 {
		q := p[:min(len(p), nmax)]
		p = p[len(q):]
		for len(q) >= 8 {
			k := min(len(q)/8, 8)
			sum, weighted := adlerRun(q[:8*k])
			s2 += 8*uint32(k)*s1 + weighted
			s1 += sum
			q = q[8*k:]
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

// adlerRun returns, for a run of at most 8 whole words, the sum of its
// bytes and its contribution to s2 beyond 8k·s1. It is a function of its
// own so that its four accumulators stay in registers.
func adlerRun(run []byte) (sum, weighted uint32) {
	const (
		lo   = 0x00ff00ff00ff00ff
		ones = 0x0001000100010001
	)
	var ae, ao, be, bo uint64
	for len(run) >= 16 { // two words a step: fewer loop overheads
		w, x := binary.LittleEndian.Uint64(run), binary.LittleEndian.Uint64(run[8:])
		we, wo := w&lo, w>>8&lo
		be += 2*ae + we
		bo += 2*ao + wo
		ae += we + x&lo
		ao += wo + x>>8&lo
		run = run[16:]
	}
	if len(run) >= 8 {
		w := binary.LittleEndian.Uint64(run)
		be += ae
		bo += ao
		ae += w & lo
		ao += w >> 8 & lo
	}
	sum = uint32((ae + ao) * ones >> 48)
	weighted = 8*uint32((be+bo)*ones>>48) + uint32(ae*0x0008000600040002>>48) + uint32(ao*0x0007000500030001>>48)
	return sum, weighted
}
