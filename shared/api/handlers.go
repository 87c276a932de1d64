package api

import (
	"crypto/rand"
	"encoding/binary"
	"net/http"
	"time"

	"github.com/ticketbooth/ticketbooth/shared/policy"
	"github.com/ticketbooth/ticketbooth/shared/roomurl"
	"github.com/ticketbooth/ticketbooth/shared/secrets"
	"github.com/ticketbooth/ticketbooth/shared/tlssig"
)

// Response bodies, fields spelled as TRTC's SDKs spell them.
type userSigResponse struct {
	SDKAppID   uint64   `json:"sdkAppId"`
	UserID     string   `json:"userId"`
	UserSig    string   `json:"userSig"`
	Expire     int64    `json:"expire"`
	ExpiresAt  string   `json:"expiresAt"`
	ServerTime string   `json:"serverTime"`
	Warnings   []string `json:"warnings,omitempty"`
}

type privateMapKeyResponse struct {
	SDKAppID      uint64   `json:"sdkAppId"`
	UserID        string   `json:"userId"`
	RoomID        uint32   `json:"roomId,omitempty"`
	StrRoomID     string   `json:"strRoomId,omitempty"`
	PrivilegeMap  uint32   `json:"privilegeMap"`
	Privileges    []string `json:"privileges"`
	PrivateMapKey string   `json:"privateMapKey"`
	Expire        int64    `json:"expire"`
	ExpiresAt     string   `json:"expiresAt"`
	ServerTime    string   `json:"serverTime"`
	Warnings      []string `json:"warnings,omitempty"`
}

type roomURLResponse struct {
	Flow                   roomurl.Flow            `json:"flow"`
	SDKAppID               uint64                  `json:"sdkAppId"`
	UserID                 string                  `json:"userId"`
	RoomID                 uint32                  `json:"roomId,omitempty"`
	StrRoomID              string                  `json:"strRoomId,omitempty"`
	PushURL                string                  `json:"pushUrl,omitempty"`
	RoomSigRequest         *roomurl.RoomSigRequest `json:"roomSigRequest,omitempty"`
	UserSig                string                  `json:"userSig,omitempty"`
	PrivateMapKey          string                  `json:"privateMapKey,omitempty"`
	PrivilegeMap           uint32                  `json:"privilegeMap,omitempty"`
	Privileges             []string                `json:"privileges,omitempty"`
	ExpiresAt              string                  `json:"expiresAt,omitempty"`
	UserSigExpiresAt       string                  `json:"userSigExpiresAt,omitempty"`
	PrivateMapKeyExpiresAt string                  `json:"privateMapKeyExpiresAt,omitempty"`
	ServerTime             string                  `json:"serverTime"`
	Warnings               []string                `json:"warnings,omitempty"`
}

