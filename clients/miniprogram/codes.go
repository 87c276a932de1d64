// Package miniprogram exists so the Go side (the console) can embed the same table of TRTC's
// codes that the mini-program kit's explain() reads: codes.json, one entry per code with its
// title, cause and fix in English and Chinese. The kit itself is the npm package in this folder;
// this Go package holds the table's bytes and its schema (Codes), nothing else.
package miniprogram

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
)

// CodesJSON is codes.json as committed: {"version":1,"codes":[{"code","kind","title","cause","fix"}]},
// where title, cause and fix are each {"en","zh"} and code is TRTC's code as text ("-100018",
// "70001", "roomsig_86", "-1307", "1021").
//
//go:embed codes.json
var CodesJSON []byte

// Text is one phrase in both of the languages TRTC's users read.
type Text struct {
	En string `json:"en"`
	Zh string `json:"zh"`
}

// Code is one entry of the table.
type Code struct {
	Code  string `json:"code"`
	Kind  string `json:"kind"`
	Title Text   `json:"title"`
	Cause Text   `json:"cause"`
	Fix   Text   `json:"fix"`
}

// Table is codes.json read as its schema.
type Table struct {
	Version int    `json:"version"`
	About   string `json:"about"`
	Codes   []Code `json:"codes"`
}

// Codes reads CodesJSON; a member the schema does not have is an error.
func Codes() (*Table, error) {
	dec := json.NewDecoder(bytes.NewReader(CodesJSON))
	dec.DisallowUnknownFields()
	var t Table
	if err := dec.Decode(&t); err != nil {
		return nil, fmt.Errorf("clients/miniprogram/codes.json: %w", err)
	}
	return &t, nil
}
