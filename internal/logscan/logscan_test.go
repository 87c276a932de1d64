package logscan_test

import (
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/ticketbooth/ticketbooth/internal/logscan"
)

// recorder is a testing.TB that keeps the failures it is given.
type recorder struct {
	testing.TB
	errors []string
	fatal  bool
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}
func (r *recorder) Fatalf(format string, args ...any) {
	r.Errorf(format, args...)
	r.fatal = true
}

const pemKey = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgAbCdEfGhIjKlMnOp
QrStUvWxYz0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQR
STUV==
-----END PRIVATE KEY-----
`

func TestAssertNoSecrets(t *testing.T) {
	const key = "5ecret-key-0123456789abcdef"
	tests := []struct {
		name    string
		output  string
		secrets []string
		want    []string // substrings of the failures, one per failure
	}{
		{"clean", `{"msg":"issued","userId":"alice"}`, []string{key}, nil},
		{"empty secrets skipped", "anything", []string{"", ""}, nil},
		{"no secrets", "anything", nil, nil},
		{"plain", "key=" + key, []string{"other-secret-value", key}, []string{"log contains secret 2 of 2 (27 bytes"}},
		{"two leaks, two failures", key + " other-secret-value", []string{key, "other-secret-value"}, []string{"secret 1 of 2", "secret 2 of 2"}},
		{"URL-query-escaped", "GET /x?k=abc%2Fdef%3D%3D", []string{"abc/def=="}, []string{"URL-query-escaped"}},
		{"URL-path-escaped", "GET /a%20b%3Fc/", []string{"a b?c"}, []string{"URL-path-escaped"}},
		{"JSON-escaped as slog writes it", `{"v":"say \"hi\" <now>"}`, []string{`say "hi" <now>`}, []string{"JSON-escaped"}},
		{"JSON-escaped as encoding/json writes it", `{"v":"a\u0026b\"c"}`, []string{`a&b"c`}, []string{"JSON-escaped"}},
		{"whole PEM", "key: " + pemKey, []string{pemKey}, []string{"secret 1 of 1"}},
		{"one PEM line", "…QrStUvWxYz0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQR…", []string{pemKey}, []string{"line 3 of secret 1 of 1"}},
		{"PEM armour and short lines are not secret", "-----BEGIN PRIVATE KEY----- STUV==", []string{pemKey}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &recorder{TB: t}
			clean := logscan.AssertNoSecretsIn(r, "log", tt.output, tt.secrets...)
			if clean != (len(tt.want) == 0) {
				t.Errorf("clean = %v, want %v", clean, len(tt.want) == 0)
			}
			if len(r.errors) != len(tt.want) {
				t.Fatalf("failures = %q, want %d matching %q", r.errors, len(tt.want), tt.want)
			}
			for i, w := range tt.want {
				if !strings.Contains(r.errors[i], w) {
					t.Errorf("failure %d = %q, want it to contain %q", i, r.errors[i], w)
				}
			}
			for _, e := range r.errors {
				for _, s := range tt.secrets {
					if len(s) > 4 && strings.Contains(e, s) {
						t.Errorf("the failure %q shows the secret itself", e)
					}
				}
			}
		})
	}
}

func TestAssertNoSecretsDefaultWhere(t *testing.T) {
	r := &recorder{TB: t}
	if logscan.AssertNoSecrets(r, "xx-secret-value-xx", "secret-value") || len(r.errors) != 1 ||
		!strings.HasPrefix(r.errors[0], "captured output contains secret 1 of 1 (12 bytes, starting \"sec\"…)") {
		t.Errorf("failures = %q", r.errors)
	}
}

func TestLabel(t *testing.T) {
	tests := []struct {
		name   string
		secret string
		want   string
	}{
		{"long", "abcdefghijklmnop", `secret 1 of 3 (16 bytes, starting "abcd"…)`},
		{"short shows less", "abcdef", `secret 1 of 3 (6 bytes, starting "a"…)`},
		{"tiny shows nothing", "abc", `secret 1 of 3 (3 bytes, starting ""…)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := logscan.Label(0, 3, tt.secret); got != tt.want {
				t.Errorf("Label = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestBufferConcurrent(t *testing.T) {
	var b logscan.Buffer
	log := slog.New(slog.NewJSONHandler(&b, nil))
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for j := range 50 {
				log.Info("line", "writer", i, "n", j)
			}
		})
	}
	wg.Wait()
	lines := b.Lines()
	if len(lines) != 400 {
		t.Fatalf("lines = %d, want 400", len(lines))
	}
	if got := logscan.JSONLines(t, b.String()); len(got) != 400 || got[0]["msg"] != "line" {
		t.Errorf("JSONLines gave %d objects, first %v", len(got), got[0])
	}
	if got := b.Bytes(); string(got) != b.String() {
		t.Error("Bytes and String differ")
	}
}

func TestBufferLines(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"empty", "", nil},
		{"no final newline", "a\nb", []string{"a", "b"}},
		{"blank lines and CRLF dropped", "a\r\n\n\nb\n", []string{"a", "b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b logscan.Buffer
			_, _ = b.Write([]byte(tt.in))
			if got := b.Lines(); fmt.Sprint(got) != fmt.Sprint(tt.want) || len(got) != len(tt.want) {
				t.Errorf("Lines = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestJSONLines(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		wantN     int
		wantFatal bool
	}{
		{"two objects and a blank line", "{\"a\":1}\n\n{\"b\":2}\n", 2, false},
		{"empty", "", 0, false},
		{"not JSON", "{\"a\":1}\nplain text\n", 0, true},
		{"JSON but not an object", "[1,2]\n", 0, true},
		{"null", "null\n", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &recorder{TB: t}
			// The recorder's Fatalf does not stop JSONLines, so its
			// result after a bad line is not looked at.
			got := logscan.JSONLines(r, tt.in)
			if r.fatal != tt.wantFatal {
				t.Fatalf("fatal = %v (%q), want %v", r.fatal, r.errors, tt.wantFatal)
			}
			if !tt.wantFatal && len(got) != tt.wantN {
				t.Errorf("got %d objects, want %d", len(got), tt.wantN)
			}
			for _, e := range r.errors {
				if strings.Contains(e, "plain text") {
					t.Errorf("the failure shows the line: %q", e)
				}
			}
		})
	}
}