func rfc3339(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// issued is one signed ticket and when it expires.
type issued struct {
	ticket    string
	expire    int64 // seconds
	expiresAt time.Time
}

// decide asks the policy about the request begin checked and notes the
// grant for the audit line.
func (s *server) decide(rc *requestContext, kind tlssig.Kind, c policy.Checked) (policy.Grant, error) {
	g, err := s.policy.Decide(rc.ident, c)
	if err != nil {
		return g, err
	}
	rc.audit.user = g.UserID.String()
	if !g.Room.IsZero() {
		rc.audit.room = g.Room
	}
	if kind == tlssig.KindPrivateMapKey {
		rc.audit.privileges = g.Privileges
	}
	return g, nil
}

// policyRequest is req as the policy reads it.
func (req ticketRequest) policyRequest(kind tlssig.Kind) policy.Request {
	return policy.Request{
		Kind:          kind,
		UserID:        req.UserID,
		Room:          req.Room,
		Privileges:    req.Privileges,
		PrivilegesSet: req.PrivilegesSet,
		TTL:           req.TTL,
		WithUserSig:   req.WithUserSig && kind == tlssig.KindPrivateMapKey,
		SDKAppID:      req.SDKAppID,
	}
}

// prepared is what an issuance has decided before it signs.
type prepared struct {
	grant    policy.Grant
	app      *secrets.App
	signer   tlssig.Signer
	now      time.Time
	warnings []string
}

// warnUserID is the warning for a user id TRTC takes but advises against.
const warnUserID = "userId has characters other than letters, digits, '_' and '-': TRTC accepts it, but recommends only those"

// prepare asks the policy about req, as begin checked it (c), which also
// decides whether the caller may use the app asked for, and picks that app
// (or the default one) and its signer. The policy decides before the app is
// looked up, so a caller denied an app cannot tell an app that exists from
// one that does not.
func (s *server) prepare(rc *requestContext, snap *secrets.Snapshot, kind tlssig.Kind, req ticketRequest, c policy.Checked) (prepared, error) {
	var defaultApp uint64
	if def := snap.Current.Default(); def != nil {
		defaultApp = def.SDKAppID
	}
	// The audit line names the app asked for whatever the outcome.
	rc.audit.sdkAppID = req.SDKAppID
	if rc.audit.sdkAppID == 0 {
		rc.audit.sdkAppID = defaultApp
	}
	g, err := s.decide(rc, kind, c.WithDefaultSDKAppID(defaultApp))
	if err != nil {
		return prepared{}, err
	}
	app, err := snap.Current.App(req.SDKAppID)
	if err != nil {
		return prepared{}, err
	}
	rc.audit.sdkAppID = app.SDKAppID
	signer, err := s.signers.signer(snap.Current, app, s.alg)
	if err != nil {
		return prepared{}, err
	}
	p := prepared{grant: g, app: app, signer: signer, now: s.now()}
	if !g.UserID.Recommended() {
		p.warnings = []string{warnUserID}
	}
	return p, nil
}

// whole returns ttl in whole seconds, at least one: tickets count seconds.
func whole(ttl time.Duration) (int64, time.Duration) {
	sec := max(int64(ttl/time.Second), 1)
	return sec, time.Duration(sec) * time.Second
}

func (s *server) signUserSig(signer tlssig.Signer, now time.Time, g policy.Grant) (issued, error) {
	sec, ttl := whole(g.TTL)
	t, err := signer.UserSigAt(g.UserID.String(), now, ttl)
	if err != nil {
		return issued{}, err
	}
	return issued{t, sec, now.Add(ttl)}, nil
}

func (s *server) signPrivateMapKey(signer tlssig.Signer, now time.Time, g policy.Grant) (issued, error) {
	sec, ttl := whole(g.TTL)
	t, err := signer.PrivateMapKeyAt(g.UserID.String(), g.Room, g.Privileges, now, ttl)
	if err != nil {
		return issued{}, err
	}
	return issued{t, sec, now.Add(ttl)}, nil
}

// now is the API clock truncated to the second, as the signers' ...At forms take it.
func (s *server) now() time.Time { return s.clock().Truncate(time.Second) }

func (s *server) userSig(w http.ResponseWriter, r *http.Request, rc *requestContext) error {
	rc.kind = "usersig"
	var req ticketRequest
	snap, checked, err := s.begin(r, rc, func(body []byte) (pr policy.Request, err error) {
		req, err = parseUserSigRequest(body)
		return req.policyRequest(tlssig.KindUserSig), err
	})
	if err != nil {
		return err
	}
	p, err := s.prepare(rc, snap, tlssig.KindUserSig, req, checked)
	if err != nil {
		return err
	}
	g, app, now := p.grant, p.app, p.now
	us, err := s.signUserSig(p.signer, now, g)
	if err != nil {
		return err
	}
	rc.audit.expiresAt = us.expiresAt
	writeUserSig(w, &userSigResponse{
		SDKAppID:   app.SDKAppID,
		UserID:     g.UserID.String(),
		UserSig:    us.ticket,
		Expire:     us.expire,
		ExpiresAt:  rfc3339(us.expiresAt),
		ServerTime: rfc3339(now),
		Warnings:   p.warnings,
	})
	s.auditIssued(r.Context(), rc)
	return nil
}

func (s *server) privateMapKey(w http.ResponseWriter, r *http.Request, rc *requestContext) error {
	rc.kind = "privatemapkey"
	var req ticketRequest
	snap, checked, err := s.begin(r, rc, func(body []byte) (pr policy.Request, err error) {
		req, err = parsePrivateMapKeyRequest(body)
		return req.policyRequest(tlssig.KindPrivateMapKey), err
	})
	if err != nil {
		return err
	}
	p, err := s.prepare(rc, snap, tlssig.KindPrivateMapKey, req, checked)
	if err != nil {
		return err
	}
	g, app, now := p.grant, p.app, p.now
	pk, err := s.signPrivateMapKey(p.signer, now, g)
	if err != nil {
		return err
	}
	rc.audit.expiresAt = pk.expiresAt
	writePrivateMapKey(w, &privateMapKeyResponse{
		SDKAppID:      app.SDKAppID,
		UserID:        g.UserID.String(),
		RoomID:        g.Room.ID(),
		StrRoomID:     g.Room.Str(),
		PrivilegeMap:  uint32(g.Privileges),
		Privileges:    g.Privileges.Names(),
		PrivateMapKey: pk.ticket,
		Expire:        pk.expire,
		ExpiresAt:     rfc3339(pk.expiresAt),
		ServerTime:    rfc3339(now),
		Warnings:      p.warnings,
	})
	s.auditIssued(r.Context(), rc)
	return nil
}

func (s *server) roomURL(w http.ResponseWriter, r *http.Request, rc *requestContext) error {
	rc.kind = "roomurl"
	var req roomURLRequest
	snap, checked, err := s.begin(r, rc, func(body []byte) (pr policy.Request, err error) {
		req, err = parseRoomURLRequest(body)
		return req.policyRequest(tlssig.KindPrivateMapKey), err
	})
	if err != nil {
		return err
	}
	pr, err := s.prepare(rc, snap, tlssig.KindPrivateMapKey, req.ticketRequest, checked)
	if err != nil {
		return err
	}
	pg, app, signer, now := pr.grant, pr.app, pr.signer, pr.now
	resp := roomURLResponse{
		Flow:       req.Flow,
		SDKAppID:   app.SDKAppID,
		UserID:     pg.UserID.String(),
		RoomID:     pg.Room.ID(),
		StrRoomID:  pg.Room.Str(),
		ServerTime: rfc3339(now),
		Warnings:   pr.warnings,
	}
	if req.Flow == roomurl.FlowRoomSig && req.RoomSig != "" {
		// The client already holds a roomsig: assemble the push URL, sign nothing.
		rc.audit.privileges = 0
		push := roomurl.RoomSigPush{SDKAppID: app.SDKAppID, Room: pg.Room, UserID: pg.UserID, RoomSig: req.RoomSig, BizBuf: req.BizBuf}
		if resp.PushURL, err = push.URL(); err != nil {
			return err
		}
		writeRoomURL(w, &resp)
		s.auditIssued(r.Context(), rc)
		return nil
	}
	// The one decision covered the UserSig too (WithUserSig).
	us, err := s.signUserSig(signer, now, policy.Grant{UserID: pg.UserID, TTL: pg.UserSigTTL})
	if err != nil {
		return err
	}
	pk, err := s.signPrivateMapKey(signer, now, pg)
	if err != nil {
		return err
	}
	resp.UserSig, resp.PrivateMapKey = us.ticket, pk.ticket
	resp.PrivilegeMap, resp.Privileges = uint32(pg.Privileges), pg.Privileges.Names()
	resp.UserSigExpiresAt, resp.PrivateMapKeyExpiresAt = rfc3339(us.expiresAt), rfc3339(pk.expiresAt)
	expiresAt := us.expiresAt
	if pk.expiresAt.Before(expiresAt) {
		expiresAt = pk.expiresAt
	}
	resp.ExpiresAt = rfc3339(expiresAt)
	rc.audit.expiresAt = expiresAt
	rc.audit.privileges = pg.Privileges
	if req.Flow == roomurl.FlowRoomSig {
		var rnd [4]byte
		_, _ = rand.Read(rnd[:])
		resp.RoomSigRequest, err = roomurl.NewRoomSigRequest(roomurl.RoomSigInput{
			SDKAppID:      app.SDKAppID,
			UserID:        pg.UserID,
			UserSig:       us.ticket,
			Room:          pg.Room,
			PrivateMapKey: pk.ticket,
			Random:        binary.BigEndian.Uint32(rnd[:]),
		})
		if err != nil {
			return err
		}
	} else {
		p := req.Push
		p.SDKAppID, p.Room, p.UserID = app.SDKAppID, pg.Room, pg.UserID
		p.UserSig, p.PrivateMapKey = us.ticket, pk.ticket
		if resp.PushURL, err = p.URL(); err != nil {
			return err
		}
	}
	writeRoomURL(w, &resp)
	s.auditIssued(r.Context(), rc)
	return nil
}
