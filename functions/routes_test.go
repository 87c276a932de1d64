// Package functions_test checks the wiring of the deployable functions: each
// serves its own route of the API, and every issuance route has a function.
package functions_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"github.com/ticketbooth/ticketbooth/shared/api"
)

// mainRoutes returns the route literals main.go passes to faas.Main: the
// function's route, then the other paths it also serves.
func mainRoutes(t *testing.T, file string) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var calls [][]string
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "Main" {
			return true
		}
		if pkg, ok := sel.X.(*ast.Ident); !ok || pkg.Name != "faas" {
			return true
		}
		var routes []string
		for _, arg := range call.Args {
			lit, ok := arg.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				t.Errorf("%s: faas.Main's routes are not string literals", file)
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil {
				t.Fatal(err)
			}
			routes = append(routes, s)
		}
		calls = append(calls, routes)
		return true
	})
	if len(calls) != 1 || len(calls[0]) == 0 {
		t.Fatalf("%s calls faas.Main %d times, want once with its route", file, len(calls))
	}
	return calls[0]
}

// mainIsWiring fails t unless file's main is the one faas.Main call.
func mainIsWiring(t *testing.T, file string) {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range f.Decls {
		fn, ok := d.(*ast.FuncDecl)
		if !ok {
			continue
		}
		if fn.Name.Name != "main" || len(fn.Body.List) != 1 {
			t.Errorf("%s: declares %s, or a main of more than the faas.Main call: functions are wiring only", file, fn.Name.Name)
		}
	}
}

func TestEachFunctionServesItsOwnRoute(t *testing.T) {
	var posts []string
	for _, rt := range api.Routes() {
		if rt.Method == http.MethodPost {
			posts = append(posts, rt.Path)
		}
	}
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	var served []string
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		t.Run(e.Name(), func(t *testing.T) {
			file := filepath.Join(e.Name(), "main.go")
			mainIsWiring(t, file)
			routes := mainRoutes(t, file)
			got := routes[0]
			wantAlso := []string(nil)
			if e.Name() == "usersig" {
				wantAlso = []string{"/healthz"} // the gateways' health check
			}
			if also := routes[1:]; !slices.Equal(also, wantAlso) {
				t.Errorf("functions/%s also serves %v, want %v", e.Name(), also, wantAlso)
			}
			if want := "/v1/" + e.Name(); got != want {
				t.Errorf("functions/%s serves %q, want %q", e.Name(), got, want)
			}
			if !slices.Contains(posts, got) {
				t.Errorf("functions/%s serves %q, which is not a POST route of the API (%v)", e.Name(), got, posts)
			}
			served = append(served, got)
		})
	}
	slices.Sort(served)
	slices.Sort(posts)
	if !slices.Equal(served, posts) {
		t.Errorf("the functions serve %v, want one function per POST route %v", served, posts)
	}
}
