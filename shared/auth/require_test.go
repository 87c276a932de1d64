package auth

import (
	"strings"
	"testing"

	"github.com/ticketbooth/ticketbooth/shared/secrets"
)

func TestCheckDocument(t *testing.T) {
	apps := []secrets.App{{SDKAppID: 1400000001, SecretKey: "0123456789abcdef0123"}}
	full := &secrets.Document{
		Apps:    apps,
		JWT:     &secrets.JWT{Issuer: "https://issuer.example", Audience: "trtc", HS256Secret: strings.Repeat("s", 32)},
		WeChat:  &secrets.WeChat{AppID: "wx0123456789abcdef", AppSecret: "wx-app-secret"},
		APIKeys: []secrets.APIKey{{ID: "backend-1", SHA256: strings.Repeat("0", 64)}},
	}
	bare := &secrets.Document{Apps: apps}
	claimsOnly := &secrets.Document{Apps: apps, JWT: &secrets.JWT{UserClaim: "uid"}}
	tests := []struct {
		name    string
		methods []Method
		doc     *secrets.Document
		want    []string // each must be in the error; nil: no error
	}{
		{"every method, full document", AllMethods, full, nil},
		{"methods that need nothing", []Method{MethodGatewayJWT, MethodWeChatCloud, MethodInvoke, MethodDev}, bare, nil},
		{"gateway-jwt with claim names only", []Method{MethodGatewayJWT}, claimsOnly, nil},
		{"wechat-code without wechat", []Method{MethodWeChatCode}, bare, []string{"wechat.appId", "wechat.appSecret", "wechat-code"}},
		{"jwt without jwt", []Method{MethodJWT}, bare, []string{"jwt:", "issuer", "audience", "hs256Secret or jwksUrl"}},
		{"jwt with claim names only", []Method{MethodJWT}, claimsOnly, []string{"jwt:"}},
		{"apikey without keys", []Method{MethodAPIKey}, bare, []string{"apiKeys", "apikey", "sha256sum"}},
		{"all three missing", []Method{MethodJWT, MethodWeChatCode, MethodAPIKey}, bare, []string{"jwt:", "wechat.appId", "apiKeys"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Config{Methods: tt.methods}.CheckDocument(tt.doc)
			if tt.want == nil {
				if err != nil {
					t.Fatalf("CheckDocument = %v", err)
				}
				return
			}
			if err == nil {
				t.Fatal("CheckDocument accepted it")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}
