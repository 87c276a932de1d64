package roomurl

import (
	"github.com/ticketbooth/ticketbooth/shared/tlssig"
)

// TRTC's limits on users, rooms, apps and tickets are the signing core's (tlssig); only what
// is particular to the URLs is here.
const (
	// MaxStreamIDLen bounds a streamid and a userdefinerecordid (bytes).
	MaxStreamIDLen   = 64
	maxStreamIDBytes = MaxStreamIDLen
	maxRoomSigBytes  = 16 << 10
	maxBizBufBytes   = 4 << 10
	maxReplyBytes    = 64 << 10
)

// validateIDs checks the app, the room and the user of a URL or request. A non-zero
// tlssig.UserID was checked where it was parsed (tlssig.ParseUserID); only its absence is
// refused here. The user id is not echoed: it may be someone's personal data.
func validateIDs(sdkAppID uint64, room tlssig.Room, userID tlssig.UserID) error {
	if err := validateAppRoom(sdkAppID, room); err != nil {
		return err
	}
	if userID.IsZero() {
		return errNoUserID
	}
	return nil
}

// errNoUserID is a missing user id, in tlssig's words for an empty one.
var errNoUserID = userIDError(tlssig.ValidateUserID(""))

func userIDError(err error) error { return within("userid", err) }

// validateAppRoom checks the app and the room against TRTC's limits (tlssig's).
func validateAppRoom(sdkAppID uint64, room tlssig.Room) error {
	if err := tlssig.ValidateSDKAppID(sdkAppID); err != nil {
		return within("sdkappid", err)
	}
	if err := tlssig.ValidateRoom(room); err != nil {
		return fail(err)
	}
	return nil
}

// numericOnly refuses a string room in the roomsig flow: its request names the room in a
// 32-bit GroupId.
func numericOnly(room tlssig.Room) error {
	if room.IsString() {
		return errorf(tlssig.ErrInvalidRoom, "the roomsig flow carries numeric rooms only (roomid), not strroomid")
	}
	return nil
}

// validateTicket checks a UserSig or PrivateMapKey as tlssig would before decoding it:
// present, at most tlssig.MaxTicketLen bytes, in the ticket alphabet.
func validateTicket(name, t string) error {
	if err := tlssig.CheckEncoding(t); err != nil {
		return &Error{Detail: name, Kind: ErrInvalidTicket, Cause: err}
	}
	return nil
}

// ValidateStreamID checks a streamid or userdefinerecordid: TRTC allows 1–64 bytes of
// [A-Za-z0-9_-] for both. Errors wrap ErrInvalidStreamID.
func ValidateStreamID(s string) error {
	if len(s) == 0 || len(s) > maxStreamIDBytes {
		return errorf(ErrInvalidStreamID, "%d bytes", len(s))
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-') {
			return errorf(ErrInvalidStreamID, "byte %d", i)
		}
	}
	return nil
}

// ValidateCloudEnv checks a cloudenv value: PRO, CCC, DEV or UAT ("" leaves it out).
func ValidateCloudEnv(s string) error {
	switch s {
	case "", CloudEnvPRO, CloudEnvCCC, CloudEnvDEV, CloudEnvUAT:
		return nil
	}
	return fail(ErrInvalidCloudEnv)
}
