//go:build scf

package faas

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
)

// FuzzSCFEvent feeds arbitrary events to the SCF handler: shape detection and
// conversion must never panic, and an openid must come only from the
// platform's top-level userInfo, never from an API Gateway event.
func FuzzSCFEvent(f *testing.F) {
	addSeeds(f, "scf",
		`{"httpMethod":"POST","requestContext":{"serviceId":"s"},"body":"{\"userInfo\":{\"openId\":\"forged\"}}"}`,
		`{"httpMethod":"POST","requestContext":{"serviceId":"s","sourceIp":"::ffff:127.0.0.1","stage":"release"},"path":"release","isBase64Encoded":true,"body":"%"}`,
		`{"httpMethod":"G ET","requestContext":{"serviceId":"s","path":"/{x}"},"path":"//../v1/usersig","queryString":{"a":[1]}}`,
		`{"httpMethod":"POST","requestContext":{"serviceId":"s"},"headers":{"":"x","a\nb":"c"}}`,
		`{"userInfo":{"openId":"o1","appId":"wx"},"userInfo":{"openId":""}}`,
		`{"userInfo":{"openId":7}}`,
		`{"userInfo":null,"httpMethod":"POST","requestContext":{"serviceId":"s"}}`,
		`{"userInfo":"o1"}`,
	)
	f.Fuzz(func(t *testing.T, event []byte) {
		h := &recordingHandler{}
		out, err := NewHandler(h, testRoute).Invoke(context.Background(), event)
		kind := detectSCF(event).kind
		if err != nil {
			if kind == scfDirect {
				t.Fatalf("direct invocation failed: %v", err)
			}
			return
		}
		if json.Valid(event) && !json.Valid(out) {
			t.Fatalf("result is not JSON: %q", out)
		}
		if kind == scfUnrecognised && !strings.Contains(string(out), `"bad_request"`) {
			t.Fatalf("an unrecognised event was answered %q", out)
		}
		h.mu.Lock()
		s := h.last
		h.mu.Unlock()
		if s == nil {
			if kind != scfAPIGateway && kind != scfUnrecognised {
				t.Fatalf("%s did not reach the handler", kind)
			}
			return
		}
		if kind == scfUnrecognised {
			t.Fatal("an unrecognised event reached the handler")
		}
		inv := s.Invocation
		if !s.HasInvocation || inv.Platform != PlatformSCF || inv.GatewayJWTClaims != nil {
			t.Fatalf("Invocation %+v", inv)
		}
		if wantDirect := kind == scfDirect || kind == scfWeChat; inv.Direct != wantDirect {
			t.Fatalf("Direct %v for a %s", inv.Direct, kind)
		}
		if inv.WeChatOpenID != "" && kind != scfWeChat {
			t.Fatalf("openid from a %s", kind)
		}
		if kind == scfWeChat {
			var body map[string]json.RawMessage
			if err := json.Unmarshal([]byte(s.Body), &body); err != nil || body["userInfo"] != nil {
				t.Fatalf("userInfo not stripped: %q", s.Body)
			}
		}
		if kind != scfAPIGateway && (s.Method != "POST" || s.Path != testRoute || s.RemoteAddr != "") {
			t.Fatalf("direct request %s %s from %q", s.Method, s.Path, s.RemoteAddr)
		}
		checkRemote(t, s)
	})
}

// scfOracle is the oracle's reading of detectSCF's rules.
func scfOracle(event []byte) (scfKind, string) {
	top := oracleTop(event)
	if top == nil || !oracleDistinct(event) {
		return scfUnrecognised, ""
	}
	if _, has := top["userInfo"]; has {
		ui, ok := oracleObject(event, top, "userInfo", "userInfo")
		if !ok {
			return scfUnrecognised, ""
		}
		id, has := ui["openId"]
		if !has {
			return scfUserInfoNoOpenID, ""
		}
		s, isString := id.(string)
		switch {
		case !isString:
			return scfUnrecognised, ""
		case s == "":
			return scfUserInfoNoOpenID, ""
		}
		return scfWeChat, s
	}
	if m, _ := top["httpMethod"].(string); m != "" {
		if rc, ok := oracleObject(event, top, "requestContext", "requestContext"); ok {
			if id, _ := rc["serviceId"].(string); id != "" {
				return scfAPIGateway, ""
			}
		}
	}
	if oraclePlatform(top) {
		return scfUnrecognised, ""
	}
	return scfDirect, ""
}

// FuzzSCFClassifier checks detectSCF against the oracle: the same shape for
// every input, the same openid, and never a direct invocation or WeChat
// call from what does not decode.
func FuzzSCFClassifier(f *testing.F) {
	addSeeds(f, "scf", classifierSeeds...)
	f.Fuzz(func(t *testing.T, event []byte) {
		got := detectSCF(event)
		kind, openID := scfOracle(event)
		if got.kind != kind || got.openID != openID {
			t.Fatalf("detectSCF = %s %q, the oracle says %s %q", got.kind, got.openID, kind, openID)
		}
		if got.kind != scfUnrecognised && !json.Valid(event) {
			t.Fatalf("%s from an event that does not decode", got.kind)
		}
	})
}
