package main

import (
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"

	"github.com/ticketbooth/ticketbooth/shared/api"
)

// devGuard wraps the whole local server (the API and anything mounted beside
// it, such as the console) while dev auth is enabled, because dev auth
// trusts every loopback caller and a browser is one: a web page the
// developer visits can rebind its own name to 127.0.0.1 (DNS rebinding) or
// post to http://127.0.0.1:port from its own origin. As the well-known
// development servers do, it answers only requests whose Host is a loopback
// name or address with the bound port, and whose Origin, when there is one,
// is a loopback origin or one listed in TICKETBOOTH_CORS_ORIGINS. Anything
// else is a JSON 403 saying why.
func devGuard(next http.Handler, boundPort int, corsOrigins []string) http.Handler {
	allowed := map[string]bool{}
	for _, o := range corsOrigins {
		if o = strings.ToLower(strings.TrimSpace(o)); o != "" && o != "*" {
			allowed[o] = true
		}
	}
	port := strconv.Itoa(boundPort)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !loopbackHostPort(r.Host, port) {
			api.WriteError(w, api.CodeHostNotAllowed, "the Host header "+quoted(r.Host)+" does not name this server: while dev auth is enabled, "+
				"the local server answers only http://localhost:"+port+", http://127.0.0.1:"+port+" and http://[::1]:"+port+
				" (a page whose name resolves to 127.0.0.1 must not reach dev auth)")
			return
		}
		origins := r.Header.Values("Origin")
		switch {
		case len(origins) > 1:
			api.WriteError(w, api.CodeOriginNotAllowed, "send one Origin header: while dev auth is enabled the local server checks the page a request comes from")
			return
		case len(origins) == 1 && !loopbackOrigin(origins[0]) && !allowed[strings.ToLower(origins[0])]:
			api.WriteError(w, api.CodeOriginNotAllowed, "origin "+quoted(origins[0])+" may not call the local server while dev auth is enabled: "+
				"only loopback origins (http://localhost:3000, http://127.0.0.1:5173, ...) and those listed in TICKETBOOTH_CORS_ORIGINS are answered "+
				"(\"*\" does not count while dev auth is enabled)")
			return
		}
		next.ServeHTTP(w, r)
	})
}

// loopbackHostPort reports whether a Host header names a loopback host
// (localhost or a loopback address) with port; a Host without a port means
// port 80.
func loopbackHostPort(hostport, port string) bool {
	host, p, err := net.SplitHostPort(hostport)
	if err != nil {
		// No port: the default one of plain http.
		host, p = hostport, "80"
		if strings.HasPrefix(host, "[") && strings.HasSuffix(host, "]") {
			host = host[1 : len(host)-1]
		}
	}
	return p == port && loopbackName(host)
}

// loopbackName reports whether host is localhost or a loopback IP literal
// (127.0.0.0/8, ::1, an IPv4-mapped 127.x). No other name: a DNS name, even
// one resolving to 127.0.0.1, is what a rebinding page uses.
func loopbackName(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	a, err := netip.ParseAddr(host)
	return err == nil && a.Zone() == "" && a.Unmap().IsLoopback()
}

// loopbackOrigin reports whether origin is http(s)://<loopback host>[:port].
func loopbackOrigin(origin string) bool {
	u, err := url.Parse(origin)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.User != nil || u.Path != "" || u.RawQuery != "" || u.Fragment != "" || u.Opaque != "" {
		return false
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return false
		}
	}
	return loopbackName(u.Hostname())
}

// quoted quotes a header value for a message, shortened.
func quoted(s string) string {
	const max = 64
	if len(s) > max {
		s = s[:max] + "…"
	}
	return strconv.Quote(s)
}
