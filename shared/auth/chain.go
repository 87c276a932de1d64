package auth

import (
	"context"
	"log/slog"
	"net/http"
	"slices"
	"time"

	"github.com/ticketbooth/ticketbooth/shared/secrets"
)

// Header names of the HTTP credentials.
const (
	HeaderAPIKey     = "X-Api-Key"
	HeaderWeChatCode = "X-WX-Code"
)

// chain picks the one method that matches the credential the request
// presents. A presented credential that fails is refused: the chain never
// falls through to a weaker method.
type chain struct {
	enabled map[Method]bool
	clock   func() time.Time
	log     *slog.Logger
	jwt     *jwtAuth
	wechat  *wechatCode
}

func (c *chain) Authenticate(ctx context.Context, r *http.Request, doc *secrets.Document) (*Identity, error) {
	if r == nil {
		return nil, reject(ErrNoCredential, "no request")
	}
	if doc == nil {
		doc = &secrets.Document{}
	}
	inv, hasInv := InvocationFrom(ctx)
	if !hasInv {
		inv, hasInv = InvocationFrom(r.Context())
	}

	// Credentials the platform adapter established come first: they are set
	// only from the platform's own event fields, never from the HTTP request.
	if hasInv && inv.Direct {
		if inv.WeChatOpenID != "" {
			// A wx.cloud.callFunction caller is an end user: never treat it
			// as a trusted direct invoker, even if invoke is enabled.
			if !c.enabled[MethodWeChatCloud] {
				return nil, c.notEnabled(MethodWeChatCloud, "a WeChat cloud call")
			}
			return weChatCloudIdentity(inv.WeChatOpenID, doc.WeChat)
		}
		if !c.enabled[MethodInvoke] {
			return nil, c.notEnabled(MethodInvoke, "a direct invocation")
		}
		return &Identity{Method: MethodInvoke, Subject: "invoke", MayNameUser: true, AnyApp: true}, nil
	}
	if hasInv && inv.GatewayJWTClaims != nil && c.enabled[MethodGatewayJWT] {
		return gatewayIdentity(inv.GatewayJWTClaims, doc.JWT)
	}

	_, hasBearer := r.Header["Authorization"]
	_, hasKey := r.Header[http.CanonicalHeaderKey(HeaderAPIKey)]
	_, hasCode := r.Header[http.CanonicalHeaderKey(HeaderWeChatCode)]
	presented := 0
	for _, b := range []bool{hasBearer, hasKey, hasCode} {
		if b {
			presented++
		}
	}
	if presented > 1 {
		return nil, reject(ErrBadCredential, "send exactly one of Authorization, %s and %s", HeaderAPIKey, HeaderWeChatCode)
	}
	switch {
	case hasBearer:
		if !c.enabled[MethodJWT] {
			return nil, c.notEnabled(MethodJWT, "an Authorization header")
		}
		return c.jwt.authenticate(ctx, r.Header.Values("Authorization"), doc.JWT)
	case hasKey:
		if !c.enabled[MethodAPIKey] {
			return nil, c.notEnabled(MethodAPIKey, "an "+HeaderAPIKey+" header")
		}
		return authenticateAPIKey(r.Header.Values(HeaderAPIKey), doc.APIKeys)
	case hasCode:
		if !c.enabled[MethodWeChatCode] {
			return nil, c.notEnabled(MethodWeChatCode, "an "+HeaderWeChatCode+" header")
		}
		return c.wechat.authenticate(ctx, r.Header.Values(HeaderWeChatCode), doc.WeChat)
	}
	if c.enabled[MethodDev] {
		return authenticateDev(r, inv, hasInv)
	}
	return nil, reject(ErrNoCredential, "%s", c.howTo())
}

func (c *chain) notEnabled(m Method, what string) error {
	return reject(ErrMethodNotEnabled, "%s needs auth method %s, which this deployment does not enable; %s", what, m, c.howTo())
}

// howTo tells the caller which credentials this deployment accepts.
func (c *chain) howTo() string {
	s := "send "
	n := 0
	add := func(t string) {
		if n > 0 {
			s += " or "
		}
		s += t
		n++
	}
	if c.enabled[MethodJWT] {
		add("Authorization: Bearer <JWT>")
	}
	if c.enabled[MethodWeChatCode] {
		add(HeaderWeChatCode + ": <code from wx.login>")
	}
	if c.enabled[MethodAPIKey] {
		add(HeaderAPIKey + ": <key>")
	}
	if c.enabled[MethodGatewayJWT] {
		add("a JWT the API gateway's JWT authorizer accepts")
	}
	if c.enabled[MethodInvoke] {
		add("a direct function invocation")
	}
	if c.enabled[MethodWeChatCloud] {
		add("a wx.cloud.callFunction call")
	}
	if c.enabled[MethodDev] {
		add("a request from a loopback address (dev)")
	}
	return s
}

// authenticateDev accepts any caller on loopback, only when the request did
// not arrive through a cloud platform.
func authenticateDev(r *http.Request, inv Invocation, hasInv bool) (*Identity, error) {
	if hasInv && inv.Platform != "local" {
		return nil, reject(ErrForbidden, "dev auth works only on the local server, not through a cloud platform")
	}
	if !loopbackRemote(r.RemoteAddr) {
		return nil, reject(ErrForbidden, "dev auth accepts only loopback callers (127.0.0.1, ::1)")
	}
	return &Identity{Method: MethodDev, Subject: "dev", MayNameUser: true, AnyApp: true}, nil
}

func weChatCloudIdentity(openID string, cfg *secrets.WeChat) (*Identity, error) {
	if !plausibleID(openID, 128) {
		return nil, reject(ErrBadCredential, "the WeChat cloud call carries an unusable openid")
	}
	return &Identity{Method: MethodWeChatCloud, Subject: openID, UserID: openID, Apps: weChatApps(cfg)}, nil
}

// weChatApps are the apps wechat.sdkAppIds grants WeChat callers.
func weChatApps(cfg *secrets.WeChat) []uint64 {
	if cfg == nil {
		return nil
	}
	return slices.Clone(cfg.SDKAppIDs)
}

// plausibleID reports whether s is 1..max bytes of visible ASCII.
func plausibleID(s string, max int) bool {
	if len(s) == 0 || len(s) > max {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] <= 0x20 || s[i] >= 0x7f {
			return false
		}
	}
	return true
}
