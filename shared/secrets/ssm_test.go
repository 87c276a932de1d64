//go:build scf

package secrets_test

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/ticketbooth/ticketbooth/shared/secrets"
	"github.com/ticketbooth/ticketbooth/shared/secrets/secretstest"
)

const (
	tcSecretID  = "AKIDtestonly0000"
	tcSecretKey = "TCSECRETKEY-dummy-0000"
	tcToken     = "TCSESSIONTOKEN-dummy-0000"
)

type ssmFake struct {
	ssm *secretstest.SSM
	env map[string]string
	n   *int
}

func (f ssmFake) put(name, value string) string {
	*f.n++
	v := fmt.Sprintf("v%d", *f.n)
	f.ssm.Put(name, v, value)
	return v
}
func (f ssmFake) setFault(x int)          { f.ssm.SetFault(secretstest.Fault(x)) }
func (f ssmFake) calls() int              { return f.ssm.Calls() }
func (f ssmFake) vars() map[string]string { return f.env }

// spec names the latest version put: SSM user-defined secrets have no
// "current" alias, so a rotation is a new spec or a version updated in
// place; the tests update the version named "current" in place.
func (f ssmFake) spec(name string) string { return "tencent-ssm:" + name + "#current" }

func (f ssmFake) open(t *testing.T, spec string, opts ...secrets.Option) (*secrets.Cache, error) {
	getenv := func(k string) string { return f.env[k] }
	return secrets.Open(context.Background(), spec, append([]secrets.Option{secrets.WithGetenv(getenv)}, opts...)...)
}

// ssmInPlace stores each put as the version "current" too (UpdateSecret).
type ssmInPlace struct{ ssmFake }

func (f ssmInPlace) put(name, value string) string {
	f.ssm.Put(name, "current", value)
	return "current"
}

func newSSMFake(t *testing.T) cloudFake {
	s := secretstest.NewSSM(t, tcSecretID, tcSecretKey, tcToken)
	n := 0
	return ssmInPlace{ssmFake{ssm: s, n: &n, env: map[string]string{
		"TENCENTCLOUD_SECRETID":     tcSecretID,
		"TENCENTCLOUD_SECRETKEY":    tcSecretKey,
		"TENCENTCLOUD_SESSIONTOKEN": tcToken,
		"TENCENTCLOUD_REGION":       "ap-guangzhou",
		secrets.EnvSSMEndpoint:      s.URL,
	}}}
}

func TestSSM(t *testing.T) {
	runCloudTests(t, newSSMFake, []faultCase{
		{name: "500", fault: int(secretstest.ServerError), wantErr: "HTTP status 500"},
		{name: "throttling", fault: int(secretstest.Throttle), wantErr: "RequestLimitExceeded"},
		{name: "malformed reply", fault: int(secretstest.Malformed), wantErr: "ParseJsonError"},
		{name: "endpoint hangs", fault: int(secretstest.Hang), wantErr: "deadline exceeded"},
		{name: "missing secret", spec: "tencent-ssm:nope#current", wantErr: "ResourceNotFound.SecretNotExist"},
		{name: "wrong version", spec: "tencent-ssm:ticketbooth#v9", wantErr: "ResourceNotFound.VersionNotExist"},
		{name: "malformed document", badDoc: true, wantErr: "invalid document"},
	})
}

func TestSSMVersions(t *testing.T) {
	f := newSSMFake(t).(ssmInPlace)
	f.ssm.Put("ticketbooth", "v1", string(docJSON(t, hmacKey1)))
	f.ssm.Put("ticketbooth", "SSM_Current", string(docJSON(t, hmacKey2)))
	tests := []struct {
		name        string
		spec        string
		wantKey     string
		wantVersion string
	}{
		{"default version is SSM_Current", "tencent-ssm:ticketbooth", hmacKey2, "SSM_Current"},
		{"explicit version", "tencent-ssm:ticketbooth#v1", hmacKey1, "v1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := f.open(t, tt.spec)
			if err != nil {
				t.Fatal(err)
			}
			s, err := c.Get(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if secretKeyOf(t, s) != tt.wantKey || s.Version != tt.wantVersion {
				t.Errorf("served version %q, want %q", s.Version, tt.wantVersion)
			}
			vs := f.ssm.Versions()
			if got := vs[len(vs)-1]; got != tt.wantVersion {
				t.Errorf("VersionId asked = %q, want %q", got, tt.wantVersion)
			}
		})
	}
	t.Run("binary secret", func(t *testing.T) {
		f.ssm.PutBinary("binary", "SSM_Current", base64.StdEncoding.EncodeToString(docJSON(t, hmacKey1)))
		f.ssm.PutBinary("not-base64", "SSM_Current", "{not base64}")
		f.ssm.PutBinary("empty", "SSM_Current", "")
		for _, tt := range []struct{ name, wantErr string }{
			{"binary", ""},
			{"not-base64", "SecretBinary is not base64"},
			{"empty", "the secret version has no value"},
		} {
			c, err := f.open(t, "tencent-ssm:"+tt.name)
			if err != nil {
				t.Fatal(err)
			}
			s, err := c.Get(context.Background())
			switch {
			case tt.wantErr == "" && (err != nil || secretKeyOf(t, s) != hmacKey1):
				t.Errorf("%s: %v", tt.name, err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("%s: %v, want an error saying %q", tt.name, err, tt.wantErr)
			}
		}
	})
	t.Run("no region", func(t *testing.T) {
		_, err := secrets.Open(context.Background(), "tencent-ssm:ticketbooth", secrets.WithGetenv(func(string) string { return "" }))
		if !errors.Is(err, secrets.ErrInvalidSpec) {
			t.Fatalf("Open = %v, want ErrInvalidSpec naming TENCENTCLOUD_REGION", err)
		}
	})
	t.Run("bad endpoint", func(t *testing.T) {
		env := map[string]string{"TENCENTCLOUD_REGION": "ap-guangzhou", secrets.EnvSSMEndpoint: "ftp://x/y"}
		_, err := secrets.Open(context.Background(), "tencent-ssm:ticketbooth", secrets.WithGetenv(func(k string) string { return env[k] }))
		if !errors.Is(err, secrets.ErrInvalidSpec) {
			t.Fatalf("Open = %v, want ErrInvalidSpec", err)
		}
	})
	t.Run("aws-sm not in this build", func(t *testing.T) {
		if _, err := secrets.Open(context.Background(), "aws-sm:ticketbooth"); !errors.Is(err, secrets.ErrInvalidSpec) {
			t.Fatalf("Open = %v, want ErrInvalidSpec", err)
		}
	})
}
