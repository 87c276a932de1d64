//go:build !scf

package faas

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"log"
	"log/slog"
	"net/http"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"

	"github.com/ticketbooth/ticketbooth/internal/logscan"
	"github.com/ticketbooth/ticketbooth/shared/auth"
	"github.com/ticketbooth/ticketbooth/shared/faas/faastest"
)

// invokeAWS runs payload through the real lambda invoke path.
func invokeAWS(t *testing.T, h http.Handler, payload []byte, opts ...Option) []byte {
	t.Helper()
	out, err := lambda.NewHandler(NewHandler(h, testRoute, opts...)).Invoke(context.Background(), payload)
	if err != nil {
		t.Fatalf("Invoke: %v", err)
	}
	return out
}

func TestAWSEvents(t *testing.T) {
	tests := []struct {
		name   string
		file   string // testdata/aws event, "" for a direct invocation
		mutate func(m map[string]any)
		direct string

		method     string
		path       string
		query      map[string][]string
		header     map[string][]string // must be present with exactly these values
		body       string
		remoteAddr string
		inv        auth.Invocation
		status     int // gateway status; 0 for a direct invocation
	}{
		{
			name: "http api v2 no authorizer", file: "aws/apigw-v2-request-no-authorizer.json",
			method: "GET", path: "/v1/usersig", query: map[string][]string{},
			header:     map[string][]string{"User-Agent": {"curl/7.58.0"}, "X-Forwarded-For": {"1.2.3.4"}, "Accept": {"*/*"}, "X-Request-Id": {"LV7fzho-PHcEJPw="}},
			remoteAddr: "1.2.3.4:0",
			inv:        auth.Invocation{Platform: "aws", SourceIP: "1.2.3.4"},
			status:     200,
		},
		{
			name: "http api v2 jwt authorizer", file: "aws/apigw-v2-request-jwt-authorizer.json",
			method: "GET", path: "/v1/usersig",
			query:  map[string][]string{"parameter1": {"value1", "value2"}, "parameter2": {"value"}},
			header: map[string][]string{"Header1": {"value1"}, "Header2": {"value2"}, "Cookie": {"cookie1", "cookie2"}, "X-Request-Id": {"id"}},
			body:   "{\r\n\t\"a\": 1\r\n}",
			// the capture's sourceIp is the literal "IP": no address
			remoteAddr: "",
			inv:        auth.Invocation{Platform: "aws", GatewayJWTClaims: map[string]json.RawMessage{"claim1": json.RawMessage(`"value1"`), "claim2": json.RawMessage(`"value2"`)}},
			status:     200,
		},
		{
			name: "rest api v1", file: "aws/apigw-request.json",
			method: "POST", path: "/v1/usersig", query: map[string][]string{"name": {"me"}},
			header: map[string][]string{
				"Cache-Control":   {"no-cache"},
				"Content-Type":    {"application/json"},
				"X-Forwarded-For": {"54.240.196.186, 54.182.214.83"},
				"X-Request-Id":    {"deef4878-7910-11e6-8f14-25afc3e9ae33"},
			},
			body:       "{\r\n\t\"a\": 1\r\n}",
			remoteAddr: "192.168.196.186:0",
			inv:        auth.Invocation{Platform: "aws", SourceIP: "192.168.196.186"},
			status:     200,
		},
		{
			name: "function url", file: "aws/lambda-urls-request.json",
			method: "POST", path: "/v1/usersig",
			query:      map[string][]string{"parameter1": {"value1", "value2"}, "parameter2": {"value"}},
			header:     map[string][]string{"Header1": {"value1"}, "Header2": {"value1", "value2"}, "Cookie": {"cookie1", "cookie2"}},
			body:       "Hello from client!",
			remoteAddr: "123.123.123.123:0",
			inv:        auth.Invocation{Platform: "aws", SourceIP: "123.123.123.123"},
			status:     200,
		},
		{
			name: "direct invocation", direct: `{"userId":"alice","roomId":1234}`,
			method: "POST", path: "/v1/usersig", query: map[string][]string{},
			header: map[string][]string{"Content-Type": {"application/json"}},
			body:   `{"userId":"alice","roomId":1234}`,
			inv:    auth.Invocation{Platform: "aws", Direct: true},
		},
		{
			name: "v2 named stage prefix stripped", file: "aws/apigw-v2-request-no-authorizer.json",
			mutate: func(m map[string]any) {
				faastest.Set(m, "rawPath", "/prod/v1/usersig")
				faastest.Set(m, "requestContext.http.path", "/prod/v1/usersig")
				faastest.Set(m, "requestContext.stage", "prod")
			},
			method: "GET", path: "/v1/usersig", query: map[string][]string{}, remoteAddr: "1.2.3.4:0",
			inv: auth.Invocation{Platform: "aws", SourceIP: "1.2.3.4"}, status: 200,
		},
		{
			name: "v2 $default stage is never a prefix", file: "aws/apigw-v2-request-no-authorizer.json",
			mutate: func(m map[string]any) { faastest.Set(m, "rawPath", "/$default/v1/usersig") },
			method: "GET", path: "/$default/v1/usersig", query: map[string][]string{}, remoteAddr: "1.2.3.4:0",
			inv: auth.Invocation{Platform: "aws", SourceIP: "1.2.3.4"}, status: 404,
		},
		{
			name: "v1 stage prefix stripped", file: "aws/apigw-request.json",
			mutate: func(m map[string]any) { faastest.Set(m, "path", "/testStage/v1/usersig") },
			method: "POST", path: "/v1/usersig", query: map[string][]string{"name": {"me"}},
			body: "{\r\n\t\"a\": 1\r\n}", remoteAddr: "192.168.196.186:0",
			inv: auth.Invocation{Platform: "aws", SourceIP: "192.168.196.186"}, status: 200,
		},
		{
			name: "v1 base path mapping onto the resource", file: "aws/apigw-request.json",
			mutate: func(m map[string]any) {
				faastest.Set(m, "path", "/tickets/v1/usersig")
				faastest.Set(m, "resource", "/v1/usersig")
			},
			method: "POST", path: "/v1/usersig", query: map[string][]string{"name": {"me"}},
			body: "{\r\n\t\"a\": 1\r\n}", remoteAddr: "192.168.196.186:0",
			inv: auth.Invocation{Platform: "aws", SourceIP: "192.168.196.186"}, status: 200,
		},
		{
			name: "wrong route reaches the handler which answers 404", file: "aws/apigw-v2-request-no-authorizer.json",
			mutate: func(m map[string]any) { faastest.Set(m, "rawPath", "/v1/privatemapkey") },
			method: "GET", path: "/v1/privatemapkey", query: map[string][]string{}, remoteAddr: "1.2.3.4:0",
			inv: auth.Invocation{Platform: "aws", SourceIP: "1.2.3.4"}, status: 404,
		},
		{
			name: "v2 base64 body", file: "aws/apigw-v2-request-no-authorizer.json",
			mutate: func(m map[string]any) {
				faastest.Set(m, "isBase64Encoded", true)
				faastest.Set(m, "body", base64.StdEncoding.EncodeToString([]byte("\x00\xffbinary")))
			},
			method: "GET", path: "/v1/usersig", query: map[string][]string{}, body: "\x00\xffbinary", remoteAddr: "1.2.3.4:0",
			inv: auth.Invocation{Platform: "aws", SourceIP: "1.2.3.4"}, status: 200,
		},
		{
			name: "v1 base64 body", file: "aws/apigw-request.json",
			mutate: func(m map[string]any) {
				faastest.Set(m, "isBase64Encoded", true)
				faastest.Set(m, "body", base64.StdEncoding.EncodeToString([]byte(`{"roomId":1}`)))
			},
			method: "POST", path: "/v1/usersig", query: map[string][]string{"name": {"me"}},
			body: `{"roomId":1}`, remoteAddr: "192.168.196.186:0",
			inv: auth.Invocation{Platform: "aws", SourceIP: "192.168.196.186"}, status: 200,
		},
		{
			name: "v2 array and number claims kept as JSON", file: "aws/apigw-v2-request-jwt-authorizer.json",
			mutate: func(m map[string]any) {
				faastest.Set(m, "requestContext.authorizer.jwt.claims", map[string]any{
					"sub": "alice", "groups": []string{"anchor", "admin"}, "exp": 1700000000, "gone": nil,
				})
				faastest.Set(m, "requestContext.http.sourceIp", "2001:db8::1")
			},
			method: "GET", path: "/v1/usersig",
			query:      map[string][]string{"parameter1": {"value1", "value2"}, "parameter2": {"value"}},
			body:       "{\r\n\t\"a\": 1\r\n}",
			remoteAddr: "[2001:db8::1]:0",
			inv: auth.Invocation{Platform: "aws", SourceIP: "2001:db8::1",
				GatewayJWTClaims: map[string]json.RawMessage{"sub": json.RawMessage(`"alice"`), "groups": json.RawMessage(`["anchor","admin"]`),
					"exp": json.RawMessage(`1700000000`), "gone": json.RawMessage(`null`)}},
			status: 200,
		},
		{
			name: "function url claims are not trusted", file: "aws/lambda-urls-request.json",
			mutate: func(m map[string]any) {
				faastest.Set(m, "requestContext.authorizer.jwt.claims", map[string]any{"sub": "mallory"})
			},
			method: "POST", path: "/v1/usersig",
			query: map[string][]string{"parameter1": {"value1", "value2"}, "parameter2": {"value"}},
			body:  "Hello from client!", remoteAddr: "123.123.123.123:0",
			inv: auth.Invocation{Platform: "aws", SourceIP: "123.123.123.123"}, status: 200,
		},
		{
			name: "rest api authorizer claims are not trusted", file: "aws/apigw-request.json",
			mutate: func(m map[string]any) {
				faastest.Set(m, "requestContext.authorizer.jwt", map[string]any{"claims": map[string]any{"sub": "mallory"}})
			},
			method: "POST", path: "/v1/usersig", query: map[string][]string{"name": {"me"}},
			body: "{\r\n\t\"a\": 1\r\n}", remoteAddr: "192.168.196.186:0",
			inv: auth.Invocation{Platform: "aws", SourceIP: "192.168.196.186"}, status: 200,
		},
		{
			name: "forwarded-for header does not set the address", file: "aws/apigw-v2-request-no-authorizer.json",
			mutate: func(m map[string]any) { faastest.Set(m, "headers.x-forwarded-for", "127.0.0.1") },
			method: "GET", path: "/v1/usersig", query: map[string][]string{},
			header:     map[string][]string{"X-Forwarded-For": {"127.0.0.1"}},
			remoteAddr: "1.2.3.4:0",
			inv:        auth.Invocation{Platform: "aws", SourceIP: "1.2.3.4"}, status: 200,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			payload := []byte(tt.direct)
			if tt.file != "" {
				m := readEvent(t, tt.file)
				if tt.mutate != nil {
					tt.mutate(m)
				}
				payload = faastest.MustJSON(t, m)
			}
			h := &recordingHandler{}
			out := invokeAWS(t, h, payload)
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
			if s.Body != tt.body {
				t.Errorf("body %q, want %q", s.Body, tt.body)
			}
			if s.RemoteAddr != tt.remoteAddr {
				t.Errorf("RemoteAddr %q, want %q", s.RemoteAddr, tt.remoteAddr)
			}
			if !s.HasInvocation {
				t.Fatal("no Invocation on the request context")
			}
			if !reflect.DeepEqual(s.Invocation, tt.inv) {
				t.Errorf("Invocation %+v, want %+v", s.Invocation, tt.inv)
			}
			if tt.status == 0 {
				if strings.Contains(string(out), "statusCode") {
					t.Errorf("direct invocation got a gateway-shaped result: %s", out)
				}
				return
			}
			var resp struct {
				StatusCode int `json:"statusCode"`
			}
			if err := json.Unmarshal(out, &resp); err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != tt.status {
				t.Errorf("statusCode %d, want %d (%s)", resp.StatusCode, tt.status, out)
			}
		})
	}
}

