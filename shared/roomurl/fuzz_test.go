package roomurl_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/ticketbooth/ticketbooth/shared/roomurl"
	"github.com/ticketbooth/ticketbooth/shared/roomurl/roomurltest"
	"github.com/ticketbooth/ticketbooth/shared/tlssig"
	"github.com/ticketbooth/ticketbooth/shared/tlssig/tlssigtest"
)

// FuzzParsePushURL: no input panics, and whatever parses builds back to a URL that parses to the
// same value.
func FuzzParsePushURL(f *testing.F) {
	seeds := []string{
		"room://cloud.tencent.com/rtc?sdkappid=1400000000&roomid=12345&userid=xiaoming&usersig=abc&appscene=videocall&privatemapkey=k",
		"room://cloud.tencent.com/rtc?sdkappid=1&strroomid=a%20b%2Bc&userid=%E5%B0%8F&usersig=s&appscene=live&encsmall=1&cloudenv=PRO&streamid=s1&userdefinerecordid=r&pureaudiomode=2&recvmode=4",
		"room://cloud.tencent.com?sdkappid=1&roomid=2&userid=u&roomsig=%7B%22a%22%3A1%7D&bizbuf=%7B%7D",
		"room://cloud.tencent.com/rtc?sdkappid=1&roomid=2&roomid=3",
		"room://cloud.tencent.com/rtc?sdkappid=4294967296&roomid=99999999999999999999",
		"room://cloud.tencent.com/rtc?sdkappid=1&roomid=1&userid=%ff%fe&usersig=%00",
		"room://cloud.tencent.com/rtc?%zz=1&sdkappid=%",
		"room://cloud.tencent.com?sdkappid=1&roomid=1&userid=u&roomsig=" + strings.Repeat("%5B", 5000),
		"room://cloud.tencent.com/rtc?" + strings.Repeat("&", 1000),
		"room://@cloud.tencent.com:0/rtc#frag?x",
		"room:cloud.tencent.com",
		"\x00room://",
		"",
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := roomurltest.ParsePushURL(s)
		if err != nil {
			if p != nil {
				t.Fatalf("ParsePushURL returned %+v with error %v", p, err)
			}
			return
		}
		var again string
		switch p.Flow {
		case roomurl.FlowRTC:
			again, err = p.RTC.URL()
		case roomurl.FlowRoomSig:
			again, err = p.RoomSig.URL()
		default:
			t.Fatalf("unknown flow %q", p.Flow)
		}
		if err != nil {
			t.Fatalf("parsed %q but cannot build it again: %v", s, err)
		}
		q, err := roomurltest.ParsePushURL(again)
		if err != nil {
			t.Fatalf("built %q from %q but cannot parse it: %v", again, s, err)
		}
		if !reflect.DeepEqual(p, q) {
			t.Fatalf("round trip differs:\n%+v %+v\n%+v %+v", p.RTC, p.RoomSig, q.RTC, q.RoomSig)
		}
	})
}

// FuzzRTCPushRoundTrip: every valid RTCPush survives URL → ParsePushURL unchanged.
func FuzzRTCPushRoundTrip(f *testing.F) {
	f.Add(uint64(1400000000), uint32(12345), "", "xiaoming", "sig", "key", "live", "PRO", 1, 2)
	f.Add(uint64(1), uint32(0), "a b&c=d+e%", "小明", "s*-_", "", "videocall", "", 0, 0)
	f.Add(uint64(1), uint32(0), " !#$%&()+-:;<=.>?@[]^_{}|~,", "\xff", "s", "k", "", "UAT", 2, 4)
	f.Fuzz(func(t *testing.T, app uint64, room uint32, str, userID, sig, key, scene, env string, audio, recv int) {
		r := tlssig.NumericRoom(room)
		if str != "" {
			r = tlssig.StringRoom(str)
		}
		uid, err := tlssig.ParseUserID(userID)
		if err != nil {
			return // a user id never reaches roomurl unchecked
		}
		p := roomurl.RTCPush{SDKAppID: app, Room: r, UserID: uid, UserSig: sig,
			PrivateMapKey: key, Scene: roomurl.Scene(scene), CloudEnv: env,
			PureAudioMode: roomurl.PureAudioMode(audio), RecvMode: roomurl.RecvMode(recv)}
		s, err := p.URL()
		if err != nil {
			return
		}
		got, err := roomurltest.ParsePushURL(s)
		if err != nil {
			t.Fatalf("ParsePushURL(%q) error = %v", s, err)
		}
		want := p
		if want.Scene == "" {
			want.Scene = roomurl.SceneVideoCall
		}
		if !reflect.DeepEqual(*got.RTC, want) {
			t.Fatalf("round trip:\n got %+v\nwant %+v", *got.RTC, want)
		}
	})
}

// FuzzParseRoomSigReply: no reply panics; a success is a compact JSON object that the roomsig
// flow's push URL accepts.
func FuzzParseRoomSigReply(f *testing.F) {
	seeds := []string{
		`{"ErrorCode":0,"RspHead":{"ErrorCode":0},"RspBody":{"Sig":"x"}}`,
		`{"ErrorCode":0,"RspHead":{"ErrorCode":87,"ErrorInfo":"wrong"}}`,
		`{"ErrorCode":70001,"ErrorInfo":"` + strings.Repeat("é", 300) + `"}`,
		`{"RspHead":{"ErrorCode":9223372036854775807},"RspBody":{}}`,
		`{"RspHead":{"ErrorCode":0},"RspBody":` + strings.Repeat("[", 10000) + `}`,
		`{"RspHead":{"ErrorCode":0},"RspBody":{"a":"\ud800"}}`,
		`{"RspHead":null,"RspBody":{}}`,
		"\xff\xfe",
		"",
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		sig, err := roomurl.ParseRoomSigReply(b)
		if err != nil {
			if sig != "" {
				t.Fatalf("roomsig %q returned with error %v", sig, err)
			}
			return
		}
		p := roomurl.RoomSigPush{SDKAppID: 1, Room: tlssig.NumericRoom(1), UserID: tlssigtest.UserID("u"), RoomSig: sig}
		if _, err := p.URL(); err != nil {
			t.Fatalf("roomsig %q is not usable in a push URL: %v", sig, err)
		}
	})
}
