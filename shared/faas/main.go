package faas

import (
	"context"
	"fmt"
	"os"

	"github.com/ticketbooth/ticketbooth/shared/fromenv"
)

// Main is the whole of a function's main: the API configured from the
// environment (fromenv.Handler), answering only route and the paths in also
// (every other path is the API's 404), run on this build's platform (Start).
// A bad configuration is printed and exits 1, naming the variables.
func Main(route string, also ...string) {
	paths := append([]string{normalizeRoute(route)}, also...)
	h, err := fromenv.Handler(context.Background(), os.Getenv, fromenv.WithPaths(paths...))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	Start(h, route)
}
