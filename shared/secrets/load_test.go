package secrets_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ticketbooth/ticketbooth/shared/secrets"
	"github.com/ticketbooth/ticketbooth/shared/secrets/secretstest"
)

// needsAPIKeys is a WithCheck check: the document must hold an API key.
func needsAPIKeys(d *secrets.Document) error {
	if len(d.APIKeys) == 0 {
		return errors.New("apiKeys: required by the test")
	}
	return nil
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "secret.json")
	if err := os.WriteFile(good, secretstest.Document(t, 1400000001, hmacKey1), 0o600); err != nil {
		t.Fatal(err)
	}
	pem := filepath.Join(dir, "pem.json")
	// A PEM pasted into secretKey, and the README's placeholder "…".
	if err := os.WriteFile(pem, []byte(`{"apps":[{"sdkAppId":1400000001,"secretKey":"-----BEGIN PRIVATE KEY-----\nMIGH`+hmacKey2+`\n-----END PRIVATE KEY-----\n"}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"PLACEHOLDER": `{"apps":[{"sdkAppId":1400123456,"secretKey":"…"}]}`}
	getenv := func(k string) string { return env[k] }
	tests := []struct {
		name   string
		spec   string
		checks []func(*secrets.Document) error
		want   []string // in the error; nil: no error
	}{
		{"good file", "file:" + good, nil, nil},
		{"missing file", "file:" + filepath.Join(dir, "nope.json"), nil, []string{"nope.json", "no such file"}},
		{"PEM in secretKey", "file:" + pem, nil, []string{"apps[0].secretKey", "ecdsaPrivateKey"}},
		{"placeholder", "env:PLACEHOLDER", nil, []string{"apps[0].secretKey", "printable ASCII"}},
		{"unset variable", "env:UNSET", nil, []string{"env:UNSET", "empty or not set"}},
		{"check fails", "file:" + good, []func(*secrets.Document) error{needsAPIKeys}, []string{"invalid document", "apiKeys: required by the test"}},
		{"bad spec", "nowhere", nil, []string{"env:NAME"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := []secrets.Option{secrets.WithGetenv(getenv)}
			for _, c := range tt.checks {
				opts = append(opts, secrets.WithCheck(c))
			}
			d, err := secrets.Load(context.Background(), tt.spec, opts...)
			if tt.want == nil {
				if err != nil || d == nil {
					t.Fatalf("Load = %v, %v", d, err)
				}
				return
			}
			if err == nil {
				t.Fatalf("Load accepted it")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			if tt.checks != nil && !errors.Is(err, secrets.ErrInvalidDocument) {
				t.Errorf("a failed check is not ErrInvalidDocument: %v", err)
			}
			assertNoSecret(t, "error", err.Error(), secretsIn())
		})
	}
}

func TestSpecLocal(t *testing.T) {
	for spec, want := range map[string]bool{"env:X": true, "file:x.json": true, "aws-sm:x": false, "tencent-ssm:x#current": false} {
		sp, err := secrets.ParseSpec(spec)
		if err != nil {
			if strings.HasPrefix(spec, "tencent-ssm:") || strings.HasPrefix(spec, "aws-sm:") {
				continue // not compiled into this build
			}
			t.Fatal(err)
		}
		if sp.Local() != want {
			t.Errorf("%s: Local() = %v, want %v", spec, sp.Local(), want)
		}
	}
}

// TestCacheCheck: a document failing a WithCheck check is refused at the
// first fetch (no document: ErrUnavailable, naming the field) and, when a
// refresh brings it, leaves the good one in use.
func TestCacheCheck(t *testing.T) {
	withKey := []byte(`{"apps":[{"sdkAppId":1400000001,"secretKey":"` + hmacKey1 + `"}],"apiKeys":[{"id":"b","sha256":"` + apiKeyHash + `"}]}`)
	withoutKey := secretstest.Document(t, 1400000001, hmacKey2)

	t.Run("first fetch", func(t *testing.T) {
		src := secretstest.NewSource(withoutKey, "v1")
		c, _, logs := testCache(t, src, secrets.WithCheck(needsAPIKeys))
		_, err := c.Get(context.Background())
		if !errors.Is(err, secrets.ErrUnavailable) || !errors.Is(err, secrets.ErrInvalidDocument) || !strings.Contains(err.Error(), "apiKeys: required") {
			t.Fatalf("Get = %v, want unavailable naming apiKeys", err)
		}
		if !strings.Contains(logs.String(), "apiKeys: required") {
			t.Errorf("the log does not say why:\n%s", logs)
		}
	})
	t.Run("refresh", func(t *testing.T) {
		src := secretstest.NewSource(withKey, "v1")
		c, clk, logs := testCache(t, src, secrets.WithCheck(needsAPIKeys))
		if _, err := c.Get(context.Background()); err != nil {
			t.Fatal(err)
		}
		src.Set(withoutKey, "v2")
		clk.Advance(6 * time.Minute)
		_, _ = c.Get(context.Background())
		eventually(t, "the refresh", func() bool { return bytes.Contains([]byte(logs.String()), []byte("refresh failed")) })
		s, err := c.Get(context.Background())
		if err != nil || secretKeyOf(t, s) != hmacKey1 || s.Version != "v1" {
			t.Fatalf("Get after a document failing the check = %v, %v; want the old one", s, err)
		}
		if !strings.Contains(logs.String(), "apiKeys: required") {
			t.Errorf("the log does not say why:\n%s", logs)
		}
	})
}
