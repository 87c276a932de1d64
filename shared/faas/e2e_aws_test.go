//go:build !scf

package faas

import (
	"encoding/json"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"github.com/ticketbooth/ticketbooth/shared/faas/faastest"
)

// TestAWSFunctionBinary builds a function for Lambda and runs it under AWS's
// Lambda Runtime Interface Emulator, feeding it an HTTP API (v2) event.
func TestAWSFunctionBinary(t *testing.T) {
	bin := buildTestFunc(t, "lambda.norpc",
		[]string{"github.com/aws/aws-lambda-go", "github.com/awslabs/aws-lambda-go-api-proxy"},
		append([]string{"github.com/tencentyun/scf-go-lib"}, forbiddenEverywhere...))

	m := readEvent(t, "aws/apigw-v2-request-jwt-authorizer.json")
	faastest.Set(m, "rawPath", "/prod/v1/usersig")
	faastest.Set(m, "requestContext.stage", "prod")
	faastest.Set(m, "requestContext.http.method", "POST")
	faastest.Set(m, "requestContext.http.sourceIp", "198.51.100.7")
	faastest.Set(m, "body", `{"roomId":1234}`)
	event := faastest.MustJSON(t, m)

	fn := faastest.StartLambda(t, bin)
	res := fn.Invoke(t, event)
	if res.Error {
		t.Fatalf("function reported an error: %s", res.Payload)
	}
	body := res.Payload
	var resp events.APIGatewayV2HTTPResponse
	if err := json.Unmarshal(body, &resp); err != nil {
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
