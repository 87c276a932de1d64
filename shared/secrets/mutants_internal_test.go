package secrets

import (
	"errors"
	"log/slog"
	"strings"
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

// TestConfigOptionsKeepDefaults: a setting left at zero in a Config leaves
// the cache's default in place rather than setting zero.
func TestConfigOptionsKeepDefaults(t *testing.T) {
	for _, tt := range []struct {
		cfg           Config
		ttl, maxStale time.Duration
	}{
		{Config{}, DefaultTTL, DefaultMaxStale},
		{Config{TTL: time.Minute}, time.Minute, DefaultMaxStale},
		{Config{MaxStale: 2 * time.Hour}, DefaultTTL, 2 * time.Hour},
	} {
		o, err := buildOptions(tt.cfg.Options())
		if err != nil {
			t.Fatalf("%+v: %v", tt.cfg, err)
		}
		if o.ttl != tt.ttl || o.maxStale != tt.maxStale {
			t.Errorf("%+v: TTL %v and staleness %v, want %v and %v", tt.cfg, o.ttl, o.maxStale, tt.ttl, tt.maxStale)
		}
	}
}

// TestBackoffOverflowIsCapped: a back-off base that doubles past 64 bits
// (here to exactly zero) waits the cap, never retries at once.
func TestBackoffOverflowIsCapped(t *testing.T) {
	now := time.Unix(1_760_000_000, 0)
	c := &Cache{name: "test", o: &options{backoffBase: 1 << 40, backoffMax: time.Hour, jitter: func(d time.Duration) time.Duration { return d },
		logger: slog.New(slog.DiscardHandler)}}
	c.failures = 24 // the 25th failure doubles the base 24 times: 2^64
	_, err := c.failLocked(now, errors.New("down"))
	if got := c.nextTry.Sub(now); got != time.Hour {
		t.Errorf("next try in %v, want the cap, 1h", got)
	}
	if ra, ok := RetryAfter(err); !ok || ra != time.Hour {
		t.Errorf("RetryAfter = %v, %v; want 1h", ra, ok)
	}
}

// TestSpecVersionsAndString: each cloud scheme's default version, a version
// given in the spec kept as it is, and the spec written back. Both clouds
// are compiled in for the test (a build has one).
func TestSpecVersionsAndString(t *testing.T) {
	saved := cloudSchemes
	cloudSchemes = map[string]bool{"env": true, "file": true, "aws-sm": true, "tencent-ssm": true}
	t.Cleanup(func() { cloudSchemes = saved })
	for _, tt := range []struct{ in, name, version, out string }{
		{"env:DOC", "DOC", "", "env:DOC"},
		{"file:/run/s.json", "/run/s.json", "", "file:/run/s.json"},
		{"aws-sm:ticketbooth", "ticketbooth", DefaultAWSStage, "aws-sm:ticketbooth#AWSCURRENT"},
		{"aws-sm:ticketbooth#v7", "ticketbooth", "v7", "aws-sm:ticketbooth#v7"},
		{"tencent-ssm:ticketbooth", "ticketbooth", DefaultSSMVersion, "tencent-ssm:ticketbooth#SSM_Current"},
		{"tencent-ssm:ticketbooth#v2", "ticketbooth", "v2", "tencent-ssm:ticketbooth#v2"},
		{"tencent-ssm:a#b#v3", "a#b", "v3", "tencent-ssm:a#b#v3"},
	} {
		sp, err := ParseSpec(tt.in)
		if err != nil {
			t.Fatalf("%s: %v", tt.in, err)
		}
		if sp.Name != tt.name || sp.Version != tt.version || sp.String() != tt.out {
			t.Errorf("%s: name %q version %q, written %q; want %q, %q, %q", tt.in, sp.Name, sp.Version, sp.String(), tt.name, tt.version, tt.out)
		}
	}
	for _, tt := range []struct{ in, want string }{
		{"tencent-ssm:#v2", "empty name"},
		{"aws-sm:#AWSCURRENT", "empty name"},
		{strings.Repeat("s", 16) + ":x", `unknown scheme "` + strings.Repeat("s", 16) + `" `},
		{strings.Repeat("s", 17) + ":x", `unknown scheme "` + strings.Repeat("s", 16) + `…"`},
	} {
		if _, err := ParseSpec(tt.in); !errors.Is(err, ErrInvalidSpec) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want ErrInvalidSpec saying %q", tt.in, err, tt.want)
		}
	}
}
