package console

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ticketbooth/ticketbooth/clients/miniprogram"
	"github.com/ticketbooth/ticketbooth/internal/logscan"
	"github.com/ticketbooth/ticketbooth/shared/auth"
	"github.com/ticketbooth/ticketbooth/shared/policy"
	"github.com/ticketbooth/ticketbooth/shared/roomurl"
	"github.com/ticketbooth/ticketbooth/shared/secrets"
	"github.com/ticketbooth/ticketbooth/shared/tlssig"
	"github.com/ticketbooth/ticketbooth/shared/tlssig/tlssigtest"
)

const (
	testApp    = 1400000001
	otherApp   = 1400000002 // not in the document
	testSecret = "console-test-secret-key-0123456789"
)

var now = time.Unix(1_800_000_000, 0)

type staticKeys struct{ snap *secrets.Snapshot }

func (k staticKeys) Get(context.Context) (*secrets.Snapshot, error) { return k.snap, nil }

type fixture struct {
	h        http.Handler
	hmac     tlssig.Signer
	ecdsa    tlssig.Signer
	secrets  []string // every key in the document
	captured bytes.Buffer
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	pkcs8, _, _ := tlssigtest.ECDSAKeyPEM(t)
	raw, err := json.Marshal(secrets.Document{Apps: []secrets.App{{SDKAppID: testApp, SecretKey: testSecret, ECDSAPrivateKey: pkcs8, Default: true}}})
	if err != nil {
		t.Fatal(err)
	}
	doc, err := secrets.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	pol, err := policy.FromEnv(func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	h, err := New(Config{Keys: staticKeys{&secrets.Snapshot{Current: doc}}, Policy: pol, Clock: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{h: h, secrets: []string{testSecret, pkcs8}}
	if f.hmac, err = tlssig.NewHMACSigner(testApp, testSecret); err != nil {
		t.Fatal(err)
	}
	k, err := tlssig.ParseECDSAPrivateKey([]byte(pkcs8))
	if err != nil {
		t.Fatal(err)
	}
	if f.ecdsa, err = tlssig.NewECDSASigner(testApp, k); err != nil {
		t.Fatal(err)
	}
	return f
}

// do serves one request and keeps its whole answer for the secret scan.
func (f *fixture) do(t testing.TB, method, path, contentType, body string) *http.Response {
	t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	rec := httptest.NewRecorder()
	f.h.ServeHTTP(rec, req)
	for k, v := range rec.Header() {
		fmt.Fprintf(&f.captured, "%s: %s\n", k, strings.Join(v, ","))
	}
	f.captured.Write(rec.Body.Bytes())
	return rec.Result()
}

func (f *fixture) inspect(t testing.TB, text string) *report {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"text": text})
	resp := f.do(t, http.MethodPost, "/console/api/inspect", "application/json", string(body))
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(resp.Body)
		t.Fatalf("inspect = %d %s", resp.StatusCode, b)
	}
	var rep report
	if err := json.NewDecoder(resp.Body).Decode(&rep); err != nil {
		t.Fatal(err)
	}
	return &rep
}

// must returns the ticket of a signing call, failing t on its error.
func must(t testing.TB) func(string, error) string {
	return func(s string, err error) string {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
}

func TestEnabled(t *testing.T) {
	dev := []auth.Method{auth.MethodDev}
	tests := []struct {
		name    string
		addr    string
		methods []auth.Method
		want    bool
	}{
		{"loopback with dev", "127.0.0.1:8080", dev, true},
		{"loopback range with dev", "127.0.0.2:8080", dev, true},
		{"ipv6 loopback with dev", "[::1]:8080", dev, true},
		{"localhost with dev", "localhost:8080", dev, true},
		{"dev among others", "127.0.0.1:0", []auth.Method{auth.MethodAPIKey, auth.MethodDev}, true},
		{"every interface", "0.0.0.0:8080", dev, false},
		{"no host", ":8080", dev, false},
		{"lan address", "192.168.1.20:8080", dev, false},
		{"a name", "example.com:8080", dev, false},
		{"loopback with apikey", "127.0.0.1:8080", []auth.Method{auth.MethodAPIKey}, false},
		{"loopback with jwt", "127.0.0.1:8080", []auth.Method{auth.MethodJWT}, false},
		{"no methods", "127.0.0.1:8080", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Enabled(tt.addr, tt.methods); got != tt.want {
				t.Errorf("Enabled(%q, %v) = %v, want %v", tt.addr, tt.methods, got, tt.want)
			}
		})
	}
}

