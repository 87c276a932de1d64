package secrets

import (
	"fmt"
	"log/slog"
	"strconv"
	"strings"
)

// The types holding secrets print and log without them: String, Format (so
// every fmt verb, %#v included, goes through String) and LogValue (so slog's
// handlers never reflect over the fields). The methods have value receivers
// so that a value, a pointer and an element of a slice all redact. JSON
// encoding is left alone: it is how a document is written on purpose, so a
// bare []App or []APIKey given to slog's JSON handler is marshalled in full.
// Log the Document, an App or a Snapshot, never d.Apps.

// String describes the document without a secret: app ids and which keys
// are present.
func (d Document) String() string {
	var b strings.Builder
	b.WriteString("secrets.Document{apps:[")
	for i := range d.Apps {
		if i > 0 {
			b.WriteString(" ")
		}
		b.WriteString(d.Apps[i].summary())
	}
	b.WriteString("]")
	if d.JWT != nil {
		b.WriteString(" jwt:" + d.JWT.summary())
	}
	if d.WeChat != nil {
		b.WriteString(" wechat:[REDACTED]")
	}
	if len(d.APIKeys) > 0 {
		b.WriteString(" apiKeys:" + strconv.Itoa(len(d.APIKeys)))
	}
	b.WriteString("}")
	return b.String()
}

// Format makes every fmt verb print String.
func (d Document) Format(f fmt.State, verb rune) { _, _ = f.Write([]byte(d.String())) }

// LogValue logs the document's shape, no secret.
func (d Document) LogValue() slog.Value {
	ids := make([]string, len(d.Apps))
	for i := range d.Apps {
		ids[i] = strconv.FormatUint(d.Apps[i].SDKAppID, 10)
	}
	return slog.GroupValue(
		slog.String("apps", strings.Join(ids, ",")),
		slog.Bool("jwt", d.JWT != nil),
		slog.Bool("wechat", d.WeChat != nil),
		slog.Int("apiKeys", len(d.APIKeys)),
	)
}

func (a App) summary() string {
	var keys []string
	if a.SecretKey != "" {
		keys = append(keys, "hmac")
	}
	if a.ECDSAPrivateKey != "" {
		keys = append(keys, "ecdsa")
	}
	s := strconv.FormatUint(a.SDKAppID, 10) + "(" + strings.Join(keys, "+")
	if a.Default {
		s += ",default"
	}
	return s + ")"
}

// String names the app and which keys it has, never the keys.
func (a App) String() string {
	return "secrets.App{" + a.summary() + " keys:[REDACTED]}"
}

// Format makes every fmt verb print String.
func (a App) Format(f fmt.State, verb rune) { _, _ = f.Write([]byte(a.String())) }

// LogValue logs the app id and key kinds, never the keys.
func (a App) LogValue() slog.Value {
	return slog.GroupValue(
		slog.Uint64("sdkAppId", a.SDKAppID),
		slog.Bool("hmac", a.SecretKey != ""),
		slog.Bool("ecdsa", a.ECDSAPrivateKey != ""),
		slog.Bool("default", a.Default),
	)
}

func (j JWT) summary() string {
	var src []string
	if j.HS256Secret != "" {
		src = append(src, "hs256Secret")
	}
	if j.JWKSURL != "" {
		src = append(src, "jwksUrl")
	}
	return "{" + strings.Join(src, "+") + " algorithms:" + strings.Join(j.Algorithms, ",") + "}"
}

// String shows which key sources the JWT settings use, never the HS256 secret.
func (j JWT) String() string {
	return "secrets.JWT" + j.summary()
}

// Format makes every fmt verb print String.
func (j JWT) Format(f fmt.State, verb rune) { _, _ = f.Write([]byte(j.String())) }

// LogValue logs the issuer, audience and key sources, never the secret.
func (j JWT) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("issuer", j.Issuer),
		slog.String("audience", j.Audience),
		slog.Bool("hs256Secret", j.HS256Secret != ""),
		slog.Bool("jwksUrl", j.JWKSURL != ""),
	)
}

// String names the WeChat app, never its secret.
func (w WeChat) String() string {
	return "secrets.WeChat{appId:" + w.AppID + " appSecret:[REDACTED]}"
}

// Format makes every fmt verb print String.
func (w WeChat) Format(f fmt.State, verb rune) { _, _ = f.Write([]byte(w.String())) }

// LogValue logs the app id only.
func (w WeChat) LogValue() slog.Value {
	return slog.GroupValue(slog.String("appId", w.AppID))
}

// String names the key, never its digest.
func (k APIKey) String() string {
	return "secrets.APIKey{id:" + k.ID + " sha256:[REDACTED]}"
}

// Format makes every fmt verb print String.
func (k APIKey) Format(f fmt.State, verb rune) { _, _ = f.Write([]byte(k.String())) }

// LogValue logs the key's id only.
func (k APIKey) LogValue() slog.Value {
	return slog.GroupValue(slog.String("id", k.ID), slog.String("role", k.Role))
}

// String describes the snapshot's version and documents, no secret.
func (s Snapshot) String() string {
	return fmt.Sprintf("secrets.Snapshot{version:%q fetchedAt:%s current:%s previous:%s}",
		s.Version, s.FetchedAt.UTC().Format("2006-01-02T15:04:05Z"), s.Current, s.Previous)
}

// Format makes every fmt verb print String.
func (s Snapshot) Format(f fmt.State, verb rune) { _, _ = f.Write([]byte(s.String())) }

// LogValue logs the version and fetch time, no secret.
func (s Snapshot) LogValue() slog.Value {
	attrs := []slog.Attr{slog.String("version", s.Version), slog.Time("fetchedAt", s.FetchedAt)}
	if s.Current != nil {
		attrs = append(attrs, slog.Any("current", *s.Current))
	}
	return slog.GroupValue(append(attrs, slog.Bool("previous", s.Previous != nil))...)
}
