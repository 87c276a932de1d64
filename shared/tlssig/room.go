package tlssig

import (
	"fmt"
	"math"
	"strconv"
	"unicode/utf8"
)

// Limits TRTC enforces, checked before anything is signed. Every other
// package states them through these names (in its checks and its messages),
// so a change to a limit is made here only.
const (
	MaxUserIDLen = 32 // bytes of UTF-8
	MaxRoomLen   = 64 // bytes of a string room id
	// RoomPunctuation is what a string room id may hold besides letters and
	// digits (space included).
	RoomPunctuation = " !#$%&()+-:;<=.>?@[]^_{}|~,"
	// MaxLifetimeSeconds bounds a ticket's lifetime: TLS.expire and the
	// userbuf's expireAt are 32-bit. (The lifetime must also end by 2106:
	// see the signers.)
	MaxLifetimeSeconds = math.MaxUint32
)

// Room is a TRTC room: a numeric room id (1–4294967295) or a string room
// id (1–64 bytes of letters, digits and ` !#$%&()+-:;<=.>?@[]^_{}|~,` and
// space). The zero Room is "no room" (a UserSig has none).
type Room struct {
	id    uint32
	str   string
	isStr bool
}

// NumericRoom returns the numeric room id. NumericRoom(0) is the zero Room.
func NumericRoom(id uint32) Room { return Room{id: id} }

// StringRoom returns the string room id s (TRTC's strRoomId).
func StringRoom(s string) Room { return Room{str: s, isStr: true} }

// IsString reports whether r is a string room id.
func (r Room) IsString() bool { return r.isStr }

// ID returns the numeric room id, 0 for a string room.
func (r Room) ID() uint32 { return r.id }

// Str returns the string room id, "" for a numeric room.
func (r Room) Str() string { return r.str }

// IsZero reports whether r is no room at all.
func (r Room) IsZero() bool { return !r.isStr && r.id == 0 }

// String returns the numeric id in decimal, or the string id quoted, so the
// two kinds never look alike in a log line.
func (r Room) String() string {
	if r.isStr {
		return strconv.Quote(r.str)
	}
	return strconv.FormatUint(uint64(r.id), 10)
}

// ValidateUserID checks a user id against TRTC's limit of 1–32 bytes. The
// bytes must be valid UTF-8, because the id travels in a JSON document;
// letters, digits, '_' and '-' are recommended (see IsRecommendedUserID)
// but other characters are allowed, as they are by TRTC.
func ValidateUserID(u string) error {
	switch {
	case u == "":
		return errorf(ErrInvalidUserID, "user id is empty")
	case len(u) > MaxUserIDLen:
		return errorf(ErrInvalidUserID, "user id is %d bytes, TRTC allows at most %d", len(u), MaxUserIDLen)
	case !utf8.ValidString(u):
		return errorf(ErrInvalidUserID, "user id is not valid UTF-8")
	}
	return nil
}

// UserID is a user id checked against TRTC's limits (ValidateUserID) once,
// where it enters the program: ParseUserID is the only way to a non-zero
// UserID, so a function taking one needs no check of its own. The zero
// UserID is "no user".
type UserID struct{ s string }

// ParseUserID checks u (ValidateUserID) and returns it as a UserID. Errors
// wrap ErrInvalidUserID.
func ParseUserID(u string) (UserID, error) {
	if err := ValidateUserID(u); err != nil {
		return UserID{}, err
	}
	return UserID{u}, nil
}

// String returns the user id, "" for the zero UserID.
func (u UserID) String() string { return u.s }

// IsZero reports whether u is no user at all.
func (u UserID) IsZero() bool { return u.s == "" }

// Recommended reports whether u uses only the characters TRTC recommends
// (IsRecommendedUserID).
func (u UserID) Recommended() bool { return IsRecommendedUserID(u.s) }

// IsRecommendedUserID reports whether u uses only the characters TRTC
// recommends ([A-Za-z0-9_-]); callers may warn when it does not.
func IsRecommendedUserID(u string) bool {
	for i := 0; i < len(u); i++ {
		c := u[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return u != ""
}

// roomChars marks the bytes allowed in a string room id.
var roomChars = func() (t [256]bool) {
	for c := 'a'; c <= 'z'; c++ {
		t[c] = true
	}
	for c := 'A'; c <= 'Z'; c++ {
		t[c] = true
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	for _, c := range RoomPunctuation {
		t[c] = true
	}
	return t
}()

// ValidateRoom checks a room against TRTC's limits: numeric 1–4294967295,
// string 1–64 bytes of the allowed characters.
func ValidateRoom(r Room) error {
	if !r.isStr {
		if r.id == 0 {
			return errorf(ErrInvalidRoom, "room id must be between 1 and 4294967295")
		}
		return nil
	}
	switch {
	case r.str == "":
		return errorf(ErrInvalidRoom, "string room id is empty")
	case len(r.str) > MaxRoomLen:
		return errorf(ErrInvalidRoom, "string room id is %d bytes, TRTC allows at most %d", len(r.str), MaxRoomLen)
	}
	for i := 0; i < len(r.str); i++ {
		if !roomChars[r.str[i]] {
			return errorf(ErrInvalidRoom, "string room id has %s at byte %d; allowed are letters, digits, space and %s", charAt(r.str, i), i, RoomPunctuation[1:])
		}
	}
	return nil
}

// charAt names the character starting at byte i of s as a person would read
// it: the whole UTF-8 character, or the byte in hex when it starts none.
func charAt(s string, i int) string {
	c, size := utf8.DecodeRuneInString(s[i:])
	if c == utf8.RuneError && size <= 1 {
		return fmt.Sprintf("byte 0x%02x", s[i])
	}
	return strconv.QuoteRune(c)
}
