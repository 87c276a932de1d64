package policy

import (
	"fmt"
	"maps"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/ticketbooth/ticketbooth/internal/excerpt"
	"github.com/ticketbooth/ticketbooth/shared/auth"
	"github.com/ticketbooth/ticketbooth/shared/tlssig"
)

// Defaults of the TICKETBOOTH_* settings the policy reads.
const (
	DefaultRoles              = "anchor=255,audience=42"
	DefaultRole               = "audience"
	DefaultUserSigTTL         = 24 * time.Hour
	DefaultUserSigMax         = 7 * 24 * time.Hour
	DefaultPrivateMapKeyTTL   = 5 * time.Minute
	DefaultPrivateMapKeyMax   = 24 * time.Hour
	maxConfigurableLifetime   = 10 * 365 * 24 * time.Hour
	maxRoleNameLen            = 64
	maxRoomPatternsConsidered = 256
)

// Config is a policy before validation; FromEnv fills it from the
// environment and New checks it whole.
type Config struct {
	Roles            map[string]tlssig.Privilege
	DefaultRole      string
	UserSigTTL       time.Duration
	UserSigMax       time.Duration
	PrivateMapKeyTTL time.Duration
	PrivateMapKeyMax time.Duration
}

// Policy decides what a caller may get. It is immutable and safe for
// concurrent use.
type Policy struct {
	roles       map[string]tlssig.Privilege
	defaultRole string
	ttl, max    map[tlssig.Kind]time.Duration
}

// Request is what the caller asked for, as the api decoded it.
type Request struct {
	Kind   tlssig.Kind
	UserID tlssig.UserID // from the body, checked; zero if absent
	Room   tlssig.Room   // zero for a UserSig
	// Privileges asked for; meaningful only when PrivilegesSet.
	Privileges    tlssig.Privilege
	PrivilegesSet bool
	TTL           time.Duration // 0 means the default
	// WithUserSig asks, with a PrivateMapKey, for the UserSig that goes
	// with it in a room URL: one decision covers both, and TTL applies to
	// both (Grant.UserSigTTL).
	WithUserSig bool
	// SDKAppID is the app asked for (0: the default app) and
	// DefaultSDKAppID the secret document's default app.
	SDKAppID        uint64
	DefaultSDKAppID uint64
}

// Grant is what may be signed.
type Grant struct {
	UserID     tlssig.UserID
	Room       tlssig.Room
	Privileges tlssig.Privilege // PrivateMapKey only
	TTL        time.Duration
	// UserSigTTL is the lifetime of the UserSig of a Request WithUserSig.
	UserSigTTL time.Duration
	// Role is the role whose preset bounded the privileges; empty for a
	// trusted caller (dev, invoke, an apikey without a role) that may ask
	// for anything.
	Role string
}

// New validates cfg whole.
func New(cfg Config) (*Policy, error) {
	var problems []string
	if len(cfg.Roles) == 0 {
		problems = append(problems, "TICKETBOOTH_ROLES: no role defined")
	}
	for name, p := range cfg.Roles {
		if err := checkRoleName(name); err != nil {
			problems = append(problems, fmt.Sprintf("TICKETBOOTH_ROLES: %v", err))
		}
		if p == 0 || p&^tlssig.PrivAll != 0 {
			problems = append(problems, fmt.Sprintf("TICKETBOOTH_ROLES: role %q: privileges must be 1–255", name))
		}
	}
	if _, ok := cfg.Roles[cfg.DefaultRole]; !ok {
		problems = append(problems, fmt.Sprintf("TICKETBOOTH_DEFAULT_ROLE: %s is not a role of TICKETBOOTH_ROLES", excerpt.Quote(cfg.DefaultRole)))
	}
	checkTTL := func(name string, ttl, max time.Duration) {
		for _, v := range []struct {
			n string
			d time.Duration
		}{{name, ttl}, {name + "_MAX", max}} {
			if v.d < time.Second || v.d > maxConfigurableLifetime || v.d%time.Second != 0 {
				problems = append(problems, fmt.Sprintf("%s: must be whole seconds between 1s and 3650d", v.n))
			}
		}
		if ttl > max {
			problems = append(problems, fmt.Sprintf("%s: the default %s exceeds %s_MAX %s", name, ttl, name, max))
		}
	}
	checkTTL("TICKETBOOTH_USERSIG_TTL", cfg.UserSigTTL, cfg.UserSigMax)
	checkTTL("TICKETBOOTH_PRIVATEMAPKEY_TTL", cfg.PrivateMapKeyTTL, cfg.PrivateMapKeyMax)
	if len(problems) > 0 {
		sort.Strings(problems)
		return nil, reject(ErrInvalidConfig, "%s", strings.Join(problems, "; "))
	}
	return &Policy{
		roles:       maps.Clone(cfg.Roles),
		defaultRole: cfg.DefaultRole,
		ttl:         map[tlssig.Kind]time.Duration{tlssig.KindUserSig: cfg.UserSigTTL, tlssig.KindPrivateMapKey: cfg.PrivateMapKeyTTL},
		max:         map[tlssig.Kind]time.Duration{tlssig.KindUserSig: cfg.UserSigMax, tlssig.KindPrivateMapKey: cfg.PrivateMapKeyMax},
	}, nil
}

