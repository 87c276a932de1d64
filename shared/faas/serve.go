package faas

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/ticketbooth/ticketbooth/shared/api"
	"github.com/ticketbooth/ticketbooth/shared/auth"
)

// Platform names as they appear in auth.Invocation.Platform.
const (
	PlatformAWS = "aws"
	PlatformSCF = "scf"
)

// Option configures NewHandler.
type Option func(*config)

type config struct {
	logger *slog.Logger
}

// WithLogger sets the logger that records handler panics and malformed
// events. The default is slog.Default() at the time of the call.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) {
		if l != nil {
			c.logger = l
		}
	}
}

func newConfig(opts []Option) config {
	c := config{logger: slog.Default()}
	for _, o := range opts {
		o(&c)
	}
	return c
}

// normalizeRoute makes route an absolute path so a direct invocation always
// has a well-formed request URL.
func normalizeRoute(route string) string {
	if !strings.HasPrefix(route, "/") {
		return "/" + route
	}
	return route
}

// response is what the handler answered, before it is shaped for a platform.
type response struct {
	status int
	header http.Header
	body   []byte
}

// recorder is a minimal http.ResponseWriter that buffers one response. It is
// ours rather than the proxy library's writers because a handler that writes
// nothing must answer 200 as net/http would (the library's fail), and the
// response must be shaped per platform after it is complete.
type recorder struct {
	header      http.Header
	status      int
	wroteHeader bool
	body        bytes.Buffer
}

func (w *recorder) Header() http.Header { return w.header }

func (w *recorder) WriteHeader(status int) {
	if w.wroteHeader {
		return
	}
	w.status = status
	w.wroteHeader = true
}

func (w *recorder) Write(p []byte) (int, error) {
	if !w.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	return w.body.Write(p)
}

// gateway is what a gateway event tells about its request besides the
// request itself.
type gateway struct {
	event     string          // the event's shape, for the log line
	inv       auth.Invocation // SourceIP is filled in from sourceIP
	sourceIP  string          // as the gateway reported it
	requestID string          // the gateway's id for the request
}

// serveGateway serves r, the request built from a gateway event, with the
// event's identity attached; when it could not be built (err), it logs why
// (never quoting the event) and answers 400.
//
// The gateway's request id becomes the request's X-Request-Id, so the API's
// log lines can be matched with the gateway's access log (the API keeps an id
// only when it is sane, else it makes its own).
func (c config) serveGateway(ctx context.Context, h http.Handler, g gateway, r *http.Request, err error) response {
	if err != nil {
		c.logger.WarnContext(ctx, "faas: cannot convert gateway event", slog.String("event", g.event), slog.String("error", err.Error()))
		return badEvent("the request could not be read")
	}
	var remote string
	g.inv.SourceIP, remote = sourceAddr(g.sourceIP)
	r = r.WithContext(auth.WithInvocation(ctx, g.inv))
	r.RemoteAddr = remote
	if g.requestID != "" {
		r.Header.Set("X-Request-Id", g.requestID)
	}
	return serve(h, r)
}

// serve runs h on r and returns its response. h is the API's Handler, which
// recovers a panic in any request itself (logged once, answered 500 with the
// API's error body): that is the one layer, so none is added here.
func serve(h http.Handler, r *http.Request) response {
	w := &recorder{header: make(http.Header)}
	h.ServeHTTP(w, r)
	status := w.status
	if !w.wroteHeader {
		status = http.StatusOK
	}
	body := w.body.Bytes()
	if len(body) > 0 && w.header.Get("Content-Type") == "" {
		w.header.Set("Content-Type", http.DetectContentType(body))
	}
	return response{status: status, header: w.header, body: body}
}

// badEvent answers a gateway event the adapter could not turn into a request
// (for example a body flagged base64 that is not). msg must not quote input.
func badEvent(msg string) response {
	body := fmt.Sprintf(`{"error":{"code":"bad_request","message":%q}}`, msg)
	return jsonError(http.StatusBadRequest, body)
}

