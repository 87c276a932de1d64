package console

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/ticketbooth/ticketbooth/shared/auth"
	"github.com/ticketbooth/ticketbooth/shared/policy"
	"github.com/ticketbooth/ticketbooth/shared/secrets"
	"github.com/ticketbooth/ticketbooth/shared/tlssig"
)

// Prefix is the path the console is served under.
const Prefix = "/console/"

// ContentSecurityPolicy is sent with every response: the page may load and call only its own
// origin, run no inline script or style, be framed by no one and submit no form anywhere. Blob
// images are the QR codes the page fetches.
const ContentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob:; " +
	"connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// maxBody caps the console's own request bodies: a push URL with two tickets is far smaller.
const maxBody = 16 << 10

//go:embed static
var static embed.FS

// Enabled reports whether the local server may mount the console: it listens on a loopback
// address only and accepts dev auth.
func Enabled(listenAddr string, methods []auth.Method) bool {
	return slices.Contains(methods, auth.MethodDev) && Loopback(listenAddr)
}

// Loopback reports whether a listen address binds a loopback interface only (127.0.0.0/8, ::1
// or localhost).
func Loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Config is what the console needs. Keys and Policy are required.
type Config struct {
	Keys      secrets.Provider // the secret document the API signs with
	Policy    *policy.Policy   // role presets and lifetimes, for the Make form
	Algorithm string           // "hmac" or "ecdsa", as the API signs; shown on the page
	Clock     func() time.Time // time.Now when nil
}

type handler struct {
	keys   secrets.Provider
	policy *policy.Policy
	alg    string
	clock  func() time.Time
	codes  *codeTable
	files  http.Handler
}

// New returns the console as one http.Handler for the paths under Prefix.
func New(cfg Config) (http.Handler, error) {
	if cfg.Keys == nil || cfg.Policy == nil {
		return nil, errors.New("console: Config.Keys and Config.Policy are required")
	}
	codes, err := loadCodes()
	if err != nil {
		return nil, err
	}
	h := &handler{keys: cfg.Keys, policy: cfg.Policy, alg: cfg.Algorithm, clock: cfg.Clock, codes: codes}
	if h.alg == "" {
		h.alg = "hmac"
	}
	if h.clock == nil {
		h.clock = time.Now
	}
	sub, err := fs.Sub(static, "static")
	if err != nil {
		return nil, err
	}
	h.files = http.StripPrefix(strings.TrimSuffix(Prefix, "/"), http.FileServerFS(sub))
	return h, nil
}

// ServeHTTP sets the security headers on every answer and routes.
func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hd := w.Header()
	hd.Set("Content-Security-Policy", ContentSecurityPolicy)
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("X-Frame-Options", "DENY")
	hd.Set("Referrer-Policy", "no-referrer")
	hd.Set("Cross-Origin-Opener-Policy", "same-origin")
	hd.Set("Cross-Origin-Resource-Policy", "same-origin")
	hd.Set("Cache-Control", "no-store")

	if rest, ok := strings.CutPrefix(r.URL.Path, Prefix+"api/"); ok {
		h.api(w, r, rest)
		return
	}
	switch r.URL.Path {
	case Prefix, Prefix + "console.css", Prefix + "console.js", Prefix + "favicon.svg":
	default:
		writeError(w, http.StatusNotFound, "not_found", fmt.Sprintf("no console page %s: open %s", quote(r.URL.Path), Prefix))
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		writeError(w, http.StatusMethodNotAllowed, "method_not_allowed", "the console's pages take GET")
		return
	}
	h.files.ServeHTTP(w, r)
}

func (h *handler) api(w http.ResponseWriter, r *http.Request, name string) {
	routes := map[string]struct {
		method string
		serve  func(http.ResponseWriter, *http.Request)
	}{
		"config":  {http.MethodGet, h.config},
		"codes":   {http.MethodGet, h.codesFile},
		"inspect": {http.MethodPost, h.inspect},
		"qr":      {http.MethodPost, h.qr},
	}
	rt, ok := routes[name]
	if !ok {
		writeError(w, http.StatusNotFound, "not_found", fmt.Sprintf("no console route %s: the routes are GET config, GET codes, POST inspect, POST qr under %sapi/", quote(name), Prefix))
		return
	}
	if r.Method != rt.method {
		w.Header().Set("Allow", rt.method)
		writeError(w, http.StatusMethodNotAllowed, "method_not_allowed", fmt.Sprintf("%sapi/%s takes %s", Prefix, name, rt.method))
		return
	}
	rt.serve(w, r)
}