// Checked is a Request that passed Check, the only way to one: Decide takes
// it and applies only the rules that need the caller's identity, so each
// request is decided once. Its zero value, or one another Policy checked, is
// refused by Decide.
type Checked struct {
	req Request
	by  *Policy
}

// WithDefaultSDKAppID returns c with the secret document's default app,
// which the api knows only once it has the keys (after Check); Check does not
// read it.
func (c Checked) WithDefaultSDKAppID(app uint64) Checked {
	c.req.DefaultSDKAppID = app
	return c
}

// Decide applies the rules that need the caller's identity to what id asks
// for in c (Check applied the others).
//
// The user is the caller's own; only callers trusted to name users
// (Identity.MayNameUser) may ask for another, and must name one when they
// have no user of their own. Trusted callers without a role may ask for any
// privileges; everyone else gets their role's preset (the default role's
// when the identity names none) when asking for none, and at most that
// preset when asking. Lifetimes default per kind and are capped. An
// identity with Rooms may only get PrivateMapKeys for those rooms. Every
// caller may use the default app; another app only a caller that may use
// any (Identity.AnyApp) or whose credential names it (Identity.Apps).
func (p *Policy) Decide(id *auth.Identity, c Checked) (Grant, error) {
	if id == nil {
		return Grant{}, reject(auth.ErrNoCredential, "the caller was not authenticated")
	}
	if c.by != p || p == nil {
		return Grant{}, errNotChecked
	}
	req := c.req
	if !appAllowed(id, req) {
		// Names neither the app asked for nor the caller's apps: a caller
		// learns nothing about the other apps of the deployment.
		return Grant{}, reject(ErrAppDenied, "the caller's credential does not cover this app: leave sdkAppId out for the default app, or ask the operator to grant the app to the credential")
	}
	var g Grant

	switch {
	case req.UserID.IsZero() && id.UserID == "":
		if id.MayNameUser {
			return Grant{}, reject(ErrUserRequired, "name the user in the body (userId)")
		}
		return Grant{}, reject(ErrUserMismatch, "the caller's identity carries no user id")
	case req.UserID.IsZero():
		// The identity's user id enters here, checked once.
		u, err := tlssig.ParseUserID(id.UserID)
		if err != nil {
			return Grant{}, fmt.Errorf("userId: %w", err)
		}
		g.UserID = u
	case req.UserID.String() == id.UserID || id.MayNameUser:
		g.UserID = req.UserID
	default:
		return Grant{}, reject(ErrUserMismatch, "omit userId, or send the caller's own; tickets are issued only for the caller")
	}

	// The role applies to both kinds: an identity with an unknown role is
	// refused outright rather than given a login ticket it cannot use.
	unrestricted := id.MayNameUser && id.Role == ""
	preset := tlssig.PrivAll
	if !unrestricted {
		g.Role = id.Role
		if g.Role == "" {
			g.Role = p.defaultRole
		}
		var ok bool
		if preset, ok = p.roles[g.Role]; !ok {
			return Grant{}, reject(ErrPrivilegeDenied, "the caller's role %s is not configured in TICKETBOOTH_ROLES", excerpt.Quote(g.Role))
		}
	}

	g.TTL = req.TTL // Check bounded it
	if g.TTL == 0 {
		g.TTL = p.ttl[req.Kind]
	}

	if req.Kind == tlssig.KindUserSig {
		return g, nil
	}
	if req.WithUserSig {
		g.UserSigTTL = req.TTL
		if g.UserSigTTL == 0 {
			g.UserSigTTL = p.ttl[tlssig.KindUserSig]
		}
	}

	if !roomAllowed(id.Rooms, req.Room) {
		return Grant{}, reject(ErrRoomDenied, "the caller's identity does not cover this room")
	}
	g.Room = req.Room

	switch {
	case !req.PrivilegesSet && unrestricted:
		g.Privileges = p.roles[p.defaultRole]
	case !req.PrivilegesSet:
		g.Privileges = preset
	case req.Privileges&^preset != 0:
		return Grant{}, reject(ErrPrivilegeDenied, "role %s allows at most %s (%d); not %s",
			excerpt.Quote(g.Role), preset, uint32(preset), (req.Privileges &^ preset))
	default:
		g.Privileges = req.Privileges
	}
	return g, nil
}

