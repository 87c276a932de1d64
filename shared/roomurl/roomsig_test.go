package roomurl_test

import (
	"encoding/json"
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/ticketbooth/ticketbooth/shared/roomurl"
	"github.com/ticketbooth/ticketbooth/shared/roomurl/roomurltest"
	"github.com/ticketbooth/ticketbooth/shared/tlssig"
	"github.com/ticketbooth/ticketbooth/shared/tlssig/tlssigtest"
)

func TestNewRoomSigRequest(t *testing.T) {
	in := roomurl.RoomSigInput{SDKAppID: 1400000000, UserID: tlssigtest.UserID("小明 a+b"), UserSig: userSig, Room: tlssig.NumericRoom(12345), PrivateMapKey: mapKey, Random: 9999}
	req, err := roomurl.NewRoomSigRequest(in)
	if err != nil {
		t.Fatalf("NewRoomSigRequest() error = %v", err)
	}
	if req.Method != "POST" {
		t.Errorf("Method = %q, want POST", req.Method)
	}
	u, err := url.Parse(req.URL)
	if err != nil {
		t.Fatalf("url.Parse(%q): %v", req.URL, err)
	}
	if got, want := u.Scheme+"://"+u.Host+u.Path, roomurl.RoomSigEndpoint; got != want {
		t.Errorf("endpoint = %q, want %q", got, want)
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		t.Fatalf("query: %v", err)
	}
	wantQuery := map[string]string{"sdkappid": "1400000000", "identifier": in.UserID.String(), "usersig": userSig, "random": "9999", "contenttype": "json"}
	for k, want := range wantQuery {
		if got := q.Get(k); got != want {
			t.Errorf("query %s = %q, want %q", k, got, want)
		}
	}
	wantBody := `{"ReqHead":{"Cmd":1,"SeqNo":1,"BusType":7,"GroupId":12345},` +
		`"ReqBody":{"PrivMap":255,"PrivMapEncrypt":"` + mapKey + `","TerminalType":1,"FromType":3,"SdkVersion":26280566}}`
	if got := string(req.Data); got != wantBody {
		t.Errorf("Data\n got %s\nwant %s", got, wantBody)
	}
	// The JSON form is what wx.request takes, with the body as an object.
	out, err := json.Marshal(req)
	if err != nil {
		t.Fatalf("json.Marshal: %v", err)
	}
	var shape struct {
		URL    string
		Method string
		Header map[string]string
		Data   map[string]any
	}
	if err := json.Unmarshal(out, &shape); err != nil {
		t.Fatalf("json.Unmarshal(%s): %v", out, err)
	}
	if shape.Data["ReqHead"] == nil || shape.Header["content-type"] != "application/json" {
		t.Errorf("JSON form = %s, want data as an object and a content-type header", out)
	}
	// Deterministic: the same input gives the same request.
	again, _ := roomurl.NewRoomSigRequest(in)
	if again.URL != req.URL || string(again.Data) != string(req.Data) {
		t.Error("two requests for the same input differ")
	}
}

func TestNewRoomSigRequestInvalid(t *testing.T) {
	valid := roomurl.RoomSigInput{SDKAppID: 1400000000, UserID: tlssigtest.UserID("u"), UserSig: userSig, Room: tlssig.NumericRoom(1), PrivateMapKey: mapKey}
	tests := []struct {
		name   string
		change func(in *roomurl.RoomSigInput)
		want   error
	}{
		{"no sdkappid", func(in *roomurl.RoomSigInput) { in.SDKAppID = 0 }, tlssig.ErrInvalidSDKAppID},
		{"no user", func(in *roomurl.RoomSigInput) { in.UserID = tlssig.UserID{} }, tlssig.ErrInvalidUserID},
		{"no usersig", func(in *roomurl.RoomSigInput) { in.UserSig = "" }, roomurl.ErrInvalidTicket},
		{"no room", func(in *roomurl.RoomSigInput) { in.Room = tlssig.Room{} }, tlssig.ErrInvalidRoom},
		{"string room", func(in *roomurl.RoomSigInput) { in.Room = tlssig.StringRoom("a") }, tlssig.ErrInvalidRoom},
		{"no privatemapkey", func(in *roomurl.RoomSigInput) { in.PrivateMapKey = "" }, roomurl.ErrInvalidTicket},
		{"privatemapkey with quote", func(in *roomurl.RoomSigInput) { in.PrivateMapKey = `a"b` }, roomurl.ErrInvalidTicket},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := valid
			tt.change(&in)
			if got, err := roomurl.NewRoomSigRequest(in); !errors.Is(err, tt.want) {
				t.Fatalf("NewRoomSigRequest() = %+v, %v; want error %v", got, err, tt.want)
			}
		})
	}
}

