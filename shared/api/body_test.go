package api

import (
	"net/http"
	"strings"
	"testing"
)

// TestOptionOfTheOtherFlowIsNamed: an option of the other flow (roomurl's
// list, roomurl.Option) is a 400 invalid_flow naming the member; an option
// that sets nothing ("encSmall":false) is none.
func TestOptionOfTheOtherFlowIsNamed(t *testing.T) {
	f := newFixture(t, fixtureOpts{})
	for _, tt := range []struct{ body, want string }{
		{`{"userId":"a","roomId":1,"bizBuf":{"a":1}}`, `bizBuf belongs to the roomsig flow`},
		{`{"userId":"a","roomId":1,"flow":"rtc","roomSig":{"a":1}}`, `roomSig belongs to the roomsig flow`},
		{`{"userId":"a","roomId":1,"flow":"roomsig","recvMode":2}`, `recvMode belongs to the rtc flow`},
		{`{"userId":"a","roomId":1,"flow":"roomsig","scene":"live"}`, `scene belongs to the rtc flow`},
		{`{"userId":"a","roomId":1,"flow":"roomsig","encSmall":true}`, `encSmall belongs to the rtc flow`},
		{`{"userId":"a","roomId":1,"flow":"roomsig","userDefineRecordId":"r1"}`, `userDefineRecordId belongs to the rtc flow`},
	} {
		w := f.post(t, "/v1/roomurl", tt.body)
		if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), CodeInvalidFlow) || !strings.Contains(w.Body.String(), tt.want) {
			t.Errorf("%s: %d %s, want 400 %s saying %q", tt.body, w.Code, w.Body, CodeInvalidFlow, tt.want)
		}
	}
	if w := f.post(t, "/v1/roomurl", `{"userId":"a","roomId":1,"flow":"roomsig","encSmall":false}`); w.Code != http.StatusOK {
		t.Errorf(`"encSmall":false in the roomsig flow: %d %s`, w.Code, w.Body)
	}
}
