package api

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"mime"
	"net/http"
	"os"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/ticketbooth/ticketbooth/internal/excerpt"
	"github.com/ticketbooth/ticketbooth/shared/auth"
	"github.com/ticketbooth/ticketbooth/shared/policy"
	"github.com/ticketbooth/ticketbooth/shared/secrets"
)

// MaxBodyBytes is the largest request body the API reads; a larger one is a 413.
const MaxBodyBytes = 8 << 10

// Algorithms TICKETBOOTH_ALGORITHM accepts.
const (
	AlgorithmHMAC  = "hmac"  // v2 tickets, HMAC-SHA256 with the app's secretKey
	AlgorithmECDSA = "ecdsa" // v1 tickets, ECDSA-SHA256 with the app's ecdsaPrivateKey
)

// Config is everything New needs. Package fromenv builds one from the
// TICKETBOOTH_* environment variables.
type Config struct {
	Keys        secrets.Provider   // the secret document; a *secrets.Cache in production
	Auth        auth.Authenticator // who is calling
	Policy      *policy.Policy     // what they may get
	Algorithm   string             // AlgorithmHMAC (default when empty) or AlgorithmECDSA
	CORSOrigins []string           // browser origins allowed to call; "*" allows any
	Logger      *slog.Logger       // audit and error lines; JSON to stderr when nil
	Clock       func() time.Time   // time.Now when nil
	// Paths, when set, are the only routes served (paths of Routes); any
	// other path is a 404 that lists these. A function serves its own
	// route this way. Nil serves every route.
	Paths []string
}

// Route is one method and path the Handler serves.
type Route struct {
	Method string
	Path   string
}

// Routes returns the routes the Handler serves, in a stable order.
func Routes() []Route {
	return []Route{
		{http.MethodPost, "/v1/usersig"},
		{http.MethodPost, "/v1/privatemapkey"},
		{http.MethodPost, "/v1/roomurl"},
		{http.MethodGet, "/healthz"},
	}
}

type server struct {
	keys    secrets.Provider
	auth    auth.Authenticator
	policy  *policy.Policy
	alg     string
	origins []string
	log     *slog.Logger
	lines   *lineHandler // NewLogger's handler under log, for the audit line; nil for another logger
	clock   func() time.Time
	signers signerCache
	routes  map[string]route
	served  string // the routes served, for the 404 message
}

type route struct {
	method string
	serve  func(w http.ResponseWriter, r *http.Request, rc *requestContext) error
	allow  []string // the Allow header, shared by every answer (see headerJSON)
}

// allowHeader is the Allow header of a route taking method. HEAD goes with
// GET, as net/http's own mux has it (health checkers use it).
func allowHeader(method string) []string {
	if method == http.MethodGet {
		return []string{"GET, HEAD, OPTIONS"}
	}
	return []string{method + ", OPTIONS"}
}

// CheckSettings checks the settings of cfg that New validates, every one
// (Algorithm, CORSOrigins, Paths), without the parts built from them (Keys,
// Auth, Policy): a caller checks them before it opens a secrets cache.
func (cfg *Config) CheckSettings() error {
	_, _, _, err := cfg.settings()
	return err
}

// settings returns the checked algorithm, origins and routes of cfg.
func (cfg *Config) settings() (alg string, origins []string, routes map[string]bool, err error) {
	var errs []error
	alg, err = parseAlgorithm(cfg.Algorithm)
	if err != nil {
		errs = append(errs, err)
	}
	origins, err = validateOrigins(cfg.CORSOrigins)
	if err != nil {
		errs = append(errs, err)
	}
	if cfg.Paths != nil {
		routes = map[string]bool{}
		for _, p := range cfg.Paths {
			if !isRoute(p) {
				errs = append(errs, fmt.Errorf("api: Config.Paths: %s is not a route of the API (%s)", excerpt.Quote(p), routeList(Routes())))
				continue
			}
			routes[p] = true
		}
		if len(cfg.Paths) == 0 {
			errs = append(errs, errors.New("api: Config.Paths: no route"))
		}
	}
	return alg, origins, routes, errors.Join(errs...)
}

