package api

import (
	"bytes"
	"encoding/json"
	"net/http/httptest"
	"testing"

	"github.com/ticketbooth/ticketbooth/shared/roomurl"
	"github.com/ticketbooth/ticketbooth/shared/tlssig"
)

// encodingJSON is how the answers were written before they were written by
// hand: encoding/json, HTML escaping off.
func encodingJSON(t testing.TB, v any) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// awkward are strings whose escaping differs between JSON writers.
var awkward = []string{
	"", "alice", `a"b\c`, "tab\there\nline\rret\bback\fform", "\x00\x01\x1f\x7f", "<&>",
	"爱丽丝", "\U0001F600", "\u2028\u2029", "bad \xff\xfe utf-8", "\xed\xa0\x80", "room://cloud.tencent.com/rtc?a=1&b=2",
}

// TestResponsesEncodeAsEncodingJSON: each answer written by hand is the
// bytes encoding/json writes for its struct, for every kind of string and
// with the optional members present and absent.
func TestResponsesEncodeAsEncodingJSON(t *testing.T) {
	for _, s := range awkward {
		us := userSigResponse{SDKAppID: 1400000001, UserID: s, UserSig: s, Expire: 86400, ExpiresAt: s, ServerTime: s}
		pk := privateMapKeyResponse{SDKAppID: 1, UserID: s, StrRoomID: s, PrivilegeMap: 42, Privileges: tlssig.PrivAudience.Names(),
			PrivateMapKey: s, Expire: 1, ExpiresAt: s, ServerTime: s, Warnings: []string{s, warnUserID}}
		ru := roomURLResponse{Flow: roomurl.FlowRTC, SDKAppID: 4294967295, UserID: s, RoomID: 7, PushURL: s, UserSig: s,
			PrivateMapKey: s, PrivilegeMap: 255, Privileges: tlssig.PrivAll.Names(), ExpiresAt: s, UserSigExpiresAt: s,
			PrivateMapKeyExpiresAt: s, ServerTime: s, Warnings: []string{s}}
		rs := roomURLResponse{Flow: roomurl.FlowRoomSig, UserID: s, RoomID: 1, ServerTime: s,
			RoomSigRequest: &roomurl.RoomSigRequest{URL: "https://example.com/?a=1&b=" + s, Method: "POST",
				Header: map[string]string{"content-type": "application/json"}, Data: json.RawMessage(`{"a":1}`)}}
		empty := privateMapKeyResponse{UserID: s}
		for _, tc := range []struct {
			v     any
			write func(*httptest.ResponseRecorder)
		}{
			{us, func(w *httptest.ResponseRecorder) { writeUserSig(w, &us) }},
			{pk, func(w *httptest.ResponseRecorder) { writePrivateMapKey(w, &pk) }},
			{empty, func(w *httptest.ResponseRecorder) { writePrivateMapKey(w, &empty) }},
			{ru, func(w *httptest.ResponseRecorder) { writeRoomURL(w, &ru) }},
			{rs, func(w *httptest.ResponseRecorder) { writeRoomURL(w, &rs) }},
		} {
			w := httptest.NewRecorder()
			tc.write(w)
			if want := encodingJSON(t, tc.v); w.Body.String() != want {
				t.Errorf("%T with %q:\n got %s\nwant %s", tc.v, s, w.Body, want)
			}
			if w.Header().Get("Content-Type") != "application/json; charset=utf-8" || w.Code != 200 {
				t.Errorf("%T: status %d, headers %v", tc.v, w.Code, w.Header())
			}
		}
	}
}

// FuzzAppendJSONString holds the hand-written string escaping to
// encoding/json's for any bytes.
func FuzzAppendJSONString(f *testing.F) {
	for _, s := range awkward {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := encodingJSON(t, s)
		if got := string(appendJSONString(nil, s)) + "\n"; got != want {
			t.Fatalf("appendJSONString(%q) = %s, encoding/json writes %s", s, got, want)
		}
	})
}
