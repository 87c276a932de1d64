package tlssig

import (
	"fmt"
	"unicode/utf16"
	"unicode/utf8"
)

// The ticket document is a flat JSON object of at most a dozen known
// fields whose values are strings or non-negative integers. A small strict
// reader (rather than encoding/json) decodes it: it costs no allocation,
// and it refuses what encoding/json would quietly accept and Tencent's
// libraries would then read differently — duplicate fields (encoding/json
// keeps the last), fields matched case-insensitively, unknown fields,
// invalid UTF-8 (replaced by U+FFFD), lone surrogates, numbers with
// fractions or signs, nested values and trailing data.

type fieldID uint8

const (
	fVer         fieldID = iota // v2 "2.0"
	fIdentifier                 // both
	fSDKAppID2                  // v2 TLS.sdkappid (number)
	fExpire                     // v2 TLS.expire (number)
	fTime                       // v2 number, v1 string
	fUserbuf                    // both, base64
	fSig                        // both, base64
	fAccountType                // v1
	fAppidAt3rd                 // v1
	fExpireAfter                // v1
	fSDKAppID1                  // v1 TLS.sdk_appid
	fVersion                    // v1 TLS.version (not signed)
	numFields
)

var fieldNames = [numFields]string{
	fVer: "TLS.ver", fIdentifier: "TLS.identifier", fSDKAppID2: "TLS.sdkappid", fExpire: "TLS.expire",
	fTime: "TLS.time", fUserbuf: "TLS.userbuf", fSig: "TLS.sig", fAccountType: "TLS.account_type",
	fAppidAt3rd: "TLS.appid_at_3rd", fExpireAfter: "TLS.expire_after", fSDKAppID1: "TLS.sdk_appid",
	fVersion: "TLS.version",
}

func lookupField(key []byte) (fieldID, bool) {
	for i, n := range fieldNames {
		if string(key) == n {
			return fieldID(i), true
		}
	}
	return 0, false
}

// value is one field as read: a string (unescaped) or an integer.
type value struct {
	set   bool
	isStr bool
	str   []byte // aliases the document or the unescape buffer
	num   uint64
}

type fields [numFields]value

func jsonErr(format string, args ...any) error {
	return errorf(ErrMalformed, "ticket document: "+format, args...)
}

// parseDocument reads doc into f. Unescaped strings go to *scratch, which
// is grown once to len(doc) so the slices into it stay valid.
func parseDocument(doc []byte, f *fields, scratch *[]byte) error {
	if cap(*scratch) < len(doc) {
		*scratch = make([]byte, 0, len(doc))
	}
	sbuf := (*scratch)[:0]
	i := skipSpace(doc, 0)
	if i >= len(doc) || doc[i] != '{' {
		return jsonErr("not a JSON object")
	}
	i = skipSpace(doc, i+1)
	if i < len(doc) && doc[i] == '}' {
		i++
	} else {
		for {
			if i >= len(doc) || doc[i] != '"' {
				return jsonErr("expected a field name at byte %d", i)
			}
			ks := i + 1
			ke := ks
			for ke < len(doc) && doc[ke] != '"' && doc[ke] != '\\' && doc[ke] >= 0x20 {
				ke++
			}
			if ke >= len(doc) || doc[ke] != '"' {
				return jsonErr("field name at byte %d is not a plain string", i)
			}
			id, ok := lookupField(doc[ks:ke])
			if !ok {
				return jsonErr("unknown field %q", truncate(doc[ks:ke]))
			}
			if f[id].set {
				return jsonErr("field %s appears twice", fieldNames[id])
			}
			i = skipSpace(doc, ke+1)
			if i >= len(doc) || doc[i] != ':' {
				return jsonErr("expected ':' after %s", fieldNames[id])
			}
			i = skipSpace(doc, i+1)
			if i >= len(doc) {
				return jsonErr("truncated at %s", fieldNames[id])
			}
			v := &f[id]
			v.set = true
			switch c := doc[i]; {
			case c == '"':
				var s []byte
				var err error
				s, sbuf, i, err = readString(doc, i+1, sbuf)
				if err != nil {
					return jsonErr("field %s: %v", fieldNames[id], err)
				}
				v.isStr, v.str = true, s
			case c >= '0' && c <= '9':
				var err error
				v.num, i, err = readUint(doc, i)
				if err != nil {
					return jsonErr("field %s: %v", fieldNames[id], err)
				}
			default:
				return jsonErr("field %s must be a string or a non-negative integer", fieldNames[id])
			}
			i = skipSpace(doc, i)
			if i >= len(doc) {
				return jsonErr("truncated after %s", fieldNames[id])
			}
			if doc[i] == '}' {
				i++
				break
			}
			if doc[i] != ',' {
				return jsonErr("expected ',' or '}' after %s", fieldNames[id])
			}
			i = skipSpace(doc, i+1)
		}
	}
	if skipSpace(doc, i) != len(doc) {
		return jsonErr("data after the JSON object")
	}
	*scratch = sbuf
	return nil
}

