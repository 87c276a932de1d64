package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/ticketbooth/ticketbooth/internal/excerpt"
)

// bodyMembers is a request body read once: which members it holds and
// where each one's value lies. The values are read from there into the
// typed request (body.go), each exactly once.
type bodyMembers struct {
	body []byte
	has  member
	at   [numMembers][2]int32 // start and end of each value in body
}

// value returns the JSON text of member m, which the body holds.
func (b *bodyMembers) value(m member) []byte {
	at := b.at[m.index()]
	return b.body[at[0]:at[1]]
}

// readMembers reads body as exactly one JSON object whose members are among
// allowed. encoding/json checks the syntax (json.Valid), so the walk below
// reads valid JSON only; it refuses what encoding/json would let through:
// a name outside allowed (matched exactly, not case-insensitively), a name
// given twice. Errors name the member and say how to fix it.
func readMembers(body []byte, allowed member) (bodyMembers, error) {
	b := bodyMembers{body: body}
	if len(bytes.TrimSpace(body)) == 0 {
		return b, errorf(CodeInvalidJSON, "the body is empty: send a JSON object, e.g. {}")
	}
	// encoding/json would turn each invalid byte into U+FFFD, issuing a
	// ticket for a user id the caller never sent.
	if !utf8.Valid(body) {
		return b, errorf(CodeInvalidJSON, "the body is not valid UTF-8: send JSON text encoded as UTF-8")
	}
	if !json.Valid(body) {
		return b, invalidJSON(body)
	}
	i := skipSpace(body, 0)
	if body[i] != '{' {
		return b, errorf(CodeInvalidJSON, "the body must be a JSON object, e.g. {}")
	}
	for i = skipSpace(body, i+1); body[i] != '}'; {
		end := stringEnd(body, i)
		key := body[i+1 : end-1]
		if bytes.IndexByte(key, '\\') >= 0 {
			s, err := decodeString(body[i:end])
			if err != nil {
				return b, errorf(CodeUnknownField, "unknown field %s: this route accepts %s", excerpt.Quote(string(key)), allowed.list())
			}
			key = []byte(s)
		}
		m := memberNamed(key)
		if m&allowed == 0 {
			return b, errorf(CodeUnknownField, "unknown field %s: this route accepts %s", excerpt.Quote(string(key)), allowed.list())
		}
		if b.has&m != 0 {
			return b, errorf(CodeInvalidJSON, "field %s is given twice: give it once", m.name())
		}
		i = skipSpace(body, skipSpace(body, end)+1) // past the colon
		end = valueEnd(body, i)
		b.has |= m
		b.at[m.index()] = [2]int32{int32(i), int32(end)}
		if i = skipSpace(body, end); body[i] == ',' {
			i = skipSpace(body, i+1)
		}
	}
	return b, nil
}

// invalidJSON says what is wrong with a body json.Valid refused: its
// syntax (encoding/json's error, or the slip a person typing JSON makes),
// or data after one whole value.
func invalidJSON(body []byte) *Error {
	dec := json.NewDecoder(bytes.NewReader(body))
	var first json.RawMessage
	if err := dec.Decode(&first); err != nil {
		return syntaxError(body, err)
	}
	if first[0] != '{' {
		return errorf(CodeInvalidJSON, "the body must be a JSON object, e.g. {}")
	}
	return errorf(CodeInvalidJSON, "unexpected data after the JSON object: send exactly one object")
}

// The walk over valid JSON: each function is given the index of a value's
// first byte and returns the index just past it.

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

func stringEnd(b []byte, i int) int {
	for i++; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return len(b)
}

func valueEnd(b []byte, i int) int {
	switch b[i] {
	case '"':
		return stringEnd(b, i)
	case '{', '[':
		depth := 0
		for ; i < len(b); i++ {
			switch b[i] {
			case '"':
				i = stringEnd(b, i) - 1
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					return i + 1
				}
			}
		}
		return len(b)
	}
	for i < len(b) {
		switch b[i] {
		case ',', '}', ']', ' ', '\t', '\r', '\n':
			return i
		}
		i++
	}
	return i
}

