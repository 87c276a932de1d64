//go:build !scf

package functions_test

import (
	"context"
	"encoding/json"
	"io"
	"maps"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ticketbooth/ticketbooth/shared/faas/faastest"
	"github.com/ticketbooth/ticketbooth/shared/secrets/secretstest"
	"github.com/ticketbooth/ticketbooth/shared/tlssig"
)

// awsBuild builds a function for Lambda (host GOOS/GOARCH, so it runs here)
// and checks it links the AWS SDK's Secrets Manager client, but not its
// config module (the Lambda build reads credentials and region from the
// environment alone; see shared/secrets/source_aws_lambda.go), and nothing
// of Tencent's.
func awsBuild(t *testing.T, name string) string {
	t.Helper()
	bin := faastest.Build(t, "./"+name, "lambda.norpc")
	faastest.CheckLinks(t, bin,
		[]string{"github.com/aws/aws-lambda-go", "github.com/aws/aws-sdk-go-v2/service/secretsmanager"},
		[]string{"github.com/tencentyun/scf-go-lib", "github.com/tencentcloud/tencentcloud-sdk-go",
			"github.com/aws/aws-sdk-go-v2/config", "github.com/aws/aws-sdk-go-v2/service/sso", "github.com/aws/aws-sdk-go-v2/service/sts"})
	return bin
}

// awsEnv points a function at Secrets Manager endpoint sm, with dummy
// credentials and no shared config files or instance metadata.
func awsEnv(sm *secretstest.SecretsManager, secretID, auth string) []string {
	return []string{
		"TICKETBOOTH_SECRET=aws-sm:" + secretID,
		"TICKETBOOTH_AUTH=" + auth,
		"AWS_ENDPOINT_URL_SECRETS_MANAGER=" + sm.URL,
		"AWS_ACCESS_KEY_ID=AKIDFUNCTIONSTEST",
		"AWS_SECRET_ACCESS_KEY=" + dummyAWSSecret,
		"AWS_REGION=us-east-1",
		"AWS_EC2_METADATA_DISABLED=true",
		"AWS_CONFIG_FILE=/nonexistent/aws-config",
		"AWS_SHARED_CREDENTIALS_FILE=/nonexistent/aws-credentials",
	}
}

const dummyAWSSecret = "dummy-secret-access-key-functions-test"

// httpAPIEvent is the captured API Gateway HTTP API (payload 2.0) event,
// turned into POST route with header and body.
func httpAPIEvent(t *testing.T, route string, header map[string]string, body string) []byte {
	t.Helper()
	m := faastest.ReadEvent(t, "../shared/faas/testdata/aws/apigw-v2-request-no-authorizer.json")
	faastest.Set(m, "rawPath", route)
	faastest.Set(m, "requestContext.http.path", route)
	faastest.Set(m, "requestContext.http.method", "POST")
	h := m["headers"].(map[string]any)
	delete(h, "content-length")
	for k, v := range header {
		h[strings.ToLower(k)] = v // HTTP API lower-cases header names
	}
	faastest.Set(m, "body", body)
	return faastest.MustJSON(t, m)
}

// lambdaGateway invokes fn with an HTTP API event and reads its answer.
func lambdaGateway(t *testing.T, fn *faastest.Lambda, route string, header map[string]string, body string) reply {
	t.Helper()
	res := fn.Invoke(t, httpAPIEvent(t, route, header, body))
	if res.Error {
		t.Fatalf("function reported an error: %s", res.Payload)
	}
	return gatewayReply(t, res.Payload)
}

// lambdaDirect invokes fn directly: the event is the body, the result the
// answer's body.
func lambdaDirect(t *testing.T, fn *faastest.Lambda, body string) reply {
	t.Helper()
	res := fn.Invoke(t, []byte(body))
	if res.Error {
		t.Fatalf("function reported an error: %s", res.Payload)
	}
	return reply{body: res.Payload}
}

