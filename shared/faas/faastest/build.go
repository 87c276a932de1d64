package faastest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// builds caches built binaries for the life of the test binary when Main
// set a directory for them.
var builds struct {
	mu   sync.Mutex
	dir  string // "" unless Main runs
	bins map[string]*build
}

type build struct {
	once sync.Once
	path string
	err  error
}

// Main runs the package's tests with a shared build cache and removes the
// cache when they end. Call it from TestMain:
//
//	func TestMain(m *testing.M) { faastest.Main(m) }
func Main(m *testing.M) {
	dir, err := os.MkdirTemp("", "faastest-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "faastest:", err)
		os.Exit(2)
	}
	builds.mu.Lock()
	builds.dir, builds.bins = dir, map[string]*build{}
	builds.mu.Unlock()
	code := m.Run()
	_ = os.RemoveAll(dir)
	os.Exit(code)
}

// Build builds the main package pkg (a path as go build takes it, relative
// to the test's package directory, or an import path) with the build tags
// for the host, CGO off, and returns the binary's path. Under Main a binary
// is built once per pkg and tags and shared; otherwise it lands in
// t.TempDir. In -short mode the test is skipped.
func Build(t testing.TB, pkg string, tags ...string) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds a function binary")
	}
	builds.mu.Lock()
	dir := builds.dir
	var b *build
	if dir != "" {
		key := pkg + "\x00" + strings.Join(tags, ",")
		b = builds.bins[key]
		if b == nil {
			b = &build{}
			builds.bins[key] = b
		}
	}
	builds.mu.Unlock()
	if b == nil {
		path, err := goBuild(t.TempDir(), pkg, tags)
		if err != nil {
			t.Fatal(err)
		}
		return path
	}
	b.once.Do(func() {
		sub, err := os.MkdirTemp(dir, "bin-")
		if err != nil {
			b.err = err
			return
		}
		b.path, b.err = goBuild(sub, pkg, tags)
	})
	if b.err != nil {
		t.Fatal(b.err)
	}
	return b.path
}

func goBuild(dir, pkg string, tags []string) (string, error) {
	bin := filepath.Join(dir, filepath.Base(pkg))
	// -trimpath and no cgo, as the Makefile builds: the packages compiled
	// for vet and the function zips serve these binaries too.
	args := []string{"build", "-trimpath", "-o", bin}
	if len(tags) > 0 {
		args = append(args, "-tags", strings.Join(tags, ","))
	}
	cmd := exec.Command("go", append(args, pkg)...)
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build -tags %s %s: %v\n%s", strings.Join(tags, ","), pkg, err, out)
	}
	return bin, nil
}

// Modules returns the module paths a built binary links (go version -m).
func Modules(t testing.TB, bin string) []string {
	t.Helper()
	out, err := exec.Command("go", "version", "-m", bin).Output()
	if err != nil {
		t.Fatalf("go version -m %s: %v", bin, err)
	}
	var mods []string
	for line := range strings.SplitSeq(string(out), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "dep" {
			mods = append(mods, f[1])
		}
	}
	return mods
}

// CheckLinks fails t unless bin links a module under each prefix of
// mustLink and none under any prefix of mustNotLink.
func CheckLinks(t testing.TB, bin string, mustLink, mustNotLink []string) {
	t.Helper()
	mods := Modules(t, bin)
	linked := func(prefix string) bool {
		for _, m := range mods {
			if strings.HasPrefix(m, prefix) {
				return true
			}
		}
		return false
	}
	for _, m := range mustLink {
		if !linked(m) {
			t.Errorf("%s does not link %s; it links %v", filepath.Base(bin), m, mods)
		}
	}
	for _, m := range mustNotLink {
		if linked(m) {
			t.Errorf("%s links %s", filepath.Base(bin), m)
		}
	}
}
