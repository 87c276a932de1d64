package faas

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// buildTestFunc builds internal/testfunc for this test's platform and checks
// which modules the binary links.
func buildTestFunc(t *testing.T, tags string, mustLink, mustNotLink []string) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds a function binary")
	}
	bin := filepath.Join(t.TempDir(), "function")
	build := exec.Command("go", "build", "-tags", tags, "-o", bin, "./internal/testfunc")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build -tags %s: %v\n%s", tags, err, out)
	}
	out, err := exec.Command("go", "version", "-m", bin).Output()
	if err != nil {
		t.Fatalf("go version -m: %v", err)
	}
	var mods []string
	for _, line := range strings.Split(string(out), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "dep" {
			mods = append(mods, f[1])
		}
	}
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
			t.Errorf("binary built with -tags %s does not link %s; it links %v", tags, m, mods)
		}
	}
	for _, m := range mustNotLink {
		if linked(m) {
			t.Errorf("binary built with -tags %s links %s", tags, m)
		}
	}
	return bin
}

// forbiddenEverywhere are the frameworks aws-lambda-go-api-proxy has
// adapters for; its core package must not drag any of them in.
var forbiddenEverywhere = []string{
	"github.com/gin-gonic", "github.com/labstack/echo", "github.com/gofiber", "github.com/kataras/iris",
	"github.com/go-chi", "github.com/gorilla", "github.com/urfave/negroni",
}

// startProcess runs bin with env and stops it at test end.
func startProcess(t *testing.T, bin string, env ...string) *bytes.Buffer {
	t.Helper()
	var out bytes.Buffer
	cmd := exec.Command(bin)
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH")}, env...)
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	return &out
}