// Check applies the rules that need no identity: a known kind, a lifetime
// within the kind's maximum, a PrivateMapKey's room within TRTC's limits
// and privileges of known bits. The api runs it before it authenticates
// the caller, so a bad request spends no credential (a WeChat login code is
// single-use), and hands what it returns to Decide.
func (p *Policy) Check(req Request) (Checked, error) {
	if err := p.check(req); err != nil {
		return Checked{}, err
	}
	return Checked{req: req, by: p}, nil
}

func (p *Policy) check(req Request) error {
	if req.Kind != tlssig.KindUserSig && req.Kind != tlssig.KindPrivateMapKey {
		return fmt.Errorf("policy: unknown ticket kind %d", int(req.Kind))
	}
	switch {
	case req.TTL < 0:
		return fmt.Errorf("expire: %w: must be positive", tlssig.ErrInvalidLifetime)
	case req.TTL > p.max[req.Kind]:
		return reject(ErrLifetimeTooLong, "a %s may live at most %d seconds", req.Kind, int64(p.max[req.Kind]/time.Second))
	}
	if req.WithUserSig && req.Kind == tlssig.KindPrivateMapKey && req.TTL > p.max[tlssig.KindUserSig] {
		return reject(ErrLifetimeTooLong, "a %s may live at most %d seconds", tlssig.KindUserSig, int64(p.max[tlssig.KindUserSig]/time.Second))
	}
	if req.Kind == tlssig.KindUserSig {
		return nil
	}
	if req.Room.IsZero() {
		return fmt.Errorf("room: %w: a PrivateMapKey needs roomId or strRoomId", tlssig.ErrInvalidRoom)
	}
	if err := tlssig.ValidateRoom(req.Room); err != nil {
		return fmt.Errorf("room: %w", err)
	}
	if req.PrivilegesSet && (req.Privileges == 0 || req.Privileges&^tlssig.PrivAll != 0) {
		return fmt.Errorf("privileges: %w: must be 1–255 (known bits only)", tlssig.ErrInvalidPrivilege)
	}
	return nil
}

// appAllowed reports whether id may use the app req asks for: the default
// app always; another only when the identity may use any app (dev, invoke)
// or its credential names it.
func appAllowed(id *auth.Identity, req Request) bool {
	if req.SDKAppID == 0 || req.SDKAppID == req.DefaultSDKAppID || id.AnyApp {
		return true
	}
	for _, a := range id.Apps {
		if a == req.SDKAppID {
			return true
		}
	}
	return false
}

// roomAllowed reports whether room matches one of the patterns: exactly, or
// by path.Match. A numeric room is matched by its decimal string. nil
// patterns allow every room; an empty non-nil list allows none.
func roomAllowed(patterns []string, room tlssig.Room) bool {
	if patterns == nil {
		return true
	}
	name := room.Str()
	if !room.IsString() {
		name = strconv.FormatUint(uint64(room.ID()), 10)
	}
	for i, pat := range patterns {
		if i >= maxRoomPatternsConsidered {
			break
		}
		if pat == name {
			return true
		}
		if ok, err := path.Match(pat, name); err == nil && ok {
			return true
		}
	}
	return false
}

func checkRoleName(name string) error {
	if name == "" || len(name) > maxRoleNameLen {
		return fmt.Errorf("role name %s must be 1–%d bytes", excerpt.Quote(name), maxRoleNameLen)
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' || c == ':') {
			return fmt.Errorf("role name %s may hold only letters, digits, dashes, underscores, dots and colons", excerpt.Quote(name))
		}
	}
	return nil
}