func TestHeaders(t *testing.T) {
	f := newFixture(t)
	for _, path := range []string{"/console/", "/console/console.js", "/console/console.css", "/console/favicon.svg",
		"/console/api/config", "/console/api/codes", "/console/nope", "/console/api/nope"} {
		t.Run(path, func(t *testing.T) {
			resp := f.do(t, http.MethodGet, path, "", "")
			for name, want := range map[string]string{
				"Content-Security-Policy": ContentSecurityPolicy,
				"X-Content-Type-Options":  "nosniff",
				"X-Frame-Options":         "DENY",
				"Referrer-Policy":         "no-referrer",
				"Cache-Control":           "no-store",
			} {
				if got := resp.Header.Get(name); got != want {
					t.Errorf("%s = %q, want %q", name, got, want)
				}
			}
		})
	}
	for _, directive := range []string{"default-src 'none'", "script-src 'self'", "frame-ancestors 'none'"} {
		if !strings.Contains(ContentSecurityPolicy, directive) {
			t.Errorf("the CSP lacks %s", directive)
		}
	}
	if strings.Contains(ContentSecurityPolicy, "unsafe") {
		t.Error("the CSP allows unsafe-inline or unsafe-eval")
	}
}

func TestPageHasNoInlineScriptOrStyle(t *testing.T) {
	f := newFixture(t)
	resp := f.do(t, http.MethodGet, "/console/", "", "")
	b, _ := io.ReadAll(resp.Body)
	page := string(b)
	if resp.StatusCode != 200 || !strings.Contains(page, `<script src="console.js" defer></script>`) {
		t.Fatalf("GET /console/ = %d", resp.StatusCode)
	}
	for _, bad := range []string{"<script>", "<style", " style=", " onclick=", " onload=", "http://", "https://"} {
		if strings.Contains(page, bad) {
			t.Errorf("the page holds %q, which the CSP refuses or which loads from elsewhere", bad)
		}
	}
}

func TestErrors(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		name, method, path, contentType, body string
		status                                int
		code                                  string
	}{
		{"unknown page", "GET", "/console/admin", "", "", 404, "not_found"},
		{"unknown route", "GET", "/console/api/keys", "", "", 404, "not_found"},
		{"post to a page", "POST", "/console/", "application/json", "{}", 405, "method_not_allowed"},
		{"get inspect", "GET", "/console/api/inspect", "", "", 405, "method_not_allowed"},
		{"inspect as a form", "POST", "/console/api/inspect", "application/x-www-form-urlencoded", "text=x", 415, "unsupported_media_type"},
		{"inspect without text", "POST", "/console/api/inspect", "application/json", `{"text":"  "}`, 400, "invalid_text"},
		{"inspect not an object", "POST", "/console/api/inspect", "application/json", `"eJx"`, 400, "invalid_json"},
		{"inspect unknown member", "POST", "/console/api/inspect", "application/json", `{"ticket":"x"}`, 400, "invalid_json"},
		{"inspect too large", "POST", "/console/api/inspect", "application/json", `{"text":"` + strings.Repeat("a", maxBody) + `"}`, 413, "body_too_large"},
		{"qr without text", "POST", "/console/api/qr", "application/json", `{}`, 400, "invalid_text"},
		{"qr too long", "POST", "/console/api/qr", "application/json", `{"text":"` + strings.Repeat("room", 2000) + `"}`, 400, "invalid_text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := f.do(t, tt.method, tt.path, tt.contentType, tt.body)
			var e struct {
				Error struct{ Code, Message string }
			}
			if err := json.NewDecoder(resp.Body).Decode(&e); err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != tt.status || e.Error.Code != tt.code || e.Error.Message == "" {
				t.Errorf("got %d %+v, want %d %s", resp.StatusCode, e.Error, tt.status, tt.code)
			}
		})
	}
}

