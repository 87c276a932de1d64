package roomurl_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/ticketbooth/ticketbooth/shared/roomurl"
)

func TestParseUserList(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []roomurl.User
	}{
		{"empty list", `{"userlist":[]}`, []roomurl.User{}},
		{"two users", `{"userlist":[{"userid":"a","playurl":"room://cloud.tencent.com?sdkappid=1&roomid=2&userid=a"},{"userid":"小明","playurl":"rtmp://x.example/live/1"}]}`,
			[]roomurl.User{{UserID: "a", PlayURL: "room://cloud.tencent.com?sdkappid=1&roomid=2&userid=a"}, {UserID: "小明", PlayURL: "rtmp://x.example/live/1"}}},
		{"extra fields ignored", `{"userlist":[{"userid":"a","playurl":"room://cloud.tencent.com/rtc?x=1","extra":1}],"more":true}`,
			[]roomurl.User{{UserID: "a", PlayURL: "room://cloud.tencent.com/rtc?x=1"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := roomurl.ParseUserList([]byte(tt.in))
			if err != nil {
				t.Fatalf("ParseUserList() error = %v", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ParseUserList() = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestParseUserListMalformed(t *testing.T) {
	many := `{"userlist":[` + strings.TrimSuffix(strings.Repeat(`{"userid":"a","playurl":"room://h"},`, 1001), ",") + `]}`
	tests := []struct {
		name string
		in   string
	}{
		{"empty", ""},
		{"no list", `{}`},
		{"null list", `{"userlist":null}`},
		{"list not array", `{"userlist":{}}`},
		{"trailing data", `{"userlist":[]} {}`},
		{"no userid", `{"userlist":[{"playurl":"room://h"}]}`},
		{"userid too long", `{"userlist":[{"userid":"` + strings.Repeat("u", 33) + `","playurl":"room://h"}]}`},
		{"userid twice", `{"userlist":[{"userid":"a","playurl":"room://h"},{"userid":"a","playurl":"room://h"}]}`},
		{"javascript playurl", `{"userlist":[{"userid":"a","playurl":"javascript:alert(1)"}]}`},
		{"https playurl", `{"userlist":[{"userid":"a","playurl":"https://evil.example/"}]}`},
		{"no playurl", `{"userlist":[{"userid":"a"}]}`},
		{"userid a number", `{"userlist":[{"userid":1,"playurl":"room://h"}]}`},
		{"too many users", many},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, err := roomurl.ParseUserList([]byte(tt.in)); !errors.Is(err, roomurl.ErrMalformedUserList) {
				t.Fatalf("ParseUserList() = %+v, %v; want ErrMalformedUserList", got, err)
			}
		})
	}
}

func TestParsePusherEvent(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		wantCode  roomurl.Event
		wantUsers int
		wantErr   error
	}{
		{"joined", `{"code":1018,"message":"进房成功"}`, roomurl.EventJoined, 0, nil},
		{"left", `{"code":1019,"message":""}`, roomurl.EventLeft, 0, nil},
		{"network changed", `{"code":1021}`, roomurl.EventNetworkChanged, 0, nil},
		{"user list", `{"code":1020,"message":"{\"userlist\":[{\"userid\":\"a\",\"playurl\":\"room://cloud.tencent.com?x\"}]}"}`, roomurl.EventUserList, 1, nil},
		{"other code", `{"code":1002,"message":"push started"}`, 1002, 0, nil},
		{"user list malformed", `{"code":1020,"message":"nope"}`, 0, 0, roomurl.ErrMalformedUserList},
		{"no code", `{"message":"x"}`, 0, 0, roomurl.ErrMalformedEvent},
		{"not JSON", `1020`, 0, 0, roomurl.ErrMalformedEvent},
		{"code as string", `{"code":"1020"}`, 0, 0, roomurl.ErrMalformedEvent},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := roomurl.ParsePusherEvent([]byte(tt.in))
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("ParsePusherEvent() error = %v, want %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			if got.Code != tt.wantCode || len(got.Users) != tt.wantUsers {
				t.Errorf("ParsePusherEvent() = %+v, want code %d with %d users", got, tt.wantCode, tt.wantUsers)
			}
		})
	}
}

func TestEventString(t *testing.T) {
	tests := []struct {
		in   roomurl.Event
		want string
	}{
		{roomurl.EventJoined, "joined room"},
		{roomurl.EventLeft, "left room"},
		{roomurl.EventUserList, "room user list"},
		{roomurl.EventNetworkChanged, "network changed, re-enter room"},
		{2004, "event 2004"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := tt.in.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
		})
	}
}
