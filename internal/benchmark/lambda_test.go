package benchmark

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-lambda-go/lambdacontext"

	"github.com/ticketbooth/ticketbooth/shared/faas"
	"github.com/ticketbooth/ticketbooth/shared/faas/faastest"
	"github.com/ticketbooth/ticketbooth/shared/secrets/secretstest"
)

// lambdaFlags is the Makefile's LAMBDA_BUILD line without its GOARCH, so the
// bootstrap runs on this machine: as deployed, for the host architecture.
var lambdaFlags = []string{"-tags", "lambda.norpc", "-trimpath", "-ldflags", "-s -w"}

var bootstraps struct {
	once sync.Once
	dir  string
	err  error
}

// bootstrap returns the deployable bootstrap of function name (usersig,
// privatemapkey, roomurl, or hello: testdata/hello), from $BENCH_LAMBDA_DIR
// (make bench builds them there with the Makefile's own line) or built here.
func bootstrap(b *testing.B, name string) string {
	b.Helper()
	if dir := os.Getenv("BENCH_LAMBDA_DIR"); dir != "" {
		return filepath.Join(dir, name, "bootstrap")
	}
	bootstraps.once.Do(func() {
		bootstraps.dir, bootstraps.err = os.MkdirTemp("", "benchmark-lambda-")
		for _, f := range []string{"usersig", "privatemapkey", "roomurl", "hello"} {
			if bootstraps.err != nil {
				return
			}
			pkg := "../../functions/" + f
			if f == "hello" {
				pkg = "./testdata/hello"
			}
			cmd := exec.Command("go", append(append([]string{"build", "-o", filepath.Join(bootstraps.dir, f, "bootstrap")}, lambdaFlags...), pkg)...)
			cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux")
			if out, err := cmd.CombinedOutput(); err != nil {
				bootstraps.err = fmt.Errorf("go build %s: %v\n%s", pkg, err, out)
			}
		}
	})
	if bootstraps.err != nil {
		b.Fatal(bootstraps.err)
	}
	return filepath.Join(bootstraps.dir, name, "bootstrap")
}

// gatewayEvent is the captured API Gateway HTTP API event, turned into a
// POST of body to path with an API key.
func gatewayEvent(b *testing.B, path, body string) []byte {
	m := faastest.ReadEvent(b, "../../shared/faas/testdata/aws/apigw-v2-request-no-authorizer.json")
	faastest.Set(m, "rawPath", path)
	faastest.Set(m, "requestContext.http.path", path)
	faastest.Set(m, "requestContext.http.method", "POST")
	h := m["headers"].(map[string]any)
	delete(h, "content-length")
	h["content-type"], h["x-api-key"] = "application/json", apiKey
	faastest.Set(m, "body", body)
	return faastest.MustJSON(b, m)
}

