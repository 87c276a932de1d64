// Package miniprogram exists so the Go side (the console) can embed the same table of TRTC's
// codes that the mini-program kit's explain() reads: codes.json, one entry per code with its
// title, cause and fix in English and Chinese. The kit itself is the npm package in this folder;
// this Go package holds no logic beyond the table's bytes.
package miniprogram

import _ "embed"

// CodesJSON is codes.json as committed: {"version":1,"codes":[{"code","kind","title","cause","fix"}]},
// where title, cause and fix are each {"en","zh"} and code is TRTC's code as text ("-100018",
// "70001", "roomsig_86", "-1307", "1021").
//
//go:embed codes.json
var CodesJSON []byte
