package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/ticketbooth/ticketbooth/shared/roomurl"
	"github.com/ticketbooth/ticketbooth/shared/roomurl/roomurltest"
	"github.com/ticketbooth/ticketbooth/shared/tlssig"
	"github.com/ticketbooth/ticketbooth/shared/tlssig/tlssigtest"
)

func TestDecodeVectors(t *testing.T) {
	f := newFixture(t)
	for _, v := range tlssigtest.Vectors(t) {
		t.Run(v.Name, func(t *testing.T) {
			m := f.decodeJSON(t, v.Ticket)
			if got := num(t, m, "version"); got != int64(v.Version) {
				t.Errorf("version = %d, want %d", got, v.Version)
			}
			if got := m["kind"]; got != v.Kind {
				t.Errorf("kind = %v, want %s", got, v.Kind)
			}
			if got := num(t, m, "sdkAppId"); got != int64(v.SDKAppID) {
				t.Errorf("sdkAppId = %d, want %d", got, v.SDKAppID)
			}
			if got := m["userId"]; got != v.UserID {
				t.Errorf("userId = %v, want %s", got, v.UserID)
			}
			issued := num(t, m, "issuedAt")
			if issued < v.IssuedNotBefore || issued > v.IssuedNotAfter {
				t.Errorf("issuedAt = %d, want within [%d, %d]", issued, v.IssuedNotBefore, v.IssuedNotAfter)
			}
			if got := num(t, m, "expire"); got != v.Expire {
				t.Errorf("expire = %d, want %d", got, v.Expire)
			}
			if got := num(t, m, "expiresAt"); got != issued+v.Expire {
				t.Errorf("expiresAt = %d, want issuedAt+expire = %d", got, issued+v.Expire)
			}
			if v.Kind == "usersig" {
				for _, k := range []string{"roomId", "strRoomId", "privilegeMap", "privileges"} {
					if _, ok := m[k]; ok {
						t.Errorf("a UserSig decodes with %q", k)
					}
				}
				return
			}
			if v.StrRoomID == "" {
				if got := num(t, m, "roomId"); got != int64(v.RoomID) {
					t.Errorf("roomId = %d, want %d", got, v.RoomID)
				}
				if _, ok := m["strRoomId"]; ok {
					t.Error("numeric room decodes with strRoomId")
				}
			} else {
				if got := m["strRoomId"]; got != v.StrRoomID {
					t.Errorf("strRoomId = %v, want %q", got, v.StrRoomID)
				}
				if _, ok := m["roomId"]; ok {
					t.Error("string room decodes with roomId")
				}
			}
			if got := num(t, m, "privilegeMap"); got != int64(v.PrivilegeMap) {
				t.Errorf("privilegeMap = %d, want %d", got, v.PrivilegeMap)
			}
			if got, want := m["privileges"], namesOf(v.PrivilegeMap); !reflect.DeepEqual(got, want) {
				t.Errorf("privileges = %v, want %v", got, want)
			}
		})
	}
}

func TestDecodeInput(t *testing.T) {
	f := newFixture(t)
	v := tlssigtest.Vectors(t)[0]
	want := f.decodeJSON(t, v.Ticket)
	tests := []struct {
		name  string
		stdin string
		args  []string
	}{
		{"stdin with dash", v.Ticket + "\n", []string{"decode", "-"}},
		{"stdin without argument", "  " + v.Ticket + "\r\n", []string{"decode"}},
		{"argument with spaces", "", []string{"decode", " " + v.Ticket + "\n"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := f.run(t, nil, tt.stdin, tt.args...)
			if r.code != 0 || r.stderr != "" {
				t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
			}
			if got := parseObject(t, r.stdout); !reflect.DeepEqual(got, want) {
				t.Errorf("decode = %v, want %v", got, want)
			}
		})
	}
}

func TestVerifyVectors(t *testing.T) {
	f := newFixture(t)
	for _, v := range tlssigtest.Vectors(t) {
		t.Run(v.Name, func(t *testing.T) {
			args := []string{"verify", "--sdkappid", strconv.FormatUint(v.SDKAppID, 10), "--userid", v.UserID,
				"--kind", v.Kind, "--at", strconv.FormatInt(v.IssuedNotAfter, 10)}
			env := []string(nil)
			if v.Version == 1 {
				pub := filepath.Join(t.TempDir(), "pub.pem")
				if err := os.WriteFile(pub, []byte(v.PublicKeyPEM), 0o600); err != nil {
					t.Fatal(err)
				}
				args = append(args, "--ecdsa-pub", pub)
			} else {
				env = []string{"TICKETBOOTH_KEY=" + v.Key}
			}
			r := f.run(t, env, v.Ticket, append(args, "-")...)
			if r.code != 0 || r.stderr != "" {
				t.Fatalf("verify: exit %d, stderr %q", r.code, r.stderr)
			}
			if !strings.HasPrefix(r.stdout, "valid: ") || !strings.Contains(r.stdout, strconv.Quote(v.UserID)) {
				t.Errorf("stdout = %q, want a valid: line naming the user", r.stdout)
			}
		})
	}
}

