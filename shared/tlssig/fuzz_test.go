package tlssig_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ticketbooth/ticketbooth/shared/tlssig"
	"github.com/ticketbooth/ticketbooth/shared/tlssig/tlssigtest"
)

// hostileSeeds are tickets and near-tickets that have broken parsers:
// truncations, wrong alphabets, bombs, ambiguous and oversized documents.
func hostileSeeds(t testing.TB) []string {
	s, _ := newHMAC(t)
	us, _ := s.UserSigAt("xiaoming", testNow, time.Hour)
	pmk, _ := s.PrivateMapKeyAt("小明", tlssig.StringRoom("class_2019#A"), tlssig.PrivAll, testNow, time.Hour)
	seeds := []string{
		us, pmk, us[:len(us)/2], us[:len(us)-1], us + "_", "", "_", "____", "eJ", "eAEA", "eJxLAAA_",
		strings.NewReplacer("*", "+", "-", "/").Replace(us), "hello world", strings.Repeat("A", 100),
		bomb(t, 1<<20),
		repack(t, `{"TLS.ver":"2.0","TLS.ver":"2.0"}`),
		repack(t, `{"TLS.ver":"2.0","TLS.identifier":"\ud83c\udf89","TLS.sdkappid":1,"TLS.expire":1,"TLS.time":0,"TLS.sig":"AA=="}`),
		repack(t, `{"TLS.ver":"2.0","TLS.identifier":"a","TLS.sdkappid":18446744073709551615,"TLS.expire":4294967295,"TLS.time":4294967295,"TLS.sig":"AA=="}`),
		repack(t, `{"TLS.ver":"2.0","TLS.identifier":"a","TLS.sdkappid":1,"TLS.expire":1,"TLS.time":1,"TLS.userbuf":"AQABYQAAAAEAAAAAAAAAAgAAAP8AAAAAAAFh","TLS.sig":"AA=="}`),
		repack(t, `{"TLS.account_type":"0","TLS.appid_at_3rd":"0","TLS.expire_after":"1","TLS.identifier":"a","TLS.sdk_appid":"1","TLS.sig":"MAYCAQECAQE=","TLS.time":"1","TLS.version":"x"}`),
		repack(t, `{"TLS.identifier":"\u00`), repack(t, `{"TLS.identifier":"\\`), repack(t, `{"TLS.identifier":`), repack(t, `{"TLS.expire":1e9}`),
		repack(t, `{"TLS.expire":[1]}`), repack(t, strings.Repeat(" ", 70000)),
	}
	for _, v := range tlssigtest.Vectors(t) {
		seeds = append(seeds, v.Ticket)
	}
	return seeds
}

func FuzzDecode(f *testing.F) {
	for _, s := range hostileSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, ticket string) {
		tk, err := tlssig.Decode(ticket)
		if err != nil {
			if tk != nil {
				t.Fatal("ticket returned with an error")
			}
			if !errors.Is(err, tlssig.ErrMalformed) && !errors.Is(err, tlssig.ErrTooLarge) {
				t.Fatalf("unexpected error class: %v", err)
			}
			return
		}
		if tk.Version != 1 && tk.Version != 2 || tk.UserID == "" || tk.SDKAppID == 0 || tk.Lifetime <= 0 {
			t.Fatalf("Decode accepted an incomplete ticket: %+v", tk)
		}
		if tk.Kind == tlssig.KindPrivateMapKey && (tk.Room.IsZero() || tk.Room.IsString() && tk.Room.Str() == "") {
			t.Fatalf("PrivateMapKey without a room: %+v", tk)
		}
		// Whatever Decode accepts, a verifier reads the same way: it can
		// only disagree about the key.
		if tk.Version == 2 && tk.SDKAppID <= 1<<32-1 {
			v, err := tlssig.NewHMACVerifier(tk.SDKAppID, "fuzz key")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := v.Verify(ticket, tk.UserID, tk.IssuedAt); !errors.Is(err, tlssig.ErrBadSignature) {
				t.Fatalf("Verify with a random key = %v, want ErrBadSignature", err)
			}
		}
	})
}