// BenchmarkLambda runs each function, and a hello-world aws-lambda-go
// function, under AWS's Lambda Runtime Interface Emulator, invoked with an
// HTTP API event carrying an API key: cold is the emulator starting the
// bootstrap process until its first answer (a new emulator per iteration,
// timed from the invocation, which starts the process, to the answer); warm
// is one more invocation of a started function. The keys come from a file:
// document or a local Secrets Manager endpoint (secretstest).
func BenchmarkLambda(b *testing.B) {
	fx := newFixture(b)
	doc := fx.document(b, fx.methods[1])
	file := b.TempDir() + "/document.json"
	if err := os.WriteFile(file, []byte(doc), 0o600); err != nil {
		b.Fatal(err)
	}
	sm := secretstest.NewSecretsManager(b)
	sm.Put("ticketbooth/bench", doc)
	sources := []struct {
		name string
		env  []string
	}{
		{"file", []string{"TICKETBOOTH_SECRET=file:" + file}},
		{"secretsmanager", []string{
			"TICKETBOOTH_SECRET=aws-sm:ticketbooth/bench",
			"AWS_ENDPOINT_URL_SECRETS_MANAGER=" + sm.URL,
			"AWS_ACCESS_KEY_ID=AKIDBENCHMARK",
			"AWS_SECRET_ACCESS_KEY=benchmark-dummy-secret-access-key",
			"AWS_REGION=us-east-1",
			"AWS_EC2_METADATA_DISABLED=true",
			"AWS_CONFIG_FILE=/nonexistent/aws-config",
			"AWS_SHARED_CREDENTIALS_FILE=/nonexistent/aws-credentials",
		}},
	}
	type fn struct {
		name, path, body string
		env              []string
	}
	fns := []fn{{"hello", "/hello", `{}`, nil}}
	for _, rt := range routes {
		for _, src := range sources {
			fns = append(fns, fn{rt.name + "/" + src.name, rt.path, rt.body(true), append([]string{"TICKETBOOTH_AUTH=apikey"}, src.env...)})
		}
	}
	for _, f := range fns {
		bin := bootstrap(b, strings.Split(f.name, "/")[0])
		event := gatewayEvent(b, f.path, f.body)
		b.Run(f.name, func(b *testing.B) {
			b.Run("cold", func(b *testing.B) {
				for range b.N {
					b.StopTimer()
					l := faastest.StartLambda(b, bin, f.env...)
					b.StartTimer()
					invoke(b, l, event)
					b.StopTimer()
					_ = l.Proc.Stop()
					b.StartTimer()
				}
			})
			b.Run("warm", func(b *testing.B) {
				l := faastest.StartLambda(b, bin, f.env...)
				invoke(b, l, event)
				b.ResetTimer()
				for range b.N {
					invoke(b, l, event)
				}
			})
		})
	}
}

// invoke runs one invocation and fails b unless the function answered 200.
func invoke(b *testing.B, l *faastest.Lambda, event []byte) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	res, err := l.Do(ctx, event)
	if err != nil {
		b.Fatalf("%v; output:\n%s", err, l.Proc.Output())
	}
	var resp struct {
		StatusCode int    `json:"statusCode"`
		Body       string `json:"body"`
	}
	if res.Error || json.Unmarshal(res.Payload, &resp) != nil || resp.StatusCode != 200 {
		b.Fatalf("answer %s; output:\n%s", res.Payload, l.Proc.Output())
	}
}

// BenchmarkInvoke is the warm invocation without the emulator: the event
// handed straight to what lambda.Start runs (lambda.NewHandler(…).Invoke),
// for each function's handler (faas.NewHandler over the Handler, the log
// written line by line to a real file as a function writes it) and for the
// hello-world's. The emulator adds milliseconds of its own, with as much
// noise, around the tens of microseconds a function adds; this measures
// those directly.
func BenchmarkInvoke(b *testing.B) {
	fx := newFixture(b)
	apikey := fx.methods[1]
	hello := lambda.NewHandler(func(_ context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		return events.APIGatewayV2HTTPResponse{StatusCode: 200, Headers: map[string]string{"Content-Type": "application/json"}, Body: `{"hello":"world"}`}, nil
	})
	for _, rt := range routes {
		event := gatewayEvent(b, rt.path, rt.body(true))
		b.Run(rt.name, func(b *testing.B) {
			b.Run("ticketbooth", func(b *testing.B) {
				runInvoke(b, lambda.NewHandler(faas.NewHandler(fx.handler(b, apikey, auditFile(b)), rt.path)), event)
			})
			b.Run("hello", func(b *testing.B) { runInvoke(b, hello, event) })
		})
	}
}

func runInvoke(b *testing.B, h lambda.Handler, event []byte) {
	b.ReportAllocs()
	ctx := lambdacontext.NewContext(context.Background(), &lambdacontext.LambdaContext{AwsRequestID: "00000000-0000-4000-8000-000000000001"})
	cpu := startCPU(b)
	for b.Loop() {
		out, err := h.Invoke(ctx, event)
		var resp struct {
			StatusCode int `json:"statusCode"`
		}
		if err != nil || json.Unmarshal(out, &resp) != nil || resp.StatusCode != 200 {
			b.Fatalf("invoke: %v: %s", err, out)
		}
	}
	cpu.report()
}
