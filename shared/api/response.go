package api

import (
	"bytes"
	"net/http"
	"strconv"
	"sync"
	"unicode/utf8"
)

// jsonObject appends one JSON object to a pooled buffer, member by member,
// in the order written: the answers of the ticket routes are written this
// way rather than by encoding/json's reflection (it was an eighth of a
// request's time in the Handler; BenchmarkHandler, internal/benchmark).
// Strings are escaped exactly as encoding/json escapes them with HTML
// escaping off (see appendJSONString); the tests decode every answer.
type jsonObject struct{ b []byte }

var jsonObjects = sync.Pool{New: func() any { return &jsonObject{b: make([]byte, 0, 2048)} }}

func newJSONObject() *jsonObject {
	o := jsonObjects.Get().(*jsonObject)
	o.b = append(o.b[:0], '{')
	return o
}

func (o *jsonObject) name(n string) {
	if len(o.b) > 1 {
		o.b = append(o.b, ',')
	}
	o.b = append(o.b, '"')
	o.b = append(o.b, n...)
	o.b = append(o.b, '"', ':')
}

func (o *jsonObject) str(name, v string) {
	o.name(name)
	o.b = appendJSONString(o.b, v)
}

// strOmit writes v unless it is empty (omitempty).
func (o *jsonObject) strOmit(name, v string) {
	if v != "" {
		o.str(name, v)
	}
}

func (o *jsonObject) uint(name string, v uint64) {
	o.name(name)
	o.b = strconv.AppendUint(o.b, v, 10)
}

func (o *jsonObject) int(name string, v int64) {
	o.name(name)
	o.b = strconv.AppendInt(o.b, v, 10)
}

// strs writes a list of strings.
func (o *jsonObject) strs(name string, vs []string) {
	o.name(name)
	if vs == nil {
		o.b = append(o.b, "null"...)
		return
	}
	o.b = append(o.b, '[')
	for i, v := range vs {
		if i > 0 {
			o.b = append(o.b, ',')
		}
		o.b = appendJSONString(o.b, v)
	}
	o.b = append(o.b, ']')
}

// strsOmit writes vs unless it is empty (omitempty).
func (o *jsonObject) strsOmit(name string, vs []string) {
	if len(vs) > 0 {
		o.strs(name, vs)
	}
}

// The answers of the ticket routes. Each struct's tags are its JSON shape
// (TestResponsesEncodeAsEncodingJSON holds the hand-written encoders to
// them), and each writes itself by hand.

func (r *userSigResponse) encode(o *jsonObject) {
	o.uint("sdkAppId", r.SDKAppID)
	o.str("userId", r.UserID)
	o.str("userSig", r.UserSig)
	o.int("expire", r.Expire)
	o.str("expiresAt", r.ExpiresAt)
	o.str("serverTime", r.ServerTime)
	o.strsOmit("warnings", r.Warnings)
}

func (r *privateMapKeyResponse) encode(o *jsonObject) {
	o.uint("sdkAppId", r.SDKAppID)
	o.str("userId", r.UserID)
	if r.RoomID != 0 {
		o.uint("roomId", uint64(r.RoomID))
	}
	o.strOmit("strRoomId", r.StrRoomID)
	o.uint("privilegeMap", uint64(r.PrivilegeMap))
	o.strs("privileges", r.Privileges)
	o.str("privateMapKey", r.PrivateMapKey)
	o.int("expire", r.Expire)
	o.str("expiresAt", r.ExpiresAt)
	o.str("serverTime", r.ServerTime)
	o.strsOmit("warnings", r.Warnings)
}

