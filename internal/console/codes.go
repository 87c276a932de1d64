package console

import (
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/ticketbooth/ticketbooth/clients/miniprogram"
)

// text is one phrase in both of the languages TRTC's users read.
type text struct {
	En string `json:"en"`
	Zh string `json:"zh"`
}

// entry is one TRTC code of the kit's table.
type entry struct {
	Code  string `json:"code"`
	Kind  string `json:"kind"`
	Title text   `json:"title"`
	Cause text   `json:"cause"`
	Fix   text   `json:"fix"`
}

type codeTable struct {
	byCode map[string]entry
}

// loadCodes reads the kit's codes.json, embedded by package clients/miniprogram.
func loadCodes() (*codeTable, error) {
	var doc struct {
		Codes []entry `json:"codes"`
	}
	if err := json.Unmarshal(miniprogram.CodesJSON, &doc); err != nil {
		return nil, fmt.Errorf("console: clients/miniprogram/codes.json: %w", err)
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