func TestAWSResponses(t *testing.T) {
	binary := []byte{0x89, 'P', 'N', 'G', 0xff, 0x00, 0xfe}
	v2 := faastest.MustJSON(t, readEvent(t, "aws/apigw-v2-request-no-authorizer.json"))
	v1 := faastest.MustJSON(t, readEvent(t, "aws/apigw-request.json"))
	url := faastest.MustJSON(t, readEvent(t, "aws/lambda-urls-request.json"))

	t.Run("v2 status, headers, cookies, text body", func(t *testing.T) {
		h := &recordingHandler{answer: func(w http.ResponseWriter, r *http.Request) {
			multiHeaders(w)
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusCreated)
			_, _ = w.Write([]byte(`{"ok":true}`))
		}}
		var got events.APIGatewayV2HTTPResponse
		if err := json.Unmarshal(invokeAWS(t, h, v2), &got); err != nil {
			t.Fatal(err)
		}
		want := events.APIGatewayV2HTTPResponse{
			StatusCode: 201,
			Headers:    map[string]string{"X-Single": "one", "X-Multi": "a,b", "Content-Type": "application/json"},
			Cookies:    []string{"s=1; Path=/", "t=2; Path=/"},
			Body:       `{"ok":true}`,
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("got %+v\nwant %+v", got, want)
		}
	})
	t.Run("function url binary body is base64", func(t *testing.T) {
		h := &recordingHandler{answer: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "image/png")
			_, _ = w.Write(binary)
		}}
		var got events.LambdaFunctionURLResponse
		if err := json.Unmarshal(invokeAWS(t, h, url), &got); err != nil {
			t.Fatal(err)
		}
		dec, err := base64.StdEncoding.DecodeString(got.Body)
		if !got.IsBase64Encoded || err != nil || string(dec) != string(binary) || got.StatusCode != 200 {
			t.Errorf("got %+v (decode err %v), want base64 of the PNG bytes, 200", got, err)
		}
	})
	t.Run("v1 single and multi-value headers, binary body", func(t *testing.T) {
		h := &recordingHandler{answer: func(w http.ResponseWriter, r *http.Request) {
			multiHeaders(w)
			w.Header().Set("Content-Type", "application/octet-stream")
			w.WriteHeader(http.StatusTeapot)
			_, _ = w.Write(binary)
		}}
		var got events.APIGatewayProxyResponse
		if err := json.Unmarshal(invokeAWS(t, h, v1), &got); err != nil {
			t.Fatal(err)
		}
		if got.StatusCode != 418 || !got.IsBase64Encoded || got.Body != base64.StdEncoding.EncodeToString(binary) {
			t.Errorf("status/body: got %+v", got)
		}
		if got.Headers["X-Single"] != "one" || got.Headers["X-Multi"] != "" {
			t.Errorf("headers %v: want X-Single only", got.Headers)
		}
		if want := []string{"a", "b"}; !reflect.DeepEqual(got.MultiValueHeaders["X-Multi"], want) {
			t.Errorf("multiValueHeaders X-Multi = %v, want %v", got.MultiValueHeaders["X-Multi"], want)
		}
		if want := []string{"s=1; Path=/", "t=2; Path=/"}; !reflect.DeepEqual(got.MultiValueHeaders["Set-Cookie"], want) {
			t.Errorf("multiValueHeaders Set-Cookie = %v, want %v", got.MultiValueHeaders["Set-Cookie"], want)
		}
	})
	t.Run("handler writing nothing answers 200", func(t *testing.T) {
		h := &recordingHandler{answer: func(w http.ResponseWriter, r *http.Request) {}}
		var got events.APIGatewayV2HTTPResponse
		if err := json.Unmarshal(invokeAWS(t, h, v2), &got); err != nil {
			t.Fatal(err)
		}
		if got.StatusCode != 200 || got.Body != "" || got.IsBase64Encoded {
			t.Errorf("got %+v, want empty 200", got)
		}
	})
	t.Run("direct result is the body itself, errors too", func(t *testing.T) {
		const errBody = `{"error":{"code":"invalid_room_id","message":"roomId must be between 1 and 4294967295"}}`
		h := &recordingHandler{answer: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			_, _ = w.Write([]byte(errBody + "\n"))
		}}
		jsonEqual(t, invokeAWS(t, h, []byte(`{"roomId":0}`)), []byte(errBody))
	})
	t.Run("direct non-JSON answer becomes an internal error", func(t *testing.T) {
		logger, logs := newLogger()
		h := &recordingHandler{answer: func(w http.ResponseWriter, r *http.Request) {
			_, _ = w.Write([]byte("plain text " + panicSecret))
		}}
		jsonEqual(t, invokeAWS(t, h, []byte(`{}`), WithLogger(logger)), []byte(internalErrorBody))
		logscan.AssertNoSecretsIn(t, "the log", logs.String(), panicSecret)
		if !strings.Contains(logs.String(), "non-JSON") {
			t.Errorf("log: %s", logs)
		}
	})
	t.Run("unparseable path answers 400 and logs no URL", func(t *testing.T) {
		var std bytes.Buffer
		log.SetOutput(&std)
		t.Cleanup(func() { log.SetOutput(os.Stderr) })
		logger, logs := newLogger()
		m := readEvent(t, "aws/apigw-v2-request-no-authorizer.json")
		faastest.Set(m, "rawPath", "/v1/%zz")
		faastest.Set(m, "rawQueryString", "usersig="+panicSecret)
		h := &recordingHandler{}
		var got events.APIGatewayV2HTTPResponse
		if err := json.Unmarshal(invokeAWS(t, h, faastest.MustJSON(t, m), WithLogger(logger)), &got); err != nil {
			t.Fatal(err)
		}
		if got.StatusCode != 400 || h.last != nil {
			t.Errorf("got %+v, handler called %v", got, h.last != nil)
		}
		logscan.AssertNoSecretsIn(t, "the log (query)", logs.String(), panicSecret)
		logscan.AssertNoSecretsIn(t, "the standard log (query)", std.String(), panicSecret)
		logscan.AssertNoSecretsIn(t, "the response body (query)", got.Body, panicSecret)
	})
	t.Run("invalid base64 body answers 400 without quoting it", func(t *testing.T) {
		logger, logs := newLogger()
		m := readEvent(t, "aws/apigw-v2-request-no-authorizer.json")
		faastest.Set(m, "isBase64Encoded", true)
		faastest.Set(m, "body", "%%%"+panicSecret)
		h := &recordingHandler{}
		var got events.APIGatewayV2HTTPResponse
		if err := json.Unmarshal(invokeAWS(t, h, faastest.MustJSON(t, m), WithLogger(logger)), &got); err != nil {
			t.Fatal(err)
		}
		if got.StatusCode != 400 || strings.Contains(got.Body, panicSecret) || !strings.Contains(got.Body, `"bad_request"`) {
			t.Errorf("got %+v", got)
		}
		if h.last != nil {
			t.Error("handler was called for an unreadable request")
		}
		logscan.AssertNoSecretsIn(t, "the log (body)", logs.String(), panicSecret)
	})
}