func jsonError(status int, body string) response {
	h := make(http.Header)
	h.Set("Content-Type", "application/json")
	return response{status: status, header: h, body: []byte(body)}
}

// isText reports whether a response body can travel as a plain string in a
// gateway response; anything else is base64-encoded.
func isText(contentType string, body []byte) bool {
	if !utf8.Valid(body) {
		return false
	}
	if contentType == "" {
		return true
	}
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return false
	}
	switch {
	case strings.HasPrefix(mt, "text/"),
		mt == "application/json", strings.HasSuffix(mt, "+json"),
		mt == "application/xml", strings.HasSuffix(mt, "+xml"),
		mt == "application/javascript", mt == "application/x-www-form-urlencoded":
		return true
	}
	return false
}

// directRequest builds the request of a direct invocation: POST route with
// the event as its JSON body.
func directRequest(ctx context.Context, route string, body []byte, inv auth.Invocation) (*http.Request, error) {
	r, err := http.NewRequestWithContext(auth.WithInvocation(ctx, inv), http.MethodPost, route, bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("faas: direct invocation request: %w", err)
	}
	r.Header.Set("Content-Type", "application/json")
	r.RequestURI = route
	// No network peer: RemoteAddr stays empty, so no address-based check
	// (the dev method's loopback test) can pass.
	r.RemoteAddr = ""
	return r, nil
}

// directResult is the result of a direct invocation: the response body
// itself, which the API always writes as JSON. Anything else is a bug in the
// handler, logged and answered as the API's internal error.
func directResult(ctx context.Context, resp response, logger *slog.Logger) []byte {
	body := bytes.TrimSpace(resp.body)
	if len(body) == 0 {
		return []byte("null")
	}
	if !json.Valid(body) {
		logger.ErrorContext(ctx, "faas: handler answered a direct invocation with a non-JSON body",
			slog.Int("status", resp.status),
			slog.String("contentType", resp.header.Get("Content-Type")))
		w := &recorder{header: make(http.Header)}
		api.WriteError(w, api.CodeInternal, api.InternalMessage)
		return w.body.Bytes()
	}
	return body
}

// sourceAddr returns the gateway-reported source IP (normalised) and the
// RemoteAddr to give the request: "ip:0", or "" when the gateway reported
// no usable address.
func sourceAddr(sourceIP string) (ip, remoteAddr string) {
	parsed := net.ParseIP(strings.TrimSpace(sourceIP))
	if parsed == nil {
		return "", ""
	}
	ip = parsed.String()
	return ip, net.JoinHostPort(ip, "0")
}

// resolvePath picks the path the handler sees for a gateway event. The
// function serves only its own route, so when the gateway's path means this
// route once a stage prefix or a mapped base path is removed, the handler
// sees the route; otherwise it sees the path without its stage prefix and
// answers 404 itself.
//
// candidates are other spellings the gateway offers for the same request
// (the API's configured resource path), used only when free of templates.
func resolvePath(path, stage, route string, candidates ...string) string {
	if path == "" {
		path = "/"
	}
	if !strings.HasPrefix(path, "/") {
		path = "/" + path
	}
	if path == route {
		return route
	}
	stripped := path
	if stage != "" && stage != "$default" {
		prefix := "/" + stage
		if path == prefix {
			stripped = "/"
		} else if strings.HasPrefix(path, prefix+"/") {
			stripped = path[len(prefix):]
		}
	}
	if stripped == route {
		return route
	}
	for _, c := range candidates {
		if c == route && !strings.ContainsAny(c, "{}") && strings.HasSuffix(path, route) {
			return route
		}
	}
	return stripped
}

// encodeBody returns the body as a gateway response carries it: plain when
// it is text, base64 otherwise.
func encodeBody(resp response) (body string, isBase64 bool) {
	if isText(resp.header.Get("Content-Type"), resp.body) {
		return string(resp.body), false
	}
	return base64.StdEncoding.EncodeToString(resp.body), true
}
