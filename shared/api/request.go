package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/ticketbooth/ticketbooth/internal/excerpt"
)

// fields are the top-level members of a request body, kept raw until their
// route-specific parser reads them.
type fields map[string]json.RawMessage

// parseObject reads body as exactly one JSON object and returns its members.
// It refuses anything encoding/json alone would let through: names outside
// allowed (matched exactly, not case-insensitively), a name given twice, and
// data after the object. Errors name the member and say how to fix it.
func parseObject(body []byte, allowed []string) (fields, error) {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, errorf(CodeInvalidJSON, "the body is empty: send a JSON object, e.g. {}")
	}
	// encoding/json would turn each invalid byte into U+FFFD, issuing a
	// ticket for a user id the caller never sent.
	if !utf8.Valid(body) {
		return nil, errorf(CodeInvalidJSON, "the body is not valid UTF-8: send JSON text encoded as UTF-8")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return nil, syntaxError(body, err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, errorf(CodeInvalidJSON, "the body must be a JSON object, e.g. {}")
	}
	out := make(fields)
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, syntaxError(body, err)
		}
		name, ok := tok.(string)
		if !ok {
			return nil, errorf(CodeInvalidJSON, "malformed JSON object")
		}
		if !slices.Contains(allowed, name) {
			return nil, errorf(CodeUnknownField, "unknown field %s: this route accepts %s", excerpt.Quote(name), strings.Join(allowed, ", "))
		}
		if _, dup := out[name]; dup {
			return nil, errorf(CodeInvalidJSON, "field %s is given twice: give it once", name)
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, syntaxError(body, err)
		}
		out[name] = raw
	}
	if _, err := dec.Token(); err != nil { // the closing brace
		return nil, syntaxError(body, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errorf(CodeInvalidJSON, "unexpected data after the JSON object: send exactly one object")
	}
	return out, nil
}

func syntaxError(body []byte, err error) *Error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		if hint := jsonSlip(body); hint != "" {
			return wrap(CodeInvalidJSON, err, "malformed JSON: "+hint)
		}
		return wrap(CodeInvalidJSON, err, fmt.Sprintf("malformed JSON at byte %d", se.Offset))
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return wrap(CodeInvalidJSON, err, "malformed JSON: the body ends early")
	}
	return wrap(CodeInvalidJSON, err, "malformed JSON")
}

// jsonSlip names the usual slips of JSON written by hand, which encoding/json
// reports only as an invalid character: a comment, a trailing comma before
// } or ], a single-quoted string. It looks outside strings only and returns
// "" when it finds none of them.
func jsonSlip(body []byte) string {
	inString, escaped := false, false
	for i, c := range body {
		switch {
		case inString:
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
		case c == '"':
			inString = true
		case c == '/':
			return fmt.Sprintf("a comment at byte %d: JSON has no comments, remove it", i)
		case c == '\'':
			return fmt.Sprintf("a single quote at byte %d: JSON strings take double quotes", i)
		case c == ',':
			rest := bytes.TrimLeft(body[i+1:], " \t\r\n")
			if len(rest) > 0 && (rest[0] == '}' || rest[0] == ']') {
				return fmt.Sprintf("a trailing comma at byte %d: JSON allows no comma before %c, remove it", i, rest[0])
			}
		}
	}
	return ""
}

// jsonType names the JSON type of a raw value for a "wrong type" message.
func jsonType(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return "nothing"
	}
	switch raw[0] {
	case '"':
		return "a string"
	case '{':
		return "an object"
	case '[':
		return "an array"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	default:
		return "a number"
	}
}

// uintField reads name as a JSON integer between lo and hi.
func (f fields) uintField(name, code string, lo, hi uint64) (uint64, bool, error) {
	raw, ok := f[name]
	if !ok {
		return 0, false, nil
	}
	bad := errorf(code, "%s must be a whole number between %d and %d", name, lo, hi)
	if jsonType(raw) != "a number" {
		bad.Message += ", not " + jsonType(raw)
		return 0, true, bad
	}
	n, err := strconv.ParseUint(string(bytes.TrimSpace(raw)), 10, 64)
	if err != nil || n < lo || n > hi {
		return 0, true, bad
	}
	return n, true, nil
}

// stringField reads name as a JSON string.
func (f fields) stringField(name, code string) (string, bool, error) {
	raw, ok := f[name]
	if !ok {
		return "", false, nil
	}
	if jsonType(raw) != "a string" {
		return "", true, errorf(code, "%s must be a string, not %s", name, jsonType(raw))
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", true, wrap(code, err, name+" must be a valid JSON string")
	}
	if strings.ContainsRune(s, utf8.RuneError) && loneSurrogate(raw) {
		return "", true, errorf(code, `%s holds half of a UTF-16 surrogate pair (\uD800 to \uDFFF alone): escape a character outside the BMP as a pair, or send it as UTF-8`, name)
	}
	return s, true, nil
}

// loneSurrogate reports whether the JSON string literal lit has a \u escape
// of half a surrogate pair, which encoding/json silently decodes as U+FFFD.
func loneSurrogate(lit []byte) bool {
	high := false // the previous escape was a high surrogate
	for i := 0; i < len(lit); i++ {
		if lit[i] != '\\' {
			if high {
				return true
			}
			continue
		}
		if i+5 >= len(lit) || lit[i+1] != 'u' {
			if high {
				return true
			}
			i++ // the escaped byte
			continue
		}
		v, err := strconv.ParseUint(string(lit[i+2:i+6]), 16, 16)
		i += 5
		switch {
		case err != nil:
			return false // not a \u escape encoding/json accepts; it refused the literal already
		case 0xD800 <= v && v < 0xDC00:
			if high {
				return true
			}
			high = true
		case 0xDC00 <= v && v < 0xE000:
			if !high {
				return true
			}
			high = false
		default:
			if high {
				return true
			}
		}
	}
	return high
}
