// Command testfunc is a tiny function used by faas's end-to-end tests: it
// answers every request with what it saw (method, path, query, body,
// RemoteAddr and the auth.Invocation), built for either platform.
package main

import (
	"encoding/json"
	"io"
	"net/http"

	"github.com/ticketbooth/ticketbooth/shared/auth"
	"github.com/ticketbooth/ticketbooth/shared/faas"
)

func main() {
	faas.Start(http.HandlerFunc(echo), "/v1/usersig")
}

func echo(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	inv, _ := auth.InvocationFrom(r.Context())
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{
		"method":      r.Method,
		"path":        r.URL.Path,
		"query":       r.URL.RawQuery,
		"contentType": r.Header.Get("Content-Type"),
		"body":        string(body),
		"remoteAddr":  r.RemoteAddr,
		"invocation":  inv,
	})
}
