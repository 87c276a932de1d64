// Package fromenv builds ticketbooth's Handler (package api) from the
// TICKETBOOTH_* environment variables: the one place that reads the
// environment into the secrets cache, the authenticator, the policy and the
// API's settings. The cloud functions (through package faas) and the local
// server (ticketbooth serve) call Handler; the packages it wires each parse
// their own variables (secrets.FromEnv, auth.FromEnv, policy.FromEnv).
//
// Everything is checked before anything is opened: every bad variable is
// reported at once, by name and never by value, then a local secret
// document (env:, file:) is read and checked — a missing or invalid one, or
// one lacking what TICKETBOOTH_AUTH or TICKETBOOTH_ALGORITHM needs, stops
// the process with the field-naming message — and only then is the secrets
// cache opened, its first fetch started in the background.
package fromenv

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"strings"

	"github.com/ticketbooth/ticketbooth/shared/api"
	"github.com/ticketbooth/ticketbooth/shared/auth"
	"github.com/ticketbooth/ticketbooth/shared/policy"
	"github.com/ticketbooth/ticketbooth/shared/secrets"
)

// Option tunes Handler.
type Option func(*options)

type options struct {
	logger  *slog.Logger
	secrets []secrets.Option
	paths   []string
}

// WithLogger sets the logger of the API, the authenticator and the secrets
// cache (default: JSON lines on stderr).
func WithLogger(l *slog.Logger) Option { return func(o *options) { o.logger = l } }

// WithPaths serves only the given routes (api.Config.Paths): a function's own.
func WithPaths(paths ...string) Option { return func(o *options) { o.paths = paths } }

// WithSecretsOptions passes options to secrets.Open (tests).
func WithSecretsOptions(opts ...secrets.Option) Option {
	return func(o *options) { o.secrets = append(o.secrets, opts...) }
}

// Handler reads the whole configuration once — TICKETBOOTH_ALGORITHM,
// TICKETBOOTH_CORS_ORIGINS and the variables of packages secrets, auth and
// policy — validates it whole, with the options' settings (the routes of
// WithPaths), opens the secrets cache and returns the API's Handler. The
// error lists every bad variable by name, never a secret value. A nil getenv
// is os.Getenv.
func Handler(ctx context.Context, getenv func(string) string, opts ...Option) (http.Handler, error) {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	if getenv == nil {
		getenv = os.Getenv
	}
	// A variable holding only white space counts as unset. (The local server's
	// defaults come through getenv.)
	env := func(name string) string {
		if v := getenv(name); strings.TrimSpace(v) != "" {
			return v
		}
		return ""
	}
	logger := o.logger
	if logger == nil {
		logger = api.NewLogger(os.Stderr)
	}
	// The authenticator and the cache log with the request's context: their lines get its id.
	logger = api.RequestLogger(logger)

	cfg := api.Config{Algorithm: env("TICKETBOOTH_ALGORITHM"), Logger: logger, Paths: o.paths}
	if v := env("TICKETBOOTH_CORS_ORIGINS"); v != "" {
		cfg.CORSOrigins = strings.Split(v, ",")
	}
	var errs []error
	if err := cfg.CheckSettings(); err != nil {
		errs = append(errs, err)
	}
	scfg, err := secrets.FromEnv(env)
	if err != nil {
		errs = append(errs, err)
	} else if scfg.Spec == "" {
		errs = append(errs, errors.New("TICKETBOOTH_SECRET: required: where the secret document lives (env:NAME, file:PATH, aws-sm:ID[#STAGE], tencent-ssm:NAME[#VERSION])"))
	}
	acfg, err := auth.FromEnv(env)
	if err != nil {
		errs = append(errs, err)
	}
	if cfg.Policy, err = policy.FromEnv(env); err != nil {
		errs = append(errs, err)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("configuration:\n%w", err)
	}

	acfg.Logger = logger
	if cfg.Auth, err = auth.New(acfg); err != nil {
		return nil, err
	}
	sopts := append(scfg.Options(), secrets.WithLogger(logger), secrets.WithGetenv(getenv),
		secrets.WithCheck(acfg.CheckDocument), secrets.WithCheck(cfg.CheckDocument))
	sopts = append(sopts, o.secrets...)
	// A local document is read and checked now: missing or invalid, it stops
	// the process with the field-naming message rather than a 503 per request.
	// A cloud source is fetched in the background (/healthz tells when a
	// document is usable).
	if sp, err := secrets.ParseSpec(scfg.Spec); err == nil && sp.Local() {
		if _, err := secrets.Load(ctx, scfg.Spec, sopts...); err != nil {
			return nil, fmt.Errorf("TICKETBOOTH_SECRET=%s: %w", sp, err)
		}
	}
	if cfg.Keys, err = secrets.Open(ctx, scfg.Spec, sopts...); err != nil {
		return nil, fmt.Errorf("TICKETBOOTH_SECRET: %w", err)
	}
	return api.New(cfg)
}
