package api

import (
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/ticketbooth/ticketbooth/internal/logscan"
	"github.com/ticketbooth/ticketbooth/shared/secrets"
	"github.com/ticketbooth/ticketbooth/shared/tlssig"
	"github.com/ticketbooth/ticketbooth/shared/tlssig/tlssigtest"
)

// The tests in this file pin guards that `make mutate` (gremlins) showed no
// other test would notice changing.

// TestBodySizeLimit: a body of exactly MaxBodyBytes is read and answered;
// one byte more is a 413, whether the length is announced or not.
func TestBodySizeLimit(t *testing.T) {
	body := func(size int) string {
		b := `{"userId":"alice"}`
		return b + strings.Repeat(" ", size-len(b))
	}
	for _, tt := range []struct {
		name      string
		size      int
		announced bool
		status    int
	}{
		{"at the limit, announced", MaxBodyBytes, true, http.StatusOK},
		{"at the limit, unannounced", MaxBodyBytes, false, http.StatusOK},
		{"one byte over, announced", MaxBodyBytes + 1, true, http.StatusRequestEntityTooLarge},
		{"one byte over, unannounced", MaxBodyBytes + 1, false, http.StatusRequestEntityTooLarge},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, fixtureOpts{})
			r := httptest.NewRequest(http.MethodPost, "/v1/usersig", strings.NewReader(body(tt.size)))
			r.RemoteAddr = "127.0.0.1:40000"
			r.Header.Set("Content-Type", "application/json")
			if !tt.announced {
				r.ContentLength = -1
			}
			w := httptest.NewRecorder()
			f.h.ServeHTTP(w, r)
			if w.Code != tt.status {
				t.Fatalf("status = %d, want %d (body %s)", w.Code, tt.status, w.Body)
			}
			if tt.status == http.StatusOK {
				f.decode(t, w)
			}
		})
	}
}

// TestServerFaultIsLogged: a 500 answer logs its cause once as "request
// failed"; a 4xx answer logs no such line and, like the 500, carries no
// Retry-After (only answers with a delay do).
func TestServerFaultIsLogged(t *testing.T) {
	f := newFixture(t, fixtureOpts{})
	f.keys.err = errors.New("the key store is on fire")
	w := f.post(t, "/v1/usersig", `{"userId":"a"}`)
	if w.Code != http.StatusInternalServerError {
		t.Fatalf("status = %d, want 500 (body %s)", w.Code, w.Body)
	}
	if ra := w.Header().Get("Retry-After"); ra != "" {
		t.Errorf("500 with Retry-After %q", ra)
	}
	failed := func() (n int, cause string) {
		for _, l := range logscan.JSONLines(t, f.logs.String()) {
			if l["msg"] == "request failed" {
				n++
				cause = str(l, "cause")
			}
		}
		return n, cause
	}
	if n, cause := failed(); n != 1 || !strings.Contains(cause, "the key store is on fire") {
		t.Errorf("%d request-failed lines (cause %q), want 1 naming the cause:\n%s", n, cause, f.logs)
	}
	f.keys.err = nil
	w = f.post(t, "/v1/usersig", `{"userId":"a","expire":-1}`)
	if w.Code != http.StatusBadRequest {
		t.Fatalf("status = %d, want 400 (body %s)", w.Code, w.Body)
	}
	if ra := w.Header().Get("Retry-After"); ra != "" {
		t.Errorf("400 with Retry-After %q", ra)
	}
	if n, _ := failed(); n != 1 {
		t.Errorf("a 400 wrote a request-failed line:\n%s", f.logs)
	}
}

