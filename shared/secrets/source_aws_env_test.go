//go:build !scf

package secrets

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// The Lambda build's client reads the settings the AWS SDKs read, from the
// environment alone; the requests themselves are tested against the local
// Secrets Manager in aws_test.go.
func TestEnvSecretsManager(t *testing.T) {
	base := map[string]string{
		"AWS_ACCESS_KEY_ID":     "AKIDTESTONLY",
		"AWS_SECRET_ACCESS_KEY": "dummy-secret-access-key",
		"AWS_SESSION_TOKEN":     "dummy-session-token",
		"AWS_REGION":            "eu-west-1",
	}
	with := func(kv ...string) func(string) string {
		m := map[string]string{}
		for k, v := range base {
			m[k] = v
		}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return func(k string) string { return m[k] }
	}
	t.Run("Lambda's variables", func(t *testing.T) {
		c, err := envSecretsManager(context.Background(), with())
		if err != nil {
			t.Fatal(err)
		}
		o := c.Options()
		creds, err := o.Credentials.Retrieve(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if o.Region != "eu-west-1" || creds.AccessKeyID != "AKIDTESTONLY" || creds.SecretAccessKey != base["AWS_SECRET_ACCESS_KEY"] || creds.SessionToken != "dummy-session-token" {
			t.Errorf("region %q, credentials %q/%q: not the environment's", o.Region, creds.AccessKeyID, creds.SessionToken)
		}
		if o.BaseEndpoint != nil || o.RetryMaxAttempts != 0 || o.EndpointOptions.UseFIPSEndpoint != aws.FIPSEndpointStateUnset {
			t.Errorf("settings nobody set: endpoint %v, attempts %d, FIPS %v", o.BaseEndpoint, o.RetryMaxAttempts, o.EndpointOptions.UseFIPSEndpoint)
		}
	})
	t.Run("settings", func(t *testing.T) {
		c, err := envSecretsManager(context.Background(), with(
			"AWS_REGION", "", "AWS_DEFAULT_REGION", "ap-east-1",
			"AWS_ACCESS_KEY_ID", "", "AWS_ACCESS_KEY", "AKIDOLDNAME",
			"AWS_ENDPOINT_URL", "http://127.0.0.1:1", "AWS_ENDPOINT_URL_SECRETS_MANAGER", "http://127.0.0.1:2",
			"AWS_MAX_ATTEMPTS", "5", "AWS_RETRY_MODE", "adaptive",
			"AWS_USE_FIPS_ENDPOINT", "TRUE", "AWS_USE_DUALSTACK_ENDPOINT", "true"))
		if err != nil {
			t.Fatal(err)
		}
		o := c.Options()
		creds, _ := o.Credentials.Retrieve(context.Background())
		if o.Region != "ap-east-1" || creds.AccessKeyID != "AKIDOLDNAME" {
			t.Errorf("region %q, key id %q: want the fallback variables", o.Region, creds.AccessKeyID)
		}
		if aws.ToString(o.BaseEndpoint) != "http://127.0.0.1:2" {
			t.Errorf("endpoint %q, want the service's own", aws.ToString(o.BaseEndpoint))
		}
		if o.RetryMaxAttempts != 5 || o.RetryMode != aws.RetryModeAdaptive {
			t.Errorf("retries %d %q", o.RetryMaxAttempts, o.RetryMode)
		}
		if o.EndpointOptions.UseFIPSEndpoint != aws.FIPSEndpointStateEnabled || o.EndpointOptions.UseDualStackEndpoint != aws.DualStackEndpointStateEnabled {
			t.Errorf("FIPS/dual-stack not set")
		}
		c, err = envSecretsManager(context.Background(), with("AWS_ENDPOINT_URL", "http://127.0.0.1:1"))
		if err != nil || aws.ToString(c.Options().BaseEndpoint) != "http://127.0.0.1:1" {
			t.Errorf("AWS_ENDPOINT_URL alone: %v, %v", err, c.Options().BaseEndpoint)
		}
		c, err = envSecretsManager(context.Background(), with("AWS_ENDPOINT_URL_SECRETS_MANAGER", "http://127.0.0.1:2", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"))
		if err != nil || c.Options().BaseEndpoint != nil {
			t.Errorf("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true: %v, %v", err, c.Options().BaseEndpoint)
		}
	})
	for _, tt := range []struct {
		name string
		env  []string
		want string // in the error
	}{
		{"no region", []string{"AWS_REGION", ""}, "AWS_REGION"},
		{"no key id", []string{"AWS_ACCESS_KEY_ID", ""}, "AWS_ACCESS_KEY_ID"},
		{"no secret key", []string{"AWS_SECRET_ACCESS_KEY", ""}, "AWS_SECRET_ACCESS_KEY"},
		{"bad attempts", []string{"AWS_MAX_ATTEMPTS", "three"}, "AWS_MAX_ATTEMPTS"},
		{"zero attempts", []string{"AWS_MAX_ATTEMPTS", "0"}, "AWS_MAX_ATTEMPTS"},
		{"bad retry mode", []string{"AWS_RETRY_MODE", "eager"}, "AWS_RETRY_MODE"},
		{"bad FIPS", []string{"AWS_USE_FIPS_ENDPOINT", "yes"}, "AWS_USE_FIPS_ENDPOINT"},
		{"bad dual-stack", []string{"AWS_USE_DUALSTACK_ENDPOINT", "1"}, "AWS_USE_DUALSTACK_ENDPOINT"},
		{"bad ignore", []string{"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "on"}, "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := envSecretsManager(context.Background(), with(tt.env...))
			if !errors.Is(err, ErrInvalidSpec) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want ErrInvalidSpec naming %s", err, tt.want)
			}
			if strings.Contains(err.Error(), base["AWS_SECRET_ACCESS_KEY"]) || strings.Contains(err.Error(), "dummy-session-token") {
				t.Fatalf("the error quotes a credential: %v", err)
			}
		})
	}
}
