package secrets

import "crypto/ecdsa"

// Document is the secret document (docs/DESIGN.md, README "Configuration"): everything ticketbooth must
// keep secret, stored as one JSON object in a secrets manager. It is never
// logged; errors about it name fields, never values.
type Document struct {
	Apps    []App    `json:"apps"`
	JWT     *JWT     `json:"jwt,omitempty"`
	WeChat  *WeChat  `json:"wechat,omitempty"`
	APIKeys []APIKey `json:"apiKeys,omitempty"`
}

// App is one TRTC application: its SDKAppID and the keys that sign for it.
type App struct {
	SDKAppID uint64 `json:"sdkAppId"`
	// SecretKey is the console's key for v2 (HMAC-SHA256) tickets, used as text bytes.
	SecretKey string `json:"secretKey,omitempty"`
	// ECDSAPrivateKey is the PEM (PKCS#8 or SEC1, P-256) key for v1 tickets.
	ECDSAPrivateKey string `json:"ecdsaPrivateKey,omitempty"`
	// ECDSAPublicKey optionally gives the v1 public key for verification only.
	ECDSAPublicKey string `json:"ecdsaPublicKey,omitempty"`
	AccountType    uint32 `json:"accountType,omitempty"`
	Default        bool   `json:"default,omitempty"`

	ecdsaKey *ecdsa.PrivateKey // parsed by Parse
	ecdsaPub *ecdsa.PublicKey  // parsed by Parse
}

// JWT configures the jwt authenticator.
type JWT struct {
	Issuer      string `json:"issuer,omitempty"`
	Audience    string `json:"audience,omitempty"`
	JWKSURL     string `json:"jwksUrl,omitempty"`
	HS256Secret string `json:"hs256Secret,omitempty"`
	// Algorithms pins the accepted signing algorithms (HS256, RS256, ES256).
	// Empty means HS256 when hs256Secret is set, else RS256 and ES256 from the JWKS.
	Algorithms []string `json:"algorithms,omitempty"`
	UserClaim  string   `json:"userClaim,omitempty"`  // default "sub"
	RoleClaim  string   `json:"roleClaim,omitempty"`  // default "trtc_role"
	RoomsClaim string   `json:"roomsClaim,omitempty"` // optional room restriction claim
	// AppsClaim optionally names the claim listing the apps (SDKAppIDs:
	// numbers or their decimal text) the caller may use besides the default.
	AppsClaim string `json:"appsClaim,omitempty"`
}

// WeChat holds the mini-program's credentials for jscode2session.
type WeChat struct {
	AppID     string `json:"appId"`
	AppSecret string `json:"appSecret"`
	// SDKAppIDs are the apps WeChat callers (wechat-code, wechat-cloud) may
	// use besides the default app.
	SDKAppIDs []uint64 `json:"sdkAppIds,omitempty"`
}

// APIKey is a backend's key, stored only as the hex SHA-256 of the key.
type APIKey struct {
	ID     string `json:"id"`
	SHA256 string `json:"sha256"`
	// Role optionally limits the key; empty means the key may ask for any privileges.
	Role string `json:"role,omitempty"`
	// SDKAppIDs are the apps the key may use besides the default app.
	SDKAppIDs []uint64 `json:"sdkAppIds,omitempty"`
}