// forEachElement calls f with each element of the valid JSON array raw
// until f returns false.
func forEachElement(raw []byte, f func(el []byte) bool) {
	for i := skipSpace(raw, 1); raw[i] != ']'; {
		end := valueEnd(raw, i)
		if !f(raw[i:end]) {
			return
		}
		if i = skipSpace(raw, end); raw[i] == ',' {
			i = skipSpace(raw, i+1)
		}
	}
}

// errLoneSurrogate: a string escapes half of a UTF-16 surrogate pair.
var errLoneSurrogate = errors.New("a lone UTF-16 surrogate")

// decodeString returns the text of the valid JSON string literal lit. One
// with no escape is its own bytes (the body is valid UTF-8 and json.Valid
// refused control characters); encoding/json decodes the others, and a lone
// surrogate, which it would turn into U+FFFD silently, is refused.
func decodeString(lit []byte) (string, error) {
	text := lit[1 : len(lit)-1]
	if bytes.IndexByte(text, '\\') < 0 {
		return string(text), nil
	}
	var s string
	if err := json.Unmarshal(lit, &s); err != nil {
		return "", err
	}
	if strings.ContainsRune(s, utf8.RuneError) && loneSurrogate(lit) {
		return "", errLoneSurrogate
	}
	return s, nil
}

// stringMember reads member m as a JSON string.
func (b *bodyMembers) stringMember(m member, code string) (string, bool, error) {
	if b.has&m == 0 {
		return "", false, nil
	}
	raw := b.value(m)
	if raw[0] != '"' {
		return "", true, errorf(code, "%s must be a string, not %s", m.name(), jsonType(raw))
	}
	s, err := decodeString(raw)
	switch {
	case err == errLoneSurrogate:
		return "", true, errorf(code, `%s holds half of a UTF-16 surrogate pair (\uD800 to \uDFFF alone): escape a character outside the BMP as a pair, or send it as UTF-8`, m.name())
	case err != nil:
		return "", true, wrap(code, err, m.name()+" must be a valid JSON string")
	}
	return s, true, nil
}

// uintMember reads member m as a JSON integer between lo and hi.
func (b *bodyMembers) uintMember(m member, code string, lo, hi uint64) (uint64, bool, error) {
	return b.checkedUint(m, code, lo, hi, nil)
}

// checkedUint reads member m as a JSON integer that check accepts (between
// lo and hi when check is nil; lo and hi are the message's otherwise).
func (b *bodyMembers) checkedUint(m member, code string, lo, hi uint64, check func(uint64) error) (uint64, bool, error) {
	if b.has&m == 0 {
		return 0, false, nil
	}
	raw := b.value(m)
	n, ok := wholeNumber(raw)
	switch {
	case !ok:
	case check != nil:
		ok = check(n) == nil
	default:
		ok = lo <= n && n <= hi
	}
	if !ok {
		e := errorf(code, "%s must be a whole number between %d and %d", m.name(), lo, hi)
		if t := jsonType(raw); t != "a number" {
			e.Message += ", not " + t
		}
		return 0, true, e
	}
	return n, true, nil
}

// wholeNumber reads a JSON number made of digits only (no sign, fraction
// or exponent) that fits in 64 bits.
func wholeNumber(raw []byte) (uint64, bool) {
	if len(raw) == 0 {
		return 0, false
	}
	var n uint64
	for _, c := range raw {
		if c < '0' || c > '9' {
			return 0, false
		}
		d := uint64(c - '0')
		if n > (math.MaxUint64-d)/10 {
			return 0, false
		}
		n = n*10 + d
	}
	return n, true
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
func jsonType(raw []byte) string {
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
