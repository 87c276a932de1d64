// Package excerpt quotes text a caller or an operator supplied for an error message, cut short
// so that an error never echoes a large input back.
package excerpt

import (
	"strconv"
	"unicode/utf8"
)

// MaxBytes is the most of the text Quote keeps.
const MaxBytes = 64

// Quote returns s quoted as Go quotes strings, cut to at most MaxBytes bytes on a character
// boundary, with "…" after the quote when it was cut.
func Quote(s string) string {
	if len(s) <= MaxBytes {
		return strconv.Quote(s)
	}
	cut := MaxBytes
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return strconv.Quote(s[:cut]) + "…"
}
