package excerpt_test

import (
	"strings"
	"testing"

	"github.com/ticketbooth/ticketbooth/internal/excerpt"
)

func TestQuote(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"short", "abc", `"abc"`},
		{"control bytes escaped", "a\nb\"", `"a\nb\""`},
		{"exactly the limit", strings.Repeat("a", 64), `"` + strings.Repeat("a", 64) + `"`},
		{"one byte over", strings.Repeat("a", 65), `"` + strings.Repeat("a", 64) + `"…`},
		{"cut on a character boundary", strings.Repeat("a", 63) + "é", `"` + strings.Repeat("a", 63) + `"…`},
		{"invalid UTF-8 escaped", "\xff", `"\xff"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := excerpt.Quote(tt.in); got != tt.want {
				t.Errorf("Quote(%q) = %s, want %s", tt.in, got, tt.want)
			}
		})
	}
}