// TestAWSFunctions: each function, built for Lambda, answers an HTTP API
// event with an API key and a direct invocation with tickets that verify,
// and serves 200 invocations with one GetSecretValue.
func TestAWSFunctions(t *testing.T) {
	for _, f := range functions {
		t.Run(f.name, func(t *testing.T) {
			fx := newFixture(t)
			sm := secretstest.NewSecretsManager(t)
			sm.Put("ticketbooth/"+f.name, fx.json(t))
			fn := faastest.StartLambda(t, awsBuild(t, f.name), awsEnv(sm, "ticketbooth/"+f.name, "apikey,invoke")...)
			withKey := map[string]string{"Content-Type": "application/json", "X-Api-Key": fx.apiKey}
			privs := tlssig.PrivJoin | tlssig.PrivRecvAudio
			if f.name == "roomurl" {
				privs = tlssig.PrivAudience // none asked: the default role's preset
			}

			r := lambdaGateway(t, fn, f.route, withKey, f.body)
			if r.status != http.StatusOK || !strings.HasPrefix(r.header.Get("Content-Type"), "application/json") {
				t.Fatalf("gateway: status %d, headers %v: %s", r.status, r.header, r.body)
			}
			fx.ticketsFor(t, f.route, r.body, "alice", privs)

			d := lambdaDirect(t, fn, f.body)
			fx.ticketsFor(t, f.route, d.body, "alice", privs)

			t.Run("no api key", func(t *testing.T) {
				refused(t, lambdaGateway(t, fn, f.route, map[string]string{"Content-Type": "application/json"}, f.body), http.StatusUnauthorized)
			})
			t.Run("wrong api key", func(t *testing.T) {
				h := maps.Clone(withKey)
				h["X-Api-Key"] = "tbk_" + strings.Repeat("0", 40)
				refused(t, lambdaGateway(t, fn, f.route, h, f.body), http.StatusUnauthorized)
			})
			t.Run("only its own route", func(t *testing.T) {
				checkOwnRoutes(t, f, func(route string) reply { return lambdaGateway(t, fn, route, withKey, f.body) })
			})

			for i := range invocations - 4 {
				var r reply
				if i%2 == 0 {
					r = lambdaGateway(t, fn, f.route, withKey, f.body)
				} else {
					r = lambdaDirect(t, fn, f.body)
				}
				if !strings.Contains(string(r.body), `"sdkAppId":1400000001`) || (r.header != nil && r.status != 200) {
					t.Fatalf("invocation %d: status %d: %s", i, r.status, r.body)
				}
				var got struct{ UserSig, PrivateMapKey, PushURL string }
				_ = json.Unmarshal(r.body, &got)
				fx.secret(got.UserSig, got.PrivateMapKey, got.PushURL)
			}
			if n := sm.Calls(); n != 1 {
				t.Errorf("%d invocations made %d GetSecretValue calls, want 1", invocations, n)
			}
			if st := sm.Stages(); len(st) != 1 || st[0] != "AWSCURRENT" {
				t.Errorf("stages asked: %v, want [AWSCURRENT]", st)
			}
			fn.Proc.Stop()
			fx.secret(dummyAWSSecret)
			fx.checkLogs(t, f.name, fn.Proc.Output())
		})
	}
}

// TestAWSFunctionsFailClosed: with Secrets Manager failing from the start,
// every function answers 503 with Retry-After and no ticket, to a gateway
// event and to a direct invocation.
func TestAWSFunctionsFailClosed(t *testing.T) {
	for _, f := range functions {
		t.Run(f.name, func(t *testing.T) {
			fx := newFixture(t)
			sm := secretstest.NewSecretsManager(t)
			sm.Put("ticketbooth/"+f.name, fx.json(t))
			sm.SetFault(secretstest.ServerError)
			// One attempt per fetch: the SDK's default three, with back-off,
			// only make the first answer seconds slower (and is the secrets
			// package's to test).
			env := append(awsEnv(sm, "ticketbooth/"+f.name, "apikey,invoke"), "AWS_MAX_ATTEMPTS=1")
			fn := faastest.StartLambda(t, awsBuild(t, f.name), env...)
			withKey := map[string]string{"Content-Type": "application/json", "X-Api-Key": fx.apiKey}
			refused(t, lambdaGateway(t, fn, f.route, withKey, f.body), http.StatusServiceUnavailable)
			refused(t, lambdaDirect(t, fn, f.body), http.StatusServiceUnavailable)
			if sm.Calls() == 0 {
				t.Error("the function never asked Secrets Manager")
			}
			fn.Proc.Stop()
			fx.checkLogs(t, f.name, fn.Proc.Output())
		})
	}
}

