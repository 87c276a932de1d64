package roomurl_test

import (
	"errors"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/ticketbooth/ticketbooth/shared/roomurl"
	"github.com/ticketbooth/ticketbooth/shared/roomurl/roomurltest"
	"github.com/ticketbooth/ticketbooth/shared/tlssig"
	"github.com/ticketbooth/ticketbooth/shared/tlssig/tlssigtest"
)

// Tickets in TLS's alphabet; their content does not matter to URLs.
const (
	userSig = "eAEArgBR-3siVExTLnZlciI6IjIuMCJ9CgEAAP--SdUyEQ__"
	mapKey  = "eAEA6wAU-3siVExTLnZlciI6IjIuMCJ9*AAAP--7K7M*g_"
)

func TestRTCPushRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		push roomurl.RTCPush
	}{
		{"numeric room", roomurl.RTCPush{SDKAppID: 1400000000, Room: tlssig.NumericRoom(12345), UserID: tlssigtest.UserID("xiaoming"), UserSig: userSig, PrivateMapKey: mapKey, Scene: roomurl.SceneVideoCall}},
		{"largest room", roomurl.RTCPush{SDKAppID: 4294967295, Room: tlssig.NumericRoom(4294967295), UserID: tlssigtest.UserID("a"), UserSig: userSig, Scene: roomurl.SceneLive}},
		{"non-ASCII user", roomurl.RTCPush{SDKAppID: 1400000000, Room: tlssig.NumericRoom(1), UserID: tlssigtest.UserID("小明"), UserSig: userSig, PrivateMapKey: mapKey, Scene: roomurl.SceneVideoCall}},
		{"32-byte user", roomurl.RTCPush{SDKAppID: 1400000000, Room: tlssig.NumericRoom(1), UserID: tlssigtest.UserID(strings.Repeat("é", 16)), UserSig: userSig, Scene: roomurl.SceneLive}},
		{"user with symbols", roomurl.RTCPush{SDKAppID: 1400000000, Room: tlssig.NumericRoom(1), UserID: tlssigtest.UserID("a+b&c=d%e f#g?"), UserSig: userSig, Scene: roomurl.SceneLive}},
		{"string room with space and symbols", roomurl.RTCPush{SDKAppID: 1400000000, Room: tlssig.StringRoom("class 2019 #A & B=1+1; 50% off?"), UserID: tlssigtest.UserID("u1"), UserSig: userSig, PrivateMapKey: mapKey, Scene: roomurl.SceneVideoCall}},
		{"string room of every allowed symbol", roomurl.RTCPush{SDKAppID: 1400000000, Room: tlssig.StringRoom(" !#$%&()+-:;<=.>?@[]^_{}|~,"), UserID: tlssigtest.UserID("u1"), UserSig: userSig, Scene: roomurl.SceneLive}},
		{"64-byte string room", roomurl.RTCPush{SDKAppID: 1400000000, Room: tlssig.StringRoom(strings.Repeat("r", 64)), UserID: tlssigtest.UserID("u1"), UserSig: userSig, Scene: roomurl.SceneLive}},
		{"every option", roomurl.RTCPush{
			SDKAppID: 1400000000, Room: tlssig.NumericRoom(777), UserID: tlssigtest.UserID("anchor_1"), UserSig: userSig, PrivateMapKey: mapKey, Scene: roomurl.SceneLive,
			EncSmall: true, CloudEnv: roomurl.CloudEnvPRO, StreamID: "1400000000_777_anchor_1_main", UserDefineRecordID: "rec-777",
			PureAudioMode: roomurl.PureAudioRecordMP3, RecvMode: roomurl.RecvNone,
		}},
		{"largest tickets", roomurl.RTCPush{SDKAppID: 1400000000, Room: tlssig.StringRoom(strings.Repeat("%", 64)), UserID: tlssigtest.UserID(strings.Repeat("é", 16)),
			UserSig: strings.Repeat("*", 16<<10), PrivateMapKey: strings.Repeat("-", 16<<10), Scene: roomurl.SceneLive,
			StreamID: strings.Repeat("s", 64), UserDefineRecordID: strings.Repeat("r", 64)}},
		{"audio only receive", roomurl.RTCPush{SDKAppID: 1400000000, Room: tlssig.NumericRoom(9), UserID: tlssigtest.UserID("u"), UserSig: userSig, Scene: roomurl.SceneVideoCall, PureAudioMode: roomurl.PureAudioNoRecording, RecvMode: roomurl.RecvAudioOnly, CloudEnv: roomurl.CloudEnvUAT}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := tt.push.URL()
			if err != nil {
				t.Fatalf("URL() error = %v", err)
			}
			if !strings.HasPrefix(s, "room://cloud.tencent.com/rtc?sdkappid=") {
				t.Errorf("URL() = %q, want the room://cloud.tencent.com/rtc? prefix", s)
			}
			got, err := roomurltest.ParsePushURL(s)
			if err != nil {
				t.Fatalf("ParsePushURL(%q) error = %v", s, err)
			}
			if got.Flow != roomurl.FlowRTC || got.RoomSig != nil {
				t.Fatalf("ParsePushURL flow = %q, want rtc", got.Flow)
			}
			if !reflect.DeepEqual(*got.RTC, tt.push) {
				t.Errorf("round trip:\n got %+v\nwant %+v", *got.RTC, tt.push)
			}
			// A standard URL parser must read the same values: the encoding is ordinary.
			u, err := url.Parse(s)
			if err != nil {
				t.Fatalf("url.Parse: %v", err)
			}
			q, err := url.ParseQuery(u.RawQuery)
			if err != nil {
				t.Fatalf("url.ParseQuery: %v", err)
			}
			if got, want := q.Get("userid"), tt.push.UserID.String(); got != want {
				t.Errorf("userid by net/url = %q, want %q", got, want)
			}
			if got, want := q.Get("strroomid"), tt.push.Room.Str(); got != want {
				t.Errorf("strroomid by net/url = %q, want %q", got, want)
			}
		})
	}
}