func TestInspect(t *testing.T) {
	f := newFixture(t)
	room := tlssig.NumericRoom(1234)
	userSig := must(t)(f.hmac.UserSigAt("alice", now, time.Hour))
	mapKey := must(t)(f.hmac.PrivateMapKeyAt("alice", room, tlssig.PrivAll, now, time.Hour))
	otherRoomKey := must(t)(f.hmac.PrivateMapKeyAt("alice", tlssig.NumericRoom(999), tlssig.PrivJoin, now, time.Hour))
	audienceKey := must(t)(f.hmac.PrivateMapKeyAt("alice", room, tlssig.PrivAudience, now, time.Hour))
	bobSig := must(t)(f.hmac.UserSigAt("bob", now, time.Hour))
	expired := must(t)(f.hmac.UserSigAt("alice", now.Add(-2*time.Hour), time.Minute))
	v1 := must(t)(f.ecdsa.UserSigAt("alice", now, time.Hour))
	otherKeySigner, _ := tlssig.NewHMACSigner(testApp, "another key")
	forged := must(t)(otherKeySigner.UserSigAt("alice", now, time.Hour))
	foreignSigner, _ := tlssig.NewHMACSigner(otherApp, "their key")
	foreign := must(t)(foreignSigner.UserSigAt("alice", now, time.Hour))

	pushURL := func(sig, key string) string {
		p := roomurl.RTCPush{SDKAppID: testApp, Room: tlssig.NumericRoom(1234), UserID: tlssigtest.UserID("alice"), UserSig: sig, PrivateMapKey: key, Scene: roomurl.SceneLive, RecvMode: 2}
		u, err := p.URL()
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	roomSigURL, err := (&roomurl.RoomSigPush{SDKAppID: testApp, Room: tlssig.NumericRoom(1234), UserID: tlssigtest.UserID("alice"), RoomSig: `{"Sig":"abc","Ttl":300}`}).URL()
	if err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name     string
		text     string
		input    string
		valid    bool
		reason   string // a problem reason (ticket's or report's) containing this
		codes    string // that problem's codes, joined by " "
		sigNote  string // the first ticket's signature note contains this
		severity string
	}{
		{name: "valid usersig", text: userSig, input: "usersig", valid: true, sigNote: "v2 HMAC-SHA256: matches app 1400000001's secretKey"},
		{name: "valid v1 usersig", text: v1, input: "usersig", valid: true, sigNote: "v1 ECDSA-SHA256: matches"},
		{name: "valid privatemapkey", text: mapKey, input: "privatemapkey", valid: true},
		{name: "expired usersig", text: expired, input: "usersig", reason: "UserSig expired at", codes: "-100018 70001", sigNote: "matches"},
		{name: "usersig of another key", text: forged, input: "usersig", reason: "signature does not match this key", codes: "-100018 70009", sigNote: "does not match"},
		{name: "usersig of an app not in the document", text: foreign, input: "usersig", valid: true, sigNote: "not checked: app 1400000002 is not in the secret document"},
		{name: "not a ticket", text: "hello", input: "ticket", reason: "malformed ticket", codes: "-100018 70003", sigNote: "not checked"},
		{name: "valid push URL", text: pushURL(userSig, mapKey), input: "pushurl", valid: true},
		{name: "push URL with a key for another room", text: pushURL(userSig, otherRoomKey), input: "pushurl",
			reason: "the URL's PrivateMapKey was issued for room 999, not the URL's room 1234", codes: "-100006"},
		{name: "push URL with bob's UserSig", text: pushURL(bobSig, mapKey), input: "pushurl",
			reason: `the URL's UserSig was issued for user "bob", not the URL's user "alice"`, codes: "-100018 70013"},
		{name: "push URL with the tickets swapped", text: pushURL(mapKey, userSig), input: "pushurl",
			reason: "the URL's usersig parameter is a PrivateMapKey, not a UserSig", codes: "-100018 70003"},
		{name: "push URL with an audience key", text: pushURL(userSig, audienceKey), input: "pushurl", valid: true,
			reason: "cannot push", codes: "-100006", severity: "warning"},
		{name: "push URL without a privatemapkey", text: pushURL(userSig, ""), input: "pushurl", valid: true,
			reason: "no privatemapkey", codes: "-100006", severity: "warning"},
		{name: "not a push URL", text: "room://example.com/rtc?sdkappid=1", input: "pushurl", reason: "not a push URL"},
		{name: "roomsig push URL", text: roomSigURL, input: "pushurl", valid: true},
		{name: "roomsig reply refused 86", text: `{"ErrorCode":0,"RspHead":{"ErrorCode":86,"ErrorInfo":"expired"},"RspBody":null}`, input: "roomsigreply",
			reason: "privateMapKey has expired (TRTC error 86)", codes: "roomsig_86"},
		{name: "roomsig reply refused 99", text: `{"ErrorCode":99}`, input: "roomsigreply", reason: "error 99", codes: "roomsig_failed"},
		{name: "roomsig reply ok", text: `{"ErrorCode":0,"RspHead":{"ErrorCode":0},"RspBody":{"Sig":"abc","Ttl":300}}`, input: "roomsigreply", valid: true},
		{name: "bare roomsig", text: `{"Sig":"abc","Ttl":300}`, input: "roomsig", valid: true},
		{name: "broken JSON", text: `{"RspHead":`, input: "roomsigreply", reason: "not JSON", codes: "roomsig_failed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := f.inspect(t, tt.text)
			if rep.Input != tt.input || rep.Valid != tt.valid {
				t.Errorf("input, valid = %s, %v; want %s, %v", rep.Input, rep.Valid, tt.input, tt.valid)
			}
			if rep.ServerTime != now.Unix() {
				t.Errorf("serverTime = %d", rep.ServerTime)
			}
			all := rep.Problems
			for _, tk := range rep.Tickets {
				all = append(all, tk.Problems...)
			}
			if tt.reason == "" && len(all) > 0 {
				t.Errorf("problems = %+v, want none", all)
			}
			if tt.reason != "" {
				var found *problem
				for i := range all {
					if strings.Contains(all[i].Reason, tt.reason) {
						found = &all[i]
					}
				}
				if found == nil {
					t.Fatalf("no problem says %q: %+v", tt.reason, all)
				}
				if got := strings.Join(found.Codes, " "); got != tt.codes {
					t.Errorf("codes = %q, want %q", got, tt.codes)
				}
				if len(found.Explain) != len(found.Codes) {
					t.Errorf("explained %d of the codes %v", len(found.Explain), found.Codes)
				}
				want := "error"
				if tt.severity != "" {
					want = tt.severity
				}
				if found.Severity != want {
					t.Errorf("severity = %s, want %s", found.Severity, want)
				}
			}
			if tt.sigNote != "" && (len(rep.Tickets) == 0 || !strings.Contains(rep.Tickets[0].Signature.Note, tt.sigNote)) {
				t.Errorf("signature = %+v, want a note with %q", rep.Tickets, tt.sigNote)
			}
		})
	}
	// No key, and none of the pasted tickets, in any answer: the page shows what a ticket says.
	logscan.AssertNoSecretsIn(t, "console answers", f.captured.String(), append(f.secrets, userSig, mapKey, otherRoomKey, forged, v1)...)
}

