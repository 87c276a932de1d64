package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/ticketbooth/ticketbooth/shared/tlssig"
)

// FuzzParseRequest feeds hostile bodies to the request parsers: none may
// panic, every refusal is an *Error with a code in the status table, and an
// accepted request is within TRTC's limits.
func FuzzParseRequest(f *testing.F) {
	for _, seed := range []string{
		`{}`,
		`{"userId":"alice","roomId":1234,"privileges":["join","recv-audio"],"expire":300}`,
		`{"strRoomId":"class a","privilegeMap":255,"flow":"rtc","scene":"live","recvMode":2,"encSmall":true}`,
		`{"roomId":1,"flow":"roomsig","roomSig":"{\"a\":1}","bizBuf":{"Str_uc_params":{"record_id":1}}}`,
		`{"roomId":4294967296}`,
		`{"roomId":-1}`,
		`{"roomId":1e3}`,
		`{"expire":99999999999999999999999999999}`,
		`{"userId":"\ud800"}`,
		`{"userId":"a","userId":"b"}`,
		`{"userId":"a"}garbage`,
		`{"a":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}`,
		`[`,
		`"just a string"`,
		`{"privileges":"join,,recv-audio"}`,
		`{"privileges":[null]}`,
		`{"roomSig":"\"nested\""}`,
		"\xef\xbb\xbf{}",
		`{"roomId":1,"strRoomId":"x"}`,
		`{"user\u0049d":"alice","roomId":7}`,
		`{"USERID":"alice"}`,
		`{"strRoomId":"a\u0020b","privileges":["JOIN"," recv-audio "],"expire":60,"sdkAppId":1400000001}`,
		`{"privileges":"42","roomId":3}`,
		`{"privileges":["255"],"roomId":3}`,
		` { "roomId" : 12 , "userId" : "b\"c" } `,
		strings.Repeat(`{"a":`, 1000),
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		check := func(err error) {
			if err == nil {
				return
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("refusal %v is not an *Error", err)
			}
			if _, ok := statusOf[e.Code]; !ok || Status(e.Code) >= 500 {
				t.Fatalf("refusal code %q is not a client error in the table", e.Code)
			}
			if e.Message == "" || len(e.Message) > 400 {
				t.Fatalf("refusal message of %d bytes", len(e.Message))
			}
		}
		us, err := parseUserSigRequest(body)
		check(err)
		if err == nil {
			agrees(t, body, userSigMembers, us)
		}
		pk, err := parsePrivateMapKeyRequest(body)
		check(err)
		if err == nil {
			agrees(t, body, privateMapKeyMembers, pk)
			if tlssig.ValidateRoom(pk.Room) != nil {
				t.Fatalf("accepted an invalid room")
			}
		}
		ru, err := parseRoomURLRequest(body)
		check(err)
		if err == nil {
			agrees(t, body, roomURLMembers, ru.ticketRequest)
			if tlssig.ValidateRoom(ru.Room) != nil || ru.PrivilegesSet && ru.Privileges == 0 {
				t.Fatalf("accepted an invalid room URL request")
			}
		}
	})
}

// agrees checks an accepted body against encoding/json read independently
// (the oracle): one JSON object, each top-level name exactly one of the
// route's members and given once, and the values the parser returned equal
// to what encoding/json decodes.
func agrees(t *testing.T, body []byte, allowed member, req ticketRequest) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(body))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		t.Fatalf("accepted %q, which is not a JSON object", body)
	}
	values := map[string]json.RawMessage{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatalf("accepted %q: %v", body, err)
		}
		name := tok.(string)
		if m := memberNamed([]byte(name)); m == 0 || m&allowed == 0 {
			t.Fatalf("accepted %q with member %q", body, name)
		}
		if _, dup := values[name]; dup {
			t.Fatalf("accepted %q with %q twice", body, name)
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			t.Fatalf("accepted %q: %v", body, err)
		}
		values[name] = raw
	}
	if _, err := dec.Token(); err != nil {
		t.Fatalf("accepted %q: %v", body, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		t.Fatalf("accepted %q with data after the object", body)
	}
	var s string
	var n uint64
	if raw, ok := values["userId"]; ok {
		if json.Unmarshal(raw, &s) != nil || s != req.UserID.String() || tlssig.ValidateUserID(s) != nil {
			t.Fatalf("userId of %q read as %q", body, req.UserID)
		}
	} else if !req.UserID.IsZero() {
		t.Fatalf("a userId %q from nowhere in %q", req.UserID, body)
	}
	if raw, ok := values["sdkAppId"]; ok && (json.Unmarshal(raw, &n) != nil || n != req.SDKAppID || n == 0 || n > tlssig.MaxSDKAppID) {
		t.Fatalf("sdkAppId of %q read as %d", body, req.SDKAppID)
	}
	if raw, ok := values["expire"]; ok && (json.Unmarshal(raw, &n) != nil || time.Duration(n)*time.Second != req.TTL || n == 0) {
		t.Fatalf("expire of %q read as %s", body, req.TTL)
	}
	if raw, ok := values["roomId"]; ok && (json.Unmarshal(raw, &n) != nil || n != uint64(req.Room.ID()) || req.Room.IsString()) {
		t.Fatalf("roomId of %q read as %v", body, req.Room)
	}
	if raw, ok := values["strRoomId"]; ok && (json.Unmarshal(raw, &s) != nil || s != req.Room.Str() || !req.Room.IsString()) {
		t.Fatalf("strRoomId of %q read as %v", body, req.Room)
	}
	if raw, ok := values["privilegeMap"]; ok && (json.Unmarshal(raw, &n) != nil || n != uint64(req.Privileges)) {
		t.Fatalf("privilegeMap of %q read as %d", body, req.Privileges)
	}
	var names []string
	if raw, ok := values["privileges"]; ok && json.Unmarshal(raw, &names) == nil {
		var p tlssig.Privilege
		for _, name := range names {
			bit, err := tlssig.PrivilegeNamed(name)
			if err != nil {
				t.Fatalf("privileges of %q: %q accepted", body, name)
			}
			p |= bit
		}
		if p != req.Privileges {
			t.Fatalf("privileges of %q read as %s", body, req.Privileges)
		}
	}
}