// TestBodyReaderEdges: the one-pass body reader (json.go, body.go) at each
// edge of its walk and of every number's range. Accepted bodies are read
// into exactly the request given; refused ones get the code and message.
func TestBodyReaderEdges(t *testing.T) {
	const max32 = "4294967295"
	tests := []struct {
		name, route, body string
		want              ticketRequest // accepted
		bizBuf            string        // accepted by /v1/roomurl
		code, msg         string        // refused: the code, and the message (whole)
	}{
		{name: "a name whose first byte is escaped", route: "usersig", body: `{"\u0075serId":"alice"}`, want: ticketRequest{UserID: tlssigtest.UserID("alice")}},
		{name: "a value whose first byte is escaped", route: "usersig", body: `{"userId":"\u5c0f明"}`, want: ticketRequest{UserID: tlssigtest.UserID("小明")}},
		{name: "every kind of space between the tokens", route: "usersig", body: "\r\n\t {\t\"userId\"\r:\n\"a\" ,\r\n\t\"expire\" : 60 \n}\t ",
			want: ticketRequest{UserID: tlssigtest.UserID("a"), TTL: 60 * time.Second}},
		{name: "numbers ended by a tab, a return and a newline", route: "pmk", body: "{\"expire\":60\t,\"roomId\":7\r,\"privilegeMap\":3\n}",
			want: ticketRequest{TTL: 60 * time.Second, Room: tlssig.NumericRoom(7), Privileges: 3, PrivilegesSet: true}},
		{name: "digits 0 and 9", route: "usersig", body: `{"expire":90,"sdkAppId":1400000009}`, want: ticketRequest{TTL: 90 * time.Second, SDKAppID: 1400000009}},
		{name: "expire 1", route: "usersig", body: `{"expire":1}`, want: ticketRequest{TTL: time.Second}},
		{name: "expire at its maximum", route: "usersig", body: `{"expire":` + max32 + `}`, want: ticketRequest{TTL: math.MaxUint32 * time.Second}},
		{name: "expire 0", route: "usersig", body: `{"expire":0}`, code: CodeInvalidExpire, msg: "expire must be a whole number between 1 and 4294967295 (seconds)"},
		{name: "expire past its maximum", route: "usersig", body: `{"expire":4294967296}`, code: CodeInvalidExpire, msg: "expire must be a whole number between 1 and 4294967295 (seconds)"},
		{name: "expire negative", route: "usersig", body: `{"expire":-1}`, code: CodeInvalidExpire, msg: "expire must be a whole number between 1 and 4294967295 (seconds)"},
		{name: "expire as text", route: "usersig", body: `{"expire":"60"}`, code: CodeInvalidExpire, msg: "expire must be a whole number between 1 and 4294967295, not a string (seconds)"},
		{name: "sdkAppId 1", route: "usersig", body: `{"sdkAppId":1}`, want: ticketRequest{SDKAppID: 1}},
		{name: "sdkAppId at its maximum", route: "usersig", body: `{"sdkAppId":` + max32 + `}`, want: ticketRequest{SDKAppID: math.MaxUint32}},
		{name: "sdkAppId 0", route: "usersig", body: `{"sdkAppId":0}`, code: CodeInvalidSDKAppID, msg: "sdkAppId must be a whole number between 1 and 4294967295"},
		{name: "sdkAppId past its maximum", route: "usersig", body: `{"sdkAppId":4294967296}`, code: CodeInvalidSDKAppID, msg: "sdkAppId must be a whole number between 1 and 4294967295"},
		{name: "sdkAppId 2^64 above a real one", route: "usersig", body: `{"sdkAppId":18446744075109551617}`, code: CodeInvalidSDKAppID, msg: "sdkAppId must be a whole number between 1 and 4294967295"},
		{name: "sdkAppId 2^64", route: "usersig", body: `{"sdkAppId":18446744073709551616}`, code: CodeInvalidSDKAppID, msg: "sdkAppId must be a whole number between 1 and 4294967295"},
		{name: "roomId 1", route: "pmk", body: `{"roomId":1}`, want: ticketRequest{Room: tlssig.NumericRoom(1)}},
		{name: "roomId at its maximum", route: "pmk", body: `{"roomId":` + max32 + `}`, want: ticketRequest{Room: tlssig.NumericRoom(math.MaxUint32)}},
		{name: "roomId 0", route: "pmk", body: `{"roomId":0}`, code: CodeInvalidRoomID, msg: "roomId must be a whole number between 1 and 4294967295"},
		{name: "roomId past its maximum", route: "pmk", body: `{"roomId":4294967296}`, code: CodeInvalidRoomID, msg: "roomId must be a whole number between 1 and 4294967295"},
		{name: "privilegeMap 1", route: "pmk", body: `{"roomId":7,"privilegeMap":1}`, want: ticketRequest{Room: tlssig.NumericRoom(7), Privileges: 1, PrivilegesSet: true}},
		{name: "privilegeMap 255", route: "pmk", body: `{"roomId":7,"privilegeMap":255}`, want: ticketRequest{Room: tlssig.NumericRoom(7), Privileges: 255, PrivilegesSet: true}},
		{name: "privilegeMap 0", route: "pmk", body: `{"roomId":7,"privilegeMap":0}`, code: CodeInvalidPrivilegeMap, msg: "privilegeMap must be a whole number between 1 and 255"},
		{name: "privilegeMap 256", route: "pmk", body: `{"roomId":7,"privilegeMap":256}`, code: CodeInvalidPrivilegeMap, msg: "privilegeMap must be a whole number between 1 and 255"},
		{name: "privileges with spaces around each name", route: "pmk", body: `{"roomId":7,"privileges":[ "join" ,	"recv-audio" ]}`,
			want: ticketRequest{Room: tlssig.NumericRoom(7), Privileges: tlssig.PrivJoin | tlssig.PrivRecvAudio, PrivilegesSet: true}},
		{name: "privileges an empty list", route: "pmk", body: `{"roomId":7,"privileges":[ ]}`, code: CodeInvalidPrivileges, msg: privilegesRule},
		{name: "bizBuf holding brackets in its strings, then a member", route: "roomurl",
			body:   `{"roomId":1,"flow":"roomsig","bizBuf":{"a":"]}\"[{" , "b":[1,{"c":"}"}],"d":{}},"userId":"u"}`,
			want:   ticketRequest{Room: tlssig.NumericRoom(1), UserID: tlssigtest.UserID("u"), WithUserSig: true},
			bizBuf: `{"a":"]}\"[{","b":[1,{"c":"}"}],"d":{}}`},
		{name: "bizBuf an empty object", route: "roomurl", body: `{"roomId":1,"flow":"roomsig","bizBuf":{}}`, code: CodeInvalidBizBuf,
			msg: `bizBuf must be a JSON object such as {"Str_uc_params":{"pure_audio_push_mod":1}}, or its JSON text`},
		{name: "bizBuf the text of an empty object", route: "roomurl", body: `{"roomId":1,"flow":"roomsig","bizBuf":" { } "}`, code: CodeInvalidBizBuf,
			msg: `bizBuf must be a JSON object such as {"Str_uc_params":{"pure_audio_push_mod":1}}, or its JSON text`},
		{name: "userId true", route: "usersig", body: `{"userId":true}`, code: CodeInvalidUserID, msg: "userId must be a string, not a boolean"},
		{name: "userId false", route: "usersig", body: `{"userId":false}`, code: CodeInvalidUserID, msg: "userId must be a string, not a boolean"},
		{name: "userId null", route: "usersig", body: `{"userId":null}`, code: CodeInvalidUserID, msg: "userId must be a string, not null"},
		{name: "userId {}", route: "usersig", body: `{"userId":{}}`, code: CodeInvalidUserID, msg: "userId must be a string, not an object"},
		{name: "userId []", route: "usersig", body: `{"userId":[]}`, code: CodeInvalidUserID, msg: "userId must be a string, not an array"},
		{name: "userId a number", route: "usersig", body: `{"userId":1}`, code: CodeInvalidUserID, msg: "userId must be a string, not a number"},
		{name: "userId half a surrogate pair", route: "usersig", body: `{"userId":"a\udbff"}`, code: CodeInvalidUserID,
			msg: `userId holds half of a UTF-16 surrogate pair (\uD800 to \uDFFF alone): escape a character outside the BMP as a pair, or send it as UTF-8`},
		{name: "a name given twice, once escaped", route: "usersig", body: `{"userId":"a","\u0075serId":"b"}`, code: CodeInvalidJSON, msg: "field userId is given twice: give it once"},
		{name: "an unknown member is told the route's members", route: "usersig", body: `{"user":"a"}`, code: CodeUnknownField,
			msg: `unknown field "user": this route accepts sdkAppId, userId, expire`},
		{name: "privileges text with a number-like word starting 0", route: "pmk", body: `{"roomId":7,"privileges":"join,0q"}`, code: CodeInvalidPrivileges, msg: privilegesRule},
		{name: "privileges text with a number-like word starting 9", route: "pmk", body: `{"roomId":7,"privileges":"join,9q"}`, code: CodeInvalidPrivileges, msg: privilegesRule},
		{name: "privileges text with an unknown name", route: "pmk", body: `{"roomId":7,"privileges":"join,/q"}`, code: CodeInvalidPrivileges, msg: `"/q" is not a privilege: ` + privilegesRule},
		{name: "a list, then more", route: "usersig", body: `[1] x`, code: CodeInvalidJSON, msg: "the body must be a JSON object, e.g. {}"},
		{name: "an object, then more", route: "usersig", body: `{} x`, code: CodeInvalidJSON, msg: "unexpected data after the JSON object: send exactly one object"},
		{name: "a body that ends after a comma", route: "usersig", body: `{"userId":"a",`, code: CodeInvalidJSON, msg: "malformed JSON: the body ends early"},
		{name: "a syntax error, then a comma at the very end", route: "usersig", body: `{"userId" "a",`, code: CodeInvalidJSON, msg: "malformed JSON at byte 11"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got ticketRequest
			var bizBuf string
			var err error
			switch tt.route {
			case "usersig":
				got, err = parseUserSigRequest([]byte(tt.body))
			case "pmk":
				got, err = parsePrivateMapKeyRequest([]byte(tt.body))
			case "roomurl":
				var ru roomURLRequest
				ru, err = parseRoomURLRequest([]byte(tt.body))
				got, bizBuf = ru.ticketRequest, ru.BizBuf
			}
			if tt.code != "" {
				var e *Error
				if !errors.As(err, &e) || e.Code != tt.code || e.Message != tt.msg {
					t.Fatalf("got %#v, want %s: %q", err, tt.code, tt.msg)
				}
				return
			}
			if err != nil {
				t.Fatalf("refused: %v", err)
			}
			if got != tt.want || bizBuf != tt.bizBuf {
				t.Errorf("read %+v (bizBuf %q), want %+v (bizBuf %q)", got, bizBuf, tt.want, tt.bizBuf)
			}
		})
	}
}