func TestRTCPushURLEncoding(t *testing.T) {
	tests := []struct {
		name string
		push roomurl.RTCPush
		want string
	}{
		{
			name: "numeric room, tickets verbatim",
			push: roomurl.RTCPush{SDKAppID: 1400000000, Room: tlssig.NumericRoom(12345), UserID: tlssigtest.UserID("xiaoming"), UserSig: "ab*-_c", PrivateMapKey: "k*y"},
			want: "room://cloud.tencent.com/rtc?sdkappid=1400000000&roomid=12345&userid=xiaoming&usersig=ab*-_c&appscene=videocall&privatemapkey=k*y",
		},
		{
			name: "string room and non-ASCII user escaped like encodeURIComponent",
			push: roomurl.RTCPush{SDKAppID: 1, Room: tlssig.StringRoom("a b+c&d"), UserID: tlssigtest.UserID("小明"), UserSig: "s", Scene: roomurl.SceneLive, RecvMode: roomurl.RecvVideoOnly},
			want: "room://cloud.tencent.com/rtc?sdkappid=1&strroomid=a%20b%2Bc%26d&userid=%E5%B0%8F%E6%98%8E&usersig=s&appscene=live&recvmode=3",
		},
		{
			name: "options in order",
			push: roomurl.RTCPush{SDKAppID: 1, Room: tlssig.NumericRoom(2), UserID: tlssigtest.UserID("u"), UserSig: "s", EncSmall: true, CloudEnv: "DEV", StreamID: "st", UserDefineRecordID: "rec", PureAudioMode: 1, RecvMode: 2},
			want: "room://cloud.tencent.com/rtc?sdkappid=1&roomid=2&userid=u&usersig=s&appscene=videocall&encsmall=1&cloudenv=DEV&streamid=st&userdefinerecordid=rec&pureaudiomode=1&recvmode=2",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.push.URL()
			if err != nil {
				t.Fatalf("URL() error = %v", err)
			}
			if got != tt.want {
				t.Errorf("URL()\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestRTCPushInvalid(t *testing.T) {
	valid := roomurl.RTCPush{SDKAppID: 1400000000, Room: tlssig.NumericRoom(1), UserID: tlssigtest.UserID("u"), UserSig: userSig}
	tests := []struct {
		name   string
		change func(p *roomurl.RTCPush)
		want   error
	}{
		{"no sdkappid", func(p *roomurl.RTCPush) { p.SDKAppID = 0 }, tlssig.ErrInvalidSDKAppID},
		{"sdkappid over u32", func(p *roomurl.RTCPush) { p.SDKAppID = 1 << 32 }, tlssig.ErrInvalidSDKAppID},
		{"no room", func(p *roomurl.RTCPush) { p.Room = tlssig.Room{} }, tlssig.ErrInvalidRoom},
		{"string room too long", func(p *roomurl.RTCPush) { p.Room = tlssig.StringRoom(strings.Repeat("r", 65)) }, tlssig.ErrInvalidRoom},
		{"string room with slash", func(p *roomurl.RTCPush) { p.Room = tlssig.StringRoom("a/b") }, tlssig.ErrInvalidRoom},
		{"string room with quote", func(p *roomurl.RTCPush) { p.Room = tlssig.StringRoom(`a"b`) }, tlssig.ErrInvalidRoom},
		{"string room non-ASCII", func(p *roomurl.RTCPush) { p.Room = tlssig.StringRoom("房间") }, tlssig.ErrInvalidRoom},
		{"empty user", func(p *roomurl.RTCPush) { p.UserID = tlssig.UserID{} }, tlssig.ErrInvalidUserID},
		{"no usersig", func(p *roomurl.RTCPush) { p.UserSig = "" }, roomurl.ErrInvalidTicket},
		{"usersig with space", func(p *roomurl.RTCPush) { p.UserSig = "ab cd" }, roomurl.ErrInvalidTicket},
		{"usersig in standard base64", func(p *roomurl.RTCPush) { p.UserSig = "ab+/cd==" }, roomurl.ErrInvalidTicket},
		{"privatemapkey with ampersand", func(p *roomurl.RTCPush) { p.PrivateMapKey = "a&b" }, roomurl.ErrInvalidTicket},
		{"usersig too long", func(p *roomurl.RTCPush) { p.UserSig = strings.Repeat("a", 16<<10+1) }, roomurl.ErrInvalidTicket},
		{"unknown scene", func(p *roomurl.RTCPush) { p.Scene = "meeting" }, roomurl.ErrInvalidScene},
		{"unknown cloudenv", func(p *roomurl.RTCPush) { p.CloudEnv = "prod" }, roomurl.ErrInvalidCloudEnv},
		{"streamid with dot", func(p *roomurl.RTCPush) { p.StreamID = "a.b" }, roomurl.ErrInvalidStreamID},
		{"record id too long", func(p *roomurl.RTCPush) { p.UserDefineRecordID = strings.Repeat("r", 65) }, roomurl.ErrInvalidStreamID},
		{"pureaudiomode 3", func(p *roomurl.RTCPush) { p.PureAudioMode = 3 }, roomurl.ErrInvalidPureAudioMode},
		{"recvmode 5", func(p *roomurl.RTCPush) { p.RecvMode = 5 }, roomurl.ErrInvalidRecvMode},
		{"recvmode negative", func(p *roomurl.RTCPush) { p.RecvMode = -1 }, roomurl.ErrInvalidRecvMode},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := valid
			tt.change(&p)
			got, err := p.URL()
			if !errors.Is(err, tt.want) {
				t.Fatalf("URL() = %q, %v; want error %v", got, err, tt.want)
			}
			if got != "" {
				t.Errorf("URL() returned %q with an error", got)
			}
		})
	}
}

const roomSig = `{"Sig":"ab+/=","PrivMap":255,"Ips":[{"Ip":"1.2.3.4","Port":8000}],"Name":"房间"}`

func TestRoomSigPushRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		push roomurl.RoomSigPush
	}{
		{"plain", roomurl.RoomSigPush{SDKAppID: 1400000000, Room: tlssig.NumericRoom(12345), UserID: tlssigtest.UserID("xiaoming"), RoomSig: roomSig}},
		{"non-ASCII user", roomurl.RoomSigPush{SDKAppID: 1400000000, Room: tlssig.NumericRoom(4294967295), UserID: tlssigtest.UserID("小明"), RoomSig: roomSig}},
		{"with bizbuf", roomurl.RoomSigPush{SDKAppID: 1400000000, Room: tlssig.NumericRoom(1), UserID: tlssigtest.UserID("u+1 &"), RoomSig: `{}`, BizBuf: `{"Str_uc_params":{"record_id":43567}}`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := tt.push.URL()
			if err != nil {
				t.Fatalf("URL() error = %v", err)
			}
			if !strings.HasPrefix(s, "room://cloud.tencent.com?sdkappid=") {
				t.Errorf("URL() = %q, want the room://cloud.tencent.com? prefix", s)
			}
			got, err := roomurltest.ParsePushURL(s)
			if err != nil {
				t.Fatalf("ParsePushURL(%q) error = %v", s, err)
			}
			if got.Flow != roomurl.FlowRoomSig || got.RTC != nil {
				t.Fatalf("ParsePushURL flow = %q, want roomsig", got.Flow)
			}
			if !reflect.DeepEqual(*got.RoomSig, tt.push) {
				t.Errorf("round trip:\n got %+v\nwant %+v", *got.RoomSig, tt.push)
			}
		})
	}
}

