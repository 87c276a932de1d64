package tlssig

import (
	"strconv"
	"testing"
)

// TestNumCache signs-in-sequence through one cache: every hit and every
// miss must give the digits strconv gives.
func TestNumCache(t *testing.T) {
	var c numCache
	steps := []struct {
		name             string
		issued, lifetime uint64
	}{
		{"first use", 1795523529, 86400},
		{"same second and lifetime", 1795523529, 86400},
		{"next second", 1795523530, 86400},
		{"other lifetime", 1795523530, 300},
		{"shorter number", 9, 1},
		{"back to the first", 1795523529, 86400},
		{"widest", 4294967295, 4294967295},
		{"zero issue time", 0, 1},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			i, l := c.digits(st.issued, st.lifetime)
			if got, want := string(i), strconv.FormatUint(st.issued, 10); got != want {
				t.Errorf("issued: got %q want %q", got, want)
			}
			if got, want := string(l), strconv.FormatUint(st.lifetime, 10); got != want {
				t.Errorf("lifetime: got %q want %q", got, want)
			}
		})
	}
}
