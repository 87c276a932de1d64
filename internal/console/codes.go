package console

import (
	"fmt"
	"net/http"

	"github.com/ticketbooth/ticketbooth/clients/miniprogram"
)

// entry is one TRTC code of the kit's table.
type entry = miniprogram.Code

type codeTable struct {
	byCode map[string]entry
}

// loadCodes reads the kit's codes.json, embedded by package clients/miniprogram.
func loadCodes() (*codeTable, error) {
	doc, err := miniprogram.Codes()
	if err != nil {
		return nil, fmt.Errorf("console: %w", err)
	}
	t := &codeTable{byCode: make(map[string]entry, len(doc.Codes))}
	for _, e := range doc.Codes {
		t.byCode[e.Code] = e
	}
	return t, nil
}

// explain returns the entries of codes, in order, skipping any the table lacks.
func (t *codeTable) explain(codes []string) []entry {
	out := make([]entry, 0, len(codes))
	for _, c := range codes {
		if e, ok := t.byCode[c]; ok {
			out = append(out, e)
		}
	}
	return out
}

// codesFile answers the table itself, byte for byte: the page's Explain box reads it.
func (h *handler) codesFile(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, _ = w.Write(miniprogram.CodesJSON)
}
