package secrets

import (
	"bytes"
	"crypto/ecdsa"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"

	"github.com/ticketbooth/ticketbooth/shared/tlssig"
)

// Limits of a secret document. A real one (a few apps, PEM keys, JWT and
// WeChat settings) is a few KiB; the caps keep a hostile one cheap to refuse.
const (
	MaxDocumentSize = 64 << 10
	maxApps         = 64
	maxAPIKeys      = 256
	maxDepth        = 8
	minSecretKeyLen = 16 // the console's keys are 64 hex characters
)

// Parse decodes and validates a secret document whole. The JSON must be one
// object with exactly the field names of Document (unknown, duplicate or
// differently-cased names are refused). Every problem is reported, each
// naming its field path (apps[1].secretKey) and never the field's value; the
// error wraps ErrInvalidDocument.
func Parse(data []byte) (*Document, error) {
	if len(data) > MaxDocumentSize {
		return nil, fmt.Errorf("larger than %d bytes: %w", MaxDocumentSize, ErrInvalidDocument)
	}
	if err := checkKeys(data); err != nil {
		return nil, fmt.Errorf("%w: %w", err, ErrInvalidDocument)
	}
	var d Document
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&d); err != nil {
		return nil, fmt.Errorf("%w: %w", jsonError(err), ErrInvalidDocument)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("data after the JSON object: %w", ErrInvalidDocument)
	}
	if err := d.validate(); err != nil {
		return nil, fmt.Errorf("%w: %w", err, ErrInvalidDocument)
	}
	return &d, nil
}

// jsonError rewrites a decoding error so that it names a field or an offset
// but quotes nothing from the input (encoding/json's syntax errors quote the
// offending character, which may be part of a key).
func jsonError(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return fmt.Errorf("not valid JSON (at byte %d)", syn.Offset)
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			field = "document"
		}
		return fmt.Errorf("%s: must be a JSON %s", field, jsonKind(typ.Type))
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return errors.New("not valid JSON (truncated or empty)")
	default:
		return errors.New("not valid JSON")
	}
}

func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return fmt.Sprintf("non-negative integer that fits in %d bits", t.Bits())
	case reflect.Slice:
		return "array"
	default:
		return "object"
	}
}

// checkKeys walks the JSON tokens alongside the Document type and refuses
// what encoding/json would silently accept: duplicate keys (the last would
// win, so a second "default" or "secretKey" could hide), keys that match a
// field only case-insensitively, unknown keys, and deep nesting. Values of the
// wrong type are left to json.Decode, which names the field.
func checkKeys(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return jsonError(err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return errors.New("document: must be one JSON object")
	}
	return walkObject(dec, reflect.TypeFor[Document](), "", 1)
}

func walkObject(dec *json.Decoder, t reflect.Type, path string, depth int) error {
	fields := jsonFields(t)
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return jsonError(err)
		}
		key, _ := tok.(string)
		fpath := joinPath(path, safeName(key))
		f, known := fields[key]
		switch {
		case !known:
			return fmt.Errorf("%s: unknown field", fpath)
		case seen[key]:
			return fmt.Errorf("%s: duplicate field", fpath)
		}
		seen[key] = true
		if err := walkValue(dec, f, fpath, depth); err != nil {
			return err
		}
	}
	_, err := dec.Token() // '}'
	if err != nil {
		return jsonError(err)
	}
	return nil
}

// walkValue consumes one value whose Go type is t. Where the value has the
// type's shape, the type bounds the nesting (apiKeys[i].sdkAppIds[j] is the
// deepest, 4); anything else is skipped, and skip bounds its nesting.
func walkValue(dec *json.Decoder, t reflect.Type, path string, depth int) error {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	tok, err := dec.Token()
	if err != nil {
		return jsonError(err)
	}
	d, isDelim := tok.(json.Delim)
	switch {
	case isDelim && d == '{' && t.Kind() == reflect.Struct:
		return walkObject(dec, t, path, depth+1)
	case isDelim && d == '[' && t.Kind() == reflect.Slice:
		for i := 0; dec.More(); i++ {
			if err := walkValue(dec, t.Elem(), fmt.Sprintf("%s[%d]", path, i), depth+1); err != nil {
				return err
			}
		}
		_, err := dec.Token()
		if err != nil {
			return jsonError(err)
		}
		return nil
	case isDelim:
		// The wrong kind of value: skip it whole; json.Decode reports the type.
		return skip(dec, d, path, depth+1)
	default:
		return nil
	}
}

func skip(dec *json.Decoder, open json.Delim, path string, depth int) error {
	if depth > maxDepth {
		return fmt.Errorf("%s: nested too deeply", path)
	}
	_ = open
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return jsonError(err)
		}
		if d, ok := tok.(json.Delim); ok {
			if err := skip(dec, d, path, depth+1); err != nil {
				return err
			}
		}
	}
	_, err := dec.Token()
	if err != nil {
		return jsonError(err)
	}
	return nil
}

