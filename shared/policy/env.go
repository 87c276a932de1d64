package policy

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/ticketbooth/ticketbooth/internal/excerpt"
	"github.com/ticketbooth/ticketbooth/shared/tlssig"
)

// FromEnv reads TICKETBOOTH_ROLES, TICKETBOOTH_DEFAULT_ROLE,
// TICKETBOOTH_USERSIG_TTL/_MAX and TICKETBOOTH_PRIVATEMAPKEY_TTL/_MAX,
// applying the defaults below to unset ones, and validates them whole:
// the error lists every bad variable by name.
func FromEnv(getenv func(string) string) (*Policy, error) {
	var problems []error
	value := func(name, def string) string {
		if v := strings.TrimSpace(getenv(name)); v != "" {
			return v
		}
		return def
	}
	roles, err := ParseRoles(value("TICKETBOOTH_ROLES", DefaultRoles))
	if err != nil {
		problems = append(problems, fmt.Errorf("TICKETBOOTH_ROLES: %w", err))
	}
	lifetime := func(name string, def time.Duration) time.Duration {
		v := strings.TrimSpace(getenv(name))
		if v == "" {
			return def
		}
		d, err := ParseLifetime(v)
		if err != nil {
			problems = append(problems, fmt.Errorf("%s: %w", name, err))
			return def
		}
		return d
	}
	cfg := Config{
		Roles:            roles,
		DefaultRole:      value("TICKETBOOTH_DEFAULT_ROLE", DefaultRole),
		UserSigTTL:       lifetime("TICKETBOOTH_USERSIG_TTL", DefaultUserSigTTL),
		UserSigMax:       lifetime("TICKETBOOTH_USERSIG_TTL_MAX", DefaultUserSigMax),
		PrivateMapKeyTTL: lifetime("TICKETBOOTH_PRIVATEMAPKEY_TTL", DefaultPrivateMapKeyTTL),
		PrivateMapKeyMax: lifetime("TICKETBOOTH_PRIVATEMAPKEY_TTL_MAX", DefaultPrivateMapKeyMax),
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("%w: %w", errors.Join(problems...), ErrInvalidConfig)
	}
	return New(cfg)
}

// ParseRoles reads role presets: "name=privileges" items separated by
// commas or semicolons, where privileges is a number ("255") or privilege
// names. Because names are themselves comma-separated, an item without "="
// continues the previous role: "anchor=255,audience=join,recv-audio,recv-video"
// gives audience join, recv-audio and recv-video.
func ParseRoles(s string) (map[string]tlssig.Privilege, error) {
	type role struct{ name, value string }
	var list []role
	for group := range strings.SplitSeq(s, ";") {
		started := false
		for item := range strings.SplitSeq(group, ",") {
			item = strings.TrimSpace(item)
			name, val, hasEq := strings.Cut(item, "=")
			switch {
			case hasEq:
				list = append(list, role{strings.TrimSpace(name), strings.TrimSpace(val)})
				started = true
			case item == "":
				return nil, errors.New(`empty item; write name=privileges, e.g. "anchor=255,audience=42"`)
			case !started:
				return nil, fmt.Errorf(`%s is not name=privileges, e.g. "anchor=255,audience=42"`, excerpt.Quote(item))
			default:
				list[len(list)-1].value += "," + item
			}
		}
	}
	out := make(map[string]tlssig.Privilege, len(list))
	for _, r := range list {
		if err := checkRoleName(r.name); err != nil {
			return nil, err
		}
		if _, dup := out[r.name]; dup {
			return nil, fmt.Errorf("role %q defined twice", r.name)
		}
		p, err := tlssig.ParsePrivilege(r.value)
		if err != nil {
			return nil, fmt.Errorf("role %q: %w", r.name, err)
		}
		out[r.name] = p
	}
	if len(out) == 0 {
		return nil, errors.New("no role defined")
	}
	return out, nil
}

// ParseLifetime reads a lifetime: a Go duration ("90m", "24h"), days with
// an optional Go duration after them ("7d", "1d12h"), or bare seconds
// ("86400"). It must be whole seconds, at least 1s and at most 3650d.
func ParseLifetime(s string) (time.Duration, error) {
	bad := fmt.Errorf(`%s is not a lifetime; write e.g. "300", "5m", "24h" or "7d"`, excerpt.Quote(s))
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, bad
	}
	var d time.Duration
	if n, err := strconv.ParseUint(s, 10, 32); err == nil {
		d = time.Duration(n) * time.Second
	} else if days, rest, ok := strings.Cut(s, "d"); ok {
		n, err := strconv.ParseUint(days, 10, 16)
		if err != nil || days == "" || days[0] == '+' {
			return 0, bad
		}
		d = time.Duration(n) * 24 * time.Hour
		if rest != "" {
			r, err := time.ParseDuration(rest)
			if err != nil || rest[0] == '-' || rest[0] == '+' {
				return 0, bad
			}
			d += r
		}
	} else {
		d, err = time.ParseDuration(s)
		if err != nil {
			return 0, bad
		}
	}
	if d < time.Second || d > maxConfigurableLifetime {
		return 0, fmt.Errorf("%s is out of range: between 1s and 3650d", excerpt.Quote(s))
	}
	if d%time.Second != 0 {
		return 0, fmt.Errorf("%s is not whole seconds", excerpt.Quote(s))
	}
	return d, nil
}
