package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ticketbooth/ticketbooth/internal/logscan"
	"github.com/ticketbooth/ticketbooth/shared/auth"
	"github.com/ticketbooth/ticketbooth/shared/secrets"
	"github.com/ticketbooth/ticketbooth/shared/tlssig"
)

// startServe runs serve on a free loopback port with env as its
// environment, in a fresh working directory, and returns its base URL, its
// output (stdout and stderr together) and stop, which shuts it down and
// waits for it; the test's cleanup stops it too. stop first when the test
// reads what serve writes at shutdown (the audit log's last lines).
func startServe(t *testing.T, env map[string]string) (base string, out *logscan.Buffer, stop func()) {
	t.Helper()
	t.Chdir(t.TempDir())
	out = &logscan.Buffer{}
	c := &cli{stdin: strings.NewReader(""), stdout: out, stderr: out, getenv: func(k string) string { return env[k] }, now: time.Now}
	ctx, cancel := context.WithCancel(context.Background())
	addrc := make(chan string, 1)
	done := make(chan int, 1)
	go func() { done <- serve(ctx, c, []string{"--addr", "127.0.0.1:0"}, func(a string) { addrc <- a }) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			if code := <-done; code != exitOK {
				t.Errorf("serve exited %d: %s", code, out.String())
			}
		})
	}
	t.Cleanup(stop)
	select {
	case a := <-addrc:
		return "http://" + a, out, stop
	case code := <-done:
		done <- code
		t.Fatalf("serve exited %d before listening: %s", code, out.String())
	}
	return "", nil, nil
}

func TestServe(t *testing.T) {
	base, output, stop := startServe(t, nil)

	for path, mode := range map[string]os.FileMode{".ticketbooth": 0o700 | os.ModeDir, devSecretPath: 0o600} {
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode() != mode {
			t.Errorf("%s mode = %v, want %v", path, fi.Mode(), mode)
		}
	}
	data, err := os.ReadFile(devSecretPath)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := secrets.Parse(data)
	if err != nil {
		t.Fatalf("development document: %v", err)
	}
	app, err := doc.App(0)
	if err != nil || app.SDKAppID != devSDKAppID || app.SecretKey == "" || app.ECDSAPrivateKey == "" {
		t.Fatalf("development app %v: %v", app, err)
	}
	v, err := tlssig.NewHMACVerifier(devSDKAppID, app.SecretKey)
	if err != nil {
		t.Fatal(err)
	}

	post := func(path, body string) (int, map[string]any) {
		t.Helper()
		resp, err := http.Post(base+path, "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var m map[string]any
		if err := json.NewDecoder(resp.Body).Decode(&m); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		return resp.StatusCode, m
	}
	tests := []struct {
		name, path, body, ticketField string
		status                        int
		kind                          tlssig.Kind
	}{
		{"usersig", "/v1/usersig", `{"userId":"alice"}`, "userSig", 200, tlssig.KindUserSig},
		{"privatemapkey", "/v1/privatemapkey", `{"userId":"alice","roomId":1234,"privileges":["join","send-audio","recv-audio"]}`, "privateMapKey", 200, tlssig.KindPrivateMapKey},
		{"roomurl", "/v1/roomurl", `{"userId":"alice","roomId":1234}`, "privateMapKey", 200, tlssig.KindPrivateMapKey},
		{"bad request", "/v1/privatemapkey", `{"userId":"alice","roomId":0}`, "", 400, 0},
	}
	var tickets []string
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, m := post(tt.path, tt.body)
			if status != tt.status {
				t.Fatalf("status = %d, want %d: %v", status, tt.status, m)
			}
			if tt.ticketField == "" {
				if e, _ := m["error"].(map[string]any); e["code"] != "invalid_room_id" {
					t.Errorf("error = %v", m["error"])
				}
				return
			}
			tk, _ := m[tt.ticketField].(string)
			tickets = append(tickets, tk)
			got, err := v.Verify(tk, "alice", time.Now())
			if err != nil || got.Kind != tt.kind {
				t.Errorf("ticket: %v %+v", err, got)
			}
		})
	}
	resp, err := http.Get(base + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || strings.TrimSpace(string(body)) != `{"status":"ok"}` {
		t.Errorf("healthz = %d %s", resp.StatusCode, body)
	}

	stop()
	out := output.String()
	for _, want := range []string{"DEVELOPMENT SERVER", "curl -fsS -X POST " + base + "/v1/usersig", "/v1/roomurl", `"outcome":"issued"`} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	logscan.AssertNoSecretsIn(t, "the output", out, append(tickets, app.SecretKey, app.ECDSAPrivateKey)...)

	// A second run keeps the keys of the first.
	if _, err := ensureDevSecret(devSecretPath); err != nil {
		t.Fatal(err)
	}
	again, _ := os.ReadFile(devSecretPath)
	if !bytes.Equal(again, data) {
		t.Error("a second run replaced the development keys")
	}
}