// jsonFields maps each JSON name of struct t to the field's type.
func jsonFields(t reflect.Type) map[string]reflect.Type {
	m := make(map[string]reflect.Type, t.NumField())
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		m[name] = f.Type
	}
	return m
}

func joinPath(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// safeName quotes a key from the input only when it looks like a field name,
// so that a secret pasted where a key belongs is not echoed in an error.
func safeName(key string) string {
	if len(key) == 0 || len(key) > 32 {
		return "(a field)"
	}
	for _, c := range []byte(key) {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return "(a field)"
		}
	}
	return key
}

// problems collects validation failures, each "path: problem".
type problems []error

func (p *problems) add(path, format string, args ...any) {
	*p = append(*p, fmt.Errorf("%s: %s", path, fmt.Sprintf(format, args...)))
}

func (d *Document) validate() error {
	var p problems
	switch {
	case len(d.Apps) == 0:
		p.add("apps", "at least one app is required")
	case len(d.Apps) > maxApps:
		p.add("apps", "at most %d apps", maxApps)
	}
	defaults := 0
	seen := map[uint64]int{}
	for i := range d.Apps {
		a := &d.Apps[i]
		path := fmt.Sprintf("apps[%d]", i)
		if a.Default {
			defaults++
		}
		if tlssig.ValidateSDKAppID(a.SDKAppID) != nil { // the range a request's sdkAppId is held to
			p.add(path+".sdkAppId", "must be between 1 and %d", uint64(tlssig.MaxSDKAppID))
		} else if j, dup := seen[a.SDKAppID]; dup {
			p.add(path+".sdkAppId", "same sdkAppId as apps[%d]", j)
		} else {
			seen[a.SDKAppID] = i
		}
		a.validateKeys(path, &p)
	}
	if len(d.Apps) > 1 && defaults != 1 {
		p.add("apps", "exactly one app must be \"default\": true when there are several (found %d)", defaults)
	}
	if d.WeChat != nil {
		w := d.WeChat
		if (w.AppID == "") != (w.AppSecret == "") {
			p.add("wechat", "appId and appSecret are both required (or neither)")
		}
		if w.AppID != "" && !weChatAppID(w.AppID) {
			// The app id is logged and sent in clear; a shape check keeps a
			// secret pasted into the wrong field out of the logs.
			p.add("wechat.appId", "must be the mini-program's AppID: \"wx\" and up to 30 letters or digits")
		}
		if w.AppSecret != "" && hasOuterSpace(w.AppSecret) {
			p.add("wechat.appSecret", "has leading or trailing white space")
		}
	}
	if len(d.APIKeys) > maxAPIKeys {
		p.add("apiKeys", "at most %d keys", maxAPIKeys)
	}
	ids := map[string]int{}
	digests := map[string]int{}
	for i, k := range d.APIKeys {
		path := fmt.Sprintf("apiKeys[%d]", i)
		switch {
		case k.ID == "":
			p.add(path+".id", "is required")
		case len(k.ID) > 64 || !printable(k.ID):
			p.add(path+".id", "must be 1 to 64 printable ASCII characters")
		default:
			if j, dup := ids[k.ID]; dup {
				p.add(path+".id", "same id as apiKeys[%d]", j)
			}
			ids[k.ID] = i
		}
		if b, err := hex.DecodeString(k.SHA256); err != nil || len(b) != 32 {
			p.add(path+".sha256", "must be the SHA-256 of the key as 64 hexadecimal characters")
		} else if j, dup := digests[string(b)]; dup {
			// Two entries for one key: which one's role and apps would bind
			// it depends on their order, so the document is refused.
			p.add(path+".sha256", "same key digest as apiKeys[%d]: give each key one entry", j)
		} else {
			digests[string(b)] = i
		}
		d.checkAppList(path+".sdkAppIds", k.SDKAppIDs, &p)
	}
	if d.WeChat != nil {
		d.checkAppList("wechat.sdkAppIds", d.WeChat.SDKAppIDs, &p)
	}
	return joinProblems(p)
}

// checkAppList checks a list of apps a credential may use: each one of the
// document's apps, each once.
func (d *Document) checkAppList(path string, ids []uint64, p *problems) {
	seen := map[uint64]bool{}
	for i, id := range ids {
		ipath := fmt.Sprintf("%s[%d]", path, i)
		switch {
		case seen[id]:
			p.add(ipath, "listed twice")
		case !d.hasApp(id):
			p.add(ipath, "is not the sdkAppId of any of apps")
		}
		seen[id] = true
	}
}

