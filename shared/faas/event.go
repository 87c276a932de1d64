package faas

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// object is one JSON object of an event, read with exact member names.
type object map[string]json.RawMessage

// errNotObject and errDuplicate are why readObject refuses an event.
var (
	errNotObject = errors.New("is not one JSON object")
	errDuplicate = errors.New("gives a member name twice (or in two cases)")
)

// readObject reads data as exactly one JSON object. Names are kept as they
// are, so a lookup matches exactly (encoding/json would match "UserInfo" or
// "uſerInfo" for userInfo). Two names that are equal under Unicode case
// folding are refused: encoding/json, which decodes the event's shape
// later, would read them as one field and keep the last.
func readObject(data []byte) (object, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	tok, err := dec.Token()
	if err != nil {
		return nil, errNotObject
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, errNotObject
	}
	out := object{}
	var names []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, errNotObject
		}
		name, ok := tok.(string)
		if !ok {
			return nil, errNotObject
		}
		for _, n := range names {
			if strings.EqualFold(n, name) {
				return nil, errDuplicate
			}
		}
		names = append(names, name)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, errNotObject
		}
		out[name] = raw
	}
	if _, err := dec.Token(); err != nil {
		return nil, errNotObject
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errNotObject
	}
	return out, nil
}

// obj returns member name as an object; ok is false when it is absent or
// is not an object with distinct names.
func (o object) obj(name string) (object, bool) {
	raw, ok := o[name]
	if !ok {
		return nil, false
	}
	m, err := readObject(raw)
	return m, err == nil
}

// str returns member name as a string; ok is false when it is absent or
// not a JSON string.
func (o object) str(name string) (string, bool) {
	raw, ok := o[name]
	if !ok || len(raw) == 0 || raw[0] != '"' {
		return "", false
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", false
	}
	return s, true
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
