package faas

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// object is one JSON object of an event, read with exact member names.
type object map[string]json.RawMessage

// errNotObject and errDuplicate are why readObject refuses an event.
var (
	errNotObject = errors.New("is not one JSON object")
	errDuplicate = errors.New("gives a member name twice (or in two cases)")
)

// readObject reads data as exactly one JSON object, without decoding its
// values: each member's value is the slice of data it spans, read again only
// if it is asked for (obj, str), so an event is scanned, not decoded, before
// its shape is known; serving it decodes it once. Names are kept as they are
// (unescaped as encoding/json unescapes them), so a lookup matches exactly
// (encoding/json would match "UserInfo" or "uſerInfo" for userInfo). Two
// names that are equal under Unicode case folding are refused: encoding/json,
// which decodes the event's shape later, would read them as one field and
// keep the last.
func readObject(data []byte) (object, error) {
	if !json.Valid(data) {
		return nil, errNotObject
	}
	return splitObject(data)
}

// splitObject is readObject on data already known to be valid JSON (the
// value of a member of a valid event): its structure needs no checks, only
// its names do.
func splitObject(data []byte) (object, error) {
	i := skipSpace(data, 0)
	if i == len(data) || data[i] != '{' {
		return nil, errNotObject
	}
	out := object{}
	var names []string
	for i = skipSpace(data, i+1); data[i] != '}'; i = skipSpace(data, i) {
		if data[i] == ',' {
			i = skipSpace(data, i+1)
		}
		end := valueEnd(data, i) // the name, a string
		name, err := unquote(data[i:end])
		if err != nil {
			return nil, errNotObject
		}
		for _, n := range names {
			if strings.EqualFold(n, name) {
				return nil, errDuplicate
			}
		}
		names = append(names, name)
		i = skipSpace(data, skipSpace(data, end)+1) // past the ':'
		end = valueEnd(data, i)
		out[name] = json.RawMessage(data[i:end:end])
		i = end
	}
	return out, nil
}

// skipSpace returns the index of the first byte at or after i that is not
// JSON white space.
func skipSpace(data []byte, i int) int {
	for i < len(data) && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r') {
		i++
	}
	return i
}

// valueEnd returns the index just past the value starting at data[i], in
// valid JSON: a string to its closing quote, an object or array to its
// closing bracket, a number or literal to the next delimiter.
func valueEnd(data []byte, i int) int {
	depth := 0
	for ; i < len(data); i++ {
		switch c := data[i]; c {
		case '"':
			for i++; data[i] != '"'; i++ {
				if data[i] == '\\' {
					i++
				}
			}
			if depth == 0 {
				return i + 1
			}
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				return i + 1
			}
			if depth < 0 {
				return i // the end of the enclosing object: a literal before it
			}
		case ',', ' ', '\t', '\n', '\r':
			if depth == 0 {
				return i
			}
		}
	}
	return i
}

// unquote returns the text of a valid JSON string as encoding/json decodes
// it: bytes as they are when they need nothing done (no escape, ASCII),
// else through encoding/json (escapes, and invalid UTF-8 as U+FFFD).
func unquote(raw []byte) (string, error) {
	inner := raw[1 : len(raw)-1]
	for _, c := range inner {
		if c == '\\' || c >= 0x80 {
			var s string
			err := json.Unmarshal(raw, &s)
			return s, err
		}
	}
	return string(inner), nil
}

// without returns the object without member name, as JSON: the other
// members' values as they came, their names in sorted order. A WeChat cloud
// call's body is the event without the platform's userInfo.
func (o object) without(name string) []byte {
	names := make([]string, 0, len(o))
	size := 2
	for n, v := range o {
		if n != name {
			names = append(names, n)
			size += len(n) + len(v) + 4
		}
	}
	slices.Sort(names)
	out := make([]byte, 0, size)
	out = append(out, '{')
	for i, n := range names {
		if i > 0 {
			out = append(out, ',')
		}
		q, _ := json.Marshal(n) // a string always encodes
		out = append(append(append(out, q...), ':'), o[n]...)
	}
	return append(out, '}')
}

// obj returns member name as an object; ok is false when it is absent or
// is not an object with distinct names.
func (o object) obj(name string) (object, bool) {
	raw, ok := o[name]
	if !ok {
		return nil, false
	}
	m, err := splitObject(raw)
	return m, err == nil
}

// str returns member name as a string; ok is false when it is absent or
// not a JSON string.
func (o object) str(name string) (string, bool) {
	raw, ok := o[name]
	if !ok || len(raw) == 0 || raw[0] != '"' {
		return "", false
	}
	s, err := unquote(raw)
	return s, err == nil
}

// platformMembers name the top-level members of the events platforms send
// (gateways, function URLs, CloudBase HTTP access, WeChat cloud calls, timer
// and queue triggers). No request body has them, so an event holding one
// (in any case) that is not a recognised shape is refused rather than taken
// for a direct invocation: it came from something this function does not
// know, with an identity nobody checked.
var platformMembers = []string{
	"userInfo", "httpMethod", "requestContext", "headers", "multiValueHeaders", "headerParameters",
	"path", "pathParameters", "rawPath", "queryString", "queryStringParameters",
	"multiValueQueryStringParameters", "rawQueryString", "stageVariables", "routeKey", "version",
	"body", "isBase64Encoded", "cookies", "resource", "Records", "Type", "TriggerName", "detail-type", "source",
}

// platformMember returns the first member of o whose name equals a
// platform member's under Unicode case folding, or "".
func (o object) platformMember() string {
	for name := range o {
		for _, p := range platformMembers {
			if strings.EqualFold(name, p) {
				return p
			}
		}
	}
	return ""
}

// unrecognised is the answer to an event no shape matches: the direct
// invocation's error body, saying what the function takes.
func unrecognised(why string) []byte {
	msg := fmt.Sprintf("the event is not one this function takes (%s): send an API Gateway event, a WeChat cloud call, "+
		"or invoke it directly with the request body itself (a JSON object such as {\"userId\":\"alice\"})", why)
	b, _ := json.Marshal(map[string]any{"error": map[string]string{"code": "bad_request", "message": msg}})
	return b
}
