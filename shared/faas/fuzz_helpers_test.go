package faas

import (
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ticketbooth/ticketbooth/internal/logscan"
)

// addSeeds adds every testdata event of a platform plus hostile shapes.
func addSeeds(f *testing.F, dir string, hostile ...string) {
	files, err := filepath.Glob(filepath.Join("testdata", dir, "*.json"))
	if err != nil || len(files) == 0 {
		f.Fatalf("no seeds in testdata/%s: %v", dir, err)
	}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, s := range append(hostile,
		``, `null`, `[]`, `"str"`, `1e999`, `{}`, `{"a":`, "\xff\xfe", `{"body":"\u0000"}`,
		`[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]`,
	) {
		f.Add([]byte(s))
	}
}

// checkRemote verifies the RemoteAddr invariant: empty, or "ip:0" for the
// Invocation's SourceIP.
func checkRemote(t *testing.T, s *seen) {
	t.Helper()
	if s.RemoteAddr == "" {
		return
	}
	host, port, err := net.SplitHostPort(s.RemoteAddr)
	if err != nil || port != "0" || net.ParseIP(host) == nil || host != s.Invocation.SourceIP {
		t.Fatalf("RemoteAddr %q with SourceIP %q", s.RemoteAddr, s.Invocation.SourceIP)
	}
}

// classifierSeeds are the hostile shapes of issue 10 item 3 for both
// classifiers: near-miss member names, probes that fail to decode, HTTP
// events of no known gateway.
var classifierSeeds = []string{
	`{"UserInfo":{"openId":"oFORGED"},"userId":"oFORGED"}`,
	`{"uſerInfo":{"openId":"oFORGED"}}`,
	`{"USERINFO":{"openId":"oFORGED"}}`,
	`{"userInfo":{"OpenId":"oFORGED"}}`,
	`{"userInfo":{"openId":"o1","openid":"o2"}}`,
	`{"userInfo":{"openId":"o1"},"userinfo":{"openId":"o2"}}`,
	`{"userInfo":{"openId":"o1"},"userInfo":{"openId":"o2"}}`,
	`{"userInfo":[{"openId":"o1"}]}`,
	`{"userInfo":{"openId":["o1"]}}`,
	`{"requestContext":5,"userId":"alice"}`,
	`{"httpMethod":"POST","requestContext":{"serviceId":7}}`,
	`{"httpMethod":"POST","requestContext":{"serviceId":"s","serviceid":"t"}}`,
	`{"httpMethod":"POST","HttpMethod":"GET","requestContext":{"serviceId":"s"}}`,
	`{"version":"2.0","requestContext":{"http":{"method":"GET","Method":"POST"}}}`,
	`{"version":"2.0","requestContext":{"Http":{"method":"GET"}}}`,
	`{"body":"{"test":"hello world"}","headers":{"accept":"*/*"},"httpMethod":"POST","path":"/","queryString":{"a":"1"}}`,
	`{"path":"/","httpMethod":"GET","headers":{"host":"env.service.tcloudbase.com"},"queryStringParameters":{},"requestContext":{"envId":"env"},"body":"","isBase64Encoded":false}`,
	`{"Type":"Timer","TriggerName":"t","Time":"2026-01-01T00:00:00Z","Message":""}`,
	`{"Records":[{"cos":{}}]}`,
	`{"userId":"alice","roomId":1234}`,
	`{"userId":"alice"} {"userId":"bob"}`,
	`{"userId":"alice","userId":"bob"}`,
}