func FuzzVerify(f *testing.F) {
	for _, s := range hostileSeeds(f) {
		f.Add(s, "xiaoming", testNow.Unix())
	}
	s, _ := newHMAC(f)
	v1, _ := s.UserSigAt("小明", testNow, time.Minute)
	f.Add(v1, "小明", testNow.Unix()+60)
	f.Add(v1, "小明", testNow.Unix()+61)
	_, v := newHMAC(f)
	f.Fuzz(func(t *testing.T, ticket, user string, at int64) {
		tk, err := v.Verify(ticket, user, time.Unix(at, 0))
		if err != nil {
			if tk != nil {
				t.Fatal("ticket returned with an error")
			}
			if strings.Contains(err.Error(), interopKey) {
				t.Fatal("error quotes the key")
			}
			return
		}
		if tk.UserID != user || tk.SDKAppID != interopApp || time.Unix(at, 0).After(tk.ExpiresAt()) {
			t.Fatalf("Verify accepted %+v for %q at %d", tk, user, at)
		}
		d, err := tlssig.Decode(ticket)
		if err != nil || *d != *tk {
			t.Fatalf("Decode = %+v, %v; Verify said %+v", d, err, tk)
		}
	})
}

func FuzzSignDecode(f *testing.F) {
	f.Add("xiaoming", uint32(12345), "", uint32(255), int64(3600), testNow.Unix())
	f.Add("小明", uint32(0), "class_2019#A", uint32(42), int64(1), int64(0))
	f.Add("a<b>&\"\\\u2028\x01", uint32(1), "", uint32(1), int64(1<<32), int64(1<<32-2))
	f.Add("\xff", uint32(1), " ", uint32(0), int64(-1), int64(-1))
	f.Add(strings.Repeat("🎉", 8), uint32(1<<32-1), strings.Repeat("~", 64), uint32(256), int64(60), testNow.Unix())
	s, v := newHMAC(f)
	f.Fuzz(func(t *testing.T, user string, roomID uint32, roomStr string, privs uint32, ttl, now int64) {
		room := tlssig.NumericRoom(roomID)
		if roomStr != "" {
			room = tlssig.StringRoom(roomStr)
		}
		at := time.Unix(now, 0)
		lifetime := time.Duration(ttl) * time.Second
		if ttl > 1<<33 || ttl < -1<<33 {
			lifetime = time.Duration(ttl)
		}
		us, err := s.UserSigAt(user, at, lifetime)
		if err == nil {
			tk, err := v.Verify(us, user, at)
			if err != nil {
				t.Fatalf("our UserSig does not verify: %v", err)
			}
			if tk.Kind != tlssig.KindUserSig || tk.UserID != user || !tk.IssuedAt.Equal(at) || tk.Lifetime != time.Duration(ttl)*time.Second {
				t.Fatalf("UserSig decodes to %+v", tk)
			}
		} else if us != "" {
			t.Fatal("ticket returned with an error")
		}
		pmk, err := s.PrivateMapKeyAt(user, room, tlssig.Privilege(privs), at, lifetime)
		if err != nil {
			if pmk != "" {
				t.Fatal("ticket returned with an error")
			}
			return
		}
		tk, err := tlssig.Decode(pmk)
		if err != nil {
			t.Fatalf("our PrivateMapKey does not decode: %v", err)
		}
		if tk.Kind != tlssig.KindPrivateMapKey || tk.UserID != user || tk.Room != room || tk.Privileges != tlssig.Privilege(privs) || !tk.RoomExpiresAt.Equal(tk.ExpiresAt()) {
			t.Fatalf("PrivateMapKey decodes to %+v", tk)
		}
		if _, err := v.Verify(pmk, user, at); err != nil {
			t.Fatalf("our PrivateMapKey does not verify: %v", err)
		}
	})
}
