//go:build !scf

package faas

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strings"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/awslabs/aws-lambda-go-api-proxy/core"

	"github.com/ticketbooth/ticketbooth/shared/auth"
)

// Start runs h as this AWS Lambda function, serving route (see NewHandler), and never
// returns. It speaks the Lambda Runtime API (build with -tags lambda.norpc).
func Start(h http.Handler, route string) {
	lambda.Start(NewHandler(h, route))
}

// NewHandler returns the handler lambda.Start runs: it reads one Lambda event
// (API Gateway REST or HTTP API, Function URL, or a direct invocation),
// serves it with h, and encodes the answer the way the event's source
// expects. It is a lambda.Handler, given the payload's bytes as they came
// and answering bytes, so the library neither decodes the event nor encodes
// the answer again: the event is scanned once to know its shape
// (detectAWS) and decoded once to serve it. Tests drive it through
// lambda.NewHandler(h).Invoke, which returns it as it is.
func NewHandler(h http.Handler, route string, opts ...Option) lambda.Handler {
	return &awsHandler{h: h, route: normalizeRoute(route), cfg: newConfig(opts)}
}

type awsHandler struct {
	h     http.Handler
	route string
	cfg   config
}

// Invoke implements lambda.Handler.
func (a *awsHandler) Invoke(ctx context.Context, event []byte) ([]byte, error) {
	switch kind, why := detectAWS(event); kind {
	case awsHTTPAPI, awsFunctionURL:
		return serveAWSv2(ctx, a.h, a.route, event, kind, a.cfg)
	case awsREST:
		return serveAWSv1(ctx, a.h, a.route, event, a.cfg)
	case awsUnrecognised:
		a.cfg.logger.WarnContext(ctx, "faas: event refused", slog.String("platform", PlatformAWS), slog.String("reason", why))
		return unrecognised(why), nil
	default:
		inv := auth.Invocation{Platform: PlatformAWS, Direct: true}
		r, err := directRequest(ctx, a.route, event, inv)
		if err != nil {
			return nil, err
		}
		return directResult(ctx, serve(a.h, r), a.cfg.logger), nil
	}
}

type awsKind int

const (
	// awsUnrecognised is an event of no known shape: refused, never served.
	awsUnrecognised awsKind = iota
	awsDirect
	awsREST
	awsHTTPAPI
	awsFunctionURL
)

func (k awsKind) String() string {
	switch k {
	case awsREST:
		return "API Gateway REST (v1)"
	case awsHTTPAPI:
		return "API Gateway HTTP API (v2)"
	case awsFunctionURL:
		return "Lambda Function URL"
	case awsDirect:
		return "direct invocation"
	}
	return "unrecognised event"
}

// detectAWS classifies a Lambda event positively, by member names matched
// exactly (see readObject), and says why when it is unrecognised. Gateways
// always send their full shape:
//
//   - HTTP API (payload 2.0) and Function URL: version "2.0" and a
//     requestContext object whose http object has a non-empty string method;
//     a Function URL's requestContext.domainName is a *.lambda-url.* name.
//   - REST (1.0): a non-empty string httpMethod and a requestContext object.
//   - Any other event holding a platform's member, in any case, is
//     unrecognised and refused; an event that is not one JSON object with
//     distinct names is too. Anything else is a direct invocation.
func detectAWS(event []byte) (awsKind, string) {
	top, err := readObject(event)
	if err != nil {
		return awsUnrecognised, "the event " + err.Error()
	}
	if rc, ok := top.obj("requestContext"); ok {
		if v, _ := top.str("version"); v == "2.0" {
			if h, ok := rc.obj("http"); ok {
				if m, _ := h.str("method"); m != "" {
					if d, _ := rc.str("domainName"); strings.Contains(d, ".lambda-url.") {
						return awsFunctionURL, ""
					}
					return awsHTTPAPI, ""
				}
			}
		}
		if m, _ := top.str("httpMethod"); m != "" {
			return awsREST, ""
		}
	}
	if m := top.platformMember(); m != "" {
		return awsUnrecognised, "it has a member like " + m + " but is no API Gateway or Function URL event"
	}
	return awsDirect, ""
}

// v2Event decodes what serving an HTTP API / Function URL event reads: the
// fields of events.APIGatewayV2HTTPRequest the proxy library's conversion
// uses, the stage, the request id and the JWT authorizer's claims; the rest
// of the event (route key, identity, stage variables, …) is skipped, not
// decoded. The claims are read as raw JSON because
// events.APIGatewayV2HTTPRequestContextAuthorizerJWTDescription types them as
// map[string]string, and a JWT authorizer passes array claims (aud, groups)
// as JSON arrays: decoding them into the library type would fail the event.
type v2Event struct {
	RawPath               string            `json:"rawPath"`
	RawQueryString        string            `json:"rawQueryString"`
	Cookies               []string          `json:"cookies,omitempty"`
	Headers               map[string]string `json:"headers"`
	QueryStringParameters map[string]string `json:"queryStringParameters,omitempty"`
	Body                  string            `json:"body,omitempty"`
	IsBase64Encoded       bool              `json:"isBase64Encoded"`
	RequestContext        struct {
		DomainName string                                               `json:"domainName"`
		Stage      string                                               `json:"stage"`
		RequestID  string                                               `json:"requestId"`
		HTTP       events.APIGatewayV2HTTPRequestContextHTTPDescription `json:"http"`
		Authorizer *struct {
			JWT *struct {
				Claims map[string]json.RawMessage `json:"claims"`
			} `json:"jwt"`
		} `json:"authorizer"`
	} `json:"requestContext"`
}

