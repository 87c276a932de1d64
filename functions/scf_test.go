//go:build scf

package functions_test

import (
	"encoding/json"
	"maps"
	"net/http"
	"strings"
	"testing"

	"github.com/ticketbooth/ticketbooth/shared/faas/faastest"
	"github.com/ticketbooth/ticketbooth/shared/secrets/secretstest"
	"github.com/ticketbooth/ticketbooth/shared/tlssig"
)

// The execution role's credentials SCF puts in the environment; the local
// SSM checks requests are signed with them.
const (
	tcSecretID  = "AKIDfunctionstest0000000000000000000"
	tcSecretKey = "functions-test-secret-key-0000000000"
	tcToken     = "functions-test-session-token"
	ssmVersion  = "v1"
	openID      = "oTEST0000000000000000000open"
)

// scfBuild builds a function for SCF and checks it links Tencent's SDK and
// nothing of AWS's.
func scfBuild(t *testing.T, name string) string {
	t.Helper()
	bin := faastest.Build(t, "./"+name, "scf")
	faastest.CheckLinks(t, bin,
		[]string{"github.com/tencentyun/scf-go-lib", "github.com/tencentcloud/tencentcloud-sdk-go"},
		[]string{"github.com/aws/aws-lambda-go", "github.com/aws/aws-sdk-go-v2"})
	return bin
}

func newSSM(t *testing.T) *secretstest.SSM {
	return secretstest.NewSSM(t, tcSecretID, tcSecretKey, tcToken)
}

// scfEnv points a function at SSM endpoint ssm with SCF's role variables.
func scfEnv(ssm *secretstest.SSM, name, auth string) []string {
	return []string{
		"TICKETBOOTH_SECRET=tencent-ssm:" + name + "#" + ssmVersion,
		"TICKETBOOTH_AUTH=" + auth,
		"TICKETBOOTH_SSM_ENDPOINT=" + ssm.URL,
		"TENCENTCLOUD_SECRETID=" + tcSecretID,
		"TENCENTCLOUD_SECRETKEY=" + tcSecretKey,
		"TENCENTCLOUD_SESSIONTOKEN=" + tcToken,
		"TENCENTCLOUD_REGION=ap-guangzhou",
	}
}

// gatewayEvent is Tencent's documented API Gateway trigger event, turned
// into POST route (under the release stage) with header and body.
func gatewayEvent(t *testing.T, route string, header map[string]string, body string) []byte {
	t.Helper()
	m := faastest.ReadEvent(t, "../shared/faas/testdata/scf/apigw-request.json")
	faastest.Set(m, "path", "/release"+route)
	faastest.Set(m, "requestContext.path", route)
	faastest.Set(m, "httpMethod", "POST")
	faastest.Set(m, "requestContext.httpMethod", "POST")
	h := m["headers"].(map[string]any)
	for k, v := range header {
		h[k] = v
	}
	faastest.Set(m, "body", body)
	return faastest.MustJSON(t, m)
}

func scfGateway(t *testing.T, fn *faastest.SCF, route string, header map[string]string, body string) reply {
	t.Helper()
	return gatewayReply(t, fn.Invoke(t, gatewayEvent(t, route, header, body)))
}

// scfDirect is a direct invocation (or a WeChat cloud call): the result is
// the answer's body.
func scfDirect(t *testing.T, fn *faastest.SCF, event string) reply {
	t.Helper()
	return reply{body: fn.Invoke(t, []byte(event))}
}