func TestVerifyReasons(t *testing.T) {
	f := newFixture(t)
	v2User := tlssigtest.VectorNamed(t, "v2-usersig-xiaoming")
	v2Map := tlssigtest.VectorNamed(t, "v2-privatemapkey-room12345-255")
	v2Short := tlssigtest.VectorNamed(t, "v2-usersig-short-expire")
	v1User := tlssigtest.VectorNamed(t, "v1-usersig-pkcs8")
	shortIssued := num(t, f.decodeJSON(t, v2Short.Ticket), "issuedAt")
	at := strconv.FormatInt(v2User.IssuedNotAfter, 10)
	tests := []struct {
		name   string
		args   []string
		ticket string
		want   string
	}{
		{"expired", []string{"--userid", "shortlived", "--key", testKey, "--at", strconv.FormatInt(shortIssued+61, 10)}, v2Short.Ticket,
			"expired at " + rfc3339(shortIssued+60)},
		{"other user", []string{"--userid", "xiaohong", "--key", testKey, "--at", at}, v2User.Ticket,
			`issued for user "xiaoming", not "xiaohong"`},
		{"other app", []string{"--userid", "xiaoming", "--key", testKey, "--at", at, "--sdkappid", "1400000001"}, v2User.Ticket,
			"issued for app 1400000000, not app 1400000001"},
		{"other key", []string{"--userid", "xiaoming", "--key", otherKey, "--at", at}, v2User.Ticket,
			"signature does not match this key"},
		{"privatemapkey as usersig", []string{"--userid", "xiaoming", "--key", testKey, "--kind", "usersig", "--at", at}, v2Map.Ticket,
			"this is a PrivateMapKey, not a UserSig"},
		{"usersig as privatemapkey", []string{"--userid", "xiaoming", "--key", testKey, "--kind", "privatemapkey", "--at", at}, v2User.Ticket,
			"this is a UserSig, not a PrivateMapKey"},
		{"v1 ticket with a v2 key", []string{"--userid", "xiaoming", "--key", testKey, "--at", at}, v1User.Ticket,
			"v1 (ECDSA-SHA256) ticket"},
		{"v2 ticket with an ECDSA key", []string{"--userid", "xiaoming", "--ecdsa-pub", f.pub, "--at", at}, v2User.Ticket,
			"v2 (HMAC-SHA256) ticket"},
		{"other room", []string{"--userid", "xiaoming", "--key", testKey, "--roomid", "999", "--at", at}, v2Map.Ticket,
			"PrivateMapKey was issued for room 12345, not room 999"},
		{"string room for a numeric one", []string{"--userid", "xiaoming", "--key", testKey, "--strroomid", "12345", "--at", at}, v2Map.Ticket,
			`PrivateMapKey was issued for room 12345, not room "12345"`},
		{"usersig with a room", []string{"--userid", "xiaoming", "--key", testKey, "--roomid", "12345", "--at", at}, v2User.Ticket,
			"this is a UserSig, not a PrivateMapKey"},
		{"junk", []string{"--userid", "xiaoming", "--key", testKey}, "not-a-ticket!", "malformed ticket"},
		{"truncated", []string{"--userid", "xiaoming", "--key", testKey}, v2User.Ticket[:40], "malformed ticket"},
		{"standard base64 alphabet", []string{"--userid", "xiaoming", "--key", testKey}, strings.ReplaceAll(v2User.Ticket, "-", "/"), "malformed ticket"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"verify", "--sdkappid", testAppID}, tt.args...)
			r := f.run(t, nil, "", append(args, tt.ticket)...)
			if r.code != 1 {
				t.Fatalf("exit %d, want 1 (stdout %q, stderr %q)", r.code, r.stdout, r.stderr)
			}
			if r.stdout != "" {
				t.Errorf("stdout = %q, want nothing", r.stdout)
			}
			oneLine(t, r.stderr)
			if !strings.HasPrefix(r.stderr, "ticketbooth verify: ") || !strings.Contains(r.stderr, tt.want) {
				t.Errorf("stderr = %q, want it to say %q", r.stderr, tt.want)
			}
		})
	}
}

func TestVerifyRoom(t *testing.T) {
	f := newFixture(t)
	for _, v := range tlssigtest.Vectors(t) {
		if v.Kind != "privatemapkey" || v.Version != 2 {
			continue
		}
		t.Run(v.Name, func(t *testing.T) {
			var room []string
			switch {
			case v.StrRoomID != "":
				room = []string{"--strroomid", v.StrRoomID}
			case v.RoomID != 0:
				room = []string{"--roomid", strconv.FormatUint(uint64(v.RoomID), 10)}
			default:
				t.Fatal("vector has no room")
			}
			args := append([]string{"verify", "--sdkappid", strconv.FormatUint(v.SDKAppID, 10), "--userid", v.UserID, "--key", v.Key}, room...)
			r := f.run(t, nil, "", append(args, v.Ticket)...)
			if r.code != 0 || !strings.HasPrefix(r.stdout, "valid: PrivateMapKey") {
				t.Fatalf("exit %d, stdout %q, stderr %q; want valid", r.code, r.stdout, r.stderr)
			}
		})
	}
}

