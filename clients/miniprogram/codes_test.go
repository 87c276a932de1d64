package miniprogram

import (
	"testing"
)

func TestCodesJSON(t *testing.T) {
	tab, err := Codes()
	if err != nil {
		t.Fatalf("codes.json does not parse as the documented schema: %v", err)
	}
	if tab.Version != 1 {
		t.Errorf("version = %d, want 1", tab.Version)
	}
	kinds := map[string]bool{"usersig": true, "account": true, "privatemapkey": true, "roomsig": true, "pusher-error": true, "pusher-state": true}
	seen := map[string]bool{}
	for i, e := range tab.Codes {
		if e.Code == "" {
			t.Errorf("entry %d has no code", i)
			continue
		}
		if seen[e.Code] {
			t.Errorf("code %s appears twice", e.Code)
		}
		seen[e.Code] = true
		if !kinds[e.Kind] {
			t.Errorf("code %s: kind %q is not one of the documented kinds", e.Code, e.Kind)
		}
		for name, v := range map[string]Text{"title": e.Title, "cause": e.Cause, "fix": e.Fix} {
			if v.En == "" || v.Zh == "" {
				t.Errorf("code %s: %s lacks en or zh", e.Code, name)
			}
		}
	}
	// The codes issue 9 and docs/troubleshooting.md name must all be explained.
	for _, c := range []string{"-100018", "70001", "70003", "70009", "70013", "70014", "70016", "70020",
		"-100006", "roomsig_80", "roomsig_82", "roomsig_86", "roomsig_87", "roomsig_88", "roomsig_failed",
		"-1301", "-1302", "-1307", "1018", "1019", "1020", "1021", "1031", "1032", "1033", "1034", "5000"} {
		if !seen[c] {
			t.Errorf("code %s is missing", c)
		}
	}
}
