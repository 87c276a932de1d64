package policy

import (
	"maps"
	"time"

	"github.com/ticketbooth/ticketbooth/shared/tlssig"
)

// What FromEnv parsed: the local console's Make form offers these roles and lifetimes, and the
// tests read them.

// Roles returns a copy of the role presets.
func (p *Policy) Roles() map[string]tlssig.Privilege { return maps.Clone(p.roles) }

// DefaultRole is the role of callers whose identity names none.
func (p *Policy) DefaultRole() string { return p.defaultRole }

// DefaultTTL is the lifetime given when a request asks for none.
func (p *Policy) DefaultTTL(k tlssig.Kind) time.Duration { return p.ttl[k] }

// MaxTTL is the longest lifetime a request may ask for.
func (p *Policy) MaxTTL(k tlssig.Kind) time.Duration { return p.max[k] }
