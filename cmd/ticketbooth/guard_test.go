package main

import (
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/ticketbooth/ticketbooth/internal/logscan"
	"github.com/ticketbooth/ticketbooth/shared/secrets"
)

// TestDevGuard is the hostile table of the local server's Host and Origin
// guard (issue 10 item 1: DNS rebinding and cross-site requests reaching
// dev auth).
func TestDevGuard(t *testing.T) {
	const port = 8080
	p := strconv.Itoa(port)
	reached := 0
	h := devGuard(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { reached++ }), port, []string{"https://app.example.com", "*"})
	tests := []struct {
		name    string
		host    string
		origins []string
		code    string // "" when the request passes
	}{
		{"localhost", "localhost:" + p, nil, ""},
		{"localhost in capitals", "LOCALHOST:" + p, nil, ""},
		{"IPv4 loopback", "127.0.0.1:" + p, nil, ""},
		{"another IPv4 loopback", "127.0.0.2:" + p, nil, ""},
		{"IPv6 loopback", "[::1]:" + p, nil, ""},
		{"loopback origin", "127.0.0.1:" + p, []string{"http://localhost:3000"}, ""},
		{"loopback origin, IPv6, https", "127.0.0.1:" + p, []string{"https://[::1]:5173"}, ""},
		{"loopback origin without a port", "127.0.0.1:" + p, []string{"http://127.0.0.1"}, ""},
		{"listed origin", "localhost:" + p, []string{"https://app.example.com"}, ""},
		{"listed origin in capitals", "localhost:" + p, []string{"HTTPS://APP.EXAMPLE.COM"}, ""},

		{"rebound name", "evil.example:" + p, nil, "host_not_allowed"},
		{"rebinding service name", "127.0.0.1.nip.io:" + p, nil, "host_not_allowed"},
		{"localhost subdomain", "app.localhost:" + p, nil, "host_not_allowed"},
		{"localhost with a trailing dot", "localhost.:" + p, nil, "host_not_allowed"},
		{"localhost as a suffix", "evil-localhost:" + p, nil, "host_not_allowed"},
		{"another port", "localhost:8081", nil, "host_not_allowed"},
		{"no port (80)", "localhost", nil, "host_not_allowed"},
		{"empty port", "localhost:", nil, "host_not_allowed"},
		{"no Host", "", nil, "host_not_allowed"},
		{"wildcard address", "0.0.0.0:" + p, nil, "host_not_allowed"},
		{"IPv6 wildcard", "[::]:" + p, nil, "host_not_allowed"},
		{"decimal IPv4", "2130706433:" + p, nil, "host_not_allowed"},
		{"short IPv4", "127.1:" + p, nil, "host_not_allowed"},
		{"IPv6 loopback with a zone", "[::1%25lo]:" + p, nil, "host_not_allowed"},
		{"private address", "192.168.1.10:" + p, nil, "host_not_allowed"},
		{"user info trick", "localhost:" + p + "@evil.example", nil, "host_not_allowed"},
		{"port with a suffix", "localhost:" + p + "0", nil, "host_not_allowed"},

		{"foreign origin", "127.0.0.1:" + p, []string{"https://evil.example"}, "origin_not_allowed"},
		{"foreign origin posing as localhost", "127.0.0.1:" + p, []string{"http://localhost.evil.example"}, "origin_not_allowed"},
		{"foreign origin under a loopback-looking name", "127.0.0.1:" + p, []string{"http://127.0.0.1.evil.example:" + p}, "origin_not_allowed"},
		{"null origin (sandboxed frame, file:)", "127.0.0.1:" + p, []string{"null"}, "origin_not_allowed"},
		{"file origin", "127.0.0.1:" + p, []string{"file://"}, "origin_not_allowed"},
		{"origin with a path", "127.0.0.1:" + p, []string{"http://localhost:3000/x"}, "origin_not_allowed"},
		{"origin with user info", "127.0.0.1:" + p, []string{"http://evil@localhost:3000"}, "origin_not_allowed"},
		{"two origins", "127.0.0.1:" + p, []string{"http://localhost:3000", "https://evil.example"}, "origin_not_allowed"},
		{"star listed does not admit any origin", "127.0.0.1:" + p, []string{"https://other.example"}, "origin_not_allowed"},
		{"listed origin with another port", "127.0.0.1:" + p, []string{"https://app.example.com:8443"}, "origin_not_allowed"},
		{"listed origin over http", "127.0.0.1:" + p, []string{"http://app.example.com"}, "origin_not_allowed"},
	}
	for _, tt := range tests {
		for _, path := range []string{"/v1/usersig", "/healthz", "/console/", "/anything"} {
			t.Run(tt.name+" "+path, func(t *testing.T) {
				reached = 0
				r := httptest.NewRequest(http.MethodPost, path, strings.NewReader(`{"userId":"alice"}`))
				r.Host = tt.host
				for _, o := range tt.origins {
					r.Header.Add("Origin", o)
				}
				w := httptest.NewRecorder()
				h.ServeHTTP(w, r)
				if tt.code == "" {
					if reached != 1 {
						t.Fatalf("refused: %d %s", w.Code, w.Body)
					}
					return
				}
				if reached != 0 {
					t.Fatal("the request reached the server")
				}
				checkRefusal(t, w.Code, w.Header(), w.Body.Bytes(), tt.code)
			})
		}
	}
}

