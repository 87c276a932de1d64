package secrets

import "fmt"

// CheckSecretKey applies the document's check of a v2 secret key (an app's
// secretKey) to key: at least 16 bytes of printable ASCII without white space.
// The console's keys are 64 hexadecimal characters; white space or a
// control byte means a copy-paste slip or a PEM key in the wrong place, and
// a short one a placeholder or a truncated paste. The CLI applies the same
// check to --key, --key-file and $TICKETBOOTH_KEY. The error quotes nothing
// of the key.
func CheckSecretKey(key string) error {
	switch {
	case !printable(key):
		return errNotPrintable
	case len(key) < minSecretKeyLen:
		return errTooShort
	}
	return nil
}

var (
	errNotPrintable = fmt.Errorf("must be printable ASCII without white space")
	errTooShort     = fmt.Errorf("shorter than %d bytes", minSecretKeyLen)
)