// request is the event as the proxy library takes it.
func (ev *v2Event) request() events.APIGatewayV2HTTPRequest {
	return events.APIGatewayV2HTTPRequest{
		RawPath: ev.RawPath, RawQueryString: ev.RawQueryString, Cookies: ev.Cookies, Headers: ev.Headers,
		QueryStringParameters: ev.QueryStringParameters, Body: ev.Body, IsBase64Encoded: ev.IsBase64Encoded,
		RequestContext: events.APIGatewayV2HTTPRequestContext{
			DomainName: ev.RequestContext.DomainName, Stage: ev.RequestContext.Stage,
			RequestID: ev.RequestContext.RequestID, HTTP: ev.RequestContext.HTTP,
		},
	}
}

func serveAWSv2(ctx context.Context, h http.Handler, route string, event []byte, kind awsKind, cfg config) ([]byte, error) {
	var ev v2Event
	if err := json.Unmarshal(event, &ev); err != nil {
		return nil, fmt.Errorf("faas: decode %s event: %w", kind, err)
	}
	req := ev.request()
	path := req.RawPath
	if path == "" {
		path = req.RequestContext.HTTP.Path
	}
	req.RawPath = resolvePath(path, req.RequestContext.Stage, route)

	g := gateway{
		event:     kind.String(),
		inv:       auth.Invocation{Platform: PlatformAWS},
		sourceIP:  req.RequestContext.HTTP.SourceIP,
		requestID: req.RequestContext.RequestID,
	}
	// Only an HTTP API's JWT authorizer verifies claims; a Function URL has
	// no JWT authorizer, so claims in one are not trusted.
	if kind == awsHTTPAPI && ev.RequestContext.Authorizer != nil && ev.RequestContext.Authorizer.JWT != nil {
		g.inv.GatewayJWTClaims = gatewayClaims(ev.RequestContext.Authorizer.JWT.Claims)
	}
	r, err := convert(req.RequestContext.HTTP.Method, req.RequestContext.DomainName, req.RawPath, req.RawQueryString,
		func() (*http.Request, error) { return new(core.RequestAccessorV2).EventToRequest(req) })
	return json.Marshal(v2Response(cfg.serveGateway(ctx, h, g, r, err)))
}

func v2Response(resp response) events.APIGatewayV2HTTPResponse {
	out := events.APIGatewayV2HTTPResponse{StatusCode: resp.status, Headers: map[string]string{}}
	for k, vs := range resp.header {
		if k == "Set-Cookie" {
			out.Cookies = append(out.Cookies, vs...)
			continue
		}
		// The v2 payload format has single-valued headers; several values
		// travel comma-joined, as HTTP allows for list headers.
		out.Headers[k] = strings.Join(vs, ",")
	}
	out.Body, out.IsBase64Encoded = encodeBody(resp)
	return out
}

func serveAWSv1(ctx context.Context, h http.Handler, route string, event []byte, cfg config) ([]byte, error) {
	var req events.APIGatewayProxyRequest
	if err := json.Unmarshal(event, &req); err != nil {
		return nil, fmt.Errorf("faas: decode %s event: %w", awsREST, err)
	}
	req.Path = resolvePath(req.Path, req.RequestContext.Stage, route, req.Resource)

	g := gateway{
		event:     awsREST.String(),
		inv:       auth.Invocation{Platform: PlatformAWS},
		sourceIP:  req.RequestContext.Identity.SourceIP,
		requestID: req.RequestContext.RequestID,
	}
	r, err := convert(req.HTTPMethod, req.RequestContext.DomainName, req.Path, "",
		func() (*http.Request, error) { return new(core.RequestAccessor).EventToRequest(req) })
	resp := cfg.serveGateway(ctx, h, g, r, err)
	out := events.APIGatewayProxyResponse{
		StatusCode:        resp.status,
		Headers:           map[string]string{},
		MultiValueHeaders: map[string][]string{},
	}
	for k, vs := range resp.header {
		// API Gateway merges both maps and drops pairs repeated in both, so
		// single values go in headers (read by most tools) and every value
		// in multiValueHeaders.
		if len(vs) == 1 {
			out.Headers[k] = vs[0]
		}
		out.MultiValueHeaders[k] = vs
	}
	out.Body, out.IsBase64Encoded = encodeBody(resp)
	return json.Marshal(out)
}

// gatewayClaims copies the JWT authorizer's claims as the event carried them
// (each value's JSON): package auth reads them, and must see whether a
// claim was a string, which is all a real authorizer sends (it renders list
// claims as one string such as "[admin user]").
func gatewayClaims(raw map[string]json.RawMessage) map[string]json.RawMessage {
	if len(raw) == 0 {
		return nil
	}
	out := make(map[string]json.RawMessage, len(raw))
	for k, v := range raw {
		out[k] = slices.Clone(v)
	}
	return out
}

// convert runs the library's conversion after checking that its inputs make
// a valid request, because on a failure the library prints the whole URL,
// query string included, with the standard logger. The error returned never
// quotes the event.
func convert(method, domain, path, rawQuery string, libConvert func() (*http.Request, error)) (*http.Request, error) {
	target := "https://" + domain + path
	if rawQuery != "" {
		target += "?" + rawQuery
	}
	if _, err := http.NewRequest(strings.ToUpper(method), target, nil); err != nil {
		return nil, errors.New("method, host or path is not valid in a request")
	}
	r, err := libConvert()
	if err != nil {
		var b64 base64.CorruptInputError
		if errors.As(err, &b64) {
			return nil, errors.New("body flagged base64 is not valid base64")
		}
		return nil, errors.New("the proxy library refused the event")
	}
	return r, nil
}