// checkRefusal wants a JSON 403 with code and a message saying why.
func checkRefusal(t *testing.T, status int, h http.Header, body []byte, code string) {
	t.Helper()
	if status != http.StatusForbidden || !strings.HasPrefix(h.Get("Content-Type"), "application/json") {
		t.Errorf("got %d %s, want a JSON 403", status, h.Get("Content-Type"))
	}
	var e struct {
		Error struct{ Code, Message string }
	}
	if err := json.Unmarshal(body, &e); err != nil {
		t.Fatalf("body %q: %v", body, err)
	}
	if e.Error.Code != code || !strings.Contains(e.Error.Message, "dev auth") {
		t.Errorf("error %+v, want %s saying why", e.Error, code)
	}
}

// TestServeGuardsTheWholeServer runs serve and sends a rebinding page's
// requests: every path is refused, /console/ included, and the log holds no
// key.
func TestServeGuardsTheWholeServer(t *testing.T) {
	base, out, stop := startServe(t, nil)
	addr := strings.TrimPrefix(base, "http://")
	_, port, _ := net.SplitHostPort(addr)
	send := func(method, path, host, origin string) (int, http.Header, []byte) {
		t.Helper()
		r, err := http.NewRequest(method, "http://"+addr+path, strings.NewReader(`{"userId":"alice"}`))
		if err != nil {
			t.Fatal(err)
		}
		r.Header.Set("Content-Type", "application/json")
		r.Host = host
		if origin != "" {
			r.Header.Set("Origin", origin)
		}
		resp, err := http.DefaultClient.Do(r)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, resp.Header, b
	}
	for _, path := range []string{"/v1/usersig", "/v1/privatemapkey", "/v1/roomurl", "/healthz", "/console/", "/console/api/make", "/"} {
		for _, method := range []string{http.MethodGet, http.MethodPost, http.MethodOptions} {
			status, h, body := send(method, path, "rebind.evil.example:"+port, "")
			checkRefusal(t, status, h, body, "host_not_allowed")
			status, h, body = send(method, path, "127.0.0.1:"+port, "https://evil.example")
			checkRefusal(t, status, h, body, "origin_not_allowed")
		}
	}
	if status, _, body := send(http.MethodPost, "/v1/usersig", "localhost:"+port, "http://localhost:3000"); status != http.StatusOK {
		t.Errorf("a loopback page was refused: %d %s", status, body)
	}
	stop()
	secret, _ := devSecretKeys(t)
	logscan.AssertNoSecretsIn(t, "the output", out.String(), secret...)
}

// devSecretKeys returns the keys of the development document serve created.
func devSecretKeys(t *testing.T) ([]string, error) {
	t.Helper()
	data, err := os.ReadFile(devSecretPath)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := secrets.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, a := range doc.Apps {
		out = append(out, a.SecretKey, a.ECDSAPrivateKey)
	}
	return out, nil
}

// FuzzDevGuard sends arbitrary Host and Origin values through the guard: a
// request passes only with a loopback host on the bound port, and an origin
// that is absent, loopback or listed.
func FuzzDevGuard(f *testing.F) {
	for _, s := range [][2]string{
		{"localhost:8080", ""}, {"127.0.0.1:8080", "http://localhost:3000"}, {"[::1]:8080", "https://app.example.com"},
		{"evil.example:8080", ""}, {"localhost.:8080", ""}, {"[::1%25lo]:8080", ""}, {"127.0.0.1:8080", "null"},
		{"127.0.0.1:8080", "http://127.0.0.1.evil.example"}, {"LOCALHOST:8080", "HTTP://LOCALHOST"}, {"[::ffff:127.0.0.1]:8080", ""},
	} {
		f.Add(s[0], s[1])
	}
	const listed = "https://app.example.com"
	h := devGuard(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusTeapot) }), 8080, []string{listed})
	loopback := func(host string) bool {
		if strings.EqualFold(host, "localhost") {
			return true
		}
		ip := net.ParseIP(host)
		return ip != nil && ip.IsLoopback() && !strings.Contains(host, "%")
	}
	f.Fuzz(func(t *testing.T, host, origin string) {
		r := httptest.NewRequest(http.MethodPost, "/v1/usersig", nil)
		r.Host = host
		if origin != "" {
			r.Header.Set("Origin", origin)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != http.StatusTeapot {
			if w.Code != http.StatusForbidden {
				t.Fatalf("refused with %d", w.Code)
			}
			return
		}
		hn, port, err := net.SplitHostPort(host)
		if err != nil || port != "8080" || !loopback(hn) {
			t.Fatalf("Host %q passed", host)
		}
		if origin == "" || strings.EqualFold(origin, listed) {
			return
		}
		u, err := url.Parse(origin)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Path != "" || !loopback(u.Hostname()) {
			t.Fatalf("Origin %q passed", origin)
		}
	})
}
