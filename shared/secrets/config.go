package secrets

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Environment variables read by FromEnv.
const (
	EnvSecret   = "TICKETBOOTH_SECRET"
	EnvTTL      = "TICKETBOOTH_SECRET_TTL"
	EnvMaxStale = "TICKETBOOTH_SECRET_MAX_STALE"
)

// Config is the secrets part of the configuration.
type Config struct {
	Spec     string        // TICKETBOOTH_SECRET; "" when unset (the caller picks a default)
	TTL      time.Duration // TICKETBOOTH_SECRET_TTL, default 5m
	MaxStale time.Duration // TICKETBOOTH_SECRET_MAX_STALE, default 1h
}

// FromEnv reads TICKETBOOTH_SECRET, TICKETBOOTH_SECRET_TTL and
// TICKETBOOTH_SECRET_MAX_STALE. Durations are Go durations (90s, 5m, 1h30m),
// whole seconds, or whole days (1d). Every bad value is reported, naming its
// variable; the values of durations are quoted, the source spec is not
// (it is not secret, but it is long and the variable name is enough).
func FromEnv(getenv func(string) string) (Config, error) {
	cfg := Config{Spec: strings.TrimSpace(getenv(EnvSecret)), TTL: DefaultTTL, MaxStale: DefaultMaxStale}
	var p problems
	if cfg.Spec != "" {
		if _, err := ParseSpec(cfg.Spec); err != nil {
			p.add(EnvSecret, "%v", err)
		}
	}
	if v := getenv(EnvTTL); v != "" {
		d, err := parseDuration(v)
		if err != nil || d <= 0 {
			p.add(EnvTTL, "%q is not a positive duration (e.g. 5m)", v)
		} else {
			cfg.TTL = d
		}
	}
	if v := getenv(EnvMaxStale); v != "" {
		d, err := parseDuration(v)
		if err != nil || d <= 0 {
			p.add(EnvMaxStale, "%q is not a positive duration (e.g. 1h)", v)
		} else {
			cfg.MaxStale = d
		}
	}
	if len(p) == 0 && cfg.MaxStale < cfg.TTL {
		p.add(EnvMaxStale, "must be at least %s (%s)", EnvTTL, cfg.TTL)
	}
	if len(p) > 0 {
		return Config{}, fmt.Errorf("%w: %w", joinProblems(p), ErrInvalidConfig)
	}
	return cfg, nil
}

// Options turns the configuration into cache options for Open.
func (c Config) Options() []Option {
	var opts []Option
	if c.TTL > 0 {
		opts = append(opts, WithTTL(c.TTL))
	}
	if c.MaxStale > 0 {
		opts = append(opts, WithMaxStale(c.MaxStale))
	}
	return opts
}

func parseDuration(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if n, err := strconv.ParseUint(s, 10, 31); err == nil {
		return time.Duration(n) * time.Second, nil
	}
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.ParseUint(days, 10, 16)
		if err != nil {
			return 0, err
		}
		return time.Duration(n) * 24 * time.Hour, nil
	}
	return time.ParseDuration(s)
}
