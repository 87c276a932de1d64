package tlssig_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/ticketbooth/ticketbooth/shared/tlssig"
)

func Example() {
	issued := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	signer, err := tlssig.NewHMACSigner(1400000000, "the console's secret key",
		tlssig.WithClock(func() time.Time { return issued }))
	if err != nil {
		panic(err)
	}
	userSig, err := signer.UserSig("xiaoming", 24*time.Hour)
	if err != nil {
		panic(err)
	}
	roomKey, err := signer.PrivateMapKey("xiaoming", tlssig.NumericRoom(12345), tlssig.PrivAudience, 5*time.Minute)
	if err != nil {
		panic(err)
	}

	verifier, err := tlssig.NewHMACVerifier(1400000000, "the console's secret key")
	if err != nil {
		panic(err)
	}
	t, err := verifier.Verify(roomKey, "xiaoming", issued.Add(time.Minute))
	if err != nil {
		panic(err)
	}
	fmt.Println(t.Kind, t.UserID, "room", t.Room, t.Privileges, "until", t.ExpiresAt().Format(time.RFC3339))

	_, err = verifier.Verify(userSig, "xiaohong", issued)
	fmt.Println(errors.Is(err, tlssig.ErrUserMismatch), err)
	_, err = verifier.Verify(roomKey, "xiaoming", issued.Add(time.Hour))
	fmt.Println(errors.Is(err, tlssig.ErrExpired), err)
	// Output:
	// PrivateMapKey xiaoming room 12345 join,recv-audio,recv-video until 2026-11-24T12:05:00Z
	// true tlssig: ticket was issued for user "xiaoming", not "xiaohong": ticket issued for another user
	// true tlssig: PrivateMapKey expired at 2026-11-24T12:05:00Z (55m0s ago): ticket expired
}

func ExampleDecode() {
	// A UserSig made by Tencent's official Go library (testdata).
	t, err := tlssig.Decode("eAEArgBR-3siVExTLnZlciI6IjIuMCIsIlRMUy5pZGVudGlmaWVyIjoieGlhb21pbmciLCJUTFMuc2RrYXBwaWQiOjE0MDAwMDAwMDAsIlRMUy5leHBpcmUiOjYzMDcyMDAwMCwiVExTLnRpbWUiOjE3OTU1MjM1MjksIlRMUy5zaWciOiJ1WWtjVVdmN0tMTHJiazU0ZFArc3R2MFRZRUlaK1o3eWYrVjIrNEw2N0trPSJ9CgEAAP--SdUyEQ__")
	if err != nil {
		panic(err)
	}
	fmt.Println(t.Version, t.Kind, t.SDKAppID, t.UserID)
	fmt.Println(t.IssuedAt.Format(time.RFC3339), t.Lifetime, t.ExpiresAt().Format(time.RFC3339))
	// Output:
	// 2 UserSig 1400000000 xiaoming
	// 2026-11-24T12:32:09Z 175200h0m0s 2046-11-19T12:32:09Z
}

func ExampleParsePrivilege() {
	p, err := tlssig.ParsePrivilege("join,recv-audio,recv-video")
	if err != nil {
		panic(err)
	}
	fmt.Println(uint32(p), p == tlssig.PrivAudience, p)
	p, _ = tlssig.ParsePrivilege("255")
	fmt.Println(p.Names())
	_, err = tlssig.ParsePrivilege("admin")
	fmt.Println(err)
	// Output:
	// 42 true join,recv-audio,recv-video
	// [create join send-audio recv-audio send-video recv-video send-sub recv-sub]
	// tlssig: unknown privilege "admin" (known: create, join, send-audio, recv-audio, send-video, recv-video, send-sub, recv-sub): invalid privileges
}

func ExampleNewECDSAVerifier() {
	// The v1 format: verify with the app's public key.
	pub, err := tlssig.ParseECDSAPublicKey([]byte("-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEGXL6pBKgh0WgRciFENPBwRg6izNS\nK0X0RXRhZZ7Xc3gMdXE8t5sOXYlS6fquP3ZXb76tSJlkl3AMuL5x/5hl9A==\n-----END PUBLIC KEY-----\n"))
	if err != nil {
		panic(err)
	}
	v, err := tlssig.NewECDSAVerifier(1400000000, pub)
	if err != nil {
		panic(err)
	}
	// A v1 PrivateMapKey made with Tencent's legacy library (testdata).
	t, err := v.Verify("eJxMj91ugkAQhd9lrpuyi6JI4sV0NUrib-yLvSHILjihwBYWi2367k0pJj2X35eZk-MF*8XuOYyios5NYO5agQcMnv6w1iSD0AS9Uv7DqtFUqiCMjSrBg0GPDW3G2EOTVLmhmFrZUFhklCedq2QatF-BA95nXR6SEvBgOT0LfyvqwVabZjd35cESt81kOl-tk1MdWcelqI6x9qmZ3d2mvOaJf8VFrFaFuZ2a9VIIMd2gcA5uTp-v7o7L3HpxrKKfZed0QqeuzFD2O5UPR45j9xx71PG6UuWljsEDRPTV7O16sbm*ZHIfpX1ExI-1q5AUpYg4sbDNeNwd31RZUZGDBzbjA844b*d9-wQAAP--c-JsZw__",
		"xiaoming", time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC))
	if err != nil {
		panic(err)
	}
	fmt.Println(t.Version, t.Kind, t.UserID, t.Room, uint32(t.Privileges))
	// Output:
	// 1 PrivateMapKey xiaoming 12345 255
}
