// Package console is the local web console of `ticketbooth serve`: a page at /console/ to
// inspect a UserSig, a PrivateMapKey, a room:// push URL or a roomsig reply (every field, the
// signatures checked against the secret document's keys, each refusal with TRTC's code and
// its fix), to make test tickets and push URLs through the API's own routes (with a QR code of
// the URL for a phone) and to look up TRTC's codes.
//
// # Where it runs
//
// Only the local server mounts it, and only on a loopback address with dev auth on (see
// Enabled): dev auth lets any caller name any user, so the console adds nothing a caller could
// not already do with curl. No function imports this package (a test in cmd/ticketbooth checks
// the import graph), so no cloud build carries it. The server's Host/Origin guard stands in
// front of it as in front of the API.
//
// # What the page gets
//
// No key ever reaches the page: signatures are checked here, and the answers carry what a
// ticket says and whether its signature matches, never a key, and never the pasted tickets
// themselves. The page is plain HTML, CSS and JavaScript embedded in the binary (no build step,
// no third-party script or font) under a Content-Security-Policy that allows only this origin's
// own script, style and requests. The QR code is drawn here, in Go, by github.com/skip2/go-qrcode
// (PNG), so the page needs no QR library. The code table is clients/miniprogram/codes.json, the
// same file the mini-program kit's explain() reads.
package console
