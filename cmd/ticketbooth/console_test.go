package main

import (
	"io"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/ticketbooth/ticketbooth/internal/console"
	"github.com/ticketbooth/ticketbooth/internal/logscan"
	"github.com/ticketbooth/ticketbooth/shared/secrets"
)

// startServe runs serve on 127.0.0.1:0 in a fresh directory with env and returns its base URL
// and its captured output; the server stops when the test ends.
func get(t *testing.T, url string) (*http.Response, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(b)
}

func TestServeMountsTheConsoleWithDevAuth(t *testing.T) {
	base, out, _ := startServe(t, nil)
	resp, page := get(t, base+"/console/")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Security-Policy") != console.ContentSecurityPolicy || !strings.Contains(page, "ticketbooth console") {
		t.Fatalf("GET /console/ = %d %q", resp.StatusCode, resp.Header.Get("Content-Security-Policy"))
	}
	_, cfg := get(t, base+"/console/api/config")
	if !strings.Contains(cfg, `"sdkAppId":1400000000`) {
		t.Errorf("config = %s", cfg)
	}
	// The API still answers beside it.
	if resp, _ := get(t, base+"/healthz"); resp.StatusCode != 200 {
		t.Errorf("healthz = %d", resp.StatusCode)
	}
	if !strings.Contains(out.String(), "Console: "+base+"/console/\n") {
		t.Errorf("the banner does not point to the console:\n%s", out.String())
	}
	doc := readDevSecret(t)
	logscan.AssertNoSecretsIn(t, "console answers and server output", page+cfg+out.String(), doc...)
}

func TestServeHasNoConsoleWithOtherAuth(t *testing.T) {
	for _, methods := range []string{"apikey", "jwt"} {
		t.Run(methods, func(t *testing.T) {
			// A document holding what apikey and jwt need (serve refuses one without).
			doc := `{"apps":[{"sdkAppId":1400000001,"secretKey":"5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e"}],` +
				`"apiKeys":[{"id":"backend-1","sha256":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"}],` +
				`"jwt":{"issuer":"https://issuer.example","audience":"trtc","hs256Secret":"0123456789abcdef0123456789abcdef"}}`
			base, out, _ := startServe(t, map[string]string{"TICKETBOOTH_AUTH": methods, "TICKETBOOTH_SECRET": "env:TB_DOC", "TB_DOC": doc})
			for _, path := range []string{"/console/", "/console/api/config", "/console/console.js"} {
				resp, body := get(t, base+path)
				if resp.StatusCode != http.StatusNotFound || !strings.Contains(body, `"code":"not_found"`) || resp.Header.Get("Content-Security-Policy") != "" {
					t.Errorf("GET %s = %d %s, want the API's 404", path, resp.StatusCode, body)
				}
			}
			if strings.Contains(out.String(), "Console:") {
				t.Errorf("the banner offers a console:\n%s", out.String())
			}
		})
	}
}

// TestFunctionsDoNotLinkTheConsole: no cloud build carries the console (nor its QR library).
func TestFunctionsDoNotLinkTheConsole(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	for _, tags := range []string{"lambda.norpc", "scf"} {
		t.Run(tags, func(t *testing.T) {
			out, err := exec.Command(goTool, "list", "-tags", tags, "-deps", "../../functions/...").CombinedOutput()
			if err != nil {
				t.Fatalf("go list: %v\n%s", err, out)
			}
			for _, pkg := range []string{"github.com/ticketbooth/ticketbooth/internal/console", "github.com/skip2/go-qrcode"} {
				if strings.Contains(string(out), pkg+"\n") {
					t.Errorf("a function links %s", pkg)
				}
			}
			if !strings.Contains(string(out), "github.com/ticketbooth/ticketbooth/shared/api\n") {
				t.Error("go list found no function (shared/api is not among the dependencies)")
			}
		})
	}
}

// readDevSecret returns the keys of the development document serve created in the working
// directory.
func readDevSecret(t *testing.T) []string {
	t.Helper()
	data, err := os.ReadFile(devSecretPath)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := secrets.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, a := range doc.Apps {
		keys = append(keys, a.SecretKey, a.ECDSAPrivateKey)
	}
	return keys
}
