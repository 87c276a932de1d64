//go:build scf

package faas

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"

	"github.com/tencentyun/scf-go-lib/cloudfunction"
	"github.com/tencentyun/scf-go-lib/events"

	"github.com/ticketbooth/ticketbooth/shared/auth"
)

// Start runs h as this Tencent SCF function, serving route (see NewHandler), and never
// returns. It serves SCF's Go runtime protocol (net/rpc on
// _LAMBDA_SERVER_PORT) through scf-go-lib.
func Start(h http.Handler, route string) {
	cloudfunction.StartHandler(NewHandler(h, route))
}

// NewHandler returns the handler cloudfunction.StartHandler serves: it decodes
// one SCF event (an API Gateway trigger event, a WeChat cloud call, or a
// direct invocation), serves it with h, and encodes the answer the way the
// event's source expects. Tests drive it through scf-go-lib's Function.Invoke.
func NewHandler(h http.Handler, route string, opts ...Option) cloudfunction.Handler {
	return &scfHandler{h: h, route: normalizeRoute(route), cfg: newConfig(opts)}
}

type scfHandler struct {
	h     http.Handler
	route string
	cfg   config
}

// Invoke implements cloudfunction.Handler.
func (s *scfHandler) Invoke(ctx context.Context, event []byte) ([]byte, error) {
	shape := detectSCF(event)
	switch shape.kind {
	case scfAPIGateway:
		return s.serveAPIGateway(ctx, event)
	case scfWeChat:
		body := shape.top.without("userInfo")
		// Direct, as auth.Invocation defines it (no gateway), but the
		// invoker is an end user: auth checks WeChatOpenID before it trusts
		// Direct.
		inv := auth.Invocation{Platform: PlatformSCF, Direct: true, WeChatOpenID: shape.openID}
		return s.serveDirect(ctx, body, inv)
	case scfUserInfoNoOpenID:
		body := shape.top.without("userInfo")
		// Not Direct: a platform userInfo means the call came through
		// CloudBase for some end user, and without an openId nothing says
		// which one (an anonymous or web-SDK login may look like this), so
		// the caller is neither a trusted invoker nor a WeChat user and
		// every method refuses it.
		return s.serveDirect(ctx, body, auth.Invocation{Platform: PlatformSCF})
	case scfDirect:
		return s.serveDirect(ctx, event, auth.Invocation{Platform: PlatformSCF, Direct: true})
	default:
		s.cfg.logger.WarnContext(ctx, "faas: event refused", slog.String("platform", PlatformSCF), slog.String("reason", shape.why))
		return unrecognised(shape.why), nil
	}
}

func (s *scfHandler) serveDirect(ctx context.Context, body []byte, inv auth.Invocation) ([]byte, error) {
	r, err := directRequest(ctx, s.route, body, inv)
	if err != nil {
		return nil, err
	}
	return directResult(ctx, serve(s.h, r), s.cfg.logger), nil
}

type scfKind int

const (
	// scfUnrecognised is an event of no known shape: refused, never served.
	scfUnrecognised scfKind = iota
	scfDirect
	// scfUserInfoNoOpenID is a CloudBase call whose platform userInfo has
	// no openId (WeChat's server-side invokeCloudFunction, but possibly an
	// end user's anonymous login too): refused, since it proves no identity.
	scfUserInfoNoOpenID
	scfWeChat
	scfAPIGateway
)

func (k scfKind) String() string {
	switch k {
	case scfAPIGateway:
		return "API Gateway trigger"
	case scfWeChat:
		return "WeChat cloud call"
	case scfUserInfoNoOpenID:
		return "CloudBase call without an openId"
	case scfDirect:
		return "direct invocation"
	}
	return "unrecognised event"
}

// scfShape is what detectSCF tells of an event.
type scfShape struct {
	kind   scfKind
	top    object // the event's members, as read to classify it
	openID string // a WeChat cloud call's userInfo.openId
	why    string // why an event is unrecognised (quotes nothing of it)
}