func isRoute(path string) bool {
	for _, rt := range Routes() {
		if rt.Path == path {
			return true
		}
	}
	return false
}

// New returns the API as one http.Handler. Every field of cfg but Logger,
// Clock, CORSOrigins and Paths is required.
func New(cfg Config) (http.Handler, error) {
	var errs []error
	if cfg.Keys == nil {
		errs = append(errs, errors.New("api: Config.Keys is required"))
	}
	if cfg.Auth == nil {
		errs = append(errs, errors.New("api: Config.Auth is required"))
	}
	if cfg.Policy == nil {
		errs = append(errs, errors.New("api: Config.Policy is required"))
	}
	alg, origins, paths, err := cfg.settings()
	if err != nil {
		errs = append(errs, err)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	s := &server{
		keys:    cfg.Keys,
		auth:    cfg.Auth,
		policy:  cfg.Policy,
		alg:     alg,
		origins: origins,
		log:     cfg.Logger,
		clock:   cfg.Clock,
	}
	if s.log == nil {
		s.log = NewLogger(os.Stderr)
	}
	s.log = RequestLogger(s.log)
	s.lines = auditLines(s.log)
	if s.clock == nil {
		s.clock = time.Now
	}
	all := map[string]route{
		"/v1/usersig":       {http.MethodPost, s.userSig, allowHeader(http.MethodPost)},
		"/v1/privatemapkey": {http.MethodPost, s.privateMapKey, allowHeader(http.MethodPost)},
		"/v1/roomurl":       {http.MethodPost, s.roomURL, allowHeader(http.MethodPost)},
		"/healthz":          {http.MethodGet, s.healthz, allowHeader(http.MethodGet)},
	}
	s.routes = all
	if paths != nil {
		s.routes = map[string]route{}
		for p := range paths {
			s.routes[p] = all[p]
		}
	}
	var served []Route
	for _, rt := range Routes() {
		if _, ok := s.routes[rt.Path]; ok {
			served = append(served, rt)
		}
	}
	s.served = routeList(served)
	return s, nil
}

func parseAlgorithm(s string) (string, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", AlgorithmHMAC:
		return AlgorithmHMAC, nil
	case AlgorithmECDSA:
		return AlgorithmECDSA, nil
	}
	return "", errors.New(`TICKETBOOTH_ALGORITHM: must be "hmac" (v2 tickets) or "ecdsa" (v1 tickets)`)
}

// requestContext is what one request carries through the handlers.
type requestContext struct {
	kind  string // usersig, privatemapkey, roomurl; "" for other routes
	ident *auth.Identity
	// audit holds what is known of the request so far, for the refusal line.
	audit auditRecord
	// tw wraps the ResponseWriter; it lives here to share one allocation.
	tw trackingWriter
}

// ServeHTTP gives the request an id, answers CORS, routes it and recovers a panic.
func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	id := requestID(r.Header.Get("X-Request-Id"))
	r = r.WithContext(context.WithValue(r.Context(), requestIDKey{}, id))
	rc := &requestContext{}
	w.Header()["X-Request-Id"] = []string{id}
	rc.tw.ResponseWriter = w
	tw := &rc.tw
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			s.log.LogAttrs(r.Context(), slog.LevelError, "panic",
				slog.String("panic", fmt.Sprint(v)), slog.String("stack", string(debug.Stack())),
				slog.String("method", r.Method), slog.String("path", r.URL.Path))
			if !tw.wrote {
				s.writeError(tw, r, rc, internal(fmt.Errorf("panic: %v", v)))
			}
		}
	}()
	preflightRefused := s.cors(tw, r)
	rt, ok := s.routes[r.URL.Path]
	if !ok {
		s.writeError(tw, r, rc, errorf(CodeNotFound, "no route %s %s: the routes are %s", r.Method, excerpt.Quote(r.URL.Path), s.served))
		return
	}
	tw.Header()["Allow"] = rt.allow
	switch {
	case r.Method == http.MethodOptions && preflightRefused:
		s.writeError(tw, r, rc, errorf(CodeOriginNotAllowed, "origin %s may not call this API from a browser: the operator lists allowed origins in TICKETBOOTH_CORS_ORIGINS",
			excerpt.Quote(r.Header.Get("Origin"))))
		return
	case r.Method == http.MethodOptions:
		tw.WriteHeader(http.StatusNoContent)
		return
	case r.Method != rt.method && !(r.Method == http.MethodHead && rt.method == http.MethodGet):
		s.writeError(tw, r, rc, errorf(CodeMethodNotAllowed, "%s takes %s, not %s", r.URL.Path, rt.method, excerpt.Quote(r.Method)))
		return
	}
	if err := rt.serve(tw, r, rc); err != nil {
		s.writeError(tw, r, rc, asError(err))
	}
}