// hostileEvents is the hostile table of both classifiers (issue 10 item 3):
// what each platform must make of the event — "refused" (never reaching the
// handler), "direct", "wechat" (openid o1), "no-openid", "gateway".
var hostileEvents = []struct {
	name, event string
	aws, scf    string
}{
	{"userInfo in another case", `{"UserInfo":{"openId":"oFORGED"},"userId":"oFORGED"}`, "refused", "refused"},
	{"userInfo with a long s", `{"uſerInfo":{"openId":"oFORGED"}}`, "refused", "refused"},
	{"userInfo in capitals", `{"USERINFO":{"openId":"oFORGED"}}`, "refused", "refused"},
	{"openId in another case", `{"userInfo":{"OpenId":"oFORGED"}}`, "refused", "no-openid"},
	{"openId twice in two cases", `{"userInfo":{"openId":"o1","openid":"o2"}}`, "refused", "refused"},
	{"userInfo twice in two cases", `{"userInfo":{"openId":"o1"},"userinfo":{"openId":"o2"}}`, "refused", "refused"},
	{"userInfo twice", `{"userInfo":{"openId":"o2"},"userInfo":{"openId":"o1"}}`, "refused", "refused"},
	{"userInfo a list", `{"userInfo":[{"openId":"o1"}]}`, "refused", "refused"},
	{"userInfo null", `{"userInfo":null}`, "refused", "refused"},
	{"openId a list", `{"userInfo":{"openId":["o1"]}}`, "refused", "refused"},
	{"openId a number", `{"userInfo":{"openId":1}}`, "refused", "refused"},
	{"a WeChat cloud call", `{"userInfo":{"appId":"wx1","openId":"o1"},"roomId":1}`, "refused", "wechat"},
	{"a CloudBase call without openId", `{"userInfo":{"appId":"wx1"}}`, "refused", "no-openid"},
	{"probe that fails to decode", `{"requestContext":5,"userId":"alice"}`, "refused", "refused"},
	{"httpMethod a number", `{"httpMethod":1,"requestContext":{}}`, "refused", "refused"},
	// httpMethod and requestContext are a REST event on AWS, whatever the rest.
	{"serviceId a number", `{"httpMethod":"POST","requestContext":{"serviceId":7}}`, "gateway", "refused"},
	{"serviceId twice in two cases", `{"httpMethod":"POST","requestContext":{"serviceId":"s","serviceid":"t"}}`, "refused", "refused"},
	{"httpMethod twice in two cases", `{"httpMethod":"POST","HttpMethod":"GET","requestContext":{"serviceId":"s"}}`, "refused", "refused"},
	{"v2 method twice in two cases", `{"version":"2.0","requestContext":{"http":{"method":"GET","Method":"POST"}}}`, "refused", "refused"},
	{"v2 http in another case", `{"version":"2.0","requestContext":{"Http":{"method":"GET"}}}`, "refused", "refused"},
	{"v2 version a number", `{"version":2,"requestContext":{"http":{"method":"GET"}}}`, "refused", "refused"},
	{"SCF function URL event", `{"body":"{}","headers":{"accept":"*/*"},"httpMethod":"POST","path":"/","queryString":{"a":"1"}}`, "refused", "refused"},
	{"CloudBase HTTP access event", `{"path":"/","httpMethod":"GET","headers":{"host":"env.service.tcloudbase.com"},"queryStringParameters":{},"requestContext":{"envId":"env"},"body":"","isBase64Encoded":false}`, "gateway", "refused"},
	{"REST event without requestContext", `{"httpMethod":"POST","path":"/v1/usersig","body":"{}"}`, "refused", "refused"},
	{"headers alone", `{"headers":{"x-api-key":"k"},"userId":"alice"}`, "refused", "refused"},
	{"body alone", `{"body":"{\"userId\":\"alice\"}"}`, "refused", "refused"},
	{"timer trigger", `{"Type":"Timer","TriggerName":"t","Time":"2026-01-01T00:00:00Z","Message":""}`, "refused", "refused"},
	{"queue or storage trigger", `{"Records":[{"cos":{}}]}`, "refused", "refused"},
	{"not JSON", `{"userId":`, "refused", "refused"}, // on AWS the Lambda library refuses it first
	{"not an object", `[{"userId":"alice"}]`, "refused", "refused"},
	{"a string", `"alice"`, "refused", "refused"},
	{"two objects", `{"userId":"alice"} {"userId":"bob"}`, "refused", "refused"}, // one JSON value or nothing (Lambda itself delivers only one)
	{"a member twice", `{"userId":"alice","userId":"bob"}`, "refused", "refused"},
	{"a direct invocation", `{"userId":"alice","roomId":1234}`, "direct", "direct"},
	{"an empty direct invocation", `{}`, "direct", "direct"},
}

// checkHostile checks one hostile event's outcome: a refusal is an error
// body that never reached the handler and is logged without quoting the
// event; anything else reached it.
func checkHostile(t *testing.T, name, want string, out []byte, s *seen, logs string) {
	t.Helper()
	if want != "refused" {
		if s == nil {
			t.Fatalf("%s: the %s did not reach the handler: %s", name, want, out)
		}
		return
	}
	if s != nil {
		t.Fatalf("%s: reached the handler as %+v", name, s.Invocation)
	}
	var e struct {
		Error struct{ Code, Message string }
	}
	if err := json.Unmarshal(out, &e); err != nil || e.Error.Code != "bad_request" || e.Error.Message == "" {
		t.Fatalf("%s: answered %q", name, out)
	}
	if !strings.Contains(logs, "event refused") {
		t.Errorf("%s: the refusal is not logged: %s", name, logs)
	}
	logscan.AssertNoSecretsIn(t, "the log", logs, "oFORGED", "o1", "o2", "x-api-key")
}
