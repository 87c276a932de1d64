package api

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/ticketbooth/ticketbooth/internal/excerpt"
)

// CORS answers: the routes take JSON and the credentials of package auth, and
// send back the request id and Retry-After.
const (
	corsAllowHeaders  = "Content-Type, Authorization, X-Api-Key, X-WX-Code, X-Request-Id"
	corsExposeHeaders = "X-Request-Id, Retry-After"
	corsMaxAge        = "600"
)

// validateOrigins checks TICKETBOOTH_CORS_ORIGINS entries: "*" or an origin
// (scheme://host[:port], no path).
func validateOrigins(origins []string) ([]string, error) {
	var out []string
	for _, o := range origins {
		o = strings.TrimSpace(o)
		if o == "" {
			continue
		}
		if o == "*" {
			out = append(out, o)
			continue
		}
		u, err := url.Parse(o)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.Path != "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
			return nil, fmt.Errorf("TICKETBOOTH_CORS_ORIGINS: %s is not an origin: use scheme://host[:port], e.g. https://app.example.com, or *", excerpt.Quote(o))
		}
		out = append(out, strings.ToLower(o))
	}
	return out, nil
}

// cors adds the CORS headers for an allowed Origin; a preflight also gets
// the methods and headers it may use. It reports whether r is a preflight
// from an origin that is not allowed, which gets a 403 saying so: a bare 204
// would leave whoever reads it guessing.
func (s *server) cors(w http.ResponseWriter, r *http.Request) (preflightRefused bool) {
	origin := r.Header.Get("Origin")
	preflight := r.Method == http.MethodOptions && origin != "" && r.Header.Get("Access-Control-Request-Method") != ""
	if origin == "" || len(s.origins) == 0 {
		return preflight
	}
	h := w.Header()
	h.Add("Vary", "Origin")
	anyOrigin := slices.Contains(s.origins, "*")
	if !anyOrigin && !slices.Contains(s.origins, strings.ToLower(origin)) {
		return preflight
	}
	if anyOrigin {
		h.Set("Access-Control-Allow-Origin", "*")
	} else {
		h.Set("Access-Control-Allow-Origin", origin)
	}
	h.Set("Access-Control-Expose-Headers", corsExposeHeaders)
	if r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != "" {
		h.Set("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
		h.Set("Access-Control-Allow-Headers", corsAllowHeaders)
		h.Set("Access-Control-Max-Age", corsMaxAge)
	}
	return false
}