// TestAWSFunctionsJWT: with TICKETBOOTH_AUTH=jwt the Lambda builds issue
// tickets only to valid tokens, for their own subject and role.
func TestAWSFunctionsJWT(t *testing.T) {
	fx := newFixture(t)
	for _, m := range []minter{hsMinter(fx), jwksMinter(t)} {
		t.Run(m.name, func(t *testing.T) {
			m.configure(&fx.doc)
			sm := secretstest.NewSecretsManager(t)
			sm.Put("ticketbooth/jwt", fx.json(t))
			fns := map[string]*faastest.Lambda{}
			for _, route := range jwtRoutes() {
				f := functionFor(t, route)
				fns[route] = faastest.StartLambda(t, awsBuild(t, f.name), awsEnv(sm, "ticketbooth/jwt", "jwt")...)
			}
			runJWTCases(t, fx, m, func(t *testing.T, route string, header map[string]string, body string) reply {
				return lambdaGateway(t, fns[route], route, header, body)
			})
			for route, fn := range fns {
				fn.Proc.Stop()
				fx.checkLogs(t, route, fn.Proc.Output())
			}
		})
	}
}

// TestServeJWT: the local server (ticketbooth serve, built) with
// TICKETBOOTH_AUTH=jwt refuses and issues as the functions do, and stops
// cleanly on an interrupt.
func TestServeJWT(t *testing.T) {
	bin := faastest.Build(t, "../cmd/ticketbooth")
	fx := newFixture(t)
	for _, m := range []minter{hsMinter(fx), jwksMinter(t)} {
		t.Run(m.name, func(t *testing.T) {
			m.configure(&fx.doc)
			p := faastest.Start(t, bin, []string{"serve", "--addr", "127.0.0.1:0"},
				"TICKETBOOTH_SECRET=env:TICKETBOOTH_TEST_DOCUMENT", "TICKETBOOTH_TEST_DOCUMENT="+fx.json(t), "TICKETBOOTH_AUTH=jwt")
			addr := p.WaitStdout(t, regexp.MustCompile(`listening on http://(127\.0\.0\.1:\d+)`), 30*time.Second)[1]
			client := &http.Client{Timeout: 30 * time.Second}
			runJWTCases(t, fx, m, func(t *testing.T, route string, header map[string]string, body string) reply {
				req, err := http.NewRequest(http.MethodPost, "http://"+addr+route, strings.NewReader(body))
				if err != nil {
					t.Fatal(err)
				}
				for k, v := range header {
					req.Header.Set(k, v)
				}
				resp, err := client.Do(req)
				if err != nil {
					t.Fatalf("%v; server output:\n%s", err, p.Output())
				}
				defer resp.Body.Close()
				var b strings.Builder
				if _, err := io.Copy(&b, resp.Body); err != nil {
					t.Fatal(err)
				}
				return reply{status: resp.StatusCode, header: resp.Header, body: []byte(b.String())}
			})
			client.CloseIdleConnections()
			if err := p.Stop(); err != nil {
				t.Errorf("serve did not stop cleanly on an interrupt: %v; output:\n%s", err, p.Output())
			}
			fx.checkLogs(t, "ticketbooth serve", p.Output())
		})
	}
}

// TestAWSFunctionRefusesDevAuth: dev auth in a Lambda function (where nothing
// arrives over loopback) stops the function at start-up, naming why, rather
// than refusing every request later. (The emulator sets
// AWS_LAMBDA_FUNCTION_NAME, as Lambda does.)
func TestAWSFunctionRefusesDevAuth(t *testing.T) {
	fn := faastest.StartLambda(t, awsBuild(t, "usersig"),
		"TICKETBOOTH_SECRET=env:TB_DOC", `TB_DOC={"apps":[{"sdkAppId":1400000000,"secretKey":"0123456789abcdef0123"}]}`,
		"TICKETBOOTH_AUTH=dev")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if res, err := fn.Do(ctx, []byte(`{"userId":"alice"}`)); err == nil {
		t.Fatalf("the function answered %s, want it stopped at start-up", res.Payload)
	}
	fn.Proc.Stop()
	if out := fn.Proc.Output(); !strings.Contains(out, "TICKETBOOTH_AUTH") || !strings.Contains(out, "AWS_LAMBDA_FUNCTION_NAME") {
		t.Errorf("the output does not say why:\n%s", out)
	}
}
