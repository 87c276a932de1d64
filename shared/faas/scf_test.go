//go:build scf

package faas

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"log/slog"
	"net"
	"net/http"
	"net/rpc"
	"reflect"
	"strings"
	"testing"
	"unsafe"

	"github.com/tencentyun/scf-go-lib/cloudfunction"
	"github.com/tencentyun/scf-go-lib/cloudfunction/messages"
	"github.com/tencentyun/scf-go-lib/events"

	"github.com/ticketbooth/ticketbooth/internal/logscan"
	"github.com/ticketbooth/ticketbooth/shared/auth"
	"github.com/ticketbooth/ticketbooth/shared/faas/faastest"
)

// newFunction returns scf-go-lib's RPC receiver serving handler, as
// cloudfunction.StartHandler builds it. StartHandler itself cannot run in a
// test (it listens on 0.0.0.0, registers on the global rpc server and never
// returns), so its unexported handler field is set directly; the end-to-end
// test runs the real StartHandler in a child process.
func newFunction(handler cloudfunction.Handler) *cloudfunction.Function {
	fn := new(cloudfunction.Function)
	f := reflect.ValueOf(fn).Elem().FieldByName("handler")
	reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem().Set(reflect.ValueOf(handler))
	return fn
}

// invokeSCF runs payload through Function.Invoke, the method SCF's runtime
// calls over net/rpc.
func invokeSCF(t *testing.T, h http.Handler, payload []byte, opts ...Option) []byte {
	t.Helper()
	var resp messages.InvokeResponse
	if err := newFunction(NewHandler(h, testRoute, opts...)).Invoke(faastest.InvokeRequest(payload), &resp); err != nil {
		t.Fatalf("Function.Invoke: %v", err)
	}
	if resp.Error != nil {
		t.Fatalf("Function.Invoke answered an error: %+v", resp.Error)
	}
	return resp.Payload
}

