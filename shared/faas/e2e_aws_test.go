//go:build !scf

package faas

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
)

// TestAWSFunctionBinary builds a function for Lambda and runs it against a
// local Runtime API, feeding it an HTTP API (v2) event.
func TestAWSFunctionBinary(t *testing.T) {
	bin := buildTestFunc(t, "lambda.norpc",
		[]string{"github.com/aws/aws-lambda-go", "github.com/awslabs/aws-lambda-go-api-proxy"},
		append([]string{"github.com/tencentyun/scf-go-lib"}, forbiddenEverywhere...))

	m := readEvent(t, "aws/apigw-v2-request-jwt-authorizer.json")
	set(m, "rawPath", "/prod/v1/usersig")
	set(m, "requestContext.stage", "prod")
	set(m, "requestContext.http.method", "POST")
	set(m, "requestContext.http.sourceIp", "198.51.100.7")
	set(m, "body", `{"roomId":1234}`)
	event := mustJSON(t, m)

	results := make(chan string, 1)
	stop := make(chan struct{})
	var served atomic.Bool
	mux := http.NewServeMux()
	mux.HandleFunc("GET /2018-06-01/runtime/invocation/next", func(w http.ResponseWriter, r *http.Request) {
		if served.Swap(true) {
			// One invocation is all this test feeds: hold the poll until the end.
			select {
			case <-stop:
			case <-r.Context().Done():
			}
			return
		}
		w.Header().Set("Lambda-Runtime-Aws-Request-Id", "req-1")
		w.Header().Set("Lambda-Runtime-Deadline-Ms", fmt.Sprint(time.Now().Add(time.Minute).UnixMilli()))
		w.Header().Set("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-1:000000000000:function:test")
		_, _ = w.Write(event)
	})
	mux.HandleFunc("POST /2018-06-01/runtime/invocation/req-1/{outcome}", func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.WriteHeader(http.StatusAccepted)
		results <- r.PathValue("outcome") + " " + string(body)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(stop) })

	logs := startProcess(t, bin, "AWS_LAMBDA_RUNTIME_API="+strings.TrimPrefix(srv.URL, "http://"))

	var got string
	select {
	case got = <-results:
	case <-time.After(30 * time.Second):
		t.Fatalf("no response from the function; its output:\n%s", logs)
	}
	outcome, body, _ := strings.Cut(got, " ")
	if outcome != "response" {
		t.Fatalf("function reported %s: %s", outcome, body)
	}
	var resp events.APIGatewayV2HTTPResponse
	if err := json.Unmarshal([]byte(body), &resp); err != nil {
		t.Fatalf("%v: %s", err, body)
	}
	var echo struct {
		Method, Path, Query, Body, RemoteAddr string
		Invocation                            struct {
			Platform         string
			Direct           bool
			GatewayJWTClaims map[string]string
			SourceIP         string
		}
	}
	if err := json.Unmarshal([]byte(resp.Body), &echo); err != nil {
		t.Fatalf("%v: %s", err, resp.Body)
	}
	if resp.StatusCode != 200 || echo.Method != "POST" || echo.Path != "/v1/usersig" || echo.Body != `{"roomId":1234}` ||
		echo.RemoteAddr != "198.51.100.7:0" || echo.Invocation.Platform != "aws" || echo.Invocation.Direct ||
		echo.Invocation.GatewayJWTClaims["claim1"] != "value1" || echo.Query != "parameter1=value1&parameter1=value2&parameter2=value" {
		t.Errorf("got status %d, echo %+v", resp.StatusCode, echo)
	}
}
