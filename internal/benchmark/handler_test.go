package benchmark

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// BenchmarkHandler sends one request per iteration through the Handler, as
// serve and the functions run it (FromEnv), for each route and auth method,
// with the audit line written to a real file; then the same requests
// through the alternative. BenchmarkHandler/usersig/dev-discard is dev with
// the log going to io.Discard: the cost of the audit write itself.
func BenchmarkHandler(b *testing.B) {
	fx := newFixture(b)
	for _, rt := range routes {
		b.Run(rt.name, func(b *testing.B) {
			for _, m := range fx.methods {
				b.Run(m.name, func(b *testing.B) {
					runHandler(b, fx.handler(b, m, auditFile(b)), rt.path, rt.body(m.nameUser), m.header)
				})
			}
			if rt.name == "usersig" {
				b.Run("dev-discard", func(b *testing.B) {
					runHandler(b, fx.handler(b, fx.methods[0], io.Discard), rt.path, rt.body(true), fx.methods[0].header)
				})
			}
			b.Run("alternative", func(b *testing.B) {
				runHandler(b, alternative(sdkAppID, secretKey), rt.path, rt.body(true), func(http.Header, int) {})
			})
		})
	}
}

func runHandler(b *testing.B, h http.Handler, path, body string, credential func(http.Header, int)) {
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		r := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
		r.RemoteAddr = "127.0.0.1:40000"
		r.Header.Set("Content-Type", "application/json")
		credential(r.Header, i)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != http.StatusOK {
			b.Fatalf("%s answered %d: %s", path, w.Code, w.Body)
		}
		i++
	}
}
