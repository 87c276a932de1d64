package secretstest

import (
	"context"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/ticketbooth/ticketbooth/shared/secrets"
)

// Source is a secrets.Source whose replies the test sets. It counts fetches
// and can hold them until released, to line up concurrent callers.
type Source struct {
	mu      sync.Mutex
	data    []byte
	version string
	err     error
	gate    chan struct{}
	calls   atomic.Int64
}

// NewSource returns a Source that serves data as version.
func NewSource(data []byte, version string) *Source {
	return &Source{data: slices.Clone(data), version: version}
}

// Set makes later fetches return data as version.
func (s *Source) Set(data []byte, version string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.data, s.version, s.err = slices.Clone(data), version, nil
}

// Fail makes later fetches fail with err (nil to stop failing).
func (s *Source) Fail(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.err = err
}

// Hold makes later fetches wait until Release (or their context ends).
func (s *Source) Hold() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gate = make(chan struct{})
}

// Release lets held fetches go on.
func (s *Source) Release() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.gate != nil {
		close(s.gate)
		s.gate = nil
	}
}

// Calls reports how many fetches have started.
func (s *Source) Calls() int { return int(s.calls.Load()) }

// Fetch implements secrets.Source.
func (s *Source) Fetch(ctx context.Context) (secrets.Fetched, error) {
	s.calls.Add(1)
	s.mu.Lock()
	gate := s.gate
	s.mu.Unlock()
	if gate != nil {
		select {
		case <-gate:
		case <-ctx.Done():
			return secrets.Fetched{}, ctx.Err()
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return secrets.Fetched{}, s.err
	}
	return secrets.Fetched{Data: slices.Clone(s.data), Version: s.version}, nil
}

// String names the double in logs.
func (s *Source) String() string { return "secretstest" }
