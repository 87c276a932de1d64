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

// startRoute returns the route literal main.go passes to faas.Start.
func startRoute(t *testing.T, file string) string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var routes []string
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "Start" || len(call.Args) != 2 {
			return true
		}
		if pkg, ok := sel.X.(*ast.Ident); !ok || pkg.Name != "faas" {
			return true
		}
		lit, ok := call.Args[1].(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			t.Errorf("%s: faas.Start's route is not a string literal", file)
			return true
		}
		s, err := strconv.Unquote(lit.Value)
		if err != nil {
			t.Fatal(err)
		}
		routes = append(routes, s)
		return true
	})
	if len(routes) != 1 {
		t.Fatalf("%s calls faas.Start %d times, want once", file, len(routes))
	}
	return routes[0]
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
			got := startRoute(t, filepath.Join(e.Name(), "main.go"))
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
