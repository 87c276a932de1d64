//go:build scf

package secrets

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	tcerr "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/errors"
	tchttp "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/http"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"
)

// The scf build is the Tencent one: it links tencentcloud-sdk-go and not
// aws-sdk-go-v2, so aws-sm specs are refused here.
var cloudSchemes = map[string]bool{"env": true, "file": true, "tencent-ssm": true}

const buildName = "Tencent SCF build; aws-sm needs the default build"

// Environment read by the Tencent source. SCF sets the first four from the
// function's execution role and region.
const (
	envTCSecretID     = "TENCENTCLOUD_SECRETID"
	envTCSecretKey    = "TENCENTCLOUD_SECRETKEY"
	envTCSessionToken = "TENCENTCLOUD_SESSIONTOKEN"
	envTCRegion       = "TENCENTCLOUD_REGION"
	// EnvSSMEndpoint overrides the SSM endpoint: a host
	// (ssm.intl.tencentcloudapi.com) or a URL (http://127.0.0.1:8443 in tests).
	EnvSSMEndpoint = "TICKETBOOTH_SSM_ENDPOINT"
)

// commonSender is the one call the source makes through the common client.
type commonSender interface {
	Send(request tchttp.Request, response tchttp.Response) error
}

func newCloudSource(_ context.Context, sp Spec, o *options) (Source, error) {
	region := o.getenv(envTCRegion)
	if region == "" {
		return nil, fmt.Errorf("tencent-ssm: no region (set %s): %w", envTCRegion, ErrInvalidSpec)
	}
	prof := profile.NewClientProfile()
	prof.HttpProfile.ReqMethod = "POST"
	prof.HttpProfile.ReqTimeout = max(1, int(o.fetchTimeout.Seconds()))
	if ep := o.getenv(EnvSSMEndpoint); ep != "" {
		scheme, host, err := splitEndpoint(ep)
		if err != nil {
			return nil, err
		}
		prof.HttpProfile.Scheme, prof.HttpProfile.Endpoint = scheme, host
	}
	cred := &lazyCredential{getenv: o.getenv}
	client := common.NewCommonClient(cred, region, prof)
	client.WithHttpTransport(statusRecorder{http.DefaultTransport})
	return &ssmSource{
		api:     client,
		cred:    cred,
		name:    sp.Name,
		version: sp.Version,
	}, nil
}

func splitEndpoint(ep string) (scheme, host string, err error) {
	if !strings.Contains(ep, "://") {
		return "https", ep, nil
	}
	u, err := url.Parse(ep)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") || (u.Path != "" && u.Path != "/") {
		return "", "", fmt.Errorf("%s: want a host or an http(s)://host[:port] URL: %w", EnvSSMEndpoint, ErrInvalidSpec)
	}
	return u.Scheme, u.Host, nil
}

// lazyCredential reads SCF's role credentials from the environment on each
// request (SCF renews them), and falls back to the SDK's provider chain
// (TENCENTCLOUD_SECRET_ID/_KEY, profile file, CVM role) resolved on first
// use, so that building the source makes no network call.
type lazyCredential struct {
	getenv func(string) string
	once   sync.Once
	chain  common.CredentialIface
	err    error
}

func (c *lazyCredential) resolve() error {
	if c.getenv(envTCSecretID) != "" && c.getenv(envTCSecretKey) != "" {
		return nil
	}
	c.once.Do(func() {
		c.chain, c.err = common.DefaultProviderChain().GetCredential()
	})
	if c.err != nil {
		return fmt.Errorf("no Tencent Cloud credentials (set %s and %s, or use a role): %w", envTCSecretID, envTCSecretKey, sanitizeTC(c.err))
	}
	return nil
}

func (c *lazyCredential) GetCredential() (id, key, token string) {
	if id, key := c.getenv(envTCSecretID), c.getenv(envTCSecretKey); id != "" && key != "" {
		return id, key, c.getenv(envTCSessionToken)
	}
	if c.chain != nil {
		return c.chain.GetCredential()
	}
	return "", "", ""
}

