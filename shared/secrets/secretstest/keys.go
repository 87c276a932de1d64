package secretstest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
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

// ECDSAKeyPEM returns a fresh P-256 key as PKCS#8 and SEC1 private-key PEM
// and its PKIX public-key PEM.
func ECDSAKeyPEM(t testing.TB) (pkcs8, sec1, pub string) {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	p8, err := x509.MarshalPKCS8PrivateKey(k)
	if err != nil {
		t.Fatal(err)
	}
	s1, err := x509.MarshalECPrivateKey(k)
	if err != nil {
		t.Fatal(err)
	}
	pk, err := x509.MarshalPKIXPublicKey(&k.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: p8})),
		string(pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: s1})),
		string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pk}))
}
