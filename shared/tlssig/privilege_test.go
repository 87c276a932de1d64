package tlssig_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/ticketbooth/ticketbooth/shared/tlssig"
)

func TestParsePrivilege(t *testing.T) {
	tests := []struct {
		in   string
		want tlssig.Privilege
	}{
		{"255", tlssig.PrivAll},
		{"42", tlssig.PrivAudience},
		{"1", tlssig.PrivCreate},
		{"join,recv-audio,recv-video", tlssig.PrivAudience},
		{" Join , RECV-AUDIO ", tlssig.PrivJoin | tlssig.PrivRecvAudio},
		{"create,join,send-audio,recv-audio,send-video,recv-video,send-sub,recv-sub", tlssig.PrivAll},
		{"send-sub", tlssig.PrivSendSub},
		{"recv-sub,recv-sub", tlssig.PrivRecvSub},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, err := tlssig.ParsePrivilege(tc.in)
			if err != nil || got != tc.want {
				t.Fatalf("ParsePrivilege(%q) = %d, %v; want %d", tc.in, got, err, tc.want)
			}
			// Names and String read back to the same map.
			back, err := tlssig.ParsePrivilege(got.String())
			if err != nil || back != got {
				t.Fatalf("round trip via %q = %d, %v", got.String(), back, err)
			}
		})
	}
	for _, bad := range []string{"", " ", "0", "256", "4294967296", "-1", "join,", "admin", "join;recv-audio", "0x2a", "2a"} {
		t.Run("reject "+bad, func(t *testing.T) {
			if p, err := tlssig.ParsePrivilege(bad); !errors.Is(err, tlssig.ErrInvalidPrivilege) {
				t.Fatalf("ParsePrivilege(%q) = %d, %v; want ErrInvalidPrivilege", bad, p, err)
			}
		})
	}
}

func TestPrivilegeNames(t *testing.T) {
	tests := []struct {
		p     tlssig.Privilege
		names []string
		str   string
	}{
		{tlssig.PrivAudience, []string{"join", "recv-audio", "recv-video"}, "join,recv-audio,recv-video"},
		{tlssig.PrivAll, []string{"create", "join", "send-audio", "recv-audio", "send-video", "recv-video", "send-sub", "recv-sub"}, "create,join,send-audio,recv-audio,send-video,recv-video,send-sub,recv-sub"},
		{0, []string{}, "none"},
		{tlssig.PrivJoin | 0x100, []string{"join"}, "join,0x100"},
		{0x300, []string{}, "0x300"},
	}
	for _, tc := range tests {
		t.Run(tc.str, func(t *testing.T) {
			if got := tc.p.Names(); !slices.Equal(got, tc.names) {
				t.Errorf("Names() = %q, want %q", got, tc.names)
			}
			if got := tc.p.String(); got != tc.str {
				t.Errorf("String() = %q, want %q", got, tc.str)
			}
		})
	}
}

func TestRoom(t *testing.T) {
	tests := []struct {
		name   string
		room   tlssig.Room
		isStr  bool
		id     uint32
		str    string
		zero   bool
		string string
		valid  bool
	}{
		{"zero", tlssig.Room{}, false, 0, "", true, "0", false},
		{"numeric", tlssig.NumericRoom(12345), false, 12345, "", false, "12345", true},
		{"max", tlssig.NumericRoom(4294967295), false, 4294967295, "", false, "4294967295", true},
		{"string", tlssig.StringRoom("class-a"), true, 0, "class-a", false, `"class-a"`, true},
		{"digits string", tlssig.StringRoom("12345"), true, 0, "12345", false, `"12345"`, true},
		{"empty string", tlssig.StringRoom(""), true, 0, "", false, `""`, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.room
			if r.IsString() != tc.isStr || r.ID() != tc.id || r.Str() != tc.str || r.IsZero() != tc.zero || r.String() != tc.string {
				t.Errorf("got IsString %v ID %d Str %q IsZero %v String %q", r.IsString(), r.ID(), r.Str(), r.IsZero(), r.String())
			}
			if err := tlssig.ValidateRoom(r); (err == nil) != tc.valid {
				t.Errorf("ValidateRoom = %v, want valid %v", err, tc.valid)
			}
		})
	}
	messages := []struct{ name, room, want string }{
		{"multi-byte character named whole", "房间一", "has '房' at byte 0"},
		{"ASCII character", "a/b", "has '/' at byte 1"},
		{"byte outside UTF-8", "ab\xff", "has byte 0xff at byte 2"},
	}
	for _, tc := range messages {
		t.Run(tc.name, func(t *testing.T) {
			err := tlssig.ValidateRoom(tlssig.StringRoom(tc.room))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("ValidateRoom(%q) = %v, want it to say %q", tc.room, err, tc.want)
			}
		})
	}
	if tlssig.StringRoom("12345") == tlssig.NumericRoom(12345) {
		t.Error("string room 12345 equals numeric room 12345")
	}
}

func TestUserID(t *testing.T) {
	tests := []struct {
		user        string
		valid       bool
		recommended bool
	}{
		{"user_01-A", true, true},
		{"小明", true, false},
		{"a b", true, false},
		{"", false, false},
		{"\xff", false, false},
	}
	for _, tc := range tests {
		t.Run(tc.user, func(t *testing.T) {
			if err := tlssig.ValidateUserID(tc.user); (err == nil) != tc.valid {
				t.Errorf("ValidateUserID = %v, want valid %v", err, tc.valid)
			}
			if got := tlssig.IsRecommendedUserID(tc.user); got != tc.recommended {
				t.Errorf("IsRecommendedUserID = %v, want %v", got, tc.recommended)
			}
		})
	}
}

func TestKindString(t *testing.T) {
	for k, want := range map[tlssig.Kind]string{tlssig.KindUserSig: "UserSig", tlssig.KindPrivateMapKey: "PrivateMapKey", 0: "Kind(0)"} {
		if got := k.String(); got != want {
			t.Errorf("Kind(%d).String() = %q, want %q", int(k), got, want)
		}
	}
}
