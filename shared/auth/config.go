package auth

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/ticketbooth/ticketbooth/internal/excerpt"
	"github.com/ticketbooth/ticketbooth/shared/secrets"
)

// DefaultWeChatAPI is WeChat's API base URL, used unless TICKETBOOTH_WECHAT_API
// points elsewhere (tests point it at a local endpoint).
const DefaultWeChatAPI = "https://api.weixin.qq.com"

// defaultHTTPTimeout bounds every call to an identity provider (JWKS,
// jscode2session) when the configured client sets no timeout of its own.
const defaultHTTPTimeout = 5 * time.Second

// Authenticator establishes who is calling. doc is the current secret
// document; it carries the jwt, wechat and apiKeys sections and may rotate
// between requests, so it is passed on every call.
type Authenticator interface {
	Authenticate(ctx context.Context, r *http.Request, doc *secrets.Document) (*Identity, error)
}

// Config selects and tunes the accepted methods.
type Config struct {
	// Methods are the accepted credential kinds (TICKETBOOTH_AUTH).
	Methods []Method
	// WeChatAPI is the base URL of WeChat's API (TICKETBOOTH_WECHAT_API).
	WeChatAPI string
	// HTTPClient calls identity providers; nil means a client with a 5s
	// timeout. Redirects are never followed.
	HTTPClient *http.Client
	// Clock is the time source for token validity; nil means time.Now.
	Clock func() time.Time
	// Logger receives warnings (dev mode) and provider failures; nil means
	// slog.Default(). Nothing secret is ever logged.
	Logger *slog.Logger
}

// AllMethods lists every method in the order docs/auth.md documents them.
var AllMethods = []Method{MethodJWT, MethodGatewayJWT, MethodWeChatCode, MethodWeChatCloud, MethodAPIKey, MethodInvoke, MethodDev}

// ParseMethods parses a TICKETBOOTH_AUTH value: a comma list of method
// names. Empty items, unknown names and duplicates are errors.
func ParseMethods(s string) ([]Method, error) {
	if strings.TrimSpace(s) == "" {
		return nil, fmt.Errorf("no method listed; use a comma list of %s", methodList(AllMethods))
	}
	var out []Method
	seen := map[Method]bool{}
	for item := range strings.SplitSeq(s, ",") {
		m := Method(strings.ToLower(strings.TrimSpace(item)))
		if m == "" {
			return nil, errors.New("empty method in the list")
		}
		if !knownMethod(m) {
			return nil, fmt.Errorf("unknown method %s; use %s", excerpt.Quote(string(m)), methodList(AllMethods))
		}
		if seen[m] {
			return nil, fmt.Errorf("method %q listed twice", m)
		}
		seen[m] = true
		out = append(out, m)
	}
	return out, nil
}

// cloudRuntimeVars are set by the cloud in every function's environment
// (AWS Lambda; Tencent SCF). dev would refuse every request there anyway, as
// nothing arrives over loopback; refusing it at start-up says so at once.
var cloudRuntimeVars = []string{"AWS_LAMBDA_FUNCTION_NAME", "SCF_FUNCTIONNAME"}

// FromEnv reads TICKETBOOTH_AUTH (required) and TICKETBOOTH_WECHAT_API
// (default https://api.weixin.qq.com). Errors name the variable. dev is
// refused in a cloud function.
func FromEnv(getenv func(string) string) (Config, error) {
	var cfg Config
	var errs []error
	methods, err := ParseMethods(getenv("TICKETBOOTH_AUTH"))
	if err != nil {
		errs = append(errs, fmt.Errorf("TICKETBOOTH_AUTH: %w", err))
	}
	cfg.Methods = methods
	if slices.Contains(methods, MethodDev) {
		for _, v := range cloudRuntimeVars {
			if getenv(v) != "" {
				errs = append(errs, fmt.Errorf("TICKETBOOTH_AUTH: dev is for the local server (ticketbooth serve), and this process is a cloud function (%s is set): choose jwt, gateway-jwt, wechat-code, wechat-cloud, apikey or invoke", v))
				break
			}
		}
	}
	cfg.WeChatAPI = strings.TrimSpace(getenv("TICKETBOOTH_WECHAT_API"))
	if cfg.WeChatAPI == "" {
		cfg.WeChatAPI = DefaultWeChatAPI
	}
	if _, err := parseProviderURL(cfg.WeChatAPI); err != nil {
		errs = append(errs, fmt.Errorf("TICKETBOOTH_WECHAT_API: %w", err))
	}
	if len(errs) > 0 {
		return Config{}, errors.Join(errs...)
	}
	return cfg, nil
}

