package faas

import (
	"encoding/json"
	"testing"
)

// readObject splits an event into its members without decoding them: names unescaped as
// encoding/json unescapes them, values the very bytes of the event; without rebuilds the rest.
func TestReadObjectMembers(t *testing.T) {
	event := []byte(` { "b" : {"x" : [1, "}"] } , "\u0075serInfo":{"openId":"o\"1"}, "a":"\u00e9" ,"n":-1.5e3,"t":true} `)
	o, err := readObject(event)
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{"b": `{"x" : [1, "}"] }`, "userInfo": `{"openId":"o\"1"}`, "a": `"\u00e9"`, "n": `-1.5e3`, "t": `true`} {
		if got := string(o[name]); got != want {
			t.Errorf("member %s = %q, want %q", name, got, want)
		}
	}
	if ui, ok := o.obj("userInfo"); !ok {
		t.Error("userInfo is an object")
	} else if id, _ := ui.str("openId"); id != `o"1` {
		t.Errorf("openId = %q", id)
	}
	if a, _ := o.str("a"); a != "é" {
		t.Errorf("a = %q", a)
	}
	body := o.without("userInfo")
	if want := `{"a":"\u00e9","b":{"x" : [1, "}"] },"n":-1.5e3,"t":true}`; string(body) != want || !json.Valid(body) {
		t.Errorf("without userInfo = %s, want %s", body, want)
	}
	for _, bad := range []string{`{"a":1,"A":2}`, `{"userInfo":1,"\u0055serInfo":2}`, `{"a":1} {}`, `[1]`, `{"a":}`, ``} {
		if _, err := readObject([]byte(bad)); err == nil {
			t.Errorf("readObject(%q) accepted it", bad)
		}
	}
}