// TestRetryAfterOnlyWhenUnavailable: of every error another package returns,
// the two kinds that mean "try again later" (503) carry a Retry-After, and
// no other does.
func TestRetryAfterOnlyWhenUnavailable(t *testing.T) {
	for _, s := range sentinels {
		e := classify(fmt.Errorf("cause: %w", s.err))
		if unavailable := Status(e.Code) == http.StatusServiceUnavailable; unavailable != (e.RetryAfter > 0) {
			t.Errorf("%s (status %d): Retry-After %d", e.Code, Status(e.Code), e.RetryAfter)
		}
	}
}

// TestCheckDocument: each app must hold the key the configured algorithm
// signs with, and only that one is required.
func TestCheckDocument(t *testing.T) {
	hmacOnly := secrets.App{SDKAppID: 1, SecretKey: testSecretKey}
	ecdsaOnly := secrets.App{SDKAppID: 2, ECDSAPrivateKey: "PEM"}
	both := secrets.App{SDKAppID: 3, SecretKey: testSecretKey, ECDSAPrivateKey: "PEM"}
	for _, tt := range []struct {
		algorithm string
		apps      []secrets.App
		want      string // "" when the document is usable
	}{
		{"", []secrets.App{hmacOnly, both}, ""},
		{"hmac", []secrets.App{both, ecdsaOnly}, "apps[1].secretKey: required by TICKETBOOTH_ALGORITHM=hmac"},
		{"ecdsa", []secrets.App{ecdsaOnly, both}, ""},
		{"ecdsa", []secrets.App{both, hmacOnly}, "apps[1].ecdsaPrivateKey: required by TICKETBOOTH_ALGORITHM=ecdsa"},
	} {
		cfg := Config{Algorithm: tt.algorithm}
		err := cfg.CheckDocument(&secrets.Document{Apps: tt.apps})
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%q: %v", tt.algorithm, err)
		case tt.want != "" && (err == nil || !strings.HasPrefix(err.Error(), tt.want) || strings.Contains(err.Error(), "\n")):
			t.Errorf("%q: %v, want one problem, %q", tt.algorithm, err, tt.want)
		}
	}
}