func truncate(b []byte) string {
	if len(b) > 40 {
		return string(b[:40]) + "…"
	}
	return string(b)
}

func skipSpace(doc []byte, i int) int {
	for i < len(doc) {
		switch doc[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// readUint reads a JSON integer without sign, fraction or exponent.
func readUint(doc []byte, i int) (uint64, int, error) {
	start := i
	var n uint64
	for i < len(doc) && doc[i] >= '0' && doc[i] <= '9' {
		d := uint64(doc[i] - '0')
		if n > (1<<64-1-d)/10 {
			return 0, i, fmt.Errorf("number too large")
		}
		n = n*10 + d
		i++
	}
	if doc[start] == '0' && i-start > 1 {
		return 0, i, fmt.Errorf("number has a leading zero")
	}
	if i < len(doc) && (doc[i] == '.' || doc[i] == 'e' || doc[i] == 'E') {
		return 0, i, fmt.Errorf("number is not an integer")
	}
	return n, i, nil
}

// readString reads the JSON string whose opening quote is at i-1. Without
// escapes the result aliases doc; otherwise it is appended to sbuf.
func readString(doc []byte, i int, sbuf []byte) (s, sbufOut []byte, next int, err error) {
	start := i
	for i < len(doc) {
		c := doc[i]
		if c == '"' {
			s = doc[start:i]
			if !utf8.Valid(s) {
				return nil, sbuf, i, fmt.Errorf("string is not valid UTF-8")
			}
			return s, sbuf, i + 1, nil
		}
		if c == '\\' {
			break
		}
		if c < 0x20 {
			return nil, sbuf, i, fmt.Errorf("control character in string")
		}
		i++
	}
	if i >= len(doc) {
		return nil, sbuf, i, fmt.Errorf("unterminated string")
	}
	// Slow path: unescape into sbuf.
	off := len(sbuf)
	sbuf = append(sbuf, doc[start:i]...)
	for i < len(doc) {
		c := doc[i]
		switch {
		case c == '"':
			s = sbuf[off:]
			if !utf8.Valid(s) {
				return nil, sbuf, i, fmt.Errorf("string is not valid UTF-8")
			}
			return s, sbuf, i + 1, nil
		case c < 0x20:
			return nil, sbuf, i, fmt.Errorf("control character in string")
		case c != '\\':
			sbuf = append(sbuf, c)
			i++
			continue
		}
		if i+1 >= len(doc) {
			break
		}
		e := doc[i+1]
		i += 2
		switch e {
		case '"', '\\', '/':
			sbuf = append(sbuf, e)
		case 'b':
			sbuf = append(sbuf, '\b')
		case 'f':
			sbuf = append(sbuf, '\f')
		case 'n':
			sbuf = append(sbuf, '\n')
		case 'r':
			sbuf = append(sbuf, '\r')
		case 't':
			sbuf = append(sbuf, '\t')
		case 'u':
			r, ok := readHex4(doc, i)
			if !ok {
				return nil, sbuf, i, fmt.Errorf("bad \\u escape")
			}
			i += 4
			if utf16.IsSurrogate(r) {
				var r2 rune
				if i+6 <= len(doc) && doc[i] == '\\' && doc[i+1] == 'u' {
					r2, ok = readHex4(doc, i+2)
				} else {
					ok = false
				}
				r = utf16.DecodeRune(r, r2)
				if !ok || r == utf8.RuneError {
					return nil, sbuf, i, fmt.Errorf("lone surrogate in \\u escape")
				}
				i += 6
			}
			sbuf = utf8.AppendRune(sbuf, r)
		default:
			return nil, sbuf, i, fmt.Errorf("bad escape \\%c", e)
		}
	}
	return nil, sbuf, i, fmt.Errorf("unterminated string")
}

func readHex4(doc []byte, i int) (rune, bool) {
	if i+4 > len(doc) {
		return 0, false
	}
	var r rune
	for _, c := range doc[i : i+4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c -= 'a' - 10
		case c >= 'A' && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

const hexDigits = "0123456789abcdef"

// appendJSONString appends s as a JSON string escaped exactly as
// encoding/json does (HTML-safe, \b and \f short forms, U+2028/2029), so
// our documents match Tencent's byte for byte. s must be valid UTF-8.
func appendJSONString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