func TestParseRoomSigReply(t *testing.T) {
	reply := `{"ActionStatus":"OK","ErrorCode":0,"RspHead":{"ErrorCode":0,"SeqNo":1},` +
		`"RspBody": {"Sig": "abc", "Ips": [ {"Ip": "1.2.3.4"} ], "Name": "房间"}}`
	got, err := roomurl.ParseRoomSigReply([]byte(reply))
	if err != nil {
		t.Fatalf("ParseRoomSigReply() error = %v", err)
	}
	if want := `{"Sig":"abc","Ips":[{"Ip":"1.2.3.4"}],"Name":"房间"}`; got != want {
		t.Errorf("roomsig = %s, want %s", got, want)
	}
	// The roomsig goes straight into the roomsig flow's push URL and back.
	push := roomurl.RoomSigPush{SDKAppID: 1400000000, Room: tlssig.NumericRoom(12345), UserID: tlssigtest.UserID("u"), RoomSig: got}
	s, err := push.URL()
	if err != nil {
		t.Fatalf("URL() error = %v", err)
	}
	parsed, err := roomurltest.ParsePushURL(s)
	if err != nil || parsed.RoomSig.RoomSig != got {
		t.Errorf("ParsePushURL(%q) = %+v, %v; want the roomsig back", s, parsed, err)
	}
}

func TestParseRoomSigReplyErrors(t *testing.T) {
	tests := []struct {
		name     string
		reply    string
		want     error
		wantCode int64
		wantMsg  string
	}{
		{"80 empty key", `{"ErrorCode":0,"RspHead":{"ErrorCode":80}}`, roomurl.ErrEmptyPrivateMapKey, 80, "privateMapKey is empty"},
		{"82 bad params", `{"RspHead":{"ErrorCode":82,"ErrorInfo":"param error"}}`, roomurl.ErrRoomSigBadParams, 82, "bad parameters"},
		{"86 expired", `{"ErrorCode":0,"RspHead":{"ErrorCode":86}}`, roomurl.ErrPrivateMapKeyExpired, 86, "privateMapKey has expired"},
		{"87 wrong", `{"ErrorCode":0,"RspHead":{"ErrorCode":87}}`, roomurl.ErrPrivateMapKeyWrong, 87, "privateMapKey is wrong"},
		{"88 no package", `{"ErrorCode":0,"RspHead":{"ErrorCode":88}}`, roomurl.ErrNoTRTCPackage, 88, "no TRTC package"},
		{"top-level code", `{"ActionStatus":"FAIL","ErrorCode":70001,"ErrorInfo":"usersig expired"}`, roomurl.ErrRoomSigRefused, 70001, `(error 70001): "usersig expired"`},
		{"top-level 87", `{"ErrorCode":87}`, roomurl.ErrPrivateMapKeyWrong, 87, "TRTC error 87"},
		{"other head code", `{"RspHead":{"ErrorCode":-1}}`, roomurl.ErrRoomSigRefused, -1, "error -1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := roomurl.ParseRoomSigReply([]byte(tt.reply))
			if !errors.Is(err, tt.want) {
				t.Fatalf("ParseRoomSigReply() = %q, %v; want %v", got, err, tt.want)
			}
			var re *roomurl.ReplyError
			if !errors.As(err, &re) || re.Code != tt.wantCode {
				t.Fatalf("error %v: want a *ReplyError with code %d", err, tt.wantCode)
			}
			if !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("message %q does not contain %q", err, tt.wantMsg)
			}
		})
	}
}

func TestParseRoomSigReplyMalformed(t *testing.T) {
	tests := []struct {
		name  string
		reply string
	}{
		{"empty", ""},
		{"not JSON", "<html>502</html>"},
		{"array", "[]"},
		{"string code", `{"ErrorCode":"0","RspHead":{"ErrorCode":0},"RspBody":{}}`},
		{"no head", `{"ErrorCode":0,"RspBody":{}}`},
		{"head without code", `{"RspHead":{},"RspBody":{}}`},
		{"no body", `{"RspHead":{"ErrorCode":0}}`},
		{"null body", `{"RspHead":{"ErrorCode":0},"RspBody":null}`},
		{"string body", `{"RspHead":{"ErrorCode":0},"RspBody":"x"}`},
		{"float code", `{"RspHead":{"ErrorCode":0.5},"RspBody":{}}`},
		{"huge code", `{"RspHead":{"ErrorCode":1e400},"RspBody":{}}`},
		{"too large", `{"RspHead":{"ErrorCode":0},"RspBody":{"a":"` + strings.Repeat("x", 64<<10) + `"}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, err := roomurl.ParseRoomSigReply([]byte(tt.reply)); !errors.Is(err, roomurl.ErrMalformedReply) {
				t.Fatalf("ParseRoomSigReply() = %q, %v; want ErrMalformedReply", got, err)
			}
		})
	}
}