func routeList(routes []Route) string {
	var b strings.Builder
	for i, rt := range routes {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(rt.Method + " " + rt.Path)
	}
	return b.String()
}

// requestID returns the caller's (or gateway's) id when it is sane, else a new one.
func requestID(given string) string {
	if n := len(given); n >= 8 && n <= 128 {
		ok := true
		for i := 0; i < n && ok; i++ {
			c := given[i]
			ok = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.' || c == ':' || c == '='
		}
		if ok {
			return given
		}
	}
	// The runtime's ChaCha8 generator, seeded from the OS: ids that do not
	// repeat or follow a pattern, without crypto/rand's system call. An id
	// correlates log lines; it is no secret.
	var b [16]byte
	binary.LittleEndian.PutUint64(b[:8], rand.Uint64())
	binary.LittleEndian.PutUint64(b[8:], rand.Uint64())
	return hex.EncodeToString(b[:])
}

// trackingWriter remembers whether the response has started, so a panic
// after that does not write a second status.
type trackingWriter struct {
	http.ResponseWriter
	wrote bool
}

func (t *trackingWriter) WriteHeader(code int) { t.wrote = true; t.ResponseWriter.WriteHeader(code) }
func (t *trackingWriter) Write(b []byte) (int, error) {
	t.wrote = true
	return t.ResponseWriter.Write(b)
}

// The headers of every JSON answer. The slices are shared by all responses
// (net/http only reads them; an Add would copy, as each has len == cap), so
// setting them allocates nothing.
var (
	headerJSON    = []string{"application/json; charset=utf-8"}
	headerNoStore = []string{"no-store"}
	headerNoSniff = []string{"nosniff"}
)

// jsonBuffer is an encoder writing into its own buffer, pooled: encoding a
// response then costs no allocation but the reflection encoding/json does.
type jsonBuffer struct {
	buf bytes.Buffer
	enc *json.Encoder
}

var jsonBuffers = sync.Pool{New: func() any {
	b := &jsonBuffer{}
	b.enc = json.NewEncoder(&b.buf)
	// No HTML escaping: push URLs keep their "&" readable ("\u0026" otherwise).
	b.enc.SetEscapeHTML(false)
	return b
}}

// writeJSON answers status with v as JSON.
func writeJSON(w http.ResponseWriter, status int, v any) {
	jb := jsonBuffers.Get().(*jsonBuffer)
	defer func() {
		if jb.buf.Cap() <= 64<<10 { // a rare large answer is not kept
			jb.buf.Reset()
			jsonBuffers.Put(jb)
		}
	}()
	if err := jb.enc.Encode(v); err != nil { // only our own response types reach here; they always encode
		status = http.StatusInternalServerError
		jb.buf.Reset()
		jb.buf.WriteString(`{"error":{"code":"internal","message":"internal error"}}` + "\n")
	}
	h := w.Header()
	h["Content-Type"], h["Cache-Control"], h["X-Content-Type-Options"] = headerJSON, headerNoStore, headerNoSniff
	w.WriteHeader(status)
	// The writer copies: net/http into its buffer, the platform adapters into theirs.
	_, _ = w.Write(jb.buf.Bytes())
}

