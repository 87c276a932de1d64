package auth_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
)

// wechatServer speaks jscode2session: each code maps to a script of
// errcodes replied in turn (the last one repeats); 0 means success.
type wechatServer struct {
	*httptest.Server
	hits    atomic.Int64
	mu      sync.Mutex
	scripts map[string][]int
	queries []url.Values
	status  int    // non-200 status to send instead, if set
	junk    string // a non-JSON body to send instead, if set
	echo    bool   // reply an error whose errmsg quotes the query (secret and code)
}

func newWeChatServer(t testing.TB) *wechatServer {
	t.Helper()
	s := &wechatServer{scripts: map[string][]int{}}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.hits.Add(1)
		if r.URL.Path != "/sns/jscode2session" || r.Method != http.MethodGet {
			http.NotFound(w, r)
			return
		}
		q := r.URL.Query()
		s.mu.Lock()
		s.queries = append(s.queries, q)
		status, junk, echo := s.status, s.junk, s.echo
		script := s.scripts[q.Get("js_code")]
		code := 40029
		if len(script) > 0 {
			code = script[0]
			if len(script) > 1 {
				s.scripts[q.Get("js_code")] = script[1:]
			}
		}
		s.mu.Unlock()
		if status != 0 {
			http.Error(w, "upstream error", status)
			return
		}
		// WeChat labels this JSON text/plain.
		w.Header().Set("Content-Type", "text/plain")
		if junk != "" {
			fmt.Fprint(w, junk)
			return
		}
		if echo {
			fmt.Fprintf(w, `{"errcode":40125,"errmsg":%q}`, "invalid appsecret "+q.Get("secret")+" for code "+q.Get("js_code")+", rid: 1")
			return
		}
		if q.Get("appid") != testAppID || q.Get("secret") != testAppSec || q.Get("grant_type") != "authorization_code" {
			fmt.Fprint(w, `{"errcode":40125,"errmsg":"invalid appsecret"}`)
			return
		}
		if code == 0 {
			// The openid is derived from the code without containing it.
			fmt.Fprintf(w, `{"openid":"oOPENID%d","session_key":%q,"unionid":"oUNION-1"}`, len(q.Get("js_code")), sessionKey)
			return
		}
		fmt.Fprintf(w, `{"errcode":%d,"errmsg":"scripted error"}`, code)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *wechatServer) script(code string, errcodes ...int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.scripts[code] = errcodes
}