// readJSON reads a POST body of application/json into v. A form post from another page cannot
// send that type without the browser asking first (and the server's guard refuses other origins).
func readJSON(w http.ResponseWriter, r *http.Request, v any) bool {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/json" {
		writeError(w, http.StatusUnsupportedMediaType, "unsupported_media_type", "send the body as JSON with Content-Type: application/json")
		return false
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		writeError(w, http.StatusBadRequest, "invalid_json", "the body could not be read")
		return false
	}
	if len(body) > maxBody {
		writeError(w, http.StatusRequestEntityTooLarge, "body_too_large", fmt.Sprintf("the body is over %d bytes", maxBody))
		return false
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		writeError(w, http.StatusBadRequest, "invalid_json", `the body must be a JSON object {"text": "…"}`)
		return false
	}
	return true
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		status = http.StatusInternalServerError
		buf.Reset()
		buf.WriteString(`{"error":{"code":"internal","message":"internal error"}}` + "\n")
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

func writeError(w http.ResponseWriter, status int, code, message string) {
	type body struct {
		Error struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	}
	var b body
	b.Error.Code, b.Error.Message = code, message
	writeJSON(w, status, b)
}

// quote shows a caller's path in a message: short, and never a pasted ticket.
func quote(s string) string {
	if len(s) > 40 {
		return "(a long path)"
	}
	return fmt.Sprintf("%q", s)
}

// config is what the Make form offers: the document's apps (ids only), the role presets, the
// privilege names and the lifetimes.
func (h *handler) config(w http.ResponseWriter, r *http.Request) {
	snap, err := h.keys.Get(r.Context())
	if err != nil || snap == nil || snap.Current == nil {
		writeError(w, http.StatusServiceUnavailable, "keys_unavailable", "the secret document could not be read: see the server's log")
		return
	}
	type app struct {
		SDKAppID uint64 `json:"sdkAppId"`
		Default  bool   `json:"default"`
		HMAC     bool   `json:"hmac"`
		ECDSA    bool   `json:"ecdsa"`
	}
	type role struct {
		Name         string   `json:"name"`
		PrivilegeMap uint32   `json:"privilegeMap"`
		Privileges   []string `json:"privileges"`
	}
	type priv struct {
		Name string `json:"name"`
		Bit  uint32 `json:"bit"`
	}
	type lifetime struct {
		Default int64 `json:"default"`
		Max     int64 `json:"max"`
	}
	out := struct {
		Algorithm     string            `json:"algorithm"`
		Apps          []app             `json:"apps"`
		Roles         []role            `json:"roles"`
		DefaultRole   string            `json:"defaultRole"`
		Privileges    []priv            `json:"privileges"`
		UserSig       lifetime          `json:"userSig"`
		PrivateMapKey lifetime          `json:"privateMapKey"`
		ServerTime    int64             `json:"serverTime"`
		Routes        map[string]string `json:"routes"`
	}{
		Algorithm:   h.alg,
		DefaultRole: h.policy.DefaultRole(),
		ServerTime:  h.clock().Unix(),
		Routes:      map[string]string{"usersig": "/v1/usersig", "privatemapkey": "/v1/privatemapkey", "roomurl": "/v1/roomurl"},
	}
	def := snap.Current.Default()
	for _, a := range snap.Current.Apps {
		out.Apps = append(out.Apps, app{SDKAppID: a.SDKAppID, Default: def != nil && def.SDKAppID == a.SDKAppID,
			HMAC: a.SecretKey != "", ECDSA: a.ECDSAPrivateKey != ""})
	}
	for name, p := range h.policy.Roles() {
		out.Roles = append(out.Roles, role{Name: name, PrivilegeMap: uint32(p), Privileges: p.Names()})
	}
	slices.SortFunc(out.Roles, func(a, b role) int { return strings.Compare(a.Name, b.Name) })
	for bit := tlssig.PrivCreate; bit <= tlssig.PrivRecvSub; bit <<= 1 {
		out.Privileges = append(out.Privileges, priv{Name: bit.String(), Bit: uint32(bit)})
	}
	secs := func(d time.Duration) int64 { return int64(d / time.Second) }
	out.UserSig = lifetime{secs(h.policy.DefaultTTL(tlssig.KindUserSig)), secs(h.policy.MaxTTL(tlssig.KindUserSig))}
	out.PrivateMapKey = lifetime{secs(h.policy.DefaultTTL(tlssig.KindPrivateMapKey)), secs(h.policy.MaxTTL(tlssig.KindPrivateMapKey))}
	writeJSON(w, http.StatusOK, out)
}
