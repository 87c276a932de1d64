// Package faas runs the API's one http.Handler as a cloud function: it turns
// each AWS Lambda or Tencent SCF event into an *http.Request, serves it, and
// turns the response back into what the event's source expects.
//
// The platform is a build tag. The default build is AWS Lambda (build with
// -tags lambda.norpc; it links github.com/aws/aws-lambda-go and never
// scf-go-lib); -tags scf builds for Tencent SCF (it links
// github.com/tencentyun/scf-go-lib and never aws-lambda-go). Both builds have
// the same Start(h, route); NewHandler returns what the platform's library
// calls (a lambda.Handler, a cloudfunction.Handler), both given the event's
// bytes and answering bytes, so tests drive the real entry points and no
// library decodes or encodes an event on our behalf.
//
// # Events
//
// AWS: API Gateway HTTP API (payload 2.0), API Gateway REST proxy (1.0),
// Lambda Function URL, and direct invocation. Tencent: the API Gateway
// trigger's integration event, a WeChat cloud call (wx.cloud.callFunction),
// and direct invocation. Shapes are told apart by their fields: 2.0 has
// "version":"2.0" and requestContext.http, a Function URL is that shape on a
// *.lambda-url.* domain, 1.0 has httpMethod and requestContext, Tencent's
// gateway has httpMethod and requestContext.serviceId, a WeChat cloud call
// has the top-level userInfo the platform injects. Shapes are recognised
// positively: member names match exactly (encoding/json would take
// "UserInfo" or "uſerInfo" for userInfo), two names equal under case
// folding are refused, a value of the wrong type is no match, and an event
// that does not decode is never a direct invocation. To tell the shape the
// event is scanned, not decoded: one check that it is JSON, then its members
// (and those of requestContext, http and userInfo) are found as slices of
// the event; the shape found is then decoded once to be served (a WeChat
// call's body is its members but userInfo, as they came). An event holding a
// platform's member (headers, httpMethod, path, body, userInfo in any case,
// ...) that is no known shape — an SCF function URL, CloudBase HTTP access,
// a timer trigger — is refused with {"error":{"code":"bad_request",…}},
// logged without quoting it, and never reaches the handler. Any other JSON
// object is a direct invocation: the event is the request body itself,
// served as POST route, and the result is the response body itself as raw
// JSON (an error is the same {"error":…} object, not a gateway-shaped
// response).
//
// # The function's route
//
// Each function serves only its own route: Main builds the API from the
// environment answering only the function's route (usersig also /healthz,
// the gateways' health check), so a functions/*/main.go is one call. A
// gateway path is mapped to the
// route when it is the route once the stage prefix (/{stage}/…, never for
// $default), or a base path in front of a configured resource path, is
// removed; any other path reaches the handler as it came (without the stage
// prefix) and the handler answers 404.
//
// # Identity
//
// Each request carries an auth.Invocation (auth.WithInvocation):
//
//   - Direct is true for every invocation that came without a gateway: a
//     direct invocation (the cloud authenticated the invoker with its own
//     credentials: IAM or CAM) and a WeChat cloud call. A CloudBase call
//     whose userInfo has no openId (WeChat's server-side invokeCloudFunction,
//     or possibly an end user's anonymous login) is not Direct and carries no
//     identity, so every method refuses it: a backend invokes the function
//     with SCF's own Invoke API instead.
//   - WeChatOpenID is set only from the platform-injected userInfo.openId of
//     an SCF WeChat cloud call. Such a caller is an end user, not a trusted
//     invoker: a consumer must look at WeChatOpenID before it trusts Direct
//     (package auth does). userInfo is removed from the body before the
//     handler sees it. A userInfo inside an HTTP body is just body text.
//   - GatewayJWTClaims are set only from an HTTP API event's
//     requestContext.authorizer.jwt.claims (never from REST, Function URL or
//     Tencent events). A string claim is kept as is (API Gateway itself
//     renders array claims as a string like "[a b]"); a JSON array of strings
//     is joined with single spaces, the OAuth "scope" convention; any other
//     value is kept as its compact JSON text.
//   - SourceIP is the gateway's source address when it parses as an IP, and
//     the request's RemoteAddr is then "ip:0"; otherwise (and for every direct
//     invocation) RemoteAddr is empty, so no address-based check passes.
//
// Whoever may invoke a function directly (lambda:InvokeFunction, SCF
// InvokeFunction) may also hand it a gateway-shaped event with any claims
// or source address: grant invoke permission only to trusted principals.
//
// # Errors and panics
//
// Nothing panics out of a function. The handler served is the API's, which
// recovers a panic in any request itself — the one layer that does: logged
// once with slog (value, stack, method and path; never the body) and answered
// 500 {"error":{"code":"internal","message":"internal error"}} with the
// request id, for every event shape of both platforms (TestAWSPanic,
// TestSCFPanic). This package's own event handling does not panic on any
// input (its fuzz targets). A gateway event
// whose request cannot be built (a body flagged base64 that is not) is
// answered 400 without quoting it.
//
// # Libraries, and what is written here
//
// AWS events are decoded with aws-lambda-go's events types and turned into
// requests by github.com/awslabs/aws-lambda-go-api-proxy/core (base64 bodies,
// multi-value headers and query strings, cookies, header case). Only its
// core package is imported, which depends on aws-lambda-go alone: none of
// the web frameworks it has adapters for is linked. It handles REST and HTTP
// API events; a Function URL event has the HTTP API's shape and goes through
// the same conversion. Written here: the shape detection, the per-event stage
// prefix (the library only strips one fixed base path), JWT claims (the
// events type declares them map[string]string, so an array claim would fail
// the whole event), RemoteAddr as ip:0, and the response side — the
// library's writers fail when a handler writes nothing. The library splits HTTP API header
// values on commas (API Gateway joins repeated headers that way), except for
// single-valued headers such as Authorization and Content-Type.
//
// Tencent: scf-go-lib defines the gateway event types and the runtime
// protocol but nothing turns an event into an *http.Request, so that part
// (about forty lines) is written here. Tencent's event headers are
// single-valued and kept as they come; queryString carries repeated query
// parameters.
//
// Responses: status and headers as the handler set them (several values
// comma-joined where the payload format has single-valued headers; HTTP
// API Set-Cookie values as cookies), the body as text when its content type
// is textual and it is valid UTF-8, base64 otherwise.
package faas
