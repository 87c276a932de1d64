package auth

import (
	"encoding/json"
	"fmt"
	"strings"

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
)

type claimNames struct{ user, role, rooms string }

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
		return nil, fmt.Errorf("%w: the token has no %q claim (the user id)", ErrBadCredential, n.user)
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
	return id, nil
}

// scalarClaim returns a string claim, or an integer claim in decimal.
func scalarClaim(claims map[string]any, name string) (string, error) {
	switch v := claims[name].(type) {
	case nil:
		return "", nil
	case string:
		if len(v) > maxClaimLen {
			return "", fmt.Errorf("%w: the %q claim is too long", ErrBadCredential, name)
		}
		return v, nil
	case json.Number:
		if _, err := v.Int64(); err != nil {
			return "", fmt.Errorf("%w: the %q claim must be a string or an integer", ErrBadCredential, name)
		}
		return v.String(), nil
	default:
		return "", fmt.Errorf("%w: the %q claim must be a string", ErrBadCredential, name)
	}
}

// roleClaim accepts a string or a list holding exactly one string.
func roleClaim(v any, name string) (string, error) {
	switch v := v.(type) {
	case nil:
		return "", nil
	case string:
		if len(v) > maxClaimLen {
			return "", fmt.Errorf("%w: the %q claim is too long", ErrBadCredential, name)
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
	return "", fmt.Errorf("%w: the %q claim must be one role name", ErrBadCredential, name)
}

// roomsClaim accepts one room (string or number) or a list of them. A
// configured claim that is absent restricts the caller to no room at all.
func roomsClaim(v any, name string) ([]string, error) {
	bad := fmt.Errorf("%w: the %q claim must be a room, a pattern or a list of them", ErrBadCredential, name)
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
// verified. The gateway flattens every claim to a string; a list arrives as
// "[a b c]" (or, from some issuers, JSON text).
func gatewayIdentity(claims map[string]string, j *secrets.JWT) (*Identity, error) {
	n := namesFrom(j)
	conv := make(map[string]any, 4)
	for _, name := range []string{n.user, n.role, "sub"} {
		if v, ok := claims[name]; ok {
			conv[name] = v
		}
	}
	if r, ok := conv[n.role].(string); ok {
		if list, isList := gatewayList(r); isList {
			conv[n.role] = list
		}
	}
	if n.rooms != "" {
		if v, ok := claims[n.rooms]; ok {
			if list, isList := gatewayList(v); isList {
				conv[n.rooms] = list
			} else {
				conv[n.rooms] = v
			}
		}
	}
	return identityFromClaims(MethodGatewayJWT, conv, n)
}

// gatewayList decodes a flattened list claim: JSON array text, or AWS's
// "[a b c]" form (items separated by spaces).
func gatewayList(s string) ([]any, bool) {
	if len(s) < 2 || s[0] != '[' || s[len(s)-1] != ']' {
		return nil, false
	}
	var items []any
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	if err := d.Decode(&items); err == nil && !d.More() {
		return items, true
	}
	items = nil
	for f := range strings.FieldsSeq(s[1 : len(s)-1]) {
		items = append(items, f)
	}
	return items, true
}
