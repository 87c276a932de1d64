package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/ticketbooth/ticketbooth/internal/batchwrite"
	"github.com/ticketbooth/ticketbooth/internal/console"
	"github.com/ticketbooth/ticketbooth/shared/api"
	"github.com/ticketbooth/ticketbooth/shared/auth"
	"github.com/ticketbooth/ticketbooth/shared/fromenv"
	"github.com/ticketbooth/ticketbooth/shared/policy"
	"github.com/ticketbooth/ticketbooth/shared/secrets"
)

func init() {
	commands["serve"] = command{summary: "run the HTTP API locally (development keys on first run)", run: runServe}
}

// Local server defaults (docs/DESIGN.md, "Configuration"): a development secret document next to
// the working directory, and dev auth (the body names the user).
const (
	devSecretPath   = ".ticketbooth/dev-secret.json"
	devSecretSpec   = "file:" + devSecretPath
	devAuth         = "dev"
	devSDKAppID     = 1400000000 // not a real app: Tencent's ids start at 1400000001
	defaultAddr     = "127.0.0.1:8080"
	shutdownTimeout = 10 * time.Second
)

const serveUsage = `Usage: ticketbooth serve [--addr 127.0.0.1:8080]

Runs the HTTP API (POST /v1/usersig, /v1/privatemapkey, /v1/roomurl, GET /healthz)
as one local server, configured like the functions from TICKETBOOTH_* variables,
with a web console at /console/ (inspect, make and explain tickets) while dev auth
is on.
Unset, TICKETBOOTH_SECRET is file:.ticketbooth/dev-secret.json (created on first
run with random development keys, mode 0600) and TICKETBOOTH_AUTH is dev, which
lets any loopback caller name any user: never expose it. dev auth is refused on a
non-loopback address. Ctrl-C stops the server cleanly.
`

func runServe(c *cli, args []string) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return serve(ctx, c, args, nil)
}

// serve runs the server until ctx ends. ready, when set, is told the bound
// address once the server accepts connections (tests bind 127.0.0.1:0).
func serve(ctx context.Context, c *cli, args []string, ready func(addr string)) int {
	fs := newFlagSet("serve")
	addr := fs.String("addr", defaultAddr, "`host:port` to listen on (127.0.0.1:0 picks a free port)")
	if code, done := parseFlags(c, fs, "serve", serveUsage, args); done {
		return code
	}
	if err := noArgs(fs); err != nil {
		return fail(c, "serve", err)
	}
	if err := checkAddr(*addr); err != nil {
		return fail(c, "serve", err)
	}
	env := func(name string) string {
		v := c.getenv(name)
		if strings.TrimSpace(v) != "" {
			return v
		}
		switch name {
		case "TICKETBOOTH_SECRET":
			return devSecretSpec
		case "TICKETBOOTH_AUTH":
			return devAuth
		}
		return ""
	}

	acfg, err := auth.FromEnv(env)
	if err != nil {
		return fail(c, "serve", err)
	}
	dev := slices.Contains(acfg.Methods, auth.MethodDev)
	if dev && !loopbackAddr(*addr) {
		return fail(c, "serve", usagef("TICKETBOOTH_AUTH includes dev, which lets any caller name any user: "+
			"it runs only on a loopback address (127.0.0.1, ::1, localhost), not %q", *addr))
	}
	if strings.TrimSpace(c.getenv("TICKETBOOTH_SECRET")) == "" {
		created, err := ensureDevSecret(devSecretPath)
		if err != nil {
			return fail(c, "serve", err)
		}
		if created {
			fmt.Fprintf(c.stderr, "ticketbooth serve: created development keys in %s (mode 0600; git-ignored)\n", devSecretPath)
		}
	}

	// The configuration, and a local secret document, are checked before
	// the server listens: a bad one stops it here with the message naming
	// the variable or field.
	// The log, audit lines included, reaches stderr in batches written off
	// the request path (one write per request costs about a third of it);
	// the deferred Close writes what is left before serve returns.
	logOut := batchwrite.New(c.stderr)
	defer logOut.Close()
	logger := api.NewLogger(logOut) // slog JSON lines, the audit line appended by hand
	h, err := fromenv.Handler(ctx, env, fromenv.WithLogger(logger))
	if err != nil {
		return fail(c, "serve", err)
	}
	handler, consoleOn, err := mount(ctx, env, *addr, acfg.Methods, local(h), logger)
	if err != nil {
		return fail(c, "serve", err)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fail(c, "serve", err)
	}
	defer ln.Close()
	// The guard wraps the whole server, the API and the console mounted
	// beside it: dev auth trusts every loopback caller, and a browser is one.
	if dev {
		handler = devGuard(handler, ln.Addr().(*net.TCPAddr).Port, corsOrigins(env))
	}
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       time.Minute,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	bound := ln.Addr().String()
	printBanner(c.stdout, c.stderr, dialable(bound), acfg.Methods)
	if consoleOn {
		fmt.Fprintf(c.stdout, "Console: http://%s%s\n", dialable(bound), console.Prefix)
	}

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	if ready != nil {
		ready(bound)
	}
	select {
	case err := <-errc:
		return fail(c, "serve", err)
	case <-ctx.Done():
	}
	fmt.Fprintln(c.stderr, "ticketbooth serve: shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fail(c, "serve", fmt.Errorf("shutdown: %w", err))
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fail(c, "serve", err)
	}
	return exitOK
}

