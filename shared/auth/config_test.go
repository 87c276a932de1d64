package auth_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/ticketbooth/ticketbooth/shared/auth"
)

func TestFromEnv(t *testing.T) {
	cases := []struct {
		name    string
		env     map[string]string
		want    auth.Config
		wantErr string // substring naming the variable
	}{
		{"jwt only", map[string]string{"TICKETBOOTH_AUTH": "jwt"},
			auth.Config{Methods: []auth.Method{auth.MethodJWT}, WeChatAPI: auth.DefaultWeChatAPI}, ""},
		{"several, spaced and mixed case", map[string]string{"TICKETBOOTH_AUTH": " JWT , wechat-code,apikey ", "TICKETBOOTH_WECHAT_API": "http://127.0.0.1:9999"},
			auth.Config{Methods: []auth.Method{auth.MethodJWT, auth.MethodWeChatCode, auth.MethodAPIKey}, WeChatAPI: "http://127.0.0.1:9999"}, ""},
		{"every method", map[string]string{"TICKETBOOTH_AUTH": "jwt,gateway-jwt,wechat-code,wechat-cloud,apikey,invoke,dev"},
			auth.Config{Methods: auth.AllMethods, WeChatAPI: auth.DefaultWeChatAPI}, ""},
		{"unset", map[string]string{}, auth.Config{}, "TICKETBOOTH_AUTH"},
		{"unknown method", map[string]string{"TICKETBOOTH_AUTH": "jwt,oauth"}, auth.Config{}, "TICKETBOOTH_AUTH"},
		{"empty item", map[string]string{"TICKETBOOTH_AUTH": "jwt,,apikey"}, auth.Config{}, "TICKETBOOTH_AUTH"},
		{"duplicate", map[string]string{"TICKETBOOTH_AUTH": "jwt,jwt"}, auth.Config{}, "TICKETBOOTH_AUTH"},
		{"plain http wechat api", map[string]string{"TICKETBOOTH_AUTH": "wechat-code", "TICKETBOOTH_WECHAT_API": "http://api.weixin.qq.com"}, auth.Config{}, "TICKETBOOTH_WECHAT_API"},
		{"wechat api with query", map[string]string{"TICKETBOOTH_AUTH": "wechat-code", "TICKETBOOTH_WECHAT_API": "https://x.test/?a=b"}, auth.Config{}, "TICKETBOOTH_WECHAT_API"},
		{"wechat api not a URL", map[string]string{"TICKETBOOTH_AUTH": "wechat-code", "TICKETBOOTH_WECHAT_API": "::"}, auth.Config{}, "TICKETBOOTH_WECHAT_API"},
		{"dev in an AWS Lambda function", map[string]string{"TICKETBOOTH_AUTH": "apikey,dev", "AWS_LAMBDA_FUNCTION_NAME": "usersig"}, auth.Config{}, "AWS_LAMBDA_FUNCTION_NAME"},
		{"dev in a Tencent SCF function", map[string]string{"TICKETBOOTH_AUTH": "dev", "SCF_FUNCTIONNAME": "usersig"}, auth.Config{}, "SCF_FUNCTIONNAME"},
		{"apikey in an AWS Lambda function", map[string]string{"TICKETBOOTH_AUTH": "apikey", "AWS_LAMBDA_FUNCTION_NAME": "usersig"},
			auth.Config{Methods: []auth.Method{auth.MethodAPIKey}, WeChatAPI: auth.DefaultWeChatAPI}, ""},
		{"both bad", map[string]string{"TICKETBOOTH_AUTH": "nope", "TICKETBOOTH_WECHAT_API": "ftp://x"}, auth.Config{}, "TICKETBOOTH_WECHAT_API"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := auth.FromEnv(func(k string) string { return tc.env[k] })
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("got error %v, want one naming %s", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestNew(t *testing.T) {
	cases := []struct {
		name    string
		cfg     auth.Config
		wantErr bool
	}{
		{"no methods", auth.Config{}, true},
		{"unknown method", auth.Config{Methods: []auth.Method{"oauth"}}, true},
		{"duplicate", auth.Config{Methods: []auth.Method{auth.MethodDev, auth.MethodDev}}, true},
		{"bad wechat api", auth.Config{Methods: []auth.Method{auth.MethodWeChatCode}, WeChatAPI: "http://example.com"}, true},
		{"wechat with default api", auth.Config{Methods: []auth.Method{auth.MethodWeChatCode}}, false},
		{"all", auth.Config{Methods: auth.AllMethods}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			log, _ := newLogger()
			tc.cfg.Logger = log
			a, err := auth.New(tc.cfg)
			if (err != nil) != tc.wantErr {
				t.Fatalf("got error %v, want error: %v", err, tc.wantErr)
			}
			if err == nil && a == nil {
				t.Fatal("no authenticator and no error")
			}
		})
	}
}

func TestDevWarnsLoudly(t *testing.T) {
	log, logs := newLogger()
	if _, err := auth.New(auth.Config{Methods: []auth.Method{auth.MethodDev}, Logger: log}); err != nil {
		t.Fatal(err)
	}
	if got := logs.String(); !strings.Contains(got, `"level":"WARN"`) || !strings.Contains(got, "DEV AUTH") {
		t.Errorf("got log %q, want a WARN line about dev auth", got)
	}
	log2, logs2 := newLogger()
	if _, err := auth.New(auth.Config{Methods: []auth.Method{auth.MethodJWT}, Logger: log2}); err != nil {
		t.Fatal(err)
	}
	if got := logs2.String(); got != "" {
		t.Errorf("got log %q without dev, want none", got)
	}
}

func TestNilRequest(t *testing.T) {
	log, _ := newLogger()
	a, err := auth.New(auth.Config{Methods: []auth.Method{auth.MethodDev}, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Authenticate(t.Context(), nil, nil); !errors.Is(err, auth.ErrNoCredential) {
		t.Fatalf("got %v, want ErrNoCredential", err)
	}
}