func (d *Document) hasApp(id uint64) bool {
	for i := range d.Apps {
		if d.Apps[i].SDKAppID == id {
			return true
		}
	}
	return false
}

func joinProblems(p problems) error { return errors.Join(p...) }

func (a *App) validateKeys(path string, p *problems) {
	if a.SecretKey == "" && a.ECDSAPrivateKey == "" {
		p.add(path, "needs secretKey (v2 HMAC tickets) or ecdsaPrivateKey (v1 ECDSA tickets)")
	}
	if a.SecretKey != "" {
		switch err := CheckSecretKey(a.SecretKey); err {
		case nil:
		case errNotPrintable:
			p.add(path+".secretKey", "%v (a PEM key belongs in ecdsaPrivateKey)", err)
		default:
			p.add(path+".secretKey", "%v", err)
		}
	}
	if a.ECDSAPrivateKey != "" {
		k, err := tlssig.ParseECDSAPrivateKey([]byte(a.ECDSAPrivateKey))
		if err != nil || k == nil {
			// tlssig's message is not repeated: only the field is named.
			p.add(path+".ecdsaPrivateKey", "not a P-256 private key in PEM (PKCS#8 or SEC1)")
		} else {
			a.ecdsaKey = k
		}
	}
	if a.ECDSAPublicKey != "" {
		pub, err := tlssig.ParseECDSAPublicKey([]byte(a.ECDSAPublicKey))
		switch {
		case err != nil || pub == nil:
			p.add(path+".ecdsaPublicKey", "not a P-256 public key in PEM (PKIX)")
		case a.ecdsaKey != nil && !a.ecdsaKey.PublicKey.Equal(pub):
			p.add(path+".ecdsaPublicKey", "does not match ecdsaPrivateKey")
		default:
			a.ecdsaPub = pub
		}
	}
}

func weChatAppID(s string) bool {
	rest, ok := strings.CutPrefix(s, "wx")
	if !ok || rest == "" || len(s) > 32 {
		return false
	}
	for _, c := range []byte(rest) {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

func hasOuterSpace(s string) bool { return strings.TrimSpace(s) != s }

func printable(s string) bool {
	for _, c := range []byte(s) {
		if c < 0x21 || c > 0x7e {
			return false
		}
	}
	return true
}

// App returns the app with sdkAppID, or the default app when sdkAppID is 0:
// the one marked "default", or the only one.
func (d *Document) App(sdkAppID uint64) (*App, error) {
	if sdkAppID == 0 {
		if a := d.Default(); a != nil {
			return a, nil
		}
		return nil, fmt.Errorf("the document has no default app: %w", ErrUnknownApp)
	}
	for i := range d.Apps {
		if d.Apps[i].SDKAppID == sdkAppID {
			return &d.Apps[i], nil
		}
	}
	return nil, fmt.Errorf("sdkAppId %d: %w", sdkAppID, ErrUnknownApp)
}

// Default returns the default app (the one marked "default", or the only
// one), or nil for a document that has none.
func (d *Document) Default() *App {
	if len(d.Apps) == 1 {
		return &d.Apps[0]
	}
	for i := range d.Apps {
		if d.Apps[i].Default {
			return &d.Apps[i]
		}
	}
	return nil
}

// ECDSAKey returns the app's parsed v1 signing key, or nil when the app has
// none. Parse parses it once; an App built by hand is parsed here.
func (a *App) ECDSAKey() (*ecdsa.PrivateKey, error) {
	if a.ecdsaKey != nil || a.ECDSAPrivateKey == "" {
		return a.ecdsaKey, nil
	}
	k, err := tlssig.ParseECDSAPrivateKey([]byte(a.ECDSAPrivateKey))
	if err != nil {
		return nil, fmt.Errorf("sdkAppId %d: ecdsaPrivateKey is not a P-256 private key: %w", a.SDKAppID, ErrInvalidDocument)
	}
	return k, nil
}

// ECDSAPublic returns the app's v1 verification key: ecdsaPublicKey when
// given, else the public half of ecdsaPrivateKey; nil when the app has neither.
func (a *App) ECDSAPublic() (*ecdsa.PublicKey, error) {
	if a.ecdsaPub != nil {
		return a.ecdsaPub, nil
	}
	if a.ECDSAPublicKey != "" {
		pub, err := tlssig.ParseECDSAPublicKey([]byte(a.ECDSAPublicKey))
		if err != nil {
			return nil, fmt.Errorf("sdkAppId %d: ecdsaPublicKey is not a P-256 public key: %w", a.SDKAppID, ErrInvalidDocument)
		}
		return pub, nil
	}
	k, err := a.ECDSAKey()
	if err != nil || k == nil {
		return nil, err
	}
	return &k.PublicKey, nil
}