type errorBody struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// writeError answers e with the status of its code, logs the cause of a
// server fault and writes the refusal audit line of an issuance route.
func (s *server) writeError(w http.ResponseWriter, r *http.Request, rc *requestContext, e *Error) {
	status := Status(e.Code)
	if e.RetryAfter > 0 {
		w.Header().Set("Retry-After", fmt.Sprint(e.RetryAfter))
	}
	var b errorBody
	b.Error.Code, b.Error.Message = e.Code, e.Message
	writeJSON(w, status, b)
	if status >= 500 {
		attrs := []slog.Attr{slog.String("code", e.Code), slog.Int("status", status),
			slog.String("method", r.Method), slog.String("path", r.URL.Path)}
		if e.err != nil {
			attrs = append(attrs, slog.String("cause", e.err.Error()))
		}
		s.log.LogAttrs(r.Context(), slog.LevelError, "request failed", attrs...)
	}
	if rc.kind != "" {
		s.auditRefusal(r.Context(), rc, status, e)
	}
}

// readBody checks the Content-Type and reads at most MaxBodyBytes.
func readBody(r *http.Request) ([]byte, error) {
	// The usual header needs no parsing (mime.ParseMediaType allocates).
	if ct := r.Header.Get("Content-Type"); ct != "application/json" {
		mt, params, err := mime.ParseMediaType(ct)
		if err != nil || mt != "application/json" {
			return nil, errorf(CodeUnsupportedMedia, "send the body as JSON with Content-Type: application/json")
		}
		for k, v := range params {
			if k != "charset" || !strings.EqualFold(v, "utf-8") {
				return nil, errorf(CodeUnsupportedMedia, "Content-Type: application/json takes only charset=utf-8")
			}
		}
	}
	if r.ContentLength > MaxBodyBytes {
		return nil, errorf(CodeBodyTooLarge, "the body is over %d bytes", MaxBodyBytes)
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, MaxBodyBytes+1))
	if err != nil {
		return nil, wrap(CodeInvalidJSON, err, "the body could not be read")
	}
	if len(body) > MaxBodyBytes {
		return nil, errorf(CodeBodyTooLarge, "the body is over %d bytes", MaxBodyBytes)
	}
	return body, nil
}

// begin runs the common start of an issuance. Everything that needs no
// identity is checked first — the body's size, content type and members
// (parse), then the policy's identity-free limits on what parse returns —
// so a bad request
// spends no credential: a WeChat login code is single-use and every exchange
// counts against the app's jscode2session quota. Only then are the keys
// fetched and the caller authenticated. The checked request it returns is
// what the policy decides on (prepare), without checking it again.
func (s *server) begin(r *http.Request, rc *requestContext, parse func(body []byte) (policy.Request, error)) (*secrets.Snapshot, policy.Checked, error) {
	var none policy.Checked
	body, err := readBody(r)
	if err != nil {
		return nil, none, err
	}
	preq, err := parse(body)
	if err != nil {
		return nil, none, err
	}
	checked, err := s.policy.Check(preq)
	if err != nil {
		return nil, none, err
	}
	ctx := r.Context()
	snap, err := s.keys.Get(ctx)
	if err != nil {
		return nil, none, err
	}
	if snap == nil || snap.Current == nil {
		return nil, none, internal(errors.New("secrets provider returned no document"))
	}
	// readBody consumed r.Body; an Authenticator is handed the whole request,
	// so it gets the body back rather than an empty reader.
	r.Body = io.NopCloser(bytes.NewReader(body))
	id, err := s.auth.Authenticate(ctx, r, snap.Current)
	if err != nil {
		return nil, none, err
	}
	if id == nil {
		return nil, none, internal(errors.New("authenticator returned no identity"))
	}
	rc.ident = id
	rc.audit.method, rc.audit.subject = string(id.Method), id.Subject
	return snap, checked, nil
}

// healthz says ok only while a secret document is usable: before the first
// fetch succeeds, or once the last good one is past the maximum staleness, it
// answers what a ticket route would (503 keys_unavailable with Retry-After),
// so a health check sees a service that cannot issue.
func (s *server) healthz(w http.ResponseWriter, r *http.Request, _ *requestContext) error {
	snap, err := s.keys.Get(r.Context())
	if err != nil {
		return err
	}
	if snap == nil || snap.Current == nil {
		return internal(errors.New("secrets provider returned no document"))
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	return nil
}

// retryAfterSeconds is the Retry-After of a 503 whose cause gave none.
const retryAfterSeconds = 5