// local marks every request as arriving at the local server, which is what
// dev auth requires besides a loopback caller.
func local(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host, _, err := net.SplitHostPort(r.RemoteAddr)
		if err != nil {
			host = r.RemoteAddr
		}
		ctx := auth.WithInvocation(r.Context(), auth.Invocation{Platform: "local", SourceIP: host})
		h.ServeHTTP(w, r.WithContext(ctx))
	})
}

// corsOrigins is TICKETBOOTH_CORS_ORIGINS as a list (fromenv.Handler validates it).
func corsOrigins(env func(string) string) []string {
	if v := env("TICKETBOOTH_CORS_ORIGINS"); v != "" {
		return strings.Split(v, ",")
	}
	return nil
}

// checkAddr refuses a listen address net.Listen would reject with a
// puzzling message: a bare port, or no port.
func checkAddr(addr string) error {
	if _, err := strconv.ParseUint(addr, 10, 16); err == nil {
		return usagef("--addr %s has no host: give host:port, e.g. 127.0.0.1:%s", addr, addr)
	}
	if _, _, err := net.SplitHostPort(addr); err != nil {
		return usagef("--addr must be host:port, e.g. 127.0.0.1:8080")
	}
	return nil
}

// loopbackAddr reports whether a listen address binds a loopback interface only.
func loopbackAddr(addr string) bool { return console.Loopback(addr) }

// mount puts the console at /console/ in front of the API when console.Enabled allows it (a
// loopback address, dev auth on); otherwise the API alone answers, and /console/ is its 404.
// The console reads the same secret document as the API, through its own cache.
func mount(ctx context.Context, env func(string) string, addr string, methods []auth.Method, apiHandler http.Handler, logger *slog.Logger) (http.Handler, bool, error) {
	if !console.Enabled(addr, methods) {
		return apiHandler, false, nil
	}
	scfg, err := secrets.FromEnv(env)
	if err != nil {
		return nil, false, err
	}
	keys, err := secrets.Open(ctx, scfg.Spec, append(scfg.Options(), secrets.WithLogger(logger), secrets.WithGetenv(env))...)
	if err != nil {
		return nil, false, fmt.Errorf("TICKETBOOTH_SECRET: %w", err)
	}
	pol, err := policy.FromEnv(env)
	if err != nil {
		return nil, false, err
	}
	ch, err := console.New(console.Config{Keys: keys, Policy: pol, Algorithm: env("TICKETBOOTH_ALGORITHM")})
	if err != nil {
		return nil, false, err
	}
	mux := http.NewServeMux()
	mux.Handle(console.Prefix, ch)
	mux.Handle("/", apiHandler)
	return mux, true, nil
}

