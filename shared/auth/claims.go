package auth

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ticketbooth/ticketbooth/shared/secrets"
)

// Claim names used when the secret document does not set them.
const (
	DefaultUserClaim = "sub"
	DefaultRoleClaim = "trtc_role"
)

// Limits on claim values, far above anything legitimate, so a hostile token
// cannot make us build large structures.
const (
	maxClaimLen = 256
	maxRooms    = 256
	maxApps     = 64
)

type claimNames struct{ user, role, rooms, apps string }

func namesFrom(j *secrets.JWT) claimNames {
	n := claimNames{user: DefaultUserClaim, role: DefaultRoleClaim}
	if j != nil {
		if j.UserClaim != "" {
			n.user = j.UserClaim
		}
		if j.RoleClaim != "" {
			n.role = j.RoleClaim
		}
		n.rooms = j.RoomsClaim
		n.apps = j.AppsClaim
	}
	return n
}

// identityFromClaims reads user, role and rooms from verified JWT claims
// (decoded with json.Number for numbers).
func identityFromClaims(m Method, claims map[string]any, n claimNames) (*Identity, error) {
	user, err := scalarClaim(claims, n.user)
	if err != nil {
		return nil, err
	}
	if user == "" {
		return nil, reject(ErrBadCredential, "the token has no %q claim (the user id)", n.user)
	}
	if !identityUserID(user) {
		return nil, reject(ErrBadCredential, "the token's %q claim (the user id) holds control characters or is not UTF-8", n.user)
	}
	role, err := roleClaim(claims[n.role], n.role)
	if err != nil {
		return nil, err
	}
	id := &Identity{Method: m, Subject: user, UserID: user, Role: role}
	if sub, ok := claims["sub"].(string); ok && sub != "" && len(sub) <= maxClaimLen {
		id.Subject = sub
	}
	if n.rooms != "" {
		rooms, err := roomsClaim(claims[n.rooms], n.rooms)
		if err != nil {
			return nil, err
		}
		id.Rooms = rooms
	}
	if n.apps != "" {
		apps, err := appsClaim(claims[n.apps], n.apps)
		if err != nil {
			return nil, err
		}
		id.Apps = apps
	}
	return id, nil
}

// identityUserID reports whether a user id that comes from an identity (a
// token's claim, an openid) is valid UTF-8 without control or format
// characters (C0, DEL, C1, bidirectional overrides, zero-width marks):
// such an id would be issued a ticket the caller cannot reproduce and
// could forge lines of a log that shows it.
func identityUserID(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if unicode.Is(unicode.Cc, r) || unicode.Is(unicode.Cf, r) {
			return false
		}
	}
	return true
}

// appsClaim accepts one app (a number or its decimal text) or a list of
// them: the SDKAppIDs the caller may use besides the default app. An absent
// claim names none.
func appsClaim(v any, name string) ([]uint64, error) {
	bad := reject(ErrBadCredential, "the %q claim must be an sdkAppId or a list of them (numbers or their decimal text)", name)
	one := func(x any) (uint64, bool) {
		var s string
		switch x := x.(type) {
		case string:
			s = x
		case json.Number:
			s = x.String()
		default:
			return 0, false
		}
		n, err := strconv.ParseUint(s, 10, 32)
		return n, err == nil && n > 0 && len(s) <= 10
	}
	switch v := v.(type) {
	case nil:
		return nil, nil
	case []any:
		if len(v) > maxApps {
			return nil, bad
		}
		out := make([]uint64, 0, len(v))
		for _, x := range v {
			n, ok := one(x)
			if !ok {
				return nil, bad
			}
			out = append(out, n)
		}
		return out, nil
	default:
		n, ok := one(v)
		if !ok {
			return nil, bad
		}
		return []uint64{n}, nil
	}
}

// scalarClaim returns a string claim, or an integer claim in decimal.
func scalarClaim(claims map[string]any, name string) (string, error) {
	switch v := claims[name].(type) {
	case nil:
		return "", nil
	case string:
		if len(v) > maxClaimLen {
			return "", reject(ErrBadCredential, "the %q claim is too long", name)
		}
		return v, nil
	case json.Number:
		if _, err := v.Int64(); err != nil {
			return "", reject(ErrBadCredential, "the %q claim must be a string or an integer", name)
		}
		return v.String(), nil
	default:
		return "", reject(ErrBadCredential, "the %q claim must be a string", name)
	}
}

// roleClaim accepts a string or a list holding exactly one string.
func roleClaim(v any, name string) (string, error) {
	switch v := v.(type) {
	case nil:
		return "", nil
	case string:
		if len(v) > maxClaimLen {
			return "", reject(ErrBadCredential, "the %q claim is too long", name)
		}
		return v, nil
	case []any:
		if len(v) == 0 {
			return "", nil
		}
		if s, ok := v[0].(string); ok && len(v) == 1 && len(s) <= maxClaimLen {
			return s, nil
		}
	}
	return "", reject(ErrBadCredential, "the %q claim must be one role name", name)
}