// TestSCFFunctions: each function, built for SCF, answers a Tencent API
// Gateway event with an API key and a direct invocation with tickets that
// verify, and serves 200 invocations with one GetSecretValue.
func TestSCFFunctions(t *testing.T) {
	for _, f := range functions {
		t.Run(f.name, func(t *testing.T) {
			fx := newFixture(t)
			ssm := newSSM(t)
			ssm.Put("ticketbooth-"+f.name, ssmVersion, fx.json(t))
			fn := faastest.StartSCF(t, scfBuild(t, f.name), scfEnv(ssm, "ticketbooth-"+f.name, "apikey,invoke")...)
			withKey := map[string]string{"Content-Type": "application/json", "X-Api-Key": fx.apiKey}
			privs := tlssig.PrivJoin | tlssig.PrivRecvAudio
			if f.name == "roomurl" {
				privs = tlssig.PrivAudience
			}

			r := scfGateway(t, fn, f.route, withKey, f.body)
			if r.status != http.StatusOK || !strings.HasPrefix(r.header.Get("Content-Type"), "application/json") {
				t.Fatalf("gateway: status %d, headers %v: %s", r.status, r.header, r.body)
			}
			fx.ticketsFor(t, f.route, r.body, "alice", privs)
			fx.ticketsFor(t, f.route, scfDirect(t, fn, f.body).body, "alice", privs)

			t.Run("no api key", func(t *testing.T) {
				refused(t, scfGateway(t, fn, f.route, map[string]string{"Content-Type": "application/json"}, f.body), http.StatusUnauthorized)
			})
			t.Run("wrong api key", func(t *testing.T) {
				h := maps.Clone(withKey)
				h["X-Api-Key"] = "tbk_" + strings.Repeat("0", 40)
				refused(t, scfGateway(t, fn, f.route, h, f.body), http.StatusUnauthorized)
			})
			t.Run("only its own route", func(t *testing.T) {
				checkOwnRoutes(t, f, func(route string) reply { return scfGateway(t, fn, route, withKey, f.body) })
			})

			for i := range invocations - 4 {
				var r reply
				if i%2 == 0 {
					r = scfGateway(t, fn, f.route, withKey, f.body)
				} else {
					r = scfDirect(t, fn, f.body)
				}
				if !strings.Contains(string(r.body), `"sdkAppId":1400000001`) || (r.header != nil && r.status != 200) {
					t.Fatalf("invocation %d: status %d: %s", i, r.status, r.body)
				}
				var got struct{ UserSig, PrivateMapKey, PushURL string }
				_ = json.Unmarshal(r.body, &got)
				fx.secret(got.UserSig, got.PrivateMapKey, got.PushURL)
			}
			if n := ssm.Calls(); n != 1 {
				t.Errorf("%d invocations made %d GetSecretValue calls, want 1", invocations, n)
			}
			if v := ssm.Versions(); len(v) != 1 || v[0] != ssmVersion {
				t.Errorf("versions asked: %v, want [%s]", v, ssmVersion)
			}
			fn.Proc.Stop()
			fx.secret(tcSecretKey, tcToken)
			fx.checkLogs(t, f.name, fn.Proc.Output())
		})
	}
}

// TestSCFFunctionsFailClosed: with SSM failing from the start, every
// function answers 503 with Retry-After and no ticket.
func TestSCFFunctionsFailClosed(t *testing.T) {
	for _, f := range functions {
		t.Run(f.name, func(t *testing.T) {
			fx := newFixture(t)
			ssm := newSSM(t)
			ssm.Put("ticketbooth-"+f.name, ssmVersion, fx.json(t))
			ssm.SetFault(secretstest.ServerError)
			fn := faastest.StartSCF(t, scfBuild(t, f.name), scfEnv(ssm, "ticketbooth-"+f.name, "apikey,invoke")...)
			withKey := map[string]string{"Content-Type": "application/json", "X-Api-Key": fx.apiKey}
			refused(t, scfGateway(t, fn, f.route, withKey, f.body), http.StatusServiceUnavailable)
			refused(t, scfDirect(t, fn, f.body), http.StatusServiceUnavailable)
			if ssm.Calls() == 0 {
				t.Error("the function never asked SSM")
			}
			fn.Proc.Stop()
			fx.secret(tcSecretKey, tcToken)
			fx.checkLogs(t, f.name, fn.Proc.Output())
		})
	}
}