// ensureDevSecret creates a development secret document at path unless one
// exists: a random HMAC secret key and a P-256 key for the one app
// devSDKAppID. The directory is 0700, the file 0600, written whole or not at all.
func ensureDevSecret(path string) (created bool, err error) {
	if _, err := os.Stat(path); err == nil {
		return false, nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return false, err
	}
	var raw [32]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return false, err
	}
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return false, err
	}
	der, err := x509.MarshalPKCS8PrivateKey(k)
	if err != nil {
		return false, err
	}
	doc := secrets.Document{Apps: []secrets.App{{
		SDKAppID:        devSDKAppID,
		SecretKey:       "dev-" + hex.EncodeToString(raw[:]),
		ECDSAPrivateKey: string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})),
		Default:         true,
	}}}
	data, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return false, err
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return false, fmt.Errorf("create %s: %w", dir, err)
	}
	tmp, err := os.CreateTemp(dir, ".dev-secret-*")
	if err != nil {
		return false, fmt.Errorf("create the development keys: %w", err)
	}
	defer os.Remove(tmp.Name()) // after the rename this removes nothing
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return false, err
	}
	if _, err := tmp.Write(append(data, '\n')); err != nil {
		tmp.Close()
		return false, fmt.Errorf("write the development keys: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return false, err
	}
	if err := os.Link(tmp.Name(), path); err != nil { // fails if another run created it first
		if errors.Is(err, fs.ErrExist) {
			return false, nil
		}
		return false, fmt.Errorf("install the development keys: %w", err)
	}
	return true, nil
}

// printBanner tells the developer where the server is and what to paste. The
// warning goes to stderr, the curl lines to stdout; neither holds a key.
func printBanner(stdout, stderr io.Writer, addr string, methods []auth.Method) {
	dev := slices.Contains(methods, auth.MethodDev)
	if dev {
		fmt.Fprint(stderr, `
********************************************************************************
*  DEVELOPMENT SERVER: TICKETBOOTH_AUTH includes "dev", so ANY caller on this  *
*  machine can get tickets for ANY user and ANY privileges. Never expose it.   *
********************************************************************************
`)
	}
	base := "http://" + addr
	cred, user := curlCredential(methods)
	fmt.Fprintf(stdout, `ticketbooth serve: listening on %s
Try:
  curl -fsS %s/healthz
  curl -fsS -X POST %s/v1/usersig -H 'Content-Type: application/json'%s -d '{%s}'
  curl -fsS -X POST %s/v1/privatemapkey -H 'Content-Type: application/json'%s -d '{%s"roomId":1234,"privileges":["join","send-audio","recv-audio"]}'
  curl -fsS -X POST %s/v1/roomurl -H 'Content-Type: application/json'%s -d '{%s"roomId":1234}'
`, base, base, base, cred, strings.TrimSuffix(user, ","), base, cred, user, base, cred, user)
}

// curlCredential is the header a caller of the configured methods sends and
// the body's userId member: only callers trusted to name users send one (the
// others get tickets for their own identity, and naming anyone is a 403).
func curlCredential(methods []auth.Method) (header, userField string) {
	const alice = `"userId":"alice",`
	switch {
	case slices.Contains(methods, auth.MethodDev):
		return "", alice
	case slices.Contains(methods, auth.MethodAPIKey):
		return " -H 'X-Api-Key: <your key>'", alice
	case slices.Contains(methods, auth.MethodJWT):
		return " -H 'Authorization: Bearer <token>'", ""
	case slices.Contains(methods, auth.MethodWeChatCode):
		return " -H 'X-WX-Code: <code from wx.login>'", ""
	}
	return "", ""
}

// dialable turns a bound address into one a curl on this machine can reach:
// a server listening on every interface (0.0.0.0, ::) is reached on loopback.
func dialable(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		return net.JoinHostPort("127.0.0.1", port)
	}
	return addr
}
