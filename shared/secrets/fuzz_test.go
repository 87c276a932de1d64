package secrets_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/ticketbooth/ticketbooth/shared/secrets"
)

func FuzzParse(f *testing.F) {
	good := `{"apps":[{"sdkAppId":1400000001,"secretKey":"` + hmacKey1 + `","default":true}],"apiKeys":[{"id":"a","sha256":"` + apiKeyHash + `"}]}`
	for _, s := range []string{
		good,
		``, `null`, `{}`, `[]`, `"x"`, `{"apps":null}`, `{"apps":{}}`, `{"apps":[null]}`, `{"apps":[[]]}`,
		`{"apps":[{"sdkAppId":18446744073709551616}]}`, `{"apps":[{"sdkAppId":-0}]}`, `{"apps":[{"sdkAppId":1.5}]}`,
		`{"apps":[{"sdkAppId":1e999}]}`, `{"Apps":[]}`, `{"apps":[],"apps":[]}`, `{"apps":[{"SDKAPPID":1}]}`,
		strings.Repeat(`{"apps":`, 1000), strings.Repeat("[", 5000), `{"apps":[{"sdkAppId":1,"secretKey":"\ud800"}]}`,
		`{"apps":[{"sdkAppId":1,"ecdsaPrivateKey":"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"}]}`,
		`{"jwt":{"algorithms":["none","HS256"],"jwksUrl":"http://[::1"}}`, good + good, "\xef\xbb\xbf" + good, good[:len(good)/2],
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := secrets.Parse(data)
		if err != nil {
			if d != nil {
				t.Fatal("a document and an error")
			}
			return
		}
		if _, err := d.App(0); err != nil {
			t.Fatalf("accepted document has no default app: %v", err)
		}
		again, err := json.Marshal(d)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := secrets.Parse(again); err != nil {
			t.Fatalf("accepted document does not round-trip: %v", err)
		}
		_ = d.String()
	})
}