// TestAWSPanic: a panic while serving any event is recovered once, by the API's Handler, and the
// function answers the API's 500; nothing panics out of the function.
func TestAWSPanic(t *testing.T) {
	v2 := readEvent(t, "aws/apigw-v2-request-jwt-authorizer.json")
	v1 := readEvent(t, "aws/apigw-request.json")
	for _, ev := range []map[string]any{v2, v1} {
		faastest.Set(ev, "body", `{"userId":"u"}`)
		faastest.Set(ev, "headers.content-type", "application/json")
		faastest.Set(ev, "headers.x-api-key", panicSecret)
		delete(ev, "multiValueHeaders")
	}
	faastest.Set(v2, "requestContext.http.method", "POST")
	tests := []struct {
		name    string
		payload []byte
		gateway bool
	}{
		{"http api v2", faastest.MustJSON(t, v2), true},
		{"rest api v1", faastest.MustJSON(t, v1), true},
		{"direct", []byte(`{"userId":"u"}`), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			logger, logs := newLogger()
			out := invokeAWS(t, panickingAPI(t, logger), tt.payload, WithLogger(logger))
			body := out
			if tt.gateway {
				var resp struct {
					StatusCode int               `json:"statusCode"`
					Headers    map[string]string `json:"headers"`
					Body       string            `json:"body"`
				}
				if err := json.Unmarshal(out, &resp); err != nil {
					t.Fatal(err)
				}
				if resp.StatusCode != 500 || resp.Headers["X-Request-Id"] == "" {
					t.Errorf("got status %d headers %v, want the API's 500", resp.StatusCode, resp.Headers)
				}
				body = []byte(resp.Body)
			}
			jsonEqual(t, body, []byte(internalErrorBody))
			checkPanicLog(t, logs.String())
		})
	}
}

// TestHostileEventsAWS is the hostile table of the Lambda classifier: each
// event is served as the shape it positively is, or refused without
// reaching the handler.
func TestHostileEventsAWS(t *testing.T) {
	for _, tt := range hostileEvents {
		t.Run(tt.name, func(t *testing.T) {
			h := &recordingHandler{}
			logs := &logscan.Buffer{}
			out, err := lambda.NewHandler(NewHandler(h, testRoute, WithLogger(slog.New(slog.NewJSONHandler(logs, nil))))).Invoke(context.Background(), []byte(tt.event))
			if err != nil {
				if !json.Valid([]byte(tt.event)) && tt.aws == "refused" {
					return // the Lambda library refuses what is not JSON
				}
				t.Fatalf("Invoke: %v", err)
			}
			h.mu.Lock()
			s := h.last
			h.mu.Unlock()
			checkHostile(t, tt.name, tt.aws, out, s, logs.String())
			if s != nil && tt.aws == "direct" && !s.Invocation.Direct {
				t.Errorf("a direct invocation without Direct: %+v", s.Invocation)
			}
		})
	}
}