func TestRoomSigPushURLEncoding(t *testing.T) {
	p := roomurl.RoomSigPush{SDKAppID: 1400000000, Room: tlssig.NumericRoom(12345), UserID: tlssigtest.UserID("xiaoming"),
		RoomSig: "{\n  \"Sig\": \"a+b\",\n  \"N\": 1\n}", BizBuf: `{"Str_uc_params": {"pure_audio_push_mod": 1}}`}
	got, err := p.URL()
	if err != nil {
		t.Fatalf("URL() error = %v", err)
	}
	want := "room://cloud.tencent.com?sdkappid=1400000000&roomid=12345&userid=xiaoming" +
		"&roomsig=%7B%22Sig%22%3A%22a%2Bb%22%2C%22N%22%3A1%7D" +
		"&bizbuf=%7B%22Str_uc_params%22%3A%7B%22pure_audio_push_mod%22%3A1%7D%7D"
	if got != want {
		t.Errorf("URL()\n got %s\nwant %s", got, want)
	}
}

func TestRoomSigPushInvalid(t *testing.T) {
	valid := roomurl.RoomSigPush{SDKAppID: 1400000000, Room: tlssig.NumericRoom(1), UserID: tlssigtest.UserID("u"), RoomSig: roomSig}
	tests := []struct {
		name   string
		change func(p *roomurl.RoomSigPush)
		want   error
	}{
		{"no sdkappid", func(p *roomurl.RoomSigPush) { p.SDKAppID = 0 }, tlssig.ErrInvalidSDKAppID},
		{"no room", func(p *roomurl.RoomSigPush) { p.Room = tlssig.Room{} }, tlssig.ErrInvalidRoom},
		{"no user", func(p *roomurl.RoomSigPush) { p.UserID = tlssig.UserID{} }, tlssig.ErrInvalidUserID},
		{"no roomsig", func(p *roomurl.RoomSigPush) { p.RoomSig = "" }, roomurl.ErrInvalidRoomSig},
		{"roomsig not JSON", func(p *roomurl.RoomSigPush) { p.RoomSig = "{nope" }, roomurl.ErrInvalidRoomSig},
		{"roomsig an array", func(p *roomurl.RoomSigPush) { p.RoomSig = "[1]" }, roomurl.ErrInvalidRoomSig},
		{"roomsig null", func(p *roomurl.RoomSigPush) { p.RoomSig = "null" }, roomurl.ErrInvalidRoomSig},
		{"roomsig too large", func(p *roomurl.RoomSigPush) { p.RoomSig = `{"a":"` + strings.Repeat("x", 16<<10) + `"}` }, roomurl.ErrInvalidRoomSig},
		{"bizbuf not JSON", func(p *roomurl.RoomSigPush) { p.BizBuf = "pure=1" }, roomurl.ErrInvalidBizBuf},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := valid
			tt.change(&p)
			if got, err := p.URL(); !errors.Is(err, tt.want) {
				t.Fatalf("URL() = %q, %v; want error %v", got, err, tt.want)
			}
		})
	}
}

