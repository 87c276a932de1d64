package secrets

import (
	"errors"
	"testing"
	"time"
)

// TestBuildOptionsEdges: the cache's settings are accepted at each rule's
// edge (staleness equal to the TTL, a back-off cap equal to its base) and
// refused one step past it.
func TestBuildOptionsEdges(t *testing.T) {
	tests := []struct {
		name string
		opts []Option
		ok   bool
	}{
		{"defaults", nil, true},
		{"max stale equal to the TTL", []Option{WithTTL(time.Minute), WithMaxStale(time.Minute)}, true},
		{"max stale under the TTL", []Option{WithTTL(time.Minute), WithMaxStale(time.Minute - 1)}, false},
		{"back-off cap equal to its base", []Option{WithBackoff(time.Second, time.Second)}, true},
		{"back-off cap under its base", []Option{WithBackoff(time.Second, time.Second-1)}, false},
		{"shortest TTL", []Option{WithTTL(1), WithMaxStale(1)}, true},
		{"zero TTL", []Option{WithTTL(0)}, false},
		{"shortest fetch timeout", []Option{WithFetchTimeout(1)}, true},
		{"zero fetch timeout", []Option{WithFetchTimeout(0)}, false},
		{"zero back-off", []Option{WithBackoff(0, time.Second)}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := buildOptions(tt.opts)
			if tt.ok && err != nil {
				t.Errorf("refused: %v", err)
			}
			if !tt.ok && !errors.Is(err, ErrInvalidConfig) {
				t.Errorf("error %v, want ErrInvalidConfig", err)
			}
		})
	}
}

// TestDefaultJitterBounds: the default jitter shortens a delay by at most a
// fifth and never lengthens it (a refresh is never later than the TTL says).
func TestDefaultJitterBounds(t *testing.T) {
	for _, d := range []time.Duration{time.Nanosecond, 5, time.Second, DefaultTTL, time.Minute} {
		for range 200 {
			if j := defaultJitter(d); j < d-d/5 || j > d {
				t.Fatalf("defaultJitter(%v) = %v, want within [%v, %v]", d, j, d-d/5, d)
			}
		}
	}
	for _, d := range []time.Duration{0, -time.Second} {
		if j := defaultJitter(d); j != d {
			t.Errorf("defaultJitter(%v) = %v, want it unchanged", d, j)
		}
	}
}