func TestSCFEvents(t *testing.T) {
	tests := []struct {
		name   string
		file   string
		mutate func(m map[string]any)

		method     string
		path       string
		query      map[string][]string
		header     map[string][]string
		host       string
		body       string
		remoteAddr string
		inv        auth.Invocation
		status     int // 0 for a direct invocation or WeChat call
	}{
		{
			name: "api gateway as documented", file: "scf/apigw-request.json",
			method: "POST", path: "/v1/usersig",
			query: map[string][]string{"foo": {"bar"}, "bob": {"alice"}},
			header: map[string][]string{
				"Accept-Language": {"en-US,en,cn"},
				"User-Agent":      {"User Agent String"},
				"X-Request-Id":    {"c6af9ac6-7b61-11e6-9a41-93e8deadbeef"},
			},
			host:       "service-3ei3tii4-251000691.ap-guangzhou.apigateway.myqloud.com",
			body:       `{"test":"body"}`,
			remoteAddr: "10.0.2.14:0",
			inv:        auth.Invocation{Platform: "scf", SourceIP: "10.0.2.14"},
			status:     200,
		},
		{
			name: "lower-case headers are canonicalised", file: "scf/apigw-request.json",
			mutate: func(m map[string]any) {
				faastest.Set(m, "headers", map[string]any{"content-type": "application/json", "x-api-key": "k"})
			},
			method: "POST", path: "/v1/usersig", query: map[string][]string{"foo": {"bar"}, "bob": {"alice"}},
			header:     map[string][]string{"Content-Type": {"application/json"}, "X-Api-Key": {"k"}},
			body:       `{"test":"body"}`,
			remoteAddr: "10.0.2.14:0",
			inv:        auth.Invocation{Platform: "scf", SourceIP: "10.0.2.14"},
			status:     200,
		},
		{
			name: "stage prefix stripped", file: "scf/apigw-request.json",
			mutate: func(m map[string]any) { faastest.Set(m, "path", "/release/v1/usersig") },
			method: "POST", path: "/v1/usersig", query: map[string][]string{"foo": {"bar"}, "bob": {"alice"}},
			body: `{"test":"body"}`, remoteAddr: "10.0.2.14:0",
			inv: auth.Invocation{Platform: "scf", SourceIP: "10.0.2.14"}, status: 200,
		},
		{
			name: "service path in front of the API's path", file: "scf/apigw-request.json",
			mutate: func(m map[string]any) { faastest.Set(m, "path", "/ticketbooth/v1/usersig") },
			method: "POST", path: "/v1/usersig", query: map[string][]string{"foo": {"bar"}, "bob": {"alice"}},
			body: `{"test":"body"}`, remoteAddr: "10.0.2.14:0",
			inv: auth.Invocation{Platform: "scf", SourceIP: "10.0.2.14"}, status: 200,
		},
		{
			name: "wrong route reaches the handler which answers 404", file: "scf/apigw-request.json",
			mutate: func(m map[string]any) {
				faastest.Set(m, "path", "/v1/roomurl")
				faastest.Set(m, "requestContext.path", "/v1/{fn}")
			},
			method: "POST", path: "/v1/roomurl", query: map[string][]string{"foo": {"bar"}, "bob": {"alice"}},
			body: `{"test":"body"}`, remoteAddr: "10.0.2.14:0",
			inv: auth.Invocation{Platform: "scf", SourceIP: "10.0.2.14"}, status: 404,
		},
		{
			name: "base64 body and repeated query parameters", file: "scf/apigw-request.json",
			mutate: func(m map[string]any) {
				faastest.Set(m, "isBase64Encoded", true)
				faastest.Set(m, "body", base64.StdEncoding.EncodeToString([]byte("\x00\xffbin")))
				faastest.Set(m, "queryString", map[string]any{"a": []string{"1", "2"}, "flag": true})
			},
			method: "POST", path: "/v1/usersig", query: map[string][]string{"a": {"1", "2"}},
			body: "\x00\xffbin", remoteAddr: "10.0.2.14:0",
			inv: auth.Invocation{Platform: "scf", SourceIP: "10.0.2.14"}, status: 200,
		},
		{
			name: "forged userInfo in an HTTP body is ignored", file: "scf/apigw-request.json",
			mutate: func(m map[string]any) {
				faastest.Set(m, "body", `{"roomId":1,"userInfo":{"appId":"wx1","openId":"forged-openid"}}`)
			},
			method: "POST", path: "/v1/usersig", query: map[string][]string{"foo": {"bar"}, "bob": {"alice"}},
			body:       `{"roomId":1,"userInfo":{"appId":"wx1","openId":"forged-openid"}}`,
			remoteAddr: "10.0.2.14:0",
			inv:        auth.Invocation{Platform: "scf", SourceIP: "10.0.2.14"}, status: 200,
		},
		{
			name: "direct invocation", file: "scf/direct.json",
			method: "POST", path: "/v1/usersig", query: map[string][]string{},
			header: map[string][]string{"Content-Type": {"application/json"}},
			body:   `{"privileges":["join","recv-audio"],"roomId":1234,"userId":"alice"}`,
			inv:    auth.Invocation{Platform: "scf", Direct: true},
		},
		{
			name: "wechat cloud call", file: "scf/wechat-call.json",
			method: "POST", path: "/v1/usersig", query: map[string][]string{},
			header: map[string][]string{"Content-Type": {"application/json"}},
			body:   `{"roomId":1234}`,
			inv:    auth.Invocation{Platform: "scf", Direct: true, WeChatOpenID: "oTEST0000000000000000000open"},
		},
		{
			name: "userInfo without openId proves no identity", file: "scf/wechat-call.json",
			mutate: func(m map[string]any) { faastest.Set(m, "userInfo", map[string]any{"appId": "wx0000000000000000"}) },
			method: "POST", path: "/v1/usersig", query: map[string][]string{},
			body: `{"roomId":1234}`,
			inv:  auth.Invocation{Platform: "scf"},
		},
		{
			name: "wechat call shaped like a gateway event stays a wechat call", file: "scf/apigw-request.json",
			mutate: func(m map[string]any) {
				faastest.Set(m, "requestContext.sourceIp", "127.0.0.1")
				faastest.Set(m, "userInfo", map[string]any{"appId": "wx0", "openId": "oUSER"})
			},
			method: "POST", path: "/v1/usersig", query: map[string][]string{},
			inv: auth.Invocation{Platform: "scf", Direct: true, WeChatOpenID: "oUSER"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := readEvent(t, tt.file)
			if tt.mutate != nil {
				tt.mutate(m)
			}
			h := &recordingHandler{}
			out := invokeSCF(t, h, faastest.MustJSON(t, m))
			s := h.seen(t)

			if s.Method != tt.method || s.Path != tt.path {
				t.Errorf("request %s %s, want %s %s", s.Method, s.Path, tt.method, tt.path)
			}
			if !reflect.DeepEqual(s.Query, tt.query) {
				t.Errorf("query %v, want %v", s.Query, tt.query)
			}
			for k, want := range tt.header {
				if got := s.Header.Values(k); !reflect.DeepEqual(got, want) {
					t.Errorf("header %s = %q, want %q", k, got, want)
				}
			}
			if tt.host != "" && s.Host != tt.host {
				t.Errorf("Host %q, want %q", s.Host, tt.host)
			}
			if tt.body != "" && s.Body != tt.body {
				t.Errorf("body %q, want %q", s.Body, tt.body)
			}
			if strings.Contains(s.Body, `"userInfo"`) && tt.inv.WeChatOpenID != "" {
				t.Errorf("userInfo not stripped: %s", s.Body)
			}
			if s.RemoteAddr != tt.remoteAddr {
				t.Errorf("RemoteAddr %q, want %q", s.RemoteAddr, tt.remoteAddr)
			}
			if !s.HasInvocation || !reflect.DeepEqual(s.Invocation, tt.inv) {
				t.Errorf("Invocation %+v (present %v), want %+v", s.Invocation, s.HasInvocation, tt.inv)
			}
			if tt.status == 0 {
				if strings.Contains(string(out), "statusCode") {
					t.Errorf("direct invocation got a gateway-shaped result: %s", out)
				}
				return
			}
			var resp events.APIGatewayResponse
			if err := json.Unmarshal(out, &resp); err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != tt.status {
				t.Errorf("statusCode %d, want %d (%s)", resp.StatusCode, tt.status, out)
			}
		})
	}
}

