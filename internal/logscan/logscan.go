package logscan

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"testing"
)

// Buffer is an io.Writer safe for concurrent use: handlers, loggers and a
// child process's output copiers may write to it while the test reads it.
// The zero value is ready to use.
type Buffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

// Write appends p; it never fails.
func (b *Buffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

// String returns everything written so far.
func (b *Buffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// Bytes returns a copy of everything written so far.
func (b *Buffer) Bytes() []byte {
	b.mu.Lock()
	defer b.mu.Unlock()
	return bytes.Clone(b.b.Bytes())
}

// Lines returns the non-empty lines written so far, without their line ends.
func (b *Buffer) Lines() []string {
	var out []string
	for _, line := range strings.Split(b.String(), "\n") {
		if line = strings.TrimSuffix(line, "\r"); line != "" {
			out = append(out, line)
		}
	}
	return out
}

// JSONLines decodes every non-empty line of output as one JSON object, as
// log/slog's JSONHandler writes them; a line that is not a JSON object fails
// t at once (naming the line by number, not showing it).
func JSONLines(t testing.TB, output string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for n, line := range strings.Split(output, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil || m == nil {
			// The line itself is not shown: it may hold a secret.
			t.Fatalf("log line %d (%d bytes) is not a JSON object: %v", n+1, len(line), err)
		}
		out = append(out, m)
	}
	return out
}

// minLine is the shortest line of a multi-line secret that is looked for on
// its own: shorter lines (a PEM block's last few base64 characters) could
// match by chance.
const minLine = 16

// AssertNoSecrets reports an error on t for every secret that appears in
// output, and returns whether output was clean. See AssertNoSecretsIn.
func AssertNoSecrets(t testing.TB, output string, secrets ...string) bool {
	t.Helper()
	return AssertNoSecretsIn(t, "captured output", output, secrets...)
}

// AssertNoSecretsIn is AssertNoSecrets with where (such as "log" or
// "error") naming the output in the failure message.
//
// Empty secrets are skipped. Each secret is looked for as it is, URL
// query-escaped, URL path-escaped and JSON-string-escaped (so a key that
// reached a URL or a JSON log attribute is still found); each line of a
// multi-line secret that is at least 16 bytes long and not a PEM
// "-----BEGIN/END" line is looked for on its own as well. A failure names
// the secret by its label: its position in secrets, its length and at most
// its first four bytes.
func AssertNoSecretsIn(t testing.TB, where, output string, secrets ...string) bool {
	t.Helper()
	clean := true
	for i, s := range secrets {
		if s == "" {
			continue
		}
		label := Label(i, len(secrets), s)
		if form, ok := find(output, s); ok {
			t.Errorf("%s contains %s%s", where, label, form)
			clean = false
			continue
		}
		if !strings.Contains(s, "\n") {
			continue
		}
		for n, line := range strings.Split(s, "\n") {
			line = strings.TrimSpace(line)
			if len(line) < minLine || strings.HasPrefix(line, "-----") {
				continue
			}
			if form, ok := find(output, line); ok {
				t.Errorf("%s contains line %d of %s%s", where, n+1, label, form)
				clean = false
				break
			}
		}
	}
	return clean
}

// Label names secret i of n without showing it: its position, its length
// and at most its first four bytes (fewer for a short secret).
func Label(i, n int, secret string) string {
	prefix := min(4, len(secret)/4)
	return fmt.Sprintf("secret %d of %d (%d bytes, starting %q…)", i+1, n, len(secret), secret[:prefix])
}

// find reports whether s appears in output as it is or in one of the
// escaped forms, and which form matched ("" for the plain one).
func find(output, s string) (string, bool) {
	if strings.Contains(output, s) {
		return "", true
	}
	forms := []struct{ name, v string }{
		{" URL-query-escaped", url.QueryEscape(s)},
		{" URL-path-escaped", url.PathEscape(s)},
		{" JSON-escaped", jsonEscape(s, false)},
		{" JSON-escaped", jsonEscape(s, true)},
	}
	for _, f := range forms {
		if f.v != s && strings.Contains(output, f.v) {
			return f.name, true
		}
	}
	return "", false
}

// jsonEscape is s as it appears inside a JSON string: as log/slog writes it
// (html false) or as encoding/json does by default (html true: <, > and &
// escaped too).
func jsonEscape(s string, html bool) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(html)
	_ = enc.Encode(s) // a string always encodes
	out := strings.TrimSuffix(b.String(), "\n")
	return out[1 : len(out)-1]
}
