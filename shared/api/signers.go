package api

import (
	"errors"
	"fmt"
	"sync"

	"github.com/ticketbooth/ticketbooth/shared/secrets"
	"github.com/ticketbooth/ticketbooth/shared/tlssig"
)

// signerCache keeps one signer per app of the current secret document, so a
// request parses no key. A new document (a rotation) replaces them all.
type signerCache struct {
	mu    sync.Mutex
	doc   *secrets.Document
	byApp map[uint64]tlssig.Signer
}

// signer returns the signer for app of doc with the algorithm alg.
func (c *signerCache) signer(doc *secrets.Document, app *secrets.App, alg string) (tlssig.Signer, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.doc != doc {
		c.doc, c.byApp = doc, make(map[uint64]tlssig.Signer, len(doc.Apps))
	}
	if s, ok := c.byApp[app.SDKAppID]; ok {
		return s, nil
	}
	s, err := newSigner(app, alg)
	if err != nil {
		return nil, err
	}
	c.byApp[app.SDKAppID] = s
	return s, nil
}

// newSigner builds the signer of one app. A missing key is the operator's
// fault, not the caller's: an internal error whose log line names the field.
func newSigner(app *secrets.App, alg string) (tlssig.Signer, error) {
	switch alg {
	case AlgorithmECDSA:
		k, err := app.ECDSAKey()
		if err != nil {
			return nil, internal(err)
		}
		if k == nil {
			return nil, internal(fmt.Errorf("sdkAppId %d has no ecdsaPrivateKey, which TICKETBOOTH_ALGORITHM=ecdsa needs", app.SDKAppID))
		}
		s, err := tlssig.NewECDSASigner(app.SDKAppID, k, tlssig.WithAccountType(app.AccountType))
		if err != nil {
			return nil, internal(fmt.Errorf("sdkAppId %d: ecdsa signer: %w", app.SDKAppID, err))
		}
		return s, nil
	default:
		if app.SecretKey == "" {
			return nil, internal(fmt.Errorf("sdkAppId %d has no secretKey, which TICKETBOOTH_ALGORITHM=hmac needs", app.SDKAppID))
		}
		s, err := tlssig.NewHMACSigner(app.SDKAppID, app.SecretKey)
		if err != nil {
			return nil, internal(fmt.Errorf("sdkAppId %d: hmac signer: %w", app.SDKAppID, err))
		}
		return s, nil
	}
}

// CheckDocument reports the apps of doc that lack the key cfg.Algorithm signs
// with (secretKey for hmac, ecdsaPrivateKey for ecdsa), naming each field.
// Passed to secrets.WithCheck, it makes such a document invalid, refused at
// start-up or when a refresh brings it, so that no request fails later.
func (cfg *Config) CheckDocument(doc *secrets.Document) error {
	alg, _ := parseAlgorithm(cfg.Algorithm)
	var errs []error
	for i, a := range doc.Apps {
		switch {
		case alg == AlgorithmECDSA && a.ECDSAPrivateKey == "":
			errs = append(errs, fmt.Errorf("apps[%d].ecdsaPrivateKey: required by TICKETBOOTH_ALGORITHM=ecdsa (v1 tickets; the PEM key from the TRTC console)", i))
		case alg != AlgorithmECDSA && a.SecretKey == "":
			errs = append(errs, fmt.Errorf("apps[%d].secretKey: required by TICKETBOOTH_ALGORITHM=hmac, the default (v2 tickets; the key from the TRTC console), or set TICKETBOOTH_ALGORITHM=ecdsa", i))
		}
	}
	return errors.Join(errs...)
}
