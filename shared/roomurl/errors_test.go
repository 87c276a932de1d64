package roomurl_test

import (
	"errors"
	"testing"

	"github.com/ticketbooth/ticketbooth/shared/roomurl"
	"github.com/ticketbooth/ticketbooth/shared/tlssig"
)

// TestErrorShape holds the one shape of the package's errors: an *Error whose Kind errors.Is
// matches, whose Reason is the text without any package name (what the CLI and the console
// show) and whose Error is that text after "roomurl: ".
func TestErrorShape(t *testing.T) {
	const rtc = "room://cloud.tencent.com/rtc?sdkappid=1400000000&roomid=1&userid=u&usersig="
	for _, tc := range []struct {
		name   string
		err    error
		kinds  []error
		reason string
	}{
		{"a field's detail", roomurl.ValidateStreamID("a.b"), []error{roomurl.ErrInvalidStreamID},
			"byte 1: must be 1 to 64 bytes of letters, digits, '_' and '-'"},
		{"a bare kind", roomurl.ValidateCloudEnv("prod"), []error{roomurl.ErrInvalidCloudEnv},
			"cloudenv must be PRO, CCC, DEV or UAT"},
		{"not a push URL", parseErr("https://example.com/"), []error{roomurl.ErrMalformedURL},
			"want room://cloud.tencent.com: malformed push URL"},
		{"the field named before its detail", parseErr(rtc + "abc&streamid=a.b"), []error{roomurl.ErrInvalidStreamID},
			"streamid: byte 1: must be 1 to 64 bytes of letters, digits, '_' and '-'"},
		{"the signing core's cause", parseErr(rtc + "a%2Bb"), []error{roomurl.ErrInvalidTicket, tlssig.ErrMalformed},
			"usersig: ticket has '+' at byte 1: TRTC tickets use * - _ where standard base64 uses + / = (was it URL-decoded or re-encoded?): malformed ticket: invalid ticket"},
		{"the signing core's kind", parseErr("room://cloud.tencent.com/rtc?sdkappid=1400000000&roomid=0&userid=u&usersig=abc"),
			[]error{tlssig.ErrInvalidRoom}, "roomid must be between 1 and 4294967295: invalid room"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var e *roomurl.Error
			if !errors.As(tc.err, &e) {
				t.Fatalf("error %v (%T) is not a *roomurl.Error", tc.err, tc.err)
			}
			for _, k := range tc.kinds {
				if !errors.Is(tc.err, k) {
					t.Errorf("errors.Is(%v, %v) = false", tc.err, k)
				}
			}
			if tc.err.Error() != "roomurl: "+e.Reason() {
				t.Errorf("Error = %q, want \"roomurl: \" + %q", tc.err.Error(), e.Reason())
			}
			if e.Reason() != tc.reason {
				t.Errorf("Reason = %q, want %q", e.Reason(), tc.reason)
			}
		})
	}
}

func parseErr(s string) error {
	_, err := roomurl.ParsePushURL(s)
	return err
}
