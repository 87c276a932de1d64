package api

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"strings"

	"github.com/ticketbooth/ticketbooth/shared/auth"
	"github.com/ticketbooth/ticketbooth/shared/policy"
	"github.com/ticketbooth/ticketbooth/shared/secrets"
)

// Option tunes FromEnv.
type Option func(*envOptions)

type envOptions struct {
	logger  *slog.Logger
	secrets []secrets.Option
	paths   []string
}

// WithLogger sets the logger of the API, the authenticator and the secrets
// cache (default: JSON lines on stderr).
func WithLogger(l *slog.Logger) Option { return func(o *envOptions) { o.logger = l } }

// WithPaths serves only the given routes (Config.Paths): a function's own.
func WithPaths(paths ...string) Option { return func(o *envOptions) { o.paths = paths } }

// WithSecretsOptions passes options to secrets.Open (tests).
func WithSecretsOptions(opts ...secrets.Option) Option {
	return func(o *envOptions) { o.secrets = append(o.secrets, opts...) }
}

// FromEnv reads the whole configuration once — TICKETBOOTH_ALGORITHM,
// TICKETBOOTH_CORS_ORIGINS and the variables of packages secrets, auth and
// policy — validates it whole, opens the secrets cache (whose first fetch
// starts now, in the background) and returns the Handler. The error lists
// every bad variable by name, never a secret value.
func FromEnv(ctx context.Context, getenv func(string) string, opts ...Option) (http.Handler, error) {
	var o envOptions
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
		logger = slog.New(slog.NewJSONHandler(os.Stderr, nil))
	}
	// The authenticator logs with the request's context: its lines get the request id.
	logger = withRequestID(logger)

	var errs []error
	alg, err := parseAlgorithm(env("TICKETBOOTH_ALGORITHM"))
	if err != nil {
		errs = append(errs, err)
	}
	var origins []string
	if v := env("TICKETBOOTH_CORS_ORIGINS"); v != "" {
		origins = strings.Split(v, ",")
	}
	if _, err := validateOrigins(origins); err != nil {
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
	pol, err := policy.FromEnv(env)
	if err != nil {
		errs = append(errs, err)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("configuration:\n%w", err)
	}

	acfg.Logger = logger
	authn, err := auth.New(acfg)
	if err != nil {
		return nil, err
	}
	sopts := append(scfg.Options(), secrets.WithLogger(logger), secrets.WithGetenv(getenv),
		secrets.WithCheck(acfg.CheckDocument), secrets.WithCheck(algorithmCheck(alg)))
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
	keys, err := secrets.Open(ctx, scfg.Spec, sopts...)
	if err != nil {
		return nil, fmt.Errorf("TICKETBOOTH_SECRET: %w", err)
	}
	return New(Config{
		Keys:        keys,
		Auth:        authn,
		Policy:      pol,
		Algorithm:   alg,
		CORSOrigins: origins,
		Logger:      logger,
		Paths:       o.paths,
	})
}

// algorithmCheck is the secret document check of TICKETBOOTH_ALGORITHM: every
// app needs the key the algorithm signs with (secretKey for hmac,
// ecdsaPrivateKey for ecdsa), so that no request for one of them fails later.
func algorithmCheck(alg string) func(*secrets.Document) error {
	return func(doc *secrets.Document) error {
		var errs []error
		for i, a := range doc.Apps {
			switch {
			case alg == AlgorithmECDSA && a.ECDSAPrivateKey == "":
				errs = append(errs, fmt.Errorf("apps[%d].ecdsaPrivateKey: required by TICKETBOOTH_ALGORITHM=ecdsa (v1 tickets; the PEM key from the TRTC console)", i))
			case alg != AlgorithmECDSA && a.SecretKey == "":
				errs = append(errs, fmt.Errorf("apps[%d].secretKey: required by TICKETBOOTH_ALGORITHM=hmac, the default (v2 tickets; the key from the TRTC console), or set TICKETBOOTH_ALGORITHM=ecdsa", i))
			}
		}
		return errors.Join(errs...)
	}
}
