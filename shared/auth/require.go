package auth

import (
	"errors"

	"github.com/ticketbooth/ticketbooth/shared/secrets"
)

// CheckDocument reports what the enabled methods need from the secret
// document and doc lacks, one problem per method, each naming the missing
// field: jwt needs a jwt section that verifies tokens (issuer, audience,
// hs256Secret or jwksUrl), wechat-code the wechat section, apikey at least
// one apiKeys entry. The other methods need nothing from it. A jwt section
// that configures verification must be able to verify, whichever methods
// are enabled (jwtAlgorithmsOf: key sources, algorithms, an https jwksUrl).
// Passed to secrets.WithCheck, it makes such a document invalid, refused at
// start-up or when a refresh brings it, instead of failing every request
// later. The errors name fields, never values.
func (c Config) CheckDocument(doc *secrets.Document) error {
	var errs []error
	if jwtVerifies(doc.JWT) {
		if _, err := jwtAlgorithmsOf(doc.JWT); err != nil {
			errs = append(errs, err)
		}
	}
	for _, m := range c.Methods {
		switch m {
		case MethodJWT:
			if !jwtVerifies(doc.JWT) {
				errs = append(errs, errors.New("jwt: required by TICKETBOOTH_AUTH method jwt: a jwt section with issuer, audience and hs256Secret or jwksUrl"))
			}
		case MethodWeChatCode:
			if doc.WeChat == nil || doc.WeChat.AppID == "" || doc.WeChat.AppSecret == "" {
				errs = append(errs, errors.New("wechat.appId, wechat.appSecret: required by TICKETBOOTH_AUTH method wechat-code: the mini-program's AppID and AppSecret (WeChat MP admin → Development → Development settings)"))
			}
		case MethodAPIKey:
			if len(doc.APIKeys) == 0 {
				errs = append(errs, errors.New(`apiKeys: required by TICKETBOOTH_AUTH method apikey: at least one {"id":…,"sha256":…} entry (sha256: printf %s "$API_KEY" | sha256sum)`))
			}
		}
	}
	return errors.Join(errs...)
}
