//go:build !scf

package secrets_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/ticketbooth/ticketbooth/shared/secrets"
	"github.com/ticketbooth/ticketbooth/shared/secrets/secretstest"
)

type awsFake struct {
	sm  *secretstest.SecretsManager
	env map[string]string
}

func (f awsFake) put(name, value string) string { return f.sm.Put(name, value) }
func (f awsFake) setFault(x int)                { f.sm.SetFault(secretstest.Fault(x)) }
func (f awsFake) calls() int                    { return f.sm.Calls() }
func (f awsFake) spec(name string) string       { return "aws-sm:" + name }
func (f awsFake) vars() map[string]string       { return f.env }
func (f awsFake) open(t *testing.T, spec string, opts ...secrets.Option) (*secrets.Cache, error) {
	return secrets.Open(context.Background(), spec, opts...)
}

// newAWSFake points the real SDK client at a local Secrets Manager endpoint
// with dummy credentials, in the process environment (which the standard
// chain reads) and in vars (which the environment-only client reads through
// getenv).
func newAWSFake(t *testing.T) cloudFake {
	sm := secretstest.NewSecretsManager(t)
	env := map[string]string{
		"AWS_ACCESS_KEY_ID":                "AKIDTESTONLY",
		"AWS_SECRET_ACCESS_KEY":            "dummy-secret-access-key",
		"AWS_SESSION_TOKEN":                "",
		"AWS_REGION":                       "us-east-1",
		"AWS_PROFILE":                      "",
		"AWS_CONFIG_FILE":                  "/nonexistent/aws-config",
		"AWS_SHARED_CREDENTIALS_FILE":      "/nonexistent/aws-credentials",
		"AWS_EC2_METADATA_DISABLED":        "true",
		"AWS_MAX_ATTEMPTS":                 "1",
		"AWS_ENDPOINT_URL_SECRETS_MANAGER": sm.URL,
	}
	for k, v := range env {
		t.Setenv(k, v)
	}
	return awsFake{sm, env}
}

// awsClients are the two ways the source builds its SDK client: the
// standard chain (the CLI and serve) and the environment alone (the Lambda
// build, -tags lambda.norpc). Both run every test against the local endpoint.
var awsClients = []struct {
	name string
	use  func() (restore func())
}{
	{"standard chain", func() func() { return func() {} }},
	{"environment only", secrets.UseEnvSecretsManager},
}

func TestSecretsManager(t *testing.T) {
	for _, c := range awsClients {
		t.Run(c.name, func(t *testing.T) {
			t.Cleanup(c.use())
			runCloudTests(t, newAWSFake, []faultCase{
				{name: "500", fault: int(secretstest.ServerError), wantErr: "StatusCode: 500"},
				{name: "throttling", fault: int(secretstest.Throttle), wantErr: "ThrottlingException"},
				{name: "malformed reply", fault: int(secretstest.Malformed), wantErr: "could not be decoded"},
				{name: "endpoint hangs", fault: int(secretstest.Hang), wantErr: "deadline exceeded"},
				{name: "missing secret", spec: "aws-sm:nope", wantErr: "ResourceNotFoundException"},
				{name: "wrong stage", spec: "aws-sm:ticketbooth#NOSUCHSTAGE", wantErr: "staging label"},
				{name: "malformed document", badDoc: true, wantErr: "invalid document"},
			})
		})
	}
}

func TestSecretsManagerStages(t *testing.T) {
	for _, c := range awsClients {
		t.Run(c.name, func(t *testing.T) {
			t.Cleanup(c.use())
			testSecretsManagerStages(t)
		})
	}
}

func testSecretsManagerStages(t *testing.T) {
	f := newAWSFake(t).(awsFake)
	f.sm.Put("ticketbooth", string(docJSON(t, hmacKey1)))
	f.sm.Put("ticketbooth", string(docJSON(t, hmacKey2)))
	f.sm.PutStage("ticketbooth", "AWSPENDING", string(docJSON(t, hmacKey1)))
	tests := []struct {
		name      string
		spec      string
		wantKey   string
		wantStage string
	}{
		{"default is AWSCURRENT", "aws-sm:ticketbooth", hmacKey2, "AWSCURRENT"},
		{"explicit AWSPREVIOUS", "aws-sm:ticketbooth#AWSPREVIOUS", hmacKey1, "AWSPREVIOUS"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := secrets.Open(context.Background(), tt.spec)
			if err != nil {
				t.Fatal(err)
			}
			s, err := c.Get(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if got := secretKeyOf(t, s); got != tt.wantKey {
				t.Error("wrong version served")
			}
			stages := f.sm.Stages()
			if got := stages[len(stages)-1]; got != tt.wantStage {
				t.Errorf("stage asked = %q, want %q", got, tt.wantStage)
			}
		})
	}
	t.Run("a custom stage on the AWSPENDING version is refused", func(t *testing.T) {
		pending := f.sm.PutStage("ticketbooth", "AWSPENDING", string(docJSON(t, hmacKey1)))
		f.sm.Label("ticketbooth", "NEXT", pending)
		c, err := secrets.Open(context.Background(), "aws-sm:ticketbooth#NEXT")
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.Get(context.Background())
		if !errors.Is(err, secrets.ErrUnavailable) || !strings.Contains(err.Error(), "AWSPENDING") {
			t.Fatalf("Get = %v, want ErrUnavailable naming AWSPENDING", err)
		}
	})
	t.Run("AWSPENDING refused", func(t *testing.T) {
		if _, err := secrets.Open(context.Background(), "aws-sm:ticketbooth#AWSPENDING"); !errors.Is(err, secrets.ErrInvalidSpec) {
			t.Fatalf("Open = %v, want ErrInvalidSpec", err)
		}
	})
	t.Run("tencent-ssm not in this build", func(t *testing.T) {
		if _, err := secrets.Open(context.Background(), "tencent-ssm:ticketbooth"); !errors.Is(err, secrets.ErrInvalidSpec) {
			t.Fatalf("Open = %v, want ErrInvalidSpec", err)
		}
	})
	t.Run("no region", func(t *testing.T) {
		t.Setenv("AWS_REGION", "")
		t.Setenv("AWS_DEFAULT_REGION", "")
		if _, err := secrets.Open(context.Background(), "aws-sm:ticketbooth"); !errors.Is(err, secrets.ErrInvalidSpec) {
			t.Fatalf("Open = %v, want ErrInvalidSpec naming AWS_REGION", err)
		}
	})
}
