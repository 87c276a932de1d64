package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/ticketbooth/ticketbooth/internal/logscan"
	"github.com/ticketbooth/ticketbooth/shared/tlssig/tlssigtest"
)

// tbBinary is the ticketbooth command built once by TestMain; every CLI test runs it.
var tbBinary string

// coverDir is where a binary built with -cover writes its counters ("" when not measuring).
var coverDir string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "ticketbooth-cli-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	tbBinary = filepath.Join(dir, "ticketbooth")
	if runtime.GOOS == "windows" {
		tbBinary += ".exe"
	}
	flag.Parse()
	// Built as the Makefile builds bin/ticketbooth (no cgo, -trimpath), so
	// the packages compiled for it serve this binary too.
	args := []string{"build", "-trimpath", "-o", tbBinary}
	if f := flag.Lookup("test.gocoverdir"); f != nil && testing.CoverMode() != "" && f.Value.String() != "" {
		// Under go test -cover the binary is built with coverage and writes its counters where
		// the test binary writes its own (GOCOVERDIR, set for every run in fixture.run), so the
		// coverage go test reports counts what the CLI runs, not only the in-process tests.
		// The same mode and package as the test binary's (go test -cover without -coverpkg):
		// go test sums only counters whose meta-data hash matches its own.
		coverDir = f.Value.String()
		args = append(args, "-cover", "-covermode="+testing.CoverMode(), "-coverpkg=github.com/ticketbooth/ticketbooth/cmd/ticketbooth")
	}
	build := exec.Command("go", append(args, ".")...)
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "build ticketbooth:", err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// Keys of the tests. They protect nothing, but the CLI must treat them as secrets: no output may
// contain them.
const (
	testKey   = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e" // the vectors' v2 key
	otherKey  = "an-entirely-different-secret-key-0123456789"
	testAppID = "1400000000"
)

// fixture holds key files written for one test.
type fixture struct {
	dir                        string
	keyFile, pkcs8, sec1, pub  string
	secrets                    []string
	emptyFile, junkPEM, nokeys string
	shortKeyFile               string
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	v1 := tlssigtest.VectorNamed(t, "v1-usersig-pkcs8")
	pkcs8, pub := v1.PrivateKeyPEM, v1.PublicKeyPEM
	sec1 := tlssigtest.VectorNamed(t, "v1-usersig-sec1").PrivateKeyPEM
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	f := &fixture{
		dir:          dir,
		keyFile:      write("secret.txt", "\n  "+testKey+"\n"),
		pkcs8:        write("pkcs8.pem", pkcs8),
		sec1:         write("sec1.pem", sec1),
		pub:          write("pub.pem", pub),
		emptyFile:    write("empty.txt", " \n"),
		shortKeyFile: write("short.txt", "abc\n"),
		junkPEM:      write("junk.pem", "not a key\n"),
		nokeys:       filepath.Join(dir, "does-not-exist"),
		secrets:      []string{testKey, otherKey},
	}
	// Every base64 line of the private keys is secret.
	for _, pemText := range []string{pkcs8, sec1} {
		for _, line := range strings.Split(pemText, "\n") {
			if line != "" && !strings.HasPrefix(line, "-----") {
				f.secrets = append(f.secrets, line)
			}
		}
	}
	return f
}

type result struct {
	stdout, stderr string
	code           int
}

// run runs the built binary with only the environment given (never the caller's
// TICKETBOOTH_KEY) and checks that no secret of f appears in its output.
func (f *fixture) run(t *testing.T, env []string, stdin string, args ...string) result {
	t.Helper()
	cmd := exec.Command(tbBinary, args...)
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + f.dir}, env...)
	if coverDir != "" {
		cmd.Env = append(cmd.Env, "GOCOVERDIR="+coverDir)
	}
	cmd.Dir = f.dir
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	r := result{stdout: out.String(), stderr: errb.String()}
	if ee, ok := err.(*exec.ExitError); ok {
		r.code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("run %v: %v", args, err)
	}
	logscan.AssertNoSecretsIn(t, fmt.Sprintf("the stdout of ticketbooth %v", args), r.stdout, f.secrets...)
	logscan.AssertNoSecretsIn(t, fmt.Sprintf("the stderr of ticketbooth %v", args), r.stderr, f.secrets...)
	return r
}

// ticket runs a signing command that must succeed and returns the ticket it printed.
func (f *fixture) ticket(t *testing.T, env []string, args ...string) string {
	t.Helper()
	r := f.run(t, env, "", args...)
	if r.code != 0 || r.stderr != "" {
		t.Fatalf("ticketbooth %v: exit %d, stderr %q", args, r.code, r.stderr)
	}
	tk, ok := strings.CutSuffix(r.stdout, "\n")
	if !ok || tk == "" || strings.ContainsAny(tk, " \n\t") {
		t.Fatalf("ticketbooth %v printed %q, want one ticket and a newline", args, r.stdout)
	}
	return tk
}

// decodeJSON runs decode on ticket (as an argument) and returns its JSON object.
func (f *fixture) decodeJSON(t *testing.T, ticket string) map[string]any {
	t.Helper()
	r := f.run(t, nil, "", "decode", ticket)
	if r.code != 0 || r.stderr != "" {
		t.Fatalf("decode: exit %d, stderr %q", r.code, r.stderr)
	}
	return parseObject(t, r.stdout)
}

func parseObject(t *testing.T, s string) map[string]any {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("output %q is not a JSON object: %v", s, err)
	}
	if dec.More() {
		t.Fatalf("output %q has more than one JSON value", s)
	}
	return m
}

func num(t *testing.T, m map[string]any, k string) int64 {
	t.Helper()
	n, ok := m[k].(json.Number)
	if !ok {
		t.Fatalf("field %q = %#v, want a number (object %v)", k, m[k], m)
	}
	i, err := n.Int64()
	if err != nil {
		t.Fatalf("field %q: %v", k, err)
	}
	return i
}

// privilegeNames are the privilege names by bit (docs/DESIGN.md), to check decode's output independently.
var privilegeNames = []string{"create", "join", "send-audio", "recv-audio", "send-video", "recv-video", "send-sub", "recv-sub"}

func namesOf(m uint32) []any {
	out := []any{}
	for i, n := range privilegeNames {
		if m&(1<<i) != 0 {
			out = append(out, n)
		}
	}
	return out
}

func oneLine(t *testing.T, s string) {
	t.Helper()
	if strings.Count(s, "\n") != 1 || !strings.HasSuffix(s, "\n") {
		t.Errorf("stderr %q is not exactly one line", s)
	}
}

func rfc3339(unix int64) string { return time.Unix(unix, 0).UTC().Format(time.RFC3339) }
