package auth

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
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
		return nil, reject(ErrBadCredential, "send one %s header", HeaderAPIKey)
	}
	key := values[0]
	if key == "" {
		return nil, reject(ErrBadCredential, "the %s header is empty", HeaderAPIKey)
	}
	if len(key) > maxAPIKeyLen {
		return nil, reject(ErrBadCredential, "the %s header is longer than %d bytes", HeaderAPIKey, maxAPIKeyLen)
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
		return nil, reject(ErrBadCredential, "the %s is not known", HeaderAPIKey)
	}
	k := keys[match]
	return &Identity{Method: MethodAPIKey, Subject: k.ID, MayNameUser: true, Role: k.Role, Apps: slices.Clone(k.SDKAppIDs)}, nil
}