func TestParsePushURLErrors(t *testing.T) {
	const base = "room://cloud.tencent.com/rtc?sdkappid=1400000000&userid=u&usersig=s"
	tests := []struct {
		name string
		in   string
		want error
	}{
		{"empty", "", roomurltest.ErrMalformedURL},
		{"http scheme", "https://cloud.tencent.com/rtc?sdkappid=1", roomurltest.ErrMalformedURL},
		{"other host", "room://evil.example.com/rtc?sdkappid=1", roomurltest.ErrMalformedURL},
		{"host with port", "room://cloud.tencent.com:80/rtc?sdkappid=1", roomurltest.ErrMalformedURL},
		{"user info", "room://a@cloud.tencent.com/rtc?sdkappid=1", roomurltest.ErrMalformedURL},
		{"other path", "room://cloud.tencent.com/push?sdkappid=1", roomurltest.ErrMalformedURL},
		{"control byte", "room://cloud.tencent.com/rtc?\x00", roomurltest.ErrMalformedURL},
		{"bad escape", base + "&roomid=1&appscene=%zz", roomurltest.ErrMalformedURL},
		{"duplicate userid", base + "&roomid=1&userid=v", roomurltest.ErrMalformedURL},
		{"too long", base + "&x=" + strings.Repeat("a", 128<<10), roomurltest.ErrMalformedURL},
		{"no sdkappid", "room://cloud.tencent.com/rtc?roomid=1&userid=u&usersig=s", tlssig.ErrInvalidSDKAppID},
		{"sdkappid negative", "room://cloud.tencent.com/rtc?sdkappid=-1&roomid=1&userid=u&usersig=s", tlssig.ErrInvalidSDKAppID},
		{"sdkappid huge", "room://cloud.tencent.com/rtc?sdkappid=99999999999999999999999&roomid=1&userid=u&usersig=s", tlssig.ErrInvalidSDKAppID},
		{"no room", base, tlssig.ErrInvalidRoom},
		{"both rooms", base + "&roomid=1&strroomid=a", tlssig.ErrInvalidRoom},
		{"room zero", base + "&roomid=0", tlssig.ErrInvalidRoom},
		{"room too big", base + "&roomid=4294967296", tlssig.ErrInvalidRoom},
		{"room leading zero", base + "&roomid=012", tlssig.ErrInvalidRoom},
		{"room plus sign", base + "&roomid=+12", tlssig.ErrInvalidRoom},
		{"empty strroomid", base + "&strroomid=", tlssig.ErrInvalidRoom},
		{"strroomid with NUL", base + "&strroomid=a%00b", tlssig.ErrInvalidRoom},
		{"bad scene", base + "&roomid=1&appscene=rtc", roomurl.ErrInvalidScene},
		{"bad encsmall", base + "&roomid=1&encsmall=2", roomurl.ErrInvalidEncSmall},
		{"empty cloudenv", base + "&roomid=1&cloudenv=", roomurl.ErrInvalidCloudEnv},
		{"bad recvmode", base + "&roomid=1&recvmode=0", roomurl.ErrInvalidRecvMode},
		{"recvmode digits", base + "&roomid=1&recvmode=11", roomurl.ErrInvalidRecvMode},
		{"bad pureaudiomode", base + "&roomid=1&pureaudiomode=x", roomurl.ErrInvalidPureAudioMode},
		{"user too long", "room://cloud.tencent.com/rtc?sdkappid=1&roomid=1&usersig=s&userid=" + strings.Repeat("u", 33), tlssig.ErrInvalidUserID},
		{"no user", "room://cloud.tencent.com/rtc?sdkappid=1&roomid=1&usersig=s", tlssig.ErrInvalidUserID},
		{"empty user", "room://cloud.tencent.com/rtc?sdkappid=1&roomid=1&usersig=s&userid=", tlssig.ErrInvalidUserID},
		{"user not UTF-8", "room://cloud.tencent.com/rtc?sdkappid=1&roomid=1&usersig=s&userid=u%FF", tlssig.ErrInvalidUserID},
		{"roomsig flow, user too long", "room://cloud.tencent.com?sdkappid=1&roomid=1&roomsig=%7B%7D&userid=" + strings.Repeat("u", 33), tlssig.ErrInvalidUserID},
		{"roomsig flow, no user", "room://cloud.tencent.com?sdkappid=1&roomid=1&roomsig=%7B%7D", tlssig.ErrInvalidUserID},
		{"roomsig flow, string room", "room://cloud.tencent.com?sdkappid=1&strroomid=a&userid=u&roomsig=%7B%7D", tlssig.ErrInvalidRoom},
		{"roomsig flow, no roomsig", "room://cloud.tencent.com?sdkappid=1&roomid=1&userid=u", roomurl.ErrInvalidRoomSig},
		{"roomsig flow, roomsig raw text", "room://cloud.tencent.com?sdkappid=1&roomid=1&userid=u&roomsig=abc", roomurl.ErrInvalidRoomSig},
		{"roomsig flow, bad bizbuf", "room://cloud.tencent.com?sdkappid=1&roomid=1&userid=u&roomsig=%7B%7D&bizbuf=%7B", roomurl.ErrInvalidBizBuf},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := roomurltest.ParsePushURL(tt.in)
			if !errors.Is(err, tt.want) {
				t.Fatalf("ParsePushURL() = %+v, %v; want error %v", got, err, tt.want)
			}
			if got != nil {
				t.Errorf("ParsePushURL() returned %+v with an error", got)
			}
		})
	}
}