func TestSignAndVerify(t *testing.T) {
	f := newFixture(t)
	const at = "1795523529"
	tests := []struct {
		name    string
		env     []string
		sign    []string // key flags for signing
		verify  []string // key flags for verify
		version int64
	}{
		{"--key", nil, []string{"--key", testKey}, []string{"--key", testKey}, 2},
		{"--key-file", nil, []string{"--key-file", f.keyFile}, []string{"--key-file", f.keyFile}, 2},
		{"TICKETBOOTH_KEY", []string{"TICKETBOOTH_KEY=" + testKey}, nil, nil, 2},
		{"--ecdsa-key PKCS#8", nil, []string{"--ecdsa-key", f.pkcs8}, []string{"--ecdsa-pub", f.pub}, 1},
		{"--ecdsa-key SEC1, verified with the private key", nil, []string{"--ecdsa-key", f.sec1}, []string{"--ecdsa-key", f.pkcs8}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name+" usersig", func(t *testing.T) {
			tk := f.ticket(t, tt.env, append([]string{"usersig", "--sdkappid", testAppID, "--userid", "小明", "--expire", "600", "--at", at}, tt.sign...)...)
			m := f.decodeJSON(t, tk)
			if num(t, m, "version") != tt.version || m["userId"] != "小明" || num(t, m, "issuedAt") != 1795523529 || num(t, m, "expire") != 600 || num(t, m, "expiresAt") != 1795524129 {
				t.Errorf("decode = %v", m)
			}
			r := f.run(t, tt.env, "", append(append([]string{"verify", "--sdkappid", testAppID, "--userid", "小明", "--kind", "usersig", "--at", "1795524129"}, tt.verify...), tk)...)
			if r.code != 0 {
				t.Errorf("verify at expiry: exit %d, stderr %q", r.code, r.stderr)
			}
			r = f.run(t, tt.env, "", append(append([]string{"verify", "--sdkappid", testAppID, "--userid", "小明", "--at", "1795524130"}, tt.verify...), tk)...)
			if r.code != 1 || !strings.Contains(r.stderr, "expired at "+rfc3339(1795524129)) {
				t.Errorf("verify a second after expiry: exit %d, stderr %q", r.code, r.stderr)
			}
		})
		t.Run(tt.name+" privatemapkey", func(t *testing.T) {
			tk := f.ticket(t, tt.env, append([]string{"privatemapkey", "--sdkappid", testAppID, "--userid", "user_1", "--roomid", "4294967295",
				"--privileges", "join,recv-audio,recv-video", "--at", at}, tt.sign...)...)
			m := f.decodeJSON(t, tk)
			if num(t, m, "roomId") != 4294967295 || num(t, m, "privilegeMap") != 42 || num(t, m, "expire") != 300 {
				t.Errorf("decode = %v", m)
			}
			r := f.run(t, tt.env, tk, append(append([]string{"verify", "--sdkappid", testAppID, "--userid", "user_1", "--kind", "privatemapkey", "--at", at}, tt.verify...), "-")...)
			if r.code != 0 || !strings.Contains(r.stdout, "room 4294967295") {
				t.Errorf("verify: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
			}
		})
	}
}

func TestPrivateMapKeyStringRoom(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		name, room, privileges string
		wantMap                int64
	}{
		{"spaces and symbols", "class 2019 #A & B=1+1; 50% off?", "255", 255},
		{"every allowed symbol", " !#$%&()+-:;<=.>?@[]^_{}|~,", "create,join", 3},
		{"audience number", "room-abc", "42", 42},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tk := f.ticket(t, nil, "privatemapkey", "--sdkappid", testAppID, "--userid", "u", "--strroomid", tt.room,
				"--privileges", tt.privileges, "--key", testKey)
			m := f.decodeJSON(t, tk)
			if m["strRoomId"] != tt.room || num(t, m, "privilegeMap") != tt.wantMap {
				t.Errorf("decode = %v", m)
			}
		})
	}
}

func TestSigningIsDeterministic(t *testing.T) {
	f := newFixture(t)
	args := []string{"usersig", "--sdkappid", testAppID, "--userid", "xiaoming", "--at", "1795523529", "--key", testKey}
	if a, b := f.ticket(t, nil, args...), f.ticket(t, nil, args...); a != b {
		t.Errorf("two v2 UserSigs signed at the same --at differ:\n%s\n%s", a, b)
	}
}

func TestHelp(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"top -h", []string{"-h"}, "Commands:"},
		{"top --help", []string{"--help"}, "Commands:"},
		{"help", []string{"help"}, "Commands:"},
		{"help usersig", []string{"help", "usersig"}, "ticketbooth usersig --sdkappid N"},
		{"usersig -h", []string{"usersig", "-h"}, "ticketbooth usersig --sdkappid N"},
		{"usersig --help", []string{"usersig", "--help"}, "ticketbooth usersig --sdkappid N"},
		{"privatemapkey -h", []string{"privatemapkey", "-h"}, "(--roomid N | --strroomid S)"},
		{"decode -h", []string{"decode", "-h"}, "ticketbooth decode [TICKET | -]"},
		{"verify -h", []string{"verify", "-h"}, "--ecdsa-pub PEMFILE"},
		{"url -h", []string{"url", "-h"}, "--flow rtc|roomsig"},
		{"help after flags", []string{"usersig", "--sdkappid", "1", "-h"}, "Exit codes:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := f.run(t, nil, "", tt.args...)
			if r.code != 0 || r.stderr != "" {
				t.Fatalf("exit %d, stderr %q; want 0 and usage on stdout", r.code, r.stderr)
			}
			if !strings.Contains(r.stdout, tt.want) {
				t.Errorf("stdout does not contain %q:\n%s", tt.want, r.stdout)
			}
		})
	}
	t.Run("url -h names each flag's value and no false default", func(t *testing.T) {
		out := f.run(t, nil, "", "url", "-h").stdout
		for _, want := range []string{"  -key K\n", "  -scene SCENE\n", "  -random N\n"} {
			if !strings.Contains(out, want) {
				t.Errorf("url -h lacks %q", want)
			}
		}
		if strings.Contains(out, "(default -1)") {
			t.Errorf("url -h shows --random's internal default -1:\n%s", out)
		}
	})
	t.Run("every command is listed and has -h", func(t *testing.T) {
		top := f.run(t, nil, "", "-h").stdout
		for name := range commands {
			if !strings.Contains(top, "  "+name+" ") {
				t.Errorf("command list lacks %s", name)
			}
			if r := f.run(t, nil, "", name, "-h"); r.code != 0 || !strings.Contains(r.stdout, "Usage:") {
				t.Errorf("%s -h: exit %d, stdout %q", name, r.code, r.stdout)
			}
		}
	})
}