// TestSCFWeChatCloud: with TICKETBOOTH_AUTH=wechat-cloud a
// wx.cloud.callFunction event gets tickets for its userInfo.openId, and a
// body naming someone else is refused.
func TestSCFWeChatCloud(t *testing.T) {
	fx := newFixture(t)
	ssm := newSSM(t)
	ssm.Put("ticketbooth", ssmVersion, fx.json(t))
	env := scfEnv(ssm, "ticketbooth", "wechat-cloud")
	usersig := faastest.StartSCF(t, scfBuild(t, "usersig"), env...)
	pmk := faastest.StartSCF(t, scfBuild(t, "privatemapkey"), env...)
	userInfo := `"userInfo":{"appId":"wx0000000000000000","openId":"` + openID + `"}`

	t.Run("usersig for the openid", func(t *testing.T) {
		fx.ticketsFor(t, "/v1/usersig", scfDirect(t, usersig, `{`+userInfo+`}`).body, openID, 0)
	})
	t.Run("usersig naming the openid", func(t *testing.T) {
		fx.ticketsFor(t, "/v1/usersig", scfDirect(t, usersig, `{"userId":"`+openID+`",`+userInfo+`}`).body, openID, 0)
	})
	t.Run("privatemapkey with the default role", func(t *testing.T) {
		event, err := json.Marshal(faastest.ReadEvent(t, "../shared/faas/testdata/scf/wechat-call.json"))
		if err != nil {
			t.Fatal(err)
		}
		fx.ticketsFor(t, "/v1/privatemapkey", scfDirect(t, pmk, string(event)).body, openID, tlssig.PrivAudience)
	})
	t.Run("body names someone else", func(t *testing.T) {
		refused(t, scfDirect(t, usersig, `{"userId":"bob",`+userInfo+`}`), http.StatusForbidden)
	})
	t.Run("privileges beyond the role", func(t *testing.T) {
		refused(t, scfDirect(t, pmk, `{"roomId":1234,"privilegeMap":255,`+userInfo+`}`), http.StatusForbidden)
	})
	t.Run("direct invocation without userInfo", func(t *testing.T) {
		refused(t, scfDirect(t, usersig, `{"userId":"alice"}`), http.StatusUnauthorized)
	})
	t.Run("userInfo forged in a gateway body", func(t *testing.T) {
		// A userInfo in an HTTP body is body text: an unknown member, refused
		// before anyone asks who is calling.
		refused(t, scfGateway(t, usersig, "/v1/usersig", map[string]string{"Content-Type": "application/json"}, `{`+userInfo+`}`), http.StatusBadRequest)
	})
	for name, fn := range map[string]*faastest.SCF{"usersig": usersig, "privatemapkey": pmk} {
		fn.Proc.Stop()
		fx.checkLogs(t, name, fn.Proc.Output())
	}
}

// TestSCFFunctionsJWT: with TICKETBOOTH_AUTH=jwt the SCF builds issue
// tickets only to valid tokens, for their own subject and role.
func TestSCFFunctionsJWT(t *testing.T) {
	fx := newFixture(t)
	for _, m := range []minter{hsMinter(fx), jwksMinter(t)} {
		t.Run(m.name, func(t *testing.T) {
			m.configure(&fx.doc)
			ssm := newSSM(t)
			ssm.Put("ticketbooth-jwt", ssmVersion, fx.json(t))
			fns := map[string]*faastest.SCF{}
			for _, route := range jwtRoutes() {
				f := functionFor(t, route)
				fns[route] = faastest.StartSCF(t, scfBuild(t, f.name), scfEnv(ssm, "ticketbooth-jwt", "jwt")...)
			}
			runJWTCases(t, fx, m, func(t *testing.T, route string, header map[string]string, body string) reply {
				return scfGateway(t, fns[route], route, header, body)
			})
			for route, fn := range fns {
				fn.Proc.Stop()
				fx.checkLogs(t, route, fn.Proc.Output())
			}
		})
	}
}