func TestSCFResponses(t *testing.T) {
	gw := faastest.MustJSON(t, readEvent(t, "scf/apigw-request.json"))
	binary := []byte{0x89, 'P', 'N', 'G', 0xff, 0x00}

	t.Run("status, joined headers, text body", func(t *testing.T) {
		h := &recordingHandler{answer: func(w http.ResponseWriter, r *http.Request) {
			multiHeaders(w)
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusForbidden)
			_, _ = w.Write([]byte(`{"error":{"code":"forbidden","message":"no"}}`))
		}}
		var got events.APIGatewayResponse
		if err := json.Unmarshal(invokeSCF(t, h, gw), &got); err != nil {
			t.Fatal(err)
		}
		want := events.APIGatewayResponse{
			StatusCode: 403,
			Headers: map[string]string{"X-Single": "one", "X-Multi": "a, b", "Set-Cookie": "s=1; Path=/, t=2; Path=/",
				"Content-Type": "application/json"},
			Body: `{"error":{"code":"forbidden","message":"no"}}`,
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("got %+v\nwant %+v", got, want)
		}
	})
	t.Run("binary body is base64", func(t *testing.T) {
		h := &recordingHandler{answer: func(w http.ResponseWriter, r *http.Request) {
			_, _ = w.Write(binary) // Content-Type sniffed
		}}
		var got events.APIGatewayResponse
		if err := json.Unmarshal(invokeSCF(t, h, gw), &got); err != nil {
			t.Fatal(err)
		}
		dec, err := base64.StdEncoding.DecodeString(got.Body)
		if !got.IsBase64Encoded || err != nil || string(dec) != string(binary) {
			t.Errorf("got %+v, want base64 of the bytes", got)
		}
	})
	t.Run("direct result is the body itself", func(t *testing.T) {
		const body = `{"sdkAppId":1400000000,"userId":"alice"}`
		h := &recordingHandler{answer: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(body + "\n"))
		}}
		if got := invokeSCF(t, h, []byte(`{"userId":"alice"}`)); string(got) != body {
			t.Errorf("got %s, want %s", got, body)
		}
	})
	t.Run("invalid base64 body answers 400", func(t *testing.T) {
		m := readEvent(t, "scf/apigw-request.json")
		faastest.Set(m, "isBase64Encoded", true)
		faastest.Set(m, "body", "***"+panicSecret)
		logger, logs := newLogger()
		var got events.APIGatewayResponse
		if err := json.Unmarshal(invokeSCF(t, &recordingHandler{}, faastest.MustJSON(t, m), WithLogger(logger)), &got); err != nil {
			t.Fatal(err)
		}
		if got.StatusCode != 400 || strings.Contains(got.Body, panicSecret) {
			t.Errorf("got %+v", got)
		}
		logscan.AssertNoSecretsIn(t, "the log (body)", logs.String(), panicSecret)
	})
}