func TestUsageErrors(t *testing.T) {
	f := newFixture(t)
	const secretArg = "S3CR3T-positional-value"
	f.secrets = append(f.secrets, secretArg)
	sign := []string{"--sdkappid", testAppID, "--userid", "u", "--key", testKey}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no command", nil, "Usage:"},
		{"unknown command", []string{"sign"}, `unknown command "sign"`},
		{"unknown flag", []string{"usersig", "--bogus"}, "flag provided but not defined: -bogus"},
		{"flag without value", []string{"usersig", "--userid"}, "flag needs an argument: -userid"},
		{"sdkappid not a number", []string{"usersig", "--sdkappid", "abc", "--userid", "u", "--key", testKey}, `invalid value "abc" for flag -sdkappid`},
		{"missing sdkappid and userid", []string{"usersig", "--key", testKey}, "missing --sdkappid, --userid"},
		{"sdkappid zero", []string{"usersig", "--sdkappid", "0", "--userid", "u", "--key", testKey}, "--sdkappid must be between 1 and 4294967295"},
		{"sdkappid too big", []string{"usersig", "--sdkappid", "4294967296", "--userid", "u", "--key", testKey}, "--sdkappid must be between 1 and 4294967295"},
		{"userid empty", []string{"usersig", "--sdkappid", testAppID, "--userid", "", "--key", testKey}, "user id is empty"},
		{"userid 33 bytes", []string{"usersig", "--sdkappid", testAppID, "--userid", strings.Repeat("u", 33), "--key", testKey}, "at most 32"},
		{"no key", []string{"usersig", "--sdkappid", testAppID, "--userid", "u"}, "no key: give --key, --key-file or --ecdsa-key, or set $TICKETBOOTH_KEY"},
		{"two keys", []string{"usersig", "--sdkappid", testAppID, "--userid", "u", "--key", testKey, "--ecdsa-key", f.pkcs8}, "give only one of --key, --key-file or --ecdsa-key"},
		{"expire zero", append([]string{"usersig", "--expire", "0"}, sign...), "--expire must be between 1 and 4294967295 seconds"},
		{"expire negative", append([]string{"usersig", "--expire", "-5"}, sign...), "--expire must be between"},
		{"at negative", append([]string{"usersig", "--at", "-1"}, sign...), "--at must be a unix time"},
		{"account type with HMAC", append([]string{"usersig", "--account-type", "7"}, sign...), "--account-type applies to v1 tickets only"},
		{"positional argument not echoed", append([]string{"usersig"}, append(sign, secretArg)...), "unexpected argument"},
		{"privatemapkey no room", append([]string{"privatemapkey"}, sign...), "missing --roomid or --strroomid"},
		{"privatemapkey both rooms", append([]string{"privatemapkey", "--roomid", "1", "--strroomid", "a"}, sign...), "give --roomid or --strroomid, not both"},
		{"privatemapkey room zero", append([]string{"privatemapkey", "--roomid", "0"}, sign...), "--roomid must be between 1 and 4294967295"},
		{"privatemapkey room too big", append([]string{"privatemapkey", "--roomid", "4294967296"}, sign...), "--roomid must be between 1 and 4294967295"},
		{"privatemapkey string room bad byte", append([]string{"privatemapkey", "--strroomid", "a/b"}, sign...), "string room id has '/'"},
		{"privatemapkey string room too long", append([]string{"privatemapkey", "--strroomid", strings.Repeat("r", 65)}, sign...), "at most 64"},
		{"privatemapkey unknown privilege", append([]string{"privatemapkey", "--roomid", "1", "--privileges", "join,fly"}, sign...), "fly"},
		{"privatemapkey privilege 256", append([]string{"privatemapkey", "--roomid", "1", "--privileges", "256"}, sign...), "between 1 and 255"},
		{"privatemapkey v1 string room", []string{"privatemapkey", "--sdkappid", testAppID, "--userid", "u", "--strroomid", "a", "--ecdsa-key", f.pkcs8}, "numeric rooms only"},
		{"decode two tickets", []string{"decode", "a", "b"}, "takes one TICKET argument"},
		{"decode empty stdin", []string{"decode"}, "no ticket"},
		{"verify bad kind", []string{"verify", "--sdkappid", testAppID, "--userid", "u", "--key", testKey, "--kind", "roomsig", "x"}, "--kind must be usersig or privatemapkey"},
		{"verify both rooms", []string{"verify", "--sdkappid", testAppID, "--userid", "u", "--key", testKey, "--roomid", "1", "--strroomid", "a", "x"}, "give --roomid or --strroomid, not both"},
		{"verify room with kind usersig", []string{"verify", "--sdkappid", testAppID, "--userid", "u", "--key", testKey, "--kind", "usersig", "--roomid", "1", "x"}, "--roomid and --strroomid check a PrivateMapKey"},
		{"verify room zero", []string{"verify", "--sdkappid", testAppID, "--userid", "u", "--key", testKey, "--roomid", "0", "x"}, "--roomid must be between 1 and 4294967295"},
		{"verify missing userid", []string{"verify", "--sdkappid", testAppID, "--key", testKey, "x"}, "missing --userid"},
		{"verify no key", []string{"verify", "--sdkappid", testAppID, "--userid", "u", "x"}, "no key: give --key, --key-file, --ecdsa-pub or --ecdsa-key"},
		{"verify ecdsa-key flag on signing only", []string{"usersig", "--sdkappid", testAppID, "--userid", "u", "--ecdsa-pub", f.pub}, "flag provided but not defined: -ecdsa-pub"},
		{"url bad flow", append([]string{"url", "--roomid", "1", "--flow", "webrtc"}, sign...), "--flow must be rtc or roomsig"},
		{"url random negative", append([]string{"url", "--flow", "roomsig", "--roomid", "1", "--random", "-1"}, sign...), "must be a whole number between 0 and 4294967295"},
		{"url random too large", append([]string{"url", "--flow", "roomsig", "--roomid", "1", "--random", "4294967296"}, sign...), "must be a whole number between 0 and 4294967295"},
		{"url bad scene", append([]string{"url", "--roomid", "1", "--scene", "meeting"}, sign...), "--scene must be videocall or live"},
		{"url bad recvmode", append([]string{"url", "--roomid", "1", "--recvmode", "5"}, sign...), "recvmode must be 1"},
		{"url bad pure-audio", append([]string{"url", "--roomid", "1", "--pure-audio", "3"}, sign...), "pureaudiomode must be 1"},
		{"url bad cloudenv", append([]string{"url", "--roomid", "1", "--cloudenv", "prod"}, sign...), "cloudenv must be PRO"},
		{"url bad streamid", append([]string{"url", "--roomid", "1", "--streamid", "a b"}, sign...), "streamid"},
		{"url roomsig flag on rtc", append([]string{"url", "--roomid", "1", "--roomsig", "{}"}, sign...), "--roomsig does not apply to the rtc flow"},
		{"url scene flag on roomsig", append([]string{"url", "--flow", "roomsig", "--roomid", "1", "--scene", "live"}, sign...), "--scene does not apply to the roomsig flow"},
		{"url every rtc option on roomsig", append([]string{"url", "--flow", "roomsig", "--roomid", "1", "--encsmall", "--cloudenv", "PRO", "--streamid", "s", "--record-id", "r", "--recvmode", "1"}, sign...), "--cloudenv does not apply to the roomsig flow"},
		{"url bizbuf flag on rtc", append([]string{"url", "--roomid", "1", "--bizbuf", "{}"}, sign...), "--bizbuf does not apply to the rtc flow"},
		{"url random flag on rtc", append([]string{"url", "--roomid", "1", "--random", "1"}, sign...), "--random does not apply to the rtc flow"},
		{"url no-privatemapkey on roomsig", append([]string{"url", "--flow", "roomsig", "--roomid", "1", "--no-privatemapkey"}, sign...), "the roomsig flow needs a PrivateMapKey"},
		{"url random with roomsig reply", append([]string{"url", "--flow", "roomsig", "--roomid", "1", "--random", "1", "--roomsig", "{}"}, sign...), "--random goes with the first step"},
		{"url roomsig string room", append([]string{"url", "--flow", "roomsig", "--strroomid", "a"}, sign...), "numeric rooms only"},
		{"url roomsig not JSON", []string{"url", "--flow", "roomsig", "--sdkappid", testAppID, "--userid", "u", "--roomid", "1", "--roomsig", "abc"}, "--roomsig must be a JSON object"},
		{"url privatemapkey and no-privatemapkey", append([]string{"url", "--roomid", "1", "--privatemapkey", "x", "--no-privatemapkey"}, sign...), "not both"},
		{"key too short", []string{"usersig", "--sdkappid", testAppID, "--userid", "u", "--key", "x"}, "--key: not a usable secret key (shorter than 16 bytes): the TRTC console's key"},
		{"PEM in --key", []string{"usersig", "--sdkappid", testAppID, "--userid", "u", "--key", "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----"}, "--key: not a usable secret key (must be printable ASCII without white space)"},
		{"3-byte key file", []string{"usersig", "--sdkappid", testAppID, "--userid", "u", "--key-file", f.shortKeyFile}, "--key-file " + f.shortKeyFile + ": not a usable secret key (shorter than 16 bytes)"},
		{"verify with a short key", []string{"verify", "--sdkappid", testAppID, "--userid", "u", "--key", "abc", "x"}, "64 hexadecimal characters"},
		{"expire in an unknown unit", append([]string{"usersig", "--expire", "7x"}, sign...), "want whole seconds (e.g. 604800) or a duration such as 90m, 24h or 7d"},
		{"decode empty argument", []string{"decode", ""}, "the TICKET argument is empty"},
		{"verify empty argument", []string{"verify", "--sdkappid", testAppID, "--userid", "u", "--key", testKey, " "}, "the TICKET argument is empty"},
		{"decode URL-encoded ticket", []string{"decode", "eJyrVkrOyS9PzVGyUkpKLFIqBgA%2A"}, "was it URL-encoded?"},
		{"serve bare port", []string{"serve", "--addr", "8080"}, "--addr 8080 has no host: give host:port, e.g. 127.0.0.1:8080"},
		{"serve no port", []string{"serve", "--addr", "127.0.0.1"}, "--addr must be host:port"},
		{"serve positional argument not echoed", []string{"serve", secretArg}, "unexpected argument"},
		{"url roomsig empty stdin", []string{"url", "--flow", "roomsig", "--sdkappid", testAppID, "--userid", "u", "--roomid", "1", "--roomsig", "-"}, "--roomsig -: stdin is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := f.run(t, nil, "", tt.args...)
			if r.code != 2 {
				t.Fatalf("exit %d, want 2 (stdout %q, stderr %q)", r.code, r.stdout, r.stderr)
			}
			if r.stdout != "" {
				t.Errorf("stdout = %q, want nothing", r.stdout)
			}
			if !strings.Contains(r.stderr, tt.want) {
				t.Errorf("stderr = %q, want it to contain %q", r.stderr, tt.want)
			}
		})
	}
}

