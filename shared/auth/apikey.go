package auth

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"slices"

	"github.com/ticketbooth/ticketbooth/shared/secrets"
)

// maxAPIKeyLen caps the presented key; real keys are far shorter.
const maxAPIKeyLen = 512

// authenticateAPIKey hashes the presented key and compares the digest with
// every stored digest in constant time, visiting all of them whatever
// matches, so timing reveals neither whether nor which key matched.
func authenticateAPIKey(values []string, keys []secrets.APIKey) (*Identity, error) {
	if len(values) != 1 {
		return nil, fmt.Errorf("%w: send one %s header", ErrBadCredential, HeaderAPIKey)
	}
	key := values[0]
	if key == "" {
		return nil, fmt.Errorf("%w: the %s header is empty", ErrBadCredential, HeaderAPIKey)
	}
	if len(key) > maxAPIKeyLen {
		return nil, fmt.Errorf("%w: the %s header is longer than %d bytes", ErrBadCredential, HeaderAPIKey, maxAPIKeyLen)
	}
	got := sha256.Sum256([]byte(key))
	match := -1
	for i, k := range keys {
		var want [sha256.Size]byte
		// A stored digest that does not decode compares against zeros and
		// can never match (no key hashes to all zeros in practice); the
		// secret document's own validation refuses such digests anyway.
		valid := 0
		if len(k.SHA256) == hex.EncodedLen(sha256.Size) {
			if _, err := hex.Decode(want[:], []byte(k.SHA256)); err == nil {
				valid = 1
			}
		}
		eq := subtle.ConstantTimeCompare(got[:], want[:]) & valid
		match = subtle.ConstantTimeSelect(eq, i, match)
	}
	if match < 0 {
		return nil, fmt.Errorf("%w: the %s is not known", ErrBadCredential, HeaderAPIKey)
	}
	k := keys[match]
	return &Identity{Method: MethodAPIKey, Subject: k.ID, MayNameUser: true, Role: k.Role, Apps: slices.Clone(k.SDKAppIDs)}, nil
}