// New returns the chain of the configured methods. It refuses an empty or
// invalid configuration. Enabling dev logs a warning.
func New(cfg Config) (Authenticator, error) {
	if len(cfg.Methods) == 0 {
		return nil, fmt.Errorf("auth: no method configured; set TICKETBOOTH_AUTH to a comma list of %s", methodList(AllMethods))
	}
	c := &chain{enabled: map[Method]bool{}, clock: cfg.Clock, log: cfg.Logger}
	if c.clock == nil {
		c.clock = time.Now
	}
	if c.log == nil {
		c.log = slog.Default()
	}
	for _, m := range cfg.Methods {
		if !knownMethod(m) {
			return nil, fmt.Errorf("auth: unknown method %s", excerpt.Quote(string(m)))
		}
		if c.enabled[m] {
			return nil, fmt.Errorf("auth: method %q listed twice", m)
		}
		c.enabled[m] = true
	}
	client := providerClient(cfg.HTTPClient)
	if c.enabled[MethodWeChatCode] {
		base := cfg.WeChatAPI
		if base == "" {
			base = DefaultWeChatAPI
		}
		u, err := parseProviderURL(base)
		if err != nil {
			return nil, fmt.Errorf("auth: wechat api: %w", err)
		}
		c.wechat = &wechatCode{endpoint: u.JoinPath("sns", "jscode2session"), client: client, log: c.log, retryDelay: 100 * time.Millisecond}
	}
	if c.enabled[MethodJWT] {
		c.jwt = &jwtAuth{clock: c.clock, jwks: newJWKSCache(client, c.clock, c.log)}
	}
	if c.enabled[MethodDev] {
		c.log.Warn("DEV AUTH ENABLED: any loopback caller may get tickets for any user id; never deploy with TICKETBOOTH_AUTH=dev",
			"method", string(MethodDev))
	}
	return c, nil
}

func knownMethod(m Method) bool {
	for _, k := range AllMethods {
		if k == m {
			return true
		}
	}
	return false
}

func methodList(ms []Method) string {
	s := make([]string, len(ms))
	for i, m := range ms {
		s[i] = string(m)
	}
	return strings.Join(s, ", ")
}

// providerClient copies the configured client so that redirects are never
// followed (a redirect must not carry the WeChat app secret elsewhere) and a
// timeout always applies.
func providerClient(c *http.Client) *http.Client {
	var out http.Client
	if c != nil {
		out = *c
	}
	if out.Timeout <= 0 {
		out.Timeout = defaultHTTPTimeout
	}
	out.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &out
}

// parseProviderURL accepts an absolute https URL, or plain http only for a
// loopback host (local endpoints in tests and development).
func parseProviderURL(s string) (*url.URL, error) {
	u, err := url.Parse(s)
	if err != nil {
		return nil, errors.New("not a URL")
	}
	if u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return nil, errors.New("must be an absolute URL with a host and no user info, query or fragment")
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !loopbackHost(u.Hostname()) {
			return nil, errors.New("plain http is allowed only for a loopback host; use https")
		}
	default:
		return nil, errors.New("scheme must be https")
	}
	return u, nil
}

func loopbackHost(h string) bool {
	if h == "localhost" {
		return true
	}
	a, err := netip.ParseAddr(h)
	return err == nil && a.Unmap().IsLoopback()
}

// loopbackRemote reports whether r.RemoteAddr ("host:port") is a loopback address.
func loopbackRemote(remote string) bool {
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		host = remote
	}
	a, err := netip.ParseAddr(host)
	return err == nil && a.Unmap().IsLoopback()
}
