//go:build scf

package secrets

import (
	"errors"
	"strings"
	"testing"

	tcerr "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/errors"
)

// TestSplitEndpoint: TICKETBOOTH_SSM_ENDPOINT is a host, or an http or
// https URL of a host with no path but "/"; nothing else.
func TestSplitEndpoint(t *testing.T) {
	for _, tt := range []struct{ in, scheme, host string }{
		{"ssm.tencentcloudapi.com", "https", "ssm.tencentcloudapi.com"},
		{"https://ssm.example.com", "https", "ssm.example.com"},
		{"https://ssm.example.com/", "https", "ssm.example.com"},
		{"http://127.0.0.1:8080/", "http", "127.0.0.1:8080"},
	} {
		scheme, host, err := splitEndpoint(tt.in)
		if err != nil || scheme != tt.scheme || host != tt.host {
			t.Errorf("%s: %q %q %v, want %q %q", tt.in, scheme, host, err, tt.scheme, tt.host)
		}
	}
	for _, in := range []string{"ftp://ssm.example.com", "https://ssm.example.com/x", "https://", "http://%zz"} {
		if _, _, err := splitEndpoint(in); !errors.Is(err, ErrInvalidSpec) {
			t.Errorf("%s: %v, want ErrInvalidSpec", in, err)
		}
	}
}

// TestSanitizeTC: a Tencent error keeps its code, its request id when it has
// one, and its message cut to 200 bytes; a ClientError's message, which may
// quote the reply, is withheld.
func TestSanitizeTC(t *testing.T) {
	m200, m201 := strings.Repeat("m", 200), strings.Repeat("m", 201)
	for _, tt := range []struct {
		err  error
		want string
	}{
		{tcerr.NewTencentCloudSDKError("ResourceNotFound", "no such secret", "req-1"), "tencent cloud API error: ResourceNotFound: no such secret (request id req-1)"},
		{tcerr.NewTencentCloudSDKError("ResourceNotFound", "no such secret", ""), "tencent cloud API error: ResourceNotFound: no such secret"},
		{tcerr.NewTencentCloudSDKError("InternalError", m200, ""), "tencent cloud API error: InternalError: " + m200},
		{tcerr.NewTencentCloudSDKError("InternalError", m201, ""), "tencent cloud API error: InternalError: " + m200 + "…"},
		{tcerr.NewTencentCloudSDKError("ClientError.ParseJsonError", `{"SecretString":"KEY"}`, ""), "tencent cloud API error: ClientError.ParseJsonError: (detail withheld: it may quote the reply)"},
	} {
		if got := sanitizeTC(tt.err).Error(); got != tt.want {
			t.Errorf("sanitizeTC = %q, want %q", got, tt.want)
		}
	}
}