func (r *roomURLResponse) encode(o *jsonObject) error {
	o.str("flow", string(r.Flow))
	o.uint("sdkAppId", r.SDKAppID)
	o.str("userId", r.UserID)
	if r.RoomID != 0 {
		o.uint("roomId", uint64(r.RoomID))
	}
	o.strOmit("strRoomId", r.StrRoomID)
	o.strOmit("pushUrl", r.PushURL)
	if r.RoomSigRequest != nil {
		// The roomsig flow's request, rare: encoding/json writes it.
		jb := jsonBuffers.Get().(*jsonBuffer)
		err := jb.enc.Encode(r.RoomSigRequest)
		if err == nil {
			o.raw("roomSigRequest", bytes.TrimSuffix(jb.buf.Bytes(), []byte("\n")))
		}
		jb.buf.Reset() // the pool holds empty buffers (writeJSON)
		jsonBuffers.Put(jb)
		if err != nil {
			return err
		}
	}
	o.strOmit("userSig", r.UserSig)
	o.strOmit("privateMapKey", r.PrivateMapKey)
	if r.PrivilegeMap != 0 {
		o.uint("privilegeMap", uint64(r.PrivilegeMap))
	}
	o.strsOmit("privileges", r.Privileges)
	o.strOmit("expiresAt", r.ExpiresAt)
	o.strOmit("userSigExpiresAt", r.UserSigExpiresAt)
	o.strOmit("privateMapKeyExpiresAt", r.PrivateMapKeyExpiresAt)
	o.str("serverTime", r.ServerTime)
	o.strsOmit("warnings", r.Warnings)
	return nil
}

// writeUserSig, writePrivateMapKey and writeRoomURL answer 200 with r.
func writeUserSig(w http.ResponseWriter, r *userSigResponse) {
	o := newJSONObject()
	r.encode(o)
	o.write(w, http.StatusOK)
}

func writePrivateMapKey(w http.ResponseWriter, r *privateMapKeyResponse) {
	o := newJSONObject()
	r.encode(o)
	o.write(w, http.StatusOK)
}

func writeRoomURL(w http.ResponseWriter, r *roomURLResponse) {
	o := newJSONObject()
	if err := r.encode(o); err != nil {
		writeJSON(w, http.StatusOK, r) // encoding/json says what went wrong
		return
	}
	o.write(w, http.StatusOK)
}

// raw writes v, JSON text already.
func (o *jsonObject) raw(name string, v []byte) {
	o.name(name)
	o.b = append(o.b, v...)
}

// write answers status with the object, as writeJSON does, and returns the
// buffer to the pool.
func (o *jsonObject) write(w http.ResponseWriter, status int) {
	o.b = append(o.b, '}', '\n')
	h := w.Header()
	h["Content-Type"], h["Cache-Control"], h["X-Content-Type-Options"] = headerJSON, headerNoStore, headerNoSniff
	w.WriteHeader(status)
	_, _ = w.Write(o.b)
	if cap(o.b) <= 64<<10 {
		jsonObjects.Put(o)
	}
}

// appendJSONString appends s as a JSON string the way encoding/json writes it
// with HTML escaping off: ", \ and the control characters escaped (\b \f \n
// \r \t by name, the others as \u00XX), invalid UTF-8 as \ufffd, and U+2028
// and U+2029 as \u2028 and \u2029 (JavaScript reads them as line ends).
func appendJSONString(dst []byte, s string) []byte { return appendQuoted(dst, s, true) }

func appendUint(dst []byte, n uint64) []byte { return strconv.AppendUint(dst, n, 10) }

// plain marks the bytes a JSON string holds as they are.
var plain = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// appendQuoted is appendJSONString, and slog's quoting when namedBF is false
// (\b and \f as \u0008 and \u000c).
func appendQuoted(dst []byte, s string, namedBF bool) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if plain[c] {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			dst = append(dst, s[start:i]...)
			switch {
			case c == '"' || c == '\\':
				dst = append(dst, '\\', c)
			case c == '\b' && namedBF:
				dst = append(dst, '\\', 'b')
			case c == '\f' && namedBF:
				dst = append(dst, '\\', 'f')
			case c == '\n':
				dst = append(dst, '\\', 'n')
			case c == '\r':
				dst = append(dst, '\\', 'r')
			case c == '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&15])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hex[r&15])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