// detectSCF classifies an SCF event positively, by member names matched
// exactly (see readObject); what matches no shape is refused, and an event
// that does not decode is never taken for a direct invocation.
//
//   - A WeChat cloud call has a top-level userInfo object, injected by the
//     platform; its openId, when present, must be a string. It is checked
//     first, so a mini-program cannot make its call look like an API Gateway
//     request (with a loopback sourceIp or forged headers) by sending a
//     gateway-shaped data object. API Gateway puts the HTTP body in "body" as
//     a string, so a userInfo sent by an HTTP client never reaches the top
//     level.
//   - An API Gateway trigger event has a non-empty string httpMethod and a
//     requestContext object with a non-empty string serviceId.
//   - Any other event holding a platform's member (in any case: "UserInfo",
//     "uſerInfo", httpMethod, headers, ...) is unrecognised: an SCF function
//     URL event, a CloudBase HTTP access event, a trigger this function does
//     not serve. Such an event carries no identity anybody checked.
//   - Anything else that is one JSON object is a direct invocation.
func detectSCF(event []byte) scfShape {
	top, err := readObject(event)
	if err != nil {
		return scfShape{why: "the event " + err.Error()}
	}
	if _, has := top["userInfo"]; has {
		ui, ok := top.obj("userInfo")
		if !ok {
			return scfShape{why: "userInfo is not an object"}
		}
		openID, isString := ui.str("openId")
		if _, has := ui["openId"]; has && !isString {
			return scfShape{why: "userInfo.openId is not a string"}
		}
		if openID != "" {
			return scfShape{kind: scfWeChat, top: top, openID: openID}
		}
		return scfShape{kind: scfUserInfoNoOpenID, top: top}
	}
	if method, ok := top.str("httpMethod"); ok && method != "" {
		if rc, ok := top.obj("requestContext"); ok {
			if id, ok := rc.str("serviceId"); ok && id != "" {
				return scfShape{kind: scfAPIGateway}
			}
		}
	}
	if m := top.platformMember(); m != "" {
		return scfShape{why: "it has a member like " + m + " but is no API Gateway event or WeChat cloud call; SCF function URLs and CloudBase HTTP access are not supported"}
	}
	return scfShape{kind: scfDirect}
}

// scfAPIGatewayEvent adds to scf-go-lib's event type the fields it leaves
// out that a request needs: the base64 flag and the single-valued query map
// older events carry instead of queryString.
type scfAPIGatewayEvent struct {
	events.APIGatewayRequest
	IsBase64Encoded       bool              `json:"isBase64Encoded"`
	QueryStringParameters map[string]string `json:"queryStringParameters"`
}

func (s *scfHandler) serveAPIGateway(ctx context.Context, event []byte) ([]byte, error) {
	var ev scfAPIGatewayEvent
	if err := json.Unmarshal(event, &ev); err != nil {
		return nil, fmt.Errorf("faas: decode %s event: %w", scfAPIGateway, err)
	}
	g := gateway{
		event:     scfAPIGateway.String(),
		inv:       auth.Invocation{Platform: PlatformSCF},
		sourceIP:  ev.Context.SourceIP,
		requestID: ev.Context.RequestID,
	}
	r, err := scfRequest(ctx, &ev, s.route)
	resp := s.cfg.serveGateway(ctx, s.h, g, r, err)
	out := events.APIGatewayResponse{StatusCode: resp.status, Headers: map[string]string{}}
	for k, vs := range resp.header {
		// Tencent's integrated response has single-valued headers only.
		out.Headers[k] = strings.Join(vs, ", ")
	}
	out.Body, out.IsBase64Encoded = encodeBody(resp)
	return json.Marshal(out)
}

// scfRequest turns a Tencent API Gateway event into a request. No maintained
// library does this for SCF (scf-go-lib only defines the event types).
func scfRequest(ctx context.Context, ev *scfAPIGatewayEvent, route string) (*http.Request, error) {
	body := []byte(ev.Body)
	if ev.IsBase64Encoded {
		b, err := base64.StdEncoding.DecodeString(ev.Body)
		if err != nil {
			return nil, errors.New("body flagged base64 is not valid base64")
		}
		body = b
	}
	method := ev.Method
	if method == "" {
		method = ev.Context.Method
	}
	path := resolvePath(ev.Path, ev.Context.Stage, route, ev.Context.Path)
	u := &url.URL{Path: path}
	q := url.Values{}
	for k, vs := range ev.QueryString {
		for _, v := range vs {
			q.Add(k, v)
		}
	}
	if len(q) == 0 {
		for k, v := range ev.QueryStringParameters {
			q.Add(k, v)
		}
	}
	u.RawQuery = q.Encode()

	r, err := http.NewRequestWithContext(ctx, strings.ToUpper(method), u.String(), bytes.NewReader(body))
	if err != nil {
		// The error would quote the URL, query included.
		return nil, errors.New("method or path is not valid in a request")
	}
	for k, v := range ev.Headers {
		r.Header.Add(k, v)
	}
	r.Host = r.Header.Get("Host")
	r.RequestURI = u.RequestURI()
	return r, nil
}