func TestServeRefusesDevAuthOffLoopback(t *testing.T) {
	t.Chdir(t.TempDir())
	tests := []struct{ name, addr string }{
		{"all interfaces", ":0"},
		{"wildcard address", "0.0.0.0:0"},
		{"public name", "example.com:8080"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr logscan.Buffer
			c := &cli{stdout: &stdout, stderr: &stderr, getenv: func(string) string { return "" }, now: time.Now}
			code := serve(context.Background(), c, []string{"--addr", tt.addr}, func(string) { t.Error("server started") })
			if code != exitUsage || !strings.Contains(stderr.String(), "loopback") {
				t.Errorf("exit %d, stderr %q", code, stderr.String())
			}
			if _, err := os.Stat(devSecretPath); err == nil {
				t.Error("refused run still created keys")
			}
		})
	}
}

func TestLoopbackAddr(t *testing.T) {
	tests := []struct {
		addr string
		want bool
	}{
		{"127.0.0.1:8080", true},
		{"[::1]:8080", true},
		{"localhost:0", true},
		{"0.0.0.0:8080", false},
		{":8080", false},
		{"10.0.0.1:80", false},
		{"nonsense", false},
	}
	for _, tt := range tests {
		t.Run(tt.addr, func(t *testing.T) {
			if got := loopbackAddr(tt.addr); got != tt.want {
				t.Errorf("loopbackAddr(%q) = %v, want %v", tt.addr, got, tt.want)
			}
		})
	}
}

// TestREADMEQuickStartMatchesTheBanner keeps the README's quick start curl
// lines the ones `make run` prints for its default address.
func TestREADMEQuickStartMatchesTheBanner(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	var banner bytes.Buffer
	printBanner(&banner, io.Discard, defaultAddr, []auth.Method{auth.MethodDev})
	var n int
	for _, line := range strings.Split(banner.String(), "\n") {
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, "curl ") {
			continue
		}
		n++
		var route string
		for _, f := range strings.Fields(line) {
			if r, ok := strings.CutPrefix(f, "http://"+defaultAddr); ok {
				route = r
			}
		}
		t.Run(route, func(t *testing.T) {
			if !bytes.Contains(readme, []byte(line+"\n")) {
				t.Errorf("README.md lacks the banner's line\n%s", line)
			}
		})
	}
	if n != 4 {
		t.Errorf("the banner has %d curl lines, want one per route (4)", n)
	}
}

