// Package auth establishes who is calling ticketbooth: it turns the
// credential a request presents into an Identity (method, subject, user id,
// role, allowed rooms) or refuses it with a sentinel error.
//
// # Methods
//
// TICKETBOOTH_AUTH enables any of:
//
//   - jwt: "Authorization: Bearer <JWT>", verified here. HS256 with
//     jwt.hs256Secret, or RS256/ES256 with keys from jwt.jwksUrl. The
//     section's rules (issuer, audience, key sources, algorithms) are this
//     package's (jwtconfig.go): Config.CheckDocument refuses an unusable
//     section when the document is loaded or refreshed, and the method
//     checks it again on each request. The
//     accepted algorithms come from the configuration, never from the
//     token; an HMAC token is only ever checked with hs256Secret and an
//     RSA/ECDSA token only with a JWKS public key of that type, so alg=none
//     and RS/HS confusion cannot pass. iss and aud must match, exp is required, exp/nbf/iat allow
//     30s of clock skew, tokens over 8 KiB are refused unread.
//   - gateway-jwt: the claims the AWS HTTP API JWT authorizer verified, taken
//     from Invocation.GatewayJWTClaims, which only package faas sets, from
//     the event's requestContext. Headers never count.
//   - wechat-code: "X-WX-Code: <code from wx.login>", exchanged at
//     jscode2session; the openid is the user id.
//   - wechat-cloud: Invocation.WeChatOpenID, the userInfo.openId WeChat's
//     cloud injects into a wx.cloud.callFunction invocation.
//   - apikey: "X-Api-Key: <key>", a backend that may name any user.
//   - invoke: a direct function invocation; the cloud authenticated the
//     invoker, who may name any user.
//   - dev: anyone on a loopback address of the local server; for
//     development only, announced by a warning at start.
//
// # Claims and apps
//
// The user claim (jwt.userClaim, default sub) must be valid UTF-8 without
// control or format characters; from gateway-jwt it and sub must be JSON
// strings. A token whose header has "crit", or whose header or claims give a
// name twice, is refused. The rooms claim (jwt.roomsClaim) is a room, a
// pattern or a list of them; a string in brackets is a list sent as JSON text
// ("[\"class 2019#A\"]") and is refused when it is not JSON, because API
// Gateway flattens a list claim to "[a b]", which cannot be read back once a
// room holds a space. The apps claim (jwt.appsClaim) lists the sdkAppIds the
// caller may use besides the default app (numbers or their decimal text; the
// flattened form is read, as ids hold no space). Identity.Apps also comes
// from apiKeys[].sdkAppIds and wechat.sdkAppIds; dev and invoke get AnyApp.
//
// The chain picks the one method matching the credential presented; a
// presented credential that fails is refused, never retried with a weaker
// method, and two credentials at once are refused as ambiguous.
//
// # Libraries
//
// JWTs are parsed and verified by github.com/golang-jwt/jwt/v5 (the
// maintained successor of dgrijalva/jwt-go, with WithValidMethods pinning and
// strict claim validation). JWK Sets are fetched, parsed and validated by
// github.com/MicahParks/jwkset and keys looked up by kid through
// github.com/MicahParks/keyfunc/v3. Only the refresh policy is ours (see
// jwksSource): one fetch per minute at most, never waited for, the cache kept
// when the endpoint fails, and "never reached" told apart from "unknown kid".
// WeChat has no official Go client; the jscode2session call is one GET with
// net/http.
//
// # Secrets
//
// No credential appears in an error, a log line or an Identity: errors say
// what to fix, the session_key is never decoded, and errors from the WeChat
// call are rebuilt without the request URL, which carries the app secret.
package auth