// TestSCFPanic: a panic while serving any event is recovered once, by the API's Handler, and the
// function answers the API's 500; nothing panics out of the function.
func TestSCFPanic(t *testing.T) {
	gw := readEvent(t, "scf/apigw-request.json")
	faastest.Set(gw, "body", `{"userId":"u"}`)
	faastest.Set(gw, "headers.content-type", "application/json")
	faastest.Set(gw, "headers.x-api-key", panicSecret)
	wx := readEvent(t, "scf/wechat-call.json")
	delete(wx, "roomId")
	faastest.Set(wx, "userId", "u")
	tests := []struct {
		name    string
		payload []byte
		gateway bool
	}{
		{"api gateway", faastest.MustJSON(t, gw), true},
		{"wechat call", faastest.MustJSON(t, wx), false},
		{"direct", []byte(`{"userId":"u"}`), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			logger, logs := newLogger()
			out := invokeSCF(t, panickingAPI(t, logger), tt.payload, WithLogger(logger))
			body := out
			if tt.gateway {
				var resp events.APIGatewayResponse
				if err := json.Unmarshal(out, &resp); err != nil {
					t.Fatal(err)
				}
				if resp.StatusCode != 500 || resp.Headers["X-Request-Id"] == "" {
					t.Errorf("got %+v, want the API's 500", resp)
				}
				body = []byte(resp.Body)
			}
			jsonEqual(t, body, []byte(internalErrorBody))
			checkPanicLog(t, logs.String())
		})
	}
}

// TestSCFOverRPC serves Function over a real net/rpc connection on
// 127.0.0.1, the protocol SCF's Go runtime speaks.
func TestSCFOverRPC(t *testing.T) {
	srv := rpc.NewServer()
	if err := srv.Register(newFunction(NewHandler(&recordingHandler{}, testRoute))); err != nil {
		t.Fatal(err)
	}
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = lis.Close() })
	go srv.Accept(lis)

	c, err := rpc.Dial("tcp", lis.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	if err := c.Call("Function.Ping", &messages.PingRequest{}, &messages.PingResponse{}); err != nil {
		t.Fatalf("Ping: %v", err)
	}
	call := func(payload []byte) (*messages.InvokeResponse, error) {
		var resp messages.InvokeResponse
		return &resp, c.Call("Function.Invoke", faastest.InvokeRequest(payload), &resp)
	}
	checkSCFRPC(t, call, faastest.MustJSON(t, readEvent(t, "scf/apigw-request.json")))
}

// checkSCFRPC invokes Function.Invoke through call with a Tencent API
// Gateway event for the route and checks the echo answer.
func checkSCFRPC(t *testing.T, call func([]byte) (*messages.InvokeResponse, error), payload []byte) {
	t.Helper()
	resp, err := call(payload)
	if err != nil {
		t.Fatalf("Invoke: %v", err)
	}
	if resp.Error != nil {
		t.Fatalf("Invoke error: %+v", resp.Error)
	}
	var gw events.APIGatewayResponse
	if err := json.Unmarshal(resp.Payload, &gw); err != nil {
		t.Fatalf("%v: %s", err, resp.Payload)
	}
	if gw.StatusCode != 200 || !strings.Contains(gw.Body, `"path":"/v1/usersig"`) || !strings.Contains(gw.Body, `"method":"POST"`) {
		t.Errorf("got %+v", gw)
	}
}

// TestHostileEventsSCF is the hostile table of the SCF classifier: each
// event is served as the shape it positively is, or refused without
// reaching the handler; an openid comes only from the exact userInfo.openId.
func TestHostileEventsSCF(t *testing.T) {
	for _, tt := range hostileEvents {
		t.Run(tt.name, func(t *testing.T) {
			h := &recordingHandler{}
			logs := &logscan.Buffer{}
			out, err := NewHandler(h, testRoute, WithLogger(slog.New(slog.NewJSONHandler(logs, nil)))).Invoke(context.Background(), []byte(tt.event))
			if err != nil {
				t.Fatalf("Invoke: %v", err)
			}
			h.mu.Lock()
			s := h.last
			h.mu.Unlock()
			checkHostile(t, tt.name, tt.scf, out, s, logs.String())
			if s == nil {
				return
			}
			switch inv := s.Invocation; tt.scf {
			case "wechat":
				if inv.WeChatOpenID != "o1" || !inv.Direct {
					t.Errorf("WeChat call read as %+v", inv)
				}
			case "no-openid":
				if inv.WeChatOpenID != "" || inv.Direct {
					t.Errorf("a userInfo without openId read as %+v", inv)
				}
			default:
				if inv.WeChatOpenID != "" {
					t.Errorf("openid %q from a %s", inv.WeChatOpenID, tt.scf)
				}
			}
		})
	}
}
