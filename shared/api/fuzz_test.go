package api

import (
	"errors"
	"strings"
	"testing"

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
		if err == nil && us.UserID != "" && tlssig.ValidateUserID(us.UserID) != nil {
			t.Fatalf("accepted an invalid user id")
		}
		pk, err := parsePrivateMapKeyRequest(body)
		check(err)
		if err == nil && tlssig.ValidateRoom(pk.Room) != nil {
			t.Fatalf("accepted an invalid room")
		}
		ru, err := parseRoomURLRequest(body)
		check(err)
		if err == nil && (tlssig.ValidateRoom(ru.Room) != nil || ru.PrivilegesSet && ru.Privileges == 0) {
			t.Fatalf("accepted an invalid room URL request")
		}
	})
}
