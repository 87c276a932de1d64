package faas

import (
	"net"
	"os"
	"path/filepath"
	"testing"
)

// addSeeds adds every testdata event of a platform plus hostile shapes.
func addSeeds(f *testing.F, dir string, hostile ...string) {
	files, err := filepath.Glob(filepath.Join("testdata", dir, "*.json"))
	if err != nil || len(files) == 0 {
		f.Fatalf("no seeds in testdata/%s: %v", dir, err)
	}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, s := range append(hostile,
		``, `null`, `[]`, `"str"`, `1e999`, `{}`, `{"a":`, "\xff\xfe", `{"body":"\u0000"}`,
		`[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]`,
	) {
		f.Add([]byte(s))
	}
}

// checkRemote verifies the RemoteAddr invariant: empty, or "ip:0" for the
// Invocation's SourceIP.
func checkRemote(t *testing.T, s *seen) {
	t.Helper()
	if s.RemoteAddr == "" {
		return
	}
	host, port, err := net.SplitHostPort(s.RemoteAddr)
	if err != nil || port != "0" || net.ParseIP(host) == nil || host != s.Invocation.SourceIP {
		t.Fatalf("RemoteAddr %q with SourceIP %q", s.RemoteAddr, s.Invocation.SourceIP)
	}
}