func TestParsePushURLLenient(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want roomurl.RTCPush
	}{
		{
			name: "unknown parameters of Tencent's component ignored",
			in:   "room://cloud.tencent.com/rtc?sdkappid=1&roomid=2&userid=u&usersig=s&appscene=videocall&enableBlackStream=1&tx_time=123",
			want: roomurl.RTCPush{SDKAppID: 1, Room: tlssig.NumericRoom(2), UserID: tlssigtest.UserID("u"), UserSig: "s", Scene: roomurl.SceneVideoCall},
		},
		{
			name: "plus is not a space",
			in:   "room://cloud.tencent.com/rtc?sdkappid=1&strroomid=a+b&userid=c+d&usersig=s",
			want: roomurl.RTCPush{SDKAppID: 1, Room: tlssig.StringRoom("a+b"), UserID: tlssigtest.UserID("c+d"), UserSig: "s", Scene: roomurl.SceneVideoCall},
		},
		{
			name: "encsmall=0, no appscene (videocall) and upper-case host",
			in:   "ROOM://CLOUD.TENCENT.COM/rtc?sdkappid=1&roomid=2&userid=u&usersig=s&encsmall=0",
			want: roomurl.RTCPush{SDKAppID: 1, Room: tlssig.NumericRoom(2), UserID: tlssigtest.UserID("u"), UserSig: "s", Scene: roomurl.SceneVideoCall},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := roomurltest.ParsePushURL(tt.in)
			if err != nil {
				t.Fatalf("ParsePushURL() error = %v", err)
			}
			if !reflect.DeepEqual(*got.RTC, tt.want) {
				t.Errorf("ParsePushURL()\n got %+v\nwant %+v", *got.RTC, tt.want)
			}
		})
	}
}

