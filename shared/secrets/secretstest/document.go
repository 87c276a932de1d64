package secretstest

import (
	"encoding/json"
	"testing"

	"github.com/ticketbooth/ticketbooth/shared/secrets"
)

// Document returns the JSON of a valid one-app document whose app
// sdkAppID signs v2 tickets with secretKey.
func Document(t testing.TB, sdkAppID uint64, secretKey string) []byte {
	t.Helper()
	b, err := json.Marshal(secrets.Document{Apps: []secrets.App{{SDKAppID: sdkAppID, SecretKey: secretKey, Default: true}}})
	if err != nil {
		t.Fatal(err)
	}
	return b
}