func (c *lazyCredential) GetSecretId() string  { id, _, _ := c.GetCredential(); return id }
func (c *lazyCredential) GetSecretKey() string { _, k, _ := c.GetCredential(); return k }
func (c *lazyCredential) GetToken() string     { _, _, t := c.GetCredential(); return t }

// ssmSource reads one version of one SSM secret.
type ssmSource struct {
	api     commonSender
	cred    *lazyCredential
	name    string
	version string
}

func (s *ssmSource) String() string { return "tencent-ssm:" + s.name + "#" + s.version }

// getSecretValueResponse is the v3 API's reply to GetSecretValue.
type getSecretValueResponse struct {
	tchttp.BaseResponse
	Response struct {
		SecretName   string `json:"SecretName"`
		VersionId    string `json:"VersionId"`
		SecretString string `json:"SecretString"`
		SecretBinary string `json:"SecretBinary"`
		RequestId    string `json:"RequestId"`
	} `json:"Response"`
}

func (s *ssmSource) Fetch(ctx context.Context) (Fetched, error) {
	if s.cred != nil {
		if err := s.cred.resolve(); err != nil {
			return Fetched{}, fmt.Errorf("secrets: %s: %w", s, err)
		}
	}
	var status httpStatus
	req := tchttp.NewCommonRequest("ssm", "2019-09-23", "GetSecretValue")
	req.SetContext(context.WithValue(ctx, httpStatusKey{}, &status))
	if err := req.SetActionParameters(map[string]any{"SecretName": s.name, "VersionId": s.version}); err != nil {
		return Fetched{}, fmt.Errorf("secrets: %s: %w", s, sanitizeTC(err))
	}
	var resp getSecretValueResponse
	if err := s.api.Send(req, &resp); err != nil {
		if code := status.code.Load(); code != 0 && code != http.StatusOK {
			return Fetched{}, fmt.Errorf("secrets: %s: HTTP status %d: %w", s, code, sanitizeTC(err))
		}
		return Fetched{}, fmt.Errorf("secrets: %s: %w", s, sanitizeTC(err))
	}
	r := resp.Response
	var data []byte
	switch {
	case r.SecretString != "":
		data = []byte(r.SecretString)
	case r.SecretBinary != "":
		b, err := base64.StdEncoding.DecodeString(r.SecretBinary)
		if err != nil {
			return Fetched{}, fmt.Errorf("secrets: %s: SecretBinary is not base64", s)
		}
		data = b
	default:
		return Fetched{}, fmt.Errorf("secrets: %s: the secret version has no value (request id %s)", s, r.RequestId)
	}
	return Fetched{Data: data, Version: r.VersionId}, nil
}

// statusRecorder notes the HTTP status of the reply, which the SDK's error
// for a non-JSON error page would otherwise withhold with the body.
type statusRecorder struct{ next http.RoundTripper }

type httpStatusKey struct{}

type httpStatus struct{ code atomic.Int32 }

func (t statusRecorder) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(r)
	if st, ok := r.Context().Value(httpStatusKey{}).(*httpStatus); ok && resp != nil {
		st.code.Store(int32(resp.StatusCode))
	}
	return resp, err
}

// sanitizeTC keeps a Tencent error's code and request id, and its message
// only when it comes from the service: the SDK's own ClientError messages
// quote whole response bodies (which may hold the secret).
func sanitizeTC(err error) error {
	var te *tcerr.TencentCloudSDKError
	if !errors.As(err, &te) {
		return err
	}
	var cause error = errTencent
	if errors.Is(err, context.DeadlineExceeded) {
		cause = context.DeadlineExceeded
	} else if errors.Is(err, context.Canceled) {
		cause = context.Canceled
	}
	msg := te.GetMessage()
	if strings.HasPrefix(te.GetCode(), "ClientError") {
		msg = "(detail withheld: it may quote the reply)"
	}
	if len(msg) > 200 {
		msg = msg[:200] + "…"
	}
	if te.GetRequestId() != "" {
		return fmt.Errorf("%w: %s: %s (request id %s)", cause, te.GetCode(), msg, te.GetRequestId())
	}
	return fmt.Errorf("%w: %s: %s", cause, te.GetCode(), msg)
}

var errTencent = errors.New("tencent cloud API error")