func TestParseFlowAndScene(t *testing.T) {
	flows := []struct {
		in   string
		want roomurl.Flow
		err  error
	}{
		{"", roomurl.FlowRTC, nil}, {"rtc", roomurl.FlowRTC, nil}, {"roomsig", roomurl.FlowRoomSig, nil}, {"RTC", "", roomurl.ErrInvalidFlow},
	}
	for _, tt := range flows {
		t.Run("flow "+tt.in, func(t *testing.T) {
			got, err := roomurl.ParseFlow(tt.in)
			if got != tt.want || !errors.Is(err, tt.err) {
				t.Errorf("ParseFlow(%q) = %q, %v; want %q, %v", tt.in, got, err, tt.want, tt.err)
			}
		})
	}
	scenes := []struct {
		in   string
		want roomurl.Scene
		err  error
	}{
		{"videocall", roomurl.SceneVideoCall, nil}, {"rtc", roomurl.SceneVideoCall, nil}, {"live", roomurl.SceneLive, nil}, {"", "", roomurl.ErrInvalidScene},
	}
	for _, tt := range scenes {
		t.Run("scene "+tt.in, func(t *testing.T) {
			got, err := roomurl.ParseScene(tt.in)
			if got != tt.want || !errors.Is(err, tt.err) {
				t.Errorf("ParseScene(%q) = %q, %v; want %q, %v", tt.in, got, err, tt.want, tt.err)
			}
		})
	}
}

func TestBizBuf(t *testing.T) {
	tests := []struct {
		name string
		in   roomurl.BizBuf
		want string
		err  error
	}{
		{"nothing", roomurl.BizBuf{}, "", nil},
		{"pure audio", roomurl.BizBuf{PureAudioPushMode: 2}, `{"Str_uc_params":{"pure_audio_push_mod":2}}`, nil},
		{"record id", roomurl.BizBuf{RecordID: 43567}, `{"Str_uc_params":{"record_id":43567}}`, nil},
		{"both", roomurl.BizBuf{PureAudioPushMode: 1, RecordID: 7}, `{"Str_uc_params":{"pure_audio_push_mod":1,"record_id":7}}`, nil},
		{"bad mode", roomurl.BizBuf{PureAudioPushMode: 3}, "", roomurl.ErrInvalidPureAudioMode},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.in.JSON()
			if got != tt.want || !errors.Is(err, tt.err) {
				t.Errorf("JSON() = %q, %v; want %q, %v", got, err, tt.want, tt.err)
			}
		})
	}
}
