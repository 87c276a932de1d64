package roomurl

import (
	"fmt"
	"math"
)

// Limits TRTC enforces; the same numbers as the signing core's (DESIGN §2), repeated here so the
// package stays free of ticketbooth imports.
const (
	maxUserIDBytes   = 32
	maxStrRoomBytes  = 64
	maxStreamIDBytes = 64
	maxTicketBytes   = 16 << 10
	maxRoomSigBytes  = 16 << 10
	maxBizBufBytes   = 4 << 10
	maxReplyBytes    = 64 << 10
)

func validateSDKAppID(id uint64) error {
	if id == 0 || id > math.MaxUint32 {
		return fmt.Errorf("sdkappid %d: %w", id, ErrInvalidSDKAppID)
	}
	return nil
}

// validateUserID checks the length only: TRTC recommends [A-Za-z0-9_-] but accepts other bytes,
// and a URL escapes them. The id itself is not echoed: it may be someone's personal data.
func validateUserID(u string) error {
	if len(u) == 0 || len(u) > maxUserIDBytes {
		return fmt.Errorf("userid of %d bytes: %w", len(u), ErrInvalidUserID)
	}
	return nil
}

func validateRoom(roomID uint32, strRoomID string) error {
	switch {
	case roomID != 0 && strRoomID != "":
		return fmt.Errorf("%w: give roomid or strroomid, not both", ErrInvalidRoom)
	case roomID == 0 && strRoomID == "":
		return fmt.Errorf("%w: roomid (1 to 4294967295) or strroomid is required", ErrInvalidRoom)
	case strRoomID != "":
		return validateStrRoomID(strRoomID)
	}
	return nil
}

func validateStrRoomID(s string) error {
	if len(s) == 0 || len(s) > maxStrRoomBytes {
		return fmt.Errorf("%w: strroomid must be 1 to 64 bytes, got %d", ErrInvalidRoom, len(s))
	}
	for i := 0; i < len(s); i++ {
		if !strRoomByte(s[i]) {
			return fmt.Errorf("%w: strroomid byte %d is not a letter, digit, space or one of !#$%%&()+-:;<=.>?@[]^_{}|~,", ErrInvalidRoom, i)
		}
	}
	return nil
}

func strRoomByte(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	switch c {
	case ' ', '!', '#', '$', '%', '&', '(', ')', '+', '-', ':', ';', '<', '=', '.', '>', '?', '@', '[', ']', '^', '_', '{', '}', '|', '~', ',':
		return true
	}
	return false
}

// validateTicket accepts a UserSig or PrivateMapKey in TLS's URL-safe base64 alphabet
// (letters, digits, "*-_"; standard "+/=" too, for tickets copied from elsewhere).
func validateTicket(name, t string) error {
	if t == "" {
		return fmt.Errorf("%w: %s is required", ErrInvalidTicket, name)
	}
	if len(t) > maxTicketBytes {
		return fmt.Errorf("%w: %s is longer than %d bytes", ErrInvalidTicket, name, maxTicketBytes)
	}
	for i := 0; i < len(t); i++ {
		c := t[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case c == '*', c == '-', c == '_', c == '+', c == '/', c == '=':
		default:
			return fmt.Errorf("%w: %s has a byte outside the ticket alphabet at %d", ErrInvalidTicket, name, i)
		}
	}
	return nil
}

// validateStreamID checks streamid and userdefinerecordid: TRTC allows 1–64 bytes of
// [A-Za-z0-9_-] for both.
func validateStreamID(name, s string) error {
	if len(s) == 0 || len(s) > maxStreamIDBytes {
		return fmt.Errorf("%s: %w", name, ErrInvalidStreamID)
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-') {
			return fmt.Errorf("%s: %w", name, ErrInvalidStreamID)
		}
	}
	return nil
}