func TestInspectFields(t *testing.T) {
	f := newFixture(t)
	mapKey := must(t)(f.hmac.PrivateMapKeyAt("alice", tlssig.StringRoom("class a"), tlssig.PrivAudience, now, 5*time.Minute))
	rep := f.inspect(t, mapKey)
	tk := rep.Tickets[0]
	if tk.Fields == nil || tk.Fields.StrRoomID == nil || *tk.Fields.StrRoomID != "class a" || tk.Fields.ExpiresAt != now.Unix()+300 {
		t.Fatalf("fields = %+v", tk.Fields)
	}
	var granted []string
	for _, b := range tk.Boxes {
		if b.Granted {
			granted = append(granted, b.Name)
		}
	}
	if len(tk.Boxes) != 8 || strings.Join(granted, ",") != "join,recv-audio,recv-video" {
		t.Errorf("privilege boxes = %+v", tk.Boxes)
	}
	if !strings.HasPrefix(tk.Summary, `valid: PrivateMapKey for user "alice"`) {
		t.Errorf("summary = %q", tk.Summary)
	}

	u := roomurl.RTCPush{SDKAppID: testApp, Room: tlssig.StringRoom("class a"), UserID: tlssigtest.UserID("alice"), UserSig: must(t)(f.hmac.UserSigAt("alice", now, time.Hour)),
		PrivateMapKey: mapKey, Scene: roomurl.SceneVideoCall, EncSmall: true, CloudEnv: "PRO", StreamID: "s1", RecvMode: 1}
	s, err := u.URL()
	if err != nil {
		t.Fatal(err)
	}
	rep = f.inspect(t, s)
	var params []string
	for _, p := range rep.URL.Params {
		params = append(params, p.Name+"="+p.Value)
	}
	want := "sdkappid=1400000001 strroomid=class a userid=alice usersig=(UserSig, 244 characters: below) appscene=videocall " +
		"privatemapkey=(PrivateMapKey, " + fmt.Sprint(len(mapKey)) + " characters: below) encsmall=1 cloudenv=PRO streamid=s1 recvmode=1"
	if got := strings.Join(params, " "); got != want {
		t.Errorf("params =\n%s\nwant\n%s", got, want)
	}

	rep = f.inspect(t, `{"ErrorCode":0,"RspHead":{"ErrorCode":0,"SeqNo":1},"RspBody":{"RoomSig":{"A":[1,true,null]},"Ttl":300}}`)
	var fields []string
	for _, p := range rep.Reply {
		fields = append(fields, p.Name+"="+p.Value)
	}
	if got := strings.Join(fields, " "); got != "ErrorCode=0 RspHead.ErrorCode=0 RspHead.SeqNo=1 RspBody.RoomSig.A[0]=1 RspBody.RoomSig.A[1]=true RspBody.RoomSig.A[2]=null RspBody.Ttl=300" {
		t.Errorf("reply fields = %s", got)
	}
}

