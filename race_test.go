package ticketbooth_test

import (
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestRacePackages keeps the Makefile's package lists true: RACE_PKGS (the
// packages make test runs with the race detector) must hold every package
// with tests whose own code starts goroutines or uses sync or sync/atomic,
// and SCF_PKGS (run again with -tags scf) every package whose files differ
// under that tag.
func TestRacePackages(t *testing.T) {
	race, scf := makeList(t, "RACE_PKGS"), makeList(t, "SCF_PKGS")
	var concurrent, tagged []string
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if name := d.Name(); path != "." && (name == "testdata" || name == "node_modules" || strings.HasPrefix(name, ".") || name == "build" || name == "bin") {
			return filepath.SkipDir
		}
		plain, err1 := build.Default.ImportDir(path, 0)
		ctx := build.Default
		ctx.BuildTags = []string{"scf"}
		withTag, err2 := ctx.ImportDir(path, 0)
		if err1 != nil && err2 != nil {
			return nil // no Go package here
		}
		pkg := "./" + filepath.ToSlash(path)
		if plain == nil || withTag == nil || !slices.Equal(files(plain), files(withTag)) {
			tagged = append(tagged, pkg)
		}
		for _, p := range []*build.Package{plain, withTag} {
			if p != nil && len(p.TestGoFiles)+len(p.XTestGoFiles) > 0 && usesConcurrency(t, path, p.GoFiles) {
				concurrent = append(concurrent, pkg)
				break
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range concurrent {
		if !slices.Contains(race, p) {
			t.Errorf("%s starts goroutines or uses sync/atomic and has tests: add it to RACE_PKGS in the Makefile (and say why)", p)
		}
	}
	for _, p := range race {
		if !slices.Contains(concurrent, p) {
			t.Errorf("RACE_PKGS lists %s, which has no goroutine or sync of its own (or no tests)", p)
		}
	}
	slices.Sort(tagged)
	slices.Sort(scf)
	if !slices.Equal(tagged, scf) {
		t.Errorf("SCF_PKGS = %v, but the packages whose files differ under -tags scf are %v", scf, tagged)
	}
}

// files lists a package's Go files of every kind.
func files(p *build.Package) []string {
	return slices.Concat(p.GoFiles, p.TestGoFiles, p.XTestGoFiles)
}

// usesConcurrency reports whether the non-test files start a goroutine or
// import sync or sync/atomic.
func usesConcurrency(t *testing.T, dir string, names []string) bool {
	t.Helper()
	fset := token.NewFileSet()
	for _, n := range names {
		f, err := parser.ParseFile(fset, filepath.Join(dir, n), nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			if p, _ := strconv.Unquote(imp.Path.Value); p == "sync" || p == "sync/atomic" {
				return true
			}
		}
		found := false
		ast.Inspect(f, func(n ast.Node) bool {
			if _, ok := n.(*ast.GoStmt); ok {
				found = true
			}
			return !found
		})
		if found {
			return true
		}
	}
	return false
}

// makeList returns the words of a Makefile variable set with := over
// backslash-continued lines.
func makeList(t *testing.T, name string) []string {
	t.Helper()
	data, err := os.ReadFile("Makefile")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.ReplaceAll(string(data), "\\\n", " ")
	for line := range strings.SplitSeq(text, "\n") {
		if v, ok := strings.CutPrefix(line, name+" :="); ok {
			return strings.Fields(v)
		}
	}
	t.Fatalf("Makefile defines no %s :=", name)
	return nil
}
