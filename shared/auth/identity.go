package auth

import (
	"context"
	"encoding/json"
)

// Method names one way a caller proves who it is (TICKETBOOTH_AUTH values).
type Method string

// The methods (README, "Configuration"; docs/DESIGN.md, "Who owns which rule").
const (
	MethodDev         Method = "dev"
	MethodAPIKey      Method = "apikey"
	MethodInvoke      Method = "invoke"
	MethodJWT         Method = "jwt"
	MethodGatewayJWT  Method = "gateway-jwt"
	MethodWeChatCode  Method = "wechat-code"
	MethodWeChatCloud Method = "wechat-cloud"
)

// Identity is who is calling, as an authenticator established it.
type Identity struct {
	Method Method
	// Subject names the caller for the audit log (API key id, JWT sub, openid,
	// "invoke", "dev"). Never a credential.
	Subject string
	// UserID is the TRTC user id tickets are issued for. Empty when the caller
	// may name users and must do so in the body.
	UserID string
	// MayNameUser is true for callers the configuration trusts to name any
	// user and ask for any privileges: dev, apikey backends, direct invoke.
	MayNameUser bool
	// Role selects a privilege preset; empty means the default role.
	Role string
	// AnyApp is true for callers that may use every app of the secret
	// document: dev and direct invoke.
	AnyApp bool
	// Apps are the apps (SDKAppIDs) the credential names besides the
	// default app, which every caller may use: apiKeys[].sdkAppIds, the
	// jwt.appsClaim claim, wechat.sdkAppIds.
	Apps []uint64
	// Rooms optionally restricts which rooms the caller may get tickets for
	// (exact ids or path.Match patterns); nil means any room.
	Rooms []string
}

// Invocation is what the platform adapter (package faas) saw about how a
// request arrived. Only faas and the local server set it; a request without
// one came over plain HTTP.
type Invocation struct {
	Platform string // "aws", "scf" or "local"
	// Direct is true for a direct function invocation (no gateway): the cloud
	// authenticated the invoker.
	Direct bool
	// WeChatOpenID is userInfo.openId of a wx.cloud.callFunction invocation,
	// injected by the platform. Set only for direct SCF invocations.
	WeChatOpenID string
	// GatewayJWTClaims are the claims the AWS HTTP API JWT authorizer verified,
	// from requestContext.authorizer.jwt.claims, each value's JSON as the
	// event carried it (the gateway sends strings; package auth reads them).
	// Set only for HTTP API events.
	GatewayJWTClaims map[string]json.RawMessage
	// SourceIP is the caller's address as the gateway reported it.
	SourceIP string
}

type invocationKey struct{}

// WithInvocation returns a context carrying inv.
func WithInvocation(ctx context.Context, inv Invocation) context.Context {
	return context.WithValue(ctx, invocationKey{}, inv)
}

// InvocationFrom returns the Invocation the adapter attached, if any.
func InvocationFrom(ctx context.Context) (Invocation, bool) {
	inv, ok := ctx.Value(invocationKey{}).(Invocation)
	return inv, ok
}