func TestFailures(t *testing.T) {
	f := newFixture(t)
	userSig := f.ticket(t, nil, "usersig", "--sdkappid", testAppID, "--userid", "u", "--key", testKey)
	mapKey := f.ticket(t, nil, "privatemapkey", "--sdkappid", testAppID, "--userid", "u", "--roomid", "1", "--key", testKey)
	given := func(app, user, room string, tickets ...string) []string {
		return append([]string{"url", "--sdkappid", app, "--userid", user, "--roomid", room}, tickets...)
	}
	tests := []struct {
		name  string
		args  []string
		stdin string
		want  string
	}{
		{"url given usersig not a ticket", given(testAppID, "u", "1", "--usersig", "a b", "--no-privatemapkey"), "", "--usersig: ticket has ' '"},
		{"url given usersig for another user", given(testAppID, "v", "1", "--usersig", userSig, "--no-privatemapkey"), "", `--usersig was issued for user "u", not --userid "v"`},
		{"url given usersig for another app", given("1400000001", "u", "1", "--usersig", userSig, "--no-privatemapkey"), "", "--usersig was issued for app " + testAppID + ", not --sdkappid 1400000001"},
		{"url given privatemapkey as usersig", given(testAppID, "u", "1", "--usersig", mapKey, "--no-privatemapkey"), "", "--usersig is a PrivateMapKey, not a UserSig"},
		{"url given privatemapkey for another room", given(testAppID, "u", "2", "--usersig", userSig, "--privatemapkey", mapKey), "", "--privatemapkey was issued for room 1, not 2"},
		{"missing key file", []string{"usersig", "--sdkappid", testAppID, "--userid", "u", "--key-file", f.nokeys}, "", "--key-file: open"},
		{"empty key file", []string{"usersig", "--sdkappid", testAppID, "--userid", "u", "--key-file", f.emptyFile}, "", "is empty"},
		{"ECDSA key not PEM", []string{"usersig", "--sdkappid", testAppID, "--userid", "u", "--ecdsa-key", f.junkPEM}, "", "no PEM private key"},
		{"ECDSA public key given as private", []string{"usersig", "--sdkappid", testAppID, "--userid", "u", "--ecdsa-key", f.pub}, "", "not a private key"},
		{"verify public key not PEM", []string{"verify", "--sdkappid", testAppID, "--userid", "u", "--ecdsa-pub", f.junkPEM, "x"}, "", "no PEM public key"},
		{"decode junk", []string{"decode", "abc!"}, "", "ticket has '!'"},
		{"decode stdin junk", []string{"decode", "-"}, "eJx\n", "ticketbooth decode: "},
		{"url reply 87", []string{"url", "--flow", "roomsig", "--sdkappid", testAppID, "--userid", "u", "--roomid", "1", "--roomsig", "-"},
			`{"ErrorCode":0,"RspHead":{"ErrorCode":87}}`, "privateMapKey is wrong"},
		{"url reply top-level error", []string{"url", "--flow", "roomsig", "--sdkappid", testAppID, "--userid", "u", "--roomid", "1", "--roomsig", "-"},
			`{"ActionStatus":"FAIL","ErrorCode":70001,"ErrorInfo":"sig expired"}`, "(error 70001)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := f.run(t, nil, tt.stdin, tt.args...)
			if r.code != 1 {
				t.Fatalf("exit %d, want 1 (stdout %q, stderr %q)", r.code, r.stdout, r.stderr)
			}
			oneLine(t, r.stderr)
			if r.stdout != "" || !strings.Contains(r.stderr, tt.want) {
				t.Errorf("stdout %q, stderr %q; want stderr to contain %q", r.stdout, r.stderr, tt.want)
			}
		})
	}
}

