package faas

import (
	"bytes"
	"encoding/json"
	"strings"
)

// The oracle is a second reading of the event rules (detectAWS's and
// detectSCF's docs), for the fuzz targets. It shares no code with the
// classifier: values come from encoding/json's generic decoding, member
// names from a token scanner of its own, and the platform members from its
// own list.

// oracleMembers are the names no request body holds (the oracle's copy).
var oracleMembers = strings.Fields(`userInfo httpMethod requestContext headers multiValueHeaders headerParameters
	path pathParameters rawPath queryString queryStringParameters multiValueQueryStringParameters rawQueryString
	stageVariables routeKey version body isBase64Encoded cookies resource Records Type TriggerName detail-type source`)

// oracleTop decodes event as the rules read it: one JSON object, or nil.
func oracleTop(event []byte) map[string]any {
	if !json.Valid(event) {
		return nil
	}
	var v any
	if json.Unmarshal(event, &v) != nil {
		return nil
	}
	m, _ := v.(map[string]any)
	return m
}

// oracleDistinct reports whether the object at path in event (member
// names from the top) gives no two names that are equal under Unicode case
// folding; exact repeats count, which a decoded map would hide.
func oracleDistinct(event []byte, path ...string) bool {
	names := oracleNames(event, path)
	for i := range names {
		for j := i + 1; j < len(names); j++ {
			if strings.EqualFold(names[i], names[j]) {
				return false
			}
		}
	}
	return true
}

// oracleNames scans event's tokens with an explicit stack and returns the
// member names of every object whose path is path.
func oracleNames(event []byte, path []string) []string {
	type frame struct {
		object  bool
		wantKey bool
		key     string
	}
	var stack []frame
	at := func() bool { // whether a value starting now sits at path
		if len(stack) != len(path) {
			return false
		}
		for i, f := range stack {
			if !f.object || f.key != path[i] {
				return false
			}
		}
		return true
	}
	var names []string
	inTarget := []bool{}
	dec := json.NewDecoder(bytes.NewReader(event))
	valueDone := func() {
		if n := len(stack); n > 0 && stack[n-1].object {
			stack[n-1].wantKey = true
		}
	}
	for {
		tok, err := dec.Token()
		if err != nil {
			return names
		}
		if n := len(stack); n > 0 && stack[n-1].object && stack[n-1].wantKey {
			if d, ok := tok.(json.Delim); ok && d == '}' {
				stack, inTarget = stack[:n-1], inTarget[:n-1]
				valueDone()
				continue
			}
			k, _ := tok.(string)
			stack[n-1].key, stack[n-1].wantKey = k, false
			if inTarget[n-1] {
				names = append(names, k)
			}
			continue
		}
		switch tok {
		case json.Delim('{'):
			target := at()
			stack = append(stack, frame{object: true, wantKey: true})
			inTarget = append(inTarget, target)
		case json.Delim('['):
			stack = append(stack, frame{})
			inTarget = append(inTarget, false)
		case json.Delim(']'):
			stack, inTarget = stack[:len(stack)-1], inTarget[:len(inTarget)-1]
			valueDone()
		default:
			valueDone()
		}
	}
}

// oracleObject returns m[name] as an object when it is one with distinct
// names at path.
func oracleObject(event []byte, m map[string]any, name string, path ...string) (map[string]any, bool) {
	o, ok := m[name].(map[string]any)
	return o, ok && oracleDistinct(event, path...)
}

// oraclePlatform reports whether m has a platform member, in any case.
func oraclePlatform(m map[string]any) bool {
	for k := range m {
		for _, p := range oracleMembers {
			if strings.EqualFold(k, p) {
				return true
			}
		}
	}
	return false
}
