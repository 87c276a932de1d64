package secrets

import (
	"context"
	"fmt"
)

// WithCheck adds a check that a document must pass, after Parse, before it
// is served or replaces the one in use: what the rest of the configuration
// needs of it (the jwt section for the jwt method, the app keys for the
// configured algorithm). A document failing the check is refused like an
// invalid one, at start-up or when a refresh brings it; the error should
// name fields, never values.
func WithCheck(check func(*Document) error) Option {
	return func(o *options) { o.checks = append(o.checks, check) }
}

// validate runs Parse and every check of WithCheck.
func (o *options) validate(data []byte) (*Document, error) {
	doc, err := Parse(data)
	if err != nil {
		return nil, err
	}
	for _, check := range o.checks {
		if err := check(doc); err != nil {
			return nil, fmt.Errorf("%w: %w", err, ErrInvalidDocument)
		}
	}
	return doc, nil
}

// Local reports whether the spec names a source on this machine (env: or
// file:), one whose document a process can read and check before it starts
// serving. A cloud source may be briefly unreachable; a local one is either
// there or a mistake.
func (s Spec) Local() bool { return s.Scheme == "env" || s.Scheme == "file" }

// Load reads the document spec names once, now, and validates it as the
// cache would (Parse and the WithCheck checks; of opts only WithCheck,
// WithGetenv and WithFetchTimeout matter). A server or function calls it at
// start-up for a local source so that a missing or invalid document stops it
// with the field-naming message instead of answering 503 later. The error
// names the source and fields, never a value.
func Load(ctx context.Context, spec string, opts ...Option) (*Document, error) {
	_, o, src, err := openSource(ctx, spec, opts)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, o.fetchTimeout)
	defer cancel()
	f, err := src.Fetch(ctx)
	if err != nil {
		return nil, err
	}
	return o.validate(f.Data)
}