func TestURLRTC(t *testing.T) {
	f := newFixture(t)
	base := []string{"url", "--sdkappid", testAppID, "--userid", "小明", "--at", "1795523529"}
	tests := []struct {
		name    string
		env     []string
		args    []string
		want    roomurl.RTCPush // tickets checked separately
		wantKey bool
	}{
		{"numeric room, signed", nil, []string{"--roomid", "12345", "--key", testKey},
			roomurl.RTCPush{Room: tlssig.NumericRoom(12345), Scene: roomurl.SceneVideoCall}, true},
		{"string room, live, options", []string{"TICKETBOOTH_KEY=" + testKey}, []string{"--strroomid", "class 2019 #A & B", "--scene", "live", "--encsmall",
			"--cloudenv", "PRO", "--streamid", "s_1", "--record-id", "r-1", "--pure-audio", "2", "--recvmode", "4"},
			roomurl.RTCPush{Room: tlssig.StringRoom("class 2019 #A & B"), Scene: roomurl.SceneLive, EncSmall: true, CloudEnv: "PRO", StreamID: "s_1",
				UserDefineRecordID: "r-1", PureAudioMode: 2, RecvMode: 4}, true},
		{"without privatemapkey", nil, []string{"--roomid", "1", "--key-file", f.keyFile, "--no-privatemapkey"},
			roomurl.RTCPush{Room: tlssig.NumericRoom(1), Scene: roomurl.SceneVideoCall}, false},
		{"v1 tickets", nil, []string{"--roomid", "7", "--ecdsa-key", f.pkcs8, "--scene", "rtc"},
			roomurl.RTCPush{Room: tlssig.NumericRoom(7), Scene: roomurl.SceneVideoCall}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := f.run(t, tt.env, "", append(base, tt.args...)...)
			if r.code != 0 || r.stderr != "" {
				t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
			}
			p, err := roomurltest.ParsePushURL(strings.TrimSuffix(r.stdout, "\n"))
			if err != nil {
				t.Fatalf("ParsePushURL(%q): %v", r.stdout, err)
			}
			got := *p.RTC
			if got.UserSig == "" || (got.PrivateMapKey != "") != tt.wantKey {
				t.Fatalf("tickets: usersig %q, privatemapkey %q", got.UserSig, got.PrivateMapKey)
			}
			if m := f.decodeJSON(t, got.UserSig); m["kind"] != "usersig" || m["userId"] != "小明" || num(t, m, "expire") != 86400 {
				t.Errorf("usersig decodes to %v", m)
			}
			if tt.wantKey {
				m := f.decodeJSON(t, got.PrivateMapKey)
				if m["kind"] != "privatemapkey" || num(t, m, "privilegeMap") != 255 || num(t, m, "expire") != 300 {
					t.Errorf("privatemapkey decodes to %v", m)
				}
			}
			want := tt.want
			want.SDKAppID, want.UserID, want.UserSig, want.PrivateMapKey = 1400000000, tlssigtest.UserID("小明"), got.UserSig, got.PrivateMapKey
			if !reflect.DeepEqual(got, want) {
				t.Errorf("URL parses to\n%+v\nwant\n%+v", got, want)
			}
		})
	}
	t.Run("given tickets, no key needed", func(t *testing.T) {
		userSig := f.ticket(t, nil, "usersig", "--sdkappid", testAppID, "--userid", "u", "--key", testKey)
		mapKey := f.ticket(t, nil, "privatemapkey", "--sdkappid", testAppID, "--userid", "u", "--roomid", "9", "--key", testKey)
		r := f.run(t, nil, "", "url", "--sdkappid", testAppID, "--userid", "u", "--roomid", "9", "--usersig", userSig, "--privatemapkey", mapKey)
		if r.code != 0 {
			t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
		}
		want := "room://cloud.tencent.com/rtc?sdkappid=1400000000&roomid=9&userid=u&usersig=" + userSig + "&appscene=videocall&privatemapkey=" + mapKey + "\n"
		if r.stdout != want {
			t.Errorf("stdout = %q, want %q", r.stdout, want)
		}
	})
}