// roomsClaim accepts one room (string or number) or a list of them. A
// configured claim that is absent restricts the caller to no room at all.
func roomsClaim(v any, name string) ([]string, error) {
	bad := reject(ErrBadCredential, "the %q claim must be a room, a pattern or a list of them", name)
	one := func(x any) (string, bool) {
		switch x := x.(type) {
		case string:
			return x, x != "" && len(x) <= maxClaimLen
		case json.Number:
			_, err := x.Int64()
			return x.String(), err == nil
		}
		return "", false
	}
	if str, ok := v.(string); ok {
		// A string in brackets is a list sent as JSON text (what an issuer
		// behind API Gateway sends), never one room: the gateway's
		// flattened "[a b]" form is ambiguous once a room holds a space.
		list, isList, err := gatewayList(str, false)
		switch {
		case err != nil:
			return nil, reject(ErrBadCredential, `the %q claim is a list flattened to "[a b]" (as API Gateway does), which is ambiguous once a room name holds a space: the issuer must send the list as JSON text in a string claim, e.g. "[\"class 2019#A\"]"`, name)
		case isList:
			v = list
		}
	}
	switch v := v.(type) {
	case nil:
		return []string{}, nil
	case []any:
		if len(v) > maxRooms {
			return nil, bad
		}
		out := make([]string, 0, len(v))
		for _, x := range v {
			s, ok := one(x)
			if !ok {
				return nil, bad
			}
			out = append(out, s)
		}
		return out, nil
	default:
		s, ok := one(v)
		if !ok {
			return nil, bad
		}
		return []string{s}, nil
	}
}

// gatewayIdentity reads the claims the AWS HTTP API JWT authorizer
// verified, each as the event carried it (JSON). The gateway passes every
// claim as a string, and renders a list claim as "[a b c]": its items joined
// by spaces, which cannot be told apart from items that hold spaces.
//
//   - the user claim and sub must be strings;
//   - the role claim may be "[one]" (a role name holds no space);
//   - the rooms claim fails closed on the flattened form: a string that
//     starts with '[' and ends with ']' must be a JSON list
//     ("[\"class 2019#A\"]"), else the token is refused; a plain string is
//     one room; a JSON list in the event is taken as it is;
//   - the apps claim may be flattened ("[1400000001 1400000002]"): sdkAppIds
//     hold no space.
func gatewayIdentity(claims map[string]json.RawMessage, j *secrets.JWT) (*Identity, error) {
	n := namesFrom(j)
	conv := make(map[string]any, 5)
	for _, name := range []string{n.user, "sub"} {
		raw, ok := claims[name]
		if !ok {
			continue
		}
		v, err := decodeClaim(raw)
		if err != nil {
			return nil, reject(ErrBadCredential, "the gateway's %q claim is not JSON", name)
		}
		if _, isString := v.(string); !isString && v != nil {
			return nil, reject(ErrBadCredential, "the %q claim must be a string", name)
		}
		conv[name] = v
	}
	// The role and apps claims may come flattened ("[anchor]", "[1 2]"):
	// their items hold no space. The rooms claim is read by roomsClaim,
	// which refuses the flattened form.
	for _, c := range []struct {
		name      string
		flattened bool
	}{{n.role, true}, {n.rooms, false}, {n.apps, true}} {
		if c.name == "" {
			continue
		}
		raw, ok := claims[c.name]
		if !ok {
			continue
		}
		v, err := decodeClaim(raw)
		if err != nil {
			return nil, reject(ErrBadCredential, "the gateway's %q claim is not JSON", c.name)
		}
		if s, isString := v.(string); isString && c.flattened {
			if list, isList, _ := gatewayList(s, true); isList {
				v = list
			}
		}
		conv[c.name] = v
	}
	return identityFromClaims(MethodGatewayJWT, conv, n)
}

// decodeClaim decodes one claim's JSON, numbers as json.Number.
func decodeClaim(raw json.RawMessage) (any, error) {
	var v any
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	if err := d.Decode(&v); err != nil {
		return nil, err
	}
	if d.More() {
		return nil, errors.New("data after the value")
	}
	return v, nil
}

// errFlattened is gatewayList's refusal of the gateway's "[a b]" form.
var errFlattened = errors.New("flattened list")

// gatewayList reads a string claim that holds a list: JSON array text, or,
// when flattened is allowed, AWS's "[a b c]" form. A string that is no list
// (not in brackets) reports isList false.
func gatewayList(s string, flattened bool) (list []any, isList bool, err error) {
	if len(s) < 2 || s[0] != '[' || s[len(s)-1] != ']' {
		return nil, false, nil
	}
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	var items []any
	if err := d.Decode(&items); err == nil && !d.More() {
		return items, true, nil
	}
	if !flattened {
		return nil, true, errFlattened
	}
	for f := range strings.FieldsSeq(s[1 : len(s)-1]) {
		items = append(items, f)
	}
	return items, true, nil
}
