//go:build !scf

package faas

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/lambda"
)

// FuzzAWSEvent feeds arbitrary events through the lambda invoke path: shape
// detection and conversion must never panic, and identity must come only
// from where it may.
func FuzzAWSEvent(f *testing.F) {
	addSeeds(f, "aws",
		`{"version":"2.0","requestContext":{"http":{"method":"GET"}}}`,
		`{"version":"2.0","rawPath":"//%zz/../x","requestContext":{"http":{"method":"G\nET","sourceIp":"::1"},"stage":"x","authorizer":{"jwt":{"claims":{"a":[1,{"b":null}],"c":null}}}}}`,
		`{"version":"2.0","requestContext":{"http":{"method":"GET"},"domainName":"x.lambda-url.y","authorizer":{"jwt":{"claims":{"sub":"mallory"}}}}}`,
		`{"version":"2.0","requestContext":{"http":{"method":"GET"},"domainName":"h/o st"},"isBase64Encoded":true,"body":"!!"}`,
		`{"httpMethod":"GET","requestContext":{}}`,
		`{"httpMethod":"GET","path":"","requestContext":{"stage":"$default","identity":{"sourceIp":"127.0.0.1"}},"multiValueHeaders":{"a":[]}}`,
		`{"httpMethod":1,"requestContext":{}}`,
		`{"version":2,"requestContext":"x"}`,
		`{"userInfo":{"openId":"o1"},"roomId":1}`,
	)
	f.Fuzz(func(t *testing.T, event []byte) {
		h := &recordingHandler{}
		out, err := lambda.NewHandler(NewHandler(h, testRoute)).Invoke(context.Background(), event)
		if !json.Valid(event) {
			return // Lambda delivers only JSON; the library refuses the rest
		}
		kind, _ := detectAWS(event)
		if err != nil {
			if kind == awsDirect {
				t.Fatalf("direct invocation failed: %v", err)
			}
			return
		}
		if !json.Valid(out) {
			t.Fatalf("result is not JSON: %q", out)
		}
		if kind == awsUnrecognised && !strings.Contains(string(out), `"bad_request"`) {
			t.Fatalf("an unrecognised event was answered %q", out)
		}
		h.mu.Lock()
		s := h.last
		h.mu.Unlock()
		if s == nil {
			if kind == awsDirect {
				t.Fatal("direct invocation did not reach the handler")
			}
			return
		}
		if kind == awsUnrecognised {
			t.Fatal("an unrecognised event reached the handler")
		}
		inv := s.Invocation
		if !s.HasInvocation || inv.Platform != PlatformAWS || inv.WeChatOpenID != "" {
			t.Fatalf("Invocation %+v", inv)
		}
		if inv.Direct != (kind == awsDirect) {
			t.Fatalf("Direct %v for a %s", inv.Direct, kind)
		}
		if inv.GatewayJWTClaims != nil && kind != awsHTTPAPI {
			t.Fatalf("claims from a %s", kind)
		}
		if kind == awsDirect && (s.Method != "POST" || s.Path != testRoute || s.Body != strings.TrimSpace(string(event)) || s.RemoteAddr != "") {
			t.Fatalf("direct request %s %s %q from %q", s.Method, s.Path, s.Body, s.RemoteAddr)
		}
		checkRemote(t, s)
	})
}

// awsOracle is the oracle's reading of detectAWS's rules.
func awsOracle(event []byte) awsKind {
	top := oracleTop(event)
	if top == nil || !oracleDistinct(event) {
		return awsUnrecognised
	}
	if rc, ok := oracleObject(event, top, "requestContext", "requestContext"); ok {
		if top["version"] == "2.0" {
			if h, ok := oracleObject(event, rc, "http", "requestContext", "http"); ok {
				if m, _ := h["method"].(string); m != "" {
					if d, _ := rc["domainName"].(string); strings.Contains(d, ".lambda-url.") {
						return awsFunctionURL
					}
					return awsHTTPAPI
				}
			}
		}
		if m, _ := top["httpMethod"].(string); m != "" {
			return awsREST
		}
	}
	if oraclePlatform(top) {
		return awsUnrecognised
	}
	return awsDirect
}

// FuzzAWSClassifier checks detectAWS against the oracle, and that what does
// not decode is never a direct invocation.
func FuzzAWSClassifier(f *testing.F) {
	addSeeds(f, "aws", classifierSeeds...)
	f.Fuzz(func(t *testing.T, event []byte) {
		got, _ := detectAWS(event)
		if want := awsOracle(event); got != want {
			t.Fatalf("detectAWS = %s, the oracle says %s", got, want)
		}
		if got != awsUnrecognised && !json.Valid(event) {
			t.Fatalf("%s from an event that does not decode", got)
		}
	})
}