// TestBannerFollowsTheAuthMethod checks the printed curl lines carry the
// credential the configured method expects, and name a user only for callers
// trusted to do so (a JWT or WeChat caller naming one would get a 403).
func TestBannerFollowsTheAuthMethod(t *testing.T) {
	tests := []struct {
		name      string
		methods   []auth.Method
		header    string
		namesUser bool
	}{
		{"dev", []auth.Method{auth.MethodDev}, "", true},
		{"apikey", []auth.Method{auth.MethodAPIKey}, "X-Api-Key: <your key>", true},
		{"jwt", []auth.Method{auth.MethodJWT}, "Authorization: Bearer <token>", false},
		{"jwt and apikey", []auth.Method{auth.MethodJWT, auth.MethodAPIKey}, "X-Api-Key: <your key>", true},
		{"wechat-code", []auth.Method{auth.MethodWeChatCode}, "X-WX-Code: <code from wx.login>", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			printBanner(&out, io.Discard, defaultAddr, tt.methods)
			var posts int
			for _, line := range strings.Split(out.String(), "\n") {
				if !strings.Contains(line, "-X POST") {
					continue
				}
				posts++
				if got := strings.Contains(line, "-H '"+tt.header+"'"); tt.header != "" && !got {
					t.Errorf("line %q lacks header %q", line, tt.header)
				}
				if got := strings.Contains(line, `"userId"`); got != tt.namesUser {
					t.Errorf("line %q: names a user = %v, want %v", line, got, tt.namesUser)
				}
				if !strings.Contains(line, "'{") || strings.Contains(line, "{,") || strings.Contains(line, ",}") {
					t.Errorf("line %q: body is not well-formed JSON", line)
				}
			}
			if posts != 3 {
				t.Errorf("%d POST lines, want 3", posts)
			}
		})
	}
}

func TestDialable(t *testing.T) {
	tests := []struct{ name, bound, want string }{
		{"loopback kept", "127.0.0.1:8080", "127.0.0.1:8080"},
		{"IPv6 loopback kept", "[::1]:8080", "[::1]:8080"},
		{"every IPv4 interface", "0.0.0.0:8080", "127.0.0.1:8080"},
		{"every interface", "[::]:9000", "127.0.0.1:9000"},
		{"a LAN address kept", "192.168.1.5:8080", "192.168.1.5:8080"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := dialable(tt.bound); got != tt.want {
				t.Errorf("dialable(%q) = %q, want %q", tt.bound, got, tt.want)
			}
		})
	}
}

// TestServeRefusesABadDocument: a local secret document that is missing,
// invalid or lacks what TICKETBOOTH_AUTH needs stops serve before it
// listens (exit 1), with the message naming the file or field.
func TestServeRefusesABadDocument(t *testing.T) {
	t.Chdir(t.TempDir())
	const key = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e"
	write := func(name, content string) string {
		if err := os.WriteFile(name, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return "file:" + name
	}
	tests := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"missing file", map[string]string{"TICKETBOOTH_SECRET": "file:my-secret.json"}, "my-secret.json: no such file"},
		{"PEM in secretKey", map[string]string{"TICKETBOOTH_SECRET": write("pem.json", `{"apps":[{"sdkAppId":1400123456,"secretKey":"-----BEGIN PRIVATE KEY-----\nMIGH\n-----END PRIVATE KEY-----"}]}`)},
			"apps[0].secretKey: must be printable ASCII without white space (a PEM key belongs in ecdsaPrivateKey)"},
		{"the README's placeholder", map[string]string{"TICKETBOOTH_SECRET": write("placeholder.json", `{"apps":[{"sdkAppId":1400123456,"secretKey":"…"}]}`)},
			"apps[0].secretKey"},
		{"wechat-code without wechat", map[string]string{"TICKETBOOTH_SECRET": write("nowechat.json", `{"apps":[{"sdkAppId":1400123456,"secretKey":"`+key+`"}]}`), "TICKETBOOTH_AUTH": "wechat-code"},
			"wechat.appId, wechat.appSecret: required by TICKETBOOTH_AUTH method wechat-code"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr logscan.Buffer
			c := &cli{stdout: &stdout, stderr: &stderr, getenv: func(k string) string { return tt.env[k] }, now: time.Now}
			code := serve(context.Background(), c, []string{"--addr", "127.0.0.1:0"}, func(string) { t.Error("server started") })
			if code != exitFail || !strings.Contains(stderr.String(), tt.want) {
				t.Errorf("exit %d, stderr %q; want exit 1 and %q", code, stderr.String(), tt.want)
			}
			if stdout.String() != "" {
				t.Errorf("stdout = %q, want nothing (no banner)", stdout.String())
			}
			logscan.AssertNoSecretsIn(t, "the output", stdout.String()+stderr.String(), key)
		})
	}
}