func TestURLRoomSig(t *testing.T) {
	f := newFixture(t)
	base := []string{"url", "--flow", "roomsig", "--sdkappid", testAppID, "--userid", "小明", "--roomid", "12345"}
	t.Run("request", func(t *testing.T) {
		r := f.run(t, nil, "", append(base, "--key", testKey, "--random", "7", "--privileges", "42")...)
		if r.code != 0 || r.stderr != "" {
			t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
		}
		var req struct {
			URL, Method string
			Data        struct {
				ReqHead struct{ GroupId uint32 }
				ReqBody struct{ PrivMapEncrypt string }
			}
		}
		if err := json.Unmarshal([]byte(r.stdout), &req); err != nil {
			t.Fatalf("output %q: %v", r.stdout, err)
		}
		if req.Method != "POST" || !strings.HasPrefix(req.URL, roomurl.RoomSigEndpoint+"?sdkappid=1400000000&identifier=%E5%B0%8F%E6%98%8E&usersig=") ||
			!strings.HasSuffix(req.URL, "&random=7&contenttype=json") || req.Data.ReqHead.GroupId != 12345 {
			t.Errorf("request = %+v", req)
		}
		if m := f.decodeJSON(t, req.Data.ReqBody.PrivMapEncrypt); num(t, m, "roomId") != 12345 || num(t, m, "privilegeMap") != 42 {
			t.Errorf("PrivMapEncrypt decodes to %v", m)
		}
	})
	reply := `{"ActionStatus":"OK","ErrorCode":0,"RspHead":{"ErrorCode":0},"RspBody":{"Sig": "x+y", "N": 1}}`
	wantSig := `{"Sig":"x+y","N":1}`
	replyFile := filepath.Join(f.dir, "reply.json")
	if err := os.WriteFile(replyFile, []byte(reply), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name       string
		args       []string
		stdin      string
		wantBizBuf string
	}{
		{"whole reply on stdin", []string{"--roomsig", "-"}, reply, ""},
		{"reply file", []string{"--roomsig", "@" + replyFile}, "", ""},
		{"RspBody as argument, pure audio", []string{"--roomsig", wantSig, "--pure-audio", "1"}, "", `{"Str_uc_params":{"pure_audio_push_mod":1}}`},
		{"explicit bizbuf", []string{"--roomsig", wantSig, "--bizbuf", `{"Str_uc_params": {"record_id": 5}}`}, "", `{"Str_uc_params":{"record_id":5}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := f.run(t, nil, tt.stdin, append(base, tt.args...)...)
			if r.code != 0 || r.stderr != "" {
				t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
			}
			p, err := roomurltest.ParsePushURL(strings.TrimSuffix(r.stdout, "\n"))
			if err != nil {
				t.Fatalf("ParsePushURL(%q): %v", r.stdout, err)
			}
			want := roomurl.RoomSigPush{SDKAppID: 1400000000, Room: tlssig.NumericRoom(12345), UserID: tlssigtest.UserID("小明"), RoomSig: wantSig, BizBuf: tt.wantBizBuf}
			if !reflect.DeepEqual(*p.RoomSig, want) {
				t.Errorf("URL parses to %+v, want %+v", *p.RoomSig, want)
			}
		})
	}
}

// TestNoKeyInOutput runs every command with a key on each path a key can take and scans every
// output; the fixture's run also scans each output of the other tests.
func TestNoKeyInOutput(t *testing.T) {
	f := newFixture(t)
	v := tlssigtest.Vectors(t)[0]
	runs := [][]string{
		{"usersig", "--sdkappid", testAppID, "--userid", "u", "--key", testKey},
		{"usersig", "--sdkappid", "0", "--userid", "u", "--key", testKey},
		{"usersig", "--sdkappid", testAppID, "--userid", "u", "--key", testKey, "--key-file", f.keyFile},
		{"usersig", "--sdkappid", testAppID, "--userid", "u", "--key-file", f.keyFile, "-h"},
		{"privatemapkey", "--sdkappid", testAppID, "--userid", "u", "--roomid", "1", "--ecdsa-key", f.pkcs8},
		{"privatemapkey", "--sdkappid", testAppID, "--userid", "u", "--roomid", "1", "--ecdsa-key", f.pkcs8, "--privileges", "bad"},
		{"verify", "--sdkappid", testAppID, "--userid", "u", "--key", testKey, v.Ticket},
		{"verify", "--sdkappid", testAppID, "--userid", "xiaoming", "--key", otherKey, v.Ticket},
		{"verify", "--sdkappid", testAppID, "--userid", "xiaoming", "--ecdsa-key", f.sec1, v.Ticket},
		{"url", "--sdkappid", testAppID, "--userid", "u", "--roomid", "1", "--key", testKey, "--scene", "bad"},
		{"url", "--flow", "roomsig", "--sdkappid", testAppID, "--userid", "u", "--roomid", "1", "--ecdsa-key", f.sec1},
		{"decode", testKey},
		{testKey},
	}
	for i, args := range runs {
		t.Run(fmt.Sprint(i, " ", args[0]), func(t *testing.T) {
			f.run(t, []string{"TICKETBOOTH_KEY=" + otherKey}, "", args...)
		})
	}
}

// TestKeyFromTheEnvironmentIsChecked: $TICKETBOOTH_KEY gets the secret
// document's key check too (the README's placeholder "…" is no key).
func TestKeyFromTheEnvironmentIsChecked(t *testing.T) {
	f := newFixture(t)
	r := f.run(t, []string{"TICKETBOOTH_KEY=…"}, "", "usersig", "--sdkappid", testAppID, "--userid", "u")
	if r.code != 2 || r.stdout != "" || !strings.Contains(r.stderr, "$TICKETBOOTH_KEY: not a usable secret key (must be printable ASCII") {
		t.Errorf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
}

// TestExpireTakesDurations: --expire and --pmk-expire take the server's
// lifetime forms as well as seconds.
func TestExpireTakesDurations(t *testing.T) {
	f := newFixture(t)
	for arg, want := range map[string]int64{"604800": 604800, "7d": 604800, "90m": 5400, "1d12h": 129600} {
		tk := f.ticket(t, nil, "usersig", "--sdkappid", testAppID, "--userid", "u", "--key", testKey, "--expire", arg)
		if got := num(t, f.decodeJSON(t, tk), "expire"); got != want {
			t.Errorf("--expire %s: expire = %d, want %d", arg, got, want)
		}
	}
	out := f.run(t, nil, "", "url", "--sdkappid", testAppID, "--userid", "u", "--roomid", "1", "--key", testKey, "--pmk-expire", "1h")
	if out.code != 0 {
		t.Fatalf("url --pmk-expire 1h: exit %d %s", out.code, out.stderr)
	}
}