func TestConfig(t *testing.T) {
	f := newFixture(t)
	resp := f.do(t, http.MethodGet, "/console/api/config", "", "")
	var c struct {
		Apps []struct {
			SDKAppID      uint64
			Default, HMAC bool
			ECDSA         bool
		}
		Roles []struct {
			Name         string
			PrivilegeMap uint32
		}
		Privileges    []struct{ Name string }
		PrivateMapKey struct{ Default, Max int64 }
		Routes        map[string]string
	}
	if err := json.NewDecoder(resp.Body).Decode(&c); err != nil {
		t.Fatal(err)
	}
	if len(c.Apps) != 1 || c.Apps[0].SDKAppID != testApp || !c.Apps[0].Default || !c.Apps[0].HMAC || !c.Apps[0].ECDSA {
		t.Errorf("apps = %+v", c.Apps)
	}
	if fmt.Sprint(c.Roles) != "[{anchor 255} {audience 42}]" || len(c.Privileges) != 8 || c.PrivateMapKey.Default != 300 || c.Routes["roomurl"] != "/v1/roomurl" {
		t.Errorf("config = %+v", c)
	}
	logscan.AssertNoSecretsIn(t, "config", f.captured.String(), f.secrets...)
}

func TestCodesAreTheKitsTable(t *testing.T) {
	f := newFixture(t)
	resp := f.do(t, http.MethodGet, "/console/api/codes", "", "")
	got, _ := io.ReadAll(resp.Body)
	if !bytes.Equal(got, miniprogram.CodesJSON) {
		t.Error("GET /console/api/codes is not clients/miniprogram/codes.json byte for byte")
	}
	// Every code the console may name is in the table, so every refusal comes with its fix.
	codes, err := loadCodes()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []string{"-100018", "70001", "70003", "70009", "70013", "70014", "-100006",
		"roomsig_80", "roomsig_82", "roomsig_86", "roomsig_87", "roomsig_88", "roomsig_failed"} {
		if _, ok := codes.byCode[c]; !ok {
			t.Errorf("code %s is not in codes.json", c)
		}
	}
}

func TestQR(t *testing.T) {
	f := newFixture(t)
	u := "room://cloud.tencent.com/rtc?sdkappid=1400000001&roomid=1234&userid=alice&usersig=" + strings.Repeat("eJx", 80)
	body, _ := json.Marshal(map[string]string{"text": u})
	resp := f.do(t, http.MethodPost, "/console/api/qr", "application/json", string(body))
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/png" {
		t.Fatalf("qr = %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	img, err := png.Decode(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	// Four pixels per module plus the quiet zone: wide enough for a camera, small enough for a phone.
	if w := img.Bounds().Dx(); w < 200 || w > 800 {
		t.Errorf("QR width = %d px", w)
	}
}

func FuzzInspect(f *testing.F) {
	fx := newFixture(f)
	sig := must(f)(fx.hmac.UserSigAt("alice", now, time.Hour))
	key := must(f)(fx.hmac.PrivateMapKeyAt("alice", tlssig.NumericRoom(1), tlssig.PrivAll, now, time.Hour))
	for _, seed := range []string{sig, key, "room://cloud.tencent.com/rtc?sdkappid=1400000001&roomid=1&userid=alice&usersig=" + sig + "&privatemapkey=" + key,
		"room://cloud.tencent.com?sdkappid=1&roomid=1&userid=a&roomsig=" + url.QueryEscape(`{"a":[1,{"b":null}]}`),
		`{"ErrorCode":0,"RspHead":{"ErrorCode":87},"RspBody":{}}`, `{"a":` + strings.Repeat("[", 100), "eJx*-_", "room://", "{"} {
		f.Add(seed)
	}
	doc, err := fx.h.(*handler).keys.Get(context.Background())
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		rep := fx.h.(*handler).examine(doc.Current, text, now)
		out, err := json.Marshal(rep)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Valid {
			for _, tk := range rep.Tickets {
				if !tk.Valid {
					t.Fatalf("valid report with an invalid ticket: %s", out)
				}
			}
		}
		if bytes.Contains(out, []byte(testSecret)) {
			t.Fatal("the secret key reached an answer")
		}
	})
}
